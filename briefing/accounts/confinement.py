"""Where the files an account file names may be, and what they may be.

An account file travels (a colleague's, a team folder), so the files it names are confined: a
regular file of a page type (`PAGE_SUFFIXES`; the notes file `NOTES_SUFFIXES`), within
`MAX_SAVED_BYTES`, inside the account file's folder or a folder the user lists in settings.toml
(`saved_folders`), after every symbolic link is followed. The account is checked when it is read
(exit 2), and each saved page again when it is read (briefing.gathering.saved), since the file
may have been replaced meanwhile.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

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
            kind = file_kind(info.st_mode)
            raise Refused(f"is {kind}, not a file ({real})")
        if info.st_size > MAX_SAVED_BYTES:
            raise Refused(f"is {info.st_size / (1024 * 1024):.1f} MB; files are read up to "
                          f"{MAX_SAVED_BYTES // (1024 * 1024)} MB")


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words ("a folder", "a named pipe (FIFO)"...)."""
    return next((name for test, name in _KINDS if test(mode)), "a special file")
