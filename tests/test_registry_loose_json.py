"""Registry records saved as JSON that is not strict JSON: API documentation samples with `//`
comments, Python dict literals, records pasted behind a comment marker on every line, samples an
author trimmed. Each fixture is written here for its family; none is a real record."""

from __future__ import annotations


import pytest

from sources.registry.loose_json import loose_document, uncommented
from test_registry import parse, section

JSON = "application/json"


def fields(parsed) -> dict:
    return {f.field: f.text for f in section(parsed, "registration")}


DOC_WITH_COMMENTS = """{
    "code": 100000,
    "msg": "",
    "data": {
        "name": "大连某某渔业股份有限公司", // 公司名
        "legalPersonName": "王晓", // 法人
        "regCapital": "5000万人民币", // 注册资本
        "actualCapital": "3000万人民币",
        "creditCode": "91210200123456789X", // 统一社会信用代码
        "regStatus": "存续",
        "socialStaffNum": 42,
        "companyOrgType": "其他股份有限公司(非上市)",
        "regInstitute": "大连市市场监督管理局", /* 登记机关 */
    }
}"""


def test_line_comments_after_values_are_read_past():
    found = fields(parse(DOC_WITH_COMMENTS, content_type=JSON))
    assert found["name"] == "大连某某渔业股份有限公司"
    assert found["legal_representative"] == "王晓"
    assert found["registered_capital"] == "5000万人民币" and found["paid_in_capital"] == "3000万人民币"
    assert found["credit_code"] == "91210200123456789X"
    assert found["registration_authority"] == "大连市市场监督管理局"
    assert found["insured_employees"] == "42"


PYTHON_LITERAL = """{'Status': '200', 'Message': '查询成功', 'Result': {
    'Name': '杭州某某网络科技有限公司',  # 企业名称
    'OperName': '李明',
    'RegistCapi': '1000万元人民币',
    'StartDate': '2015-06-01 00:00:00',
    'CreditCode': '91330106MA2B123456',
    'Status': '存续',
    'EconKind': '有限责任公司(自然人投资或控股)',
    'BelongOrg': '杭州市西湖区市场监督管理局',
    'IsOnStock': False,
    'EndDate': None,
    'OriginalName': (),
}}"""


def test_a_python_dict_literal_is_read():
    found = fields(parse(PYTHON_LITERAL, content_type=JSON))
    assert found["name"] == "杭州某某网络科技有限公司" and found["legal_representative"] == "李明"
    assert found["registered_capital"] == "1000万元人民币" and found["status"] == "存续"
    assert found["company_type"] == "有限责任公司(自然人投资或控股)"
    assert found["registration_authority"] == "杭州市西湖区市场监督管理局"
    assert found["credit_code"] == "91330106MA2B123456"


RECORD_LINES = [
    '"name":"宁波某某股权投资合伙企业(有限合伙)",',
    '"creditCode":"91330201MA2AB1234C",',
    '"registeredCapital":10000,',
    '"status":1,',
    '"legalRepresentative":"宁波某某投资管理有限公司委派代表:赵强"',
    "}",
]


@pytest.mark.parametrize("marker", ["     * ", "# ", "// "])
def test_a_record_behind_a_comment_marker_on_every_line(marker):
    first = "{ \"id\":17," if marker.strip() == "*" else marker + "{ \"id\":17,"
    text = "\r\n".join([first, *(marker + line for line in RECORD_LINES)])
    found = fields(parse(text, url="file:///notes/party.txt", content_type="text/plain"))
    assert found["name"] == "宁波某某股权投资合伙企业(有限合伙)"
    assert found["credit_code"] == "91330201MA2AB1234C"
    # the executing partner, without the representative it sends; a bare 10000 is no capital
    assert found["legal_representative"] == "宁波某某投资管理有限公司"
    assert "registered_capital" not in found and "status" not in found


def test_a_javadoc_block_with_its_frame_is_read():
    text = "/**\n * {\n" + "".join(f" * {line}\n" for line in RECORD_LINES) + " */\n"
    assert fields(parse(text, content_type="text/plain"))["credit_code"] == "91330201MA2AB1234C"


def test_markers_on_only_some_lines_are_not_stripped():
    text = '{\n  "a": 1,\n  # "b": 2\n}'
    assert uncommented(text) == text


