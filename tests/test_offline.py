"""When the network fails under the brief: no network at all, a dead domain, a refused connection,
a certificate nobody trusts, a Wi-Fi login page answering for every site, sources that never
finish. Each is met for real: a network namespace with no network (`unshare -n`, as root), host
names under `.invalid` (RFC 6761: never resolve), servers of the test's own on 127.0.0.1. In
every case the brief is written (exit 1), the source is stale with the reason in plain words,
the store's copy is used where there is one, and no traceback reaches the user.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.demo import fixtures_dir, serve_site
from briefing.gathering.fetch import Fetcher, FetchSettings
from loopback import serve
from misbehaving import misbehaving
from sites import SITES

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
NAME = "江苏恒远环保工程有限公司"
DEMO = fixtures_dir() / "demo"


def _can_unshare() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


needs_netns = pytest.mark.skipif(not _can_unshare(), reason="needs root and `unshare -n` (CI runs as root)")


def _readme_account(folder: Path, site: str = "https://www.hengyuan-env.com.cn/") -> Path:
    """The README's own account example: a website, a saved registry page, a WeChat article, notes."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "saved").mkdir(exist_ok=True)
    shutil.copy(DEMO / "registry.html", folder / "saved" / "qichacha.html")
    (folder / "notes").mkdir(exist_ok=True)
    shutil.copy(DEMO / "notes.md", folder / "notes" / "hengyuan.md")
    path = folder / "hengyuan.toml"
    path.write_text(f'''name = "{NAME}"
aliases = ["恒远环保"]
language = "zh"

[sources]
site = "{site}"
registry = ["saved/qichacha.html"]
wechat = ["https://mp.weixin.qq.com/s/abc"]
notes = "notes/hengyuan.md"

[visit]
start = 2026-11-28T09:30:00+08:00
place = "宜兴市环科园绿园路 8 号 5 楼会议室"
attendees = [
  {{ name = "李明", title = "总经理", dept = "总经理办公室" }},
]
agenda = ["往期案例"]
''', "utf-8")
    return path


