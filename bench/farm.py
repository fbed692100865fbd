"""A small slow web on 127.0.0.1 for the speed benchmark: five hosts (distinct ports), each
answer held back by a latency and sent at a limited bandwidth, with ETags and 304s as real servers
send them. The content is the project's own fixtures: the demo company's site (a dozen pages),
its registry page, four WeChat articles, a news feed and three tender notices.

The servers run in a process of their own, as a real web is elsewhere: in the benchmark's process
their threads would take turns with Briefing's for the one interpreter lock, and Briefing would be
charged for the servers' work.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import multiprocessing.connection
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class Host:
    name: str
    pages: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> (body, content type)
    requests: list[tuple[str, bool, int, int]] = field(default_factory=list)  # (path, conditional, body bytes, status)
    in_flight: int = 0  # requests being answered now
    most_at_once: int = 0  # the most it answered at the same time since the last reset
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def _serve(host: Host, latency: float, bandwidth: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            with host.lock:
                host.in_flight += 1
                host.most_at_once = max(host.most_at_once, host.in_flight)
            try:
                self._answer()
            finally:
                with host.lock:
                    host.in_flight -= 1

        def _answer(self) -> None:
            time.sleep(latency)
            path = urlsplit(self.path).path
            if path == "/robots.txt":
                body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
            elif path in host.pages:
                body, kind = host.pages[path]
            else:
                self._send(404, b"not found", "text/plain", "")
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", "", etag)
            else:
                self._send(200, body, kind, etag)

        def _send(self, status: int, body: bytes, kind: str, etag: str) -> None:
            host.requests.append((self.path, "If-None-Match" in self.headers, len(body), status))
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            step = max(1, int(bandwidth / 20))  # 50 ms slices at the given bytes per second
            for start in range(0, len(body), step):
                self.wfile.write(body[start:start + step])
                if bandwidth and start + step < len(body):
                    time.sleep(step / bandwidth)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _site_pages(base: str) -> dict[str, tuple[bytes, str]]:
    folder = FIXTURES / "site" / "demo"
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    original = meta["base_url"].rstrip("/").encode()
    return {path: ((folder / name).read_bytes().replace(original, base.encode()), "text/html; charset=utf-8")
            for path, name in meta["pages"].items()}


def _feed(title: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>" for t, link, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.com/</link>{entries}</channel></rss>").encode("utf-8")


@dataclass
class Farm:
    """The parent's handle on the farm: each host's address and paths, and the requests it saw."""

    bases: dict[str, str]  # host name -> http://127.0.0.1:PORT
    paths: dict[str, list[str]]  # host name -> the paths it serves
    control: multiprocessing.connection.Connection
    pid: int  # the farm's process: not Briefing's, when memory is measured

    def account(self, name: str = "江苏恒远环保工程有限公司", tag: str = "") -> str:
        """An account file's text whose every source is on this farm; `tag` makes its URLs its own."""
        q = f"?a={tag}" if tag else ""
        base = self.bases
        notices = ", ".join(f'"{base["tenders"]}{path}{q}"' for path in self.paths["tenders"])
        articles = ", ".join(f'"{base["wechat"]}{path}{q}"' for path in self.paths["wechat"])
        site = f'{base[f"site-{tag}"] if tag else base["site"]}/'  # each account of a batch has a site of its own
        return (f'name = "{name}"\naliases = ["恒远环保"]\n[sources]\nsite = "{site}"\n'
                f'registry = "{base["registry"]}/firm/3f7a1c2e.html{q}"\nwechat = [{articles}]\n'
                f'news = "{base["news"]}/rss{q}"\ntenders = [{notices}]\n')

    def requests(self) -> dict[str, list[tuple[str, bool, int, int]]]:
        """What each host was asked for since the last reset: path, whether conditionally, the
        bytes of body it sent back, and the status."""
        self.control.send("requests")
        return self.control.recv()

    def most_at_once(self) -> dict[str, int]:
        """The most requests each host was answering at the same moment since the last reset."""
        self.control.send("most_at_once")
        return self.control.recv()

    def reset(self) -> None:
        self.control.send("reset")
        self.control.recv()


def _hosts(latency: float, bandwidth: float, sites: int) -> list[Host]:
    site, registry, wechat, news, tenders = hosts = [Host(name) for name in ("site", "registry", "wechat", "news", "tenders")]
    hosts += [Host(f"site-{n}") for n in range(sites)]
    for host in hosts:
        host.server = _serve(host, latency, bandwidth)
    demo = FIXTURES / "demo"
    for host in [site, *hosts[5:]]:
        host.pages = _site_pages(host.base)
    registry.pages = {"/firm/3f7a1c2e.html": ((demo / "registry.html").read_bytes(), "text/html; charset=utf-8")}
    articles = [demo / "wechat-article.html"] + sorted((FIXTURES / "wechat").glob("ev-*-wx-*/page.html"))[:3]
    wechat.pages = {f"/s/{n}": (a.read_bytes(), "text/html; charset=utf-8") for n, a in enumerate(articles, start=1)}
    news.pages["/rss"] = (_feed("环保新闻", [("恒远环保中标常州市武进区工业污水处理厂提标改造工程", "http://news.example.com/1.html",
                                             "Thu, 16 May 2024 10:00:00 +0800")]), "application/rss+xml")
    notices = [demo / "tender-notice.html"] + sorted((FIXTURES / "tenders").glob("*/page.html"))[:2]
    tenders.pages = {f"/notice/{n}.html": (p.read_bytes(), "text/html; charset=utf-8") for n, p in enumerate(notices, start=1)}
    return hosts


def _run(control: multiprocessing.connection.Connection, latency: float, bandwidth: float, sites: int) -> None:
    """The farm's process: serve, and answer the parent's questions until told to stop."""
    hosts = _hosts(latency, bandwidth, sites)
    control.send(({h.name: h.base for h in hosts}, {h.name: list(h.pages) for h in hosts}))
    while (command := control.recv()) != "stop":
        if command == "requests":
            control.send({h.name: list(h.requests) for h in hosts})
        elif command == "most_at_once":
            control.send({h.name: h.most_at_once for h in hosts})
        elif command == "reset":
            for host in hosts:
                host.requests.clear()
                host.most_at_once = 0
            control.send(None)
    for host in hosts:
        assert host.server is not None
        host.server.shutdown()
        host.server.server_close()


@contextlib.contextmanager
def farm(latency: float = 0.2, bandwidth: float = 2_000_000, sites: int = 0) -> Iterator[Farm]:
    """The farm, with `sites` more copies of the company site (site-0, site-1...) for a batch's accounts."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_run, args=(theirs, latency, bandwidth, sites), daemon=True)
    process.start()
    bases, paths = ours.recv()
    try:
        yield Farm(bases, paths, ours, process.pid or 0)
    finally:
        ours.send("stop")
        process.join(10)
        if process.is_alive():
            process.kill()
