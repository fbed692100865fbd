"""The `tenders` adapter: the customer's procurement notices (ccgp.gov.cn, provincial
public-resource trading sites, a buyer's own notice pages), live or saved.

A notice gives one project per lot: name and number, buyer, agency, budget, funding source,
the winner and its amount, the date. A list of notices (a search result, a buyer's notice
page, a feed) is followed to each notice, one level deep.
"""

from __future__ import annotations

import html
import re
from collections import deque
from typing import Sequence

from bs4 import BeautifulSoup, Tag

from briefing.toolkit.adapter import BaseAdapter, Parsed, Request, Target
from briefing.toolkit.decode import UnreadableJson, json_document
from briefing.toolkit.feeds import looks_like_feed, parse_feed
from briefing.toolkit.html import content_of, drop_noise, lines_of, links_of, same_site, soup_of
from briefing.models import Bid, Fact, Page, Project
from briefing.toolkit.names import customer_names
from sources.tenders.bidders import bidders_in
from sources.tenders.notices import Notice, amount_in, read_notice
from sources.tenders.wrapped import notices_in_code
from briefing.toolkit.names import is_customer

MAX_NOTICES = 30
_NOTICE_TITLE = re.compile(r"公告|公示|结果|中标|成交|招标|采购|磋商|谈判|询价|竞价")


def projects_of(notice: Notice, page: Page, adapter: str) -> list[Project]:
    """One project per lot (one for the notice when it has none), each with the notice's fields."""
    f = notice.fields
    name = f.get("name") or notice.title
    if not name:
        return []
    common = dict(
        buyer=f.get("buyer"), funding_source=f.get("funding_source"), date=notice.date, kind=notice.kind,
        number=f.get("number"), agency=f.get("agency"), budget=amount_in(f["budget"]) if f.get("budget") else None,
    )
    source = page.provenance(adapter)
    if notice.lots:
        # a call's lot has its own budget or none: the notice's budget may be another lot's
        return [Project(lot.name or name, source, winner=lot.winner, amount=lot.amount, lot=lot.lot,
                        **{**common, "budget": lot.budget if lot.name else common["budget"]}) for lot in notice.lots]  # type: ignore[arg-type]
    return [Project(name, source, **common)]  # type: ignore[arg-type]


def bids_of(notice: Notice, content: Tag, page: Page, adapter: str) -> list[Bid]:
    """The candidates and bidders the notice names, each for the notice's project (or its lot)."""
    f = notice.fields
    name = f.get("name") or notice.title
    if not name:
        return []
    lots = {lot.lot: lot.name for lot in notice.lots if lot.lot and lot.name}
    source = page.provenance(adapter)
    return [Bid(b.name, lots.get(b.lot) or name, source, role=b.role, rank=b.rank, price=b.price, lot=b.lot,
                buyer=f.get("buyer"), date=notice.date, number=f.get("number")) for b in bidders_in(content)]


# A notice's own heading: a project and a notice word (「中秋节月饼采购项目成交公告」), not a list's 「中标公告」.
_NOTICE_HEADING = re.compile(r"^.{4,}(?:采购|招标|中标|成交|磋商|谈判|询价|竞价|项目|工程).{0,10}(?:公告|公示|通告)$")


# What a notice's project is about (「中秋节月饼采购项目」); a list's heading names none (「广东省政府采购」).
_PROJECT_WORDS = re.compile(r"项目|工程|标段|服务|设备|系统|改造|建设|购置|物资|货物|维保|维修")


def _titled(notice: Notice) -> bool:
    name = notice.fields.get("name") or ""
    return notice.date is not None and bool(_NOTICE_HEADING.match(notice.title)) and bool(_PROJECT_WORDS.search(name))


def _called(notice: Notice, content: Tag) -> bool:
    """A call that names its project by a label and no buyer, number or budget (a company's own
    e-procurement call: 「1、项目名称：…」 … 「报名截止日期：…」) is a notice all the same."""
    return notice.kind == "tender" and notice.labelled_name and bool(re.search(r"(?:投标|报名)(?:截止|文件|保证金|人)", "\n".join(lines_of(content))))


def _states_notice(notice: Notice, content: Tag) -> bool:
    """The notice states what a notice states: a buyer, number, winner, budget or amount, lots, or a call's terms."""
    return any(k in notice.fields for k in ("buyer", "number", "winner", "budget", "amount")) or bool(notice.lots) \
        or _called(notice, content)


_REPEATED_LABEL = re.compile(r"(?:采购人|采购单位|招标人|代理机构|项目编号)[:：]")


def _parsed(text: str) -> tuple[BeautifulSoup, Tag]:
    soup = soup_of(text)
    drop_noise(soup)
    return soup, content_of(soup)


