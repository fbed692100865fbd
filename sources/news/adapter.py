"""The `news` adapter: news about the customer, from RSS/Atom feeds and single news pages.

A feed gives dated entries (Chinese dates and zone-less times read as Beijing time). A news
page gives its main text (trafilatura, comments excluded) and its publication date from the
labelled byline (发布时间, 发布日期, 来源...) before any metadata, never a copyright year.
Events are read only where the text names the customer as the one acting.
"""

from __future__ import annotations

import json
import re
from typing import Sequence

import trafilatura  # loaded with the adapters, in a thread, while robots.txt is asked for
from bs4 import BeautifulSoup

from briefing.toolkit.adapter import BaseAdapter, Parsed, Request, Target
from briefing.toolkit.article_events import ArticleText
from briefing.toolkit.article_events import article_body, read_article
from briefing.toolkit.names import customer_names
from briefing.toolkit.feeds import looks_like_feed, parse_feed
from briefing.toolkit.html import content_of, drop_noise, lines_of, paragraphs_of, soup_of, title_of
from briefing.models import Article, DateValue, Fact, Page
from briefing.toolkit.normalise import find_moment, is_person_name

_BYLINE = re.compile(r"(?:发布时间|发布日期|发表时间|发文日期|更新时间|时间|日期|来源)\s*[:：]?")
_WALL = re.compile(r"验证码|安全验证|人机验证|访问过于频繁|请开启JavaScript|enable JavaScript|滑动验证|身份验证", re.I)
_GONE = re.compile(r"页面不存在|您访问的页面不存在|该页面已被删除|文章已删除|内容已删除|404 Not Found|页面找不到|找不到该页面", re.I)
_META_DATES = ("article:published_time", "og:release_date", "pubdate", "publishdate", "PubDate", "publish_date",
               "datePublished", "dc.date", "DC.date.issued", "sailthru.date")


def page_date(soup: BeautifulSoup, lines: list[str], title: str) -> DateValue | None:
    """The byline's labelled date first; then the first full date just under the heading; then
    the page's metadata. A bare year (the footer's ©2012-2024) is never a date."""
    top = lines[:80]
    # the heading itself (a line that is the title), before the <title> line (title plus site name)
    at = next((i for i, line in enumerate(top) if title and line.strip() == title.strip()),
              next((i for i, line in enumerate(top) if title and title[:12] in line), 0))
    window = top[at:at + 12] + top[:at]
    for line in window:
        for match in _BYLINE.finditer(line):
            found = find_moment(line[match.start():match.start() + 60])
            if found:
                return found
    for line in top[at:at + 6]:
        found = find_moment(line)
        if found:
            return found
    for key in _META_DATES:
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key}) or soup.find("meta", attrs={"itemprop": key})
        if tag and tag.get("content"):
            found = find_moment(str(tag["content"]))
            if found and not found.value.endswith("-01-01"):
                return found
    stamp = soup.find("time", attrs={"datetime": True})
    return find_moment(str(stamp["datetime"])) if stamp else None


def dated_page(soup: BeautifulSoup, lines: list[str], title: str, raw: str = "") -> DateValue | None:
    """The page's date (`page_date`), else what the whole page shows under its heading (a
    header that the article's content leaves out: 新华网's h-time), else a byline date shown
    without its year (发布时间：09-30 22:46) with the year of a date the page carries for the
    same day and minute; else the date the page's script state carries for this article."""
    found = page_date(soup, lines, title)
    if found:
        return found
    everything = lines_of(soup)
    headings = [i for i, line in enumerate(everything[:400]) if title and line.strip() == title.strip()][:4]
    for at in headings:  # the heading itself (a fixed header may repeat it), so never a menu's or a sidebar's date
        for line in everything[at + 1:at + 6]:
            found = find_moment(line)
            if found:
                return found
    near = [line for at in headings for line in everything[at:at + 12]] or everything[:400]
    return yearless_date(soup, near) or carried_date(raw, title)


