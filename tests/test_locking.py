"""Writers of one file take turns: notes, the calendar (.ics) and briefs are never lost to a write
made at the same moment. Real processes, released together; ordered by pipes, never by sleeps."""

from __future__ import annotations

import asyncio
import collections
import errno
import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from briefing.store import files
from briefing.calendars import invites, tonight
from briefing.accounts import notes
from briefing.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.now(timezone.utc).replace(microsecond=0)
TITLE = "# 江苏恒远环保工程有限公司 · 内部笔记"

# Each process gets ready (imports done), says so, and waits for one byte on stdin: all start at once.
GATE = """
import sys
{setup}
print("ready", flush=True)
if sys.stdin.read(1) != "g":
    sys.exit(99)
{body}
"""
CLI = GATE.format(setup="from briefing.cli import main", body="sys.argv = ['briefing', *sys.argv[1:]]\nmain()")
COUNTER = GATE.format(setup="from pathlib import Path\nfrom briefing.store import files", body=textwrap.dedent("""
    counter = Path(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        with files.locked(counter):
            files.write_atomic(counter, str(int(counter.read_text()) + 1).encode())
"""))
# Takes the lock, says so, and holds it until stdin closes (or it is killed).
HOLDER = """
import sys
from briefing.store import files
with files.locked(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def python(script: str, *args: str, env: dict[str, str] | None = None, **popen) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, text=True, encoding="utf-8",
                            env={**os.environ, **(env or {})}, **popen)


def all_at_once(runs: list[list[str]], script: str = CLI) -> list[tuple[int, str, str]]:
    """Start one process per argument list, wait until every one is ready, release them together;
    (exit code, stdout, stderr) of each."""
    procs = [python(script, *args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for args in runs]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline() == "ready\n", proc.communicate()[1]
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("g")
            proc.stdin.flush()  # communicate() closes it
        # every process's pipes read at once: one blocked writing to a full pipe while it holds the
        # lock would otherwise hold up the process whose pipes are being read, waiting for that lock
        done: list[tuple[int, str, str] | None] = [None] * len(procs)

        def finish(n: int) -> None:
            out, err = procs[n].communicate(timeout=300)
            done[n] = (procs[n].returncode, out, err)

        readers = [threading.Thread(target=finish, args=(n,)) for n in range(len(procs))]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
        assert all(d is not None for d in done), "a process did not finish within 300 s"
        return done  # type: ignore[return-value]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def account_file(tmp_path: Path, name: str = "acme", company: str = "江苏恒远环保工程有限公司", uid: str = "") -> Path:
    path = tmp_path / f"{name}.toml"
    visit = f'\n[visit]\nstart = 2026-11-28T09:30:00+08:00\nuid = "{uid}"\n' if uid else ""
    path.write_text(f'name = "{company}"\n[sources]\nnotes = "{name}-notes.md"\n{visit}', encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    """Lock or temporary files left in the folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".lock", ".tmp")))


