"""The evening on the job engine (briefing.team.engine): `tonight --queue` and `briefing worker`,
on a real PostgreSQL and real worker processes, against a fixture site served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import psycopg
import pypdf
import pytest
from typer.testing import CliRunner

from briefing.calendars import invites
from briefing.cli import app
from briefing.demo import serve_site
from briefing.store.database import Store
from briefing.team import engine
from briefing.team.roster import TeamFileError, load_team
from loopback import serve
from postgres_server import PASSWORD, postgres_cluster, postgres_url  # noqa: F401 (fixtures)
from sites import SITES
from test_tonight import ics_with

runner = CliRunner()
COMPANIES = {"hengyuan": ("江苏恒远环保工程有限公司", "恒远环保"), "qingyuan": ("无锡清源水处理设备有限公司", "清源水处理"),
             "runze": ("江苏润泽水务投资集团有限公司", "润泽水务")}


@pytest.fixture(scope="module")
def site():
    with serve_site(SITES / "demo") as base:
        yield base


@pytest.fixture(scope="module")
def slow_site():
    """Every answer held back: a build lasts long enough to kill its worker in the middle."""
    with serve_site(SITES / "demo", delay=0.8) as base:
        yield base


def accounts_for(folder: Path, base: str, names: list[str] = list(COMPANIES)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for key in names:
        name, alias = COMPANIES[key]
        (folder / f"{key}.toml").write_text(f'name = "{name}"\naliases = ["{alias}"]\n[sources]\nsite = "{base}"\n', "utf-8")
    return folder


def start_worker(url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "briefing", "worker", "--store", url, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())


def stop(worker: subprocess.Popen) -> tuple[int, str]:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
    _, err = worker.communicate(timeout=60)
    return worker.returncode, err


def queue(*args: str) -> list[dict]:
    result = runner.invoke(app, ["tonight", "--queue", "--json", "--allow-private", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return json.loads(result.stdout)


def job_rows(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is None:
            return []  # no worker has opened the queue yet
        return conn.execute("SELECT id, status::text, lock, attempts FROM procrastinate_jobs "
                            "WHERE task_name = 'briefing.visit' ORDER BY id").fetchall()


def test_two_workers_brief_every_visit_and_a_failing_account_stops_no_one(tmp_path, site, postgres_url):
    now = datetime.now(timezone.utc)
    accounts = accounts_for(tmp_path / "accounts", site, ["hengyuan", "qingyuan"])
    (accounts / "gone.toml").write_text('name = "无锡远方设备有限公司"\n[sources]\nsite = "http://127.0.0.1:9/"\n', "utf-8")
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([("a@x", "拜访恒远环保", now + timedelta(hours=3)),
                                   ("b@x", "清源水处理 技术交流", now + timedelta(hours=5)),
                                   ("c@x", "无锡远方设备有限公司 回访", now + timedelta(hours=6)),
                                   ("d@x", "Team lunch", now + timedelta(hours=2))]))
    workers = [start_worker(postgres_url), start_worker(postgres_url)]
    try:
        outcomes = {o["uid"]: o for o in queue("--calendar", str(calendar), "--accounts", str(accounts), "--store", postgres_url)}
    finally:
        codes = [stop(w) for w in workers]
    assert all(code == 0 for code, _ in codes), codes
    assert outcomes["d@x"]["state"] == "unmatched"
    assert outcomes["c@x"]["state"] == "failed" and "no source could be read" in outcomes["c@x"]["reason"]
    data = calendar.read_bytes()
    for uid, alias in (("a@x", "恒远环保"), ("b@x", "清源水处理")):
        assert outcomes[uid]["state"] == "built", outcomes[uid]
        pdf = Path(outcomes[uid]["brief"])
        assert invites.attached_brief(data, filename=pdf.name, names=[alias], uid=uid, now=now) == pdf.read_bytes()
    # both visits' jobs ran (one worker or two), each once
    assert [row[1] for row in job_rows(postgres_url)] == ["succeeded"] * 3


def test_queueing_twice_adds_nothing_and_a_second_evening_is_warm(tmp_path, site, postgres_url):
    now = datetime.now(timezone.utc)
    accounts = accounts_for(tmp_path / "accounts", site, ["hengyuan"])
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([("a@x", "拜访恒远环保", now + timedelta(hours=3))]))
    args = ("--calendar", str(calendar), "--accounts", str(accounts), "--store", postgres_url)
    first = queue(*args, "--no-wait")
    again = queue(*args, "--no-wait")
    assert [o["state"] for o in first] == ["queued"] and first == again  # the waiting job is the same job
    assert len(job_rows(postgres_url)) == 1
    worker = subprocess.run([sys.executable, "-m", "briefing", "worker", "--store", postgres_url, "--until-empty"],
                            capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr
    assert job_rows(postgres_url)[0][1] == "succeeded"
    assert b"ATTACH" in calendar.read_bytes()
    workers = [start_worker(postgres_url)]
    try:
        [outcome] = queue(*args)
    finally:
        stop(workers[0])
    assert outcome["state"] == "unchanged", outcome  # the store made the second build warm: no new brief


def test_two_visits_of_one_account_never_run_at_once(tmp_path, site, postgres_url):
    now = datetime.now(timezone.utc)
    accounts = accounts_for(tmp_path / "accounts", site, ["hengyuan"])
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([("a@x", "拜访恒远环保", now + timedelta(hours=3)),
                                   ("b@x", "恒远环保 二次交流", now + timedelta(hours=8))]))
    workers = [start_worker(postgres_url), start_worker(postgres_url)]
    try:
        outcomes = queue("--calendar", str(calendar), "--accounts", str(accounts), "--store", postgres_url)
    finally:
        for worker in workers:
            stop(worker)
    assert sorted(o["state"] for o in outcomes) == ["built", "unchanged"] or {o["state"] for o in outcomes} == {"built"}
    with psycopg.connect(postgres_url) as conn:
        spans = conn.execute("""SELECT e.job_id, min(e.at) FILTER (WHERE e.type = 'started'), max(e.at) FILTER (WHERE e.type = 'succeeded')
                                FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id
                                WHERE j.task_name = 'briefing.visit' GROUP BY e.job_id ORDER BY 2""").fetchall()
    assert len(spans) == 2 and all(start and end for _, start, end in spans)
    assert spans[0][2] <= spans[1][1], spans  # the second started after the first had finished


def test_a_worker_killed_mid_job_leaves_no_half_brief_and_another_finishes_it(tmp_path, slow_site, postgres_url):
    now = datetime.now(timezone.utc)
    accounts = accounts_for(tmp_path / "accounts", slow_site, ["hengyuan", "runze"])
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([("a@x", "拜访恒远环保", now + timedelta(hours=3)),
                                   ("b@x", "润泽水务 签约回访", now + timedelta(hours=4))]))
    args = ("--calendar", str(calendar), "--accounts", str(accounts), "--store", postgres_url)
    assert [o["state"] for o in queue(*args, "--no-wait")] == ["queued", "queued"]
    doomed = start_worker(postgres_url)
    deadline = time.monotonic() + 120
    while not any(row[1] == "doing" for row in job_rows(postgres_url)):
        assert time.monotonic() < deadline and doomed.poll() is None, "the worker never took a job"
        time.sleep(0.2)
    time.sleep(2)  # well into the build: pages being fetched
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    briefs = Path(os.environ["BRIEFING_HOME"])
    assert not [p for p in briefs.rglob("*") if p.is_file() and ".tmp" in p.name], "a half-written file was left"
    rescuer = start_worker(postgres_url)
    try:
        with Store.open(postgres_url) as store:
            async def wait_for_all() -> list:
                async with engine.engine(store) as bound:
                    return await engine.follow(bound, [row[0] for row in job_rows(postgres_url)])
            outcomes = asyncio.run(asyncio.wait_for(wait_for_all(), timeout=240))
    finally:
        stop(rescuer)
    assert [o.state for o in outcomes] == ["built", "built"], outcomes
    assert max(row[3] for row in job_rows(postgres_url)) >= 2  # the killed job was tried again
    data = calendar.read_bytes()
    for outcome, alias in zip(outcomes, ("恒远环保", "润泽水务")):
        pdf = Path(outcome.brief)
        assert len(pypdf.PdfReader(pdf).pages) > 1  # whole
        assert invites.attached_brief(data, filename=pdf.name, names=[alias], uid=outcome.uid, now=now) == pdf.read_bytes()


def test_a_team_file_queues_each_members_calendar_with_their_own_login(tmp_path, site, postgres_url, monkeypatch):
    now = datetime.now(timezone.utc)
    accounts_for(tmp_path / "accounts", site)
    (tmp_path / "wang.ics").write_bytes(ics_with([("w1@x", "拜访恒远环保", now + timedelta(hours=3))]))
    (tmp_path / "li.ics").write_bytes(ics_with([("l1@x", "润泽水务 交流", now + timedelta(hours=4)),
                                                ("l2@x", "部门例会", now + timedelta(hours=5))]))
    team = tmp_path / "team.toml"
    team.write_text('accounts = "accounts"\ntimezone = "Asia/Shanghai"\nevening = "19:30"\n'
                    '[[member]]\nlogin = "wang"\nname = "王磊"\nemail = "wang@example.com"\ncalendar = "wang.ics"\n'
                    '[[member]]\nlogin = "li"\nname = "李娜"\ncalendar = "li.ics"\n', "utf-8")
    worker = start_worker(postgres_url)
    try:
        outcomes = {o["uid"]: o for o in queue("--team", str(team), "--store", postgres_url)}
    finally:
        stop(worker)
    assert outcomes["w1@x"]["state"] == "built" and outcomes["l1@x"]["state"] == "built"
    assert outcomes["l2@x"]["state"] == "unmatched"
    assert b"ATTACH" in (tmp_path / "wang.ics").read_bytes() and b"ATTACH" in (tmp_path / "li.ics").read_bytes()
    roster = load_team(team)
    assert [m.login for m in roster.members] == ["wang", "li"] and roster.evening.hour == 19
    assert engine.is_evening(roster, datetime(2026, 12, 7, 11, 30, tzinfo=timezone.utc))  # 19:30 in Shanghai
    assert not engine.is_evening(roster, datetime(2026, 12, 7, 19, 30, tzinfo=timezone.utc))


@pytest.mark.parametrize("text, words", [
    ('accounts = "."\n[[member]]\nlogin = "wang"\ncalendar = "w.ics"\npassword = "x"\n', ["password", "line 5", "environment"]),
    ('accounts = "."\ncolour = "red"\n[[member]]\nlogin = "wang"\ncalendar = "w.ics"\n', ["colour", "line 2", "unknown key"]),
    ('accounts = "."\n[[member]]\nlogin = "wang"\n', ["calendar", "member wang"]),
    ('accounts = "."\n[[member]]\nlogin = "Wang Lei"\ncalendar = "w.ics"\n', ["login", "lower-case"]),
    ('accounts = "."\nevening = "7pm"\n[[member]]\nlogin = "w"\ncalendar = "w.ics"\n', ["evening", "19:00"]),
    ('accounts = "."\n', ["no members"]),
    ('accounts = "."\n[[member]]\nlogin = "w"\ncalendar = "https://w:hunter2@dav.example.com/cal/"\n', ["calendar", "BRIEFING_CALDAV_PASSWORD_W"]),
])
def test_a_bad_team_file_is_refused_naming_the_line_and_what_to_do(tmp_path, text, words):
    team = tmp_path / "team.toml"
    team.write_text(text, "utf-8")
    with pytest.raises(TeamFileError) as refused:
        load_team(team)
    message = str(refused.value).replace(f"{team}:", "line ")
    assert all(word in str(refused.value) or word in message for word in words), str(refused.value)
    result = runner.invoke(app, ["tonight", "--team", str(team), "--queue", "--store", "postgresql://nobody@127.0.0.1:9/x"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_the_queue_needs_the_shared_store(tmp_path):
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([]))
    result = runner.invoke(app, ["tonight", "--queue", "--calendar", str(calendar), "--accounts", str(tmp_path),
                                 "--store", str(tmp_path / "s.sqlite3")])
    assert result.exit_code == 2 and "PostgreSQL" in result.output
    result = runner.invoke(app, ["worker", "--store", str(tmp_path / "s.sqlite3")])
    assert result.exit_code == 2 and "postgresql://" in result.output
    result = runner.invoke(app, ["tonight", "--team", str(tmp_path / "team.toml"), "--store", str(tmp_path / "s.sqlite3")])
    assert result.exit_code == 2 and "--queue" in result.output


def test_a_team_worker_queues_the_evening_at_its_hour_and_builds_it(tmp_path, site, postgres_url):
    """No `tonight` at all: a worker started with the team file, its evening a minute ago (the engine
    defers a periodic task missed by less than ten minutes when a worker starts), queues the
    members' visits itself and builds them."""
    now = datetime.now(timezone.utc)
    accounts_for(tmp_path / "accounts", site, ["hengyuan"])
    (tmp_path / "wang.ics").write_bytes(ics_with([("w1@x", "拜访恒远环保", now + timedelta(hours=3))]))
    evening = (now - timedelta(minutes=1)).astimezone(timezone(timedelta(hours=5, minutes=30)))
    team = tmp_path / "team.toml"
    team.write_text(f'accounts = "accounts"\ntimezone = "Asia/Kolkata"\nevening = "{evening:%H:%M}"\n'
                    '[[member]]\nlogin = "wang"\ncalendar = "wang.ics"\n', "utf-8")
    assert engine.evening_cron(load_team(team)) == f"{(now - timedelta(minutes=1)).minute} * * * *"
    worker = start_worker(postgres_url, "--team", str(team), "--allow-private")
    try:
        deadline = time.monotonic() + 180
        while not [row for row in job_rows(postgres_url) if row[1] == "succeeded"]:
            assert time.monotonic() < deadline and worker.poll() is None, "the evening was never queued and built"
            time.sleep(0.5)
    finally:
        code, err = stop(worker)
    assert code == 0, err
    with psycopg.connect(postgres_url) as conn:
        [(outcome,)] = conn.execute("SELECT outcome FROM job_outcomes").fetchall()
    assert outcome["state"] == "built", outcome
    assert b"ATTACH" in (tmp_path / "wang.ics").read_bytes()


