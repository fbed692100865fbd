"""The store and refresh: conditional requests, offline builds, fallback copies, what changed."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.demo import serve_site
from briefing.errors import StoreError
from briefing.store.database import Store, text_hash
from sites import SITES

runner = CliRunner()
NEW_ITEM = ('<li><a href="2024/0601/130.html" class="title">恒远环保中标无锡市新区污水处理厂扩建工程（EPC）</a>'
            '<span class="date">2024-06-01</span><p>6月1日……</p></li>\n')


@pytest.fixture()
def site(tmp_path):
    """A copy of the demo site that a test may change between two builds."""
    folder = tmp_path / "site"
    shutil.copytree(SITES / "demo", folder)
    with serve_site(folder) as base:
        yield folder, base


def gain_an_article(folder: Path) -> None:
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    article = (folder / "news_125.html").read_text("utf-8").replace("盐城市滨海临港化工园区", "无锡市新区")
    (folder / "news_130.html").write_text(article, "utf-8")
    meta["pages"]["/news/2024/0601/130.html"] = "news_130.html"
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    news = (folder / "news.html").read_text("utf-8")
    (folder / "news.html").write_text(news.replace('<ul class="news-list">', '<ul class="news-list">' + NEW_ITEM, 1), "utf-8")


def account(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{base}"\n', "utf-8")
    return path


def refresh(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["refresh", *args, "--allow-private"])


def no_crash(result) -> None:  # type: ignore[no-untyped-def]
    """Ended by its own exit code: CliRunner turns an escaping exception into exit code 1 too."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info


def test_a_site_that_gains_an_article_is_reported_and_rebuilt(tmp_path, site):
    folder, base = site
    path, pdf, store = account(tmp_path, base), tmp_path / "b.pdf", str(tmp_path / "s.sqlite3")
    first = refresh(str(path), "-o", str(pdf), "--store", store, "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["changed"] is True and pdf.is_file()

    same = refresh(str(path), "-o", str(pdf), "--store", store, "--json")
    assert same.exit_code == 4, same.output  # unchanged
    report = json.loads(same.stdout)
    assert report["changed"] is False and report["brief"] is None
    assert report["requests"] == report["not_modified"] and report["bytes"] == 0  # every page answered 304

    gain_an_article(folder)
    before = pdf.read_bytes()
    changed = refresh(str(path), "-o", str(pdf), "--store", store, "--json")
    assert changed.exit_code == 0, changed.output
    report = json.loads(changed.stdout)
    assert report["changed"] is True
    assert any("无锡市新区污水处理厂扩建工程" in c["text"] and c["kind"] == "article" for c in report["changes"])
    assert pdf.read_bytes() != before
    first_page = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text().replace("\n", "")
    assert "以来的变化" in first_page and "无锡市新区污水处理厂扩建工程" in first_page


def test_a_refresh_with_nothing_changed_leaves_the_brief_untouched(tmp_path, site):
    _, base = site
    path, pdf, store = account(tmp_path, base), tmp_path / "b.pdf", str(tmp_path / "s.sqlite3")
    assert refresh(str(path), "-o", str(pdf), "--store", store).exit_code == 0
    stamp = 1_000_000_000 * 10**9  # 2001: any rewrite, however soon, gives the file another time
    os.utime(pdf, ns=(stamp, stamp))
    data = pdf.read_bytes()
    result = refresh(str(path), "-o", str(pdf), "--store", store)
    assert result.exit_code == 4, result.output
    assert "unchanged since" in result.output
    assert pdf.stat().st_mtime_ns == stamp and pdf.read_bytes() == data


def test_pages_that_differ_only_in_times_and_counters_are_unchanged():
    a = "<div>恒远环保新闻 发布时间：2024-05-16 10:00 阅读 1,203</div>"
    b = "<div>恒远环保新闻 发布时间：2024-05-17 09:12 阅读 1,377</div>"
    assert text_hash(a) == text_hash(b)
    assert text_hash(a) != text_hash("<div>恒远环保公告 发布时间：2024-05-16 10:00 阅读 1,203</div>")


def test_offline_builds_from_the_store_and_marks_sources_stale_with_their_age(tmp_path, site):
    _, base = site
    path, store = account(tmp_path, base), str(tmp_path / "s.sqlite3")
    online = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "a.pdf"), "--store", store, "--allow-private",
                                 "--json", str(tmp_path / "a.json")])
    assert online.exit_code == 0, online.output
    offline = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--store", store, "--offline",
                                  "--json", str(tmp_path / "b.json")])
    no_crash(offline)
    assert offline.exit_code == 1, offline.output  # built, from copies
    before, after = (json.loads((tmp_path / n).read_text("utf-8")) for n in ("a.json", "b.json"))
    assert [e["name"] for e in after["executives"]] == [e["name"] for e in before["executives"]]
    [source] = after["sources"]
    assert source["status"] == "stale" and "from the store" in source["reason"] and "offline" in source["reason"]


