"""Every URL of an account file is checked when the file is read (issue 16): a malformed one is
exit 2 naming the file, the line and the key, never a traceback in the night's build. And every
URL the check lets through is one the fetcher (httpx) can parse, with a host."""

from __future__ import annotations

import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.accounts.account import load_account, url_problem
from briefing.errors import AccountError

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_settings_of_the_user(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("BRIEFING_SETTINGS", raising=False)  # settings.toml is then BRIEFING_HOME's (conftest.py)


def toml_string(value: str) -> str:
    """`value` as a TOML basic string, control characters escaped."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def account(tmp_path: Path, url: str, key: str = "site") -> Path:
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "恒远环保"\n\n[sources]\n{key} = {toml_string(url)}\n', "utf-8")
    return path


MALFORMED = [
    ("http://[::1", "unclosed bracket"),
    ("http://[::1/x", "unclosed bracket"),
    ("http://::1]/", "bracket"),
    ("http://[not-v6]/", "not an IPv6 address"),
    ("http://[fe80::1%25eth0]/", "not an IPv6 address"),
    ("http://[::1]x/", "after its IPv6 address"),
    ("http://a.cn:abc/", "port 'abc'"),
    ("http://a.cn:99999/", "port '99999'"),
    ("http://a.cn:0/", "port '0'"),
    ("http://a.cn:-1/", "port '-1'"),
    ("http://a.cn:+80/", "port '+80'"),
    ("http://a.cn:٨٠/", "port"),
    ("http://a.cn:80:81/", "more than one ':'"),
    ("http://exa mple.com/", "a space"),
    ("https://www.a.cn/news list.html", "a space"),
    ("https://www.a.cn/\u3000x", "a space"),
    ("https://www.a.cn/a\tb", "control character"),
    ("https://www.a.cn/a\x7fb", "control character"),
    ("https://www.a.cn/a\x00b", "control character"),
    ("https://www.a.cn\u200b/", "invisible"),
    ("http:///path", "no host"),
    ("https://", "no host"),
    ("http://:80/", "no host"),
    ("http:/www.a.cn/", "no host"),
    ("https://wang:hunter2@www.a.cn/", "credentials do not belong"),
    ("https://wang@www.a.cn/", "credentials do not belong"),
    ("https://:hunter2@www.a.cn/", "credentials do not belong"),
    ("http://ｅｘａｍｐｌｅ.com/", "not a valid IDNA name"),
    ("http://😀.com/", "not a valid IDNA name"),
    ("http://xn--zz.com/", "not a valid IDNA name"),
    ("http://例子.a_b.cn/", "not a valid host name"),
    ("http://a..cn/", "empty part"),
    ("http://.a.cn/", "empty part"),
    ("http://a%20b.cn/", "not a valid host name"),
    ("http://a!b.cn/", "not a valid host name"),
    ("http://www.a.cn\\evil.com/", "not a valid host name"),
    ("http://999.1.1.1/", "not a valid IPv4 address"),
    ("http://1.2.3/", "not a valid IPv4 address"),
    ("http://0x7f.0.0.1/", "not a valid IPv4 address"),
    ("http://" + "a" * 64 + ".cn/", "longer than 63"),
    ("http://" + ".".join(["abcdefghij"] * 25) + ".cn/", "longer than 253"),
    ("https://www.a.cn/" + "x" * 9000, "characters long"),
]

WELL_FORMED = [
    "https://www.hengyuan-env.com.cn/",
    "http://www.hengyuan-env.com.cn",
    "https://mp.weixin.qq.com/s/AbC-d_e?__biz=MzA&mid=1&idx=1#rd",
    "https://www.qcc.com/firm/abc.html",
    "http://127.0.0.1:8000/",
    "http://localhost:9/",
    "http://[::1]/",
    "http://[2001:db8::1]:8443/x",
    "https://中文.中国/新闻/",
    "https://例子。中国/",
    "https://xn--fiqs8s.xn--fiqz9s/",
    "https://straße.de/",
    "http://Ä.de/",
    "https://www.a.cn/?q=恒远环保&p=1",
    "https://www.a.cn/a%20b",
    "https://www.a.cn/path@x",
    "http://a_b.example.cn/",
    "http://example.com./",
    "http://a.cn:/",
    "HTTPS://WWW.A.CN/X",
]


@pytest.mark.parametrize("url, says", MALFORMED)
def test_a_malformed_url_is_refused_naming_file_line_and_key(tmp_path, url, says):
    path = account(tmp_path, url)
    with pytest.raises(AccountError) as caught:
        load_account(path)
    error = caught.value
    assert (error.path, error.line, error.key) == (str(path), 4, "site")
    assert str(error).startswith(f"{path}:4: site: ") and says in str(error)
    if "credentials" in says:  # the message does not repeat them
        assert "hunter2" not in str(error) and "wang" not in str(error) and "'https://…@www.a.cn/'" in str(error)


def test_a_malformed_url_in_a_list_names_its_key_and_line(tmp_path):
    path = tmp_path / "acme.toml"
    path.write_text('name = "x"\n[sources]\nsite = "https://a.cn/"\nwechat = [\n  "https://mp.weixin.qq.com/s/1",\n'
                    '  "http://[::1",\n]\n', "utf-8")
    with pytest.raises(AccountError) as caught:
        load_account(path)
    assert caught.value.key == "wechat" and caught.value.line == 4 and "'http://[::1'" in str(caught.value)


def test_notes_are_never_a_web_address_and_the_message_hides_a_password(tmp_path):
    with pytest.raises(AccountError, match="local Markdown file") as caught:
        load_account(account(tmp_path, "https://me:hunter2@a.cn/notes.md", key="notes"))
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("url", WELL_FORMED)
def test_well_formed_urls_load_and_the_fetcher_can_parse_them(tmp_path, url):
    [entry] = load_account(account(tmp_path, url)).sources
    assert entry.is_url and entry.target == url
    assert httpx.URL(url).host


def _corpus() -> list[str]:
    """Malformed and well-formed URLs, random ones from URL-ish pieces, and one host per code point of
    the scripts a customer's address may be in (and the ones IDNA refuses)."""
    rnd = random.Random(16)
    pieces = list("abcxyz019.-_:[]@%!$&'()*+,;=~`\"{}|\\^<>/?#") + [
        "xn--", "xn--fiqs8s", "例", "。", "ß", "::1", "255", "256", "0x", "中国", "Ä", "%20", "::", "８"]
    urls = [u for u, _ in MALFORMED] + WELL_FORMED
    for _ in range(4000):
        netloc = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 10)))
        path = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 4)))
        urls.append(rnd.choice(["http://", "https://", "HTTP://"]) + netloc + path)
    points = [*range(0x80, 0x800), *range(0x1100, 0x1200), *range(0x2000, 0x2100), *range(0x3000, 0x3100),
              *range(0xFE00, 0xFF70), *range(0x1F600, 0x1F650), *range(0xE0100, 0xE0110)]
    points += rnd.sample(range(0x4E00, 0x9FFF), 300) + rnd.sample(range(0x10000, 0x30000), 300)
    for point in points:
        if unicodedata.category(chr(point)) != "Cs":
            urls += [f"http://a{chr(point)}b.cn/", f"http://{chr(point)}.cn/"]
    return urls


