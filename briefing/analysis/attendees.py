"""The phone call's attendees, matched to what research found, with what their department cares about.

An attendee in the account file may be written "李明" with title 总经理, "李明总经理", "李总" or
"Li Ming". Each is matched to the research: an executive of the same name (the title confirms, but
a bare name matches too), or, for a surname with an address form (李总, 周经理), the one executive
of that surname whose title fits; and the articles and events that name them. Never a guess: a
shorthand that fits two people matches neither. No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.models import Article, Attendee, Dossier, Executive, Fact, Financing, Note, Project
from briefing.toolkit.normalise import is_person_name, is_title, split_person
from briefing.words import INTERESTS, KEY_DEPARTMENTS

# An address form after a surname, and what it stands for in a title.
_ADDRESS = {"总": ("总经理", "总裁", "总监", "副总", "总工", "总经济师", "总会计师"), "董": ("董事长", "董事"),
            "经理": ("经理",), "主任": ("主任",), "部长": ("部长",), "工": ("工程师", "总工"), "书记": ("书记",)}
_SHORTHAND = re.compile(r"^(?P<surname>[\u4e00-\u9fff]{1,2}?)(?P<form>总|董|经理|主任|部长|工|书记)$")
_HONORIFIC = re.compile(r"\s+|先生$|女士$|同志$")



@dataclass(frozen=True)
class Match:
    attendee: Attendee
    executive: Executive | None  # the research's record of them, if found
    mentions: tuple[Fact, ...]  # articles, events and notes that name them
    interests: str  # what their department tends to care about, "" when unknown


def _plain(name: str) -> str:
    return _HONORIFIC.sub("", name)


def _name_and_title(attendee: Attendee) -> tuple[str, str]:
    """"李明总经理" -> ("李明", "总经理"); a name as given otherwise."""
    name = _plain(attendee.name)
    split = split_person(name)
    if split and not attendee.title:
        return split[0], split[1]
    for cut in (2, 3):  # "李明总经理": a name, then a title with nothing between
        if len(name) > cut + 1 and is_person_name(name[:cut]) and is_title(name[cut:]):
            return name[:cut], attendee.title or name[cut:]
    return name, attendee.title


def match(dossier: Dossier) -> list[Match]:
    if dossier.visit is None:
        return []
    lang = "en" if dossier.language == "en" else "zh"
    people = [f for f in dossier.section("executives") if isinstance(f, Executive)]
    out = []
    for attendee in dossier.visit.attendees:
        name, title = _name_and_title(attendee)
        executive = _find(name, title, people)
        known = executive.name if executive else name
        mentions = tuple(_mentions(known, dossier)) if len(known) >= 2 and not _SHORTHAND.match(known) else ()
        out.append(Match(attendee, executive, mentions, interests(f"{title} {attendee.dept}", lang)))
    return out


def _titles(title: str) -> list[str]:
    return [t.strip() for t in re.split(r"[、,，/;；\s]+", title) if t.strip()]


def _agrees(wanted: str, found: str) -> bool:
    """The attendee's title does not contradict the record's (采购部经理 is not 董事长)."""
    if not wanted or not found:
        return True
    return any(a in b or b in a for a in _titles(wanted) for b in _titles(found))


def _fits(form: str, title: str) -> bool:
    """李总 fits a 总经理 or 副总裁, not a 总经理助理, a 董事会秘书 or a subsidiary's head."""
    for one in _titles(title):
        if re.search(r"助理|秘书|子公司|分公司|下属", one):
            continue
        core = re.sub(r"^(?:常务|执行|副|首席)", "", one)
        if any(core.startswith(word) or one.endswith(word) for word in _ADDRESS[form]):  # 总经理, 采购部经理
            return True
    return False


def _find(name: str, title: str, people: list[Executive]) -> Executive | None:
    same = [p for p in people if _plain(p.name).lower() == name.lower()]
    if same:
        # one person may be listed by several sources: the one whose title agrees; none if all contradict
        return next((p for p in same if _agrees(title, p.title)), None)
    shorthand = _SHORTHAND.match(name)
    if shorthand:
        surname, form = shorthand.group("surname"), shorthand.group("form")
        fits = {p.name: p for p in people if p.name.startswith(surname) and _fits(form, p.title) and _agrees(title, p.title)}
        if len(fits) == 1:  # 李总 with two 李 who are 总: neither
            return next(iter(fits.values()))
    return None


# What may stand right before or after a Chinese name in a sentence: a title, a connector, a verb.
# Anything else next to it may make another name (张李明, 李明辉).
_BEFORE = "长理总监任记席事师员人与和及由对向为是的了见同请邀"
_AFTER = re.compile(r"说|表示|指出|强调|介绍|出席|参加|参观|会见|带领|陪同|一行|先生|女士|总|董事|同志|等|和|与|及|在|是|为|对|向|的|已|将|也|还|"
                    r"主持|致辞|讲话|接受|任|担任|出任|一起|作|做|代表|率")


def _names(name: str, text: str) -> bool:
    """`name` stands as a name in `text`: 李明 not inside 李明辉 or 张李明, Li not inside Lithium."""
    if re.fullmatch(r"[A-Za-z][A-Za-z .\-]*", name):
        if len(name.replace(" ", "")) < 4:
            return False  # too short to find safely in Latin text
        return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text) is not None
    for found in re.finditer(re.escape(name), text):
        before = text[found.start() - 1] if found.start() else ""
        after = text[found.end():found.end() + 2]
        han_before = bool(re.match(r"[\u4e00-\u9fff]", before))
        han_after = bool(re.match(r"[\u4e00-\u9fff]", after[:1]))
        if (not han_before or before in _BEFORE) and (not han_after or _AFTER.match(after)):
            return True
    return False


def _mentions(name: str, dossier: Dossier) -> list[Fact]:
    found: list[Fact] = []
    for fact in dossier.facts:
        if isinstance(fact, Article) and _names(name, fact.title):
            found.append(fact)
        elif isinstance(fact, (Project, Financing, Executive)) and getattr(fact, "evidence", "") and _names(name, fact.evidence):
            found.append(fact)
        elif isinstance(fact, Note) and _names(name, fact.text):
            found.append(fact)
    return found[:3]


def interests(role: str, lang: str = "zh") -> str:
    for pattern, cares in INTERESTS[lang]:
        if re.search(pattern, role, re.I):
            return cares
    return ""


def missing_departments(dossier: Dossier) -> list[str]:
    """Key departments nobody attending comes from: worth asking who speaks for them."""
    if dossier.visit is None or not dossier.visit.attendees:
        return []
    lang = "en" if dossier.language == "en" else "zh"
    roles = " ".join(f"{a.title} {a.dept}" for a in dossier.visit.attendees)
    return [label for pattern, label in KEY_DEPARTMENTS[lang] if not re.search(pattern, roles, re.I)]
