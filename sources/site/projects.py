"""Reading a company's past projects from its pages: tables, cards, one-line entries, prose.

Each reader keeps to one shape of page (a table with a heading row, a card with labelled fields,
"1、name，业主：…，合同额：…", "name（业主：…，2023年）", a year-led list, a case's own page) and
gives nothing when the shape is not there. A field is read only from a label or column that names
it; a number is money only with its unit. No I/O.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from briefing.toolkit.html import label_values, rows_of, title_of
from sources.site.lists import NEXT_PAGE
from briefing.models import DateValue, Project, Provenance
from briefing.toolkit.normalise import clean_label, column_unit, find_date, parse_amount, parse_date

# Project table columns by their headings.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("项目名称", "工程名称", "案例名称", "项目", "工程", "名称", "project", "name"),
    "buyer": (
        "建设单位", "业主单位", "业主", "采购人", "采购单位", "委托单位", "甲方", "客户名称", "客户", "发包人", "招标人",
        "医院名称", "学校名称", "单位名称", "用户名称", "合作医院", "合作单位", "client", "owner", "customer",
    ),
    "amount": (
        "合同金额", "合同额", "合同价", "中标金额", "中标价", "中标额", "成交金额", "成交价", "项目金额", "金额", "造价", "总投资",
        "投资额", "contract value", "amount", "value",
    ),
    "date": ("竣工时间", "竣工日期", "完成时间", "完工时间", "签约时间", "签订时间", "合同时间", "中标时间", "时间", "日期", "年份", "date", "year"),
}


_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "buyer": _COLUMNS["buyer"],
    "amount": _COLUMNS["amount"],
    "date": _COLUMNS["date"] + ("实施时间", "建设时间", "投运时间", "delivered", "completed", "completion"),
}
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|累计|共计|total|subtotal|sum)\b", re.I)
_LABELLED = re.compile(r"业主|建设单位|采购人|招标人|委托单位|发包人|客户|甲方|合同|中标|金额|投资")
_NOT_DATE_LABEL = re.compile(r"开工|开始|启动|计划|预计|有效期|start", re.I)
_PLACEHOLDER = re.compile(r"^[\s\-—–/\\*.·…]*$|^(无|暂无|不详|未知|待定|n/?a|none|null|tbd)$|^(保密|confidential)", re.I)


def _header_map(row: list[str]) -> dict[str, int]:
    """Which column holds which field: the most specific heading word wins (医院名称 is the buyer,
    项目内容 the name; 竣工日期 over 开工日期), one field per column."""
    candidates: list[tuple[int, int, str, int]] = []  # (-len(word), rank, field, column)
    for index, cell in enumerate(row):
        label = re.sub(r"\s+", "", clean_label(cell)).lower()
        if not label or len(label) > 20:
            continue
        for field, words in _COLUMNS.items():
            if field == "date" and _NOT_DATE_LABEL.search(label):
                continue
            for rank, word in enumerate(words):
                if label.startswith(word) or word in label:
                    candidates.append((-len(word), rank, field, index))
                    break
    columns: dict[str, int] = {}
    for _, _, field, index in sorted(candidates):
        if field not in columns and index not in columns.values():
            columns[field] = index
    return columns


def projects_from_tables(content: Tag, source: Provenance) -> list[Project]:
    """Rows of tables whose heading row names a project column and at least one other."""
    projects: list[Project] = []
    for table in content.find_all("table"):
        rows = rows_of(table)
        for head_at, row in enumerate(rows[:3]):
            columns = _header_map(row)
            if "name" in columns and len(columns) >= 2:
                break
        else:
            continue
        unit = column_unit(rows[head_at][columns["amount"]]) if "amount" in columns else None
        for row in rows[head_at + 1:]:
            if len(row) <= columns["name"]:
                continue
            name = clean_label(row[columns["name"]])
            if not looks_like_name(name) or _TOTAL_ROW.match(name):
                continue
            def cell(field: str) -> str:
                value = row[columns[field]].strip() if field in columns and columns[field] < len(row) else ""
                return "" if is_placeholder(value) else value

            projects.append(
                Project(
                    name=name,
                    source=source,
                    buyer=cell("buyer") or None,
                    amount=parse_amount(cell("amount"), unit=unit) if cell("amount") else None,
                    date=parse_date(cell("date")) if cell("date") else None,
                )
            )
    return projects


def is_placeholder(text: str) -> bool:
    """"——", "/", "暂无": a cell that shows there is no value."""
    return bool(_PLACEHOLDER.match(text.strip()))


def looks_like_name(text: str) -> bool:
    text = clean_label(text)
    return 4 <= len(text) <= 80 and not re.fullmatch(r"[\d\s.\-/]+", text) and not NEXT_PAGE.match(text)


def _project_fields(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """buyer/amount/date from labelled values; the best-named label wins (竣工时间 over a bare 时间)."""
    fields: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for label, value in pairs:
        label = clean_label(label).lower()
        if _NOT_DATE_LABEL.search(label) or is_placeholder(value):
            continue
        for field, words in _FIELD_LABELS.items():
            rank = next((r for r, w in enumerate(words) if label == w or (w in label and len(label) <= len(w) + 4)), None)
            if rank is not None and rank < ranks.get(field, 1 << 30):
                fields[field], ranks[field] = value.strip(), rank
    return fields


# The same facts written as prose: "建设单位为某某水利局", "总投资约12.6亿元", "于2023年12月通过竣工验收".
_ORG_END = r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|局|委员会|管委会|政府|中心|研究院|院|所|学校|大学|医院|处)"
_PROSE = {
    "buyer": re.compile(r"(?:建设单位|业主单位|业主|发包人|采购人|招标人|委托单位)(?:为|是|系|：|:)\s*(?P<v>[^，。；,;、（(\s]{2,40}" + _ORG_END + r")"),
    "amount": re.compile(
        r"(?:总投资|投资额|工程投资|项目投资|合同价|合同金额|合同额|中标价|中标金额|成交金额|工程造价)(?:约|为|达|：|:|\s)*"
        r"(?P<v>[¥￥]?\d[\d,]*(?:\.\d+)?\s*(?:亿元|万元|元))"
    ),
    "date": re.compile(
        r"(?P<v>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)[^，。；,;\d]{0,6}?"
        r"(?:建成|竣工|完工|完成|通过竣工验收|通过验收|投运|投产|上线|交付|并网|通水)"
    ),
}


def _prose_fields(text: str) -> dict[str, str]:
    """buyer/amount/date from sentences, first mention of each (the headline figure comes first)."""
    fields: dict[str, str] = {}
    for field, pattern in _PROSE.items():
        match = pattern.search(text)
        if match:
            fields[field] = match.group("v").strip()
    return fields


def _project(name: str, fields: dict[str, str], source: Provenance) -> Project:
    date = fields.get("date", "")
    return Project(
        name=clean_label(name),
        source=source,
        buyer=fields.get("buyer") or None,
        amount=parse_amount(fields["amount"]) if "amount" in fields else None,
        date=(parse_date(date) or find_date(date, precision="month")) if date else None,
    )


def project_from_detail(soup: BeautifulSoup, content: Tag, source: Provenance) -> Project | None:
    """A case's own page: its heading and labelled fields (业主单位：…, 合同金额：…)."""
    fields = _project_fields(label_values(content))
    name = title_of(soup)
    if not fields or not looks_like_name(name):
        return None
    return _project(name, fields, source)


