"""The `wechat` adapter: the customer's WeChat official-account articles (公众号).

It reads article pages (mp.weixin.qq.com/s/..., live or saved from a browser) and an account's
feed as WeChat-to-RSS bridges publish it. A page shows 昨天/前天 for its date; the real instant is
in its scripts (`var ct`, seconds since the epoch). WeChat's verification page (环境异常) marks
the source blocked, a deleted article gone, and a page without the article (a JavaScript shell)
blocked: none of them is ever read as content.

Newer formats (a picture share 图片消息/小绿书, a text-only post, a video or an audio post) have no
#js_content: their title, account, date and text are read from the variables the page carries
(`window.cgiDataNew`, `window.__QMTPL_SSR_DATA__`, `window.cgiData`, `window.msg_title`,
`var nickname`, `var ct`, `window.desc`...), as JS literals that are never evaluated, their values
turned into plain text (see `js_object`, `assigned`, `carried_text`). The older share templates
keep a text post's text after an unset window value (`var ContentNoEncode = window.x || '…'`,
sometimes percent-encoded) and its instant in `var oriCreateTime`; a picture share may show a
#js_content holding only its picture and a 「向上滑动看下一个」 tip, its text still in the variables.

Pages saved by archiving tools have lost their scripts (wechat-article-exporter's HTML export,
SingleFile, Readability-based downloaders, web clippers): their words are in #js_content, in a
share's own element (#js_image_content, #js_image_desc, #js_text_desc, #js_common_share_desc) or in
the page the tool kept; the title in <title> or the <h1> it put on top; the address in the tool's
note (SingleFile's comment, 「原文地址」, a front matter's url). The older layouts (2014-2017) show
the account in #post-user and the date in #post-date; a date the page shows wins over `var ct` when
they are days apart (ct is when an article never sent to followers was written).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace
from datetime import date, datetime
from urllib.parse import unquote, urlsplit, urlunsplit
from typing import Sequence

import yaml
from bs4 import BeautifulSoup, Tag

from briefing.toolkit.adapter import BaseAdapter, Parsed, Request, Target
from briefing.toolkit.article_events import ArticleText
from briefing.toolkit.names import customer_names
from briefing.toolkit.article_events import entry_summary, read_article
from briefing.toolkit.feeds import looks_like_feed, parse_feed
from briefing.toolkit.html import paragraphs_of, soup_of
from briefing.models import Article, DateValue, Fact, Page
from briefing.toolkit.normalise import BEIJING, find_moment

MAX_FOLLOW = 20
_REPOST = re.compile(r"^\s*(?:转载|转自|转发|转)[｜|:：丨]")
_REPOST_BOX = re.compile(r"以下文章来源于|本文转载自|本文转自|文章来源于公众号")  # article pages followed from one feed whose entries carry no text

_VERIFY = re.compile(r"环境异常|完成验证后即可继续访问|请完成验证|去验证|访问过于频繁")
_GONE = re.compile(r"该内容已被发布者删除|此内容因违规无法查看|该内容被多人投诉|相关的内容无法进行查看|该公众号已迁移|"
                   r"此内容发送失败无法查看|内容已删除|该文章已被删除|已停止访问该网页|此帐号已被屏蔽|此账号已被屏蔽|链接已过期|链接已失效")


def _script_var(text: str, name: str) -> str:
    """`var name = "value"` (or 'value', or a number) from a page's scripts, JS escapes read."""
    match = re.search(rf"\bvar\s+{name}\s*=\s*(?:\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'|(\d+))", text)
    if not match:
        return ""
    raw = next(g for g in match.groups() if g is not None)
    # read by the one JS unescaper the page's other variables go through: a title's emoji escaped
    # as a surrogate pair (\ud83d\ude00) is never left as half characters no file can hold
    return html_lib.unescape(js_unescape(raw)).strip()


_KEEP_PARAMS = ("__biz", "mid", "idx", "sn", "chksm")
_ARTICLE_LINK = re.compile(r"^https?://mp\.weixin\.qq\.com/s\b")