def test_offline_without_a_copy_says_so(tmp_path):
    path = tmp_path / "acme.toml"
    path.write_text('name = "某公司"\n[sources]\nsite = "https://www.example.com.cn/"\n', "utf-8")
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--store", str(tmp_path / "s.sqlite3"),
                                 "--offline", "--json", str(tmp_path / "b.json")])
    no_crash(result)
    assert result.exit_code == 1, result.output
    [source] = json.loads((tmp_path / "b.json").read_text("utf-8"))["sources"]
    assert "not in the store" in source["reason"]


def test_a_site_whose_pages_are_gone_is_reported_not_papered_over(tmp_path, site):
    folder, base = site
    path, store = account(tmp_path, base), str(tmp_path / "s.sqlite3")
    assert runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "a.pdf"), "--store", store, "--allow-private"]).exit_code == 0
    (folder / "meta.json").write_text(json.dumps({"base_url": "http://x/", "pages": {}}), "utf-8")  # every page now fails...
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--store", store, "--allow-private",
                                 "--json", str(tmp_path / "b.json")])
    # ...with 404: a page that is gone is news, so it is reported, not papered over with the copy
    no_crash(result)
    assert result.exit_code == 1, result.output
    [source] = json.loads((tmp_path / "b.json").read_text("utf-8"))["sources"]
    assert source["status"] == "gone"


def test_a_site_that_is_down_falls_back_to_its_copy_marked_stale(tmp_path):
    from briefing.demo import serve_site as serve

    folder = tmp_path / "site"
    shutil.copytree(SITES / "demo", folder)
    path, store = tmp_path / "acme.toml", str(tmp_path / "s.sqlite3")
    with serve(folder) as base:
        path.write_text(f'name = "江苏恒远环保工程有限公司"\n[sources]\nsite = "{base}"\n', "utf-8")
        assert runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "a.pdf"), "--store", store, "--allow-private"]).exit_code == 0
    # the server is gone now: connections are refused
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--store", store, "--allow-private",
                                 "--json", str(tmp_path / "b.json")])
    no_crash(result)
    assert result.exit_code == 1, result.output
    dossier = json.loads((tmp_path / "b.json").read_text("utf-8"))
    [source] = dossier["sources"]
    assert source["status"] == "stale" and "from the store" in source["reason"]
    assert any(e["name"] == "张建华" for e in dossier["executives"])  # facts from the copy


def test_a_refresh_that_reads_nothing_exits_5_and_writes_nothing(tmp_path):
    path = tmp_path / "acme.toml"
    path.write_text('name = "某公司"\n[sources]\nsite = "http://127.0.0.1:9/"\n', "utf-8")
    result = refresh(str(path), "-o", str(tmp_path / "b.pdf"), "--store", str(tmp_path / "s.sqlite3"))
    assert result.exit_code == 5, result.output
    assert "nothing was written" in result.output and not (tmp_path / "b.pdf").exists()


def test_refresh_all_accounts_in_a_folder(tmp_path, site):
    _, base = site
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    for name in ("a", "b"):
        (accounts / f"{name}.toml").write_text(f'name = "江苏恒远环保工程有限公司{name}"\n[sources]\nsite = "{base}"\n', "utf-8")
    result = refresh("--all", str(accounts), "--store", str(tmp_path / "s.sqlite3"), "--json")
    assert result.exit_code == 0, result.output
    assert [r["changed"] for r in json.loads(result.stdout)] == [True, True]
    assert refresh("--all", str(accounts), "--store", str(tmp_path / "s.sqlite3")).exit_code == 4


def test_refresh_needs_one_account_or_a_folder(tmp_path):
    assert refresh().exit_code == 2
    assert refresh(str(tmp_path / "a.toml"), "--all", str(tmp_path)).exit_code == 2


def test_a_store_that_is_not_a_database_is_a_clear_error_when_not_recovered(tmp_path):
    """Without recovery (the library's choice; the commands recover: tests/test_store_damage.py)."""
    bad = tmp_path / "s.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a Briefing store"):
        Store.open(bad, recover=False)


