"""Recurring visits: series from Outlook, Exchange, Google, Apple and DAVx5 expanded across a
daylight-saving change (RRULE, RDATE, EXDATE, moved occurrences), and the brief put on the one
occurrence it is for, as an override copying the series, the series itself left as it was.

The calendars are the project's own, written in each product's shape (fixtures/calendars/README.md).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from briefing.calendars import invites, tonight
from briefing.calendars.owner import Owner
from briefing.calendars.series import Agenda, recurrence_key
from briefing.cli import app

runner = CliRunner()
CALENDARS = Path(__file__).resolve().parent.parent / "fixtures" / "calendars"
NEW_YORK, BERLIN, SHANGHAI = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Shanghai")
NAMES = ["江苏恒远环保工程有限公司", "恒远环保", "Hengyuan"]
UTC = timezone.utc


def read(name: str) -> bytes:
    return (CALENDARS / name).read_bytes()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def inserted(original: bytes, written: bytes) -> bytes:
    """The lines `written` adds to `original`, checking that it only adds one run of lines."""
    before, after = original.splitlines(keepends=True), written.splitlines(keepends=True)
    same_start = 0
    while same_start < len(before) and before[same_start] == after[same_start]:
        same_start += 1
    same_end = 0
    while same_end < len(before) - same_start and before[-1 - same_end] == after[-1 - same_end]:
        same_end += 1
    assert same_start + same_end == len(before), "the file was changed, not only added to"
    end = len(after) - same_end
    while not after[same_start].startswith(b"BEGIN:") and same_start > 0 and after[same_start - 1] == after[end - 1]:
        same_start, end = same_start - 1, end - 1  # the same insertion, seen one line earlier: a component's start
    return b"".join(after[same_start:end])


def events_of(data: bytes) -> list:  # type: ignore[type-arg]
    return [e for c in invites.read_calendars(data, "x") for e in c.walk("VEVENT")]


SERIES = [  # file, the series' UID prefix, its zone, the starts expected in October-November (UTC)
    ("outlook-weekly-visit-new-york.ics", "040000008200E00074C5B7101A82E008000000004C6E", NEW_YORK,
     # Thursdays 10:00; US daylight saving ends on 1 November; 12 November excluded; 19 November moved to the 20th, 14:00
     [utc(2026, 10, 15, 14), utc(2026, 10, 22, 14), utc(2026, 10, 29, 14), utc(2026, 11, 5, 15), utc(2026, 11, 20, 19),
      utc(2026, 11, 26, 15)]),
    ("exchange-invite-berlin.ics", "040000008200E00074C5B7101A82E0080000000090A2", BERLIN,
     # Tuesdays 9:30, 8 of them; summer time ends on 25 October; 27 October excluded; 3 November moved to the 4th, 15:00
     [utc(2026, 10, 13, 7, 30), utc(2026, 10, 20, 7, 30), utc(2026, 11, 4, 14), utc(2026, 11, 10, 8, 30),
      utc(2026, 11, 17, 8, 30), utc(2026, 11, 24, 8, 30)]),
    ("google-weekly-berlin.ics", "5k9v2q0l3m7c1n8b4x6z0p2r1s@google.com", BERLIN,
     # Mondays 14:00; 26 October (the day after the change) moved to Tuesday 10:00; 2 November excluded
     [utc(2026, 10, 5, 12), utc(2026, 10, 12, 12), utc(2026, 10, 19, 12), utc(2026, 10, 27, 9), utc(2026, 11, 9, 13),
      utc(2026, 11, 16, 13), utc(2026, 11, 23, 13), utc(2026, 11, 30, 13)]),
    ("apple-biweekly-new-york.ics", "8C3B7E2A-51D4-4F0E-9B6A-2D7C1E9F4A30", NEW_YORK,
     # every other Wednesday 15:00, one extra visit (RDATE) on 3 November 9:00, 11 November moved to the 12th, 11:00
     [utc(2026, 10, 14, 19), utc(2026, 10, 28, 19), utc(2026, 11, 3, 14), utc(2026, 11, 12, 16), utc(2026, 11, 25, 20)]),
    ("davx5-floating-and-all-day.ics", "3c2b1a0f-9e8d-4c7b-6a5f-4e3d2c1b0a9f", SHANGHAI,
     # Mondays 9:00 on the phone's clock (floating), 23 November excluded
     [utc(2026, 11, 2, 1), utc(2026, 11, 9, 1), utc(2026, 11, 16, 1), utc(2026, 11, 30, 1)]),
]


@pytest.mark.parametrize("name, uid, zone, starts", SERIES, ids=[s[0] for s in SERIES])
def test_each_products_series_is_expanded_across_the_daylight_saving_change(name, uid, zone, starts):
    agenda = Agenda(invites.read_calendars(read(name), name), Owner(zone))
    found = [o.start.astimezone(UTC) for o in agenda.between(utc(2026, 10, 1), utc(2026, 12, 1))
             if o.uid.startswith(uid) and utc(2026, 10, 1) <= o.start < utc(2026, 12, 1)]
    assert found == starts
    assert all(o.start.tzinfo is not None and not o.warnings for o in agenda.between(utc(2026, 10, 1), utc(2026, 12, 1)))


CUSTOMER = ["恒远环保"]  # the Google calendar's all-day "Hengyuan trade fair" is not the visit
NEXT = [  # file, zone, now, the names looked for, the occurrence the brief goes on (its RECURRENCE-ID), a new override?
    ("outlook-weekly-visit-new-york.ics", NEW_YORK, datetime(2026, 11, 4, 12, tzinfo=NEW_YORK), NAMES, "20261105T150000Z", True),
    ("outlook-weekly-visit-new-york.ics", NEW_YORK, datetime(2026, 11, 10, 12, tzinfo=NEW_YORK), NAMES, "20261119T150000Z", False),
    ("exchange-invite-berlin.ics", BERLIN, datetime(2026, 10, 21, 12, tzinfo=BERLIN), NAMES, "20261103T083000Z", False),
    ("exchange-invite-berlin.ics", BERLIN, datetime(2026, 11, 5, 12, tzinfo=BERLIN), NAMES, "20261110T083000Z", True),
    ("google-weekly-berlin.ics", BERLIN, datetime(2026, 10, 20, 12, tzinfo=BERLIN), CUSTOMER, "20261026T130000Z", False),
    ("google-weekly-berlin.ics", BERLIN, datetime(2026, 10, 28, 12, tzinfo=BERLIN), CUSTOMER, "20261109T130000Z", True),
    ("apple-biweekly-new-york.ics", NEW_YORK, datetime(2026, 11, 1, 12, tzinfo=NEW_YORK), NAMES, "20261103T140000Z", True),
    # the weekly meeting, not the one-off visits the same file has
    ("davx5-floating-and-all-day.ics", SHANGHAI, datetime(2026, 11, 17, 12, tzinfo=SHANGHAI), ["周例会"], "20261130T090000", True),
]


@pytest.mark.parametrize("name, zone, now, names, recurrence, new", NEXT, ids=[f"{n[0]}-{n[4]}" for n in NEXT])
def test_attach_puts_the_brief_on_the_next_occurrence_only(name, zone, now, names, recurrence, new):
    data = read(name)
    result = invites.attach(data, brief=b"%PDF-1.4 brief", filename="brief.pdf", names=names, now=now, owner=Owner(zone))
    assert result.changed and result.recurrence == recurrence
    [event] = [e for e in events_of(result.ics) if b"X-BRIEFING" in e.to_ical()]
    assert recurrence_key(event["RECURRENCE-ID"].dt) == recurrence
    series = next(e for e in events_of(data) if "RRULE" in e and str(e["UID"]) == result.uid)
    if new:
        block = inserted(data, result.ics)  # the file gained the override, and nothing else changed
        assert block.startswith(b"BEGIN:VEVENT") and b"RRULE" not in block and b"EXDATE" not in block
        for key in ("SUMMARY", "LOCATION", "DESCRIPTION", "ORGANIZER", "ATTENDEE", "UID", "CLASS", "TRANSP"):
            if key in series:
                assert event[key].to_ical() == series[key].to_ical(), key
        assert event["DTSTART"].params.get("TZID") == series["DTSTART"].params.get("TZID")  # written as the series is
        assert event["RECURRENCE-ID"].params.get("TZID") == series["DTSTART"].params.get("TZID")
        assert event["DTEND"].dt - event["DTSTART"].dt == series["DTEND"].dt - series["DTSTART"].dt
        assert len(event.walk("VALARM")) == len(series.walk("VALARM"))  # the reminder stays
    # every other occurrence is as it was: none carries the brief
    agenda = Agenda(invites.read_calendars(result.ics, name), Owner(zone))
    briefed = [o.recurrence for o in agenda.between(utc(2026, 10, 1), utc(2027, 1, 1))
               if b"X-BRIEFING" in o.event.to_ical()]
    assert briefed == [recurrence]
    again = invites.attach(result.ics, brief=b"%PDF-1.4 brief", filename="brief.pdf", names=names, now=now, owner=Owner(zone))
    assert not again.changed and again.ics == result.ics  # found again on its override: nothing to write


def test_a_past_occurrence_or_one_moved_months_away_is_not_the_next_visit():
    moved_away = read("google-weekly-berlin.ics").replace(b"DTSTART;TZID=Europe/Berlin:20261027T100000",
                                                          b"DTSTART;TZID=Europe/Berlin:20270201T100000") \
        .replace(b"DTEND;TZID=Europe/Berlin:20261027T113000", b"DTEND;TZID=Europe/Berlin:20270201T113000")
    now = datetime(2026, 10, 20, 12, tzinfo=BERLIN)  # 19 October is past; 26 October now happens in February
    result = invites.attach(moved_away, brief=b"%PDF", filename="b.pdf", names=CUSTOMER, now=now, owner=Owner(BERLIN))
    assert result.recurrence == "20261109T130000Z"  # 2 November is excluded: the 9th is the next visit
    assert result.start == datetime(2026, 11, 9, 14, tzinfo=BERLIN)
    later = invites.attach(moved_away, brief=b"%PDF", filename="b.pdf", names=CUSTOMER,
                           now=datetime(2027, 1, 30, tzinfo=BERLIN), owner=Owner(BERLIN))
    assert later.recurrence == "20261026T130000Z"  # when it is the next one (1 February 10:00, before that Monday's 14:00)
    assert later.start == datetime(2027, 2, 1, 10, tzinfo=BERLIN)
    moved = invites.attach(moved_away, brief=b"%PDF", filename="b.pdf", names=CUSTOMER, uid="5k9v2q0l3m7c1n8b4x6z0p2r1s@google.com",
                           now=now, recurrence="20261026T130000Z", owner=Owner(BERLIN))
    assert moved.start == datetime(2027, 2, 1, 10, tzinfo=BERLIN)  # and by its RECURRENCE-ID, however far it moved


def test_an_occurrence_that_was_cancelled_is_an_error_naming_it():
    with pytest.raises(invites.NoMatchingEvent, match="no occurrence at 20261102T130000Z"):
        invites.attach(read("google-weekly-berlin.ics"), brief=b"%PDF", filename="b.pdf", names=NAMES,
                       uid="5k9v2q0l3m7c1n8b4x6z0p2r1s@google.com", recurrence="20261102T130000Z",
                       now=datetime(2026, 10, 28, tzinfo=BERLIN), owner=Owner(BERLIN))


WINDOWS = [  # file, zone, the evening's now, the visits found in the next 24 hours (UID prefix, RECURRENCE-ID)
    ("outlook-weekly-visit-new-york.ics", NEW_YORK, datetime(2026, 11, 4, 20, tzinfo=NEW_YORK),
     [("040000008200E00074C5B7101A82E008000000004C6E", "20261105T150000Z")]),
    ("outlook-weekly-visit-new-york.ics", NEW_YORK, datetime(2026, 11, 11, 20, tzinfo=NEW_YORK), []),  # excluded
    ("outlook-weekly-visit-new-york.ics", NEW_YORK, datetime(2026, 11, 19, 20, tzinfo=NEW_YORK),
     [("040000008200E00074C5B7101A82E008000000004C6E", "20261119T150000Z")]),  # the moved one, the day after
    ("exchange-invite-berlin.ics", BERLIN, datetime(2026, 10, 26, 20, tzinfo=BERLIN), []),
    ("google-weekly-berlin.ics", BERLIN, datetime(2026, 10, 26, 20, tzinfo=BERLIN),
     [("5k9v2q0l3m7c1n8b4x6z0p2r1s", "20261026T130000Z")]),
    ("apple-biweekly-new-york.ics", NEW_YORK, datetime(2026, 11, 2, 20, tzinfo=NEW_YORK),
     [("8C3B7E2A", "20261103T140000Z")]),  # the extra visit (RDATE)
]


@pytest.mark.parametrize("name, zone, now, visits", WINDOWS, ids=[f"{w[0]}-{w[2]:%m%d}" for w in WINDOWS])
def test_tonight_finds_each_occurrence_in_its_window(name, zone, now, visits):
    agenda = Agenda(invites.read_calendars(read(name), name), Owner(zone))
    found = [(o.uid, o.recurrence) for o in tonight.upcoming(agenda, now, timedelta(hours=24))]
    assert len(found) == len(visits)
    for (uid, key), (prefix, expected) in zip(found, visits):
        assert uid.startswith(prefix) and key == expected


def test_a_series_that_cannot_be_read_fails_alone():
    broken = read("google-weekly-berlin.ics").replace(b"RRULE:FREQ=WEEKLY;BYDAY=MO", b"RRULE:FREQ=SOMETIMES;BYDAY=MO")
    agenda = Agenda(invites.read_calendars(broken, "x"), Owner(BERLIN))
    found = agenda.between(utc(2026, 10, 29), utc(2026, 10, 31))
    assert [o.summary for o in found] == ["Hengyuan trade fair (all day)"]  # the other event is still read
    assert [u.uid for u in agenda.unreadable] == ["5k9v2q0l3m7c1n8b4x6z0p2r1s@google.com"]
    no_start = read("google-weekly-berlin.ics").replace(b"DTSTART;VALUE=DATE:20261030\r\n", b"")
    undated = Agenda(invites.read_calendars(no_start, "x"), Owner(BERLIN))
    assert "Hengyuan trade fair" not in [o.summary for o in undated.between(utc(2026, 10, 29), utc(2026, 10, 31))]
    assert [u.reason for u in undated.unreadable] == ["the event cannot be read as a calendar entry (it has no DTSTART)"]


# --- through the command line, on the real clock ---

def _settings(zone: str, email: str = "") -> None:
    import os

    home = Path(os.environ["BRIEFING_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(f'timezone = "{zone}"\n' + (f'email = "{email}"\n' if email else ""), "utf-8")


def _next_monday_at_two(after: datetime) -> datetime:
    """The Google series' first Monday 14:00 in Berlin at `after` or later (its exceptions are all in 2026)."""
    day = after.astimezone(BERLIN).date() - timedelta(days=1)
    while True:
        candidate = datetime(day.year, day.month, day.day, 14, tzinfo=BERLIN)
        if candidate.weekday() == 0 and candidate >= after and candidate.date() > datetime(2026, 11, 2).date():
            return candidate
        day += timedelta(days=1)


