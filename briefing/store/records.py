"""What a store keeps, as rows: shared by the SQLite store (database) and the PostgreSQL one
(postgres), so that both keep a page, its fingerprint and a dossier in the same shape and read
them back the same way."""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from os import PathLike
from typing import Any, Sequence

from briefing.models import Page

DATABASE_SCHEMES = ("postgresql://", "postgres://")

# What changes on a page without its content changing: clocks, dates, view counters.
VOLATILE = re.compile(
    r"\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?|"
    r"(?:阅读|浏览|点击|访问|views?|reads?)(?:量|数|次数)?\s*[:：]?\s*\d[\d,]*|\d[\d,]*\s*(?:次阅读|人阅读|次浏览|views?)",
    re.I,
)


def is_database_url(target: str | PathLike[str] | None) -> bool:
    """A PostgreSQL store's URL (postgresql://... or postgres://...), rather than an SQLite file."""
    return isinstance(target, str) and target.lower().startswith(DATABASE_SCHEMES)


def text_hash(text: str) -> str:
    """A page's content fingerprint: markup, whitespace, times and counters ignored."""
    visible = re.sub(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", " ", text, flags=re.S | re.I)
    visible = VOLATILE.sub("", visible)
    return "sha256:" + hashlib.sha256(" ".join(visible.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredNote:
    """One note of the team kept in a shared store: who said it, when it was written (UTC) and
    the day it was said, the account it is about (the store's key for the account), its topic
    and whether it is the customer's answer in a visit (`briefing debrief`)."""

    id: int
    account: str
    author: str
    said_on: str  # ISO date, or "" (a notes file's heading may have none)
    written_at: datetime  # UTC: when it reached the store
    topic: str  # a key of briefing.accounts.notes.TOPICS, or ""
    text: str
    answered: bool


@dataclass(frozen=True)
class StoredDossier:
    id: int
    built_at: datetime
    data: dict[str, Any]  # the dossier's JSON (briefing.models.Dossier.to_json)


def page_row(page: Page) -> tuple[Any, ...]:
    """A page as the pages table keeps it: url, final_url, fetched_at, status, content_type,
    encoding, etag, last_modified, body (zlib), body_hash, text_hash."""
    return (page.requested_url or page.url, page.url, page.fetched_at.isoformat(), page.status, page.content_type,
            page.encoding, page.etag, page.last_modified, zlib.compress(page.body, 6), page.content_hash, text_hash(page.text))


def page_from_row(row: Sequence[Any]) -> Page:
    """The page a pages row keeps, decoded as it was; zlib.error, ValueError, TypeError or
    LookupError (an unknown encoding) when the row cannot be read back."""
    (key, final, fetched_at, status, content_type, encoding, etag, last_modified, body, _, _) = row
    raw = zlib.decompress(bytes(body))
    text = raw.decode(encoding, errors="replace") if encoding not in ("", "binary") else ""
    return Page(url=final, requested_url=key, body=raw, text=text, encoding=encoding,
                fetched_at=datetime.fromisoformat(fetched_at), status=status, content_type=content_type,
                etag=etag, last_modified=last_modified)
