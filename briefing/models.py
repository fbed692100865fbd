"""The data Briefing passes around: pages, where facts came from, the facts, the funding
assessment the analysis computes of them, and the dossier that carries them all.

Everything here is a frozen dataclass with no I/O and no clock: the pipeline stamps times, the
adapters build facts, and the dossier's JSON form (`Dossier.to_json`) is the stable,
documented shape (README, "The dossier as JSON").
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Literal, Union

SCHEMA = "briefing.dossier/1"

SourceStatus = Literal["ok", "stale", "blocked", "gone", "skipped"]
# Worst first: a source's status is the worst of its pages'.
STATUS_ORDER: tuple[SourceStatus, ...] = ("gone", "blocked", "stale", "skipped", "ok")

# The registry record, in the order the brief shows it. Values are str, int, DateValue, Amount
# or a tuple of str (former_names); headcounts stay apart because they count different people.
REGISTRATION_FIELDS = (
    "name",
    "former_names",
    "legal_representative",
    "status",
    "established",
    "approved",
    "registered_capital",
    "paid_in_capital",
    "credit_code",
    "registration_number",
    "organization_code",
    "company_type",
    "industry",
    "address",
    "business_scope",
    "registration_authority",
    "insured_employees",  # 参保人数: people the company pays social insurance for
    "branch_insured_employees",  # 分支机构参保人数
    "employees",  # 员工人数: a headcount the registry computed or the company reported
    "staff_size",  # 人员规模: a band such as "100-499人", as shown
    "actual_controller",
    "parent_company",
    "group",
    "listing_status",
    "stock_code",
    "outbound_investments",  # how many companies it invests in, as the registry counts them
    "branches",  # how many branches, as the registry counts them
)


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from: which adapter read which URL, when, and what the bytes were."""

    adapter: str
    url: str
    fetched_at: datetime
    content_hash: str
    title: str = ""  # the page's own <title>, for the brief's source list

    def __post_init__(self) -> None:
        if not self.adapter or not self.url:
            raise ValueError("provenance needs an adapter and a URL")
        if self.fetched_at.tzinfo is None:
            raise ValueError("provenance needs an aware fetched_at")

    def to_json(self) -> dict[str, Any]:
        return {
            "adapter": self.adapter,
            "url": self.url,
            "fetched_at": self.fetched_at.isoformat(),
            "content_hash": self.content_hash,
            "title": self.title,
        }


_TITLE = re.compile(r"<title[^>]*>([^<]{1,2000})</title", re.I)
# A page saved without its head: the title its server code sets (PHP, FreeMarker, JSTL), else its first heading
_TEMPLATE_TITLE = re.compile(r"""\$title\s*=\s*["']([^"'<>]{2,200})["']|<@[\w.]+[^>]*?\btitle\s*=\s*["']([^"'<>]{2,200})["']"""
                             r"""|<c:set\s+var=["']title["']\s+value=["']([^"'<>]{2,200})["']""", re.I)
_H1 = re.compile(r"<h1[^>]*>((?:[^<]|<(?!/?h1)[^>]{0,200}>){1,400})</h1", re.I)
_H2 = re.compile(r"<h2[^>]*>((?:[^<]|<(?!/?h2)[^>]{0,200}>){1,400})</h2", re.I)
_TEMPLATE_CODE = re.compile(r"<\?|\?>|<%|%>|\$\{|\{\{|\{%|<spring:|<#|<@|\$this->|\becho\b")
_OG_TITLE = re.compile(r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"'<>]{1,2000})", re.I)


