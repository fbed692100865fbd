"""Page 1's choices: the facts worth mentioning in the room, and the red flags.

A salesperson who reads only page 1 must be ready: five facts that show the homework was done
(from different kinds of source, newest first where dated), and what should worry them (shell
risk, funding doubts, a registry status that is not trading, negative news, sources not read).
No I/O; the composer turns these into cited lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from briefing.toolkit.names import customer_names
from briefing.models import Article, Dossier, Executive, Fact, Financing, Registration, Shareholder, registration_by_field
from briefing.analysis.funding import funding_of
from briefing.analysis.timeline import Entry, timeline
from briefing.toolkit.names import is_customer

MENTIONS = 5

# Headlines that may be bad news for a supplier: penalties, lawsuits, accidents, losses, closure.
_NEGATIVE = re.compile(
    r"处罚|罚款|罚单|违法|违规|失信|被执行|限制高消费|诉讼|起诉|被诉|仲裁|纠纷|欠薪|拖欠|讨薪|裁员|停产|停工|事故|爆炸|泄漏|"
    r"污染超标|通报批评|约谈|立案|被查|调查|整改|亏损|破产|清算|吊销|退市|(?<![A-Za-z])\*?ST\b|警示函|问询函|冻结|查封|暴雷|逾期"
)
_NOT_NEGATIVE = re.compile(r"(?:无|零|防范|预防|应急|演练|安全生产月)(?:事故|泄漏|爆炸)|整改完成|调查问卷|市场调查|满意度调查")
_TRADING = re.compile(r"存续|在业|在营|开业|正常|active|in business", re.I)
_LEADERS = re.compile(r"董事长|总经理|总裁|CEO|党委书记|执行董事|Chairman|President|General Manager", re.I)


@dataclass(frozen=True)
class Mention:
    kind: str  # "registration", "owner", "project", "event", "news", "person", "staff"
    words: dict  # type: ignore[type-arg]  # the label's fields, as the sources wrote them
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Flag:
    kind: str  # "shell", "funding", "status", "news", "stale", "other_name"
    words: dict  # type: ignore[type-arg]
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class _Known:
    """What the pickers read: the dossier, its registry record, and the projects it won or did."""

    dossier: Dossier
    reg: dict[str, Registration]  # the first value of each registry field
    won: list[Entry]  # newest first

    @classmethod
    def of(cls, dossier: Dossier) -> _Known:
        names = customer_names(dossier.company)
        entries = timeline(dossier.facts, dossier.company)
        won = [e for e in entries if any(is_customer(w, names) for _, w, _ in e.winners) or
               (not is_customer(e.first("buyer"), names) and any(f.kind in ("", "signing") for f in e.facts))]
        return cls(dossier, {field: facts[0] for field, facts in registration_by_field(dossier.facts).items()}, won)


def mentions(dossier: Dossier) -> list[Mention]:
    """Up to five facts, one per kind first, in the order a salesperson would bring them up (PICKERS)."""
    known = _Known.of(dossier)
    found: list[Mention] = []
    for pick in PICKERS:
        found += pick(known, found)
    if len(found) < MENTIONS and len(known.won) > 1:  # a second reference beats nothing
        found.append(_project(known.won[1]))
    return found[:MENTIONS]


def _registration(known: _Known, found: list[Mention]) -> list[Mention]:
    """When it was established, and its registered capital."""
    established, capital = known.reg.get("established"), known.reg.get("registered_capital")
    if established and capital:
        return [Mention("registration", {"date": established.text, "capital": capital.text}, (established, capital))]
    if established:
        return [Mention("registration", {"date": established.text}, (established,))]
    if capital:
        return [Mention("registration", {"capital": capital.text}, (capital,))]
    return []


def _owner(known: _Known, found: list[Mention]) -> list[Mention]:
    """The largest holder, or else the actual controller."""
    holders = sorted((f for f in known.dossier.section("shareholders") if isinstance(f, Shareholder)),
                     key=lambda h: -(h.stake.value if h.stake else 0))
    if holders:
        top = holders[0]
        return [Mention("owner", {"name": top.name, "stake": top.stake.text if top.stake else ""}, (top,))]
    if "actual_controller" in known.reg:
        return [Mention("controller", {"name": known.reg["actual_controller"].text}, (known.reg["actual_controller"],))]
    return []


def _won(known: _Known, found: list[Mention]) -> list[Mention]:
    """The newest project it won or did."""
    return [_project(known.won[0])] if known.won else []


def _financing(known: _Known, found: list[Mention]) -> list[Mention]:
    """The newest dated financing round."""
    rounds = sorted((f for f in known.dossier.section("financing") if isinstance(f, Financing) and f.date),
                    key=lambda f: f.date.value if f.date else "", reverse=True)
    if not rounds:
        return []
    r = rounds[0]
    return [Mention("financing", {"date": r.date.value[:10] if r.date else "", "round": r.round, "amount": r.amount}, (r,))]


def _news(known: _Known, found: list[Mention]) -> list[Mention]:
    """The newest dated article, unless it is about the project already mentioned."""
    articles = sorted((f for f in known.dossier.section("articles") if isinstance(f, Article) and f.published),
                      key=lambda a: a.published.value if a.published else "", reverse=True)
    covered = {m.words.get("name", "") for m in found if m.kind == "project"}
    # a headline about the project already mentioned says nothing new: the next one does
    fresh = [a for a in articles if not any(name and name in a.title for name in covered)]
    if not fresh:
        return []
    a = fresh[0]
    return [Mention("news", {"date": a.published.value[:10] if a.published else "", "title": a.title}, (a,))]


def _leader(known: _Known, found: list[Mention]) -> list[Mention]:
    """The first leader among its executives (chairman, general manager...)."""
    leaders = [f for f in known.dossier.section("executives") if isinstance(f, Executive) and _LEADERS.search(f.title)]
    return [Mention("person", {"name": leaders[0].name, "title": leaders[0].title}, (leaders[0],))] if leaders else []


def _staff(known: _Known, found: list[Mention]) -> list[Mention]:
    """How many people it insures."""
    insured = known.reg.get("insured_employees")
    return [Mention("staff", {"n": insured.value}, (insured,))] if insured and isinstance(insured.value, int) else []


def _listed(known: _Known, found: list[Mention]) -> list[Mention]:
    """Its listing, when it is listed (not planning to list, not delisted)."""
    status = known.reg.get("listing_status")
    if status is None or not re.search(r"上市|挂牌", status.text) or re.search(r"未|拟|摘牌|退市", status.text):
        return []
    return [Mention("listed", {"status": status.text}, (status,))]


# Page 1's facts in the order a salesperson would bring them up; each picker sees what the
# earlier ones found.
PICKERS: tuple[Callable[[_Known, list[Mention]], list[Mention]], ...] = (
    _registration, _owner, _won, _financing, _news, _leader, _staff, _listed,
)


def _project(entry: Entry) -> Mention:
    won = entry.facts[0].kind in ("tender_won", "award")
    return Mention("project", {"date": entry.date[:10], "name": entry.name, "amount": entry.first("amount"), "won": won},
                   tuple(entry.facts[:2]))


def flags(dossier: Dossier, other_names: list[Registration]) -> list[Flag]:
    """What should worry the salesperson, most serious first."""
    out: list[Flag] = []
    for fact in other_names:
        out.append(Flag("other_name", {"name": fact.value}, (fact,)))
    status = registration_by_field(dossier.facts).get("status")
    if status and not _TRADING.search(status[0].text):
        out.append(Flag("status", {"status": status[0].text}, (status[0],)))
    funding = funding_of(dossier)
    thin = [r for r in funding.reasons if r.signal in ("thin_staff", "thin_capital")]
    parent = any(r.signal == "parent" for r in funding.reasons)
    for reason in thin[:2]:
        out.append(Flag("shell" if parent else "funding", {"reason": reason.text}, reason.facts))
    for article in dossier.section("articles"):
        if isinstance(article, Article) and _NEGATIVE.search(article.title) and not _NOT_NEGATIVE.search(article.title):
            date = article.published.value[:10] if article.published else ""
            out.append(Flag("news", {"title": article.title, "date": date}, (article,)))
    for report in dossier.sources:
        if report.status != "ok":
            out.append(Flag("stale", {"adapter": report.adapter, "status": report.status, "reason": report.reason,
                                      "target": report.target}))
    return out

