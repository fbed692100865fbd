"""Merging facts that several pages or sources say about the same thing.

The same executive on the home page and the leadership page is one person; the same case in a
list and on its detail page is one project. Merging keeps the losers: where two sources disagree
on a value, both facts stay, each with its source, so the brief can show the conflict.

One piece of news reported by the website, the WeChat account and a news feed is one article and
one event, with every source in `also` (briefing.toolkit.sameness says when two are the same), so
the dossier, page 1, the timeline, 近期动态 and `refresh` each count it once.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace

from briefing.models import Article, Company, Executive, Fact, Financing, Overview, Project, Registration, Shareholder
from briefing.toolkit.names import customer_names
from briefing.toolkit.sameness import same_news


def _key_text(text: str) -> str:
    return re.sub(r"[\s\u3000·•,，。.、:：\"'“”‘’()（）\[\]【】《》-]+", "", text).lower()


def _filled(fact: Fact) -> int:
    return sum(1 for f in fields(fact) if f.name not in ("source", "also") and getattr(fact, f.name) not in (None, "", ()))


def _merge_executives(facts: list[Executive]) -> list[Fact]:
    by_name: dict[str, Executive] = {}
    for fact in facts:
        known = by_name.get(fact.name)
        if known is None:
            by_name[fact.name] = fact
            continue
        titles = [t for t in re.split(r"、", known.title) if t]
        titles += [t for t in re.split(r"、", fact.title) if t and t not in titles and t not in known.title]
        by_name[fact.name] = replace(known, title="、".join(titles))
    return list(by_name.values())


def _comparable(value: object) -> object:
    """Normalised values agree when their values do: "2023年6月" and "2023-06" are one date."""
    return getattr(value, "value", value)


def _merge_rich(facts: list[Fact], key) -> list[Fact]:  # type: ignore[no-untyped-def]
    """One fact per key: the one that says most; another that contradicts it on a value stays too."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(key(fact), []).append(fact)
    out: list[Fact] = []
    for group in groups.values():
        best = max(group, key=_filled)
        kept = [best]
        for other in group:
            if other is best:
                continue
            if any(
                getattr(other, f.name) not in (None, "", ())
                and getattr(best, f.name) not in (None, "", ())
                and _comparable(getattr(other, f.name)) != _comparable(getattr(best, f.name))
                and f.name not in ("source", "url", "account", "evidence", "also")
                for f in fields(other)
            ):
                kept.append(other)
            elif hasattr(best, "also") and other.source != best.source:
                # the same project from another page or source: one entry, all its sources
                kept[0] = best = replace(best, also=tuple(dict.fromkeys((*best.also, other.source))))  # type: ignore[arg-type]
        out += kept
    return out


def merge_facts(facts: list[Fact], company: Company | None = None) -> list[Fact]:
    """Facts with duplicates merged, in a stable order: by section, then as first seen."""
    by_type: dict[type, list[Fact]] = {}
    for fact in facts:
        by_type.setdefault(type(fact), []).append(fact)
    out: list[Fact] = []
    for kind, group in by_type.items():
        if kind is Executive:
            out += _merge_executives(group)  # type: ignore[arg-type]
        elif kind is Project:
            out += _merge_rich(group, lambda f: _key_text(f.name))
        elif kind is Article:
            # By address: links arrive without fragments, except anchors to items of one page.
            out += _merge_rich(group, lambda f: f.url or _key_text(f.title))
        elif kind is Financing:  # one round read from a feed entry and from its article
            out += _merge_rich(group, lambda f: _key_text(f.round) + (f.date.value[:7] if f.date else ""))
        elif kind is Shareholder:
            out += _merge_rich(group, lambda f: _key_text(f.name))
        elif kind in (Overview, Registration):
            seen: set[tuple] = set()
            for fact in group:
                sig = (fact.text,) if isinstance(fact, Overview) else (fact.field, str(fact.value))
                if sig not in seen:
                    seen.add(sig)
                    out.append(fact)
        else:
            out += group
    return _one_per_news(out, customer_names(company))


def _day(fact: Fact) -> str | None:
    value = fact.published if isinstance(fact, Article) else getattr(fact, "date", None)
    return value.value[:10] if value is not None else None


def _same_news(a: Fact, b: Fact, names: list[str]) -> bool:
    """Two sources' reports of one piece of news: the same kind, within a day, the same headline
    or (for an event read from the text) the same other party or project."""
    if type(a) is not type(b) or a.source.url == b.source.url:
        return False
    if isinstance(a, Article) and isinstance(b, Article):
        return same_news("article", (_day(a), _day(b)), a.title, b.title, names)
    if isinstance(a, Project) and isinstance(b, Project) and a.kind == b.kind:
        words = (a.counterparty, b.counterparty) if a.kind == "signing" else (a.name, b.name)
        return same_news(a.kind, (_day(a), _day(b)), *words, names)
    return False


def _one_per_news(facts: list[Fact], names: list[str]) -> list[Fact]:
    """Articles and events that report one piece of news folded into one: the report that says
    most leads (its headline, summary and link are shown), the others' sources in `also`."""
    groups: list[list[Fact]] = []
    at: dict[int, int] = {}  # a fact's position -> its group
    for position, fact in enumerate(facts):
        if isinstance(fact, Article) or (isinstance(fact, Project) and fact.kind in ("signing", "tender_won")):
            found = next((g for g, group in enumerate(groups) if any(_same_news(fact, other, names) for other in group)), None)
            if found is not None:
                groups[found].append(fact)
                at[position] = found
                continue
        at[position] = len(groups)
        groups.append([fact])
    out: list[Fact] = []
    for position, fact in enumerate(facts):
        group = groups[at[position]]
        if group[0] is not fact:
            continue  # folded into the group's first position
        if len(group) == 1:
            out.append(fact)
            continue
        lead = max(group, key=_told)
        others = [f.source for f in group if f is not lead] + [s for f in group for s in getattr(f, "also", ())]
        out.append(replace(lead, also=tuple(dict.fromkeys(s for s in (*lead.also, *others) if s != lead.source))))  # type: ignore[attr-defined]
    return out


def _told(fact: Fact) -> tuple[int, int, int]:
    """How much a report says: its fields, its summary or evidence, its headline's length."""
    words = getattr(fact, "summary", "") or getattr(fact, "evidence", "")
    return (_filled(fact), len(words), len(getattr(fact, "title", "") or getattr(fact, "name", "")))
