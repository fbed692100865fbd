"""Registry records in the shapes real pages use, each written here for its family (the real
pages themselves are scored in test_realworld.py): values taken from the wrong place, labels and
values laid out in unusual ways, cards, split tables, tab fragments and API envelopes."""

from __future__ import annotations

import json

import pytest

from test_registry import parse, section


def fields(parsed) -> dict:
    return {f.field: f.text for f in section(parsed, "registration")}


def people(parsed) -> dict:
    return {e.name: e.title for e in section(parsed, "executives")}


@pytest.mark.parametrize("label, neighbour, field", [
    ("企业类型", "日期", "company_type"),  # the next table's header, not a type
    ("登记机关", "被担保债权数额", "registration_authority"),
    ("经营状态", "招聘", "status"),  # a tab's label
    ("登记机关", "工商行政管理机关是公司登记机关。公司经公司登记机关依法登记，领取营业执照", "registration_authority"),
    ("所属行业", "营业期限： 2014-10-21至2064-10-20", "industry"),
    ("注册地址", "查看地图", "address"),
])
def test_a_value_that_does_not_look_like_its_field_is_no_value(label, neighbour, field):
    html = f"<html><body><h1>苏州某某精密机械有限公司</h1><table><tr><td>{label}</td><td>{neighbour}</td></tr></table></body></html>"
    assert field not in fields(parse(html))


def test_values_that_look_like_their_fields_are_kept():
    html = """<html><body><h1>苏州某某精密机械有限公司</h1><table>
    <tr><td>企业类型</td><td>有限责任公司(自然人投资或控股)</td><td>登记机关</td><td>海淀分局</td></tr>
    <tr><td>经营状态</td><td>存续（在营、开业、在册）</td><td>所属行业</td><td>软件和信息技术服务业</td></tr></table></body></html>"""
    found = fields(parse(html))
    assert found["company_type"] == "有限责任公司(自然人投资或控股)" and found["registration_authority"] == "海淀分局"
    assert found["status"] == "存续" and found["industry"] == "软件和信息技术服务业"


def test_a_row_of_labels_over_a_row_of_values_in_thead():
    html = """<html><body><h1>天翼某某传媒有限公司</h1><table><thead><tr><td>法定代表人</td><td>注册资本</td><td>注册时间</td><td>经营状态</td></tr></thead>
    <tbody><tr><td><a>管建中</a><span>未公开</span><a>他的所有公司 &gt;</a></td><td><div title="31250万人民币">31250万人民币</div></td>
    <td>2011-03-11</td><td>存续（在营、开业、在册）</td></tr></tbody></table></body></html>"""
    found = fields(parse(html))
    assert found == {**found, "legal_representative": "管建中", "registered_capital": "31250万人民币", "established": "2011-03-11", "status": "存续"}


def test_stacked_label_and_value_with_help_text_between():
    """「<div>注册资本<div class=tip>名词解释…</div></div><div title=…>…</div>」, the visible digits scrambled by a font."""
    html = """<html><body><h1 class="name">大连某某窗业有限公司</h1><table><tr><td>
    <div>注册资本<div class="data-describe"><div class="inner">注册资本：注册资本，又称额面资本，是指公司成立时注册登记的资本总额。</div></div></div>
    <div title="500万人民币"><text class="tyc-num">877万路手币</text></div></td></tr>
    <tr><td><div>公司状态</div><div title="存续" class="num-opening">存续</div></td></tr></table></body></html>"""
    found = fields(parse(html))
    assert found["registered_capital"] == "500万人民币" and found["status"] == "存续"


def test_bulleted_labels_with_non_breaking_spaces():
    html = """<html><head><title>国家企业信用信息公示系统</title></head><body><table>
    <tr><td>·&nbsp;统一社会信用代码&nbsp;：<span>91230103692622643X</span></td><td>·&nbsp;企业名称&nbsp;：<span>国网某某招标有限公司</span></td></tr>
    <tr><td>·&nbsp;类型&nbsp;：<span>有限责任公司（非自然人投资或控股的法人独资）</span></td><td>·&nbsp;注册资本&nbsp;：<span>800万人民币</span></td></tr>
    </table></body></html>"""
    found = fields(parse(html))
    assert found["name"] == "国网某某招标有限公司" and found["registered_capital"] == "800万人民币"
    assert found["company_type"] == "有限责任公司（非自然人投资或控股的法人独资）"


def test_partnership_name_with_its_legal_form_and_a_title_with_the_site_words():
    html = """<html><head><title>某某会计师事务所(特殊普通合伙)【工商信息_电话地址】查询_企查查</title></head><body>
    <table><tr><td>执行事务合伙人信息</td><td>企业关联图谱</td></tr><tr><td><span>邹</span><a>邹某俊</a></td><td></td></tr></table></body></html>"""
    parsed = parse(html)
    assert fields(parsed)["name"] == "某某会计师事务所(特殊普通合伙)"


