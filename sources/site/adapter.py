"""The `site` adapter: a customer's own website.

From the site root it finds the overview, leadership, cases/projects and news pages by their
link texts and addresses (Chinese or English, any structure), and reads each with the library's
readers:

- overview (here): the main text of the about page (trafilatura) and a short summary;
- executives (sources.site.people): short standalone name/title labels on a leadership page, and the
  boss's explicit label on the contact page;
- projects (sources.site.projects): case tables, cards, one-line entries, year lists, case pages;
- news (sources.site.lists): dated items of the news lists and, for undated ones, their article pages.

What is this adapter's own is knowing a company website's shape: which link leads where, and what
a page reached without a role is (a saved page, `briefing extract`), from its title, headings,
breadcrumb and address. No I/O here: the pipeline fetches what `plan` and `parse` ask.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

import trafilatura  # loaded with the adapters, in a thread, while robots.txt is asked for
from bs4 import BeautifulSoup, Tag
from trafilatura.deduplication import LRUCache
from trafilatura.settings import LRU_SIZE

from briefing.toolkit.adapter import BaseAdapter, Parsed, Request, Target
from briefing.toolkit.names import customer_names
from briefing.toolkit.html import Link, content_of, drop_noise, lines_of, links_of, paragraphs_of, same_site, soup_of, title_of
from sources.site.lists import (
    MORE_LINK,
    PUBLISHED_LABEL,
    article_from_page,
    articles_from_list,
    byline_headline,
    dated_items,
    lede_headline,
    list_items,
    next_pages,
)
from briefing.models import Article, Fact, Financing, Overview, Page, Project, Provenance
from briefing.toolkit.article_events import ArticleText, read_article, read_events
from briefing.toolkit.normalise import clean_label, find_date
from sources.site.clients import clients, clients_in_prose
from sources.site.owner import own_name
from sources.site.people import bio_openings, executives
from sources.site.projects import (
    captioned_pictures,
    looks_like_name,
    project_from_detail,
    projects_from_cards,
    projects_from_lines,
    projects_from_tables,
    projects_from_year_list,
    works_in_prose,
)

MAX_OVERVIEW = 4000
MAX_DETAILS = 8  # case or article detail pages followed per list page
MAX_HEADLINES = 60  # dated headlines of one list read for events

# What each kind of section is called in links, titles and breadcrumbs; strongest first.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "about": (
        "公司简介", "企业简介", "集团简介", "公司概况", "企业概况", "集团概况", "公司介绍", "企业介绍", "公司概述", "企业概述",
        "集团概述", "集团介绍", "关于我们", "关于", "走进", "了解我们", "about us", "about", "company profile", "profile", "overview", "who we are", "introduction",
    ),
    "leaders": (
        "领导团队", "领导班子", "高管团队", "管理团队", "高层管理", "公司领导", "企业领导", "集团领导", "现任领导", "领导介绍",
        "核心团队", "我们的团队", "团队介绍", "团队", "院领导", "领导", "领导风采", "董事会", "高管介绍", "管理层", "组织架构", "组织机构", "management team", "leadership", "management",
        "our team", "executives", "board of directors",
    ),
    "cases": (
        "工程案例", "项目案例", "成功案例", "经典案例", "典型案例", "客户案例", "合作客户", "我们的客户", "主要客户", "典型客户", "服务客户",
        "部分客户", "客户名录", "项目业绩", "工程业绩", "主要业绩", "业绩展示",
        "典型业绩", "业绩", "案例", "项目", "典型项目", "重点项目", "重大项目", "重点工程", "代表项目", "主要项目", "代表业绩", "项目展示", "工程项目", "projects", "project", "cases", "case studies",
        "references", "portfolio",
    ),
    "news": (
        "新闻中心", "新闻动态", "公司新闻", "企业新闻", "新闻资讯", "企业动态", "公司动态", "集团新闻", "集团动态", "集团要闻",
        "公司要闻", "要闻", "基层动态", "媒体报道", "媒体聚焦", "媒体关注",
        "新闻", "动态", "资讯", "博客", "news", "newsroom", "press", "media", "blog",
    ),
    "contact": ("联系我们", "联系方式", "contact us", "contact"),
}
# A contact page names the boss only as 法定代表人/董事长/总经理; its 联系人 is not an executive.
_LEGAL_TITLES = {"法定代表人", "法人代表", "董事长", "总经理", "执行董事", "厂长", "总裁"}
# Sections that look like ours but are not about the customer, or not research material.
_AVOID = re.compile(
    r"行业|招聘|人才|留言|下载|登录|注册|招标|采购|投资者|公告|login|career|job|english|中文版|产品|product", re.I
)
_URL_WORDS: dict[str, tuple[str, ...]] = {
    "about": ("about", "aboutus", "intro", "profile", "gsjj", "qyjj", "jianjie", "company", "gywm"),
    "leaders": ("team", "leader", "leaders", "leadership", "management", "ldtd", "gltd", "gaoguan", "ggtd", "ldbz"),
    "cases": ("case", "cases", "anli", "project", "projects", "yeji", "gcal", "xmyj", "achievement"),
    "news": ("news", "xwzx", "xinwen", "xwdt", "gsxw", "qydt", "dongtai", "press", "blog"),
    "contact": ("contact", "lxwm", "lianxi"),
}

_NEIGHBOUR_LINK = re.compile(r"上一篇|下一篇|上一条|下一条|上一则|下一则|前一篇|后一篇")
_BARE_MARK = re.compile(r"[\s\-—–·•*_=~|>›»]+")
_QUOTE_CLASS = re.compile(r"quote|testimonial|\bcite\b|review", re.I)
_MENU_LINE = re.compile(r"当前位置|您的位置|首页\s*[>›»]|^\s*[>›»]")
_YEAR_TAB = re.compile(r"(?:19|20)\d{2}\s*年?")
_HEADING_CLASS = re.compile(r"^(?:h[1-3]|title|tit|[\w-]*_title|[\w-]*-title)$", re.I)
# A page given to a leader's word or to the leader: 「董事长致辞」, 「领导致辞」, 「金兰集团董事长」 as its heading
_LEADER_HEADING = re.compile(
    r"(?:董事长|总经理|总裁|领导|院长|董事会主席|主席|掌门人|创始人)(?:致辞|致词|寄语|讲话|的话|演讲|问候)"
    r"|^(?:[\u4e00-\u9fff]{0,10}(?:集团|公司|资本|控股|股份))?(?:董事长|总经理|总裁)(?:\s*[/|]?\s*[a-z ]{0,30})?$"
)


class SiteAdapter(BaseAdapter):
    name = "site"
    description = "公司官网：公司概况、领导团队、工程案例/业绩、新闻动态（company website: overview, leaders, cases, news）"
    max_depth = 3
    max_pages = 40

    def plan(self, target: Target) -> list[Request]:
        if not target.is_url:
            return [Request(target.value, "", 0, company=target.company)]  # a saved page: its role is read from it
        parts = urlsplit(target.value)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
        # The site root is the home page; any other address is read for what it is.
        return [Request(url, "home" if _is_root(url) else "", 0, company=target.company)]

    def parse(self, page: Page, request: Request) -> Parsed:
        # Parsed once: `soup` keeps the menus (where sections are found), `content` is the
        # page without them (where facts are read). Readers that prune `content` run last.
        soup = drop_noise(soup_of(page.text))
        content = content_of(soup)
        role = request.role or classify(soup, content, page.url)
        source = page.provenance(self.name)
        reader = _PageReader(soup, content, page, source, request)
        if role in ("home", "about", "leaders", "cases", "case"):
            read = {"home": reader.home, "about": reader.about, "leaders": reader.leaders}.get(role, reader.cases)()
            # The site's own description of the company: where the page's text says nothing of it,
            # and beside a case or team page's introduction (often about a product, not the company)
            told = [f.text for f in read.facts if isinstance(f, Overview)]
            extra = [o for o in described(soup, source) if not any(_compact(o.text[:60]) in _compact(t) for t in told)]
            # a front page's own text is teasers: its description comes first
            if role == "home":
                return replace(read, facts=tuple(extra) + read.facts)
            return replace(read, facts=read.facts + tuple(extra)) if not told or role != "about" else read
        if role == "contact":
            people = executives(content, source, company=reader.own())
            return Parsed(tuple(e for e in people if _LEGAL_TITLES.intersection(e.title.split("、"))))
        if role == "news":
            return reader.news()
        if role == "article":
            return reader.article()
        if role == "":
            return reader.unnamed()
        return Parsed()


# --- finding the sections -----------------------------------------------------------------------


def _role_score(text: str, url: str, role: str) -> int:
    text = clean_label(text).lower()
    if not text or len(text) > 30 or _AVOID.search(text):
        return 0
    score = 0
    for rank, word in enumerate(ROLE_WORDS[role]):
        if text == word:
            score = max(score, 100 - rank)
        elif word in text and len(text) <= 12:
            score = max(score, 60 - rank)
    path = urlsplit(url).path.lower()
    tokens = set(re.split(r"[/_\-.]+", path))
    if score and any(w in tokens for w in _URL_WORDS[role]):
        score += 10
    elif not score and any(w in tokens for w in _URL_WORDS[role]) and 0 < len(text) <= 10 and not _AVOID.search(path):
        # The address alone names the section only for a menu-like link, not an item's title
        # (/news/company/2026/... is an article, not the about page) or a "更多+".
        score = 0 if MORE_LINK.fullmatch(text) else 20
    return score


def find_sections(links: list[Link], base: str, *, per_role: int = 3) -> dict[str, list[str]]:
    """The best same-site links for each role, by link text first and address second."""
    found: dict[str, list[str]] = {}
    claimed: set[str] = set()
    scored: list[tuple[int, str, str]] = []
    for link in links:
        if not same_site(link.url, base) or _AVOID.search(urlsplit(link.url).path):
            continue
        for role in ROLE_WORDS:
            score = _role_score(link.text, link.url, role)
            if score:
                scored.append((score, role, link.url))
    for _, role, url in sorted(scored, key=lambda s: -s[0]):
        if url in claimed or url.rstrip("/") == base.rstrip("/"):
            continue
        if len(found.setdefault(role, [])) < per_role:
            found[role].append(url)
            claimed.add(url)
    return {role: urls for role, urls in found.items() if urls}


def _is_root(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path.lower()
    return parts.scheme in ("http", "https") and not parts.query and bool(
        re.fullmatch(r"/?((index|default|home)(\.\w+)?)?", path) or re.fullmatch(r"/(en|cn|zh|zh-cn)/(index\.\w+)?", path)
    )


def classify(soup: BeautifulSoup, content: Tag, url: str) -> str:
    """What a page is, from its title, headings, breadcrumb and address (`content`: the page
    without its furniture, for telling one article from a list); where none of these names it,
    from what it shows: a headline over a news lede, or items dated here or in its side column."""
    path = urlsplit(url).path.lower()
    if _is_root(url) or _titled_front(soup):
        return "home"
    signals = _page_signals(soup, content)
    best, best_score = "", 0
    for role in ROLE_WORDS:
        score = max((_signal_score(s, role) for s in signals), default=0)
        if role == "contact":
            score -= 20  # a page is the contact page only when nothing else fits
        if any(w in set(re.split(r"[/_\-.]+", path)) for w in _URL_WORDS[role]):
            score += 15
        if score > best_score:
            best, best_score = role, score
    if best in ("", "news", "cases") and _shows_products(soup):
        return "products"  # a product showcase: its dated cards are no news, its pictures no works
    if best == "news" and _is_article(soup, content, url):
        return "article"
    if best_score < 15 and (lede_headline(content) or byline_headline(content)):
        return "article"  # nothing names the page, but it reads as a story: a headline over a news lede or a byline
    if best_score < 15 and sum(1 for _, date in dated_items(content, url, soup) if date) >= 2:
        return "news"  # nor a list: its items dated, here or in the side column
    if best_score < 15 and _is_front(soup, content, url):
        return "home"
    return best if best_score >= 15 else ""


def _page_signals(soup: BeautifulSoup, content: Tag) -> list[str]:
    """Where a page names itself: its <title>, its own headings, its breadcrumb."""
    signals = [_title_of_page(soup)]
    # Headings of the page itself: a footer's "联系我们" heading says nothing about the page.
    signals += [h.get_text(" ", strip=True) for h in content.find_all(["h1", "h2", "h3", "h4"], limit=8)]
    # the page's own <h1> even where a wrapper named "top" took it out of `content`
    signals += [h.get_text(" ", strip=True) for h in soup.find_all("h1", limit=3) if not h.find_parent(["header", "nav"])]
    signals += _breadcrumbs(soup)
    # Headings written as styled <div>s: 「<div class="h1">金兰集团董事长</div>」, 「<div class="title">」
    signals += [t.get_text(" ", strip=True) for t in content.find_all(class_=_HEADING_CLASS, limit=8)
                if len(t.get_text(" ", strip=True)) <= 20]
    return signals


_CRUMB_CLASS = re.compile(r"crumb|position|location|weizhi", re.I)


def _breadcrumbs(soup: BeautifulSoup) -> list[str]:
    """Where the page says it is: its breadcrumb-classed elements and its 「当前位置：」 line."""
    crumbs = [_crumb_of(tag) for tag in soup.find_all(True, class_=_CRUMB_CLASS, limit=6)][:3]
    return crumbs + [_crumb_text(string) for string in soup.find_all(string=re.compile(r"当前位置|您的位置|所在位置|现在的位置"), limit=2)]


def _crumb_of(tag: Tag) -> str:
    """A breadcrumb's text; "" for a member card's 「<p class="position">总经理</p>」, which is a post,
    not where the page is (a breadcrumb links or separates its steps, or says 位置)."""
    text = tag.get_text(" ", strip=True)
    if "crumb" in " ".join(tag.get("class") or []).lower() or tag.find("a") or re.search(r"[>›»/]|位置|首页|home", text, re.I):
        return text
    return ""


_FRONT_TITLE = re.compile(r"^(?:首页|主页|网站首页|home|home\s*page|index)$", re.I)
# 「上海某某投资管理有限公司官网」: the site's own name and nothing else
_SITE_TITLE = re.compile(r"(?:欢迎(?:访问|光临|来到))?[\u4e00-\u9fff（）()]{2,30}(?:公司|集团)(?:官网|官方网站|网站首页|首页|主页)")


def _title_of_page(soup: BeautifulSoup) -> str:
    return soup.title.get_text(" ", strip=True) if soup.title else ""


def _title_parts(title: str) -> list[str]:
    """A <title>'s parts: 「首页_到群软件」, 「产品中心 - 某某公司」."""
    return [part.strip() for part in re.split(r"\s*[-_|–—]+\s*", title)]


