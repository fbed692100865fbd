"""The fixture cases, fixtures/<adapter>/<case>/ (fixtures/README.md): each case's pages read the
way Briefing reads them, and compared with its expect.json field by field.

Used by tests/test_fixtures.py (the one runner) and by bench/ (accuracy scores, build speed).
Every comparison returns Check rows, so a failure names the case and the field, and a score can
count precision and recall apart.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from briefing.accounts.account import Account, SourceEntry
from briefing.demo import serve_site
from briefing.gathering.fetch import FetchSettings
from briefing.gathering.merge import merge_facts
from briefing.gathering.pipeline import BuildSettings, build_dossier_async
from briefing.gathering.registry import Registry
from briefing.gathering.saved import load_saved
from briefing.models import Article, Company, Dossier, Executive, Overview, Page, Project
from briefing.toolkit.adapter import Request
from briefing.toolkit.decode import decode_html
from briefing.toolkit.names import customer_names

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Pages other people published stay beside the checkout, in ../shared/realworld, and are read there.
REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
SITES = FIXTURES / "site"  # the site adapter's cases; site/demo/ is also the demo's website
# fixtures/demo/ is the demo account (briefing demo); calendars/ holds invites in real products'
# shapes and events/ one piece of news from three sources: none is an adapter's cases
NOT_CASES = {"demo", "calendars", "events"}
SAVED_FORMS = ("saved-file", "header-block")  # read as a file an account file names (briefing.gathering.saved)


# --- the cases ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    adapter: str
    folder: Path

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def id(self) -> str:
        return f"{self.adapter}/{self.name}"

    @cached_property
    def meta(self) -> dict[str, Any]:
        return json.loads((self.folder / "meta.json").read_text("utf-8"))

    @cached_property
    def expect(self) -> dict[str, Any]:
        return json.loads((self.folder / "expect.json").read_text("utf-8"))

    @property
    def fetched_at(self) -> datetime:
        return datetime.fromisoformat(self.meta["fetched_at"])

    @property
    def company(self) -> Company | None:
        who = self.meta.get("company")
        return Company(who["name"], tuple(who.get("aliases", ()))) if who else None

    @property
    def reads(self) -> str:
        """"crawl" (served on 127.0.0.1, crawled by the real pipeline) or "page" (each page parsed alone)."""
        return self.meta.get("read", "crawl" if self.adapter == "site" else "page")

    def url(self, key: str) -> str:
        """A page's address: the key of "pages", resolved against base_url when it is a path."""
        return urljoin(self.meta["base_url"], key) if "base_url" in self.meta else key

    def pages(self) -> list[tuple[str, Path]]:
        """(address, file) of each page, in the order the adapter reads them."""
        return [(self.url(key), (self.folder / name).resolve()) for key, name in self.meta["pages"].items()]

    def content_type(self, url: str) -> str:
        kinds = {self.url(key): kind for key, kind in self.meta.get("content_types", {}).items()}
        return kinds.get(url) or self.meta.get("content_type", "text/html")

    def realworld(self) -> list[Path]:
        """The pages of this case that other people published, read in place from ../shared/realworld."""
        return [file for _, file in self.pages() if not file.is_relative_to(FIXTURES)]

    def missing(self) -> list[str]:
        """Why this case cannot be read here (empty when it can)."""
        return [f"needs {file.name} in ../shared/realworld beside the checkout ({REALWORLD}): other "
                "people's pages are read in place there, never copied into fixtures/"
                for file in self.realworld() if not file.is_file()]


def adapters() -> list[str]:
    """The adapter folders of fixtures/ (a link, such as the old fixtures/sites, is not one)."""
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.is_symlink() and p.name not in NOT_CASES)


def cases(adapter: str | None = None) -> list[Case]:
    return [Case(name, folder) for name in ([adapter] if adapter else adapters())
            for folder in sorted((FIXTURES / name).iterdir()) if (folder / "meta.json").is_file()]


def builtin_adapters() -> dict[str, str]:
    """Every installed built-in adapter: entry point name -> module (entry points of briefing.sources
    whose module is one of ours, sources.*)."""
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group="briefing.sources") if ep.value.startswith("sources.")}


# --- reading a case ------------------------------------------------------------------------------

