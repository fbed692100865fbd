"""Pages built to hurt: deep nesting, huge cells, endless lists, markup in names. Bounded, no crash, no inventions."""

from __future__ import annotations

from datetime import datetime, timezone
import os
from pathlib import Path

import pytest

from briefing.toolkit.adapter import Request
from briefing.models import Page
from briefing.gathering.saved import load_saved
from briefing.toolkit.html import content_of, drop_noise, soup_of
from sources.site.lists import MAX_ITEMS
from sources.site.adapter import SiteAdapter, classify

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


def page(html: str, url: str = "http://a.cn/x") -> Page:
    return Page(url=url, body=html.encode(), text=html, encoding="utf-8", fetched_at=NOW)


ROLES = ["", "home", "about", "leaders", "cases", "case", "news", "article"]


@pytest.mark.parametrize("role", ROLES)
def test_nesting_twenty_thousand_deep(role):
    html = "<html><body>" + "<div>" * 20000 + "<p>董事长：王建国</p>" + "</div>" * 20000 + "</body></html>"
    parsed = SiteAdapter().parse(page(html), Request("http://a.cn/x", role, 0))
    names = {f.name for f in parsed.facts if hasattr(f, "title") and f.section == "executives"}
    assert names <= {"王建国"}


@pytest.mark.parametrize("role, item", [("home", "新闻标题第{}条很长"), ("news", "新闻标题第{}条很长"), ("cases", "污水处理厂第{}期提标改造工程")])
def test_ten_thousand_list_items_are_capped(role, item):
    items = "".join(f"<li><a href='/n/{i}.html'>{item.format(i)}</a><span>2024-04-{i % 28 + 1:02d}</span></li>" for i in range(10000))
    parsed = SiteAdapter().parse(page(f"<html><body><ul>{items}</ul></body></html>"), Request("http://a.cn/x", role, 0))
    assert 0 < len(parsed.facts) <= MAX_ITEMS + 1


def test_a_200_kb_cell():
    html = "<table><tr><th>项目名称</th><th>业主</th></tr><tr><td>" + "很长" * 100000 + "</td><td>某局</td></tr></table>"
    parsed = SiteAdapter().parse(page(html), Request("http://a.cn/x", "cases", 0))
    assert all(len(f.name) <= 200 for f in parsed.facts)


def test_empty_and_loading_pages_give_nothing():
    for html in ("", "<html></html>", "<html><body><div id='app'>加载中...</div><script>window.x=1</script></body></html>"):
        for role in ROLES:
            assert SiteAdapter().parse(page(html), Request("http://a.cn/x", role, 0)).facts == ()


def test_the_real_pages_are_there_in_ci():
    # ../shared sits beside the clone in CI and on developers' machines; a bare clone elsewhere
    # skips the tests that read them (they are never copied into fixtures/).
    if os.environ.get("CI"):
        assert len(list(REALWORLD.glob("*.html"))) >= 8


@pytest.mark.parametrize("name", sorted(p.name for p in REALWORLD.glob("*.html")))
def test_every_real_page_parses_without_inventing_leaders(name):
    """Real pages of every kind (registries, WeChat, tenders, news) read as if they were a site page."""
    real = load_saved(REALWORLD / name, fetched_at=NOW)
    soup = drop_noise(soup_of(real.text))
    read_as = classify(soup, content_of(soup), real.url)
    for role in ("", "home", "news", "cases"):
        parsed = SiteAdapter().parse(real, Request(real.url, role, 0))
        for fact in parsed.facts:
            assert fact.source.adapter == "site"
            if fact.section == "executives" and (role or read_as) != "leaders":
                pytest.fail(f"{name}: executive {fact} from a page read as {role!r}")
