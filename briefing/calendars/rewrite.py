"""The calendar file written back with only the event that changed rewritten.

icalendar writes a whole calendar anew: properties re-ordered, and values it misread written as
it read them (a VTIMEZONE's "TZOFFSETFROM: +0800" came back as +0120). So the file is copied as
it was, line for line, except the one event that got the brief, which is replaced by its new
text, and a new override, which goes right after its series. Should the file's lines not line up
with what icalendar read (a structure it repaired), the whole calendar is written as icalendar
has it instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icalendar import Calendar, Component

_BOUNDARY = re.compile(rb"^(BEGIN|END):([A-Za-z0-9-]+)[ \t]*\r?$", re.I)
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class _Block:
    calendar: int  # which VCALENDAR of the file
    index: int  # which of its components
    name: str
    first: int  # its lines [first, last]
    last: int


def _blocks(lines: list[bytes]) -> list[_Block] | None:
    """The components directly inside each VCALENDAR, with their lines; None when the nesting is off."""
    found: list[_Block] = []
    depth, calendar, index, first, name = 0, -1, -1, 0, ""
    for number, line in enumerate(lines):
        match = _BOUNDARY.match(line.removeprefix(_BOM) if number == 0 else line)
        if not match:
            continue
        begins, what = match.group(1).upper() == b"BEGIN", match.group(2).upper().decode("ascii")
        if begins:
            depth += 1
            if depth == 1:
                calendar, index = calendar + 1, -1
            elif depth == 2:
                index, first, name = index + 1, number, what
        else:
            if depth == 2:
                if what != name:
                    return None
                found.append(_Block(calendar, index, name, first, number))
            depth -= 1
            if depth < 0:
                return None
    return found if depth == 0 else None


def _position(calendars: list[Calendar], component: Component) -> tuple[int, int]:
    for c, calendar in enumerate(calendars):
        for i, sub in enumerate(calendar.subcomponents):
            if sub is component:
                return c, i
    raise ValueError("the component is in none of the calendars")


def _text(component: Component, newline: bytes) -> list[bytes]:
    text = component.to_ical()
    if newline != b"\r\n":
        text = text.replace(b"\r\n", newline)
    return [text]


def written(original: bytes, calendars: list[Calendar], changed: Component, *, new: bool = False) -> bytes:
    """`original` with `changed` (a component of `calendars`, already in place) written anew; `new`:
    it was inserted after the component before it and has no lines in `original` yet."""
    lines = original.splitlines(keepends=True) if b"\r" not in original.replace(b"\r\n", b"") else []
    blocks = _blocks(lines) if lines else None
    where = _position(calendars, changed)
    expected = [(c, sub.name) for c, calendar in enumerate(calendars) for i, sub in enumerate(calendar.subcomponents)
                if not (new and (c, i) == where)]
    if blocks is None or [(b.calendar, b.name) for b in blocks] != expected:
        return b"".join(c.to_ical() for c in calendars)  # the file's lines do not line up: write what was read
    calendar, index = where
    out: list[bytes] = []
    done = 0
    for block in blocks:
        if block.calendar != calendar:
            continue
        newline = b"\r\n" if lines[block.first].endswith(b"\r\n") else b"\n"
        if not new and block.index == index:
            out += lines[done:block.first] + _text(changed, newline)
            done = block.last + 1
        elif new and block.index == index - 1:
            out += lines[done:block.last + 1] + _text(changed, newline)
            done = block.last + 1
    return b"".join(out + lines[done:])
