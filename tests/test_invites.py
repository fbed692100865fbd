"""The brief on the calendar invite: matched, attached once, round-tripped byte for byte."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from briefing.calendars import invites
from briefing.cli import app

runner = CliRunner()
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Outlook//EN
BEGIN:VEVENT
UID:visit-123@example.com
DTSTAMP:20261120T010000Z
DTSTART:20261128T013000Z
DTEND:20261128T033000Z
SUMMARY:拜访恒远环保（李明总）
LOCATION:宜兴市环科园绿园路 8 号
DESCRIPTION:带上往期案例
ORGANIZER;CN=张三:mailto:zhangsan@example.com
ATTENDEE;CN=李明:mailto:liming@hengyuan.example
SEQUENCE:2
ATTACH;FMTTYPE=application/msword:https://example.com/agenda.doc
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
END:VEVENT
BEGIN:VEVENT
UID:past@example.com
DTSTART:20251001T013000Z
SUMMARY:拜访恒远环保（去年）
END:VEVENT
BEGIN:VEVENT
UID:other@example.com
DTSTART:20261129T020000Z
SUMMARY:Team lunch
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n").encode("utf-8")
NAMES = ["江苏恒远环保工程有限公司", "恒远环保"]


def event(data: bytes, uid: str = "visit-123@example.com"):  # type: ignore[no-untyped-def]
    return next(e for e in Calendar.from_ical(data).walk("VEVENT") if str(e["UID"]) == uid)


def test_the_pdf_round_trips_byte_for_byte():
    pdf = b"%PDF-1.4\n" + os.urandom(20_000)  # any bytes, high ones included
    result = invites.attach(ICS, brief=pdf, filename="恒远.pdf", names=NAMES, now=NOW)
    assert result.changed and result.uid == "visit-123@example.com"
    assert invites.attached_brief(result.ics, filename="恒远.pdf", names=NAMES, now=NOW) == pdf
    unfolded = result.ics.replace(b"\r\n ", b"")  # lines are folded at 75 octets
    assert b"ATTACH;ENCODING=BASE64;" in unfolded and b"VALUE=BINARY" in unfolded and b"FMTTYPE=application/pdf" in unfolded


def test_every_other_property_and_attachment_stays_and_sequence_moves_once():
    result = invites.attach(ICS, brief=b"%PDF-1 a", filename="b.pdf", names=NAMES, now=NOW)
    before, after = event(ICS), event(result.ics)
    for key in ("UID", "SUMMARY", "LOCATION", "DESCRIPTION", "ORGANIZER", "ATTENDEE", "DTSTART", "DTEND", "X-MICROSOFT-CDO-BUSYSTATUS"):
        assert after[key].to_ical() == before[key].to_ical(), key
    assert int(after["SEQUENCE"]) == 3 and after["DTSTAMP"].dt == NOW
    attachments = after["ATTACH"]
    assert len(attachments) == 2 and str(attachments[0]) == "https://example.com/agenda.doc"
    assert event(result.ics, "other@example.com").to_ical() == event(ICS, "other@example.com").to_ical()


def test_a_new_brief_replaces_the_old_and_the_same_brief_changes_nothing():
    first = invites.attach(ICS, brief=b"%PDF-1 old", filename="b.pdf", names=NAMES, now=NOW)
    same = invites.attach(first.ics, brief=b"%PDF-1 old", filename="b.pdf", names=NAMES, now=NOW)
    assert not same.changed and same.ics == first.ics
    newer = invites.attach(first.ics, brief=b"%PDF-1 new", filename="b.pdf", names=NAMES, now=NOW)
    attachments = event(newer.ics)["ATTACH"]
    assert len(attachments) == 2  # the agenda and one brief
    assert invites.attached_brief(newer.ics, filename="b.pdf", names=NAMES, now=NOW) == b"%PDF-1 new"
    assert int(event(newer.ics)["SEQUENCE"]) == 4


def test_a_link_instead_of_the_pdf():
    result = invites.attach(ICS, brief=None, link="https://files.example.com/briefs/恒远.pdf", filename="恒远.pdf", names=NAMES, now=NOW)
    assert invites.attached_brief(result.ics, filename="恒远.pdf", names=NAMES, now=NOW) == "https://files.example.com/briefs/恒远.pdf"
    again = invites.attach(result.ics, brief=b"%PDF", filename="恒远.pdf", names=NAMES, now=NOW)  # now inline: replaces the link
    assert len(event(again.ics)["ATTACH"]) == 2


def test_the_event_is_matched_by_uid_else_by_the_next_one_naming_the_customer():
    by_uid = invites.attach(ICS, brief=b"%PDF", filename="b.pdf", names=NAMES, uid="past@example.com", now=NOW)
    assert by_uid.uid == "past@example.com"
    by_name = invites.attach(ICS, brief=b"%PDF", filename="b.pdf", names=NAMES, now=NOW)
    assert by_name.uid == "visit-123@example.com"  # the upcoming one, not last year's
    with pytest.raises(invites.NoMatchingEvent, match="no event names"):
        invites.attach(ICS, brief=b"%PDF", filename="b.pdf", names=["别的公司"], now=NOW)
    with pytest.raises(invites.NoMatchingEvent, match="no event has UID"):
        invites.attach(ICS, brief=b"%PDF", filename="b.pdf", names=NAMES, uid="nope", now=NOW)


def account(tmp_path: Path, visit: str = "") -> Path:
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n{visit}', "utf-8")
    return path


def test_attach_from_the_command_line_keeps_a_backup_and_leaves_an_unchanged_file_alone(tmp_path):
    ics, pdf = tmp_path / "cal.ics", tmp_path / "b.pdf"
    ics.write_bytes(ICS)
    pdf.write_bytes(b"%PDF-1.4 brief")
    result = runner.invoke(app, ["attach", str(account(tmp_path)), "--ics", str(ics), "--brief", str(pdf)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cal.ics.bak").read_bytes() == ICS
    assert invites.attached_brief(ics.read_bytes(), filename="b.pdf", names=NAMES, now=datetime.now(timezone.utc)) == pdf.read_bytes()
    stamp = ics.stat().st_mtime_ns
    again = runner.invoke(app, ["attach", str(account(tmp_path)), "--ics", str(ics), "--brief", str(pdf)])
    assert again.exit_code == 0 and "already carries this brief" in again.output
    assert ics.stat().st_mtime_ns == stamp


def test_attach_errors_name_the_file_and_exit_2(tmp_path):
    ics = tmp_path / "cal.ics"
    ics.write_bytes(b"not a calendar")
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF")
    bad = runner.invoke(app, ["attach", str(account(tmp_path)), "--ics", str(ics), "--brief", str(pdf)])
    assert bad.exit_code == 2 and "not an iCalendar file" in bad.output and ics.read_bytes() == b"not a calendar"
    ics.write_bytes(ICS)
    missing = runner.invoke(app, ["attach", str(account(tmp_path)), "--ics", str(ics), "--brief", str(tmp_path / "none.pdf")])
    assert missing.exit_code == 2 and "build it first" in missing.output
    visit = '[visit]\nstart = 2026-11-28T09:30:00+08:00\nuid = "nope@example.com"\n'
    nouid = runner.invoke(app, ["attach", str(account(tmp_path, visit)), "--ics", str(ics), "--brief", str(pdf)])
    assert nouid.exit_code == 2 and "no event has UID nope@example.com" in nouid.output
    assert ics.read_bytes() == ICS


def test_a_moved_occurrence_of_a_series_gets_the_brief_not_the_series():
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//\r\n"
           "BEGIN:VEVENT\r\nUID:s1\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261106T013000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:周会 恒远环保\r\nEND:VEVENT\r\n"
           "BEGIN:VEVENT\r\nUID:s1\r\nDTSTAMP:20261101T000000Z\r\nRECURRENCE-ID:20261127T013000Z\r\nDTSTART:20261128T013000Z\r\n"
           "SUMMARY:周会 恒远环保（改期）\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    moved = next(e for e in Calendar.from_ical(ics).walk("VEVENT") if e.get("RECURRENCE-ID"))
    result = invites.attach(ics, brief=b"%PDF", filename="b.pdf", names=NAMES, uid="s1", now=NOW, recurrence=invites.recurrence_of(moved))
    assert "改期" in result.summary
    master = next(e for e in Calendar.from_ical(result.ics).walk("VEVENT") if not e.get("RECURRENCE-ID"))
    assert master.get("ATTACH") is None


def test_a_file_of_several_calendars_is_read_and_written_whole():
    two = ICS + ICS.replace(b"visit-123@example.com", b"visit-456@example.com").replace("恒远环保".encode(), "别的公司".encode())
    result = invites.attach(two, brief=b"%PDF", filename="b.pdf", names=NAMES, now=NOW)
    assert result.uid == "visit-123@example.com" and result.ics.count(b"BEGIN:VCALENDAR") == 2
    assert b"visit-456@example.com" in result.ics