def test_cards_found_by_repetition_with_the_title_before_the_name():
    html = """<html><body><h1>天翼某某传媒有限公司</h1><div class="title">主要人员</div><div>
    <div class="in-block float-left"><div class="in-block"><span>董事</span></div><a>王国权</a><div><a>他的所有公司 &gt;</a></div></div>
    <div class="in-block float-left"><div class="in-block"><span>董事长</span></div><a>马益民</a><div><a>他的所有公司 &gt;</a></div></div>
    <div class="in-block float-left"><div class="in-block"><span>经理，</span><span>董事兼总经理</span></div><a>管建中</a></div></div></body></html>"""
    assert people(parse(html)) == {"王国权": "董事", "马益民": "董事长", "管建中": "经理、董事兼总经理"}


def test_a_section_title_without_heading_markup_and_its_cards():
    html = """<html><body><h1>国网某某招标有限公司</h1><p class="text"><span>主要人员信息</span><span>共计2条信息</span></p>
    <div><div class="keyPerInfo"><center><p><span>宋卓夫</span></p><p><span>执行董事兼总经理</span></p></center></div>
    <div class="keyPerInfo"><center><p><span>朱福滨</span></p><p><span>监事</span></p></center></div></div></body></html>"""
    assert people(parse(html)) == {"宋卓夫": "执行董事兼总经理", "朱福滨": "监事"}


def test_a_header_table_continued_by_a_table_of_rows():
    html = """<html><body><h1>国网某某招标有限公司</h1><p class="text"><span>股东及出资信息</span></p>
    <table class="detailsList"><tr><th>序号</th><th>股东名称</th><th>股东类型</th><th>证照/证件号码</th></tr></table>
    <table class="detailsListGDCZ"><tr><td>1</td><td>黑龙江省某某电力有限公司</td><td>法人股东</td><td>2300001101618</td></tr></table></body></html>"""
    assert [h.name for h in section(parse(html), "shareholders")] == ["黑龙江省某某电力有限公司"]


def test_a_tab_fragment_names_its_company_in_its_tracking_calls():
    buttons = "".join(f"""<a onclick="zhugeTrack('企业主页-经营状况-{tab}',{{'企业名称':'珠海某某电器股份有限公司'}});">{tab}</a>"""
                      for tab in ("招投标信息", "招聘", "微博"))
    html = f"""<div class="run_info">{buttons}
    <section id="tenderlist"><div class="tcaption"><h3 class="title">招投标信息</h3></div><table class="ntable">
    <tr><th>序号</th><th>描述</th><th>发布时间</th><th>所属地区</th><th>项目分类</th></tr>
    <tr><td>1</td><td><a>临漳县2019年煤改电取暖设备采购入围项目中标公告</a></td><td>2019-05-10</td><td>河北</td><td>中标公告</td></tr></table></section></div>"""
    parsed = parse(html)
    assert fields(parsed)["name"] == "珠海某某电器股份有限公司"
    assert [(p.name, p.date.value) for p in section(parsed, "projects")] == [("临漳县2019年煤改电取暖设备采购入围项目中标公告", "2019-05-10")]


def test_an_api_envelope_whose_error_code_is_null_is_a_record():
    body = json.dumps({"state": "ok", "message": "", "errorCode": None, "errorMessage": None,
                       "data": {"name": "河南某某科技有限公司", "legalPersonName": "马丽北", "regStatus": "存续",
                                "creditCode": "91410307MA47WC788D", "regCapital": "1000万人民币"}}, ensure_ascii=False)
    parsed = parse(body, "https://www.tianyancha.com/api/baseinfo", "application/json")
    assert parsed.status != "blocked" and fields(parsed)["legal_representative"] == "马丽北"


def test_an_api_list_under_a_bare_key_is_told_by_its_items_keys():
    body = json.dumps({"state": "ok", "errorCode": 0, "data": {"total": 2, "result": [
        {"name": "黄某云", "shareHolderType": "自然人股东", "capital": [{"percent": "-"}]},
        {"name": "重庆市某某投资控股（集团）有限责任公司", "shareHolderType": "企业法人", "capital": []}]}}, ensure_ascii=False)
    parsed = parse(body, "https://example.invalid/saved.json", "application/json")
    assert [h.name for h in section(parsed, "shareholders")] == ["黄某云", "重庆市某某投资控股（集团）有限责任公司"]


