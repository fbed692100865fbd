"""The team's notes in a shared PostgreSQL store: one colleague's `note` is in the other's brief,
with who wrote it and when; writers at the same moment lose nothing; a notes file imports once and
exports back in its own format; without a shared store the notes file is used as before.
Against a real server (tests/postgres_server.py), never a mock."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pypdf
from typer.testing import CliRunner

from briefing.accounts import notes
from briefing.cli import app
from briefing.store.database import Store
from briefing.store.postgres import public_url
from postgres_server import PASSWORD, postgres_cluster, postgres_url  # noqa: F401 (fixtures)
from test_notes import NOTES
from test_refresh import account, site  # noqa: F401 (site: a fixture)

runner = CliRunner()
COMPANY = "江苏恒远环保工程有限公司"


def as_user(monkeypatch, home: Path) -> None:  # type: ignore[no-untyped-def]
    """A colleague's own home and folders (the store is the one thing they share)."""
    for variable, where in (("HOME", home), ("XDG_DATA_HOME", home / ".local/share"),
                            ("XDG_CONFIG_HOME", home / ".config"), ("BRIEFING_HOME", home / "briefing")):
        monkeypatch.setenv(variable, str(where))


def own_account(home: Path, base: str) -> Path:
    (home / "accounts").mkdir(parents=True, exist_ok=True)
    return account(home / "accounts", base)


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)


def stored(url: str, company: str = COMPANY):  # type: ignore[no-untyped-def]
    with Store.open(url) as store:
        return store.notes(company)


def test_a_colleagues_note_is_in_the_others_brief_with_who_and_when(tmp_path, site, postgres_url, monkeypatch):
    _, base = site
    monkeypatch.setenv("BRIEFING_STORE", postgres_url)
    zhang, li = tmp_path / "zhang", tmp_path / "li"

    as_user(monkeypatch, zhang)
    mine = own_account(zhang, base)
    first = runner.invoke(app, ["build", str(mine), "-o", str(zhang / "b.pdf"), "--allow-private"])  # cold: fills the store
    assert first.exit_code == 0, first.output
    before = datetime.now(timezone.utc)
    said = runner.invoke(app, ["note", str(mine), "扩建项目资金来自集团专项拨款，已批。", "--by", "张三", "--topic", "资金"])
    assert said.exit_code == 0, said.output
    where = said.stdout.strip()
    assert where.startswith(public_url(postgres_url) + "#notes/") and PASSWORD not in said.output
    assert not (zhang / "accounts" / "acme.notes.md").exists()  # in the store, not in a file

    as_user(monkeypatch, li)
    theirs = own_account(li, base)  # li's own copy of the account file, at li's own path
    warm = runner.invoke(app, ["refresh", str(theirs), "-o", str(li / "w.pdf"), "--json", "--allow-private"])
    assert warm.exit_code == 0, warm.output
    report = json.loads(warm.stdout)
    assert report["requests"] == report["not_modified"] > 0  # li's first build: every page zhang's build fetched is a 304
    built = runner.invoke(app, ["build", str(theirs), "-o", str(li / "b.pdf"), "--json", str(li / "b.json"), "--allow-private"])
    assert built.exit_code == 0, built.output
    dossier = json.loads((li / "b.json").read_text("utf-8"))
    [note] = dossier["notes"]
    assert note["text"] == "扩建项目资金来自集团专项拨款，已批。" and note["author"] == "张三" and note["topic"] == "funding"
    assert note["said_on"]["value"] == date.today().isoformat()
    source = note["source"]
    assert source["adapter"] == "notes" and source["url"] == where and PASSWORD not in json.dumps(dossier)
    written = datetime.fromisoformat(source["fetched_at"])
    assert written.utcoffset() == timedelta(0) and before - timedelta(seconds=1) <= written <= datetime.now(timezone.utc)
    assert source["title"] == f"notes: 张三, {date.today().isoformat()}"
    assert any(s["adapter"] == "notes" and s["target"] == public_url(postgres_url) + "#notes" and s["status"] == "ok"
               for s in dossier["sources"])
    text = pdf_text(li / "b.pdf")
    assert "扩建项目资金来自集团专项拨款" in text and "张三" in text

    # zhang writes another: li's refresh finds it, a change by zhang
    as_user(monkeypatch, zhang)
    assert runner.invoke(app, ["note", str(mine), "李明总经理对我们态度积极。", "--by", "张三", "--topic", "态度"]).exit_code == 0
    as_user(monkeypatch, li)
    again = runner.invoke(app, ["refresh", str(theirs), "-o", str(li / "b.pdf"), "--json", "--allow-private"])
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert [c["kind"] for c in report["changes"]] == ["note"] and "张三" in report["changes"][0]["text"]
    assert report["requests"] == report["not_modified"] > 0  # and the pages zhang's build did not fetch were 304s to li


