"""The funding assessment: a conclusion only with evidence, each reason citing its facts."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from briefing.analysis.funding import assess_funding
from briefing.models import Amount, DateValue, Financing, Provenance, Registration, Share, Shareholder

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
SRC = Provenance("registry", "https://www.qcc.com/firm/1.html", NOW, "sha256:x")


def reg(field, value, text=None):
    return Registration(field, value, text or str(value), SRC)


def money(wan):
    return Amount(Decimal(wan) * 10000, f"{wan}万元人民币")


def test_a_thin_project_company_of_a_group_is_called_a_shell_with_its_evidence():
    facts = [
        reg("registered_capital", money(10000)), reg("paid_in_capital", money(100)), reg("insured_employees", 3),
        Shareholder("江苏某某控股集团有限公司", Share(0.9, "90%"), SRC), Shareholder("张三", Share(0.1, "10%"), SRC),
    ]
    result = assess_funding(facts, today=NOW)
    assert "江苏某某控股集团有限公司" in result.conclusion and "空壳" in result.conclusion
    signals = {r.signal for r in result.reasons}
    assert {"thin_capital", "thin_staff", "parent"} <= signals
    assert all(r.facts and all(f.source is SRC for f in r.facts) for r in result.reasons)
    assert result.questions[0].startswith("我们了解到江苏某某控股集团有限公司控股贵司")


def test_state_ownership_and_listing():
    facts = [
        Shareholder("某市人民政府国有资产监督管理委员会", Share(0.3, "30%"), SRC),
        Shareholder("香港中央结算有限公司", Share(0.05, "5%"), SRC),
        reg("listing_status", "正常上市"), reg("stock_code", "600123"),
    ]
    result = assess_funding(facts, today=NOW)
    assert {"state", "listed"} <= {r.signal for r in result.reasons}
    assert "国有" in result.conclusion
    assert any("公开招标" in q for q in result.questions)


def test_recent_financing_counts_and_old_does_not():
    recent = Financing("B轮", SRC, money(5000), ("某某资本",), DateValue("2025-03-01", "2025-03-01"))
    old = Financing("天使轮", SRC, None, (), DateValue("2015-01-01", "2015-01-01"))
    result = assess_funding([recent, old], today=NOW)
    texts = " ".join(r.text for r in result.reasons)
    assert "B轮" in texts and "天使轮" not in texts


def test_no_facts_no_verdict_only_questions():
    result = assess_funding([], today=NOW)
    assert result.reasons == ()
    assert "无法判断" in result.conclusion
    assert len(result.questions) >= 3


def test_english():
    facts = [reg("insured_employees", 2)]
    result = assess_funding(facts, today=NOW, language="en")
    assert result.conclusion.startswith("Hardly any staff") and "insured" in result.reasons[0].text


def test_not_listed_is_not_listed():
    for status in ("未上市", "拟上市", "已摘牌", "退市"):
        result = assess_funding([reg("listing_status", status)], today=NOW)
        assert "listed" not in {r.signal for r in result.reasons}, status


def test_a_state_fund_in_a_listed_float_is_not_state_ownership():
    facts = [Shareholder("王某某", Share(0.45, "45%"), SRC), Shareholder("全国社保基金一一八组合", Share(0.0085, "0.85%"), SRC),
             reg("listing_status", "正常上市")]
    result = assess_funding(facts, today=NOW)
    assert "state" not in {r.signal for r in result.reasons} and "上市" in result.conclusion


def test_a_head_office_with_staff_in_branches_is_not_a_shell():
    facts = [reg("insured_employees", 3), reg("branch_insured_employees", 5200), reg("staff_size", "5000人以上"),
             Shareholder("某某控股集团有限公司", Share(0.6, "60%"), SRC)]
    result = assess_funding(facts, today=NOW)
    assert "空壳" not in result.conclusion and "thin_staff" not in {r.signal for r in result.reasons}


def test_a_foreign_individual_is_an_owner_not_a_parent():
    result = assess_funding([Shareholder("John Smith", Share(0.7, "70%"), SRC)], today=NOW)
    assert "母公司" not in result.conclusion and {r.signal for r in result.reasons} == {"own"}


def test_paid_in_above_registered_says_nothing():
    result = assess_funding([reg("registered_capital", money(1000)), reg("paid_in_capital", money(5000))], today=NOW)
    assert not any("实缴" in r.text for r in result.reasons)