def test_the_registrys_own_upper_case_schema_and_its_change_records():
    body = json.dumps({"retdata": {
        "ALTER": [{"ALTITEM": "法定代表人变更", "ALTBE": "章某龙", "ALTAF": "叶某素", "ALTDATE": "2019-07-04"}],
        "BASIC": {"ENTNAME": "温州某某服饰有限公司", "CREDITCODE": "91330324MA2CQWJJ7D", "FRNAME": "叶某素", "ESDATE": "2018-08-08",
                  "ENTTYPE": "有限责任公司(自然人独资)"},
        "SHAREHOLDER": [{"INVTYPE": "自然人股东", "SHANAME": "叶某素", "FUNDEDRATIO": "100.00%"}],
        "PERSON": [{"POSITION": "执行董事", "PERNAME": "叶某素"}, {"POSITION": "经理", "PERNAME": "章某龙"}]}}, ensure_ascii=False)
    parsed = parse(body, "https://example.invalid/feed.json", "application/json")
    assert fields(parsed)["established"] == "2018-08-08"
    assert [(h.name, h.stake.text) for h in section(parsed, "shareholders")] == [("叶某素", "100.00%")]
    assert people(parsed) == {"叶某素": "执行董事", "章某龙": "经理"}  # not the change record's earlier holders


@pytest.mark.parametrize("key", ["regNo", "credit_no"])
def test_a_unified_credit_code_under_another_key(key):
    body = json.dumps({"entName": "连云港某某有限公司", "legalPerson": "王某", key: "91320903071041301Q"}, ensure_ascii=False)
    assert fields(parse(body, "https://example.invalid/x.json", "application/json"))["credit_code"] == "91320903071041301Q"


def test_cells_outside_any_row_and_rows_two_people_wide_in_the_next_table():
    html = """<html><body><h1>平顶山市某某纺织有限公司</h1><table id="t30"><tr><th colspan="6">主要人员信息</th></tr>
    <th>序号</th><th>姓名</th><th>职务</th><th>序号</th><th>姓名</th><th>职务</th></table>
    <div id="memDiv"><table><tr><td>1</td><td>古朝阳</td><td>执行董事兼总经理</td><td>2</td><td>陈帅</td><td>监事</td></tr></table></div></body></html>"""
    assert people(parse(html)) == {"古朝阳": "执行董事兼总经理", "陈帅": "监事"}


# What a fresh-eyes review fed the reader to make it say something false; each must stay unsaid.
def record(body: str) -> dict:
    parsed = parse(f"<html><body><h1>苏州某某精密机械有限公司</h1>{body}</body></html>")
    return {"fields": fields(parsed), **{s: [f.name for f in section(parsed, s)] for s in ("shareholders", "executives", "investments", "branches")}}


def test_another_companys_values_never_become_the_records():
    investee = record("""<div class="detail"><span>法定代表人：</span><a>张三</a> <span>成立日期：2016-03-01</span> <span>经营状态：存续</span></div>
      <h3 class="title">控制企业</h3><table><thead><tr><th>企业名称</th><th>法定代表人</th><th>成立日期</th><th>状态</th></tr></thead>
      <tbody><tr><td>某某贸易有限公司</td><td>李四</td><td>2019-05-05</td><td>注销</td></tr></tbody></table>""")
    related = record("""<div class="info">法定代表人：张三</div><div class="box"><div>相关公司</div><div class="card"><div>某某贸易有限公司</div>
      <div><span>法定代表人</span><span>李四</span></div><div><span>状态</span><span>注销</span></div></div></div>""")
    certificate = record("""<div>法定代表人：张三</div><h3 class="title">资质证书</h3><table><thead><tr><th>序号</th><th>证书类型</th><th>状态</th><th>发证日期</th></tr></thead>
      <tr><td>1</td><td>高新技术企业</td><td>有效</td><td>2015-01-01</td></tr></table>""")
    assert investee["fields"]["legal_representative"] == "张三" and investee["fields"]["status"] == "存续"
    assert related["fields"]["legal_representative"] == "张三" and "status" not in related["fields"]
    assert "status" not in certificate["fields"]


def test_a_badges_or_a_help_icons_title_is_not_the_value():
    found = record("""<table><tr><td>法定代表人</td><td><a href="/p/1">周杰</a> <span class="badge" title="刘德华">历史法人 1</span></td></tr>
      <tr><td>注册资本</td><td>1000万人民币 <i class="icon" title="2023年报实缴100万人民币"></i></td></tr>
      <tr><td>登记机关</td><td>苏州市吴中区市场监督管理局 <i title="点击查看登记机关办公所"></i></td></tr></table>""")["fields"]
    assert (found["legal_representative"], found["registered_capital"], found["registration_authority"]) == ("周杰", "1000万人民币", "苏州市吴中区市场监督管理局")


