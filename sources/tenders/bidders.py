"""Who else bid: the candidates a 中标候选人公示 ranks and the bidders a notice lists, with their
prices. They are the competition (METHOD.md): where the customer buys, the companies that compete
for its business; where the customer bids, the companies it competes with.

Notices write them in four shapes:
- ordinal labels: 「第一中标候选人：湖南长坤建设有限公司 … 投标报价：13133081.96元」, in blocks or
  several on one line, the price in the candidate's block or apart as 「第一中标候选人报价：…」;
- a table with a row per bidder: 「排名 | 中标候选人单位名称 | 投标价格」, 「投标人名称 | 投标报价 | 得分」;
- a table with a column per candidate: 「投标人排序 | 第一名 | 第二名」 over 「中标候选人名称 | A | B」;
- a list: 「全部投标单位：A、B、C」.

A results table (中标供应商 | 成交金额) names the winner, not a bidder: the notice reader has it.
Only an organisation's name is a bidder; a rank is read only where the notice ranks (排名, 第一),
never from a row number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import Tag

from briefing.models import Amount
from briefing.toolkit.html import lines_of, rows_of
from briefing.toolkit.names import is_org_name
from briefing.toolkit.normalise import han_number, parse_amount
# the notice reader's own columns of a results table: what names the winner is never a bid
from sources.tenders.notices import _AMOUNT_COLUMN as _AWARD_AMOUNT, _WINNER_COLUMN, amount_in, heading_before, lot_heading, lot_label

MAX_BIDDERS = 40
MAX_TABLES = 40


@dataclass(frozen=True)
class Bidder:
    name: str
    role: str  # "candidate" or "bidder"
    rank: int | None = None
    price: Amount | None = None
    lot: str | None = None


_SPACE = r"[ \t\u3000]*"  # within a line: 「第三名」 ending one cell is no label of the next
_ORDINAL = rf"第{_SPACE}(?P<rank>[一二三四五六七八九十]|\d{{1,2}}){_SPACE}(?:名{_SPACE})?"
_NAME = r"(?P<name>[^\s，,；;：:|、。]{4,60})"
# 「第一中标候选人：X」「第1名中标候选人为X」「第一成交候选人：X」
_RANKED = re.compile(_ORDINAL + r"(?:中标|成交)?(?:候选人|候选供应商|候选单位)(?:单位)?(?:名称)?\s*(?:[:：]|为|是)\s*" + _NAME)
_LABEL_CELL = re.compile(rf"^(第{_SPACE}(?:[一二三四五六七八九十]|\d{{1,2}}){_SPACE}(?:名{_SPACE})?(?:中标|成交)?候选人(?:单位)?(?:名称)?){_SPACE}[:：]?{_SPACE}\n", re.M)
# Any mention of a ranked candidate: where one candidate's block, or its price, ends
_ANY_RANKED = re.compile(rf"第{_SPACE}(?:[一二三四五六七八九十]|\d{{1,2}}){_SPACE}(?:名{_SPACE})?(?:中标|成交)?候选")
_UP_TO_NEXT = rf"(?P<value>(?:(?!{_ANY_RANKED.pattern})[^\n]){{1,120}})"
# 「第一中标候选人报价：壹亿…（小写：107958291.72元）」: a price given apart from its candidate
_RANKED_PRICE = re.compile(_ORDINAL + r"(?:中标|成交)?候选人(?:的)?(?:投标)?(?:报价|投标价|投标价格|评标价)\s*[:：]\s*" + _UP_TO_NEXT)
_PRICE_LABEL = re.compile(r"(?:投标报价|投标总价|投标价格|投标价|投标金额|报价|中标价|评标价|成交价)(?:[（(](?:万?元)[)）])?\s*[:：]\s*"
                          r"(?P<value>[^\n]{1,80})")
_LIST = re.compile(r"(?:全部|所有|参与|参加|其他|其它)(?:有效)?投标(?:单位|人|供应商|企业)(?:名单|名称)?\s*[:：]\s*(?P<names>[^\n]{4,800})")

_LIST_LABEL = re.compile(r"^\s*(?:全部|所有|参与|参加|其他|其它)?投标(?:单位|人|供应商|企业)(?:名单|名称)?\s*[:：]?\s*$")
_NAME_COLUMN = re.compile(r"(?:候选人|投标人|投标单位|投标供应商|投标企业|响应供应商|参与供应商|报价单位|供应商|单位)(?:单位)?(?:名称)?$")
_BID_WORDS = re.compile(r"候选|投标|报价|响应|参与")
_RANK_COLUMN = re.compile(r"排名|名次|排序|顺序|推荐次序")
_PRICE_COLUMN = re.compile(r"报价|投标价|评标价|投标金额|投标总价")


def bidders_in(content: Tag) -> list[Bidder]:
    """Every candidate and bidder the notice names, each once (the reading that says most)."""
    lines = lines_of(content)
    found = _ranked(lines) + _row_tables(content) + _column_tables(content) + _listed(lines)
    best: dict[tuple[str, str | None], Bidder] = {}
    lots = {b.name: b.lot for b in found if b.lot}  # a lot one reading gives is the lot of the others' too
    for bidder in found:
        if bidder.lot is None and bidder.name in lots and sum(b.name == bidder.name and b.lot for b in found) == 1:
            bidder = Bidder(bidder.name, bidder.role, bidder.rank, bidder.price, lots[bidder.name])
        key = (bidder.name, bidder.lot)
        known = best.get(key)
        if known is None or _says(bidder) > _says(known):
            best[key] = bidder if known is None else Bidder(
                bidder.name, "candidate" if "candidate" in (bidder.role, known.role) else "bidder",
                bidder.rank or known.rank, bidder.price or known.price, bidder.lot or known.lot)
    return list(best.values())[:MAX_BIDDERS]


def _says(bidder: Bidder) -> int:
    return sum(x is not None for x in (bidder.rank, bidder.price, bidder.lot)) + (bidder.role == "candidate")


def _rank(text: str) -> int | None:
    text = re.sub(r"\s+", "", text)
    match = re.fullmatch(r"第?([一二三四五六七八九十]|\d{1,2})名?(?:中标候选人|候选人)?", text)
    if not match:
        return None
    token = match.group(1)
    value = int(token) if token.isdigit() else han_number(token)
    return value if 0 < value <= 20 else None


def _price(text: str, unit: str | None = None) -> Amount | None:
    text = re.split(r"\s{2,}|\t|\s+(?=[\u4e00-\u9fff][\u4e00-\u9fff\s]{0,8}[:：])", text.strip())[0]  # up to the next label
    amount = (parse_amount(text, unit=unit) if unit else None) or amount_in(text)
    return amount if amount is not None and amount.value > 0 else None


def _ranked(lines: list[str]) -> list[Bidder]:
    """「第一中标候选人：X」 and the price in its block (up to the next candidate)."""
    text = _LABEL_CELL.sub(r"\1：", "\n".join(lines))  # 「第一中标候选人」 in one cell, its name in the next
    prices = {_rank(m.group("rank")): _price(m.group("value")) for m in _RANKED_PRICE.finditer(text)}
    matches = [m for m in _RANKED.finditer(text) if is_org_name(m.group("name"))]
    found = []
    for number, match in enumerate(matches):
        after = _ANY_RANKED.search(text, match.end())
        end = after.start() if after else min(len(text), match.end() + 400)
        block = text[match.end():end]
        priced = _PRICE_LABEL.search(block)
        rank = _rank(match.group("rank"))
        price = prices.get(rank) or (_price(priced.group("value")) if priced else None)
        found.append(Bidder(match.group("name"), "candidate", rank, price))
    return found


def _row_tables(content: Tag) -> list[Bidder]:
    """Tables of one row per bidder, under a header naming the bidders' column."""
    found: list[Bidder] = []
    for table in content.find_all("table", limit=MAX_TABLES):
        rows = rows_of(table)
        for at, header in enumerate(rows[:3]):
            columns = _columns(header, table)
            if columns is None:
                continue
            name, rank, price, lot, role = columns
            unit = _unit(header[price]) if price is not None else None
            table_lot = _table_lot(table)
            for row in rows[at + 1:]:
                if len(row) != len(header) or not is_org_name(row[name].strip()):
                    continue
                found.append(Bidder(row[name].strip(), role, _rank(row[rank]) if rank is not None else None,
                                    _price(row[price], unit) if price is not None else None,
                                    lot_label(row[lot]) if lot is not None else table_lot))
            break
    return found


