"""Reading the clients a company's website names: 「主要客户」 walls of logos, 「部分客户」 tables,
client showcase cards, and clients a sentence names in a row (「与某尔、某东等300家企业深度合作」).

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
from briefing.toolkit.normalise import clean_label, is_person_name

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
    r"|^(?:image|img|logo|pic|picture|photo|banner|图片|图像|标志|icon)\d*$|\.(?:jpe?g|png|gif|webp|bmp|svg)$"
    r"|^(?:客户|合作|伙伴|品牌|案例|公司|企业)?\s*(?:logo|标志|图标|图片)\d*$|^全部$",
    re.I,
)
_SENTENCE_MARK = re.compile(r"[。，,；;！!？?：:]")


def clients(content: Tag, source: Provenance, *, own_names: tuple[str, ...] = ()) -> list[Project]:
    """The clients the page names, each once, as projects whose counterparty is the client."""
    cards: list[tuple[str, list[str]]] = []
    for heading in _client_headings(content):
        cards += [(name, []) for name in _names_in(_section_after(heading))]
    cards += _showcase(content) + [(name, []) for name in _testimonials(content)]
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
        # a filter bar's tabs (「全部 / 消费电子 / 新能源汽车」, links to nowhere) are no names
        tabs = {clean_label(a.get_text(" ", strip=True)) for a in block.find_all("a") if str(a.get("href") or "").startswith(("javascript", "#"))
                and a.find("img") is None}
        runs += [text for text, _ in text_runs(block) if clean_label(text) not in tabs]
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


# A testimonial's speaker labelled by organisation: 「<span class="bigword">金山词霸：</span><span>现在用户…</span>」
_SPEAKER = re.compile(r"^(?P<name>[^：:，,。]{2,16})\s*[:：]$")
_FIELD_LABEL = re.compile(r"地址|电话|手机|邮箱|传真|联系|网址|时间|日期|邮编|QQ|微信|备注|名称|编号|价格|来源|作者", re.I)
# What a client says of the company in its own words: 我们, 让我们, 推荐, 服务…
_SPEAKS_OF_US = re.compile(r"我们|我司|推荐|服务|合作|帮助|满意|信赖|支持")


def _testimonials(content: Tag) -> list[str]:
    """Clients quoted on the page, each under its organisation's name as a label (「金山词霸：」 over
    what it says of the company); at least two such cards of one shape, none a form's field."""
    by_shape: dict[tuple[str, str], list[str]] = {}
    for label in content.find_all(["span", "strong", "b", "p", "h3", "h4", "h5", "dt", "div"], limit=2000):
        match = _SPEAKER.match(re.sub(r"\s+", "", label.get_text("", strip=True)))
        said = label.find_next_sibling()
        if not match or said is None or label.find(["p", "div", "li"]) is not None:
            continue
        name, words = match.group("name").strip(), said.get_text(" ", strip=True)
        person = is_person_name(name) or re.search(r"(?:先生|女士|小姐|老师|经理|总监|总|董|同学|家长|用户|客户|网友)$", name)
        if len(words) >= 30 and _SPEAKS_OF_US.search(words) and _is_client_name(name) and not _FIELD_LABEL.search(name) and not person:
            by_shape.setdefault((label.name, " ".join(label.get("class") or [])), []).append(name)
    return [name for names in by_shape.values() if len(names) >= 2 for name in names]


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
_NOT_ORGANISATION = re.compile(r"^[，,]?\s*[男女][，,]|\d{4}年(?:出)?生|出生|是一[种款套个项台部]|(?:产品|设备|系统|组件|材料|技术)(?![\u4e00-\u9fff]{0,8}?(?:企业|公司|集团|供应商|服务商|提供商|制造商|厂商|厂家))")
# What the company delivered to that client, named in book marks: 「定制了《电力监理业务在线管理系统》」
_DELIVERED = re.compile(r"(?:定制|开发|建设|实施|交付|部署|搭建|打造|承建|建成|上线|加装|安装)(?:开发)?(?:了|完成)?\s*(《[^《》]{2,40}》)")


