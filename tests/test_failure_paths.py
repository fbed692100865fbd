"""Paths a review of the network work found still ending in a traceback, a wrong word, or a hang:
each is now an expected failure with a clear message and a documented exit code.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.calendars import caldav
from briefing.cli import app
from briefing.demo import fixtures_dir
from briefing.errors import FetchError, OutputError
from briefing.gathering.fetch import Fetcher, FetchSettings
from briefing.store.files import locked

runner = CliRunner()
NAME = "江苏恒远环保工程有限公司"
DEMO = fixtures_dir() / "demo"


def _ran(result) -> bool:  # type: ignore[no-untyped-def]
    """The command ended as the CLI ends it (a SystemExit with its code), not by an uncaught
    exception, which CliRunner would also report as exit code 1."""
    return result.exception is None or isinstance(result.exception, SystemExit)


def _account(folder: Path, sources: str) -> Path:
    shutil.copy(DEMO / "registry.html", folder / "registry.html")
    path = folder / "acme.toml"
    path.write_text(f'name = "{NAME}"\n[sources]\nregistry = "registry.html"\n{sources}\n', "utf-8")
    return path


def test_a_host_that_cannot_be_a_name_is_a_failed_page_not_a_crash():
    """`a..com`, a label over 63 characters: the name cannot even be asked for."""
    async def go(url: str) -> None:
        async with Fetcher(FetchSettings(obey_robots=False, retries=0)) as fetcher:
            await fetcher.fetch(url)

    for url in (f"http://{'x' * 64}.example.com/", "http://a..com/x"):
        with pytest.raises(FetchError):
            asyncio.run(go(url))


def test_an_output_that_is_a_folder_is_refused_before_any_fetching(tmp_path: Path):
    path = _account(tmp_path, "")
    for output in ("", "/", str(tmp_path)):
        result = runner.invoke(app, ["build", str(path), "--no-store", "-o", output])
        assert _ran(result) and result.exit_code == 3, result.output
        assert "is a folder, not a file" in result.output
    result = runner.invoke(app, ["build", str(path), "--store", "", "-o", str(tmp_path / "b.pdf")])
    assert _ran(result) and result.exit_code == 3 and "not a store file" in result.output


def test_a_lock_on_a_path_with_no_file_name_is_an_output_error():
    with pytest.raises(OutputError, match="not a file name"):
        with locked(Path("/")):
            pass


def test_tonight_with_stale_sources_says_so_and_exits_1(tmp_path: Path):
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    _account(accounts, 'site = "https://www.hengyuan-env.invalid/"')
    now = datetime.now(timezone.utc)
    start = (now + timedelta(hours=10)).strftime("%Y%m%dT%H%M%SZ")
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:v@x\r\n"
                          f"DTSTAMP:20261120T010000Z\r\nDTSTART:{start}\r\nSUMMARY:拜访{NAME}\r\nEND:VEVENT\r\n"
                          "END:VCALENDAR\r\n").encode("utf-8"))
    result = runner.invoke(app, ["tonight", "--calendar", str(calendar), "--accounts", str(accounts),
                                 "--store", str(tmp_path / "s.sqlite3"), "--json"])
    assert _ran(result) and result.exit_code == 1, result.output
    [outcome] = json.loads(result.stdout)
    assert outcome["state"] == "built" and outcome["degraded"]
    assert "could not find www.hengyuan-env.invalid" in outcome["reason"]


def test_the_offline_hint_is_for_a_builds_own_sites_each_failed_on_the_network():
    """A batch shares one fetcher: an account is "offline?" only when every site it tried failed
    on the network, whatever the other accounts' sites did. A TLS failure is not one (the
    network answered): tests/test_offline.py builds against such a server."""
    fetcher = Fetcher()
    assert not fetcher.nothing_reached(set())  # nothing tried, nothing to say
    fetcher.unreached["a.example"] = "could not find a.example"
    fetcher.reached.add("b.example")
    assert fetcher.nothing_reached({"a.example"}) and not fetcher.nothing_reached({"a.example", "b.example"})


def test_a_calendar_server_that_trickles_is_given_up_at_the_deadline(tmp_path: Path, monkeypatch):
    """One header line now and then never trips a per-read timeout: the whole read has a deadline."""
    release = threading.Event()

    class Trickle(BaseHTTPRequestHandler):
        def do_PROPFIND(self) -> None:  # noqa: N802 - the protocol's name
            self.send_response(207)
            while not release.wait(0.2):
                try:
                    self.wfile.write(b"X-Slow: 1\r\n")
                    self.wfile.flush()
                except OSError:
                    return

        do_GET = do_REPORT = do_OPTIONS = do_PROPFIND  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(caldav, "DEADLINE", 1.5)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/cal/"
        accounts = tmp_path / "accounts"
        accounts.mkdir()
        result = runner.invoke(app, ["tonight", "--calendar", url, "--accounts", str(accounts),
                                     "--store", str(tmp_path / "s.sqlite3")])
        assert _ran(result) and result.exit_code == 3, result.output
        assert "did not finish answering within 1.5 s" in result.output
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def test_a_damaged_store_is_said_even_when_the_build_then_fails(tmp_path: Path):
    path = _account(tmp_path, 'site = "https://www.hengyuan-env.invalid/"')
    store = tmp_path / "s.sqlite3"
    store.write_bytes(b"not a database" * 1000)
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF-1.4 the earlier brief")
    result = runner.invoke(app, ["build", str(path), "--store", str(store), "-o", str(pdf), "--offline"])
    assert _ran(result)
    assert "damaged" in result.output and list(tmp_path.glob("s.sqlite3.damaged-*"))


def test_credentials_in_an_odd_scheme_are_not_echoed(tmp_path: Path):
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "{NAME}"\n[sources]\nsite = "ftp://wang:hunter2@a.cn/"\n', "utf-8")
    result = runner.invoke(app, ["build", str(path), "--no-store"])
    assert _ran(result) and result.exit_code == 2 and "hunter2" not in result.output
