"""An account file travels (a colleague's, a team folder), so it may not make Briefing read any
file on the machine (issue 16): saved pages and the notes file are read only from the account
file's folder or the folders listed in settings.toml, only regular files of page types, within
the size cap; a link that leaves the folders is refused. At load: exit 2 with the reason. At
build (the file swapped since): that source is blocked, the brief is still written."""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.brief import build_brief_async
from briefing.cli import app
from briefing.accounts.account import load_account
from briefing.errors import AccountError, FetchBlocked, FetchFailed
from briefing.gathering.saved import MAX_SAVED_BYTES, load_saved
from briefing.accounts.settings import Settings, SettingsError, load_settings, settings_path

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_settings_of_the_user(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("BRIEFING_SETTINGS", raising=False)  # settings.toml is then BRIEFING_HOME's (conftest.py)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
PAGE = "<html><body><p>江苏恒远环保工程有限公司 saved page with enough text</p></body></html>"
SECRET = "SECRET-LINE-root:x:0:0"


@pytest.fixture
def folders(tmp_path):  # type: ignore[no-untyped-def]
    """The account's folder, and a folder elsewhere holding a file it must not read."""
    account_dir, elsewhere = tmp_path / "accounts", tmp_path / "elsewhere"
    account_dir.mkdir()
    elsewhere.mkdir()
    (elsewhere / "passwd.html").write_text(f"<html><body>{SECRET} and more text</body></html>", "utf-8")
    (elsewhere / "notes.md").write_text("## 2026-11-20 王建军\n- 资金：已批。\n", "utf-8")
    return account_dir, elsewhere


def write_account(folder: Path, sources: str) -> Path:
    path = folder / "acme.toml"
    path.write_text(f'name = "江苏恒远环保工程有限公司"\n\n[sources]\n{sources}\n', "utf-8")
    return path


def refused(path: Path, key: str = "registry", line: int = 4, settings: Settings | None = None) -> str:
    with pytest.raises(AccountError) as caught:
        load_account(path, settings)
    error = caught.value
    assert (error.path, error.line, error.key) == (str(path), line, key), str(error)
    return " ".join(str(error).split())


# --- where a saved page may be ---

def test_an_absolute_path_outside_the_folder_is_refused(folders):
    account_dir, elsewhere = folders
    outside = elsewhere / "passwd.html"
    message = refused(write_account(account_dir, f'registry = ["{outside}"]'))
    assert f"'{outside}'" in message
    assert f"saved pages are read only from the account file's folder ({account_dir.resolve()})" in message
    assert "saved_folders" in message and "copy the page there" in message


def test_etc_passwd_is_refused(folders):
    account_dir, _ = folders
    message = refused(write_account(account_dir, 'registry = ["/etc/passwd"]'))
    assert "'/etc/passwd'" in message and "account file's folder" in message


def test_a_dot_dot_escape_is_refused(folders):
    account_dir, _ = folders
    message = refused(write_account(account_dir, 'wechat = "../elsewhere/passwd.html"'), key="wechat")
    assert "'../elsewhere/passwd.html'" in message and "account file's folder" in message


def test_a_link_that_leaves_the_folder_is_refused(folders):
    account_dir, elsewhere = folders
    (account_dir / "registry.html").symlink_to(elsewhere / "passwd.html")
    message = refused(write_account(account_dir, 'registry = "registry.html"'))
    assert f"is a link to {(elsewhere / 'passwd.html').resolve()}" in message


def test_a_linked_folder_that_leaves_is_refused(folders):
    account_dir, elsewhere = folders
    (account_dir / "saved").symlink_to(elsewhere, target_is_directory=True)
    message = refused(write_account(account_dir, 'registry = "saved/passwd.html"'))
    assert f"leads to {(elsewhere / 'passwd.html').resolve()}" in message


def test_a_link_inside_the_folder_to_the_folder_is_fine(folders):
    account_dir, _ = folders
    (account_dir / "pages").mkdir()
    (account_dir / "pages" / "qcc.html").write_text(PAGE, "utf-8")
    (account_dir / "registry.html").symlink_to(account_dir / "pages" / "qcc.html")
    [entry] = load_account(write_account(account_dir, 'registry = "registry.html"')).sources
    assert entry.target == str((account_dir / "pages" / "qcc.html").resolve()) and not entry.is_url


def test_a_folder_listed_in_settings_is_accepted(folders, monkeypatch):
    account_dir, elsewhere = folders
    path = write_account(account_dir, f'registry = "{elsewhere / "passwd.html"}"')
    home = Path(os.environ["BRIEFING_HOME"])  # set for every test (conftest.py)
    (home / "settings.toml").write_text(f'saved_folders = ["{elsewhere}"]\n', "utf-8")
    [entry] = load_account(path).sources
    assert entry.target == str((elsewhere / "passwd.html").resolve())
    # given directly, and with ~ expanded
    monkeypatch.setenv("HOME", str(elsewhere.parent))
    settings = load_settings(_write(home / "other.toml", 'saved_folders = ["~/elsewhere"]\n'))
    assert settings.saved_folders == (elsewhere,)
    assert load_account(path, settings).sources[0].target == entry.target
    assert refused(path, settings=Settings())  # no folder listed: refused again


def test_settings_named_by_briefing_settings(folders, monkeypatch, tmp_path):
    account_dir, elsewhere = folders
    named = _write(tmp_path / "mine.toml", f'saved_folders = ["{elsewhere}"]\n')
    monkeypatch.setenv("BRIEFING_SETTINGS", str(named))
    assert settings_path() == named
    path = write_account(account_dir, f'registry = "{elsewhere / "passwd.html"}"')
    assert load_account(path).sources[0].target == str((elsewhere / "passwd.html").resolve())
    monkeypatch.setenv("BRIEFING_SETTINGS", str(tmp_path / "missing.toml"))
    with pytest.raises(SettingsError, match="no such file"):
        load_account(path)


def test_where_settings_live(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path))
    assert settings_path() == tmp_path / "settings.toml"
    assert load_settings() == Settings(path=str(tmp_path / "settings.toml"))  # no file: the defaults
    monkeypatch.delenv("BRIEFING_HOME")
    assert settings_path().name == "settings.toml" and "briefing" in str(settings_path())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("text, line, key, says", [
    ('saved_folders = "~/pages"\n', 1, "saved_folders", "list of folder paths"),
    ('# mine\nsaved_folders = [1]\n', 2, "saved_folders", "list of folder paths"),
    ('saved_folders = []\nsaved_folder = ["x"]\n', 2, "saved_folder", "unknown setting"),
    ('saved_folders = [\n', None, None, "not valid TOML"),
    ('[team]\nname = "x"\n', 1, "team", "unknown setting"),
])
def test_a_malformed_settings_file_names_file_line_and_key(tmp_path, text, line, key, says):
    path = _write(tmp_path / "settings.toml", text)
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    error = caught.value
    assert (error.path, error.key) == (str(path), key) and says in str(error)
    assert error.line == line or (line is None and error.line is not None)