def clean_wechat_url(url: str) -> str:
    """An article's address without the reader's session (key, pass_ticket, uin, exportkey…),
    which a link copied from the WeChat client carries and the brief must not."""
    parts = urlsplit(url)
    query = "&".join(p for p in parts.query.split("&") if p.split("=", 1)[0] in _KEEP_PARAMS)  # as written
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _meta(soup: BeautifulSoup, key: str) -> str:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return str(tag.get("content", "")).strip() if tag else ""


def is_own_account(account: str, names: list[str]) -> bool:
    """An account is the customer's own when its name and one of the customer's names share a core."""
    if not names:
        return True  # no customer named: the account file listed it as the customer's
    return any(n in account or (len(account) >= 3 and account in n) for n in names)


# ---- the variables a page carries -------------------------------------------------------------
# Newer WeChat formats deliver no #js_content: a picture share (图片消息/小绿书, item_show_type 8),
# a text-only post (item_show_type 10), a video or an audio post. Their title, account, date and
# text are in the page's scripts: `window.cgiDataNew = {...}` (title, nick_name, create_time,
# content_noencode, text_page_info.content_noencode), the older `window.__QMTPL_SSR_DATA__` and
# `window.cgiData` / `d.title = ...` blocks, and flat assignments (`window.msg_title = ...`,
# `var nickname`, `var ct`, `window.desc`). They are read as JS literals, never evaluated, and
# their values are turned into plain text: tags dropped, never kept as markup, sizes capped.

MAX_SCAN = 4_000_000     # characters of a carried object scanned
MAX_VALUE = 1_000_000    # characters of one carried value kept
MAX_TEXT = 100_000       # characters of text read from a carried value
_STRING = r"'(?:[^'\\\n]|\\.)*+(?:'|$)|\"(?:[^\"\\\n]|\\.)*+(?:\"|$)"  # unclosed: to the line's end
_TOKEN = re.compile(rf"{_STRING}|/\*[\s\S]*?(?:\*/|\Z)|//[^\n]*|[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|\S", re.M)
_DECODERS = {"JsDecode", "htmlDecode", "xmlDecode", "decodeURIComponent", "unescape", "("}
_CONTAINER = re.compile(r"(?:\bwindow\.|\bvar\s+)(cgiDataNew|__QMTPL_SSR_DATA__|cgiData)\s*=\s*(?=\{)")
_JS_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|[\s\S])")
_JS_SIMPLE = {"n": "\n", "r": "\n", "t": "\t", "b": "", "f": "", "v": "", "0": "", "\n": ""}
_GENERIC_TITLES = {"", "微信公众平台", "微信", "公众号", "微信公众号", "mp.weixin.qq.com"}


def _js_char(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "xu" and len(code) > 1:
        number = int(code[1:].strip("{}"), 16)
        return chr(number) if number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF else ""
    return _JS_SIMPLE.get(code, code)


def js_unescape(raw: str) -> str:
    """A JS string literal's body, its escapes (\\x26, \\u00e9, \\u{1F31F}, \\n, \\') read once."""
    return _JS_ESCAPE.sub(_js_char, raw[:MAX_VALUE])


_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:br|p|div|section|li|h[1-6]|blockquote|tr|dt|dd|pre|table)\b[^<>]{0,2000}>", re.I)
_HIDDEN = re.compile(r"<\s*(/?)\s*(script|style|template|noscript)\b[^<>]{0,2000}>", re.I)
_LINK = re.compile(r"<a\b([^<>]{0,2000})>([^<]{0,40})</a\s*>", re.I)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][\w:-]*(?:\s[^<>]{0,2000})?/?>|<!--[^<>]{0,2000}-->")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _without_hidden(value: str) -> str:
    """`value` without what a browser does not show (<script>, <style>...), in one pass."""
    kept: list[str] = []
    hidden, position = "", 0
    for match in _HIDDEN.finditer(value):
        closing, name = match.group(1), match.group(2).lower()
        if not hidden:
            kept.append(value[position:match.start()])
            hidden = "" if closing else name
        elif closing and name == hidden:
            hidden = ""
        position = match.end()
    if not hidden:
        kept.append(value[position:])
    return "".join(kept)


def _unless_picture_reference(match: re.Match[str]) -> str:
    """A picture share's 「图1」 link points at its picture: not words of the text."""
    return "" if "wx_img_refer_link" in match.group(1) else match.group(0)