def test_tab_strips_and_stat_rows_are_not_section_titles():
    stats = record("""<div class="stat"><span>对外投资</span><span>29</span><span>分支机构</span><span>23</span></div>
      <table><tr><td>法定代表人</td><td>张三</td><td>企业类型</td><td>有限责任公司</td></tr></table>""")
    tabs = record("""<div class="tabs"><span>股东信息</span><span>主要人员</span><span>对外投资</span></div>
      <div class="base"><div class="row2"><span>法定代表人</span><span>张三</span></div></div>
      <div class="news"><div class="n"><span>王五</span><span>接受专访</span></div><div class="n"><span>赵六</span><span>出席论坛</span></div></div>""")
    assert stats["branches"] == [] and stats["fields"]["company_type"] == "有限责任公司"
    assert tabs["shareholders"] == [] and tabs["fields"]["legal_representative"] == "张三"


def test_a_section_ends_where_it_says_so():
    empty = record("""<div id="main"><section><h3>主要人员</h3><div>暂无数据</div></section><section><h3>对外投资</h3><div>暂无数据</div></section></div>
      <div class="box"><div class="t">大家还在看</div><div class="q"><span>马某云</span><span>董事长</span></div><div class="q"><span>刘某东</span><span>董事长</span></div></div>""")
    boxed = record("""<div class="title">对外投资</div><div class="inv"><div class="i"><span>苏州甲有限公司</span><span>持股比例</span><span>60%</span></div>
      <div class="i"><span>苏州乙有限公司</span><span>持股比例</span><span>30%</span></div></div>
      <div class="box"><div>相关公司</div><div class="q"><span>北京丙有限公司</span></div><div class="q"><span>北京丁有限公司</span></div><div class="q"><span>北京戊有限公司</span></div></div>""")
    borrowed = record("""<p class="text"><span>股东及出资信息</span></p><table class="detailsList"><tr><th>序号</th><th>股东名称</th><th>股东类型</th></tr></table>
      <p class="text"><span>变更信息</span></p><table><tr><td>1</td><td>某某电力有限公司</td><td>2019-01-01</td></tr></table>""")
    assert empty["executives"] == [] and boxed["investments"] == ["苏州甲有限公司", "苏州乙有限公司"] and borrowed["shareholders"] == []


def test_a_persons_roles_at_other_companies_stay_off_the_card():
    found = parse("""<html><body><h1>苏州某某精密机械有限公司</h1><div class="title">主要人员</div><div><div class="in-block"><a>王国权</a><span>监事</span>
      <div><span>关联企业</span><span>上海某某贸易有限公司</span><span>董事长</span></div></div><div class="in-block"><a>马益民</a><span>执行董事</span></div></div></body></html>""")
    assert people(found) == {"王国权": "监事", "马益民": "执行董事"}


@pytest.mark.parametrize("field, value, kept", [
    ("status", "营业期限", False), ("company_type", "企业规模", False), ("status", "其他", True), ("status", "吊销，未注销", True),
    ("company_type", "律师事务所", True), ("company_type", "外国(地区)企业常驻代表机构", True), ("registration_authority", "民政部", True),
    ("registration_authority", "深圳市市场监督管理局（知识产权局）", True), ("industry", "租赁和商务服务业（7010）", True),
    ("address", "Room 1201, 88 Queensway, Hong Kong", True),
])
def test_what_each_field_accepts(field, value, kept):
    from sources.registry.record import field_value

    assert (field_value(field, value) is not None) is kept


def test_digits_drawn_by_the_registrys_own_font_are_not_read_and_a_glued_summary_line_is():
    html = """<html><head><title>上海某某贸易有限公司_工商信息_天眼查</title></head><body><h1>上海某某贸易有限公司</h1>
    <div class="summary"><span>简介：</span>注册号：310116002133579所在地：上海市注册资本：50万人民币法定代表：辛某涛</div>
    <table><tr><td>注册资本</td><td><text class="tyc-num">29万人民币</text></td></tr></table></body></html>"""
    got = fields(parse(html, "https://www.tianyancha.com/company/1", "text/html"))
    # the scrambled cell shows 29万 where the reader sees 50万: only the plain summary is read
    assert (got["registered_capital"], got["legal_representative"]) == ("50万人民币", "辛某涛")


def holders(parsed) -> list:
    return [h.name for h in section(parsed, "shareholders")]


