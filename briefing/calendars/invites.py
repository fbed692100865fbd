"""Putting the brief on the visit's calendar invite (.ics), with icalendar.

The visit is the event whose UID the account file names ([visit] uid), else the next one whose
SUMMARY, LOCATION or DESCRIPTION names the customer or an alias. Of a series, it is one
occurrence (the next to come, or the one the evening run found): the brief goes on the override
that stands for it, or on a new override copying the series (briefing.calendars.series), never
on the series itself. The brief goes on inline (ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;
VALUE=BINARY with a file name) or as a link. An earlier brief is replaced, never doubled; every
other property and the UID stay; SEQUENCE and DTSTAMP move only when the brief changed, and
never on an invite someone else organises (METHOD:REQUEST, or an ORGANIZER who is not the owner):
those are the organiser's, and raising them would make the organiser's next update look older
than our copy. Only the changed event is rewritten in the file (briefing.calendars.rewrite).
Times are read as the invite meant them (briefing.calendars.zones); what had to be guessed comes
back as warnings. Pure functions on bytes; the caller writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from icalendar import Calendar, Event, vBinary, vUri

from briefing.calendars import rewrite, zones
from briefing.calendars.owner import Owner
from briefing.calendars.series import Agenda, Occurrence, override_for, recurrence_key, text_of
from briefing.errors import UsageError

MARK = "X-BRIEFING"  # our attachments carry this parameter, so a re-attach replaces only them
STARTED_LATELY = timedelta(hours=12)  # a visit that began this long ago is still "the next one"


class NoMatchingEvent(UsageError):
    """No event of the calendar is this account's visit."""


@dataclass(frozen=True)
class Attached:
    ics: bytes  # the calendar as it should be written
    changed: bool  # False: the same brief was already attached; nothing to write
    uid: str
    summary: str
    warnings: tuple[str, ...] = ()  # what had to be guessed about the visit's time (a broken zone)
    recurrence: str = ""  # the occurrence of a series the brief went on ("" for a single event)
    start: datetime | None = None  # when the visit is, on the owner's clock


