"""One `briefing worker` as far as politeness goes, run as its own OS process by
tests/test_shared_politeness.py: a Fetcher (with the shared store's gate, or without) that
fetches the pages it is told, all at once.

It reads its orders as one JSON line on stdin, says "ready" once its fetcher (and the gate's
connection) is open, waits for a "go" line so that the processes of a test start together,
then fetches and prints what happened as one JSON line.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys

from briefing.gathering.fetch import Fetcher, FetchSettings
from briefing.store.postgres import PostgresStore


async def work(orders: dict) -> dict:  # type: ignore[type-arg]
    settings = FetchSettings(allow_private=True, retries=2, **orders.get("settings", {}))
    with contextlib.ExitStack() as stack:
        store = stack.enter_context(PostgresStore.open(orders["db"])) if orders.get("db") else None
        async with Fetcher(settings, hosts=store.hosts() if store is not None else None) as fetcher:
            print("ready", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "go"
            done = await asyncio.gather(*(fetcher.fetch(orders["base"] + path) for path in orders["paths"]),
                                        return_exceptions=True)
    return {"ok": sum(not isinstance(one, BaseException) for one in done),
            "errors": [str(one) for one in done if isinstance(one, BaseException)]}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(work(json.loads(sys.stdin.readline())))), flush=True)