def test_a_fragment_named_only_in_its_closing_sentence_and_a_title_before_name_grid():
    grid = """<div id="employees"><h4><span>主要人员</span><span class="badge">3</span></h4><table><tbody>
    <tr><td>监事</td><td><a>李某宾</a><button>对外投资及任职</button></td><td>经理</td><td><a>罗某安</a><button>对外投资及任职</button></td></tr>
    <tr><td>执行董事</td><td><a>罗某安</a><button>对外投资及任职</button></td><td></td><td></td></tr></tbody></table></div>"""
    holders_table = """<div id="partners"><h4><span>股东信息</span></h4><table><thead><tr><th>股东类型</th><th>股东</th>
    <th>认缴出资（金额/时间）</th></tr></thead><tbody><tr><td>自然人股东</td><td><a>李某燕</a><button>对外投资及任职</button></td><td>108万人民币</td></tr>
    <tr><td>自然人股东</td><td><a>罗某安</a></td><td>12万人民币</td></tr></tbody></table></div>"""
    closing = "<div>想了解云南某某科技有限公司工商注册信息？启信宝为您提供云南某某科技有限公司的联系方式、公司地址等详细工商信息。</div>"
    parsed = parse(grid + holders_table + closing)
    assert fields(parsed)["name"] == "云南某某科技有限公司"
    assert people(parsed) == {"李某宾": "监事", "罗某安": "经理、执行董事"}  # one person on two rows, both titles
    assert holders(parsed) == ["李某燕", "罗某安"]
    # two companies in the closing sentences: which is the page's is not ours to guess
    other = closing.replace("的联系方式", "的联系方式。想了解云南另一科技有限公司工商注册信息？为您提供云南另一科技有限公司的联系方式")
    assert "name" not in fields(parse(grid + other))


def test_a_credit_publicity_header_names_the_company_and_its_code():
    html = """<html><head><title>全国企业信用信息公示系统</title></head><body><div id="details">
    <div id="gsh3">&nbsp;鹰潭市某某小额贷款股份有限公司&nbsp;&nbsp;注册号/统一社会信用代码：9136060006346630XD&nbsp;&nbsp;</div>
    <ul><li>登记信息</li><li>备案信息</li></ul><iframe src=""></iframe></div></body></html>"""
    assert fields(parse(html)) == {"name": "鹰潭市某某小额贷款股份有限公司", "credit_code": "9136060006346630XD"}


def test_a_tianjin_fragment_with_compact_dates_two_numbers_in_one_cell_and_the_public_float():
    html = """<table class="result-table"><tr><td colspan="4" class="bg title">基本信息 </td></tr>
    <tr><td class="bg">营业执照注册号</br>统一社会信用代码</td><td>120000000001439<br/>91120116722950227Y</td>
    <td class="bg">名称</td><td>某某工程股份有限公司</td></tr>
    <tr><td class="bg">注册资本</td><td>442135.48万人民币</td><td class="bg">成立日期</td><td>20000420</td></tr></table>
    <table class="result-table" id="touziren"><tr><td class="bg title" colspan="3">股东信息<br><span>股东的出资信息截止2014年2月28日。</span></td></tr>
    <tbody><tr><td class="bg title">股东类型</td><td class="bg title">股东</td><td class="bg title">证照/证件号码</td></tr>
    <tr><td>企业法人</td><td>中国某某渤海公司</td><td>1200001001019</td></tr><tr><td>其他投资者</td><td>社会公众股</td><td>无</td></tr></tbody></table>"""
    parsed = parse(html)
    got = fields(parsed)
    assert (got["credit_code"], got["registration_number"], got["established"]) == ("91120116722950227Y", "120000000001439", "20000420")
    assert [f.value for f in section(parsed, "registration") if f.field == "established"][0].value == "2000-04-20"
    assert holders(parsed) == ["中国某某渤海公司", "社会公众股"]


def test_an_old_number_in_the_organisation_codes_shape_under_the_combined_label():
    html = """<html><body><h2>某某国际经济贸易公司珲春公司</h2><table><tr><th>注册号/统一社会信用代码</th><td>24478567-6</td>
    <th>名称</th><td>某某国际经济贸易公司珲春公司</td></tr></table></body></html>"""
    got = fields(parse(html))
    assert got.get("registration_number") == "24478567-6" and "credit_code" not in got


# --- families found on pages studied for generality (STUDIED-registry.md), each in pages written here ---


def test_a_block_page_that_pauses_the_account_is_a_wall():
    html = """<html><head><title>某某查-商业查询平台</title></head><body><div class="notice"><div class="title">
    系统检测到您当前帐号的操作存在异常<br />已暂停您的访问请求</div></div><div>识别码: 403-1-2</div></body></html>"""
    assert parse(html).status == "blocked"


def api(body: dict):
    return parse(json.dumps(body, ensure_ascii=False), "https://example.invalid/saved.json", "application/json")


@pytest.mark.parametrize("body", [
    # a data vendor's PascalCase answer
    {"data": {"CompanyName": "合肥某某科技有限公司", "LegalPerson": "蒋某彤", "CompanyStatus": "存续（在营、开业、在册）",
              "Capital": "50.000000万人民币", "CompanyType": "有限责任公司(自然人投资或控股)", "EstablishDate": "2021-11-22 00:00:00",
              "CompanyAddress": "安徽省合肥市高新区某某路1号"}, "code": 200, "success": True},
    # snake_case keys named after their entity (company_type, company_enterprise_status)
    {"company_name": "合肥某某科技有限公司", "frname": "蒋某彤", "company_enterprise_status": "存续", "regcap": "50万人民币",
     "company_type": "有限责任公司(自然人投资或控股)", "esdate": "2021-11-22", "address": "安徽省合肥市高新区某某路1号",
     "company_regorg": "340100"},
])
def test_vendor_schemas_name_the_same_fields_in_other_words(body):
    got = fields(api(body))
    assert (got["status"], got["company_type"], got["address"]) == ("存续", "有限责任公司(自然人投资或控股)", "安徽省合肥市高新区某某路1号")
    assert got["registered_capital"].startswith("50") and got["established"].startswith("2021-11-22")
    assert "registration_authority" not in got  # 「340100」 is a code, not an authority