def carried_text(value: str) -> str:
    """A carried value as plain text: markup reduced to its words and line breaks (never kept as
    markup), entities read once, control characters dropped, blank lines squeezed, size capped."""
    value = _LINK.sub(_unless_picture_reference, _without_hidden(value[:MAX_VALUE]))
    value = _TAG.sub("", _BLOCK_TAG.sub("\n", value))  # inline runs joined, as paragraphs_of does
    value = _CONTROL.sub("", html_lib.unescape(value).replace("\r", "\n").replace("\xa0", " ").replace("\u3000", " "))
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in value.split("\n"))
    return "\n".join(line for line in lines if line)[:MAX_TEXT]


def _literal(token: str) -> str | None:
    if token[:1] in "'\"" and len(token) >= 2 and token[-1] == token[0]:
        return js_unescape(token[1:-1])
    return token if token[:1].isdigit() else None


def js_object(text: str, start: int) -> dict[str, str]:
    """The string and number values of the JS object literal opening at `text[start]`, by dotted
    key path (`text_page_info.content_noencode`; arrays add no step); the first value of a path
    wins. Nothing is evaluated: a value that is an expression other than a literal (or a literal
    passed through JsDecode(...)) is skipped."""
    values: dict[str, str] = {}
    path: list[str] = []
    key: str | None = None
    last = ","
    wanting = False
    for match in _TOKEN.finditer(text, start, min(len(text), start + MAX_SCAN)):
        token = match.group()
        if token.startswith(("//", "/*")):
            continue
        if token in "{[":
            path.append(key if wanting and key else "")
            key, wanting = None, False
        elif token in "}]":
            if len(path) <= 1:
                break
            path.pop()
            wanting = False
        elif token == ":" and key is not None and last not in ":,{[":
            wanting = True
        elif token == ",":
            key, wanting = None, False
        elif wanting:
            value = _literal(token)
            if value is not None:
                values.setdefault(".".join(p for p in (*path, key) if p), value)
                key, wanting = None, False
            elif token not in _DECODERS:
                key, wanting = None, False
        elif last in ",{" and (token[:1] in "'\"" or token[:1].isalpha() or token[:1] in "_$"):
            key = _literal(token) if token[:1] in "'\"" else token
        last = token
    return values


def carried_objects(text: str) -> dict[str, str]:
    """The values of the data objects a page carries (cgiDataNew first, then __QMTPL_SSR_DATA__,
    then cgiData): the first value of each key path wins."""
    found: dict[str, dict[str, str]] = {}
    for match in _CONTAINER.finditer(text):
        name = match.group(1)
        if name not in found:
            found[name] = js_object(text, match.end())
    merged: dict[str, str] = {}
    for name in ("cgiDataNew", "__QMTPL_SSR_DATA__", "cgiData"):
        for path, value in found.get(name, {}).items():
            merged.setdefault(path, value)
    return merged


_OWNER = re.compile(r"(?:\bvar\s+|\bwindow\.|(?<![\w.$])d\.)\Z")


def assigned(text: str, name: str) -> str:
    """The first non-empty literal assigned to `var name`, `window.name` (also through a chain,
    `window.msg_title = window.title = '...'`) or `d.name` (the older cgiData blocks), JsDecode'd
    or not; "" when there is none."""
    # 「var ContentNoEncode = window.a_value_which_never_exists || '…'」: a fallback after an unset window value
    pattern = (rf"{re.escape(name)}\s*=\s*(?:window\.[\w$]+\s*=\s*)*(?:window\.[\w$]+\s*\|\|\s*)?"
               rf"(?:(?:JsDecode|htmlDecode|xmlDecode)\s*\(\s*)?({_STRING}|\d+(?:\.\d+)?)")
    for match in re.finditer(pattern, text, re.M):
        if not _OWNER.search(text, max(0, match.start() - 12), match.start()):
            continue
        value = _literal(match.group(1))
        if value and value.strip():
            return value.strip()
    return ""


