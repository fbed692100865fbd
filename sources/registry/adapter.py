"""The `registry` adapter: a company's record on Qichacha, Tianyancha, Aiqicha or gsxt.

It reads a registry page (live with the user's own login, or saved from a browser, whole or a
tab fragment loaded by AJAX) and the registries' open-API JSON (or an answer a script printed
as a JavaScript or Python literal, or pasted into code and docs as loose JSON: see loose_json).
A page is read twice, from the state it embeds (JSON, or a Nuxt page's JavaScript) and from its rendered tables, and each section is taken from the richer
reading, never from both. A verification wall or a refused API key marks the source blocked, with what
to do about it.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

from briefing.toolkit.adapter import BaseAdapter, Parsed, Request, Target
from briefing.toolkit.decode import UnreadableJson, json_document
from briefing.toolkit.embedded import embedded_json
from briefing.toolkit.html import drop_noise, soup_of
from briefing.models import Page
from sources.registry.record import RegistryRecord, record_facts, richer
from sources.registry.record_html import read_html
from sources.registry.js_state import js_states, literal_document
from sources.registry.loose_json import MAX_LOOSE_CHARS, listed_members, loose_document, uncommented
from sources.registry.record_json import api_error, read_json

# What a registry shows instead of a record when it wants a login or a captcha.
_WALL = re.compile(
    r"验证码|安全验证|人机验证|身份验证|访问验证|滑动验证|完成验证|拖动滑块|访问过于频繁|访问异常|异常访问|请登录后|登录后查看|"
    r"暂停您的访问|操作存在异常|访问受限|请求过于频繁|禁止访问|不是机器人|验证后继续|"
    r"captcha|antirobot|verify you are human",
    re.IGNORECASE,
)
_HINT = (
    "log in to the registry in your browser, then either save the page (Ctrl+S) and put the file "
    "in [sources] registry, or set its cookie in the environment (see `briefing sources`)"
)


# What an answer's JSON comes wrapped in: an anti-hijacking prefix (「)]}',」, 「while(1);」,
# 「for(;;);」), a JSONP call (「jQuery1830_17({…});」), the status line and headers of a saved response.
_GUARD = re.compile(r"^(?:\)\]\}'\s*,?|while\s*\(\s*(?:1|true)\s*\)\s*;|for\s*\(\s*;\s*;\s*\)\s*;)\s*")
_SECURE = re.compile(r"^/\*-secure-\s*(.*?)\s*\*/\s*$", re.S)
_JSONP = re.compile(r"^(?:/\*\*/\s*)?[A-Za-z_$][\w$.]{0,80}\s*\(\s*([\[{].*[\]}])\s*\)\s*;?\s*$", re.S)
_HTTP_HEAD = re.compile(r"^HTTP/\d(?:\.\d)? \d{3}[^\n]*\n(?:[\w-]+:[^\n]*\n)*\r?\n")


def _commented_json(text: str) -> bool:
    """A record pasted into a comment, every line behind 「 * 」, 「# 」 or 「// 」 (as JSON, or as
    GsonFormat's 「name : value」 lines)."""
    if text[:1] not in ("/", "#", "*") or len(text) > MAX_LOOSE_CHARS:
        return False
    bare = uncommented(text).lstrip()
    return bare[:1] in ("{", "[") or listed_members(bare) is not None


def unwrapped(text: str) -> str:
    """The JSON an answer holds, without what it was wrapped in; any other text as it is."""
    text = _HTTP_HEAD.sub("", text, count=1)
    guarded = _GUARD.match(text)
    if guarded:
        return text[guarded.end():]
    for wrapper in (_SECURE, _JSONP):
        match = wrapper.match(text)
        if match:
            return match.group(1)
    return text


class RegistryAdapter(BaseAdapter):
    name = "registry"
    description = "Business registry records: Qichacha, Tianyancha, Aiqicha, gsxt pages (live or saved) and their open-API JSON"
    max_depth = 0
    max_pages = 1

    def plan(self, target: Target) -> Sequence[Request]:
        return [Request(target.value, role="record", depth=0, signed=True)]

    def parse(self, page: Page, request: Request) -> Parsed:
        text = unwrapped(page.text.lstrip("\ufeff \r\n\t")).lstrip("\ufeff \r\n\t")
        if "json" in page.content_type or text[:1] in "{[" or _commented_json(text):
            return self._parse_json(page, text)
        soup = soup_of(page.text)
        documents = embedded_json(soup) + js_states(soup)  # before drop_noise: the state lives in scripts
        drop_noise(soup)
        head = page.text[:20000].lower()
        rendered = read_html(soup, fragment="<body" not in head and "<html" not in head)
        # the page's own name keeps another company's record in the state (a peer, an investee) out
        company = str(rendered.fields["name"][0]) if "name" in rendered.fields else ""
        record = richer(rendered, *(read_json(doc, page.url, company=company) for doc in documents))
        if record.is_empty():
            wall = _WALL.search(soup.get_text(" ", strip=True)[:20000])
            if wall:
                return Parsed(status="blocked", reason=f"the registry showed a verification or login page ({wall.group(0)}): {_HINT}")
        return self._facts(record, page)

    def _parse_json(self, page: Page, text: str) -> Parsed:
        try:
            data: Any = json_document(text)
        except UnreadableJson as exc:
            data = literal_document(text)  # an answer a script printed: {'entName': '…', 'isClaim': True}
            if data is None:  # pasted into code or docs: comments, line markers, trimmed parts
                data = loose_document(text)
            if data is None:
                return Parsed(status="stale", reason=str(exc))
        error = api_error(data)
        if error and error[0] == "refused":
            return Parsed(status="blocked", reason=f"the registry API refused the request: {error[1]}; check the API key (see `briefing sources`)")
        if error:
            return Parsed()  # the API found no such company: nothing to say, nothing invented
        return self._facts(read_json(data, page.url, complete=True), page)

    def _facts(self, record: RegistryRecord, page: Page) -> Parsed:
        return Parsed(facts=tuple(record_facts(record, page.provenance(self.name))))
