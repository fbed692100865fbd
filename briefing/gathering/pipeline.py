"""From an account to a dossier: plan, fetch, parse and follow, for every source at once.

Sources run concurrently (the fetcher keeps each host polite); inside a source the pipeline walks
the adapter's plan breadth-first, up to the adapter's depth and page caps. A source that fails
never sinks the brief: it is reported stale, blocked, gone or skipped, with the reason.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import urldefrag, urlsplit

from briefing.toolkit.adapter import Adapter, Parsed, Request, Target
from briefing.gathering.registry import Registry, default_registry
from briefing.accounts import notes
from briefing.accounts.account import Account, SourceEntry
from briefing.gathering.credentials import Credentials, default_credentials
from briefing.errors import FetchError, FetchFailed, NotConfigured
from briefing.gathering.fetch import Fetcher, FetchSettings
from briefing.gathering.merge import merge_facts
from briefing.models import Company, Dossier, Fact, Page, SourceReport, SourceStatus, worst_status
from briefing.gathering.parse_queue import ParseQueue
from briefing.store.readings import Reading, pack_if_known, read_page
from briefing.gathering.saved import Confinement, load_saved

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def is_web_url(location: str) -> bool:
    """An http(s) address (fetched), as opposed to a saved file's path (read). A malformed
    address (`http://[::1`) is neither: the fetcher or the account's reader says what is wrong."""
    try:
        return urlsplit(location).scheme in ("http", "https")
    except ValueError:
        return location.lower().startswith(("http://", "https://"))


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Progress:
    """One step of a build, for whoever shows progress (the CLI's rich bar)."""

    kind: str  # "source-start", "page", "source-done"
    adapter: str
    target: str
    url: str = ""
    status: str = ""


DEADLINE = 90.0  # seconds for all of a build's sources together
GRACE = 5.0  # after the deadline: for the pages already in hand to be read, before unfinished sources are given up


@dataclass(frozen=True)
class BuildSettings:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    strict: bool = False  # let an adapter's exception through, for debugging adapters
    # One deadline for every source of a build: past it, a page not yet in hand is taken from the
    # store (marked stale with its age) or left out, so the brief is written on time.
    deadline: float = DEADLINE


@dataclass
class _SourceRun:
    adapter: Adapter
    entry: SourceEntry
    facts: list[Fact] = field(default_factory=list)
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    root_errors: list[tuple[SourceStatus, str]] = field(default_factory=list)
    root_ok: int = 0
    transient: int = 0
    fetched_at: datetime | None = None
    kept: list[tuple[datetime, str]] = field(default_factory=list)  # pages served from the store: since, why


