"""What makes Briefing fast, checked by its structure (never by the clock): the order pages are
parsed in, what a warm build asks the network, what it does not do again."""

from __future__ import annotations

import asyncio
import threading

import pytest

from briefing.gathering.parse_queue import ParseQueue


async def _worker_holds(started: threading.Event) -> None:
    """Returns once the queue's worker is inside a job that set `started` (waited for in another
    thread, so the event loop stays free)."""
    assert await asyncio.to_thread(started.wait, 60), "the first job never started"


def _queued(queue: ParseQueue) -> int:
    return len(queue._waiting)


def test_the_parse_queue_runs_the_most_urgent_page_first_and_one_at_a_time() -> None:
    order: list[str] = []
    running = 0
    most = 0
    started, release = threading.Event(), threading.Event()

    def job(name: str) -> str:
        nonlocal running, most
        running += 1
        most = max(most, running)
        if name == "first":
            started.set()
            assert release.wait(60)
        order.append(name)
        running -= 1
        return name

    async def main() -> list[str]:
        queue = ParseQueue.of_running_loop()
        first = asyncio.ensure_future(queue.run((1, 0), job, "first"))
        await _worker_holds(started)  # the worker is busy with "first"...
        rest = [asyncio.ensure_future(queue.run(urgency, job, name))
                for urgency, name in [((1, 2), "leaf"), ((0, 1), "deeper index"), ((0, 0), "home page")]]
        await asyncio.sleep(0)  # one turn of the loop: each task's first step queues its job (tasks run in the order made)
        assert _queued(queue) == 3  # ...and the rest wait in the queue, least urgent first in
        release.set()
        return list(await asyncio.gather(first, *rest))

    results = asyncio.run(main())
    assert results == ["first", "leaf", "deeper index", "home page"]  # each caller gets its own result
    assert order == ["first", "home page", "deeper index", "leaf"]
    assert most == 1


def test_the_parse_queue_passes_errors_back_and_skips_jobs_nobody_waits_for() -> None:
    ran: list[str] = []
    started, release = threading.Event(), threading.Event()

    def job(name: str) -> None:
        if name == "first":
            started.set()
            assert release.wait(60)
        ran.append(name)
        if name == "broken":
            raise ValueError("bad page")

    async def main() -> None:
        queue = ParseQueue.of_running_loop()
        first = asyncio.ensure_future(queue.run((0,), job, "first"))
        await _worker_holds(started)
        abandoned = asyncio.ensure_future(queue.run((0,), job, "abandoned"))
        broken = asyncio.ensure_future(queue.run((1,), job, "broken"))
        await asyncio.sleep(0)  # one turn of the loop: both jobs are queued behind "first"
        assert _queued(queue) == 2  # so "abandoned" is skipped by the queue, not merely never asked for
        abandoned.cancel()
        release.set()
        await first
        with pytest.raises(ValueError, match="bad page"):
            await broken
        assert abandoned.cancelled()

    asyncio.run(main())
    assert ran == ["first", "broken"]


def test_each_event_loop_has_its_own_parse_queue() -> None:
    async def queue() -> ParseQueue:
        return ParseQueue.of_running_loop()

    async def same() -> bool:
        return ParseQueue.of_running_loop() is ParseQueue.of_running_loop()

    assert asyncio.run(same())
    assert asyncio.run(queue()) is not asyncio.run(queue())


def _pid() -> int:
    import os

    return os.getpid()


_meeting = None  # in a pool's process: the barrier its initializer was handed


def _meet_at(barrier) -> None:  # type: ignore[no-untyped-def]
    global _meeting
    _meeting = barrier


def _pid_once_both_run() -> int:
    """Returns only while another job is running in another process (a barrier of two): two such
    jobs prove the pool runs two at a time, whichever process picks which job, and whenever."""
    import os

    assert _meeting is not None
    _meeting.wait(120)  # BrokenBarrierError (the test fails with it) if the other never comes
    return os.getpid()


def _die() -> None:
    import os

    os._exit(1)


