"""A damaged store is a cache and a history gone bad, not a reason to stop (issue 16): it is moved
aside, kept as it was and named with the time, a new one is started, the brief is built, and the
run says so (a yellow warning naming both files; exit 1 where it would have been 0).

Builds here read saved pages only (fixtures/demo without its website), or the store alone
(--offline): no test touches the network.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefing.store.database as snapshots
from briefing.cli import app
from briefing.errors import StoreError
from briefing.models import Page
from briefing.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
NAME = "江苏恒远环保工程有限公司"
ASIDE = re.compile(r"^s\.sqlite3\.damaged-\d{8}T\d{6}Z(-\d+)?$")
runner = CliRunner()


def saved_account(tmp_path: Path) -> Path:
    """fixtures/demo copied without its website: a registry page, a WeChat article, a tender
    notice and the team's notes, all saved files."""
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    path = folder / "account.toml"
    path.write_text("".join(line for line in path.read_text("utf-8").splitlines(keepends=True) if not line.startswith("site =")),
                    "utf-8")
    return path


def build(account: Path, store: Path, pdf: Path, *more: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["build", str(account), "--store", str(store), "-o", str(pdf), "-q", *more])


def asides(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ASIDE.match(p.name))


def assert_recovered(result, store: Path, damaged: bytes) -> Path:  # type: ignore[no-untyped-def]
    """Exit 1, the notice naming both files, the damaged file kept beside the new store as it was."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info  # no crash
    assert result.exit_code == 1, result.output
    [kept] = asides(store.parent)
    notice = [line for line in result.output.splitlines() if line.startswith("warning: the store")]
    assert len(notice) == 1 and str(kept) in notice[0] and f"new store was started at {store}" in notice[0], result.output
    assert kept.read_bytes() == damaged
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return kept


def healthy_store(tmp_path: Path, account: Path) -> Path:
    """A store with a brief's history in it, closed (its WAL checkpointed into the file)."""
    store = tmp_path / "s.sqlite3"
    assert build(account, store, tmp_path / "first.pdf").exit_code == 0
    return store


def test_a_store_of_garbage_is_moved_aside_and_the_brief_built(tmp_path):
    account, store, pdf = saved_account(tmp_path), tmp_path / "s.sqlite3", tmp_path / "b.pdf"
    garbage = random.Random(16).randbytes(50_000)
    store.write_bytes(garbage)
    result = build(account, store, pdf)
    assert_recovered(result, store, garbage)
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in result.stdout
    with Store.open(store) as opened:  # the new store has this run's brief
        assert opened.recovered is None and opened.last_brief(str(account.resolve())) is not None
    again = build(account, store, tmp_path / "again.pdf")
    assert again.exit_code == 0 and "warning" not in again.output, again.output
    assert len(asides(tmp_path)) == 1


@pytest.mark.parametrize("keep", [60, 0.5], ids=["header cut short", "half the file"])
def test_a_store_cut_short_is_moved_aside_and_the_brief_built(tmp_path, keep):
    account = saved_account(tmp_path)
    store = healthy_store(tmp_path, account)
    whole = store.read_bytes()
    cut = whole[:keep if isinstance(keep, int) else int(len(whole) * keep)]
    store.write_bytes(cut)
    result = build(account, store, tmp_path / "b.pdf")
    kept = assert_recovered(result, store, cut)
    assert "cut short" in result.output
    assert build(account, store, tmp_path / "again.pdf").exit_code == 0
    assert asides(tmp_path) == [kept]


SITE = "http://www.hengyuan-env.com.cn/"
ARTICLE = "https://mp.weixin.qq.com/s/hengyuan-0428"


def store_with_a_damaged_page(path: Path) -> bytes:
    """A store holding the customer's home page among 80 others and a WeChat article, then the
    page of the file holding the home page overwritten with random bytes (seeded), as a disk error
    would leave it; returns the damaged file's bytes."""
    rng, now = random.Random(2026), datetime(2026, 12, 1, tzinfo=timezone.utc)
    marker = rng.randbytes(32)
    pages = [Page(url=f"https://other.example/{n}", body=rng.randbytes(3000), text="", encoding="utf-8", fetched_at=now)
             for n in range(80)]
    # incompressible bytes: zlib stores them as they are, so the marker shows where the row lies
    pages.insert(40, Page(url=SITE, body=rng.randbytes(1000) + marker + rng.randbytes(1000), text="", encoding="utf-8",
                          fetched_at=now))
    article = (DEMO / "wechat-article.html").read_bytes()
    pages.append(Page(url=ARTICLE, body=article, text=article.decode("utf-8"), encoding="utf-8", fetched_at=now))
    with Store.open(path) as store:
        store.save_read(pages, [], [])
    data = bytearray(path.read_bytes())
    assert data.count(marker) == 1
    size = int.from_bytes(data[16:18], "big")
    start = data.index(marker) // size * size
    assert len(data) // 4 < start < len(data) * 3 // 4  # in the middle of the file
    data[start:start + size] = random.Random(7).randbytes(size)
    data[start] = 0  # not a kind of page sqlite knows, whatever the seed gave
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_damaged_page_met_during_an_offline_build(tmp_path):
    """The damage shows only when the home page is read: that page counts as not stored, the
    store is moved aside then, the article still comes from the damaged copy, and the build's
    own writes (dossier, brief) are in the new store."""
    store = tmp_path / "s.sqlite3"
    damaged = store_with_a_damaged_page(store)
    account = tmp_path / "acme.toml"
    account.write_text(f'name = "{NAME}"\n[sources]\nsite = "{SITE}"\nwechat = "{ARTICLE}"\n', "utf-8")
    out = tmp_path / "b.json"
    result = build(account, store, tmp_path / "b.pdf", "--offline", "--json", str(out))
    assert_recovered(result, store, damaged)
    assert "database disk image is malformed" in result.output
    sources = {s["adapter"]: s for s in json.loads(out.read_text("utf-8"))["sources"]}
    assert sources["site"]["pages"] == 0 and "not in the store" in sources["site"]["reason"]
    assert sources["wechat"]["pages"] == 1  # read from the damaged copy: what it still holds is not lost
    with Store.open(store) as opened:
        assert opened.last_brief(str(account.resolve())) is not None
        assert opened.page(SITE) is None
    again = build(account, store, tmp_path / "again.pdf", "--offline")
    assert again.exception is None or isinstance(again.exception, SystemExit), again.exc_info
    assert again.exit_code == 1 and "warning: the store" not in again.output  # 1: offline, every source stale
    assert len(asides(tmp_path)) == 1


