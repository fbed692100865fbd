"""Registry families beyond the pages the team had (issue 18, third round), each on a page or
answer written here for its family: JSON behind an anti-hijacking prefix or a JSONP call,
registered capital in Han numerals, in bracketed units or in a currency named first, an
answer's two-field header block, Tianyancha's holder rows that list several subscriptions,
and holder cards that show their stake bare or glued to its label."""

from __future__ import annotations

import json

import pytest

from briefing.toolkit.normalise import han_money
from sources.registry.record import amount_of
from test_registry import parse, section

JSON = "application/json"
ANSWER = {"state": "ok", "message": "", "data": {
    "name": "成都某某信息技术有限公司", "legalPersonName": "钦明远", "regStatus": "存续",
    "regCapital": "500万人民币", "creditCode": "91510100MA61XYW12K", "estiblishTime": "2016-05-12",
}}


def fields(parsed) -> dict:
    return {f.field: f.text for f in section(parsed, "registration")}


@pytest.mark.parametrize("wrap", [
    ")]}',\n{}",  # Google-style guard before the JSON
    ")]}'\n{}",
    "while(1);{}",
    "for(;;);{}",
    "/*-secure-\n{}\n*/",
    "jQuery18304_1712({});",  # a JSONP call saved as it came
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}",  # status line and headers kept
])
def test_an_answer_wrapped_against_hijacking_is_read_as_json(wrap):
    body = wrap.replace("{}", json.dumps(ANSWER, ensure_ascii=False))
    for content_type in (JSON, "text/plain"):
        parsed = parse(body, "https://example.invalid/saved", content_type)
        assert parsed.status in (None, "ok")
        found = fields(parsed)
        assert found["name"] == "成都某某信息技术有限公司" and found["legal_representative"] == "钦明远"
        assert found["registered_capital"] == "500万人民币" and found["credit_code"] == "91510100MA61XYW12K"


def test_a_wrapped_refusal_is_still_a_refusal():
    parsed = parse(")]}',\n" + json.dumps({"state": "error", "message": "请登录", "data": None}), "https://example.invalid/x", JSON)
    assert parsed.status == "blocked"


@pytest.mark.parametrize("text, value, currency", [
    ("壹佰万元整", 1_000_000, "CNY"),
    ("人民币伍拾万元", 500_000, "CNY"),
    ("人民币壹仟伍佰万元整", 15_000_000, "CNY"),
    ("贰拾万零伍仟元", 205_000, "CNY"),
    ("叁佰万美元", 3_000_000, "USD"),
    ("一千零五十万元", 10_500_000, "CNY"),
    ("100（万元）", 1_000_000, "CNY"),
    ("50 (万元)", 500_000, "CNY"),
    ("100(万美元)", 1_000_000, "USD"),
    ("(人民币)1,000万元", 10_000_000, "CNY"),
    ("100万元（港币）", 1_000_000, "HKD"),
    ("美元100万", 1_000_000, "USD"),  # the currency named first
    ("港币 500万元", 5_000_000, "HKD"),
    ("100万美金", 1_000_000, "USD"),
    ("10000.0000万人民币元", 100_000_000, "CNY"),
    ("100万元（货币）", 1_000_000, "CNY"),  # paid in cash: the way it was paid, not a currency
    ("100万美元(货币)", 1_000_000, "USD"),
])
def test_capital_in_han_numerals_and_odd_units(text, value, currency):
    money = amount_of(text)
    assert money is not None and money.value == value and money.currency == currency and money.text


@pytest.mark.parametrize("text", [
    "100万澳门元", "100万加拿大元", "100万瑞士法郎", "100万马来西亚林吉特", "100万日圆", "100万泰铢", "日元100万",  # currencies not read
    "数千万人民币", "近百万元", "五十余万元", "几十万元", "一千多万元", "千万元",  # a size, not a sum
    "壹仟万",  # no unit: a bare number
])
def test_no_amount_rather_than_a_wrong_one(text):
    assert amount_of(text) is None