@dataclass(frozen=True)
class Page:
    """One document as received: from the web, or from a file saved by a browser.

    `url` is where the content lives (the final URL after redirects; for a saved file, the URL it
    was saved from when the file says so, else its file: URI). `text` is `body` decoded.
    """

    url: str
    body: bytes
    text: str
    encoding: str
    fetched_at: datetime
    status: int = 200
    content_type: str = "text/html"
    requested_url: str = ""
    saved_path: str = ""
    etag: str = ""  # the validators a conditional request sends back (If-None-Match, If-Modified-Since)
    last_modified: str = ""
    kept_since: datetime | None = None  # set when this is the store's copy, served because a fetch failed
    kept_because: str = ""  # why the live fetch failed

    @functools.cached_property
    def content_hash(self) -> str:
        # asked for by every fact's provenance and every kept reading: hashed once per page
        return "sha256:" + hashlib.sha256(self.body).hexdigest()

    @property
    def title(self) -> str:
        """The document's <title> (or og:title), unescaped and cut: a label for the source list."""
        head = self.text[:200_000]
        for pattern in (_TITLE, _OG_TITLE, _TEMPLATE_TITLE, _H1, _H2):
            found = pattern.search(head)
            text = next((g for g in found.groups() if g), "") if found else ""
            text = " ".join(html.unescape(re.sub(r"<[^>]{0,200}>", "", text)).split())[:200]
            if text and not _TEMPLATE_CODE.search(text):  # 「<?php echo $title ?>」: filled in by the server, never shown
                return text
        return ""

    def provenance(self, adapter: str) -> Provenance:
        return Provenance(adapter, self.url, self.fetched_at, self.content_hash, self.title)


# --- normalised values: each keeps the text as the page showed it ---------------------------


@dataclass(frozen=True)
class DateValue:
    """A date as ISO text at the precision shown ("2024", "2024-04", "2024-04-28"), or an instant
    with its offset ("2024-04-28T10:30:00+08:00") when the time of day is known."""

    value: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text}


@dataclass(frozen=True)
class Amount:
    """Money in whole units of `currency` (yuan for CNY), with the text shown ("1,200万元")."""

    value: Decimal
    text: str
    currency: str = "CNY"

    def to_json(self) -> dict[str, Any]:
        number: int | float = int(self.value) if self.value == self.value.to_integral() else float(self.value)
        return {"value": number, "currency": self.currency, "text": self.text}


@dataclass(frozen=True)
class Share:
    """A stake as a fraction of one, with the text shown ("51.00%")."""

    value: float
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text}


def _value_json(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, tuple):
        return [_value_json(v) for v in value]
    return value.to_json()


# --- facts: every one carries its source ------------------------------------------------------


@dataclass(frozen=True)
class _Fact:
    section: ClassVar[str]

    def __post_init__(self) -> None:
        if not isinstance(getattr(self, "source", None), Provenance):
            raise TypeError(f"{type(self).__name__} needs a Provenance as its source")

    def to_json(self) -> dict[str, Any]:
        out = {f.name: _value_json(getattr(self, f.name)) for f in fields(self) if f.name != "source"}
        out["source"] = self.source.to_json()  # type: ignore[attr-defined]
        return out


@dataclass(frozen=True)
class Overview(_Fact):
    section: ClassVar[str] = "overview"
    text: str
    summary: str
    source: Provenance


@dataclass(frozen=True)
class Registration(_Fact):
    """One field of the registry record; `field` is one of REGISTRATION_FIELDS."""

    section: ClassVar[str] = "registration"
    field: str
    value: Any
    text: str
    source: Provenance


@dataclass(frozen=True)
class Shareholder(_Fact):
    section: ClassVar[str] = "shareholders"
    name: str
    stake: Share | None
    source: Provenance
    subscribed_amount: Amount | None = None  # 认缴出资额
    subscribed_date: DateValue | None = None  # 认缴出资日期


@dataclass(frozen=True)
class Investment(_Fact):
    """A company the customer invests in (对外投资)."""

    section: ClassVar[str] = "investments"
    name: str
    source: Provenance
    stake: Share | None = None


@dataclass(frozen=True)
class Branch(_Fact):
    """A branch of the customer (分支机构)."""

    section: ClassVar[str] = "branches"
    name: str
    source: Provenance