def test_damage_met_mid_run_carries_this_runs_writes_to_the_new_store(tmp_path):
    path = tmp_path / "s.sqlite3"
    store_with_a_damaged_page(path)
    now = datetime(2026, 12, 7, tzinfo=timezone.utc)
    store = Store.open(path)
    try:
        assert store.recovered is None  # the header and each table's ends are sound: nothing shows yet
        first = store.save_dossier("acme", now, {"n": 1})
        store.keep_robots("http://a.example:80", "User-agent: *", now)
        assert store.page("https://other.example/3") is not None
        assert store.page(SITE) is None  # the damaged row: not stored
        assert store.recovered and "moved aside" in store.recovered and "the 2 row(s) this run had written were carried over" in store.recovered
        assert store.page("https://other.example/70") is not None  # from the damaged copy
        store.save_brief("acme", first, tmp_path / "b.pdf", "pdf", b"%PDF", now)
    finally:
        store.close()
    with Store.open(path) as again:
        assert again.recovered is None
        assert again.last_built("acme")[0].data == {"n": 1}  # type: ignore[index]
        assert again.robots("http://a.example:80") is not None
        assert again.page("https://other.example/70") is None  # the new store holds only what this run wrote


def test_a_damaged_store_another_run_is_using_is_left_in_place(tmp_path, monkeypatch):
    monkeypatch.setattr(snapshots, "MID_RUN_WAIT", 0.2)
    path = tmp_path / "s.sqlite3"
    store_with_a_damaged_page(path)
    other = Store.open(path)  # another run, still at work
    try:
        store = Store.open(path)
        assert store.page(SITE) is None
        assert store.recovered and "another briefing run is using it" in store.recovered
        assert store.page(ARTICLE) is not None  # still read from the file left in place
        store.save_dossier("acme", datetime.now(timezone.utc), {})  # kept in memory for this run
        assert store.last_dossier("acme") is not None
        store.close()
        assert asides(tmp_path) == [] and other.page(ARTICLE) is not None
    finally:
        other.close()