def counting_site(accounts: int, hold: float) -> tuple[dict, dict[str, int]]:
    """Routes for `accounts` company sites under one host (/a0/, /a1/...), each page held `hold`
    seconds; and the counter of requests in flight, with the most seen at once."""
    seen = {"now": 0, "most": 0}
    lock = threading.Lock()

    def page(body: str) -> Callable[[BaseHTTPRequestHandler], None]:
        def reply(handler: BaseHTTPRequestHandler) -> None:
            with lock:
                seen["now"] += 1
                seen["most"] = max(seen["most"], seen["now"])
            try:
                time.sleep(hold)
                data = body.encode("utf-8")
                handler.send_response(200)
                handler.send_header("Content-Type", "text/html; charset=utf-8")
                handler.send_header("Content-Length", str(len(data)))
                handler.end_headers()
                handler.wfile.write(data)
            finally:
                with lock:
                    seen["now"] -= 1
        return reply

    routes = {"/robots.txt": page("")}
    for n in range(accounts):
        nav = "".join(f'<a href="/a{n}/{slug}.html">{label}</a>' for slug, label in
                      (("about", "公司简介"), ("news", "新闻中心"), ("team", "领导团队"), ("cases", "工程业绩")))
        routes[f"/a{n}/"] = page(f"<html><head><title>示例环保{n}有限公司</title></head><body><nav>{nav}</nav>"
                                 f"<p>示例环保{n}有限公司成立于2010年，专注工业废水处理。</p></body></html>")
        for slug in ("about", "news", "team", "cases"):
            routes[f"/a{n}/{slug}.html"] = page(f"<html><body><nav>{nav}</nav><h1>{slug}</h1>"
                                                f"<p>示例环保{n}有限公司成立于2010年，注册资本5000万元。</p></body></html>")
    return routes, seen


