"""The candidates and bidders that notices name, in each shape notices write them, and the
competition they make in the brief: at the customer (its tenders' bidders) and of the customer
(who bid against it). Notices here are written for these tests; one real page is read in place
from ../shared/realworld/.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefing.analysis.timeline import rivals
from briefing.models import Bid, Company, Page, Project, Provenance
from briefing.toolkit.adapter import Request
from sources.tenders import TendersAdapter

REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
BUYER = "宜兴市水务集团有限公司"


def bids_of(body: str, name: str = "https://ggzy.example.cn/notice/1.html") -> list[Bid]:
    page = Page(url=name, status=200, content_type="text/html", body=body.encode("utf-8"), text=body, encoding="utf-8",
                fetched_at=datetime(2024, 5, 20, tzinfo=timezone.utc))
    parsed = TendersAdapter().parse(page, Request(name, role="", depth=0, company=Company(BUYER)))
    return [f for f in parsed.facts if isinstance(f, Bid)]


def notice(body: str, title: str = "宜兴市第二污水处理厂提标改造工程中标候选人公示") -> str:
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>发布时间：2024-05-20</p>"
            f"<p>项目编号：YX-2024-018</p><p>招标人：{BUYER}</p>{body}</body></html>")


def test_ordinal_labels_each_with_its_price_in_its_block():
    found = bids_of(notice(
        "<p>第一中标候选人：江苏清泓建设工程有限公司</p><p>投标报价：13133081.96元</p><p>工  期：365日历天</p>"
        "<p>第二中标候选人：浙江蓝湾水务工程有限公司</p><p>投标报价：13092218.33元</p>"
        "<p>第三中标候选人：上海沁源环境工程有限公司</p><p>中标价：1953285.00（元）       工  期：60日历天</p>"))
    assert [(b.bidder, b.rank, b.role) for b in found] == [
        ("江苏清泓建设工程有限公司", 1, "candidate"), ("浙江蓝湾水务工程有限公司", 2, "candidate"), ("上海沁源环境工程有限公司", 3, "candidate")]
    assert [float(b.price.value) for b in found] == [13133081.96, 13092218.33, 1953285.0]
    assert all(b.project == "宜兴市第二污水处理厂提标改造工程" and b.buyer == BUYER for b in found)


def test_candidates_on_one_line_and_their_prices_apart():
    found = bids_of(notice(
        "<p>中标单位名称 第一中标候选人：江苏清泓建设工程有限公司 第二中标候选人：浙江蓝湾水务工程有限公司</p>"
        "<p>中标价 第一中标候选人报价：壹仟零柒拾玖万元整（小写：10790000.00元） 第二中标候选人报价：壹仟零伍拾玖万元整（小写：10590000.00元）</p>"))
    assert [(b.bidder, b.rank, float(b.price.value) if b.price else None) for b in found] == [
        ("江苏清泓建设工程有限公司", 1, 10790000.0), ("浙江蓝湾水务工程有限公司", 2, 10590000.0)]


def test_a_label_cell_then_its_name_cell():
    found = bids_of(notice("<table><tr><td>第一中标候选人</td><td>江苏清泓建设工程有限公司</td><td>得分</td><td>96.96</td></tr>"
                           "<tr><td>第二中标候选人</td><td>浙江蓝湾水务工程有限公司</td><td>得分</td><td>95.62</td></tr></table>"))
    assert [(b.bidder, b.rank) for b in found] == [("江苏清泓建设工程有限公司", 1), ("浙江蓝湾水务工程有限公司", 2)]


def test_a_row_per_bidder_with_the_unit_in_the_header_and_a_lot_per_table():
    found = bids_of(notice(
        "<p>第1包 ：</p><table><tr><td>排序</td><td>供应商名称</td><td>评审报价（万元）</td><td>评审得分</td></tr>"
        "<tr><td>1</td><td>江苏清泓膜科技有限公司</td><td>237.5</td><td>90.58</td></tr>"
        "<tr><td>2</td><td>浙江蓝湾膜分离技术有限公司</td><td>239.6</td><td>72.41</td></tr></table>"
        "<p>第2包 ：</p><table><tr><td>排序</td><td>供应商名称</td><td>评审报价（万元）</td><td>评审得分</td></tr>"
        "<tr><td>1</td><td>浙江蓝湾膜分离技术有限公司</td><td>265</td><td>81.38</td></tr></table>",
        title="宜兴市第二污水处理厂膜组件采购项目中标公告"))
    assert [(b.bidder, b.lot, b.rank, b.price.text if b.price else None) for b in found] == [
        ("江苏清泓膜科技有限公司", "包1", 1, "237.5万元"), ("浙江蓝湾膜分离技术有限公司", "包1", 2, "239.6万元"),
        ("浙江蓝湾膜分离技术有限公司", "包2", 1, "265万元")]
    assert all(b.role == "bidder" for b in found)


def test_a_column_per_candidate():
    found = bids_of(notice("<table><tr><td>项目名称</td><td>宜兴市第二污水处理厂提标改造工程</td></tr>"
                           "<tr><td>投标人排序</td><td>第一名</td><td>第二名</td></tr>"
                           "<tr><td>中标候选人名称</td><td>江苏清泓建设工程有限公司</td><td>浙江蓝湾水务工程有限公司</td></tr></table>"))
    assert [(b.bidder, b.rank) for b in found] == [("江苏清泓建设工程有限公司", 1), ("浙江蓝湾水务工程有限公司", 2)]


def test_a_list_of_bidders_with_prices_in_a_sentence():
    found = bids_of(notice("<p>拟中标人：江苏清泓建设工程有限公司，中标价（￥）110000元。</p>"
                           "<p>其他有效投标人：浙江蓝湾水务工程有限公司，投标报价（￥）117900元；上海沁源环境工程有限公司；投标报价（￥）138000元。</p>",
                           title="宜兴市第二污水处理厂绿化项目评审结果公示"))
    assert [(b.bidder, float(b.price.value) if b.price else None) for b in found] == [
        ("浙江蓝湾水务工程有限公司", 117900.0), ("上海沁源环境工程有限公司", 138000.0)]


def test_a_results_table_names_the_winner_not_a_bidder():
    found = bids_of(notice("<p>三、中标（成交）信息</p><table><tr><td>序号</td><td>供应商名称</td><td>中标（成交）金额</td><td>评审报价</td></tr>"
                           "<tr><td>1</td><td>江苏清泓建设工程有限公司</td><td>569800.00元</td><td>-</td></tr></table>",
                           title="宜兴市第二污水处理厂提标改造工程中标结果公告"))
    assert found == []


def test_no_organisation_no_bidder():
    found = bids_of(notice("<p>第一中标候选人：详见附件</p><p>第二中标候选人：王建国</p><p>全部投标单位：见开标记录</p>"))
    assert found == []


def test_a_real_notice_with_its_bidders_and_candidates():
    """ccgp's Guangdong award: 投标供应商 with their prices, then 候选中标供应商名单 (read in place)."""
    page = REALWORLD / "tender-ccgp-award-guangdong-2025.html"
    found = bids_of(page.read_text("utf-8"))
    assert len(found) == 5 and all(b.price is not None and b.lot == "包A" for b in found)
    assert {b.bidder for b in found if b.role == "candidate"} == {"深圳市金龙空调电器有限公司", "杭州临安广远家电有限公司", "深圳市协众建设有限公司"}