def test_every_url_the_check_accepts_the_fetcher_parses_with_a_host():
    """The guard: `load_account` refuses what `url_problem` refuses; what it lets through must be a
    URL httpx parses, with a host. (The load is checked above; the corpus runs the check itself.)"""
    corpus = _corpus()
    accepted = [url for url in corpus if url_problem(url) is None]
    assert len(accepted) > 500  # the corpus does test acceptance, not only refusal
    unparsable = []
    for url in accepted:
        try:
            parsed = httpx.URL(url)
            ok = bool(parsed.host) and parsed.port != 0
        except Exception:
            ok = False
        if not ok:
            unparsable.append(url)
    assert unparsable == []


def test_load_account_and_the_check_agree(tmp_path):
    rnd = random.Random(7)
    for url in rnd.sample(_corpus(), 150) + [u for u, _ in MALFORMED]:
        path = account(tmp_path, url)
        try:
            load_account(path)
            refused = False
        except AccountError as exc:
            refused = True
            assert exc.line == 4 and exc.key == "site", (url, str(exc))
        assert refused == (url_problem(url) is not None), url


def test_build_exits_2_without_a_traceback(tmp_path):
    path = account(tmp_path, "http://[::1")
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "b.pdf"), "--no-store"])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a typer.Exit, not an exception that got away
    assert "Traceback" not in result.output
    assert f"{path}:4: site: 'http://[::1': has an unclosed bracket" in " ".join(result.output.split())
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("url", ["http://a.cn:abc/", "https://user:pw@a.cn/", "http://ｅｘａｍｐｌｅ.com/"])
def test_build_exits_2_for_other_malformed_urls(tmp_path, url):
    result = runner.invoke(app, ["build", str(account(tmp_path, url)), "-o", str(tmp_path / "b.pdf"), "--no-store"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit) and "acme.toml:4" in result.output


def test_build_in_a_real_process_exits_2_with_no_traceback(tmp_path):
    path = account(tmp_path, "http://[::1")
    done = subprocess.run([sys.executable, "-m", "briefing", "build", str(path), "-o", str(tmp_path / "b.pdf"), "--no-store"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "acme.toml:4" in done.stderr and "site" in done.stderr and "[::1" in done.stderr
    assert not (tmp_path / "b.pdf").exists()