@pytest.fixture
def holder(tmp_path):
    """Another process holding a file's lock: `holder(path)` returns once it holds it; it lets go
    when the test ends (or `release()` is called)."""
    started: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> subprocess.Popen[str]:
        proc = python(HOLDER, str(path), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        started.append(proc)
        assert proc.stdout is not None and proc.stdout.readline() == "held\n"
        return proc

    yield hold
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def release(proc: subprocess.Popen[str]) -> None:
    proc.communicate(timeout=60)  # closes its stdin: it lets go and ends; its pipes read to the end
    assert proc.returncode == 0


# --- twenty writers at once ---

def test_twenty_notes_added_at_the_same_moment_are_all_kept(tmp_path):
    account = account_file(tmp_path)
    results = all_at_once([[ "note", str(account), f"note {n}", "--by", f"同事{n}", "--on", "2026-11-20"] for n in range(20)])
    assert [code for code, _, _ in results] == [0] * 20, [err for code, _, err in results if code]
    text = (tmp_path / "acme-notes.md").read_text("utf-8")
    entries = notes.parse(text)
    assert collections.Counter(e.text for e in entries) == collections.Counter(f"note {n}" for n in range(20))
    assert {(e.text, e.author) for e in entries} == {(f"note {n}", f"同事{n}") for n in range(20)}
    # well formed: one title, then twenty sections of one note each, blank lines between
    assert text.startswith(TITLE + "\n\n## ") and text.count(TITLE) == 1
    assert text.count("\n## 2026-11-20 ") == 20 and "\n\n\n" not in text and text.endswith("\n")
    assert leftovers(tmp_path) == []


def test_twenty_processes_changing_one_file_under_the_lock_lose_nothing(tmp_path):
    counter = tmp_path / "counter.txt"
    counter.write_text("0")
    results = all_at_once([[str(counter), "5"] for _ in range(20)], COUNTER)
    assert [code for code, _, _ in results] == [0] * 20, [err for code, _, err in results if code]
    assert counter.read_text() == "100"  # twenty processes, five read-change-writes each
    assert leftovers(tmp_path) == []


def test_twenty_attaches_to_one_calendar_at_once_all_land(tmp_path):
    # twenty customers, one .ics: each `briefing attach` puts its own brief on its own event
    events, runs = [], []
    for n in range(20):
        account = account_file(tmp_path, f"c{n}", f"客户{n}有限公司", uid=f"{n}@x")
        brief = tmp_path / f"c{n}.pdf"
        brief.write_bytes(f"%PDF- brief {n}".encode())
        events.append((f"{n}@x", f"拜访客户{n}", NOW + timedelta(hours=n + 1)))
        runs.append(["attach", str(account), "--ics", str(tmp_path / "work.ics"), "--brief", str(brief)])
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with(events))
    results = all_at_once(runs)
    assert [code for code, _, _ in results] == [0] * 20, [err for code, _, err in results if code]
    data = calendar.read_bytes()
    for n in range(20):
        assert invites.attached_brief(data, filename=f"c{n}.pdf", names=[], uid=f"{n}@x", now=NOW) == f"%PDF- brief {n}".encode()
    assert (tmp_path / "work.ics.bak").is_file() and leftovers(tmp_path) == []


# --- tonight and a colleague's attach ---

from test_tonight import ics_with  # noqa: E402 - the calendars tonight's own tests use


@pytest.fixture
def evening(tmp_path, monkeypatch):
    """Two accounts, a calendar with tonight's visit (a@x) and next week's (b@x), and `tonight.run`
    with the refresh replaced by a brief already built."""
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    account_file(accounts, "a", "甲方环保有限公司", uid="a@x")
    b = account_file(accounts, "b", "乙方设备有限公司", uid="b@x")
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([("a@x", "拜访甲方", NOW + timedelta(hours=14)),
                                   ("b@x", "拜访乙方", NOW + timedelta(days=6))]))
    brief_a, brief_b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    brief_a.write_bytes(b"%PDF- brief a")
    brief_b.write_bytes(b"%PDF- brief b")

    async def refreshed(unique, store, **_):
        return [SimpleNamespace(path=brief_a, written=True, dossier=SimpleNamespace(sources=()), unreachable=False) for _ in unique]

    monkeypatch.setattr(tonight, "refresh_all_async", refreshed)

    def run(meanwhile):
        return asyncio.run(tonight.run(str(calendar), accounts, within=timedelta(hours=24), now=NOW, store=None,  # type: ignore[arg-type]
                                       step=lambda text: meanwhile()))

    return SimpleNamespace(calendar=calendar, b=b, brief_b=brief_b, run=run)


