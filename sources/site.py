"""The `site` adapter: a customer's own website.

From the site root it finds the overview, leadership, cases/projects and news pages by their
link texts and addresses (Chinese or English, any structure), and reads:

- overview: the main text of the about page (trafilatura) and a short summary;
- executives: name and title, written either way round, only as short standalone labels on a
  leadership page (bios that name other companies' chairmen give nothing);
- projects: case tables (columns found by their headings), case cards and their detail pages;
- news: dated items of the news lists and, for undated ones, their article pages.

A page reached without a role (a saved page, `briefing extract`) is classified by its title,
headings, breadcrumb and address. No I/O here: the pipeline fetches what `plan` and `parse` ask.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import trafilatura
from bs4 import BeautifulSoup, Tag

from briefing.adapters import BaseAdapter, Parsed, Request, Target
from briefing.html import (
    Link,
    content_of,
    drop_noise,
    label_values,
    lines_of,
    links_of,
    rows_of,
    same_site,
    soup_of,
    title_of,
)
from briefing.models import Article, DateValue, Executive, Fact, Overview, Page, Project, Provenance
from briefing.normalise import (
    clean_label,
    find_date,
    is_han_name,
    is_person_name,
    is_title,
    normalise_titles,
    parse_amount,
    parse_date,
    split_person,
    unspace,
)

MAX_OVERVIEW = 4000
MAX_LIST_PAGES = 3  # news/case list pages followed through pagination
MAX_DETAILS = 8  # case or article detail pages followed per list page
MAX_ITEMS = 300  # list items read from one page: a real news or case list never shows more

# What each kind of section is called in links, titles and breadcrumbs; strongest first.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "about": (
        "公司简介", "企业简介", "集团简介", "公司概况", "企业概况", "集团概况", "公司介绍", "企业介绍", "关于我们", "关于",
        "走进", "了解我们", "about us", "about", "company profile", "profile", "overview", "who we are", "introduction",
    ),
    "leaders": (
        "领导团队", "领导班子", "高管团队", "管理团队", "高层管理", "公司领导", "企业领导", "集团领导", "现任领导", "领导介绍",
        "核心团队", "我们的团队", "团队介绍", "团队", "院领导", "公司领导", "领导", "领导风采", "董事会", "高管介绍", "管理层", "组织架构", "组织机构", "management team", "leadership", "management",
        "our team", "executives", "board of directors",
    ),
    "cases": (
        "工程案例", "项目案例", "成功案例", "经典案例", "典型案例", "客户案例", "项目业绩", "工程业绩", "主要业绩", "业绩展示",
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
_PUBLISHED_LABEL = re.compile(r"(发布时间|发布日期|发表时间|发表日期|发文日期)\s*[:：]?\s*")
_DATE_LABEL = re.compile(r"(发布时间|发布日期|发表时间|发表日期|更新时间|时间|日期|published|date)\s*[:：]?\s*", re.I)
_COLUMN_UNITS = {"USD": "美元", "US$": "美元", "RMB": "元", "CNY": "元", "EUR": "欧元", "HKD": "港元"}
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|累计|共计|total|subtotal|sum)\b", re.I)
_LABELLED = re.compile(r"业主|建设单位|采购人|招标人|委托单位|发包人|客户|甲方|合同|中标|金额|投资")
_NOT_DATE_LABEL = re.compile(r"开工|开始|启动|计划|预计|有效期|start", re.I)
_PLACEHOLDER = re.compile(r"^[\s\-—–/\\*.·…]*$|^(无|暂无|不详|未知|待定|n/?a|none|null|tbd)$|^(保密|confidential)", re.I)
# Dated lists that are not news about the customer: filings, tenders, jobs.
_NOT_NEWS = re.compile(r"公告|定期报告|临时报告|信息披露|投资者|招标|采购|招聘|人才|下载")
_TITLE_CLASS = re.compile(r"(^|[-_])(tit|title|hd|head)([-_]|$)", re.I)
_FORMER = re.compile(r"离任|离职|辞任|卸任|已退休|原任|历任|former|past", re.I)
_NAME_OPENS_BIO = re.compile(r"^([\u4e00-\u9fff]{2,4})(?:先生|女士)?[，,（(：:；;]")
_QUOTE_CLASS = re.compile(r"quote|testimonial|\bcite\b|review", re.I)
_MENU_LINE = re.compile(r"当前位置|您的位置|首页\s*[>›»]|^\s*[>›»]")
_MORE = re.compile(r"[\d\s]+|更多.*|more.*|查看详情|详细|详情|阅读全文|了解更多|read more.*", re.I)
_YEAR_TAB = re.compile(r"(?:19|20)\d{2}\s*年?")
_LATIN_GIVEN = re.compile(r"[A-Z][a-z]{1,15}")
_HAN_WITH_ENGLISH = re.compile(r"^([\u4e00-\u9fff]{2,4})\s+[A-Z][a-z]+$")  # "周晴 Grace"
_HONORIFIC = re.compile(r"(先生|女士|博士|教授|同志)$")
_NEXT_PAGE = re.compile(r"^(下一页|下页|后一页|next(\s*page)?|›|»|>|>>)\s*[»›>]*$", re.I)


class SiteAdapter(BaseAdapter):
    name = "site"
    description = "公司官网：公司概况、领导团队、工程案例/业绩、新闻动态（company website: overview, leaders, cases, news）"
    max_depth = 3
    max_pages = 40

    def plan(self, target: Target) -> list[Request]:
        if not target.is_url:
            return [Request(target.value, "", 0)]  # a saved page: its role is read from it
        parts = urlsplit(target.value)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
        # The site root is the home page; any other address is read for what it is.
        return [Request(url, "home" if _is_root(url) else "", 0)]

    def parse(self, page: Page, request: Request) -> Parsed:
        # Parsed once: `soup` keeps the menus (where sections are found), `content` is the
        # page without them (where facts are read). Readers that prune `content` run last.
        soup = drop_noise(soup_of(page.text))
        content = content_of(soup)
        role = request.role or classify(soup, content, page.url)
        source = page.provenance(self.name)
        reader = _PageReader(soup, content, page, source, request)
        if role == "home":
            return reader.home()
        if role == "about":
            return reader.about()
        if role == "leaders":
            return Parsed(tuple(executives(content, source)))
        if role in ("cases", "case"):
            return reader.cases()
        if role == "contact":
            return Parsed(tuple(e for e in executives(content, source) if _LEGAL_TITLES.intersection(e.title.split("、"))))
        if role == "news":
            return reader.news()
        if role == "article":
            return reader.article()
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
        score = 0 if _MORE.fullmatch(text) else 20
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
    without its furniture, for telling one article from a list)."""
    path = urlsplit(url).path.lower()
    if _is_root(url):
        return "home"
    signals = [soup.title.get_text(" ", strip=True) if soup.title else ""]
    signals += [h.get_text(" ", strip=True) for h in soup.find_all(["h1", "h2", "h3"], limit=8)]
    for tag in soup.find_all(True, class_=re.compile(r"crumb|position|location|weizhi", re.I), limit=3):
        signals.append(tag.get_text(" ", strip=True))
    for string in soup.find_all(string=re.compile(r"当前位置|您的位置|所在位置"), limit=2):
        signals.append(string.parent.get_text(" ", strip=True) if string.parent else str(string))
    best, best_score = "", 0
    for role in ROLE_WORDS:
        score = max((_signal_score(s, role) for s in signals), default=0)
        if any(w in set(re.split(r"[/_\-.]+", path)) for w in _URL_WORDS[role]):
            score += 15
        if score > best_score:
            best, best_score = role, score
    if best == "news" and _is_article(content, url):
        return "article"
    return best if best_score >= 15 else ""