@dataclass
class Reading:
    """What the adapter read from a case: its facts (as the adapter gave them, page by page; merged
    by the pipeline for a crawl), each page's status ("ok" for content), the follow-ups it asked
    for, and the addresses of the pages it was given."""

    facts: list[Any]
    statuses: list[str]
    follow: list[str]
    urls: list[str]
    crawled: bool = False

    def dossier(self, company: Company, built_at: datetime) -> dict[str, Any]:
        """The facts merged as a build merges them, in the dossier's JSON."""
        return Dossier(company, built_at, tuple(merge_facts(self.facts))).to_json()

    def section(self, name: str) -> list[Any]:
        return [f for f in self.facts if f.section == name]


def page(case: Case, url: str, file: Path) -> Page:
    """One page as the adapter receives it, fetched at the case's frozen time.

    A saved file (`form: saved-file`, or `header-block`: a server's answer pasted with its headers)
    is read as the build reads a file an account file names, its address the file's own; any other
    page as the fetcher hands it over, from its address, with the case's content type."""
    if case.meta.get("form") in SAVED_FORMS or not url.startswith(("http://", "https://")):
        return load_saved(file, fetched_at=case.fetched_at)
    body = file.read_bytes()
    kind = case.content_type(url)
    text, encoding = decode_html(body, kind)
    return Page(url, body, text, encoding, case.fetched_at, content_type=kind.split(";")[0])


_cache: dict[str, Reading] = {}
_INSTALLED = Registry()  # the adapters as installed: the entry points of briefing.sources


def read(case: Case) -> Reading:
    """Run the case's adapter on it (once per process)."""
    if case.id not in _cache:
        _cache[case.id] = _crawl(case) if case.reads == "crawl" else _parse(case)
    return _cache[case.id]


def _parse(case: Case) -> Reading:
    adapter = type(_INSTALLED.get(case.adapter))()  # a fresh one per case, as a build has
    ask = case.meta.get("request", {})
    facts: list[Any] = []
    statuses, follow, urls = [], [], []
    for url, file in case.pages():
        one = page(case, url, file)
        request = Request(one.url, ask.get("role", ""), ask.get("depth", 0), signed=ask.get("signed", False), company=case.company)
        parsed = adapter.parse(one, request)
        facts += parsed.facts
        statuses.append(parsed.status or "ok")
        follow += [r.url for r in parsed.follow]
        urls.append(one.url)
    return Reading(facts, statuses, follow, urls)


def _crawl(case: Case) -> Reading:
    """The site served on 127.0.0.1 (briefing.demo.serve_site) and crawled by the real pipeline,
    from its home page (or its only page), with the clock frozen at the case's fetched_at."""
    with serve_site(case.folder) as base:
        pages = case.meta["pages"]
        start = base.rstrip("/") + ("/" if "/" in pages else next(iter(pages)))
        account = Account(path="", company=case.company or Company(case.name), sources=(SourceEntry(case.adapter, start, True),))
        settings = BuildSettings(fetch=FetchSettings(allow_private=True), strict=True)
        dossier = asyncio.run(build_dossier_async(account, settings, registry=Registry(), clock=lambda: case.fetched_at))
    statuses = [report.status if not report.problems else f"{report.status}: {'; '.join(report.problems)}" for report in dossier.sources]
    return Reading(list(dossier.facts), statuses, [], [base], crawled=True)


# --- comparing -----------------------------------------------------------------------------------

@dataclass
class Check:
    case: str
    group: str  # the expect.json key it checks ("status", "sources" for every case)
    field: str
    expected: Any
    got: Any
    ok: bool
    kind: str = "value"  # "value", "recall", "precision", "empty"
    strict: bool = True  # False: measured over the corpus (tests/test_fixtures.py), not per case

    def __str__(self) -> str:
        return f"{self.case} {self.field}: expected {self.expected!r}, got {self.got!r}"


def compare(case: Case, reading: Reading | None = None) -> list[Check]:
    """Every check expect.json asks for, plus the two every case gets: its status and its sources."""
    reading = reading or read(case)
    checks = _status(case, reading) + _sources(case, reading)
    checks += COMPARE[case.adapter](case, reading)
    return checks


