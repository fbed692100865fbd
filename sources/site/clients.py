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
    r"^(?:我们的|我们)?(?:部分|主要|合作|服务|服务过的|典型|重点|知名|尊贵|重要|优质|战略|长期)?(?:合作)?"
    r"(?:客户|用户|合作伙伴|合作单位|合作机构|服务对象|服务客户)(?:群体|名单|名录|列表|展示|风采|一览|案例|见证)?$"
    r"|^(?:our\s+)?(?:clients|customers|partners)$",
    re.I,
)
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A sentence that leads into the list: 「…为数千万企业用户提供服务。我们的用户包括：」
_LEAD_IN = re.compile(r"(?:我们的|我们|公司的|主要|部分)(?:客户|用户|合作伙伴)(?:包括|有|涵盖|遍及)[^。，,]{0,6}[:：]$")
# What a list item that is no client says: an invitation, a link to more, a caption.
_NOT_A_NAME = re.compile(
    r"^(?:您|你|我们|更多|查看|点击|详情|了解|欢迎|期待|加入|联系|more|view|read|click|next|prev)|……|\.{3}|…$"
    r"|^(?:image|img|logo|pic|picture|photo|banner|图片|图像|标志|icon)\d*$|\.(?:jpe?g|png|gif|webp|bmp|svg)$",
    re.I,
)
_SENTENCE_MARK = re.compile(r"[。，,；;！!？?：:]")


def clients(content: Tag, source: Provenance, *, own_names: tuple[str, ...] = ()) -> list[Project]:
    """The clients the page names, each once, as projects whose counterparty is the client."""
    cards: list[tuple[str, list[str]]] = []
    for heading in _client_headings(content):
        cards += [(name, []) for name in _names_in(_section_after(heading))]
    cards += _showcase(content)
    seen: set[object] = set()
    out: list[Project] = []
    for name, delivered in cards:
        key = re.sub(r"\s+", "", name)
        if any(key and (key in own or own in key) for own in own_names if own):
            continue
        for work in delivered:  # a system built for this client is a project of its own
            if (key, work) not in seen:
                seen.add((key, work))
                out.append(Project(name=work, source=source, counterparty=name, kind="client"))
        if key not in seen and not delivered:
            seen.add(key)
            out.append(Project(name=name, source=source, counterparty=name, kind="client"))
    return out[:MAX_CLIENTS]


def _client_headings(content: Tag) -> Iterator[Tag]:
    """Elements whose whole short text says "our clients", as the outermost element saying only that."""
    done: set[int] = set()
    for string in content.find_all(string=True, limit=20_000):
        text = clean_label(str(string))
        if not isinstance(string.parent, Tag) or not (len(text) <= 12 and _CLIENT_HEADING.match(text) or _LEAD_IN.search(str(string).strip())):
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
        # the next heading ends the section; a grid of cards each headed by its name does not
        if sibling.name in _HEADING_TAGS or 0 < len(sibling.find_all(_HEADING_TAGS)) < MIN_ITEMS:
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
            if label and _is_client_name(label):  # an image's generic alt (Image, logo) says nothing either way
                runs.append(label)
    names = [clean_label(r) for r in runs if _is_client_name(clean_label(r))]
    if sum(1 for n in names if _GENERIC.search(n)) * 4 >= len(names):
        return []  # 「服务对象：政府机关 / 市政水务 / 工业园区」, 「7×24小时响应 / 终身维护」: sectors and promises, not clients
    if len(set(names)) < MIN_ITEMS or len(names) < 0.7 * len(runs):
        return []
    return names


# A sector (石油化工, 市政水务, 政府机关) or a service promise (终身维护, 7×24小时响应), not a body's name
_SECTOR = (r"政府|机关|事业单位|水务|园区|化工|能源|制药|医药|医疗|教育|金融|交通|电力|通信|制造|零售|物流|地产|房地产|汽车|军工|"
           r"航空|环保|市政|工业|商业|农业|科研|院校|高校|企业|行业|领域|部门|单位|电子|互联网|电商|食品|纺织|建筑|冶金|矿业|机械")