def _titled_front(soup: BeautifulSoup) -> bool:
    """The page's <title> calls it the front page: 「首页_到群软件」, 「Home | Acme」."""
    title = _title_of_page(soup)
    return any(_FRONT_TITLE.match(part) for part in _title_parts(title)) or bool(_SITE_TITLE.fullmatch(title.strip()))


# What a product showcase calls itself in its title, <h1> or breadcrumb (产品中心 > 污水设备)
_PRODUCT_SECTION = re.compile(r"产品(?:中心|展示|列表|分类|系列|介绍|详情|信息|参数|目录|世界)|(?:主营|主要|热销|推荐)产品|^产品$"
                              r"|^(?:our\s+)?products?(?:\s+(?:center|list|catalog(?:ue)?))?$", re.I)


def _shows_products(soup: BeautifulSoup) -> bool:
    """The page names itself a product showcase: in its <title>'s parts, its <h1> or its breadcrumb
    (a heading of the page's text, 「主要产品」 on an about page, does not)."""
    signals = _title_parts(_title_of_page(soup))
    signals += [h.get_text(" ", strip=True) for h in soup.find_all("h1", limit=3)]
    signals += [crumb[:80] for crumb in _breadcrumbs(soup)]
    return any(_PRODUCT_SECTION.search(clean_label(s)) for s in signals if len(s) <= 80)


