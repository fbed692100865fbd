"""The shared store on PostgreSQL: the SQLite store's tables and methods (briefing.store.database),
kept in one database a team shares, so a page fetched for one colleague's brief is a 304 for the next.

`Store.open("postgresql://user@host:port/db")` (or BRIEFING_STORE) gives a `PostgresStore`: the
same methods, rows of the same shape (briefing.store.records). Connections come from a psycopg
pool; each write is one transaction, retried when PostgreSQL breaks a deadlock between two runs.

The schema is versioned: `MIGRATIONS` are numbered, applied in order in one transaction under an
advisory lock, and recorded in `schema_migrations`, so two workers starting at once apply each
migration once. `import_sqlite` copies an SQLite store in; run again, it adds nothing.

The password comes from the URL, libpq's own places (PGPASSWORD, ~/.pgpass or PGPASSFILE), or
the keyring entry `postgres-password` (service "briefing"); it is never written to the store, a
log or a message: every message names the URL with the password taken out (`redact`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, Callable, Iterator, Sequence, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefing.errors import StoreError
from briefing.models import Page
from briefing.store.hosts import SharedHosts
from briefing.store.records import StoredDossier, StoredNote, page_from_row, page_row

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg_pool import ConnectionPool, PoolTimeout
except ImportError:  # the optional extra is not installed: said when such a store is asked for
    psycopg = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

KEYRING_SERVICE = "briefing"
KEYRING_ENTRY = "postgres-password"
CONNECT_TIMEOUT = 10  # seconds to reach the server
POOL_WAIT = 15.0  # seconds a run waits for a free connection, as the SQLite store's busy timeout
POOL_SIZE = 4
_T = TypeVar("_T")
# the advisory lock every opening run takes while it migrates: one number, "briefing" in ASCII
MIGRATION_LOCK = int.from_bytes(b"briefing", "big") & 0x7FFF_FFFF_FFFF_FFFF

# Numbered, applied once each, in order; never edit one that has shipped: add the next.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "the tables of the SQLite store", """
CREATE TABLE pages (
    url TEXT PRIMARY KEY, final_url TEXT NOT NULL, fetched_at TEXT NOT NULL, status INTEGER NOT NULL,
    content_type TEXT NOT NULL, encoding TEXT NOT NULL, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    body BYTEA NOT NULL, body_hash TEXT NOT NULL, text_hash TEXT NOT NULL
);
CREATE TABLE dossiers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account TEXT NOT NULL, built_at TEXT NOT NULL, json TEXT NOT NULL
);
CREATE INDEX dossiers_by_account ON dossiers (account, id);
CREATE TABLE source_pages (
    source TEXT NOT NULL, url TEXT NOT NULL,
    seq BIGINT GENERATED ALWAYS AS IDENTITY,  -- the order they were read in (SQLite's rowid)
    PRIMARY KEY (source, url)
);
CREATE TABLE briefs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account TEXT NOT NULL, dossier_id BIGINT REFERENCES dossiers (id),
    path TEXT NOT NULL, format TEXT NOT NULL, sha256 TEXT NOT NULL, bytes BIGINT NOT NULL, built_at TEXT NOT NULL
);
CREATE INDEX briefs_by_account ON briefs (account, format, id);
CREATE TABLE robots (origin TEXT PRIMARY KEY, fetched_at TEXT NOT NULL, body TEXT);
CREATE TABLE readings (request TEXT PRIMARY KEY, key TEXT NOT NULL, data BYTEA NOT NULL);
CREATE TABLE sites (origin TEXT PRIMARY KEY, answers_304 BOOLEAN NOT NULL);
"""),
    (2, "the team's notes", """
CREATE TABLE notes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account TEXT NOT NULL, author TEXT NOT NULL,
    said_on TEXT NOT NULL, written_at TIMESTAMPTZ NOT NULL, topic TEXT NOT NULL, text TEXT NOT NULL,
    answered BOOLEAN NOT NULL
);
CREATE INDEX notes_by_account ON notes (account, id);
"""),
    (3, "the sites' next request starts, shared by the workers (briefing.store.hosts)", """