_GENERIC = re.compile(rf"^(?:[\u4e00-\u9fff]{{0,2}}(?:{_SECTOR}))+(?:行业|领域|客户|用户)?$|小时|维护|培训|响应|售后|质保|免费|终身|咨询|支持|保障|定制|上门")


def _is_client_name(text: str) -> bool:
    if not 2 <= len(text) <= 30 or _SENTENCE_MARK.search(text) or _NOT_A_NAME.search(text):
        return False
    if re.fullmatch(r"[\d\s.\-/%+]+", text):
        return False
    # Latin names are brands in capitals (KVAERNER, FWC, Arris), not words of a caption.
    return bool(re.search(r"[\u4e00-\u9fff]", text)) or bool(re.fullmatch(r"[A-Z][A-Za-z0-9&.\- ]{1,29}", text))


# A card's blurb that introduces its name as an organisation: 「指旺理财是由…」, 「新世界百货中国有限公司（…）是…」.
_INTRODUCES = re.compile(r"^[^，。,]{0,20}?(?:是|（|\(|，|成立于|创立于|创建于|隶属|作为|系)")
# The blurb says what kind of body the name is: a company, a school, a platform (「…是由…有限公司…」,
# 「，创建于1947年」); a person (「，男，1968年生」) or a product (「是一种…」) is no client.
_IS_ORGANISATION = re.compile(r"公司|集团|企业|机构|单位|学校|中学|小学|大学|学院|医院|银行|平台|政府|协会|中心|品牌|旗下|子公司|"
                              r"成立|创建|创立|组建|股份|上市|经营者|运营商|服务商|供应商|连锁|门店|百货|商城|电商|网站|媒体|报社|杂志")
_NOT_ORGANISATION = re.compile(r"^[，,]?\s*[男女][，,]|\d{4}年(?:出)?生|出生|是一[种款套个项台部]|产品|设备|系统|组件|材料|技术")
# What the company delivered to that client, named in book marks: 「定制了《电力监理业务在线管理系统》」
_DELIVERED = re.compile(r"(?:定制|开发|建设|实施|交付|部署|搭建|打造|承建|建成|上线)(?:开发)?(?:了|完成)?\s*(《[^《》]{2,40}》)")


def _showcase(content: Tag) -> list[tuple[str, list[str]]]:
    """Client cards: a short name, and beside it (in its block, or the block after it) a blurb that
    opens with that name and says what the organisation is; with what was delivered to it. At
    least three such cards of one shape."""
    found: dict[tuple[str, str], list[tuple[str, list[str]]]] = {}
    for block in content.find_all(["li", "div", "article", "dt", "h3", "h4", "h5"], limit=3000):
        runs = [t for t, s in text_runs(block) if isinstance(s, NavigableString)]
        if not runs or not _is_client_name(clean_label(runs[0])):
            continue
        name = clean_label(runs[0])
        if len(runs) == 1:  # the name alone: its blurb is the next block
            after = block.find_next_sibling()
            blurb_block = after if isinstance(after, Tag) else None
            blurb = blurb_block.get_text("", strip=True) if blurb_block else ""
        else:
            blurb_block, blurb = block, "".join(runs[1:])
        core = re.sub(r"^《|》$", "", name)
        rest = blurb[len(core):] if blurb.startswith(core) else blurb[2:]
        if len(blurb) >= 20 and blurb.startswith(core[:2]) and _INTRODUCES.match(rest) and _IS_ORGANISATION.search(rest[:80]) \
                and not _NOT_ORGANISATION.search(rest[:40]):
            shape = (block.name, " ".join(block.get("class") or []))
            delivered = list(dict.fromkeys(_DELIVERED.findall(blurb)))
            found.setdefault(shape, []).append((name, delivered))
    return [card for cards in found.values() if len(cards) >= MIN_ITEMS for card in cards]
