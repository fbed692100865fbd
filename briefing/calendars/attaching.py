"""Put briefs on calendar events: in an .ics file, read, changed and written under the file's lock
(its original kept as FILE.bak), or on a CalDAV server. `attach` and the evening run both come
here, so a brief reaches its event the same way whichever put it there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from briefing.accounts.account import Account
from briefing.calendars import invites
from briefing.calendars.owner import Owner, load_owner
from briefing.errors import BriefingError, OutputError, UsageError
from briefing.store.files import locked, replace_keeping_backup


@dataclass(frozen=True)
class Attachment:
    """One brief for one event: the PDF itself (`brief`) or a link to it (`link`)."""

    filename: str
    names: tuple[str, ...]  # the customer's names, to find its event when no UID is given
    uid: str = ""
    brief: bytes | None = None
    link: str = ""
    recurrence: str = ""  # one occurrence of a series (RECURRENCE-ID), "" for the event itself

    @classmethod
    def of(cls, account: Account, brief: Path, *, link: str = "", uid: str = "", recurrence: str = "") -> Attachment:
        """The brief at `brief` (read now) or `link`, for the account's visit (its UID, else its names)."""
        try:
            data = None if link else brief.read_bytes()
        except OSError as exc:
            raise OutputError(f"{brief}: the brief cannot be read ({exc.strerror or exc})") from None
        return cls(brief.name, (account.company.name, *account.company.aliases),
                   uid or (account.visit.uid if account.visit else ""), data, link, recurrence)


@dataclass
class FileAttached:
    """What an .ics file got: each attachment's result or the error that stopped it, and the
    backup of the original when the file was written."""

    read: bytes = b""  # the file as it was found, under the lock
    results: list[invites.Attached | BriefingError] = field(default_factory=list)
    backup: Path | None = None


def attach_to_file(path: Path, attachments: list[Attachment], *, now: datetime, owner: Owner | None = None) -> FileAttached:
    """Every attachment onto the .ics at `path` in one read-change-write under the file's lock, so
    a colleague's `attach` or the calendar app's save meanwhile is never lost. An event that
    cannot be found fails alone; the others are written. `owner`: whose calendar (default: the
    user's settings.toml)."""
    owner = owner or load_owner()
    if not path.parent.is_dir():
        raise UsageError(f"{path}: cannot be read (there is no folder {path.parent})")
    with locked(path):
        try:
            done = FileAttached(path.read_bytes())
        except OSError as exc:
            raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        ics = done.read
        for one in attachments:
            try:
                result = invites.attach(ics, brief=one.brief, link=one.link, filename=one.filename, names=list(one.names),
                                        uid=one.uid, now=now, shown=str(path), recurrence=one.recurrence, owner=owner)
            except BriefingError as exc:
                done.results.append(exc)
                continue
            ics = result.ics
            done.results.append(result)
        if ics != done.read:
            done.backup = replace_keeping_backup(path, ics)
    return done


def attach_to_server(url: str, attachment: Attachment, *, now: datetime, owner: Owner | None = None,
                     login: str = "") -> invites.Attached:
    """The attachment on the CalDAV calendar at `url` (If-Match, re-read on a 412), with the
    credentials `login` names (briefing.calendars.caldav)."""
    from briefing.calendars import caldav  # its HTTP stack loads only for a calendar server

    return caldav.attach(url, brief=attachment.brief, link=attachment.link, filename=attachment.filename,
                         names=list(attachment.names), uid=attachment.uid, now=now, recurrence=attachment.recurrence,
                         owner=owner or load_owner(), login=login)


@dataclass(frozen=True)
class Attached:
    """What `attach_brief` did: the event's result, where (the file or URL), and the backup.
    `result.warnings` says what had to be guessed about the visit's time (a broken time zone)."""

    result: invites.Attached
    where: str
    backup: Path | None

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.result.warnings


def attach_brief(account: Account, brief: Path, *, ics: Path | None = None, caldav_url: str | None = None,
                 link: str = "", now: datetime) -> Attached:
    """The brief at `brief` (or `link`) onto the account's visit, in the .ics file or on the server."""
    if (ics is None) == (caldav_url is None):
        raise UsageError("give one calendar: --ics FILE or --caldav URL")
    if not link and not brief.is_file():
        raise UsageError(f"{brief}: no brief there; build it first (briefing build {account.path})")
    attachment = Attachment.of(account, brief, link=link)
    owner = load_owner()
    if caldav_url is not None:
        return Attached(attach_to_server(caldav_url, attachment, now=now, owner=owner), caldav_url, None)
    assert ics is not None
    done = attach_to_file(ics, [attachment], now=now, owner=owner)
    [result] = done.results
    if isinstance(result, BriefingError):
        raise result
    return Attached(result, str(ics), done.backup)