def _briefing(*args: str, netns: bool = False, home: Path) -> subprocess.CompletedProcess[str]:
    """The installed command as a user runs it; in a namespace with no network when asked."""
    command = [sys.executable, "-m", "briefing", *args]
    if netns:
        command = ["unshare", "-n", *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BRIEFING_HOME": str(home)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def _sources(json_path: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    return {s["adapter"]: s for s in json.loads(json_path.read_text("utf-8"))["sources"]}


def _no_crash(result) -> None:  # type: ignore[no-untyped-def]
    """The command ended by its own exit code, not by an exception escaping it: CliRunner turns an
    uncaught exception into exit code 1 and prints no traceback, so the exit code alone cannot
    tell a clean exit 1 from a crash, and "Traceback" is never in its output."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info


@needs_netns
def test_the_readme_account_with_no_network_at_all_gets_its_brief(tmp_path: Path):
    path = _readme_account(tmp_path / "account")
    pdf, out = tmp_path / "brief.pdf", tmp_path / "brief.json"
    done = _briefing("build", str(path), "-o", str(pdf), "--json", str(out), netns=True, home=tmp_path / "home")
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 1, done.stderr
    assert pdf.is_file() and pypdf.PdfReader(pdf).pages
    sources = _sources(out)
    for adapter, host in (("site", "www.hengyuan-env.com.cn"), ("wechat", "mp.weixin.qq.com")):
        assert sources[adapter]["status"] == "stale"
        assert f"could not find {host}: no network, or the domain does not exist" in sources[adapter]["reason"]
    assert sources["registry"]["status"] == "ok" and sources["notes"]["status"] == "ok"  # what is on disk still counts
    assert "could not find www.hengyuan-env.com.cn" in done.stderr
    assert "offline?" in done.stderr and "--offline" in done.stderr
    text = "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).replace("\n", "")
    assert "could not find www.hengyuan-env.com.cn" in text  # the reason is in the brief, on page 1's 注意


@needs_netns
def test_refresh_with_no_network_uses_the_stored_copies_and_says_so(tmp_path: Path):
    """Built once online (the site on 127.0.0.1), then refreshed where nothing can be reached:
    the store's copies make the brief, each source stale with its age and the reason."""
    store = tmp_path / "store.sqlite3"
    with serve_site(SITES / "demo") as base:
        path = _readme_account(tmp_path / "account", site=base)
        first = _briefing("build", str(path), "-o", str(tmp_path / "first.pdf"), "--store", str(store), "--allow-private",
                          home=tmp_path / "home")
    assert first.returncode in (0, 1), first.stderr  # wechat's made-up article is not on 127.0.0.1
    pdf, out = tmp_path / "again.pdf", tmp_path / "again.json"
    done = _briefing("build", str(path), "-o", str(pdf), "--json", str(out), "--store", str(store), "--allow-private",
                     netns=True, home=tmp_path / "home")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1 and pdf.is_file()
    site = _sources(out)["site"]
    assert site["status"] == "stale" and site["pages"] >= 5  # every page from the store
    assert "from the store" in site["reason"] and "no route to 127.0.0.1" in site["reason"]
    overview = json.loads(out.read_text("utf-8"))["overview"]
    assert any(item["source"]["url"].startswith(base) for item in overview)  # the stored site still speaks


def test_a_dead_domain_is_stale_in_plain_words_and_the_brief_is_written(tmp_path: Path):
    path = tmp_path / "acme.toml"
    shutil.copy(DEMO / "registry.html", tmp_path / "registry.html")
    path.write_text(f'name = "{NAME}"\n[sources]\nsite = "https://www.hengyuan-env.invalid/"\n'
                    'news = "https://news.hengyuan-env.invalid/feed.xml"\nregistry = "registry.html"\n', "utf-8")
    pdf, out = tmp_path / "brief.pdf", tmp_path / "brief.json"
    result = runner.invoke(app, ["build", str(path), "-o", str(pdf), "--json", str(out), "--no-store", "--deadline", "60"])
    _no_crash(result)
    assert result.exit_code == 1 and pdf.is_file()
    sources = _sources(out)
    assert "could not find www.hengyuan-env.invalid" in sources["site"]["reason"]
    assert "could not find news.hengyuan-env.invalid" in sources["news"]["reason"]
    assert sources["registry"]["status"] == "ok"


def test_a_refused_connection_is_stale_in_plain_words(tmp_path: Path):
    with socket.socket() as held:  # bound and never listening: every connection to it is refused
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        path = tmp_path / "acme.toml"
        path.write_text(f'name = "{NAME}"\n[sources]\nsite = "http://127.0.0.1:{port}/"\n', "utf-8")
        out = tmp_path / "brief.json"
        result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--json", str(out), "--no-store",
                                     "--allow-private"])
    _no_crash(result)
    assert result.exit_code == 1
    assert f"127.0.0.1:{port} refused the connection" in _sources(out)["site"]["reason"]
    assert "offline?" in result.output  # nothing at all answered


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_a_certificate_nobody_trusts_is_stale_and_the_brief_is_written(tmp_path: Path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)

    def page(handler) -> None:  # type: ignore[no-untyped-def]
        body = f"<html><body><h1>{NAME}</h1><p>公司简介</p></body></html>".encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with serve({"/": page, "/robots.txt": page}, tls=(str(cert), str(key))) as server:
        path = tmp_path / "acme.toml"
        path.write_text(f'name = "{NAME}"\n[sources]\nsite = "{server.url("/")}"\n', "utf-8")
        out = tmp_path / "brief.json"
        result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--json", str(out),
                                     "--store", str(tmp_path / "s.sqlite3"), "--allow-private"])
        assert server.requests == []  # the handshake failed: not one request, verified or not
    _no_crash(result)
    assert result.exit_code == 1 and (tmp_path / "b.pdf").is_file()
    assert "TLS certificate not accepted" in _sources(out)["site"]["reason"]


def test_a_wifi_login_page_answering_for_every_site_gives_no_facts(tmp_path: Path):
    """A captive portal answers every host with its own login page; it is not the customer's
    site, its feed or its article, and nothing is read from it."""
    login = (f"<html><head><title>Hotel Wi-Fi</title></head><body><h1>欢迎使用酒店无线网络</h1>"
             f"<p>请输入房间号和姓名登录。{NAME}董事长张三</p><form><input name=room></form></body></html>").encode()

    def portal(handler) -> None:  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(login)))
        handler.end_headers()
        handler.wfile.write(login)

    class Everywhere(dict):  # type: ignore[type-arg]
        def get(self, key, default=None):  # type: ignore[no-untyped-def]
            return portal

    with serve(Everywhere()) as one, serve(Everywhere()) as two:
        path = tmp_path / "acme.toml"
        path.write_text(f'name = "{NAME}"\n[sources]\nsite = "{one.url("/")}"\nnews = "{two.url("/news/feed.xml")}"\n', "utf-8")
        out = tmp_path / "brief.json"
        result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--json", str(out),
                                     "--store", str(tmp_path / "s.sqlite3"), "--allow-private"])
    _no_crash(result)
    assert result.exit_code == 1
    dossier = json.loads(out.read_text("utf-8"))
    for source in dossier["sources"]:
        assert source["status"] == "stale" and "captive portal" in source["reason"]
    everything = json.dumps(dossier, ensure_ascii=False)
    assert "张三" not in everything and "无线网络" not in everything  # not one fact from the login page
    assert "offline?" in result.output


