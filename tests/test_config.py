"""Account files: good ones load, bad ones name the file, line and key (exit 2 at the CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.accounts.account import load_account
from briefing.errors import AccountError

GOOD = """\
name = "江苏恒远环保工程有限公司"
aliases = ["恒远环保"]

[sources]
site = "https://www.example.com.cn/"
registry = ["saved.html", "https://www.qcc.com/firm/abc.html"]
wechat = []

[visit]
start = 2026-11-28T09:30:00+08:00
place = "会议室"
attendees = [{ name = "李明", title = "总经理", dept = "总经理办公室" }]
agenda = ["往期案例"]
"""


def write(tmp_path: Path, text: str, name: str = "acme.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_account_loads(tmp_path):
    (tmp_path / "saved.html").write_text("<html></html>")
    account = load_account(write(tmp_path, GOOD))
    assert account.company.name == "江苏恒远环保工程有限公司"
    assert account.company.aliases == ("恒远环保",)
    assert [(s.adapter, s.is_url) for s in account.sources] == [("site", True), ("registry", False), ("registry", True)]
    assert account.sources[1].target == str((tmp_path / "saved.html").resolve())
    assert account.visit is not None and account.visit.start.utcoffset().total_seconds() == 8 * 3600
    assert account.visit.attendees[0].dept == "总经理办公室"


def test_start_may_be_a_string_too(tmp_path):
    text = GOOD.replace("start = 2026-11-28T09:30:00+08:00", 'start = "2026-11-28T09:30:00+08:00"')
    (tmp_path / "saved.html").write_text("x")
    assert load_account(write(tmp_path, text)).visit.start.hour == 9


@pytest.mark.parametrize(
    "text, line, key, words",
    [
        ('name = "x"\n[sources\nsite = "https://a.cn/"\n', 2, None, "not valid TOML"),
        ('aliases = ["x"]\n', None, "name", "required"),
        ('name = ""\n', 1, "name", "required"),
        ('name = "x"\naliases = "y"\n', 2, "aliases", "list of strings"),
        ('name = "x"\nsource = { site = "https://a.cn/" }\n', 2, "source", "unknown key"),
        ('name = "x"\n[sources]\nsite = "ftp://a.cn/"\n', 3, "site", "only http(s)"),
        ('name = "x"\n[sources]\nsite = "file:///etc/passwd"\n', 3, "site", "only http(s)"),
        ('name = "x"\n[sources]\nsite = "www.example.com/"\n', 3, "site", "https:// in front"),
        ('name = "x"\n[sources]\nregistry = "missing.html"\n', 3, "registry", "no such file"),
        ('name = "x"\n[sources]\nsite = 5\n', 3, "site", "URL, a file path"),
        ('name = "x"\n[visit]\nstart = 2026-11-28T09:30:00\n', 3, "start", "needs an offset"),
        ('name = "x"\n[visit]\nstart = "tomorrow"\n', 3, "start", "RFC 3339"),
        ('name = "x"\n[visit]\nplace = "a"\n', None, "start", "required"),
        ('name = "x"\n[visit]\nstart = 2026-11-28T09:30:00+08:00\nattendees = [{ title = "a" }]\n', 4, "attendees[1].name", "required"),
        ('name = "x"\n[visit]\nstart = 2026-11-28T09:30:00+08:00\nattendees = [{ name = "a", role = "b" }]\n', 4, "attendees[1].role", "unknown key"),
        ('name = "x"\n[visit]\nstart = 2026-11-28T09:30:00+08:00\nagenda = "one"\n', 4, "agenda", "list of strings"),
        ('name = "x"\nlanguage = "fr"\n', 2, "language", "zh, en"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, text, line, key, words):
    path = write(tmp_path, text)
    with pytest.raises(AccountError) as caught:
        load_account(path)
    error = caught.value
    assert error.path == str(path)
    assert error.line == line
    assert error.key == key
    assert words in str(error)
    assert str(error).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_missing_file(tmp_path):
    with pytest.raises(AccountError, match="no such file"):
        load_account(tmp_path / "nope.toml")


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes('name = "恒远"\n'.encode("gbk"))
    with pytest.raises(AccountError, match="UTF-8") as caught:
        load_account(path)
    assert caught.value.line == 1


@pytest.mark.parametrize(
    "text, key, words",
    [('name = 42\n', "name", "must be a string"), ('name = "x"\n[visit]\nstart = 2026-11-28\n', "start", "give the time too")],
)
def test_wrong_types_say_what_is_wrong(tmp_path, text, key, words):
    with pytest.raises(AccountError, match=words) as caught:
        load_account(write(tmp_path, text))
    assert caught.value.key == key
