"""A registry record from a rendered page: label/value pairs, list tables, tab counts.

Qichacha, Tianyancha, Aiqicha and the national credit publicity system lay a record out in the
same few ways: a 工商信息 table of label cells and value cells, "label：value" runs, and one table
per section (股东信息, 主要人员, 对外投资, 分支机构, 融资历程, 招投标) whose header row names its
columns. Tables are read by what their header and heading say they are; a section that is still
loading or empty has no rows that read as names, so it gives nothing. History and change-log
sections (历史股东, 变更记录) are never read: their people have left.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterable, TypeVar

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from briefing.toolkit.html import content_of, table_rows, title_of
from briefing.toolkit.normalise import column_unit, is_title, unspace
from sources.registry.record import (
    Bid,
    Holder,
    RegistryRecord,
    Round,
    amount_of,
    clean_name,
    date_of,
    is_empty,
    is_executive_name,
    is_holder_name,
    names_of,
    share_of,
    titles_of,
)
from briefing.toolkit.names import is_org_name

T = TypeVar("T")

# Labels as registries print them, and the field each one names.
FIELD_OF_LABEL: dict[str, str] = {
    **dict.fromkeys(("企业名称", "公司名称", "名称", "企业(机构)名称", "机构名称", "市场主体名称"), "name"),
    **dict.fromkeys(("曾用名", "历史名称", "原名称"), "former_names"),
    **dict.fromkeys(("法定代表人", "法人代表", "法定代表人信息", "法定代表", "法人", "执行事务合伙人", "经营者", "负责人", "投资人", "首席代表"), "legal_representative"),
    **dict.fromkeys(("登记状态", "经营状态", "企业状态", "经营状况", "公司状态", "状态"), "status"),
    **dict.fromkeys(("成立日期", "成立时间", "注册日期", "注册时间", "成立日", "设立日期"), "established"),
    **dict.fromkeys(("核准日期", "发照日期", "核准时间", "审核/年检日期", "年检日期"), "approved"),
    **dict.fromkeys(("注册资本", "注册资金", "认缴资本", "成员出资总额"), "registered_capital"),
    **dict.fromkeys(("实缴资本", "实收资本", "实缴资金"), "paid_in_capital"),
    **dict.fromkeys(("统一社会信用代码", "信用代码", "统一信用代码", "统一社会信用代码/注册号", "注册号/统一社会信用代码",
                     "社会统一信用代码", "社会信用代码", "社会统一信誉代码", "统一社会信誉代码"), "credit_code"),
    **dict.fromkeys(("注册号", "工商注册号", "营业执照注册号", "注册"), "registration_number"),
    **dict.fromkeys(("组织机构代码", "机构代码", "组织结构代码"), "organization_code"),
    **dict.fromkeys(("企业类型", "公司类型", "类型", "企业性质", "主体类型"), "company_type"),
    **dict.fromkeys(("所属行业", "行业", "国民经济行业", "国标行业"), "industry"),
    **dict.fromkeys(("注册地址", "企业地址", "住所", "地址", "经营场所", "主要经营场所", "营业场所", "通信地址"), "address"),
    **dict.fromkeys(("经营范围", "业务范围"), "business_scope"),
    **dict.fromkeys(("登记机关", "发照机关", "登记机构"), "registration_authority"),
    **dict.fromkeys(("参保人数", "社保人数", "缴纳社保人数"), "insured_employees"),
    **dict.fromkeys(("分支机构参保人数",), "branch_insured_employees"),
    **dict.fromkeys(("员工人数", "职工人数", "从业人数", "从业人员"), "employees"),
    **dict.fromkeys(("人员规模", "员工规模"), "staff_size"),
    **dict.fromkeys(("实际控制人", "疑似实际控制人"), "actual_controller"),
    **dict.fromkeys(("母公司", "控股股东", "总公司", "隶属企业"), "parent_company"),
    **dict.fromkeys(("企业集团", "所属集团", "集团"), "group"),
    **dict.fromkeys(("上市状态", "上市情况"), "listing_status"),
    **dict.fromkeys(("股票代码", "证券代码", "股票代号"), "stock_code"),
}
_COUNTED = {"对外投资": "outbound_investments", "分支机构": "branches"}

_HISTORY = re.compile(r"历史|变更|曾任|以往|退出|已注销|过往|年度报告|年报")
# Headings over other companies and people: recommendations, neighbours, peers, the famous.
_ELSEWHERE = re.compile(r"相关(?:公司|企业|人物)|推荐|大家都在|热门|相似|同行|猜你|附近|可能感兴趣|同地址|竞品|看过|浏览过")
_HEADINGS = (
    ("shareholders", re.compile(r"股东|出资|发起人|合伙人|投资人信息")),
    ("executives", re.compile(r"主要人员|主要成员|高管|董监高|管理人员|核心人员|人员信息|主要管理")),
    ("investments", re.compile(r"对外投资|投资企业|参股|控股企业|投资信息")),
    ("branches", re.compile(r"分支机构|分公司")),
    ("financing", re.compile(r"融资")),
    ("projects", re.compile(r"招投标|招标|中标|投标")),
)
_HEADING_CLASS = re.compile(r"title|caption|tit\b|-hd\b|^hd$|header|head|tab-?name|section-name", re.I)
# A class token that starts with one of these words: "modal", "login-box", "side_list"; not "data_div_login".
_FURNITURE_CLASS = re.compile(r"^(?:modal|dialog|popup|pop|layer|mask|login|sidebar|side|aside|recommend|related|hot|rank|ad|adv|banner|footer|guess|maybe)(?:$|[-_A-Z])")


# 「小查为您找到 67 家符合条件的企业」, 「搜索到 12 个结果」: a registry's search page
_SEARCH_RESULTS = re.compile(r"(?:找到|搜索到|查询到)\s*(?:相关)?\s*\d[\d,]*\s*(?:家|个|条)\s*(?:符合条件的|相关)?\s*(?:企业|公司|结果)")


_RECORD_SECTION = re.compile(r"(?:工商|基本|登记|营业执照|照面)信息")


def read_html(soup: BeautifulSoup, *, fragment: bool = False) -> RegistryRecord:
    """The record a rendered registry page shows (call after drop_noise). A `fragment` (one tab
    the site loaded by AJAX, no <html>) is one section: its table needs no heading."""
    record = RegistryRecord(labelled=True)
    text = soup.get_text(" ", strip=True)[:30000]
    if _SEARCH_RESULTS.search(text) and not _RECORD_SECTION.search(text):
        return record  # a list of companies that match a query: no one record, whatever the title says
    _read_counts(soup, record)
    title = title_of(soup).split()  # an h1 with its tags after it: 「某某有限公司 存续 曾用名」
    record.set("name", title[0] if title else "")
    if fragment and "name" not in record.fields:
        record.set("name", _name_in_attributes(soup))
    content = content_of(soup)
    for tag in list(content.find_all(True)):
        if not tag.decomposed and _is_furniture(tag):
            tag.decompose()
    for comment in content.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()  # 「<!--2主要人员-->」: template notes, never a value
    _unscramble(content)
    lists: dict[str, list[RegistryRecord]] = {}
    list_tables: set[int] = set()
    for table in content.find_all("table"):
        section, header_at = _table_section(table, fragment)
        if section is None:
            if re.sub(r"[\d\s]+", "", heading_of(table)) == "实际控制人":  # a table of its own, one row
                record.set("actual_controller", next(filter(None, (name_in(c, is_holder_name) for r in table_rows(table) for c in r)), ""))
            continue
        list_tables.add(id(table))
        if section == "history":
            continue
        found = RegistryRecord()
        _READERS[section](_rows(table, header_at) or _continued(table, header_at), found)
        lists.setdefault(section, []).append(found)
    for section, readings in lists.items():  # one table per section: the richest, never a union
        best = max(readings, key=lambda r: (len(getattr(r, section)), _stakes(r)))
        setattr(record, section, getattr(best, section))
        if section == "shareholders":  # another table's details for the same holders, no new names
            for other in readings:
                for holder in other.shareholders:
                    if any(h.name == holder.name for h in best.shareholders):
                        best.add_holder(holder)
        for name, value in best.fields.items():  # what the table tagged: 实际控制人 on a holder
            record.fields.setdefault(name, value)
    _read_cards(content, record, {s for s in lists if getattr(record, s)}, list_tables)
    _read_tags(content, record)
    _read_pairs(content, list_tables, record)
    if "name" not in record.fields:
        record.set("name", _name_in_closing_sentence(soup))
    return record


# 「想了解某某有限公司工商注册信息？启信宝为您提供某某有限公司的联系方式…」: the one company a page
# without a header names in its closing sentence for search engines
_CLOSING_SENTENCE = re.compile(r"(?:想了解|想要了解|为您提供|查询)(?P<name>[\u4e00-\u9fff（）()]{4,40}?(?:公司|集团|合作社|事务所|厂|店))"
                               r"的?(?:工商|联系方式|企业简介|信用报告|注册信息|股东|公司地址|详细)")


def _name_in_closing_sentence(soup: BeautifulSoup) -> str:
    """That company, when the sentence names it at least twice and names no other."""
    names = [m.group("name") for m in _CLOSING_SENTENCE.finditer(soup.get_text(" ")[-5000:])]
    return names[0] if len(names) >= 2 and len(set(names)) == 1 else ""


# Digits drawn by the registry's own font, their glyphs swapped (「29万人民币」 shown as 50万): the
# text is not what the reader sees, only a title attribute beside it is. Without one the value is
# unreadable and stays a dash: its label then has no value, never the next text on the page.
_SCRAMBLED = re.compile(r"^(?:tyc|qxb|qcc|aqc|qxb-font|tyc-font)-num$|^(?:tyc|qxb|qcc)-font$")


def _unscramble(content: Tag) -> None:
    for tag in content.find_all(class_=_SCRAMBLED):
        title = str(tag.get("title") or (tag.parent.get("title") if isinstance(tag.parent, Tag) else "") or "").strip()
        tag.string = title or "—"


_NAME_IN_ATTRIBUTE = re.compile(r"""['"](?:企业名称|公司名称|companyName|entName)['"]\s*:\s*['"]([^'"]{4,60})['"]""")


def _name_in_attributes(soup: BeautifulSoup) -> str:
    """A tab fragment names its company only in its buttons' tracking calls
    (「zhugeTrack('…',{'企业名称':'珠海格力电器股份有限公司'})」): the name they all give, if one."""
    names = Counter(m.group(1) for tag in soup.find_all(True, limit=5000) for value in tag.attrs.values()
                    if isinstance(value, str) for m in _NAME_IN_ATTRIBUTE.finditer(value))
    # the page's own tracking names it again and again; one call names an investee
    return names.most_common(1)[0][0] if len(names) == 1 and names.most_common(1)[0][1] >= 3 else ""


def _is_furniture(tag: Tag) -> bool:
    if tag.name in ("header", "footer", "nav", "aside"):
        return True
    tokens = list(tag.get("class") or []) + ([str(tag["id"])] if tag.get("id") else [])
    return tag.name not in ("table", "tr", "td", "th", "tbody") and any(_FURNITURE_CLASS.match(t) for t in tokens)


def _stakes(record: RegistryRecord) -> int:
    return sum(1 for h in record.shareholders if h.stake is not None)


# --- headings ------------------------------------------------------------------------------


def heading_of(node: Tag) -> str:
    """The nearest heading before `node`: h1–h6, a caption, or a short element classed as a title."""
    caption = node.find("caption") if node.name == "table" else None
    if caption is not None:
        return caption.get_text(" ", strip=True)
    first = table_rows(node)[:1] if node.name == "table" else []
    if first and len(first[0]) == 1 and _span(first[0][0], "colspan") > 1:
        return first[0][0].get_text(" ", strip=True)  # 「<th colspan=4>分支机构信息</th>」: a title row
    for element in node.find_all_previous(True, limit=60):
        text = element.get_text(" ", strip=True)
        if len(text) > 40:  # 「主要人员 2 <tooltip: 名词解释…>」: the heading is its first words
            text = next(iter(element.stripped_strings), "")
        if not text or len(text) > 40 or label_field(text) or element.find_parent("table") is not None:
            continue  # a field's label classed "title", a name set in <h3> inside a table: no headings
        if element.name in ("h1", "h2", "h3", "h4", "h5", "h6", "legend") or _HEADING_CLASS.search(" ".join(element.get("class") or [])) \
                or (_is_section_title(text) and _stands_alone(element)):
            return text
    return ""


def _is_section_title(text: str) -> bool:
    """A section's title however it is marked up: 「主要人员信息」, 「股东及出资信息 2」, 「分支机构」;
    not a strip of them with their counts (「对外投资 29 分支机构 23」)."""
    text = re.sub(r"[\s\xa0]*(?:共计?\s*)?\d+\s*(?:条|个|家|项)?(?:信息|记录)?[\s\xa0]*$", "", text)
    bare = re.sub(r"[\s\xa0]+", "", text)
    if re.search(r"\d", bare):
        return False
    return 4 <= len(bare) <= 10 and bool(re.search(r"(?:信息|人员|成员|机构|投资|历程|股东)$", bare)) \
        and section_of_heading(bare) not in (None, "history")


def _is_elsewhere_title(text: str) -> bool:
    """The title of a box about other companies or past records: 「相关公司」, 「大家还在看」, 「变更记录」."""
    bare = re.sub(r"[\d\s\xa0]+", "", text)
    return 2 <= len(bare) <= 10 and section_of_heading(bare) == "history"


def _is_boundary(text: str) -> bool:
    """A title that ends the section before it: another section's, or a box's about elsewhere."""
    return _is_section_title(text) or _is_elsewhere_title(text)


def _stands_alone(tag: Tag) -> bool:
    """A title over its own section, not one tab of a strip (「股东信息 主要人员 对外投资」) nor a
    label of a stat row (「对外投资 29 分支机构 23」): no other title beside it."""
    siblings = [s.get_text("", strip=True) for s in tag.find_previous_siblings(True, limit=10) + tag.find_next_siblings(True, limit=10)]
    loose = [str(t).strip() for t in tag.parent.find_all(string=True, recursive=False)] if tag.parent is not None else []
    return not any(text and _is_boundary(text) for text in siblings + loose)


def section_of_heading(text: str) -> str | None:
    text = re.sub(r"[\d\s+()（）]+", "", text)
    if not text:
        return None
    if _HISTORY.search(text) or _ELSEWHERE.search(text):
        return "history"  # never read: their people and values are not this company's
    return next((section for section, pattern in _HEADINGS if pattern.search(text)), None)


# --- list tables -----------------------------------------------------------------------------


_COLUMNS: dict[str, re.Pattern[str]] = {
    # (not 「股东类型」 beside 「股东」: the kind of holder, 企业法人 or 自然人股东)
    "holder": re.compile(r"^(?:股东|发起人|投资人|出资人|合伙人)(?:（发起人）|\(发起人\)|名称|姓名)?(?!类型|类别|性质)|股东名称|股东及出资人"),
    "person": re.compile(r"^(?:姓名|人员|名称|成员)|^主要人员$"),
    "titles": re.compile(r"职务|职位|任职|职称"),
    "company": re.compile(r"被投资|企业名称|公司名称|机构名称|^名称$|分支机构名称|分支机构"),
    "stake": re.compile(r"持股比例|出资比例|股比|投资比例|占比|^比例|持股$"),
    "sub_amount": re.compile(r"认缴出资额|认缴出资|认缴金额|出资额|出资金额|认缴"),
    "sub_date": re.compile(r"认缴出资日期|出资日期|认缴日期|出资时间"),
    "round": re.compile(r"轮次|融资轮"),
    "date": re.compile(r"日期|时间"),
    "money": re.compile(r"金额|融资额"),
    "investors": re.compile(r"投资方|投资机构|投资人"),
    "title": re.compile(r"标题|项目名称|公告名称|^项目$|^名称$|^描述$"),
    "buyer": re.compile(r"采购人|招标人|采购单位|招标单位|业主"),
    "change": re.compile(r"变更前|变更后|变更项目|变更事项"),
    "currency": re.compile(r"^(?:认缴)?(?:出资)?币种$"),
}


def _header_cells(row: list[Tag]) -> list[str]:
    return [re.sub(r"\s+", "", c.get_text("", strip=True)) for c in row]


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 2 and sum(1 for c in cells if c and not re.search(r"\d{2,}", c) and len(c) <= 14) >= len(cells) - 1


# What a list table is, from its columns (`has`), the heading over it and whether the page is a
# tab fragment: the first rule that holds names the section.
_TABLE_RULES: tuple[tuple[str, Callable[[set[str], str | None, bool], bool]], ...] = (
    ("history", lambda has, heading, fragment: heading == "history" or "change" in has),  # 变更前/变更后: a change log
    ("shareholders", lambda has, heading, fragment: "holder" in has and bool(has & {"stake", "sub_amount"}) and heading in ("shareholders", None)),
    ("financing", lambda has, heading, fragment: "round" in has and heading in ("financing", None)),
    # 姓名 + 职务 anywhere but under 主要人员 (or in a tab fragment) is somebody else's people
    ("executives", lambda has, heading, fragment: {"titles", "person"} <= has and (heading == "executives" or (fragment and heading is None))),
    ("investments", lambda has, heading, fragment: heading == "investments" and "company" in has),
    ("branches", lambda has, heading, fragment: heading == "branches" and bool(has & {"company", "person"})),
    ("projects", lambda has, heading, fragment: heading == "projects" and "title" in has),
    # under 股东信息: holders with stakes, or 股东名称 | 股东类型 | 证照号码 without any
    ("shareholders", lambda has, heading, fragment: heading == "shareholders" and (
        "holder" in has or (bool(has & {"person", "company"}) and bool(has & {"stake", "sub_amount"})))),
)


def _table_section(table: Tag, fragment: bool = False) -> tuple[str | None, int]:
    """(section, index of the header row) for a list table; (None, 0) for anything else."""
    rows = table_rows(table)
    heading = section_of_heading(heading_of(table))
    for at, row in enumerate(rows[:3]):
        cells = _header_cells(row)
        if not _is_header(cells):
            continue
        has = {name for name, pattern in _COLUMNS.items() if any(pattern.search(c) for c in cells)}
        section = next((name for name, holds in _TABLE_RULES if holds(has, heading, fragment)), None)
        if section is not None:
            return section, at
    if heading == "history":
        return "history", 0
    if heading == "branches" and rows:
        return "branches", -1  # numbered names with no header, one or several to a row
    return None, 0


class _Row:
    """A data row, its cells found by the header's column names."""

    def __init__(self, cells: list[Tag], header: list[str]):
        self.cells, self.header = cells, header

    def cell(self, column: str, *, avoid: str = "") -> Tag | None:
        pattern = _COLUMNS[column]
        for i, name in enumerate(self.header):
            if column.startswith("sub_") and "实缴" in name:
                continue  # paid-in columns sit beside the subscribed ones and say something else
            if pattern.search(name) and not (avoid and _COLUMNS[avoid].search(name)) and i < len(self.cells):
                return self.cells[i]
        return None

    def unit(self, column: str) -> str | None:
        pattern = _COLUMNS[column]
        return next((column_unit(h) for h in self.header if pattern.search(h) and not (column.startswith("sub_") and "实缴" in h)), None)

    def text(self, column: str, *, avoid: str = "") -> str:
        cell = self.cell(column, avoid=avoid)
        return re.sub(r"\s+", " ", cell.get_text(" ", strip=True)) if cell is not None else ""


def _rows(table: Tag, header_at: int) -> list[_Row]:
    rows = table_rows(table)
    if header_at < 0:  # no header: every cell is a candidate name
        return [_Row([cell], ["名称"]) for r in rows for cell in r]
    header, body_at = _header_grid(rows, header_at)
    return _under(header, rows[body_at:])


def _under(header: list[str], body: list[list[Tag]]) -> list[_Row]:
    """Body rows read under a header's column names."""
    width = _repeat_width(header)
    out = []
    for row in body:
        if len(row) < 2 and len(header) > 1:
            continue
        # 「序号 姓名 职务 序号 姓名 职务」: two people to a row, read as two rows
        for start in range(0, len(row), width):
            out.append(_Row(row[start:start + width], header[:width]))
    return out


def _continued(table: Tag, header_at: int) -> list[_Row]:
    """A header in a table of its own, the rows in the next table (gsxt's 「detailsList」 then
    「detailsListGDCZ」 or a 「<div id="memDiv">」 table): those rows read under that header, when
    they are as wide and are not a header themselves."""
    following = table.find_next("table")
    if header_at < 0 or following is None or following in table.descendants or _text_between(table, following):
        return []  # the rows must follow the header at once: no title, no 「暂无数据」 between
    header, _ = _header_grid(table_rows(table), header_at)
    rows = [row for row in table_rows(following) if len(row) == len(header)]
    names = sum(1 for c in _header_cells(rows[0]) if any(p.search(c) for p in _COLUMNS.values())) if rows else 0
    return [] if not rows or names >= 2 else _under(header, rows)


def _text_between(first: Tag, second: Tag) -> bool:
    """Any text a reader sees between the end of one table and the start of the next."""
    for node in first.next_elements:
        if node is second:
            return False
        if isinstance(node, NavigableString) and str(node).strip() and node.find_parent("table") is not first \
                and type(node).__name__ not in ("Comment", "Doctype"):
            return True
    return False


def _header_grid(rows: list[list[Tag]], at: int) -> tuple[list[str], int]:
    """Column names, spans expanded; a second header row under spanning cells (「认缴明细」 over
    「认缴出资额 认缴出资日期」) names the columns it sits under. Returns (names, first body row)."""
    top = rows[at]
    spans = any(_span(c, "colspan") > 1 or _span(c, "rowspan") > 1 for c in top)
    names: list[str] = []
    open_slots: list[int] = []
    for cell in top:
        text = re.sub(r"\s+", "", cell.get_text("", strip=True))
        span = _span(cell, "colspan")
        for _ in range(span):
            if _span(cell, "rowspan") < 2 and span > 1:
                open_slots.append(len(names))
            names.append(text)
    if spans and open_slots and at + 1 < len(rows) and _is_header(_header_cells(rows[at + 1])):
        for slot, cell in zip(open_slots, rows[at + 1]):
            names[slot] = names[slot] + re.sub(r"\s+", "", cell.get_text("", strip=True))
        return names, at + 2
    return names, at + 1


def _span(cell: Tag, attribute: str) -> int:
    """colspan/rowspan as browsers read it: leading digits, 1 when absent or junk, at most 20."""
    match = re.match(r"\s*(\d+)", str(cell.get(attribute, "1")))
    return min(max(int(match.group(1)), 1), 20) if match else 1


def _repeat_width(header: list[str]) -> int:
    for width in range(2, len(header) // 2 + 1):
        if len(header) % width == 0 and header[:width] * (len(header) // width) == header:
            return width
    return len(header)


def name_in(cell: Tag | None, valid: Callable[[str], bool]) -> str:
    """The name a cell shows: its whole text without link text and tags, else its first run that is one."""
    if cell is None:
        return ""
    for run in _runs(cell):  # runs first: an avatar's initial (「杭」) may sit before the name
        name = clean_name(run)
        if valid(name):
            return name
    whole = clean_name(cell.get_text(" ", strip=True))
    return whole if valid(whole) else ""


def _runs(cell: Tag) -> Iterable[str]:
    for link in cell.find_all("a"):
        yield link.get_text(" ", strip=True)
    yield from cell.stripped_strings


def _read_shareholders(rows: list[_Row], record: RegistryRecord) -> None:
    for row in rows:
        cell = row.cell("holder") or row.cell("person") or row.cell("company")
        name = name_in(cell, is_holder_name)
        if not name:
            continue
        if cell is not None and any(s.strip() == "实际控制人" for s in cell.stripped_strings):
            record.set("actual_controller", name)  # the registry tags its finding on the holder
        amount_text = row.text("sub_amount", avoid="sub_date")
        # 「100万元 时间：2016-05-01」: Tianyancha's 2017 cell gives the date with the amount
        date_text = row.text("sub_date") or next(iter(re.findall(r"时间\s*[:：]\s*(\S+)", amount_text)), "")
        record.add_holder(Holder(
            name,
            share_of(row.text("stake")),
            _one_of(amount_text, _FIGURE, lambda text: amount_of(text, _in_currency(row.unit("sub_amount"), row.text("currency")))),
            _one_of(date_text, _YEAR, date_of),
        ))


_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万|亿|元)")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*[-/.年]")


def _one_of(text: str, item: re.Pattern[str], read: Callable[[str], T | None]) -> T | None:
    """The one value a cell shows; none from a cell that lists several (Tianyancha's 2018 holder
    who subscribed four times: 「320万人民币 1000万人民币 …」 and four dates), never the first of them."""
    return read(text) if len(item.findall(text)) <= 1 else None


def _read_executives(rows: list[_Row], record: RegistryRecord) -> None:
    for row in rows:
        name = name_in(row.cell("person"), is_executive_name)
        if name:
            record.add_person(name, titles_of(row.text("titles")))


def _read_investments(rows: list[_Row], record: RegistryRecord) -> None:
    for row in rows:
        name = name_in(row.cell("company"), is_org_name)
        if name:
            record.add_investment(name, share_of(row.text("stake")))


_BRANCH_NAME = re.compile(r"分公司|分店|分部|分行|支行|营业部|办事处|分厂|分所|分院|分中心|经营部|门市部")


def _read_branches(rows: list[_Row], record: RegistryRecord) -> None:
    for row in rows:
        headed = row.header != ["名称"]  # without a header every cell is a candidate: only a branch's name counts
        name = name_in(row.cell("company") or row.cells[-1], is_org_name if headed else _is_branch_name)
        if name:
            record.add_branch(name)


def _is_branch_name(text: str) -> bool:
    return is_org_name(text) and bool(_BRANCH_NAME.search(text))


def _read_financing(rows: list[_Row], record: RegistryRecord) -> None:
    for row in rows:
        round_name = row.text("round")
        if not round_name or is_empty(round_name) or len(round_name) > 20:
            continue
        cell = row.cell("investors")
        titled = [t.get("title", "") for t in ([cell] + cell.find_all(True) if cell is not None else []) if t.get("title")]
        names = max((names_of(t) for t in [row.text("investors"), *titled]), key=len)  # the title holds the full list
        record.financing.append(Round(
            round_name, date_of(row.text("date")), amount_of(row.text("money"), row.unit("money")), names,
        ))


def _read_projects(rows: list[_Row], record: RegistryRecord) -> None:
    for row in rows:
        title = row.text("title")
        if len(title) < 6 or is_empty(title):
            continue
        buyer = clean_name(row.text("buyer"))
        record.projects.append(Bid(
            title, date_of(row.text("date")), buyer if is_org_name(buyer) else None,
            amount_of(row.text("money"), row.unit("money")),
        ))


_READERS: dict[str, Callable[[list[_Row], RegistryRecord], None]] = {
    "shareholders": _read_shareholders,
    "executives": _read_executives,
    "investments": _read_investments,
    "branches": _read_branches,
    "financing": _read_financing,
    "projects": _read_projects,
}


_CARD_CLASS = re.compile(r"card|item|-row\b|^row$|list-li|cell", re.I)
_CARD_NAMES: dict[str, Callable[[str], bool]] = {
    "shareholders": is_holder_name, "executives": is_executive_name, "investments": is_org_name, "branches": is_org_name,
}


def _read_cards(content: Tag, record: RegistryRecord, done: set[str], list_tables: set[int]) -> None:
    """Sections laid out as cards, not tables (mobile pages, the credit publicity system's 主要人员):
    under a heading, each repeated block is one holder, person or company, its details in
    「持股比例 55%」 label/value runs inside it."""
    for heading in content.find_all(_is_heading):
        section = section_of_heading(heading.get_text(" ", strip=True))
        if section not in _CARD_NAMES or section in done:
            continue
        body = _body_after(heading)
        tables = [t for b in body for t in ([b] if b.name == "table" else b.find_all("table"))]
        if not body or any(id(t) in list_tables or _table_section(t)[0] is not None for t in tables):
            continue  # a list table under the heading: read as a table
        found = RegistryRecord()
        grid = _grid_people(tables) if section == "executives" else []
        for name, titles in grid:
            found.add_person(name, titles)
        for card in [] if grid else _cards(body, _CARD_NAMES[section]):
            _read_card(section, [clean_name(r) for r in card.stripped_strings], found)
        if getattr(found, section):
            setattr(record, section, getattr(found, section))
            done.add(section)


def _grid_people(tables: list[Tag]) -> list[tuple[str, list[str]]]:
    """People in a grid without a header, each title in the cell before its person's name
    (「监事 | 李少宾 | 经理 | 罗正安」), the name cell's buttons after the name; none unless two."""
    people = []
    for table in tables:
        for row in table_rows(table):
            firsts = [clean_name(next(iter(cell.stripped_strings), "")) for cell in row]
            people += [(name, titles_of(role)) for role, name in zip(firsts, firsts[1:]) if _is_role(role) and is_executive_name(name)]
    return people if len(people) >= 2 else []


def _body_after(heading: Tag) -> list[Tag]:
    """What follows a heading up to the next section: its next siblings; when those say next to
    nothing (a count: 「共计2条信息」), the next siblings of the block the heading opens
    (「<td class="title"><span>主要人员信息</span></td>」 in a table of its own)."""
    node, text = heading, heading.get_text("", strip=True)
    for _ in range(8):
        body = []
        for sibling in node.find_next_siblings(True):
            if _is_heading(sibling) or _is_boundary(next(iter(sibling.stripped_strings), "")):
                break  # the next section, or a block that opens with its title (「相关公司」 too)
            body.append(sibling)
        said = " ".join(b.get_text(" ", strip=True) for b in body).strip()
        if said and all(is_empty(b.get_text(" ", strip=True)) for b in body if b.get_text("", strip=True)):
            return []  # 「暂无数据」: the section says it is empty
        if len(said.replace(" ", "")) > 10:
            return body[:3]
        parent = node.parent
        if parent is None or parent.name in ("body", "html", "[document]") or not parent.get_text("", strip=True).startswith(text) \
                or any(_is_heading(t) for t in parent.find_all(True, limit=300) if t is not heading and heading not in t.descendants):
            return []  # only out of blocks the heading opens: never into a neighbouring section
        node = parent
    return []


def _is_heading(tag: Tag) -> bool:
    if tag.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return True
    text = tag.get_text(" ", strip=True)
    if not 0 < len(text) <= 20:
        return False  # before the title tests: this runs on every element of the page
    return ((bool(_HEADING_CLASS.search(" ".join(tag.get("class") or []))) or (_is_boundary(text) and _stands_alone(tag)))
            and tag.find(["table", "ul", "li"]) is None and not label_field(text))


def _cards(body: list[Tag], valid: Callable[[str], bool]) -> list[Tag]:
    """The outermost repeated blocks: li, dl, elements classed as cards or items, else the
    largest run of sibling elements of one tag and class (「<div ng-repeat class="in-block
    float-left">」 a card per person)."""
    found: list[Tag] = _classed_cards(body)
    if found:
        return found
    # siblings of one signature, counted over the section (rows of cards count together)
    groups: dict[tuple[str, ...], list[Tag]] = {}
    for parent, children in [(None, body), *((p, p.find_all(True, recursive=False)) for b in body for p in [b, *b.find_all(True)])]:
        # the blocks after the heading are cards themselves (「col-md-3」 each a person), or
        # children of one element are: each kept apart by where they stand
        signatures = Counter(_signature(c) for c in children)
        for child in children:
            if signatures[_signature(child)] >= 2 and child.get_text("", strip=True):
                groups.setdefault(("body", *_signature(child)) if parent is None else _signature(child), []).append(child)
    def named(group: list[Tag]) -> int:
        return sum(1 for card in group if any(valid(clean_name(r)) for r in card.stripped_strings))

    # the group whose blocks are each a person or company (not the lines inside the cards)
    best = max((g for g in groups.values() if named(g) >= 2),
               key=lambda g: (named(g), named(g) / len(g), sum(len(c.get_text("", strip=True)) for c in g)), default=[])
    return best or body


def _signature(tag: Tag) -> tuple[str, ...]:
    return (tag.name, *(tag.get("class") or []))


def _classed_cards(body: list[Tag]) -> list[Tag]:
    found: list[Tag] = []
    for block in body:
        for tag in block.find_all(True):
            if tag.name in ("li", "dl") or any(_CARD_CLASS.search(c) for c in tag.get("class") or []):
                if not any(tag in parent.descendants for parent in found):
                    found.append(tag)
    return found


def _read_card(section: str, runs: list[str], record: RegistryRecord) -> None:
    valid = _CARD_NAMES[section]
    name = next((r for r in runs if valid(r)), "")
    if not name:
        return
    values = _card_values(runs)
    if "stake" not in values and section in ("shareholders", "investments"):
        # a holder's card that shows its stake bare: 「傅某 60.00% 60万元」, the one percentage on it
        shares = [run for run in runs if re.fullmatch(r"\d{1,3}(?:\.\d+)?\s*[%％]", run)]
        if len(shares) == 1:
            values["stake"] = (shares[0], None)
    if section == "shareholders":
        stake, amount, date = values.get("stake"), values.get("sub_amount"), values.get("sub_date")
        record.add_holder(Holder(name, share_of(stake[0]) if stake else None,
                                 amount_of(amount[0], amount[1]) if amount else None, date_of(date[0]) if date else None))
    elif section == "executives":
        after = runs[runs.index(name) + 1] if runs.index(name) + 1 < len(runs) else ""
        # the card's titles wherever they sit: 「董事 王国权 他的所有公司 >」 puts them first
        shown = [t for r in _own_runs(runs, name) if _is_role(r.strip("，,、;； ")) for t in titles_of(r)]
        titles = titles_of(values["titles"][0]) if "titles" in values else shown or ([] if valid(after) else titles_of(after))
        if titles:
            record.add_person(name, titles)
    elif section == "investments":
        stake = values.get("stake")
        record.add_investment(name, share_of(stake[0]) if stake else None)
    else:
        record.add_branch(name)


_CARD_LABEL = re.compile(r"^([\u4e00-\u9fff()（）]{2,10})\s*[:：]\s*(\S.*)$")


def _card_values(runs: list[str]) -> dict[str, tuple[str, str | None]]:
    """A card's labelled details, by column: 「持股比例」 then 「55%」 in the next run, or
    「出资比例：55%」 in one."""
    values: dict[str, tuple[str, str | None]] = {}
    for i, run in enumerate(runs):
        glued = _CARD_LABEL.match(run)
        label, value = (glued.group(1), glued.group(2)) if glued else (run, runs[i + 1] if i + 1 < len(runs) else "")
        column = next((c for c in ("stake", "sub_date", "sub_amount", "titles") if _COLUMNS[c].search(label) and len(label) <= 10), None)
        if column and value and column not in values:
            values[column] = (value, column_unit(label))
    return values


# Roles a registry records beyond a website's titles: a branch's 负责人, a partnership's 执行事务合伙人.
_REGISTRY_ROLES = set("""经理 副经理 主任 副主任 行长 副行长 会长 副会长 理事长 副理事长 理事 秘书长 主席 副主席 负责人
    执行事务合伙人 委派代表 首席代表 清算组成员 清算组负责人 投资人 经营者""".split())


def _own_runs(runs: list[str], name: str) -> list[str]:
    """A card's runs about its person, up to where it turns to other companies
    (「关联企业 上海某某贸易有限公司 董事长」 are roles elsewhere)."""
    own = []
    for run in runs:
        if is_org_name(clean_name(run)) or re.search(r"关联|任职|投资|控股|其他", run):
            break
        if run != name:
            own.append(run)
    return own


def _is_role(text: str) -> bool:
    """A role as a registry's people card writes it: 「董事长」, 「执行董事,经理」, 「经理，」."""
    parts = titles_of(text)
    return bool(parts) and (is_title(text) or all(p in _REGISTRY_ROLES or is_title(p) for p in parts))


_TAGS = {"实际控制人": "actual_controller", "控股股东": "parent_company"}


def _read_tags(content: Tag, record: RegistryRecord) -> None:
    """A registry's own finding, as a tag beside a name: 「宜昌某某集团有限公司 [控股股东]」."""
    for string in content.find_all(string=True):
        field = _TAGS.get(string.strip())
        if field is None or string.parent is None or string.parent.name in ("h1", "h2", "h3", "h4", "th", "dt", "td"):
            continue
        heading = heading_of(string.parent)
        if section_of_heading(heading) != "shareholders" and "控制" not in heading:
            continue  # a tag on a related company's card, or in a history table
        before = string.parent.find_previous_sibling(True)
        if before is not None:
            name = name_in(before, is_holder_name if field == "actual_controller" else is_org_name)
            if name:
                record.set(field, name)


# --- label/value pairs ------------------------------------------------------------------------


MAX_LABEL = 20  # 「法定代表人/负责人/执行事务合伙人」 is a label of 17


def label_field(text: str) -> str | None:
    """The field a label names: 「名 称」, 「· 登记机关：」, 「注册资本(万元)」, 「执行事务合伙人信息」."""
    label = re.sub(r"^[·•\s]+|[\s:：\xa0]+", "", text)
    if label not in FIELD_OF_LABEL and re.search(r"注册号.{0,2}统一社会信用代码$|统一社会信用代码.{0,2}注册号$", label):
        return "credit_code"  # 「营业执照注册号<br>统一社会信用代码」: the one cell gives either
    if label not in FIELD_OF_LABEL:
        label = re.sub(r"[（(].*?[)）]$", "", label)
    if label not in FIELD_OF_LABEL and "/" in label:  # 「法定代表人/负责人/执行事务合伙人」: one field whatever the form
        fields = {FIELD_OF_LABEL.get(part) for part in label.split("/")}
        return fields.pop() if len(fields) == 1 else None
    return FIELD_OF_LABEL.get(label) or (FIELD_OF_LABEL.get(label[:-2]) if label.endswith(("信息", "姓名")) else None)


def _in_box_elsewhere(anchor: Tag) -> bool:
    """Inside a box that opens with a title about other companies or past records
    (「<div>相关公司</div><div class=card>…法定代表人 李四…</div>」)."""
    return any(_is_elsewhere_title(next(iter(box.stripped_strings), "")) for box in list(anchor.parents)[:5])


def _titles_in(value: Tag | str) -> list[str]:
    """The title of an element that wraps the whole value (「<div title="500万人民币"><text>877万
    路手币</text></div>」), never a badge's or a help icon's inside it."""
    if not isinstance(value, Tag):
        return []
    whole = value.get_text("", strip=True)
    tags = [value, *value.find_all(True, limit=20)]
    return [str(t["title"]).strip() for t in tags if isinstance(t.get("title"), str) and str(t["title"]).strip()
            and t.get_text("", strip=True) == whole][:2]


def _read_pairs(content: Tag, list_tables: set[int], record: RegistryRecord) -> None:
    sections: dict[int, str | None] = {}
    currency = _capital_currency(content)
    for pair_label, value, anchor in _pairs(content, list_tables):
        field = label_field(pair_label)
        if field is None or field in record.fields:
            continue
        if id(anchor) not in sections:
            sections[id(anchor)] = section_of_heading(heading_of(anchor))
        if sections[id(anchor)] is not None or _in_box_elsewhere(anchor):
            continue  # 「负责人 林巧云」 on a branch's card, a 成立日期 in the change log: not this record
        # The whole value first, then each of its runs: 「8 趋势图」 is 8, 「王文学 关联企业 12」 is 王文学.
        runs = list(_runs(value)) if isinstance(value, Tag) else []
        whole = re.sub(r"\s+", " ", value.get_text(" ", strip=True)) if isinstance(value, Tag) else value
        if anchor.name != "table" and _one_of_several(anchor, pair_label, whole):
            continue  # a search result's 「法定代表人：王某」 beside the next result's: no one record's
        # a title attribute that says something else first: pages that scramble their digits
        # with a font (「877万路手币」) keep the true value for the hover text
        candidates = [*(t for t in _titles_in(value) if unspace(t) not in unspace(whole)), whole, *runs]
        unit = _in_currency(column_unit(pair_label), currency) if field in ("registered_capital", "paid_in_capital") else None
        for candidate in candidates:
            if field == "status":
                candidate = candidate.split(" ")[0]
            if unit and re.fullmatch(r"\d[\d,]*(?:\.\d+)?", candidate.strip()):
                candidate = candidate.strip() + unit  # 「注册资本（万元）| 50」: the label gives the unit
            if record.set(field, candidate) and field in record.fields:
                break  # (a 15-digit 注册号 before the credit code in one cell is kept, and the code read on)


_CAPITAL_CURRENCY = re.compile(r"注册资本币种\s*[:：]?\s*([\u4e00-\u9fffA-Za-z]{1,8})|(?<![\u4e00-\u9fff])币种\s*[:：]\s*([\u4e00-\u9fffA-Za-z]{1,8})")


def _capital_currency(content: Tag) -> str:
    """What 「注册资本币种」 (or a lone 「币种：」) says beside a capital given as a bare figure."""
    found = _CAPITAL_CURRENCY.search(content.get_text(" ", strip=True)[:30000])
    return (found.group(1) or found.group(2)) if found else ""


def _in_currency(unit: str | None, currency: str) -> str | None:
    """A label's unit (「万元」) in the currency a 币种 column or pair names: 万美元 for 美元;
    none for a currency we do not read (a figure in 日元 is no amount in yuan)."""
    if unit is None or currency in ("", "人民币", "人民币元", "元", "CNY", "RMB") or is_empty(currency):
        return unit
    known = {"美元": "美元", "美金": "美元", "USD": "美元", "港元": "港元", "港币": "港元", "HKD": "港元", "欧元": "欧元", "EUR": "欧元"}.get(currency)
    return unit.replace("元", known) if known and unit.endswith("元") and "美元" not in unit and "港元" not in unit and "欧元" not in unit else None


def _one_of_several(anchor: Tag, label: str, value: str) -> bool:
    """The pair sits in one of several blocks alike (rows, cards, list items) and a block beside
    it gives the same label another value: a list of companies (search results), not a record."""
    label = re.sub(r"^[·•\s]+|[\s:：\xa0]+", "", label)
    shown = unspace(value)[:20]
    if not label or not shown:
        return False
    written = re.compile(re.escape(label) + r"\s*[:：]\s*(\S{1,40})")  # 「法定代表人：李某」 in the next result
    node = anchor
    for _ in range(8):
        parent = node.parent
        if parent is None or node.name in ("table", "body", "html"):
            return False
        for sibling in parent.find_all(node.name, recursive=False, limit=60):
            if sibling is not node and _signature(sibling) == _signature(node):
                other = written.search(sibling.get_text(" ", strip=True))
                if other and not shown.startswith(unspace(other.group(1))[:20]):
                    return True
        node = parent
    return False


_LABEL_CLASS = re.compile(r"label|title|name|key|left-col|tit\b", re.I)


def _is_label_element(tag: Tag) -> bool:
    if tag.name in ("td", "th", "dt", "tr", "table", "tbody"):
        return False
    classes = " ".join(tag.get("class") or [])
    text = tag.get_text("", strip=True)
    return bool(classes) and bool(_LABEL_CLASS.search(classes)) and len(text) <= MAX_LABEL and label_field(text) is not None


def _pairs(content: Tag, list_tables: set[int]) -> Iterable[tuple[str, Tag | str, Tag]]:
    """(label, value, where the pair sits) for every label/value pair of the page, in the four
    ways pages lay them out: label cells beside or over value cells, <dt>/<dd>, an element
    classed as a label before its value, and "label：value" text."""
    yield from _table_pairs(content, list_tables)
    yield from _dl_pairs(content)
    yield from _label_element_pairs(content)
    yield from _text_pairs(content)


def _table_pairs(content: Tag, list_tables: set[int]) -> Iterable[tuple[str, Tag | str, Tag]]:
    """Label cells of the tables that are not lists: each beside its value, or a row of labels
    over a row of values."""
    for table in content.find_all("table"):
        if id(table) in list_tables or any(id(p) in list_tables for p in table.find_parents("table")):
            continue
        rows = table_rows(table)
        if _is_column_header(rows):
            continue  # a list under a header row of column names (序号 日期 名称 ...): no labels here
        for r, row in enumerate(rows):
            labels = [_cell_label(cell) for cell in row]
            if not _is_header_row(row):  # a list table's column names are not labels with values
                for i, text in enumerate(labels[:-1]):
                    if text and not labels[i + 1]:  # a label beside a label is a row of labels
                        yield text, row[i + 1], table
            # a row of labels over a row of values (in <thead> or not): 「法定代表人 | 注册资本 |
            # 注册时间 | 经营状态」 then the values, cell under cell; not a list's column names
            if r + 1 < len(rows) and _is_card_header(row, labels):
                for i, text in enumerate(labels):
                    if text and i < len(rows[r + 1]) and not _cell_label(rows[r + 1][i]):
                        yield text, rows[r + 1][i], table


# What a record's header card puts beside its labels: 「法定代表人 | 注册信息 | 股权结构图」.
_CARD_HEADS = re.compile(r"图谱|结构图|注册信息|基本信息|工商信息")


def _is_card_header(row: list[Tag], labels: list[str]) -> bool:
    """A row of the record's labels: every cell a label or a card's own heading, and none a
    list's column (序号, 企业名称: a list of other companies with their 法定代表人 and 状态)."""
    texts = [c.get_text("", strip=True) for c in row]
    return any(labels) and _is_header(_header_cells(row)) and all(
        label or not text or _CARD_HEADS.search(text) for label, text in zip(labels, texts)) \
        and not any(label and label_field(label) == "name" for label in labels)


def _cell_label(cell: Tag) -> str:
    """The label a cell holds, or "": its text, or its first run when a help tooltip or a badge
    follows the label inside the cell (「登记机关 工商行政管理机关是公司登记机关…」)."""
    text = cell.get_text("", strip=True)
    if len(text) <= MAX_LABEL and label_field(text):
        return text
    first = next(iter(cell.stripped_strings), "")
    return first if first != text and len(first) <= MAX_LABEL and label_field(first) else ""


def _is_header_row(row: list[Tag]) -> bool:
    """A row of <th> cells, or one inside <thead>."""
    return all(c.name == "th" for c in row) or row[0].find_parent("thead") is not None


def _is_column_header(rows: list[list[Tag]]) -> bool:
    """The table opens with a header row of three or more column names, none of them a label."""
    return bool(rows) and len(rows[0]) >= 3 and _is_header_row(rows[0]) \
        and not any(_cell_label(c) for c in rows[0][::2])  # (a label with its help text is still a label)


def _dl_pairs(content: Tag) -> Iterable[tuple[str, Tag | str, Tag]]:
    for dt in content.find_all("dt"):
        dd = dt.find_next_sibling("dd")
        if dd is not None:
            yield dt.get_text("", strip=True), dd, dt


def _label_element_pairs(content: Tag) -> Iterable[tuple[str, Tag | str, Tag]]:
    """A label element and its value in the next element: 「<span class="label">员工人数</span>
    <span>3126人</span>」, and stacked blocks 「<div>注册资本<div class="tip">名词解释…</div></div>
    <div title="500万人民币">…</div>」 (the label's first words, a help text after them)."""
    for element in content.find_all(_is_label_element):
        value = element.find_next_sibling(True)
        if value is not None and not _is_label_element(value):
            yield element.get_text("", strip=True), value, element
    for string in content.find_all(string=True):
        text = str(string).strip()
        element = string.parent
        if not (2 <= len(text) <= MAX_LABEL and label_field(text)) or element is None or element.name in _CELLS:
            continue
        if next(iter(element.stripped_strings), "") != text:
            continue  # the label must open its element
        value = element.find_next_sibling(True)
        if value is not None and value.get_text("", strip=True) and not label_field(value.get_text("", strip=True)):
            yield text, value, element


_CELLS = ("td", "th", "tr", "table", "tbody", "thead", "body", "html", "[document]")


_HEADER_LINE = re.compile(r"^(?P<name>[^\s:：]{4,60})\s{2,}(?P<label>(?:注册号/)?统一社会信用代码(?:/注册号)?|注册号)\s*[:：]")


def _text_pairs(content: Tag) -> Iterable[tuple[str, Tag | str, Tag]]:
    """"label：value" in one run, "label：" before the value's run, or "label" "：" "value" in three."""
    nodes = [s for s in content.find_all(string=True) if isinstance(s, NavigableString) and s.strip()]
    # 「·&nbsp;企业名称&nbsp;：」: a bullet and non-breaking spaces around the label
    strings = [re.sub(r"^[·•\s]+", "", s.replace("\xa0", " ")).strip() for s in nodes]
    for i, text in enumerate(strings):
        anchor = nodes[i].parent
        glued = _glued_pairs(text)
        if len(glued) >= 2:  # 「注册号：310116…所在地：上海市注册资本：50万人民币法定代表：辛洪涛...」
            yield from ((label, value, anchor) for label, value in glued)
            continue
        header = _HEADER_LINE.match(text)
        if header:  # gsxt's header: 「某某有限公司&nbsp;&nbsp;注册号/统一社会信用代码：9136…」
            yield "企业名称", header.group("name"), anchor
            text = text[header.start("label"):]
        match = re.match(r"^([\u4e00-\u9fff/()（）]{2,16})\s*[:：]\s*(.*)$", text)
        if match and label_field(match.group(1)):
            if match.group(2):
                yield match.group(1), match.group(2), anchor
            elif i + 1 < len(strings):
                yield match.group(1), strings[i + 1], anchor
        elif label_field(text) and i + 2 < len(strings) and strings[i + 1] in (":", "："):
            yield text, strings[i + 2], anchor


def _glued_pairs(text: str) -> list[tuple[str, str]]:
    """A summary line's pairs written without separators: each colon's label is the longest run of
    characters before it that names a field, and its value runs to the next such label."""
    starts: list[tuple[int, int, str]] = []  # (label start, value start, label)
    for colon in re.finditer(r"[:：]", text):
        label = next((text[at:colon.start()] for at in range(max(0, colon.start() - 8), colon.start() - 1)
                      if label_field(text[at:colon.start()])), "")
        if label:
            starts.append((colon.start() - len(label), colon.end(), label))
    pairs = []
    for n, (_, value_at, label) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(text)
        value = text[value_at:end].strip()
        if not value.endswith(("...", "…")):  # 「法定代表：辛某...」: cut short, not the whole name
            pairs.append((label, value))
    return pairs


# --- tab counts -----------------------------------------------------------------------------


def _read_counts(soup: BeautifulSoup, record: RegistryRecord) -> None:
    """对外投资 29, 分支机构 23: the totals a registry shows on its tabs; the most common wins
    (a history panel's "对外投资 0" is one against three)."""
    strings = [s.strip() for s in soup.find_all(string=True) if isinstance(s, NavigableString) and s.strip()]
    seen: dict[str, Counter[int]] = {}
    for i, text in enumerate(strings):
        match = re.fullmatch(r"(对外投资|分支机构)\s*[(（]?\s*(\d{1,6})?\s*[)）]?", text)
        if not match:
            continue
        number = match.group(2) or (strings[i + 1] if i + 1 < len(strings) and re.fullmatch(r"\d{1,6}", strings[i + 1]) else None)
        if number is not None:
            seen.setdefault(match.group(1), Counter())[int(number)] += 1
    for label, counts in seen.items():
        record.set(_COUNTED[label], str(counts.most_common(1)[0][0]))