def test_a_store_held_by_another_writer_waits_then_says_so(tmp_path, monkeypatch):
    import briefing.store.database as snapshots

    monkeypatch.setattr(snapshots, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another run is writing
    try:
        store = Store.open(path)
        with pytest.raises(StoreError, match="another briefing run is writing"):
            store.save_dossier("a", __import__("datetime").datetime.now(__import__("datetime").timezone.utc), {})
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_two_writers_at_once_both_finish(tmp_path):
    from datetime import datetime, timezone

    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with Store.open(path) as store:
                for i in range(50):
                    store.save_dossier(f"a{n}", datetime.now(timezone.utc), {"i": i})
        except BaseException as exc:  # pragma: no cover - the failure is the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Store.open(path) as store:
        assert store.db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 200
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# A refresh that stops at one chosen point of its writing, says so on stdout and waits there for
# the kill -9 (it reads stdin, which never comes): the kill lands exactly there, however slow the
# machine. The points: inside the transaction writing the pages read (rows written, no COMMIT),
# with the new brief written to its temporary file (not yet renamed), and inside the transaction
# recording the dossier the new brief was built from (the brief already in place).
KILLER = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from briefing.brief import refresh_brief_async
    from briefing.accounts.account import load_account
    from briefing.gathering.fetch import FetchSettings
    from briefing.gathering.pipeline import BuildSettings
    from briefing.store import database, files

    account, store_path, pdf, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4]
    writing = None  # the Store method whose transaction is under way

    def stopped(where):
        print(where, flush=True)
        sys.stdin.read()  # until the kill -9
        raise SystemExit("not killed")

    transaction = database.Store._transaction

    def _transaction(self, work):
        def then_stop(db):
            result = work(db)
            if writing == stop:
                stopped(stop)  # the rows are in the transaction; COMMIT never comes
            return result
        return transaction(self, then_stop)

    def watched(name):
        method = getattr(database.Store, name)
        def call(self, *args, **kwargs):
            global writing
            writing = name
            try:
                return method(self, *args, **kwargs)
            finally:
                writing = None
        setattr(database.Store, name, call)

    database.Store._transaction = _transaction
    watched("save_read")
    watched("save_dossier")
    write_temporary = files._write_temporary

    def _write_temporary(path, data):
        temporary = write_temporary(path, data)
        if stop == "brief":
            stopped(stop)  # written and synced beside the brief, not yet renamed over it
        return temporary

    files._write_temporary = _write_temporary
    store = database.Store.open(store_path)
    asyncio.run(refresh_brief_async(load_account(account), store, pdf=pdf,
                                    settings=BuildSettings(fetch=FetchSettings(allow_private=True))))
    print("finished without stopping", flush=True)