def _is_front(soup: BeautifulSoup, content: Tag, url: str) -> bool:
    """A site's front page at an address that does not say so (/cn/, index.php?lang=1): nothing
    names it, its menu leads to three kinds of section or more, and it is short (a front page
    points elsewhere; an inner page has its own text to read)."""
    sections = find_sections(links_of(soup, url), url)
    return len(sections.keys() - {"contact"}) >= 3 and len(content.get_text("", strip=True)) < 1500


def _is_article(soup: BeautifulSoup, content: Tag, url: str) -> bool:
    """A news page that is one article: a labelled publication date over real prose, or no list.

    Its sidebar's "latest news" with dates does not make it a list.
    """
    lines = lines_of(content)
    text = "\n".join(lines)
    # One labelled date (a list labels every item), and a paragraph of its own to read, under a
    # headline that is not the section's own name ("公司新闻" heads a list, with a featured item).
    labelled = sum(1 for m in PUBLISHED_LABEL.finditer(text) if find_date(text[m.end(): m.end() + 40])) == 1
    prose = any(len(line) >= 60 for line in lines)
    headline = title_of(soup)
    named_section = len(headline) <= 8 or _signal_score(headline, "news") > 0 and len(headline) <= 12
    return (labelled and prose and not named_section) or len(dated_items(content, url)) < 2


