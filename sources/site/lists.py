"""Reading dated lists (news, announcements) and single articles from a page.

A list item is a link with its own date beside it (in its row, item or card, never shared with
other links), or an undated sibling in a mostly dated list. Lists headed 公告/定期报告/招标/招聘
are not news. No I/O.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from briefing.toolkit.html import Link, lines_of, links_of, paragraphs_of, same_site, title_of
from briefing.toolkit.names import is_org_name
from briefing.models import Article, DateValue, Page, Provenance
from briefing.toolkit.normalise import clean_label, find_date

MAX_ITEMS = 300  # list items read from one page: a real news or case list never shows more
PUBLISHED_LABEL = re.compile(r"(发布时间|发布日期|发表时间|发表日期|发文日期)\s*[:：]?\s*")
_DATE_LABEL = re.compile(r"(发布时间|发布日期|发表时间|发表日期|更新时间|时间|日期|published|date)\s*[:：]?\s*", re.I)
# Dated lists that are not news about the customer: filings, tenders, jobs.
_NOT_NEWS = re.compile(r"公告|定期报告|临时报告|信息披露|投资者|招标|采购|招聘|人才|下载")
_TITLE_CLASS = re.compile(r"(^|[-_])(tit|title|hd|head)([-_]|$)", re.I)
MORE_LINK = re.compile(r"[\d\s]+|更多.*|more.*|查看详情|详细|详情|阅读全文|了解更多|read more.*", re.I)
NEXT_PAGE = re.compile(r"^(下一页|下页|后一页|next(\s*page)?|›|»|>|>>)\s*[»›>]*$", re.I)


def _could_be_item(link: Link, base: str) -> bool:
    """A link with a title of its own: not paging, not "更多", not back to this very page."""
    text = clean_label(link.text)
    return not (len(text) < 4 or NEXT_PAGE.match(text) or MORE_LINK.fullmatch(text) or link.url.rstrip("/") == base.rstrip("/"))


def _item_links(content: Tag, base: str) -> list[Link]:
    """Links that could be list items: real text, not paging, not back to this page; one per URL."""
    by_url: dict[str, Link] = {}
    for link in links_of(content, base):
        if not _could_be_item(link, base):
            continue
        text = clean_label(link.text)
        known = by_url.get(link.url)
        if known is None or len(text) > len(clean_label(known.text)):
            by_url[link.url] = link
    return list(by_url.values())


def _signature(link: Link) -> tuple:  # type: ignore[type-arg]
    return tuple((p.name, " ".join(p.get("class") or [])) for p in list(link.tag.parents)[:3])


def list_items(content: Tag, base: str) -> list[Link]:
    """The repeated links that make a list (cases, news): the largest group of like-placed links."""
    groups: dict[tuple, list[Link]] = {}  # type: ignore[type-arg]
    for link in _item_links(content, base):
        groups.setdefault(_signature(link), []).append(link)
    best = max(groups.values(), key=len, default=[])
    return best[:MAX_ITEMS] if len(best) >= 2 else []


def _date_beside(link: Link) -> DateValue | None:
    """The date shown in a link's own row, item or card: a container holding no other item link.

    A date shared by several links (a "今天是 2024年5月10日" bar beside the menu) dates none of
    them; a card's summary paragraph neither counts towards its size nor lends it a date.
    """
    title = link.text
    for parent in [link.tag, *list(link.tag.parents)[:5]]:
        if not isinstance(parent, Tag) or parent.name in ("ul", "ol", "table", "tbody", "body", "html"):
            return None
        text = parent.get_text(" ", strip=True)
        for summary in parent.find_all("p", limit=5):
            summary_text = summary.get_text(" ", strip=True)
            if len(summary_text) > 40 and title not in summary_text:
                text = text.replace(summary_text, " ")
        if len(text) > len(title) + 80:
            return None
        others = {
            a.get("href") for a in parent.find_all("a", href=True)
            if a is not link.tag and len(a.get_text(strip=True)) >= 2 and a.get("href") != link.tag.get("href")
        }
        if others and parent is not link.tag:
            return None
        rest = text.replace(title, " ")
        # A day-precise date, else a day in its own element, else the month a list shows ("2024-05").
        found = find_date(rest, precision="day") or _split_day(parent) or find_date(rest, precision="month")
        if found:
            return found
    return None


_SECTION_NAME = re.compile(r"[\u4e00-\u9fff]{0,4}(新闻|动态|资讯|要闻|报道|中心)[\u4e00-\u9fff]{0,2}|news(room)?|press|blog", re.I)
_DAY = re.compile(r"\d{1,2}")
_YEAR_MONTH = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})")


def _split_day(block: Tag) -> DateValue | None:
    """A day in an element of its own, then the year-month: "<b>28</b><span>2024-04</span>".

    Only that order and only as neighbouring elements: "1 2024-05" in flat text is as often a
    rank, and "2024-05 12" a count of clicks.
    """
    for day in block.find_all(string=_DAY, limit=20):
        if not _DAY.fullmatch(day.strip()) or day.parent is None:
            continue
        after = day.parent.next_sibling
        while after is not None and not str(after.get_text() if isinstance(after, Tag) else after).strip():
            after = after.next_sibling
        if after is None:
            continue
        shown = (after.get_text(" ", strip=True) if isinstance(after, Tag) else str(after)).strip()
        match = _YEAR_MONTH.fullmatch(shown)
        if match and 1 <= int(day.strip()) <= 31:
            value = find_date(f"{match.group('y')}-{match.group('m')}-{day.strip()}")
            if value:
                return DateValue(value.value, f"{day.strip()} {shown}")
    return None


def _split_own_date(link: Link) -> tuple[Link, DateValue | None]:
    """A link whose text ends (or starts) with its date: '公司召开经营工作会议 2026.07.10', or
    holds a day-and-month block: '<a><span>28</span><span>2024-04</span><h4>title</h4></a>'."""
    shown = link.text.strip()
    found = find_date(shown)
    if found is None or not (shown.endswith(found.text) or shown.startswith(found.text)):
        found = find_date(shown, precision="month")  # 「…维护良好记录<span>2017-01</span>」: a list dated by month
    if found and (shown.endswith(found.text) or shown.startswith(found.text)):
        rest = clean_label(shown.replace(found.text, " ", 1))
        if len(rest) >= 4:
            return Link(rest, link.url, link.tag), found
    split = _split_day(link.tag)
    if split:
        day, year_month = split.text.split(" ", 1)
        rest = clean_label(re.sub(rf"^\s*{re.escape(day)}\s+{re.escape(year_month)}\s*|\s*{re.escape(day)}\s+{re.escape(year_month)}\s*$", " ", shown))
        if len(rest) >= 4 and rest != shown:
            return Link(rest, link.url, link.tag), split
    return link, None


def _dates_by_url(page: Tag, base: str) -> dict[str, DateValue]:
    """The date each link is shown with anywhere on the page (a sidebar's 「最新新闻」 too)."""
    dates: dict[str, DateValue] = {}
    for link in links_of(page, base)[: MAX_ITEMS * 4]:
        link, date = _split_own_date(link)
        date = date or (_date_beside(link) if _could_be_item(link, base) else None)
        if date:
            dates.setdefault(link.url, date)
    return dates


def dated_items(content: Tag, base: str, whole: Tag | None = None) -> list[tuple[Link, DateValue | None]]:
    """News-list items: every link with a date beside it, and its undated siblings in the same list.

    A URL listed twice (a ticker and the list) keeps the listing that shows a date. With `whole`
    (the page with its side columns), a link the list shows undated takes the date the page
    shows it with elsewhere: the list's cards undated, the sidebar's 「集团新闻」 with dates.
    """
    best: dict[str, tuple[Link, DateValue | None]] = {}
    groups: dict[tuple, list[Link]] = {}  # type: ignore[type-arg]
    elsewhere = _dates_by_url(whole, base) if whole is not None else {}
    for link in links_of(content, base)[: MAX_ITEMS * 4]:
        link, date = _split_own_date(link)
        if not _could_be_item(link, base):
            continue
        text = clean_label(link.text)
        date = date or _date_beside(link) or elsewhere.get(link.url)
        known = best.get(link.url)
        if known is None or (date and not known[1]) or (bool(date) == bool(known[1]) and len(text) > len(known[0].text)):
            best[link.url] = (link, date)
        groups.setdefault(_signature(link), []).append(link)
    # Every link with its own date is an item; an undated one only among mostly dated siblings.
    keep = {url for url, (_, date) in best.items() if date}
    for group in groups.values():
        with_date = sum(1 for link in group if best[link.url][1])
        if with_date and with_date * 2 >= len(group):
            keep.update(link.url for link in group)
    return [item for url, item in best.items() if url in keep][:MAX_ITEMS]


def _under_heading(link: Link, pattern: re.Pattern[str], memo: dict[int, bool]) -> bool:
    """Whether a block the link sits in is headed by words matching `pattern` (最新公告, 定期报告...).

    `memo` remembers each block's answer: a list of thousands of items asks about one block.
    """
    for parent in list(link.tag.parents)[:5]:
        if not isinstance(parent, Tag):
            break
        if id(parent) not in memo:
            memo[id(parent)] = _headed(parent, pattern)
        if memo[id(parent)]:
            return True
    return False


def _headed(block: Tag, pattern: re.Pattern[str]) -> bool:
    """`block`'s own heading matches `pattern`; a heading that is itself a link is an item, not a heading."""
    headings = block.find_all(["h1", "h2", "h3", "h4", "h5", "h6"], recursive=False, limit=5)
    title = block.find(class_=_TITLE_CLASS, recursive=False)
    headings += [title] if title is not None else []
    for heading in headings:
        own = heading.get_text(" ", strip=True)
        for a in heading.find_all("a"):
            own = own.replace(a.get_text(" ", strip=True), " ")
        if pattern.search(own):
            return True
    return False


def articles_from_list(content: Tag, base: str, source: Provenance, whole: Tag | None = None) -> list[Article]:
    """The dated items of a news list; `whole` (the page with its side columns) lends its dates
    to items the list shows undated."""
    memo: dict[int, bool] = {}
    items = [(link, date) for link, date in dated_items(content, base) if not _under_heading(link, _NOT_NEWS, memo)]
    if sum(1 for _, d in items if d) < 2 and whole is not None:
        items = [(link, date) for link, date in dated_items(content, base, whole) if not _under_heading(link, _NOT_NEWS, memo)]
    if sum(1 for _, d in items if d) < 2:
        return []  # a list without dates is not a news list (menus, product grids)
    return [
        Article(title=clean_label(link.text)[:200], url=link.url, source=source, published=date)
        for link, date in items
    ]


def _headline_in_title(soup: BeautifulSoup, text: str) -> str:
    """The article's headline among the <title>'s parts (section, headline, site name): the
    longest part the page also shows as text."""
    full = soup.title.get_text(" ", strip=True) if soup.title else ""
    parts = [p.strip() for p in re.split(r"\s*(?:[-_|–—]|\s-\s)\s*", full) if len(p.strip()) >= 8]
    shown = re.sub(r"\s+", "", text)
    # the site's own name (「上海某某环保科技有限公司」) is in the page too, and is no headline
    return max((p for p in parts if re.sub(r"\s+", "", p) in shown and not is_org_name(p) and not _SECTION_NAME.fullmatch(p)),
               key=len, default="")


# How a news story's first paragraph opens: 「6月12日下午，…」, 「近日，…」, 「本报讯 …」
_LEDE = re.compile(r"^(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日|^(?:近日|日前|近期|昨天|昨日|今天|今日|本报讯|本网讯|[\u4e00-\u9fff]{2,8}讯\s*[（(:：])")


def lede_headline(content: Tag) -> str:
    """A story's headline, whatever element holds it (a page without <title>, its headline an
    <h3>): the one heading whose first paragraph after it opens as news does (「6月12日下午，…」)
    and whose block goes on with the story. A list's cards (headline, one-line teaser) are no story."""
    found: list[str] = []
    for heading in content.find_all(["h1", "h2", "h3", "h4", "h5"], limit=30):
        text = clean_label(heading.get_text(" ", strip=True))
        if not 8 <= len(text) <= 80 or _SECTION_NAME.fullmatch(text):
            continue
        after = (str(s).strip() for s in heading.find_all_next(string=True, limit=12))
        first = next((line for line in after if len(line) >= 30), "")
        block = heading.parent.get_text("", strip=True) if isinstance(heading.parent, Tag) else ""
        if _LEDE.match(first) and len(block) - len(text) >= 100:
            found.append(text)
    return found[0] if len(found) == 1 else ""


# A story's byline: its date with who wrote or published it, or how often it was read
# (「来源：本站　作者：admin　时间：2019-05-12」, 「[2018/6/21] 浏览次数：235」)
_BYLINE = re.compile(r"来源|作者|编辑|责编|供稿|撰稿|发布|发表|点击|浏览|阅读|访问|时间|日期|文\s*[/:：]|^\s*[\[【(（]\s*(?:19|20)\d{2}")
_SENTENCE_END = re.compile(r"[。！？；:：]$")


def byline_headline(content: Tag) -> str:
    """A story's headline, whatever element holds it (a bold <td>, a <div class="tit">): the line
    just above the page's one byline, where prose follows the byline. A list's items each have
    their own byline: a page with several has no one headline."""
    lines = paragraphs_of(content).splitlines()  # 「发布时间：<span>2020-09-14</span> 阅读：<span>102</span>」 is one line
    found: list[str] = []
    for i, line in enumerate(lines[1:], start=1):
        date = find_date(line)
        if date is None or len(line) > 120 or not _BYLINE.search(line):
            continue
        headline = clean_label(lines[i - 1])
        prose = "".join(l for l in lines[i + 1: i + 30] if len(l) >= 30)
        # the site's own name over a byline is a template's placeholder, not a headline
        if 6 <= len(headline) <= 80 and not _SENTENCE_END.search(headline) and not find_date(headline) \
                and not _SECTION_NAME.fullmatch(headline) and not is_org_name(headline) and len(prose) >= 100:
            found.append(headline)
    return found[0] if len(found) == 1 else ""


def article_from_page(soup: BeautifulSoup, content: Tag, page: Page, source: Provenance) -> Article | None:
    """A news article's own page: its heading and its labelled publication date (never the footer's year)."""
    title = title_of(soup)
    text = "\n".join(lines_of(content))
    if len(title) < 4 or _SECTION_NAME.fullmatch(title):
        title = _headline_in_title(soup, text)  # 「企业动态-【盘点】2016年，…-聚通达云通信」: the middle part
    # the line over the story's byline, read once, where the heading may not be the story's
    byline = byline_headline(content) if len(title) <= 6 or _SECTION_NAME.fullmatch(title) or is_org_name(title) else ""
    if len(title) < 4 or _SECTION_NAME.fullmatch(title) or is_org_name(title):
        # no heading element names the story (or only the site's name does): the line over its byline
        title = lede_headline(content) or byline or (title if not is_org_name(title) else "")
    if len(title) <= 6 and len(byline) > len(title):
        title = byline  # 「创联致信-全栈…」: the <title> names the site; the story's headline stands over its byline
    if len(title) < 4 or _SECTION_NAME.fullmatch(title):
        return None  # "新闻中心" heads a section, not an article
    published: DateValue | None = None
    for match in _DATE_LABEL.finditer(text):
        published = find_date(text[match.end(): match.end() + 40])
        if published:
            break
    if published is None:
        # Otherwise the first full date shortly after the heading: the article's byline.
        at = text.find(title)
        window = text[at + len(title): at + len(title) + 300] if at >= 0 else text[:300]
        published = find_date(window) or _signed_date(lines_of(content))
    return Article(title=clean_label(title)[:200], url=page.url, source=source, published=published)


def _signed_date(lines: list[str]) -> DateValue | None:
    """The date a story is signed with below its text (「某某公司办公室 / 2019年5月12日」): a line
    that is a day-precise date and nothing else, the one date the page so shows."""
    dates = {d.value: d for line in lines if (d := find_date(line)) and len(clean_label(line)) <= len(d.text) + 2}
    return next(iter(dates.values())) if len(dates) == 1 else None


def next_pages(soup: BeautifulSoup, base: str) -> list[str]:
    """The "下一页" link of a list, if any."""
    return [
        link.url
        for link in links_of(soup, base)
        if NEXT_PAGE.match(clean_label(link.text)) and same_site(link.url, base) and link.url != base
    ]
