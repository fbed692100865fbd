"""What changed between the dossier a brief was built from and a fresh one.

Material changes are the ones a salesperson would mention or ask about: new articles and events,
registry fields that changed, executives who came or left (or changed title), new projects,
shareholders who came, left or changed stake, new financing rounds, and new notes from the team.
A reworded overview, a source's fetch time or a page's view counter is not a change. Compared
on the dossier's JSON (briefing.models.Dossier.to_json), so a stored version compares with a new
one across releases. No I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

from briefing.models import Company
from briefing.toolkit.names import customer_names
from briefing.toolkit.sameness import near_day, same_news
from briefing.words import CHANGES


@dataclass(frozen=True)
class Change:
    kind: str  # "article", "project", "event", "person_in", "person_out", "person_title", "registration", "holder_in"...
    text: str  # said in the brief's language
    source_url: str = ""  # the source of the new fact, when there is one
    also: tuple[str, ...] = ()  # the other sources that report it: page 1 cites them all


@dataclass(frozen=True)
class Changes:
    since: datetime  # when the compared dossier was built
    items: tuple[Change, ...]

    @property
    def material(self) -> bool:
        return bool(self.items)

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since.isoformat(), "changed": self.material,
                "changes": [{"kind": c.kind, "text": c.text, "source": c.source_url, "also": list(c.also)} for c in self.items]}


class _Words:
    """How a change is said in the brief's language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.say = CHANGES["en" if language == "en" else "zh"]

    def bracket(self, text: str) -> str:
        return (f" ({text})" if self.language == "en" else f"（{text}）") if text else ""

    def when(self, item: dict[str, Any], key: str = "date") -> str:
        value = item.get(key) or {}
        return self.bracket(value.get("value", "")[:10]) if isinstance(value, dict) else ""


Differ = Callable[[dict[str, Any], dict[str, Any], _Words], Iterator[Change]]


def compare(old: dict[str, Any], new: dict[str, Any], since: datetime, language: str = "zh") -> Changes:
    """Every section's changes, in the order of SECTIONS."""
    words = _Words(language)
    return Changes(since, tuple(change for _, differ in SECTIONS for change in differ(old, new, words)))


def _articles(old: dict[str, Any], new: dict[str, Any], w: _Words) -> Iterator[Change]:
    """Articles not read before: by address, or as the same news under another source's headline
    (the website's report was known, the news feed's is not news)."""
    for article in _new_articles(old, new):
        yield Change("article", w.say["article"].format(title=article["title"], date=w.when(article, "published")),
                     article["source"]["url"], _also(article))


def _projects(old: dict[str, Any], new: dict[str, Any], w: _Words) -> Iterator[Change]:
    """New projects, and new events (a tender won, a signing) that no new article already reports."""
    old_projects = {_project_key(p) for p in old.get("projects", [])}
    reported = _new_articles(old, new)
    for project in new.get("projects", []):
        if _project_key(project) in old_projects or any(_same_event(project, p) for p in old.get("projects", [])):
            continue
        if project.get("kind") in ("tender_won", "signing") and any(
                _sources(project) & _sources(a) and near_day(_day(project, "date"), _day(a, "published"), 3) for a in reported):
            continue  # the article that reports it is listed: one line per piece of news
        if project.get("kind") in ("tender_won", "signing"):
            what = w.say["won"] if project["kind"] == "tender_won" else w.say["signing"]
            text = w.say["event"].format(what=what, name=project.get("counterparty") or project["name"], date=w.when(project))
            yield Change("event", text, project["source"]["url"], _also(project))
        else:
            yield Change("project", w.say["project"].format(name=project["name"], date=w.when(project)), project["source"]["url"],
                         _also(project))


