"""The command line in-process (typer's CliRunner): build, extract, sources, and their exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.demo import serve_site
from sites import SITES

runner = CliRunner()
DEMO = SITES / "demo"


@pytest.fixture(scope="module")
def demo_site():
    with serve_site(DEMO) as base:
        yield base


def account(tmp_path: Path, sources: str, name: str = "江苏恒远环保工程有限公司") -> Path:
    path = tmp_path / "acme.toml"
    path.write_text(
        f'name = "{name}"\n[sources]\n{sources}\n[visit]\nstart = 2026-11-28T09:30:00+08:00\nplace = "会议室"\n',
        encoding="utf-8",
    )
    return path


def test_build_writes_pdf_and_json(tmp_path, demo_site):
    pdf, out = tmp_path / "brief.pdf", tmp_path / "brief.json"
    result = runner.invoke(app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "-o", str(pdf), "--json", str(out), "--allow-private"])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert str(pdf) in result.stdout
    dossier = json.loads(out.read_text("utf-8"))
    assert dossier["schema"] == "briefing.dossier/1"
    for section in ("company", "overview", "registration", "shareholders", "executives", "projects", "financing", "articles", "sources"):
        assert section in dossier
    assert any(e["name"] == "张建华" and e["title"] == "董事长" for e in dossier["executives"])
    assert dossier["sources"][0]["status"] == "ok"
    assert set(dossier["registration"]) >= {"legal_representative", "registered_capital", "paid_in_capital", "established", "credit_code", "status", "insured_employees"}
    for section in ("overview", "executives", "projects", "articles"):
        for item in dossier[section]:
            assert set(item["source"]) == {"adapter", "url", "fetched_at", "content_hash", "title"}


def test_build_default_output_goes_to_the_user_data_folder(tmp_path, demo_site, monkeypatch):
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    result = runner.invoke(app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "--allow-private"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "home" / "briefs" / "江苏恒远环保工程有限公司.pdf").is_file()


def test_loopback_is_refused_without_allow_private_but_the_brief_is_built(tmp_path, demo_site):
    pdf = tmp_path / "b.pdf"
    result = runner.invoke(app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "-o", str(pdf), "--json", str(tmp_path / "b.json")])
    assert result.exit_code == 1, result.output
    assert pdf.is_file()
    source = json.loads((tmp_path / "b.json").read_text("utf-8"))["sources"][0]
    assert source["status"] == "blocked"
    assert "--allow-private" in source["reason"]


def test_allow_private_from_the_environment(tmp_path, demo_site, monkeypatch):
    monkeypatch.setenv("BRIEFING_ALLOW_PRIVATE", "1")
    result = runner.invoke(app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 0, result.output


def test_an_adapter_not_installed_is_skipped_not_a_crash(tmp_path, demo_site):
    sources = f'site = "{demo_site}"\ntelepathy = "{demo_site}no-such-feed.xml"'
    pdf = tmp_path / "b.pdf"
    result = runner.invoke(app, ["build", str(account(tmp_path, sources)), "-o", str(pdf), "--allow-private", "--json", str(tmp_path / "b.json")])
    statuses = {s["adapter"]: s for s in json.loads((tmp_path / "b.json").read_text("utf-8"))["sources"]}
    assert statuses["site"]["status"] == "ok"
    # no adapter called `telepathy` is installed: skipped with a reason, not a crash.
    assert statuses["telepathy"]["status"] == "skipped" and "not installed" in statuses["telepathy"]["reason"]
    assert result.exit_code == 0
    assert pdf.is_file()


def test_site_that_is_gone(tmp_path, demo_site):
    result = runner.invoke(
        app, ["build", str(account(tmp_path, f'site = "{demo_site}nothing-here/"')), "-o", str(tmp_path / "b.pdf"), "--allow-private", "--json", str(tmp_path / "b.json")]
    )
    assert result.exit_code == 1
    source = json.loads((tmp_path / "b.json").read_text("utf-8"))["sources"][0]
    assert source["status"] == "gone"


def test_bad_account_file_exits_2_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\n[visit]\nstart = 2026-11-28T09:30:00\n', encoding="utf-8")
    pdf = tmp_path / "b.pdf"
    result = runner.invoke(app, ["build", str(path), "-o", str(pdf)])
    assert result.exit_code == 2
    assert f"{path}:3" in result.output and "start" in result.output
    assert "Traceback" not in result.output
    assert not pdf.exists()


def test_missing_account_file_exits_2(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "none.toml")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_unwritable_output_exits_3_and_keeps_the_earlier_brief(tmp_path, demo_site):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = runner.invoke(app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "-o", str(blocker / "b.pdf"), "--allow-private"])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    assert blocker.read_text() == "a file where a folder should be"


def test_a_failed_write_leaves_the_earlier_pdf_whole(tmp_path, demo_site, monkeypatch):
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF- the earlier brief")
    import briefing.store.files

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(briefing.store.files.os, "replace", broken_replace)
    result = runner.invoke(app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "-o", str(pdf), "--allow-private"])
    assert result.exit_code == 3
    assert "No space left" in result.output
    assert pdf.read_bytes() == b"%PDF- the earlier brief"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".b.pdf")] == []


def test_extract_a_saved_page(tmp_path):
    result = runner.invoke(app, ["extract", str(DEMO / "team.html"), "--source", "site"])
    assert result.exit_code == 0, result.output
    dossier = json.loads(result.stdout)
    names = {e["name"]: e["title"] for e in dossier["executives"]}
    assert names["张建华"] == "董事长" and names["孙伟"] == "总工程师"
    assert dossier["sources"][0]["pages"] == 1
    assert dossier["executives"][0]["source"]["adapter"] == "site"


def test_extract_a_url_does_not_crawl(demo_site):
    result = runner.invoke(app, ["extract", f"{demo_site}news/", "--source", "site", "--allow-private"])
    assert result.exit_code == 0, result.output
    dossier = json.loads(result.stdout)
    assert dossier["sources"][0]["pages"] == 1
    assert len(dossier["articles"]) >= 5
    assert all(a["source"]["url"] == f"{demo_site}news/" for a in dossier["articles"])


def test_extract_unknown_adapter_or_missing_file_exit_2(tmp_path):
    result = runner.invoke(app, ["extract", str(DEMO / "team.html"), "--source", "nope"])
    assert result.exit_code == 2 and "not installed" in result.output
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.html"), "--source", "site"])
    assert result.exit_code == 2 and "no such file" in result.output


def test_sources_lists_site():
    result = runner.invoke(app, ["sources"])
    assert result.exit_code == 0
    assert "site" in result.stdout and "公司官网" in result.stdout
    rows = json.loads(runner.invoke(app, ["sources", "--json"]).stdout)
    assert any(r["name"] == "site" and r["ok"] for r in rows)


def test_help_is_complete():
    for command in ("build", "extract", "sources", "demo"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
    assert "Exit codes" in runner.invoke(app, ["--help"]).stdout


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("briefing ")


def test_markup_in_paths_and_reasons_is_printed_not_interpreted(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "[/nope]" / "x.html"), "--source", "site"])
    assert result.exit_code == 2 and "[/nope]" in result.output and "Traceback" not in result.output
    bad = tmp_path / "[bold]bad.toml"
    bad.write_text('sources = "not a table"\nname = "x"\n', encoding="utf-8")
    result = runner.invoke(app, ["build", str(bad)])
    assert result.exit_code == 2
    assert "[bold]bad.toml" in result.output and "[sources]" in result.output


def test_a_failed_json_write_keeps_the_earlier_pdf(tmp_path, demo_site):
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF- the earlier brief")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(
        app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "-o", str(pdf), "--json", str(blocker / "b.json"), "--allow-private"]
    )
    assert result.exit_code == 3, result.output
    assert pdf.read_bytes() == b"%PDF- the earlier brief"
    assert "b.json" in result.output


def test_an_offline_rebuild_keeps_the_earlier_brief(tmp_path):
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF- last night's brief")
    # Port 9 on loopback: nothing listens, every attempt is refused at once.
    path = account(tmp_path, 'site = "http://127.0.0.1:9/"')
    result = runner.invoke(app, ["build", str(path), "-o", str(pdf), "--allow-private"])
    assert result.exit_code == 1, result.output
    assert "kept the earlier brief" in result.output
    assert pdf.read_bytes() == b"%PDF- last night's brief"
    # With no earlier brief there, the skeleton brief (visit plan, questions) is still written.
    fresh = tmp_path / "new.pdf"
    result = runner.invoke(app, ["build", str(path), "-o", str(fresh), "--allow-private"])
    assert result.exit_code == 1 and fresh.read_bytes().startswith(b"%PDF-")


def test_quiet_prints_only_the_paths(tmp_path, demo_site):
    pdf = tmp_path / "b.pdf"
    result = runner.invoke(app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "-o", str(pdf), "--allow-private", "-q"])
    assert result.exit_code == 0
    assert result.output.strip() == str(pdf)


def test_demo_rejects_an_unknown_language():
    result = runner.invoke(app, ["demo", "--lang", "fr"])
    assert result.exit_code == 2 and "zh, en" in result.output


def test_a_json_path_that_is_a_folder_keeps_the_earlier_pdf(tmp_path, demo_site):
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(b"%PDF- the earlier brief")
    (tmp_path / "j.json").mkdir()
    result = runner.invoke(
        app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "-o", str(pdf), "--json", str(tmp_path / "j.json"), "--allow-private"]
    )
    assert result.exit_code == 3 and pdf.read_bytes() == b"%PDF- the earlier brief"


def test_markdown_and_landscape_from_the_command_line(tmp_path, demo_site, monkeypatch):
    import pypdf

    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    path = account(tmp_path, f'site = "{demo_site}"')
    result = runner.invoke(app, ["build", str(path), "--format", "md", "--allow-private"])
    assert result.exit_code == 0, result.output
    md = tmp_path / "home" / "briefs" / "江苏恒远环保工程有限公司.md"
    assert md.read_text("utf-8").startswith("# 江苏恒远环保工程有限公司")
    pdf = tmp_path / "wide.pdf"
    result = runner.invoke(app, ["build", str(path), "--landscape", "-o", str(pdf), "--allow-private"])
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(pdf).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_an_unknown_format_exits_2_and_writes_nothing(tmp_path, demo_site):
    result = runner.invoke(app, ["build", str(account(tmp_path, f'site = "{demo_site}"')), "--format", "docx", "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2
    assert "--format docx" in result.output and "pdf, md" in result.output
    assert not (tmp_path / "b.docx").exists()