def test_a_store_that_cannot_be_moved_aside_is_exit_3_and_untouched(tmp_path, monkeypatch):
    def refuse(path: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(snapshots, "_move_aside", refuse)  # a read-only folder (the tests run as root)
    account, store, pdf = saved_account(tmp_path), tmp_path / "s.sqlite3", tmp_path / "b.pdf"
    store.write_bytes(b"not a database" * 1000)
    result = build(account, store, pdf)
    assert result.exit_code == 3 and "could not be moved aside (Permission denied)" in result.output
    assert store.read_bytes() == b"not a database" * 1000 and not pdf.exists() and asides(tmp_path) == []


def test_without_recovery_a_damaged_store_is_a_store_error(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a Briefing store"):
        Store.open(path, recover=False)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_refresh_one_and_all_and_attach_say_so(tmp_path):
    account = saved_account(tmp_path)
    store = tmp_path / "s.sqlite3"
    store.write_bytes(b"\0" * 4096)
    single = runner.invoke(app, ["refresh", str(account), "--store", str(store), "-o", str(tmp_path / "r.pdf"), "-q"])
    assert_recovered(single, store, b"\0" * 4096)
    for kept in asides(tmp_path):
        kept.unlink()
    store.write_bytes(b"\0" * 4096)
    every = runner.invoke(app, ["refresh", "--all", str(account.parent), "--store", str(store), "-q"])
    assert_recovered(every, store, b"\0" * 4096)

    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics(NAME, datetime.now(timezone.utc) + timedelta(hours=3)))
    for kept in asides(tmp_path):
        kept.unlink()
    store.write_bytes(b"\0" * 4096)
    attached = runner.invoke(app, ["attach", str(account), "--ics", str(calendar), "--store", str(store)])
    assert_recovered(attached, store, b"\0" * 4096)
    assert b"ATTACH" in calendar.read_bytes()


def ics(summary: str, start: datetime) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "BEGIN:VEVENT", "UID:visit@x", "DTSTAMP:20261120T010000Z",
             f"DTSTART:{start:%Y%m%dT%H%M%SZ}", f"SUMMARY:拜访{summary}", "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_tonight_with_a_damaged_store_still_briefs_every_visit(tmp_path):
    accounts = tmp_path / "accounts"
    shutil.copytree(saved_account(tmp_path).parent, accounts)
    (accounts / "second.toml").write_text(
        'name = "无锡清源设备有限公司"\n[sources]\nnotes = "second.notes.md"\n', "utf-8")
    (accounts / "second.notes.md").write_text("## 2026-11-20 王建军\n- 资金：预算已批。\n", "utf-8")
    now = datetime.now(timezone.utc)
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics(NAME, now + timedelta(hours=3)).replace(
        b"END:VCALENDAR", b"BEGIN:VEVENT\r\nUID:second@x\r\nDTSTAMP:20261120T010000Z\r\n"
        + f"DTSTART:{now + timedelta(hours=5):%Y%m%dT%H%M%SZ}\r\nSUMMARY:拜访无锡清源设备有限公司\r\n".encode()
        + b"END:VEVENT\r\nEND:VCALENDAR"))
    store = tmp_path / "s.sqlite3"
    store.write_bytes(random.Random(3).randbytes(8192))
    damaged = store.read_bytes()
    result = runner.invoke(app, ["tonight", "--calendar", str(calendar), "--accounts", str(accounts), "--store", str(store),
                                 "--json", "-q"])
    assert_recovered(result, store, damaged)
    outcomes = {o["uid"]: o for o in json.loads(result.stdout)}
    assert {o["state"] for o in outcomes.values()} == {"built"}, outcomes
    assert set(outcomes) == {"visit@x", "second@x"} and all(Path(o["brief"]).is_file() for o in outcomes.values())


# Loaded into each run (sitecustomize): the first time a run finds the store damaged, it says so
# on a pipe of its own and waits for the test's "go" on another; the test says "go" to both once
# both have said so. So both runs find the damage before either does anything about it.
BARRIER = '''
import os

import briefing.store.database as snapshots

found = snapshots._header_problem
said, go = (int(fd) for fd in os.environ["BRIEFING_TEST_BARRIER"].split(","))


def meet(path):
    global said
    problem = found(path)
    if problem and said >= 0:
        os.write(said, b"found\\n")
        os.close(said)
        said = -1
        if os.read(go, 3) != b"go\\n":
            raise SystemExit("the test never said go")
    return problem


snapshots._header_problem = meet
'''


def test_two_runs_finding_the_damage_at_once_move_it_once(tmp_path):
    account, store = saved_account(tmp_path), tmp_path / "s.sqlite3"
    garbage = random.Random(5).randbytes(20_000)
    store.write_bytes(garbage)
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(BARRIER, "utf-8")
    unshare = shutil.which("unshare")
    offline = [unshare, "-n"] if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0 else []
    runs, found, go = [], [], []
    try:
        for n in range(2):
            said_r, said_w = os.pipe()
            go_r, go_w = os.pipe()
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT)]), "BRIEFING_TEST_BARRIER": f"{said_w},{go_r}"}
            runs.append(subprocess.Popen([*offline, sys.executable, "-m", "briefing", "build", str(account), "--store", str(store),
                                          "-q", "-o", str(tmp_path / f"{n}.pdf")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         env=env, text=True, pass_fds=(said_w, go_r)))
            os.close(said_w)
            os.close(go_r)
            found.append(os.fdopen(said_r, "rb"))
            go.append(os.fdopen(go_w, "wb"))
        said = [pipe.readline() for pipe in found]  # a run that ended or crashed first gives b"" instead
        if said != [b"found\n", b"found\n"]:
            for pipe in go:
                pipe.close()  # a run waiting for "go" reads the end of the pipe and stops
            pytest.fail(f"both runs should have found the store damaged: {said} {[run.communicate(timeout=300) for run in runs]}")
        for pipe in go:
            pipe.write(b"go\n")
            pipe.flush()
        results = [(run.returncode, out, err) for run in runs for out, err in [run.communicate(timeout=300)]]
    finally:
        for pipe in (*found, *go):
            pipe.close()
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.communicate()
    assert [code for code, _, _ in results] == [1, 1], results
    assert all("Traceback" not in err for _, _, err in results)
    [kept] = asides(tmp_path)
    assert kept.read_bytes() == garbage
    said = sorted(next(line for line in err.splitlines() if line.startswith("warning: the store")) for _, _, err in results)
    assert f"another briefing run moved it aside to {kept}" in said[0] and f"it was moved aside to {kept}" in said[1], said
    assert all((tmp_path / f"{n}.pdf").read_bytes().startswith(b"%PDF") for n in range(2))
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM briefs").fetchone()[0] == 2  # both runs' history in the new store