def _status(case: Case, reading: Reading) -> list[Check]:
    want = case.expect.get("status", "ok")
    return [Check(case.id, "status", "status", want, reading.statuses, bool(reading.statuses) and set(reading.statuses) == {want})]


def _sources(case: Case, reading: Reading) -> list[Check]:
    """Every fact names its adapter, the page it was read from and that page's hash."""
    bad = []
    for fact in reading.facts:
        url = fact.source.url.split("#L")[0] if case.adapter == "notes" else fact.source.url
        where = url.startswith("http://127.0.0.1:") if reading.crawled else url in reading.urls
        if fact.source.adapter != case.adapter or not where or not fact.source.content_hash.startswith("sha256:"):
            bad.append(f"{type(fact).__name__} {fact.source.adapter} {fact.source.url} {fact.source.content_hash[:12]}")
    return [Check(case.id, "sources", "sources", [], bad, not bad)]


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


# site ------------------------------------------------------------------------------------------

def _exact_set(case: Case, group: str, found: set[str], expected: set[str], known: set[str]) -> list[Check]:
    """A set read against the one expected: nothing else (a wrong fact), nothing missed but the
    known gaps, and no known gap that has closed (strict both ways, so the list stays true)."""
    out = [Check(case.id, group, group, len(expected), len(found), True)]
    out += [Check(case.id, group, f"{group}[{k}]", None, k, False, "precision") for k in sorted(found - expected)]
    missed = expected - found
    out += [Check(case.id, group, f"{group}[{k}]", k, None, False, "recall") for k in sorted(missed - known)]
    out += [Check(case.id, group, f"known_gaps[{k}]", "missed", "found: take it off the list", False) for k in sorted(known - missed)]
    return out


def _overview(reading: Reading) -> str:
    return squash(" ".join(f.text for f in reading.section("overview") if isinstance(f, Overview)))


def _overview_contains(case: Case, reading: Reading, want: list[str]) -> list[Check]:
    text = _overview(reading)
    return [Check(case.id, "overview_contains", f"overview contains {p!r}", p, None, squash(p) in text, "recall") for p in want]


def _overview_not_contains(case: Case, reading: Reading, want: list[str]) -> list[Check]:
    text = _overview(reading)
    return [Check(case.id, "overview_not_contains", f"overview shows {p!r}", None, p, squash(p) not in text, "precision") for p in want]


def _people(reading: Reading) -> list[Executive]:
    return [f for f in reading.section("executives") if isinstance(f, Executive)]


def _site_executives(case: Case, reading: Reading, want: list[dict[str, str]]) -> list[Check]:
    """The exact set of (name, title), titles without white space; a gap is a name missed."""
    found = {(f.name, squash(f.title)) for f in _people(reading)}
    wanted = {(e["name"], squash(e["title"])) for e in want}
    out = [Check(case.id, "executives", "executives", len(wanted), len(found), True)]
    out += [Check(case.id, "executives", f"executives[{n}]", None, f"{n} {t}", False, "precision") for n, t in sorted(found - wanted)]
    missed = {name for name, _ in wanted - found}
    known = set(case.expect.get("known_gaps", {}).get("executives_missed", []))
    out += [Check(case.id, "executives", f"executives[{n}]", n, None, False, "recall") for n in sorted(missed - known)]
    out += [Check(case.id, "executives", f"known_gaps.executives_missed[{n}]", "missed", "found: take it off the list", False)
            for n in sorted(known - missed)]
    return out


def _executives_include(case: Case, reading: Reading, want: list[dict[str, str]]) -> list[Check]:
    out = []
    for person in want:
        titles = [f.title for f in _people(reading) if f.name == person["name"]]
        out.append(Check(case.id, "executives_include", f"executives[{person['name']}].title", person["title"], titles,
                         bool(titles) and all(t == person["title"] for t in titles), "recall"))
    return out


def _not_executives(case: Case, reading: Reading, want: list[str]) -> list[Check]:
    names = {f.name for f in _people(reading)}
    return [Check(case.id, "not_executives", f"executives[{n}]", None, n if n in names else None, n not in names, "precision") for n in want]


