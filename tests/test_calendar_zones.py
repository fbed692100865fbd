"""Times as the invite meant them: a floating time is the owner's local time (settings.toml's
`timezone`, else this computer's zone), an all-day event is a local day, and a broken VTIMEZONE
(Tencent Exmail writes one without DTSTART) no longer rejects the file: its times fall back to the
zone its name stands for, its one offset, or the local zone, with a warning that reaches the user.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from briefing.calendars import invites, tonight
from briefing.calendars.owner import Owner
from briefing.calendars.series import Agenda
from briefing.cli import app

runner = CliRunner()
CALENDARS = Path(__file__).resolve().parent.parent / "fixtures" / "calendars"
SHANGHAI, BERLIN = ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Berlin")
UTC = timezone.utc


def read(name: str) -> bytes:
    return (CALENDARS / name).read_bytes()


def agenda(data: bytes, owner: Owner) -> Agenda:
    return Agenda(invites.read_calendars(data, "x"), owner)


def visit(data: bytes, owner: Owner, summary: str):  # type: ignore[no-untyped-def]
    found = agenda(data, owner).between(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))
    return next(o for o in found if summary in o.summary)


@pytest.fixture()
def machine_zone(monkeypatch):
    """This computer's zone, as the TZ variable sets it, restored afterwards."""
    def set_to(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_to
    monkeypatch.undo()
    time.tzset()


def settings(text: str) -> Path:
    path = Path(os.environ["BRIEFING_HOME"]) / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


# --- floating times and all-day events ---

def test_a_floating_time_is_the_owners_wall_clock():
    data = read("davx5-floating-and-all-day.ics")
    assert visit(data, Owner(SHANGHAI), "李明总").start.astimezone(UTC) == datetime(2026, 11, 28, 2, tzinfo=UTC)
    assert visit(data, Owner(BERLIN), "李明总").start.astimezone(UTC) == datetime(2026, 11, 28, 9, tzinfo=UTC)


def test_without_a_setting_the_machines_zone_is_used_its_daylight_saving_included(machine_zone):
    machine_zone("America/New_York")
    floating = read("davx5-floating-and-all-day.ics")
    assert visit(floating, Owner(), "李明总").start.astimezone(UTC) == datetime(2026, 11, 28, 15, tzinfo=UTC)  # EST
    summer = floating.replace(b"DTSTART:20261128T100000", b"DTSTART:20260628T100000") \
        .replace(b"DTEND:20261128T113000", b"DTEND:20260628T113000")
    found = agenda(summer, Owner()).between(datetime(2026, 6, 27, tzinfo=UTC), datetime(2026, 6, 29, tzinfo=UTC))
    assert [o.start.astimezone(UTC) for o in found] == [datetime(2026, 6, 28, 14, tzinfo=UTC)]  # EDT, not today's offset


def test_tonights_window_finds_a_floating_visit_that_utc_would_miss():
    # 21:00 in Shanghai, looking 14 hours ahead: the 10:00 visit is in; read as UTC (18:00 in Shanghai) it was not
    now = datetime(2026, 11, 27, 21, tzinfo=SHANGHAI)
    found = tonight.upcoming(agenda(read("davx5-floating-and-all-day.ics"), Owner(SHANGHAI)), now, timedelta(hours=14))
    assert [o.summary for o in found] == ["拜访恒远环保（李明总）"]
    assert found[0].start == datetime(2026, 11, 28, 10, tzinfo=SHANGHAI)


@pytest.mark.parametrize("now, inside", [
    (datetime(2026, 11, 28, 20, tzinfo=SHANGHAI), False),  # the window ends on the 29th at 20:00
    (datetime(2026, 11, 29, 20, tzinfo=SHANGHAI), True),
    (datetime(2026, 11, 30, 23, tzinfo=SHANGHAI), True),  # still that day
    (datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI), False),
])
def test_an_all_day_visit_is_in_the_window_when_its_local_day_overlaps_it(now, inside):
    found = tonight.upcoming(agenda(read("davx5-floating-and-all-day.ics"), Owner(SHANGHAI)), now, timedelta(hours=24))
    all_day = [o for o in found if o.all_day]
    assert bool(all_day) == inside
    if inside:
        assert all_day[0].start == datetime(2026, 11, 30, tzinfo=SHANGHAI) and all_day[0].summary == "恒远环保 年度合同谈判"


def test_attach_on_an_all_day_visit_keeps_it_a_date():
    result = invites.attach(read("davx5-floating-and-all-day.ics"), brief=b"%PDF", filename="b.pdf", names=["年度合同谈判"],
                            now=datetime(2026, 11, 29, 9, tzinfo=SHANGHAI), owner=Owner(SHANGHAI))
    [event] = [e for c in invites.read_calendars(result.ics, "x") for e in c.walk("VEVENT") if e.get("ATTACH") is not None]
    assert event["DTSTART"].dt == date(2026, 11, 30) and b"DTSTART;VALUE=DATE:20261130" in result.ics


