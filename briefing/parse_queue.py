"""The adapters' parsing: one page at a time, in a worker thread, the most urgent page first.

Parsing is pure Python, so threads parsing several pages at once only take turns for the
interpreter lock: each page finishes late, and the one whose links the crawl is waiting for is no
sooner than the rest. One worker, fed in order of urgency, parses that page first, and leaves the
event loop, which sends and reads the requests, a single thread to share the lock with.

There is one queue per event loop, like the loop's own executor, so that accounts built together
(`refresh --all`, `tonight`) share it and their urgent pages go first across all of them.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

T = TypeVar("T")

_queues: WeakKeyDictionary[asyncio.AbstractEventLoop, ParseQueue] = WeakKeyDictionary()


class ParseQueue:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._waiting: list[tuple[tuple[int, ...], int, Callable[[], Any], asyncio.Future[Any]]] = []
        self._order = itertools.count()
        self._busy = False
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="briefing-parse")

    @classmethod
    def of_running_loop(cls) -> ParseQueue:
        loop = asyncio.get_running_loop()
        queue = _queues.get(loop)
        if queue is None:
            queue = _queues[loop] = cls(loop)
        return queue

    async def run(self, urgency: tuple[int, ...], work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` in the worker thread, after every job waiting with a lower `urgency`."""
        done: asyncio.Future[T] = self._loop.create_future()
        heapq.heappush(self._waiting, (urgency, next(self._order), partial(work, *args), done))
        self._start_next()
        return await done

    def _start_next(self) -> None:
        while not self._busy and self._waiting:
            _, _, job, done = heapq.heappop(self._waiting)
            if done.cancelled():  # its caller gave up while it waited
                continue
            self._busy = True
            self._worker.submit(job).add_done_callback(partial(self._report, done))

    def _report(self, done: asyncio.Future[Any], ran: Future[Any]) -> None:
        try:  # in the worker thread
            self._loop.call_soon_threadsafe(self._finished, done, ran)
        except RuntimeError:  # the loop was closed meanwhile: nobody is waiting any more
            pass

    def _finished(self, done: asyncio.Future[Any], ran: Future[Any]) -> None:
        self._busy = False
        if not done.cancelled():
            error = ran.exception()
            if error is not None:
                done.set_exception(error)
            else:
                done.set_result(ran.result())
        self._start_next()