def test_at_the_deadline_unfinished_sources_are_stale_and_the_brief_is_written(tmp_path: Path):
    """Sources that never answer or trickle a byte a second: at the build's deadline the brief is
    written from what is known; the stored copy stands in for a page that did not come."""
    with misbehaving() as web:
        path = tmp_path / "acme.toml"
        shutil.copy(DEMO / "registry.html", tmp_path / "registry.html")
        path.write_text(f'name = "{NAME}"\n[sources]\nsite = "{web.url("/trickle")}"\nnews = "{web.url("/silent")}"\n'
                        'registry = "registry.html"\n', "utf-8")
        out = tmp_path / "brief.json"
        result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--json", str(out), "--no-store",
                                     "--allow-private", "--deadline", "2"])
    _no_crash(result)
    assert result.exit_code == 1 and (tmp_path / "b.pdf").is_file()
    sources = _sources(out)
    for adapter in ("site", "news"):
        assert sources[adapter]["status"] == "stale"
        assert "deadline (2 s)" in sources[adapter]["reason"]
    assert sources["registry"]["status"] == "ok"


class _SiteThatFallsSilent(dict):  # type: ignore[type-arg]
    """Routes for tests/loopback.serve: the demo site (fixtures/site/demo, its own address
    rewritten to the server's, as `briefing demo` serves it) until `fall_silent()`; from then on
    every request is taken and never answered (until the server closes). One server, one address:
    no port given up and taken again."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder, self.base, self.silent = folder, "", False

    def get(self, path: str, default=None):  # type: ignore[no-untyped-def]
        return self._never if self.silent else self._page

    def fall_silent(self) -> None:
        self.silent = True

    def _never(self, handler: BaseHTTPRequestHandler) -> None:
        handler.server.closing.wait()  # type: ignore[attr-defined]  # set as loopback.serve closes

    def _page(self, handler: BaseHTTPRequestHandler) -> None:
        meta = json.loads((self.folder / "meta.json").read_text("utf-8"))
        pages = {path: self.folder / name for path, name in meta["pages"].items()}
        file = pages.get(handler.path) or pages.get(urlsplit(handler.path).path)
        if handler.path == "/robots.txt":
            status, body, kind = 200, b"User-agent: *\nAllow: /\n", "text/plain"
        elif file is None:
            status, body, kind = 404, b"<html><body>404 Not Found</body></html>", "text/html"
        else:
            body = file.read_bytes().replace(meta["base_url"].rstrip("/").encode("ascii"), self.base.encode("ascii"))
            status, kind = 200, meta.get("content_types", {}).get(handler.path, "text/html")
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def test_at_the_deadline_a_page_held_in_the_store_is_used(tmp_path: Path):
    store = tmp_path / "s.sqlite3"
    site = _SiteThatFallsSilent(SITES / "demo")
    with serve(site) as server:
        site.base = server.base
        path = tmp_path / "acme.toml"
        path.write_text(f'name = "{NAME}"\n[sources]\nsite = "{server.url("/")}"\n', "utf-8")
        first = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "a.pdf"), "--store", str(store), "--allow-private"])
        _no_crash(first)
        assert first.exit_code == 0, first.output
        # the same address now takes every connection and request, and never answers
        site.fall_silent()
        out = tmp_path / "b.json"
        result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--json", str(out),
                                     "--store", str(store), "--allow-private", "--deadline", "2"])
    _no_crash(result)
    assert result.exit_code == 1
    site = _sources(out)["site"]
    assert site["status"] == "stale" and site["pages"] >= 1
    assert "deadline (2 s)" in site["reason"] and "from the store" in site["reason"]
    assert json.loads(out.read_text("utf-8"))["overview"]  # the stored pages still give the brief its facts


def test_a_warm_up_never_raises_whatever_the_network_does():
    async def no_dns(host: str) -> list[str]:
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    async def go() -> Fetcher:
        async with Fetcher(FetchSettings(), resolver=no_dns) as fetcher:
            await fetcher.warm("https://www.hengyuan-env.com.cn/")
            await fetcher.warm("http://[::1")  # not even a URL
        return fetcher

    fetcher = asyncio.run(go())
    assert fetcher.nothing_reached({"www.hengyuan-env.com.cn"})
    assert "could not find www.hengyuan-env.com.cn" in fetcher.unreached["www.hengyuan-env.com.cn"]


def test_an_unreachable_calendar_server_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "{NAME}"\n', "utf-8")
    (tmp_path / "brief.pdf").write_bytes(b"%PDF-1.4 a brief")
    attached = runner.invoke(app, ["attach", str(path), "--caldav", "http://calendar.hengyuan-env.invalid/dav/me/",
                                   "--brief", str(tmp_path / "brief.pdf")])
    _no_crash(attached)
    assert attached.exit_code == 3 and "calendar.hengyuan-env.invalid" in attached.output
    (tmp_path / "accounts").mkdir()
    shutil.copy(path, tmp_path / "accounts" / "acme.toml")
    evening = runner.invoke(app, ["tonight", "--calendar", "http://calendar.hengyuan-env.invalid/dav/me/",
                                  "--accounts", str(tmp_path / "accounts"), "--store", str(tmp_path / "s.sqlite3")])
    _no_crash(evening)
    assert evening.exit_code == 3 and "calendar.hengyuan-env.invalid" in evening.output
