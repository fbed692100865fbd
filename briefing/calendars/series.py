"""A calendar's events as they happen, and the one occurrence a brief goes on.

A series (RRULE, RDATE, EXDATE, its moved or changed occurrences as RECURRENCE-ID overrides) is
expanded with recurring-ical-events, one UID at a time, so that a series it cannot read fails
alone (`Agenda.unreadable`). Each occurrence carries its instant as the invite meant it
(briefing.calendars.zones). A brief goes on one occurrence only: the override that already
stands for it, else a new override (`override_for`) that copies the series' properties and
alarms and moves none of its other occurrences.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import islice
from typing import Any, Callable, Iterable

import recurring_ical_events
from icalendar import Calendar, Event, vDDDTypes

from briefing.calendars.owner import Owner
from briefing.calendars.zones import Zones

log = logging.getLogger(__name__)
_SERIES = ("RRULE", "RDATE")
_ONLY_THE_SERIES = ("RRULE", "RDATE", "EXDATE", "EXRULE")  # what an override does not repeat
_MARGIN = timedelta(days=1)  # around a window: a floating or all-day time may be read up to 14 h either way
_LOOKAHEAD = 5000  # occurrences looked at for the next one, at most (a series every minute for 3 days)


def recurrence_key(value: date | datetime) -> str:
    """One occurrence's RECURRENCE-ID as comparable text: an instant in UTC, a floating time, or a day."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _key_moment(key: str, owner: Owner) -> datetime | None:
    for pattern, aware in (("%Y%m%dT%H%M%SZ", True), ("%Y%m%dT%H%M%S", False), ("%Y%m%d", False)):
        try:
            found = datetime.strptime(key, pattern)
        except ValueError:
            continue
        return found.replace(tzinfo=timezone.utc) if aware else owner.local(found)
    return None


def is_series(event: Event) -> bool:
    return any(name in event for name in _SERIES) or "RECURRENCE-ID" in event


def text_of(event: Event) -> str:
    """What a customer's name is looked for in: summary, location and description."""
    return " ".join(str(event.get(k, "")) for k in ("SUMMARY", "LOCATION", "DESCRIPTION"))


@dataclass(frozen=True)
class Occurrence:
    event: Event  # what happens then: the single event, the override, or the series' copy for that day
    uid: str
    recurrence: str  # "" for a single event; else recurrence_key of its RECURRENCE-ID
    start: datetime  # on the owner's clock; an all-day event: the owner's midnight starting it
    end: datetime
    all_day: bool
    warnings: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return str(self.event.get("SUMMARY", ""))


@dataclass(frozen=True)
class Unreadable:
    uid: str
    summary: str
    text: str  # summary, location, description: to tell whether it was someone's visit
    reason: str


@dataclass
class _Group:
    """Every VEVENT of one UID: a single event, or a series' master and overrides."""

    uid: str
    events: list[Event] = field(default_factory=list)

    @property
    def series(self) -> bool:
        return any(is_series(e) for e in self.events)

    @property
    def master(self) -> Event | None:
        return next((e for e in self.events if "RECURRENCE-ID" not in e), None)

    def override(self, key: str) -> Event | None:
        return next((e for e in self.events if e.get("RECURRENCE-ID") is not None
                     and recurrence_key(e["RECURRENCE-ID"].dt) == key), None)