def test_start_of_reads_floating_times_and_dates_for_the_owner():
    [floating, all_day, _] = [e for c in invites.read_calendars(read("davx5-floating-and-all-day.ics"), "x") for e in c.walk("VEVENT")]
    assert invites.start_of(floating, Owner(SHANGHAI)) == datetime(2026, 11, 28, 10, tzinfo=SHANGHAI)
    assert invites.start_of(all_day, Owner(SHANGHAI)) == datetime(2026, 11, 30, tzinfo=SHANGHAI)


# --- broken and unknown zones ---

def test_an_exmail_invite_with_a_broken_vtimezone_is_read_and_its_offset_used():
    data = read("exmail-bizmail-broken-vtimezone.ics")
    found = visit(data, Owner(BERLIN), "技术交流")
    assert found.start.astimezone(UTC) == datetime(2026, 11, 28, 1, 30, tzinfo=UTC)  # +08:00, the one offset it gives
    [warning] = found.warnings
    assert "'+8'" in warning and "cannot be read" in warning and "DTSTART" in warning and "+08:00" in warning


def test_the_broken_vtimezone_is_written_back_as_it_was():
    data = read("exmail-bizmail-broken-vtimezone.ics")
    result = invites.attach(data, brief=b"%PDF", filename="b.pdf", names=["恒远环保"],
                            now=datetime(2026, 11, 27, tzinfo=SHANGHAI), owner=Owner(SHANGHAI))
    vtimezone = data[data.index(b"BEGIN:VTIMEZONE"):data.index(b"END:VTIMEZONE")]
    assert vtimezone in result.ics  # "TZOFFSETFROM: +0800" and all: only the event is rewritten
    assert result.ics.startswith(data[:data.index(b"BEGIN:VEVENT")])
    assert result.warnings and "'+8'" in result.warnings[0]
    assert invites.attached_brief(result.ics, filename="b.pdf", names=["恒远环保"], now=datetime(2026, 11, 27, tzinfo=SHANGHAI),
                                  owner=Owner(SHANGHAI)) == b"%PDF"


def test_a_broken_vtimezone_under_a_windows_name_falls_back_to_the_zone_the_name_stands_for():
    found = visit(read("exmail-windows-zone-broken.ics"), Owner(BERLIN), "项目启动会")
    assert found.start == datetime(2026, 11, 29, 14, tzinfo=SHANGHAI)
    assert "China Standard Time" in found.warnings[0] and "Asia/Shanghai" in found.warnings[0]


def test_a_zone_the_file_does_not_define_and_no_one_knows_is_read_in_the_local_zone():
    data = read("netease-qiye-request.ics").replace(b"TZID=Asia/Shanghai", b"TZID=Customized Time Zone 1")
    found = visit(data, Owner(BERLIN), "框架协议续签")
    assert found.start == datetime(2026, 11, 28, 14, 30, tzinfo=BERLIN)
    assert "Customized Time Zone 1" in found.warnings[0] and "Europe/Berlin" in found.warnings[0]


def test_a_broken_vtimezone_with_two_offsets_is_read_in_the_local_zone():
    data = read("exmail-bizmail-broken-vtimezone.ics").replace(b"TZOFFSETFROM: +0800\r\nTZOFFSETTO:+0800", b"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100") \
        .replace(b"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800", b"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200")
    found = visit(data, Owner(SHANGHAI), "技术交流")
    assert found.start == datetime(2026, 11, 28, 9, 30, tzinfo=SHANGHAI)
    assert "local time (Asia/Shanghai)" in found.warnings[0]


def test_a_netease_invite_naming_an_iana_zone_without_a_vtimezone_needs_no_guess():
    found = visit(read("netease-qiye-request.ics"), Owner(BERLIN), "框架协议续签")
    assert found.start == datetime(2026, 11, 28, 14, 30, tzinfo=SHANGHAI) and found.warnings == ()


# --- through the command line ---

def account(tmp_path: Path) -> Path:
    path = tmp_path / "hengyuan.toml"
    path.write_text('name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n', "utf-8")
    return path


