"""The user's own settings: `settings.toml`, read with each account file, never written by Briefing.

    # ~/.config/briefing/settings.toml (Linux), ~/Library/Application Support/briefing/ (macOS)
    saved_folders = ["~/Documents/saved-pages", "/srv/team/saved-pages"]

Where the file is: `$BRIEFING_SETTINGS` when set (the file itself); else `$BRIEFING_HOME/settings.toml`
when BRIEFING_HOME is set; else `settings.toml` in the platform's user config folder. A missing
file means the defaults. A malformed one is a `SettingsError` (exit 2) naming the file, the line
and the key, as account files are refused.

`saved_folders`: folders, besides an account file's own, from which its saved pages and notes
file may be read (`~` is expanded; a relative path is relative to the settings file's folder).

`timezone`: your time zone, an IANA name such as "Asia/Shanghai". A calendar time written without
a zone (a "floating" time) is read in it, and so is a time whose zone the invite leaves
unreadable; without it, this computer's zone is used.

`email`: your address, or a list of them (e.g. email = ["zhang.san@example.com"]). An event
whose ORGANIZER is someone else is their invite: a brief attached to it changes nothing the
organiser owns (SEQUENCE, DTSTAMP).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from briefing.accounts.confinement import file_kind
from briefing.errors import AccountError

SETTINGS_FILE = "settings.toml"
_KEYS = ("saved_folders", "timezone", "email")
MAX_CONFIG_BYTES = 1024 * 1024  # settings and account files are a few KB of TOML


class SettingsError(AccountError):
    """settings.toml is malformed; the message names the file, line and key (exit 2), as an
    account file's does."""


@dataclass(frozen=True)
class Settings:
    """The user's settings; `path` is the file they were read from, or would be (it may not exist)."""

    path: str = ""
    saved_folders: tuple[Path, ...] = ()  # absolute, `~` expanded; not necessarily existing
    timezone: str = ""  # an IANA zone name, checked; "" means this computer's zone
    emails: tuple[str, ...] = ()  # the user's addresses, lower-cased


def settings_path() -> Path:
    """Where settings.toml is read from (see the module's docstring)."""
    named = os.environ.get("BRIEFING_SETTINGS")
    if named:
        return Path(named).expanduser()
    home = os.environ.get("BRIEFING_HOME")
    if home:
        return Path(home) / SETTINGS_FILE
    return Path(platformdirs.user_config_dir("briefing", appauthor=False)) / SETTINGS_FILE


def load_settings(path: str | Path | None = None) -> Settings:
    """The settings in `path` (default: `settings_path()`); the defaults when the file does not exist."""
    file = Path(path) if path is not None else settings_path()
    shown = str(file)
    try:
        text, data = read_toml(file, SettingsError)
    except FileNotFoundError:
        if path is None and os.environ.get("BRIEFING_SETTINGS"):
            raise SettingsError(shown, "no such file (BRIEFING_SETTINGS names it); check the path, or unset BRIEFING_SETTINGS") from None
        return Settings(path=shown)
    lines = text.splitlines()

    def fail(key: str, message: str) -> SettingsError:
        return SettingsError(shown, message, line=_line_of(lines, key), key=key)

    for key in data:
        if key not in _KEYS:
            raise fail(key, f"unknown setting; expected one of {', '.join(_KEYS)}")
    return Settings(path=shown, saved_folders=_folders(data.get("saved_folders", []), file.parent, fail),
                    timezone=zone_name(data.get("timezone", ""), fail), emails=_emails(data.get("email", []), fail))


def read_toml(file: Path, error: type[AccountError]) -> tuple[str, dict[str, Any]]:
    """The text and the table of a settings or account file; `error` (naming the file and the
    line) when it is not a small regular file of UTF-8 TOML. FileNotFoundError is the caller's:
    what a missing file means differs."""
    shown = str(file)
    try:
        raw = read_config_file(file)
    except FileNotFoundError:
        raise
    except NotAConfigFile as exc:
        raise error(shown, str(exc)) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise error(shown, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(shown, "is not UTF-8 text; save it as UTF-8", line=raw[: exc.start].count(b"\n") + 1) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise error(shown, f"not valid TOML: {message}", line=int(match.group(1)) if match else None) from None


class NotAConfigFile(Exception):
    """A settings or account file that is not a regular file of a sensible size."""


def read_config_file(path: Path) -> bytes:
    """The bytes of a settings or account file; NotAConfigFile for a folder, a pipe, a device or a
    file over MAX_CONFIG_BYTES (a FIFO named x.toml in a team folder must not hang `tonight`);
    OSError (FileNotFoundError...) when it cannot be read."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NotAConfigFile(f"is {file_kind(info.st_mode)}, not a file")
    if info.st_size > MAX_CONFIG_BYTES:
        raise NotAConfigFile(f"is {info.st_size / (1024 * 1024):.1f} MB; it should be a few KB of TOML")
    with path.open("rb") as handle:
        return handle.read(MAX_CONFIG_BYTES + 1)[:MAX_CONFIG_BYTES]


def _folders(value: Any, base: Path, fail: Any) -> tuple[Path, ...]:
    example = 'e.g. saved_folders = ["~/Documents/saved-pages"]'
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail("saved_folders", f"must be a list of folder paths, {example}")
    folders: list[Path] = []
    for item in value:
        if "\0" in item:
            raise fail("saved_folders", f"{item!r}: a path cannot contain a NUL character")
        try:
            folder = Path(item.strip()).expanduser()
        except RuntimeError:  # ~user that does not exist, or no home folder
            raise fail("saved_folders", f"{item!r}: its ~ cannot be expanded; write the full path") from None
        folders.append(Path(os.path.abspath(base / folder)))
    return tuple(folders)


def zone_name(value: Any, fail: Any) -> str:
    """A `timezone` setting checked: an IANA name this computer knows, or "" (this computer's
    zone); `fail(key, message)` makes the error of the file being read (settings, team file)."""
    example = 'e.g. timezone = "Asia/Shanghai"'
    if not isinstance(value, str):
        raise fail("timezone", f"must be a time zone name, {example}")
    name = value.strip()
    if not name:
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # ValueError: a path-like name such as "../x"
        raise fail("timezone", f"{name!r} is not a time zone this computer knows; give an IANA name, {example}") from None
    return name


def _emails(value: Any, fail: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and "@" in v for v in items):
        raise fail("email", 'must be your address or a list of them, e.g. email = "zhang.san@example.com"')
    return tuple(v.strip().lower().removeprefix("mailto:") for v in items)


def _line_of(lines: list[str], key: str) -> int | None:
    """The line where a top-level `key` is set (tomllib keeps no positions)."""
    for number, line in enumerate(lines, start=1):
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:  # past the top-level keys: only a table of that name is left
            return number if header.group(1).strip("\"'") == key else None
        if re.match(rf'\s*["\']?{re.escape(key)}["\']?\s*=', line):
            return number
    return None
