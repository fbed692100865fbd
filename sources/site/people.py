"""Reading a company's leaders from its own pages: names and titles, written either way round.

Only short standalone labels count ("董事长：王建国", "王建国 董事长", a name line beside a title
line, <dt>title</dt><dd>name</dd>): a name inside a sentence (a bio's former boss, a visitor) is
never read, and blocks headed 离任/former give nothing. No I/O; adapters hand in parsed HTML.
"""

from __future__ import annotations

import re
from typing import Iterator

from bs4 import Tag

from briefing.toolkit.html import text_runs
from briefing.models import Executive, Provenance
from briefing.toolkit.normalise import (
    clean_label,
    in_order,
    is_han_name,
    is_person_name,
    is_title,
    normalise_titles,
    split_person,
    unspace,
)

_FORMER = re.compile(r"离任|离职|辞任|卸任|已退休|原任|历任|former|past", re.I)
_NAME_OPENS_BIO = re.compile(r"^([\u4e00-\u9fff]{2,4})(?:先生|女士)?[，,（(：:；;]")
_LATIN_GIVEN = re.compile(r"[A-Z][A-Za-z]{0,14}[a-z][A-Za-z]{0,14}")
_HAN_WITH_ENGLISH = re.compile(r"^([\u4e00-\u9fff]{2,4})\s+([A-Z][a-z]+)$")  # "周晴 Grace"
_PAIR_BREAK = re.compile(r"[、；;，,]\s*|\s+(?=\S{2,12}[:：])")
_HONORIFIC = re.compile(r"(先生|女士|博士|教授|同志)$")


def executives(content: Tag, source: Provenance, *, own_names: tuple[str, ...] = (), company: str | None = None) -> list[Executive]:
    """Executives written as short labels: "董事长：王建国", "王建国 董事长", or a name and a title on neighbouring lines.

    Only standalone labels count: a name inside a sentence (a bio's former boss) is never read,
    and nothing from a block headed 离任/former. One person on two rows keeps both titles.
    """
    _drop_former(content)
    lines, blocks = _lines(content)
    found: dict[str, list[str]] = {}  # name -> titles, in the order the page gives them
    listed = _listed_people(content, found)
    used: set[int] = {i for i, line in enumerate(lines) if line in listed}  # lines already read
    signed = _signed_people(lines, own_names, used, found)
    _labelled_people(lines, listed, used, found)
    _neighbour_people(lines, blocks, used, found)
    return [
        Executive(name=name, title="、".join(titles), source=source, company=signed.get(name, company))
        for name, titles in found.items()
    ]


# 「华益资本董事长：王斌」, 「金兰集团董事长——陆磊」: the company's own name before the title
_ORG_TITLED = re.compile(r"^(?P<org>[\u4e00-\u9fff（）()]{2,16}?)(?P<rest>(?:董事长|总经理|总裁|执行董事|董事会主席|首席执行官|院长|所长|厂长).*)$")


def _signed_people(lines: list[str], own_names: tuple[str, ...], used: set[int], found: dict[str, list[str]]) -> dict[str, str]:
    """A signature or caption that names the company before the title: read only when that name
    is the company's own (given, or the page's), never another company's post in a bio."""
    text = "\n".join(lines)
    signed: dict[str, str] = {}
    for i, line in enumerate(lines):
        match = _ORG_TITLED.match(line)
        if not match:
            continue
        org = match.group("org")
        own = any(o and (o in org or org in o or in_order(org, o)) for o in own_names) or text.count(org) >= 2
        pair = split_person(re.sub(r"\s*[—–]{1,2}\s*|\s*-{1,2}\s*", "：", match.group("rest"), count=1)) if own else None
        if pair:
            _add(found, pair[0], pair[1])
            signed.setdefault(pair[0], org)
            used.add(i)
    return signed


def _add(found: dict[str, list[str]], name: str, title: str) -> None:
    titles = found.setdefault(name, [])
    titles += [t for t in title.split("、") if t and t not in titles]


def _listed_people(content: Tag, found: dict[str, list[str]]) -> set[str]:
    """<dt>副总经理</dt><dd>黄晓琳 <small>（分管…）</small></dd><dd>苏建明</dd>: every dd under its dt.
    Returns the names read."""
    listed: set[str] = set()
    for dt in content.find_all("dt", limit=200):
        title = clean_label(unspace(dt.get_text(" ", strip=True)))
        if not is_title(title):
            continue
        for name in _names_under(dt):
            _add(found, name, normalise_titles(title))
            listed.add(name)
    return listed