def _crumb_text(string: object) -> str:
    """The whole breadcrumb a 「您现在的位置：」 label opens, not the label's own <li> alone."""
    node = getattr(string, "parent", None)
    text = str(string)
    for _ in range(3):
        if not isinstance(node, Tag):
            break
        text = node.get_text(" ", strip=True)
        if len(clean_label(re.sub(r".*(?:位置)[:：]?", "", text))) >= 2 or not isinstance(node.parent, Tag):
            break
        node = node.parent
    return text[:80]


def _signal_score(signal: str, role: str) -> int:
    signal = signal.lower()
    if role == "leaders" and _LEADER_HEADING.search(clean_label(signal)):
        return 55  # the page's own 「董事长致辞」 beats a breadcrumb left at 「公司简介」
    for rank, word in enumerate(ROLE_WORDS[role]):
        if word in signal:
            return 50 - rank
    return 0


# --- reading the pages --------------------------------------------------------------------------


class _PageReader:
    def __init__(self, soup: BeautifulSoup, content: Tag, page: Page, source: Provenance, request: Request):
        self.soup = soup
        self.content = content
        self.page = page
        self.source = source
        self.request = request

    def follow(self, urls: list[str], role: str) -> list[Request]:
        return [Request(url, role, self.request.depth + 1, company=self.request.company) for url in urls]

    def sections(self) -> dict[str, list[str]]:
        return find_sections(links_of(self.soup, self.page.url), self.page.url)

    def home(self) -> Parsed:
        sections = self.sections()
        follow = [r for role, urls in sections.items() for r in self.follow(urls, role)]
        facts: list[Fact] = [a for a in articles_from_list(self.content, self.page.url, self.source)]
        # a crawl reads the about page; a saved front page is all there is: its sentences about the
        # company itself first (a slider's 「某某有限公司，…致力于…」), else its text
        if "about" not in sections or not self.request.role:
            facts += self.self_description() or overview(self.page, self.content, self.source)
        return Parsed(tuple(facts), tuple(follow))

    def self_description(self) -> list[Overview]:
        """The page's sentences that name the company as their subject (「上海某某有限公司，紧扣…」,
        「某某是一家…」), not a label's value (「公司名称：…」) or the footer's."""
        names = [n for n in (*customer_names(self.request.company), self.own() or "") if len(n) >= 2]
        lines = _rejoin(lines_of(self.content))
        said = [l for l in lines if len(l) >= 30 and any(l.startswith(n) and not re.match(r"[:：]", l[len(n):]) for n in names)
                and not _FOOTER_LINE.search(l)]
        text = "\n".join(dict.fromkeys(said))[:MAX_OVERVIEW]
        return [Overview(text=text, summary=summarise(text), source=self.source)] if len(text) >= 40 else []

    def about(self) -> Parsed:
        # The about page's side menu is where leadership pages hide on many sites.
        sections = self.sections()
        follow = [r for role, urls in sections.items() if role != "about" for r in self.follow(urls, role)]
        facts: list[Fact] = [*overview(self.page, self.content, self.source, self.soup), *self.clients()]
        facts += self.named_in_prose(facts)
        # a team shown in name/post cards (企业简介 over its staff), never names in its prose, and
        # never on a page with a block of other people's words (客户评价, 专家顾问): its cards are theirs
        headings = " ".join(h.get_text(" ", strip=True)[:20] for h in self.content.find_all(["h1", "h2", "h3", "h4", "h5"], limit=30))
        if not _OTHERS_HEADING.search(headings):
            facts += executives(self.content, self.source, company=self.own(), only_in_cards=True)
        return Parsed(tuple(facts), tuple(follow))

    def named_in_prose(self, facts: list[Fact]) -> list[Project]:
        """Works and clients the page's own sentences name in a row (「参与了青藏、拉日…等铁路工程」,
        「与某尔、某东…等300家企业合作」), each once. Not on a case page, and not in a paragraph about
        a client already found: a client's blurb names the client's own clients."""
        own = tuple(customer_names(self.request.company))
        have = {re.sub(r"\s+", "", f.counterparty or f.name) for f in facts if isinstance(f, Project)}
        text = "\n".join(line for line in paragraphs_of(self.content).splitlines() if not any(h in _compact(line) for h in have))
        found = [*works_in_prose(text, self.source), *clients_in_prose(text, self.source, own_names=own)]
        return [p for p in found if re.sub(r"\s+", "", p.counterparty or p.name) not in have]

    def own(self, *, intro: bool = False) -> str | None:
        """The company whose site this is, as the page names it."""
        return own_name(self.soup, self.content, intro=intro)

    def customer(self) -> list[str]:
        """The customer's names: the account's, else (a saved page read alone) those of the company
        its footer or <title> names."""
        return customer_names(self.request.company) or customer_names(None, self.own() or "")

    def leaders(self) -> Parsed:
        """The leaders; and the page's own prose (a chairman's address, a team's introduction) as
        an overview, without the paragraphs about one leader."""
        given = tuple(customer_names(self.request.company))
        own = self.own(intro=True)
        people = executives(self.content, self.source, own_names=given + ((own,) if own else ()), company=own)
        names = [p.name for p in people]
        return Parsed(tuple(people) + tuple(self.introduction(names, above=len(names) > 1)))

    def introduction(self, names: list[str], *, above: bool) -> list[Overview]:
        """The page's own prose as an overview (a chairman's address, a team's or a case list's
        introduction), without the paragraphs naming the page's people or clients; `above`: only
        what comes before the first of them (their bios and blurbs follow)."""
        lines = _rejoin(lines_of(self.content))
        if above:
            lines = list(itertools.takewhile(lambda l: not any(n in l for n in names), lines))
        prose = [l for l in lines if len(l) >= 40 and not any(n in l for n in names) and not _FOOTER_LINE.search(l)]
        text = "\n".join(prose).strip()[:MAX_OVERVIEW]
        return [Overview(text=text, summary=summarise(text), source=self.source)] if len(text) >= 60 else []

    def clients(self) -> list[Project]:
        return clients(self.content, self.source, own_names=tuple(customer_names(self.request.company)))

    def cases(self) -> Parsed:
        facts: list[Fact] = list(projects_from_tables(self.content, self.source))
        facts += projects_from_cards(self.content, self.source)
        facts += projects_from_lines(self.content, self.source)
        facts += projects_from_year_list(self.content, self.source)
        facts += self.clients()
        named = [n for f in facts if isinstance(f, Project) for n in (f.counterparty, f.name) if n]
        facts += self.introduction(named, above=True) if named else []
        follow: list[Request] = []
        detail = project_from_detail(self.soup, self.content, self.source)
        # 「服务案例」 heads the list itself: a section's name is no case, whatever dates its text holds
        if detail and not facts and not any(_role_score(detail.name, self.page.url, role) for role in ROLE_WORDS):
            return Parsed((detail,))
        if not facts:
            items = list_items(self.content, self.page.url)
            facts += [Project(name=clean_label(item.text), source=self.source) for item in items if _is_case_name(item)]
            follow += self.follow([item.url for item in items][:MAX_DETAILS], "case")
        if not facts:  # a grid of pictures captioned outside their links (their pages, if any, say more)
            facts += [Project(name=name, source=self.source) for name in captioned_pictures(self.content)
                      if not any(name.lower() in words for words in ROLE_WORDS.values()) and not _AVOID.search(name)]
        follow += self.follow(next_pages(self.soup, self.page.url)[:1], "cases") if self.request.depth < 3 else []
        return Parsed(tuple(facts), tuple(follow))

    def headline_events(self, items: list[Article]) -> list[Fact]:
        """What the dated items' headlines say the customer did (「某某集团与某某银行签署战略合作协议」),
        for a list read on its own (a saved page, `briefing extract`): its headlines are all there is.
        A crawl reads the site's case pages, which say the same more fully; a headline's version
        (「西北地区单体规模最大的数据中心项目」, no buyer, no amount) would stand beside them as a second project."""
        names = self.customer()
        if not names or self.request.role or self.request.depth:
            return []
        facts: list[Fact] = []
        for item in [a for a in items if a.published][:MAX_HEADLINES]:
            title = re.sub(r"^[【\[][^】\]]{1,12}[】\]]\s*", "", item.title)  # 「【九富】…」: the outlet, not the headline
            facts += [f for f in read_events(ArticleText(title, item.published, self.source, True, title), names)
                      if isinstance(f, (Project, Financing))]
        return facts

    def news(self) -> Parsed:
        items = articles_from_list(self.content, self.page.url, self.source, self.soup)
        follow = self.follow(next_pages(self.soup, self.page.url)[:1], "news")
        # A news centre often splits into 要闻 / 动态 / 媒体 lists: read its sister lists too.
        if self.request.depth <= 1:
            follow += self.follow(self.sections().get("news", []), "news")
        undated = [a.url for a in items if a.published is None][:MAX_DETAILS]
        follow += self.follow(undated, "article")
        # Archives split by year ("2024 | 2023" tabs) instead of pages.
        if self.request.depth <= 1:
            years = [l.url for l in links_of(self.soup, self.page.url) if _YEAR_TAB.fullmatch(clean_label(l.text))]
            follow += self.follow([u for u in years if same_site(u, self.page.url)][:3], "news")
        return Parsed(tuple(items) + tuple(self.headline_events(items)), tuple(follow))

    def unnamed(self) -> Parsed:
        """A page that nothing names (not its title, headings, breadcrumb or address), read for
        what it shows: the customer's news its headline and text tell (a campaign page
        「某某B轮融资 获某某2000万美元投资」), and its prose about the company as the overview."""
        if _AVOID.search(title_of(self.soup)):
            return Parsed()  # 「招聘」, 「产品」, 「登录」: named after all, as nothing we read
        names = self.customer()
        facts: list[Fact] = []
        block = _rejoin(_main_block_lines(self.content))
        article = article_from_page(self.soup, self.content, self.page, self.source)
        if article is not None and names:
            text = "\n".join(block)
            facts += [f for f in read_article(ArticleText(text, article.published, self.source, True, article.title), names)[0]
                      if isinstance(f, (Project, Financing))]
        facts += bio_openings(self.content, self.source, tuple(names))
        prose = [l for l in block if len(l) >= 40]
        if sum(map(len, prose)) >= 80 and _ABOUT_A_COMPANY.search("".join(prose)):
            facts += overview(self.page, self.content, self.source, self.soup)
        return Parsed(tuple(facts))

    def article(self) -> Parsed:
        article = article_from_page(self.soup, self.content, self.page, self.source)
        if article is None:
            return Parsed()
        # the company's own news: 我公司 and an unnamed 公司 are the customer, as on its WeChat account
        names = self.customer()
        text = trafilatura.extract(str(self.content), include_comments=False, include_tables=True, deduplicate=LRUCache(maxsize=LRU_SIZE)) or ""
        # trafilatura drops a story whose wrapper is named like a side column (「blog-area left-sidebar」):
        # the page's own paragraphs then, as for an overview
        fallback = "\n".join(_rejoin(_main_block_lines(self.content)))
        text = fallback if len(text) < 0.6 * len(fallback) else text
        # 「上一篇：… 下一篇：我公司与…签订…」: other stories' headlines, not this one's news
        text = "\n".join(line for line in text.splitlines() if not _NEIGHBOUR_LINK.search(line))
        events, summary = read_article(ArticleText(text, article.published, self.source, True, article.title), names)
        return Parsed((replace(article, summary=summary), *events, *self.named_in_prose(events)))


