"""The adapters' parsing: one page at a time, in a worker thread, the most urgent page first.

Parsing is pure Python, so threads parsing several pages at once only take turns for the
interpreter lock: each page finishes late, and the one whose links the crawl is waiting for is no
sooner than the rest. One worker, fed in order of urgency, parses that page first, and leaves the
event loop, which sends and reads the requests, a single thread to share the lock with.

There is one queue per event loop, like the loop's own executor, so that accounts built together
(`refresh --all`, `tonight`) share it and their urgent pages go first across all of them. A batch
may hand the queue a process pool (`offloaded`): its pages are then parsed on the other cores, a
few at a time, still most urgent first; a job that cannot be sent to another process (an adapter
defined where a process cannot import it) runs in the thread as before.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
import weakref
from weakref import WeakKeyDictionary

T = TypeVar("T")
log = logging.getLogger(__name__)

_queues: WeakKeyDictionary[asyncio.AbstractEventLoop, ParseQueue] = WeakKeyDictionary()


@dataclass(order=True)
class _Job:
    urgency: tuple[int, ...]
    order: int
    work: Callable[..., Any] = field(compare=False)
    args: tuple[Any, ...] = field(compare=False)
    done: asyncio.Future[Any] = field(compare=False)


class ParseQueue:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = weakref.ref(loop)  # weak: the queue lives as long as its loop, and no longer
        self._waiting: list[_Job] = []
        self._order = itertools.count()
        self._running = 0
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="briefing-parse")
        self._pool: Executor | None = None
        self._pool_slots = 0

    @classmethod
    def of_running_loop(cls) -> ParseQueue:
        loop = asyncio.get_running_loop()
        queue = _queues.get(loop)
        if queue is None:
            queue = _queues[loop] = cls(loop)
        return queue

    @contextmanager
    def offloaded(self, pool: Executor, slots: int) -> Iterator[None]:
        """Within the block, jobs run in `pool` (processes), `slots` at a time."""
        self._pool, self._pool_slots = pool, slots
        try:
            yield
        finally:
            self._pool, self._pool_slots = None, 0

    async def run(self, urgency: tuple[int, ...], work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` in the worker, after every job waiting with a lower `urgency`."""
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, _Job(urgency, next(self._order), work, args, done))
        self._start_next()
        return await done

    def _start_next(self) -> None:
        while self._waiting and self._running < max(1, self._pool_slots):
            job = heapq.heappop(self._waiting)
            if job.done.cancelled():  # its caller gave up while it waited
                continue
            self._running += 1
            self._submit(job).add_done_callback(partial(self._report, job))

    def _submit(self, job: _Job) -> Future[Any]:
        if self._pool is not None:
            try:
                # pickled here, where a failure is known to be the job's and not its result's
                return self._pool.submit(_unpickle_and_run, pickle.dumps((job.work, job.args)))
            except (pickle.PicklingError, TypeError, AttributeError):
                pass  # an adapter another process cannot import: this job stays here
            except (BrokenProcessPool, RuntimeError) as exc:  # the pool died or was shut down
                log.warning("parsing in this process from now on: %s", exc)
                self._pool, self._pool_slots = None, 0
        return self._worker.submit(job.work, *job.args)

    def _report(self, job: _Job, ran: Future[Any]) -> None:
        loop = self._loop()  # in the worker's thread
        try:
            if loop is not None:
                loop.call_soon_threadsafe(self._finished, job, ran)
        except RuntimeError:  # the loop was closed meanwhile: nobody is waiting any more
            pass

    def _finished(self, job: _Job, ran: Future[Any]) -> None:
        self._running -= 1
        error = None if ran.cancelled() else ran.exception()
        if isinstance(error, _NotThere):  # the other process could not load it: here, then
            self._running += 1
            self._worker.submit(job.work, *job.args).add_done_callback(partial(self._report, job))
            return
        if isinstance(error, BrokenProcessPool):
            # A process died under its jobs: not run again here, where whatever killed it would
            # take the whole run down; their pages are reported unread, later jobs stay here.
            log.warning("the parsing process stopped; parsing in this process from now on")
            self._pool, self._pool_slots = None, 0
            error = RuntimeError("the process parsing this page stopped")
        if not job.done.cancelled():
            if ran.cancelled():
                job.done.cancel()
            elif error is not None:
                job.done.set_exception(error)
            else:
                job.done.set_result(ran.result())
        self._start_next()


class _NotThere(Exception):
    """The other process could not load the job (its adapter's module, say)."""


def _unpickle_and_run(data: bytes) -> Any:
    try:
        work, args = pickle.loads(data)
    except Exception as exc:
        raise _NotThere(f"{type(exc).__name__}: {exc}") from None
    return work(*args)
