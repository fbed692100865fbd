"""One call from an account file to a written brief: gather, render, write (atomically).

`refresh_brief_async` is the evening's call: fetch again through the store, compare with the
dossier the last brief was built from, and rebuild only when something material changed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
import contextlib
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefing.gathering.registry import Registry, default_registry
from briefing.accounts.account import Account
from briefing.gathering.fetch import Fetcher
from briefing.accounts import notes
from briefing.models import Dossier, Fact, SourceReport
from briefing.gathering.parse_queue import ParseQueue
from briefing.gathering.pipeline import BuildSettings, is_web_url, Clock, Progress, build_dossier_async, utc_now
from briefing.analysis import analysed
from briefing.analysis.changes import Changes, compare
from briefing.errors import BriefingError, KeptEarlierBrief, OutputError, RefreshFailed, StoreError, UsageError
from briefing.store.database import Store, StoreFetcher
from briefing.store.files import briefs_dir, safe_name, write_all_atomic


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    dossier: Dossier
    pdf: Path
    json: Path | None
    unreachable: bool = False  # sources were tried over the network and no site answered: offline?


FORMATS = ("pdf", "md")
OFFLINE_HINT = ("no site could be reached over the network (no network, or no name resolved); "
                "the store's copies were used where it had them: build with --offline to use them at once, "
                "or try again once online")
OFFLINE_HINT_NO_STORE = "no site could be reached over the network (no network, or no name resolved); try again once online"


def offline_hint(with_store: bool) -> str:
    return OFFLINE_HINT if with_store else OFFLINE_HINT_NO_STORE


@dataclass(frozen=True)
class Layout:
    """How the brief is printed: a PDF (portrait or landscape) or Markdown for chat apps."""

    format: str = "pdf"
    landscape: bool = False

    def prepare(self) -> asyncio.Future[object]:
        """Load the fonts in a thread: parsing two 10 MB TrueType files takes a quarter of a second."""
        if self.format != "pdf":
            return asyncio.ensure_future(asyncio.sleep(0))
        from briefing.rendering.pdf import register_font

        return asyncio.ensure_future(asyncio.to_thread(register_font))


    def render(self, dossier: Dossier, changes: Changes | None = None) -> bytes:
        # the printers load reportlab and the composer: imported here, so `briefing --help` is quick
        if self.format == "md":
            from briefing.rendering.markdown import render_markdown

            return render_markdown(dossier, changes=changes)
        from briefing.rendering.pdf import render_pdf

        return render_pdf(dossier, landscape=self.landscape, changes=changes)


class _FontsMeanwhile:
    """Loads the fonts while the first pages are on their way: after the adapters have loaded and
    every source has sent its first request, the CPU is idle for a round trip. Started sooner,
    the parsing would compete with the adapters' loading; later, with the first pages' parsing,
    and a quarter of a second would come after the last page instead of during the waits."""

    def __init__(self, layout: Layout, progress: Callable[[Progress], None] | None, *, here: bool = True) -> None:
        # `here` False: the brief is laid out in another process, which loads its own fonts
        self.layout, self.progress = (layout if here else Layout("md")), progress
        self.task: asyncio.Future[object] | None = None

    def __call__(self, event: Progress) -> None:
        if self.task is None and event.kind == "source-start":
            self.task = asyncio.ensure_future(self._soon())
        if self.progress is not None:
            self.progress(event)

    async def _soon(self) -> object:
        await asyncio.sleep(0.01)  # let the first requests leave
        return await self.layout.prepare()

    async def ready(self) -> None:
        if self.task is None:  # no source to read
            self.task = self.layout.prepare()
        await self.task


def default_pdf_path(account: Account, folder: str = "", suffix: str = "pdf") -> Path:
    """briefs/<company>.pdf in the user data folder (briefs/<folder>/ for the demo)."""
    return briefs_dir() / folder / f"{safe_name(account.company.name)}.{suffix}"


def store_key(account: Account) -> str:
    """Whose history a brief continues in the store: the account file (two files may name one
    company), or the company's name for an account made in code."""
    return str(Path(account.path).resolve()) if account.path else account.company.name