def _project_fields(case: Case, label: str, want: dict[str, Any], fact: Project, buyer_differs: bool) -> list[Check]:
    if buyer_differs:  # the buyer read whole with what the page adds to it (a known gap)
        ok = bool(fact.buyer) and squash(fact.buyer) != squash(want["buyer"]) and squash(want["buyer"]) in squash(fact.buyer)
    elif want.get("buyer"):
        ok = fact.buyer is None or squash(fact.buyer) == squash(want["buyer"])
    else:
        ok = fact.buyer is None
    out = [Check(case.id, "projects", f"{label}.buyer", want.get("buyer"), fact.buyer, ok)]
    if want.get("amount_yuan") is not None:
        ok = fact.amount is not None and fact.amount.value == Decimal(str(want["amount_yuan"]))
    else:  # no yuan figure on the page (a figure in another currency may be read as such)
        ok = fact.amount is None or fact.amount.currency != "CNY"
    out.append(Check(case.id, "projects", f"{label}.amount", want.get("amount_yuan"), fact.amount and fact.amount.value, ok))
    got = fact.date.value if fact.date else None
    out.append(Check(case.id, "projects", f"{label}.date", want.get("date"), got, got == want["date"] if want.get("date") else got is None))
    return out


def _site_projects(case: Case, reading: Reading, want: list[dict[str, Any]]) -> list[Check]:
    gaps = case.expect.get("known_gaps", {})
    found: dict[str, list[Project]] = {}
    for fact in reading.section("projects"):
        found.setdefault(squash(fact.name), []).append(fact)
    expected = {squash(p["name"]): p for p in want}
    out = _exact_set(case, "projects", set(found), set(expected), {squash(n) for n in gaps.get("projects_missed", [])})
    buyer_differs = {squash(n) for n in gaps.get("projects_buyer_differs", [])}
    for key, project in expected.items():
        label = f"projects[{project['name']}]"
        for fact in found.get(key, []):
            out += _project_fields(case, label, project, fact, key in buyer_differs)
        if project.get("buyer") and key in found:  # the details a careful reader finds are in at least one fact about it
            out.append(Check(case.id, "projects", f"{label}.buyer (any)", project["buyer"], None, any(f.buyer for f in found[key]), "recall"))
    return out


def _site_articles(case: Case, reading: Reading, want: list[dict[str, Any]]) -> list[Check]:
    found: dict[str, list[Article]] = {}
    for fact in reading.section("articles"):
        found.setdefault(squash(fact.title), []).append(fact)
    expected = {squash(a["title"]): a for a in want}
    known = {squash(t) for t in case.expect.get("known_gaps", {}).get("articles_missed", [])}
    out = _exact_set(case, "articles", set(found), set(expected), known)
    for key, article in expected.items():
        for fact in found.get(key, []):
            got = fact.published.value if fact.published else None
            out.append(Check(case.id, "articles", f"articles[{article['title']}].published", article["published"], got, got == article["published"]))
    return out


def _articles_not_contains(case: Case, reading: Reading, want: list[str]) -> list[Check]:
    out = []
    for bad in want:
        titles = [f.title for f in reading.section("articles") if bad in f.title]
        out.append(Check(case.id, "articles_not_contains", f"articles containing {bad!r}", [], titles, not titles, "precision"))
    return out


def _not_dates(case: Case, reading: Reading, want: list[str]) -> list[Check]:
    dates = {f.published.value for f in reading.section("articles") if isinstance(f, Article) and f.published}
    dates |= {f.date.value for f in reading.section("projects") if isinstance(f, Project) and f.date}
    return [Check(case.id, "not_dates", f"a fact dated {d}", None, d if d in dates else None, d not in dates, "precision") for d in want]


def _how_many(reading: Reading, section: str) -> int:
    return len(reading.facts) if section == "facts" else len(reading.section(section))


def _count(case: Case, reading: Reading, want: dict[str, int]) -> list[Check]:
    return [Check(case.id, "count", f"count.{s}", n, _how_many(reading, s), _how_many(reading, s) == n) for s, n in want.items()]


def _at_least(case: Case, reading: Reading, want: dict[str, int]) -> list[Check]:
    return [Check(case.id, "at_least", f"at_least.{s}", n, _how_many(reading, s), _how_many(reading, s) >= n) for s, n in want.items()]