# What the company made for the card's client: 「微伍为“水果皇子”打造…」, 「为某某学院建设…」
_SERVED = re.compile(r"(?:为|帮助|助力|协助)\s*[“\"「『]?(?P<target>[^“”\"「」『』，。,；;！!？?]{2,30}?)[”\"」』]?\s*"
                     r"(?:量身|精心|全新|全面|专门|专属)?(?:打造|建设|建立|开发|定制|搭建|制作|设计|实现|策划|推出|部署|上线)")
# The blurb's subject, up to where it says what it is: 「陕西某某锁业有限公司——是…」, 「快消行业-某某冰泉是…」
_SUBJECT = re.compile(r"^(?P<subject>[^，。,；;]{2,30}?)\s*(?:——|—|是|（|\(|，|,|成立于|创立于|创建于|始建于|隶属|作为|系|位于|诞生于)")
# A card named as a work, not as a body: 「某某大厦幕墙工程」, 「某某管理系统」
_WORK_NAME = re.compile(r"(?:工程|项目|系统|改造|大厦|大楼|大桥|公路|铁路|隧道|电站|管网|标段|施工|设计)$")


def _showcase(content: Tag) -> list[tuple[str, list[str]]]:
    """Client cards: a short name, and beside it (in its block, or the block after it) a blurb that
    says what that organisation is, or what the company made for it; with what was delivered to it.

    At least three such cards of one shape; when they are at least half of the cards of that
    shape, the shape's other cards are clients too (a card whose blurb is the client's own slogan,
    or another card's blurb pasted by mistake, is still a card of the client wall)."""
    found: dict[tuple[str, str], list[tuple[str, list[str], bool]]] = {}
    named: list[tuple[Tag, str]] = []
    for block in content.find_all(["li", "div", "article", "dt", "h3", "h4", "h5"], limit=3000):
        runs = [t for t, s in text_runs(block) if isinstance(s, NavigableString)]
        if runs and _is_client_name(clean_label(runs[0])) and not _WORK_NAME.search(clean_label(runs[0])):
            named.append((block, clean_label(runs[0])))
    # A block holding the name line of another card is a section (「电力企业」 and its cards), not a card.
    inside: dict[int, set[str]] = {}
    for block, name in named:
        if clean_label(block.get_text(" ", strip=True)) != name:
            continue  # not a name line: a card, or a blurb whose first words look like a name
        for parent in block.parents:
            inside.setdefault(id(parent), set()).add(name)
    for block, name in named:
        if inside.get(id(block), set()) - {name}:
            continue
        runs = [t for t, s in text_runs(block) if isinstance(s, NavigableString)]
        if len(runs) == 1:  # the name alone: its blurb is the next block (not a list of other cards)
            after = block.find_next_sibling()
            blurb = after.get_text("", strip=True) if isinstance(after, Tag) and not inside.get(id(after), set()) - {name} else ""
        else:
            blurb = "".join(runs[1:])
        if len(blurb) < 20:
            continue
        shape = (block.name, " ".join(block.get("class") or []))
        delivered = list(dict.fromkeys(_DELIVERED.findall(blurb)))
        found.setdefault(shape, []).append((name, delivered, _introduces(name, blurb) or _served(name, blurb)))
    out: list[tuple[str, list[str]]] = []
    for cards in found.values():
        told = sum(1 for *_, ok in cards if ok)
        if told >= MIN_ITEMS:
            wall = told * 2 >= len(cards)
            out += [(name, delivered) for name, delivered, ok in cards if ok or wall]
    return out


def _introduces(name: str, blurb: str) -> bool:
    """The blurb opens by saying what the card's organisation is: 「指旺理财是由…」, or under its
    full name 「陕西居安之家锁业有限公司——是…」 for the card 「居安之家」."""
    core = re.sub(r"^《|》$", "", name)
    if blurb.startswith(core[:2]):
        rest = blurb[len(core):] if blurb.startswith(core) else blurb[2:]
        if _INTRODUCES.match(rest) and _IS_ORGANISATION.search(rest[:80]) and not _NOT_ORGANISATION.search(_first_sentence(rest)):
            return True
    subject = _SUBJECT.match(blurb)
    if subject is None or not _shares_name(core, subject.group("subject")):
        return False
    rest = blurb[subject.end("subject"):]
    return bool(_IS_ORGANISATION.search(subject.group("subject") + rest[:80])) and not _NOT_ORGANISATION.search(_first_sentence(rest))


