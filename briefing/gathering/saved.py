"""Pages saved from a browser, read into the same `Page` a fetch produces.

A saved page then takes the same parse path as a fetched one. Its URL is the one the page says it
was saved from (Chrome's "saved from url" comment, canonical link, og:url), so that provenance
points somewhere a colleague can open; otherwise its file: URI.

An account file travels (a colleague's, a team folder), so the files it names are confined
(`Confinement`): a regular file of a page type (`PAGE_SUFFIXES`; the notes file `NOTES_SUFFIXES`),
within `MAX_SAVED_BYTES`, inside the account file's folder or a folder the user lists in
settings.toml (`saved_folders`), after every symbolic link is followed. `load_account` checks it
when the account is read (exit 2); `load_saved` checks it again when the page is read, since the
file may have been replaced meanwhile (the source is then blocked).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from briefing.toolkit.decode import decode_html
from briefing.errors import FetchBlocked, FetchFailed, FetchGone
from briefing.models import Page

MAX_SAVED_BYTES = 20 * 1024 * 1024
# What a browser saves a page as (MHTML included), an API's JSON, plain text, and RSS/Atom feeds
# (news, wechat and tenders read feeds, saved ones too).
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht", ".json", ".txt", ".xml", ".rss", ".atom")
NOTES_SUFFIXES = (".md", ".markdown", ".txt")
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


class Refused(Exception):
    """A file an account file names may not be read; the message says why and what to do."""


@dataclass(frozen=True)
class Confinement:
    """Where the files an account file names may be, and what they may be."""

    account_folder: str  # resolved
    saved_folders: tuple[str, ...] = ()  # resolved, from settings.toml
    settings_path: str = "settings.toml"
    suffixes: tuple[str, ...] = PAGE_SUFFIXES
    what: str = "saved pages"
    one: str = "page"

    def for_notes(self) -> Confinement:
        return replace(self, suffixes=NOTES_SUFFIXES, what="notes files", one="notes file")

    def where(self) -> str:
        return (f"{self.what} are read only from the account file's folder ({self.account_folder}) or the folders "
                f"listed in {self.settings_path} (saved_folders)")

    def inside(self, path: Path) -> bool:
        return any(path.is_relative_to(folder) for folder in (self.account_folder, *self.saved_folders))

    def hidden(self, path: Path) -> bool:
        """Whether `path` is, or is in, a hidden file or folder (.ssh, .config...) below the folder it is in."""
        folder = next(f for f in (self.account_folder, *self.saved_folders) if path.is_relative_to(f))
        return any(part.startswith(".") for part in path.relative_to(folder).parts)

    def check(self, file: Path) -> tuple[Path, os.stat_result]:
        """The file's real path and its stat, or Refused; FileNotFoundError when there is nothing there."""
        try:
            real = file.resolve(strict=True)
            info = real.stat()
        except FileNotFoundError:
            raise
        except (OSError, RuntimeError, ValueError) as exc:  # a link loop, no permission, a NUL
            raise Refused(f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
        if not self.inside(real):
            if file.is_symlink():
                raise Refused(f"is a link to {real}; {self.where()}; copy the {self.one} there")
            leads = f"leads to {real}; " if Path(os.path.abspath(file)) != real else ""  # through a linked folder
            raise Refused(f"{leads}{self.where()}; copy the {self.one} there")
        if self.hidden(real):  # an account file kept in the home folder must not reach ~/.docker/config.json
            raise Refused(f"is {real}, a hidden file or in a hidden folder; {self.what} are never read from one")
        self.check_kind(real, info)
        if real.suffix.lower() not in self.suffixes:
            kind = f"a {real.suffix} file" if real.suffix else "a file without a suffix"
            raise Refused(f"is {kind}; {self.what} are read only as {', '.join(self.suffixes)} files")
        return real, info

    def check_new(self, file: Path) -> Path:
        """Where a file that does not exist yet (the notes `briefing note` creates) would be, or Refused."""
        try:
            folder = file.parent.resolve(strict=True)
        except FileNotFoundError:
            raise Refused(f"its folder {file.parent} does not exist; create it, or name a {self.one} in this folder") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise Refused(f"its folder cannot be used ({getattr(exc, 'strerror', None) or exc})") from None
        real = folder / file.name
        if not self.inside(real):
            raise Refused(f"{self.where()}; name a {self.one} there")
        if self.hidden(real):
            raise Refused(f"is {real}, a hidden file or in a hidden folder; {self.what} are never written to one")
        if real.suffix.lower() not in self.suffixes:
            raise Refused(f"{self.what} are written only as {', '.join(self.suffixes)} files")
        return real

    @staticmethod
    def check_kind(real: Path, info: os.stat_result) -> None:
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "a special file")
            raise Refused(f"is {kind}, not a file ({real})")
        if info.st_size > MAX_SAVED_BYTES:
            raise Refused(f"is {info.st_size / (1024 * 1024):.1f} MB; files are read up to "
                          f"{MAX_SAVED_BYTES // (1024 * 1024)} MB")