def read_article_page(page: Page) -> tuple[Article | None, str, str]:
    """(article, its text, a reason when the page is not an article: "blocked: ..." / "gone: ...")."""
    text = page.text
    soup = soup_of(text)
    data = carried_objects(text)
    content = _body_element(soup)
    clipped = front_matter(text)
    title = _title(text, soup, data) or _clipped(clipped, "title")
    # read before the text: reading it drops the furniture a share shows around its words
    account, author = _byline(text, soup, data)
    account = account or _clipped(clipped, "author")  # a clipper names the account as the page's author
    published = _published(text, soup, data)
    article_text = _shown_text(content, text, data)
    if not article_text:
        body_text = soup.get_text(" ", strip=True)
        gone = _GONE.search(body_text[:5000])
        if gone and "链接" in gone.group(0):  # a temporary link (a search result's) that has run out
            return None, "", "gone: the link has expired (链接已过期); save the article from its account's permanent link"
        if gone:
            return None, "", "gone: the article was deleted or removed by WeChat"
        if _VERIFY.search(body_text[:5000]):
            return None, "", "blocked: WeChat showed its verification page (环境异常); open the article in a browser, then save the page"
        # a picture share, a text-only post, a video or an audio post: its text is in the page's variables
        dated = published is not None or content is not None
        article_text = _carried_body(text, data) or (_described(soup) if dated else "")
        title = _post_title(title, article_text, text, data)
        if title in _GENERIC_TITLES or not (dated or article_text):
            return None, "", "blocked: the page holds no article (a JavaScript-only shell); save it from a browser"
    # the address it was read from when that is the article's (live, or saved with its URL);
    # else the permanent link the page carries (msg_link), so a saved file still links home
    url = page.url if page.url.startswith("https://mp.weixin.qq.com/") else (_canonical(text, soup, data) or page.url)
    url = clean_wechat_url(url) if url.startswith("https://mp.weixin.qq.com/") else url
    article = Article(title=re.sub(r"\s+", " ", title)[:300], url=url, source=page.provenance("wechat"),
                      account=account[:100] or None, published=published, author=author[:100] or None)
    return article, article_text, ""


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.{0,4000}?)\n---[ \t]*\n", re.S)


def front_matter(text: str) -> dict[str, object]:
    """A clipped page's front matter (Omnivore, Obsidian clippers: 「---\ntitle: |\n  …\n---」), read
    safely as YAML; {} when there is none or it is not a mapping."""
    found = _FRONT_MATTER.match(text)
    try:
        data = yaml.safe_load(found.group("yaml")) if found else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _clipped(data: dict[str, object], key: str) -> str:
    value = data.get(key)
    return re.sub(r"\s+", " ", value).strip()[:300] if isinstance(value, str) else ""


_SLIDE_TIP = re.compile(r"slide_tip|swipe_tip")
MIN_SHOWN = 20  # characters: fewer in #js_content, around a picture, is no article text
# a picture share (贴图), a text share and a video share show their words in an element of their own;
# a saved or exported one (the page rewritten, its scripts gone) keeps them there and nowhere else
_SHARE_TEXT_IDS = ("js_image_desc", "js_text_desc", "js_common_share_desc")
# what a share page, saved as rendered, shows inside its content besides the words: its title
# above them, the reward dialog (赞赏作者, 其它金额, a keypad), the tool bar and the 「湖南, 4小时前」 line
_SHARE_FURNITURE = re.compile(r"^(?:rich_media_title|wx_bottom_modal_wrp|reward_dialog|reward_area|rich_media_tool|"
                              r"rich_media_meta_list)$")
# a page saved while its body was still loading shows a placeholder where the article would be
_LOADING = re.compile(r"^[\s.。…·]*(?:加载中|正在加载|内容加载中|loading)[\s.。…·]*$", re.I)


def _body_element(soup: BeautifulSoup) -> Tag | None:
    """Where the article's words are: #js_content; a share's own text element; else, in a page an
    archiving tool rewrote (its ids gone, its classes kept, or only Readability's page left with a
    link home to the article), the element that held them."""
    found = soup.find(id="js_content")
    # a picture share's content: its title, its words, then (saved rendered) the reward dialog
    found = (found if isinstance(found, Tag) else soup).find(id="js_image_content") or found
    for name in _SHARE_TEXT_IDS:
        found = found or soup.find(id=name)
    found = found or soup.find(class_="rich_media_content")
    page = soup.find(id="readability-page-1")
    if found is None and page is not None and page.find("a", href=_ARTICLE_LINK) is not None:
        found = page
    return found if isinstance(found, Tag) else None