def _names_under(dt: Tag) -> Iterator[str]:
    """The person named first in each <dd> after `dt`, up to the next <dt>."""
    for sibling in dt.find_next_siblings(["dt", "dd"]):
        if sibling.name == "dt":
            return
        first = next((str(t) for t in sibling.find_all(string=True) if str(t).strip()), "")
        name = _HONORIFIC.sub("", clean_label(unspace(first)))
        if is_person_name(name):
            yield name


def _labelled_people(lines: list[str], listed: set[str], used: set[int], found: dict[str, list[str]]) -> None:
    """A name and a title on one line ("董事长：王建国", "王建国 董事长"); marks the lines read in `used`."""
    for i, line in enumerate(lines):
        several = [split_person(part) for part in _PAIR_BREAK.split(line)]
        if len(several) >= 2 and all(several):  # 「CEO：张东杰、财务负责人：冯会娜」: pairs in a row
            for name, title in several:  # type: ignore[misc]
                _add(found, name, title)
            used.add(i)
            continue
        pair = split_person(line)
        if pair and pair[0] not in listed:
            name = pair[0]
            # "Wang Fang — CEO" with 王芳 on the next line: the Chinese name is the one to use.
            if not is_han_name(name) and i + 1 < len(lines) and is_han_name(lines[i + 1]) and is_person_name(lines[i + 1]):
                name = lines[i + 1]
                used.add(i + 1)
            _add(found, name, pair[1])
            used.add(i)


def _neighbour_people(lines: list[str], blocks: list[int], used: set[int], found: dict[str, list[str]]) -> None:
    """Names and titles on lines of their own, not yet read: decide once for the page which comes first."""
    titles = [i for i, l in enumerate(lines) if i not in used and is_title(l)]
    pairs, step = _name_title_pairs(lines, titles, used)
    free = set(titles) - {title_at for _, title_at in pairs} - used  # titles no name is paired with
    for name, title_at in pairs:
        for title in _stacked_titles(lines, blocks, title_at, step, free):
            _add(found, name, normalise_titles(title))


def _name_title_pairs(lines: list[str], titles: list[int], used: set[int]) -> tuple[list[tuple[str, int]], int]:
    """(name, index of its title line) for each title line, and the step from the name to its
    title: 1 when names come first on this page, -1 when titles do."""
    name_first = [(lines[i - 1], i) for i in titles if i > 0 and i - 1 not in used and is_person_name(lines[i - 1])]
    title_first = [(lines[i + 1], i) for i in titles if i + 1 < len(lines) and i + 1 not in used and is_person_name(lines[i + 1])]
    if not name_first and not title_first:
        title_first = _bio_openers(lines, titles)
    return (name_first, 1) if len(name_first) >= len(title_first) else (title_first, -1)


def _bio_openers(lines: list[str], titles: list[int]) -> list[tuple[str, int]]:
    """"<strong>总经理</strong> 陈志远，毕业于…": the title, then a bio that opens with the name."""
    out = []
    for i in titles:
        match = _NAME_OPENS_BIO.match(lines[i + 1]) if i + 1 < len(lines) else None
        if match and is_person_name(match.group(1)):
            out.append((match.group(1), i))
    return out


def _stacked_titles(lines: list[str], blocks: list[int], title_at: int, step: int, free: set[int]) -> list[str]:
    """Titles stacked in one caption ("副院长<br>总工程师<br>周立群") all belong to the name, in
    the page's order; a section heading above a card ("<h3>独立董事</h3>") is not one of them."""
    stacked = [lines[title_at]]
    j = title_at + step
    while 0 <= j < len(lines) and j in free and blocks[j] == blocks[title_at]:
        stacked.append(lines[j])
        j += step
    return stacked if step > 0 else list(reversed(stacked))


_LINE_BLOCKS = ("p", "div", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "section", "article")


def _lines(content: Tag) -> tuple[list[str], list[int]]:
    """The page's text lines, cleaned, each with the block it is written in (one caption, cell or line)."""
    lines: list[str] = []
    blocks: list[int] = []
    for raw, string in text_runs(content):
        line = clean_label(unspace(raw))
        english = _HAN_WITH_ENGLISH.match(line)
        if english and not is_title(english.group(2)):
            line = english.group(1)  # "周晴 Grace" is 周晴; "张伟 Director" keeps its title
        line = _HONORIFIC.sub("", line)
        if lines and _LATIN_GIVEN.fullmatch(line) and not is_title(line) and is_han_name(lines[-1]):
            continue  # "周晴 <span>Grace</span>": the English given name beside the Chinese one
        lines.append(line)
        blocks.append(id(string.find_parent(_LINE_BLOCKS)))
    return lines, blocks


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
