"""Reading a company's leaders from its own pages: names and titles, written either way round.

Only short standalone labels count ("董事长：王建国", "王建国 董事长", a name line beside a title
line, <dt>title</dt><dd>name</dd>): a name inside a sentence (a bio's former boss, a visitor) is
never read, and blocks headed 离任/former give nothing. No I/O; adapters hand in parsed HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from bs4 import Tag

from briefing.toolkit.html import rows_of, text_runs
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
# The words a form's cells label its fields with (「姓 名」「职 务」「简 历」): never a person, whatever
# their first character (简, 姓 are surnames too)
_NAME_LABEL = r"姓名|名字"
_TITLE_LABEL = r"职务|职位|现任职务|担任职务|现任|职衔"
_FORM_LABEL = re.compile(rf"^(?:{_NAME_LABEL}|{_TITLE_LABEL}|性别|职称|简历|个人简历|简介|个人简介|学历|学位|籍贯|民族|出生年月|出生日期|"
                         r"年龄|照片|政治面貌|分管工作|分管|工作分工|主要职责|工作职责|备注|序号)\s*[:：]?$")
_FORM_FIELD = re.compile(rf"^(?:(?P<name>{_NAME_LABEL})|(?P<title>{_TITLE_LABEL}))\s*[:：]\s*(?P<value>.*)$")
_NAME_COLUMN = re.compile(r"^(?:姓名|名字|name)$", re.I)
_TITLE_COLUMN = re.compile(r"^(?:职务|职位|现任职务|担任职务|title|position)$", re.I)


def executives(content: Tag, source: Provenance, *, own_names: tuple[str, ...] = (), company: str | None = None,
               only_in_cards: bool = False) -> list[Executive]:
    """Executives written as short labels: "董事长：王建国", "王建国 董事长", or a name and a title on neighbouring lines.

    Only standalone labels count: a name inside a sentence (a bio's former boss) is never read,
    and nothing from a block headed 离任/former. One person on two rows keeps both titles.
    `only_in_cards`: nobody unless the page shows its people as repeated name/post cards (a page
    about the company that shows its team too).
    """
    if only_in_cards and not _shows_member_cards(content):
        return []
    _drop_former(content)
    lines, blocks, shapes = _lines(content)
    found: dict[str, list[str]] = {}  # name -> titles, in the order the page gives them
    listed = _listed_people(content, found) | _table_people(content, found) | _card_people(content, found)
    used: set[int] = {i for i, line in enumerate(lines) if line in listed}  # lines already read
    _form_people(lines, used, found)
    signed = _signed_people(lines, own_names, used, found)
    signed.update(_posts_under_names(lines, own_names, used, found))
    _labelled_people(lines, listed, used, found)
    _neighbour_people(lines, blocks, used, found)
    _peer_people(lines, shapes, used, found)
    return [
        Executive(name=name, title="、".join(titles), source=source, company=signed.get(name, company))
        for name, titles in found.items()
    ]


# 「林某民，某某融联合创始人，先后就读于…」: a bio that opens with the name and the post held at a company
_BIO_OPENING = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4})(?:先生|女士)?[，,]\s*(?P<held>[^，,。；;：:]{3,40})[，,。；;]")


def bio_openings(content: Tag, source: Provenance, own_names: tuple[str, ...]) -> list[Executive]:
    """People whose bio opens with their post at the company itself (「林某民，某某融联合创始人，…」),
    on a page whose sections nothing names: the post must follow one of `own_names` at once, so
    another company's founder in the next bio (「周某辉，2007年创办某某…」) is never read."""
    found: dict[str, list[str]] = {}
    for line in _lines(content)[0]:
        match = _BIO_OPENING.match(line)
        if not match or not is_person_name(match.group("name")):
            continue
        held = match.group("held")
        own = next((o for o in sorted(own_names, key=len, reverse=True) if o and held.startswith(o)), None)
        said = re.split(r"[、/]|兼", held[len(own):].lstrip("的")) if own else []
        if said and all(is_title(p) for p in said):
            _add(found, match.group("name"), "、".join(said))
    return [Executive(name=name, title="、".join(titles), source=source, company=own_names[0] if own_names else None)
            for name, titles in found.items()]


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


# 「江苏某某集团有限公司副董事长、总经理；」: a company's name, then the posts held there
_ORG_POSTS = re.compile(r"^(?P<org>[\u4e00-\u9fff（）()]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团(?!有限|股份)|公司))(?P<posts>[^，。；;,]+?)[；;。，,]?$")


def _posts_under_names(lines: list[str], own_names: tuple[str, ...], used: set[int], found: dict[str, list[str]]) -> dict[str, str]:
    """A name on a line of its own, and on the next line the posts it holds at a company
    (「孟某 / 江苏某某集团有限公司董事长；」). Read only where that company is the site's own: named
    by the page, or the one most of the people listed hold their posts at. Posts at other bodies
    (an association, a platform, a past employer) and words that are no post (股东) are not read."""
    held: list[tuple[int, str, list[str]]] = []
    for i, line in enumerate(lines[:-1]):
        match = _ORG_POSTS.match(lines[i + 1])
        # the post line says the line above is a person: a surname the list lacks (荀, 撖) is allowed
        if i in used or i + 1 in used or not match or not is_person_name(line, any_surname=True):
            continue
        posts = [p for p in re.split(r"[、/]|兼", match.group("posts")) if is_title(p)]
        if posts:
            held.append((i, match.group("org"), posts))
    orgs = [org for _, org, _ in held]
    signed: dict[str, str] = {}
    for i, org, posts in held:
        given = any(o and (o in org or org in o) for o in own_names)
        if given or (orgs.count(org) >= 2 and orgs.count(org) * 2 > len(orgs)):
            _add(found, lines[i], "、".join(posts))
            signed.setdefault(lines[i], org)
            used.update((i, i + 1))
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


# A member card's post, as its element's class names it: <p class="position">, "title", "post", "job", "zhiwu"
_POST_CLASS = re.compile(r"^(?:[a-z]+[-_])*(?:position|post|title|job|zhiwu|zw|zhicheng|duty|role)(?:[-_][a-z]+)*$", re.I)
# The posts of a team's staff (美术设计师, 行政专员, 客户经理, Android主程, 项目PM, 需求分析主管): a job, not a
# leader's title, so read only where the layout says a post stands there (a post-classed element, the
# first clause under a named photo); never one naming a company (猪八戒网CPO) or a sentence (曾任…经理)
_STAFF_POST = re.compile(
    r"^(?P<field>[\u4e00-\u9fff]{0,6}|[A-Za-z][A-Za-z+#.]{1,11}\s?[\u4e00-\u9fff]{0,4})"
    r"(?:设计师|工程师|分析师|架构师|程序员|开发|专员|经理|主管|主程|组长|主任|顾问|助理|总监|会计|出纳|文员|前台|客服|编辑|策划|美工|销售|"
    r"PM|PL|PD|UI|UE|QA)$"
)
_NOT_A_FIELD = re.compile(r"公司|集团|有限|大学|学院|银行|医院|协会|网(?![络站页管])|负责|从事|擅长|精通|热爱|专注|参与|[任曾于在为是的了和与及之从到年月日]")


def _is_post(text: str) -> bool:
    """A leader's title, or a staff post, or several joined (「PHP主程兼技术组长」)."""
    if is_title(text):
        return True
    parts = [p.strip() for p in re.split(r"兼|[、/|｜]", text)]
    return all(_is_staff_post(p) or is_title(p) for p in parts)


def _is_staff_post(text: str) -> bool:
    match = _STAFF_POST.match(text)
    return bool(match) and not _NOT_A_FIELD.search(match.group("field"))


def _label(text: str) -> str:
    """A short label as the page's lines are cleaned (spaces spreading a name out, a courtesy title)."""
    return _HONORIFIC.sub("", clean_label(unspace(re.sub(r"\s+", " ", text))))


def _card_people(content: Tag, found: dict[str, list[str]]) -> set[str]:
    """Member cards: a name, then its post in an element classed as one (「<p class="name">陈某</p>
    <p class="position">技术总监</p>」), or a named photo over a bio opening with the post (「<img alt="陈某">
    <span>陈某</span><p>项目PM，负责…</p>」). Read only when at least two cards on the page say so: a
    team, not one caption. A post may be a staff job here (美术设计师). Returns the lines read."""
    pairs = _classed_cards(content) or _photo_cards(content)
    for name, post, _ in pairs:
        _add(found, name, normalise_titles(post))
    # the people of cards naming their own company (a vote's, a conference's) are read by no other rule
    elsewhere = {line for name, post, _ in _classed_cards(content, elsewhere=True) for line in (name, post)}
    return {line for name, _, shown in pairs for line in (name, shown)} | elsewhere


def _classed_cards(content: Tag, *, elsewhere: bool = False) -> list[tuple[str, str, str]]:
    """(name, post, the post's line) for each post-classed element right after a person's name,
    in a card that names no company of the person's own (a vote's or a client's card does);
    `elsewhere`: the cards that do, whatever their number."""
    named, pairs = set(), []
    for element in content.find_all(class_=_POST_CLASS, limit=200):
        before = element.find_previous_sibling()
        name = _label(before.get_text(" ", strip=True)) if before is not None else ""
        if not _is_card_name(name):
            continue
        named.add(name)
        shown = _label(element.get_text(" ", strip=True))
        if elsewhere == bool(_names_org(shown) or _names_own_company(element)) and (elsewhere or _is_post(shown)):
            pairs.append((name, shown, shown))
    return pairs if elsewhere else _team(named, pairs)


def _photo_cards(content: Tag) -> list[tuple[str, str, str]]:
    """(name, post, the bio's line) for each photo whose alt is the name shown under it, the bio's
    first clause being a post (「为人坦率，…」 is no post: that card gives nothing)."""
    named, pairs = set(), []
    for img in content.find_all("img", alt=True, limit=200):
        name = _label(img["alt"])
        runs = _card_runs(img, name) if _is_card_name(name) else []
        if name not in runs or runs.index(name) + 1 >= len(runs):
            continue
        named.add(name)
        bio = runs[runs.index(name) + 1]
        post = re.split(r"[，,；;。：:]", bio, maxsplit=1)[0].strip()
        if _is_post(post) and not _names_org(post):
            pairs.append((name, post, bio))
    return _team(named, pairs)


def _card_runs(img: Tag, name: str) -> list[str]:
    """The text of the card around a photo: the smallest frame (up to three up) that shows the name."""
    card = img.parent
    for _ in range(3):  # the photo may sit in a link or a frame of its own
        if not isinstance(card, Tag):
            break
        runs = [_label(text) for text, _ in text_runs(card)]
        if name in runs:
            return runs
        card = card.parent
    return []


def _is_card_name(text: str) -> bool:
    return is_person_name(text) and not _FORM_LABEL.match(text)


# A post naming an organisation is held elsewhere (猪八戒网CPO, 某某科技公司总经理): a guest's, a client's
_NAMES_ORG = re.compile(r"公司|集团|有限|大学|学院|银行|医院|协会|学会|网(?![络站页管])|科技|资本|基金|传媒|控股|股份|研究院|之一")
# A department of the company before the post (基金管理部总经理, 研究院主任): no other organisation
_DEPARTMENT_POST = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:部|处|室|科|研究院|中心)(?=(?:副|常务)?(?:总经理|经理|总监|主任|部长|院长|处长|负责人))")


