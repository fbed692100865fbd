"""HTML helpers every adapter shares: parse once, drop the page furniture, read lines, links,
tables and "label：value" pairs. No I/O; everything bounded so hostile pages stay cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

MAX_LINES = 5000
MAX_LINE = 2000

_NOISE_TAGS = ("script", "style", "noscript", "iframe", "template", "svg", "select", "button", "object", "embed")
FORM_TEXT = 200  # a form with less text is a search box or a login; more is a page wrapped in <form>
FORM_PAGE = 3000  # ... unless it has fields to fill and no more text than a form's notices
_FURNITURE_TAGS = ("header", "footer", "nav", "aside", "marquee")
# Class/id words of page furniture (menus, footers, sidebars, "hot news" boxes, breadcrumbs).
# Ambiguous words must be the whole token ("header", not "news-header" which holds a date);
# unambiguous ones may be part of it ("topnav", "footer-wrap"). "left"/"right" are not furniture:
# old sites put their main column in <div class="right">.
_FURNITURE_TOKENS = {
    "header", "head", "top", "topbar", "foot", "bottom", "side", "aside", "banner", "search", "share", "login", "pages", "pager",
    "pagination", "crumb", "crumbs", "links", "flink", "hot", "rank", "toolbar",
}
_FURNITURE_PARTS = re.compile(r"nav|menu|footer|breadcrumb|sidebar", re.I)
_SIDE_SEGMENTS = {"side", "aside", "lside"}


def _is_side_column(token: str) -> bool:
    """"left-side", "side-contact", "l_side": a side column. "r_side", "right-side" are not: old
    templates put their main column on the right (as with "right", which is never furniture)."""
    parts = set(re.split(r"[-_]", token))
    return bool(_SIDE_SEGMENTS & parts) and not parts & {"r", "right", "rside"}
# Never the page's own content, whatever else the name says ("post_comment", "post_recommend"):
# comment threads (readers' names and dates), recommendations, copyright lines.
_ALWAYS_FURNITURE = re.compile(r"comment|respond|reply|replies|recommend|related|hotnews|friendlink|copyright", re.I)
_CONTENT_PARTS = re.compile(r"content|main|article|detail|post", re.I)
_COPYRIGHT = re.compile(r"版权所有|copyright|©|\(c\)\s*\d{4}|ICP\s*备|ICP证|公网安备|技术支持[:：]|all rights reserved", re.IGNORECASE)
_BLOCK_TAGS = {
    "p", "div", "li", "td", "th", "tr", "table", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "br", "hr", "figure",
    "figcaption", "address", "center", "tbody", "thead",
}


# Server-side template code that leaked into a page (JSP, ASP, PHP) is never text a reader saw.
_TEMPLATE_CODE = re.compile(r"<%--.*?--%>|<%.*?%>|<\?php.*?\?>", re.DOTALL)


def soup_of(text: str) -> BeautifulSoup:
    return BeautifulSoup(_TEMPLATE_CODE.sub(" ", text), "lxml")


def drop_noise(soup: BeautifulSoup) -> BeautifulSoup:
    """Remove scripts, styles and hidden content in place (they are never text a reader saw)."""
    for tag in soup.find_all(_NOISE_TAGS):
        tag.decompose()
    # ASP.NET pages and university CMSs (「<form name="_newscontent_fromname">」) wrap the whole
    # article in a form: only small forms are furniture
    for tag in soup.find_all("form"):
        if tag.decomposed:
            continue
        fields = [f for f in tag.find_all(["input", "textarea"]) if str(f.get("type", "")).lower() != "hidden"]
        size = len(tag.get_text(" ", strip=True))
        # a message or search form (its fields, notices, options) is furniture; a page or an
        # article wrapped in a form (few fields, much text) is not
        if size < FORM_TEXT or (len(fields) >= 2 and size < FORM_PAGE):
            tag.decompose()
    for tag in soup.find_all(style=re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)):
        # Tab panes hide their tables until clicked: those are content. Other hidden text
        # (templates, keyword stuffing) is not.
        if tag.find("table") is None:
            tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):
        tag.decompose()
    return soup


def is_furniture(tag: Tag) -> bool:
    if tag.name in _FURNITURE_TAGS:
        # An <article>'s own <header> holds its title and date; only the page's are furniture.
        return not (tag.name in ("header", "footer") and tag.find_parent(["article", "section", "main"]) is not None)
    tokens = [str(t).lower() for t in (tag.get("class") or [])]
    if tag.get("id"):
        tokens.append(str(tag.get("id")).lower())
    if any(_ALWAYS_FURNITURE.search(t) for t in tokens):
        return True
    if any(_CONTENT_PARTS.search(t) for t in tokens):
        return False  # "content-with-sidebar", "main-nav-wrap" hold the page itself
    return any(
        t in _FURNITURE_TOKENS or _FURNITURE_PARTS.search(t) or _is_side_column(t)
        for t in tokens
    )


def content_of(soup: BeautifulSoup) -> Tag:
    """A copy of the page's body without furniture: menus, footers, sidebars, copyright lines."""
    body = BeautifulSoup(str(soup.body or soup), "lxml")
    root = body.body or body
    total = len(root.get_text(" ", strip=True)) or 1
    furniture = [tag for tag in root.find_all(True) if is_furniture(tag)]
    chosen = set(map(id, furniture))
    for tag in furniture:
        # Outermost only (a menu inside a header goes with it), and a wrapper named
        # "content-with-sidebar" that holds most of the page is the page.
        if any(id(parent) in chosen for parent in tag.parents):
            continue
        if len(tag.get_text(" ", strip=True)) > 0.5 * total:
            chosen.discard(id(tag))
            continue
        tag.decompose()
    # Copyright and ICP lines live in unmarked table cells on old sites: drop their block.
    blocks: list[Tag] = []
    for string in root.find_all(string=_COPYRIGHT):
        block = string.parent
        while block is not None and block.name not in _BLOCK_TAGS:
            block = block.parent
        if block is not None and block is not root and len(block.get_text(" ", strip=True)) < 400:
            blocks.append(block)
    for block in blocks:
        if not block.decomposed:
            block.decompose()
    return root


