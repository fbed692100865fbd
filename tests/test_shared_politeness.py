"""Politeness held by several worker processes together, through the shared PostgreSQL store
(briefing.store.hosts): two downloads at a time per site for all of them, Crawl-delay spacing and
a 429/503 embargo seen by every one, slots of a killed process freed at once, and each worker's
own limits still holding when the database goes away.

Real processes (tests/politeness_worker.py), a real PostgreSQL (tests/postgres_server.py) and a
real HTTP server on 127.0.0.1 that counts the requests in flight. No assertion on speed: only
counts, and the order of request starts by the one clock the server and PostgreSQL share.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from http.server import BaseHTTPRequestHandler
from itertools import pairwise
from pathlib import Path
from typing import Any

import psycopg
import pytest

from briefing.gathering.fetch import Fetcher, FetchSettings
from briefing.models import Page
from briefing.store.hosts import SharedHosts
from briefing.store.postgres import PostgresStore, redact
from loopback import Loopback, serve
from postgres_server import PASSWORD, postgres_cluster, postgres_url  # noqa: F401 (fixtures)

WORKER = Path(__file__).resolve().parent / "politeness_worker.py"
HTML = "<html><body><p>深圳市示例科技有限公司成立于2010年，专注工业软件。</p></body></html>"
WAIT = 120  # seconds a worker may take at most: a hang fails the test instead of stalling the suite
Reply = Callable[[BaseHTTPRequestHandler], None]


def answer(handler: BaseHTTPRequestHandler, status: int = 200, body: str = HTML, **headers: str) -> None:
    data = body.encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(data)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(data)


def page(hold: float = 0.0) -> Reply:
    def reply(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(hold)  # the server at work: keeps the request in flight
        answer(handler)
    return reply


def held(handler: BaseHTTPRequestHandler) -> None:
    handler.server.closing.wait(WAIT)  # type: ignore[attr-defined]  # until the test ends
    answer(handler)


def busy_once(retry_after: int) -> Reply:
    asked: list[int] = []

    def reply(handler: BaseHTTPRequestHandler) -> None:
        asked.append(1)
        if len(asked) == 1:
            answer(handler, 503, "<html><body>busy, come back later</body></html>", Retry_After=str(retry_after))
        else:
            answer(handler)
    return reply


class Counting:
    """Requests in flight per Host and per worker (a path's second part: /w/A/1 is worker A's),
    the most at once of each, and when each request arrived, with its status."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.in_flight: Counter[str] = Counter()
        self.most: Counter[str] = Counter()
        self.arrived: list[tuple[str, str, float]] = []  # (worker, path, time.time())

    def route(self, reply: Reply) -> Reply:
        def counted(handler: BaseHTTPRequestHandler) -> None:
            parts = handler.path.split("/")
            keys = (handler.headers.get("Host", ""), parts[2] if len(parts) > 2 else "-")
            with self._lock:
                self.arrived.append((keys[1], handler.path, time.time()))
                for key in keys:
                    self.in_flight[key] += 1
                    self.most[key] = max(self.most[key], self.in_flight[key])
            try:
                reply(handler)
            finally:
                with self._lock:
                    for key in keys:
                        self.in_flight[key] -= 1
        return counted

    def starts(self, worker: str | None = None) -> list[float]:
        with self._lock:
            return sorted(t for who, path, t in self.arrived if worker in (None, who) and path != "/robots.txt")


@contextmanager
def site(routes: dict[str, Reply]) -> Iterator[tuple[Loopback, Counting, str]]:
    counting = Counting()
    with serve({path: counting.route(reply) for path, reply in routes.items()}) as web:
        yield web, counting, web.base.split("://", 1)[1]  # the Host header: 127.0.0.1:PORT


class Worker:
    """A worker process, started up to "ready" (fetcher and gate open), told to go later."""

    def __init__(self, web: Loopback, paths: list[str], db: str | None, **settings: Any) -> None:
        self.process = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        orders = {"base": web.base, "paths": paths, "db": db, "settings": {"obey_robots": False, **settings}}
        self._say(json.dumps(orders))
        ready = self.process.stdout.readline()  # type: ignore[union-attr]
        assert ready.strip() == "ready", self.process.communicate(timeout=WAIT)[1][-3000:]

    def _say(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def go(self) -> Worker:
        self._say("go")
        return self

    def result(self) -> dict[str, Any]:
        out, err = self.process.communicate(timeout=WAIT)
        assert self.process.returncode == 0, err[-3000:]
        return json.loads(out.strip().splitlines()[-1])


def together(web: Loopback, plan: dict[str, list[str]], db: str | None, **settings: Any) -> dict[str, dict[str, Any]]:
    """Each worker of `plan` fetching its paths, all starting at once; what each reported."""
    workers = {name: Worker(web, paths, db, **settings) for name, paths in plan.items()}
    for worker in workers.values():
        worker.go()
    return {name: worker.result() for name, worker in workers.items()}


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.02)