def notices_in_json(text: str) -> list[str] | None:
    """A trading platform's API response (JSON) that carries its notices as HTML or text in a
    string field: each notice's text, with the notice's own heading from a field beside it. None
    when the page is no JSON."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        data = json_document(text)
    except UnreadableJson:
        return None  # read as the text it is
    found: list[str] = []
    stack = deque([data])
    while stack and len(found) < MAX_NOTICES:
        node = stack.popleft()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            strings = [v for v in node.values() if isinstance(v, str)]
            bodies = [v for v in strings if len(v) >= 100 and _NOTICE_TITLE.search(v) and re.search(r"<\w+|[:：]", v)]
            headings = [v for v in strings if len(v) <= 200 and _NOTICE_HEADING.match(v.strip())]
            for body in bodies[:1]:  # the notice; a second long string is its attachment list or abstract
                title = f"<title>{html.escape(headings[0])}</title>" if headings else ""
                found.append(title + body)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return found


def is_list(content) -> bool:  # type: ignore[no-untyped-def]
    """A list of notices (search results, a buyer's notice page), not one notice: the labels a
    notice states once (采购人：, 项目编号：) come again row after row."""
    text = "\n".join(lines_of(content))
    return len(_REPEATED_LABEL.findall(text)) >= 6 and len(re.findall(r"项目编号[:：]", text)) >= 3


class TendersAdapter(BaseAdapter):
    name = "tenders"
    description = "招标采购公告：中标/成交结果、候选人公示、招标公告及公告列表（procurement notices, single or listed）"
    max_depth = 1
    max_pages = 1 + MAX_NOTICES

    def plan(self, target: Target) -> Sequence[Request]:
        return [Request(target.value, role="", depth=0, company=target.company)]

    def parse(self, page: Page, request: Request) -> Parsed:
        if looks_like_feed(page.body, page.content_type):
            feed = parse_feed(page.body, page.encoding)
            if feed is None:
                return Parsed(status="stale", reason="not a readable RSS or Atom feed")
            links = [e.link for e in feed.entries if e.link.startswith(("http://", "https://"))][:MAX_NOTICES]
            return Parsed(follow=tuple(Request(u, "notice", request.depth + 1, company=request.company) for u in links))
        carried = notices_in_json(page.text)
        if carried is not None:
            return Parsed(facts=tuple(f for body in carried for f in self._facts(*_parsed(body), page, request)))
        text = page.text
        # notices saved in source code or a data file: the strings they were written as, each read
        # only when it states a notice's fields (a dump's other rows are articles, menus, users)
        in_code = notices_in_code(text)
        if in_code is not None and len(in_code) > 1:
            found = [(*parsed, read_notice(*parsed)) for parsed in map(_parsed, in_code)]
            return Parsed(facts=tuple(f for soup, content, notice in found if _states_notice(notice, content)
                                      for f in self._facts(soup, content, page, request, notice)))
        text = in_code[0] if in_code else text
        soup, content = _parsed(text)
        if request.role != "notice" and is_list(content):
            follow = self._listed(content, page)
            return Parsed(follow=tuple(Request(u, "notice", request.depth + 1, company=request.company) for u in follow))
        notice = read_notice(soup, content)
        has_notice = _states_notice(notice, content)
        if not has_notice and request.role != "notice":  # a list without per-row labels
            follow = self._listed(content, page)
            if follow or not _titled(notice):
                return Parsed(follow=tuple(Request(u, "notice", request.depth + 1, company=request.company) for u in follow))
        # a notice whose body did not load still tells its project and day by its heading
        has_notice = has_notice or _titled(notice)
        if not has_notice:
            return Parsed()  # not a notice: nothing to say, nothing invented
        return Parsed(facts=tuple(self._facts(soup, content, page, request, notice)))

    def _facts(self, soup: BeautifulSoup, content: Tag, page: Page, request: Request, notice: Notice | None = None) -> list[Fact]:
        """The notice's projects (one per lot) and the companies that bid for them."""
        notice = notice or read_notice(soup, content)
        projects = projects_of(notice, page, self.name)
        bids = bids_of(notice, content, page, self.name) if notice.kind in ("candidates", "award", "ended") else []
        if request.company is not None and request.company.name and request.depth > 0:
            # a list or feed brings other buyers' notices: only the customer's purchases, bids and wins
            names = customer_names(request.company)
            projects = [p for p in projects if is_customer(p.buyer, names) or is_customer(p.winner, names)]
            if not projects and not any(is_customer(b.bidder, names) for b in bids):
                bids = []
        return [*projects, *bids]

    @staticmethod
    def _listed(content, page: Page) -> list[str]:  # type: ignore[no-untyped-def]
        """A list page's notice links: same site, a notice's title (公告, 结果, 中标...)."""
        urls: list[str] = []
        for link in links_of(content, page.url):
            text = re.sub(r"\s+", "", link.text)
            # a notice's own title: on the registry's site, naming a notice type, not an ad (【…】, 下载, 代写)
            if (_NOTICE_TITLE.search(text) and len(text) >= 8 and same_site(link.url, page.url) and link.url not in urls
                    and not re.search(r"^【|下载|代写|代办|会员|报告|汇总|^\d+$", text)):
                urls.append(link.url)
        return urls[:MAX_NOTICES]