_YEARLESS = re.compile(r"(?:发布时间|发布日期|发表时间|更新时间|时间|日期)\s*[:：]?\s*(?P<m>\d{1,2})[-/月.](?P<d>\d{1,2})日?"
                       r"(?:\s*(?P<h>\d{1,2}):(?P<mi>\d{2}))?")
_DATE_ATTRS = re.compile(r"date|time|publish|update|modified|created", re.I)


def yearless_date(soup: BeautifulSoup, lines: list[str]) -> DateValue | None:
    """「发布时间：09-30」「22:46」: a byline's day without its year, dated by a full date the
    page's metadata carries (itemprop dateUpdate, article:modified_time...) for that very day
    (and minute, when shown). A crawl time or another day's date never lends its year."""
    joined = " ".join(line.strip() for line in lines[:40])
    shown = _YEARLESS.search(joined)
    if not shown:
        return None
    for tag in soup.find_all("meta", content=True)[:200]:
        attrs = " ".join(str(tag.get(k, "")) for k in ("name", "property", "itemprop"))
        if not _DATE_ATTRS.search(attrs):
            continue
        full = find_moment(str(tag["content"]))
        if full is None or len(full.value) < 10:
            continue
        same_day = int(full.value[5:7]) == int(shown.group("m")) and int(full.value[8:10]) == int(shown.group("d"))
        same_minute = not shown.group("h") or full.value[11:16] == f"{int(shown.group('h')):02d}:{shown.group('mi')}"
        if same_day and same_minute:
            return DateValue(full.value, shown.group(0)[shown.start("m") - shown.start():].strip())
    return None


_CARRIED_DATE_KEYS = ("publishDate", "datePublished", "publishTime", "publish_time", "pubDate", "pubdate", "pubTime",
                      "publishedAt", "published_at", "ptime")
_STATE = re.compile(r"(?:window\.)?__[A-Z_]*(?:STATE|DATA)__\s*=\s*|<script[^>]*application/ld\+json[^>]*>\s*")


def carried_date(raw: str, title: str) -> DateValue | None:
    """A page drawn by script (React, Vue) shows 「昨天」; the state it carries (window.__INITIAL_STATE__,
    JSON-LD) holds the article with its publication date: the object whose title is the heading's,
    never a related item's."""
    if not title:
        return None
    want = re.sub(r"\s+", "", title)
    for match in list(_STATE.finditer(raw[:3_000_000]))[:20]:
        try:
            data, _ = json.JSONDecoder().raw_decode(raw[match.end():match.end() + 2_000_000])
        except ValueError:
            continue
        found = _dated_object(data, want, 0)
        if found:
            return found
    return None


def _dated_object(data: object, want: str, depth: int) -> DateValue | None:
    if depth > 12:
        return None
    if isinstance(data, dict):
        heading = data.get("title") or data.get("headline")
        if isinstance(heading, str) and re.sub(r"\s+", "", heading) == want:
            for key in _CARRIED_DATE_KEYS:
                value = data.get(key)
                found = find_moment(str(value)) if isinstance(value, str) else None
                if found:
                    return found
        children = list(data.values())
    elif isinstance(data, list):
        children = data[:200]
    else:
        return None
    for child in children:
        found = _dated_object(child, want, depth + 1)
        if found:
            return found
    return None


# 「文/周楠」 but not 「本文来源：」: 文 alone is a label only where no word ends in it, and only
# with its separator (「文史天地」, a column in a breadcrumb, is no byline); a label (来源, 编辑...)
# after it is never a name
_AUTHOR = re.compile(r"(?:(?:作者|记者|撰文|撰稿)\s*[:：/|｜丨]?\s*|(?<![\u4e00-\u9fff])文(?:\s*[:：/|｜丨]\s*|\s+))"
                     r"(?!来源|编辑|出处|转载|摘自|通讯员|图片|摄影)(?P<name>[\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])")