""")


def test_case_25_kill_9_during_refreshes_leaves_a_consistent_store_and_a_whole_brief(tmp_path, site):
    folder, base = site
    path, store, pdf = account(tmp_path, base), tmp_path / "s.sqlite3", tmp_path / "b.pdf"
    assert refresh(str(path), "-o", str(pdf), "--store", str(store)).exit_code == 0
    earlier = pdf.read_bytes()
    gain_an_article(folder)
    news, article = base + "news/", "无锡市新区污水处理厂扩建工程"  # the news list gained the article
    script = tmp_path / "killer.py"
    script.write_text(KILLER, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    for stop in ("save_read", "brief", "save_dossier"):
        process = subprocess.Popen([sys.executable, str(script), str(path), str(store), str(pdf), stop],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        try:
            assert process.stdout is not None and process.stdout.readline().strip() == stop.encode()
        finally:
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=60)
        with Store.open(store) as opened:
            assert opened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert opened.last_built(str(path.resolve())) is not None  # the account file is the key
            [(dossiers,)] = opened.db.execute("SELECT count(*) FROM dossiers").fetchall()
            assert dossiers == 1  # the first build's: a transaction cut by the kill left nothing
            if stop == "save_read":
                assert article not in opened.page(news).text  # the list as the first build read it
        assert pypdf.PdfReader(pdf).pages  # never half a PDF: a kill mid-write leaves at most a temporary file
        if stop == "save_dossier":
            assert pdf.read_bytes() != earlier  # the new brief was in place before the kill
        else:
            assert pdf.read_bytes() == earlier  # the earlier brief, untouched
    # and the store goes on: the next refresh finds the change the killed runs never recorded
    again = refresh(str(path), "-o", str(pdf), "--store", str(store), "--json")
    assert again.exit_code == 0, again.output
    assert any(article in c["text"] for c in json.loads(again.stdout)["changes"])
    with Store.open(store) as opened:
        assert article in opened.page(news).text


class Terminal:
    """A pseudo-terminal for a child's stderr, read to its end in a thread: the command shows its
    progress there as on a user's terminal. `wait_for(pattern)` returns the first match of the
    pattern in what the terminal has shown (escape codes taken out), once it is there."""

    def __init__(self) -> None:
        import pty

        self._parent, self.child = pty.openpty()
        self._seen = b""
        self._ended = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)

    def start(self) -> None:
        """Once the child process has the terminal: from here it alone holds it open."""
        os.close(self.child)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._parent, 65536)
            except OSError:  # EIO: the last process holding the terminal has ended
                chunk = b""
            with self._changed:
                self._seen += chunk
                self._ended = not chunk
                self._changed.notify_all()
            if not chunk:
                return

    @property
    def text(self) -> str:
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", self._seen.decode("utf-8", "replace"))

    def wait_for(self, pattern: str, guard: float = 600) -> re.Match[str]:
        with self._changed:  # `guard` only turns a hang into a failure: nothing is timed
            self._changed.wait_for(lambda: re.search(pattern, self.text) or self._ended, guard)
            found = re.search(pattern, self.text)
        assert found, f"{pattern!r} never shown; the terminal said:\n{self.text[-3000:]}"
        return found

    def close(self) -> str:
        if self._reader.is_alive() or self._ended:
            self._reader.join(60)
        else:  # never started: no child was given the terminal
            os.close(self.child)
        os.close(self._parent)
        return self.text


def test_a_build_stopped_with_sigterm_exits_143_with_what_it_read_in_the_store(tmp_path, site):
    """cron and systemd stop a job with SIGTERM: the sources read by then are kept, the brief is
    not written, and the exit code says so. The stop comes once the site is read and its pages
    are in the store (the terminal shows the site's source done, which comes after its pages are
    written), while the news feed's server holds its answer until the test ends (/silent)."""
    from misbehaving import misbehaving

    folder, base = site
    store, pdf = tmp_path / "s.sqlite3", tmp_path / "b.pdf"
    terminal = Terminal()
    try:
        with misbehaving() as slow:
            path = tmp_path / "acme.toml"
            path.write_text(f'name = "江苏恒远环保工程有限公司"\n[sources]\nsite = "{base}"\nnews = "{slow.url("/silent")}"\n', "utf-8")
            env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), "BRIEFING_HOME": str(tmp_path / "home"),
                   "COLUMNS": "300", "TERM": "xterm"}
            for variable in ("TTY_COMPATIBLE", "FORCE_COLOR", "NO_COLOR"):
                env.pop(variable, None)
            # no clock in the build: neither the news feed's nor the build's time runs out first
            process = subprocess.Popen([sys.executable, "-m", "briefing", "build", str(path), "-o", str(pdf), "--store", str(store),
                                        "--allow-private", "--timeout", "600", "--deadline", "3600"],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal.child, env=env)
            terminal.start()
            try:
                site_done = terminal.wait_for(re.escape(f"site: {base}") + r"\S* \[(\w+)\]")
                assert site_done[1] == "ok", terminal.text
                with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
                    kept = db.execute("SELECT count(*) FROM pages").fetchone()[0]
                assert kept >= 8 and process.poll() is None
                process.send_signal(signal.SIGTERM)
                process.communicate(timeout=120)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.communicate()
    finally:
        shown = terminal.close()
    assert process.returncode == 143, shown
    assert "Traceback" not in shown and "stopped (SIGTERM)" in shown
    assert not pdf.exists()
    with Store.open(store) as opened:
        assert opened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert opened.db.execute("SELECT count(*) FROM pages").fetchone()[0] == kept  # as it was at the stop


def _src(url: str = "https://www.qcc.com/firm/1.html") -> dict:
    return {"adapter": "registry", "url": url, "fetched_at": "2026-11-27T12:00:00+00:00", "content_hash": "x", "title": ""}


def _holder(name: str, value, text: str) -> dict:  # type: ignore[no-untyped-def]
    return {"name": name, "stake": {"value": value, "text": text} if value is not None else None, "source": _src()}