def test_four_workers_put_no_more_than_two_requests_on_one_site_at_once(tmp_path, postgres_url):
    count = 8
    routes, seen = counting_site(count, hold=0.3)
    now = datetime.now(timezone.utc)
    with serve(routes) as web:
        accounts = tmp_path / "accounts"
        accounts.mkdir()
        for n in range(count):
            (accounts / f"a{n}.toml").write_text(f'name = "示例环保{n}有限公司"\n[sources]\nsite = "{web.url(f"/a{n}/")}"\n', "utf-8")
        calendar = tmp_path / "work.ics"
        calendar.write_bytes(ics_with([(f"v{n}@x", f"拜访示例环保{n}有限公司", now + timedelta(hours=2, minutes=n)) for n in range(count)]))
        workers = [start_worker(postgres_url) for _ in range(4)]
        try:
            outcomes = queue("--calendar", str(calendar), "--accounts", str(accounts), "--store", postgres_url)
        finally:
            for worker in workers:
                stop(worker)
        asked = len([path for path in web.requests if path != "/robots.txt"])
    assert [o["state"] for o in outcomes] == ["built"] * count, outcomes
    assert asked >= count * 5  # every account's five pages were fetched, all from one host
    assert 1 <= seen["most"] <= 2, seen


def test_a_worker_whose_database_goes_away_stops_with_a_clear_error(tmp_path, postgres_url, postgres_cluster):
    worker = start_worker(postgres_url)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until it is up and registered
        with psycopg.connect(postgres_url) as conn:
            if conn.execute("SELECT to_regclass('procrastinate_workers')").fetchone()[0] is not None and \
                    conn.execute("SELECT count(*) FROM procrastinate_workers").fetchone()[0]:
                break
        time.sleep(0.2)
    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_cluster.url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    try:
        _, err = worker.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        worker.kill()
        raise AssertionError("the worker went on without its database")
    assert worker.returncode == 3, err
    assert "Traceback" not in err and "the job queue's database failed" in err and PASSWORD not in err
