"""Procurement notices (招标公告, 中标/成交结果公告, 中标候选人公示): what was bought, with what money,
from whom.

A notice states its fields as labels (采购人：, 项目编号：), as ccgp.gov.cn's `code-*` classes,
and, per lot, in a results table whose header names the winner and the amount column's unit.
Bids and candidates are not awards: a table of 投标供应商 and their 报价, or a 候选人公示, gives
no winner. A lot that failed (废标, 流标) has none either.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Iterable

from bs4 import BeautifulSoup, NavigableString, Tag

from briefing.toolkit.html import MAX_LINE, label_values, paragraphs_of, rows_of, text_runs, title_of
from briefing.models import Amount, DateValue
from briefing.toolkit.normalise import column_unit, find_date, han_integer, han_number, parse_amount

# label -> field; the first label a notice gives for a field wins
FIELD_OF_LABEL: dict[str, str] = {
    **dict.fromkeys(("采购项目名称", "项目名称", "工程名称", "招标项目名称", "采购项目", "标的名称", "项目及标段名称"), "name"),
    # a call's lot, and the project a construction call names in its first sentence: the name
    # only where no label names it, the one the notice's heading names first
    "标段名称": "lot_name", "本招标项目": "project_name",
    # the goods of a call that names no project (「合同包 | 货物名称 | 采购单位」): its name when nothing else is
    "货物名称": "goods",
    **dict.fromkeys(("项目编号", "采购项目编号", "招标编号", "采购编号", "招标项目编号", "项目代码"), "number"),
    **dict.fromkeys(("采购人", "采购单位", "招标人", "建设单位", "采购人名称", "招标单位", "业主单位", "采购人单位名称", "项目业主"), "buyer"),
    **dict.fromkeys(("采购代理机构", "代理机构名称", "代理机构", "招标代理", "招标代理机构", "采购代理机构名称", "招标代理人"), "agency"),
    **dict.fromkeys(("预算金额", "采购预算", "项目预算", "项目预算金额", "预算", "采购预算金额", "工程合同估算价", "合同估算价",
                     "估算价", "项目估算价", "招标控制价", "最高限价", "最高投标限价", "采购限价", "控制价"), "budget"),
    **dict.fromkeys(("资金来源", "项目资金来源"), "funding_source"),
    # where the work is done: a buyer's own site names the buyer where no label does (「项目位置：江苏省南京市某某钢铁股份有限公司」)
    **dict.fromkeys(("项目位置", "项目地点"), "location"),
    **dict.fromkeys(("中标供应商", "成交供应商", "中标人", "中标（成交）供应商", "中标单位", "成交单位", "成交供应商名称",
                     "中标供应商名称", "中标(成交)供应商", "中标（成交）供应商名称",
                     # 「中标公司名称：」 (a trading centre's form), 「中选供应商：」 (a pooled purchase's, an RFQ's)
                     "中标公司", "中标公司名称", "成交公司", "中选供应商", "中选供应商名称", "中选单位", "中选人"), "winner"),
    **dict.fromkeys(("总中标金额合计", "中标金额合计", "成交金额合计", "中标总金额", "成交总金额", "中标（成交）总金额"), "amount"),
    # ccgp's summary (公告概要): the amount where the body states none of its own (「中标（成交）金额：63.8600000（万元）」)
    **dict.fromkeys(("总中标金额", "总成交金额"), "summary_amount"),
    **dict.fromkeys(("中标金额", "成交金额", "中标（成交）金额", "中标价", "成交价", "中标(成交)金额", "中标价格",
                     "成交价格", "合同金额", "中标报价", "成交报价"), "amount"),
}
# ccgp.gov.cn marks fields with classes
CLASSES = {
    "code-projectName": "name", "code-projectCode": "number", "code-purchaser": "buyer", "code-agentName": "agency",
    "code-budgetPrice": "budget", "code-winningSupplierName": "winner", "code-summaryPrice": "amount",
}
_FAILED = re.compile(r"废标|流标|终止|失败|无效")
_CANDIDATES = re.compile(r"候选人公示|候选人公告|中标候选|评标结果公示")
_AWARD = re.compile(r"中标|成交|结果公告|结果公示")
_TENDER = re.compile(r"招标公告|采购公告|磋商公告|谈判公告|询价公告|竞价公告|邀请|采购意向")
_LOT = re.compile(r"包号|包组|标段|分包|包件|合同包|标包|标项")
_WINNER_COLUMN = re.compile(r"(?<!未)(?:中标|成交)(?:（成交）|\(成交\))?(?:供应商|人|单位)(?:名称)?(?!候选)")
_AMOUNT_COLUMN = re.compile(r"(?<!未)(?:中标|成交)(?:（成交）|\(成交\))?(?:金额|价|价格)|合同金额")
_NOT_RESULT_COLUMN = re.compile(r"候选|是否|未中标|未成交|单价|排名|得分")
_BID_COLUMN = re.compile(r"投标(?:供应商|人)|报价")
_ORG_LIKE = re.compile(r"(?:公司|集团|厂|中心|研究院|研究所|学院|大学|医院|合作社|事务所|部|店|社|处|所|站|行|馆|场|队|局|院|校|委员会|厅|委|办)"
                       r"(?:（[^）]{1,10}）|\([^)]{1,10}\))?$")


# 「1、采购项目名称：…」, 「一、项目编号：…」, 「（1）中标供应商名称：…」: a numbered label line
_NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)+\s*|[\d一二三四五六七八九十]+[、.．)）]\s*|[（(][\d一二三四五六七八九十]{1,2}[)）]\s*)?(?P<label>[\u4e00-\u9fff（）()][\u4e00-\u9fff（）() \u3000\ufffd]{1,19})[:：]\s*(?P<value>\S.*)$")


# what follows a name on the same line and is not part of it
_SUBLABEL = re.compile(r"(?:地址|联系人|联系电话|电话|联系方式|邮编|传真|邮箱|开户行|账号|招标代理|采购代理|代理机构|招标人|采购人|备注)[:：]")
# a field's label glued to the value before it in text without markup: 「…采购人名称：长沙市公安局采购代理机构名称：…」
_GLUED_LABEL = re.compile("(?:" + "|".join(sorted(map(re.escape, FIELD_OF_LABEL), key=len, reverse=True)) + r")(?:名称)?(?:[（(][^（）()]{1,4}[)）])?[:：]")


def _glued_apart(text: str) -> list[str]:
    """The text cut before each label glued to a value that has ended: after a figure, a mark or an
    organisation's name (「长沙市公安局」), never inside a longer label (「单项合同金额：」, 「政府采购编号：」)."""
    parts, start = [], 0
    for match in _GLUED_LABEL.finditer(text):
        before = text[start: match.start()].rstrip()
        ended = text[match.start() - 1] in "0123456789 \t\u3000)）/。，,;；、:：" if match.start() else False
        ended = ended or bool(re.search(r"\d[号室楼层]$", before))  # 「…中新路2号中标金额：」: an address has ended
        if before and (ended or _ORG_LIKE.search(before[-24:])):
            parts.append(text[start: match.start()])
            start = match.start()
    return [*parts, text[start:]]


_SECTION = re.compile(r"(?P<role>采购人|招标人|采购代理机构|代理机构|招标代理机构|中标人|中标供应商|成交供应商)(?:信息|的名称)")
_ROLE_FIELD = {"采购人": "buyer", "招标人": "buyer", "采购代理机构": "agency", "代理机构": "agency", "招标代理机构": "agency",
               "中标人": "winner", "中标供应商": "winner", "成交供应商": "winner"}


# 「拟中标人：某某有限公司，中标价（￥）110000元」: a second label after a comma, its unit in
# brackets and no colon before the figure
_INLINE_UNIT_LABEL = re.compile(r"(?<=[，,；;])([\u4e00-\u9fff]{2,8})([（(](?:[￥¥]|万元|元|人民币)[)）])\s*(?=[\d,.]+\s*(?:万元|元)?(?:[，,。；;]|$))")


# where a line holds two labels: 「…；资金来源：」, 「…，联系人：」, 「… 二、项目名称：」 (the next numbered section),
# and in text without line breaks 「…编制项目二、项目编号：」, 「…12月19日2、评标地点：」 (a section glued to a value)
_LINE_PARTS = re.compile(r"[；;]\s*|，(?=[\u4e00-\u9fff（）()]{2,12}[:：])|\s+(?=[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))"
                         r"|(?<=[^\s一二三四五六七八九十、，,；;：:（(])(?=[一二三四五六七八九十]{1,3}、[\u4e00-\u9fff（）()]{2,14}[:：])"
                         r"|(?<=[\u4e00-\u9fff）)])(?=\d{1,2}[、．.](?!\d)[\u4e00-\u9fff（）()]{2,14}[:：])"
                         r"|(?<=[”\"])的(?=(?:成交|中标)(?:供应商|人)[:：])")  # 「包为“某某项目”的成交供应商：…」


# a numbered section named after a field whose whole content is the next line (a 水利 call's 「4.资金来源」)
_VALUE_SECTION = re.compile(r"^(?:\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、)\s*(?:项目)?资金来源$")


