"""Every fixture case of every built-in adapter, fixtures/<adapter>/<case>/ (fixtures/README.md),
read by its adapter and compared with its expect.json: one test per case and expected field, so a
failure names both. Missing facts fail; so do wrong ones (a wrong fact is worse).

Pages other people published are read in place from ../shared/realworld beside the checkout; a
case that needs one is skipped, saying so, where that folder is absent.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

import pytest

from fixture_cases import (
    FIXTURES, NOT_CASES, REALWORLD, ROOT, Case, Check, EVENT_KINDS, adapters, builtin_adapters, cases, compare, read,
    site_problems,
)

CASES = cases()
# What expect.json may say, per adapter (fixtures/README.md); a key starting with _ is a comment.
KINDS = {
    "site": {"status", "overview_contains", "overview_not_contains", "executives", "executives_include", "not_executives",
             "projects", "articles", "articles_not_contains", "not_dates", "count", "at_least", "date_precision", "follow",
             "known_gaps"},
    "registry": {"status", "registration", "shareholders", "executives", "investments", "branches", "financing", "projects"},
    "tenders": {"status", "projects", "links"},
    "wechat": {"status", "articles", *EVENT_KINDS, "known_gaps"},
    "news": {"status", "articles", *EVENT_KINDS, "known_gaps"},
    "notes": {"status", "notes"},
}
RECALL_FLOOR = 0.9  # of the customer's events in wechat and news cases: measured 94% (101/107) when written
_checks: dict[str, list[Check]] = {}


def checks(case: Case) -> list[Check]:
    if case.missing():
        pytest.skip("; ".join(case.missing()))
    if case.id not in _checks:
        _checks[case.id] = compare(case, read(case))
    return _checks[case.id]


def groups(case: Case) -> list[str]:
    """What is checked of a case: its status and its facts' sources always, then each expect.json key."""
    keys = [k for k in case.expect if not k.startswith("_") and k not in ("status", "known_gaps")]
    return ["status", "sources", *keys]


@pytest.mark.parametrize("case, group", [pytest.param(c, g, id=f"{c.id}:{g}") for c in CASES for g in groups(c)])
def test_case(case: Case, group: str):
    failed = [c for c in checks(case) if c.group == group and c.strict and not c.ok]
    assert not failed, "\n".join(map(str, failed))


# --- measured over a corpus, not per case ---------------------------------------------------------

def _events(role: str) -> list[Check]:
    return [c for case in CASES if case.adapter in ("wechat", "news") and not case.missing()
            for c in checks(case) if c.group in EVENT_KINDS and c.kind == role and not c.strict]


def test_wechat_and_news_read_most_of_the_customers_events():
    found = _events("recall")
    right = sum(c.ok for c in found)
    assert found and right / len(found) >= RECALL_FLOOR, f"{right}/{len(found)} events read"


def test_wechat_and_news_event_fields_are_right_where_events_are_found():
    values = _events("value")
    wrong = [c for c in values if not c.ok]
    assert len(wrong) <= 0.1 * len(values), "\n".join(map(str, wrong))


# --- what the cases cover ---------------------------------------------------------------------------

def _named(adapter: str) -> dict[str, Case]:
    return {c.name: c for c in CASES if c.adapter == adapter}


def test_there_are_several_fixture_sites():
    sites = _named("site")
    assert sum(c.reads == "crawl" for c in sites.values()) >= 4
    assert len(set(sites["demo"].meta["pages"].values())) >= 12


def test_registry_cases_cover_every_input_form():
    metas = [c.meta for c in _named("registry").values()]
    forms = {m["form"] for m in metas} | {"fragment" for m in metas if m["form"] == "saved-page" and len(m["pages"]) > 1}
    assert {"saved-page", "fragment", "api-json", "header-block"} <= forms


def test_tender_cases_cover_lots_units_candidates_and_lists():
    assert {"province-multilot", "candidates-only", "list-page", "gbk-county"} <= set(_named("tenders"))


def test_wechat_and_news_cases_cover_walls_deleted_articles_and_feeds():
    both = [*_named("wechat").values(), *_named("news").values()]
    assert _named("wechat") and _named("news")
    assert {"blocked", "gone", "ok"} <= {c.expect.get("status", "ok") for c in both}
    assert any(name.endswith((".xml", ".rss", ".atom")) for c in both for name in c.meta["pages"].values())