def test_han_money_keeps_the_words_around_the_figure():
    assert han_money("人民币壹佰万元整") == "人民币1000000元整"
    assert han_money("十万火急") is None and han_money("100万元") is None and han_money("一二万元") is None


def test_capital_in_han_numerals_on_a_page():
    html = """<html><body><h1>仙桃市某某百货经营部</h1><table>
    <tr><th>注册资本</th><td>人民币壹拾伍万元整</td><th>成立日期</th><td>2014年03月05日</td></tr></table></body></html>"""
    assert fields(parse(html))["registered_capital"] == "人民币壹拾伍万元整"
    money = next(f for f in section(parse(html), "registration") if f.field == "registered_capital").value
    assert money.value == 150_000


def test_an_answers_header_block_names_the_company_with_two_fields():
    """Aiqicha's {status, msg, data: {basicData: {entName, legalPerson, logo…}, shareholdersData: {list}}}."""
    answer = {"status": 0, "msg": "", "data": {
        "basicData": {"entName": "某某新能源科技股份有限公司", "legalPerson": "高某清", "logo": "", "logoWord": "某某能源", "pid": "1036"},
        "shareholdersData": {"total": 2, "page": 1, "size": 10, "list": [
            {"pid": "", "name": "台文英", "subRate": "-", "logoWord": "台"},
            {"pid": "", "name": "广州某某投资管理有限公司", "subRate": "12.5%", "logoWord": "广"}]},
        "directorsData": {"total": 1, "list": [{"name": "高某清", "title": "董事长兼总经理"}]},
        "investRecordData": {"total": 26, "list": [{"pid": "2", "entName": "湖北某同新能源有限公司", "regRate": "-", "regCapital": "-"}]},
    }}
    parsed = parse(json.dumps(answer, ensure_ascii=False), "https://example.invalid/detail", JSON)
    found = fields(parsed)
    assert found["name"] == "某某新能源科技股份有限公司" and found["legal_representative"] == "高某清"
    assert [h.name for h in section(parsed, "shareholders")] == ["台文英", "广州某某投资管理有限公司"]
    # an investee's own block is no header: its name never becomes the record's
    listed = {"status": 0, "data": {"investRecordData": {"list": [
        {"basicData": {"entName": "湖北某同新能源有限公司", "legalPerson": "李某"}},
        {"basicData": {"entName": "西安某某消防科技有限公司", "legalPerson": "王某"}}]}}}
    assert "name" not in fields(parse(json.dumps(listed, ensure_ascii=False), "https://example.invalid/x", JSON))


HOLDERS_2018 = """<html><body><h1>某某农村商业银行股份有限公司</h1>
<div class="block-data"><div class="data-header" id="nav-main-holderCount">股东信息<span class="data-count">2</span></div>
<div class="data-content" id="_container_holder"><table class="table"><thead><tr><th>序号</th>
<th>股东（发起人）<span><span class="link-vip">查看实际控股人 &gt;</span></span></th><th>出资比例</th><th>认缴出资</th><th>出资时间</th></tr></thead>
<tbody><tr><td>1</td><td><div class="text-image-human"><div class="logo-text"><span class="text">某商银行</span></div>
<div class="dagudong"><a class="link-click" title="某商银行股份有限公司">某商银行股份有限公司</a><span class="num-dagudong">大股东</span></div>
<div class="right"><a class="link-vip">他参股5家公司 &gt;</a></div></div></td>
<td><div><div><span class="num-investment-rate">8.60%</span></div></div></td>
<td><div><span>320万人民币</span></div><div><span>1000万人民币</span></div><div><span>2000万人民币</span></div></td>
<td><div><span>2018-04-30</span></div><div><span>2008-07-16</span></div><div><span>2011-12-31</span></div></td></tr>
<tr><td>2</td><td><div class="text-image-human"><div class="logo-text"><span class="text">傅</span></div>
<a class="link-click" title="傅明远">傅明远</a><div class="right"><a class="link-vip">他有1家公司 &gt;</a></div></div></td>
<td><div><div><span class="num-investment-rate">1.20%</span></div></div></td>
<td><div><span>96万人民币</span></div></td><td><div><span>2018-04-30</span></div></td></tr></tbody></table></div></div>
</body></html>"""