def test_attach_on_an_exmail_invite_says_what_it_guessed(tmp_path):
    settings('timezone = "Asia/Shanghai"\n')
    ics, pdf = tmp_path / "invite.ics", tmp_path / "b.pdf"
    ics.write_bytes(read("exmail-bizmail-broken-vtimezone.ics").replace(b"20261128T", b"20991128T"))
    pdf.write_bytes(b"%PDF-1.4 brief")
    result = runner.invoke(app, ["attach", str(account(tmp_path)), "--ics", str(ics), "--brief", str(pdf)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "warning:" in result.output and "'+8'" in result.output and result.exit_code == 1


def test_attach_on_an_exmail_invite_is_written_without_a_traceback(tmp_path):
    settings('timezone = "Asia/Shanghai"\n')
    ics, pdf = tmp_path / "invite.ics", tmp_path / "b.pdf"
    original = read("exmail-bizmail-broken-vtimezone.ics").replace(b"20261128T", b"20991128T")
    ics.write_bytes(original)
    pdf.write_bytes(b"%PDF-1.4 brief")
    result = runner.invoke(app, ["attach", str(account(tmp_path)), "--ics", str(ics), "--brief", str(pdf)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 1) and "attached b.pdf" in result.output and "Traceback" not in result.output
    assert invites.attached_brief(ics.read_bytes(), filename="b.pdf", names=["恒远环保"], now=datetime.now(UTC)) == b"%PDF-1.4 brief"
    assert (tmp_path / "invite.ics.bak").read_bytes() == original


@pytest.mark.parametrize("text, key", [
    ('timezone = "Mars/Olympus_Mons"\n', "timezone"),
    ("timezone = 8\n", "timezone"),
    ('email = "not an address"\n', "email"),
])
def test_a_bad_setting_is_an_error_naming_the_file_line_and_key(tmp_path, text, key):
    path = settings('saved_folders = []\n' + text)
    ics, pdf = tmp_path / "cal.ics", tmp_path / "b.pdf"
    ics.write_bytes(read("netease-qiye-request.ics"))
    pdf.write_bytes(b"%PDF")
    result = runner.invoke(app, ["attach", str(account(tmp_path)), "--ics", str(ics), "--brief", str(pdf)])
    assert result.exit_code == 2 and str(path) in result.output.replace("\n", "") and key in result.output
    assert ":2" in result.output.replace("\n", "")  # the line
    assert ics.read_bytes() == read("netease-qiye-request.ics")


def test_tonight_reads_a_floating_visit_on_the_settings_clock_and_briefs_it(tmp_path):
    from briefing.demo import serve_site
    from sites import SITES

    settings('timezone = "Asia/Shanghai"\n')
    wall = (datetime.now(SHANGHAI) + timedelta(hours=5)).replace(second=0, microsecond=0, tzinfo=None)
    calendar = tmp_path / "phone.ics"
    calendar.write_bytes(read("davx5-floating-and-all-day.ics")
                         .replace(b"DTSTART:20261128T100000", f"DTSTART:{wall:%Y%m%dT%H%M%S}".encode())
                         .replace(b"DTEND:20261128T113000", f"DTEND:{wall + timedelta(hours=1):%Y%m%dT%H%M%S}".encode()))
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    with serve_site(SITES / "demo") as site:
        (accounts / "hengyuan.toml").write_text(
            f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{site}"\n', "utf-8")
        result = runner.invoke(app, ["tonight", "--calendar", str(calendar), "--accounts", str(accounts), "--within", "6h",
                                     "--store", str(tmp_path / "s.sqlite3"), "--allow-private", "--json"])
    outcomes = json.loads(result.stdout)
    [floating] = [o for o in outcomes if o["uid"] == "0b6f5c7e-2a1d-4b8e-9f3c-7d5e4a3b2c1d"]
    assert floating["state"] == "built", result.output
    assert datetime.fromisoformat(floating["start"]) == wall.replace(tzinfo=SHANGHAI)
    assert floating["start"].endswith("+08:00") and floating["warnings"] == []


def test_tonight_says_when_a_visits_time_was_guessed(tmp_path):
    from briefing.demo import serve_site
    from sites import SITES

    settings('timezone = "Asia/Shanghai"\n')
    soon = datetime.now(SHANGHAI) + timedelta(hours=3)
    invite = read("exmail-bizmail-broken-vtimezone.ics") \
        .replace(b"DTSTART;TZID=+8:20261128T093000", f"DTSTART;TZID=+8:{soon:%Y%m%dT%H%M00}".encode()) \
        .replace(b"DTEND;TZID=+8:20261128T113000", f"DTEND;TZID=+8:{soon + timedelta(hours=2):%Y%m%dT%H%M00}".encode())
    calendar = tmp_path / "invite.ics"
    calendar.write_bytes(invite)
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    with serve_site(SITES / "demo") as site:
        (accounts / "hengyuan.toml").write_text(
            f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{site}"\n', "utf-8")
        result = runner.invoke(app, ["tonight", "--calendar", str(calendar), "--accounts", str(accounts), "--within", "24h",
                                     "--store", str(tmp_path / "s.sqlite3"), "--allow-private", "--json"])
    assert result.exit_code == 1, result.output  # built, but its time is a guess: said, as stale sources are
    [outcome] = json.loads(result.stdout)
    assert outcome["state"] == "built" and outcome["degraded"]
    assert "'+8'" in outcome["reason"] and outcome["warnings"] and "'+8'" in outcome["warnings"][0]
    assert invites.read_calendars(calendar.read_bytes(), "x")  # written, broken zone and all