def _shown_text(content: Tag | None, text: str, data: dict[str, str]) -> str:
    """#js_content's text, without the 「向上滑动看下一个」 tip a picture share shows; when all it holds
    is a picture or a line, the text the page carries, if longer."""
    if content is None:
        return ""
    for tip in content.find_all(class_=_SLIDE_TIP):
        tip.decompose()
    for furniture in content.find_all(class_=_SHARE_FURNITURE):
        furniture.decompose()
    shown = paragraphs_of(content)
    shown = "" if _LOADING.match(shown) else shown
    if len(shown) < MIN_SHOWN:
        carried = _carried_body(text, data)
        return carried if len(carried) > len(shown) else shown
    return shown


def _byline(text: str, soup: BeautifulSoup, data: dict[str, str]) -> tuple[str, str]:
    """(the account, the author): shown on the page, else in its variables."""
    name_tag = soup.find(id="js_name")
    account = (name_tag.get_text(" ", strip=True) if name_tag else "") or _script_var(text, "nickname") or \
        _carried(assigned(text, "nickname") or data.get("nick_name", "") or assigned(text, "nick_name")) or \
        _shown_account(soup)
    author_tag = soup.find(id="js_author_name")
    author = (author_tag.get_text(" ", strip=True) if author_tag else "") or _script_var(text, "author") or \
        _carried(data.get("author", "")) or _meta(soup, "author") or _meta_line_author(soup, account)
    return account, author


# where a page shows its account when #js_name is not there: the older layouts' #post-user link
# (2014-2017) and profile card, a share page's follow bar
_ACCOUNT_IDS = ("post-user", "js_wx_follow_nickname")
_ACCOUNT_CLASSES = ("profile_nickname", "wx_follow_nickname")
_NOT_A_WRITER = {"原创", "转载", "翻译", "来自专辑", "作者"}


def _shown_account(soup: BeautifulSoup) -> str:
    tags = [soup.find(id=name) for name in _ACCOUNT_IDS] + [soup.find(class_=name) for name in _ACCOUNT_CLASSES]
    for tag in tags:
        shown = tag.get_text(" ", strip=True) if isinstance(tag, Tag) else ""
        if shown and len(shown) <= 40:
            return shown
    shown = _export_header(soup).get("account", "")
    return shown if len(shown) <= 40 else ""


# an exporter's header line: 「来源: 太阳照常升起」, 「发布时间: 2026-04-04」
_HEADER_LINE = re.compile(r"^\s*(?P<label>来源|公众号|公众号名称|发布时间|发布日期|发表时间)\s*[:：]\s*(?P<value>\S.{0,60}?)\s*$")
_HEADER_FIELD = {"来源": "account", "公众号": "account", "公众号名称": "account", "发布时间": "date", "发布日期": "date", "发表时间": "date"}


def _export_header(soup: BeautifulSoup) -> dict[str, str]:
    """The header an exporting tool writes above the article (wechat-article-exporter and its
    kind): labelled lines in the block that links to the original (「原文链接: https://mp.weixin…」),
    never inside the article's text."""
    link = soup.find("a", href=re.compile(r"^https?://mp\.weixin\.qq\.com/s"))
    block = link.find_parent(["div", "header", "section", "table"]) if isinstance(link, Tag) else None
    if block is None or block.find_parent(id="js_content") is not None or block.find(id="js_content") is not None:
        return {}
    found: dict[str, str] = {}
    for line in block.find_all(["p", "li", "div", "span", "td"], limit=20):
        match = _HEADER_LINE.match(line.get_text(" ", strip=True))
        if match:
            found.setdefault(_HEADER_FIELD[match.group("label")], match.group("value"))
    return found


