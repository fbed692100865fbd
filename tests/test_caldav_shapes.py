"""`attach --caldav` and `tonight` on calendars shaped as Feishu (Lark) and DingTalk serve them,
held by a real CalDAV server (Radicale on 127.0.0.1): Feishu's PRODID, X-WR-CALNAME and UTC
times, a calendar under /<user>/<uuid>/; DingTalk's /<user>/primary/ with resources named without
".ics", an event its organiser (the customer) owns. What is and is not known about those servers:
fixtures/calendars/README.md and the README's calendar section. Radicale keeps a series and its
overrides in one resource (RFC 4791); a server that splits them (reported of Feishu by one public
client's tests) is tested on the resource chooser itself.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import caldav
import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from briefing.calendars import caldav as calendar_server, invites
from briefing.calendars.owner import Owner
from briefing.calendars.series import recurrence_key
from briefing.cli import app
from test_caldav import start_radicale
from test_calendar_series import inserted

runner = CliRunner()
CALENDARS = Path(__file__).resolve().parent.parent / "fixtures" / "calendars"
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = timezone.utc
FEISHU_UID = "5c0a7e3f-8d21-4b6e-9a4c-2f1e0d9c8b7a_0"
DINGTALK_UID = "dt-8f0e1d2c3b4a59687766554433221100"
NAMES = ["江苏恒远环保工程有限公司", "恒远环保"]


def read(name: str) -> bytes:
    return (CALENDARS / name).read_bytes()


def put(client: caldav.DAVClient, url: str, data: bytes) -> None:
    answer = client.put(url, data.decode("utf-8"), {"Content-Type": "text/calendar; charset=utf-8"})
    assert answer.status in (201, 204), answer.status


@pytest.fixture()
def servers(tmp_path, monkeypatch):
    """One Radicale holding a Feishu-shaped calendar and a DingTalk-shaped one; their URLs."""
    process, port, reader = start_radicale(tmp_path / "collections")
    try:
        base = f"http://127.0.0.1:{port}/"
        monkeypatch.setenv("BRIEFING_CALDAV_USER", "u_ptkj8470")
        monkeypatch.setenv("BRIEFING_CALDAV_PASSWORD", "generated-by-the-app")
        client = caldav.DAVClient(url=base, username="u_ptkj8470", password="generated-by-the-app")
        feishu = client.principal().make_calendar(name="张三", cal_id="613469B5-4597-8001-6134-69B545978001")
        put(client, f"{feishu.url}{FEISHU_UID}.ics", read("feishu-weekly-visit.ics"))
        put(client, f"{feishu.url}a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d_0.ics", read("feishu-all-day.ics"))
        dingtalk = client.principal().make_calendar(name="Primary", cal_id="primary")
        put(client, f"{dingtalk.url}{DINGTALK_UID}", read("dingtalk-weekly-visit.ics"))  # no ".ics"
        yield SimpleNamespace(client=client, feishu=str(feishu.url), dingtalk=str(dingtalk.url))
    finally:
        process.terminate()
        reader.join(30)
        process.wait(timeout=30)


def resource(client: caldav.DAVClient, url: str, uid: str) -> bytes:
    [item] = [e for e in client.calendar(url=url).events() if uid in e.data]
    return item.data.encode("utf-8")


def settings(text: str) -> None:
    (Path(os.environ["BRIEFING_HOME"]) / "settings.toml").write_text(text, "utf-8")


def next_weekly(weekday: int, hour: int, minute: int, after: datetime) -> datetime:
    """The first weekly occurrence in Shanghai at or after `after` (the series' exceptions are all in 2026)."""
    day = after.astimezone(SHANGHAI).date() - timedelta(days=1)
    while True:
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)
        if candidate.weekday() == weekday and candidate >= after and candidate > datetime(2026, 10, 30, tzinfo=UTC):
            return candidate
        day += timedelta(days=1)


