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
from typing import Any, Iterable

_SAY = {
    "zh": {
        "article": "新动态：「{title}」{date}",
        "project": "新项目：「{name}」{date}",
        "event": "新事件：{what}「{name}」{date}",
        "person_in": "新出现的高层：{name}（{title}）",
        "person_out": "不再列出的高层：{name}（{title}）",
        "person_title": "职务变化：{name} {old} → {new}",
        "registration": "工商信息变化：{field} {old} → {new}",
        "holder_in": "新股东：{name}{stake}",
        "holder_out": "退出的股东：{name}{stake}",
        "holder_stake": "持股变化：{name} {old} → {new}",
        "financing": "新融资：{round}{amount}{date}",
        "note": "新的内部笔记（{author}）：{text}",
        "won": "中标", "signing": "签约",
    },
    "en": {
        "article": "New: \u201c{title}\u201d{date}",
        "project": "New project: \u201c{name}\u201d{date}",
        "event": "New event: {what} \u201c{name}\u201d{date}",
        "person_in": "New in leadership: {name} ({title})",
        "person_out": "No longer listed: {name} ({title})",
        "person_title": "Title changed: {name} {old} → {new}",
        "registration": "Registry changed: {field} {old} → {new}",
        "holder_in": "New shareholder: {name}{stake}",
        "holder_out": "Shareholder left: {name}{stake}",
        "holder_stake": "Stake changed: {name} {old} → {new}",
        "financing": "New round: {round}{amount}{date}",
        "note": "New note ({author}): {text}",
        "won": "won", "signing": "signed",
    },
}


@dataclass(frozen=True)
class Change:
    kind: str  # "article", "project", "event", "person_in", "person_out", "person_title", "registration", "holder_in"...
    text: str  # said in the brief's language
    source_url: str = ""  # the source of the new fact, when there is one


@dataclass(frozen=True)
class Changes:
    since: datetime  # when the compared dossier was built
    items: tuple[Change, ...]

    @property
    def material(self) -> bool:
        return bool(self.items)

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since.isoformat(), "changed": self.material,
                "changes": [{"kind": c.kind, "text": c.text, "source": c.source_url} for c in self.items]}


def compare(old: dict[str, Any], new: dict[str, Any], since: datetime, language: str = "zh") -> Changes:
    say = _SAY["en" if language == "en" else "zh"]
    found: list[Change] = []

    def when(item: dict[str, Any], key: str = "date") -> str:
        value = item.get(key) or {}
        return f"（{value.get('value', '')[:10]}）" if isinstance(value, dict) and value.get("value") else ""

    old_articles = {_article_key(a) for a in old.get("articles", [])}
    for article in new.get("articles", []):
        if _article_key(article) not in old_articles:
            found.append(Change("article", say["article"].format(title=article["title"], date=when(article, "published")),
                                article["source"]["url"]))

    old_projects = {_project_key(p) for p in old.get("projects", [])}
    for project in new.get("projects", []):
        if _project_key(project) in old_projects:
            continue
        if project.get("kind") in ("tender_won", "signing"):
            what = say["won"] if project["kind"] == "tender_won" else say["signing"]
            text = say["event"].format(what=what, name=project.get("counterparty") or project["name"], date=when(project))
            found.append(Change("event", text, project["source"]["url"]))
        else:
            found.append(Change("project", say["project"].format(name=project["name"], date=when(project)), project["source"]["url"]))

    old_people = _people(old.get("executives", []))
    new_people = _people(new.get("executives", []))
    for name, (title, url) in new_people.items():
        if name not in old_people:
            found.append(Change("person_in", say["person_in"].format(name=name, title=title), url))
        elif old_people[name][0] != title and not _same_titles(old_people[name][0], title):
            found.append(Change("person_title", say["person_title"].format(name=name, old=old_people[name][0], new=title), url))
    for name, (title, _) in old_people.items():
        if name not in new_people and new_people:  # a source that gave no executives this time says nothing of them
            found.append(Change("person_out", say["person_out"].format(name=name, title=title)))

    for field, item in (new.get("registration") or {}).items():
        before = (old.get("registration") or {}).get(field)
        if item is None or before is None:
            continue  # a field newly read or no longer read is a change of sources, not of the company
        if _canonical(item.get("value")) != _canonical(before.get("value")):
            found.append(Change("registration", say["registration"].format(field=field, old=before.get("text"), new=item.get("text")),
                                item["source"]["url"]))

    old_holders = {h["name"]: h for h in old.get("shareholders", [])}
    new_holders = {h["name"]: h for h in new.get("shareholders", [])}
    if new_holders:  # no holders this time: the registry page was not read, not a company with no owners
        for name, holder in new_holders.items():
            stake = _stake(holder)
            if name not in old_holders:
                found.append(Change("holder_in", say["holder_in"].format(name=name, stake=f"（{stake}）" if stake else ""), holder["source"]["url"]))
            elif _stake(old_holders[name]) != stake and stake and _stake(old_holders[name]):
                found.append(Change("holder_stake", say["holder_stake"].format(name=name, old=_stake(old_holders[name]), new=stake),
                                    holder["source"]["url"]))
        for name, holder in old_holders.items():
            if name not in new_holders:
                stake = _stake(holder)
                found.append(Change("holder_out", say["holder_out"].format(name=name, stake=f"（{stake}）" if stake else "")))

    old_rounds = {(r.get("round"), json.dumps(r.get("date"), sort_keys=True)) for r in old.get("financing", [])}
    for r in new.get("financing", []):
        if (r.get("round"), json.dumps(r.get("date"), sort_keys=True)) not in old_rounds:
            amount = f" {r['amount']['text']}" if r.get("amount") else ""
            found.append(Change("financing", say["financing"].format(round=r.get("round", ""), amount=amount, date=when(r)), r["source"]["url"]))

    old_notes = {(n.get("author"), n.get("text")) for n in old.get("notes", [])}
    for note in new.get("notes", []):
        if (note.get("author"), note.get("text")) not in old_notes:
            found.append(Change("note", say["note"].format(author=note.get("author", ""), text=note.get("text", "")[:80]), note["source"]["url"]))
    return Changes(since, tuple(found))


def _article_key(article: dict[str, Any]) -> str:
    return article.get("url") or article.get("title", "")


def _project_key(project: dict[str, Any]) -> tuple[str, str, str]:
    return (" ".join(project.get("name", "").split()), project.get("kind", ""), project.get("winner") or "")


def _people(items: Iterable[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    people: dict[str, tuple[str, str]] = {}
    for item in items:
        people.setdefault(item["name"], (item.get("title", ""), item["source"]["url"]))
    return people


def _same_titles(a: str, b: str) -> bool:
    return set(a.replace("，", "、").split("、")) == set(b.replace("，", "、").split("、"))


def _stake(holder: dict[str, Any]) -> str:
    stake = holder.get("stake") or {}
    return stake.get("text", "") if isinstance(stake, dict) else ""


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