def text_runs(node: Tag) -> Iterator[tuple[str, NavigableString]]:
    """Each visible text run of `node`: its text, whitespace collapsed, and the node it sits in."""
    count = 0
    for string in node.find_all(string=True):
        if not isinstance(string, NavigableString) or type(string).__name__ in ("Comment", "Doctype", "CData", "ProcessingInstruction"):
            continue
        text = re.sub(r"\s+", " ", str(string).replace("\u3000", " ").replace("\xa0", " ")).strip()
        if text:
            yield text[:MAX_LINE], string
            count += 1
            if count >= MAX_LINES:
                return


def lines_of(node: Tag) -> list[str]:
    """The visible text of `node` as lines, one per text run, whitespace collapsed, capped."""
    return [text for text, _ in text_runs(node)]


_PARAGRAPH_TAGS = ("p", "div", "section", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "dt", "dd", "pre", "table")


def paragraphs_of(node: Tag) -> str:
    """The text of `node` with a line per paragraph and inline runs joined (「由<strong>某某资本</strong>
    领投」 stays one sentence), as editors that wrap every phrase in a <span> write it."""
    parts: list[str] = []
    for item in node.descendants:
        if isinstance(item, NavigableString):
            if type(item).__name__ in ("Comment", "Doctype", "CData", "ProcessingInstruction", "Script", "Stylesheet"):
                continue
            if item.parent is not None and item.parent.name in ("script", "style", "noscript", "template"):
                continue
            parts.append(str(item).replace("\u3000", " ").replace("\xa0", " "))
        elif isinstance(item, Tag) and (item.name in _PARAGRAPH_TAGS or item.name == "br"):
            parts.append("\n")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)[: MAX_LINE * MAX_LINES]


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    tag: Tag


def links_of(node: Tag, base: str) -> list[Link]:
    """http(s) links with their visible text (or title/alt when the text is empty)."""
    out: list[Link] = []
    for a in node.find_all("a", href=True):
        href = str(a["href"]).strip()
        if not href or href == "#" or href.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
            continue
        try:
            url = urljoin(base, href)
        except ValueError:  # "http://[::1" and the like: not a link anyone can follow
            continue
        # A saved page's relative links stay file: links (shown, never fetched); any other
        # scheme is not a link we keep.
        if urlsplit(url).scheme not in ("http", "https") and not (url.startswith("file:") and base.startswith("file:")):
            continue
        text = re.sub(r"\s+", " ", a.get_text(" ", strip=True)).strip()
        title = re.sub(r"\s+", " ", str(a.get("title") or "")).strip()
        # "淮河干流王家坝至临淮岗段..." in a narrow box: the full text sits in title="..."
        stem = text.rstrip(".…。 ")
        if stem != text and len(title) > len(stem) and title.startswith(stem[: max(2, len(stem) - 2)]):
            text = title
        if not text:
            text = str(a.get("title") or "") or " ".join(str(img.get("alt") or "") for img in a.find_all("img")).strip()
        if "#" in href and url.split("#")[0] == base.split("#")[0]:
            # An anchor on this very page names an item of it only when it carries a title
            # ("#n12" in a list); "#top", "#main" are page furniture.
            if len(text) < 6:
                continue
            out.append(Link(text[:300], url, a))
            continue
        out.append(Link(text[:300], url.split("#")[0], a))
    return out