def _offloaded(jobs):  # type: ignore[no-untyped-def]
    """Runs `jobs` ((urgency, work, args)) through a queue handed a two-process pool whose
    processes share a barrier of two (`_pid_once_both_run`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)  # handed to each process as it starts: the only way to share one

    async def main():  # type: ignore[no-untyped-def]
        queue = ParseQueue.of_running_loop()
        with ProcessPoolExecutor(2, mp_context=spawn, initializer=_meet_at, initargs=(barrier,)) as pool, \
                queue.offloaded(pool, 2):
            return await asyncio.gather(*(queue.run(urgency, work, *args) for urgency, work, args in jobs),
                                        return_exceptions=True)

    return asyncio.run(main())


def test_an_offloaded_queue_parses_in_other_processes_and_keeps_what_they_cannot_load() -> None:
    import os
    import sys
    import types

    ghost = types.ModuleType("briefing_test_ghost")  # importable here, not in a spawned process
    exec("import os\ndef pid():\n    return os.getpid()\n", ghost.__dict__)
    sys.modules["briefing_test_ghost"] = ghost
    try:
        here, there_a, there_b, ghost_pid, local = _offloaded([
            ((0,), os.getpid, ()), ((0,), _pid_once_both_run, ()), ((0,), _pid_once_both_run, ()),
            ((1,), ghost.pid, ()), ((1,), lambda: os.getpid(), ()),
        ])
    finally:
        del sys.modules["briefing_test_ghost"]
    me = os.getpid()
    assert all(isinstance(pid, int) for pid in (here, there_a, there_b, ghost_pid, local)), (here, there_a, there_b)
    assert here != me and there_a != me and there_b != me  # sent to the pool
    assert there_a != there_b  # two at a time: each returned while the other was running
    assert ghost_pid == me  # the other process could not import its module: run here
    assert local == me  # a lambda cannot be sent at all: run here


def test_a_parsing_process_that_dies_fails_its_page_and_the_rest_are_parsed_here() -> None:
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    async def main():  # type: ignore[no-untyped-def]
        queue = ParseQueue.of_running_loop()
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool, queue.offloaded(pool, 2):
            died = (await asyncio.gather(queue.run((0,), _die), return_exceptions=True))[0]
            later = await asyncio.gather(*(queue.run((1,), _pid) for _ in range(3)))
        return died, later

    died, later = asyncio.run(main())
    assert isinstance(died, RuntimeError) and "stopped" in str(died)  # never re-run in the main process
    assert later == [os.getpid()] * 3  # the pool is given up: the rest are parsed here


# --- readings: an unchanged page is not parsed again ----------------------------------------------

import json  # noqa: E402
import shutil  # noqa: E402
import zlib  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

from briefing.store import readings  # noqa: E402
from briefing.toolkit.adapter import Parsed, Request  # noqa: E402
from briefing.brief import BuildResult, build_brief_async  # noqa: E402
from briefing.accounts.account import load_account  # noqa: E402
from briefing.demo import serve_site  # noqa: E402
from briefing.gathering.fetch import FetchSettings  # noqa: E402
from briefing.models import (  # noqa: E402
    Amount, Article, Branch, Company, DateValue, Executive, Financing, Investment, Note, Overview, Page, Project,
    Provenance, Registration, Share, Shareholder,
)
from briefing.gathering.pipeline import BuildSettings  # noqa: E402
from briefing.store.database import Store  # noqa: E402
from sites import SITES  # noqa: E402
from sources.site.adapter import SiteAdapter  # noqa: E402

FIRST = datetime(2026, 11, 26, 20, 0, tzinfo=timezone.utc)
SECOND = datetime(2026, 11, 27, 20, 0, tzinfo=timezone.utc)


@pytest.fixture()
def demo_site(tmp_path: Path):
    folder = tmp_path / "site"
    shutil.copytree(SITES / "demo", folder)
    with serve_site(folder) as base:
        yield folder, base


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = SiteAdapter.parse

    def counted(self: SiteAdapter, page: Page, request: Request) -> Parsed:
        seen.append(request.url)
        return original(self, page, request)

    monkeypatch.setattr(SiteAdapter, "parse", counted)
    return seen


def _build(tmp_path: Path, base: str, store: Store, when: datetime) -> BuildResult:
    path = tmp_path / "acme.toml"
    path.write_text(f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{base}"\n', "utf-8")
    settings = BuildSettings(fetch=FetchSettings(allow_private=True))
    return asyncio.run(build_brief_async(load_account(path), pdf=tmp_path / "b.pdf", settings=settings, store=store,
                                         clock=lambda: when))


def _undated(result: BuildResult) -> str:
    data = result.dossier.to_json()
    text = json.dumps({k: v for k, v in data.items() if k not in ("built_at", "sources")}, ensure_ascii=False, sort_keys=True)
    return text.replace(FIRST.isoformat(), "WHEN").replace(SECOND.isoformat(), "WHEN")


def test_a_warm_build_reuses_the_readings_of_unchanged_pages_redated(tmp_path: Path, demo_site, parses: list[str]):
    folder, base = demo_site
    with Store.open(tmp_path / "s.sqlite3") as store:
        cold = _build(tmp_path, base, store, FIRST)
        read_cold = len(parses)
        assert read_cold >= 8
        parses.clear()
        warm = _build(tmp_path, base, store, SECOND)
    assert parses == []  # every page answered 304, and the same code would read the same
    assert _undated(warm) == _undated(cold)  # the same facts...
    dates = {f.source.fetched_at for f in warm.dossier.facts}
    assert dates == {SECOND}  # ...each dated to the fetch that confirmed its page


def test_a_changed_page_or_changed_code_is_read_afresh(tmp_path: Path, demo_site, parses: list[str],
                                                        monkeypatch: pytest.MonkeyPatch):
    folder, base = demo_site
    with Store.open(tmp_path / "s.sqlite3") as store:
        _build(tmp_path, base, store, FIRST)
        about = folder / "about.html"
        about.write_text(about.read_text("utf-8").replace("</body>", "<p>新增一段。</p></body>"), "utf-8")
        parses.clear()
        _build(tmp_path, base, store, SECOND)
        assert [url.removeprefix(base.rstrip("/")) for url in parses] == ["/about/"]

        monkeypatch.setattr(readings, "code_fingerprint", lambda cls: "an upgraded adapter")
        parses.clear()
        _build(tmp_path, base, store, SECOND)
        assert len(parses) >= 8  # every page again


def _every_kind_of_fact() -> Parsed:
    source = Provenance("site", "https://example.com/a", FIRST, "sha256:ab", "标题")
    when, money = DateValue("2024-04-28", "2024年4月28日"), Amount(Decimal("12000000.5"), "1,200万元")
    facts = (
        Overview("概况", "摘要", source), Registration("registered_capital", money, "1,200万元", source),
        Registration("employees", 120, "120人", source),
        Shareholder("甲公司", Share(0.51, "51%"), source, money, when), Investment("乙公司", source, Share(1.0, "100%")),
        Branch("南京分公司", source), Executive("张建华", "董事长", source, evidence="……"),
        Project("污水处理厂", source, buyer="某市", amount=money, date=when, also=(source,)),
        Financing("A轮", source, money, ("丙资本",), when), Article("标题", "https://example.com/n", source, published=when),
        Note("资金已批", "王经理", source, when, "funding"),
    )
    follow = (Request("https://example.com/b", "news", 1, company=Company("江苏恒远", ("恒远",))),)
    return Parsed(facts, follow)


def test_a_reading_reads_back_as_it_was_written() -> None:
    parsed = _every_kind_of_fact()
    page = Page("https://example.com/a", b"x", "x", "utf-8", SECOND)  # other bytes: dates are kept
    assert readings.unpack(readings.pack(parsed), page) == parsed


def test_a_kept_reading_never_builds_anything_but_briefings_own_types() -> None:
    page = Page("https://example.com/a", b"x", "x", "utf-8", SECOND)
    for hostile in ({"class": "Popen", "fields": {"args": "rm -rf /"}}, {"class": "__main__.Evil", "fields": {}},
                    {"tuple": [{"class": "os.system", "fields": {}}]}, {"bytes": "AAAA"}, "not a reading",
                    {"class": "Parsed", "fields": []},  # doctored rows of the right class: parsed afresh
                    {"class": "Parsed", "fields": {"facts": "abc", "follow": {"tuple": []}, "status": None, "reason": ""}},
                    {"class": "Parsed", "fields": {"facts": {"tuple": [{"class": "Provenance", "fields": {
                        "adapter": "site", "url": "u", "fetched_at": "2026", "content_hash": "", "title": ""}}]},
                        "follow": {"tuple": []}, "status": None, "reason": ""}}):
        assert readings.unpack(zlib.compress(json.dumps(hostile).encode()), page) is None
    assert readings.unpack(b"not zlib", page) is None


def test_a_reading_holding_a_type_the_codec_does_not_know_is_not_kept() -> None:
    class PluginValue:
        pass

    source = Provenance("plugin", "https://example.com/a", FIRST, "sha256:ab")
    with pytest.raises(readings.Unkeepable):
        readings.pack(Parsed((Registration("employees", PluginValue(), "?", source),)))


def test_a_store_from_before_readings_and_robots_gains_their_tables(tmp_path: Path, demo_site):
    folder, base = demo_site
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as store:
        _build(tmp_path, base, store, FIRST)
        store.db.execute("DROP TABLE readings")
        store.db.execute("DROP TABLE robots")
    with Store.open(path) as store:
        assert _build(tmp_path, base, store, SECOND).dossier.facts
        assert store.db.execute("SELECT count(*) FROM readings").fetchone()[0] > 0
        assert store.db.execute("SELECT count(*) FROM robots").fetchone()[0] == 1


def test_a_registry_page_read_without_a_login_is_kept_and_asked_for_conditionally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Registry requests may carry the user's login; only those that do are kept out of the store."""
    import httpx
    import respx

    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))  # no registry login configured

    async def public_dns(host: str) -> list[str]:
        return ["93.184.216.34"]

    monkeypatch.setattr("briefing.gathering.fetch._getaddrinfo", public_dns)
    realworld = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"  # read in place, never copied
    if not (realworld / "registry-qichacha-company-2018.html").is_file():
        pytest.skip(f"needs ../shared/realworld/registry-qichacha-company-2018.html beside the checkout ({realworld})")
    page = (realworld / "registry-qichacha-company-2018.html").read_bytes()
    asked: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(200, content=page, headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'})

    path = tmp_path / "acct.toml"
    path.write_text('name = "北京中科遥数信息技术有限公司"\n[sources]\nregistry = "https://www.qcc.com/firm/abc.html"\n', "utf-8")
    with Store.open(tmp_path / "s.sqlite3") as store, respx.mock(assert_all_mocked=True) as router:
        router.get(url__regex=r".*/robots\.txt").mock(return_value=httpx.Response(404))
        router.get("https://www.qcc.com/firm/abc.html").mock(side_effect=answer)
        first = asyncio.run(build_brief_async(load_account(path), pdf=tmp_path / "b.pdf", store=store, clock=lambda: FIRST))
        second = asyncio.run(build_brief_async(load_account(path), pdf=tmp_path / "b.pdf", store=store, clock=lambda: SECOND))
    assert [r.headers.get("If-None-Match") for r in asked] == [None, '"v1"']
    assert _undated(second) == _undated(first) and second.dossier.facts


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")  # one fixture page is an XML feed
def test_parsing_is_a_function_of_the_page_alone_so_a_kept_reading_is_what_a_parse_would_give() -> None:
    """Every page of every fixture site, parsed twice in one process in different orders, reads
    the same (a cache shared across pages, like trafilatura's dedup, would break this)."""
    from briefing.gathering.saved import load_saved

    adapter = SiteAdapter()
    pages = []
    for meta_file in sorted(SITES.glob("*/meta.json")):
        meta = json.loads(meta_file.read_text("utf-8"))
        base = meta["base_url"].rstrip("/")
        for path, name in meta["pages"].items():
            page = load_saved(str(meta_file.parent / name), fetched_at=FIRST)
            pages.append((page, Request(base + path, "", 1 if path != "/" else 0)))
    assert len(pages) > 100
    first = [readings.pack(adapter.parse(page, request)) for page, request in pages]
    again = [readings.pack(adapter.parse(page, request)) for page, request in reversed(pages)][::-1]
    assert first == again


@pytest.fixture()
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Imports a plugin written under tmp_path (`plugin("pkg.module", "Class")`), with a fresh
    fingerprint cache; both forgotten afterwards."""
    import importlib
    import sys

    monkeypatch.syspath_prepend(str(tmp_path))
    readings.code_fingerprint.cache_clear()
    imported: list[str] = []

    def load(module: str, name: str) -> type:
        imported.append(module.split(".")[0])
        return getattr(importlib.import_module(module), name)

    yield load
    readings.code_fingerprint.cache_clear()
    for name in [m for m in sys.modules if m.split(".")[0] in imported]:
        del sys.modules[name]


def _fingerprint_again(adapter_class: type) -> str:
    readings.code_fingerprint.cache_clear()  # as a new run would
    return readings.code_fingerprint(adapter_class)


def test_a_readings_code_fingerprint_follows_the_adapters_whole_package_and_the_installed_libraries(
        tmp_path: Path, plugin) -> None:  # type: ignore[no-untyped-def]
    package = tmp_path / "plug_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", "utf-8")
    (package / "helper.py").write_text("def tidy(text):\n    return text\n", "utf-8")
    (package / "adapter.py").write_text("from . import helper\n\nclass PlugAdapter:\n    name = 'plug'\n", "utf-8")
    adapter_class = plugin("plug_pkg.adapter", "PlugAdapter")
    before = readings.code_fingerprint(adapter_class)
    (package / "helper.py").write_text("def tidy(text):\n    return text.strip()\n", "utf-8")  # only a helper changes
    edited = _fingerprint_again(adapter_class)
    assert edited != before
    (tmp_path / "lxml-99.0.dist-info").mkdir()  # a library upgraded beneath it
    assert _fingerprint_again(adapter_class) != edited


def test_builds_in_loop_after_loop_leave_no_parse_threads_behind() -> None:
    import gc
    import threading

    def parse_threads() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith("briefing-parse")}

    async def one() -> int:
        return await ParseQueue.of_running_loop().run((0,), len, "page")

    before = parse_threads()
    for _ in range(30):
        assert asyncio.run(one()) == 4
    gc.collect()  # every loop, and with it its queue, is gone: each worker is told to leave
    for thread in parse_threads() - before:
        thread.join(60)  # it leaves; a worker that stayed would be held here, then counted below
    assert len(parse_threads() - before) == 0


def test_the_site_adapter_leaves_trafilaturas_process_wide_dedup_cache_alone() -> None:
    """The per-page cache only works where trafilatura reads `deduplicate` as a cache of its own;
    if a version went back to its global one, a batch's later pages would lose text again."""
    from trafilatura import deduplication

    from briefing.gathering.saved import load_saved

    page = load_saved(str(SITES / "demo" / "about.html"), fetched_at=FIRST)
    before = dict(deduplication.LRU_TEST.cache)
    parsed = SiteAdapter().parse(page, Request(page.url, "about", 1))
    assert any(isinstance(f, Overview) for f in parsed.facts)
    assert dict(deduplication.LRU_TEST.cache) == before  # nothing of the page went into the global cache


def test_a_lone_module_adapters_fingerprint_is_its_own_file_not_its_whole_folder(tmp_path: Path, plugin) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "plug_single.py").write_text("class SingleAdapter:\n    name = 'single'\n", "utf-8")
    adapter_class = plugin("plug_single", "SingleAdapter")
    before = readings.code_fingerprint(adapter_class)
    (tmp_path / "someone_elses.py").write_text("x = 1\n", "utf-8")  # a neighbour in site-packages
    assert _fingerprint_again(adapter_class) == before
    (tmp_path / "plug_single.py").write_text("class SingleAdapter:\n    name = 'single'  # v2\n", "utf-8")
    assert _fingerprint_again(adapter_class) != before