def _names_org(post: str) -> bool:
    return bool(_NAMES_ORG.search(_DEPARTMENT_POST.sub("", post)))
_ORG_CLASS = re.compile(r"company|corp|org|danwei|unit|gongsi", re.I)
# a company's name standing alone (「某某建材有限公司」), not a bio's 「2005年加入本公司」
_ORG_NAME = re.compile(r"^(?!.*(?:本公司|加入|任职|就职|曾))[\u4e00-\u9fff（）()·A-Za-z]{2,30}(?:公司|集团|大学|学院|医院|银行|研究院|事务所)$")


def _names_own_company(post: Tag) -> bool:
    """The card beside the post names a company of the person's (「<p class="company">某某公司</p>」):
    a vote's or a conference's people, each from another company."""
    for sibling in (*post.find_previous_siblings(limit=3), *post.find_next_siblings(limit=3)):
        text = sibling.get_text(" ", strip=True)
        if _ORG_CLASS.search(" ".join(sibling.get("class") or [])) or _ORG_NAME.match(text):
            return True
    return False


def _team(named: set[str], pairs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The cards read, when they show a team: two people at least, with posts for most of the named
    cards (a guest list's bios mostly open with another company, and then none is read)."""
    read = {name for name, _, _ in pairs}
    return pairs if len(read) >= 2 and len(read) * 2 > len(named) else []


def _shows_member_cards(content: Tag) -> bool:
    """The page shows its people as repeated name/post cards (a team on an about page)."""
    return bool(_classed_cards(content) or _photo_cards(content))


def _table_people(content: Tag, found: dict[str, list[str]]) -> set[str]:
    """People in tables: under a heading row naming 姓名 and 职务 columns (「姓名 | 性别 | 职务 | 分管工作」),
    or a row of names over a row of their titles, cell by cell. Returns the names read."""
    read: set[str] = set()
    for table in content.find_all("table", limit=100):
        rows = [[clean_label(unspace(cell)) for cell in row] for row in rows_of(table)]
        for at, row in enumerate(rows[:3]):
            flat = [re.sub(r"\s+", "", c) for c in row]
            name_at = next((k for k, c in enumerate(flat) if _NAME_COLUMN.match(c)), None)
            title_at = next((k for k, c in enumerate(flat) if _TITLE_COLUMN.match(c)), None)
            if name_at is not None and title_at is not None:
                pairs = [(r[name_at], r[title_at]) for r in rows[at + 1:] if len(r) > max(name_at, title_at)]
                read |= _add_pairs(pairs, found)
                break
        else:
            for upper, lower in zip(rows, rows[1:]):
                names = [c for c in upper if c]
                if len(names) >= 2 and len(upper) == len(lower) and all(is_person_name(_HONORIFIC.sub("", n)) for n in names):
                    read |= _add_pairs([(n, t) for n, t in zip(upper, lower) if n], found, every=True)
    return read


def _add_pairs(pairs: list[tuple[str, str]], found: dict[str, list[str]], *, every: bool = False) -> set[str]:
    """(name, title) cells read as people where the name is a person's and the title a post's;
    `every`: all or none (a row of names over a row that is not all titles is something else)."""
    good = [(_HONORIFIC.sub("", n), t) for n, t in pairs if is_person_name(_HONORIFIC.sub("", n)) and is_title(t)]
    if not good or (every and len(good) < len(pairs)):
        return set()
    for name, title in good:
        _add(found, name, normalise_titles(title))
    return {name for name, _ in good}


def _form_people(lines: list[str], used: set[int], found: dict[str, list[str]]) -> None:
    """A form's fields, each label in a cell or line of its own or before its value
    (「姓名：」「李某红」「职务：」「总经理」): each name with the one title given before the next name."""
    fields: list[tuple[str, str, tuple[int, ...]]] = []  # (kind, value, lines read)
    for i, line in enumerate(lines):
        # 「姓名：孙某 职务：总工程师」: the fields of one line, each read alone
        for part in ([] if i in used else re.split(rf"\s+(?=(?:{_NAME_LABEL}|{_TITLE_LABEL})\s*[:：])", line)):
            match = _FORM_FIELD.match(part)
            if not match:
                continue
            kind = "name" if match.group("name") else "title"
            value, at = match.group("value").strip(), (i,)
            if not value and i + 1 < len(lines) and i + 1 not in used:
                value, at = lines[i + 1], (i, i + 1)
            if value and (is_person_name(value) if kind == "name" else is_title(value)):
                fields.append((kind, value, at))
    names = [k for k, (kind, _, _) in enumerate(fields) if kind == "name"]
    titles_first = bool(fields) and fields[0][0] == "title"  # the page's forms put one field first, always
    for n, k in enumerate(names):
        start = names[n - 1] + 1 if n else 0
        end = names[n + 1] if n + 1 < len(names) else len(fields)
        side = fields[start:k] if titles_first else fields[k + 1:end]
        titles = [f for f in side if f[0] == "title"]
        if len(titles) == 1:
            _add(found, fields[k][1], normalise_titles(titles[0][1]))
            used.update(fields[k][2] + titles[0][2])


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


# 「GE 郑某」, 「CCO Fiona」: a title's letters, then a name, as the page's other rows are written
_LETTERS_NAME = re.compile(r"^(?P<title>[A-Z]{2,4})\s+(?P<name>[\u4e00-\u9fff]{2,3}|[A-Z][a-z]{2,12})$")


def _peer_people(lines: list[str], shapes: list[tuple[str, str]], used: set[int], found: dict[str, list[str]]) -> None:
    """Rows written in the same element as rows already read as people, whose name the surname
    list does not know (撖, a rare surname; 「Fiona」 alone) or whose title is letters the list
    lacks (「GE」): on a page of leaders, a row shaped like its neighbours is one of them.

    Two shapes: a name line beside a title line (「<p class="name">撖某</p><p class="position">投资董事</p>」),
    and 「TITLE NAME」 in one line. At least two rows of the shape must already be people."""
    people = set(found)
    lone = Counter(shapes[i] for i, line in enumerate(lines) if line in people)
    named = [k for k, line in enumerate(lines) if line in people]
    # the title is on the side of the name the page's other names have theirs
    step = 1 if sum(1 for k in named if k + 1 < len(lines) and is_title(lines[k + 1])) >= \
        sum(1 for k in named if k > 0 and is_title(lines[k - 1])) else -1
    for i, line in enumerate(lines):
        j = i + step
        if i in used or line in people or lone[shapes[i]] < 2 or not 0 <= j < len(lines) or j in used:
            continue
        if is_title(lines[j]) and _peers_titled(lines, shapes, j, people) and is_person_name(line, any_surname=True):
            _add(found, line, normalise_titles(lines[j]))
            used.update((i, j))
    _peer_letter_rows(lines, shapes, used, found)


def _peer_letter_rows(lines: list[str], shapes: list[tuple[str, str]], used: set[int], found: dict[str, list[str]]) -> None:
    """「GE 郑某」 among rows 「CEO 田某飞」 already read: the same element, a title's letters, a name."""
    paired = Counter(shapes[i] for i in used if _LETTERS_NAME.match(lines[i]) or split_person(lines[i]))
    for i, line in enumerate(lines):
        match = _LETTERS_NAME.match(line)
        if i in used or not match or paired[shapes[i]] < 2 or split_person(line):
            continue
        name = match.group("name")
        if is_person_name(name, any_surname=True) or re.fullmatch(r"[A-Z][a-z]{2,12}", name):
            _add(found, name, match.group("title"))
            used.add(i)


def _peers_titled(lines: list[str], shapes: list[tuple[str, str]], j: int, people: set[str]) -> bool:
    """The title line at `j` is written in the element the titles beside known people are."""
    return sum(1 for k, line in enumerate(lines) if shapes[k] == shapes[j] and k != j and is_title(line)
               and any(0 <= n < len(lines) and lines[n] in people for n in (k - 1, k + 1))) >= 2


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


def _lines(content: Tag) -> tuple[list[str], list[int], list[tuple[str, str]]]:
    """The page's text lines, cleaned, each with the block it is written in (one caption, cell or
    line) and the shape of the element holding it (its tag and class: 「<p class="name">」)."""
    lines: list[str] = []
    blocks: list[int] = []
    shapes: list[tuple[str, str]] = []
    for raw, string in text_runs(content):
        line = clean_label(unspace(raw))
        english = _HAN_WITH_ENGLISH.match(line)
        if english and not is_title(english.group(2)):
            line = english.group(1)  # "周晴 Grace" is 周晴; "张伟 Director" keeps its title
        line = _HONORIFIC.sub("", _without_degree(line))
        if _FORM_LABEL.match(line):
            line = re.sub(r"\s+", "", line).rstrip(":：") + "："  # a field's label, never a name
        if lines and _LATIN_GIVEN.fullmatch(line) and not is_title(line) and is_han_name(lines[-1]):
            continue  # "周晴 <span>Grace</span>": the English given name beside the Chinese one
        lines.append(line)
        blocks.append(id(string.find_parent(_LINE_BLOCKS)))
        parent = string.parent
        shapes.append((parent.name, " ".join(parent.get("class") or [])) if isinstance(parent, Tag) else ("", ""))
    return lines, blocks, shapes


# A degree written beside a post (「博士，执行董事」, 「执行董事，管理学硕士」): a degree, never a post
_DEGREE = r"(?:[\u4e00-\u9fff]{0,4}(?:博士后|博士|硕士|学士)(?:研究生)?|EMBA|MBA|Ph\.?D\.?)"
_DEGREE_BESIDE = re.compile(rf"^{_DEGREE}\s*[，,、/|｜\s]\s*(?P<a>.+)$|^(?P<b>.+?)\s*[，,、/|｜\s]\s*{_DEGREE}$")


def _without_degree(line: str) -> str:
    """The post of a line that gives a degree beside it; any other line as it is."""
    match = _DEGREE_BESIDE.match(line)
    post = match and (match.group("a") or match.group("b"))
    return post if post and is_title(post) else line


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