def test_a_person_given_as_an_object_and_a_registered_society():
    qcc = api({"company": {"companyDetail": {"Name": "南京某某软件有限公司", "Oper": {"KeyNo": "p1", "Name": "王某明"},
                                             "Status": "存续", "StartDate": "2020-01-02"}}})
    assert fields(qcc)["legal_representative"] == "王某明"
    society = api({"result": {"name": "沈阳市某某学会", "legalPersonName": "陈某", "regStatus": "正常",
                              "regCapital": "3.00 元/万元", "usCreditCode": "51210100508206173F"}})
    got = fields(society)
    assert (got["name"], got["credit_code"]) == ("沈阳市某某学会", "51210100508206173F")
    assert "registered_capital" not in got  # 元 or 万元: the unit is left open


@pytest.mark.parametrize("body", [
    {"Status": "200", "Result": [{"Name": "北京某甲科技有限公司", "OperName": "张某", "Status": "存续", "StartDate": "2015-01-01"},
                                 {"Name": "北京某乙科技有限公司", "OperName": "李某", "Status": "注销", "StartDate": "2016-02-02"}]},
    {"data": {"key": "3426", "corporates": [{"ryName": "洪某志", "entName": "安徽某某信息技术有限公司", "entType": "有限责任公司",
                                             "entStatus": "在营（开业）", "regNo": "340200000179811"}],
              "corporateManagers": [{"ryName": "洪某志", "entName": "芜湖市某某财务咨询有限公司", "entType": "有限责任公司",
                                     "entStatus": "在营（开业）", "position": "监事"}]}},
])
def test_one_company_of_a_list_of_companies_is_no_record(body):
    assert fields(api(body)) == {}  # search results, a person's companies: none is the document's own


def test_a_tab_answer_of_investments_keeps_its_companies_out_of_the_record():
    parsed = api({"state": "ok", "data": {"total": 2, "result": [
        {"name": "上海某甲投资有限公司", "legalPersonName": "赵某", "regStatus": "存续", "regCapital": "1000万人民币", "percent": "60%"},
        {"name": "上海某乙贸易有限公司", "legalPersonName": "钱某", "regStatus": "注销", "regCapital": "500万人民币", "percent": "40%"}]}})
    assert not {"name", "legal_representative", "status"} & set(fields(parsed))


def test_an_answer_drawn_with_the_registrys_font_gives_no_figures():
    got = fields(api({"state": "ok", "special": "6a/6a7e2df0.json", "data": {
        "name": "厦门某某科技有限公司", "legalPersonName": "王某", "regStatus": "存续", "estiblishTime": 1369152000000,
        "regCapital": "29万人民币", "businessScope": "技术主却；货物布出口"}}))
    assert got["legal_representative"] == "王某" and not {"registered_capital", "established", "business_scope"} & set(got)


def test_a_mobile_page_with_scrambled_figures_item_lines_and_people_boxes():
    line = '<div class="item-line"><span class="left-text">{}：</span><span>{}</span></div>'.format
    html = f"""<html><head><title>北京某某科技有限责任公司_工商信息-某某查</title></head><body class="font-14dfa282">
    <div id="wap_header_top"><div class="f18 new-c3 float-left">北京某某科技有限责任公司</div></div>
    <div class="holder-container"><div class="holder-title"><span>股东</span></div><div id="holder-width">
      <a class="holder-box"><div class="personner-name"><div>洪某</div></div><div class="line2"><div>持股比例<span>60.00%</span></div><div>共有4家公司</div></div></a>
      <a class="holder-box"><div class="personner-name"><div>刘某德</div></div><div class="line2"><div>持股比例<span>40.00%</span></div><div>共有8家公司</div></div></a></div></div>
    <div class="header-container"><div class="itemTitle">基本信息</div></div><div class="content-container">
    {line("法定代表人", "<a title='洪某'>洪某</a>")}{line("经营状态", "在业")}
    {line("注册时间", '<text class="tyc-num">6383-32-32</text>')}{line("注册资本", '<text class="tyc-num">817333万比土币</text>')}
    {line("组织结构代码", "551385082")}{line("登记机关", "海淀分局")}
    <div class="item-line"><span class="left-text">经营范围：</span><span><text class="tyc-num">&#x6280;&#x672F;&#x4E3B;&#x5374;</text></span></div></div>
    <!--2主要人员--><div class="header-container"><div class="itemTitle">主要人员</div></div><div class="content-container">
    <div class="pt10 new-border-bottom"><a>林某</a><a class="app-intro">他有13家公司</a><span class="float-right"><span>董事</span></span></div>
    <div class="pt10 new-border-bottom"><a>洪某</a><a class="app-intro">他有4家公司</a><span class="float-right"><span>董事长，</span><span>经理</span></span></div>
    </div></body></html>"""
    parsed = parse(html)
    got = fields(parsed)
    assert (got["legal_representative"], got["status"], got["organization_code"]) == ("洪某", "在业", "551385082")
    assert not {"established", "registered_capital", "business_scope"} & set(got)  # drawn by the font: unreadable
    assert [(h.name, h.stake.text) for h in section(parsed, "shareholders")] == [("洪某", "60.00%"), ("刘某德", "40.00%")]
    assert people(parsed) == {"林某": "董事", "洪某": "董事长、经理"}