def notes_key(account: Account) -> str:
    """Whose notes a brief carries from a shared store: the company's name as the account file
    gives it, not the file's path (store_key): each colleague keeps a copy of the account file in
    their own folder, and the notes are about the customer, whoever's copy names it."""
    return account.company.name


def dossier_json(dossier: Dossier) -> bytes:
    return (json.dumps(dossier.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _nothing_read(dossier: Dossier) -> bool:
    """Every source failed outright: not even the store had a copy."""
    return bool(dossier.sources) and not any(s.status == "ok" or s.pages for s in dossier.sources)


def _team_notes(account: Account, store: Store | None) -> list[tuple[SourceReport, list[Fact]]]:
    """The notes colleagues wrote on this account to a shared store, as one more source (none
    with the SQLite store: there the notes are the account's notes file, read as any source)."""
    if store is None or not store.shares_notes:
        return []
    try:
        stored = store.notes(notes_key(account))
    except StoreError as exc:  # the team's notes are missing from this brief, said so; the rest is built
        return [(SourceReport("notes", store.notes_url, "stale", str(exc)), [])]
    if not stored:
        return []
    facts: list[Fact] = list(notes.stored_facts(stored, store.notes_url))
    return [(SourceReport("notes", store.notes_url, "ok", pages=1, fetched_at=max(n.written_at for n in stored)), facts)]


@dataclass
class _Gathered:
    dossier: Dossier
    remembered: StoreFetcher | None  # the store's side of the fetching, when there is a store
    unreachable: bool  # no site answered over the network, though some were tried


async def _gather(account: Account, settings: BuildSettings, registry: Registry, clock: Clock,
                  progress: Callable[[Progress], None] | None, fetcher: Fetcher | None, store: Store | None,
                  offline: bool) -> _Gathered:
    """The dossier, fetched through the store when there is one (conditional requests, fallback)."""
    if store is None and offline:
        raise UsageError("--offline needs the store: drop --no-store")
    async with AsyncExitStack() as stack:
        live = None if offline else fetcher or await stack.enter_async_context(Fetcher(settings.fetch, clock=clock, memory=store, hosts=store.hosts() if store is not None else None))
        remembered = StoreFetcher(live, store, offline=offline) if store is not None else None
        try:
            dossier = await build_dossier_async(account, settings, registry=registry, clock=clock, progress=progress,
                                                fetcher=remembered or live, also=_team_notes(account, store))
        finally:
            if remembered is not None:
                remembered.close()
    sites = {site for s in dossier.sources if is_web_url(s.target) and (site := Fetcher.site_of(s.target))}
    # the dossier is finished here: what the analysis carries in it (its funding assessment) is filled in
    return _Gathered(analysed(dossier), remembered, live is not None and live.nothing_reached(sites))


async def build_brief_async(
    account: Account,
    *,
    pdf: Path | None = None,
    json_path: Path | None = None,
    settings: BuildSettings = BuildSettings(),
    registry: Registry = default_registry,
    clock: Clock = utc_now,
    progress: Callable[[Progress], None] | None = None,
    fetcher: Fetcher | None = None,
    layout: Layout = Layout(),
    store: Store | None = None,
    offline: bool = False,
) -> BuildResult:
    """Gather the dossier, then write the PDF (and JSON on request) together, once both are rendered.

    When no source could be read and a brief is already at the PDF's path, that brief is kept:
    an offline rebuild never replaces what the salesperson had with an empty one. With a store,
    pages are fetched conditionally and kept, and the dossier and brief are recorded.
    """
    for path in (pdf, json_path):
        if path is not None and (not path.name or path.name == ".." or path.is_dir()):  # found before minutes of fetching
            raise OutputError(f"{str(path) or '(empty)'}: is a folder, not a file; give the file to write, e.g. brief.pdf")
    fonts = _FontsMeanwhile(layout, progress)
    gathered = await _gather(account, settings, registry, clock, fonts, fetcher, store, offline)
    dossier = gathered.dossier
    await fonts.ready()
    pdf = pdf or default_pdf_path(account, suffix=layout.format)
    if pdf.exists() and _nothing_read(dossier):
        reasons = "; ".join(f"{s.adapter}: {s.reason}" for s in dossier.sources if s.reason)[:500]
        hint = f"; {offline_hint(store is not None)}" if gathered.unreachable else ""
        raise KeptEarlierBrief(f"no source could be read ({reasons}); kept the earlier brief at {pdf}{hint}")
    data = await render_aside(layout, dossier)
    files = [(pdf, data)]
    if json_path:
        files.append((json_path, dossier_json(dossier)))
    await asyncio.to_thread(write_all_atomic, files)  # it may wait for the file's lock: not on the event loop
    if store is not None:
        _record(store, account, dossier, pdf, layout, data)
    return BuildResult(dossier, pdf, json_path, gathered.unreachable)


def _record(store: Store, account: Account, dossier: Dossier, path: Path, layout: Layout, data: bytes) -> None:
    dossier_id = store.save_dossier(store_key(account), dossier.built_at, dossier.to_json())
    store.save_brief(store_key(account), dossier_id, path.resolve(), layout.format, data, dossier.built_at)


def build_dossier(account: Account, settings: BuildSettings = BuildSettings(), **kwargs) -> Dossier:  # type: ignore[no-untyped-def]
    """Gather every source of `account` into a dossier, analysed as a brief's is (its funding
    assessment carried), without a store or a brief; runs its own event loop."""
    return analysed(asyncio.run(build_dossier_async(account, settings, **kwargs)))


@dataclass(frozen=True)
class RefreshResult:
    dossier: Dossier
    changes: Changes | None  # None on a first build (nothing to compare with)
    path: Path
    written: bool
    requests: int  # HTTP requests made
    not_modified: int  # of which answered 304
    bytes: int  # body bytes received
    unreachable: bool = False  # no site answered over the network, though some were tried

    @property
    def changed(self) -> bool:
        return self.changes is None or self.changes.material

    def to_json(self) -> dict[str, object]:
        return {
            "account": self.dossier.company.name,
            "changed": self.changed,
            "brief": str(self.path) if self.written else None,
            "since": self.changes.since.isoformat() if self.changes else None,
            "changes": self.changes.to_json()["changes"] if self.changes else [],
            "sources": [{"adapter": s.adapter, "target": s.target, "status": s.status, "reason": s.reason} for s in self.dossier.sources],
            "requests": self.requests,
            "not_modified": self.not_modified,
            "bytes": self.bytes,
        }


async def refresh_brief_async(
    account: Account,
    store: Store,
    *,
    pdf: Path | None = None,
    settings: BuildSettings = BuildSettings(),
    registry: Registry = default_registry,
    clock: Clock = utc_now,
    progress: Callable[[Progress], None] | None = None,
    fetcher: Fetcher | None = None,
    layout: Layout = Layout(),
    renderer: Executor | None = None,
) -> RefreshResult:
    """Re-fetch (conditionally), compare with the dossier the last brief was built from, and
    rebuild only when something material changed, with "what changed since" on page 1."""
    fonts = _FontsMeanwhile(layout, progress, here=renderer is None)
    gathered = await _gather(account, settings, registry, clock, fonts, fetcher, store, False)
    dossier, remembered = gathered.dossier, gathered.remembered
    await fonts.ready()
    assert remembered is not None
    counts = dict(requests=remembered.requests, not_modified=remembered.not_modified, bytes=remembered.bytes,
                  unreachable=gathered.unreachable)
    if _nothing_read(dossier):
        reasons = "; ".join(f"{s.adapter}: {s.reason}" for s in dossier.sources if s.reason)[:500]
        hint = f"; {OFFLINE_HINT}" if gathered.unreachable else ""
        raise RefreshFailed(f"no source could be read ({reasons}); nothing was written{hint}")
    last = store.last_built(store_key(account), layout.format)
    path = pdf or (Path(last[1]) if last else default_pdf_path(account, suffix=layout.format))
    changes = compare(last[0].data, dossier.to_json(), last[0].built_at, dossier.language) if last else None
    if changes is not None and not changes.material and path.exists():
        return RefreshResult(dossier, changes, path, False, **counts)
    data = await render_aside(layout, dossier, changes, renderer)
    await asyncio.to_thread(write_all_atomic, [(path, data)])  # it may wait for the file's lock
    _record(store, account, dossier, path, layout, data)
    return RefreshResult(dossier, changes, path, True, **counts)


async def refresh_all_async(
    accounts: list[Account],
    store: Store,
    *,
    settings: BuildSettings = BuildSettings(),
    registry: Registry = default_registry,
    clock: Clock = utc_now,
    layout: Layout = Layout(),
    at_once: int = 16,
    done: Callable[[Account, RefreshResult | BriefingError], None] | None = None,
    processes: bool = False,
) -> list[RefreshResult | BriefingError]:
    """Refresh several accounts, `at_once` at a time through one fetcher, so that the politeness
    limits are per site across the whole batch and the sites' waits overlap; each account's result,
    or the error that stopped it (the others go on), in the order given."""
    gate = asyncio.Semaphore(at_once)

    async def one(account: Account, live: Fetcher, renderer: Executor | None) -> RefreshResult | BriefingError:
        async with gate:
            try:
                result: RefreshResult | BriefingError = await refresh_brief_async(
                    account, store, settings=settings, registry=registry, clock=clock, fetcher=live, layout=layout,
                    renderer=renderer)
            except BriefingError as exc:
                result = exc
        if done is not None:
            done(account, result)
        return result

    # With `processes`, a batch's pages are parsed and its PDFs laid out in other processes when
    # there is another core: that CPU work would otherwise take turns with the event loop under
    # one GIL, and a batch is CPU-bound. Opt-in: a spawned process imports the caller's main
    # module, which must be guarded by `if __name__ == "__main__"` (the command line is).
    # One process parses and one lays out: each loads only what it needs (the fonts alone are
    # 45 MB), so that the batch stays within a laptop's means.
    parser = renderer = None
    if processes and len(accounts) >= 4 and (os.cpu_count() or 1) >= 2:
        spawn = multiprocessing.get_context("spawn")
        parser, renderer = ProcessPoolExecutor(1, mp_context=spawn), ProcessPoolExecutor(1, mp_context=spawn)
    try:
        with ParseQueue.of_running_loop().offloaded(parser, 1) if parser else contextlib.nullcontext():
            async with Fetcher(settings.fetch, clock=clock, memory=store, hosts=store.hosts() if store is not None else None) as live:
                return list(await asyncio.gather(*(one(account, live, renderer) for account in accounts)))
    finally:
        for pool in (parser, renderer):
            if pool is not None:
                pool.shutdown(cancel_futures=True)


_render_thread: ThreadPoolExecutor | None = None


async def render_aside(layout: Layout, dossier: Dossier, changes: Changes | None = None,
                       pool: Executor | None = None) -> bytes:
    """Render off the event loop, so it keeps sending other accounts' requests meanwhile: in
    `pool` (another process) when given, else in one worker thread, one brief at a time
    (reportlab keeps shared state). A process pool that cannot start (a script without a
    `__main__` guard) falls back to the thread."""
    global _render_thread
    loop = asyncio.get_running_loop()
    if pool is not None:
        try:
            return await loop.run_in_executor(pool, layout.render, dossier, changes)
        except Exception as exc:  # BrokenProcessPool, a pickling error: render here instead
            log.warning("the render process failed (%s); rendering in this process", type(exc).__name__)
    if _render_thread is None:
        _render_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-render")
    return await loop.run_in_executor(_render_thread, layout.render, dossier, changes)