# "业主：某局" or "合同金额1,280万元": a label, then a colon or straight into the money.
_LINE_LABEL = re.compile(r"^(?P<label>[\u4e00-\u9fff]{2,6}?)\s*(?:[:：]\s*(?P<value>.+)|(?P<money>[¥￥]?\d[\d,.]*\s*(?:亿元|万元|元|亿|万)))$")
_CLAUSE = re.compile(r"\s*(?:[，；;]|,(?!\d{3}))\s*")  # not the comma inside 1,280万元
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[、.．)）]\s*")
_CAPTION = re.compile(r"^(?P<name>.+?)\s*[（(](?P<meta>[^（()）]*)[）)]\s*[。.]?$")
_DATE_PHRASE = re.compile(r"^((?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?)\s*(?:竣工|完工|建成|完成|交付|投运|投产|验收)?$")


def project_from_line(text: str, source: Provenance, *, among_projects: bool = False) -> Project | None:
    """One project written on one line, as lists and captions do:

    "1、卫河河道综合治理工程，业主：新乡市水利局，合同额：1.18亿元，2018年竣工。"
    "乐山嘉州半岛酒店空调工程（业主：乐山嘉州半岛置业有限公司，合同金额865万元，2019年）"

    Only when at least one part is a labelled buyer or amount: a name with a year is not enough,
    unless the line stands among lines of the same kind that are projects (`among_projects`).
    """
    text = _NUMBERING.sub("", text.strip(), count=1).rstrip("。.；; ")
    caption = _CAPTION.match(text)
    if caption and (among_projects or _LABELLED.search(caption.group("meta"))):
        name, parts = caption.group("name"), _CLAUSE.split(caption.group("meta"))
    else:
        name, *parts = _CLAUSE.split(text)
    if not parts or not looks_like_name(name) or len(name) > 60:
        return None
    pairs: list[tuple[str, str]] = []
    date = ""
    loose = 0  # clauses that are neither labelled nor a date: prose, not a project line
    for part in parts:
        labelled = _LINE_LABEL.match(part.strip())
        phrase = _DATE_PHRASE.match(part.strip())
        if phrase:
            date = phrase.group(1)
        elif labelled and "。" not in part:
            pairs.append((labelled.group("label"), labelled.group("value") or labelled.group("money")))
        elif not is_placeholder(part) and part.strip() not in ("在建", "已完工", "已竣工"):
            loose += 1
    if loose > 1 or loose >= max(len(pairs), 1 if among_projects and not loose else 0):
        return None
    fields = _project_fields(pairs)
    if "buyer" not in fields and "amount" not in fields and not (among_projects and date and caption):
        return None
    if date and "date" not in fields:
        fields["date"] = date
    return _project(name, fields, source)