def _executives(old: dict[str, Any], new: dict[str, Any], w: _Words) -> Iterator[Change]:
    """People who came, changed title, or left."""
    old_people = _people(old.get("executives", []))
    new_people = _people(new.get("executives", []))
    read_now = _read_sources(new)
    for name, (titles, url, _) in new_people.items():
        if name not in old_people:
            yield Change("person_in", w.say["person_in"].format(name=name, title="、".join(sorted(titles))), url)
        elif not titles & old_people[name][0] and not any(_same_titles(a, b) for a in titles for b in old_people[name][0]):
            yield Change("person_title", w.say["person_title"].format(
                name=name, old="、".join(sorted(old_people[name][0])), new="、".join(sorted(titles))), url)
    for name, (titles, _, sources) in old_people.items():
        # gone only if a source that listed them was read this time and no longer does
        if name not in new_people and sources & read_now:
            # cited: the page that listed them, read again, and no longer does
            yield Change("person_out", w.say["person_out"].format(name=name, title="、".join(sorted(titles))), min(sources & read_now))


def _registration(old: dict[str, Any], new: dict[str, Any], w: _Words) -> Iterator[Change]:
    """Registry fields whose value changed."""
    for field, item in (new.get("registration") or {}).items():
        before = (old.get("registration") or {}).get(field)
        if item is None or before is None:
            continue  # a field newly read or no longer read is a change of sources, not of the company
        if not _values(item) & _values(before):  # a source's other value (conflicts) is not a change
            yield Change("registration", w.say["registration"].format(field=field, old=before.get("text"), new=item.get("text")),
                         item["source"]["url"])


def _shareholders(old: dict[str, Any], new: dict[str, Any], w: _Words) -> Iterator[Change]:
    """Holders who came, changed stake, or left."""
    old_holders = {h["name"]: h for h in old.get("shareholders", [])}
    new_holders = {h["name"]: h for h in new.get("shareholders", [])}
    if not new_holders:  # no holders this time: the registry page was not read, not a company with no owners
        return
    for name, holder in new_holders.items():
        stake = _stake(holder)
        if name not in old_holders:
            yield Change("holder_in", w.say["holder_in"].format(name=name, stake=w.bracket(stake)), holder["source"]["url"])
        elif _share(holder) is not None and _share(old_holders[name]) != _share(holder):
            # compared as numbers: 51% and 51.00% are one stake; an unknown stake that becomes known is news
            yield Change("holder_stake", w.say["holder_stake"].format(name=name, old=_stake(old_holders[name]) or "?", new=stake),
                         holder["source"]["url"])
    read_now = {h["source"]["url"] for h in new_holders.values()}
    for name, holder in old_holders.items():
        if name not in new_holders:
            # cited only when the page that listed them was read again and no longer does
            gone_from = holder["source"]["url"] if holder["source"]["url"] in read_now else ""
            yield Change("holder_out", w.say["holder_out"].format(name=name, stake=w.bracket(_stake(holder))), gone_from)


def _financing(old: dict[str, Any], new: dict[str, Any], w: _Words) -> Iterator[Change]:
    """New rounds, and rounds whose amount changed."""
    old_rounds: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in old.get("financing", []):
        old_rounds.setdefault(_round_key(r), []).append(r)
    for r in new.get("financing", []):
        amount = f" {r['amount']['text']}" if r.get("amount") else ""
        earlier = old_rounds.get(_round_key(r))
        if earlier is None and not _round_key(r)[1]:  # a source that gives no date: the same round by name
            earlier = next((v for k, v in old_rounds.items() if k[0] == _round_key(r)[0]), None)
        if earlier is None:
            yield Change("financing", w.say["financing"].format(round=r.get("round", ""), amount=amount, date=w.when(r)),
                         r["source"]["url"])
        elif r.get("amount") and all(e.get("amount") and _amount(e) != _amount(r) for e in earlier):
            yield Change("financing", w.say["financing_amount"].format(round=r.get("round", ""), amount=amount.strip(),
                                                                        old=earlier[0]["amount"]["text"]), r["source"]["url"])


def _notes(old: dict[str, Any], new: dict[str, Any], w: _Words) -> Iterator[Change]:
    """Notes the team added."""
    old_notes = {(n.get("author"), n.get("text")) for n in old.get("notes", [])}
    for note in new.get("notes", []):
        if (note.get("author"), note.get("text")) not in old_notes:
            yield Change("note", w.say["note"].format(author=note.get("author", ""), text=note.get("text", "")[:80]),
                         note["source"]["url"])