def test_a_holder_who_subscribed_several_times_has_no_one_amount():
    """Tianyancha 2018: one holder row, four subscriptions stacked in the cell; the first of them
    is not the holder's amount, nor the first date its date."""
    holders = {h.name: h for h in section(parse(HOLDERS_2018), "shareholders")}
    bank = holders["某商银行股份有限公司"]
    assert bank.stake.value == pytest.approx(0.086) and bank.subscribed_amount is None and bank.subscribed_date is None
    person = holders["傅明远"]
    assert person.stake.value == pytest.approx(0.012) and person.subscribed_amount.value == 960_000
    assert person.subscribed_date.value == "2018-04-30"


def test_a_2017_holder_cell_gives_its_date_with_its_amount():
    """Tianyancha 2017: 「认缴出资」 holds the amount and 「时间：…」 together, no date column."""
    html = """<html><body><h1>上海某某汽车俱乐部有限公司</h1><div class="intro-head-b1">股东信息<span>2</span></div>
    <table class="table companyInfo-table"><thead><tr><th>股东</th><th>出资比例</th><th>认缴出资</th></tr></thead><tbody>
    <tr><td><a title="辛洪涛">辛洪涛</a></td><td><span class="c-money-y">80.00%</span></td>
    <td><div><span class="">40.00万元</span></div><div><span>时间：2016-05-01</span></div></td></tr>
    <tr><td><a title="苏汗力">苏汗力</a></td><td><span class="c-money-y">20.00%</span></td><td><div><span class="">10.00万元</span></div></td></tr>
    </tbody></table></body></html>"""
    holders = {h.name: h for h in section(parse(html), "shareholders")}
    assert holders["辛洪涛"].subscribed_amount.value == 400_000 and holders["辛洪涛"].subscribed_date.value == "2016-05-01"
    assert holders["苏汗力"].stake.value == pytest.approx(0.2) and holders["苏汗力"].subscribed_date is None


def test_holder_rows_with_a_table_inside_the_name_cell():
    """Tianyancha 2019-2020: the name cell holds a table (avatar, linked name with tags, link)."""
    row = """<tr><td>{n}</td><td><table><tbody><tr><td><div class="logo-text">{a}</div></td><td><a class="link-click">{name}</a>
    <div><span class="tag">大股东</span></div></td><td><a class="link-vip">他有3家公司 &gt;</a></td></tr></tbody></table></td>
    <td><div><div><span>{stake}</span></div></div></td><td><div><span>{amount}</span></div></td></tr>"""
    rows = row.format(n=1, a="傅", name="傅明远", stake="70%", amount="700万元") + \
        row.format(n=2, a="某某", name="北京某某投资有限公司", stake="30%", amount="300万元")
    html = f"""<html><body><h1>北京某某科技有限公司</h1><div class="data-header"><span class="data-title">股东信息</span></div>
    <div id="_container_holder"><table class="table"><thead><tr><th>序号</th><th>股东（发起人）</th><th>持股比例</th><th>认缴出资额</th></tr></thead>
    <tbody>{rows}</tbody></table></div></body></html>"""
    holders = [(h.name, h.stake.value, h.subscribed_amount.value) for h in section(parse(html), "shareholders")]
    assert holders == [("傅明远", 0.7, 7_000_000), ("北京某某投资有限公司", 0.3, 3_000_000)]


@pytest.mark.parametrize("card", [
    "<div class='holder-item'><a>{n}</a><div>出资比例：{p}</div><div>认缴出资：{a}</div></div>",  # label and value in one run
    "<div class='holder-item'><a>{n}</a><span>出资比例</span><span>{p}</span><span>认缴出资</span><span>{a}</span></div>",
    "<li><a>{n}</a> <span>{p}</span> <span>{a}</span></li>",  # the stake bare, the card's one percentage
])
def test_holder_cards_give_their_stakes(card):
    cards = "".join(card.format(n=n, p=p, a=a) for n, p, a in [("傅明远", "60%", "60万元"), ("北京某某投资有限公司", "40%", "40万元")])
    html = f"""<html><body><h1>北京某某科技有限公司</h1><div class="company_header"><span class="title">股东信息</span></div>
    <div class="row"><ul>{cards}</ul></div><div class="company_header"><span class="title">变更记录</span></div></body></html>"""
    holders = [(h.name, h.stake.value) for h in section(parse(html), "shareholders")]
    assert holders == [("傅明远", 0.6), ("北京某某投资有限公司", 0.4)]