def read_calendars(data: bytes, shown: str) -> list[Calendar]:
    """Every VCALENDAR in the file (several exported events are often simply concatenated); a
    VTIMEZONE that cannot be read is kept, and the times that use it are guessed when read."""
    try:
        calendars = zones.parse(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise UsageError(f"{shown}: not an iCalendar file ({exc}); export the calendar or event as .ics") from None
    if not calendars:
        raise UsageError(f"{shown}: not an iCalendar file (no VCALENDAR in it); export the calendar or event as .ics")
    return calendars


def read_calendar(data: bytes, shown: str) -> Calendar:
    """All the file's events in one calendar, for reading."""
    calendars = read_calendars(data, shown)
    return calendars[0] if len(calendars) == 1 else combined(calendars)


def combined(calendars: Iterable[Calendar]) -> Calendar:
    """One calendar holding every event (and zone) of several (files, or a server's resources), for reading."""
    together = Calendar()
    for calendar in calendars:
        for part in calendar.subcomponents:
            if part.name in ("VEVENT", "VTIMEZONE"):
                together.add_component(part)
    return together


@dataclass(frozen=True)
class Target:
    """Where a brief goes: `event`, in `calendar`; when `master` is set, `event` is a new override
    of that series, to be put right after it."""

    event: Event
    calendar: Calendar
    master: Event | None
    occurrence: Occurrence


def locate(agenda: Agenda, names: list[str], uid: str = "", *, now: datetime, shown: str = "the calendar",
           recurrence: str = "") -> Target:
    """The account's visit: by UID (and RECURRENCE-ID, for one occurrence of a series), else the
    next occurrence naming the customer (the latest if all are past)."""
    wanted = [n.lower() for n in names if n.strip()]

    def names_it(event: Event) -> bool:
        return any(n in text_of(event).lower() for n in wanted)

    if uid:
        uids = agenda.uids(lambda event: str(event.get("UID", "")) == uid)
        if not uids:
            raise NoMatchingEvent(f"{shown}: no event has UID {uid} (the account file's [visit] uid)")
        fits = lambda occurrence: True  # noqa: E731
    else:
        uids = agenda.uids(names_it)
        if not uids:
            raise NoMatchingEvent(f"{shown}: no event names {' / '.join(names)} in its summary, location or description; "
                                  "set [visit] uid in the account file to the event's UID")
        fits = lambda occurrence: names_it(occurrence.event)  # noqa: E731
    if recurrence:
        found = next((o for o in (agenda.at(u, recurrence) for u in uids) if o is not None), None)
        if found is None:
            raise NoMatchingEvent(f"{shown}: event {uid or ' / '.join(names)} has no occurrence at {recurrence} "
                                  "any more (cancelled, or moved by the organiser)")
    else:
        found = agenda.next(uids, now - STARTED_LATELY, fits) or agenda.last_before(uids, now, fits)
        if found is None:
            unread = "; ".join(f"{u.summary or u.uid}: {u.reason}" for u in agenda.unreadable if u.uid in uids)
            raise NoMatchingEvent(f"{shown}: the visit's event has no occurrence to attach to"
                                  + (f" ({unread})" if unread else ""))
    return _target(agenda, found)


def _target(agenda: Agenda, occurrence: Occurrence) -> Target:
    group = agenda.group(occurrence.uid)
    if occurrence.recurrence:
        override = group.override(occurrence.recurrence)
        if override is not None:
            return Target(override, _holding(agenda, override), None, occurrence)
        master = group.master
        if master is None:  # overrides without their series (an invite for one occurrence)
            raise NoMatchingEvent(f"event {occurrence.uid}: the occurrence at {occurrence.recurrence} is not in the calendar")
        return Target(override_for(master, occurrence), _holding(agenda, master), master, occurrence)
    single = next((e for e in group.events if e.get("DTSTART") is not None
                   and e["DTSTART"].dt == occurrence.event["DTSTART"].dt), group.events[0])
    return Target(single, _holding(agenda, single), None, occurrence)


def _holding(agenda: Agenda, event: Event) -> Calendar:
    return next(c for c in agenda.calendars if any(part is event for part in c.subcomponents))


def start_of(event: Event, owner: Owner | None = None) -> datetime:
    """When the event starts, as an instant (a floating time on the owner's clock, a date at its midnight)."""
    found = zones.Zones(owner or Owner()).of_property(event.get("DTSTART"))
    return found[0] if found else datetime.min.replace(tzinfo=timezone.utc)


def organiser_owns(calendar: Calendar, event: Event, owner: Owner) -> bool:
    """Whether this is someone else's invite: sent as one (METHOD:REQUEST), or organised by an
    address that is not the owner's (known only when settings.toml names the owner's `email`)."""
    if str(calendar.get("METHOD", "")).strip().upper() == "REQUEST":
        return True
    organizer = event.get("ORGANIZER")
    return organizer is not None and bool(owner.emails) and not owner.is_me(str(organizer))


def attach(data: bytes, *, brief: bytes | None, link: str = "", filename: str, names: list[str], uid: str = "",
           now: datetime, shown: str = "the calendar", recurrence: str = "", owner: Owner | None = None) -> Attached:
    """The calendar with the brief on the account's event: inline (`brief`) or as a URI (`link`)."""
    owner = owner or Owner()
    calendars = read_calendars(data, shown)
    target = locate(Agenda(calendars, owner), names, uid, now=now, shown=shown, recurrence=recurrence)
    event = target.event
    ours = [a for a in _attachments(event) if _is_ours(a, filename)]
    if target.master is None and len(ours) == 1 and _same(ours[0], brief, link):
        return _result(data, False, target)
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
    if not organiser_owns(target.calendar, event, owner):
        sequence = int(event.get("SEQUENCE", 0))
        event.pop("SEQUENCE", None)
        event.add("SEQUENCE", sequence + 1)
        event.pop("DTSTAMP", None)
        event.add("DTSTAMP", now.astimezone(timezone.utc))
    if target.master is not None:
        parts = target.calendar.subcomponents
        parts.insert(next(i for i, part in enumerate(parts) if part is target.master) + 1, event)
    return _result(rewrite.written(data, calendars, event, new=target.master is not None), True, target)


def _result(ics: bytes, changed: bool, target: Target) -> Attached:
    occurrence = target.occurrence
    return Attached(ics, changed, occurrence.uid, str(target.event.get("SUMMARY", "")), occurrence.warnings,
                    occurrence.recurrence, occurrence.start)


def attached_brief(data: bytes, *, filename: str, names: list[str], uid: str = "", now: datetime,
                   recurrence: str = "", owner: Owner | None = None) -> bytes | str | None:
    """What the account's event carries as its brief: the PDF's bytes, a link, or None."""
    calendars = read_calendars(data, "the calendar")
    target = locate(Agenda(calendars, owner or Owner()), names, uid, now=now, recurrence=recurrence)
    if target.master is not None:
        return None  # an occurrence without an override of its own carries nothing yet
    for attachment in _attachments(target.event):
        if _is_ours(attachment, filename):
            return attachment.bytes if isinstance(attachment, vBinary) else str(attachment)
    return None


def recurrence_of(event: Event) -> str:
    """The RECURRENCE-ID of one occurrence of a series, as a key (series.recurrence_key); "" when it has none."""
    found = event.get("RECURRENCE-ID")
    return recurrence_key(found.dt) if found is not None else ""


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