@pytest.fixture()
def store_url(postgres_url: str) -> str:  # noqa: F811
    """A fresh store, its schema (host_turns) in place before the workers start."""
    PostgresStore.open(postgres_url).close()
    return postgres_url


def test_four_workers_send_a_site_at_most_two_requests_at_once(store_url: str):
    plan = {name: [f"/w/{name}/{i}" for i in range(8)] for name in "ABCD"}
    with site({path: page(0.15) for paths in plan.values() for path in paths}) as (web, counting, host):
        shared = together(web, plan, store_url)
        most_shared = counting.most[host]
        counting.most.clear()
        alone = together(web, plan, None)  # the same without the gate: the test can fail
        most_alone = counting.most[host]
    print(f"most at once: {most_shared} through the gate, {most_alone} without")
    assert [r["ok"] for r in shared.values()] == [r["ok"] for r in alone.values()] == [8] * 4
    assert most_shared == 2  # never more, and the two slots are used
    assert most_alone > 2


def test_a_crawl_delay_spaces_the_starts_of_two_workers(store_url: str):
    delay, slack = 1.0, 0.25  # slack: a request starts a moment after its turn, some more than others
    plan = {name: [f"/w/{name}/{i}" for i in range(3)] for name in "AB"}
    routes: dict[str, Reply] = {path: page() for paths in plan.values() for path in paths}
    routes["/robots.txt"] = lambda handler: answer(handler, body=f"User-agent: *\nCrawl-delay: {delay:g}\n")
    with site(routes) as (web, counting, _):
        shared = together(web, plan, store_url, obey_robots=True)
        starts = counting.starts()
        counting.arrived.clear()
        together(web, plan, None, obey_robots=True)
        alone = counting.starts()
    assert [r["ok"] for r in shared.values()] == [3, 3]
    gaps = [later - earlier for earlier, later in pairwise(starts)]
    gaps_alone = [later - earlier for earlier, later in pairwise(alone)]
    print(f"gaps between starts: {[round(g, 2) for g in gaps]} through the gate, "
          f"{[round(g, 2) for g in gaps_alone]} without")
    assert len(starts) == 6 and min(gaps) >= delay - slack
    assert min(gaps_alone) < delay - slack  # each worker spaces only its own: the test can fail


def test_a_503_seen_by_one_worker_holds_back_the_others(store_url: str):
    retry_after = 3
    routes: dict[str, Reply] = {"/busy/A": busy_once(retry_after), "/w/B/0": page(), "/w/B/1": page(), "/w/C/0": page()}
    with site(routes) as (web, counting, host):
        first = Worker(web, ["/busy/A"], store_url)
        second = Worker(web, ["/w/B/0", "/w/B/1"], store_url)
        unshared = Worker(web, ["/w/C/0"], None)  # knows nothing of the 503: the test can fail
        first.go()
        with psycopg.connect(store_url, autocommit=True) as db:
            until(lambda: db.execute("SELECT count(*) FROM host_turns WHERE host = %s AND not_before > clock_timestamp()",
                                     (host,)).fetchone()[0] == 1, "the embargo kept in the store")
        busy_at = counting.starts("A")[0]
        second.go()
        unshared.go()
        results = {"A": first.result(), "B": second.result(), "C": unshared.result()}
        arrivals = {name: counting.starts(name) for name in "ABC"}
    assert [r["ok"] for r in results.values()] == [1, 2, 1], results
    embargo_end = busy_at + retry_after
    print(f"after the 503, seconds to each start: { {n: [round(t - busy_at, 2) for t in ts] for n, ts in arrivals.items()} }")
    assert len(arrivals["A"]) == 2 and arrivals["A"][1] >= embargo_end - 0.05  # its own retry waited too
    assert len(arrivals["B"]) == 2 and min(arrivals["B"]) >= embargo_end - 0.05
    assert arrivals["C"][0] < embargo_end


def test_a_killed_worker_does_not_keep_its_slots(store_url: str):
    routes: dict[str, Reply] = {"/hold/K/0": held, "/hold/K/1": held}
    routes |= {f"/w/L/{i}": page(0.3) for i in range(6)}
    with site(routes) as (web, counting, _):
        killed = Worker(web, list(routes)[:2], store_url).go()
        until(lambda: counting.in_flight["K"] == 2, "the worker holding both slots")
        waiting = Worker(web, list(routes)[2:], store_url).go()
        time.sleep(1.0)
        assert counting.starts("L") == []  # both slots are taken: it waits
        os.kill(killed.process.pid, signal.SIGKILL)
        killed.process.communicate(timeout=WAIT)
        gone_at = time.time()
        report = waiting.result()
        starts = counting.starts("L")
    print(f"after the kill: the other worker started {len(starts)} requests, at most {counting.most['L']} at once, "
          f"the first {starts[0] - gone_at:.2f} s after")
    assert report["ok"] == 6 and min(starts) >= gone_at - 0.05
    assert counting.most["L"] == 2  # both slots were free again