def test_debrief_answers_go_to_the_store_and_are_not_asked_again(tmp_path, postgres_url, monkeypatch):
    as_user(monkeypatch, tmp_path / "home")
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "{COMPANY}"\n', "utf-8")
    answers = tmp_path / "answers.txt"
    answers.write_text("资金：预算已批，四千八百万\n采购流程：明年一季度公开招标\n", "utf-8")
    done = runner.invoke(app, ["debrief", str(path), "--from", str(answers), "--by", "李四", "--on", "2026-11-28",
                               "--store", postgres_url])
    assert done.exit_code == 0, done.output
    assert [(n.author, n.said_on, n.topic, n.answered) for n in stored(postgres_url)] == [
        ("李四", "2026-11-28", "funding", True), ("李四", "2026-11-28", "procurement", True)]
    assert not (tmp_path / "acme.notes.md").exists()
    asked = runner.invoke(app, ["debrief", str(path), "--by", "李四", "--store", postgres_url], input="\n" * 10)
    assert asked.exit_code == 0, asked.output
    assert "资金：" not in asked.stderr and "可行性" in asked.stderr  # answered in the store: not asked again


def _write_notes(url: str, writer: int, count: int, failures: list[BaseException]) -> None:
    try:
        with Store.open(url) as store:  # each writer its own connection pool, as separate runs have
            for number in range(count):
                notes.record_shared(store, COMPANY, [("", f"writer {writer} note {number}")], by=f"同事{writer}",
                                    on=date(2026, 12, 7), written_at=datetime.now(timezone.utc))
    except BaseException as exc:  # collected: the assertion shows it
        failures.append(exc)


def test_writers_at_the_same_moment_lose_no_note(tmp_path, postgres_url, monkeypatch):
    failures: list[BaseException] = []
    threads = [threading.Thread(target=_write_notes, args=(postgres_url, writer, 5, failures)) for writer in range(8)]
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "{COMPANY}"\n', "utf-8")
    env = {**os.environ, "BRIEFING_HOME": str(tmp_path / "h"), "BRIEFING_STORE": postgres_url}
    processes = [subprocess.Popen([sys.executable, "-m", "briefing", "note", str(path), f"process {n}", "--by", f"进程{n}"],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outputs = [process.communicate(timeout=120) for process in processes]
    assert failures == []
    assert [process.returncode for process in processes] == [0] * 4, outputs
    texts = [n.text for n in stored(postgres_url)]
    expected = {f"writer {w} note {n}" for w in range(8) for n in range(5)} | {f"process {n}" for n in range(4)}
    assert len(texts) == 44 and set(texts) == expected
    for writer in range(8):  # each writer's notes in the order it wrote them
        mine = [t for t in texts if t.startswith(f"writer {writer} ")]
        assert mine == [f"writer {writer} note {n}" for n in range(5)]


def test_a_notes_file_imports_once_and_is_shown_once(tmp_path, site, postgres_url, monkeypatch):
    _, base = site
    as_user(monkeypatch, tmp_path / "home")
    path = account(tmp_path, base)
    (tmp_path / "acme.notes.md").write_text(NOTES, "utf-8")  # ACCOUNT.notes.md beside the account: read by every build
    first = runner.invoke(app, ["notes", "import", str(path), "--store", postgres_url])
    assert first.exit_code == 0, first.output
    assert "imported 5 of the 5 note(s)" in first.stderr and PASSWORD not in first.output
    again = runner.invoke(app, ["notes", "import", str(path), "--store", postgres_url])
    assert again.exit_code == 0 and "imported 0 of the 5 note(s)" in again.stderr, again.output
    rows = stored(postgres_url)
    assert [(n.author, n.said_on, n.topic, n.text, n.answered) for n in rows] == [
        (e.author, e.said_on, e.topic, e.text, e.answered) for e in notes.parse(NOTES)]
    assert all(n.written_at.utcoffset() == timedelta(0) for n in rows)

    built = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--json", str(tmp_path / "b.json"),
                                "--store", postgres_url, "--allow-private"])
    assert built.exit_code == 0, built.output
    shown = json.loads((tmp_path / "b.json").read_text("utf-8"))["notes"]
    assert len(shown) == 5 and all("#L" in n["source"]["url"] for n in shown)  # from the file, not twice

    # the file's notes in the store, the file set aside: the brief still carries them, from the store
    (tmp_path / "acme.notes.md").rename(tmp_path / "old.notes.md")
    built = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "c.pdf"), "--json", str(tmp_path / "c.json"),
                                "--store", postgres_url, "--allow-private"])
    shown = json.loads((tmp_path / "c.json").read_text("utf-8"))["notes"]
    assert len(shown) == 5 and all("#notes/" in n["source"]["url"] for n in shown)
    assert [n["answered"] for n in shown] == [False, False, False, True, True]