def test_attach_from_the_command_line_goes_on_the_coming_occurrence(tmp_path):
    _settings("Europe/Berlin")
    ics, pdf, account = tmp_path / "work.ics", tmp_path / "brief.pdf", tmp_path / "hengyuan.toml"
    ics.write_bytes(read("google-weekly-berlin.ics"))
    pdf.write_bytes(b"%PDF-1.4 the brief")
    account.write_text('name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n', "utf-8")
    expected = _next_monday_at_two(datetime.now(UTC) - invites.STARTED_LATELY)
    result = runner.invoke(app, ["attach", str(account), "--ics", str(ics), "--brief", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    block = inserted(read("google-weekly-berlin.ics"), ics.read_bytes())
    [override] = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + block + b"END:VCALENDAR\r\n").walk("VEVENT")
    assert override["RECURRENCE-ID"].dt == expected and override["DTSTART"].dt == expected
    assert invites.attached_brief(ics.read_bytes(), filename="brief.pdf", names=NAMES, now=datetime.now(UTC),
                                  owner=Owner(BERLIN)) == b"%PDF-1.4 the brief"
    assert (tmp_path / "work.ics.bak").read_bytes() == read("google-weekly-berlin.ics")


def test_tonight_from_the_command_line_briefs_this_weeks_occurrence(tmp_path):
    from briefing.demo import serve_site
    from sites import SITES

    _settings("Europe/Berlin")
    ics, accounts = tmp_path / "work.ics", tmp_path / "accounts"
    accounts.mkdir()
    ics.write_bytes(read("google-weekly-berlin.ics"))
    expected = _next_monday_at_two(datetime.now(UTC) + timedelta(minutes=1))  # the run starts a moment later
    with serve_site(SITES / "demo") as site:
        (accounts / "hengyuan.toml").write_text(
            f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{site}"\n', "utf-8")
        result = runner.invoke(app, ["tonight", "--calendar", str(ics), "--accounts", str(accounts), "--within", "7d",
                                     "--store", str(tmp_path / "s.sqlite3"), "--allow-private", "--json"])
    assert result.exit_code == 0, result.output
    [visit] = [o for o in json.loads(result.stdout) if o["uid"].startswith("5k9v2q0l3m7c1n8b4x6z0p2r1s")]
    assert visit["state"] == "built" and datetime.fromisoformat(visit["start"]) == expected
    assert visit["start"].endswith(("+01:00", "+02:00"))  # shown on the owner's clock
    key = recurrence_key(expected)
    brief = Path(visit["brief"])
    assert invites.attached_brief(ics.read_bytes(), filename=brief.name, names=NAMES, uid=visit["uid"], recurrence=key,
                                  now=datetime.now(UTC), owner=Owner(BERLIN)) == brief.read_bytes()
    series = next(e for e in events_of(ics.read_bytes()) if "RRULE" in e)
    assert series.get("ATTACH") is None