def _bid(bidder: str, buyer: str | None, url: str) -> Bid:
    return Bid(bidder, "某项目", Provenance("tenders", url, datetime(2024, 5, 20, tzinfo=timezone.utc), "0" * 16), buyer=buyer)


def test_rivals_at_the_customer_and_of_the_customer():
    company = Company("江苏恒远环保工程有限公司", ("恒远环保",))
    source = Provenance("tenders", "https://b/2", datetime(2024, 5, 20, tzinfo=timezone.utc), "0" * 16)
    facts = [
        _bid("江苏清泓膜科技有限公司", "江苏恒远环保工程有限公司", "https://a/1"),  # bid in its tender
        _bid("浙江蓝湾水务工程有限公司", "滨海临港水务发展有限公司", "https://b/2"),  # bid against it where it won
        Project("某项目", source, buyer="滨海临港水务发展有限公司", winner="江苏恒远环保工程有限公司", kind="award"),
        _bid("上海沁源环境工程有限公司", "某某市人民医院", "https://c/3"),  # a notice about neither: nothing
    ]
    found = rivals(facts, company)
    assert [name for name, _ in found.at_customer] == ["江苏清泓膜科技有限公司"]
    assert [name for name, _ in found.of_customer] == ["浙江蓝湾水务工程有限公司"]


@pytest.mark.parametrize("lang, words", [("zh", ("在客户的招标中投标或入围的厂家", "第1名候选人", "1286.5万元")),
                                          ("en", ("Who bid or was shortlisted", "candidate ranked 1", "1286.5万元"))])
def test_the_demo_brief_names_its_competition(tmp_path, lang, words):
    import pypdf
    from typer.testing import CliRunner

    from briefing.cli import app

    result = CliRunner().invoke(app, ["demo", "-o", str(tmp_path / "demo.pdf"), "--lang", lang, "-q"])
    assert result.exit_code == 0, result.output
    text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "demo.pdf").pages).replace("\n", "")
    for word in words:
        assert word in text
    assert "江苏清泓膜科技有限公司" in text