def _line_pairs(lines: list[str]) -> list[tuple[str, str]]:
    """「1、采购项目名称：…」, 「2.采购预算：298万元；资金来源：财政资金。」 (two labels on a line), and
    「1.采购人信息」 over 「名 称：…」 (the section names whose name it is)."""
    pairs: list[tuple[str, str]] = []
    role = ""
    for number, line in enumerate(lines):
        section = _SECTION.search(line)
        if section and len(line) <= 20:
            role = section.group("role")
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if re.search(r"[:：]$", line) and following and not re.search(r"[:：]", following):
            line += following  # 「采购项目名称：」 then its value on the next line
        elif _VALUE_SECTION.match(line) and 2 <= len(following) <= 30 and not re.search(r"[:：。，,]", following):
            line += "：" + following  # 「4.资金来源」 a section of its own, 「财政投资」 its one line
        line = _INLINE_UNIT_LABEL.sub(lambda m: f"{m.group(1)}{re.sub('[￥¥]', '元', m.group(2))}：", line)
        for part in (p for piece in _LINE_PARTS.split(line) for p in _glued_apart(piece)):
            match = _NUMBERED.match(part.strip())
            if not match:
                continue
            label = match.group("label").replace(" ", "").replace("\u3000", "")
            value = match.group("value")
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if not _ORG_LIKE.search(_clean(value)) and _ORG_LIKE.search(following) and len(following) <= 20 \
                    and not re.search(r"[:：]", following) and part.strip() == line.strip():
                value += following  # 「合肥&nbsp;精工智造<br>科技有限公司」: a name broken by markup
            inline = _SECTION.match(label)  # 「1.采购人信息 名称：…」 on one line
            if inline and label[inline.end():] in ("名称", "单位名称"):
                pairs.append((inline.group("role"), value))
            elif label in ("名称", "单位名称") and role:
                pairs.append((role, value))
            else:
                pairs.append((match.group("label"), value))
            inner = _NUMBERED.match(value)
            if inner:  # 「其它补充事宜：采购预算：19200万元」: a label inside a label's value
                pairs.append((inner.group("label"), inner.group("value")))
    return pairs


# Fields a notice states in a sentence: 「受苏州某某局委托」, 「建设资金来自财政（自筹/财政）」.
_SENTENCES = (
    ("buyer", re.compile(r"受(?P<value>[\u4e00-\u9fff（）()]{4,40}?)(?:的)?委托")),
    ("buyer", re.compile(r"(?:采购人|招标人|采购单位|建设单位)(?:为|是)\s*(?P<value>[\u4e00-\u9fff（）()]{4,40}?)\s*(?:[，,。；;]|$)")),
    # 「北京某某有限公司于2011年09月20日 在阳光易购电子采购平台发布的采购…」: who published the purchase
    ("buyer", re.compile(r"(?:^|[，,。；;：:])(?P<value>[\u4e00-\u9fff（）()]{4,40}?)于\s*\d{4}年\d{1,2}月\d{1,2}日\s*(?:在|通过)[^，。]{0,30}发布的?(?:采购|询价|需求)")),
    # 「某某管理处（采购人）的…项目」, 「某某大学的…采购项目于2018年11月20日结束」: the buyer a template fills in
    ("buyer", re.compile(r"(?:^|[，,。；;：:])(?P<value>[\u4e00-\u9fff（）()]{4,40}?)(?:[（(](?:采购人|招标人|采购单位)[)）]|的[^，,。；;]{2,60}?项目于)")),
    # 「中国人民解放军某部队对气象物资进行了公开招标」: the buyer as the subject of its tender
    ("buyer", re.compile(r"(?:^|[，,。；;：:])(?P<value>[\u4e00-\u9fff（）()\d]{4,40}?)(?:对|就)[^，,。；;]{2,60}?进行了?(?:国际|国内)?"
                         r"(?:公开|邀请)?(?:招标|采购|竞争性谈判|竞争性磋商|询价|比选|竞价)")),
    # 「由某某学校建设的某某食堂工程，招标代理人为…」: the owner who builds is the buyer
    ("buyer", re.compile(r"(?:^|[，,。；;：:])由(?!于)(?P<value>[\u4e00-\u9fff（）()]{2,38}?(?:公司|集团|医院|大学|学院|学校|中心|局|委员会|政府|管理处))"
                         r"(?:投资|负责)?建设的")),
    # 「资金来源为国内银行贷款11200000元，自筹及其他资金4800000元」: sources with their amounts, as shown
    ("funding_source", re.compile(r"资金来源(?:为|是)(?P<value>[\u4e00-\u9fff]{2,12}?\d[\d,.]*万?元(?:[，,、][\u4e00-\u9fff]{2,12}?\d[\d,.]*万?元)*)")),
    # 「本招标项目某某厂房提升改造项目已由某某局以…批准建设」: the standard construction call names its project so
    ("name", re.compile(r"本招标项目\s*(?P<value>[^，,。；;\s]{4,60}?)\s*(?:\(|（)?(?:项目名称)?(?:\)|）)?\s*已由")),
    # 「某某咨询有限公司受某某学院委托，对某某测评项目（项目编号：…）进行竞争性磋商采购」: the project the body is about
    ("name", re.compile(r"(?:委托[，,]?|现|^[\u4e00-\u9fff（）()]{2,40}?(?:公司|中心|院|局))\s*(?:就|对)\s*(?!下列|以下|上述|如下|该|本|此)(?P<value>[^，,。；;：:\s]{4,60}?)\s*"
                        r"(?:[（(](?:项目|采购|招标|采购项目)?编号[:：][^）)]{1,40}[）)])?\s*(?:在[^，,。；;]{0,20}?)?(?:进行|组织)了?(?:国际|国内)?(?:公开|邀请)?"
                        r"(?:招标|竞争性谈判|竞争性磋商|询价|比选|竞价|单一来源)")),
    # 「由某某招标服务中心有限公司组织的某某舆情监测（项目编号:…）的竞争性磋商方式的采购」 (上海市政府采购网's result)
    ("name", re.compile(r"由[\u4e00-\u9fff（）()]{4,40}?组织的(?P<value>[^，,。；;：:（(\s]{4,60}?)\s*[（(](?:项目|采购|招标)?编号[:：]")),
    # 「某某学校《某某改造项目》项目综合评议采购（竞争性谈判）」: the project in book-title marks, its buyer before it
    ("name", re.compile(r"(?:^|[，,。；;])[\u4e00-\u9fff（）()]{4,40}?《(?P<value>[^《》，,。；;]{4,60}?)》\s*(?:项目)?[\u4e00-\u9fff（）()]{0,12}?"
                        r"(?:采购|招标|谈判|磋商|询价)")),
    ("buyer", re.compile(r"(?:^|[，,。；;])(?P<value>[\u4e00-\u9fff（）()]{4,40}?)《[^《》，,。；;]{4,60}?》\s*(?:项目)?[\u4e00-\u9fff（）()]{0,12}?"
                         r"(?:采购|招标|谈判|磋商|询价)")),
    # 「本标段投资额约413.59万元」: what this tender is worth, not the whole project's 建设资金
    ("budget", re.compile(r"(?:本标段|本次招标|本包|该标段)的?(?:投资额|投资估算|估算价|合同估算价|预算金额|预算|最高投标限价|招标控制价)"
                          r"(?:约为|约|为|是)?[:：]?\s*(?P<value>\d[\d,]*(?:\.\d+)?\s*(?:万元|元))")),
    # 「建设资金来自财政（自筹/财政）」: a bracket of options is the form's hint; 「国有（非政府投资）」 is the value
    ("funding_source", re.compile(r"资金(?:来自|来源于|来源为)(?P<value>[\u4e00-\u9fff]{2,12}?(?:[（(][^）)/、]{1,12}[)）])?)"
                                  r"(?:[（(][^）)]{0,12}[)）])?(?:资金)?(?:[，,。；;]|解决|安排|落实|$)")),
)


