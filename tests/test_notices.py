"""Procurement notices on the shapes a fresh-eyes review wrote to break the reader: losers,
corrections, failed lots, unit prices, forms; and the timeline's joins."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from briefing.toolkit.adapter import Request
from briefing.toolkit.names import customer_names
from briefing.analysis.funding import assess_funding
from briefing.models import Company, Page, Project, Provenance
from briefing.toolkit.names import is_customer
from briefing.analysis.timeline import same_project
from sources.tenders.adapter import TendersAdapter

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)


def read(body: str, company: Company | None = None, depth: int = 0):
    """The notice's projects (its bidders are tests/test_bidders.py's)."""
    page = Page("https://www.ccgp.gov.cn/cggg/1.htm", body.encode(), body, "utf-8", NOW)
    parsed = TendersAdapter().parse(page, Request(page.url, "notice" if depth else "", depth, company=company))
    return [f for f in parsed.facts if isinstance(f, Project)]


HEAD = "<html><body><h1>某某市档案馆数字化加工服务项目成交结果公告</h1><p>发布时间：2024-05-06</p>"


def test_losers_are_never_winners():
    body = HEAD + """<p>一、项目编号：DA-2024-01</p><p>二、采购人：某某市档案馆</p>
    <p>三、成交信息</p><p>供应商名称：丙数据科技有限公司</p><p>成交金额：86.5万元</p>
    <table><tr><th>序号</th><th>未中标供应商名称</th><th>未中标原因</th></tr>
    <tr><td>1</td><td>甲信息技术有限公司</td><td>得分排序第二</td></tr><tr><td>2</td><td>乙数码有限公司</td><td>报价超预算</td></tr></table></body></html>"""
    (project,) = read(body)
    assert project.winner == "丙数据科技有限公司" and project.amount.value == 865_000


@pytest.mark.parametrize("title, body", [
    ("某某市档案馆数字化加工服务项目更正公告", "<p>原成交金额：128.6万元</p><p>更正后成交金额：126.8万元</p><p>成交供应商：丙数据科技有限公司</p>"),
    ("某某市档案馆数字化加工服务项目终止公告", "<p>原成交供应商：丙数据科技有限公司放弃成交资格，本项目终止。</p>"),
    ("某某市档案馆数字化加工服务项目预中标候选人公示", "<p>第一预中标候选人：丙数据科技有限公司</p><p>投标报价：86.5万元</p>"),
    ("某某市档案馆数字化加工服务项目成交结果公告", "<p>成交供应商：本项目废标</p>"),
])
def test_no_award_is_read_where_none_was_made(title, body):
    page = f"<html><body><h1>{title}</h1><p>采购人：某某市档案馆</p><p>项目编号：DA-2024-01</p>{body}</body></html>"
    assert all(p.winner is None and p.amount is None for p in read(page))


def test_a_unit_price_is_not_the_amount():
    body = HEAD + """<table><tr><th>包号</th><th>成交供应商</th><th>成交单价</th></tr>
    <tr><td>1</td><td>丙数据科技有限公司</td><td>4580元/台</td></tr></table><p>采购人：某某市档案馆</p></body></html>"""
    (project,) = read(body)
    assert project.winner == "丙数据科技有限公司" and project.amount is None


def test_followed_notices_are_kept_only_when_they_are_the_customers():
    other = HEAD + "<p>采购人：常州市第一人民医院</p><p>成交供应商：乙软件有限公司</p><p>成交金额：50万元</p></body></html>"
    assert read(other, Company("苏州市人民医院"), depth=1) == []
    ours = HEAD + "<p>采购人：苏州市人民医院</p><p>成交供应商：乙软件有限公司</p><p>成交金额：50万元</p></body></html>"
    assert len(read(ours, Company("苏州市人民医院"), depth=1)) == 1


def test_customer_names_are_names_not_words():
    names = customer_names(Company("苏州市人民医院"))
    assert "人民医院" not in names and not is_customer("常州市第一人民医院", names)
    assert not is_customer("广州地铁设计研究院有限公司", customer_names(Company("广州地铁集团有限公司", ("广州地铁",))))


@pytest.mark.parametrize("a, b", [
    ("某某市图书馆新馆建设工程", "某某市图书馆新馆建设工程监理"),
    ("2023年某某大厦物业服务项目", "2024年某某大厦物业服务项目"),
    ("某某污水处理厂一期工程", "某某污水处理厂二期工程"),
    ("年产2000吨锂电材料项目设备采购", "年产2050吨锂电材料项目设备采购"),
])
def test_different_contracts_are_different_projects(a, b):
    assert not same_project(a, b)


def test_non_fiscal_money_is_not_fiscal():
    src = Provenance("tenders", "https://x.example/1", NOW, "h")
    company = Company("苏州市人民医院")
    for source in ("非财政资金", "政府和社会资本合作，由社会资本方出资"):
        facts = [Project("苏州市人民医院信息系统采购", src, buyer="苏州市人民医院", funding_source=source, kind="award")]
        assert "fiscal" not in {r.signal for r in assess_funding(facts, today=NOW, company=company).reasons}


def test_a_message_form_is_not_the_page():
    from bs4 import BeautifulSoup

    from briefing.toolkit.html import drop_noise

    notice = "本网站将依法保护您的个人信息，提交留言即表示您同意我们的隐私政策。" * 8
    html = f"<html><body><p>公司简介正文</p><form><input name='a'><input name='b'><textarea></textarea><p>{notice}</p></form></body></html>"
    text = drop_noise(BeautifulSoup(html, "lxml")).get_text()
    assert "公司简介正文" in text and "隐私政策" not in text


def test_lots_written_as_blocks_keep_each_winner_with_its_amount():
    body = HEAD.replace("成交结果公告", "中标结果公告") + """<p>项目编号：JY-1</p><p>采购人：某某市档案馆</p>
    <p>第一包：</p><p>中标供应商：甲科技有限公司</p><p>中标金额：1,234,567.00元</p>
    <p>第二包：</p><p>中标供应商：乙信息有限公司</p><p>中标金额：1,356,789.50元</p></body></html>"""
    assert [(p.winner, float(p.amount.value)) for p in read(body)] == [("甲科技有限公司", 1234567.0), ("乙信息有限公司", 1356789.5)]