def _meta_line_author(soup: BeautifulSoup, account: str) -> str:
    """The older layouts' byline: 「原创 2018-01-03 58沈剑 架构师之路」, the writer an unnamed
    <em> or <span class="rich_media_meta_text"> (2014: class="rich_media_meta text") in the meta line
    (#meta_content, or the unnamed .rich_media_meta_list of 2014-2017), beside the date and the account."""
    line = soup.find(id="meta_content") or soup.find(class_="rich_media_meta_list")
    for em in line.find_all(("em", "span"), limit=12) if line is not None else ():
        classes = em.get("class") or []
        shown = em.get_text(" ", strip=True)
        plain = "rich_media_meta_text" in classes or ("rich_media_meta" in classes and "text" in classes)
        if em.get("id") or not plain or "rich_media_meta_nickname" in classes or shown in _NOT_A_WRITER:
            continue
        if shown and shown != account and len(shown) <= 30 and find_moment(shown) is None:
            return shown
    return ""


def _carried(value: str) -> str:
    """A carried value on one line, as plain text."""
    return re.sub(r"\s+", " ", carried_text(value)).strip()


def _first_line(text: str, limit: int = 60) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[:limit].rstrip() + "…"


def _title(text: str, soup: BeautifulSoup, data: dict[str, str]) -> str:
    heading = soup.find(id="activity-name") or soup.find(class_="rich_media_title")
    title = heading.get_text(" ", strip=True) if heading is not None else ""
    title = title or _script_var(text, "msg_title")
    if not title:
        carried = assigned(text, "msg_title") or data.get("title", "") or assigned(text, "title")
        title = _first_line(carried_text(carried), 300) if carried else ""
    shown = title or _meta(soup, "og:title") or _meta(soup, "twitter:title") or _archived_title(soup)
    if _WRITTEN_ESCAPE.search(shown):  # a text post's og:title is its text, line breaks written \n or \x0a
        shown = js_unescape(shown)
    return _first_line(shown, 300) if "\n" in shown.strip() else shown.strip()


def _archived_title(soup: BeautifulSoup) -> str:
    """A page an archiving tool rewrote keeps the title in <title> (the exporters), or only in the
    <h1> it put above the text (Readability-based downloaders)."""
    for tag in (soup.title, soup.body.find("h1") if soup.body is not None else None):
        shown = tag.get_text(" ", strip=True) if tag is not None else ""
        if shown and shown not in _GENERIC_TITLES:
            return shown
    return ""


def _item_type(text: str, data: dict[str, str]) -> str:
    return data.get("item_show_type", "") or assigned(text, "item_show_type")


def _post_title(title: str, body: str, text: str, data: dict[str, str]) -> str:
    """A text-only post (item_show_type 10) has no title of its own unless its author gave one:
    its first line stands for it."""
    if _item_type(text, data) != "10" or not body:
        return title
    if data.get("text_page_info.is_user_title", "1") == "0" or not title or len(title) > 60:
        return _first_line(body)
    return title


_WRITTEN_ESCAPE = re.compile(r"\\(?:[nr]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")
_BODY_KEYS = ("content_noencode", "text_page_info.content_noencode", "text_page_info.content")
_DESC_KEYS = ("desc", "digest")


_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _percent_decoded(value: str) -> str:
    """A text post's text as some templates write it, percent-encoded (%E4%BB%8A…): decoded
    when that gives Chinese text; a value that already reads as text is left as it is."""
    if not _PERCENT.search(value) or _HAN.search(value):
        return value
    try:
        decoded = unquote(value, errors="strict")
    except UnicodeDecodeError:
        return value
    return decoded if _HAN.search(decoded) else value


def _carried_body(text: str, data: dict[str, str]) -> str:
    """The text a page carries in its variables: the post's whole text (content_noencode, a text
    post's text_page_info), else its description (what a video or audio post shows with it)."""
    for value in (*(data.get(key, "") for key in _BODY_KEYS), assigned(text, "content_noencode"),
                  assigned(text, "ContentNoEncode"), assigned(text, "TextContentNoEncode")):
        found = carried_text(_percent_decoded(value))
        if found:
            return found
    for value in (*(data.get(key, "") for key in _DESC_KEYS), assigned(text, "desc"), _script_var(text, "msg_desc"),
                  assigned(text, "msg_desc")):
        found = carried_text(value)
        if found:
            return found
    return ""


