"""Reading the clients a company's website names: 「主要客户」 walls of logos, 「部分客户」 tables,
client showcase cards.

A client is read only from a block the page itself calls a client list (its heading says 客户,
用户, 合作伙伴…), or from cards whose blurb introduces the card's name as an organisation
(「指旺理财是由…」). Each item must be a short name standing alone: a sentence, a call to action
(「您的企业……」) or an image's generic alt text is never a client. Each client once. No I/O.
"""

from __future__ import annotations

import re
from typing import Iterator

from bs4 import NavigableString, Tag

from briefing.models import Project, Provenance
from briefing.toolkit.html import text_runs
from briefing.toolkit.normalise import clean_label

MIN_ITEMS = 3  # one or two names under a heading are not a list
MAX_CLIENTS = 200

_CLIENT_HEADING = re.compile(
    r"^(?:我们的|部分|主要|合作|服务|典型|重点|知名|尊贵|重要|优质|战略|长期)?(?:合作)?"
    r"(?:客户|用户|合作伙伴|合作单位|合作机构|服务对象|服务客户)(?:群体|名单|名录|列表|展示|风采|一览|案例|见证)?$"
    r"|^(?:our\s+)?(?:clients|customers|partners)$",
    re.I,
)
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# What a list item that is no client says: an invitation, a link to more, a caption.
_NOT_A_NAME = re.compile(
    r"^(?:您|你|我们|更多|查看|点击|详情|了解|欢迎|期待|加入|联系|more|view|read|click|next|prev)|……|\.{3}|…$"
    r"|^(?:image|img|logo|pic|picture|photo|banner|图片|图像|标志|icon)\d*$|\.(?:jpe?g|png|gif|webp|bmp|svg)$",
    re.I,
)
_SENTENCE_MARK = re.compile(r"[。，,；;！!？?：:]")


def clients(content: Tag, source: Provenance, *, own_names: tuple[str, ...] = ()) -> list[Project]:
    """The clients the page names, each once, as projects whose counterparty is the client."""
    names: list[str] = []
    for heading in _client_headings(content):
        names += _names_in(_section_after(heading))
    names += _showcase_names(content)
    seen: set[str] = set()
    out: list[Project] = []
    for name in names:
        key = re.sub(r"\s+", "", name)
        if key in seen or any(key and (key in own or own in key) for own in own_names if own):
            continue
        seen.add(key)
        out.append(Project(name=name, source=source, counterparty=name, kind="client"))
    return out[:MAX_CLIENTS]


def _client_headings(content: Tag) -> Iterator[Tag]:
    """Elements whose whole short text says "our clients", as the outermost element saying only that."""
    done: set[int] = set()
    for string in content.find_all(string=True, limit=20_000):
        text = clean_label(str(string))
        if not text or len(text) > 12 or not _CLIENT_HEADING.match(text) or not isinstance(string.parent, Tag):
            continue
        heading = string.parent
        while isinstance(heading.parent, Tag) and heading.parent is not content and clean_label(heading.parent.get_text(" ", strip=True)) == text:
            heading = heading.parent
        if id(heading) not in done and heading.name not in ("a", "option", "li") and not _is_column_name(heading):
            done.add(id(heading))
            yield heading


def _is_column_name(tag: Tag) -> bool:
    """「客户 | 项目 | 规模」: a table's column heading, not a list's title (a menu link neither)."""
    cell = tag if tag.name in ("th", "td") else tag.find_parent(["th", "td"])
    if cell is None:
        return False
    row = cell.find_parent("tr")
    return row is not None and sum(1 for c in row.find_all(["th", "td"], recursive=False) if c.get_text(strip=True)) > 1


def _section_after(heading: Tag) -> list[Tag]:
    """The blocks after a heading, up to the next heading, climbing out of wrappers that hold the
    heading alone (「<div class=title><h2>主要客户</h2></div><div class=row>…logos…</div>」)."""
    anchor = heading
    for _ in range(4):
        following = [s for s in anchor.find_next_siblings() if isinstance(s, Tag)]
        if following:
            break
        if not isinstance(anchor.parent, Tag):
            return []
        anchor = anchor.parent
    blocks: list[Tag] = []
    for sibling in anchor.find_next_siblings():
        if not isinstance(sibling, Tag):
            continue
        if sibling.name in _HEADING_TAGS or sibling.find(_HEADING_TAGS):
            break
        blocks.append(sibling)
    return blocks


def _names_in(blocks: list[Tag]) -> list[str]:
    """The short names the blocks list (text runs, and image titles or alt texts naming an
    organisation), when most runs are such names: a paragraph of prose is no list."""
    runs: list[str] = []
    for block in blocks:
        runs += [text for text, _ in text_runs(block)]
        for img in block.find_all("img"):
            label = clean_label(str(img.get("title") or img.get("alt") or ""))
            if label:
                runs.append(label)
    names = [clean_label(r) for r in runs if _is_client_name(clean_label(r))]
    if len(set(names)) < MIN_ITEMS or len(names) < 0.7 * len(runs):
        return []
    return names


def _is_client_name(text: str) -> bool:
    if not 2 <= len(text) <= 30 or _SENTENCE_MARK.search(text) or _NOT_A_NAME.search(text):
        return False
    if re.fullmatch(r"[\d\s.\-/%+]+", text):
        return False
    # Latin names are brands in capitals (KVAERNER, FWC, Arris), not words of a caption.
    return bool(re.search(r"[\u4e00-\u9fff]", text)) or bool(re.fullmatch(r"[A-Z][A-Za-z0-9&.\- ]{1,29}", text))


# A card's blurb that introduces its name as an organisation: 「指旺理财是由…」, 「新世界百货中国有限公司（…）是…」.
_INTRODUCES = re.compile(r"^[^，。,]{0,20}?(?:是|（|\(|成立于|创立于|隶属|作为|系)")


def _showcase_names(content: Tag) -> list[str]:
    """Client cards: repeated blocks of one short name and a blurb that opens with that name and
    says what the organisation is. At least three such cards, in blocks of the same shape."""
    found: dict[tuple[str, str], list[str]] = {}
    for block in content.find_all(["li", "div", "article"], limit=3000):
        runs = [t for t, s in text_runs(block) if isinstance(s, NavigableString)]
        if len(runs) != 2 or not _is_client_name(clean_label(runs[0])):
            continue
        name, blurb = clean_label(runs[0]), runs[1]
        core = re.sub(r"^《|》$", "", name)
        if len(blurb) >= 20 and blurb.startswith(core[:2]) and _INTRODUCES.match(blurb[2:]):
            shape = (block.name, " ".join(block.get("class") or []))
            found.setdefault(shape, []).append(name)
    return [n for names in found.values() if len(names) >= MIN_ITEMS for n in names]