def test_export_writes_the_files_format_and_round_trips(tmp_path, postgres_url, monkeypatch):
    as_user(monkeypatch, tmp_path / "home")
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "{COMPANY}"\n', "utf-8")
    source = tmp_path / "team.notes.md"
    source.write_text(NOTES, "utf-8")
    assert runner.invoke(app, ["notes", "import", str(path), "--from", str(source), "--store", postgres_url]).exit_code == 0
    assert runner.invoke(app, ["note", str(path), "下周带样品去", "--by", "王五", "--on", "2026-12-01", "--store", postgres_url]).exit_code == 0

    printed = runner.invoke(app, ["notes", "export", str(path), "--store", postgres_url])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout.startswith(f"# {COMPANY} · 内部笔记\n") and "## 2026-12-01 王五\n- 下周带样品去\n" in printed.stdout
    assert "## 2026-11-28 张三（拜访答复）" in printed.stdout

    out = tmp_path / "exported.notes.md"
    written = runner.invoke(app, ["notes", "export", str(path), "-o", str(out), "--store", postgres_url])
    assert written.exit_code == 0, written.output
    rows = [(n.author, n.said_on, n.topic, n.text, n.answered) for n in stored(postgres_url)]
    assert [(e.author, e.said_on, e.topic, e.text, e.answered) for e in notes.parse(out.read_text("utf-8"))] == rows
    assert out.read_text("utf-8") == printed.stdout
    twice = runner.invoke(app, ["notes", "export", str(path), "-o", str(out), "--store", postgres_url])
    assert twice.exit_code == 0 and "0 of the store's 6 note(s) added" in twice.stderr
    assert out.read_text("utf-8") == printed.stdout  # nothing doubled

    # an existing file keeps what only it holds; the store's notes it lacks come after
    mixed = tmp_path / "mine.notes.md"
    mixed.write_text("# mine\n\n## 2026-11-01 我\n- 只在文件里\n\n## 2026-11-20 王经理（直属领导）\n- 资金：扩建项目资金来自集团专项拨款，已批。\n", "utf-8")
    assert runner.invoke(app, ["notes", "export", str(path), "-o", str(mixed), "--store", postgres_url]).exit_code == 0
    texts = [e.text for e in notes.parse(mixed.read_text("utf-8"))]
    assert texts[0] == "只在文件里" and len(texts) == 7 and texts.count("扩建项目资金来自集团专项拨款，已批。") == 1

    # an account with no notes in the store: the file is made, with its title alone
    empty = tmp_path / "empty.toml"
    empty.write_text('name = "无锡新区水务有限公司"\n', "utf-8")
    made = runner.invoke(app, ["notes", "export", str(empty), "-o", str(tmp_path / "empty.notes.md"), "--store", postgres_url])
    assert made.exit_code == 0 and (tmp_path / "empty.notes.md").read_text("utf-8") == "# 无锡新区水务有限公司 · 内部笔记\n"

    # the exported file imports back as the same notes: none is new
    with Store.open(postgres_url) as store:
        assert notes.import_file(store, COMPANY, out, written_at=datetime.now(timezone.utc)) == (0, 6)


def test_without_a_shared_store_the_notes_file_is_used_as_before(tmp_path, monkeypatch):
    as_user(monkeypatch, tmp_path / "home")
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "{COMPANY}"\n', "utf-8")
    monkeypatch.delenv("BRIEFING_STORE", raising=False)
    plain = runner.invoke(app, ["note", str(path), "资金已批", "--by", "张三"])
    assert plain.exit_code == 0 and plain.stdout.strip() == str(tmp_path / "acme.notes.md"), plain.output
    monkeypatch.setenv("BRIEFING_STORE", str(tmp_path / "s.sqlite3"))  # an SQLite store: the file still
    local = runner.invoke(app, ["note", str(path), "明年招标", "--by", "李四", "--store", str(tmp_path / "s.sqlite3")])
    assert local.exit_code == 0, local.output
    assert [e.text for e in notes.parse((tmp_path / "acme.notes.md").read_text("utf-8"))] == ["资金已批", "明年招标"]
    assert not (tmp_path / "s.sqlite3").exists()  # `note` does not open an SQLite store
    for command in (["notes", "import", str(path)], ["notes", "export", str(path)]):
        refused = runner.invoke(app, command)
        assert refused.exit_code == 2 and "postgresql://" in refused.stderr, refused.output


def test_a_store_notes_source_never_shows_the_password():
    assert public_url("postgresql://ann:pw@db.example:5432/sales?sslmode=require") == "postgresql://db.example:5432/sales"
    assert public_url("postgres://db.example/sales?password=pw") == "postgres://db.example/sales"