def test_a_label_with_its_help_icon_over_a_card_is_no_list_header():
    html = """<html><body><h1>上海某某汽车俱乐部有限公司</h1><table><thead><tr><td>法人信息<span class="describeIcon">
    <span>法人：法人是指私法上具有权利能力的团体或者组织。</span></span></td><td>注册信息</td><td>股权结构图</td></tr></thead>
    <tbody><tr><td><div class="letter">辛</div><a title="辛某涛">辛某涛</a><span>他有2家公司</span></td>
    <td>注册资本：50万人民币</td><td></td></tr></tbody></table></body></html>"""
    assert fields(parse(html))["legal_representative"] == "辛某涛"


def test_a_label_of_several_forms_and_the_unit_a_label_gives_its_number():
    got = fields(parse("""<html><body><table><tr><td>企业名称</td><td>深圳某某投资合伙企业(有限合伙)</td></tr>
    <tr><td>法定代表人/负责人/执行事务合伙人</td><td>深圳市某某资本管理有限公司（委派代表：林某铭）</td></tr>
    <tr><td>注册资本（万元）</td><td>1000.5</td><td>国标行业</td><td>应用软件开发（I6513）</td></tr></table></body></html>"""))
    assert got["legal_representative"] == "深圳市某某资本管理有限公司"
    assert got["registered_capital"] == "1000.5万元" and got["industry"] == "应用软件开发（I6513）"


def test_a_nuxt_state_written_in_javascript_is_read_as_data():
    state = """window.__NUXT__=(function(a,b,c){return {layout:"default",data:[{company:{Name:"杭州某某网络科技有限公司",
      Oper:{KeyNo:"p1",Name:"周某航"},Status:b,StartDate:"2016-05-12",Partners:[{StockName:"周某航",StockPercent:"70%"},
      {StockName:"钱某",StockPercent:"30%"}],Employees:[{Name:"钱某",Job:c}]}}],state:{isLogin:a},routePath:"\\u002Ffirm"}}(false,"存续","监事"));"""
    parsed = parse(f'<html><body><div id="__nuxt">加载中</div><script>{state}</script></body></html>')
    got = fields(parsed)
    assert (got["name"], got["legal_representative"], got["status"]) == ("杭州某某网络科技有限公司", "周某航", "存续")
    assert holders(parsed) == ["周某航", "钱某"] and people(parsed) == {"钱某": "监事"}
    # a function, a computation: the state is not data, and nothing of it is read
    unsafe = state.replace('Status:b', 'Status:function(){return b}')
    assert "status" not in fields(parse(f"<html><body><script>{unsafe}</script></body></html>"))


def result_rows(people_capitals) -> str:
    return "".join(f"""<tr><td><img alt="{name}的搜索结果"></td><td><a class="ma_h1">{name}</a><br/>
    <p class="m-t-xs">法定代表人：<a>{person}</a> <span>注册资本：{capital}</span> <span>成立日期：{day}</span></p></td>
    <td><span class="nstatus">{status}</span></td></tr>""" for name, person, capital, day, status in people_capitals)


def test_a_search_page_and_its_filters_give_no_record():
    rows = result_rows([("北京某家餐饮管理有限公司", "王某", "100万元人民币", "2016-05-05", "在业"),
                        ("北京某家美食餐饮有限公司", "李某", "50万元人民币", "2017-01-01", "注销")])
    filters = """<dl class="sfilter-tag"><div><dt>企业类型</dt></div><div><dd><a>有限责任公司</a></dd><dd><a>个体工商户</a></dd></div></dl>
    <dl class="sfilter-tag"><div><dt>企业状态</dt></div><div><dd><a>在业</a></dd><dd><a>注销</a></dd></div></dl>"""
    page = f"""<html><head><title>北京某家餐饮管理有限公司-企查查</title></head><body><section id="search-options">{filters}</section>
    <section id="searchlist"><div>小查为您找到 <span>67</span> 家符合条件的企业</div><table class="m_srchList">{rows}</table></section></body></html>"""
    assert fields(parse(page)) == {}
    # the same rows without the count line: each row's values are its own company's, none the record's
    bare = f"""<html><head><title>某家-企查查</title></head><body><table class="m_srchList">{rows}</table></body></html>"""
    assert not {"legal_representative", "registered_capital", "established"} & set(fields(parse(bare)))


