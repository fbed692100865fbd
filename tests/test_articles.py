"""The wechat and news adapters through the real pipeline: feeds followed to their articles,
walls reported, Chinese feed dates on the right instant (feedparser's own fields too)."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import httpx
import pytest

from briefing.gathering.registry import Registry
from briefing.accounts.account import Account, SourceEntry
from briefing.toolkit.feeds import feed_date, parse_feed
from briefing.gathering.fetch import Fetcher, FetchSettings
from briefing.models import Company
from briefing.gathering.pipeline import Pipeline
from sources.news.adapter import NewsAdapter
from sources.wechat.adapter import WechatAdapter

WECHAT = Path(__file__).parent.parent / "fixtures" / "wechat"  # the wechat adapter's cases (fixtures/README.md)
# Other people's pages, read in place beside the checkout, never copied into fixtures/.
REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
CUSTOMER = Company("江西赣清环境工程有限公司", ("赣清环境",))


def test_feed_dates_land_on_the_right_instant():
    assert feed_date("Sun, 28 Apr 2024 10:30:00").value == "2024-04-28T10:30:00+08:00"  # no zone: Beijing
    assert feed_date("Sun, 28 Apr 2024 02:30:00 GMT").value == "2024-04-28T10:30:00+08:00"
    assert feed_date("Sun, 28 Apr 2024 10:30:00 +0800").value == "2024-04-28T10:30:00+08:00"
    assert feed_date("2024年04月28日 10:30").value == "2024-04-28T10:30:00+08:00"
    assert feed_date("2024年4月8日").value == "2024-04-08"
    assert feed_date("2024-04-28T10:30:00Z").value == "2024-04-28T18:30:00+08:00"
    assert feed_date("") is None and feed_date("不详") is None


def test_feedparser_itself_reads_chinese_dates_through_our_handler():
    xml = "<rss version='2.0'><channel><title>t</title><item><title>a</title><pubDate>2024年04月28日 10:30</pubDate></item></channel></rss>"
    entry = feedparser.parse(xml.encode("utf-8")).entries[0]
    assert time.strftime("%Y-%m-%d %H:%M", entry.published_parsed) == "2024-04-28 02:30"  # UTC, not 2024-11-01


def test_a_feed_is_never_fetched_by_feedparser():
    # parse_feed hands feedparser bytes: a URL-looking string would make it fetch
    assert parse_feed(b"https://127.0.0.1:9/feed.xml") is None


def _run(adapter, target: str, routes: dict[str, tuple[int, bytes, str]]):
    def reply(request: httpx.Request) -> httpx.Response:
        status, body, kind = routes.get(str(request.url), (404, b"", "text/plain"))
        return httpx.Response(status, content=body, headers={"Content-Type": kind})

    async def public_dns(host: str) -> list[str]:
        return ["93.184.216.34"]

    async def go():
        async with Fetcher(FetchSettings(obey_robots=False), transport=httpx.MockTransport(reply), resolver=public_dns) as fetcher:
            pipe = Pipeline(fetcher, registry=Registry.of(adapter))
            return await pipe.run_source(Account(path="", company=CUSTOMER), SourceEntry(adapter.name, target, True))

    return asyncio.run(go())


def test_a_feed_without_text_is_followed_to_its_articles():
    page = (WECHAT / "ev-gq-wx-double-win" / "page.html").read_bytes()
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>赣清环境</title>
    <item><title>喜报</title><link>https://mp.weixin.qq.com/s/double-win</link><pubDate>2024-03-15 18:32:00</pubDate></item>
    </channel></rss>""".encode()
    report, facts = _run(WechatAdapter(), "https://feeds.example.com/gq.xml", {
        "https://feeds.example.com/gq.xml": (200, feed, "application/rss+xml"),
        "https://mp.weixin.qq.com/s/double-win": (200, page, "text/html; charset=utf-8"),
    })
    assert report.status == "ok" and report.pages == 2
    articles = [f for f in facts if f.section == "articles"]
    assert {a.url for a in articles} == {"https://mp.weixin.qq.com/s/double-win"}
    assert any(f.section == "executives" and f.name == "刘振华" for f in facts)


def test_the_verification_page_marks_the_source_blocked():
    wall = (WECHAT / "wx-verify" / "page.html").read_bytes()
    report, facts = _run(WechatAdapter(), "https://mp.weixin.qq.com/s/x", {"https://mp.weixin.qq.com/s/x": (200, wall, "text/html")})
    assert report.status == "blocked" and facts == [] and "环境异常" in report.reason


def test_a_deleted_article_is_gone():
    gone = (WECHAT / "wx-deleted" / "page.html").read_bytes()
    report, facts = _run(WechatAdapter(), "https://mp.weixin.qq.com/s/y", {"https://mp.weixin.qq.com/s/y": (200, gone, "text/html")})
    assert report.status == "gone" and facts == []


@pytest.mark.skipif(not (REALWORLD / "news-163-company-2019.html").is_file(),
                    reason=f"needs ../shared/realworld/news-163-company-2019.html beside the checkout ({REALWORLD})")
def test_a_news_page_through_the_pipeline():
    page = (REALWORLD / "news-163-company-2019.html").read_bytes()
    url = "https://money.163.com/19/0907/13/EOFOC8MJ00258105.html"
    report, facts = _run(NewsAdapter(), url, {url: (200, page, "text/html; charset=utf-8")})
    assert report.status == "ok"
    article = next(f for f in facts if f.section == "articles")
    assert article.published.value == "2019-09-07T13:43:45+08:00" and article.url == url