def _is_article(content: Tag, url: str) -> bool:
    """A news page that is one article: a labelled publication date over real prose, or no list.

    Its sidebar's "latest news" with dates does not make it a list.
    """
    text = "\n".join(lines_of(content))
    # One labelled date (a list labels every item), and a paragraph of its own to read.
    labelled = sum(1 for m in _PUBLISHED_LABEL.finditer(text) if find_date(text[m.end(): m.end() + 40])) == 1
    prose = any(len(line) >= 60 for line in lines_of(content))
    return (labelled and prose) or len(dated_items(content, url)) < 2


def _signal_score(signal: str, role: str) -> int:
    signal = signal.lower()
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
        return [Request(url, role, self.request.depth + 1) for url in urls]

    def sections(self) -> dict[str, list[str]]:
        return find_sections(links_of(self.soup, self.page.url), self.page.url)

    def home(self) -> Parsed:
        sections = self.sections()
        follow = [r for role, urls in sections.items() for r in self.follow(urls, role)]
        facts: list[Fact] = [a for a in articles_from_list(self.content, self.page.url, self.source)]
        if "about" not in sections:
            facts += overview(self.page, self.content, self.source)
        return Parsed(tuple(facts), tuple(follow))

    def about(self) -> Parsed:
        # The about page's side menu is where leadership pages hide on many sites.
        sections = self.sections()
        follow = [r for role, urls in sections.items() if role != "about" for r in self.follow(urls, role)]
        return Parsed(tuple(overview(self.page, self.content, self.source)), tuple(follow))

    def cases(self) -> Parsed:
        facts: list[Fact] = list(projects_from_tables(self.content, self.source))
        facts += projects_from_cards(self.content, self.source)
        facts += projects_from_lines(self.content, self.source)
        facts += projects_from_year_list(self.content, self.source)
        follow: list[Request] = []
        detail = project_from_detail(self.soup, self.content, self.source)
        if detail and not facts:
            return Parsed((detail,))
        if not facts:
            items = list_items(self.content, self.page.url)
            facts += [Project(name=clean_label(item.text), source=self.source) for item in items if _is_case_name(item)]
            follow += self.follow([item.url for item in items][:MAX_DETAILS], "case")
        follow += self.follow(next_pages(self.soup, self.page.url)[:1], "cases") if self.request.depth < 3 else []
        return Parsed(tuple(facts), tuple(follow))

    def news(self) -> Parsed:
        items = articles_from_list(self.content, self.page.url, self.source)
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
        return Parsed(tuple(items), tuple(follow))

    def article(self) -> Parsed:
        article = article_from_page(self.soup, self.content, self.page, self.source)
        return Parsed((article,) if article else ())


