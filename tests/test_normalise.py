"""Reading dates, money and people as Chinese business pages show them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefing.toolkit.normalise import (
    column_unit,
    find_date,
    find_dates,
    is_person_name,
    is_title,
    parse_amount,
    parse_date,
    split_person,
)


@pytest.mark.parametrize(
    "text, value",
    [
        ("发布时间：2024年04月28日 来源：本站", "2024-04-28"),
        ("2024年4月8号", "2024-04-08"),
        ("[2023-12-06]", "2023-12-06"),
        ("2019-7-11 9:32:15", "2019-07-11"),
        ("2024/04/28", "2024-04-28"),
        ("2024.04.28", "2024-04-28"),
        ("Apr 28, 2024", "2024-04-28"),
        ("March 15, 2024", "2024-03-15"),
        ("28 Apr 2024", "2024-04-28"),
    ],
)
def test_dates(text, value):
    found = find_date(text)
    assert found is not None and found.value == value
    assert found.text in text


@pytest.mark.parametrize(
    "text",
    ["© 2012-2024 版权所有", "Copyright 2005-2019", "2024年度工作会议", "电话 0510-87654321", "2024-13-40", "12,345,678.00", "04-28"],
)
def test_not_dates(text):
    assert find_date(text) is None


def test_precision_is_kept():
    assert parse_date("2023年6月").value == "2023-06"
    assert parse_date("Oct 2023").value == "2023-10"
    assert parse_date("2022").value == "2022"
    assert parse_date("在建") is None
    assert parse_date("2019年建成，2021年扩建") is None
    assert [d.value for d in find_dates("2024-04-28 至 2024-05-06")] == ["2024-04-28", "2024-05-06"]


@pytest.mark.parametrize(
    "text, unit, yuan, currency",
    [
        ("2,360万元", None, 23_600_000, "CNY"),
        ("1.2亿元", None, 120_000_000, "CNY"),
        ("860万", None, 8_600_000, "CNY"),
        ("¥1,200,000", None, 1_200_000, "CNY"),
        ("¥1,200,000", "万元", 1_200_000, "CNY"),
        ("500万美元", None, 5_000_000, "USD"),
        ("RMB 38.6 million", None, 38_600_000, "CNY"),
        ("3260.5", "万元", 32_605_000, "CNY"),
        ("12,345,678.00", "元", Decimal("12345678"), "CNY"),
    ],
)
def test_amounts(text, unit, yuan, currency):
    amount = parse_amount(text, unit=unit)
    assert amount is not None and amount.value == yuan and amount.currency == currency
    assert text in amount.text


@pytest.mark.parametrize("text", ["1234", "200MWh", "保密", "", "第3期"])
def test_not_amounts(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text, pair",
    [
        ("董事长：王建国", ("王建国", "董事长")),
        ("副总经理  刘芳", ("刘芳", "副总经理")),
        ("副总经理\u3000黄德胜", ("黄德胜", "副总经理")),
        ("李明 总经理", ("李明", "总经理")),
        ("党委书记、董事长 张建华", ("张建华", "党委书记、董事长")),
        ("Chairman: Zhang Wei (张伟)", ("张伟", "Chairman")),
        ("Wang Fang — CEO", ("Wang Fang", "CEO")),
        ("Li Qiang — Vice President of Sales", ("Li Qiang", "Vice President of Sales")),
        ("欧阳明远 董事长", ("欧阳明远", "董事长")),
    ],
)
def test_people(text, pair):
    assert split_person(text) == pair


@pytest.mark.parametrize(
    "text",
    ["曾任中国建筑集团董事长王大明", "销售经理 许航", "项目经理 彭志远", "董事长致辞", "总经理办公室", "联系人：赵经理", "公司简介 董事长"],
)
def test_not_people(text):
    assert split_person(text) is None


def test_names_and_titles():
    assert is_person_name("张建华") and is_person_name("欧阳明远") and is_person_name("Thomas Becker")
    assert not is_person_name("有限公司") and not is_person_name("领导团队") and not is_person_name("工程案例")
    assert is_title("党委书记、董事长") and is_title("董事长兼总经理") and not is_title("销售经理")


@pytest.mark.parametrize(
    "text, value, currency",
    [("RMB 12M", 12_000_000, "CNY"), ("$5M", 5_000_000, "USD"), ("HK$860万", 8_600_000, "HKD"), ("EUR 3 million", 3_000_000, "EUR")],
)
def test_foreign_and_abbreviated_amounts(text, value, currency):
    amount = parse_amount(text)
    assert amount.value == value and amount.currency == currency


def test_a_year_in_a_money_column_is_not_money():
    assert parse_amount("2019年 860", unit="万元") is None
    assert parse_amount("860", unit="万元").value == 8_600_000


@pytest.mark.parametrize("text", ["2024-04 28条评论", "阅读 15 2024-04", "浏览 3 2024-04", "1 2024-05", "2024-05 12"])
def test_a_number_beside_a_month_is_not_a_day_in_flat_text(text):
    # (a day in an element of its own before the month is read from the page: sources.site.lists)
    assert find_date(text) is None


@pytest.mark.parametrize("text", ["2018（开工）-2020（竣工）", "2021 (一期), 2024 (二期)"])
def test_two_years_are_not_one_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("heading, value, currency", [
    ("合同额（万欧元）", 8_600_000, "EUR"), ("Amount (USD million)", 860_000_000, "USD"), ("合同额（百万美元）", 860_000_000, "USD"),
    ("Amount (RMB 10,000)", 8_600_000, "CNY"), ("中标价（元）", 860, "CNY"),
])
def test_money_columns_name_scale_and_currency(heading, value, currency):
    amount = parse_amount("860", unit=column_unit(heading))
    assert amount.value == value and amount.currency == currency


@pytest.mark.parametrize("text", ["5亿日元", "3亿新加坡元", "S$12.5 million", "NT$5,000万"])
def test_currencies_we_do_not_convert_give_no_amount(text):
    assert parse_amount(text) is None
    assert column_unit(f"合同额（{text[-2:]}）") is None or "日元" not in text


@pytest.mark.parametrize("text", ["华为 总经理", "王总 总经理", "高新 技术总监", "金牌 服务总监", "江苏 总经理", "万达 董事长", "安全 总监"])
def test_places_brands_and_forms_of_address_are_not_people(text):
    assert split_person(text) is None
