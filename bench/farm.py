"""A small slow web on 127.0.0.1 for the speed benchmark: five hosts (distinct ports), each
answer held back by a latency and sent at a limited bandwidth, with ETags and 304s as real servers
send them. The content is the project's own fixtures: the demo company's site (a dozen pages),
its registry page, four WeChat articles, a news feed and three tender notices.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
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
    requests: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def _serve(host: Host, latency: float, bandwidth: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            host.requests.append(self.path)
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
    folder = FIXTURES / "sites" / "demo"
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
    site: Host
    registry: Host
    wechat: Host
    news: Host
    tenders: Host

    @property
    def hosts(self) -> list[Host]:
        return [self.site, self.registry, self.wechat, self.news, self.tenders]

    def account(self, name: str = "江苏恒远环保工程有限公司", tag: str = "") -> str:
        """An account file's text whose every source is on this farm; `tag` makes its URLs its own."""
        q = f"?a={tag}" if tag else ""
        notices = ", ".join(f'"{self.tenders.base}{path}{q}"' for path in self.tenders.pages)
        articles = ", ".join(f'"{self.wechat.base}{path}{q}"' for path in self.wechat.pages)
        return (f'name = "{name}"\naliases = ["恒远环保"]\n[sources]\nsite = "{self.site.base}/{q}"\n'
                f'registry = "{self.registry.base}/firm/3f7a1c2e.html{q}"\nwechat = [{articles}]\n'
                f'news = "{self.news.base}/rss{q}"\ntenders = [{notices}]\n')

    def reset(self) -> None:
        for host in self.hosts:
            host.requests.clear()


@contextlib.contextmanager
def farm(latency: float = 0.2, bandwidth: float = 2_000_000) -> Iterator[Farm]:
    hosts = Farm(*(Host(name) for name in ("site", "registry", "wechat", "news", "tenders")))
    for host in hosts.hosts:
        host.server = _serve(host, latency, bandwidth)
    demo = FIXTURES / "demo"
    hosts.site.pages = _site_pages(hosts.site.base)
    hosts.registry.pages = {"/firm/3f7a1c2e.html": ((demo / "registry.html").read_bytes(), "text/html; charset=utf-8")}
    articles = [demo / "wechat-article.html"] + sorted((FIXTURES / "articles").glob("ev-*-wx-*/page.html"))[:3]
    hosts.wechat.pages = {f"/s/{n}": (a.read_bytes(), "text/html; charset=utf-8") for n, a in enumerate(articles, start=1)}
    hosts.news.pages["/rss"] = (_feed("环保新闻", [("恒远环保中标常州市武进区工业污水处理厂提标改造工程", "http://news.example.com/1.html",
                                                    "Thu, 16 May 2024 10:00:00 +0800")]), "application/rss+xml")
    notices = [demo / "tender-notice.html"] + sorted((FIXTURES / "tenders").glob("*/page.html"))[:2]
    hosts.tenders.pages = {f"/notice/{n}.html": (p.read_bytes(), "text/html; charset=utf-8") for n, p in enumerate(notices, start=1)}
    try:
        yield hosts
    finally:
        for host in hosts.hosts:
            assert host.server is not None
            host.server.shutdown()
            host.server.server_close()