def overview(page: Page, own: Tag, source: Provenance) -> list[Overview]:
    """The about page's text, from the page without menus, side columns or footers (`own`,
    pruned here of quotes and testimonials: other people's words, not the company's)."""
    for tag in own.find_all(["blockquote", "q", "cite"]) + own.find_all(class_=_QUOTE_CLASS):
        if not tag.decomposed:
            tag.decompose()
    text = trafilatura.extract(
        str(own), url=page.url, include_comments=False, include_tables=False, favor_precision=True, deduplicate=True
    ) or ""
    # trafilatura misses table-laid pages and short lines (企业精神, 质量方针): when the page's
    # own paragraphs say clearly more, read them in order instead.
    fallback = "\n".join(_main_block_lines(own))
    if len(text) < 0.6 * len(fallback):
        text = fallback
    text = text.strip()[:MAX_OVERVIEW]
    if len(text) < 40:
        return []
    return [Overview(text=text, summary=summarise(text), source=source)]


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
    return [l for l in lines_of(main) if len(l) >= 12 and not _MENU_LINE.search(l)]


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


def executives(content: Tag, source: Provenance) -> list[Executive]:
    """Executives written as short labels: "董事长：王建国", "王建国 董事长", or a name and a title on neighbouring lines.

    Only standalone labels count: a name inside a sentence (a bio's former boss) is never read,
    and nothing from a block headed 离任/former. One person on two rows keeps both titles.
    """
    _drop_former(content)
    lines: list[str] = []
    for raw in lines_of(content):
        line = _HONORIFIC.sub("", _HAN_WITH_ENGLISH.sub(r"\1", clean_label(unspace(raw))))
        if lines and _LATIN_GIVEN.fullmatch(line) and is_han_name(lines[-1]):
            continue  # "周晴 <span>Grace</span>": the English given name beside the Chinese one
        lines.append(line)
    found: dict[str, list[str]] = {}

    def add(name: str, title: str) -> None:
        titles = found.setdefault(name, [])
        titles += [t for t in title.split("、") if t and t not in titles]

    # <dt>副总经理</dt><dd>黄晓琳 <small>（分管…）</small></dd><dd>苏建明</dd>: every dd under its dt.
    for dt in content.find_all("dt", limit=200):
        title = clean_label(unspace(dt.get_text(" ", strip=True)))
        if not is_title(title):
            continue
        for sibling in dt.find_next_siblings(["dt", "dd"]):
            if sibling.name == "dt":
                break
            first = next((str(t) for t in sibling.find_all(string=True) if str(t).strip()), "")
            name = _HONORIFIC.sub("", clean_label(unspace(first)))
            if is_person_name(name):
                add(name, normalise_titles(title))
    used: set[int] = set()
    for i, line in enumerate(lines):
        pair = split_person(line)
        if pair:
            name = pair[0]
            # "Wang Fang — CEO" with 王芳 on the next line: the Chinese name is the one to use.
            if not is_han_name(name) and i + 1 < len(lines) and is_han_name(lines[i + 1]) and is_person_name(lines[i + 1]):
                name = lines[i + 1]
                used.add(i + 1)
            add(name, pair[1])
            used.add(i)
    # Names and titles on lines of their own: decide once for the page which comes first.
    titles = [i for i, l in enumerate(lines) if i not in used and is_title(l)]
    title_set = set(titles)
    name_first = [(lines[i - 1], i) for i in titles if i > 0 and i - 1 not in used and is_person_name(lines[i - 1])]
    title_first = [(lines[i + 1], i) for i in titles if i + 1 < len(lines) and i + 1 not in used and is_person_name(lines[i + 1])]
    if not name_first and not title_first:
        # "<strong>总经理</strong> 陈志远，毕业于…": the title, then a bio that opens with the name.
        for i in titles:
            match = _NAME_OPENS_BIO.match(lines[i + 1]) if i + 1 < len(lines) else None
            if match and is_person_name(match.group(1)):
                title_first.append((match.group(1), i))
    pairs, step = (name_first, 1) if len(name_first) >= len(title_first) else (title_first, -1)
    paired = {title_at for _, title_at in pairs}
    for name, title_at in pairs:
        # Titles stacked on lines of their own ("副院长 / 总工程师 / 周立群") all belong to the name.
        stacked = [lines[title_at]]
        j = title_at + step
        while 0 <= j < len(lines) and j in title_set and j not in paired and j not in used:
            stacked.append(lines[j])
            j += step
        for title in (stacked if step > 0 else reversed(stacked)):
            add(name, normalise_titles(title))
    return [Executive(name=name, title="、".join(titles), source=source) for name, titles in found.items()]


