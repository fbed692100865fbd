"""Speed: one brief cold, warm and offline, a team's batch of 50, and peak memory, on a slow web.

Run: .venv/bin/python bench/bench_speed.py [LATENCY_MS] [BATCH]     (defaults: 200 ms, 50 accounts)

Starts bench/farm.py: five hosts on 127.0.0.1 (a company site of a dozen pages, a registry page,
four WeChat articles, a news feed, three tender notices), every answer held back LATENCY and sent
at 2 MB/s, with ETags. Prints, measured in this one run:

1. cold: one brief, empty store, over the critical path: the longest chain of requests that must
   follow one another under the politeness rules (robots.txt first, each crawl level after the
   one that found it, at most 2 requests at a time per host), times the latency;
2. warm: the same brief again, every conditional request answered 304, over one round trip;
3. offline: the brief from the store alone, and the PDF's render time;
4. batch: 50 accounts through `refresh --all`'s library call, against the bound per-host
   politeness sets (the busiest host's requests / 2, times the latency);
5. peak memory (RSS) of this process.
"""

from __future__ import annotations

import asyncio
import math
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from farm import farm  # noqa: E402

from briefing.brief import build_brief_async, refresh_all_async  # noqa: E402
from briefing.config import load_account  # noqa: E402
from briefing.fetch import FetchSettings  # noqa: E402
from briefing.pipeline import BuildSettings, Pipeline  # noqa: E402
from briefing.render import render_pdf  # noqa: E402
from briefing.snapshots import Store  # noqa: E402

PER_HOST = FetchSettings().per_host
REVALIDATE = FetchSettings().revalidate_per_host


def record_depths() -> list[tuple[str, int]]:
    """(host, crawl depth) of every page the pipeline visits: the crawl's shape, for the critical path."""
    seen: list[tuple[str, int]] = []
    original = Pipeline.visit

    async def visit(self, run, request):  # type: ignore[no-untyped-def]
        seen.append((urlsplit(request.url).netloc, request.depth))
        return await original(self, run, request)

    Pipeline.visit = visit  # type: ignore[method-assign]
    return seen


def critical_path(depths: list[tuple[str, int]], latency: float) -> float:
    """Per host: robots.txt, then each level in rounds of PER_HOST; the slowest host sets the path."""
    levels: dict[str, Counter[int]] = defaultdict(Counter)
    for host, depth in depths:
        levels[host][depth] += 1
    rounds = {host: 1 + sum(math.ceil(n / PER_HOST) for n in counts.values()) for host, counts in levels.items()}
    return max(rounds.values()) * latency


def main(latency: float, batch: int) -> None:
    settings = BuildSettings(fetch=FetchSettings(allow_private=True))
    depths = record_depths()
    with farm(latency=latency) as web, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "acme.toml"
        path.write_text(web.account(), "utf-8")
        account = load_account(path)
        store = Store.open(folder / "store.sqlite3")
        pdf = folder / "brief.pdf"

        started = time.perf_counter()
        cold = asyncio.run(build_brief_async(account, pdf=pdf, settings=settings, store=store))
        cold_time = time.perf_counter() - started
        path_time = critical_path(depths, latency)
        requests = sum(len(paths) for paths in web.requests().values())

        web.reset()
        started = time.perf_counter()
        asyncio.run(build_brief_async(account, pdf=pdf, settings=settings, store=store))
        warm_time = time.perf_counter() - started
        asked = web.requests()
        not_modified = sum(len(paths) for paths in asked.values())
        # with every page known, the floor is robots.txt if asked and then each site's pages in rounds of REVALIDATE
        warm_floor = max(paths.count("/robots.txt") + math.ceil(len([r for r in paths if r != "/robots.txt"]) / REVALIDATE)
                         for paths in asked.values()) * latency

        started = time.perf_counter()
        asyncio.run(build_brief_async(account, pdf=pdf, settings=settings, store=store, offline=True))
        offline_time = time.perf_counter() - started
        started = time.perf_counter()
        render_pdf(cold.dossier)
        render_time = time.perf_counter() - started

        accounts_dir = folder / "team"
        accounts_dir.mkdir()
        for n in range(batch):
            (accounts_dir / f"a{n:02d}.toml").write_text(web.account(f"江苏恒远环保工程有限公司{n:02d}", tag=str(n)), "utf-8")
        team = [load_account(f) for f in sorted(accounts_dir.glob("*.toml"))]
        web.reset()
        batch_store = Store.open(folder / "batch.sqlite3")
        started = time.perf_counter()
        results = asyncio.run(refresh_all_async(team, batch_store, settings=settings, processes=True))
        batch_time = time.perf_counter() - started
        busiest = max(len([r for r in paths if r != "/robots.txt"]) for paths in web.requests().values())
        bound = math.ceil(busiest / PER_HOST) * latency
        failed = sum(1 for r in results if isinstance(r, Exception))
        store.close()
        batch_store.close()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the batch's render process
    print(f"latency {latency * 1000:.0f} ms per answer, 2 MB/s, {PER_HOST} requests at a time per host, 5 hosts")
    print(f"1. cold     {cold_time:6.2f} s  {requests} requests; critical path {path_time:.2f} s; "
          f"cold / critical path = {cold_time / path_time:.2f}  (target <= 1.5)")
    print(f"2. warm     {warm_time:6.2f} s  {not_modified} requests, all 304; warm / round trip = {warm_time / latency:.1f} "
          f"(target <= 2 + render {render_time / latency:.1f}); the politeness floor is {warm_floor / latency:.0f} round trips, "
          f"warm / (floor + render) = {warm_time / (warm_floor + render_time):.2f}")
    print(f"3. offline  {offline_time:6.2f} s  from the store (parse and render); render alone {render_time:.2f} s  (target < 0.5 s)")
    print(f"4. batch    {batch_time:6.2f} s  {batch} accounts ({failed} failed), {batch / batch_time:.2f} accounts/s; "
          f"politeness bound {bound:.2f} s (busiest host {busiest} requests); bound / batch = {bound / batch_time:.2f}  (target >= 0.8)")
    print(f"5. peak     {peak:6.0f} MB RSS, the render process {worker:.0f} MB  (target < 300)")


if __name__ == "__main__":
    main(float(sys.argv[1]) / 1000 if len(sys.argv) > 1 else 0.2, int(sys.argv[2]) if len(sys.argv) > 2 else 50)
