"""The brief on an event of a real CalDAV server (Radicale, started here on 127.0.0.1)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import caldav
import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from briefing.calendars import caldav as calendar_server, invites
from briefing.cli import app

runner = CliRunner()
EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:visit-42@example.com
DTSTAMP:20261120T010000Z
DTSTART:20261128T013000Z
DTEND:20261128T033000Z
SUMMARY:拜访恒远环保
LOCATION:宜兴
SEQUENCE:0
END:VEVENT
END:VCALENDAR
"""
NAMES = ["江苏恒远环保工程有限公司", "恒远环保"]


@contextlib.contextmanager
def refusing_port() -> Iterator[int]:
    """A port of 127.0.0.1 bound and never listening, for as long as the block runs: every
    connection to it is refused, and no other server can take it meanwhile."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


def start_radicale(folder: Path, tries: int = 5) -> tuple[subprocess.Popen[str], int, threading.Thread]:
    """Radicale on a port of its own; returns once it says it listens there.

    Radicale takes no port 0 ("port out-of-range") and no socket handed to it, so it is given a
    port that was free a moment ago, and should another program take it first, Radicale says it
    cannot bind and another port is tried. Readiness is Radicale's own "Listening on" and "ready"
    log lines, not a connection that might reach some other server on that port. Its log goes on
    (a line per request): the thread returned reads it to the end, so it never blocks on a full pipe."""
    said: list[str] = []
    for _ in range(tries):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}", "--auth-type", "none",
             "--storage-filesystem-folder", str(folder), "--logging-level", "info"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
        )
        assert process.stderr is not None
        said = []
        listening = False
        for line in process.stderr:  # blocks until Radicale says something, or ends
            said.append(line)
            listening = listening or f"Listening on '127.0.0.1:{port}'" in line
            if "Radicale server ready" in line and listening:
                reader = threading.Thread(target=process.stderr.read, daemon=True)
                reader.start()
                return process, port, reader
        process.wait(timeout=60)
        if not any("cannot create server socket" in line for line in said):
            break  # not a port taken meanwhile: no use trying another
    pytest.fail("radicale did not start:\n" + "".join(said[-20:]))


@pytest.fixture()
def radicale(tmp_path, monkeypatch):
    process, port, reader = start_radicale(tmp_path / "collections")
    try:
        base = f"http://127.0.0.1:{port}/"
        monkeypatch.setenv("BRIEFING_CALDAV_USER", "sales")
        monkeypatch.setenv("BRIEFING_CALDAV_PASSWORD", "anything")
        client = caldav.DAVClient(url=base, username="sales", password="anything")
        calendar = client.principal().make_calendar(name="visits", cal_id="visits")
        calendar.save_event(EVENT)
        yield str(calendar.url)
    finally:
        process.terminate()
        reader.join(30)  # to the end of its log: it has closed its side, it is exiting
        process.wait(timeout=30)


def server_event(url: str) -> Calendar:
    client = caldav.DAVClient(url=url, username="sales", password="anything")
    [item] = client.calendar(url=url).events()
    return Calendar.from_ical(item.data)


def account(tmp_path: Path) -> Path:
    path = tmp_path / "acme.toml"
    path.write_text('name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n', "utf-8")
    return path


def test_attach_on_the_server_round_trips_the_pdf(tmp_path, radicale):
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    [event] = server_event(radicale).walk("VEVENT")
    sequence = int(event.get("SEQUENCE", 0))
    result = runner.invoke(app, ["attach", str(account(tmp_path)), "--caldav", radicale, "--brief", str(pdf)])
    assert result.exit_code == 0, result.output
    data = server_event(radicale).to_ical()
    assert invites.attached_brief(data, filename="b.pdf", names=NAMES, now=datetime.now(timezone.utc)) == pdf.read_bytes()
    [event] = server_event(radicale).walk("VEVENT")
    assert int(event["SEQUENCE"]) == sequence + 1 and str(event["UID"]) == "visit-42@example.com"  # one new revision
    again = runner.invoke(app, ["attach", str(account(tmp_path)), "--caldav", radicale, "--brief", str(pdf)])
    assert again.exit_code == 0 and "already carries this brief" in again.output
    [event] = server_event(radicale).walk("VEVENT")
    assert int(event["SEQUENCE"]) == sequence + 1  # unchanged brief: no new revision


def test_a_412_reads_the_event_again_and_keeps_the_other_change(tmp_path, radicale, monkeypatch):
    original = invites.attach
    calls = {"n": 0}

    def someone_edits_meanwhile(data: bytes, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:  # between our read and our write, the organizer moves the room
            client = caldav.DAVClient(url=radicale, username="sales", password="anything")
            [item] = client.calendar(url=radicale).events()
            item.data = item.data.replace("LOCATION:宜兴", "LOCATION:宜兴 5楼会议室")
            item.save(increase_seqno=False)
        return original(data, **kwargs)

    monkeypatch.setattr(invites, "attach", someone_edits_meanwhile)
    result = calendar_server.attach(radicale, brief=b"%PDF-1.4 x", filename="b.pdf", names=NAMES, now=datetime.now(timezone.utc))
    assert result.changed and calls["n"] == 2  # a 412, then a second read and attach
    [event] = server_event(radicale).walk("VEVENT")
    assert str(event["LOCATION"]) == "宜兴 5楼会议室"  # their change survived: no blind overwrite
    assert invites.attached_brief(server_event(radicale).to_ical(), filename="b.pdf", names=NAMES,
                                  now=datetime.now(timezone.utc)) == b"%PDF-1.4 x"


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF")
    with refusing_port() as port:
        url = f"http://127.0.0.1:{port}/sales/visits/"
        result = runner.invoke(app, ["attach", str(account(tmp_path)), "--caldav", url, "--brief", str(pdf)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info  # no crash
    assert result.exit_code == 3 and url in result.output


def test_tonight_on_a_caldav_calendar(tmp_path, radicale):
    import json
    from datetime import timedelta

    from briefing.demo import serve_site
    from sites import SITES

    start = datetime.now(timezone.utc) + timedelta(hours=5)
    client = caldav.DAVClient(url=radicale, username="sales", password="anything")
    client.calendar(url=radicale).save_event(EVENT.replace("visit-42@example.com", "soon@example.com")
                                             .replace("20261128T013000Z", f"{start:%Y%m%dT%H%M%SZ}")
                                             .replace("20261128T033000Z", f"{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}"))
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    with serve_site(SITES / "demo") as site:
        (accounts / "hengyuan.toml").write_text(
            f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{site}"\n', "utf-8")
        result = runner.invoke(app, ["tonight", "--calendar", radicale, "--accounts", str(accounts), "--within", "24h",
                                     "--store", str(tmp_path / "s.sqlite3"), "--allow-private", "--json"])
    assert result.exit_code == 0, result.output
    outcomes = {o["uid"]: o for o in json.loads(result.stdout)}
    assert outcomes["soon@example.com"]["state"] == "built"
    events = client.calendar(url=radicale).events()
    soon = next(e for e in events if "soon@example.com" in e.data)
    pdf = Path(outcomes["soon@example.com"]["brief"])
    assert invites.attached_brief(soon.data.encode(), filename=pdf.name, names=NAMES, uid="soon@example.com",
                                  now=datetime.now(timezone.utc)) == pdf.read_bytes()
