"""`briefing demo`: a bundled sample customer, served on 127.0.0.1 and built through the real HTTP path.

The sample site lives in fixtures/site/demo/ (meta.json maps URL paths to files), where it is also
one of the site adapter's fixture cases (fixtures/README.md). The server rewrites the site's own
address in the pages to its local one, so links stay on the site, and the brief is built by the
same fetcher, adapter and renderer a real site goes through.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from briefing.accounts.account import Account, SourceEntry, load_account
from briefing.errors import UsageError


def fixtures_dir() -> Path:
    """The repository's fixtures/ folder (the demo runs from a clone, as the README says)."""
    override = os.environ.get("BRIEFING_FIXTURES")
    folder = Path(override) if override else Path(__file__).resolve().parent.parent / "fixtures"
    if not (folder / "site" / "demo" / "meta.json").is_file():
        raise UsageError(
            f"the demo's sample site is not in {folder}/site/demo; run the demo from a clone of the "
            "repository (pip install -e .), or set BRIEFING_FIXTURES to its fixtures folder"
        )
    return folder


def demo_site() -> Path:
    """The demo's website, served by serve_site: fixtures/site/demo/."""
    return fixtures_dir() / "site" / "demo"


@contextmanager
def serve_site(folder: Path, *, delay: float = 0.0) -> Iterator[str]:
    """Serve a fixture site (meta.json + pages) on 127.0.0.1; yields its local base URL.

    `delay` holds every answer back that many seconds, as a slow faraway site would (bench/).
    """
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if delay:
                time.sleep(delay)
            # read on every request: a test may add a page to the site between two builds
            meta = json.loads((folder / "meta.json").read_text("utf-8"))
            original = meta["base_url"].rstrip("/")
            pages = {path: folder / name for path, name in meta["pages"].items()}
            types = meta.get("content_types", {})
            path = self.path
            file = pages.get(path) or pages.get(urlsplit(path).path)
            if path == "/robots.txt":
                self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            elif file is None or not file.is_file():
                self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            else:
                body = file.read_bytes().replace(original.encode("ascii"), self.server.base.encode("ascii"))  # type: ignore[attr-defined]
                # an ETag as real servers send, so refresh can ask "changed?" and get a 304
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", "", etag)
                else:
                    self._send(200, body, types.get(path, "text/html"), etag)

        def _send(self, status: int, body: bytes, content_type: str, etag: str = "") -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet: the CLI shows progress
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.base = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, name="briefing-demo-site", daemon=True)
    thread.start()
    try:
        yield server.base + "/"  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def demo_account(site_url: str) -> Account:
    """The sample account file, its site pointed at the local server."""
    account = load_account(fixtures_dir() / "demo" / "account.toml")
    sources = tuple(
        SourceEntry("site", site_url, True) if entry.adapter == "site" else entry for entry in account.sources
    )
    return replace(account, sources=sources)