# Headings of blocks where cards are other people's: clients' testimonials, guests, advisers
_OTHERS_HEADING = re.compile(r"评价|点评|客户|用户|嘉宾|专家|顾问|导师|合作伙伴|他们说|口碑|testimonial|client|customer|advis", re.I)
# The words of prose about a company (not a login form's, a product sheet's or a 404's)
_ABOUT_A_COMPANY = re.compile(r"公司|集团|企业|本公司|我们|平台|品牌|团队")


def overview(page: Page, own: Tag, source: Provenance, whole: Tag | None = None) -> list[Overview]:
    """The about page's text, from the page without menus, side columns or footers (`own`,
    pruned here of quotes and testimonials: other people's words, not the company's)."""
    for tag in own.find_all(["blockquote", "q", "cite"]) + own.find_all(class_=_QUOTE_CLASS):
        if not tag.decomposed:
            tag.decompose()
    # Repeated blocks are dropped within this page only: trafilatura's own cache of blocks seen is
    # shared by every page of the process, so a batch's later pages lost text earlier ones had.
    text = trafilatura.extract(
        str(own), url=page.url, include_comments=False, include_tables=False, favor_precision=True,
        deduplicate=LRUCache(maxsize=LRU_SIZE),
    ) or ""
    # trafilatura misses table-laid pages and short lines (企业精神, 质量方针): when the page's
    # own paragraphs say clearly more, read them in order instead.
    fallback = "\n".join(_rejoin(_main_block_lines(own)))
    if len(text) < 0.6 * len(fallback):
        text = fallback
    text = _with_dropped_paragraphs(text, whole).strip()[:MAX_OVERVIEW]
    text = "\n".join(line.strip() for line in text.splitlines() if not _BARE_MARK.fullmatch(line))  # a list's lone 「-」 bullets
    text = _TEASER_END.sub("", text)  # a teaser's 「查看全文」 is a link, not the company's words
    if len(text) < 40:
        return []
    return [Overview(text=text, summary=summarise(text), source=source)]


