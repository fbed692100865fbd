"""The store: an embedded SQLite file of fetched pages, dossier versions and the briefs built.

It lets a build ask "has this page changed?" (ETag / Last-Modified sent back), build offline from
what was last fetched, fall back to a page's last good copy when a fetch fails, and compare a
refresh with the last dossier. WAL lets readers run beside a writer; every write is one
`BEGIN IMMEDIATE` transaction under a busy timeout, so two runs at once queue rather than corrupt
anything, and a run that still cannot write is told so in words, never "database is locked".
"""

from __future__ import annotations

import asyncio
import glob
import hashlib
import json
import logging
import os
import re
import sqlite3
import time
import zlib
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock beside the store
    fcntl = None  # type: ignore[assignment]

from briefing.errors import FetchError, FetchFailed, StoreError
from briefing.store.files import data_dir
from briefing.toolkit.adapter import Request
from briefing.models import Page
from briefing.store.readings import Reading, reading_key, request_id
from briefing.store.records import StoredDossier, StoredNote, is_database_url, page_from_row, text_hash  # noqa: F401 (text_hash: its old home)
from briefing.store.records import page_row as _page_row

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
RECOVER_WAIT = 3.0  # seconds a run that found the store damaged at open waits for the others to let go of it
MID_RUN_WAIT = 1.0  # the same, for damage met during a run
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26  # sqlite's codes for a damaged file
_MAGIC = b"SQLite format 3\x00"
_COMPANIONS = ("", "-wal", "-shm", "-journal")  # the store and the files sqlite keeps beside it
_T = TypeVar("_T")
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
    request TEXT PRIMARY KEY,      -- the adapter and its request (briefing.store.readings.request_id)
    key TEXT NOT NULL,             -- all that the reading depends on (briefing.store.readings.reading_key)
    data BLOB NOT NULL             -- zlib JSON (briefing.store.readings.pack)
);
CREATE TABLE IF NOT EXISTS sites (
    origin TEXT PRIMARY KEY,       -- scheme://host:port
    answers_304 INTEGER NOT NULL   -- its conditional requests were mostly answered 304 last run
);
"""
TABLES = frozenset(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))  # a store made by an earlier version gains the missing ones
# a row of each table this run wrote is found again by these columns (carried to a new store on damage)
_KEYS = {"pages": ("url",), "source_pages": ("source", "url"), "readings": ("request",), "robots": ("origin",),
         "sites": ("origin",), "dossiers": ("id",), "briefs": ("id",)}

def default_store_path() -> Path:
    return data_dir() / "briefing.sqlite3"


class _Damaged(Exception):
    """The store's file is damaged; the message says what was found."""


