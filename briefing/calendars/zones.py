"""An event's times as the invite meant them, including when its time zone is broken.

icalendar reads a TZID that names an IANA zone (Asia/Shanghai) from its own zone database, and a
TZID defined by the file's VTIMEZONE from that definition. A VTIMEZONE it cannot read (Tencent
Exmail and Bizmail write STANDARD and DAYLIGHT without their mandatory DTSTART) makes it refuse
the whole file; here that one definition is set aside and the rest is read. A time whose zone is
then unknown is read, in this order, in: the IANA zone a Windows zone name stands for ("China
Standard Time": Asia/Shanghai, icalendar's own table); the one offset the broken VTIMEZONE gives,
when all its parts agree; the owner's local zone. Each such guess comes with a warning naming the
zone. A time without any zone (floating) is the owner's local time, and a date is the owner's
local day (briefing.calendars.owner).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from icalendar import Calendar, Component
from icalendar.parser.ical.component import ComponentIcalParser

from briefing.calendars.owner import Owner

# "TZOFFSETFROM: +0800" (Bizmail): icalendar reads the space as part of the value and gets +01:20
_SPACED_OFFSET = re.compile(rb"^(TZOFFSET(?:FROM|TO)(?:;[^:\r\n]*)?):[ \t]+", re.I | re.M)


class _Tolerant(ComponentIcalParser):
    """icalendar's parser, except that a VTIMEZONE it cannot turn into a zone is kept as it is
    (written back untouched) instead of failing the file: its TZID is resolved when read."""

    def handle_end_component(self, vals: str) -> None:
        try:
            super().handle_end_component(vals)
        except (ValueError, KeyError, IndexError, TypeError):
            if vals.strip().upper() != "VTIMEZONE":
                raise
            # the component is already in place; only icalendar's zone cache could not take it


class _TolerantCalendar(Calendar):
    @classmethod
    def _get_ical_parser(cls, st: str | bytes) -> ComponentIcalParser:
        return _Tolerant(st, cls._get_component_factory(), cls.types_factory)


def parse(data: bytes) -> list[Calendar]:
    """Every VCALENDAR of the file (ValueError when it is not iCalendar), broken zones kept as they are."""
    return list(_TolerantCalendar.from_ical(_SPACED_OFFSET.sub(rb"\1:", data), multiple=True))


def _unreadable(vtimezone: Component) -> str:
    """Why icalendar cannot make a zone of this VTIMEZONE, or "" when it can."""
    try:
        vtimezone.to_tz(lookup_tzid=False)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        return str(exc) or type(exc).__name__
    return ""


def _offsets(vtimezone: Component) -> set[timedelta]:
    found = set()
    for part in vtimezone.subcomponents:
        offset = part.get("TZOFFSETTO")
        if offset is not None and isinstance(getattr(offset, "td", None), timedelta):
            found.add(offset.td)
    return found


@dataclass
class Zones:
    """The times of one calendar's events, read for its owner; `warnings` says what was guessed."""

    owner: Owner
    broken: dict[str, tuple[str, set[timedelta]]] = field(default_factory=dict)  # TZID: (why, its offsets)
    _guesses: dict[str, tuple[tzinfo | None, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, calendars: list[Calendar], owner: Owner) -> Zones:
        broken = {}
        for calendar in calendars:
            for vtimezone in calendar.walk("VTIMEZONE"):
                tzid = str(vtimezone.get("TZID", ""))
                why = _unreadable(vtimezone) if tzid else ""
                if why:
                    broken[tzid] = (why, _offsets(vtimezone))
        return cls(owner, broken)

    def moment(self, value: date | datetime, tzid: str = "") -> tuple[datetime, str]:
        """(the instant, a warning or ""). A date is the owner's midnight starting it."""
        if not isinstance(value, datetime):
            return self.owner.day_start(value), ""
        if value.tzinfo is not None:
            if tzid in self.broken and getattr(value.tzinfo, "key", tzid) != tzid:  # a Windows name, mapped
                return value, self._said(tzid, f"read as {value.tzinfo}, the zone that name stands for")
            return value, ""
        if not tzid:
            return self.owner.local(value), ""  # floating: the owner's wall clock
        zone, warning = self._guess(tzid)
        return (value.replace(tzinfo=zone) if zone is not None else self.owner.local(value)), warning

    def of_property(self, prop: Any) -> tuple[datetime, str] | None:
        """The instant of a DTSTART, DTEND or RECURRENCE-ID property (None when it has no time)."""
        value = getattr(prop, "dt", None)
        if not isinstance(value, (date, datetime)):
            return None
        return self.moment(value, str(prop.params.get("TZID", "")) if hasattr(prop, "params") else "")

    def _guess(self, tzid: str) -> tuple[tzinfo | None, str]:
        if tzid not in self._guesses:
            why, offsets = self.broken.get(tzid, ("", set()))
            if len(offsets) == 1:
                [offset] = offsets
                zone: tzinfo | None = timezone(offset)
                how = f"read at {zone}, the one offset its definition gives"
            else:
                zone, how = None, f"read in your local time ({self.owner.zone_name})"
            self._guesses[tzid] = (zone, self._said(tzid, how))
        return self._guesses[tzid]

    def _said(self, tzid: str, how: str) -> str:
        why = self.broken.get(tzid, ("",))[0]
        problem = f"its VTIMEZONE cannot be read ({why})" if why else "the file does not define it and it is no known zone name"
        return f"time zone {tzid!r}: {problem}; {how}"
