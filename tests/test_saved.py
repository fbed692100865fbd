"""Pages saved from a browser: read like fetched pages, with the URL they came from."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from briefing.errors import FetchFailed, FetchGone
from briefing.gathering.saved import load_saved

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)


def test_chromes_saved_from_comment_gives_the_url(tmp_path):
    page = tmp_path / "p.html"
    page.write_bytes(b"<!DOCTYPE html>\n<!-- saved from url=(0030)https://www.example.com.cn/a -->\n<html><body>hello world page</body></html>")
    loaded = load_saved(page, fetched_at=NOW)
    assert loaded.url == "https://www.example.com.cn/a"
    assert loaded.saved_path == str(page.resolve()) and loaded.fetched_at == NOW


def test_canonical_link_or_else_the_file_uri(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><head><link rel="canonical" href="https://b.cn/x.html"></head><body>some text here</body></html>')
    assert load_saved(page, fetched_at=NOW).url == "https://b.cn/x.html"
    page.write_text("<html><body>no address anywhere in this page</body></html>")
    assert load_saved(page, fetched_at=NOW).url == page.resolve().as_uri()


def test_a_pasted_http_header_block_is_not_content_and_its_charset_counts(tmp_path):
    page = tmp_path / "p.html"
    body = "<html><body>朱镕基 董事长 公司简介</body></html>".encode("gb18030")
    page.write_bytes(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\nServer: nginx\r\n\r\n" + body)
    loaded = load_saved(page, fetched_at=NOW)
    assert loaded.text.startswith("<html>") and "朱镕基" in loaded.text
    assert "HTTP/1.1" not in loaded.text and loaded.content_type == "text/html"


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "e.html"
    empty.write_text("  \n")
    with pytest.raises(FetchFailed, match="empty"):
        load_saved(empty, fetched_at=NOW)
    with pytest.raises(FetchGone):
        load_saved(tmp_path / "missing.html", fetched_at=NOW)