def _drop_former(content: Tag) -> None:
    """Remove blocks headed 离任/已离职/former: people who no longer hold the post."""
    headings: list[Tag] = []
    for string in content.find_all(string=_FORMER, limit=50):
        heading = string.parent
        if isinstance(heading, Tag) and len(heading.get_text(" ", strip=True)) <= 24:
            headings.append(heading)
    for heading in headings:
        if heading.parent is None:
            continue  # already removed with an earlier block
        table = heading.find_parent("table")
        if (heading.name in ("caption", "th") or heading.find_parent(["caption", "th"])) and table is not None:
            table.decompose()
            continue
        anchor: Tag | None = heading
        for _ in range(3):  # the heading may sit in a title wrapper: drop what follows the wrapper
            if anchor is None or anchor.find_next_sibling() is not None:
                break
            anchor = anchor.parent if isinstance(anchor.parent, Tag) else None
        if anchor is None or anchor is content:
            continue
        for sibling in list(anchor.find_next_siblings()):
            if sibling.name in ("h1", "h2", "h3", "h4", "h5", "h6") and not _FORMER.search(sibling.get_text()):
                break
            sibling.decompose()
        anchor.decompose()


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
        heading = rows[head_at][columns["amount"]] if "amount" in columns else ""
        unit_match = re.search(r"(万美元|万元|亿元|美元|元|USD|US\$|RMB|CNY|EUR|HKD)", heading, re.I)
        unit = _COLUMN_UNITS.get(unit_match.group(1).upper(), unit_match.group(1)) if unit_match else None
        for row in rows[head_at + 1:]:
            if len(row) <= columns["name"]:
                continue
            name = clean_label(row[columns["name"]])
            if not _looks_like_name(name) or _TOTAL_ROW.match(name):
                continue
            def cell(field: str) -> str:
                value = row[columns[field]].strip() if field in columns and columns[field] < len(row) else ""
                return "" if _is_placeholder(value) else value

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


