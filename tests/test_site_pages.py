"""The site adapter on single pages: what a page is, and what it must not be read as."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefing.toolkit.adapter import Request
from briefing.models import Article, Executive, Overview, Page, Project
from briefing.gathering.saved import load_saved
from sources.site.adapter import SiteAdapter

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


def read(path: Path, role: str = ""):
    page = load_saved(path, fetched_at=NOW)
    return SiteAdapter().parse(page, Request(page.url, role, 0))


def test_an_article_page_is_the_article_not_its_sidebar_of_latest_news():
    parsed = read(FIXTURES / "heldout-gbk-frames" / "xwzx-101.htm")
    (article,) = parsed.facts
    assert isinstance(article, Article)
    assert article.title.startswith("公司顺利通过质量")
    assert article.published.value == "2018-10-26"


@pytest.mark.skipif(not (REALWORLD / "news-163-company-2019.html").is_file(), reason="needs ../shared/realworld")
def test_readers_comments_are_not_news():
    parsed = read(REALWORLD / "news-163-company-2019.html")
    titles = [f.title for f in parsed.facts if isinstance(f, Article)]
    assert titles and all("网友" not in t and "往事随风" not in t for t in titles)


def test_a_team_page_with_a_former_members_table():
    html = """<html><head><title>董事会与管理层</title></head><body><h1>董事会与管理层</h1>
    <h3>高级管理人员</h3><table><tr><th>姓名</th><th>职务</th></tr>
    <tr><td>陈　静</td><td>总经理</td></tr><tr><td>郑&nbsp;&nbsp;毅</td><td>独立董事</td></tr></table>
    <h3>离任人员</h3><table><tr><th>姓名</th><th>职务</th></tr><tr><td>蔡文华</td><td>副总经理</td></tr></table>
    </body></html>"""
    page = Page(url="http://a.cn/team/", body=html.encode(), text=html, encoding="utf-8", fetched_at=NOW)
    parsed = SiteAdapter().parse(page, Request(page.url, "leaders", 0))
    assert {(f.name, f.title) for f in parsed.facts if isinstance(f, Executive)} == {("陈静", "总经理"), ("郑毅", "独立董事")}


def test_one_person_in_two_tables_keeps_both_titles():
    html = """<html><body><table><tr><td>刘宏伟</td><td>董事</td></tr><tr><td>王强</td><td>董事长</td></tr></table>
    <table><tr><td>刘宏伟</td><td>副总经理、董事会秘书</td></tr><tr><td>李娜</td><td>总经理</td></tr></table></body></html>"""
    page = Page(url="http://a.cn/team/", body=html.encode(), text=html, encoding="utf-8", fetched_at=NOW)
    facts = SiteAdapter().parse(page, Request(page.url, "leaders", 0)).facts
    assert {f.name: f.title for f in facts}["刘宏伟"] == "董事、副总经理、董事会秘书"


# Pages a second reviewer wrote to make the adapter state wrong facts (tests/pages/).
PAGES = Path(__file__).resolve().parent / "pages"


def facts_of(name: str, kind: type) -> list:
    return [f for f in read(PAGES / name).facts if isinstance(f, kind)]


def test_a_footer_contact_heading_does_not_decide_what_a_page_is():
    assert len(facts_of("cls1.html", Project)) == 2
    assert len(facts_of("cls2.html", Article)) == 2


@pytest.mark.parametrize(
    "page, not_names",
    [
        ("lead_en.html", {"Human Resources", "Business Development", "Supply Chain"}),
        ("lead_bio.html", {"常州人", "安徽人"}),
        ("lead_zh.html", {"华东区"}),
    ],
)
def test_places_origins_and_business_lines_are_not_people(page, not_names):
    assert not {f.name for f in facts_of(page, Executive)} & not_names


def test_a_section_heading_is_not_stacked_onto_a_card_title():
    assert {f.name: f.title for f in facts_of("lead_board.html", Executive)}["李明"] == "董事"


def test_bilingual_cards_keep_their_english_titles():
    assert {(f.name, f.title) for f in facts_of("lead_bi.html", Executive)} == {("张伟", "Director"), ("王建国", "Chairman"), ("李明", "President")}


def test_a_definition_list_is_not_read_twice():
    assert {f.name: f.title for f in facts_of("lead_dt.html", Executive)}["黄晓琳"] == "副总经理"


def test_a_list_with_a_featured_item_is_a_list():
    assert len(facts_of("news_sum.html", Article)) == 4


def test_a_main_column_named_r_side_is_content():
    assert facts_of("about_rside.html", Overview)


def test_a_malformed_link_loses_nothing_else():
    read(PAGES / "ipv6.html")  # "http://[::1" used to raise ValueError and drop the page


@pytest.mark.parametrize("page", ["news_num.html", "news_tbl.html"])
def test_ranks_and_click_counts_are_not_days(page):
    articles = facts_of(page, Article)
    assert articles and all(a.published is None or len(a.published.value) == 7 for a in articles)


def test_awards_and_milestones_are_not_works():
    assert facts_of("cases_hist.html", Project) == []


def test_a_cell_with_two_years_gives_no_date():
    assert all(p.date is None for p in facts_of("cases_dates.html", Project))