def _date_precision(case: Case, reading: Reading, want: dict[str, str]) -> list[Check]:
    """Every date of the section, when given, at that precision ("none": no date at all)."""
    out = []
    for section, precision in want.items():
        length = {"none": None, "year": 4, "month": 7, "day": 10}[precision]
        for fact in reading.section(section):
            date = fact.published if isinstance(fact, Article) else fact.date
            got = date.value if date else None
            out.append(Check(case.id, "date_precision", f"{section}[{getattr(fact, 'title', None) or fact.name}].date", precision, got,
                             got is None or (length is not None and len(got) == length)))
    return out


def _follow(case: Case, reading: Reading, want: list[str]) -> list[Check]:
    return [Check(case.id, "follow", "follow", want, reading.follow, reading.follow == want)]


SITE_CHECKS: dict[str, Callable[[Case, Reading, Any], list[Check]]] = {
    "overview_contains": _overview_contains, "overview_not_contains": _overview_not_contains,
    "executives": _site_executives, "executives_include": _executives_include, "not_executives": _not_executives,
    "projects": _site_projects, "articles": _site_articles, "articles_not_contains": _articles_not_contains,
    "not_dates": _not_dates, "count": _count, "at_least": _at_least, "date_precision": _date_precision, "follow": _follow,
}


def _site(case: Case, reading: Reading) -> list[Check]:
    return [c for key, want in case.expect.items() if key in SITE_CHECKS and want is not None for c in SITE_CHECKS[key](case, reading, want)]


# registry --------------------------------------------------------------------------------------

def _plain_registry(value: Any) -> Any:
    """A dossier JSON value in expect.json's terms."""
    if isinstance(value, dict) and "value" in value:
        if "currency" in value:
            return {"value": value["value"], "currency": value["currency"]}
        return value["value"]
    if isinstance(value, list):
        return [_plain_registry(v) for v in value]
    return value


def _same_registry(expected: Any, got: Any) -> bool:
    if isinstance(expected, dict) and isinstance(got, dict):
        return all(_same_registry(v, got.get(k)) for k, v in expected.items())
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)) and not isinstance(expected, bool):
        return abs(expected - got) <= max(0.1, abs(expected) * 1e-6) if expected > 1 else abs(expected - got) < 1e-4
    if isinstance(expected, list) and isinstance(got, list):
        return sorted(map(str, expected)) == sorted(map(str, got))
    return expected == got


REGISTRY_SECTIONS = ("shareholders", "executives", "investments", "branches", "financing", "projects")


def _registry(case: Case, reading: Reading) -> list[Check]:
    expect = case.expect
    dossier = reading.dossier(case.company or Company(case.name), case.fetched_at)
    out: list[Check] = []
    for name, want in (expect.get("registration") or {}).items():
        entry = dossier["registration"].get(name)
        got = _plain_registry(entry["value"]) if entry else None
        if want in (None, []):
            out.append(Check(case.id, "registration", f"registration.{name}", None, got, got in (None, []), "empty"))
        else:
            out.append(Check(case.id, "registration", f"registration.{name}", want, got, _same_registry(want, got), "value"))
    for section in REGISTRY_SECTIONS:
        if section not in expect:
            continue
        want_items = expect[section] or []
        key = "round" if section == "financing" else "name"

        def ident(item: dict[str, Any], section: str = section) -> str:  # two rounds of one kind differ by date
            if section != "financing":
                return item["name"]
            date = item.get("date")
            return f"{item['round']} {(date or {}).get('value', date) if isinstance(date, dict) else date or ''}".strip()

        got_items = {ident(item): item for item in dossier[section]}
        if not want_items:
            out.append(Check(case.id, section, section, [], sorted(got_items), not got_items, "empty"))
            continue
        want_names = {ident(w) for w in want_items}
        for extra in sorted(set(got_items) - want_names):
            out.append(Check(case.id, section, f"{section}[{extra}]", None, extra, False, "precision"))
        for want in want_items:
            got = got_items.get(ident(want))
            label = f"{section}[{ident(want)}]"
            out.append(Check(case.id, section, label, ident(want), ident(want) if got else None, got is not None, "recall"))
            if got is None:
                continue
            for attr, value in want.items():
                if attr == key:
                    continue
                if attr == "titles":
                    have = [t for t in got.get("title", "").split("、") if t]
                    out.append(Check(case.id, section, f"{label}.titles", sorted(value), sorted(have), set(value) == set(have), "value"))
                    continue
                have = _plain_registry(got.get(attr))
                ok = have in (None, [], "") if value in (None, []) else _same_registry(value, have)
                out.append(Check(case.id, section, f"{label}.{attr}", value, have, ok, "value"))
    return out