class Agenda:
    """The events of some calendars (a file's, or a server's resources) as they happen, for their owner."""

    def __init__(self, calendars: list[Calendar], owner: Owner) -> None:
        self.calendars = calendars
        self.owner = owner
        self.zones = Zones.of(calendars, owner)
        self.unreadable: list[Unreadable] = []
        self._groups: dict[str, _Group] = {}
        for calendar in calendars:
            for event in calendar.walk("VEVENT"):
                uid = str(event.get("UID", ""))
                self._groups.setdefault(uid, _Group(uid)).events.append(event)
        self._failed: set[str] = set()

    def uids(self, wanted: Callable[[Event], bool] = lambda event: True) -> list[str]:
        """The UIDs of which some version (the series, an override) satisfies `wanted`."""
        return [uid for uid, group in self._groups.items() if any(wanted(e) for e in group.events)]

    def between(self, start: datetime, stop: datetime, uids: Iterable[str] | None = None) -> list[Occurrence]:
        """Occurrences near [start, stop] (a day's margin either side: callers keep what they need), by start."""
        found: list[Occurrence] = []
        for uid in self._groups if uids is None else uids:
            single = self._single(uid)
            if single is None:
                found += self._expand(uid, lambda query: query.between(start - _MARGIN, stop + _MARGIN))
            elif single and single[0].end >= start - _MARGIN and single[0].start <= stop + _MARGIN:
                found += single
        return sorted(found, key=lambda o: (o.start, o.uid))

    def _single(self, uid: str) -> list[Occurrence] | None:
        """A one-off event read directly (most of a calendar; expanding each would take a
        thousand-event calendar seconds); None for a series, left to the expansion."""
        group = self._groups.get(uid)
        if group is None or group.series or len(group.events) != 1 or uid in self._failed:
            return None
        try:
            return [self._occurrence(group, group.events[0])]
        except (KeyError, TypeError, ValueError, OverflowError) as exc:  # no DTSTART, a value that is no time
            self._fail(group, exc)
            return []

    def next(self, uids: Iterable[str], after: datetime, wanted: Callable[[Occurrence], bool] = lambda o: True) -> Occurrence | None:
        """The first occurrence of these UIDs starting at `after` or later that is `wanted`."""
        best: Occurrence | None = None
        for uid in uids:
            upcoming = self._expand(uid, lambda query: islice(query.after(after - _MARGIN), _LOOKAHEAD), lazy=True)
            first = next((o for o in upcoming if o.start >= after and wanted(o)), None)
            if first is not None and (best is None or first.start < best.start):
                best = first
        return best

    def last_before(self, uids: Iterable[str], before: datetime, wanted: Callable[[Occurrence], bool] = lambda o: True) -> Occurrence | None:
        """The latest occurrence of these UIDs before `before` (in the two years before it, or a
        single event however old), when none is to come."""
        uids = list(uids)
        past = [o for o in self.between(before - timedelta(days=730), before, uids) if o.start < before and wanted(o)]
        if not past:
            for uid in uids:
                if not self._groups[uid].series:
                    past += [o for o in self._expand(uid, lambda query: islice(query.all(), 1)) if wanted(o)]
        return max(past, key=lambda o: o.start, default=None)

    def at(self, uid: str, key: str) -> Occurrence | None:
        """The occurrence of series `uid` whose RECURRENCE-ID is `key` (moved or not), if it is one."""
        moment = _key_moment(key, self.owner)
        if moment is None or uid not in self._groups:
            return None
        around = self._expand(uid, lambda query: query.between(moment - 2 * _MARGIN, moment + 2 * _MARGIN))
        found = next((o for o in around if o.recurrence == key), None)
        override = self._groups[uid].override(key)
        if found is None and override is not None and override.get("DTSTART") is not None:
            return self._occurrence(self._groups[uid], override)  # moved far from where it was
        return found

    def group(self, uid: str) -> _Group:
        return self._groups[uid]

    def _expand(self, uid: str, ask: Callable[[Any], Iterable[Event]], lazy: bool = False) -> Iterable[Occurrence]:
        group = self._groups.get(uid)
        if group is None or uid in self._failed:
            return []
        one = Calendar()
        for event in group.events:
            one.add_component(event)

        def occurrences() -> Iterable[Occurrence]:
            try:
                for copy_of in ask(recurring_ical_events.of(one)):
                    yield self._occurrence(group, copy_of)
            except Exception as exc:  # the library raises many kinds on a malformed series; it fails alone
                self._fail(group, exc)

        return occurrences() if lazy else list(occurrences())

    def _fail(self, group: _Group, exc: Exception) -> None:
        self._failed.add(group.uid)
        first = group.master or group.events[0]
        why = f"it has no {exc.args[0]}" if isinstance(exc, KeyError) and exc.args else f"{type(exc).__name__}: {exc}"
        reason = f"the event cannot be read as a calendar entry ({why})"
        log.info("%s: %s", group.uid, reason)
        self.unreadable.append(Unreadable(group.uid, str(first.get("SUMMARY", "")), text_of(first), reason))

    def _occurrence(self, group: _Group, event: Event) -> Occurrence:
        """`event` (a copy recurring-ical-events made, or an original) as an occurrence, its times read
        with the zones of the component it comes from (a copy loses a TZID icalendar could not read)."""
        key = recurrence_key(event["RECURRENCE-ID"].dt) if group.series and event.get("RECURRENCE-ID") is not None else ""
        source = (group.override(key) if key else None) or group.master or event
        start_value = event["DTSTART"].dt
        start, said = self.zones.moment(start_value, _tzid(source, "DTSTART"))
        end_prop = event.get("DTEND")
        all_day = not isinstance(start_value, datetime)
        duration = getattr(event.get("DURATION"), "dt", None)
        if end_prop is not None and isinstance(end_prop.dt, (date, datetime)) and end_prop.dt != start_value:
            end, said_too = self.zones.moment(end_prop.dt, _tzid(source, "DTEND") or _tzid(source, "DTSTART"))
        elif isinstance(duration, timedelta) and duration > timedelta(0):
            end, said_too = (self.owner.day_start(start_value + duration) if all_day else start + duration), ""
        else:
            end, said_too = (self.owner.day_end(start_value) if all_day else start), ""
        warnings = tuple(dict.fromkeys(w for w in (said, said_too) if w))
        return Occurrence(event, group.uid, key, self.owner.view(start), self.owner.view(end), all_day, warnings)


def _tzid(event: Event, name: str) -> str:
    prop = event.get(name)
    return str(prop.params.get("TZID", "")) if prop is not None and hasattr(prop, "params") else ""


def override_for(master: Event, occurrence: Occurrence) -> Event:
    """A new override standing for one occurrence of `master`'s series: the series' properties and
    alarms, the occurrence's own DTSTART and DTEND written as the series writes them (same TZID),
    and a RECURRENCE-ID naming it. The series itself is not changed."""
    override = copy.deepcopy(master)
    for name in _ONLY_THE_SERIES:
        override.pop(name, None)
    start = occurrence.event["DTSTART"].dt
    override["RECURRENCE-ID"] = _written_like(master["DTSTART"], occurrence.event["RECURRENCE-ID"].dt)
    override["DTSTART"] = _written_like(master["DTSTART"], start)
    if master.get("DTEND") is not None and occurrence.event.get("DTEND") is not None:
        override["DTEND"] = _written_like(master["DTEND"], occurrence.event["DTEND"].dt)
    return override


def _written_like(model: Any, value: date | datetime) -> vDDDTypes:
    """`value` as a property with `model`'s parameters: the same TZID text (a Windows zone name, a
    custom one), so that the override reads in the zone the series does."""
    prop = vDDDTypes(value)  # UTC is written with Z, as icalendar read it
    for name, param in getattr(model, "params", {}).items():
        if name.upper() != "VALUE":
            prop.params[name] = param
    return prop