def test_two_requests_of_one_worker_asking_at_once_hold_two_distinct_slots(store_url: str):
    async def go() -> tuple[int, int]:
        with PostgresStore.open(store_url) as store:
            gate = store.hosts()
            await gate.open()
            async with AsyncExitStack() as both:
                await asyncio.gather(*(both.enter_async_context(gate.slot("example.com:443", "download", 2))
                                       for _ in range(2)))
                during = await asyncio.to_thread(advisory_locks, store_url)
            after = await asyncio.to_thread(advisory_locks, store_url)
            await gate.close()
            return during, after

    assert asyncio.run(go()) == (2, 0)  # one lock re-entered would show once


def advisory_locks(url: str) -> int:
    with psycopg.connect(url) as db:
        return db.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                          "database = (SELECT oid FROM pg_database WHERE datname = current_database())").fetchone()[0]


def test_turns_are_reserved_one_after_another_and_an_embargo_is_never_shortened(store_url: str):
    async def go() -> tuple[list[float], float]:
        with PostgresStore.open(store_url) as store:
            gate = store.hosts()
            await gate.open()
            waits = [await gate.turn("a.example:443", 1.0) for _ in range(3)]
            await gate.embargo("b.example:443", 30)
            await gate.embargo("b.example:443", 1)
            left = await gate.turn("b.example:443", 0.0)
            await gate.close()
            return waits, left  # type: ignore[return-value]

    waits, left = asyncio.run(go())
    assert waits[0] < 0.5 < waits[1] <= 1.0 and 1.5 < waits[2] <= 2.0
    assert 20 < left <= 30


def test_a_gate_that_loses_its_database_leaves_each_worker_its_own_limits(store_url: str, postgres_cluster,  # noqa: F811
                                                                          caplog: pytest.LogCaptureFixture):
    paths = [f"/w/E/{i}" for i in range(8)]
    settings = FetchSettings(allow_private=True, obey_robots=False, retries=0)
    with site({path: page(0.2) for path in paths}) as (web, counting, host):

        async def go() -> list[Any]:
            with PostgresStore.open(store_url) as store:
                async with Fetcher(settings, hosts=store.hosts()) as fetcher:
                    run = asyncio.gather(*(fetcher.fetch(web.url(p)) for p in paths), return_exceptions=True)
                    await asyncio.to_thread(until, lambda: len(counting.starts()) >= 1, "a first request")
                    assert await asyncio.to_thread(cut_off, postgres_cluster, store_url) == 1
                    return list(await run)

        with caplog.at_level(logging.WARNING, logger="briefing.store.hosts"):
            pages = asyncio.run(go())
    warnings = [r.getMessage() for r in caplog.records if r.name == "briefing.store.hosts"]
    print(f"gate cut off mid-run: {sum(isinstance(p, Page) for p in pages)} of {len(pages)} pages, "
          f"at most {counting.most[host]} at once; warned: {warnings}")
    assert all(isinstance(p, Page) for p in pages), pages
    assert counting.most[host] <= 2
    assert len(warnings) == 1 and "each worker keeps its own limits" in warnings[0], warnings
    assert PASSWORD not in caplog.text and redact(store_url) in warnings[0]


def cut_off(cluster: Any, url: str) -> int:
    """End the gate's session from the server side, as a restart or a dropped network would."""
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as admin:
        return admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                             "WHERE application_name = 'briefing-hosts' AND datname = %s",
                             (url.rsplit("/", 1)[1],)).fetchone()[0]


def test_a_gate_that_cannot_log_in_says_so_once_without_the_password_and_fetching_goes_on(
        store_url: str, caplog: pytest.LogCaptureFixture):
    wrong = store_url.replace(PASSWORD, "not-the-Pa55word")
    settings = FetchSettings(allow_private=True, obey_robots=False, retries=0)
    with site({"/w/F/0": page(), "/w/F/1": page()}) as (web, _, _):

        async def go() -> list[Page]:
            gate = SharedHosts(wrong, {}, where=redact(wrong), secret="not-the-Pa55word")
            async with Fetcher(settings, hosts=gate) as fetcher:
                return [await fetcher.fetch(web.url(p)) for p in ("/w/F/0", "/w/F/1")]

        with caplog.at_level(logging.WARNING, logger="briefing.store.hosts"):
            pages = asyncio.run(go())
    assert [p.status for p in pages] == [200, 200]
    warnings = [r.getMessage() for r in caplog.records if r.name == "briefing.store.hosts"]
    assert len(warnings) == 1 and "not-the-Pa55word" not in caplog.text, warnings