def test_attach_on_a_feishu_shaped_calendar_goes_on_the_coming_occurrence(tmp_path, servers):
    settings('timezone = "Asia/Shanghai"\nemail = "zhang.san@example.com"\n')
    before = resource(servers.client, servers.feishu, FEISHU_UID)
    pdf, account = tmp_path / "brief.pdf", tmp_path / "hengyuan.toml"
    pdf.write_bytes(b"%PDF-1.4 brief")
    account.write_text('name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n', "utf-8")
    expected = next_weekly(2, 9, 30, datetime.now(UTC) - invites.STARTED_LATELY)  # Wednesdays 01:30 UTC
    result = runner.invoke(app, ["attach", str(account), "--caldav", servers.feishu, "--brief", str(pdf)])
    assert result.exit_code == 0, result.output
    after = resource(servers.client, servers.feishu, FEISHU_UID)
    block = inserted(before.replace(b"\r\n", b"\n"), after.replace(b"\r\n", b"\n"))  # the series' text is as it was
    [override] = Calendar.from_ical(b"BEGIN:VCALENDAR\n" + block + b"END:VCALENDAR\n").walk("VEVENT")
    assert override["RECURRENCE-ID"].dt == expected and override["RECURRENCE-ID"].to_ical().endswith(b"Z")  # UTC, as Feishu writes
    assert str(override["ORGANIZER"]) == "mailto:zhang.san@example.com" and int(override["SEQUENCE"]) == 1  # the owner's own
    assert invites.attached_brief(after, filename="brief.pdf", names=NAMES, uid=FEISHU_UID, recurrence=recurrence_key(expected),
                                  now=datetime.now(UTC)) == b"%PDF-1.4 brief"
    untouched = resource(servers.client, servers.feishu, "a1b2c3d4")  # the other event, as it was
    assert Calendar.from_ical(untouched).to_ical() == Calendar.from_ical(read("feishu-all-day.ics")).to_ical()


def test_tonight_on_feishu_and_dingtalk_shaped_calendars(tmp_path, servers):
    from briefing.demo import serve_site
    from sites import SITES

    settings('timezone = "Asia/Shanghai"\nemail = "zhang.san@example.com"\n')
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    start = datetime.now(UTC) + timedelta(minutes=1)  # tonight's "now" is a moment later
    outcomes = {}
    with serve_site(SITES / "demo") as site:
        (accounts / "hengyuan.toml").write_text(
            f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{site}"\n', "utf-8")
        for url in (servers.feishu, servers.dingtalk):
            result = runner.invoke(app, ["tonight", "--calendar", url, "--accounts", str(accounts), "--within", "7d",
                                         "--store", str(tmp_path / "s.sqlite3"), "--allow-private", "--json"])
            assert result.exit_code == 0, result.output
            outcomes.update({o["uid"]: o for o in json.loads(result.stdout)})
    for uid, url, expected in ((FEISHU_UID, servers.feishu, next_weekly(2, 9, 30, start)),
                               (DINGTALK_UID, servers.dingtalk, next_weekly(3, 14, 0, start))):
        outcome = outcomes[uid]
        assert outcome["state"] in ("built", "unchanged") and datetime.fromisoformat(outcome["start"]) == expected, outcome
        brief = Path(outcome["brief"])
        data = resource(servers.client, url, uid)
        assert invites.attached_brief(data, filename=brief.name, names=NAMES, uid=uid, recurrence=recurrence_key(expected),
                                      now=datetime.now(UTC)) == brief.read_bytes()
    dingtalk = [e for e in Calendar.from_ical(resource(servers.client, servers.dingtalk, DINGTALK_UID)).walk("VEVENT")
                if e.get("RECURRENCE-ID") is not None]
    [override] = dingtalk  # the customer organises it: their SEQUENCE and DTSTAMP, our ATTACH
    assert int(override["SEQUENCE"]) == 0 and override["DTSTAMP"].to_ical() == b"20261009T013000Z"
    assert override["DTSTART"].params["TZID"] == "Asia/Shanghai"


def test_a_server_keeping_an_override_in_a_resource_of_its_own():
    master_only = read("feishu-weekly-visit.ics")
    master_only = master_only[:master_only.index(b"BEGIN:VEVENT", master_only.index(b"END:VEVENT"))] + b"END:VCALENDAR\r\n"
    alone = read("feishu-override-alone.ics")
    resources = [(SimpleNamespace(name="master"), invites.read_calendars(master_only, "m")[0]),
                 (SimpleNamespace(name="override"), invites.read_calendars(alone, "o")[0])]
    owner = Owner(SHANGHAI)
    moved, target = calendar_server._resource_of(resources, NAMES, FEISHU_UID, datetime(2026, 10, 26, tzinfo=UTC), "url",
                                                 "", owner)
    assert moved.name == "override" and target.master is None  # the next one is the moved one: its own resource
    result = invites.attach(alone, brief=b"%PDF", filename="b.pdf", names=NAMES, uid=FEISHU_UID,
                            recurrence=target.occurrence.recurrence, now=datetime(2026, 10, 26, tzinfo=UTC), owner=owner)
    assert result.changed and b"RRULE" not in result.ics and result.ics.count(b"BEGIN:VEVENT") == 1
    series, target = calendar_server._resource_of(resources, NAMES, FEISHU_UID, datetime(2026, 11, 1, tzinfo=UTC), "url",
                                                  "", owner)
    assert series.name == "master" and target.master is not None  # a new override goes in with its series
    assert target.occurrence.recurrence == "20261104T013000Z"