TRIMMED = """{
    "Partners": [
        "StockName": "张伟",
        "StockType": "自然人股东",
    ],
    "Employees": [
        {"Name": "张伟", "Job": "执行董事"},
        ...
    ],
    "Branches": [
        {"Name": "深圳某某科技有限公司北京分公司"},
        …
    ],
    "Name": "深圳某某科技有限公司",
    "OperName": "张伟",
    "RegistCapi": "500万人民币元",
    "StartDate": "2016-03-01T00:00:00",
    "CreditCode": "91440300MA5D123456",
    "Status": "存续",
    "EconKind": "有限责任公司",
    "BelongOrg": "深圳市市场监督管理局"
}"""


def test_trimmed_parts_are_left_out_and_the_rest_read():
    parsed = parse(TRIMMED, content_type=JSON)
    found = fields(parsed)
    assert found["name"] == "深圳某某科技有限公司" and found["legal_representative"] == "张伟"
    assert found["registered_capital"] == "500万人民币元" and found["credit_code"] == "91440300MA5D123456"
    assert found["registration_authority"] == "深圳市市场监督管理局"
    # the cut lists are dropped whole: no partial list, no count taken from one
    assert not section(parsed, "shareholders") and not section(parsed, "executives")
    assert "branches" not in found


def test_a_list_missing_its_bracket_is_dropped():
    text = """{
    "name": "苏州某某精密机械有限公司",
    "staffList": [
        {"name": "陈立群", "position": "董事长"},
    "legalPersonName": "陈立群",
    "creditCode": "91320500MA1N123456",
    "regStatus": "存续"
}"""
    data = loose_document(text)
    assert data == {"name": "苏州某某精密机械有限公司", "legalPersonName": "陈立群",
                    "creditCode": "91320500MA1N123456", "regStatus": "存续"}


def test_a_nested_broken_member_drops_only_itself():
    text = """{
  "data": {
    "name": "苏州某某精密机械有限公司",
    "regCapital": 1000万,
    "creditCode": "91320500MA1N123456"
  }
}"""
    assert loose_document(text) == {"data": {"name": "苏州某某精密机械有限公司", "creditCode": "91320500MA1N123456"}}


def test_unindented_broken_lists_are_not_lifted_into_the_record():
    # the list's end cannot be told: nothing is read rather than its items as the record's fields
    text = '{\n"name": "苏州某某有限公司",\n"staff": [\n"name": "陈立群",\n],\n"creditCode": "91320500MA1N123456"\n}'
    assert loose_document(text) is None


def test_a_partnerships_executive_partner_is_its_legal_representative():
    text = """{"result": {"name": "上海某某创业投资中心(有限合伙)", "executiveAffairsPartner": "上海某某资产管理有限公司",
    "creditCode": "91310000MA1F123456", "regStatus": "存续", // 合伙企业
    }}"""
    assert fields(parse(text, content_type=JSON))["legal_representative"] == "上海某某资产管理有限公司"


def test_values_that_do_not_look_like_their_fields_stay_out():
    text = """{
    "name": "杭州某某网络科技有限公司", // 名称
    "legalPersonName": "见附件", // 法人
    "regCapital": "未公开",
    "estiblishTime": "某日",
    "creditCode": "123",
}"""
    found = fields(parse(text, content_type=JSON))
    assert found == {"name": "杭州某某网络科技有限公司"}


def test_unreadable_text_is_stale_not_a_crash():
    parsed = parse('{"name": "杭州某某网络科技有限公司" "creditCode"', content_type=JSON)
    assert parsed.status == "stale" and not parsed.facts


def test_huge_loose_input_stays_bounded():
    # a repair loop without its cap would re-parse this 60,000 times (the suite would hang): it gives up, stale
    big = "{\n" + "".join(f'    "k{i}": [\n        "x": 1,\n    ],\n' for i in range(60000)) + "}"
    assert parse(big, content_type=JSON).status == "stale"
    deep = "{\n" + '"a": [\n' * 5000 + "}"
    assert parse(deep, content_type=JSON).status == "stale"


def test_a_list_of_partnerships_is_no_list_of_partners():
    text = """{"code": 0, "data": {"items": [
        {"name": "上海某某创业投资中心(有限合伙)", "executiveAffairsPartner": "上海某某资产管理有限公司"},
        {"name": "上海某某股权投资中心(有限合伙)", "executiveAffairsPartner": "上海某某投资管理有限公司"},
    ]}}"""
    assert not section(parse(text, url="https://open.api.example/search", content_type=JSON), "shareholders")


def test_a_record_whose_every_quote_is_escaped_and_never_closes_is_read_in_one_pass():
    # each quote once started a scan to the end of the line: an hour for a megabyte (a hang, not a slowness)
    assert loose_document('{\\"' + 'a\\"' * 300_000) is None
    assert loose_document("{'" + "a\\'" * 300_000) is None