# A year-led line about the company itself, not a work: 荣获…奖, 通过…认证, 被认定为…, 公司成立.
_NOT_A_WORK = re.compile(r"荣获|获得|获评|被评|评为|认定|认证|通过|成立|更名|乔迁|荣誉|称号|挂牌|上市|奖$")
_YEAR_LINE = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年?\s+(?P<name>.+?)\s*(?:[（(][^（()）]*(?:获|奖|在建|完工|竣工)[^（()）]*[)）])?$")


def projects_from_year_list(content: Tag, source: Provenance) -> list[Project]:
    """A list of works each led by its year ("2019年 某某大桥施工图设计"), as institutes show them.

    Only a list where most items are so written counts: one such line in prose is not a list.
    """
    projects: list[Project] = []
    for listing in content.find_all(["ul", "ol"], limit=100):
        items = [li.get_text(" ", strip=True) for li in listing.find_all("li", recursive=False)]
        found = [
            (m, text) for text in items
            if (m := _YEAR_LINE.match(text)) and looks_like_name(m.group("name")) and not _NOT_A_WORK.search(m.group("name"))
        ]
        if len(found) < 3 or len(found) * 2 < len(items):
            continue
        for match, text in found:
            projects.append(Project(name=clean_label(match.group("name")), source=source, date=DateValue(match.group("year"), text[:4])))
    return projects


def projects_from_lines(content: Tag, source: Provenance) -> list[Project]:
    """Projects written one per paragraph, list item or caption."""
    blocks = [b for b in content.find_all(["p", "li", "figcaption", "dd"], limit=2000) if not b.find(["p", "li", "div", "table", "ul", "ol"])]
    found = {id(b): project_from_line(b.get_text(" ", strip=True), source) for b in blocks}
    # A caption with only a year counts when its siblings of the same shape are projects.
    shapes = {(b.name, " ".join(b.get("class") or []), id(b.parent.parent) if b.parent else 0) for b in blocks if found[id(b)]}
    for b in blocks:
        shape = (b.name, " ".join(b.get("class") or []), id(b.parent.parent) if b.parent else 0)
        if not found[id(b)] and shape in shapes:
            found[id(b)] = project_from_line(b.get_text(" ", strip=True), source, among_projects=True)
    return [found[id(b)] for b in blocks if found[id(b)]]  # type: ignore[misc]


_SECTION_HEADING = re.compile(r"(?:服务|成功|经典|典型|工程|项目|客户|精品|部分|主要|代表|重点|优秀|合作|最新|热门)?"
                              r"(?:案例|业绩|项目|工程)(?:展示|中心|介绍|列表|集锦)?")


def projects_from_cards(content: Tag, source: Provenance) -> list[Project]:
    """Case cards: a heading with labelled fields beside it (Client: …, Contract value: …), one card each."""
    projects: list[Project] = []
    for heading in content.find_all(["h2", "h3", "h4", "h5"], limit=200):
        name = clean_label(heading.get_text(" ", strip=True))
        if not looks_like_name(name) or _SECTION_HEADING.fullmatch(name):
            continue  # 「服务案例」 heads the list: the dates in its cards' text are not its own
        card = heading.parent
        for _ in range(3):
            # A card holds one heading and no data table (tables are read as tables).
            if not isinstance(card, Tag) or card is content or len(card.find_all(["h1", "h2", "h3", "h4", "h5"])) > 1:
                break
            if any(len(rows_of(t)) >= 3 for t in card.find_all("table")):
                break
            fields = _project_fields(label_values(card)) or _prose_fields(card.get_text(" ", strip=True).replace(name, " ", 1))
            if fields:
                projects.append(_project(name, fields, source))
                break
            card = card.parent
    return projects