# tenders ---------------------------------------------------------------------------------------

TENDER_FIELDS = ("name", "number", "buyer", "agency", "budget", "funding_source", "lot", "winner", "amount", "date")


def _plain_tender(value: Any) -> Any:
    if hasattr(value, "currency"):
        return {"value": float(value.value), "currency": value.currency}
    if hasattr(value, "value"):
        return value.value[:10]
    return value


def _same_tender(want: Any, got: Any) -> bool:
    if isinstance(want, dict) and isinstance(got, dict):
        return abs(want["value"] - got["value"]) <= 0.1 and want.get("currency", "CNY") == got["currency"]
    return want == got


def _tenders(case: Case, reading: Reading) -> list[Check]:
    expect = case.expect
    out: list[Check] = []
    if "links" in expect:  # a list of notices: the notice rows, in page order
        want = [link["url"] for link in expect["links"]]
        out.append(Check(case.id, "links", "links", want, reading.follow, reading.follow == want))
    if "projects" not in expect:
        return out
    projects = reading.section("projects")
    wants = expect["projects"]
    out.append(Check(case.id, "projects", "count", len(wants), len(projects), len(wants) == len(projects)))
    for i, want in enumerate(wants):
        got = next((p for p in projects if want.get("lot") and p.lot == want["lot"]), projects[i] if i < len(projects) else None)
        for field in TENDER_FIELDS:
            if field not in want:
                continue
            have = _plain_tender(getattr(got, field)) if got is not None else None
            out.append(Check(case.id, "projects", f"projects[{i}].{field}", want[field], have, _same_tender(want[field], have)))
    return out


# wechat and news -------------------------------------------------------------------------------

EVENT_KINDS = ("executives", "projects", "signings", "financing")
EVENT_KEYS = {"executives": "name", "projects": "name", "signings": "counterparty", "financing": "round"}


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000·•“”\"'《》()（）【】\[\]]", "", text or "")


def same_name(a: str, b: str) -> bool:
    """Equal once spaces and brackets go; or one holds the other and is most of it."""
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= 0.7 * len(long)


def _instant(value: Any) -> Any:
    text = value.get("value") if isinstance(value, dict) else value
    if isinstance(text, str) and "T" in text:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    return text


def _plain_event(value: Any) -> Any:
    if isinstance(value, dict) and "currency" in value:
        return {"value": value["value"], "currency": value["currency"]}
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def _value_ok(want: Any, have: Any) -> bool:
    if isinstance(want, dict) and isinstance(have, dict):
        return all(_value_ok(v, have.get(k)) for k, v in want.items())
    if isinstance(want, (int, float)) and isinstance(have, (int, float)):
        return abs(want - have) <= max(0.5, abs(want) * 1e-6)
    if isinstance(want, list) and isinstance(have, list):
        return sorted(map(_norm, map(str, want))) == sorted(map(_norm, map(str, have)))
    if isinstance(want, str) and isinstance(have, str):
        return same_name(want, have) if len(want) > 6 else _norm(want) == _norm(have)
    return want == have


