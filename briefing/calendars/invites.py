"""Putting the brief on the visit's calendar invite (.ics), with icalendar.

The event is the one whose UID the account file names ([visit] uid), else the next one whose
SUMMARY, LOCATION or DESCRIPTION names the customer or an alias. The brief goes on it inline
(ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY with a file name) or as a link. An
earlier brief is replaced, never doubled; every other property and the UID stay; SEQUENCE and
DTSTAMP move only when the brief changed. Pure functions on bytes; the caller writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable

from icalendar import Calendar, Event, vBinary, vUri

from briefing.errors import UsageError

MARK = "X-BRIEFING"  # our attachments carry this parameter, so a re-attach replaces only them


class NoMatchingEvent(UsageError):
    """No event of the calendar is this account's visit."""


@dataclass(frozen=True)
class Attached:
    ics: bytes  # the calendar as it should be written
    changed: bool  # False: the same brief was already attached; nothing to write
    uid: str
    summary: str


def read_calendars(data: bytes, shown: str) -> list[Calendar]:
    """Every VCALENDAR in the file: several exported events are often simply concatenated."""
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as exc:
        raise UsageError(f"{shown}: not an iCalendar file ({exc}); export the calendar or event as .ics") from None
    if not calendars:
        raise UsageError(f"{shown}: not an iCalendar file (no VCALENDAR in it); export the calendar or event as .ics")
    return list(calendars)


def read_calendar(data: bytes, shown: str) -> Calendar:
    """All the file's events in one calendar, for reading."""
    calendars = read_calendars(data, shown)
    return calendars[0] if len(calendars) == 1 else combined(calendars)


def combined(calendars: Iterable[Calendar]) -> Calendar:
    """One calendar holding every event of several (files, or a server's resources), for reading."""
    together = Calendar()
    for calendar in calendars:
        for event in calendar.walk("VEVENT"):
            together.add_component(event)
    return together


def find_event(calendar: Calendar | list[Calendar], names: list[str], uid: str = "", *, now: datetime,
               shown: str = "the calendar", recurrence: str = "") -> Event:
    """The account's visit: by UID (and RECURRENCE-ID, for one moved occurrence of a series),
    else the next event naming the customer (the latest if all are past)."""
    events = [e for c in (calendar if isinstance(calendar, list) else [calendar]) for e in c.walk("VEVENT")]
    if uid:
        same = [e for e in events if str(e.get("UID", "")) == uid]
        if recurrence:
            same = [e for e in same if _recurrence(e) == recurrence]
        if not same:
            raise NoMatchingEvent(f"{shown}: no event has UID {uid} (the account file's [visit] uid)")
        upcoming = sorted((e for e in same if start_of(e) >= now - timedelta(hours=12)), key=start_of)
        return upcoming[0] if upcoming else same[0]
    wanted = [n.lower() for n in names if n.strip()]
    matching = [e for e in events if any(n in " ".join(str(e.get(k, "")) for k in ("SUMMARY", "LOCATION", "DESCRIPTION")).lower()
                                         for n in wanted)]
    if not matching:
        raise NoMatchingEvent(f"{shown}: no event names {' / '.join(names)} in its summary, location or description; "
                              "set [visit] uid in the account file to the event's UID")
    upcoming = sorted((e for e in matching if start_of(e) >= now - timedelta(hours=12)), key=start_of)
    return upcoming[0] if upcoming else max(matching, key=start_of)


def start_of(event: Event) -> datetime:
    value: Any = event.get("DTSTART").dt if event.get("DTSTART") else datetime.min.replace(tzinfo=timezone.utc)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return datetime.min.replace(tzinfo=timezone.utc)


def attach(data: bytes, *, brief: bytes | None, link: str = "", filename: str, names: list[str], uid: str = "",
           now: datetime, shown: str = "the calendar", recurrence: str = "") -> Attached:
    """The calendar with the brief on the account's event: inline (`brief`) or as a URI (`link`)."""
    calendars = read_calendars(data, shown)
    event = find_event(calendars, names, uid, now=now, shown=shown, recurrence=recurrence)
    ours = [a for a in _attachments(event) if _is_ours(a, filename)]
    if ours and len(ours) == 1 and _same(ours[0], brief, link):
        return Attached(data, False, str(event.get("UID", "")), str(event.get("SUMMARY", "")))
    others = [a for a in _attachments(event) if not _is_ours(a, filename)]
    event.pop("ATTACH", None)
    for attachment in others:  # everyone else's attachments, as they were
        event.add("ATTACH", attachment)
    params = {"FMTTYPE": "application/pdf", "X-FILENAME": filename, "FILENAME": filename, MARK: "brief"}
    if link:
        event.add("ATTACH", vUri(link), parameters=params)
    else:
        assert brief is not None
        event.add("ATTACH", vBinary(brief), parameters={**params, "ENCODING": "BASE64", "VALUE": "BINARY"})
    sequence = int(event.get("SEQUENCE", 0))
    event.pop("SEQUENCE", None)
    event.add("SEQUENCE", sequence + 1)
    event.pop("DTSTAMP", None)
    event.add("DTSTAMP", now.astimezone(timezone.utc))
    return Attached(b"".join(c.to_ical() for c in calendars), True, str(event.get("UID", "")), str(event.get("SUMMARY", "")))


def attached_brief(data: bytes, *, filename: str, names: list[str], uid: str = "", now: datetime,
                   recurrence: str = "") -> bytes | str | None:
    """What the account's event carries as its brief: the PDF's bytes, a link, or None."""
    event = find_event(read_calendars(data, "the calendar"), names, uid, now=now, recurrence=recurrence)
    for attachment in _attachments(event):
        if _is_ours(attachment, filename):
            return attachment.bytes if isinstance(attachment, vBinary) else str(attachment)
    return None


def recurrence_of(event: Event) -> str:
    """The RECURRENCE-ID of one occurrence of a series, as text; "" for a single event or the series."""
    return _recurrence(event)


def _recurrence(event: Event) -> str:
    found = event.get("RECURRENCE-ID")
    return found.to_ical().decode("ascii", "replace") if found is not None else ""


def _attachments(event: Event) -> list[Any]:
    found = event.get("ATTACH")
    if found is None:
        return []
    return list(found) if isinstance(found, list) else [found]


def _is_ours(attachment: Any, filename: str) -> bool:
    params = getattr(attachment, "params", {})
    return MARK in params or (params.get("FMTTYPE") == "application/pdf"
                              and filename in (params.get("X-FILENAME"), params.get("FILENAME")))


def _same(attachment: Any, brief: bytes | None, link: str) -> bool:
    if link:
        return not isinstance(attachment, vBinary) and str(attachment) == link
    return isinstance(attachment, vBinary) and attachment.bytes == brief
