"""Event extraction on the sentences a fresh-eyes review wrote to break it: each once gave a
wrong event (another company's person or money, a lost tender, a plan, a bystander's signing,
a wrong date or amount)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from briefing.toolkit.article_events import ArticleText, read_events
from briefing.toolkit.names import customer_names
from briefing.toolkit.feeds import feed_date, parse_feed
from briefing.models import Company, DateValue, Executive, Financing, Project, Provenance

SRC = Provenance("news", "https://example.com/a", datetime(2024, 5, 1, tzinfo=timezone.utc), "x")
NAMES = customer_names(Company("江苏恒远环保工程有限公司", ("恒远环保",)))


def events(text: str, *, own: bool = False, title: str = "", names=NAMES):
    return read_events(ArticleText(text, DateValue("2024-04-28", "2024-04-28"), SRC, own, title), names)


@pytest.mark.parametrize("text", [
    "恒远环保的竞争对手南京清源水务有限公司董事长王建国表示，行业竞争加剧。",
    "据悉，恒远环保的主要竞争对手南京清源水务有限公司近日完成B轮融资，金额达3亿元，由红杉资本领投。",
    "恒远环保领投的南京清源水务有限公司近日宣布完成B轮融资。",
    "恒远环保参股的南京清源水务有限公司近日成功中标宿迁市污水处理厂提标改造工程，中标金额1.2亿元。",
    "在恒远环保的见证下，南京清源水务有限公司与宿迁市城投集团签署战略合作协议。",
    "恒远环保应邀出席南京清源大学与宿迁市城投集团战略合作协议签约仪式。",
    "恒远环保的老客户宿迁市城投集团与南京清源水务有限公司签署战略合作协议。",
    "恒远环保参与了宿迁市污水处理厂提标改造工程投标，但未能中标，该项目由南京清源水务以1.18亿元中标。",
    "恒远环保否认中标宿迁市污水处理厂提标改造工程。",
    "若恒远环保中标宿迁市污水处理厂提标改造工程，将进一步扩大市场份额。",
    "恒远环保将与南京清源大学签署战略合作协议。",
    "恒远环保与南京清源大学的合作协议已经终止。",
    "恒远环保否认已获得B轮融资。",
    "恒远环保拟聘任李明为总经理。",
    "恒远环保前总经理李明已离职。",
    "浙江恒远环保设备有限公司成功中标杭州市污水处理厂提标改造工程，中标金额3200万元。",
])
def test_nothing_of_the_customers_is_read_where_there_is_nothing(text):
    assert events(text) == []


def test_a_bare_gongsi_is_the_company_named_before_it():
    text = "南京清源水务有限公司是恒远环保的长期合作伙伴。去年，公司成功中标宿迁市污水处理厂提标改造工程，中标金额1.2亿元。"
    assert events(text, title="恒远环保牵手清源水务") == []
    text = "南京清源水务有限公司成立于2010年，是一家专业的水处理企业。公司董事长王建国表示，此次合作意义重大。"
    assert [f for f in events(text, title="恒远环保牵手清源水务") if isinstance(f, Executive)] == []


def test_generic_words_are_not_a_customers_short_name():
    names = customer_names(Company("四川省投资集团有限责任公司"))
    assert "投资集团" not in names
    assert events("湖北省交通投资集团有限公司成功中标武汉至阳新高速公路PPP项目，中标金额156亿元。", names=names) == []


@pytest.mark.parametrize("text, value", [
    ("恒远环保此前曾于2021年获得B轮融资。", "2021"),
    ("恒远环保今年3月与南京清源大学签署战略合作协议。", "2024-03"),
    ("成立于2015年3月的恒远环保近日完成B轮融资，金额1.5亿元。", "2024-04-28"),
    ("恒远环保成功中标宿迁市污水处理厂运营服务项目，服务期自2025年1月1日至2027年12月31日。", "2024-04-28"),
])
def test_an_events_date_is_when_it_happened(text, value):
    (fact,) = events(text)
    assert fact.date.value == value


@pytest.mark.parametrize("text, value", [
    ("恒远环保成功中标宿迁市污水处理厂提标改造工程，项目总投资5.6亿元，中标金额2360万元。", 23_600_000),
    ("恒远环保成功中标宿迁市污水处理厂提标改造工程，中标金额为1亿2000万元。", 120_000_000),
    ("恒远环保成功中标宿迁市污水处理厂运营服务项目，中标单价为0.98元/吨。", None),
    ("恒远环保成功中标宿迁市污水处理厂提标改造工程，这是继去年中标2.3亿元的沭阳项目之后又一大单。", None),
])
def test_a_tenders_amount_is_the_award(text, value):
    (fact,) = events(text)
    assert isinstance(fact, Project) and (fact.amount.value if fact.amount else None) == value


def test_another_firms_round_amount_is_not_the_customers():
    (fact,) = events("恒远环保完成B轮融资，同期南京清源水务完成10亿元C轮融资。")
    assert isinstance(fact, Financing) and fact.round == "B轮" and fact.amount is None


@pytest.mark.parametrize("raw, value", [
    ("Sun, 28 Apr 2024 23:30:00 CST", "2024-04-28T23:30:00+08:00"),  # China Standard Time
    ("Sun, 28 Apr 2024 10:30:00 BJT", "2024-04-28T10:30:00+08:00"),
    ("Apr 28, 2024 10:30 PM", "2024-04-28T22:30:00+08:00"),
])
def test_feed_zones_of_chinese_sites(raw, value):
    assert feed_date(raw).value == value


def test_one_bad_date_does_not_sink_the_feed():
    feed = parse_feed(b"""<rss version="2.0"><channel><title>x</title>
      <item><title>good</title><link>https://n.example/good</link><pubDate>Sun, 28 Apr 2024 10:30:00 +0800</pubDate></item>
      <item><title>bad</title><link>https://n.example/bad</link><pubDate>Sun, 28 Apr 2024 10:30:00 +2500</pubDate></item>
    </channel></rss>""")
    assert [(e.title, e.published.value if e.published else None) for e in feed.entries] == [
        ("good", "2024-04-28T10:30:00+08:00"), ("bad", None)]


def test_a_charset_from_the_http_header_reads_a_feed_without_a_declaration():
    body = "<rss version='2.0'><channel><title>新闻</title><item><title>恒远环保中标宿迁项目</title><link>https://n.example/1</link></item></channel></rss>".encode("gbk")
    assert parse_feed(body, "gb18030").entries[0].title == "恒远环保中标宿迁项目"


@pytest.mark.parametrize("text, round_, amount, investor", [
    ("恒远环保B轮融资 获上市环保集团清源控股3000万美元投资", "B轮", "3000万美元", "清源控股"),
    ("恒远环保今日宣布获得红杉中国1.5亿元A轮投资。", "A轮", "1.5亿元", "红杉中国"),
    ("恒远环保获得国投创新的5000万元战略投资。", "战略投资", "5000万元", "国投创新"),
])
def test_money_received_from_a_named_investor_is_the_customers_round(text, round_, amount, investor):
    (found,) = [f for f in events(text) if isinstance(f, Financing)]
    assert (found.round, found.amount.text, found.investors) == (round_, amount, (investor,))


@pytest.mark.parametrize("text", [
    "恒远环保拟获清源控股3000万美元投资。",  # a plan
    "据悉，恒远环保曾获清源控股3000万美元投资。",  # recalled
    "清源控股获恒远环保3000万美元投资。",  # the customer put the money in
    "南京清源水务获红杉中国1.5亿元A轮投资，恒远环保表示祝贺。",  # another company's round
    "恒远环保获清源控股3000万美元投资建设污水厂的消息不实。",  # denied
    "恒远环保获得百度公司旗下基金5000万元投资。",  # a go-between, no investor's name
    "恒远环保获得阿里巴巴集团和蚂蚁金服5000万元投资。",  # two investors in one run
    "恒远环保获得由腾讯领投的5000万元投资。",
    "恒远环保获得超过5000万元投资。",  # an amount's words
    "恒远环保获得首笔5000万元投资。",
    "恒远环保获得腾讯估值10亿美元的5000万元投资。",
    "恒远环保孵化的项目获得红杉5000万元投资。",  # the money went to another
])
def test_money_not_received_by_the_customer_or_from_no_one_investor_is_no_round(text):
    assert not [f for f in events(text) if isinstance(f, Financing)]


def test_an_investors_legal_name_is_kept_whole():
    (found,) = [f for f in events("恒远环保获得深圳市创新投资集团有限公司5000万元投资。") if isinstance(f, Financing)]
    assert found.investors == ("深圳市创新投资集团有限公司",)