def events_of(dossier: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    projects = dossier["projects"]
    return {
        "executives": [e for e in dossier["executives"] if e.get("evidence")],
        "projects": [p for p in projects if p.get("kind") == "tender_won"],
        "signings": [p for p in projects if p.get("kind") == "signing"],
        "financing": dossier["financing"],
    }


def _articles(case: Case, reading: Reading) -> list[Check]:
    """Articles exact, each a check of its own; the customer's events with precision checked per
    case (less the known_gaps "extra") and recall and fields measured over the corpus."""
    dossier = reading.dossier(case.company or Company(""), case.fetched_at)
    return _article_checks(case, dossier) + _event_checks(case, dossier)


def _article_checks(case: Case, dossier: dict[str, Any]) -> list[Check]:
    expect = case.expect
    out: list[Check] = []
    got_articles = dossier["articles"]
    for want in expect.get("articles", []):
        label = want.get("title") or want.get("url", "")
        if want.get("title"):
            got = next((a for a in got_articles if _norm(a["title"]) == _norm(want["title"])), None)
        else:  # an entry without a title is found by its address
            got = next((a for a in got_articles if a["url"] == want.get("url")), None)
        out.append(Check(case.id, "articles", f"article[{label[:30]}]", label, got and got["title"], got is not None, "recall"))
        if got is None:
            continue
        for field in ("account", "author", "url", "published"):
            if field not in want:
                continue
            have = got.get(field)
            if field == "published":
                ok = _instant(want[field]) == _instant(have)
                have = _plain_event(have)
            else:
                ok = (want[field] or None) == (have or None)
            out.append(Check(case.id, "articles", f"article[{label[:30]}].{field}", want[field], have, ok, "value"))
    if "articles" in expect and not expect["articles"]:
        out.append(Check(case.id, "articles", "articles", [], [a["title"] for a in got_articles], not got_articles, "precision"))
    return out


def _event_field_ok(field: str, value: Any, have: Any, own_names: set[str]) -> bool:
    if field in ("company", "winner") and _norm(str(value)) in own_names:
        return _norm(str(have or "")) in own_names  # any of the customer's names is the customer
    if field == "date":
        return str(_plain_event(value))[:10] == str(have or "")[:10]
    return _value_ok(_plain_event(value), have)


def _event_checks(case: Case, dossier: dict[str, Any]) -> list[Check]:
    out: list[Check] = []
    got_events = events_of(dossier)
    own_names = {_norm(n) for n in customer_names(case.company)} if case.company else set()
    extra_known = set(case.expect.get("known_gaps", {}).get("extra", []))
    for kind in EVENT_KINDS:
        key = EVENT_KEYS[kind]
        gots = list(got_events[kind])
        for want in case.expect.get(kind, []) or []:
            match = next((g for g in gots if same_name(str(want[key]), str(g.get(key) or ""))), None)
            out.append(Check(case.id, kind, f"{kind}[{want[key]}]", want[key], match and match.get(key), match is not None, "recall", strict=False))
            if match is None:
                continue
            gots.remove(match)
            for field, value in want.items():
                if field in (key, "notes", "_notes") or value is None:
                    continue
                have = _plain_event(match.get(field))
                out.append(Check(case.id, kind, f"{kind}[{want[key]}].{field}", value, have, _event_field_ok(field, value, have, own_names),
                                 "value", strict=False))
        for extra in gots:
            label = f"{kind}[{extra.get(key)}]"
            out.append(Check(case.id, kind, label, None, extra.get(key), False, "precision", strict=label not in extra_known))
    return out


# notes -----------------------------------------------------------------------------------------

NOTE_FIELDS = ("author", "said_on", "topic", "answered", "text")


def _notes(case: Case, reading: Reading) -> list[Check]:
    """The notes in the file's order, every field exact."""
    got = [{"author": f.author, "said_on": f.said_on.value if f.said_on else "", "topic": f.topic, "answered": f.answered, "text": f.text}
           for f in reading.section("notes")]
    wants = case.expect.get("notes", [])
    out = [Check(case.id, "notes", "count", len(wants), len(got), len(wants) == len(got))]
    for i, want in enumerate(wants):
        have = got[i] if i < len(got) else {}
        for field in sorted(set(want) | set(NOTE_FIELDS)):
            out.append(Check(case.id, "notes", f"notes[{i}].{field}", want.get(field), have.get(field), want.get(field) == have.get(field)))
    return out


COMPARE: dict[str, Callable[[Case, Reading], list[Check]]] = {
    "site": _site, "registry": _registry, "tenders": _tenders, "wechat": _articles, "news": _articles, "notes": _notes,
}


# the site cases' own consistency -----------------------------------------------------------------

def site_problems(case: Case) -> list[str]:
    """A site case checked against itself (once fixtures/sites/check_links.py, run by hand): every
    internal link of a crawled site leads to a page it serves, GBK-declared pages of the project's
    own are GBK bytes, and every string expect.json names is on some page, so each guard means
    something."""
    from bs4 import BeautifulSoup

    meta = case.meta
    problems = [f"content_types lists unknown path {path}" for path in meta.get("content_types", {}) if path not in meta["pages"]]
    texts: list[str] = []
    for path, name in meta["pages"].items():
        file = (case.folder / name).resolve()
        if not file.is_file():
            problems.append(f"{path}: missing file {name}")
            continue
        text, trouble = _page_text(case, path, file)
        problems += trouble
        if text is None:
            continue
        soup = BeautifulSoup(text, "lxml")
        texts.append(" ".join(soup.get_text(" ").split()))
        # a logo's alt or title names a client as much as a caption does (issue 19: logos by alt text)
        texts += [str(img.get("alt") or img.get("title") or "") for img in soup.find_all("img")]
        if case.reads == "crawl":
            problems += _link_problems(case, path, soup)
    return problems + _expect_problems(case.expect, "\n".join(texts))


def _page_text(case: Case, path: str, file: Path) -> tuple[str | None, list[str]]:
    """The page's text in its declared encoding, and what is wrong with its bytes."""
    raw = file.read_bytes()
    header = case.meta.get("content_types", {}).get(path, case.meta.get("content_type", "text/html"))
    declared = re.search(r"charset=([\w-]+)", header, re.I)
    charset = declared.group(1).lower() if declared else None
    if charset is None and (found := re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I)):
        charset = found.group(1).decode().lower()
    gbkish = charset in {"gb2312", "gbk", "gb18030"}
    try:
        raw.decode("utf-8")
        is_utf8 = True
    except UnicodeDecodeError:
        is_utf8 = False
    if gbkish and is_utf8 and file not in case.realworld() and re.search(rb"[\x80-\xff]", raw):
        return raw.decode("utf-8"), [f"{path}: declares {charset} but bytes are UTF-8"]
    if gbkish and not is_utf8:
        try:
            return raw.decode("gb18030"), []
        except UnicodeDecodeError as e:
            return None, [f"{path}: not valid GBK: {e}"]
    return raw.decode("utf-8", errors="replace"), []


