"""An invite someone else sent (METHOD:REQUEST, or an ORGANIZER who is not the owner): attaching
the brief adds our ATTACH and changes nothing the organiser owns, SEQUENCE and DTSTAMP above all,
so that the organiser's next update is not taken for an older one.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Event
from typer.testing import CliRunner

from briefing.calendars import invites
from briefing.calendars.owner import Owner
from briefing.cli import app

runner = CliRunner()
CALENDARS = Path(__file__).resolve().parent.parent / "fixtures" / "calendars"
BERLIN, SHANGHAI = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Shanghai")
ME = Owner(SHANGHAI, ("zhang.san@example.com",))


def read(name: str) -> bytes:
    return (CALENDARS / name).read_bytes()


def carrying(data: bytes) -> Event:
    [event] = [e for c in invites.read_calendars(data, "x") for e in c.walk("VEVENT") if b"X-BRIEFING" in e.to_ical()]
    return event


def without_attach(event: Event) -> bytes:
    copy = Event.from_ical(event.to_ical())
    copy.pop("ATTACH", None)
    return copy.to_ical()


def test_an_exchange_request_keeps_the_organisers_sequence_and_stamp_on_its_override():
    data = read("exchange-invite-berlin.ics")
    before = next(e for c in invites.read_calendars(data, "x") for e in c.walk("VEVENT") if e.get("RECURRENCE-ID"))
    result = invites.attach(data, brief=b"%PDF-1 a", filename="b.pdf", names=["恒远环保"],
                            now=datetime(2026, 10, 21, 12, tzinfo=BERLIN), owner=Owner(BERLIN))
    after = carrying(result.ics)
    assert int(after["SEQUENCE"]) == 3 and after["DTSTAMP"].to_ical() == b"20261028T121500Z"
    assert without_attach(after) == without_attach(before)  # only our ATTACH is new
    newer = invites.attach(result.ics, brief=b"%PDF-1 b", filename="b.pdf", names=["恒远环保"],
                           now=datetime(2026, 10, 22, 12, tzinfo=BERLIN), owner=Owner(BERLIN))
    assert newer.changed and int(carrying(newer.ics)["SEQUENCE"]) == 3  # a new brief replaces ours, still nothing else


def test_a_new_override_of_an_invite_carries_the_series_sequence_and_stamp():
    result = invites.attach(read("exchange-invite-berlin.ics"), brief=b"%PDF", filename="b.pdf", names=["恒远环保"],
                            now=datetime(2026, 11, 5, 12, tzinfo=BERLIN), owner=Owner(BERLIN))
    override = carrying(result.ics)
    assert int(override["SEQUENCE"]) == 2 and override["DTSTAMP"].to_ical() == b"20261005T080212Z"
    assert str(override["ORGANIZER"]) == "mailto:li.ming@hengyuan-env.example"


def test_netease_and_exmail_requests_keep_sequence_and_stamp():
    for name, stamp in (("netease-qiye-request.ics", b"20261119T103212Z"), ("exmail-bizmail-broken-vtimezone.ics", b"20261120T162139")):
        result = invites.attach(read(name), brief=b"%PDF", filename="b.pdf", names=["恒远环保"],
                                now=datetime(2026, 11, 27, tzinfo=SHANGHAI), owner=Owner(SHANGHAI))
        event = carrying(result.ics)
        assert result.changed and int(event["SEQUENCE"]) == 0 and event["DTSTAMP"].to_ical() == stamp, name


def test_without_method_an_organizer_who_is_not_the_owner_makes_it_their_invite():
    data = read("dingtalk-weekly-visit.ics")  # a server's copy: no METHOD, organised by the customer
    now = datetime(2026, 11, 2, tzinfo=SHANGHAI)
    theirs = invites.attach(data, brief=b"%PDF", filename="b.pdf", names=["恒远环保"], now=now, owner=ME)
    assert int(carrying(theirs.ics)["SEQUENCE"]) == 0 and carrying(theirs.ics)["DTSTAMP"].to_ical() == b"20261009T013000Z"
    unknown = invites.attach(data, brief=b"%PDF", filename="b.pdf", names=["恒远环保"], now=now, owner=Owner(SHANGHAI))
    assert int(carrying(unknown.ics)["SEQUENCE"]) == 1  # the owner's address unknown: a calendar of their own


def test_the_owners_own_event_moves_sequence_and_stamp_when_the_brief_changes():
    now = datetime(2026, 10, 28, 12, tzinfo=BERLIN)
    mine = Owner(BERLIN, ("Zhang.San@example.com".lower(),))
    result = invites.attach(read("google-weekly-berlin.ics"), brief=b"%PDF", filename="b.pdf", names=["恒远环保"], now=now, owner=mine)
    event = carrying(result.ics)  # a new override of a series the owner organises
    assert int(event["SEQUENCE"]) == 1 and event["DTSTAMP"].dt == now


def test_attach_from_the_command_line_leaves_an_invite_as_the_organiser_sent_it(tmp_path):
    import os

    (Path(os.environ["BRIEFING_HOME"]) / "settings.toml").write_text(
        'timezone = "Asia/Shanghai"\nemail = ["zhang.san@example.com"]\n', "utf-8")
    ics, pdf, account = tmp_path / "invite.ics", tmp_path / "b.pdf", tmp_path / "hengyuan.toml"
    original = read("netease-qiye-request.ics").replace(b":20261128T", b":20991128T")
    ics.write_bytes(original)
    pdf.write_bytes(b"%PDF-1.4 brief")
    account.write_text('name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n', "utf-8")
    result = runner.invoke(app, ["attach", str(account), "--ics", str(ics), "--brief", str(pdf)])
    assert result.exit_code == 0, result.output
    event = carrying(ics.read_bytes())
    assert int(event["SEQUENCE"]) == 0 and event["DTSTAMP"].to_ical() == b"20261119T103212Z"
    before = next(e for c in invites.read_calendars(original, "x") for e in c.walk("VEVENT"))
    assert without_attach(event) == without_attach(before)
    assert invites.attached_brief(ics.read_bytes(), filename="b.pdf", names=["恒远环保"],
                                  now=datetime.now(timezone.utc)) == b"%PDF-1.4 brief"
