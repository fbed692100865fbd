"""The customer's projects on one timeline, from every source: one entry per project.

A project arrives from the website's case list, the registry's bids, an article's 中标 and a
procurement notice, each naming it a little differently (「…扩建工程（EPC）」, 「…扩建工程EPC总承包
项目」). Entries join facts whose names are the same once brackets, years and filler go, or one of
which is the other's characters in order. Where the customer is the buyer, the winners are its
suppliers: likely competitors or partners. Where the customer won, the project is a reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from briefing.toolkit.names import customer_names, is_customer
from briefing.models import Bid, Company, Fact, Project
from briefing.toolkit.sameness import same_project

__all__ = ["Entry", "references", "rivals", "same_project", "suppliers", "timeline"]


@dataclass
class Entry:
    name: str
    facts: list[Project] = field(default_factory=list)

    @property
    def date(self) -> str:
        return max((f.date.value for f in self.facts if f.date), default="")

    def first(self, attr: str):  # type: ignore[no-untyped-def]
        return next((getattr(f, attr) for f in self.facts if getattr(f, attr, None)), None)

    @property
    def winners(self) -> list[tuple[str | None, str, Project]]:
        """(lot, winner, the fact saying so), one per lot, first source first."""
        seen: dict[tuple[str | None, str], Project] = {}
        for f in self.facts:
            if f.winner and f.kind in ("award", "tender_won", ""):
                seen.setdefault((f.lot, f.winner), f)
        return [(lot, winner, fact) for (lot, winner), fact in seen.items()]


def timeline(facts: Sequence[Fact], company: Company | None = None) -> list[Entry]:
    """Projects, newest first; signings stay events, not projects."""
    entries: list[Entry] = []
    for fact in facts:
        if not isinstance(fact, Project) or fact.kind == "signing":
            continue
        entry = next((e for e in entries if same_project(e.name, fact.name)), None)
        if entry is None:
            entries.append(Entry(fact.name, [fact]))
        else:
            entry.facts.append(fact)
            if len(fact.name) > len(entry.name):
                entry.name = fact.name
    return sorted(entries, key=lambda e: e.date, reverse=True)


def suppliers(entries: Sequence[Entry], company: Company | None) -> list[tuple[str, list[tuple[Entry, Project]]]]:
    """Who won what the customer bought: (supplier, [(project, the fact)]), most projects first."""
    names = customer_names(company)
    found: dict[str, list[tuple[Entry, Project]]] = {}
    for entry in entries:
        if not is_customer(entry.first("buyer"), names):
            continue
        for _, winner, fact in entry.winners:
            if not is_customer(winner, names):
                found.setdefault(winner, []).append((entry, fact))
    return sorted(found.items(), key=lambda item: -len(item[1]))


def references(entries: Sequence[Entry], company: Company | None) -> list[Entry]:
    """The projects the customer won: its references."""
    names = customer_names(company)
    return [e for e in entries if any(is_customer(w, names) for _, w, _ in e.winners)]


@dataclass(frozen=True)
class Rivals:
    """The companies in the customer's tenders: who bid for its business (`at_customer`: the
    salesperson's competitors there) and who bid against it where it bid (`of_customer`: its
    competitors). Each: (company, its bids), most bids first."""

    at_customer: list[tuple[str, list[Bid]]]
    of_customer: list[tuple[str, list[Bid]]]


def rivals(facts: Sequence[Fact], company: Company | None) -> Rivals:
    """From the candidates and bidders the notices name: a notice the customer issued makes its
    bidders competitors for the customer's business; a notice the customer bid on or won makes
    the other bidders its competitors. A notice that names neither as the customer says nothing."""
    names = customer_names(company)
    bids = [f for f in facts if isinstance(f, Bid)]
    # the notices (page and project) the customer bid on or won
    contested = {(b.source.url, b.project) for b in bids if is_customer(b.bidder, names)}
    contested |= {f.source.url for f in facts if isinstance(f, Project) and is_customer(f.winner, names)}  # type: ignore[arg-type]
    at: dict[str, list[Bid]] = {}
    of: dict[str, list[Bid]] = {}
    for bid in bids:
        if is_customer(bid.bidder, names):
            continue
        if is_customer(bid.buyer, names):
            at.setdefault(bid.bidder, []).append(bid)
        elif (bid.source.url, bid.project) in contested or bid.source.url in contested:
            of.setdefault(bid.bidder, []).append(bid)
    return Rivals(*(sorted(d.items(), key=lambda item: -len(item[1])) for d in (at, of)))