@pytest.mark.parametrize("body", [
    # printed by a Python script: single quotes, True, None
    """{'entName': '汤阴县某某资产管理有限公司', 'openStatus': '存续', 'isClaim': True, 'legalPerson': '王某某', 'orgNo': None,
    'directors': [{'name': '王某某', 'title': '执行董事'}], 'shares': [{'name': '汤阴县某某合作社', 'type': '事业法人', 'amount': '300万(元)'}]}""",
    # a JavaScript literal: keys unquoted
    """{entName: "汤阴县某某资产管理有限公司", openStatus: "存续", isClaim: true, legalPerson: '王某某', orgNo: null,
    directors: [{name: "王某某", title: "执行董事"}], shares: [{name: "汤阴县某某合作社", type: "事业法人", amount: "300万(元)"}]}""",
])
def test_an_answer_saved_as_a_script_literal(body):
    parsed = parse(body, "https://example.invalid/saved.txt", "text/plain")
    assert fields(parsed)["legal_representative"] == "王某某" and people(parsed) == {"王某某": "执行董事"}
    assert [(h.name, h.subscribed_amount.text) for h in section(parsed, "shareholders")] == [("汤阴县某某合作社", "300万元")]


def test_two_former_names_written_without_a_separator():
    got = api({"result": {"name": "杭州某某网络技术有限公司", "legalp": "戴某", "status": "存续", "date_est": "1999-09-09",
                          "name_used": "杭州某某网络技术发展有限公司杭州某某网络有限公司", "issuer": "杭州市某某区市场监督管理局"}})
    assert fields(got)["former_names"] == "杭州某某网络技术发展有限公司、杭州某某网络有限公司"
    assert fields(got)["registration_authority"] == "杭州市某某区市场监督管理局"


@pytest.mark.parametrize("person_label, capital_label, name, person, kind", [
    ("经营者", None, "某某市某某百货经营部", "李某雯", "个体工商户"),
    ("法定代表人", "成员出资总额", "某某县某某种植专业合作社", "王某", "农民专业合作社"),
    ("首席代表", None, "某某（日本）株式会社上海代表处", "山田太郎", "外国(地区)企业常驻代表机构"),
    ("投资人", None, "某某市某某商贸中心", "赵某", "个人独资企业"),
])
def test_the_credit_publicity_systems_forms_of_a_registration(person_label, capital_label, name, person, kind):
    capital = f"<tr><th>{capital_label}</th><td>120万元</td></tr>" if capital_label else ""
    html = f"""<html><head><title>国家企业信用信息公示系统</title></head><body><table><tr><th>统一社会信用代码</th><td>92420000MA4A0000X1</td>
    <th>名称</th><td>{name}</td></tr><tr><th>类型</th><td>{kind}</td><th>{person_label}</th><td>{person}</td></tr>{capital}
    <tr><th>登记机关</th><td>某某市市场监督管理局</td><th>登记状态</th><td>存续（在营、开业、在册）</td></tr></table></body></html>"""
    got = fields(parse(html))
    assert (got["name"], got["company_type"], got["status"]) == (name, kind, "存续")
    if is_person(person):
        assert got["legal_representative"] == person
    assert ("registered_capital" in got) == bool(capital_label)


def is_person(text: str) -> bool:
    from sources.registry.record import is_individual
    return is_individual(text)


def test_a_record_given_as_a_list_of_one_keeps_its_branches_apart():
    branch = {"OperName": "李某", "Status": "存续", "BelongOrg": "上海市某某区市场监督管理局"}
    parsed = api({"Status": "200", "Result": [{"Name": "北京某某科技有限公司", "OperName": "张某", "Status": "存续",
                                               "Branches": [{"Name": "北京某某科技有限公司上海分公司", **branch},
                                                            {"Name": "北京某某科技有限公司广州分公司", **branch}]}]})
    assert fields(parsed)["legal_representative"] == "张某"  # its branches are no rival records
    assert [b.name for b in section(parsed, "branches")] == ["北京某某科技有限公司上海分公司", "北京某某科技有限公司广州分公司"]


@pytest.mark.parametrize("words", ["我们只是确认一下你不是机器人，请完成验证", "请完成下方验证后继续操作"])
def test_robot_checks_are_walls(words):
    assert parse(f"<html><body><div class='content'><div>{words}</div></div></body></html>").status == "blocked"