def _is_case_name(link: Link) -> bool:
    """A case list's link text, not a menu item: long enough, not a section's name, not image alt text."""
    text = clean_label(link.text)
    if not _looks_like_name(text) or len(text) < 6 or not link.tag.get_text(strip=True):
        return False
    return not any(_role_score(text, link.url, role) for role in ROLE_WORDS) and not _AVOID.search(text)


def _is_placeholder(text: str) -> bool:
    """"——", "/", "暂无": a cell that shows there is no value."""
    return bool(_PLACEHOLDER.match(text.strip()))


def _looks_like_name(text: str) -> bool:
    text = clean_label(text)
    return 4 <= len(text) <= 80 and not re.fullmatch(r"[\d\s.\-/]+", text) and not _NEXT_PAGE.match(text)


def _project_fields(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """buyer/amount/date from labelled values; the best-named label wins (竣工时间 over a bare 时间)."""
    fields: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for label, value in pairs:
        label = clean_label(label).lower()
        if _NOT_DATE_LABEL.search(label) or _is_placeholder(value):
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
    if not fields or not _looks_like_name(name):
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
    if not parts or not _looks_like_name(name) or len(name) > 60:
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
        elif not _is_placeholder(part) and part.strip() not in ("在建", "已完工", "已竣工"):
            loose += 1
    if loose > 1 or loose >= max(len(pairs), 1 if among_projects and not loose else 0):
        return None
    fields = _project_fields(pairs)
    if "buyer" not in fields and "amount" not in fields and not (among_projects and date and caption):
        return None
    if date and "date" not in fields:
        fields["date"] = date
    return _project(name, fields, source)


_YEAR_LINE = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年?\s+(?P<name>.+?)\s*(?:[（(][^（()）]*(?:获|奖|在建|完工|竣工)[^（()）]*[)）])?$")


def projects_from_year_list(content: Tag, source: Provenance) -> list[Project]:
    """A list of works each led by its year ("2019年 某某大桥施工图设计"), as institutes show them.

    Only a list where most items are so written counts: one such line in prose is not a list.
    """
    projects: list[Project] = []
    for listing in content.find_all(["ul", "ol"], limit=100):
        items = [li.get_text(" ", strip=True) for li in listing.find_all("li", recursive=False)]
        found = [(m, text) for text in items if (m := _YEAR_LINE.match(text)) and _looks_like_name(m.group("name"))]
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


def projects_from_cards(content: Tag, source: Provenance) -> list[Project]:
    """Case cards: a heading with labelled fields beside it (Client: …, Contract value: …), one card each."""
    projects: list[Project] = []
    for heading in content.find_all(["h2", "h3", "h4", "h5"], limit=200):
        name = clean_label(heading.get_text(" ", strip=True))
        if not _looks_like_name(name):
            continue
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


def _item_links(content: Tag, base: str) -> list[Link]:
    """Links that could be list items: real text, not paging, not back to this page; one per URL."""
    by_url: dict[str, Link] = {}
    for link in links_of(content, base):
        text = clean_label(link.text)
        if len(text) < 4 or _NEXT_PAGE.match(text) or _MORE.fullmatch(text):
            continue
        if link.url.rstrip("/") == base.rstrip("/"):
            continue
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
        found = find_date(text.replace(title, " "), precision="day")
        if found:
            return found
    return None


def _split_own_date(link: Link) -> tuple[Link, DateValue | None]:
    """A link whose text ends (or starts) with its date: '公司召开经营工作会议 2026.07.10'."""
    shown = link.text.strip()
    found = find_date(shown)
    if found and (shown.endswith(found.text) or shown.startswith(found.text)):
        rest = clean_label(shown.replace(found.text, " ", 1))
        if len(rest) >= 4:
            return Link(rest, link.url, link.tag), found
    return link, None


def dated_items(content: Tag, base: str) -> list[tuple[Link, DateValue | None]]:
    """News-list items: every link with a date beside it, and its undated siblings in the same list.

    A URL listed twice (a ticker and the list) keeps the listing that shows a date.
    """
    best: dict[str, tuple[Link, DateValue | None]] = {}
    groups: dict[tuple, list[Link]] = {}  # type: ignore[type-arg]
    for link in links_of(content, base)[: MAX_ITEMS * 4]:
        link, date = _split_own_date(link)
        text = clean_label(link.text)
        if len(text) < 4 or _NEXT_PAGE.match(text) or _MORE.fullmatch(text) or link.url.rstrip("/") == base.rstrip("/"):
            continue
        date = date or _date_beside(link)
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


def articles_from_list(content: Tag, base: str, source: Provenance) -> list[Article]:
    memo: dict[int, bool] = {}
    items = [(link, date) for link, date in dated_items(content, base) if not _under_heading(link, _NOT_NEWS, memo)]
    if sum(1 for _, d in items if d) < 2:
        return []  # a list without dates is not a news list (menus, product grids)
    return [
        Article(title=clean_label(link.text)[:200], url=link.url, source=source, published=date)
        for link, date in items
    ]


def article_from_page(soup: BeautifulSoup, content: Tag, page: Page, source: Provenance) -> Article | None:
    """A news article's own page: its heading and its labelled publication date (never the footer's year)."""
    title = title_of(soup)
    if len(title) < 4:
        return None
    text = "\n".join(lines_of(content))
    published: DateValue | None = None
    for match in _DATE_LABEL.finditer(text):
        published = find_date(text[match.end(): match.end() + 40])
        if published:
            break
    if published is None:
        # Otherwise the first full date shortly after the heading: the article's byline.
        at = text.find(title)
        window = text[at + len(title): at + len(title) + 300] if at >= 0 else text[:300]
        published = find_date(window)
    return Article(title=clean_label(title)[:200], url=page.url, source=source, published=published)


def next_pages(soup: BeautifulSoup, base: str) -> list[str]:
    """The "下一页" link of a list, if any."""
    return [
        link.url
        for link in links_of(soup, base)
        if _NEXT_PAGE.match(clean_label(link.text)) and same_site(link.url, base) and link.url != base
    ]


__all__ = ["SiteAdapter", "classify", "find_sections", "executives"]

