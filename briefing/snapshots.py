"""The store: an embedded SQLite file of fetched pages, dossier versions and the briefs built.

It lets a build ask "has this page changed?" (ETag / Last-Modified sent back), build offline from
what was last fetched, fall back to a page's last good copy when a fetch fails, and compare a
refresh with the last dossier. WAL lets readers run beside a writer; every write is one
`BEGIN IMMEDIATE` transaction under a busy timeout, so two runs at once queue rather than corrupt
anything, and a run that still cannot write is told so in words, never "database is locked".
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import sqlite3
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from .errors import FetchError, FetchFailed, StoreError
from .files import data_dir
from .adapters import Request
from .models import Page
from .readings import Reading, reading_key, request_id

BUSY_TIMEOUT_MS = 15_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,          -- the address asked for
    final_url TEXT NOT NULL,       -- where it was in the end (after redirects)
    fetched_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    encoding TEXT NOT NULL,
    etag TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    body BLOB NOT NULL,            -- zlib
    body_hash TEXT NOT NULL,
    text_hash TEXT NOT NULL        -- the visible text without times, dates and counters
);
CREATE TABLE IF NOT EXISTS dossiers (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,         -- the customer's name
    built_at TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dossiers_by_account ON dossiers (account, id);
CREATE TABLE IF NOT EXISTS source_pages (
    source TEXT NOT NULL,          -- "adapter target": one entry of an account's [sources]
    url TEXT NOT NULL,             -- a page it read last time, asked for again first on a refresh
    PRIMARY KEY (source, url)
);
CREATE TABLE IF NOT EXISTS briefs (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    dossier_id INTEGER REFERENCES dossiers (id),
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    built_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS robots (
    origin TEXT PRIMARY KEY,       -- scheme://host:port
    fetched_at TEXT NOT NULL,
    body TEXT                      -- NULL: the site has no robots.txt, everything is allowed
);
CREATE TABLE IF NOT EXISTS readings (
    request TEXT PRIMARY KEY,      -- the adapter and its request (briefing.readings.request_id)
    key TEXT NOT NULL,             -- all that the reading depends on (briefing.readings.reading_key)
    data BLOB NOT NULL             -- zlib JSON (briefing.readings.pack)
);
CREATE TABLE IF NOT EXISTS sites (
    origin TEXT PRIMARY KEY,       -- scheme://host:port
    answers_304 INTEGER NOT NULL   -- its conditional requests were mostly answered 304 last run
);
"""
TABLES = frozenset(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))  # a store made by an earlier version gains the missing ones

# What changes on a page without its content changing: clocks, dates, view counters.
_VOLATILE = re.compile(
    r"\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?|"
    r"(?:阅读|浏览|点击|访问|views?|reads?)(?:量|数|次数)?\s*[:：]?\s*\d[\d,]*|\d[\d,]*\s*(?:次阅读|人阅读|次浏览|views?)",
    re.I,
)


def default_store_path() -> Path:
    return data_dir() / "briefing.sqlite3"


