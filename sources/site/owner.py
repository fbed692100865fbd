"""Whose website this is: the company's own name as its pages show it.

Read, strongest first, from the copyright line (「版权所有：某某有限公司」), the part of the <title>
that is a company's name (「客户案例 - 某某科技有限公司」), and the overview's opening
(「某某有限公司是一家…」, 「…总部位于…」). A name the page only mentions (a client, a parent
company inside a sentence) is never taken. No I/O.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from briefing.toolkit.html import lines_of

_ORG = r"[\u4e00-\u9fff（）()]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团)"
_COPYRIGHT = re.compile(
    rf"(?:版权所有|版权归|copyright|©|\(c\))[^。\n\u4e00-\u9fff]{{0,40}}({_ORG})(?![\u4e00-\u9fff])"
    rf"|(?<![\u4e00-\u9fff])({_ORG})[\s©]*版权所有",
    re.I,
)
_TITLE_ORG = re.compile(rf"^({_ORG})$")
# 「江苏某某集团有限公司官网」, 「欢迎访问某某有限公司网站」: the site's words around its owner's name
_SITE_WORDS = re.compile(r"^(?:欢迎(?:访问|光临|来到)?)|(?:官方网站|官网|网站|首页|主页|欢迎您)$")
# The overview's first words name the company: 「深圳市某某有限公司（以下简称…）是一家…」
_OPENS = re.compile(rf"^({_ORG})(?:[（(][^）)]{{0,20}}[)）])?[，,]?(?:是|系|总部位于|成立于|始建于|创建于|创立于|位于|坐落于|作为)")


_LABELLED = re.compile(rf"(?:公司名称|企业名称|单位名称|公司全称|全称)\s*[:：为是]?\s*({_ORG})(?![\u4e00-\u9fff])")


def own_name(soup: BeautifulSoup, content: Tag, *, intro: bool = True) -> str | None:
    """The company whose site the page is on, when the page says it plainly; else None.

    `intro`: the page is the company's own overview, so its opening words may name it (a case
    page's first card names a client instead)."""
    footer_text = soup.get_text("\n", strip=True)
    found = _COPYRIGHT.search(footer_text)
    if found:
        return _trim(found.group(1) or found.group(2))
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for part in re.split(r"\s*[-_|–—]+\s*", title):
        match = _TITLE_ORG.match(_SITE_WORDS.sub("", part.strip()))
        if match:
            return match.group(1)
    lines = lines_of(content)[:200]
    found = _LABELLED.search("\n".join(lines))
    if found:
        return found.group(1)
    opening = next((line for line in lines if len(line) >= 40), "")
    match = _OPENS.match(opening) if intro else None
    return _trim(match.group(1)) if match else None


def _trim(name: str) -> str:
    """「本网站版权所有某某有限公司」: only the name, not the words before it."""
    return re.sub(r"^(?:本站|本网站|网站)?(?:版权所有|所有)?[:：]?", "", name).strip()


__all__ = ["own_name"]
