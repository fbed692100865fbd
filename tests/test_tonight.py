"""`briefing tonight`: visits in the window found, matched to accounts, briefs built and attached."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.calendars import invites
from briefing.cli import app
from briefing.demo import serve_site
from briefing.calendars.tonight import parse_window
from sites import SITES

runner = CliRunner()


def ics_with(events: list[tuple[str, str, datetime]]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN"]
    for uid, summary, start in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261120T010000Z", f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
                  f"SUMMARY:{summary}", "END:VEVENT"]
    return ("\r\n".join(lines + ["END:VCALENDAR"]) + "\r\n").encode("utf-8")


@pytest.fixture(scope="module")
def site():
    with serve_site(SITES / "demo") as base:
        yield base


def test_tonight_builds_attaches_and_reports_each_visit(tmp_path, site):
    now = datetime.now(timezone.utc)
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    (accounts / "hengyuan.toml").write_text(
        f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{site}"\n', "utf-8")
    (accounts / "broken.toml").write_text('name = \n', "utf-8")
    (accounts / "gone.toml").write_text('name = "无锡清源设备有限公司"\n[sources]\nsite = "http://127.0.0.1:9/"\n', "utf-8")
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([
        ("a@x", "拜访恒远环保", now + timedelta(hours=14)),
        ("b@x", "与无锡清源设备有限公司交流", now + timedelta(hours=16)),
        ("c@x", "Team lunch", now + timedelta(hours=3)),
        ("d@x", "拜访恒远环保（下周）", now + timedelta(days=6)),  # outside the window
    ]))
    args = ["tonight", "--calendar", str(calendar), "--accounts", str(accounts), "--within", "24h",
            "--store", str(tmp_path / "s.sqlite3"), "--allow-private", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output  # one account failed
    outcomes = {o["uid"] or o["account"]: o for o in json.loads(result.stdout)}
    assert outcomes["a@x"]["state"] == "built" and Path(outcomes["a@x"]["brief"]).is_file()
    assert outcomes["b@x"]["state"] == "failed" and "no source could be read" in outcomes["b@x"]["reason"]
    assert outcomes["c@x"]["state"] == "unmatched"
    assert "d@x" not in outcomes
    assert any(o["state"] == "failed" and o["account"].endswith("broken.toml") for o in outcomes.values())
    pdf = Path(outcomes["a@x"]["brief"]).read_bytes()
    data = calendar.read_bytes()
    assert invites.attached_brief(data, filename=Path(outcomes["a@x"]["brief"]).name, names=["恒远环保"], uid="a@x", now=now) == pdf
    assert (tmp_path / "work.ics.bak").is_file()

    again = runner.invoke(app, args)
    states = {o["uid"]: o["state"] for o in json.loads(again.stdout) if o["uid"]}
    assert states["a@x"] == "unchanged"
    assert calendar.read_bytes() == data  # nothing changed: the calendar is left alone


def test_an_event_two_accounts_claim_is_left_unmatched(tmp_path):
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    for name in ("江苏恒远环保工程有限公司", "恒远环保科技有限公司"):
        (accounts / f"{len(name)}.toml").write_text(f'name = "{name}"\naliases = ["恒远环保"]\n', "utf-8")
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([("a@x", "拜访恒远环保", datetime.now(timezone.utc) + timedelta(hours=2))]))
    result = runner.invoke(app, ["tonight", "--calendar", str(calendar), "--accounts", str(accounts),
                                 "--store", str(tmp_path / "s.sqlite3"), "--json"])
    [outcome] = json.loads(result.stdout)
    assert outcome["state"] == "unmatched" and "several accounts" in outcome["reason"]


def test_the_window_and_bad_arguments():
    assert parse_window("90m") == timedelta(minutes=90) and parse_window("2d") == timedelta(days=2)
    result = runner.invoke(app, ["tonight", "--calendar", "x.ics", "--accounts", ".", "--within", "soon"])
    assert result.exit_code == 2 and "24h" in result.output
    result = runner.invoke(app, ["tonight", "--calendar", "/nonexistent.ics", "--accounts", "."])
    assert result.exit_code == 2 and "cannot be read" in result.output
