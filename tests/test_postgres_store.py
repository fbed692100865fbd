"""The shared store on PostgreSQL behaves as the SQLite store: conditional requests, offline
builds, refresh diffs, history; its schema migrates once; an SQLite store imports into it; two
colleagues share it; and a refused login says so without the password. Against a real server
(tests/postgres_server.py), never a mock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import EXIT_OUTPUT, StoreError
from briefing.store import postgres
from briefing.store.database import Store
from briefing.store.postgres import PostgresStore, redact
from postgres_server import PASSWORD, postgres_cluster, postgres_url  # noqa: F401 (fixtures)
from test_refresh import account, gain_an_article, no_crash, site  # noqa: F401 (site: a fixture)

runner = CliRunner()


def refresh(path: Path, store: str, pdf: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["refresh", str(path), "-o", str(pdf), "--store", store, "--json", "--allow-private"])


def build(path: Path, store: str, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["build", str(path), "-o", str(out.with_suffix(".pdf")), "--json", str(out.with_suffix(".json")),
                               "--store", store, "--allow-private", *extra])


def test_store_open_gives_the_postgres_store_for_a_url_and_sqlite_otherwise(postgres_url, tmp_path, monkeypatch):
    with Store.open(postgres_url) as shared:
        assert isinstance(shared, PostgresStore) and PASSWORD not in shared.path
    monkeypatch.setenv("BRIEFING_STORE", postgres_url)
    with Store.open() as from_environment:
        assert isinstance(from_environment, PostgresStore)
    with Store.open(tmp_path / "s.sqlite3") as local:  # a path given wins over the environment
        assert isinstance(local, Store)
    monkeypatch.delenv("BRIEFING_STORE")
    with Store.open() as default:
        assert isinstance(default, Store) and default.path.name == "briefing.sqlite3"


def test_a_second_build_on_the_shared_store_is_all_304s_and_a_change_is_reported(tmp_path, site, postgres_url):
    folder, base = site
    path, pdf = account(tmp_path, base), tmp_path / "b.pdf"
    first = refresh(path, postgres_url, pdf)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["changed"] is True and pdf.is_file()

    same = refresh(path, postgres_url, pdf)
    assert same.exit_code == 4, same.output  # unchanged
    report = json.loads(same.stdout)
    assert report["requests"] == report["not_modified"] > 0 and report["bytes"] == 0  # every page answered 304

    gain_an_article(folder)
    changed = refresh(path, postgres_url, pdf)
    assert changed.exit_code == 0, changed.output
    report = json.loads(changed.stdout)
    assert report["changed"] is True
    assert any("无锡市新区污水处理厂扩建工程" in c["text"] and c["kind"] == "article" for c in report["changes"])


def test_offline_builds_from_the_shared_store(tmp_path, site, postgres_url):
    _, base = site
    path = account(tmp_path, base)
    online = build(path, postgres_url, tmp_path / "a")
    assert online.exit_code == 0, online.output
    offline = build(path, postgres_url, tmp_path / "b", "--offline")
    no_crash(offline)
    assert offline.exit_code == 1, offline.output  # built, from the store's copies
    before, after = (json.loads((tmp_path / n).read_text("utf-8")) for n in ("a.json", "b.json"))
    assert [e["name"] for e in after["executives"]] == [e["name"] for e in before["executives"]] != []
    [source] = after["sources"]
    assert source["status"] == "stale" and "from the store" in source["reason"] and "offline" in source["reason"]


def test_dossiers_briefs_robots_and_site_facts_are_kept_as_history(tmp_path, site, postgres_url):
    _, base = site
    path = account(tmp_path, base)
    for name in ("a", "b"):
        assert build(path, postgres_url, tmp_path / name).exit_code == 0
    with Store.open(postgres_url) as store:
        assert store.count("dossiers") == 2 and store.count("briefs") == 2
        key = str(path.resolve())
        dossier, brief = store.last_built(key)
        assert dossier.id == store.last_dossier(key).id and brief == str(tmp_path / "b.pdf")
        assert dossier.data["company"]["name"] == "江苏恒远环保工程有限公司"
        assert store.last_brief(key)[0] == str(tmp_path / "b.pdf")
        assert store.count("robots") == 1 and store.count("sites") == 1 and store.count("readings") > 0
        page = store.page(base)
        assert page is not None and "恒远" in page.text and page.etag
        assert store.source_pages(f"site {base}")[0] == base


def test_migrations_are_applied_once_even_by_runs_starting_together(postgres_url):
    opened: list[object] = []
    start = threading.Barrier(4)

    def open_one() -> None:
        start.wait()
        try:
            opened.append(PostgresStore.open(postgres_url))
        except Exception as exc:  # collected: the assertion below shows it
            opened.append(exc)

    workers = [threading.Thread(target=open_one) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert all(isinstance(store, PostgresStore) for store in opened), opened
    for store in opened:
        store.close()  # type: ignore[union-attr]
    with PostgresStore.open(postgres_url) as store:  # and again, later: nothing new to apply
        assert store.schema_versions() == [version for version, _, _ in postgres.MIGRATIONS]


def test_a_store_from_a_newer_briefing_is_refused_not_damaged(postgres_url):
    import psycopg

    with PostgresStore.open(postgres_url):
        pass
    with psycopg.connect(postgres_url) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, 'from the future')", (postgres.LATEST + 1,))
    with pytest.raises(StoreError, match="made by a newer Briefing") as caught:
        PostgresStore.open(postgres_url)
    assert PASSWORD not in str(caught.value)


def test_an_sqlite_store_imports_once_and_then_builds_offline_from_postgres(tmp_path, site, postgres_url):
    _, base = site
    path, sqlite_store = account(tmp_path, base), tmp_path / "local.sqlite3"
    assert build(path, str(sqlite_store), tmp_path / "a").exit_code == 0

    first = runner.invoke(app, ["store", "import", str(sqlite_store), "--to", postgres_url])
    assert first.exit_code == 0, first.output
    assert "pages" in first.stderr and "dossiers" in first.stderr and PASSWORD not in first.output
    again = runner.invoke(app, ["store", "import", str(sqlite_store), "--to", postgres_url])
    assert again.exit_code == 0 and "nothing new" in again.stderr, again.output

    with Store.open(postgres_url) as shared, Store.open(sqlite_store) as local:
        for table in ("pages", "readings", "robots", "sites", "source_pages", "dossiers", "briefs"):
            assert shared.count(table) == local.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
        assert shared.last_built(str(path.resolve()))[1] == str(tmp_path / "a.pdf")  # the history came along

    offline = build(path, postgres_url, tmp_path / "b", "--offline")
    assert offline.exit_code == 1, offline.output
    before, after = (json.loads((tmp_path / n).read_text("utf-8")) for n in ("a.json", "b.json"))
    assert [e["name"] for e in after["executives"]] == [e["name"] for e in before["executives"]] != []
    warm = refresh(path, postgres_url, tmp_path / "a.pdf")
    report = json.loads(warm.stdout)
    assert warm.exit_code == 4 and report["requests"] == report["not_modified"] > 0  # the imported copies revalidate


def test_import_from_the_default_store_and_its_errors(tmp_path, postgres_url, monkeypatch):
    missing = runner.invoke(app, ["store", "import", "--to", postgres_url])  # no default store yet
    assert missing.exit_code == EXIT_OUTPUT and "no SQLite store there" in missing.stderr
    Store.open().close()  # the user's default store, empty
    monkeypatch.setenv("BRIEFING_STORE", postgres_url)
    done = runner.invoke(app, ["store", "import"])
    assert done.exit_code == 0 and "nothing new" in done.stderr, done.output
    not_postgres = runner.invoke(app, ["store", "import", "--to", str(tmp_path / "x.sqlite3")])
    assert not_postgres.exit_code == 2 and "postgresql://" in not_postgres.stderr


def test_two_users_homes_on_one_store_the_second_build_is_warm(tmp_path, site, postgres_url, monkeypatch):
    _, base = site
    monkeypatch.setenv("BRIEFING_STORE", postgres_url)
    reports = []
    for user in ("zhang", "li"):  # two colleagues: their own home, folders and account file; one store
        home = tmp_path / user
        (home / "accounts").mkdir(parents=True)
        for variable, where in (("HOME", home), ("XDG_DATA_HOME", home / ".local/share"),
                                ("XDG_CONFIG_HOME", home / ".config"), ("BRIEFING_HOME", home / "briefing")):
            monkeypatch.setenv(variable, str(where))
        path = account(home / "accounts", base)
        result = runner.invoke(app, ["refresh", str(path), "--json", "--allow-private"])
        assert result.exit_code == 0, result.output  # each one's first brief of the customer
        reports.append(json.loads(result.stdout))
        assert Path(reports[-1]["brief"]).is_relative_to(home)
    first, second = reports
    assert first["bytes"] > 0 and first["not_modified"] == 0
    assert second["requests"] == second["not_modified"] > 0 and second["bytes"] == 0  # li's build: all 304s


def _wrong(url: str, **change: str) -> str:
    scheme, rest = url.split("://", 1)
    login, place = rest.rsplit("@", 1)
    host_port, database = place.split("/", 1)
    login = change.get("login", login)
    return f"{scheme}://{login}@{change.get('host_port', host_port)}/{change.get('database', database)}"


def _says_clearly(result, *words: str, secret: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert secret not in result.output and "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr


def test_a_wrong_password_a_missing_database_and_no_server_are_clear_errors(tmp_path, postgres_url, postgres_cluster):
    path = tmp_path / "acme.toml"
    path.write_text('name = "恒远环保"\n[sources]\nsite = "https://www.example.com/"\n', "utf-8")
    wrong = _wrong(postgres_url, login="briefing:not-the-Pa55word")
    result = runner.invoke(app, ["build", str(path), "--store", wrong, "--offline"])
    _says_clearly(result, "refused the login", redact(wrong), secret="not-the-Pa55word")

    result = runner.invoke(app, ["refresh", str(path), "--store", _wrong(postgres_url, database="nowhere")])
    _says_clearly(result, "does not exist", "nowhere")

    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(app, ["build", str(path), "--store", _wrong(postgres_url, host_port=f"127.0.0.1:{port}")])
    _says_clearly(result, "no PostgreSQL server answers")


def test_the_password_comes_from_pgpassword_pgpass_or_the_keyring(tmp_path, postgres_url, postgres_cluster, monkeypatch):
    bare = _wrong(postgres_url, login="briefing")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setattr(postgres, "_keyring_password", lambda: None)
    with pytest.raises(StoreError, match="refused the login.*PGPASSWORD, ~/.pgpass or the keyring"):
        PostgresStore.open(bare)

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    PostgresStore.open(bare).close()
    monkeypatch.delenv("PGPASSWORD")

    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{postgres_cluster.port}:*:briefing:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    PostgresStore.open(bare).close()

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setattr(postgres, "_keyring_password", lambda: PASSWORD)
    with PostgresStore.open(bare) as store:  # the pool's connections log in with it too
        assert store.count("pages") == 0


def test_without_psycopg_the_error_says_what_to_install(monkeypatch, postgres_url):
    monkeypatch.setattr(postgres, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install 'briefing\[postgres\]'") as caught:
        Store.open(postgres_url)
    assert PASSWORD not in str(caught.value)


def test_redact_takes_the_password_out_wherever_it_is():
    assert redact("postgresql://ann:pw@db.example:5432/sales") == "postgresql://ann@db.example:5432/sales"
    assert redact("postgres://db.example/sales?user=ann&password=pw") == "postgres://db.example/sales?user=ann&password=%2A%2A%2A"
    assert redact("postgresql://db.example/sales") == "postgresql://db.example/sales"


def test_the_command_refuses_a_wrong_password_without_a_traceback(tmp_path, postgres_url):
    """Once end to end, as a subprocess: what a user sees on the terminal."""
    path = tmp_path / "acme.toml"
    path.write_text('name = "恒远环保"\n[sources]\nsite = "https://www.example.com/"\n', "utf-8")
    wrong = _wrong(postgres_url, login="briefing:Wr0ng-Secret")
    done = subprocess.run([sys.executable, "-m", "briefing", "build", str(path), "--store", wrong, "--offline"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "BRIEFING_HOME": str(tmp_path / "h")})
    assert done.returncode == EXIT_OUTPUT, done.stderr
    assert "Wr0ng-Secret" not in done.stdout + done.stderr and "Traceback" not in done.stderr
    assert "refused the login" in done.stderr and redact(wrong) in done.stderr