def _whole(runs: list[tuple[str, str]], paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs read run by run, a value cut short by markup (「车场信息化改造（」) completed from
    its paragraph (「车场信息化改造（四次）」) when the rest holds no other label."""
    whole = dict((_bare_label(label), value) for label, value in reversed(paragraphs))  # each label's first value
    out = []
    for label, value in runs:
        longer = whole.get(_bare_label(label), "")
        cut = value.count("（") + value.count("(") > value.count("）") + value.count(")") or len(value) <= 2 \
            or (FIELD_OF_LABEL.get(_bare_label(label)) == "name" and _ORG_LIKE.search(value) is not None)
        # 「招标项目名称:<a>某某有限公司</a>项目-皮秒激光切割机」: a name that ends at a link's end is cut too
        if cut and len(longer) > len(value) and longer.startswith(value) and not re.search(r"[:：]", longer[len(value):]):
            value = longer
        out.append((label, value))
    return out


_ROLE_WORD = re.compile(r"^(?:采购人|招标人|采购单位|建设单位|业主单位?|甲方)")
_AGENCY = re.compile(r"招标|代理|咨询|项目管理|造价|交易中心|采购中心")
_CJK_SPACE = re.compile(r"[ \u3000\xa0]+(?=[\u4e00-\u9fff（(，,。])|(?<=[\u4e00-\u9fff）)，,。])[ \u3000\xa0]+")


def _sentence_pairs(paragraphs: list[str]) -> list[tuple[str, str]]:
    """(label, value) from the sentences a notice words its fields in, labelled as the field's own label."""
    labels = {"buyer": "采购人", "funding_source": "资金来源", "name": "本招标项目", "budget": "预算金额"}
    # 「代理有限公司 受 某某医院 的委托」: the spaces a template puts around filled-in names
    sentences = [_CJK_SPACE.sub("", p) for p in paragraphs[:80]]
    found: dict[str, set[str]] = {}
    for name, pattern in _SENTENCES:
        if name != "buyer" and name in found:
            continue  # the first pattern that finds a funding source, a name or a budget is the one
        for match in (m for p in sentences for m in [pattern.search(p)] if m):
            value = _ROLE_WORD.sub("", match.group("value"))  # 「受采购人某某局委托」
            if name != "buyer" or (_ORG_LIKE.search(value) and not _AGENCY.search(value)):
                found.setdefault(name, set()).add(value)
                break
    # two sentences naming two buyers: which is the buyer is not ours to guess
    return [(labels[name], values.pop()) for name, values in found.items() if len(values) == 1]


_NUMBER_NOTE = re.compile(r"[（(](?:项目|采购|招标|采购项目)?编号[:：][^）)]{1,40}[）)]")  # 「（项目编号：CLPSP16ZH04ZC25）」 in a heading


def _own_heading(content: Tag, paragraphs: list[str]) -> str:
    """The notice's heading on a page whose <title> is a site's name: a heading or one of the
    first lines that ends with 公告/公示/结果, else one that names a project, never a numbered
    section (「1. 招标条件」)."""
    headings = [re.sub(r"\s+", "", t.get_text("", strip=True)) for t in content.find_all(_HEADINGS, limit=20)]
    candidates = [h for h in [*headings, *paragraphs[:20]] if 6 <= len(h) <= 120 and not re.match(r"^[\d一二三四五六七八九十]+[.、．]", h)
                  and not re.search(r"[，。；;：:]|委托", _NUMBER_NOTE.sub("", h))  # a heading, not a sentence
                  and ("," not in h or re.search(r"(?:公告|公示|通告)$", h))  # 「…招标公告-检测标,其他标招标公告」: lots listed
                  and sum(label in h for label in FIELD_OF_LABEL if len(label) >= 3) < 2  # nor a table's column names
                  and not _BUYER_LIKE.fullmatch(h)]  # nor a signature's organisation
    return next((h for h in candidates if re.search(r"(?:公告|公示|通告|结果)$", h)), "") \
        or next((h for h in candidates if _NOTICE_WORDS.search(h)), "")


_NOTICE_WORDS = re.compile(r"公告|公示|通告|项目|采购|招标|中标|成交|合同|工程")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5")
MAX_TABLES = 100  # a page of thousands of nested tables is not a notice worth a minute


@dataclass
class Lot:
    lot: str | None
    winner: str | None
    amount: Amount | None
    name: str | None = None  # a call's lot named on its own (「标项名称：…1分标」)
    budget: Amount | None = None


@dataclass
class Notice:
    kind: str  # "award", "candidates", "tender"
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    lots: list[Lot] = field(default_factory=list)
    date: DateValue | None = None
    labelled_name: bool = False  # the project is named by a label or a sentence, not only by a heading


_INVITATION = re.compile(r"(?:现|特)?欢迎(?:合格的?|符合(?:资格)?条件的|有意向的|具备相应资质的)?(?:国内)?(?:供应商|投标人|潜在投标人)(?:前来|参加|参与)")
_CORRECTION = re.compile(r"更正公告|变更公告|澄清公告|更正（|更正\(")
_ENDED = re.compile(r"终止公告|废标公告|流标公告|终止（废标）|失败公告|采购终止")
_PRE_AWARD = re.compile(r"预中标|拟中标|预成交|拟成交")


# 「√公开 □邀请」: a form's options, ticked or not, say nothing of what the notice is
_CHECKBOX = re.compile(r"[□■√☑☐✓￡]\s*[\u4e00-\u9fff/]{1,8}")
# 「…的招标中标候选人公示已结束」: a result that recalls the candidates stage before it
_CANDIDATES_OVER = re.compile(r"候选人公示(?:期)?(?:已|已经)?(?:结束|期满|届满)")


def kind_of(title: str, text: str) -> str:
    text = _CANDIDATES_OVER.sub("", _CHECKBOX.sub("", text))
    # the notice's own heading: a long line ending in 公告/公示 (not a menu's 「变更公告」)
    heading = next((line for line in text.splitlines()[:60] if len(line) >= 10 and re.search(r"(?:公告|公示)\s*$", line)), "")
    head = f"{title}\n{heading}"
    if _CORRECTION.search(head):
        return "correction"  # a correction restates old and new values: no award to read from it
    if _ENDED.search(head):
        return "ended"
    if _PRE_AWARD.search(head):
        # 「预中标公示」, 「拟中标公示」: the winner named before the objection period ends (its
        # ranked candidates, 「预中标候选人」, are none)
        return "candidates" if _CANDIDATES.search(head) or "候选" in head else "award"
    head = f"{title}\n{heading}\n{text[:300]}"
    if re.search(r"(?:^|\n)\s*(?:[一二三四五六七八九十\d]+[、.．])?\s*(?:中标|成交)(?:（成交）)?(?:信息|结果)[:：]?\s*(?:\n|$)|"
                 r"(?:中标人|中标供应商|成交供应商)(?:名称)?\s*(?:[:：]|\n(?=[^\n:：]{2,40}(?:公司|集团|研究院|设计院|事务所)\n))", text) \
            and not _CANDIDATES.search(f"{title}\n{text[:300]}"):
        return "award"  # 「七、成交信息 / 成交供应商：…」 whatever the page's <title> says
    head = f"{title}\n{text[:300]}"
    if _CANDIDATES.search(head):
        return "candidates"
    # 「现将采购结果公告如下」: the notice announcing its result in its first sentence
    if _AWARD.search(title) or re.search(r"(?:中标|成交)(?:（成交）)?结果|现将[^。，,]{0,20}结果公[告示]如下", head):
        return "award"
    if _TENDER.search(head):
        return "tender"
    return "award" if re.search(r"中标|成交", head) else "tender"


def lot_label(raw: str | None) -> str | None:
    """第1包, 包1, 1包, 第一包, 01包, 001 -> 包1; 包组A -> 包A; 第二标段 -> 标段2."""
    if not raw:
        return None
    text = re.sub(r"\s+", "", raw)
    kind = "标段" if "标段" in text else "包"
    match = re.search(r"([0-9]+|[一二三四五六七八九十]+|[A-Za-z])", text)
    if not match:
        return text
    token = match.group(1)
    if token.isdigit():
        token = str(int(token[:6]))
    elif re.fullmatch(r"[一二三四五六七八九十]+", token):
        token = str(han_number(token))
    return f"{kind}{token.upper()}"


# A form's placeholders left in the page: 「&&&招标人盖章位置2&&&」.
_PLACEHOLDER = re.compile(r"&&&[^&]{0,40}&&&")


def _clean(value: str) -> str:
    """Whitespace markup put inside a name goes; the space between Latin words stays."""
    value = re.sub(r"[\s\u3000\xa0]+", " ", _PLACEHOLDER.sub("", value)).strip()
    value = re.sub(r"(?<=[^A-Za-z0-9]) | (?=[^A-Za-z0-9])", "", value)
    return value.strip("：:;；，,。 ")


def _column_pairs(content: Tag) -> list[tuple[str, str]]:
    """A table of one row under its column names (「合同包 | 货物名称 | 采购单位」 over 「1 | 医疗设备 | 某某医院」):
    each column's name and its cell, when two or more columns are a notice's labels."""
    pairs: list[tuple[str, str]] = []
    for table in content.find_all("table", limit=MAX_TABLES):
        rows = [row for row in rows_of(table) if any(cell.strip() for cell in row)]
        if len(rows) != 2 or len(rows[0]) != len(rows[1]) or len(rows[0]) < 2:
            continue
        header = [_unit_of_label(_bare_label(cell), "")[0] for cell in rows[0]]
        if sum(label in FIELD_OF_LABEL for label in header) >= 2 and not any(label in FIELD_OF_LABEL for label in rows[1]):
            pairs += [(label, cell) for label, cell in zip(rows[0], rows[1]) if cell.strip()]
    return pairs


def _whole_title(soup: BeautifulSoup, title: str) -> str:
    """The heading cut at a site's separator, not inside a year range: 「某某公司2024-2025年某某项目成交结果公告」."""
    raw = soup.title.get_text(" ", strip=True) if soup.title else ""
    whole = re.split(r"\s*(?:(?<!\d)-|-(?!\d)|[_|–—【\[])+\s*", raw)[0].strip() if raw else ""
    return whole if title and len(whole) > len(title) and whole.startswith(title) and re.match(r"-\d", whole[len(title):]) else title


def read_notice(soup: BeautifulSoup, content: Tag) -> Notice:
    """The notice's fields and its lots (the caller dropped scripts and page furniture)."""
    lines, paragraphs = _lines(content)
    title = _whole_title(soup, title_of(soup))
    if not _NOTICE_WORDS.search(title):  # 「全国公共资源交易平台」, 「招天下」: a site's name; the notice's own heading below
        title = _own_heading(content, paragraphs) or title
    text = "\n".join(lines)
    notice = Notice(kind_of(title, text), title)
    _read_classes(content, notice)
    paragraph_pairs = _line_pairs(paragraphs)
    ordered = _read_labels([*_whole([*_line_pairs(lines), *label_values(content)], paragraph_pairs),
                            *paragraph_pairs, *_column_pairs(content), *_sentence_pairs(paragraphs)], notice)
    _lot_or_project(notice, title, "\n".join(p for p in paragraphs if p.strip() != title.strip()))
    _buyer_elsewhere(notice, paragraphs)
    if notice.kind == "award" and not {"winner", "amount"} & notice.fields.keys() and _INVITATION.search(text):
        notice.kind = "tender"  # a call under a heading copied from a result (「…成交公告」 over 「现欢迎合格的供应商参加」)
    _read_lots(notice, content, paragraph_pairs, ordered, paragraphs)
    notice.date = _date(soup, text, title) or _date(soup, "\n".join(paragraphs), title)
    if notice.date is None and notice.kind == "correction":
        amended = _AMENDED_ON.search(text)  # a correction's own day, not its 首次公告日期 (the call's)
        notice.date = find_date(amended.group(1)) if amended else None
    if notice.date is not None and not re.search(r"\d", notice.date.text):
        # 「二〇一五年九月二十八日」: the day in figures first, as shown after it
        notice.date = replace(notice.date, text=f"{notice.date.value}（{notice.date.text}）")
    return notice


# An organisation a buyer may be, the whole text: 「某某钢铁股份有限公司」, 「某某体育中心（某某学校）」
_BUYER_LIKE = re.compile(r"[\u4e00-\u9fff（）()]{2,38}(?:公司|集团|厂|医院|大学|学院|学校|中心|研究院|研究所|局|委员会)(?:[（(][\u4e00-\u9fff]{2,15}[)）])?")


def _buyer_elsewhere(notice: Notice, paragraphs: list[str]) -> None:
    """A buyer no label or sentence names: the company a project's site is (项目位置), the body
    a project is named for (「某某中心的…采购项目」, a heading 「某某有限公司2024年…项目」 over a body that
    names the project alone), or the one signer that is not the agency."""
    location = notice.fields.pop("location", None)
    if "buyer" in notice.fields:
        return
    buyer = _org_at(location) or _buyer_in_name(notice, paragraphs) or _signer(notice, paragraphs)
    if buyer and not _AGENCY.search(buyer):
        notice.fields["buyer"] = buyer


def _org_at(location: str | None) -> str | None:
    """「江苏省南京市南京钢铁股份有限公司」: the company, without the province and the city its name repeats."""
    value = re.sub(r"^[\u4e00-\u9fff]{2,6}?(?:省|自治区)", "", re.split(r"[。；;，,\s]", (location or "").strip())[0])
    city = re.match(r"([\u4e00-\u9fff]{2,4}?)市", value)
    if city and value[city.end():].startswith(city.group(1)):
        value = value[city.end():]
    return value if _BUYER_LIKE.fullmatch(value) and re.search(r"(?:公司|集团|厂|医院|大学|学院|学校)$", value) else None


def _buyer_in_name(notice: Notice, paragraphs: list[str]) -> str | None:
    """「某某中心（某某学校）的…采购项目」: the body before 的; a heading's 「某某有限公司2024年…项目」 when the
    body names 「2024年…项目」 alone (the name becomes that)."""
    name = notice.fields.get("name") or ""
    owner = re.match(r"(?P<org>[^的]{4,40}?)的", name)
    if owner and _BUYER_LIKE.fullmatch(owner.group("org")) and "关于" not in owner.group("org"):  # 「某某咨询公司关于…」: the agency
        return owner.group("org")
    if notice.labelled_name:
        return None
    for match in re.finditer(r"(?:公司|集团|厂|医院|大学|学院|学校|中心|局)(?=.{4,})", name):
        org, rest = name[: match.end()], name[match.end():]
        if _BUYER_LIKE.fullmatch(org) and not _AGENCY.search(org) and any(p.startswith(rest) for p in paragraphs if not p.startswith(org)):
            notice.fields["name"] = rest
            return org
    return None


def _signer(notice: Notice, paragraphs: list[str]) -> str | None:
    """The organisations signing above the notice's last date (a short line that is a date): the one
    that is not the agency, the winner or the body the notice says was entrusted (「某某招标有限公司受…委托」)."""
    tail = paragraphs[-12:]
    dated = [i for i, line in enumerate(tail) if len(line) <= 20 and find_date(line)]
    if not dated:
        return None
    signers = []
    for line in reversed(tail[max(0, dated[-1] - 3): dated[-1]]):
        if not _BUYER_LIKE.fullmatch(line):
            break
        signers.append(line)
    text = "\n".join(paragraphs)
    own = [s for s in signers if s not in (notice.fields.get("agency"), notice.fields.get("winner"))
           and not _AGENCY.search(s) and not re.search(re.escape(s) + r"(?:关于|受)", text)]
    return own[0] if len(own) == 1 else None


# 「招  标  人：」: a label spaced out to fill its cell, not cells of their own
_SPACED_LABEL = re.compile(r"(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff][ \u3000\xa0]+){1,5}[\u4e00-\u9fff](?=[ \u3000\xa0]*[:：])")


# In a notice's text without markup: runs of spaces and tabs (never before a lone 元), line
# breaks, and one space before a numbered section or a 「label：」
_TEXT_BREAK = re.compile(r"[ \t\xa0]{2,}(?!万?元)|\t(?!\s*万?元)|[\u3000\r\n]+|[ \xa0](?=(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])?[\u4e00-\u9fff（）()]{2,14}[:：])"
                         r"|[ \xa0](?=(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])[\u4e00-\u9fff])")


# ccgp.gov.cn's summary table (公告概要) saved as text, its cells glued together:
# 「采购项目名称某某设备采购品目货物/…采购单位某某中心行政区域上海市公告时间2023年07月04日…」
_SUMMARY_LABELS = ("采购项目名称", "品目", "采购单位", "行政区域", "公告时间", "获取招标文件时间", "获取采购文件时间", "招标文件售价",
                   "获取招标文件的地点", "开标时间", "开标地点", "预算金额", "项目联系人", "项目联系电话", "采购单位地址", "采购单位联系方式",
                   "代理机构名称", "代理机构地址", "代理机构联系方式", "本项目招标公告日期", "中标日期", "成交日期", "总中标金额", "总成交金额",
                   "评审专家名单", "响应文件递交地点", "响应文件开启时间", "响应文件开启地点", "首次公告日期", "更正日期")
_SUMMARY_LABEL = re.compile("(" + "|".join(sorted(_SUMMARY_LABELS, key=len, reverse=True)) + r")(?![:：])")


def _summary_apart(raw: str) -> str:
    """The summary's cells one label and value a line, when five or more of its labels run together
    before the notice's first section (项目概况, 一、)."""
    first = _SUMMARY_LABEL.search(raw)
    if first is None:
        return raw
    start = first.start()
    end = re.compile(r"项目概况|[一二]、").search(raw, start)
    stop = end.start() if end else min(len(raw), start + 1500)
    if len(_SUMMARY_LABEL.findall(raw, start, stop)) < 5:
        return raw
    return raw[:start] + _SUMMARY_LABEL.sub(lambda m: f"\n{m.group(1)}：", raw[start:stop]) + raw[stop:]


def _lines(content: Tag) -> tuple[list[str], list[str]]:
    """The notice's text run by run, and paragraph by paragraph with each paragraph's inline runs
    joined: Word and editors split 「2.项目预」「算：」 and 「车场信息化改造（」「四」「次）」 into spans."""
    runs = list(text_runs(content))
    lines = [text for text, _ in runs]
    # (a literal 「\n」 left by a template that escaped its line breaks twice is a line break)
    paragraphs = [line for line in paragraphs_of(content).replace("\\n", "\n").split("\n") if line.strip()]
    if len(lines) <= 3 and sum(map(len, lines)) > 300:
        # a notice saved as text, its markup stripped: the runs of spaces and tabs are its line breaks
        raw = _summary_apart(_SPACED_LABEL.sub(lambda m: re.sub(r"[ \u3000\xa0]+", "", m.group(0)), content.get_text("")[: MAX_LINE * 50]))
        parts = [part.strip() for part in _TEXT_BREAK.split(raw) if part.strip()]
        lines = paragraphs = _cells_paired([piece for part in parts for piece in _label_apart(part)])
    else:
        lines = _run_lines(runs)
    return lines, paragraphs


def _run_lines(runs: list[tuple[str, NavigableString]]) -> list[str]:
    """The notice's text run by run; a run that holds the notice's own line breaks (a body of
    plain text with raw newlines and no markup: 「一、项目名称：…\n二、项目编号：…」) is one line per line."""
    lines: list[str] = []
    for text, string in runs:
        pieces = [re.sub(r"\s+", " ", piece.replace("\u3000", " ").replace("\xa0", " ")).strip() for piece in str(string).split("\n")]
        pieces = [piece for piece in pieces if piece]
        lines.extend(piece[:MAX_LINE] for piece in pieces) if len(pieces) >= 3 and len(text) > 100 else lines.append(text)
    return lines


def _cells_paired(pieces: list[str]) -> list[str]:
    """A table's cells as text: 「招标人」 then 「建安投资控股集团有限公司」 is 「招标人：建安投资…」."""
    out: list[str] = []
    at = 0
    while at < len(pieces):
        piece = pieces[at]
        following = pieces[at + 1] if at + 1 < len(pieces) else ""
        # 「703,900.00 中标供应商」: a row's result after its price, not the label of the next row's bidder
        status = FIELD_OF_LABEL.get(_bare_label(piece)) == "winner" and bool(out) and re.fullmatch(r"[\d,.]+\s*(?:万元|元)?", out[-1])
        if _bare_label(piece) in FIELD_OF_LABEL and following and not re.search(r"[:：]", piece + following) \
                and _bare_label(following) not in FIELD_OF_LABEL and not status:
            out.append(f"{piece}：{following}")
            at += 2
            continue
        # 「中标供应商湖南某某有限公司」: a winner's label glued to the name in its cell
        glued = re.fullmatch(r"((?:中标|成交)(?:供应商|人|单位))(?:名称)?(\S{4,40})", piece)
        out.append(f"{glued.group(1)}：{glued.group(2)}" if glued and _ORG_LIKE.search(glued.group(2)) else piece)
        at += 1
    return out


def _label_apart(part: str) -> list[str]:
    """「某某项目中标公示 招标人」: a heading and the first cell's label, one space apart."""
    tokens = part.split(" ")
    if sum(_bare_label(t) in FIELD_OF_LABEL for t in tokens) >= 2:
        return tokens  # 「项目业主 理县旅游发展局 … 招标人 理县旅游发展局」: a table's row flattened, one space per cell
    head, _, last = part.rpartition(" ")
    return [head, last] if head and _bare_label(last) in FIELD_OF_LABEL else [part]


_METHOD_ONLY = re.compile(r"(?:竞争性谈判|竞争性磋商|询价|单一来源|公开招标|邀请招标|网上竞价|竞价)(?:采购)?(?:成交|中标|结果)?(?:公告|公示)?"
                          r"|(?:中标|成交|招标|采购|评标)?(?:（成交）)?(?:结果|候选人)?(?:公告|公示)")


def _lot_or_project(notice: Notice, title: str, body: str = "") -> None:
    """A notice that names no project by a label: its lot's name (标段名称) when its heading names
    it, else the heading's project, else the project its first sentence names (「本招标项目X已由…」),
    else its lot's. A heading copied from another notice (its project nowhere in the body, the
    body's sentence naming another) gives way to the sentence."""
    project, lot = notice.fields.pop("project_name", None), notice.fields.pop("lot_name", None)
    goods = notice.fields.pop("goods", None)
    notice.labelled_name = bool(notice.fields.get("name") or project or lot)
    if "name" in notice.fields:
        return
    if lot and _clean(lot) in re.sub(r"\s+", "", title):
        notice.fields["name"] = lot
        return
    if title:
        _name_from_title(notice, title)
    if not notice.fields.get("name") and (project or lot or goods):
        notice.fields["name"] = project or lot or goods
    elif project and _other_project(_clean(notice.fields["name"]), _clean(project), body):
        notice.fields["name"] = project


def _other_project(heading: str, stated: str, body: str) -> bool:
    """The heading's project is not the one the body states: neither names the other and the body
    never names the heading's."""
    flat = re.sub(r"\s+", "", body)
    return heading not in stated and stated not in heading and heading not in flat.replace(stated, "")


def _name_from_title(notice: Notice, title: str) -> None:
    """The project's name from the notice's heading: 「(市交易中心) 某某工程招标公告308831」 without
    the site's tag, the notice word and its serial number; a method alone (「竞争性谈判成交公告」) names nothing."""
    bare = re.sub(r"^\s*[(（【\[][^)）】\]]{1,8}[)）】\]]\s*|\s*\d{4,}$", "", _NUMBER_NOTE.sub("", title))
    bare = re.sub(r"^[\u4e00-\u9fff（）]{0,10}(?:公告|公示|通告)[:：]\s*(?=\S{4,})", "", bare)  # 「评审结果公示：某某项目」
    if _METHOD_ONLY.fullmatch(bare) or re.match(r"^(?:\d{1,2}[.、．]|[一二三四五六七八九十]{1,3}、)\s*\S{2,8}$", bare):
        notice.title = ""  # a method alone, or a numbered section's heading (「1. 招标条件」): no project
        return
    # 「某某项目二次招标公告-检测标,其他标招标公告」: the project, then the notice's lots
    bare = re.sub(r"(?:[(（]?(?:二次|第[二三四]次|重新)[)）]?)?(?:招标|采购|磋商|谈判)公告[-—－][^-—－]{1,40}(?:公告|公示)$", "", bare)
    notice.fields["name"] = re.sub(r"(?:的)?(?:中标|成交|中标（成交）)?(?:结果|候选人)?(?:公告|公示|通告)$|(?:施工|设计|监理|服务|货物)?(?:招标|采购|磋商)公告$|合同$",
                                   "", bare)


def _read_lots(notice: Notice, content: Tag, paragraph_pairs: list[tuple[str, str]], ordered: list[tuple[str, str]],
               paragraphs: list[str]) -> None:
    """The notice's lots: a result's from its tables, else block after block, else its labelled
    winner; a call's when it names two or more."""
    notice.lots = _lots(content) if notice.kind == "award" else _call_lots(paragraph_pairs) if notice.kind == "tender" else []
    if len(notice.lots) == 1 and notice.lots[0].amount is None and notice.lots[0].winner and notice.fields.get("amount"):
        notice.lots[0].amount = amount_in(notice.fields["amount"])
    if notice.fields.get("winner") and (_FAILED.search(notice.fields["winner"]) or not _ORG_LIKE.search(notice.fields["winner"])):
        notice.fields.pop("winner")  # 「成交供应商：本项目废标」 names nobody
    if notice.kind == "award" and not notice.lots:
        notice.lots = _block_lots(_in_order(paragraph_pairs, notice.kind)) or _block_lots(ordered) or _named_lot(notice.fields) \
            or _sentence_lots(paragraphs) or _status_rows(paragraphs) or _flat_lots(paragraphs)
    labelled = notice.fields.get("winner")
    if labelled and notice.lots and not any(lot.winner == labelled for lot in notice.lots) and len(notice.lots) > 1:
        notice.lots = _named_lot(notice.fields)  # tables that disagree with the labelled winner are something else
    bid = (_table_bid(content) or _winner_bid(paragraphs)) if notice.kind == "award" and len(notice.lots) == 1 and notice.lots[0].amount is None else None
    if bid is not None:
        notice.lots[0].amount = bid  # the one winner's 投标报价 in the result's grid where no 中标价 is given


def _read_classes(content: Tag, notice: Notice) -> None:
    for css, name in CLASSES.items():
        tag = content.find(class_=css)
        if tag is not None and _clean(tag.get_text(" ")):
            notice.fields.setdefault(name, _clean(tag.get_text(" ")))


_NO_VALUE = re.compile(r"[-—/无]+|详见.*")


def _read_labels(pairs: list[tuple[str, str]], notice: Notice) -> list[tuple[str, str]]:
    """The fields that (label, value) pairs give, the first label for a field winning (an amount:
    the most exact). Returns (field, value) of the winners and amounts in page order."""
    ordered: list[tuple[str, str]] = []
    for name, value in _fields_of(pairs, notice.kind):
        if name in ("winner", "amount") and value and (name, value) not in ordered:
            ordered.append((name, value))
        if name and value and not _NO_VALUE.fullmatch(value):
            _set_field(notice, name, value)
    summary = notice.fields.pop("summary_amount", None)
    if summary and "amount" not in notice.fields:
        notice.fields["amount"] = summary
    return ordered


_PARTIES = ("buyer", "agency", "winner")


def _is_party(value: str) -> bool:
    """A buyer, agency or winner is named in words: not a phone number, not a figure."""
    if re.match(r"[\d+\-（(]", value) or _LABEL_FIRST.match(value):
        return False  # 「招标代理机构某某咨询有限公司」, 「联系电话」: the next cell's label, the cell itself empty
    return len(re.findall(r"[\u4e00-\u9fff]", value)) >= 2 or bool(re.search(r"[A-Za-z]{3,}", value))


_LABEL_FIRST = re.compile("(?:" + "|".join(sorted(map(re.escape, FIELD_OF_LABEL), key=len, reverse=True)) + r"|联系电话|联系人|联系方式|电话|地址|传真)(?:[:：\s]|$)"
                          "|(?:" + "|".join(sorted((re.escape(k) for k in FIELD_OF_LABEL if len(k) >= 4), key=len, reverse=True)) + ")")


def _fields_of(pairs: list[tuple[str, str]], kind: str) -> Iterable[tuple[str | None, str]]:
    """(field, value) for each (label, value): the label without its number and unit, the value
    without what runs on after it; field None for a label that names none."""
    for label, value in pairs:
        bare = _bare_label(label)
        name = _field_of_label(_unit_of_label(bare, "")[0], kind)
        # the unit a label gives (「成交金额(元)」) to the figure left once what runs on is cut (「272000备注：…」)
        value = _unit_of_label(bare, _value_alone(value, name))[1]
        # 「招标人：0558-5582632」 in the contacts: a phone, not the buyer, for every reader of the pairs
        yield (None if name in _PARTIES and value and not _is_party(value) else name), value


def _in_order(pairs: list[tuple[str, str]], kind: str) -> list[tuple[str, str]]:
    """(field, value) of each winner and amount as the page states them, in order, once per
    statement: one winner may win two lots (「第一包 软通…」「第二包 软通…」)."""
    return [(name, value) for name, value in _fields_of(pairs, kind)
            if name in ("winner", "amount") and value and not _NO_VALUE.fullmatch(value)]


def _undamaged(label: str) -> str:
    """「预��金额（元）」: a label whose character a wrong decoding replaced (U+FFFD) is the one known
    label it can be, its unit kept; else it stays as it is."""
    if "\ufffd" not in label:
        return label
    unit = re.search(r"[（(][^（）()]{1,4}[)）]$", label)
    words = label[: unit.start()] if unit else label
    pattern = re.compile("".join("." if part.startswith("\ufffd") else re.escape(part) for part in re.findall(r"\ufffd+|[^\ufffd]+", words)))
    known = {key for key in FIELD_OF_LABEL if pattern.fullmatch(key)}
    return known.pop() + (unit.group(0) if unit else "") if len(known) == 1 else label


def _bare_label(label: str) -> str:
    """「1、采购项目名称」, 「本项目预算金额」: the label without its number and its 本项目."""
    label = re.sub(r"^(?:[\d一二三四五六七八九十]+[、.．)）]|[（(][\d一二三四五六七八九十]+[)）])\s*", "", _clean(label))
    bare = _undamaged(re.sub(r"^(?:本项目|本次采购|本次|该项目)", "", label))
    # an amendment's 「原公告的采购项目名称」 names this project; 「原公告的中标供应商」 is the one replaced
    original = re.match(r"^原公告的?(.+)$", bare)
    return original.group(1) if original and FIELD_OF_LABEL.get(original.group(1)) in ("name", "number") else bare


def _unit_of_label(label: str, value: str) -> tuple[str, str]:
    """「预算金额（元）」: the label without the unit, and a bare figure given the unit."""
    unit = re.search(r"[（(](万元|元|人民币元|[￥¥])[)）]$", label)
    if not unit:
        return label, value
    if re.fullmatch(r"[\d,.]+", _clean(value)):
        value = _clean(value) + (re.sub(r"人民币|[￥¥]", "", unit.group(1)) or "元")  # 「中标价（￥）」 is in 元
    return label[: unit.start()], value


# In a result (成交结果公告) and in a pre-award 公示 (预中标公示), 「拟成交人」 and 「预中标单位」 are
# who won; a candidate (中标候选人) is not.
_PROPOSED = {**{f"{mood}{won}{who}": "winner" for mood in "拟预" for won in ("中标", "成交") for who in ("人", "供应商", "单位")},
             **{f"{mood}{won}{what}": "amount" for mood in "拟预" for won in ("中标", "成交") for what in ("金额", "价", "价格")}}


def _field_of_label(label: str, kind: str) -> str | None:
    name = FIELD_OF_LABEL.get(label) or (FIELD_OF_LABEL.get(label[:-2]) if label.endswith("名称") else None)
    if name is None and len(label) > 4 and not re.match(r"[未非原拟预]|候选|其他|落选", label):
        # a section's words run into the label in text without markup: 「一、项目名称采购项目名称」
        # (only after a section's own title, so 「单项合同金额」 is never an award's 合同金额), and 「中选成交供应商名称」
        name = next((FIELD_OF_LABEL[label[i:]] for i in range(1, len(label) - 3)
                     if label[i:] in FIELD_OF_LABEL and (label[:i] in FIELD_OF_LABEL or re.search(r"(?:信息|情况|概况)$", label[:i])
                                                         or (label[:i] == "中选" and FIELD_OF_LABEL[label[i:]] == "winner"))), None)
    if name is None and kind == "award":
        # 「预中标单位名称」, and 「本次招标项目预中标单位」 with its project words before it
        proposed = re.sub(r"^(?:招标|采购)?项目(?=[拟预])|名称$", "", label)
        name = _PROPOSED.get(proposed)
    if name is None and label == "供应商名称" and kind == "award":
        name = "winner"  # ccgp: 「五、中标（成交）信息 / 供应商名称：…」
    return name


_TRAILING_NUMBER = re.compile(r"\s*[（(](?=[A-Za-z0-9\-_/\[\]]*\d)[A-Za-z0-9\-_/\[\]]{5,}[)）]$")


_FIGURE_FIRST = re.compile(r".{0,80}?(?:[（(][^（）()]*\d[^（）()]*[）)]|\d[\d,]*(?:\.\d+)?\s*(?:万元|元))")


_NEXT_SECTION = re.compile(r"\s+(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[)）]、?)")


# the party a glued 「…地址：」 belongs to: 「某某规划院中标供应商地址：南宁市…」 in text without line breaks
_OWNER_LABEL = re.compile("(?:" + "|".join(sorted((re.escape(k) for k, f in FIELD_OF_LABEL.items() if f in ("buyer", "agency", "winner")),
                                              key=len, reverse=True)) + ")$")


def _without_owner(value: str) -> str:
    """「某某规划院中标供应商」 cut before its 地址: the name, without the label of the address that followed it."""
    owner = _OWNER_LABEL.search(value)
    return value[: owner.start()] if owner and owner.start() and _ORG_LIKE.search(value[: owner.start()]) else value


def _value_alone(value: str, name: str | None) -> str:
    """The value without what runs on after it on its line."""
    value = _NEXT_SECTION.split(value)[0]  # 「某某项目(二次) 三、采购结果…」: the next section
    before_sublabel = _SUBLABEL.split(_clean(value))[0]
    if name in _PARTIES and before_sublabel != _clean(value):
        before_sublabel = _without_owner(before_sublabel)
    value = _glued_apart(before_sublabel)[0]  # 「…咨询有限公司地址：盐城市…」: the name, not its address
    if name in _PARTIES:
        value = re.sub(r"^(?:单位)?名称[:：]", "", value)  # 「采购代理机构：」 over 「名称：某某招投标有限公司」
    value = re.split(r"[，,](?:具体|由|委托)", value)[0]  # 「…交易中心，具体由…组织实施」
    if name == "number":
        # 「BYCG-2024-0147（采购计划编号：…）」; 「HCA(4)2017040GNN」 is one number
        value = re.split(r"\s*[（(](?![A-Za-z0-9\-]{1,6}[)）][A-Za-z0-9\-])", value)[0]
    if name == "name":
        value = _TRAILING_NUMBER.sub("", value)  # 「亳州市体育公园项目施工（BZGC2016202）」: its number, not its name
        # 「某某笔记本电脑采购公告」 under 项目名称: the project, not the notice that bought it
        value = re.sub(r"(?<=\S{4})(?:的)?(?:中标|成交)?(?:结果)?(?:公告|公示|通告)$", "", value)
    if name in ("amount", "budget", "summary_amount"):
        figure = _FIGURE_FIRST.match(value)  # 「…（RMB2,288,231.72）主要中标标的情况如下：…单价…」: the figure, not the table after it
        if figure and not re.match(r"\s*(?:[（(][^（）()]*[）)]\s*)?(?:[/／]|每)", value[figure.end():]):  # 「（小写：30,000.00元）/年」: a rate, left whole
            value = figure.group(0)
    if name == "funding_source":
        # 「自筹资金，已落实」; 「国内银行贷款11200000元，自筹及其他资金4800000元」 is two sources
        value = re.split(r"[。；;]|[，,](?![\u4e00-\u9fff]{2,12}?\d[\d,.]*万?元)", value)[0]
    parts = [p.strip() for p in re.split(r"[,，;；]", value) if p.strip()]
    if name in ("buyer", "agency") and len(parts) > 1 and len(set(parts)) == 1:
        value = parts[0]  # 「济南大学,济南大学,济南大学,济南大学」: the one buyer of every lot
    return value


def _set_field(notice: Notice, name: str, value: str) -> None:
    """The first value for a field wins; of two amounts, the more exact figure: 「总中标金额
    668.79万元」 and 「中标金额 6687920.0元」 give 6687920.0元."""
    if name in ("amount", "budget") and name in notice.fields:
        new, old = amount_in(value), amount_in(notice.fields[name])
        if new and (old is None or _significant(new) > _significant(old)):
            notice.fields[name] = value
        return
    notice.fields.setdefault(name, value)


def _block_lots(ordered: list[tuple[str, str]]) -> list[Lot]:
    """「第一包：/中标供应商：甲/中标金额：…」 block after block: each winner with the amount after
    it; none unless two different winners are named."""
    winners = [v for k, v in ordered if k == "winner" and _ORG_LIKE.search(v) and not _FAILED.search(v)]
    if len({re.sub(r"[（(][^）)]*[)）]$", "", _clean(w)) for w in winners}) <= 1:  # 「甲公司（联合体）」 is 甲公司
        return []
    lots: list[Lot] = []
    current = None
    for kind, value in ordered:
        if kind == "winner" and value in winners:
            current = Lot(f"包{len(lots) + 1}", value, None)
            lots.append(current)
        elif kind == "amount" and current is not None and current.amount is None:
            current.amount = amount_in(value)
    # a winner named again with no amount of its own (the contacts at the end) restates a lot
    return [lot for i, lot in enumerate(lots) if lot.amount is not None or not any(o.winner == lot.winner for o in lots[:i])]


_LOT_NAME = re.compile(r"^(?:标项|分标|包|标段|合同包|采购包)名称$")


# 「第一包：便携式气压发生器」: a lot's heading on its own line, the lot's goods after it
_LOT_HEAD = re.compile(r"^第?(?P<lot>[\d一二三四五六七八九十]{1,3}|[A-Za-z])(?:包|标段|标包|包组|分标)[:：]\s*(?P<name>[^，,。；;:：]{0,40})$")
# 「确定排名第一的某某有限公司为中标供应商」: the winner named in a sentence (not 「…为中标候选人」)
_WINNER_SENTENCE = re.compile(r"确定(?:排名第[一1]的?|第[一1]名的?)?(?P<value>[\u4e00-\u9fff（）()A-Za-z\d]{4,40}?)为(?:本(?:项目|包|标段)的?)?"
                              r"(?:中标|成交)(?:供应商|人|单位)(?!候选)")


def _sentence_lots(paragraphs: list[str]) -> list[Lot]:
    """Winners named in sentences, lot by lot under each lot's heading (「第一包：…」 … 「确定排名第一
    的X为中标供应商」), or the one winner a notice without lots names so; none when sentences
    outside lots name two."""
    lots: list[Lot] = []
    current: Lot | None = None
    loose: set[str] = set()
    for line in paragraphs:
        head = _LOT_HEAD.match(line)
        if head:
            current = Lot(lot_label(head.group(0)), None, None, name=_clean(head.group("name")) or None)
            lots.append(current)
            continue
        match = _WINNER_SENTENCE.search(line)
        value = _clean(match.group("value")) if match else ""
        if not value or not _ORG_LIKE.search(value) or _FAILED.search(value):
            continue
        if current is None:
            loose.add(value)
        elif current.winner is None:
            current.winner = value
    won = [lot for lot in lots if lot.winner]
    if won:
        return won
    return [Lot(None, loose.pop(), None)] if len(loose) == 1 else []


# A results table saved as text, its cells glued: the header ends 「…中标金额状态…」, and each row
# 「一湖南某某有限公司湖南省长沙市某某路755号1354755.8中标详见…」 ends with the award and its status.
_STATUS_HEADER = re.compile(r"(?:中标|成交)金额\s*(?:[（(]万?元[)）])?\s*状态")
_STATUS_ROW = re.compile(r"(?<=[\s一二三四五六七八九十\d])(?P<winner>(?:(?!明细|名称|地址|金额|状态)[\u4e00-\u9fff（）()]){4,40}?(?:公司|研究院|设计院|事务所|中心|集团))"
                         r"[^。；;]{0,60}?(?<![\d.,])(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)?\s*(?:中标|成交)(?![\u4e00-\u9fff]{0,2}(?:候选|人|供应商|金额|价|单位|公告|结果|通知|信息|服务费))")


def _status_rows(paragraphs: list[str]) -> list[Lot]:
    """The winner and award of a glued results row whose status says 中标/成交, when the row is one."""
    text = "\n".join(paragraphs)
    header = _STATUS_HEADER.search(text)
    rows = [m for m in _STATUS_ROW.finditer(text[header.end(): header.end() + 400])] if header else []
    if len({m.group("winner") for m in rows}) != 1:
        return []
    row = rows[0]
    return [Lot(None, row.group("winner"), parse_amount(row.group("amount") + (row.group("unit") or "元")))]


_COLUMN_NAME = re.compile(r"[\u4e00-\u9fff（）()/]{2,12}")


def _flat_lots(paragraphs: list[str]) -> list[Lot]:
    """A results table saved as text one space per cell: 「供应商名称 供应商地址 中标（成交）金额 评审总得分
    甲有限公司 某市某路289号 1,992,000.00元 82.07」, a header of column names, then its rows."""
    for line in paragraphs:
        tokens = line.split()
        at = 0
        while at < len(tokens):
            width = next((i for i, t in enumerate(tokens[at:]) if not _COLUMN_NAME.fullmatch(t) or _ORG_LIKE.search(t)), len(tokens) - at)
            columns = _result_columns(tokens[at: at + width]) if width >= 2 else None
            rows = [tokens[i: i + width] for i in range(at + width, len(tokens) - width + 1, width)] if columns else []
            rows = list(itertools.takewhile(lambda row: _ORG_LIKE.search(row[columns.winner]) is not None, rows)) if columns else []
            lots = [_lot_of_row(row, columns) for row in rows]
            if lots and all(lot.winner for lot in lots):
                return lots
            at += max(width, 1)
    return []


def _call_lots(pairs: list[tuple[str, str]]) -> list[Lot]:
    """A call in lots, block after block: 「标项名称：…1分标 … 预算金额（元）：10230000」, each lot
    its own project with its own budget; none unless two lots are named."""
    lots: list[Lot] = []
    for label, value in pairs:
        label, value = _unit_of_label(_bare_label(label), value)
        if _LOT_NAME.match(label) and value.strip():
            lots.append(Lot(f"包{len(lots) + 1}", None, None, name=_clean(value)))
        elif lots and FIELD_OF_LABEL.get(label) == "budget" and lots[-1].budget is None:
            lots[-1].budget = amount_in(value)
    return lots if len({lot.name for lot in lots}) >= 2 else []


def _named_lot(fields: dict[str, str]) -> list[Lot]:
    """The one lot of a notice that names its winner in a label and no lots."""
    if "winner" not in fields:
        return []
    # 「中标单位：甲有限公司、乙有限公司、丙有限公司」 and no amount: several winners of one project,
    # each its own; with one amount (or 联合体) they are one consortium and one award
    winners = [w for w in (_clean(part) for part in re.split(r"[、；;]", fields["winner"])) if w]
    if len(winners) >= 2 and all(_ORG_LIKE.search(w) for w in winners) and "amount" not in fields and "联合体" not in fields["winner"]:
        return [Lot(None, w, None) for w in dict.fromkeys(winners)]
    return [Lot(None, fields["winner"], amount_in(fields.get("amount", "")))]


@dataclass
class _ResultColumns:
    """Where a results table's header puts the winner, the amount (and its unit) and the lot."""

    winner: int
    amount: int | None
    lot: int | None
    unit: str | None


# A results section's heading, the whole line: 「三、中标（成交）信息」, 「成交结果：」; not a sentence
# that mentions 中标结果, not 「未中标（成交）供应商信息」.
_RESULT_HEADING = re.compile(r"^(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:中标|成交)(?:（成交）|\(成交\))?(?:信息|结果|供应商信息|人信息)[:：]?$")
_SUPPLIER_COLUMN = re.compile(r"^(?:供应商|供应商名称)$")
_RANKED = re.compile(r"排名|排序|名次|得分|评分|分值")


def lot_heading(heading: str) -> str | None:
    """「第1包 ：」 over a table of its own: the lot its rows are for (包1), else None."""
    return lot_label(heading) if re.fullmatch(r"[:：]?第?[\d一二三四五六七八九十A-Za-z]+(?:包|标段|标包|包组)[:：]?", heading) else None


def heading_before(table: Tag) -> str:
    """The line just before a table (its section's heading), if short."""
    for string in table.find_all_previous(string=True, limit=12):
        text = re.sub(r"\s+", "", str(string))
        if text:
            return text if len(text) <= 30 else ""
    return ""


def _lots(content: Tag) -> list[Lot]:
    """One per lot from a results table: 「包号 | 成交供应商名称 | 成交金额(元)」, or a table of
    供应商名称 under a 「中标（成交）信息」 heading."""
    lots: list[Lot] = []
    for table in content.find_all("table", limit=MAX_TABLES):
        rows = rows_of(table)
        heading = heading_before(table)
        results = bool(_RESULT_HEADING.search(heading))
        # 「第1包 ：」 over a table of its own: one results table per lot
        named_lot = lot_heading(heading)
        for at, header in enumerate(rows[:3]):
            columns = _result_columns(header, results)
            if columns is None:
                continue
            found = [_lot_of_row(row, columns) for row in rows[at + 1:] if len(row) == len(header)]
            known = list(lots)  # rows of one table are lots of their own; another table's may restate them
            for lot in found:
                _merge_lot(lots, known, Lot(lot.lot or named_lot, lot.winner, lot.amount))
            if found:
                break
    return lots


_BID_LABEL = re.compile(r"^(?:投标报价|投标价)(?:[（(](?:万元|元)[)）])?[:：]?$")


def _table_bid(content: Tag) -> Amount | None:
    """The 投标报价 a result's label grid gives (「投标报价 | 1800000元」), when it gives exactly one:
    a bid in a sentence or beside other bidders is nobody's award."""
    bids = {_clean(row[i + 1]) for table in content.find_all("table", limit=MAX_TABLES) for row in rows_of(table)
            for i, cell in enumerate(row[:-1]) if _BID_LABEL.match(_clean(cell))}
    if len(bids) != 1:
        return None
    return amount_in(bids.pop())


_WINNER_LINE = re.compile(r"^(?:[\d一二三四五六七八九十]{1,2}[、.．]\s*)?(?:中标|成交)(?:（成交）)?(?:供应商|人|单位)(?:名称)?[:：]")
_BID_LINE = re.compile(r"^(?:[\d一二三四五六七八九十]{1,2}[、.．]\s*)?(?:投标报价|投标价|报价)(?:[（(](?:万元|元)[)）])?[:：]\s*(.{1,40})$")


def _winner_bid(paragraphs: list[str]) -> Amount | None:
    """「成交供应商：某某公司」 then 「投标报价：492800.00元」 on the next line: the one winner's own offer
    is its award (河南招标投标网's 成交结果公示), never a price further off."""
    winners = [at for at, line in enumerate(paragraphs[:-1]) if _WINNER_LINE.match(line)]
    if len(winners) != 1:
        return None
    bid = _BID_LINE.match(paragraphs[winners[0] + 1])
    return amount_in(bid.group(1)) if bid else None


def _merge_lot(lots: list[Lot], earlier: list[Lot], lot: Lot) -> None:
    """A lot an earlier table told (its winner under 中标信息, its amount in 主要标的信息) is one lot;
    a supplier's total over two of its lots is pinned on neither."""
    same = [known for known in earlier if known.winner == lot.winner and (known.lot == lot.lot or None in (known.lot, lot.lot))]
    if len(same) == 1 and (same[0].amount is None or lot.amount is None or same[0].amount.value == lot.amount.value):
        same[0].lot = same[0].lot or lot.lot
        same[0].amount = same[0].amount or lot.amount
    elif not any(known.winner == lot.winner for known in earlier) or lot.lot is not None:
        lots.append(lot)


def _result_columns(header: list[str], results: bool = False) -> _ResultColumns | None:
    """The columns of a results table's header row; None for any other row (a table of bids,
    of candidates or of losers, or no winner column). In a table under a results heading, or
    beside an award's amount column, a plain 供应商名称 is the winner."""
    if any(_NOT_RESULT_COLUMN.search(h) for h in header if "候选" in h or "是否" in h or "未" in h):
        return None  # a table of candidates or of losers, not of results
    if any(len(h) > 6 and _ORG_LIKE.search(h) for h in header):
        return None  # 「中标（成交）供应商名称 | 湖州某某有限公司」: a label and its value, not column names
    # 「中标价（元/吨）」, 「中标金额（万元/年）」: a unit price or a yearly rate, no award's total
    amount = next((i for i, h in enumerate(header) if _AMOUNT_COLUMN.search(h.replace(" ", "")) and not re.search(r"单价|[/／]|每", h)), None)
    winner = next((i for i, h in enumerate(header) if _WINNER_COLUMN.search(h.replace(" ", "")) and not _NOT_RESULT_COLUMN.search(h)), None)
    # a plain 供应商名称 beside an award's amount, or alone under a results heading (never a ranking)
    if winner is None and (amount is not None or (results and not any(_RANKED.search(h) for h in header))):
        winner = next((i for i, h in enumerate(header) if _SUPPLIER_COLUMN.match(h.replace(" ", ""))), None)
    joined = "".join(header)
    if winner is None or (_BID_COLUMN.search(joined) and not _WINNER_COLUMN.search(joined) and amount is None):
        return None
    lot = next((i for i, h in enumerate(header) if _LOT.search(h)), None)
    return _ResultColumns(winner, amount, lot, column_unit(header[amount]) if amount is not None else None)


def _lot_of_row(row: list[str], columns: _ResultColumns) -> Lot:
    winner = _clean(row[columns.winner])
    cells = [row[i] for i in (columns.winner, columns.amount) if i is not None]
    failed = bool(_FAILED.search("".join(cells)))  # 「废标」 in the result cells, not a 备注
    amount = None if failed or columns.amount is None else (
        parse_amount(row[columns.amount], unit=columns.unit) or amount_in(row[columns.amount]))
    if amount is not None and amount.value <= 0:
        amount = None  # 「0.000000」: a placeholder the system filled, not an award
    return Lot(
        lot_label(_clean(row[columns.lot])) if columns.lot is not None else None,
        None if failed or not _ORG_LIKE.search(winner) else winner,
        amount,
    )


_SPLIT_DATE = re.compile(r"(?<=[年月])[ \t]*\n\s*(?=\d)|(?<=\d)[ \t]*\n\s*(?=[年月日](?!期))")  # 「2018」「年」「4」…: one date in spans
_GLUED_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{2})(\d{2}[:：]\d{2})")  # 「2020-10-3013：03：16」: spaces lost between day and time
_DAY = r"\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?"  # a day as notices write it: 2016年10月25日, 2025-09-19
_DEADLINE = re.compile(rf"(?:至|到|截止(?:时间|日期)?[:：]?|截至)\s*{_DAY}")
# ccgp's 更正公告: 「首次公告日期：2017年07月11日 本次变更日期：2017年07月26日」
_AMENDED_ON = re.compile(rf"(?:本次)?(?:变更|更正)(?:公告)?日期[:：]\s*({_DAY})")