@dataclass(frozen=True)
class Executive(_Fact):
    section: ClassVar[str] = "executives"
    name: str
    title: str
    source: Provenance
    company: str | None = None  # the customer as the text names it, when an article names several
    evidence: str = ""  # the sentence it was read from, for people found in articles


@dataclass(frozen=True)
class Project(_Fact):
    section: ClassVar[str] = "projects"
    name: str
    source: Provenance
    buyer: str | None = None
    amount: Amount | None = None
    winner: str | None = None
    funding_source: str | None = None
    date: DateValue | None = None
    kind: str = ""  # "" a case or record; "tender_won"/"signing" from an article; "award"/"candidates"/"tender" from a notice
    counterparty: str | None = None  # the other party of a signing
    evidence: str = ""  # the sentence an event was read from
    number: str | None = None  # a procurement notice's 项目编号
    agency: str | None = None  # 采购代理机构
    budget: Amount | None = None  # 预算金额
    lot: str | None = None  # 包/标段, for one lot of a multi-lot notice
    also: tuple[Provenance, ...] = ()  # other sources that say the same of this project


@dataclass(frozen=True)
class Bid(_Fact):
    """A company that bid for a project or was ranked a candidate for it (投标人, 中标候选人): where
    the customer buys, a competitor for its business; where the customer bids, its competitor."""

    section: ClassVar[str] = "bids"
    bidder: str
    project: str
    source: Provenance
    role: str = "bidder"  # "candidate" (ranked in a 候选人公示) or "bidder" (in a notice's list of bids)
    rank: int | None = None  # 1 for 第一中标候选人
    price: Amount | None = None  # its 投标报价
    lot: str | None = None
    buyer: str | None = None
    date: DateValue | None = None
    number: str | None = None  # the notice's 项目编号


@dataclass(frozen=True)
class Financing(_Fact):
    section: ClassVar[str] = "financing"
    round: str
    source: Provenance
    amount: Amount | None = None
    investors: tuple[str, ...] = ()
    date: DateValue | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Article(_Fact):
    """A dated item the customer published or that was published about it."""

    section: ClassVar[str] = "articles"
    title: str
    url: str
    source: Provenance
    account: str | None = None
    published: DateValue | None = None
    author: str | None = None
    summary: str = ""  # the lede and the sentences with the customer's news, whole sentences, capped
    also: tuple[Provenance, ...] = ()  # other sources that report the same news (briefing.gathering.merge)


@dataclass(frozen=True)
class Note(_Fact):
    """What a colleague told the team, or what the customer answered in a visit (`answered`).

    The most reliable source (METHOD.md): shown first, and only ever appended to.
    """

    section: ClassVar[str] = "notes"
    text: str
    author: str
    source: Provenance
    said_on: DateValue | None = None
    topic: str = ""  # "funding", "decision", "procurement"... (briefing.accounts.notes.TOPICS), or ""
    answered: bool = False  # an answer the customer gave in a visit (recorded by `briefing debrief`)


Fact = Union[Overview, Registration, Shareholder, Executive, Project, Bid, Financing, Article, Investment, Branch, Note]


# --- the account's side: who, and the visit ---------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    name: str
    title: str = ""
    dept: str = ""


@dataclass(frozen=True)
class Visit:
    start: datetime
    place: str = ""
    attendees: tuple[Attendee, ...] = ()
    agenda: tuple[str, ...] = ()
    uid: str = ""  # the calendar event's UID, when the account file gives it

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "place": self.place,
            "attendees": [{"name": a.name, "title": a.title, "dept": a.dept} for a in self.attendees],
            "agenda": list(self.agenda),
        }