def _described(soup: BeautifulSoup) -> str:
    """The page's description (a video post's only text), its line breaks sometimes written \\x0a."""
    value = _meta(soup, "og:description") or _meta(soup, "description")
    return carried_text(js_unescape(value) if _WRITTEN_ESCAPE.search(value) else value)


def _moment(candidate: str) -> DateValue | None:
    candidate = candidate.strip()
    if candidate.isdigit() and 9 <= len(candidate) <= 10:
        moment = datetime.fromtimestamp(int(candidate), BEIJING)
        return DateValue(moment.isoformat(), candidate)
    if candidate.isdigit() and len(candidate) == 13:  # milliseconds
        moment = datetime.fromtimestamp(int(candidate) // 1000, BEIJING)
        return DateValue(moment.isoformat(), candidate)
    return find_moment(candidate) if candidate and not candidate.isdigit() else None


def _published(text: str, soup: BeautifulSoup, data: dict[str, str] | None = None) -> DateValue | None:
    """`var ct` (seconds since the epoch) is the instant; the visible 昨天/前天 is not a date.
    A newer page carries it as `window.ct`, or create_time in its data object (seconds, or
    "2024-04-28 10:30"). A page whose scripts are gone (saved by an archiving tool) shows it in
    #publish_time or, in the older layouts, #post-date.

    The date a page shows wins over its instant when the two are days apart: an article that was
    not sent to the followers (a menu page, mid 50…) carries in ct when it was written, not the date
    its readers see. A day apart is the reader's time zone, and the instant stays."""
    instant = _instant(text, soup, data or {})
    shown = _shown_date(text, soup, data or {})
    if instant is None or shown is None:
        return instant or shown
    days_apart = abs((_date_of(instant) - _date_of(shown)).days)
    return shown if days_apart > 1 else instant


def _date_of(value: DateValue) -> date:
    return date.fromisoformat(value.value[:10])


def _instant(text: str, soup: BeautifulSoup, data: dict[str, str]) -> DateValue | None:
    candidates = (lambda: _script_var(text, "ct"), lambda: _script_var(text, "create_time"), lambda: assigned(text, "ct"),
                  lambda: assigned(text, "create_time"), lambda: data.get("create_time", ""),
                  lambda: data.get("ori_create_time", ""), lambda: data.get("create_timestamp", ""),
                  lambda: _script_var(text, "oriCreateTime"), lambda: assigned(text, "oriCreateTime"),
                  lambda: data.get("publish_time", ""), lambda: _script_var(text, "publish_time"),
                  lambda: assigned(text, "publish_time"), lambda: _script_var(text, "createTime"),
                  lambda: assigned(text, "createTime"), lambda: _meta(soup, "article:published_time"))
    for candidate in candidates:
        value = candidate()
        found = _moment(value) if value.strip().isdigit() else None
        if found:
            return found
    return None


def _shown_date(text: str, soup: BeautifulSoup, data: dict[str, str]) -> DateValue | None:
    """The date as the page shows it: its date line, else the date its scripts would show."""
    for name in ("publish_time", "post-date"):
        tag = soup.find(id=name)
        found = find_moment(tag.get_text(" ", strip=True)) if tag is not None else None
        if found:
            return found
    for value in (_script_var(text, "publish_time"), _script_var(text, "createTime"), assigned(text, "createTime"),
                  data.get("create_time", ""), data.get("ori_create_time", ""), _meta(soup, "article:published_time")):
        found = _moment(value) if value and not value.strip().isdigit() else None
        if found:
            return found
    shown = _export_header(soup).get("date", "")
    return find_moment(shown) if shown else None


# where an archiving tool notes the address it saved: SingleFile's opening comment, the
# 「原文地址：<a href=…>」 line a Readability-based downloader puts above the text
_SAVED_FROM = re.compile(r"Page saved with SingleFile\s+url:\s*(https?://mp\.weixin\.qq\.com/s\S+)")
_ORIGINAL_LINK = re.compile(r"(?:原文地址|原文链接)\s*[:：]?\s*<a\b[^<>]{0,300}?href=['\"](https?://mp\.weixin\.qq\.com/s[^'\"<>\s]+)")


# a web clipper's note: the page's markup under a front matter naming its address
_FRONT_MATTER_URL = re.compile(r"\A---\s*\n(?:[^\n]*\n){0,30}?(?:url|source|link):\s*[\"']?(https?://mp\.weixin\.qq\.com/s[^\"'\s]+)")


def _archived_link(text: str) -> str:
    saved = _SAVED_FROM.search(text, 0, 3000) or _FRONT_MATTER_URL.search(text[:3000]) or \
        _ORIGINAL_LINK.search(text, 0, 300_000)
    return html_lib.unescape(saved.group(1)) if saved else ""


def _canonical(text: str, soup: BeautifulSoup, data: dict[str, str]) -> str:
    for candidate in (_script_var(text, "msg_link"), html_lib.unescape(assigned(text, "msg_link")),
                      html_lib.unescape(data.get("link", "")), _meta(soup, "og:url"), _archived_link(text)):
        if candidate.startswith(("http://mp.weixin.qq.com/", "https://mp.weixin.qq.com/")):
            return candidate.replace("http://", "https://", 1).replace("#rd", "")
    link = soup.find("link", rel="canonical")
    href = str(link.get("href", "")) if link else ""
    return href if href.startswith("https://mp.weixin.qq.com/") else ""


class WechatAdapter(BaseAdapter):
    name = "wechat"
    description = "微信公众号文章与订阅源（WeChat official-account articles, saved or live, and RSS/Atom feeds of an account）"
    max_depth = 1
    max_pages = 1 + MAX_FOLLOW

    def plan(self, target: Target) -> Sequence[Request]:
        return [Request(target.value, role="", depth=0, company=target.company)]

    def parse(self, page: Page, request: Request) -> Parsed:
        names = customer_names(request.company)
        if looks_like_feed(page.body, page.content_type):
            return self._feed(page, request, names)
        article, body, problem = read_article_page(page)
        if article is None:
            status, _, reason = problem.partition(": ")
            return Parsed(status=status, reason=reason)  # type: ignore[arg-type]
        # a repost (转载, 以下文章来源于…) is another company's text, even in the customer's account
        reposted = bool(_REPOST.search(article.title) or _REPOST_BOX.search(page.text[:300_000]))
        own = is_own_account(article.account or "", names) and not reposted
        if names and not is_own_account(article.account or "", names) and not any(n in article.title or n in body for n in names):
            return Parsed()  # another account's article that never names the customer says nothing about it
        ours = names + ([article.account] if own and article.account else [])
        events, summary = read_article(ArticleText(body, article.published, article.source, own, article.title), ours)
        return Parsed(facts=(replace(article, summary=summary), *events))

    def _feed(self, page: Page, request: Request, names: list[str]) -> Parsed:
        feed = parse_feed(page.body, page.encoding)
        if feed is None:
            return Parsed(status="stale", reason="not a readable RSS or Atom feed")
        source = page.provenance(self.name)
        own = is_own_account(feed.title, names)
        facts: list[Fact] = []
        follow: list[Request] = []
        for entry in feed.entries:
            if not entry.title and not entry.link:
                continue
            text = paragraphs_of(BeautifulSoup(entry.html, "lxml")) if entry.html else ""
            ours = names + ([feed.title] if own and feed.title else [])
            # an entry says what it reports as an article page does: its summary, from its content or
            # description; events only from content long enough to be the article
            if len(text) >= 200:
                events, summary = read_article(ArticleText(text, entry.published, source, own, entry.title), ours, entry=True)
            else:
                events, summary = [], entry_summary(text, entry.title, ours)
            facts.append(Article(entry.title or entry.link, entry.link or page.url, source, account=feed.title or None,
                                 published=entry.published, author=entry.author or None, summary=summary))
            facts += events
            if len(text) < 200 and re.match(r"https?://mp\.weixin\.qq\.com/", entry.link) and len(follow) < MAX_FOLLOW:
                link = "https://" + entry.link.split("://", 1)[1]
                follow.append(Request(clean_wechat_url(link), "article", request.depth + 1, company=request.company))
        return Parsed(facts=tuple(facts), follow=tuple(follow))