def _date(soup: BeautifulSoup, text: str, title: str) -> DateValue | None:
    """The notice's date: a labelled 发布时间 just under the title; else the signature's date at
    the end; else a labelled date anywhere. Not 「招标公告发布时间」 (the earlier notice's), not a
    sidebar's 最新公告."""
    # not 「招标公告日期」 (the call's), 「采购公告发布时间」
    text = _DEADLINE.sub(" ", _GLUED_TIME.sub(r"\1 \2", _SPLIT_DATE.sub("", text)))  # 「公示时间：至2016年10月25日」: when something ends, not the notice's day
    # nor 「变更公告发布日期」 in a result (the amendment's day)
    labels = r"(?<!招标公告)(?<!采购公告)(?<!磋商公告)(?<!变更公告)(?<!更正公告)(?<!澄清公告)(?<!预审公告)(?<!谈判公告)(?<!询价公告)" \
             r"(?<!招标)(?<!采购)(?<!磋商)(?<!首次)(?<!原)(?<!招标信息)(?<!采购信息)(?:公告时间|发布时间|发布日期|公告日期|发文日期|更新时间|公示开始(?:日期|时间))[:：]?\s*(.{6,24})"
    at = text.find(title) if title else -1
    head = text[at + len(title): at + len(title) + 300] if at >= 0 else text[:300]
    labelled = re.search(labels, head)
    if labelled and find_date(labelled.group(1)):
        return find_date(labelled.group(1))
    lines = [line for line in text.splitlines() if line.strip()]
    for line in reversed(lines[-8:]):
        found = find_date(line) if len(line) <= 20 else None
        if found:
            return found
    signed = re.findall(rf"(?:^|\n)\s*(?:落款)?日期[:：]\s*({_DAY})\s*(?=\n|$)", text)
    if signed:  # 「日期：2025年11月26日」 under the signatures, the complaint desks after it
        return find_date(signed[-1])
    labelled = re.search(labels, text)
    if labelled and find_date(labelled.group(1)):
        return find_date(labelled.group(1))
    under = head[:80]  # the date printed under the heading, unless it is a deadline's
    found = None if re.search(r"开标|截止|报名|公示期|投标|发布了|于\s*\d{4}年|(?:招标|采购|变更|更正|澄清|预审|磋商|谈判|询价)公告(?:发布)?(?:日期|时间)", under) else find_date(under)
    # 「…于2025-09-19在中国国际招标网发布变更公告」: the day the notice says it was published (not
    # 「中标候选人已于…发布公示」, the stage before it)
    published = re.search(rf"(?<!已)于\s*({_DAY})\s*(?:在|通过)[^，。；\n]{{0,30}}?发布(?:了)?(?:本|此|该)?"
                          r"(?:变更|更正|澄清|招标|采购|中标|成交|结果)?公告", text)
    decided = re.search(r"(?:中标|成交|定标)(?:日期|时间)[:：]\s*(.{6,24})", text)  # an award's own day, last
    return found or (find_date(published.group(1)) if published else None) or (find_date(decided.group(1)) if decided else None)