# Each section of the dossier's JSON and its differ, in the order the changes are listed.
SECTIONS: tuple[tuple[str, Differ], ...] = (
    ("articles", _articles),
    ("projects", _projects),
    ("executives", _executives),
    ("registration", _registration),
    ("shareholders", _shareholders),
    ("financing", _financing),
    ("notes", _notes),
)


def _names(dossier: dict[str, Any]) -> list[str]:
    company = dossier.get("company") or {}
    return customer_names(Company(company.get("name", ""), tuple(company.get("aliases", ())))) if company.get("name") else []


def _day(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value.get("value") if isinstance(value, dict) else None


def _same_article(a: dict[str, Any], b: dict[str, Any], names: list[str]) -> bool:
    return same_news("article", (_day(a, "published"), _day(b, "published")), a.get("title"), b.get("title"), names)


def _same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("kind") != b.get("kind"):
        return False
    field = "counterparty" if a.get("kind") == "signing" else "name"
    return same_news(str(a.get("kind")), (_day(a, "date"), _day(b, "date")), a.get(field), b.get(field))


def _sources(item: dict[str, Any]) -> set[str]:
    """Every page a fact was read from: its source and the others that report it."""
    return {item["source"]["url"], *(s["url"] for s in item.get("also", []) if isinstance(s, dict))}


def _new_articles(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The articles this comparison reports as new."""
    names = _names(new)
    known = {_article_key(a) for a in old.get("articles", [])}
    return [a for a in new.get("articles", [])
            if _article_key(a) not in known and not any(_same_article(a, b, names) for b in old.get("articles", []))]


def _article_key(article: dict[str, Any]) -> str:
    """The same article whatever the scheme, tracking parameters or a trailing slash."""
    url = article.get("url") or ""
    if not url:
        return article.get("title", "")
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith(("utm_", "spm", "from"))])
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{query}"


def _also(item: dict[str, Any]) -> tuple[str, ...]:
    """The other pages that report an article or event (the dossier's `also`), in their order."""
    urls = (s.get("url") for s in item.get("also", []) if isinstance(s, dict))
    return tuple(dict.fromkeys(url for url in urls if url and url != item["source"]["url"]))


def _project_key(project: dict[str, Any]) -> tuple[str, str]:
    return (" ".join(project.get("name", "").split()), project.get("kind", ""))


def _people(items: Iterable[dict[str, Any]]) -> dict[str, tuple[set[str], str, set[str]]]:
    """name -> (every title any source gives, the first source's URL, every source that lists them)."""
    people: dict[str, tuple[set[str], str, set[str]]] = {}
    for item in items:
        titles, url, sources = people.setdefault(item["name"], (set(), item["source"]["url"], set()))
        if item.get("title"):
            titles.add(item["title"])
        sources.add(item["source"]["url"])
    return people


def _read_sources(dossier: dict[str, Any]) -> set[str]:
    """Every page URL a fact of this dossier came from: the sources that were read."""
    found: set[str] = set()
    for section, items in dossier.items():
        if isinstance(items, list):
            found |= {i["source"]["url"] for i in items if isinstance(i, dict) and isinstance(i.get("source"), dict)}
    return found


def _values(item: dict[str, Any]) -> set[str]:
    return {_canonical(v.get("value")) for v in [item, *item.get("conflicts", [])]}


def _share(holder: dict[str, Any]) -> float | None:
    stake = holder.get("stake") or {}
    value = stake.get("value") if isinstance(stake, dict) else None
    return round(float(value), 4) if isinstance(value, (int, float)) else None


def _round_key(r: dict[str, Any]) -> tuple[str, str]:
    date = r.get("date") or {}
    return (str(r.get("round", "")), str(date.get("value", ""))[:7] if isinstance(date, dict) else "")


def _amount(r: dict[str, Any]) -> str:
    amount = r.get("amount") or {}
    return str(amount.get("value", amount.get("text", "")))


def _same_titles(a: str, b: str) -> bool:
    return set(a.replace("，", "、").split("、")) == set(b.replace("，", "、").split("、"))


def _stake(holder: dict[str, Any]) -> str:
    stake = holder.get("stake") or {}
    return stake.get("text", "") if isinstance(stake, dict) else ""


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