def test_people_cards_with_a_glued_title():
    html = """<html><body><h1>北京某某科技有限公司</h1><div class="company_header"><span class="title">主要人员</span></div>
    <div class="row"><div class="staff-item"><a>傅明远</a><span>职务：执行董事兼总经理</span></div>
    <div class="staff-item"><a>周丽华</a><span>职务：监事</span></div></div></body></html>"""
    assert {e.name: e.title for e in section(parse(html), "executives")} == {"傅明远": "执行董事兼总经理", "周丽华": "监事"}


@pytest.mark.parametrize("name", ["傅强", "台文英", "钦小明", "荀子健", "桓大伟"])
def test_holders_with_surnames_of_the_old_list(name):
    html = f"""<html><body><h1>北京某某科技有限公司</h1><h3>股东信息</h3><table><tr><th>股东</th><th>持股比例</th></tr>
    <tr><td>{name}</td><td>100%</td></tr></table></body></html>"""
    assert [h.name for h in section(parse(html), "shareholders")] == [name]


TYC_2016 = {"state": "ok", "message": "", "data": {
    "baseInfo": {"id": 2316290029, "name": "上海某某汽车俱乐部有限公司", "legalPersonName": "辛洪涛", "regStatus": "存续",
                 "regCapital": "50万元人民币", "estiblishTime": 1462636800000, "creditCode": "91310114MA1GT3XW2K"},
    "investorList": [
        {"amount": 40.0, "id": 2198598076, "name": "辛洪涛", "type": 2, "capital": [{"amomon": "40万元", "percent": "80%", "time": "2016-05-01"}]},
        {"amount": 10.0, "id": 2316290030, "name": "苏汗力", "type": 2, "capital": [{"amomon": "10万元", "percent": "20%"}]}],
    "staffList": [{"id": 2198598076, "name": "辛洪涛", "typeJoin": ["执行董事"], "type": 2}],
    "comChanInfoList": [{"changeItem": "投资人变更", "contentBefore": "王某某", "contentAfter": "辛洪涛"}],
}}


@pytest.mark.parametrize("wrapped", [False, True])
def test_tianyanchas_investor_list_is_its_holders(wrapped):
    """Tianyancha 2016-2018 calls the holders 「investorList」 (bare, or {total, result} as its
    AngularJS pages bound it), the word that elsewhere names a funding round's investors."""
    answer = json.loads(json.dumps(TYC_2016))
    if wrapped:
        answer["data"]["investorList"] = {"total": 2, "result": answer["data"]["investorList"]}
    parsed = parse(json.dumps(answer, ensure_ascii=False), "https://example.invalid/company/2316290029.json", JSON)
    holders = [(h.name, h.stake.value, h.subscribed_amount.value) for h in section(parsed, "shareholders")]
    assert holders == [("辛洪涛", 0.8, 400_000), ("苏汗力", 0.2, 100_000)]


def test_a_rounds_investor_list_is_never_holders():
    answer = {"state": "ok", "data": {"baseInfo": TYC_2016["data"]["baseInfo"], "investorList": [
        {"name": "某某资本管理有限公司", "round": "A轮", "money": "数千万人民币"},
        {"name": "傅明远", "round": "天使轮", "money": "500万人民币"}]}}
    parsed = parse(json.dumps(answer, ensure_ascii=False), "https://example.invalid/x", JSON)
    assert section(parsed, "shareholders") == []
    names_only = {"state": "ok", "data": {"investorList": [{"name": "某某资本管理有限公司"}, {"name": "某某创投有限公司"}]}}
    assert section(parse(json.dumps(names_only, ensure_ascii=False), "https://example.invalid/x", JSON), "shareholders") == []


