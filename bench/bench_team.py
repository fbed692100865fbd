"""A team's evening on one server: ACCOUNTS visits on the calendars of a team of ACCOUNTS/4
colleagues (four visits each, an .ics file each), queued with `tonight --team ... --queue` and
built by 1, 2 and 4 `briefing worker` processes on one PostgreSQL store, on the slow web of
bench/farm.py; and one warm brief on the PostgreSQL store against the SQLite store.

Run: .venv/bin/python bench/bench_team.py [ACCOUNTS] [LATENCY_MS]     (defaults: 200 accounts, 200 ms; ACCOUNTS a multiple of 4)

Starts a throwaway PostgreSQL (as the tests do, tests/postgres_server.py) and the farm in a process
of its own: each account has a company site of its own; the registry, WeChat, news and tender
hosts are shared by all accounts (each account's URLs its own), so the busiest of them sets the
politeness bound. Prints, measured in this one run, for each number of workers:

1. the evening's time, from the queueing to the last job's end, against the politeness bound (the
   busiest site's requests at 2 downloads at a time, bench/bench_speed.py's `politeness_bound`):
   bound / time says how close the workers get to the fastest the rules allow; and the speed-up
   over one worker;
2. the most requests any one host was answering at the same moment, counted by the farm's servers
   themselves: the per-site limit of 2 downloads must hold for all the workers together (a
   conditional request, 304, may go up to 6 at a time per site: none here, every store is new);
3. a warm brief (every page answered 304) on each store, median of 5, and PostgreSQL / SQLite.

The machine has 2 cores: past two workers, the PDF renders and parses queue for them.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_speed import BANDWIDTH, PER_HOST, politeness_bound  # noqa: E402
from farm import farm  # noqa: E402
from postgres_server import new_database, running_cluster  # noqa: E402

WORKERS = (1, 2, 4)


VISITS_EACH = 4  # a colleague's visits in one evening; the calendar file is rewritten for each


def calendar_of(accounts: list[tuple[int, str]], now: datetime) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for n, name in accounts:
        start = now + timedelta(hours=2, minutes=n)
        lines += ["BEGIN:VEVENT", f"UID:visit-{n}@bench", "DTSTAMP:20261201T010000Z", f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
                  f"SUMMARY:拜访{name}", "END:VEVENT"]
    return ("\r\n".join(lines + ["END:VCALENDAR"]) + "\r\n").encode("utf-8")


def briefing(*args: str, env: dict[str, str], **kwargs) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    return subprocess.Popen([sys.executable, "-m", "briefing", *args], env=env, text=True, **kwargs)


def evening(web, cluster, folder: Path, workers: int, count: int) -> tuple[float, int, int, dict[str, int], float]:  # type: ignore[no-untyped-def]
    """(seconds, visits built, failed, the most at once per host, the politeness bound) for one evening."""
    url = new_database(cluster)
    home = folder / f"home-{workers}"
    env = {**os.environ, "BRIEFING_HOME": str(home)}
    for member in range(count // VISITS_EACH):  # each evening starts from the same calendars
        (folder / f"m{member}.ics").write_bytes((folder / "calendars" / f"m{member}.ics").read_bytes())
    web.reset()
    # the schema made before the clock starts, as on a server that runs every evening
    subprocess.run([sys.executable, "-m", "briefing", "worker", "--store", url, "--until-empty"], env=env, check=True,
                   capture_output=True, timeout=120)
    running = [briefing("worker", "--store", url, "--name", f"w{n}", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for n in range(workers)]
    time.sleep(2)  # the workers are up and listening, as they are before the evening
    cpu_before = _children_cpu()
    started = time.perf_counter()
    queued = subprocess.run([sys.executable, "-m", "briefing", "tonight", "--team", str(folder / "team.toml"), "--queue",
                             "--store", url, "--allow-private", "--json", "-q"], env=env, capture_output=True, text=True, timeout=7200)
    seconds = time.perf_counter() - started
    for worker in running:
        worker.send_signal(signal.SIGTERM)
    for worker in running:
        worker.communicate(timeout=120)
    cpu = _children_cpu() - cpu_before  # the workers' and the queueing command's, waited for above

    in_flight, job_seconds = _jobs_in_flight(url)
    print(f"  {workers} worker(s): jobs in flight on average {in_flight:.2f}, a job {job_seconds:.1f} s (median), "
          f"{cpu:.0f} CPU seconds, load average {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    outcomes = json.loads(queued.stdout or "[]")
    if not outcomes:
        raise SystemExit(f"tonight --queue gave nothing ({queued.returncode}): {queued.stderr[-2000:]}")
    built = sum(o["state"] in ("built", "unchanged") for o in outcomes)
    asked = web.requests()
    if not any(asked.values()):
        raise SystemExit(f"the farm was asked nothing: {[(o['state'], o['reason'][:200]) for o in outcomes][:5]}")
    bound = max(politeness_bound(each, web_latency, BANDWIDTH) for each in asked.values() if each)
    return seconds, built, len(outcomes) - built, web.most_at_once(), bound, cpu


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _jobs_in_flight(url: str) -> tuple[float, float]:
    """The jobs' summed durations over the span from the first start to the last end (how many
    ran at once, on average), and a job's median duration, from the engine's own events."""
    import psycopg

    with psycopg.connect(url) as conn:
        spans = conn.execute("""SELECT min(e.at) FILTER (WHERE e.type = 'started'), max(e.at) FILTER (WHERE e.type IN ('succeeded', 'failed'))
                                FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id
                                WHERE j.task_name = 'briefing.visit' GROUP BY e.job_id""").fetchall()
    spans = [(start, end) for start, end in spans if start and end]
    if not spans:
        return 0.0, 0.0
    busy = [(end - start).total_seconds() for start, end in spans]
    wall = (max(end for _, end in spans) - min(start for start, _ in spans)).total_seconds()
    return sum(busy) / wall if wall else 0.0, statistics.median(busy)


def warm_brief(store: str, account: Path, folder: Path, repeats: int = 5) -> float:
    env = {**os.environ, "BRIEFING_HOME": str(folder / "home-warm")}
    command = [sys.executable, "-m", "briefing", "build", str(account), "--store", store, "--allow-private", "-o",
               str(folder / "warm.pdf")]
    subprocess.run(command, env=env, check=False, capture_output=True, timeout=300)  # cold: fills the store
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"warm build on {store} failed: {done.stderr[-1500:]}")
    return statistics.median(times)


def main(count: int, latency: float) -> None:
    global web_latency
    web_latency = latency
    now = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory() as tmp, running_cluster() as cluster, farm(latency=latency, sites=count) as web:
        folder = Path(tmp)
        (folder / "accounts").mkdir()
        names = [f"江苏恒远环保工程有限公司{n:03d}" for n in range(count)]
        for n, name in enumerate(names):
            text = web.account(name, tag=str(n)).replace('aliases = ["恒远环保"]', "aliases = []")  # each event names one account
            (folder / "accounts" / f"a{n:03d}.toml").write_text(text, "utf-8")
        (folder / "calendars").mkdir()
        team = ['accounts = "accounts"\ntimezone = "Asia/Shanghai"\nwithin = "24h"\n']
        for member in range(count // VISITS_EACH):
            mine = [(n, names[n]) for n in range(member * VISITS_EACH, (member + 1) * VISITS_EACH)]
            (folder / "calendars" / f"m{member}.ics").write_bytes(calendar_of(mine, now))
            team.append(f'[[member]]\nlogin = "m{member}"\ncalendar = "m{member}.ics"\n')
        (folder / "team.toml").write_text("".join(team), "utf-8")
        rows = []
        for workers in WORKERS:
            rows.append((workers, *evening(web, cluster, folder, workers, count)))
            seconds, built, failed, most, bound, cpu = rows[-1][1:]
            print(f"  {workers} worker(s): {seconds:.1f} s, {built} built, {failed} failed", file=sys.stderr, flush=True)
        account = folder / "accounts" / "a000.toml"
        pg = warm_brief(new_database(cluster), account, folder)
        sqlite = warm_brief(str(folder / "warm.sqlite3"), account, folder)
    one = rows[0][1]
    print(f"{count} visits, latency {latency * 1000:.0f} ms per answer, {BANDWIDTH / 1e6:g} MB/s; per site {PER_HOST} downloads at a "
          f"time for all workers together; {os.cpu_count()} cores")
    cores = os.cpu_count() or 1
    print("workers  evening    visits/s  politeness bound  CPU bound  bound/evening  speed-up  most at once on one host  built  failed")
    for workers, seconds, built, failed, most, bound, cpu in rows:
        busiest = max(most.values()) if most else 0
        floor = cpu / min(workers, cores)  # the CPU the evening needed, on the cores it could use
        print(f"{workers:>7}  {seconds:7.1f} s  {count / seconds:8.2f}  {bound:14.1f} s  {floor:7.1f} s  "
              f"{max(bound, floor) / seconds:13.2f}  {one / seconds:8.2f}  {busiest:>24}  {built:>5}  {failed:>6}")
    print("bound/evening: the larger of the two bounds over the evening's time (1.00: nothing lost to waiting or locks)")
    print(f"warm brief (every page 304, median of 5): PostgreSQL {pg:.2f} s, SQLite {sqlite:.2f} s, PostgreSQL / SQLite = {pg / sqlite:.2f}")
    if any(max(most.values()) > PER_HOST for *_, most, _, _ in rows):
        raise SystemExit("a host saw more than 2 requests at once")


web_latency = 0.2

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, float(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.2)
