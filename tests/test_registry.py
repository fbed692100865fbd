"""The registry adapter beyond the fixture cases: sections that say nothing, walls, API errors,
JSON against tables, and the user's login never leaving the request it was meant for."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from briefing.toolkit.adapter import Request
from briefing.cli import app
from briefing.gathering.credentials import Credentials, RedactingFilter, keyring_entry
from briefing.models import Page
from sources.registry.adapter import RegistryAdapter

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
URL = "https://www.qcc.com/firm/abc.html"


def parse(html: str, url: str = URL, content_type: str = "text/html"):
    page = Page(url, html.encode("utf-8"), html, "utf-8", NOW, content_type=content_type)
    return RegistryAdapter().parse(page, Request(url, "record", signed=True))


def section(parsed, name: str) -> list:
    return [f for f in parsed.facts if f.section == name]


BASIC = """<table class="ntable"><tr><td class="tb">企业名称</td><td>苏州某某精密机械有限公司</td>
<td class="tb">法定代表人</td><td><a>陈立群</a> <a>他关联3家公司 &gt;</a></td></tr>
<tr><td class="tb">注册资本</td><td>2000万元人民币</td><td class="tb">成立日期</td><td>2016-03-01</td></tr></table>"""


@pytest.mark.parametrize("empty", [
    '<tr><td colspan="5">加载中...</td></tr>',
    '<tr><td colspan="5" class="noData">暂无数据</td></tr>',
    '<tr><td colspan="5">抱歉，没有找到相关信息，请更换关键词重试</td></tr>',
    "",
])
def test_empty_and_loading_sections_give_no_people(empty):
    html = f"""<html><body>{BASIC}
    <section><h3 class="title">股东信息</h3><table><tr><th>序号</th><th>股东名称</th><th>持股比例</th><th>认缴出资额(万元)</th></tr>{empty}</table></section>
    <section><h3 class="title">主要人员</h3><table><tr><th>序号</th><th>姓名</th><th>职务</th></tr>{empty}</table></section>
    <div class="sidebar"><h4>相关公司</h4><table><tr><th>姓名</th><th>职务</th></tr><tr><td>王建国</td><td>董事长</td></tr></table></div>
    <div class="hot-person"><p>热门人物</p><ul><li>马云 董事长</li><li>刘强东 董事长</li></ul></div>
    </body></html>"""
    parsed = parse(html)
    assert parsed.status is None
    assert section(parsed, "shareholders") == []
    assert section(parsed, "executives") == []
    fields = {f.field: f.value for f in section(parsed, "registration")}
    assert fields["legal_representative"] == "陈立群"
    assert fields["registered_capital"].value == 20_000_000


def test_a_fragment_without_html_is_read():
    fragment = """<section id="partners"><table class="ntable"><thead><tr><th>序号</th><th>股东（发起人）</th><th>持股比例</th>
    <th>认缴出资额(万元)</th><th>认缴出资日期</th></tr></thead><tbody>
    <tr><td>1</td><td><span class="headimg">陈</span><a>陈立群</a><span class="ntag">大股东</span></td><td>70.00%</td><td>1400</td><td>2036-02-28</td></tr>
    <tr><td>2</td><td><a>苏州某某投资合伙企业（有限合伙）</a></td><td>30.00%</td><td>600</td><td>2036-02-28</td></tr>
    </tbody></table></section>"""
    holders = section(parse(fragment), "shareholders")
    assert [(h.name, h.stake.value, h.subscribed_amount.value) for h in holders] == [
        ("陈立群", 0.7, 14_000_000), ("苏州某某投资合伙企业（有限合伙）", 0.3, 6_000_000)]


def test_embedded_json_and_table_are_never_both_read():
    state = {"company": {"Name": "苏州某某精密机械有限公司", "OperName": "陈立群", "RegistCapi": "2000万元人民币",
                         "Partners": [{"StockName": "陈立群", "StockPercent": "70%"}, {"StockName": "周敏", "StockPercent": "20%"},
                                      {"StockName": "吴涛", "StockPercent": "10%"}]}}
    html = f"""<html><head><script>window.__INITIAL_STATE__ = {json.dumps(state, ensure_ascii=False)};</script></head><body>{BASIC}
    <h3 class="title">股东信息</h3><table><tr><th>序号</th><th>股东名称</th><th>持股比例</th></tr>
    <tr><td>1</td><td>陈立群</td><td>70.00%</td></tr><tr><td>2</td><td>周敏</td><td>20.00%</td></tr></table></body></html>"""
    holders = section(parse(html), "shareholders")
    assert sorted(h.name for h in holders) == ["吴涛", "周敏", "陈立群"]  # the richer reading, once each
    legal = [f for f in section(parse(html), "registration") if f.field == "legal_representative"]
    assert len(legal) == 1


def test_the_change_log_never_gives_people():
    html = f"""<html><body>{BASIC}<section><h3 class="title">变更记录</h3><table>
    <tr><th>序号</th><th>变更日期</th><th>变更项目</th><th>变更前</th><th>变更后</th></tr>
    <tr><td>1</td><td>2020-01-01</td><td>企业名称</td><td>苏州旧名机械有限公司</td><td>苏州某某精密机械有限公司</td></tr>
    <tr><td>2</td><td>2020-01-01</td><td>法定代表人</td><td>赵德明</td><td>陈立群</td></tr></table></section></body></html>"""
    parsed = parse(html)
    assert section(parsed, "executives") == [] and section(parsed, "shareholders") == []
    names = {f.field: f.value for f in section(parsed, "registration")}
    assert names["name"] == "苏州某某精密机械有限公司" and names["legal_representative"] == "陈立群"


@pytest.mark.parametrize("wall", [
    "<html><head><title>天眼查</title></head><body><div>请进行身份验证以继续使用</div><div id='captcha'>拖动滑块完成验证</div></body></html>",
    "<html><body><p>您的访问过于频繁，请输入验证码</p></body></html>",
])
def test_a_verification_wall_is_blocked_not_content(wall):
    parsed = parse(wall)
    assert parsed.status == "blocked" and parsed.facts == ()
    assert "save the page" in parsed.reason


def test_api_errors():
    refused = parse('{"Status": "101", "Message": "KEY不存在或已经被暂停", "Result": null}', "https://api.qichacha.com/x", "application/json")
    assert refused.status == "blocked" and "KEY不存在" in refused.reason
    empty = parse('{"error_code": 300000, "reason": "无数据", "result": null}', "http://open.api.tianyancha.com/x", "application/json")
    assert empty.status is None and empty.facts == ()
    broken = parse("{not json", "https://api.qichacha.com/x", "application/json")
    assert broken.status == "stale"


# --- credentials -------------------------------------------------------------------------


def test_credentials_by_site_and_redaction():
    creds = Credentials(environ={"BRIEFING_QICHACHA_COOKIE": "QCCSESSID=s3cr3t", "BRIEFING_TIANYANCHA_TOKEN": "tyc-tok",
                                 "BRIEFING_QICHACHA_KEY": "k3y", "BRIEFING_QICHACHA_SECRET": "sec"},
                        keyring_lookup=lambda entry: None, clock=lambda: 1700000000)
    assert creds.sign("https://www.qcc.com/firm/1.html").headers == {"Cookie": "QCCSESSID=s3cr3t"}
    assert creds.sign("https://evil.example/qcc.com").__class__ is type(None)
    assert creds.sign("http://open.api.tianyancha.com/services/open/ic/baseinfo/normal?keyword=x").headers == {"Authorization": "tyc-tok"}
    signed = creds.sign("https://api.qichacha.com/ECIV4/GetBasicDetailsByName?keyword=%E6%9F%90")
    assert signed.url.startswith("https://api.qichacha.com/ECIV4/GetBasicDetailsByName?key=k3y&keyword=")
    assert signed.headers["Timespan"] == "1700000000"
    assert signed.headers["Token"] == __import__("hashlib").md5(b"k3y1700000000sec").hexdigest().upper()
    text = f"failed {signed.url} with QCCSESSID=s3cr3t and {signed.headers['Token']}"
    assert "s3cr3t" not in creds.redact(text) and "k3y" not in creds.redact(text) and signed.headers["Token"] not in creds.redact(text)


def test_keyring_is_asked_when_the_environment_has_nothing():
    asked = []
    creds = Credentials(environ={}, keyring_lookup=lambda entry: asked.append(entry) or "from-keyring")
    assert creds.sign("https://www.tianyancha.com/company/1").headers == {"Cookie": "from-keyring"}
    assert asked == [keyring_entry("BRIEFING_TIANYANCHA_COOKIE")] == ["tianyancha-cookie"]


def test_the_redacting_filter_cleans_log_records():
    import logging
    creds = Credentials(environ={"BRIEFING_GSXT_COOKIE": "gsxt-secret"}, keyring_lookup=lambda e: None)
    creds.sign("https://www.gsxt.gov.cn/x")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "fetching with %s", ("gsxt-secret",), None)
    RedactingFilter(creds).filter(record)
    assert "gsxt-secret" not in record.getMessage()


SECRET_COOKIE = "acw_tc=COOKIE-SECRET-81723"
SECRET_KEY, SECRET_SALT = "APIKEY-SECRET-5521", "SALT-SECRET-9911"


# Other people's pages, read in place beside the checkout (fixtures/README.md), never copied into fixtures/.
REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"


@pytest.mark.skipif(not (REALWORLD / "registry-qichacha-company-2018.html").is_file(),
                    reason=f"needs ../shared/realworld/registry-qichacha-company-2018.html beside the checkout ({REALWORLD})")
def test_the_login_never_reaches_the_store_json_pdf_or_log(tmp_path: Path, monkeypatch):
    """End to end through `briefing build -v`: the secrets go to the registry and nowhere else."""
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BRIEFING_QICHACHA_COOKIE", SECRET_COOKIE)
    monkeypatch.setenv("BRIEFING_QICHACHA_KEY", SECRET_KEY)
    monkeypatch.setenv("BRIEFING_QICHACHA_SECRET", SECRET_SALT)

    async def public_dns(host: str) -> list[str]:
        return ["93.184.216.34"]

    monkeypatch.setattr("briefing.gathering.fetch._getaddrinfo", public_dns)
    case = Path(__file__).parent.parent / "fixtures" / "registry"
    page = (REALWORLD / "registry-qichacha-company-2018.html").read_bytes()
    api = (case / "api-qcc-basic" / "page.json").read_bytes()
    seen: list[httpx.Request] = []

    def answer(body: bytes, kind: str):
        def reply(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(200, content=body, headers={"Content-Type": kind})
        return reply

    api_calls = {"n": 0}

    def flaky_api(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        api_calls["n"] += 1
        if api_calls["n"] == 1:  # a retry is logged with its URL: the key must not be in that line
            return httpx.Response(503, headers={"Retry-After": "0"})
        return httpx.Response(200, content=api, headers={"Content-Type": "application/json"})

    account = tmp_path / "acct.toml"
    account.write_text(
        'name = "北京中科遥数信息技术有限公司"\n[sources]\nregistry = ["https://www.qcc.com/firm/abc.html", '
        '"https://api.qichacha.com/ECIV4/GetDetailsByName?keyword=x"]\n', encoding="utf-8")
    pdf, out = tmp_path / "b.pdf", tmp_path / "b.json"
    with respx.mock(assert_all_mocked=True) as router:
        router.get(url__regex=r".*/robots\.txt").mock(return_value=httpx.Response(404))
        router.get("https://www.qcc.com/firm/abc.html").mock(side_effect=answer(page, "text/html; charset=utf-8"))
        router.get(url__startswith="https://api.qichacha.com/ECIV4/GetDetailsByName").mock(side_effect=flaky_api)
        result = CliRunner().invoke(app, ["-v", "build", str(account), "-o", str(pdf), "--json", str(out)])
    assert result.exit_code == 0, result.output
    # the secrets went where they belong ...
    page_request = next(r for r in seen if r.url.host == "www.qcc.com")
    assert page_request.headers["Cookie"] == SECRET_COOKIE
    api_request = next(r for r in seen if r.url.host == "api.qichacha.com")
    assert api_request.url.params["key"] == SECRET_KEY and "Token" in api_request.headers
    assert "Cookie" not in api_request.headers
    # ... and nowhere else
    written = [pdf.read_bytes(), out.read_bytes(), result.output.encode(), (result.stderr or "").encode()]
    written += [p.read_bytes() for p in (tmp_path / "home").rglob("*") if p.is_file()]
    for blob in written:
        for secret in (SECRET_COOKIE, SECRET_KEY, SECRET_SALT, api_request.headers["Token"]):
            assert secret.encode() not in blob
    dossier = json.loads(out.read_text("utf-8"))
    assert {s["status"] for s in dossier["sources"]} == {"ok"}
    assert dossier["registration"]["credit_code"]["value"] == "91110105579065830X"
    urls = {f["source"]["url"] for f in dossier["shareholders"]}
    assert "https://api.qichacha.com/ECIV4/GetDetailsByName?keyword=x" in urls


def test_the_real_keyring_without_a_backend_is_no_login_not_a_crash():
    from briefing.gathering.credentials import _keyring_lookup

    assert _keyring_lookup("briefing-test-entry-that-does-not-exist") is None


@pytest.mark.parametrize("label, value, field, expected", [
    ("统一社会信用代码", "110108014037697", "registration_number", "110108014037697"),  # an old record
    ("统一社会信用代码", "91110105579065830X", "credit_code", "91110105579065830X"),
    ("成立日期", "2014年10月13日", "established", "2014-10-13"),
    ("成立日期", "2019-7-11", "established", "2019-07-11"),
    ("注册资本", "500万美元", "registered_capital", ("USD", 5_000_000)),
    ("注册资本", "1250万人民币", "registered_capital", ("CNY", 12_500_000)),
    ("参保人数", "48人（2023年报）", "insured_employees", 48),
    ("人员规模", "100-499人", "staff_size", "100-499人"),
])
def test_record_values_as_registries_print_them(label, value, field, expected):
    parsed = parse(f"<table><tr><td class='tb'>{label}</td><td>{value}</td></tr></table>")
    found = {f.field: f.value for f in section(parsed, "registration")}
    got = found[field]
    if isinstance(expected, tuple):
        got = (got.currency, int(got.value))
    elif hasattr(got, "value"):
        got = got.value
    assert got == expected
    assert "credit_code" not in found or field == "credit_code"


def test_headcounts_are_kept_apart():
    parsed = parse("""<table><tr><td>参保人数</td><td>21 2023年报</td><td>分支机构参保人数</td><td>670 (2023年报)</td></tr>
    <tr><td>员工人数</td><td>10206人</td><td>人员规模</td><td>小于50人</td></tr></table>""")
    found = {f.field: f.value for f in section(parsed, "registration")}
    assert (found["insured_employees"], found["branch_insured_employees"], found["employees"], found["staff_size"]) == (21, 670, 10206, "小于50人")


def test_one_person_on_two_rows_is_one_executive_with_both_titles():
    parsed = parse("""<h3 class="title">主要人员</h3><table><tr><th>序号</th><th>姓名</th><th>职务</th></tr>
    <tr><td>1</td><td>王鹏 他关联5家公司 &gt;</td><td>经理</td></tr><tr><td>2</td><td>刘良玉</td><td>董事</td></tr>
    <tr><td>3</td><td><a>王鹏</a><a>他关联5家公司 &gt;</a></td><td>董事长</td></tr></table>""")
    assert [(e.name, e.title) for e in section(parsed, "executives")] == [("王鹏", "经理、董事长"), ("刘良玉", "董事")]


def test_pairs_under_other_sections_are_not_the_record():
    parsed = parse("""<html><body><h1>苏州某某精密机械有限公司</h1>
    <div class="m-block"><div class="m-block-title">分支机构</div><div class="branch-card"><div class="branch-name">苏州某某精密机械有限公司昆山分公司</div>
    <div class="col"><div class="title">负责人</div><div class="content">林巧云</div></div>
    <div class="col"><div class="title">成立日期</div><div class="content">2021-07-06</div></div></div></div>
    <div class="box"><h4>相关公司</h4><p>法定代表人：赵大海</p><p>注册资本：5000万元人民币</p></div>
    </body></html>""")
    found = {f.field: f.value for f in section(parsed, "registration")}
    assert "legal_representative" not in found and "established" not in found and "registered_capital" not in found
    assert [b.name for b in section(parsed, "branches")] == ["苏州某某精密机械有限公司昆山分公司"]


# --- cases a fresh-eyes review found (each once gave a wrong fact or a crash) ---------------

RECORD = f"<h1>苏州某某精密机械有限公司</h1>{BASIC}"
PEOPLE = """<h3 class="title">主要人员</h3><table><tr><th>序号</th><th>姓名</th><th>职务</th></tr>
<tr><td>1</td><td>陈立群</td><td>执行董事</td></tr><tr><td>2</td><td>周敏</td><td>监事</td></tr></table>"""


def test_a_people_table_elsewhere_never_replaces_the_executives():
    elsewhere = """<div class="panel b-a" id="personList"><div class="panel-heading">热门人物</div><table>
    <tr><th>姓名</th><th>职务</th><th>任职企业</th></tr>
    <tr><td>吴立群</td><td>董事长</td><td>某甲公司</td></tr><tr><td>周立新</td><td>总经理</td><td>某乙公司</td></tr>
    <tr><td>孙立平</td><td>董事</td><td>某丙公司</td></tr></table></div>
    <div class="box"><table><tr><th>姓名</th><th>职务</th></tr><tr><td>钱立海</td><td>董事长</td></tr>
    <tr><td>郑立山</td><td>总经理</td></tr><tr><td>冯立文</td><td>董事</td></tr></table></div>"""
    people = section(parse(f"<html><body>{RECORD}{PEOPLE}{elsewhere}</body></html>"), "executives")
    assert [p.name for p in people] == ["陈立群", "周敏"]


def test_annual_report_shareholders_are_history():
    current = """<h3 class="title">股东信息</h3><table><tr><th>序号</th><th>股东名称</th><th>持股比例</th></tr>
    <tr><td>1</td><td>陈立群</td><td>70%</td></tr><tr><td>2</td><td>周敏</td><td>30%</td></tr></table>"""
    report = """<h3 class="title">2018年度报告 股东及出资信息</h3><table><tr><th>序号</th><th>股东</th><th>持股比例</th><th>认缴出资额(万元)</th></tr>
    <tr><td>1</td><td>陈立群</td><td>50%</td><td>900</td></tr><tr><td>2</td><td>郑宏远</td><td>30%</td><td>540</td></tr>
    <tr><td>3</td><td>蔡文静</td><td>20%</td><td>360</td></tr></table>"""
    holders = section(parse(f"<html><body>{RECORD}{current}{report}</body></html>"), "shareholders")
    assert [(h.name, h.stake.value, h.subscribed_amount) for h in holders] == [("陈立群", 0.7, None), ("周敏", 0.3, None)]


def test_another_companys_record_in_the_page_state_is_not_read():
    state = {"props": {"similar": [{"name": "杭州别家科技有限公司", "legalPersonName": "孙立", "regCapital": "5000万人民币",
                                    "actualCapital": "5000万人民币", "socialStaffNum": 3, "regStatus": "存续"}],
                       "invest": {"items": [{"name": "杭州子公司科技有限公司", "socialStaffNum": 2}]}}}
    html = f"""<html><head><script id="__NEXT_DATA__" type="application/json">{json.dumps(state, ensure_ascii=False)}</script></head>
    <body>{RECORD}<table><tr><td>实缴资本</td><td>-</td><td>参保人数</td><td>-</td></tr></table></body></html>"""
    found = {f.field: f.value for f in section(parse(html), "registration")}
    assert "paid_in_capital" not in found and "insured_employees" not in found
    assert found["legal_representative"] == "陈立群"


def test_lists_inside_another_sections_items_are_not_sections():
    api = {"Status": "200", "Message": "ok", "Result": {
        "Name": "杭州某某科技有限公司", "OperName": "王鹏", "StartDate": "2014-10-13", "RegistCapi": "1000万元人民币",
        "Partners": [{"StockName": "王鹏", "StockPercent": 99}, {"StockName": "李娜", "StockPercent": 1}],
        "FinancingList": [{"Round": "A轮", "Date": "2023-05-01", "InvestorList": [{"Name": "深圳市红杉创业投资有限公司"}]}],
        "Investors": [{"Name": "北京某某创业投资中心（有限合伙）"}]}}
    parsed = parse(json.dumps(api, ensure_ascii=False), "https://api.qichacha.com/x", "application/json")
    assert [(h.name, h.stake.value) for h in section(parsed, "shareholders")] == [("王鹏", 0.99), ("李娜", 0.01)]
    assert section(parsed, "investments") == []
    assert [(r.round, r.investors) for r in section(parsed, "financing")] == [("A轮", ("深圳市红杉创业投资有限公司",))]


@pytest.mark.parametrize("text, currency", [("100万(美元)", "USD"), ("100万（港元）", "HKD"), ("100万(元)", "CNY")])
def test_a_currency_in_brackets_is_the_currency(text, currency):
    found = {f.field: f.value for f in section(parse(f"<table><tr><td>注册资本</td><td>{text}</td></tr></table>"), "registration")}
    assert (found["registered_capital"].currency, int(found["registered_capital"].value)) == (currency, 1_000_000)


def test_a_fragment_with_a_login_link_is_content_not_a_wall():
    fragment = """<table><tr><th>序号</th><th>股东名称</th><th>持股比例</th></tr><tr><td>1</td><td>罗启明</td><td>51.00%</td></tr>
    <tr><td>2</td><td>成都溪岭控股有限公司</td><td>49.00%</td></tr></table><a>登录后查看历史股东</a>"""
    parsed = parse(fragment)
    assert parsed.status is None and len(section(parsed, "shareholders")) == 2


@pytest.mark.parametrize("body, status", [
    ('{"Status": "112", "Message": "您没有该接口的访问权限", "Result": null}', "blocked"),
    ('{"state": "warn", "message": "请登录后查看", "data": null}', "blocked"),
    ('{"entName": "南京某某数据服务有限公司", "status": "存续", "legalPerson": "郑雨桐", "regCapital": "1000万(元)"}', None),
])
def test_api_answers_are_told_apart(body, status):
    assert parse(body, "https://api.qichacha.com/x", "application/json").status == status


@pytest.mark.parametrize("body, registration, holders, status", [
    # spans that are not numbers: the cells are still read
    ('<table><tr><th colspan="abc">x</th></tr><tr><td colspan="1px">注册资本</td><td rowspan="100%">1000万元</td></tr></table>',
     {"registered_capital": "1000万元"}, [], None),
    # NaN and Infinity in a page's state: those fields are left out, the sound ones read
    ('<script>window.__INITIAL_STATE__ = {"company": {"Name": "某某有限公司", "StartDate": NaN, "CheckDate": Infinity, "OperName": "王鹏", "RegistCapi": "1万元"}};</script>',
     {"name": "某某有限公司", "legal_representative": "王鹏", "registered_capital": "1万元"}, [], None),
    # a number too large for a float, a stake that is an object: left out, the rest read
    ('{"Result": {"Name": "某某有限公司", "StartDate": 1e400, "OperName": "王鹏", "Partners": [{"StockName": "王鹏", "StockPercent": {"x": 1}}]}}',
     {"name": "某某有限公司", "legal_representative": "王鹏"}, [("王鹏", None)], None),
    # JSON nested past any parser's depth: stale, with the reason, and nothing read
    ("[" * 5000 + "]" * 5000, {}, [], "stale"),
])
def test_odd_input_never_raises(body, registration, holders, status):
    kind = "application/json" if body[:1] in "{[" else "text/html"
    parsed = parse(body, "https://api.qichacha.com/x", kind)  # returns: no exception escapes the adapter
    read = {f.field: getattr(f.value, "text", f.value) for f in section(parsed, "registration")}
    assert read == registration
    assert [(h.name, h.stake) for h in section(parsed, "shareholders")] == holders
    assert parsed.status == status
    if status is not None:
        assert "nested too deeply" in parsed.reason
    else:
        assert {f.section for f in parsed.facts} <= {"registration", "shareholders"}


def test_an_adapter_reason_echoing_a_secret_is_redacted():
    import asyncio

    from briefing.accounts.account import Account, SourceEntry
    from briefing.gathering.fetch import Fetcher, FetchSettings
    from briefing.models import Company
    from briefing.gathering.pipeline import Pipeline
    from briefing.gathering.registry import Registry

    creds = Credentials(environ={"BRIEFING_TIANYANCHA_TOKEN": "tyc-SECRET-456"}, keyring_lookup=lambda e: None)

    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, json={"error_code": 300004, "reason": f"token {request.headers['Authorization']} 无效", "result": None})

    async def public_dns(host: str) -> list[str]:
        return ["93.184.216.34"]

    async def run():
        async with Fetcher(FetchSettings(), transport=httpx.MockTransport(reply), resolver=public_dns) as fetcher:
            pipe = Pipeline(fetcher, registry=Registry.of(RegistryAdapter()), credentials=creds)
            entry = SourceEntry("registry", "http://open.api.tianyancha.com/services/open/ic/baseinfo/normal?keyword=x", True)
            return await pipe.run_source(Account(path="", company=Company("x")), entry)

    report, facts = asyncio.run(run())
    assert report.status == "blocked" and facts == []
    assert "tyc-SECRET-456" not in json.dumps(report.to_json(), ensure_ascii=False)
    assert "[redacted]" in report.reason


def test_a_cookie_never_goes_over_plain_http():
    creds = Credentials(environ={"BRIEFING_QICHACHA_COOKIE": "c"}, keyring_lookup=lambda e: None)
    assert creds.sign("http://www.qcc.com/firm/1.html") is None
    assert creds.sign("https://www.qcc.com/firm/1.html") is not None


def test_half_a_character_escaped_in_a_registrys_json_becomes_a_replacement_character():
    """JSON may escape a lone surrogate ("\\ud800"); no UTF-8 file, store or PDF can hold one."""
    body = (Path(__file__).parent.parent / "fixtures" / "registry" / "api-qcc-basic" / "page.json").read_bytes()
    body = body.replace(b'"Scope": "', b'"Scope": "\\ud800', 1)
    assert b"\\ud800" in body
    page = Page("https://api.qichacha.com/x", body, body.decode("utf-8"), "utf-8", datetime(2026, 11, 27, tzinfo=timezone.utc),
                content_type="application/json")
    facts = RegistryAdapter().parse(page, Request(page.url)).facts
    scope = next(f for f in facts if getattr(f, "field", "") == "business_scope")
    assert scope.value.startswith("\ufffd")
    written = json.dumps([f.to_json() for f in facts], ensure_ascii=False).encode("utf-8")  # would raise on a surrogate
    assert "\ufffd".encode("utf-8") in written and b"\\ud800" not in written