class Pipeline:
    def __init__(
        self,
        fetcher: Fetcher,
        *,
        registry: Registry = default_registry,
        settings: BuildSettings = BuildSettings(),
        clock: Clock = utc_now,
        progress: Callable[[Progress], None] | None = None,
        credentials: Credentials = default_credentials,
    ):
        self.fetcher = fetcher
        self.credentials = credentials
        self.registry = registry
        self.settings = settings
        self.clock = clock
        self.progress = progress or (lambda event: None)
        self.keeping: list[asyncio.Future[None]] = []  # readings being packed for the store
        self.deadline_at: float | None = None  # the event loop's time when the build's deadline passes

    async def dossier(self, account: Account, also: Sequence[tuple[SourceReport, list[Fact]]] = ()) -> Dossier:
        """The account's dossier; `also`: sources read before the build (the team's notes in a
        shared store), whose notes the notes file holds too are shown once, from the file."""
        self.deadline_at = asyncio.get_running_loop().time() + self.settings.deadline
        # Each site's robots.txt is asked for while the adapters load (imports take a fifth of a
        # second): the first round trip of every site overlaps the start-up.
        warm = getattr(self.fetcher, "warm", None)
        early = [asyncio.ensure_future(warm(e.target)) for e in account.sources if e.is_url] if warm else []
        await asyncio.to_thread(self.registry.installed)
        reports = await self.run_sources(account)
        for task in early:  # a warm-up still waiting on a site that never answered is no use now
            task.cancel()
        await asyncio.gather(*early, return_exceptions=True)
        await asyncio.gather(*self.keeping)
        facts = [fact for _, found in reports for fact in found]
        facts += [note for _, found in also for note in notes.besides(facts, found)]
        reports += list(also)
        return Dossier(
            company=account.company,
            built_at=self.clock(),
            facts=tuple(merge_facts(facts, account.company)),
            sources=tuple(report for report, _ in reports),
            visit=account.visit,
            language=account.language,
        )

    async def run_sources(self, account: Account) -> list[tuple[SourceReport, list[Fact]]]:
        """Every source at once. At the deadline, pages not yet in hand come from the store or
        not at all (see `visit`); a source still unfinished a few seconds later, parsing what it
        has, is given up and marked stale, so the brief is written on time."""
        tasks = [asyncio.ensure_future(self.run_source(account, entry)) for entry in account.sources]
        if not tasks:
            return []
        loop = asyncio.get_running_loop()
        assert self.deadline_at is not None
        _, unfinished = await asyncio.wait(tasks, timeout=max(0.0, self.deadline_at + GRACE - loop.time()))
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        reports = []
        for entry, task in zip(account.sources, tasks):
            if task in unfinished:
                reason = f"not finished within the build's deadline ({self.settings.deadline:g} s); facts from it are missing"
                reports.append((self._done(SourceReport(entry.adapter, entry.target, "stale", reason)), []))
            else:
                reports.append(task.result())  # strict mode: an adapter's exception goes on up from here
        return reports

    async def run_source(
        self, account: Account, entry: SourceEntry, *, one_page: bool = False
    ) -> tuple[SourceReport, list[Fact]]:
        """Plan, fetch, parse and follow one source; `one_page` reads only the target itself, with
        no role (the adapter says what the page is) and no follow-ups."""
        self.progress(Progress("source-start", entry.adapter, entry.target))
        try:
            adapter = self.registry.get(entry.adapter)
            requests = list(adapter.plan(Target(entry.target, entry.is_url, account.company)))
        except NotConfigured as exc:
            return self._done(SourceReport(entry.adapter, entry.target, "skipped", str(exc))), []
        except Exception as exc:  # a plugin's bug marks its own source, never the build
            if self.settings.strict:
                raise
            # the brief says so; the traceback is for whoever asked for it (-v), not every user
            log.error("adapter %s failed to plan %s: %r", entry.adapter, entry.target, exc, exc_info=log.isEnabledFor(logging.INFO))
            reason = self.credentials.redact(f"adapter error: {type(exc).__name__}: {exc}")
            return self._done(SourceReport(entry.adapter, entry.target, "stale", reason)), []
        run = _SourceRun(adapter, entry)
        prefetch = getattr(self.fetcher, "prefetch", None)
        if prefetch is not None and not one_page and entry.is_url:
            prefetch(f"{entry.adapter} {entry.target}")
        if one_page:
            requests = [replace(requests[0], url=entry.target, role="", depth=0)] if requests else []
        await self.crawl(run, requests, follow_ups=not one_page)
        return self._done(self.report(run)), run.facts

    def _done(self, report: SourceReport) -> SourceReport:
        flush = getattr(self.fetcher, "flush", None)
        if flush is not None:  # a source read is in the store, whatever happens to the others
            flush()
        self.progress(Progress("source-done", report.adapter, report.target, status=report.status))
        return report

    async def crawl(self, run: _SourceRun, start: list[Request], *, follow_ups: bool = True) -> None:
        """Breadth-first, without waiting for whole levels.

        Pages are admitted (deduplicated, capped) in strict breadth-first order, so the same site
        gives the same pages and the same dossier. But a page's follow-ups start fetching as soon
        as it and the pages admitted before it are parsed, not when its whole level is done.
        """
        seen: set[str] = set()
        started: list[asyncio.Future[Parsed | None]] = []

        def begin(request: Request) -> tuple[Request, asyncio.Future[Parsed | None]]:
            started.append(asyncio.ensure_future(self.visit(run, request)))
            return request, started[-1]

        level = [begin(r) for r in start if self._admit(run, r, seen)]
        parsed_in_order: list[Parsed | None] = []
        try:
            while level:
                following: list[tuple[Request, asyncio.Future[Parsed | None]]] = []
                for request, task in level:  # in admission order
                    parsed = await task
                    parsed_in_order.append(parsed)
                    if not (follow_ups and parsed is not None and is_web_url(request.url)):
                        continue
                    for follow in parsed.follow:
                        if self._admit(run, follow, seen):
                            following.append(begin(follow))
                level = following
        finally:
            for task in started:  # only on an error (strict mode): nothing is left running behind it
                task.cancel()
        # Facts in the order the pages were planned, not the order they arrived: the adapter's
        # best page comes first.
        for parsed in parsed_in_order:
            if parsed is not None:
                run.facts.extend(parsed.facts)

    def _admit(self, run: _SourceRun, request: Request, seen: set[str]) -> bool:
        """Dedupe by URL (fragment dropped), keep to the adapter's depth and page caps."""
        try:
            key = urldefrag(request.url)[0]
        except ValueError:  # an address a page made up (`http://[::1`): not one to follow
            return False
        if key in seen or request.depth > run.adapter.max_depth or len(seen) >= run.adapter.max_pages:
            return False
        if request.depth > 0 and not is_web_url(key):
            return False  # a page never makes us open a local file
        seen.add(key)
        return True

    async def visit(self, run: _SourceRun, request: Request) -> Parsed | None:
        try:
            async with asyncio.timeout_at(self.deadline_at):
                page, private = await self.load(request.url, signed=request.signed, confine=run.entry.confine)
        except FetchError as exc:
            self.note_failure(run, request, exc.status, exc.reason, url=exc.url)
            return None
        except TimeoutError:  # the build's deadline: the store's copy if it has one, else nothing
            why = f"no answer within the build's deadline ({self.settings.deadline:g} s)"
            kept = getattr(self.fetcher, "kept_copy", None)
            page = kept(request.url, why) if kept is not None and is_web_url(request.url) and not request.signed else None
            if page is None:
                self.note_failure(run, request, "stale", why, url=request.url)
                return None
            private = False
        except (OSError, ValueError, UnicodeError) as exc:  # what no fetcher should let out: the source is marked, the build goes on
            if self.settings.strict:
                raise
            log.error("reading %s failed: %r", request.url, exc, exc_info=log.isEnabledFor(logging.INFO))
            self.note_failure(run, request, "stale", f"could not be read ({type(exc).__name__}: {exc})", url=request.url)
            return None
        run.pages += 1
        run.fetched_at = max(run.fetched_at or page.fetched_at, page.fetched_at)
        if page.kept_since is not None:
            run.kept.append((page.kept_since, page.kept_because))
        self.progress(Progress("page", run.entry.adapter, run.entry.target, url=page.url))
        # an unchanged page (a 304, or the same bytes) read by unchanged code: last time's reading
        # a page read with the user's login is never stored; one the registry showed anyone is
        keeps_readings = hasattr(self.fetcher, "reading_for") and is_web_url(request.url) and not private
        reading = self.fetcher.reading_for(run.adapter, page, request) if keeps_readings else None  # type: ignore[union-attr]
        try:
            # in the parse worker, so the event loop keeps sending requests; a page whose links the
            # crawl may follow goes first, shallowest first: the rest of the crawl waits on it
            leads_on = request.depth < run.adapter.max_depth and is_web_url(request.url)
            parsed, recalled = await ParseQueue.of_running_loop().run(
                (0 if leads_on else 1, request.depth), read_page, run.adapter, page, request, reading)
        except Exception as exc:
            if self.settings.strict:
                raise
            log.error("adapter %s failed on %s: %r", run.adapter.name, page.url, exc, exc_info=log.isEnabledFor(logging.INFO))
            self.note_failure(run, request, "stale", f"adapter error: {type(exc).__name__}: {exc}", url=page.url)
            return None
        if parsed.status and parsed.status != "ok":
            self.note_failure(run, request, parsed.status, parsed.reason or parsed.status, url=page.url)
            return None
        keep = getattr(self.fetcher, "keep", None)
        if keep is not None and not private and is_web_url(request.url):
            keep(page, f"{run.entry.adapter} {run.entry.target}")  # only now: a refused page is never the "last good copy"
        if reading is not None and not recalled:
            self.keeping.append(asyncio.ensure_future(self.keep_reading(reading, parsed)))
        if request.depth == 0:
            run.root_ok += 1
        return parsed

    async def keep_reading(self, reading: Reading, parsed: Parsed) -> None:
        # packed when the worker has nothing more urgent: never before a page the crawl waits on
        packed = await ParseQueue.of_running_loop().run((2,), pack_if_known, parsed)
        if packed is not None:
            self.fetcher.keep_reading(reading, packed)  # type: ignore[union-attr]

    async def load(self, location: str, *, signed: bool = False, confine: Confinement | None = None) -> tuple[Page, bool]:
        """The page, and whether it was read with the user's login (such a page is never stored);
        `confine`: where a saved file may be (an account file's source)."""
        if is_web_url(location) and signed:
            return await self.load_signed(location)
        if is_web_url(location):
            return await self.fetcher.fetch(location), False
        mtime = datetime.fromtimestamp(Path(location).stat().st_mtime, timezone.utc) if Path(location).exists() else self.clock()
        return await asyncio.to_thread(load_saved, location, fetched_at=mtime, confine=confine), False

    async def load_signed(self, url: str) -> tuple[Page, bool]:
        """Fetch with the user's credential; the page and any error name `url`, never the secret."""
        credential = self.credentials.sign(url)
        if credential is None:  # no login for this registry: an ordinary page
            return await self.fetcher.fetch(url), False
        if getattr(self.fetcher, "offline", False):
            raise FetchFailed(url, "offline: pages fetched with a login are never stored")
        redact = self.credentials.redact
        try:
            # straight to the network: a signed address or answer must never be kept in the store
            page = await getattr(self.fetcher, "live", self.fetcher).fetch(credential.url, headers=credential.headers)
        except FetchError as exc:
            exc.url, exc.reason = url, redact(exc.reason)
            exc.args = (f"{url}: {exc.reason}",)
            raise
        final = url if page.url == credential.url else redact(page.url)
        return replace(page, url=final, requested_url=url), True

    def note_failure(self, run: _SourceRun, request: Request, status: SourceStatus, reason: str, *, url: str) -> None:
        # an API's error message may echo the key it was sent: no reason leaves unredacted
        reason, url = self.credentials.redact(reason), self.credentials.redact(url)
        run.problems.append(f"{status}: {url}: {reason}")
        if request.depth == 0:
            run.root_errors.append((status, reason))
        elif status == "stale":
            run.transient += 1

    def report(self, run: _SourceRun) -> SourceReport:
        entry = run.entry
        common = dict(pages=run.pages, fetched_at=run.fetched_at, problems=tuple(run.problems))
        if run.root_ok == 0 and run.root_errors:
            status = worst_status([s for s, _ in run.root_errors])
            reason = next(r for s, r in run.root_errors if s == status)
            return SourceReport(entry.adapter, entry.target, status, reason, **common)
        if run.kept:
            since, because = min(run.kept)
            reason = f"{len(run.kept)} page(s) from the store, the oldest read {since:%Y-%m-%d %H:%M} UTC ({_age(self.clock() - since)} old): {because}"
            return SourceReport(entry.adapter, entry.target, "stale", reason, **common)
        if run.transient:
            reason = f"{run.transient} page(s) could not be fetched; facts from them are missing"
            return SourceReport(entry.adapter, entry.target, "stale", reason, **common)
        return SourceReport(entry.adapter, entry.target, "ok", "", **common)


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"


