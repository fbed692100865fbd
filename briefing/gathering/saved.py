"""Pages saved from a browser, read into the same `Page` a fetch produces.

A saved page then takes the same parse path as a fetched one. Its URL is the one the page says it
was saved from (Chrome's "saved from url" comment, canonical link, og:url), so that provenance
points somewhere a colleague can open; otherwise its file: URI.

The files an account names are confined (briefing.accounts.confinement); `load_saved` checks a
page again when it reads it, since the file may have been replaced since the account was read
(the source is then blocked).
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from briefing.accounts.confinement import MAX_SAVED_BYTES, Confinement, Refused
from briefing.toolkit.decode import decode_html
from briefing.errors import FetchBlocked, FetchFailed, FetchGone
from briefing.models import Page

_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_CANONICAL = re.compile(
    rb"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*\bhref=[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE
)
_OG_URL = re.compile(rb"<meta\b[^>]*\bproperty=[\"']?og:url[\"']?[^>]*\bcontent=[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE)
# An HTTP response head pasted above the document, as copied from browser dev tools.
_HTTP_HEAD = re.compile(rb"\A\s*HTTP/\d(?:\.\d)?\s+\d{3}[^\n]*\n(?P<headers>(?:[!-9;-~]+:[^\n]*\n)*)\r?\n?", re.IGNORECASE)


def load_saved(path: str | Path, *, fetched_at: datetime, confine: Confinement | None = None) -> Page:
    """Read a saved page; `fetched_at` is when it was saved if known, else the file's mtime in the caller's zone.

    With `confine` (the pages of an account file) the file must still be where and what the
    account file was accepted with, else FetchBlocked; without it (a path the user typed, the
    API) any regular file within the size cap is read.
    """
    file = Path(path)
    body = _read(file, confine)
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


def _read(file: Path, confine: Confinement | None) -> bytes:
    refused = FetchBlocked if confine is not None else FetchFailed
    try:
        if confine is not None:
            real, checked = confine.check(file)
        else:
            real, checked = file, file.stat()
            Confinement.check_kind(real, checked)
        # no link is followed now (a swap after the check fails), and a FIFO put in its place cannot hang the build
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(real, flags | (getattr(os, "O_NOFOLLOW", 0) if confine is not None else 0))
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino):
                raise Refused("was replaced while it was being read")
            Confinement.check_kind(real, opened)
            body = handle.read(MAX_SAVED_BYTES + 1)
        if len(body) > MAX_SAVED_BYTES:
            raise Refused(f"grew past {MAX_SAVED_BYTES // (1024 * 1024)} MB while it was being read")
        return body
    except Refused as exc:
        raise refused(str(file), str(exc)) from None
    except FileNotFoundError:
        raise FetchGone(str(file), "file no longer exists") from None
    except (OSError, ValueError) as exc:  # no permission, a link where the file was (O_NOFOLLOW), a NUL in the path
        raise refused(str(file), f"cannot be read: {getattr(exc, 'strerror', None) or exc}") from None


def saved_url(body: bytes) -> str | None:
    """The URL a saved page says it came from, if it says so."""
    window = body[:64 * 1024]
    for pattern in (_SAVED_FROM, _CANONICAL, _OG_URL):
        match = pattern.search(window)
        if match:
            return match.group(1).decode("ascii", "replace")
    return None