def text_hash(text: str) -> str:
    """A page's content fingerprint: markup, whitespace, times and counters ignored."""
    visible = re.sub(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", " ", text, flags=re.S | re.I)
    visible = _VOLATILE.sub("", visible)
    return "sha256:" + hashlib.sha256(" ".join(visible.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredDossier:
    id: int
    built_at: datetime
    data: dict[str, Any]  # the dossier's JSON (briefing.models.Dossier.to_json)


class Store:
    """Open with `Store.open(path)`; use as a context manager to close it."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path | str | None = None) -> Store:
        path = Path(path) if path else default_store_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at each checkpoint, never corrupt
            store = cls(db, path)
            present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not TABLES <= present:
                store.create()
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(path, exc)) from None
        except OSError as exc:
            raise StoreError(f"{path}: the store cannot be opened ({exc.strerror or exc}); choose another with --store") from None
        return store

    def create(self) -> None:
        try:
            with self.writing() as db:  # not executescript: it would commit outside the transaction
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so it never deadlocks halfway."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(_explain(self.path, exc)) from None
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        else:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    # --- pages ---
    def save_read(self, pages: list[Page], sources: list[tuple[str, str]], readings: list[tuple[str, str, bytes]],
                  *, confirmed: Sequence[tuple[str, str]] = ()) -> None:
        """What a build read, in one transaction: the pages, which source read each (source, url),
        the adapters' readings (request, key, data), and the new date (fetched_at, url) of pages
        a 304 confirmed."""
        try:
            with self.writing() as db:
                db.executemany(_SAVE_PAGE, [_page_row(page) for page in pages])
                db.executemany("UPDATE pages SET fetched_at = ? WHERE url = ?", confirmed)
                db.executemany(_REMEMBER, sources)
                db.executemany("INSERT OR REPLACE INTO readings VALUES (?, ?, ?)", readings)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None

    def page(self, url: str) -> Page | None:
        """The last good copy of `url`, decoded as it was."""
        row = self._read("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        (key, final, fetched_at, status, content_type, encoding, etag, last_modified, body, _, _) = row
        raw = zlib.decompress(body)
        text = raw.decode(encoding, errors="replace") if encoding not in ("", "binary") else ""
        return Page(url=final, requested_url=key, body=raw, text=text, encoding=encoding,
                    fetched_at=datetime.fromisoformat(fetched_at), status=status, content_type=content_type,
                    etag=etag, last_modified=last_modified)

    def source_pages(self, source: str) -> list[str]:
        return [row[0] for row in self._read("SELECT url FROM source_pages WHERE source = ? ORDER BY rowid", (source,))]

    # --- readings: what an adapter read from a page (briefing.readings) ---
    def reading(self, request: str) -> tuple[str, bytes] | None:
        row = self._read("SELECT key, data FROM readings WHERE request = ?", (request,)).fetchone()
        return (row[0], row[1]) if row else None

    # --- what was learnt of each site, as briefing.fetch.SiteMemory ---
    def revalidates(self, origin: str) -> bool | None:
        row = self._read("SELECT answers_304 FROM sites WHERE origin = ?", (origin,)).fetchone()
        return bool(row[0]) if row else None

    def keep_revalidates(self, origin: str, answers_304: bool) -> None:
        self._write("INSERT OR REPLACE INTO sites VALUES (?, ?)", (origin, int(answers_304)))

    def robots(self, origin: str) -> tuple[str | None, datetime] | None:
        row = self._read("SELECT body, fetched_at FROM robots WHERE origin = ?", (origin,)).fetchone()
        return (row[0], datetime.fromisoformat(row[1])) if row else None

    def keep_robots(self, origin: str, text: str | None, fetched_at: datetime) -> None:
        self._write("INSERT OR REPLACE INTO robots VALUES (?, ?, ?)", (origin, fetched_at.isoformat(), text))

    # --- dossiers and briefs ---
    def save_dossier(self, account: str, built_at: datetime, data: dict[str, Any]) -> int:
        cursor = self._write("INSERT INTO dossiers (account, built_at, json) VALUES (?, ?, ?)",
                             (account, built_at.isoformat(), json.dumps(data, ensure_ascii=False)))
        return int(cursor.lastrowid or 0)

    def last_dossier(self, account: str) -> StoredDossier | None:
        row = self._read("SELECT id, built_at, json FROM dossiers WHERE account = ? ORDER BY id DESC LIMIT 1", (account,)).fetchone()
        if row is None:
            return None
        return StoredDossier(row[0], datetime.fromisoformat(row[1]), json.loads(row[2]))

    def save_brief(self, account: str, dossier_id: int, path: Path, fmt: str, data: bytes, built_at: datetime) -> None:
        self._write("INSERT INTO briefs (account, dossier_id, path, format, sha256, bytes, built_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (account, dossier_id, str(path), fmt, hashlib.sha256(data).hexdigest(), len(data), built_at.isoformat()))

    def last_built(self, account: str, fmt: str = "pdf") -> tuple[StoredDossier, str] | None:
        """The dossier the account's last brief of this format was built from, and that brief's path."""
        row = self._read(
            "SELECT d.id, d.built_at, d.json, b.path FROM briefs b JOIN dossiers d ON d.id = b.dossier_id "
            "WHERE b.account = ? AND b.format = ? ORDER BY b.id DESC LIMIT 1", (account, fmt)).fetchone()
        if row is None:
            return None
        return StoredDossier(row[0], datetime.fromisoformat(row[1]), json.loads(row[2])), row[3]

    def last_brief(self, account: str, fmt: str = "pdf") -> tuple[str, str] | None:
        """(path, sha256) of the last brief built for the account."""
        row = self._read("SELECT path, sha256 FROM briefs WHERE account = ? AND format = ? ORDER BY id DESC LIMIT 1",
                         (account, fmt)).fetchone()
        return (row[0], row[1]) if row else None

    # --- plumbing ---
    def _write(self, sql: str, args: tuple[Any, ...]) -> sqlite3.Cursor:
        with self.writing() as db:
            try:
                return db.execute(sql, args)
            except sqlite3.DatabaseError as exc:
                raise StoreError(_explain(self.path, exc)) from None

    def _read(self, sql: str, args: tuple[Any, ...]) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, args)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None


def _explain(path: Path, exc: sqlite3.DatabaseError) -> str:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return (f"{path}: another briefing run is writing to the store and did not finish within "
                f"{BUSY_TIMEOUT_MS / 1000:g} s; try again when it is done")
    if "readonly" in message or "read-only" in message:
        return f"{path}: the store is read-only; nothing was saved to it (make it writable, or choose another with --store)"
    if "full" in message:
        return f"{path}: the disk is full; nothing was saved to the store (free some space, or choose another with --store)"
    if "not a database" in message or "malformed" in message:
        return f"{path}: this is not a Briefing store or it is damaged; move it away (a new one is made) or choose another with --store"
    return f"{path}: the store failed ({message}); choose another with --store"


FLUSH_EVERY = 1.0  # seconds between the writes of what a build reads

_SAVE_PAGE = "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_REMEMBER = "INSERT OR IGNORE INTO source_pages (source, url) VALUES (?, ?)"


def _page_row(page: Page) -> tuple[Any, ...]:
    return (page.requested_url or page.url, page.url, page.fetched_at.isoformat(), page.status, page.content_type,
            page.encoding, page.etag, page.last_modified, zlib.compress(page.body, 6), page.content_hash, text_hash(page.text))


def _validators(stored: Page) -> dict[str, str]:
    """The conditional-request headers that ask whether `stored` is still the page."""
    headers = {}
    if stored.etag:
        headers["If-None-Match"] = stored.etag
    if stored.last_modified:
        headers["If-Modified-Since"] = stored.last_modified
    return headers


def stale_copy(page: Page, since: datetime, reason: str) -> Page:
    """The store's copy served in place of a failed fetch: it says how old it is."""
    return replace(page, kept_since=since, kept_because=reason)


class StoreFetcher:
    """A fetcher that asks conditionally, keeps what it gets, and falls back on the store.

    Online: a stored page's ETag and Last-Modified go with the request; a 304 serves the stored
    copy (checked now); a failure serves the stored copy marked with its age. Offline: only the
    store is read. Counts requests and bytes, for refresh's report.
    """

    def __init__(self, live: Any, store: Store, *, offline: bool = False) -> None:
        self.live = live  # the network fetcher (briefing.fetch.Fetcher), or None offline
        self.store = store
        self.offline = offline
        self.requests = 0
        self.not_modified = 0
        self.bytes = 0
        self._ahead: dict[str, asyncio.Future[Page]] = {}
        self._pages: list[Page] = []  # written together, every FLUSH_EVERY seconds and at close
        self._flushed_at = time.monotonic()
        self._confirmed: set[str] = set()  # answered 304
        self._touched: list[tuple[str, str]] = []  # (fetched_at, url) of kept pages a 304 confirmed
        self._sources: list[tuple[str, str]] = []
        self._readings: list[tuple[str, str, bytes]] = []

    async def warm(self, url: str) -> None:
        if not self.offline and self.live is not None and hasattr(self.live, "warm"):
            await self.live.warm(url)

    def prefetch(self, source: str) -> None:
        """Ask again, all at once, for every page this source read last time: the crawl then finds
        them answered instead of discovering them level by level (a warm refresh in a few round
        trips, not one per level). Politeness still holds: they queue in the fetcher per site."""
        if self.offline or self.live is None:
            return
        for url in self.store.source_pages(source):
            if url not in self._ahead:
                ahead = asyncio.ensure_future(self._fetch(url, {}))
                ahead.add_done_callback(lambda f: f.cancelled() or f.exception())  # read later, or never
                self._ahead[url] = ahead

    def close(self) -> None:
        """Cancel what was asked ahead but never needed (the site changed its links), and write
        what the build read."""
        for ahead in self._ahead.values():
            ahead.cancel()
        self._ahead.clear()
        self.flush()

    def flush(self) -> None:
        """Write what was read since the last flush, in one transaction."""
        self._flushed_at = time.monotonic()
        if self._pages or self._touched or self._sources or self._readings:
            self.store.save_read(self._pages, self._sources, self._readings, confirmed=self._touched)
            self._pages, self._touched, self._sources, self._readings = [], [], [], []

    def _flush_now_and_then(self) -> None:
        # a run killed outright (SIGKILL, the OOM killer) runs no `finally`: it loses at most a
        # second's reading, and the store stays whole either way
        if time.monotonic() - self._flushed_at >= FLUSH_EVERY:
            self.flush()

    async def fetch(self, url: str, *, headers: Mapping[str, str] | None = None) -> Page:
        ahead = self._ahead.pop(url, None)
        if ahead is not None and not headers:
            return await ahead
        if ahead is not None:
            ahead.cancel()
        return await self._fetch(url, headers or {})

    async def _fetch(self, url: str, headers: Mapping[str, str]) -> Page:
        stored = self.store.page(url)
        if self.offline or self.live is None:
            if stored is None:
                raise FetchFailed(url, "offline, and not in the store: build once while online")
            return stale_copy(stored, stored.fetched_at, "offline")
        ask = dict(headers or {})
        if stored is not None:
            ask.update(_validators(stored))
        self.requests += 1
        try:
            page = await self.live.fetch(url, headers=ask)
        except FetchError as exc:
            if stored is None or exc.status == "gone":
                raise  # a page that is gone is news, not something to paper over
            return stale_copy(stored, stored.fetched_at, exc.reason)
        self.bytes += len(page.body)
        if page.status == 304 and stored is not None:
            self.not_modified += 1
            page = replace(stored, fetched_at=page.fetched_at)  # the same bytes, confirmed now
            self._confirmed.add(url)
        return page

    def keep(self, page: Page, source: str = "") -> None:
        """Store a page the adapter read as content: a verification wall or a deleted notice never
        replaces the last good copy (the pipeline calls this only after a successful parse).
        Written with the build's other reads at the next flush, in one transaction."""
        url = page.requested_url or page.url
        if page.kept_since is None and url in self._confirmed:
            self._touched.append((page.fetched_at.isoformat(), url))  # only its date changes
        elif page.kept_since is None:
            self._pages.append(page)
        if source:
            self._sources.append((source, url))
        self._flush_now_and_then()

    def reading_for(self, adapter: Any, page: Page, request: Request) -> Reading:
        """Where `adapter`'s reading of this page is kept, and last time's if it read these very
        bytes for this request with the same code (briefing.readings)."""
        where, key = request_id(adapter.name, request), reading_key(adapter, page, request)
        kept = self.store.reading(where)
        return Reading(where, key, kept[1] if kept is not None and kept[0] == key else None)

    def keep_reading(self, reading: Reading, packed: bytes) -> None:
        self._readings.append((reading.request, reading.key, packed))
        self._flush_now_and_then()