@pytest.mark.parametrize("old, new, material", [
    ({"shareholders": [_holder("A公司", 0.51, "51%")]}, {"shareholders": [_holder("A公司", 0.51, "51.00%")]}, False),
    ({"shareholders": [_holder("A公司", None, "")]}, {"shareholders": [_holder("A公司", 0.9, "90%")]}, True),
    ({"financing": [{"round": "B轮", "date": {"value": "2024-03", "text": "2024年3月"}, "source": _src()}]},
     {"financing": [{"round": "B轮", "date": {"value": "2024-03", "text": "2024-03"}, "source": _src()}]}, False),
    ({"financing": [{"round": "B轮", "amount": {"value": "100000000", "text": "1亿"}, "source": _src()}]},
     {"financing": [{"round": "B轮", "amount": {"value": "500000000", "text": "5亿"}, "source": _src()}]}, True),
    ({"articles": [{"title": "X 中标", "url": "http://a.cn/1.html", "source": _src()}]},
     {"articles": [{"title": "X 中标", "url": "https://a.cn/1.html?utm_source=wx", "source": _src()}]}, False),
    ({"executives": [{"name": "李四", "title": "总经理", "source": _src("https://a.cn/team")},
                     {"name": "张三", "title": "董事长", "source": _src()}]},
     {"executives": [{"name": "张三", "title": "董事长", "source": _src()}]}, False),  # the team page was not read this time
    ({"executives": [{"name": "A", "title": "CEO", "source": _src("https://a.cn/1")}, {"name": "A", "title": "董事", "source": _src()}]},
     {"executives": [{"name": "A", "title": "董事", "source": _src()}, {"name": "A", "title": "CEO", "source": _src("https://a.cn/1")}]}, False),
    ({"projects": [{"name": "某项目", "kind": "award", "source": _src()}]},
     {"projects": [{"name": "某项目", "kind": "award", "winner": "某公司", "source": _src()}]}, False),
])
def test_what_counts_as_a_change(old, new, material):
    from datetime import datetime, timezone

    from briefing.analysis.changes import compare

    assert compare(old, new, datetime(2026, 11, 20, tzinfo=timezone.utc), "en").material is material


def test_two_accounts_naming_one_company_keep_their_own_history(tmp_path, site):
    _, base = site
    store = str(tmp_path / "s.sqlite3")
    for name in ("a", "b"):
        (tmp_path / f"{name}.toml").write_text(f'name = "同名公司"\n[sources]\nsite = "{base}"\n', "utf-8")
    first = refresh(str(tmp_path / "a.toml"), "-o", str(tmp_path / "a.pdf"), "--store", store)
    second = refresh(str(tmp_path / "b.toml"), "-o", str(tmp_path / "b.pdf"), "--store", store)
    assert first.exit_code == 0 and second.exit_code == 0, second.output  # b's first build, not "unchanged" after a's
    assert (tmp_path / "a.pdf").is_file() and (tmp_path / "b.pdf").is_file()


def test_a_run_stopped_while_writing_leaves_neither_a_temporary_nor_a_half_file(tmp_path, monkeypatch):
    from briefing.store.files import write_all_atomic

    brief = tmp_path / "b.pdf"
    brief.write_bytes(b"the earlier brief")

    def stopped(fd: int) -> None:
        raise KeyboardInterrupt  # as SIGTERM or Ctrl-C arrive, between any two lines

    monkeypatch.setattr("briefing.store.files.os.fsync", stopped)
    with pytest.raises(KeyboardInterrupt):
        write_all_atomic([(brief, b"a new brief"), (tmp_path / "b.json", b"{}")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pdf"]
    assert brief.read_bytes() == b"the earlier brief"


SIGTERM_LANDINGS = """
import asyncio, signal
from briefing.cli import _terminate, _Terminated

async def landing_in_a_callback():
    asyncio.get_running_loop().call_soon(_terminate, signal.SIGTERM, None)
    await asyncio.Event().wait()  # never set: only the stop ends this run (else the test's timeout)
    print("callback waited out")

async def landing_in_a_task_nobody_awaits():
    async def background():
        _terminate(signal.SIGTERM, None)
    asyncio.ensure_future(background())
    await asyncio.Event().wait()
    print("task waited out")

for run in (landing_in_a_callback, landing_in_a_task_nobody_awaits):
    try:
        asyncio.run(run())
    except _Terminated:
        print("stopped", run.__name__)
"""


def test_sigterm_stops_the_run_wherever_it_lands_in_the_event_loop():
    """asyncio logs and swallows most exceptions raised in a callback or in a task nobody awaits;
    the stop must get through from there too. (In a process of its own: a stop raised inside the
    test process would upset pytest's own bookkeeping.)"""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    ran = subprocess.run([sys.executable, "-c", SIGTERM_LANDINGS], capture_output=True, text=True, env=env, timeout=300)
    assert ran.stdout.split("\n")[:2] == ["stopped landing_in_a_callback", "stopped landing_in_a_task_nobody_awaits"], ran.stderr