async def build_dossier_async(
    account: Account,
    settings: BuildSettings = BuildSettings(),
    *,
    registry: Registry = default_registry,
    clock: Clock = utc_now,
    progress: Callable[[Progress], None] | None = None,
    fetcher: Fetcher | None = None,
    also: Sequence[tuple[SourceReport, list[Fact]]] = (),
) -> Dossier:
    if fetcher is not None:
        return await Pipeline(fetcher, registry=registry, settings=settings, clock=clock, progress=progress).dossier(account, also)
    async with Fetcher(settings.fetch, clock=clock) as own:
        return await Pipeline(own, registry=registry, settings=settings, clock=clock, progress=progress).dossier(account, also)




async def extract_one(
    location: str,
    adapter: Adapter,
    company: str = "",
    *,
    settings: FetchSettings = FetchSettings(),
    clock: Clock = utc_now,
) -> tuple[Dossier, SourceReport]:
    """What one adapter reads from one page (no follow-ups), as a dossier with one source."""
    is_url = is_web_url(location)
    if not is_url:
        location = str(Path(location).resolve())
    account = Account(path="", company=Company(company))
    async with Fetcher(settings, clock=clock) as fetcher:
        pipe = Pipeline(fetcher, registry=Registry.of(adapter), clock=clock)
        report, facts = await pipe.run_source(account, SourceEntry(adapter.name, location, is_url), one_page=True)
    return Dossier(account.company, clock(), tuple(merge_facts(facts, account.company)), (report,)), report