def _significant(amount: Amount) -> int:
    """How exact a figure is: 6687920元 (6 digits) over 668.79万元 (5)."""
    return len(str(amount.value.normalize()).replace(".", "").rstrip("0").lstrip("0")) if amount.value else 0


def amount_in(text: str) -> Amount | None:
    """「￥668.790000 万元（人民币）」, 「6687920.0元」, 「报价:1,286,500.00(元)」, 「人民币叁拾捌万贰仟元整
    （￥382,000.00）」 (the figures, not the words)."""
    shown = re.sub(r"^[\u4e00-\u9fff（）()]{0,12}[:：]", "", re.sub(r"\s+", " ", text)).strip()
    amount = _amount_in(text)
    # the text as the notice shows it: 「182.0000000（万元）」, not the figure re-spelled
    return replace(amount, text=shown) if amount is not None and 0 < len(shown) <= 40 else amount


def _amount_in(text: str) -> Amount | None:
    text = unicodedata.normalize("NFKC", text)  # 「１２３４．５万元」
    if re.search(r"元\s*/|/\s*(?:台|件|套|吨|平方米|月|年|人)|每\s*(?:月|年|天|日|人|台|件|套|吨|平方米|次|小时)|单价", text):
        return None  # a unit price or a rate, not an amount
    symbol = re.search(r"(?:[￥¥]|\bRMB|\bCNY|(?<=[（(])小写[:：]?\s*[￥¥]?)\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元)?", text)
    if symbol:
        return parse_amount(f"{symbol.group(1)}{symbol.group(2) or '元'}")
    text = re.sub(r"[（(](万?元)[)）]", r"\1", text)
    text = re.sub(r"^[\u4e00-\u9fff]{0,6}[:：]", "", text.replace("（人民币）", "").replace("(人民币)", "")).strip()
    text = re.sub(r"^(\d[\d,]*(?:\.\d+)?)\s*[整正][。.]?$", r"\1元", text)  # 「1739616.00整」: whole yuan, its 元 left out
    return parse_amount(text) or (_capital_amount(text) if not re.search(r"\d", text) else None)


_CAPITAL_DIGITS = dict(zip("零壹贰叁肆伍陆柒捌玖", range(10)))
# 「人民币叁拾万零捌佰元整」: an amount in capital numerals alone, no figure beside it
_CAPITAL = re.compile(r"(?:人民币)?(?:[（(]?大写[)）]?[:：]?)?(?P<whole>[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+)[元圆](?P<cents>(?:[零壹贰叁肆伍陆柒捌玖][角分])*)[整正]?")


def _capital_amount(text: str) -> Amount | None:
    match = _CAPITAL.fullmatch(text.strip())
    whole = han_integer(match.group("whole")) if match else None
    if match is None or (whole is None and match.group("whole") != "零"):
        return None
    cents = sum(Decimal(_CAPITAL_DIGITS[d]) * (Decimal("0.1") if u == "角" else Decimal("0.01"))
                for d, u in re.findall(r"([零壹贰叁肆伍陆柒捌玖])([角分])", match.group("cents")))
    value = Decimal(whole or 0) + cents
    return Amount(value, text.strip()) if value > 0 else None