CREATE TABLE host_turns (host TEXT PRIMARY KEY, not_before TIMESTAMPTZ NOT NULL);
"""),
    (4, "what each of the evening's jobs did (briefing.team.engine)", """
CREATE TABLE job_outcomes (job_id BIGINT PRIMARY KEY, outcome JSONB NOT NULL, finished_at TIMESTAMPTZ NOT NULL DEFAULT now());
"""),
)
LATEST = MIGRATIONS[-1][0]

_PAGE_COLUMNS = ("url", "final_url", "fetched_at", "status", "content_type", "encoding", "etag", "last_modified",
                 "body", "body_hash", "text_hash")
_SAVE_PAGE = (f"INSERT INTO pages VALUES ({', '.join(['%s'] * 11)}) ON CONFLICT (url) DO UPDATE SET "
              + ", ".join(f"{c} = EXCLUDED.{c}" for c in _PAGE_COLUMNS[1:]))
_REMEMBER = "INSERT INTO source_pages (source, url) VALUES (%s, %s) ON CONFLICT DO NOTHING"
_SAVE_READING = ("INSERT INTO readings VALUES (%s, %s, %s) "
                 "ON CONFLICT (request) DO UPDATE SET key = EXCLUDED.key, data = EXCLUDED.data")


def redact(url: str) -> str:
    """The URL without its password (in the address or as a `password=` parameter): what messages show."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            login, _, place = netloc.rpartition("@")
            netloc = f"{login.split(':', 1)[0]}@{place}"
        query = urlencode([(k, "***" if k.lower() == "password" else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)])
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return url.split("://", 1)[0] + "://(an address that cannot be read)"


def public_url(url: str) -> str:
    """The store's address with no login and no parameters (postgresql://host:port/db): what a
    note's source cites, in a brief anyone may be shown."""
    try:
        parts = urlsplit(url)
        place = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, place, parts.path, "", ""))
    except ValueError:
        return url.split("://", 1)[0] + "://(an address that cannot be read)"


def _password_in(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        return parts.password or dict(parse_qsl(parts.query)).get("password")
    except ValueError:
        return None


def _keyring_password() -> str | None:
    """The keyring's `postgres-password` entry, or None (no entry, or no keyring on this machine)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, KEYRING_ENTRY)
    except Exception:  # no backend, a locked keyring: as if there were no entry
        return None


def _explain(url: str, exc: BaseException, secret: str | None) -> str:
    """A refused, unreachable or failing store in words, naming the URL without its password."""
    where, message = redact(url), str(exc).strip()
    if secret:
        message = message.replace(secret, "***")
    lowered = message.lower()
    hint = "; choose another with --store"
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return (f"{where}: PostgreSQL refused the login ({message.splitlines()[-1]}); give the password in the URL, "
                f"PGPASSWORD, ~/.pgpass or the keyring entry '{KEYRING_ENTRY}' (service '{KEYRING_SERVICE}')")
    if "does not exist" in lowered and "database" in lowered:
        return f"{where}: that database does not exist on the server (create it: createdb NAME){hint}"
    if "connection refused" in lowered or "could not connect" in lowered or "timeout expired" in lowered:
        return f"{where}: no PostgreSQL server answers there ({message.splitlines()[-1]}){hint}"
    if isinstance(exc, PoolTimeout if psycopg is not None else ()):
        return f"{where}: no connection to the store came free within {POOL_WAIT:g} s; try again when the other runs are done"
    return f"{where}: the store failed ({message.splitlines()[-1] if message else type(exc).__name__}){hint}"


def _migrate(conn: Any, url: str) -> list[int]:
    """Apply the migrations this store lacks, in one transaction under the advisory lock; the
    versions applied now (none when another run, or an earlier one, did it)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))  # let go at commit
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                     "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        if done and max(done) > LATEST:
            raise StoreError(f"{redact(url)}: the store was made by a newer Briefing (schema version {max(done)}, this "
                             f"one knows up to {LATEST}); upgrade Briefing")
        applied = []
        for version, name, sql in MIGRATIONS:
            if version not in done:
                conn.execute(sql)
                conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name))
                applied.append(version)
    if applied:
        log.info("%s: schema migrations %s applied", redact(url), applied)
    return applied