def _link_problems(case: Case, path: str, soup: Any) -> list[str]:
    """Every link of a crawled site that stays on it leads to a page it serves (assets aside)."""
    problems = []
    base = case.meta["base_url"]
    host = urlsplit(base).netloc.lower()
    for tag in soup.find_all(["a", "area", "link"], href=True):
        href = tag["href"].strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        target = urlsplit(urljoin(urljoin(base, path), href))
        if target.scheme not in ("http", "https"):
            problems.append(f"{path}: odd href {href!r}")
            continue
        if target.netloc.lower() != host or re.search(r"\.(jpe?g|png|gif|webp|svg|ico|bmp|css|js)$", target.path, re.I):
            continue
        key = (target.path or "/") + (f"?{target.query}" if target.query else "")
        if key not in case.meta["pages"]:
            problems.append(f"{path}: href {href!r} -> {key} not in pages")
    return problems


def _expect_problems(expect: dict[str, Any], site: str) -> list[str]:
    """Every string expect.json names is on some page; no expected article is dated a not_date."""
    squeezed = site.replace(" ", "")
    wanted = list(expect.get("overview_contains") or []) + list(expect.get("overview_not_contains") or [])
    wanted += list(expect.get("not_executives") or []) + list(expect.get("articles_not_contains") or [])
    for e in expect.get("executives") or []:
        wanted += [e["name"], e["title"]]
    for e in expect.get("executives_include") or []:  # titles from two places are joined with 、
        wanted += [e["name"], *e["title"].split("、")]
    for p in expect.get("projects") or []:
        wanted += [p["name"]] + [p[k] for k in ("buyer", "amount_text") if p.get(k)]
    wanted += [a["title"] for a in expect.get("articles") or []]
    problems = [f"expect string not on any page: {s!r}" for s in wanted
                if " ".join(s.split()) not in site and s.replace(" ", "") not in squeezed]
    not_dates = expect.get("not_dates") or []
    return problems + [f"article date listed in not_dates: {a}" for a in expect.get("articles") or [] if a["published"] in not_dates]