@pytest.mark.parametrize("adapter", ["site", "registry", "tenders", "wechat", "news"])
def test_real_pages_of_other_people_are_among_the_cases(adapter: str):
    """Read in place from ../shared/realworld, never copied: the cases that need them say so."""
    assert any(c.realworld() for c in _named(adapter).values())


# --- the meta-tests -----------------------------------------------------------------------------------

@pytest.mark.parametrize("adapter", sorted(builtin_adapters()))
def test_every_builtin_adapter_has_cases(adapter: str):
    """An adapter without saved pages to test on is not done (every entry point of briefing.sources
    whose module is one of ours, sources.*)."""
    assert (FIXTURES / adapter).is_dir(), f"built-in adapter {adapter!r} has no fixtures/{adapter}/"
    assert any(c.adapter == adapter for c in CASES), f"built-in adapter {adapter!r} has no case in fixtures/{adapter}/"


def test_every_fixture_folder_is_a_builtin_adapter():
    assert set(adapters()) <= set(builtin_adapters()), "fixtures/<adapter>/ is named after the adapter's entry point"
    assert NOT_CASES == {"demo", "calendars", "events"} and (FIXTURES / "demo" / "account.toml").is_file()
    assert not [p for p in FIXTURES.iterdir() if p.is_symlink()]  # one name for each adapter's cases


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_every_case_is_complete(case: Case):
    """meta.json names every page and its address and the frozen fetch time; expect.json says only
    what the runner checks; nothing else lies in the folder."""
    assert (case.folder / "expect.json").is_file()
    assert case.meta["pages"], "no pages"
    assert case.meta.get("description") and case.meta.get("provenance"), "say what the case shows and who wrote it"
    assert datetime.fromisoformat(case.meta["fetched_at"]).utcoffset() is not None, "fetched_at needs its offset"
    assert set(case.meta) <= {"base_url", "pages", "content_type", "content_types", "fetched_at", "company", "read", "request",
                              "form", "description", "provenance"}, sorted(case.meta)
    assert case.reads in ("crawl", "page") and (case.reads == "page" or case.adapter == "site")
    unknown = {k for k in case.expect if not k.startswith("_")} - KINDS[case.adapter]
    assert not unknown, f"expect.json keys the runner does not check: {sorted(unknown)}"
    for url, file in case.pages():
        assert file.is_relative_to(FIXTURES) or file.parent == REALWORLD, f"{file}: neither the project's own nor ../shared/realworld"
        assert not url.startswith(("http://", "https://")) or re.match(r"https?://[^/\s]+", url), url
        if file.is_relative_to(FIXTURES):
            assert file.is_file(), f"{file} is missing"
    listed = {file for _, file in case.pages()}
    stray = [p.name for p in case.folder.iterdir() if p.name not in ("meta.json", "expect.json") and p.resolve() not in listed]
    assert not stray, f"files no case reads: {stray}"


def test_no_page_other_people_published_is_in_the_project():
    """Their pages stay in ../shared/realworld; the project holds only pages it wrote."""
    if not REALWORLD.is_dir():
        pytest.skip(f"needs ../shared/realworld beside the checkout ({REALWORLD})")
    theirs = {hashlib.sha256(p.read_bytes()).digest(): p.name for p in REALWORLD.rglob("*") if p.is_file()}
    ours = [p for top in ("fixtures", "tests", "bench", "briefing", "sources") for p in (ROOT / top).rglob("*")
            if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts]
    copies = [f"{p.relative_to(ROOT)} = ../shared/realworld/{theirs[h]}" for p in ours if (h := hashlib.sha256(p.read_bytes()).digest()) in theirs]
    assert not copies, copies


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")  # one site serves an RSS feed
@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES if c.adapter == "site"])
def test_site_case_holds_what_it_expects(case: Case):
    """Links of a crawled site lead to pages it serves, GBK-declared pages are GBK, and every string
    expect.json names is on a page (so each guard means something)."""
    if case.missing():
        pytest.skip("; ".join(case.missing()))
    assert not site_problems(case), "\n".join(site_problems(case))


def test_the_runner_checks_what_expect_json_says():
    """Each expected item becomes at least one check: a key the runner ignored would pass silently."""
    for case in CASES:
        if case.missing():
            continue
        found = {c.group for c in checks(case)}
        for key, value in case.expect.items():
            if not key.startswith("_") and key not in ("status", "known_gaps") and value:
                assert key in found, f"{case.id}: {key} gave no check"