def _connect_kwargs(url: str) -> dict[str, Any]:
    """The first connection, with the keyring's password when libpq found none; and the
    settings the pool's connections are made with."""
    assert psycopg is not None
    kwargs: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT, "application_name": "briefing"}
    try:
        conn = psycopg.connect(url, **kwargs)
    except psycopg.OperationalError as exc:
        password = _keyring_password() if "no password supplied" in str(exc) else None
        if password is None:
            raise
        kwargs["password"] = password
        conn = psycopg.connect(url, **kwargs)
    with conn:
        _migrate(conn, url)
    return kwargs


class PostgresStore:
    """The shared store: open with `Store.open(URL)` or `PostgresStore.open(URL)`; use as a
    context manager to close it. A database is not a file that can be found damaged and moved
    aside: `recovered` and `damaged_copy` stay None."""

    def __init__(self, pool: Any, url: str, secret: str | None, connect: dict[str, Any] | None = None) -> None:
        self._pool = pool
        self._connect = dict(connect or {})  # how the pool connects (a keyring password too): for the gate
        self.url = url
        self.path = redact(url)  # what messages name
        self.recovered: str | None = None
        self.damaged_copy: Path | None = None
        self._secret = secret

    @classmethod
    def open(cls, url: str) -> PostgresStore:
        """The store at `url`, its schema brought up to date; a StoreError (exit 3) when the
        server cannot be reached, refuses the login, or has no such database."""
        if psycopg is None:
            raise StoreError(f"{redact(url)}: a PostgreSQL store needs psycopg: pip install 'briefing[postgres]'")
        secret = _password_in(url) or os.environ.get("PGPASSWORD")
        try:
            kwargs = _connect_kwargs(url)
            secret = kwargs.get("password", secret)
            pool = ConnectionPool(url, kwargs=kwargs, min_size=1, max_size=POOL_SIZE, timeout=POOL_WAIT,
                                  name="briefing-store", open=True)
        except StoreError:
            raise
        except (psycopg.Error, PoolTimeout, ValueError) as exc:  # ValueError: a URL libpq cannot read
            raise StoreError(_explain(url, exc, secret)) from None
        return cls(pool, url, secret, kwargs)

    def close(self) -> None:
        self._pool.close()

    def connection_settings(self) -> tuple[str, dict[str, Any]]:
        """How this store connects (its URL, and a keyring password it found): for the job engine,
        which keeps its queue in the same database. Never shown: the password is in it."""
        return self.url, dict(self._connect)

    def hosts(self) -> SharedHosts:
        """A gate for one fetcher, so the workers sharing this store are polite to each site together."""
        return SharedHosts(self.url, self._connect, where=self.path, secret=self._secret)

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # --- plumbing ---
    def _transaction(self, work: Callable[[Any], _T]) -> _T:
        """`work` in one transaction, done again (up to three times) when PostgreSQL ends it to
        break a deadlock or a serialisation conflict with another run."""
        for attempt in (1, 2, 3):
            try:
                with self._pool.connection() as conn:  # commits at the end, rolls back on an exception
                    return work(conn)
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure) as exc:
                if attempt == 3:
                    raise StoreError(_explain(self.url, exc, self._secret)) from None
            except (psycopg.Error, PoolTimeout) as exc:
                raise StoreError(_explain(self.url, exc, self._secret)) from None
        raise AssertionError("unreachable")

    def transaction(self, work: Callable[[Any], _T]) -> _T:
        """`work(connection)` in one transaction of this store's database (the job engine makes
        its tables so); a StoreError naming the store when it fails."""
        return self._transaction(work)

    def _read(self, sql: str, args: tuple[Any, ...], *, many: bool = False) -> Any:
        def read(conn: Any) -> Any:
            cursor = conn.execute(sql, args)
            return cursor.fetchall() if many else cursor.fetchone()

        return self._transaction(read)

    def _write(self, sql: str, args: tuple[Any, ...]) -> Any:
        """One statement in its own transaction; the row it returns, if it has RETURNING."""
        def write(conn: Any) -> Any:
            cursor = conn.execute(sql, args)
            return cursor.fetchone() if cursor.description else None

        return self._transaction(write)

    # --- pages ---
    def save_read(self, pages: list[Page], sources: list[tuple[str, str]], readings: list[tuple[str, str, bytes]],
                  *, confirmed: Sequence[tuple[str, str]] = ()) -> None:
        """What a build read, in one transaction (as the SQLite store). Rows go in key order, so
        two runs writing the same pages take their row locks in one order and do not deadlock."""
        rows = sorted((page_row(page) for page in pages), key=lambda row: row[0])

        def write(conn: Any) -> None:
            with conn.cursor() as cursor:
                for sql, params in ((_SAVE_PAGE, rows),
                                    ("UPDATE pages SET fetched_at = %s WHERE url = %s", sorted(confirmed, key=lambda r: r[1])),
                                    (_REMEMBER, sorted(sources)),
                                    (_SAVE_READING, sorted(readings, key=lambda r: r[0]))):
                    if params:
                        cursor.executemany(sql, params)

        self._transaction(write)

    def page(self, url: str) -> Page | None:
        """The last good copy of `url`; None when it is not stored, or cannot be read back."""
        row = self._read("SELECT * FROM pages WHERE url = %s", (url,))
        if row is None:
            return None
        try:
            return page_from_row(row)
        except (zlib.error, ValueError, TypeError, LookupError) as exc:
            log.warning("%s: the stored copy of %s cannot be read back (%s)", self.path, url, exc)
            return None

    def source_pages(self, source: str) -> list[str]:
        return [row[0] for row in self._read("SELECT url FROM source_pages WHERE source = %s ORDER BY seq", (source,), many=True)]

    def reading(self, request: str) -> tuple[str, bytes] | None:
        row = self._read("SELECT key, data FROM readings WHERE request = %s", (request,))
        return (row[0], bytes(row[1])) if row else None

    # --- what was learnt of each site (briefing.gathering.fetch.SiteMemory) ---
    def revalidates(self, origin: str) -> bool | None:
        row = self._read("SELECT answers_304 FROM sites WHERE origin = %s", (origin,))
        return bool(row[0]) if row else None

    def keep_revalidates(self, origin: str, answers_304: bool) -> None:
        self._write("INSERT INTO sites VALUES (%s, %s) ON CONFLICT (origin) DO UPDATE SET answers_304 = EXCLUDED.answers_304",
                    (origin, bool(answers_304)))

    def robots(self, origin: str) -> tuple[str | None, datetime] | None:
        row = self._read("SELECT body, fetched_at FROM robots WHERE origin = %s", (origin,))
        return (row[0], datetime.fromisoformat(row[1])) if row else None

    def keep_robots(self, origin: str, text: str | None, fetched_at: datetime) -> None:
        text = text.replace("\x00", "") if text is not None else None  # PostgreSQL text holds no NUL
        self._write("INSERT INTO robots VALUES (%s, %s, %s) ON CONFLICT (origin) DO UPDATE SET "
                    "fetched_at = EXCLUDED.fetched_at, body = EXCLUDED.body", (origin, fetched_at.isoformat(), text))

    # --- dossiers and briefs ---
    def save_dossier(self, account: str, built_at: datetime, data: dict[str, Any]) -> int:
        # ASCII JSON: text from the web may hold lone surrogates, which PostgreSQL's UTF-8 cannot carry
        row = self._write("INSERT INTO dossiers (account, built_at, json) VALUES (%s, %s, %s) RETURNING id",
                          (account, built_at.isoformat(), json.dumps(data)))
        return int(row[0])

    def last_dossier(self, account: str) -> StoredDossier | None:
        row = self._read("SELECT id, built_at, json FROM dossiers WHERE account = %s ORDER BY id DESC LIMIT 1", (account,))
        return StoredDossier(row[0], datetime.fromisoformat(row[1]), json.loads(row[2])) if row else None

    def save_brief(self, account: str, dossier_id: int, path: Path, fmt: str, data: bytes, built_at: datetime) -> None:
        self._write("INSERT INTO briefs (account, dossier_id, path, format, sha256, bytes, built_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (account, dossier_id, str(path), fmt, hashlib.sha256(data).hexdigest(), len(data), built_at.isoformat()))

    def last_built(self, account: str, fmt: str = "pdf") -> tuple[StoredDossier, str] | None:
        """The dossier the account's last brief of this format was built from, and that brief's path."""
        row = self._read(
            "SELECT d.id, d.built_at, d.json, b.path FROM briefs b JOIN dossiers d ON d.id = b.dossier_id "
            "WHERE b.account = %s AND b.format = %s ORDER BY b.id DESC LIMIT 1", (account, fmt))
        return (StoredDossier(row[0], datetime.fromisoformat(row[1]), json.loads(row[2])), row[3]) if row else None

    def last_brief(self, account: str, fmt: str = "pdf") -> tuple[str, str] | None:
        """(path, sha256) of the last brief built for the account."""
        row = self._read("SELECT path, sha256 FROM briefs WHERE account = %s AND format = %s ORDER BY id DESC LIMIT 1",
                         (account, fmt))
        return (row[0], row[1]) if row else None

    # --- the team's notes ---
    shares_notes = True  # `briefing note` writes here, and every colleague's build reads them

    @property
    def notes_url(self) -> str:
        """Where the notes are, as a note's source cites it: postgresql://host:port/db#notes."""
        return f"{public_url(self.url)}#notes"

    def add_notes(self, account: str, notes: Sequence[tuple[str, str, str, str, bool]], written_at: datetime) -> list[int]:
        """(author, said_on, topic, text, answered) notes on `account`, one INSERT each, in one
        transaction: writers at the same moment each add their own rows, so none is lost."""
        def write(conn: Any) -> list[int]:
            return [conn.execute("INSERT INTO notes (account, author, said_on, written_at, topic, text, answered) "
                                 "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                                 (account, author, said_on, written_at, topic, _no_nul(text), bool(answered))).fetchone()[0]
                    for author, said_on, topic, text, answered in notes]

        return self._transaction(write)

    def import_notes(self, account: str, notes: Sequence[tuple[str, str, str, str, bool]], written_at: datetime) -> int:
        """Like `add_notes`, less the notes the store already holds on the account (the same
        author, day and text): importing a notes file twice adds nothing. How many were added."""
        def write(conn: Any) -> int:
            conn.execute("LOCK TABLE notes IN SHARE ROW EXCLUSIVE MODE")  # two imports at once add once
            added = 0
            for author, said_on, topic, text, answered in notes:
                cursor = conn.execute(
                    "INSERT INTO notes (account, author, said_on, written_at, topic, text, answered) "
                    "SELECT %s, %s, %s, %s, %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM notes WHERE account = %s "
                    "AND author = %s AND said_on = %s AND text = %s)",
                    (account, author, said_on, written_at, topic, _no_nul(text), bool(answered),
                     account, author, said_on, _no_nul(text)))
                added += cursor.rowcount
            return added

        return self._transaction(write)

    def notes(self, account: str) -> list[StoredNote]:
        """The account's notes, in the order they were written."""
        rows = self._read("SELECT id, account, author, said_on, written_at, topic, text, answered FROM notes "
                          "WHERE account = %s ORDER BY id", (account,), many=True)
        return [StoredNote(row[0], row[1], row[2], row[3], row[4].astimezone(timezone.utc), row[5], row[6], bool(row[7]))
                for row in rows]

    def count(self, table: str) -> int:
        """How many rows a table holds (for the import's report and tests)."""
        if table not in _IMPORTED and table != "notes":
            raise ValueError(f"not a store table: {table}")
        return int(self._read(f"SELECT count(*) FROM {table}", ())[0])

    def schema_versions(self) -> list[int]:
        return [row[0] for row in self._read("SELECT version FROM schema_migrations ORDER BY version", (), many=True)]


def _no_nul(text: str) -> str:
    return text.replace("\x00", "")  # PostgreSQL text holds no NUL


# --- importing an SQLite store ---
# table: (the SQLite query in its order, the PostgreSQL insert that keeps what is already there)
_IMPORTED: dict[str, tuple[str, str]] = {
    "pages": ("SELECT * FROM pages ORDER BY url",  # the shared store's copy of a page wins: it may be newer
              f"INSERT INTO pages VALUES ({', '.join(['%s'] * 11)}) ON CONFLICT (url) DO NOTHING"),
    "source_pages": ("SELECT source, url FROM source_pages ORDER BY rowid", _REMEMBER),
    "readings": ("SELECT request, key, data FROM readings ORDER BY request",
                 "INSERT INTO readings VALUES (%s, %s, %s) ON CONFLICT (request) DO NOTHING"),
    "robots": ("SELECT origin, fetched_at, body FROM robots ORDER BY origin",
               "INSERT INTO robots VALUES (%s, %s, %s) ON CONFLICT (origin) DO NOTHING"),
    "sites": ("SELECT origin, answers_304 FROM sites ORDER BY origin",
              "INSERT INTO sites VALUES (%s, %s::int::boolean) ON CONFLICT (origin) DO NOTHING"),
    "dossiers": ("", ""),  # by hand below: their ids change
    "briefs": ("", ""),
}
BATCH = 500


@dataclass
class ImportReport:
    """What an import added to the shared store, table by table (0 everywhere the second time)."""

    source: Path
    target: str  # the URL, without its password
    added: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.added.values())


def _sqlite_rows(db: sqlite3.Connection, sql: str) -> Iterator[list[tuple[Any, ...]]]:
    cursor = db.execute(sql)
    while batch := cursor.fetchmany(BATCH):
        yield batch


def _import_history(conn: Any, db: sqlite3.Connection) -> None:
    """Dossiers and briefs, each added once: a dossier is the same one when its account, time
    and JSON are; a brief when its account, path, format, hash and time are."""
    ids: dict[int, int] = {}
    for batch in _sqlite_rows(db, "SELECT id, account, built_at, json FROM dossiers ORDER BY id"):
        for old, account, built_at, text in batch:
            found = conn.execute("SELECT id FROM dossiers WHERE account = %s AND built_at = %s AND json = %s",
                                 (account, built_at, text)).fetchone()
            ids[old] = found[0] if found else conn.execute(
                "INSERT INTO dossiers (account, built_at, json) VALUES (%s, %s, %s) RETURNING id",
                (account, built_at, text)).fetchone()[0]
    for batch in _sqlite_rows(db, "SELECT account, dossier_id, path, format, sha256, bytes, built_at FROM briefs ORDER BY id"):
        for account, dossier_id, path, fmt, sha256, size, built_at in batch:
            conn.execute(
                "INSERT INTO briefs (account, dossier_id, path, format, sha256, bytes, built_at) "
                "SELECT %s, %s, %s, %s, %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM briefs WHERE account = %s AND path = %s "
                "AND format = %s AND sha256 = %s AND built_at = %s)",
                (account, ids.get(dossier_id), path, fmt, sha256, size, built_at, account, path, fmt, sha256, built_at))


def _open_sqlite(path: Path) -> sqlite3.Connection:
    """The SQLite store at `path`, read only (never changed by an import)."""
    if not path.is_file():
        raise StoreError(f"{path}: no SQLite store there; give its path (default: briefing.sqlite3 in the user data folder)")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: this is not a Briefing store, or it is damaged ({exc})") from None
    return db


def import_sqlite(path: Path, url: str) -> ImportReport:
    """Copy the SQLite store at `path` into the PostgreSQL store at `url` in one transaction:
    pages, readings, robots.txt and site facts, which source read which page, dossiers and briefs.
    What the shared store already holds is kept, so importing twice adds nothing."""
    db = _open_sqlite(path)
    target = PostgresStore.open(url)
    try:
        present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        before = {table: target.count(table) for table in _IMPORTED}

        def copy(conn: Any) -> None:
            conn.execute("LOCK TABLE dossiers, briefs IN SHARE ROW EXCLUSIVE MODE")  # two imports at once add once
            cursor = conn.cursor()
            for table, (select, insert) in _IMPORTED.items():
                if select and table in present:
                    for batch in _sqlite_rows(db, select):
                        cursor.executemany(insert, batch)
            if {"dossiers", "briefs"} <= present:
                _import_history(conn, db)

        try:
            target._transaction(copy)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: the SQLite store cannot be read ({exc}); nothing was imported") from None
        return ImportReport(path, target.path, {table: target.count(table) - before[table] for table in _IMPORTED})
    finally:
        target.close()
        db.close()