# A meta description that is no overview: template code, a section's blurb, a welcome
_NOT_DESCRIPTION = re.compile(r"\{\{|\$\{|<%|<\?|\$this|栏目|本页|本站|本网站|欢迎(?:访问|来到|光临)")
_DESCRIBES_BODY = re.compile(r"公司|集团|企业|平台|机构|品牌|服务商|供应商|制造商|厂|中心")
# A sentence written without a full stop still says what the company does: 「某某有限公司，致力于…」
_DOES = re.compile(r"致力于|专注于?|专业从事|从事|提供|是一家|成立于|位于|主营")


def described(soup: BeautifulSoup, source: Provenance) -> list[Overview]:
    """The page's <meta name="description"> as its overview, for a page whose text gives none
    (a client wall, a team of names): sentences about the company, not a list of search words."""
    meta = soup.find("meta", attrs={"name": re.compile(r"^description$", re.I)})
    text = re.sub(r"\s+", " ", str(meta.get("content") or "")).strip() if meta is not None else ""
    parts = [p for p in re.split(r"[,，、|/;；\s]+", text) if p]
    if len(text) < 40 or _NOT_DESCRIPTION.search(text) or not _DESCRIBES_BODY.search(text) \
            or not ("。" in text or _DOES.search(text)) or len(text) / max(len(parts), 1) < 8:
        return []
    return [Overview(text=text[:MAX_OVERVIEW], summary=summarise(text), source=source)]