# 「针对其特点，某某团队为其量身打造了…」: the card's client as a pronoun
_SERVED_IT = re.compile(r"为(?:其|他们|该(?:公司|企业|客户|品牌))\s*(?:量身|精心|全新|全面|专门|专属)?(?:打造|建设|开发|定制|搭建|制作|设计|策划)")


def _first_sentence(rest: str) -> str:
    """What the blurb says the name is: its first sentence (the next may name a system built for it)."""
    return re.split(r"[。！？!?]", rest, maxsplit=1)[0][:40]


def _served(name: str, blurb: str) -> bool:
    """The blurb says the company made something for the card's client: 「…为“水果皇子”打造…」,
    「…为其量身打造了一系列VI作品」."""
    core = re.sub(r"^《|》$", "", name)
    return any(_shares_name(core, m.group("target")) for m in _SERVED.finditer(blurb)) or bool(_SERVED_IT.search(blurb))


def _shares_name(name: str, other: str) -> bool:
    """Two spellings of one name: one inside the other, or three characters in a row in common
    (「正职帮官网」 and 「西安正职帮服饰有限公司」)."""
    a, b = re.sub(r"\s+", "", name), re.sub(r"\s+", "", other)
    short, long_ = sorted((a, b), key=len)
    if short in long_:
        # 「物美」 (the blurb's whole subject) for 「北京物美商业集团」; never 「电子」 inside 「某某电子有限公司」
        return len(short) >= 3 or (len(short) == 2 and short == b)
    return any(a[i:i + 3] in b for i in range(len(a) - 2))


# 「与青岛某尔、京某集团、国家某馆等300家知名企业深度合作」: clients named in a row, in prose
# (banks and institutes 「等金融机构」, 「等科研院所」 are lenders and partners, not clients)
_CLIENTS_IN_A_ROW = re.compile(
    r"(?P<lead>与|同|为|服务于|服务过|客户包括|客户有|客户涵盖|包括|如)(?P<items>[^，。；;：:、]{2,14}(?:、[^，。；;：:、]{2,14}){2,})"
    r"等(?:\d+\s*多?\s*[家个])?(?:多家|众多|一批)?(?:知名|大型|著名|国内外|优质|世界500强)*"
    r"(?P<noun>企业|客户|公司|单位|集团|品牌|商家|用户)?(?P<rest>[^。；;]{0,30})")
# 「电力」, 「科技」: a sector or a word of a company's name, never a client (「恒某地产」 is one)
_SECTOR_ONLY = re.compile(rf"^(?:{_SECTOR}|科技|信息|技术|服务|咨询|贸易|投资|实业|管理|发展|文化|传媒|网络|软件)+(?:行业|领域|客户|用户)?$")
# what the sentence says the company does with them: works for or with them, not competes
_WORKS_WITH = re.compile(r"合作|服务|提供|签约|签订|选择|信赖|采用|使用|客户")


def clients_in_prose(text: str, source: Provenance, *, own_names: tuple[str, ...] = ()) -> list[Project]:
    """Clients a sentence names in a row and says the company works with or for. Sectors
    (「电力、石化、市政等行业」) and rivals (「与…等企业同台竞技」) are no clients."""
    out: list[Project] = []
    seen: set[str] = set()
    for match in _CLIENTS_IN_A_ROW.finditer(text[:60_000]):
        said = match.group("lead").startswith("客户") or (match.group("noun") and _WORKS_WITH.search(match.group("rest")))
        if not said:
            continue
        names = [clean_label(n) for n in match.group("items").split("、")]
        if not all(_is_client_name(n) and not _SECTOR_ONLY.match(n) for n in names):
            continue
        for name in names:
            key = re.sub(r"\s+", "", name)
            if key not in seen and not any(o and (o in key or key in o) for o in own_names):
                seen.add(key)
                out.append(Project(name=name, source=source, counterparty=name, kind="client", evidence=match.group(0)[:240]))
    return out
