"""Politeness shared by every process building briefs against one PostgreSQL store: the fetcher's
per-site slots, Crawl-delay spacing and 429/503 embargo (briefing.gathering.fetch.HostGate),
held for all of them together.

Slots are session-level advisory locks, `pg_try_advisory_lock(key of site and kind, slot number)`:
a process that dies loses its connection, and PostgreSQL frees its slots at once. Turns are rows
of `host_turns` (the store's migration 3): the next request start of a site, reserved in one
statement on the database's clock, so the processes' own clocks need not agree.

One connection per fetcher, opened and closed with it. Anything going wrong with it is logged
once and the gate steps aside: the fetcher's own limits still hold, and a brief never fails for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

try:
    import psycopg
except ImportError:  # only a PostgreSQL store makes a gate, and that needs psycopg
    psycopg = None  # type: ignore[assignment]

__all__ = ["SharedHosts"]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

QUERY_WAIT = 5.0  # seconds a query to the gate may take before the gate is given up for the run
POLL = (0.02, 0.1)  # seconds between tries for a slot: short, jittered so processes do not ask in step

# the start reserved is the later of now and the last reservation's end; `spacing` after it is the next
_RESERVE = """
INSERT INTO host_turns AS t (host, not_before) VALUES (%(site)s, clock_timestamp() + make_interval(secs => %(spacing)s))
ON CONFLICT (host) DO UPDATE SET not_before = greatest(t.not_before, clock_timestamp()) + make_interval(secs => %(spacing)s)
RETURNING greatest(0, extract(epoch FROM t.not_before - clock_timestamp()) - %(spacing)s)::float8
"""
# no spacing asked: nothing to reserve, only an embargo in force to wait out
_EMBARGO_LEFT = """
SELECT coalesce((SELECT greatest(0, extract(epoch FROM not_before - clock_timestamp()))::float8
                 FROM host_turns WHERE host = %(site)s), 0)
"""
# greatest(): an embargo never shortens a delay already in force
_EMBARGO = """
INSERT INTO host_turns AS t (host, not_before) VALUES (%(site)s, clock_timestamp() + make_interval(secs => %(seconds)s))
ON CONFLICT (host) DO UPDATE SET not_before = greatest(t.not_before, EXCLUDED.not_before)
RETURNING true
"""


def slot_key(site: str, kind: str) -> int:
    """The advisory lock's first number for a site's slots of one kind (a signed 32-bit int)."""
    digest = hashlib.blake2b(f"briefing-{kind}:{site}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


class SharedHosts:
    """A fetcher's gate on the store at `url`; `where` and `secret` keep the password out of messages."""

    def __init__(self, url: str, connect: dict[str, Any], *, where: str, secret: str | None = None) -> None:
        self._url = url
        self._connect = {**connect, "application_name": "briefing-hosts", "autocommit": True}
        self._where = where
        self._secret = secret
        self._conn: Any = None
        self._lock = asyncio.Lock()  # one connection: one query at a time
        self._held: set[tuple[int, int]] = set()  # advisory locks re-enter: never ask again for one held
        self._warned = False

    async def open(self) -> None:
        if psycopg is None:
            self._give_up("psycopg is not installed")
            return
        try:
            async with asyncio.timeout(QUERY_WAIT * 2):
                self._conn = await psycopg.AsyncConnection.connect(self._url, **self._connect)
        except (psycopg.Error, OSError, TimeoutError) as exc:
            self._give_up(exc)

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        self._held.clear()
        if conn is not None:
            with contextlib.suppress(psycopg.Error, OSError):
                await conn.close()  # the slots still held go with the session

    @contextlib.asynccontextmanager
    async def slot(self, site: str, kind: str, limit: int) -> AsyncIterator[None]:
        taken = await self._take(slot_key(site, kind), limit)
        try:
            yield
        finally:
            if taken is not None:
                await self._give_back(taken)

    async def turn(self, site: str, spacing: float) -> float | None:
        if spacing > 0:
            row = await self._query(_RESERVE, {"site": site, "spacing": float(spacing)})
        else:
            row = await self._query(_EMBARGO_LEFT, {"site": site})
        return None if row is None else float(row[0])

    async def embargo(self, site: str, seconds: float) -> None:
        await self._query(_EMBARGO, {"site": site, "seconds": float(seconds)})

    # --- plumbing ---
    async def _take(self, key: int, limit: int) -> tuple[int, int] | None:
        """A free slot, waited for; None when the gate is not working (the local limits hold alone).
        The fetcher's own semaphores let at most `limit` of this process's requests in here, so
        one of the slots not held here comes free in time."""
        while True:
            attempt = asyncio.ensure_future(self._guarded(lambda conn: self._claim(conn, key, limit)))
            try:
                got = await asyncio.shield(attempt)
            except asyncio.CancelledError:  # the fetch was cancelled: a slot the query took must not be lost
                got = await attempt
                if got:
                    await self._give_back(got)
                raise
            if got is not False:
                return got
            await asyncio.sleep(random.uniform(*POLL))  # other processes are real: real time

    async def _claim(self, conn: Any, key: int, limit: int) -> tuple[int, int] | bool:
        """One of the slots not held here, or False when the other processes hold them all. Run
        under the lock, so two requests of this process never re-enter one lock."""
        for number in range(limit):
            slot = (key, number)
            if slot not in self._held and (await _one(conn, "SELECT pg_try_advisory_lock(%s::int4, %s::int4)", slot))[0]:
                self._held.add(slot)
                return slot
        return False

    async def _give_back(self, slot: tuple[int, int]) -> None:
        self._held.discard(slot)
        await self._query("SELECT pg_advisory_unlock(%s::int4, %s::int4)", slot)

    async def _query(self, sql: str, args: Any) -> tuple[Any, ...] | None:
        """The one row `sql` answers; None once the gate is not working."""
        return await self._guarded(lambda conn: _one(conn, sql, args))

    async def _guarded(self, work: Callable[[Any], Awaitable[_T]]) -> _T | None:
        """`work` on the connection, alone; None once the gate is not working."""
        async with self._lock:
            if self._conn is None:
                return None
            try:
                async with asyncio.timeout(QUERY_WAIT):
                    return await work(self._conn)
            except (psycopg.Error, OSError, TimeoutError) as exc:
                self._give_up(exc)
                conn, self._conn = self._conn, None
                self._held.clear()  # a broken session's locks are freed by the server
        with contextlib.suppress(psycopg.Error, OSError):
            await conn.close()
        return None

    def _give_up(self, why: BaseException | str) -> None:
        if self._warned:
            return
        self._warned = True
        message = (str(why).strip().splitlines() or [type(why).__name__])[-1]
        if self._secret:
            message = message.replace(self._secret, "***")
        log.warning("%s: the politeness shared with other workers is off for this run (%s); "
                    "each worker keeps its own limits", self._where, message)


async def _one(conn: Any, sql: str, args: Any) -> tuple[Any, ...]:
    cursor = await conn.execute(sql, args)
    return await cursor.fetchone()