def test_an_attach_during_tonight_is_kept_and_tonights_brief_added(evening):
    def colleague():  # while tonight refreshes, someone attaches next week's brief in another process
        done = subprocess.run([sys.executable, "-m", "briefing", "attach", str(evening.b), "--ics", str(evening.calendar),
                               "--brief", str(evening.brief_b)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    [outcome] = evening.run(colleague)
    assert outcome.state == "built" and outcome.uid == "a@x"
    data = evening.calendar.read_bytes()
    assert invites.attached_brief(data, filename="a.pdf", names=[], uid="a@x", now=NOW) == b"%PDF- brief a"
    assert invites.attached_brief(data, filename="b.pdf", names=[], uid="b@x", now=NOW) == b"%PDF- brief b"
    backup = (evening.calendar.parent / "work.ics.bak").read_bytes()  # what tonight replaced: the colleague's version
    assert invites.attached_brief(backup, filename="b.pdf", names=[], uid="b@x", now=NOW) == b"%PDF- brief b"
    assert invites.attached_brief(backup, filename="a.pdf", names=[], uid="a@x", now=NOW) is None


def test_a_visit_removed_from_the_calendar_during_tonight_fails_and_the_calendar_is_left_as_written(evening):
    rewritten = ics_with([("b@x", "拜访乙方", NOW + timedelta(days=6))])

    def colleague():  # the calendar app drops tonight's visit
        with files.locked(evening.calendar):
            files.write_atomic(evening.calendar, rewritten)

    [outcome] = evening.run(colleague)
    assert outcome.state == "failed" and "changed during the run" in outcome.reason and "a@x" in outcome.reason
    assert evening.calendar.read_bytes() == rewritten


def test_tonight_waits_for_the_calendars_lock_and_writes_on_what_is_there_then(evening, holder):
    held = []

    def colleague():  # someone attaches next week's brief, then holds the calendar's lock as tonight comes to write
        assert runner.invoke(app, ["attach", str(evening.b), "--ics", str(evening.calendar), "--brief", str(evening.brief_b)]).exit_code == 0
        held.append(holder(evening.calendar))

    class LetGo(logging.Handler):  # tonight says it waits for the lock: only then does the holder let go
        def emit(self, record: logging.LogRecord) -> None:
            if "waiting for another Briefing run" in record.getMessage() and held:
                release(held.pop())

    logger = logging.getLogger("briefing.store.files")
    handler, level = LetGo(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        [outcome] = evening.run(colleague)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert outcome.state == "built" and not held  # it did wait
    data = evening.calendar.read_bytes()
    assert invites.attached_brief(data, filename="a.pdf", names=[], uid="a@x", now=NOW) == b"%PDF- brief a"
    assert invites.attached_brief(data, filename="b.pdf", names=[], uid="b@x", now=NOW) == b"%PDF- brief b"


# --- waiting, giving up, read-only folders, left-over locks ---

def test_a_writer_waits_for_a_held_lock_then_adds_its_note(tmp_path, holder):
    account = account_file(tmp_path)
    file = tmp_path / "acme-notes.md"
    file.write_text(TITLE + "\n", "utf-8")
    held = holder(file)
    writer = python(CLI, "-v", "note", str(account), "等到了", "--by", "老陈", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE)
    try:
        assert writer.stdout is not None and writer.stderr is not None and writer.stdin is not None
        assert writer.stdout.readline() == "ready\n"
        writer.stdin.write("g")
        writer.stdin.flush()
        said = ""
        while "waiting for another Briefing run" not in said:  # it tried, found the lock held, and waits
            line = writer.stderr.readline()
            assert line, said
            said += line
        assert file.read_text("utf-8") == TITLE + "\n"  # nothing written while the lock is held
        release(held)
        out, err = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, err
    [entry] = notes.parse(file.read_text("utf-8"))
    assert entry.text == "等到了" and entry.author == "老陈"
    assert leftovers(tmp_path) == []


def test_a_lock_that_cannot_be_had_is_exit_3_naming_the_file_and_nothing_is_written(tmp_path, holder):
    account = account_file(tmp_path, uid="v@x")
    file = tmp_path / "acme-notes.md"
    file.write_text(TITLE + "\n\n## 2026-11-20 王经理\n- 资金：已批\n", "utf-8")
    before = file.read_bytes()
    held = holder(file)
    done = subprocess.run([sys.executable, "-m", "briefing", "note", str(account), "x", "--by", "老陈"], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "BRIEFING_LOCK_TIMEOUT": "0"}, timeout=120)
    assert done.returncode == 3
    assert str(file) in done.stderr and "another Briefing run is writing it" in done.stderr and "try again" in done.stderr
    assert "Traceback" not in done.stderr
    assert file.read_bytes() == before
    release(held)

    # the calendar too: untouched, no backup made
    calendar = tmp_path / "work.ics"
    calendar.write_bytes(ics_with([("v@x", "拜访恒远", NOW + timedelta(hours=3))]))
    (tmp_path / "b.pdf").write_bytes(b"%PDF- brief")
    before = calendar.read_bytes()
    held = holder(calendar)
    done = subprocess.run([sys.executable, "-m", "briefing", "attach", str(account), "--ics", str(calendar), "--brief",
                           str(tmp_path / "b.pdf")], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "BRIEFING_LOCK_TIMEOUT": "0"}, timeout=120)
    assert done.returncode == 3 and str(calendar) in done.stderr and "another Briefing run" in done.stderr
    assert calendar.read_bytes() == before and not (tmp_path / "work.ics.bak").exists()
    release(held)
    assert leftovers(tmp_path) == []


def test_a_read_only_folder_is_said_plainly_and_nothing_is_lost(tmp_path, monkeypatch):
    account = account_file(tmp_path)
    file = tmp_path / "acme-notes.md"
    file.write_text(TITLE + "\n", "utf-8")
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # root ignores a folder's mode: the refusal is made here
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", read_only)
    result = runner.invoke(app, ["note", str(account), "x", "--by", "老陈"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info  # no crash
    assert result.exit_code == 3, result.output
    assert str(file) in result.output and "read-only" in result.output and "nothing was written" in result.output
    assert file.read_text("utf-8") == TITLE + "\n"


def test_a_lock_left_by_a_killed_run_blocks_no_one(tmp_path, holder):
    account = account_file(tmp_path)
    file = tmp_path / "acme-notes.md"
    killed = holder(file)
    killed.send_signal(signal.SIGKILL)  # kill -9 while it holds the lock: its lock file stays behind
    killed.wait()
    assert files.lock_file(file).exists()
    done = subprocess.run([sys.executable, "-m", "briefing", "note", str(account), "x", "--by", "老陈"], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "BRIEFING_LOCK_TIMEOUT": "0"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [e.text for e in notes.parse(file.read_text("utf-8"))] == ["x"]
    assert leftovers(tmp_path) == []  # and the next holder tidied it away


def test_the_lock_is_reentrant_in_a_thread_and_excludes_other_threads(tmp_path):
    target = tmp_path / "f.txt"
    with files.locked(target):
        with files.locked(target, tmp_path / "g.txt"):
            files.write_atomic(target, b"one")  # write_atomic takes the lock again: the holder may
        assert files.lock_file(target).exists() and not files.lock_file(tmp_path / "g.txt").exists()
        other: list[BaseException] = []

        def elsewhere():
            try:
                with files.locked(target, timeout=0):
                    pass
            except BaseException as exc:  # noqa: BLE001 - the test looks at it
                other.append(exc)

        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
        assert len(other) == 1 and "another Briefing run is writing it" in str(other[0])
    assert leftovers(tmp_path) == []
    assert target.read_bytes() == b"one"


def test_a_symlink_planted_as_the_lock_file_is_refused_not_followed(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("mine", "utf-8")
    files.lock_file(target).symlink_to(target)
    with pytest.raises(files.OutputError) as refused:
        with files.locked(target, timeout=0):
            pass
    assert str(target) in str(refused.value)
    assert target.read_text("utf-8") == "mine"