@dataclass(frozen=True)
class SourceReport:
    """How one source entry of the account fared in this build."""

    adapter: str
    target: str
    status: SourceStatus
    reason: str = ""
    pages: int = 0
    fetched_at: datetime | None = None
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "adapter": self.adapter,
            "target": self.target,
            "status": self.status,
            "reason": self.reason,
            "pages": self.pages,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class Company:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """One reason of the funding assessment, resting on facts that carry their sources."""

    text: str
    facts: tuple[Fact, ...]  # what the reason rests on; each carries its source
    signal: str  # "thin_capital", "thin_staff", "parent", "state", "listed", "financed", "investors", "fiscal", "self_raised", "own", "info"


@dataclass(frozen=True)
class Assessment:
    """Where the customer's money comes from: a conclusion, its reasons, and the questions to ask
    where the facts are missing (computed by briefing.analysis.funding)."""

    conclusion: str
    reasons: tuple[Reason, ...]
    questions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "conclusion": self.conclusion,
            "reasons": [
                {"text": r.text, "signal": r.signal, "sources": sorted({f.source.url for f in r.facts})} for r in self.reasons
            ],
            "questions": list(self.questions),
        }


@dataclass(frozen=True)
class Dossier:
    """All that is known about one customer for one brief, fact by fact, with each source's fate.

    `funding` is the analysis stage's assessment (briefing.analysis.analysed fills it in); a
    dossier just gathered, or built by hand, has none yet.
    """

    company: Company
    built_at: datetime
    facts: tuple[Fact, ...] = ()
    sources: tuple[SourceReport, ...] = ()
    visit: Visit | None = None
    language: str = "zh"
    funding: Assessment | None = None

    def section(self, name: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.section == name)

    @property
    def degraded(self) -> bool:
        """True when any source did not come back fresh (skipped ones are the user's choice)."""
        return any(s.status in ("stale", "blocked", "gone") for s in self.sources)

    def to_json(self) -> dict[str, Any]:
        registration: dict[str, Any] = {name: None for name in REGISTRATION_FIELDS}
        for name, found in registration_by_field(self.facts).items():
            first, *others = (_registration_json(f) for f in found)
            registration[name] = first | {"conflicts": others}  # the losers kept beside the winner
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "built_at": self.built_at.isoformat(),
            "language": self.language,
            "company": {"name": self.company.name, "aliases": list(self.company.aliases)},
            "visit": self.visit.to_json() if self.visit else None,
            "overview": [f.to_json() for f in self.section("overview")],
            "registration": registration,
        }
        for name in ("notes", "shareholders", "executives", "projects", "bids", "financing", "investments", "branches", "articles"):
            out[name] = [f.to_json() for f in self.section(name)]
        out["funding"] = self.funding.to_json() if self.funding is not None else None
        out["sources"] = [s.to_json() for s in self.sources]
        return out


def registration_by_field(facts: tuple[Fact, ...] | list[Fact]) -> dict[str, list[Registration]]:
    """Each registry field's facts: the first source's value first, then each value that differs."""
    out: dict[str, list[Registration]] = {}
    for fact in facts:
        if isinstance(fact, Registration):
            found = out.setdefault(fact.field, [])
            if all(_value_json(f.value) != _value_json(fact.value) for f in found):
                found.append(fact)
    return out


def _registration_json(fact: Registration) -> dict[str, Any]:
    item = fact.to_json()
    item.pop("field")
    return item


def worst_status(statuses: list[SourceStatus]) -> SourceStatus:
    return min(statuses, key=STATUS_ORDER.index) if statuses else "ok"


__all__ = [
    "SCHEMA",
    "REGISTRATION_FIELDS",
    "Provenance",
    "Page",
    "DateValue",
    "Amount",
    "Share",
    "Overview",
    "Note",
    "Registration",
    "Shareholder",
    "Executive",
    "Project",
    "Bid",
    "Financing",
    "Article",
    "Investment",
    "Branch",
    "Fact",
    "Attendee",
    "Visit",
    "SourceReport",
    "Company",
    "Reason",
    "Assessment",
    "Dossier",
    "worst_status",
    "registration_by_field",
]