# 「先后参与了青藏、拉日、武广等60多条国家重点铁路工程建设」: works named in a row, with the kind they are
_WORKS_IN_A_ROW = re.compile(
    r"(?:(?:参与|参建|承建|承担|建设|修建|建成|完成|施工|设计|监理|负责)(?:了|过)?|以及|及)(?P<items>[^，。；;：:、\s]{2,14}(?:、[^，。；;：:、\s]{2,14}){2,})等(?:\d+\s*多?\s*[条项个座处所])?"
    r"(?P<kind>[\u4e00-\u9fff]{0,12}?(?:工程|项目))(?:建设|施工)?")
# Sectors and kinds of work, not works: 「市政、交通、水利等基础设施工程」
_FIELD = re.compile(r"^(?:市政|交通|水利|公路|铁路|桥梁|隧道|房建|房屋|建筑|港口|机场|电力|能源|化工|石化|冶金|环保|民用|住宅|"
                    r"工业|商业|医疗|教育|水电|火电|核电|风电|通信|城市|农村|园林|绿化|装饰|安装|土建|基础设施)+$")


def works_in_prose(text: str, source: Provenance) -> list[Project]:
    """Works a sentence names in a row after a verb of building (参与了, 承建了, 以及) and calls
    工程 or 项目 after 等: each one a project. Fields of work are no works."""
    out: list[Project] = []
    for match in _WORKS_IN_A_ROW.finditer(text[:60_000]):
        names = [clean_label(n) for n in match.group("items").split("、")]
        if any(_FIELD.match(n) or not looks_like_work(n) for n in names):
            continue
        sentence = re.split(r"[。；;\n]", text[match.start():], maxsplit=1)[0]
        lead = re.split(r"[。；;\n]", text[:match.start()])[-1]
        out += [Project(name=n, source=source, evidence=(lead + sentence)[:240]) for n in names]  # 「…等60多条国家重点铁路工程」 says what they are
    return out


def looks_like_work(text: str) -> bool:
    """A work's short name (青藏, 小浪底引黄改造): Han or Latin words, no figures alone."""
    return 2 <= len(text) <= 14 and not re.search(r"\d{3,}|[（）()《》“”\"]", text) and bool(re.search(r"[\u4e00-\u9fff]", text))


_CAPTION_ITEM = ("li", "figure", "dd", "div", "td")
_MORE = re.compile(r"^(?:查看|了解|更多|详情|阅读|点击|view|more|read)", re.I)


def captioned_pictures(content: Tag) -> list[str]:
    """A grid of pictures, each with its caption beside it, not in the link (「<img><div class=caption>
    <p>某某安装工程</p><a>查看项目详情</a></div>」): the captions, where three items or more are
    written alike. A caption is one short line, no sentence; a 「查看详情」 link is no caption."""
    groups: dict[tuple[str, ...], list[str]] = {}
    seen: set[int] = set()
    for img in content.find_all("img", limit=500):
        item = img.find_parent(_CAPTION_ITEM)
        # the smallest block holding the picture and some text: the item itself
        while isinstance(item, Tag) and not item.get_text(strip=True) and item is not content:
            item = item.find_parent(_CAPTION_ITEM)
        if not isinstance(item, Tag) or item is content or id(item) in seen or len(item.find_all("img")) != 1:
            continue
        seen.add(id(item))
        lines = [clean_label(t) for t in item.stripped_strings if not _MORE.match(clean_label(t))]
        if len(lines) != 1 or not looks_like_name(lines[0]) or len(lines[0]) < 6 or re.search(r"[。！？；，,]", lines[0]):
            continue
        parent = item.parent if isinstance(item.parent, Tag) else None
        shape = (item.name, " ".join(item.get("class") or []), parent.name if parent else "", " ".join(parent.get("class") or []) if parent else "")
        groups.setdefault(shape, []).append(lines[0])
    best = max(groups.values(), key=len, default=[])
    return list(dict.fromkeys(best)) if len(best) >= 3 else []