def title_of(soup: BeautifulSoup) -> str:
    """The page's own heading: the one <title> starts with, else the first h1, else the first h2.

    Section banners ("工程案例" over a case) are h2s too; <title> usually names the page itself.
    """
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    # 「X有限公司【工商信息_电话地址】查询_企查查」, 「X - 新闻中心」: the part before the site's words
    title = re.sub(r"^\s*[【\[][^】\]]{1,12}[】\]]\s*", "", title)  # 「【中标公告】某某项目」: the tag first
    head = next((p.strip() for p in re.split(r"\s*[-_|–—【\[]+\s*", title) if p.strip()), "")[:200] if title else ""
    headings: list[str] = []
    for level in ("h1", "h2"):
        for h in soup.find_all(level, limit=8):
            text = re.sub(r"\s+", " ", h.get_text(" ", strip=True))
            if 2 <= len(text) <= 200 and not any(is_furniture(p) for p in [h, *h.parents] if isinstance(p, Tag)):
                headings.append(text)
    for text in headings:
        if head and (text.startswith(head) or head.startswith(text)) and len(text) >= 4:
            return text
    return headings[0] if headings else head


def same_site(a: str, b: str) -> bool:
    """Same site: same host once 'www.' is dropped, or one a subdomain of the other."""
    ha = (urlsplit(a).hostname or "").removeprefix("www.")
    hb = (urlsplit(b).hostname or "").removeprefix("www.")
    return bool(ha) and (ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha))


def table_rows(table: Tag) -> list[list[Tag]]:
    """A table's own rows (not those of tables nested inside it) as lists of their cells. Cells
    left outside any <tr> (「</tr> <th>序号</th><th>姓名</th>…」) make a row of their own, as a
    browser reads them."""
    rows: list[list[Tag]] = []
    stray: list[Tag] = []
    for node in table.find_all(["tr", "td", "th"]):
        if node.find_parent("table") is not table:
            continue
        if node.name == "tr":
            cells = node.find_all(["td", "th"], recursive=False)
            if cells:
                rows.append(cells)
        elif node.parent is not None and node.parent.name in ("table", "tbody", "thead", "tfoot"):
            stray.append(node)
            following = node.find_next_sibling(True)
            if following is None or following.name not in ("td", "th"):
                rows.append(stray)
                stray = []
    return rows


def rows_of(table: Tag) -> list[list[str]]:
    """A table's own rows as lists of cell texts; rows with no text are left out."""
    rows = [[re.sub(r"\s+", " ", c.get_text(" ", strip=True)) for c in cells] for cells in table_rows(table)]
    return [cells for cells in rows if any(cells)]


_LABEL_VALUE = re.compile(r"^(?P<label>[\u4e00-\u9fffA-Za-z /()（）]{2,16}?)\s*[:：]\s*(?P<value>.+)$")


def label_values(node: Tag) -> list[tuple[str, str]]:
    """("业主单位", "某某水务集团") pairs: "label：value" lines, a label line then its value, dt/dd, two-cell rows."""
    pairs: list[tuple[str, str]] = []
    for dt in node.find_all("dt"):
        dd = dt.find_next_sibling("dd")
        if dd is not None:
            pairs.append((dt.get_text(" ", strip=True).rstrip("：: "), dd.get_text(" ", strip=True)))
    for table in node.find_all("table"):
        for row in rows_of(table):
            if len(row) == 2 and 2 <= len(row[0]) <= 16:
                pairs.append((row[0].rstrip("：: "), row[1]))
            elif len(row) == 4 and all(2 <= len(row[i]) <= 16 for i in (0, 2)):
                pairs += [(row[0].rstrip("：: "), row[1]), (row[2].rstrip("：: "), row[3])]
    lines = lines_of(node)
    for i, line in enumerate(lines):
        # Several labels on one line: "业主单位：某某  合同金额：860万元"
        for part in re.split(r"\s{2,}|\s+(?=[\u4e00-\u9fff]{2,8}[:：])", line):
            match = _LABEL_VALUE.match(part.strip())
            if match:
                pairs.append((match.group("label").strip(), match.group("value").strip()))
        if line.endswith(("：", ":")) and 2 <= len(line) <= 17 and i + 1 < len(lines):
            pairs.append((line.rstrip("：: "), lines[i + 1]))
    return pairs