def test_a_malformed_settings_file_is_exit_2_at_the_cli(folders):
    account_dir, _ = folders
    (account_dir / "qcc.html").write_text(PAGE, "utf-8")
    settings = _write(Path(os.environ["BRIEFING_HOME"]) / "settings.toml", '\nsaved_folders = "pages"\n')
    result = runner.invoke(app, ["build", str(write_account(account_dir, 'registry = "qcc.html"')),
                                 "-o", str(account_dir / "b.pdf"), "--no-store"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert f"{settings}:2: saved_folders: must be a list" in " ".join(result.output.split())
    assert not (account_dir / "b.pdf").exists()


# --- what a saved page may be ---

def test_a_fifo_is_refused_without_hanging(folders):
    account_dir, _ = folders
    os.mkfifo(account_dir / "registry.html")
    message = refused(write_account(account_dir, 'registry = "registry.html"'))
    assert "is a named pipe (FIFO), not a file" in message


def test_a_folder_is_refused(folders):
    account_dir, _ = folders
    (account_dir / "page.html").mkdir()
    assert "is a folder, not a file" in refused(write_account(account_dir, 'registry = "page.html"'))


def test_a_device_is_refused(folders):
    account_dir, _ = folders
    (account_dir / "null.html").symlink_to("/dev/null")
    settings = Settings(saved_folders=(Path("/dev"),))  # even from a listed folder
    assert "is a device, not a file" in refused(write_account(account_dir, 'registry = "null.html"'), settings=settings)


@pytest.mark.parametrize("name, says", [("brief.pdf", "is a .pdf file"), ("tool.EXE", "is a .EXE file"),
                                        ("id_rsa", "is a file without a suffix"), ("notes.md", "is a .md file")])
def test_only_page_types_are_read(folders, name, says):
    account_dir, _ = folders
    (account_dir / name).write_text(PAGE, "utf-8")
    message = refused(write_account(account_dir, f'tenders = "{name}"'), key="tenders")
    assert says in message and ".html" in message and ".mhtml" in message and ".json" in message


@pytest.mark.parametrize("name", ["a.html", "a.HTM", "a.xhtml", "a.shtml", "a.mhtml", "a.mht", "a.json", "a.txt",
                                  "a.xml", "a.rss", "a.atom"])
def test_page_types_are_accepted(folders, name):
    account_dir, _ = folders
    (account_dir / name).write_text(PAGE, "utf-8")
    assert load_account(write_account(account_dir, f'news = "{name}"')).sources[0].adapter == "news"


def test_a_file_over_the_cap_is_refused_with_its_size(folders):
    account_dir, _ = folders
    big = account_dir / "big.html"
    with big.open("wb") as handle:
        handle.truncate(MAX_SAVED_BYTES + 5 * 1024 * 1024)  # sparse: nothing is written
    message = refused(write_account(account_dir, 'site = "big.html"'), key="site")
    assert "is 25.0 MB" in message and "up to 20 MB" in message


# --- the notes file ---

def test_notes_stay_in_the_folder_and_are_markdown(folders):
    account_dir, elsewhere = folders
    assert "notes files are read only from" in refused(write_account(account_dir, f'notes = "{elsewhere / "notes.md"}"'), key="notes")
    assert "notes files are read only from" in refused(write_account(account_dir, 'notes = "../elsewhere/notes.md"'), key="notes")
    assert "notes files are read only from" in refused(write_account(account_dir, 'notes = "../elsewhere/new.md"'), key="notes")
    (account_dir / "notes.html").write_text("## 2026-11-20 王\n- x\n", "utf-8")
    assert "is a .html file" in refused(write_account(account_dir, 'notes = "notes.html"'), key="notes")
    assert "written only as .md, .markdown, .txt" in refused(write_account(account_dir, 'notes = "new.sh"'), key="notes")
    # inside, not written yet: `briefing note` creates it
    account = load_account(write_account(account_dir, 'notes = "acme-notes.md"'))
    assert account.notes_path == str(account_dir.resolve() / "acme-notes.md") and account.sources == ()


def test_the_notes_file_beside_the_account_may_not_be_a_link_out(folders):
    account_dir, elsewhere = folders
    path = write_account(account_dir, "")
    (account_dir / "acme.notes.md").symlink_to(elsewhere / "notes.md")
    with pytest.raises(AccountError, match="acme.notes.md") as caught:
        load_account(path)
    assert "is a link to" in str(caught.value)
    (account_dir / "acme.notes.md").unlink()
    (account_dir / "acme.notes.md").symlink_to(elsewhere / "nothing.md")  # a link to nothing: `note` would create it there
    with pytest.raises(AccountError, match="does not exist"):
        load_account(path)


def test_note_refuses_to_write_outside_the_folder(folders):
    account_dir, elsewhere = folders
    before = (elsewhere / "notes.md").read_bytes()
    path = write_account(account_dir, f'notes = "{elsewhere / "notes.md"}"')
    result = runner.invoke(app, ["note", str(path), "资金已批", "--by", "王建军"])
    assert result.exit_code == 2 and "acme.toml:4: notes:" in " ".join(result.output.split())
    assert (elsewhere / "notes.md").read_bytes() == before


# --- the whole build ---

def test_the_cli_refuses_and_quotes_nothing(folders):
    account_dir, _ = folders
    pdf = account_dir / "b.pdf"
    result = runner.invoke(app, ["build", str(write_account(account_dir, 'registry = ["/etc/passwd"]')), "-o", str(pdf), "--no-store"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert "acme.toml:4: registry: '/etc/passwd'" in " ".join(result.output.split())
    assert not pdf.exists()


def test_a_file_swapped_for_a_link_after_loading_is_blocked_and_the_brief_still_written(folders):
    account_dir, elsewhere = folders
    shutil.copy(FIXTURES / "registry.html", account_dir / "registry.html")
    shutil.copy(FIXTURES / "wechat-article.html", account_dir / "wechat.html")
    account = load_account(write_account(account_dir, 'registry = "registry.html"\nwechat = "wechat.html"'))
    (account_dir / "registry.html").unlink()
    (account_dir / "registry.html").symlink_to(elsewhere / "passwd.html")
    pdf, out = account_dir / "brief.pdf", account_dir / "brief.json"
    result = asyncio.run(build_brief_async(account, pdf=pdf, json_path=out))
    registry, wechat = result.dossier.sources
    assert registry.status == "blocked" and "saved pages are read only from" in registry.reason
    assert wechat.status == "ok"
    assert pdf.exists() and SECRET not in out.read_text("utf-8")


def test_load_saved_rechecks_what_the_account_was_accepted_with(folders):
    account_dir, elsewhere = folders
    page = account_dir / "registry.html"
    page.write_text(PAGE, "utf-8")
    [entry] = load_account(write_account(account_dir, 'registry = "registry.html"')).sources
    assert "saved page" in load_saved(entry.target, fetched_at=NOW, confine=entry.confine).text
    page.unlink()
    os.mkfifo(page)  # a FIFO in its place: refused at once, never a build that hangs
    with pytest.raises(FetchBlocked, match="named pipe"):
        load_saved(entry.target, fetched_at=NOW, confine=entry.confine)
    page.unlink()
    page.symlink_to(elsewhere / "passwd.html")
    with pytest.raises(FetchBlocked, match="is a link to") as caught:
        load_saved(entry.target, fetched_at=NOW, confine=entry.confine)
    assert SECRET not in str(caught.value)
    page.unlink()
    with page.open("wb") as handle:
        handle.truncate(MAX_SAVED_BYTES + 1)
    with pytest.raises(FetchBlocked, match="up to 20 MB"):
        load_saved(entry.target, fetched_at=NOW, confine=entry.confine)


def test_a_path_given_directly_is_read_but_never_a_fifo(tmp_path):
    """`briefing extract FILE` and the API name a file themselves: no confinement, but no hang either."""
    os.mkfifo(tmp_path / "p.html")
    with pytest.raises(FetchFailed, match="named pipe"):
        load_saved(tmp_path / "p.html", fetched_at=NOW)
    (tmp_path / "page").write_text(PAGE, "utf-8")
    assert "saved page" in load_saved(tmp_path / "page", fetched_at=NOW).text


def test_an_account_or_settings_file_that_is_a_fifo_is_refused_without_hanging(tmp_path):
    """`tonight --accounts DIR` reads every *.toml of a team folder: a pipe there must not hang it."""
    os.mkfifo(tmp_path / "pipe.toml")
    with pytest.raises(AccountError, match="named pipe"):
        load_account(tmp_path / "pipe.toml", Settings())
    with pytest.raises(SettingsError, match="named pipe"):
        load_settings(tmp_path / "pipe.toml")
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(AccountError, match="is a folder"):
        load_account(tmp_path / "folder.toml", Settings())


def test_hidden_files_and_folders_are_not_read(folders):
    """An account file kept in the home folder may not reach ~/.docker/config.json."""
    account_dir, _ = folders
    (account_dir / ".docker").mkdir()
    (account_dir / ".docker" / "config.json").write_text('{"auths": {}}', "utf-8")
    (account_dir / ".hidden.html").write_text(PAGE, "utf-8")
    assert "hidden" in refused(write_account(account_dir, 'registry = ".docker/config.json"'))
    assert "hidden" in refused(write_account(account_dir, 'registry = ".hidden.html"'))
    assert "hidden" in refused(write_account(account_dir, 'notes = ".notes.md"'), key="notes")
