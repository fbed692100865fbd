"""The `wechat` adapter: the customer's WeChat official-account articles (公众号).

It reads article pages (mp.weixin.qq.com/s/..., live or saved from a browser) and an account's
feed as WeChat-to-RSS bridges publish it. A page shows 昨天/前天 for its date; the real instant is
in its scripts (`var ct`, seconds since the epoch). WeChat's verification page (环境异常) marks
the source blocked, a deleted article gone, and a page without the article (a JavaScript shell)
blocked: none of them is ever read as content.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit
from typing import Sequence

from bs4 import BeautifulSoup

from briefing.toolkit.adapter import BaseAdapter, Parsed, Request, Target
from briefing.toolkit.article_events import ArticleText
from briefing.toolkit.names import customer_names
from briefing.toolkit.article_events import read_events
from briefing.toolkit.feeds import looks_like_feed, parse_feed
from briefing.toolkit.html import paragraphs_of, soup_of
from briefing.models import Article, DateValue, Fact, Page
from briefing.toolkit.normalise import BEIJING, find_moment

MAX_FOLLOW = 20
_REPOST = re.compile(r"^\s*(?:转载|转自|转发|转)[｜|:：丨]")
_REPOST_BOX = re.compile(r"以下文章来源于|本文转载自|本文转自|文章来源于公众号")  # article pages followed from one feed whose entries carry no text

_VERIFY = re.compile(r"环境异常|完成验证后即可继续访问|请完成验证|去验证|访问过于频繁")
_GONE = re.compile(r"该内容已被发布者删除|此内容因违规无法查看|该内容被多人投诉|相关的内容无法进行查看|该公众号已迁移|"
                   r"此内容发送失败无法查看|内容已删除|该文章已被删除|已停止访问该网页|此帐号已被屏蔽|此账号已被屏蔽")


def _script_var(text: str, name: str) -> str:
    """`var name = "value"` (or 'value', or a number) from a page's scripts, JS escapes read."""
    match = re.search(rf"\bvar\s+{name}\s*=\s*(?:\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'|(\d+))", text)
    if not match:
        return ""
    raw = next(g for g in match.groups() if g is not None)
    raw = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), raw)
    raw = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), raw)
    return html_lib.unescape(raw.replace("\\/", "/").replace('\\"', '"').replace("\\'", "'")).strip()


_KEEP_PARAMS = ("__biz", "mid", "idx", "sn", "chksm")


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


def read_article_page(page: Page) -> tuple[Article | None, str, str]:
    """(article, its text, a reason when the page is not an article: "blocked: ..." / "gone: ...")."""
    text = page.text
    soup = soup_of(text)
    body_text = soup.get_text(" ", strip=True)
    content = soup.find(id="js_content")
    title = ""
    heading = soup.find(id="activity-name") or soup.find(class_="rich_media_title")
    if heading is not None:
        title = heading.get_text(" ", strip=True)
    title = title or _script_var(text, "msg_title") or _meta(soup, "og:title") or _meta(soup, "twitter:title")
    article_text = paragraphs_of(content) if content is not None else ""
    if not article_text:
        if _GONE.search(body_text[:5000]):
            return None, "", "gone: the article was deleted or removed by WeChat"
        if _VERIFY.search(body_text[:5000]):
            return None, "", "blocked: WeChat showed its verification page (环境异常); open the article in a browser, then save the page"
        if not title or not (_script_var(text, "ct") or soup.find(id="js_content")):
            return None, "", "blocked: the page holds no article (a JavaScript-only shell); save it from a browser"
    name_tag = soup.find(id="js_name")
    account = (name_tag.get_text(" ", strip=True) if name_tag else "") or _script_var(text, "nickname")
    author_tag = soup.find(id="js_author_name")
    author = (author_tag.get_text(" ", strip=True) if author_tag else "") or _script_var(text, "author") or _meta(soup, "author")
    published = _published(text, soup)
    # the address it was read from when that is the article's (live, or saved with its URL);
    # else the permanent link the page carries (msg_link), so a saved file still links home
    url = page.url if page.url.startswith("https://mp.weixin.qq.com/") else (_canonical(text, soup) or page.url)
    url = clean_wechat_url(url) if url.startswith("https://mp.weixin.qq.com/") else url
    article = Article(title=re.sub(r"\s+", " ", title)[:300], url=url, source=page.provenance("wechat"),
                      account=account[:100] or None, published=published, author=author[:100] or None)
    return article, article_text, ""


def _published(text: str, soup: BeautifulSoup) -> DateValue | None:
    """`var ct` (seconds since the epoch) is the instant; the visible 昨天/前天 is not a date."""
    seconds = _script_var(text, "ct") or _script_var(text, "create_time")
    if seconds.isdigit() and 9 <= len(seconds) <= 10:
        moment = datetime.fromtimestamp(int(seconds), BEIJING)
        return DateValue(moment.isoformat(), seconds)
    for candidate in (_script_var(text, "publish_time"), _script_var(text, "createTime"), _meta(soup, "article:published_time")):
        found = find_moment(candidate) if candidate else None
        if found:
            return found
    shown = soup.find(id="publish_time")
    return find_moment(shown.get_text(" ", strip=True)) if shown else None


def _canonical(text: str, soup: BeautifulSoup) -> str:
    for candidate in (_script_var(text, "msg_link"), _meta(soup, "og:url")):
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
        events = read_events(ArticleText(body, article.published, article.source, own, article.title), names + ([article.account] if own and article.account else []))
        return Parsed(facts=(article, *events))

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
            facts.append(Article(entry.title or entry.link, entry.link or page.url, source, account=feed.title or None,
                                 published=entry.published, author=entry.author or None))
            text = paragraphs_of(BeautifulSoup(entry.html, "lxml")) if entry.html else ""
            if len(text) >= 200:
                facts += read_events(ArticleText(text, entry.published, source, own, entry.title), names + ([feed.title] if own and feed.title else []))
            elif re.match(r"https?://mp\.weixin\.qq\.com/", entry.link) and len(follow) < MAX_FOLLOW:
                link = "https://" + entry.link.split("://", 1)[1]
                follow.append(Request(clean_wechat_url(link), "article", request.depth + 1, company=request.company))
        return Parsed(facts=tuple(facts), follow=tuple(follow))