_TEASER_END = re.compile(r"\s*(?:查看全文|阅读全文|查看详情|了解更多|更多\s*[>»]+|read more|more\s*[>»]+)\s*$", re.I | re.M)
_FOOTER_LINE = re.compile(r"版权|copyright|©|备案|ICP备|公网安备|地址[:：]|电话[:：]|邮编|传真", re.I)
_NOTICE_LINE = re.compile(r"cookie|隐私|privacy|浏览器|browser", re.I)
_OPEN_END = re.compile(r"[^。！？!?；;：:」”）)…\.]$")


def _rejoin(lines: list[str]) -> list[str]:
    """Hard-wrapped paragraphs made whole again: 「…三三得玖通信技术有限公<br><br>司的全资子公司…」."""
    out: list[str] = []
    for line in lines:
        if out and len(out[-1]) >= 30 and _OPEN_END.search(out[-1]) and re.match(r"[\u4e00-\u9fff\d]", line):
            out[-1] += line
        else:
            out.append(line)
    return out


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _with_dropped_paragraphs(text: str, whole: Tag | None) -> str:
    """The overview with the prose paragraphs of the page's main block that the reading dropped
    (a paragraph naming the company's ICP licence looks like a footer to it), in page order."""
    if whole is None:
        return text
    block = [l for l in _rejoin(_main_block_lines(whole)) if len(l) >= 40]
    compact = [_compact(l) for l in block]
    have = _compact(text)
    kept = [c in have for c in compact]
    if not any(kept):
        return text  # another block (a banner, a cookie notice): nothing of the overview's own
    lines = text.splitlines()
    for n in reversed(range(len(block))):
        if kept[n] or _FOOTER_LINE.search(block[n]) or _NOTICE_LINE.search(block[n]):
            continue
        # before the first line of the overview that follows it on the page
        after = [c for c in compact[n + 1:] if c]
        at = next((i for i, l in enumerate(lines) if any(a in _compact(l) for a in after)), len(lines))
        lines.insert(at, block[n])
    return "\n".join(lines)