def test_no_customer_means_no_events():
    from briefing.toolkit.article_events import ArticleText, read_events
    from briefing.models import Provenance

    src = Provenance("news", "https://x.example/1", datetime.now(timezone.utc), "h")
    assert read_events(ArticleText("某某公司董事长张三表示…某某公司中标某某市污水处理厂提标改造工程。", None, src, False), []) == []


def test_script_variables_with_js_escapes_are_read():
    from sources.wechat.adapter import _script_var

    page = r'var msg_link = "http://mp.weixin.qq.com/s?__biz=Mz==\x26amp;mid=1\x26amp;idx=1#rd"; var nickname = "恒远\"环保";'
    assert _script_var(page, "msg_link") == "http://mp.weixin.qq.com/s?__biz=Mz==&mid=1&idx=1#rd"
    assert _script_var(page, "nickname") == '恒远"环保'


def test_a_link_copied_from_the_wechat_client_loses_the_readers_session():
    from sources.wechat.adapter import clean_wechat_url

    url = "https://mp.weixin.qq.com/s?__biz=MzI4==&mid=1&idx=1&sn=abc&chksm=x&key=SECRET&pass_ticket=T&uin=U&exportkey=E"
    assert clean_wechat_url(url) == "https://mp.weixin.qq.com/s?__biz=MzI4==&mid=1&idx=1&sn=abc&chksm=x"


def test_script_text_inside_the_article_is_not_article_text():
    from bs4 import BeautifulSoup

    from briefing.toolkit.html import paragraphs_of

    html = "<div id='js_content'><p>正文</p><script>var s='恒远环保与南京清源大学签署战略合作协议';</script></div>"
    assert paragraphs_of(BeautifulSoup(html, "lxml").find(id="js_content")) == "正文"


def test_news_walls_and_missing_pages_are_not_articles():
    wall = b"<html><head><title>\xe5\xae\x89\xe5\x85\xa8\xe9\xaa\x8c\xe8\xaf\x81</title></head><body><p>\xe8\xaf\xb7\xe5\xae\x8c\xe6\x88\x90\xe5\xae\x89\xe5\x85\xa8\xe9\xaa\x8c\xe8\xaf\x81</p></body></html>"
    report, facts = _run(NewsAdapter(), "https://n.example/wall", {"https://n.example/wall": (200, wall, "text/html; charset=utf-8")})
    assert report.status == "blocked" and facts == []
    missing = "<html><head><title>页面不存在</title></head><body><p>您访问的页面不存在</p></body></html>".encode()
    report, facts = _run(NewsAdapter(), "https://n.example/404", {"https://n.example/404": (200, missing, "text/html; charset=utf-8")})
    assert report.status == "gone" and facts == []


def test_a_bridge_feed_with_http_links_is_still_followed():
    page = (WECHAT / "ev-gq-wx-double-win" / "page.html").read_bytes()
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>赣清环境</title>
    <item><title>喜报</title><link>http://mp.weixin.qq.com/s/double-win?key=SECRET</link></item></channel></rss>""".encode()
    report, facts = _run(WechatAdapter(), "https://feeds.example.com/gq.xml", {
        "https://feeds.example.com/gq.xml": (200, feed, "application/rss+xml"),
        "https://mp.weixin.qq.com/s/double-win": (200, page, "text/html; charset=utf-8"),
    })
    assert report.pages == 2 and any(f.section == "executives" for f in facts)


def test_a_list_of_notices_is_followed_and_only_the_customers_are_kept():
    from sources.tenders.adapter import TendersAdapter

    customer_notice = """<html><body><h1>江西赣清环境工程有限公司检测设备采购项目成交结果公告</h1><p>发布时间：2024-05-06</p>
    <p>项目编号：GQ-2024-01</p><p>采购人：江西赣清环境工程有限公司</p><p>成交供应商：南昌仪表有限公司</p><p>成交金额：38.5万元</p></body></html>"""
    other_notice = customer_notice.replace("江西赣清环境工程有限公司", "某某市档案馆")
    rows = "".join(
        f"<li><a href='/n/{i}.html'>{t}</a><span>2024-05-0{i}</span><p>采购人：X 项目编号：N{i} 代理机构：Y</p></li>"
        for i, t in ((1, "江西赣清环境工程有限公司检测设备采购项目成交结果公告"), (2, "某某市档案馆数字化服务成交公告"), (3, "某某单位办公家具采购公告")))
    listing = f"<html><body><h2>搜索结果</h2><ul>{rows}</ul></body></html>".encode()
    report, facts = _run(TendersAdapter(), "https://ggzy.example.gov.cn/search", {
        "https://ggzy.example.gov.cn/search": (200, listing, "text/html; charset=utf-8"),
        "https://ggzy.example.gov.cn/n/1.html": (200, customer_notice.encode(), "text/html; charset=utf-8"),
        "https://ggzy.example.gov.cn/n/2.html": (200, other_notice.encode(), "text/html; charset=utf-8"),
        "https://ggzy.example.gov.cn/n/3.html": (404, b"", "text/plain"),
    })
    assert report.pages == 3  # the list and two notices; the gone one is reported, not fatal
    assert [(f.name, f.winner, f.amount.value) for f in facts] == [("江西赣清环境工程有限公司检测设备采购项目", "南昌仪表有限公司", 385_000)]
