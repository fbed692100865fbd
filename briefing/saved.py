"""Pages saved from a browser, read into the same `Page` a fetch produces.

A saved page then takes the same parse path as a fetched one. Its URL is the one the page says it
was saved from (Chrome's "saved from url" comment, canonical link, og:url), so that provenance
points somewhere a colleague can open; otherwise its file: URI.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from .decode import decode_html
from .errors import FetchFailed, FetchGone
from .models import Page

MAX_SAVED_BYTES = 20 * 1024 * 1024

_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_CANONICAL = re.compile(
    rb"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*\bhref=[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE
)
_OG_URL = re.compile(rb"<meta\b[^>]*\bproperty=[\"']?og:url[\"']?[^>]*\bcontent=[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE)
# An HTTP response head pasted above the document, as copied from browser dev tools.
_HTTP_HEAD = re.compile(rb"\A\s*HTTP/\d(?:\.\d)?\s+\d{3}[^\n]*\n(?P<headers>(?:[!-9;-~]+:[^\n]*\n)*)\r?\n?", re.IGNORECASE)


def load_saved(path: str | Path, *, fetched_at: datetime) -> Page:
    """Read a saved page; `fetched_at` is when it was saved if known, else the file's mtime in the caller's zone."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_SAVED_BYTES:
            raise FetchFailed(str(file), f"file larger than {MAX_SAVED_BYTES // (1024 * 1024)} MB")
        body = file.read_bytes()
    except FileNotFoundError:
        raise FetchGone(str(file), "file no longer exists") from None
    except OSError as exc:
        raise FetchFailed(str(file), f"cannot be read: {exc.strerror or exc}") from None
    content_type = "text/html"
    head = _HTTP_HEAD.match(body)
    if head:
        for line in head.group("headers").decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-type":
                content_type = value.strip()
        body = body[head.end():]
    if len(body.strip()) < 16:
        raise FetchFailed(str(file), "file is empty")
    text, encoding = decode_html(body, content_type)
    return Page(
        url=saved_url(body) or file.resolve().as_uri(),
        body=body,
        text=text,
        encoding=encoding,
        fetched_at=fetched_at,
        content_type=content_type.split(";")[0].strip().lower(),  # the media type, as fetched pages have it
        requested_url=str(file),
        saved_path=str(file.resolve()),
    )


def saved_url(body: bytes) -> str | None:
    """The URL a saved page says it came from, if it says so."""
    window = body[:64 * 1024]
    for pattern in (_SAVED_FROM, _CANONICAL, _OG_URL):
        match = pattern.search(window)
        if match:
            return match.group(1).decode("ascii", "replace")
    return None