_BREADCRUMB = re.compile(r"当前位置|您的位置|所在位置|[>›»]")


def page_author(lines: list[str]) -> str | None:
    """The byline's writer (作者：周楠, 澎湃新闻记者 王璐, （记者 王宏伟）), near the top of the page;
    never a column of the breadcrumb (首页 > 文史天地)."""
    for line in lines[:120]:
        if _BREADCRUMB.search(line):
            continue
        for match in _AUTHOR.finditer(line):
            if is_person_name(match.group("name")):
                return match.group("name")
    return None


class NewsAdapter(BaseAdapter):
    name = "news"
    description = "新闻：RSS/Atom 订阅源与单篇新闻页（news feeds and single news pages about the customer）"
    max_depth = 0
    max_pages = 1

    def plan(self, target: Target) -> Sequence[Request]:
        return [Request(target.value, role="", depth=0, company=target.company)]

    def parse(self, page: Page, request: Request) -> Parsed:
        names = customer_names(request.company)
        if looks_like_feed(page.body, page.content_type):
            return self._feed(page, names)
        soup = soup_of(page.text)
        drop_noise(soup)
        content = content_of(soup)
        lines = lines_of(content)
        title = _title(soup)
        # trafilatura on the page without scripts (not on content_of: that cut left it a comment)
        text = article_body(trafilatura.extract(str(soup), include_comments=False, include_tables=True) or "")
        if len(text) < 300:  # a wall or an error page has a title too; an article has text
            shown = soup.get_text(" ", strip=True)[:5000]
            if _GONE.search(shown):
                return Parsed(status="gone", reason="the site says the page does not exist")
            wall = _WALL.search(shown)
            if wall:
                return Parsed(status="blocked", reason=f"the site showed a verification page ({wall.group(0)}); save the page from a browser")
            if not text and not title:
                return Parsed(status="stale", reason="no article text on the page")
        source = page.provenance(self.name)
        published = dated_page(soup, lines, title, page.text)
        events, summary = read_article(ArticleText(text, published, source, False, title), names)
        article = Article(title or page.url, page.url, source, published=published, author=page_author(lines), summary=summary)
        return Parsed(facts=(article, *events))

    def _feed(self, page: Page, names: list[str]) -> Parsed:
        feed = parse_feed(page.body, page.encoding)
        if feed is None:
            return Parsed(status="stale", reason="not a readable RSS or Atom feed")
        source = page.provenance(self.name)
        facts: list[Fact] = []
        for entry in feed.entries:
            if not entry.title and not entry.link:
                continue
            text = paragraphs_of(BeautifulSoup(entry.html, "lxml")) if entry.html else ""
            # an entry says what it reports as a page does: its summary from its content or description
            events, summary = read_article(ArticleText(text, entry.published, source, False, entry.title), names, entry=True)
            facts.append(Article(entry.title or entry.link, entry.link or page.url, source, published=entry.published,
                                 author=entry.author or None, summary=summary))
            facts += events
        return Parsed(facts=tuple(facts))


def _title(soup: BeautifulSoup) -> str:
    """The heading the page's <title> starts with, else og:title, cut of its site name."""
    title = title_of(soup)
    if not title:
        tag = soup.find("meta", attrs={"property": "og:title"})
        title = str(tag.get("content", "")) if tag else ""
    # 「标题_网易财经」, 「标题 - 澎湃新闻」: short trailing parts name the site; 「36氪首发｜标题」 keeps its column
    title = title.strip()
    while True:
        parts = re.split(r"(\s*[_|｜]\s*|\s+-\s+)(?=[^_|｜]*$)", title, maxsplit=1)
        if len(parts) == 3 and len(parts[2]) <= 12 and len(parts[0]) >= 6:
            title = parts[0]
        else:
            return title[:300]