def _is_damage(exc: BaseException) -> bool:
    """sqlite says the file is damaged (not that it is locked, read-only or full)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (SQLITE_CORRUPT, SQLITE_NOTADB)
    return "not a database" in str(exc) or "malformed" in str(exc)


def _header_problem(path: Path) -> str:
    """What is wrong with the store file, judged from its first 100 bytes and its size, or "".

    One small read, where `PRAGMA quick_check` reads the whole file (0.26 s warm and 3.8 s cold
    for a 400 MB store, against 1 ms for opening it): damage deeper in the file shows when a read
    or a write meets it."""
    try:
        with open(path, "rb") as file:
            head, size = file.read(100), os.fstat(file.fileno()).st_size
    except OSError:
        return ""  # not there (a new store) or a folder: sqlite says what it is
    if size == 0:
        return ""  # a new store
    if head[:16] != _MAGIC[:len(head[:16])]:
        return "it is not an SQLite database"
    if len(head) < 100:
        return f"it is cut short: {size} bytes, less than a database's header"
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        return "its header is damaged"
    pages = int.from_bytes(head[28:32], "big")
    journal = any(Path(f"{path}{suffix}").is_file() and Path(f"{path}{suffix}").stat().st_size > 0
                  for suffix in ("-wal", "-journal"))  # the pages may still be there (a checkpoint cut off)
    if pages and head[24:28] == head[92:96] and size < pages * page and not journal:
        return f"it is cut short: {size} of the {pages * page} bytes its header announces"
    return ""


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` (a file moved away and a new one made there differ)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the sound store at `path`, made if new; _Damaged if the file is damaged."""
    problem = _header_problem(path)
    if problem:
        raise _Damaged(problem)
    db = None
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at each checkpoint, never corrupt
        present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not TABLES <= present:
            _create(db)
        for table in sorted(TABLES):  # each table's first and last rows: where reads begin and writes go
            for order in ("", " DESC"):
                db.execute(f"SELECT rowid FROM {table} ORDER BY rowid{order} LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        if db is not None:
            db.close()
        if _is_damage(exc):
            raise _Damaged(str(exc)) from None
        raise StoreError(_explain(path, exc)) from None
    except OSError as exc:
        if db is not None:
            db.close()
        raise StoreError(f"{path}: the store cannot be opened ({exc.strerror or exc}); choose another with --store") from None
    return db


def _create(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")  # not executescript: it would commit outside the transaction
    try:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _in_memory() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    _create(db)
    return db


def _read_only(path: Path) -> sqlite3.Connection | None:
    """The damaged copy, opened to read what it still holds, never to change it (`immutable`:
    not even the -wal and -shm files sqlite would make beside it; unless it has a WAL to read)."""
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, isolation_level=None)
    except (sqlite3.Error, OSError, ValueError):
        return None


def _move_aside(path: Path) -> Path:
    """Rename the store and its -wal, -shm and -journal to PATH.damaged-<UTC time>[-n]: the
    companions first, as a new store must never find the old one's WAL beside it."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside, n = path.with_name(f"{path.name}.damaged-{stamp}"), 2
    while any(Path(f"{aside}{suffix}").exists() for suffix in _COMPANIONS):
        aside, n = path.with_name(f"{path.name}.damaged-{stamp}-{n}"), n + 1
    moved: list[str] = []
    try:
        for suffix in (*_COMPANIONS[1:], ""):
            if suffix and not Path(f"{path}{suffix}").exists():
                continue
            os.rename(f"{path}{suffix}", f"{aside}{suffix}")
            moved.append(suffix)
    except OSError:
        for suffix in reversed(moved):  # all or nothing
            with suppress(OSError):
                os.rename(f"{aside}{suffix}", f"{path}{suffix}")
        raise
    return aside


def _latest_aside(path: Path) -> Path | None:
    """The damaged copy another run moved aside last."""
    copies = sorted(p for p in path.parent.glob(f"{glob.escape(path.name)}.damaged-*") if not p.name.endswith(_COMPANIONS[1:]))
    return copies[-1] if copies else None


class _Lock:
    """PATH.lock beside the store. A run holds it shared while it has the store open; the run that
    moves a damaged store aside holds it alone. So no file is moved from under a run still using
    it (renaming an open database is one of SQLite's ways to corrupt one), and of two runs that
    find the damage at once, one moves the file and the other uses the new store."""

    def __init__(self, store: Path) -> None:
        self.fd: int | None = None
        if fcntl is not None:
            with suppress(OSError):  # a read-only folder: nothing could be moved there either
                self.fd = os.open(store.with_name(store.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)

    def shared(self) -> None:
        if self.fd is not None:
            with suppress(OSError):  # waits only while a run moves a damaged store aside: a moment
                fcntl.flock(self.fd, fcntl.LOCK_SH)

    def alone(self, wait: float, give_up: Callable[[], bool]) -> bool:
        """Hold it alone, waiting up to `wait` s for the others to let go, unless `give_up()` first."""
        if self.fd is None:
            return True
        deadline = time.monotonic() + wait
        with suppress(OSError):
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if give_up() or time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)
            except OSError:  # no locks on this file system
                return True

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # lets go of the lock
            self.fd = None


class Store:
    """Open with `Store.open(path)`; use as a context manager to close it.

    A damaged store (a file that is not a database, cut short, or with a damaged page) is a cache
    and a history gone bad, not a reason to stop: it is moved aside, kept as it was, and a new one
    is started; `recovered` then says so in plain words, naming both files. Damage met during a
    run is handled the same way when it is met: what the run wrote before is carried over to the
    new store, and what the damaged copy still holds is read from it for the rest of the run; a
    row that cannot be read is treated as not stored."""

    def __init__(self, connection: sqlite3.Connection, path: Path, lock: _Lock | None = None) -> None:
        self.db = connection
        self.path = path
        self.recovered: str | None = None  # what was found damaged and what was done, in plain words
        self.damaged_copy: Path | None = None  # where the damaged store was moved
        self._lock = lock
        self._file = _identity(path) if connection is not None else None  # the file this run has open
        self._damaged: sqlite3.Connection | None = None  # the damaged copy, read for what it still holds
        self._replaced = False
        self._written: dict[str, set[tuple[Any, ...]]] = {table: set() for table in _KEYS}  # carried over on damage

    @classmethod
    def open(cls, path: Path | str | None = None, *, recover: bool = True) -> Store:
        """The store at `path` (made if new). A damaged one is moved aside and a new one started
        (`recovered` says so); with `recover=False` it is a StoreError instead. A store that is
        read-only, on a full disk or held by another run too long is a StoreError (exit 3).
        Without `path`, the BRIEFING_STORE environment variable names it; a postgresql:// URL
        opens the shared PostgreSQL store instead (briefing.store.postgres), with the same methods."""
        if path is None:
            path = os.environ.get("BRIEFING_STORE") or None
        if is_database_url(path):
            from briefing.store.postgres import PostgresStore  # psycopg is loaded only for such a store
            return PostgresStore.open(str(path))  # type: ignore[return-value]
        path = Path(path) if path is not None else default_store_path()  # "" is "." (a folder): refused below
        if not path.name or path.name == ".." or path.is_dir():
            raise StoreError(f"{str(path) or '(empty)'}: not a store file; give a file such as briefing.sqlite3 with --store")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path}: the store cannot be opened ({exc.strerror or exc}); choose another with --store") from None
        lock = _Lock(path)
        lock.shared()
        found = _identity(path)
        try:
            return cls(_connect(path), path, lock)
        except _Damaged as exc:
            if not recover:
                lock.close()
                raise StoreError(f"{path}: this is not a Briefing store or it is damaged ({exc}); move it away "
                                 "(a new one is made) or choose another with --store") from None
            store = cls(None, path, lock)  # type: ignore[arg-type]
            store._file = found
            store._replace(str(exc), wait=RECOVER_WAIT, at_open=True)
            return store
        except BaseException:
            lock.close()
            raise

    def create(self) -> None:
        try:
            _create(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None

    def close(self) -> None:
        for db in (self.db, self._damaged):
            if db is not None:
                db.close()
        self._damaged = None
        if self._lock is not None:
            self._lock.close()

    def hosts(self) -> None:
        """No politeness shared with other processes: one file is one user's (PostgresStore shares it)."""
        return None

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
        rows = [_page_row(page) for page in pages]

        def write(db: sqlite3.Connection) -> None:
            db.executemany(_SAVE_PAGE, rows)
            db.executemany("UPDATE pages SET fetched_at = ? WHERE url = ?", confirmed)
            db.executemany(_REMEMBER, sources)
            db.executemany("INSERT OR REPLACE INTO readings VALUES (?, ?, ?)", readings)

        self._transaction(write)
        self._wrote("pages", *((row[0],) for row in rows), *((url,) for _, url in confirmed))
        self._wrote("source_pages", *sources)
        self._wrote("readings", *((request,) for request, _, _ in readings))

    def page(self, url: str) -> Page | None:
        """The last good copy of `url`, decoded as it was; None when it is not stored, or cannot be read."""
        row = self._read("SELECT * FROM pages WHERE url = ?", (url,))
        if row is None:
            return None
        try:
            return page_from_row(row)
        except (zlib.error, ValueError, TypeError, LookupError) as exc:  # LookupError: an unknown encoding
            return self._unreadable(f"the stored copy of {url} cannot be read back ({exc})")

    def source_pages(self, source: str) -> list[str]:
        rows = self._read("SELECT url FROM source_pages WHERE source = ? ORDER BY rowid", (source,), many=True)
        return [row[0] for row in rows]

    # --- readings: what an adapter read from a page (briefing.store.readings) ---
    def reading(self, request: str) -> tuple[str, bytes] | None:
        row = self._read("SELECT key, data FROM readings WHERE request = ?", (request,))
        return (row[0], row[1]) if row else None

    # --- what was learnt of each site, as briefing.gathering.fetch.SiteMemory ---
    def revalidates(self, origin: str) -> bool | None:
        row = self._read("SELECT answers_304 FROM sites WHERE origin = ?", (origin,))
        return bool(row[0]) if row else None

    def keep_revalidates(self, origin: str, answers_304: bool) -> None:
        self._write("INSERT OR REPLACE INTO sites VALUES (?, ?)", (origin, int(answers_304)))
        self._wrote("sites", (origin,))

    def robots(self, origin: str) -> tuple[str | None, datetime] | None:
        row = self._read("SELECT body, fetched_at FROM robots WHERE origin = ?", (origin,))
        try:
            return (row[0], datetime.fromisoformat(row[1])) if row else None
        except (ValueError, TypeError) as exc:
            return self._unreadable(f"the stored robots.txt of {origin} cannot be read back ({exc})")

    def keep_robots(self, origin: str, text: str | None, fetched_at: datetime) -> None:
        self._write("INSERT OR REPLACE INTO robots VALUES (?, ?, ?)", (origin, fetched_at.isoformat(), text))
        self._wrote("robots", (origin,))

    # --- dossiers and briefs ---
    def save_dossier(self, account: str, built_at: datetime, data: dict[str, Any]) -> int:
        cursor = self._write("INSERT INTO dossiers (account, built_at, json) VALUES (?, ?, ?)",
                             (account, built_at.isoformat(), json.dumps(data, ensure_ascii=False)))
        self._wrote("dossiers", (cursor.lastrowid,))
        return int(cursor.lastrowid or 0)

    def last_dossier(self, account: str) -> StoredDossier | None:
        row = self._read("SELECT id, built_at, json FROM dossiers WHERE account = ? ORDER BY id DESC LIMIT 1", (account,))
        if row is None:
            return None
        try:
            return StoredDossier(row[0], datetime.fromisoformat(row[1]), json.loads(row[2]))
        except (ValueError, TypeError) as exc:
            return self._unreadable(f"the last dossier of {account} cannot be read back ({exc})")

    def save_brief(self, account: str, dossier_id: int, path: Path, fmt: str, data: bytes, built_at: datetime) -> None:
        cursor = self._write(
            "INSERT INTO briefs (account, dossier_id, path, format, sha256, bytes, built_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (account, dossier_id, str(path), fmt, hashlib.sha256(data).hexdigest(), len(data), built_at.isoformat()))
        self._wrote("briefs", (cursor.lastrowid,))

    def last_built(self, account: str, fmt: str = "pdf") -> tuple[StoredDossier, str] | None:
        """The dossier the account's last brief of this format was built from, and that brief's path."""
        row = self._read(
            "SELECT d.id, d.built_at, d.json, b.path FROM briefs b JOIN dossiers d ON d.id = b.dossier_id "
            "WHERE b.account = ? AND b.format = ? ORDER BY b.id DESC LIMIT 1", (account, fmt))
        if row is None:
            return None
        try:
            return StoredDossier(row[0], datetime.fromisoformat(row[1]), json.loads(row[2])), row[3]
        except (ValueError, TypeError) as exc:
            return self._unreadable(f"the last dossier of {account} cannot be read back ({exc})")

    def last_brief(self, account: str, fmt: str = "pdf") -> tuple[str, str] | None:
        """(path, sha256) of the last brief built for the account."""
        row = self._read("SELECT path, sha256 FROM briefs WHERE account = ? AND format = ? ORDER BY id DESC LIMIT 1",
                         (account, fmt))
        return (row[0], row[1]) if row else None

    # --- the team's notes: with this store they stay in each account's notes file (one person's
    # store has no colleague to share them with); the shared store keeps them (briefing.store.postgres)
    shares_notes = False
    notes_url = ""

    def notes(self, account: str) -> list[StoredNote]:
        return []

    # --- plumbing ---
    def _write(self, sql: str, args: tuple[Any, ...]) -> sqlite3.Cursor:
        return self._transaction(lambda db: db.execute(sql, args))

    def _transaction(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """`work` in one write transaction; when it meets damage, the store is replaced
        (`_replace`: this run's earlier writes carried over) and `work` done again on the new one."""
        for attempt in (1, 2):
            try:
                with self.writing() as db:
                    return work(db)
            except sqlite3.DatabaseError as exc:
                if attempt == 2 or not _is_damage(exc) or self._replaced:
                    raise StoreError(_explain(self.path, exc)) from None
                self._replace(str(exc))
        raise AssertionError("unreachable")

    def _read(self, sql: str, args: tuple[Any, ...], *, many: bool = False) -> Any:
        """One row (or all with `many`); on damage, the store is replaced and the row read from what
        the damaged copy still holds; a row it cannot give is not stored (None, or no rows)."""
        try:
            found = _fetch(self.db, sql, args, many)
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise StoreError(_explain(self.path, exc)) from None
            if self._replaced:  # damaged again: not stored
                log.warning("%s: %s", self.path, exc)
                return [] if many else None
            self._replace(str(exc))
            found = _fetch_or_none(self.db, sql, args, many)  # what this run wrote, carried over
        if not found and self._damaged is not None:
            found = _fetch_or_none(self._damaged, sql, args, many)
        return found if found else ([] if many else None)

    def _unreadable(self, problem: str) -> None:
        """A row sqlite gave but that cannot be decoded: the store is damaged; the row is not stored."""
        if not self._replaced:
            self._replace(problem)
        else:
            log.warning("%s: %s", self.path, problem)
        return None

    def _wrote(self, table: str, *keys: tuple[Any, ...]) -> None:
        self._written[table].update(keys)

    def _replace(self, problem: str, *, wait: float = MID_RUN_WAIT, at_open: bool = False) -> None:
        """The store is damaged: move it aside (with its -wal and -shm) and start a new one, unless
        another run still has it open (then this run reads what it can from it and writes to
        memory). Either way, what this run wrote before is carried over, and `recovered` says
        what happened."""
        self._replaced = True
        log.warning("%s: the store is damaged (%s)", self.path, problem)
        old, lock, found = self.db, self._lock or _Lock(self.path), self._file
        self._lock = lock
        if old is not None and old.in_transaction:
            with suppress(sqlite3.Error):
                old.execute("ROLLBACK")
        said = f"the store {self.path} was found damaged ({problem})"
        alone = lock.alone(wait, lambda: _identity(self.path) != found)
        try:
            if _identity(self.path) != found:  # another run moved it aside meanwhile
                lock.shared()  # it lets go once the new store is there
                self.damaged_copy = _latest_aside(self.path)
                self.recovered = (f"{said}: another briefing run moved it aside"
                                  + (f" to {self.damaged_copy}" if self.damaged_copy else "")
                                  + f" and started a new store at {self.path}")
                self.db = _connect(self.path)
            elif alone:
                if old is not None:
                    old.close()
                    old = None
                self.damaged_copy = _move_aside(self.path)
                self.recovered = (f"{said}: it was moved aside to {self.damaged_copy} (kept as it was) "
                                  f"and a new store was started at {self.path}")
                self.db = _connect(self.path)
            else:  # another run is using it: moving the file would corrupt what that run writes
                lock.shared()
                self.db = _in_memory()
                self.recovered = (f"{said}, and another briefing run is using it, so it was left in place and this run "
                                  "saves nothing to it; the next run to find it damaged moves it aside")
            self._file = _identity(self.path)
        except (OSError, StoreError, _Damaged) as exc:
            why = (exc.strerror or exc) if isinstance(exc, OSError) else exc
            if at_open:
                lock.close()
                if self.damaged_copy is not None:
                    raise StoreError(f"{said}: it was moved aside to {self.damaged_copy}, but a new store could not be "
                                     f"started ({why}); choose another with --store") from None
                raise StoreError(f"{said} and could not be moved aside ({why}); move it away yourself (a new one is "
                                 "made), or choose another with --store") from None
            self.db = _in_memory()
            self.recovered = (f"{said}: " + (f"it was moved aside to {self.damaged_copy}, but a new store could not be "
                                             f"started ({why})" if self.damaged_copy else f"it could not be moved aside ({why})")
                              + "; this run saves nothing to the store")
        finally:
            lock.shared()  # from alone to shared again (nothing if already shared, or closed)
        self._damaged = old if old is not None else _read_only(self.damaged_copy or self.path)
        copied, lost = self._carry_over()
        if copied:
            self.recovered += f"; the {copied} row(s) this run had written were carried over"
        if lost:
            self.recovered += f"; {lost} row(s) this run had written could not be read back"
        log.warning("%s", self.recovered)

    def _carry_over(self) -> tuple[int, int]:
        """Copy the rows this run wrote from the damaged copy into the new store: (copied, lost)."""
        source, copied, lost = self._damaged, 0, 0
        keys = {table: written for table, written in self._written.items() if written}
        if not keys:
            return 0, 0
        with self.writing() as db:
            for table, written in keys.items():
                where = " AND ".join(f"{column} = ?" for column in _KEYS[table])
                for key in written:
                    row = _fetch_or_none(source, f"SELECT * FROM {table} WHERE {where}", key, False) if source else None
                    if row is None:
                        lost += 1
                        continue
                    db.execute(f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * len(row))})", row)
                    copied += 1
        return copied, lost


def _fetch(db: sqlite3.Connection, sql: str, args: tuple[Any, ...], many: bool) -> Any:
    cursor = db.execute(sql, args)
    return cursor.fetchall() if many else cursor.fetchone()


def _fetch_or_none(db: sqlite3.Connection, sql: str, args: tuple[Any, ...], many: bool) -> Any:
    try:
        return _fetch(db, sql, args, many)
    except sqlite3.Error:  # the damaged copy cannot give it: not stored
        return [] if many else None


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
        self.live = live  # the network fetcher (briefing.gathering.fetch.Fetcher), or None offline
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

    def kept_copy(self, url: str, reason: str) -> Page | None:
        """The store's copy of `url` marked stale with `reason` (the build ran out of time), if any."""
        stored = self.store.page(url)
        return stale_copy(stored, stored.fetched_at, reason) if stored is not None else None

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
        bytes for this request with the same code (briefing.store.readings)."""
        where, key = request_id(adapter.name, request), reading_key(adapter, page, request)
        kept = self.store.reading(where)
        return Reading(where, key, kept[1] if kept is not None and kept[0] == key else None)

    def keep_reading(self, reading: Reading, packed: bytes) -> None:
        self._readings.append((reading.request, reading.key, packed))
        self._flush_now_and_then()