def _main_block_lines(content: Tag) -> list[str]:
    """The paragraph lines of the block holding most of the page's prose (not its side columns)."""
    weight: dict[int, int] = {}
    blocks: dict[int, Tag] = {}
    for string in content.find_all(string=True):
        text = str(string).strip()
        if len(text) < 12 or _MENU_LINE.search(text):
            continue
        block = string.parent
        while isinstance(block, Tag) and block.name not in ("td", "div", "article", "section", "main", "body"):
            block = block.parent
        if isinstance(block, Tag):
            weight[id(block)] = weight.get(id(block), 0) + len(text)
            blocks[id(block)] = block
    if not weight:
        return []
    main = blocks[max(weight, key=weight.__getitem__)]
    # a paragraph's inline runs joined (Word's export wraps 「国家<span lang=EN-US>AAA</span>级」)
    return [l for l in paragraphs_of(main).splitlines() if len(l) >= 12 and not _MENU_LINE.search(l)]


def summarise(text: str, limit: int = 160) -> str:
    """The first sentences of `text`, up to about `limit` characters, cut at a sentence end."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    while len(lines) > 1 and len(lines[0]) <= 20 and not re.search(r"[。！？.!?]$", lines[0]):
        lines.pop(0)  # a heading ("公司简介") is not the summary
    flat = re.sub(r"\s+", " ", " ".join(lines)).strip()
    sentences = re.findall(r".+?(?:[。！？!?]|\.(?=\s)|$)", flat)
    out = ""
    for sentence in sentences:
        if out and len(out) + len(sentence) > limit:
            break
        out += sentence
    return out if len(out) <= limit + 40 else out[:limit].rstrip() + "…"


def _is_case_name(link: Link) -> bool:
    """A case list's link text, not a menu item: long enough, not a section's name, not image alt text."""
    text = clean_label(link.text)
    if not looks_like_name(text) or len(text) < 6 or not link.tag.get_text(strip=True):
        return False
    return not any(_role_score(text, link.url, role) for role in ROLE_WORDS) and not _AVOID.search(text)


__all__ = ["SiteAdapter", "classify", "find_sections"]
