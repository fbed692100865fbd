"""The pipeline: plans, caps, follow-ups, and a failing source or adapter never sinks the brief."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from briefing.toolkit.adapter import BaseAdapter, Parsed, Request
from briefing.gathering.registry import Registry
from briefing.accounts.account import Account, SourceEntry
from briefing.errors import FetchFailed, FetchGone, NotConfigured
from briefing.models import Company, Executive, Page
from briefing.gathering.pipeline import BuildSettings, Pipeline

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


class FakeFetcher:
    def __init__(self, pages: dict):
        self.pages = pages
        self.asked: list[str] = []

    async def fetch(self, url: str) -> Page:
        self.asked.append(url)
        found = self.pages.get(url)
        if isinstance(found, Exception):
            raise found
        if found is None:
            raise FetchGone(url, "HTTP 404")
        return Page(url=url, body=found.encode(), text=found, encoding="utf-8", fetched_at=NOW)


class ChainAdapter(BaseAdapter):
    """Each page links to page N+1; every page names one executive."""

    name = "chain"
    description = "test"
    max_depth = 2
    max_pages = 10

    def parse(self, page, request):
        n = int(page.url.rsplit("/", 1)[1])
        fact = Executive(name=f"张{n}", title="董事长", source=page.provenance(self.name))
        follow = (Request(f"https://a.cn/{n + 1}", "", request.depth + 1), Request(f"https://a.cn/{n + 1}#x", "", request.depth + 1))
        return Parsed((fact,), follow)


class CrashAdapter(ChainAdapter):
    name = "crash"

    def parse(self, page, request):
        raise ValueError("cannot read this layout")


class OptOutAdapter(ChainAdapter):
    name = "optout"

    def plan(self, target):
        raise NotConfigured("needs QCC_COOKIE; set it in the environment")


class WallAdapter(ChainAdapter):
    name = "wall"

    def parse(self, page, request):
        return Parsed(status="blocked", reason="verification page (环境异常)")


def registry(*adapters) -> Registry:
    return Registry.of(*adapters)


def run(entries, pages, *adapters, strict=False):
    fetcher = FakeFetcher(pages)
    account = Account("", Company("Acme"), tuple(entries))
    pipe = Pipeline(fetcher, registry=registry(*adapters), settings=BuildSettings(strict=strict), clock=lambda: NOW)
    return asyncio.run(pipe.dossier(account)), fetcher


PAGES = {f"https://a.cn/{n}": f"page {n}" for n in range(10)}


def test_follow_ups_stop_at_the_depth_cap_and_are_deduped():
    dossier, fetcher = run([SourceEntry("chain", "https://a.cn/0", True)], PAGES, ChainAdapter())
    assert fetcher.asked == ["https://a.cn/0", "https://a.cn/1", "https://a.cn/2"]  # depth 2; the #x twin not fetched
    assert [f.name for f in dossier.facts] == ["张0", "张1", "张2"]
    assert dossier.sources[0].status == "ok" and dossier.sources[0].pages == 3


def test_page_cap():
    adapter = ChainAdapter()
    adapter.max_depth, adapter.max_pages = 9, 4
    _, fetcher = run([SourceEntry("chain", "https://a.cn/0", True)], PAGES, adapter)
    assert len(fetcher.asked) == 4


def test_unreachable_source_is_stale_with_reason_and_others_still_build():
    pages = dict(PAGES, **{"https://b.cn/0": FetchFailed("https://b.cn/0", "timed out after 60 s")})
    entries = [SourceEntry("chain", "https://a.cn/0", True), SourceEntry("chain", "https://b.cn/0", True)]
    dossier, _ = run(entries, pages, ChainAdapter())
    ok, stale = dossier.sources
    assert ok.status == "ok" and stale.status == "stale" and stale.reason == "timed out after 60 s"
    assert dossier.degraded and len(dossier.facts) == 3


def test_a_sub_page_that_fails_marks_the_source_stale():
    pages = dict(PAGES, **{"https://a.cn/2": FetchFailed("https://a.cn/2", "HTTP 503 after 3 attempts")})
    dossier, _ = run([SourceEntry("chain", "https://a.cn/0", True)], pages, ChainAdapter())
    report = dossier.sources[0]
    assert report.status == "stale" and "1 page" in report.reason
    assert any("HTTP 503" in p for p in report.problems)


def test_a_dead_link_on_the_site_is_noted_but_not_stale():
    pages = {"https://a.cn/0": "page 0"}  # /1 answers 404
    dossier, _ = run([SourceEntry("chain", "https://a.cn/0", True)], pages, ChainAdapter())
    assert dossier.sources[0].status == "ok" and "gone" in dossier.sources[0].problems[0]


def test_root_gone():
    dossier, _ = run([SourceEntry("chain", "https://a.cn/missing", True)], PAGES, ChainAdapter())
    assert dossier.sources[0].status == "gone"


def test_adapter_crash_is_isolated_unless_strict():
    dossier, _ = run([SourceEntry("crash", "https://a.cn/0", True), SourceEntry("chain", "https://a.cn/5", True)], PAGES, CrashAdapter(), ChainAdapter())
    crash = dossier.sources[0]
    assert crash.status == "stale" and "cannot read this layout" in crash.reason
    assert [f.name for f in dossier.facts] == ["张5", "张6", "张7"]
    with pytest.raises(ValueError):
        run([SourceEntry("crash", "https://a.cn/0", True)], PAGES, CrashAdapter(), strict=True)


def test_opt_out_and_not_installed_are_skipped_with_reasons():
    entries = [SourceEntry("optout", "https://a.cn/0", True), SourceEntry("tenders", "https://a.cn/0", True)]
    dossier, fetcher = run(entries, PAGES, OptOutAdapter())
    assert [(s.status, s.reason) for s in dossier.sources] == [
        ("skipped", "needs QCC_COOKIE; set it in the environment"),
        ("skipped", "adapter 'tenders' is not installed (see `briefing sources`)"),
    ]
    assert fetcher.asked == [] and not dossier.degraded


def test_an_adapter_can_say_a_page_is_a_wall():
    dossier, _ = run([SourceEntry("wall", "https://a.cn/0", True)], PAGES, WallAdapter())
    assert dossier.sources[0].status == "blocked" and "环境异常" in dossier.sources[0].reason
    assert dossier.facts == ()


def test_a_saved_page_never_leads_to_a_fetch(tmp_path):
    saved = tmp_path / "1"
    saved.write_text("<html><body>saved page 1 with enough text</body></html>", encoding="utf-8")

    class FromFile(ChainAdapter):
        def parse(self, page, request):
            return Parsed((), (Request("https://a.cn/2", "", 1), Request("file:///etc/passwd", "", 1)))

    dossier, fetcher = run([SourceEntry("chain", str(saved), False)], PAGES, FromFile())
    assert fetcher.asked == []
    assert dossier.sources[0].status == "ok" and dossier.sources[0].pages == 1


def test_a_web_page_cannot_make_us_open_a_local_file():
    class ToFile(ChainAdapter):
        def parse(self, page, request):
            return Parsed((), (Request("file:///etc/passwd", "", 1), Request("/etc/passwd", "", 1)))

    dossier, fetcher = run([SourceEntry("chain", "https://a.cn/0", True)], PAGES, ToFile())
    assert fetcher.asked == ["https://a.cn/0"] and dossier.sources[0].pages == 1