@pytest.mark.parametrize("unit, expected", [("万人民币", 1_000_000), ("万美元", 1_000_000), ("人民币元", None), ("美元", None), (None, None)])
def test_a_bare_capital_takes_its_scale_from_its_sibling_key(unit, expected):
    """The credit publicity systems' {"REGCAP": "100.000000", "REGCAPCUR": "万人民币"}: a unit that
    names its scale makes the figure an amount; 「人民币元」 says nothing sure of the 万."""
    record = {"entName": "北京某某科技有限公司", "legalPerson": "傅明远", "openStatus": "存续", "REGCAP": "100.000000"}
    if unit:
        record["REGCAPCUR"] = unit
    capital = [f for f in section(parse(json.dumps(record, ensure_ascii=False), "https://example.invalid/x", JSON), "registration")
               if f.field == "registered_capital"]
    assert (capital[0].value.value if capital else None) == expected


@pytest.mark.parametrize("currency, expected", [("人民币", (1_000_000, "CNY")), ("美元", (1_000_000, "USD")), ("日元", None), (None, (1_000_000, "CNY"))])
def test_a_bare_capital_in_the_currency_its_page_names(currency, expected):
    """gsxt: 「注册资本(万元)：100」 and 「注册资本币种：美元」 is 100万美元, never 100万 yuan."""
    extra = f"<li><span class='k'>注册资本币种：</span><span>{currency}</span></li>" if currency else ""
    html = f"""<html><body><h1>北京某某科技有限公司</h1><ul><li><span class='k'>注册资本(万元)：</span><span>100</span></li>{extra}</ul></body></html>"""
    capital = [f.value for f in section(parse(html), "registration") if f.field == "registered_capital"]
    assert ((capital[0].value, capital[0].currency) if capital else None) == expected


@pytest.mark.parametrize("currency, expected", [("人民币", (1_000_000, "CNY")), ("美元", (1_000_000, "USD")), ("日元", None)])
def test_a_holders_amount_in_the_currency_of_its_column(currency, expected):
    html = f"""<html><body><h1>北京某某科技有限公司</h1><h3>股东及出资信息</h3><table><tr><th>序号</th><th>股东名称</th>
    <th>认缴出资额(万元)</th><th>币种</th><th>出资比例</th></tr><tr><td>1</td><td>傅明远</td><td>100</td><td>{currency}</td><td>100%</td></tr></table></body></html>"""
    amount = section(parse(html), "shareholders")[0].subscribed_amount
    assert ((amount.value, amount.currency) if amount else None) == expected


@pytest.mark.parametrize("name", ["全国社会保障基金理事会", "某某村股份经济合作联合社", "某某县集体资产管理中心"])
def test_public_bodies_hold_shares_too(name):
    html = f"""<html><body><h1>某某股份有限公司</h1><h3>股东信息</h3><table><tr><th>股东名称</th><th>持股比例</th></tr>
    <tr><td>{name}</td><td>3.5%</td></tr><tr><td>董事会</td><td>-</td></tr></table></body></html>"""
    assert [h.name for h in section(parse(html), "shareholders")] == [name]


def test_an_answers_holder_with_two_subscription_dates_has_no_one_date():
    answer = {"Status": "200", "Message": "查询成功", "Result": {"Name": "北京某某科技有限公司", "OperName": "傅明远", "Status": "存续",
              "Partners": [{"StockName": "傅明远", "StockPercent": "60.00%", "ShouldCapi": "60", "ShoudDate": "2016-01-01,2019-06-30"},
                           {"StockName": "周丽华", "StockPercent": "40.00%", "ShouldCapi": "40", "ShoudDate": "2016-01-01"}]}}
    holders = {h.name: h for h in section(parse(json.dumps(answer, ensure_ascii=False), "https://example.invalid/x", JSON), "shareholders")}
    assert holders["傅明远"].subscribed_date is None and holders["周丽华"].subscribed_date.value == "2016-01-01"
