"""Speed: one brief cold, warm and offline, a team's batch of 50, and peak memory, on a slow web.

Run: .venv/bin/python bench/bench_speed.py [LATENCY_MS] [BATCH]     (defaults: 200 ms, 50 accounts)

Starts bench/farm.py in a process of its own: on 127.0.0.1, a company site of a dozen pages, a
registry page, four WeChat articles, a news feed and three tender notices, each kind on a host
(port) of its own, plus a copy of the company site per account of the batch; every answer held
back LATENCY and sent at 2 MB/s, with ETags. Prints, measured in this one run (one brief's
figures are medians of three):

1. cold: one brief, empty store, over the critical path: the longest chain of requests that must
   follow one another under the politeness rules (robots.txt first, then each crawl level after
   the one that found it, in rounds of 2 downloads per site), times the latency;
2. warm: the same brief again, every conditional request answered 304, in round trips (one
   request on a new connection, measured on the farm), against two round trips plus the render;
3. offline: the brief from the store alone, and the PDF's render time;
4. batch: 50 accounts through `briefing refresh --all` (the command, as cron runs it), against the bound per-site
   politeness sets (the busiest site's requests in rounds of 2 downloads, or of 6 conditional
   requests, times the latency);
5. peak memory: the summed PSS of the process and its children (the batch's parse and render
   processes), sampled while one brief and while the batch is built.
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import subprocess
import sys
import threading
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from farm import farm  # noqa: E402

from briefing.brief import build_brief_async  # noqa: E402
from briefing.accounts.account import load_account  # noqa: E402
from briefing.gathering.fetch import FetchSettings  # noqa: E402
from briefing.gathering.pipeline import BuildSettings, Pipeline  # noqa: E402
from briefing.rendering.pdf import render_pdf  # noqa: E402
from briefing.store.database import Store  # noqa: E402

PER_HOST = FetchSettings().per_host
REVALIDATE = FetchSettings().revalidate_per_host
BANDWIDTH = 2_000_000  # bytes per second, each connection


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


def politeness_rounds(asked: list[tuple[str, bool, int, int]]) -> int:
    """The fewest round trips a site's requests take under the politeness rules: robots.txt first
    when it was asked, then downloads PER_HOST at a time and conditional requests up to
    REVALIDATE at a time in all."""
    pages = [conditional for path, conditional, *_ in asked if path != "/robots.txt"]
    downloads = pages.count(False)
    return (len(asked) > len(pages)) + max(math.ceil(downloads / PER_HOST), math.ceil(len(pages) / REVALIDATE))


def politeness_bound(asked: list[tuple[str, bool, int, int]], latency: float, bandwidth: float) -> float:
    """The least time a site's requests take under the politeness rules when each holds its
    connection for the latency and its body's transfer: robots.txt, then the downloads PER_HOST
    at a time (the conditional ones are bodiless and fit in their shadow, REVALIDATE at a time)."""
    robots = sum(latency + size / bandwidth for path, _, size, _ in asked if path == "/robots.txt")
    downloads = sum(latency + size / bandwidth for path, conditional, size, _ in asked if path != "/robots.txt" and not conditional)
    conditional = sum(latency for path, c, *_ in asked if path != "/robots.txt" and c)
    return robots + max(downloads / PER_HOST, (downloads + conditional) / REVALIDATE)


def round_trip(url: str, times: int = 7) -> float:
    """The farm's own round trip, measured: one request on a new connection, as a build opens them
    (the injected latency plus the servers' and httpx's own time)."""
    took = []
    with httpx.Client(limits=httpx.Limits(max_keepalive_connections=0)) as client:
        for _ in range(times):
            started = time.perf_counter()
            client.get(url)
            took.append(time.perf_counter() - started)
    return statistics.median(took)


class TreeMemory:
    """The peak memory of a process and its children (the batch's parse and render processes),
    the farm's process excepted, sampled every 20 ms: the sum of their PSS, which counts a page
    several processes share once, in shares. Linux only (reads /proc)."""

    def __init__(self, exclude: int, root: int | None = None) -> None:
        self.exclude, self.root, self.peak, self._stop = exclude, root or os.getpid(), 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    available = os.path.exists("/proc/self/smaps_rollup")

    def report(self) -> str:
        return f"{self.peak:.0f} MB" if self.available else "not measured (needs Linux's /proc)"

    def _sample(self) -> None:
        while self.available and not self._stop.wait(0.02):
            self.peak = max(self.peak, sum(_pss_mb(pid) for pid in _tree(self.root, self.exclude)))


def _tree(root: int, exclude: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier and pid != exclude]
        found += frontier
    return found


def _pss_mb(pid: int) -> float:
    """The process's proportional set size: its own pages, and its share of those it shares."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def timed(build) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = asyncio.run(build())
    return time.perf_counter() - started, result


def main(latency: float, batch: int, repeats: int = 3) -> None:
    settings = BuildSettings(fetch=FetchSettings(allow_private=True))
    depths = record_depths()
    with farm(latency=latency, bandwidth=BANDWIDTH, sites=batch) as web, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "acme.toml"
        path.write_text(web.account(), "utf-8")
        account = load_account(path)
        pdf = folder / "brief.pdf"
        rtt = round_trip(f"{web.bases['site']}/robots.txt")

        # 1. cold, `repeats` times, each with an empty store (the first also loads the adapters and fonts)
        colds = []
        with TreeMemory(exclude=web.pid) as one_brief:
            for n in range(repeats):
                store = Store.open(folder / f"store{n}.sqlite3")
                depths.clear()
                web.reset()
                took, cold = timed(lambda: build_brief_async(account, pdf=pdf, settings=settings, store=store))
                colds.append(took)
            path_time = critical_path(depths, latency)
            requests = sum(len(asked) for asked in web.requests().values())

            # 2. warm: the same store again, every page answered 304
            warms = []
            for _ in range(repeats):
                web.reset()
                took, _ = timed(lambda: build_brief_async(account, pdf=pdf, settings=settings, store=store))
                warms.append(took)
            asked = web.requests()
            answers = Counter(status for each in asked.values() for *_, status in each)
            conditional = sum(c for each in asked.values() for _, c, *_ in each)
            robots_asked = sum(path == "/robots.txt" for each in asked.values() for path, *_ in each)
            warm_floor = max(politeness_rounds(each) for each in asked.values())

            # 3. offline, from the store, and the render alone
            offline_time, _ = timed(lambda: build_brief_async(account, pdf=pdf, settings=settings, store=store, offline=True))
            renders = []
            for _ in range(repeats):
                started = time.perf_counter()
                render_pdf(cold.dossier)  # type: ignore[attr-defined]
                renders.append(time.perf_counter() - started)
            render_time = statistics.median(renders)
            store.close()

        # 4. the team's night: `batch` accounts, each with a site of its own on the farm
        accounts_dir = folder / "team"
        accounts_dir.mkdir()
        for n in range(batch):
            (accounts_dir / f"a{n:02d}.toml").write_text(web.account(f"江苏恒远环保工程有限公司{n:02d}", tag=str(n)), "utf-8")
        team = [load_account(f) for f in sorted(accounts_dir.glob("*.toml"))]
        if team:
            # the command itself, in a process of its own, as cron would run it
            web.reset()
            home = folder / "home"
            command = [sys.executable, "-m", "briefing", "refresh", "--all", str(accounts_dir), "--store",
                       str(folder / "batch.sqlite3"), "--allow-private", "--quiet"]
            started = time.perf_counter()
            ran = subprocess.Popen(command, env={**os.environ, "BRIEFING_HOME": str(home)}, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
            with TreeMemory(exclude=web.pid, root=ran.pid) as the_batch:
                _, errors = ran.communicate()
            batch_time = time.perf_counter() - started
            if ran.returncode not in (0, 1):
                raise SystemExit(f"refresh --all failed ({ran.returncode}): {errors[-2000:]}")
            asked = web.requests()
            busiest = max(asked.values(), key=lambda each: politeness_bound(each, latency, BANDWIDTH))
            bound = politeness_bound(busiest, latency, BANDWIDTH)
            failed = batch - len(list(home.rglob("*.pdf")))

    cold_time, warm_time = statistics.median(colds), statistics.median(warms)
    spread = lambda times: f"{min(times):.2f}-{max(times):.2f} s"  # noqa: E731
    print(f"latency {latency * 1000:.0f} ms per answer (a round trip measures {rtt * 1000:.0f} ms), {BANDWIDTH / 1e6:g} MB/s; "
          f"per site: {PER_HOST} downloads at a time, {REVALIDATE} requests when conditional; one brief: 5 sites, "
          f"medians of {repeats} runs")
    print(f"1. cold     {cold_time:6.2f} s  ({spread(colds)}; the first, loading adapters and fonts: {colds[0]:.2f} s) "
          f"{requests} requests; critical path {path_time:.2f} s ({path_time / latency:.0f} round trips); "
          f"cold / critical path = {cold_time / path_time:.2f}, the first {colds[0] / path_time:.2f}  (target <= 1.5)")
    answered = ", ".join(f"{n} answered {status}" for status, n in sorted(answers.items()))
    print(f"2. warm     {warm_time:6.2f} s  ({spread(warms)}) {sum(answers.values())} requests ({answered}), {conditional} conditional, "
          f"{robots_asked} robots.txt asked; warm = {warm_time / rtt:.1f} round trips = {warm_time / (2 * rtt + render_time):.2f} x "
          f"(2 round trips + render)  (target <= 1); the politeness floor is {warm_floor} round trips")
    print(f"3. offline  {offline_time:6.2f} s  from the store (readings kept, render); render alone {render_time:.2f} s  (target < 0.5 s)")
    if team:
        print(f"4. batch    {batch_time:6.2f} s  {batch} accounts ({failed} failed), {batch / batch_time:.2f} accounts/s; "
              f"politeness bound {bound:.2f} s (busiest site: {len(busiest)} requests, {sum(b for _, _, b, _ in busiest) / 1e6:.1f} MB); "
              f"bound / batch = {bound / batch_time:.2f}  (target >= 0.8)")
    print(f"5. peak     one brief {one_brief.report()}; the batch {the_batch.report() if team else '-'}, summed over its "
          f"processes (PSS)  (target < 300 MB)")


if __name__ == "__main__":
    main(float(sys.argv[1]) / 1000 if len(sys.argv) > 1 else 0.2, int(sys.argv[2]) if len(sys.argv) > 2 else 50)