def _columns(header: list[str], table: Tag) -> tuple[int, int | None, int | None, int | None, str] | None:
    """(name, rank, price, lot, role) of a bidders' table header; None for a results table or any other row."""
    cells = [re.sub(r"\s+", "", h) for h in header]
    if any((_WINNER_COLUMN.search(c) or _AWARD_AMOUNT.search(c)) and "候选" not in c for c in cells):
        return None  # the winners' table (中标供应商, 中标金额): the notice reader's
    name = next((i for i, c in enumerate(cells) if _NAME_COLUMN.search(c) and len(c) <= 14), None)
    if name is None:
        return None
    price = next((i for i, c in enumerate(cells) if _PRICE_COLUMN.search(c) and "单价" not in c), None)
    if not _BID_WORDS.search(cells[name]) and price is None:
        return None  # a plain 供应商名称 without a bid beside it: not a table of bids
    rank = next((i for i, c in enumerate(cells) if _RANK_COLUMN.search(c)), None)
    lot = next((i for i, c in enumerate(cells) if re.search(r"包号|标段|标包|包组|分标", c)), None)
    heading = "".join(cells) + heading_before(table)
    return name, rank, price, lot, "candidate" if "候选" in heading else "bidder"


def _table_lot(table: Tag) -> str | None:
    """「第1包 ：」 just before a table of its own: the lot its rows bid for."""
    return lot_heading(heading_before(table))