_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_CANONICAL = re.compile(
    rb"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*\bhref=[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE
)
_OG_URL = re.compile(rb"<meta\b[^>]*\bproperty=[\"']?og:url[\"']?[^>]*\bcontent=[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE)
# An HTTP response head pasted above the document, as copied from browser dev tools.
_HTTP_HEAD = re.compile(rb"\A\s*HTTP/\d(?:\.\d)?\s+\d{3}[^\n]*\n(?P<headers>(?:[!-9;-~]+:[^\n]*\n)*)\r?\n?", re.IGNORECASE)


def load_saved(path: str | Path, *, fetched_at: datetime, confine: Confinement | None = None) -> Page:
    """Read a saved page; `fetched_at` is when it was saved if known, else the file's mtime in the caller's zone.

    With `confine` (the pages of an account file) the file must still be where and what the
    account file was accepted with, else FetchBlocked; without it (a path the user typed, the
    API) any regular file within the size cap is read.
    """
    file = Path(path)
    body = _read(file, confine)
    content_type = "text/html"
    head = _HTTP_HEAD.match(body)
    if head:
        for line in head.group("headers").decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-type":
                content_type = value.strip()
        body = body[head.end():]
    if len(body.strip()) < 16:
        raise FetchFailed(str(file), "file is empty")
    text, encoding = decode_html(body, content_type)
    return Page(
        url=saved_url(body) or file.resolve().as_uri(),
        body=body,
        text=text,
        encoding=encoding,
        fetched_at=fetched_at,
        content_type=content_type.split(";")[0].strip().lower(),  # the media type, as fetched pages have it
        requested_url=str(file),
        saved_path=str(file.resolve()),
    )


def _read(file: Path, confine: Confinement | None) -> bytes:
    refused = FetchBlocked if confine is not None else FetchFailed
    try:
        if confine is not None:
            real, checked = confine.check(file)
        else:
            real, checked = file, file.stat()
            Confinement.check_kind(real, checked)
        # no link is followed now (a swap after the check fails), and a FIFO put in its place cannot hang the build
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(real, flags | (getattr(os, "O_NOFOLLOW", 0) if confine is not None else 0))
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino):
                raise Refused("was replaced while it was being read")
            Confinement.check_kind(real, opened)
            body = handle.read(MAX_SAVED_BYTES + 1)
        if len(body) > MAX_SAVED_BYTES:
            raise Refused(f"grew past {MAX_SAVED_BYTES // (1024 * 1024)} MB while it was being read")
        return body
    except Refused as exc:
        raise refused(str(file), str(exc)) from None
    except FileNotFoundError:
        raise FetchGone(str(file), "file no longer exists") from None
    except (OSError, ValueError) as exc:  # no permission, a link where the file was (O_NOFOLLOW), a NUL in the path
        raise refused(str(file), f"cannot be read: {getattr(exc, 'strerror', None) or exc}") from None


def saved_url(body: bytes) -> str | None:
    """The URL a saved page says it came from, if it says so."""
    window = body[:64 * 1024]
    for pattern in (_SAVED_FROM, _CANONICAL, _OG_URL):
        match = pattern.search(window)
        if match:
            return match.group(1).decode("ascii", "replace")
    return None
