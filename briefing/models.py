"""The data Briefing passes around: pages, where facts came from, the facts, and the dossier.

Everything here is a frozen dataclass with no I/O and no clock: the pipeline stamps times, the
adapters build facts, and the dossier's JSON form (`Dossier.to_json`) is the stable,
documented shape (README, "The dossier as JSON").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Literal, Union

SCHEMA = "briefing.dossier/1"

SourceStatus = Literal["ok", "stale", "blocked", "gone", "skipped"]
# Worst first: a source's status is the worst of its pages'.
STATUS_ORDER: tuple[SourceStatus, ...] = ("gone", "blocked", "stale", "skipped", "ok")

REGISTRATION_FIELDS = (
    "legal_representative",
    "registered_capital",
    "paid_in_capital",
    "established",
    "credit_code",
    "status",
    "insured_employees",
)


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from: which adapter read which URL, when, and what the bytes were."""

    adapter: str
    url: str
    fetched_at: datetime
    content_hash: str

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
        }


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

    @property
    def content_hash(self) -> str:
        return "sha256:" + hashlib.sha256(self.body).hexdigest()

    def provenance(self, adapter: str) -> Provenance:
        return Provenance(adapter, self.url, self.fetched_at, self.content_hash)


# --- normalised values: each keeps the text as the page showed it ---------------------------


@dataclass(frozen=True)
class DateValue:
    """A date as ISO text at the precision shown ("2024", "2024-04", "2024-04-28")."""

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


@dataclass(frozen=True)
class Executive(_Fact):
    section: ClassVar[str] = "executives"
    name: str
    title: str
    source: Provenance


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


@dataclass(frozen=True)
class Financing(_Fact):
    section: ClassVar[str] = "financing"
    round: str
    source: Provenance
    amount: Amount | None = None
    investors: tuple[str, ...] = ()
    date: DateValue | None = None


@dataclass(frozen=True)
class Article(_Fact):
    """A dated item the customer published or that was published about it."""

    section: ClassVar[str] = "articles"
    title: str
    url: str
    source: Provenance
    account: str | None = None
    published: DateValue | None = None


Fact = Union[Overview, Registration, Shareholder, Executive, Project, Financing, Article]


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
class Dossier:
    """All that is known about one customer for one brief, fact by fact, with each source's fate."""

    company: Company
    built_at: datetime
    facts: tuple[Fact, ...] = ()
    sources: tuple[SourceReport, ...] = ()
    visit: Visit | None = None
    language: str = "zh"

    def section(self, name: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.section == name)

    @property
    def degraded(self) -> bool:
        """True when any source did not come back fresh (skipped ones are the user's choice)."""
        return any(s.status in ("stale", "blocked", "gone") for s in self.sources)

    def to_json(self) -> dict[str, Any]:
        registration: dict[str, Any] = {name: None for name in REGISTRATION_FIELDS}
        for fact in self.section("registration"):
            assert isinstance(fact, Registration)
            item = fact.to_json()
            item.pop("field")
            current = registration.get(fact.field)
            if current is None:
                registration[fact.field] = item | {"conflicts": []}
            elif current["value"] != item["value"]:
                current["conflicts"].append(item)  # keep the loser beside the winner
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "built_at": self.built_at.isoformat(),
            "language": self.language,
            "company": {"name": self.company.name, "aliases": list(self.company.aliases)},
            "visit": self.visit.to_json() if self.visit else None,
            "overview": [f.to_json() for f in self.section("overview")],
            "registration": registration,
        }
        for name in ("shareholders", "executives", "projects", "financing", "articles"):
            out[name] = [f.to_json() for f in self.section(name)]
        out["sources"] = [s.to_json() for s in self.sources]
        return out


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
    "Registration",
    "Shareholder",
    "Executive",
    "Project",
    "Financing",
    "Article",
    "Fact",
    "Attendee",
    "Visit",
    "SourceReport",
    "Company",
    "Dossier",
    "worst_status",
]
