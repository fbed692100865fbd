"""What makes Briefing fast, checked by its structure (never by the clock): the order pages are
parsed in, what a warm build asks the network, what it does not do again."""

from __future__ import annotations

import asyncio
import threading

import pytest

from briefing.parse_queue import ParseQueue


def test_the_parse_queue_runs_the_most_urgent_page_first_and_one_at_a_time() -> None:
    order: list[str] = []
    running = 0
    most = 0
    release = threading.Event()

    def job(name: str) -> str:
        nonlocal running, most
        running += 1
        most = max(most, running)
        if name == "first":
            release.wait(5)
        order.append(name)
        running -= 1
        return name

    async def main() -> list[str]:
        queue = ParseQueue.of_running_loop()
        first = asyncio.ensure_future(queue.run((1, 0), job, "first"))
        await asyncio.sleep(0.05)  # the worker is busy with "first"; the rest wait in the queue
        rest = [asyncio.ensure_future(queue.run(urgency, job, name))
                for urgency, name in [((1, 2), "leaf"), ((0, 1), "deeper index"), ((0, 0), "home page")]]
        await asyncio.sleep(0)
        release.set()
        return list(await asyncio.gather(first, *rest))

    results = asyncio.run(main())
    assert results == ["first", "leaf", "deeper index", "home page"]  # each caller gets its own result
    assert order == ["first", "home page", "deeper index", "leaf"]
    assert most == 1


def test_the_parse_queue_passes_errors_back_and_skips_jobs_nobody_waits_for() -> None:
    ran: list[str] = []
    release = threading.Event()

    def job(name: str) -> None:
        if name == "first":
            release.wait(5)
        ran.append(name)
        if name == "broken":
            raise ValueError("bad page")

    async def main() -> None:
        queue = ParseQueue.of_running_loop()
        first = asyncio.ensure_future(queue.run((0,), job, "first"))
        await asyncio.sleep(0.05)
        abandoned = asyncio.ensure_future(queue.run((0,), job, "abandoned"))
        broken = asyncio.ensure_future(queue.run((1,), job, "broken"))
        await asyncio.sleep(0)
        abandoned.cancel()
        release.set()
        await first
        with pytest.raises(ValueError, match="bad page"):
            await broken

    asyncio.run(main())
    assert ran == ["first", "broken"]


def test_each_event_loop_has_its_own_parse_queue() -> None:
    async def queue() -> ParseQueue:
        return ParseQueue.of_running_loop()

    async def same() -> bool:
        return ParseQueue.of_running_loop() is ParseQueue.of_running_loop()

    assert asyncio.run(same())
    assert asyncio.run(queue()) is not asyncio.run(queue())
