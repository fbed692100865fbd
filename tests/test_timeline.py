"""The projects timeline: one entry per project from every source, the customer's suppliers,
and the funding assessment learning how its purchases were paid."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from briefing.analysis.funding import assess_funding
from briefing.gathering.merge import merge_facts
from briefing.models import Amount, Company, DateValue, Project, Provenance
from briefing.analysis.timeline import references, same_project, suppliers, timeline

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
SITE = Provenance("site", "https://www.hengyuan.example/case/1.html", NOW, "a")
NEWS = Provenance("wechat", "https://mp.weixin.qq.com/s/x", NOW, "b")
CCGP = Provenance("tenders", "http://www.ccgp.gov.cn/cggg/1.htm", NOW, "c")
CUSTOMER = Company("江苏恒远环保工程有限公司", ("恒远环保",))


def test_one_project_named_three_ways_is_one_entry_with_all_its_sources():
    facts = [
        Project("盐城市滨海临港化工园区污水处理厂扩建工程（EPC）", SITE, buyer="盐城市滨海临港水务发展有限公司", date=DateValue("2024-04", "x")),
        Project("盐城市滨海临港化工园区污水处理厂扩建工程EPC总承包项目", CCGP, buyer="盐城市滨海临港水务发展有限公司",
                winner="江苏恒远环保工程有限公司", amount=Amount(Decimal(186_000_000), "1.86亿元"), kind="award", date=DateValue("2024-04-12", "x")),
        Project("盐城市滨海临港化工园区污水处理厂扩建工程", NEWS, winner="恒远环保", kind="tender_won", date=DateValue("2024-04-28", "x")),
        Project("宜兴市周铁污水处理厂三期扩建及提标改造工程", SITE, date=DateValue("2023-06", "x")),
    ]
    entries = timeline(facts, CUSTOMER)
    assert len(entries) == 2
    first = entries[0]
    assert {f.source.adapter for f in first.facts} == {"site", "tenders", "wechat"}
    assert first.date == "2024-04-28" and first.first("amount").value == 186_000_000
    assert [e.name for e in references(entries, CUSTOMER)] == [first.name]


def test_different_projects_stay_apart():
    assert not same_project("宜兴市周铁污水处理厂三期扩建工程", "宜兴市周铁污水处理厂二期扩建工程")
    assert same_project("吉瑞汽车集团2024—2026年度一体化压铸模具框架采购项目", "吉瑞汽车集团一体化压铸模具框架采购")


def test_whom_the_customer_bought_from():
    facts = [
        Project("恒远环保办公楼空调采购", CCGP, buyer="江苏恒远环保工程有限公司", winner="无锡蓝湾水务工程有限公司", kind="award", lot="包1"),
        Project("恒远环保办公楼空调采购", CCGP, buyer="江苏恒远环保工程有限公司", winner="宜兴暖通设备有限公司", kind="award", lot="包2"),
        Project("某某市污水厂改造", CCGP, buyer="某某市水务局", winner="别家公司", kind="award"),
    ]
    bought = suppliers(timeline(facts, CUSTOMER), CUSTOMER)
    assert [name for name, _ in bought] == ["无锡蓝湾水务工程有限公司", "宜兴暖通设备有限公司"]


def test_the_same_project_from_two_pages_keeps_both_sources():
    one = Project("宜兴市周铁污水处理厂三期扩建工程", SITE)
    two = Project("宜兴市周铁污水处理厂三期扩建工程", Provenance("site", "https://www.hengyuan.example/case/", NOW, "d"))
    (merged,) = merge_facts([one, two])
    assert {merged.source.url, *(p.url for p in merged.also)} == {SITE.url, "https://www.hengyuan.example/case/"}


def test_funding_learns_from_the_customers_own_purchases():
    facts = [Project("恒远环保研发中心设备采购", CCGP, buyer="江苏恒远环保工程有限公司", funding_source="财政资金", kind="award")]
    result = assess_funding(facts, today=NOW, company=CUSTOMER)
    assert "fiscal" in {r.signal for r in result.reasons} and "财政" in result.conclusion