def _unit(label: str) -> str | None:
    match = re.search(r"[（(]\s*(万元|元)\s*[)）]", label)
    return match.group(1) if match else None


def _column_tables(content: Tag) -> list[Bidder]:
    """A table with one column per candidate: a row of ranks, a row of names, maybe a row of prices."""
    found: list[Bidder] = []
    for table in content.find_all("table", limit=MAX_TABLES):
        rows = [[re.sub(r"\s+", "", c) for c in row] for row in rows_of(table)]
        names = next((r for r in rows if len(r) >= 3 and re.search(r"候选人|投标人|投标单位", r[0]) and _NAME_COLUMN.search(r[0])
                      and sum(is_org_name(c) for c in r[1:]) >= 2), None)
        if names is None:
            continue
        ranks = next((r for r in rows if len(r) == len(names) and _RANK_COLUMN.search(r[0])), None)
        prices = next((r for r in rows if len(r) == len(names) and _PRICE_COLUMN.search(r[0])), None)
        unit = _unit(prices[0]) if prices else None
        role = "candidate" if "候选" in "".join(r[0] for r in rows) + heading_before(table) else "bidder"
        for i, name in enumerate(names[1:], start=1):
            if is_org_name(name):
                found.append(Bidder(name, role, _rank(ranks[i]) if ranks else None, _price(prices[i], unit) if prices else None))
    return found


def _listed(lines: list[str]) -> list[Bidder]:
    """「全部投标单位：A、B、C」: bidders without rank or price."""
    found: list[Bidder] = []
    for at, line in enumerate(lines):
        match = _LIST.search(line)
        if match is None and _LIST_LABEL.match(line) and at + 1 < len(lines):
            match = _LIST.search(f"{line.rstrip('：: ')}：{lines[at + 1]}")  # the label's cell, then its value's
        if not match:
            continue
        for piece in re.split(r"[、，,；;。]", match.group("names")):
            piece = piece.strip()
            if is_org_name(piece):
                found.append(Bidder(piece, "bidder"))
            elif found and found[-1].price is None and _PRICE_COLUMN.search(piece):
                # 「，投标报价（￥）117900元」 after its bidder
                price = _price(re.sub(r"^.*?(?:报价|价格?)\s*[（(]?\s*(?:人民币|[￥¥]|元|万元)?\s*[)）]?\s*[:：]?", "", piece))
                found[-1] = Bidder(found[-1].name, "bidder", price=price)
    return found
