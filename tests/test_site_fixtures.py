"""The site adapter on every fixture website, crawled through a real server on 127.0.0.1.

Each site's meta.json says what a careful human reader finds there; one test per site and field,
so a failure names both. Missing facts fail; so do wrong ones (a wrong fact is worse).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefing.models import Article, Executive, Overview, Project
from sites import Site, all_sites, crawl, squash

SITES = all_sites()


def known(site: Site, key: str) -> set[str]:
    """What the adapter is known to miss on this site (meta.json "known_gaps", with the reason).

    Strict both ways: a gap that closes must be taken off the list, so the list stays true.
    """
    return set(site.meta.get("known_gaps", {}).get(key, []))


def sites_with(key: str) -> list:
    return [pytest.param(site, id=site.name) for site in SITES if site.expect.get(key) is not None]


def test_there_are_several_fixture_sites():
    assert len(SITES) >= 4
    demo = next(s for s in SITES if s.name == "demo")
    assert len(set(demo.meta["pages"].values())) >= 12


@pytest.mark.parametrize("site", [pytest.param(s, id=s.name) for s in SITES])
def test_every_source_is_ok(site: Site):
    (report,) = crawl(site).sources
    assert report.status == "ok", report
    assert report.problems == ()


@pytest.mark.parametrize("site", sites_with("overview_contains"))
def test_overview_contains(site: Site):
    text = squash(" ".join(f.text for f in crawl(site).section("overview") if isinstance(f, Overview)))
    missing = [p for p in site.expect["overview_contains"] if squash(p) not in text]
    assert not missing, f"overview lacks {missing}"


@pytest.mark.parametrize("site", sites_with("overview_not_contains"))
def test_overview_has_no_page_furniture(site: Site):
    text = squash(" ".join(f.text for f in crawl(site).section("overview") if isinstance(f, Overview)))
    leaked = [p for p in site.expect["overview_not_contains"] if squash(p) in text]
    assert not leaked, f"overview shows {leaked}"


@pytest.mark.parametrize("site", sites_with("executives"))
def test_executives_exactly(site: Site):
    found = {(f.name, squash(f.title)) for f in crawl(site).section("executives") if isinstance(f, Executive)}
    expected = {(e["name"], squash(e["title"])) for e in site.expect["executives"]}
    assert found - expected == set(), "executives nobody listed (a wrong fact)"
    assert {name for name, _ in expected - found} == known(site, "executives_missed"), "executives missed"


@pytest.mark.parametrize("site", sites_with("not_executives"))
def test_no_invented_executives(site: Site):
    names = {f.name for f in crawl(site).section("executives") if isinstance(f, Executive)}
    assert names.isdisjoint(site.expect["not_executives"])


@pytest.mark.parametrize("site", sites_with("projects"))
def test_projects(site: Site):
    found: dict[str, list[Project]] = {}
    for fact in crawl(site).section("projects"):
        assert isinstance(fact, Project)
        found.setdefault(squash(fact.name), []).append(fact)
    expected = {squash(p["name"]): p for p in site.expect["projects"]}
    assert set(found) - set(expected) == set(), "projects nobody listed"
    assert set(expected) - set(found) == {squash(n) for n in known(site, "projects_missed")}, "projects missed"
    buyer_differs = {squash(n) for n in known(site, "projects_buyer_differs")}
    for key, want in expected.items():
        for fact in found.get(key, []):
            if key in buyer_differs:
                assert fact.buyer and squash(fact.buyer) != squash(want["buyer"]) and squash(want["buyer"]) in squash(fact.buyer)
            elif want.get("buyer"):
                assert fact.buyer is None or squash(fact.buyer) == squash(want["buyer"]), fact
            else:
                assert fact.buyer is None, fact
            if want.get("amount_yuan") is not None:
                assert fact.amount is not None and fact.amount.value == Decimal(str(want["amount_yuan"])), fact
            else:  # no yuan figure on the page (a figure in another currency may be read as such)
                assert fact.amount is None or fact.amount.currency != "CNY", fact
            if want.get("date"):
                assert fact.date is not None and fact.date.value == want["date"], fact
            else:
                assert fact.date is None, fact
        # The details a careful reader finds are there in at least one fact about it.
        if want.get("buyer") and key in found:
            assert any(f.buyer for f in found[key]), key


@pytest.mark.parametrize("site", sites_with("articles"))
def test_articles(site: Site):
    found: dict[str, list[Article]] = {}
    for fact in crawl(site).section("articles"):
        assert isinstance(fact, Article)
        found.setdefault(squash(fact.title), []).append(fact)
    expected = {squash(a["title"]): a for a in site.expect["articles"]}
    assert set(found) - set(expected) == set(), "articles nobody listed"
    assert set(expected) - set(found) == set(), "articles missed"
    for key, want in expected.items():
        for fact in found[key]:
            got = fact.published.value if fact.published else None
            assert got == want["published"], (fact.title, got, want["published"])


@pytest.mark.parametrize("site", sites_with("not_dates"))
def test_no_copyright_year_as_a_date(site: Site):
    dates = {f.published.value for f in crawl(site).section("articles") if isinstance(f, Article) and f.published}
    dates |= {f.date.value for f in crawl(site).section("projects") if isinstance(f, Project) and f.date}
    assert dates.isdisjoint(site.expect["not_dates"])


@pytest.mark.parametrize("site", [pytest.param(s, id=s.name) for s in SITES])
def test_every_fact_has_its_source(site: Site):
    for fact in crawl(site).facts:
        assert fact.source.adapter == "site"
        assert fact.source.url.startswith("http://127.0.0.1:")
        assert fact.source.content_hash.startswith("sha256:")


def test_every_installed_adapter_has_fixture_cases():
    """A meta-test: an adapter without saved pages to test on is not done."""
    from briefing.gathering.registry import default_registry

    from registry_cases import ROOT as registry_fixtures
    from sites import SITES as fixtures
    from article_cases import ROOT as article_fixtures
    from tender_cases import ROOT as tender_fixtures
    folders = {"site": fixtures, "registry": registry_fixtures, "wechat": article_fixtures, "news": article_fixtures,
               "tenders": tender_fixtures, "notes": tender_fixtures.parent / "notes"}
    for name, installed in default_registry.installed().items():
        if installed.distribution != "briefing":
            continue  # third-party adapters test themselves
        assert name in folders, f"built-in adapter {name!r} has no fixture folder"
        assert any((folder / "meta.json").is_file() for folder in folders[name].iterdir()), name
