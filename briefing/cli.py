"""The `briefing` command: a thin typer client of the library.

Each command turns its options into settings, makes one library call and prints. Progress goes to
stderr with rich when stderr is a terminal, and nothing but results is printed when piped.
Exit codes: 0 built from fresh sources; 1 built, but some sources stale, blocked or gone, an
installed adapter cannot load, or a damaged store was moved aside and a new one started; 2 usage
or account-file error, nothing written; 3 output or store failure, earlier files untouched.
"""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import os
import signal
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime, timezone
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import typer
from rich.console import Console
from rich.markup import escape as plain
from rich.progress import BarColumn, Progress as Bar, SpinnerColumn, TextColumn, TimeElapsedColumn

from briefing import __version__
from briefing.accounts import notes
from briefing.gathering.registry import default_registry
from briefing.brief import (
    FORMATS,
    offline_hint,
    BuildResult,
    Layout,
    RefreshResult,
    build_brief_async,
    default_pdf_path,
    dossier_json,
    refresh_all_async,
    notes_key,
    refresh_brief_async,
    store_key,
)
from briefing.accounts.account import LANGUAGES, Account, load_account, load_accounts, url_problem
from briefing.words import TOPIC_NAMES
from briefing.gathering.credentials import KEYRING_SERVICE, RedactingFilter, default_credentials, keyring_entry
from briefing.errors import EXIT_DEGRADED, EXIT_FAILED, EXIT_OK, EXIT_OUTPUT, EXIT_UNCHANGED, EXIT_USAGE, BriefingError, UsageError
from briefing.gathering.fetch import FetchSettings
from briefing.store.database import Store
from briefing.gathering.pipeline import BuildSettings, Progress, extract_one, is_web_url
from briefing.analysis import analysed

app = typer.Typer(
    name="briefing",
    help="Does a salesperson's homework before a customer visit and hands over a PDF brief.\n\n"
    "Exit codes: 0 built from fresh sources; 1 built, but some sources stale, blocked or gone (or an adapter "
    "cannot load, or a damaged store was moved aside); "
    "2 usage or account-file error (nothing written); 3 output or store failure (earlier files untouched).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # a docstring's paragraphs are rewrapped to the terminal, not broken where the source breaks
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

FACT_SECTIONS = (
    "notes", "overview", "registration", "shareholders", "executives", "projects", "bids", "financing", "investments", "branches", "articles",
)
ALLOW_PRIVATE_HELP = (
    "Fetch from private, loopback and link-local addresses too (refused by default). "
    "Same as BRIEFING_ALLOW_PRIVATE=1."
)


def _allow_private(flag: bool) -> bool:
    return flag or os.environ.get("BRIEFING_ALLOW_PRIVATE", "") in ("1", "true", "yes")


TIMEOUT_HELP = "Give up on one page after this many seconds on the wire, its 3 tries together (default 60)."


DEADLINE_HELP = ("Write the brief after at most this many seconds of gathering, all sources together (default 90): "
                 "what has not come by then is taken from the store, marked stale, or left out.")


def _settings(allow_private: bool, strict: bool = False, timeout: float | None = None,
              deadline: float | None = None) -> BuildSettings:
    fetch = FetchSettings(allow_private=_allow_private(allow_private))
    if timeout is not None:
        if not 0 < timeout <= 600:
            raise UsageError(f"--timeout {timeout:g}: give seconds above 0, at most 600")
        fetch = replace(fetch, total_timeout=timeout, read_timeout=min(fetch.read_timeout, timeout),
                        connect_timeout=min(fetch.connect_timeout, timeout))
    settings = BuildSettings(fetch=fetch, strict=strict)
    if deadline is not None:
        if not 1 <= deadline <= 3600:
            raise UsageError(f"--deadline {deadline:g}: give seconds between 1 and 3600")
        settings = replace(settings, deadline=deadline)
    return settings


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[Progress], None] | None]:
    """A rich progress display on a terminal; nothing when piped or --quiet."""
    if quiet or not err.is_terminal:
        yield None
        return
    with Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} pages"),
             TimeElapsedColumn(), console=err, transient=True) as bar:
        tasks: dict[tuple[str, str], int] = {}

        def show(event: Progress) -> None:
            key = (event.adapter, event.target)
            if key not in tasks:
                tasks[key] = bar.add_task(f"{plain(event.adapter)}: {plain(event.target[:60])}", total=None)
            if event.kind == "page":
                bar.advance(tasks[key])
            elif event.kind == "source-done":
                label = f"{plain(event.adapter)}: {plain(event.target[:60])} {plain('[' + event.status + ']')}"
                bar.update(tasks[key], description=label, total=1, completed=1)

        yield show


@contextmanager
def _status(text: str, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner line on a terminal (rich) for work with no page count; nothing when quiet or piped.
    Yields a function that changes its text."""
    if quiet or not err.is_terminal:
        yield lambda _: None
        return
    with err.status(plain(text)) as status:
        yield lambda now: status.update(plain(now))


def _with_language(account: Account, lang: str | None) -> Account:
    if lang is None:
        return account
    if lang not in LANGUAGES:
        raise UsageError(f"--lang {lang}: choose one of {', '.join(LANGUAGES)}")
    return replace(account, language=lang)


FORMAT_HELP = "pdf (default: for the iPad) or md (Markdown, to paste into WeChat or DingTalk)."
STORE_HELP = ("The store of fetched pages and built briefs: an SQLite file (default: briefing.sqlite3 in the user data folder), or a shared PostgreSQL store, postgresql://USER@HOST:PORT/DB (password from PGPASSWORD, ~/.pgpass or the keyring). Default: BRIEFING_STORE if set.")
OFFLINE_HELP = "Build from the store alone: no network; every source is marked stale with its age."


def _open_store(path: Optional[str], enabled: bool = True) -> Store | None:
    return Store.open(path) if enabled else None
LANDSCAPE_HELP = "Landscape pages (larger type) instead of portrait; PDF only."


def _layout(output_format: str, landscape: bool) -> Layout:
    if output_format not in FORMATS:
        raise UsageError(f"--format {output_format}: choose one of {', '.join(FORMATS)}")
    return Layout(output_format, landscape)


def _fail(exc: BriefingError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {plain(str(exc))}", highlight=False)
    return typer.Exit(exc.exit_code)


def _warn(code: int, store: Store | None = None, *, adapters: bool = True) -> int:
    """Say, one yellow line each on stderr, what is wrong beyond the brief: a store found damaged
    (moved aside: both files named) and each installed adapter that cannot load, with its fix.
    An exit code of 0 becomes 1 when anything was said."""
    said = [store.recovered] if store is not None and store.recovered else []
    said += [item.problem for item in default_registry.broken()] if adapters else []
    for line in said:
        err.print(f"[yellow]warning:[/] {plain(line)}", highlight=False)
    return EXIT_DEGRADED if said and code == EXIT_OK else code


def _report(result: BuildResult, seconds: float, quiet: bool = False, *, stored: bool = True) -> int:
    """Each source's state and the fact counts on stderr (unless quiet); the written paths on stdout."""
    dossier = result.dossier
    if not quiet:
        for source in dossier.sources:
            colour = {"ok": "green", "skipped": "yellow"}.get(source.status, "red")
            line = f"  [{colour}]{source.status:8}[/] {plain(source.adapter)}: {plain(source.target)}"
            if source.reason:
                line += f" — {plain(source.reason)}"
            err.print(line, highlight=False)
        counts = {name: len(dossier.section(name)) for name in FACT_SECTIONS}
        found = ", ".join(f"{n} {name}" for name, n in counts.items() if n) or "no facts"
        err.print(f"  facts: {found} ({seconds:.1f} s)", markup=False, highlight=False)
        if result.unreachable:
            err.print(f"[yellow]offline?[/] {plain(offline_hint(stored))}", highlight=False)
    for path in (result.pdf, result.json):
        if path:
            out.print(str(path), markup=False, highlight=False)
    return EXIT_DEGRADED if dossier.degraded else EXIT_OK


@app.command()
def build(
    account_file: Path = typer.Argument(..., metavar="ACCOUNT.toml", help="The customer's account file."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the PDF (default: the user data folder's briefs/)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the dossier as JSON here."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the brief: zh (default) or en; overrides the account file."),
    output_format: str = typer.Option("pdf", "--format", help=FORMAT_HELP),
    landscape: bool = typer.Option(False, "--landscape", help=LANDSCAPE_HELP),
    store_path: Optional[str] = typer.Option(None, "--store", help=STORE_HELP),
    no_store: bool = typer.Option(False, "--no-store", help="Neither read nor write the store."),
    offline: bool = typer.Option(False, "--offline", help=OFFLINE_HELP),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    deadline: Optional[float] = typer.Option(None, "--deadline", help=DEADLINE_HELP),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first adapter error, with its traceback (for adapter authors)."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress display."),
) -> None:
    """Build the brief for one customer from its account file, and print where the PDF is."""
    try:
        account = _with_language(load_account(account_file), lang)
        layout = _layout(output_format, landscape)
        started = time.perf_counter()
        store = _open_store(store_path, not no_store)
        try:
            with _progress(quiet) as progress:
                result = asyncio.run(
                    build_brief_async(account, pdf=output, json_path=json_out, settings=_settings(allow_private, strict, timeout, deadline),
                                      progress=progress, layout=layout, store=store, offline=offline)
                )
        except BriefingError:
            _warn(EXIT_OK, store)  # a store moved aside is said even when the build then fails
            raise
        finally:
            if store is not None:
                store.close()
    except BriefingError as exc:
        raise _fail(exc) from None
    raise typer.Exit(_warn(_report(result, time.perf_counter() - started, quiet, stored=store is not None), store))


@app.command()
def refresh(
    account_file: Optional[Path] = typer.Argument(None, metavar="[ACCOUNT.toml]", help="The customer's account file."),
    all_in: Optional[Path] = typer.Option(None, "--all", help="Refresh every account file (*.toml) in this folder."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the brief (default: where the last one was)."),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON on stdout."),
    output_format: str = typer.Option("pdf", "--format", help=FORMAT_HELP),
    store_path: Optional[str] = typer.Option(None, "--store", help=STORE_HELP),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    deadline: Optional[float] = typer.Option(None, "--deadline", help=DEADLINE_HELP + " Each account has its own."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress display."),
) -> None:
    """Fetch again (conditionally) and rebuild the brief only if something material changed.

    Exit codes: 0 changed and rebuilt; 1 rebuilt, but some sources stale; 4 nothing changed
    (nothing written); 5 no source could be read (nothing written); 2 and 3 as for build.
    """
    try:
        if (account_file is None) == (all_in is None):
            raise UsageError("give one ACCOUNT.toml, or --all DIR")
        if all_in is not None and output is not None:
            raise UsageError("-o names one brief: it cannot be used with --all")
        layout = _layout(output_format, False)
        settings = _settings(allow_private, timeout=timeout, deadline=deadline)
        # a folder's bad account files never stop the others: they are reported below
        accounts, unreadable = load_accounts(all_in) if all_in is not None else ([load_account(account_file)], [])
        store = Store.open(store_path)
    except BriefingError as exc:
        raise _fail(exc) from None
    codes, results = [], []
    for file, reason in unreadable:
        err.print(f"[bold red]error:[/] {plain(reason)}", highlight=False)
        codes.append(EXIT_USAGE)
        results.append({"account": file, "error": reason, "exit_code": EXIT_USAGE})

    def show(account: Account, result: RefreshResult | BriefingError) -> None:
        """Said as each account finishes (a batch finishes in any order)."""
        if isinstance(result, BriefingError):
            err.print(f"[bold red]error:[/] {plain(account.company.name)}: {plain(str(result))}", highlight=False)
        elif not as_json:
            _print_changes(result, quiet)

    def record(account: Account, result: RefreshResult | BriefingError) -> None:
        """Kept in the order of the files, for --json and the exit code."""
        if isinstance(result, BriefingError):
            codes.append(result.exit_code)
            results.append({"account": account.path, "error": str(result), "exit_code": result.exit_code})
        else:
            results.append(result.to_json())
            codes.append(EXIT_DEGRADED if result.written and result.dossier.degraded else EXIT_OK if result.changed else EXIT_UNCHANGED)

    with store:
        if account_file is not None and accounts:
            single: RefreshResult | BriefingError
            try:
                with _progress(quiet or as_json) as progress:
                    single = asyncio.run(refresh_brief_async(accounts[0], store, pdf=output, settings=settings,
                                                             progress=progress, layout=layout))
            except BriefingError as exc:
                single = exc
            show(accounts[0], single)
            record(accounts[0], single)
        elif accounts:
            # the whole folder at once, through one fetcher: sites' waits overlap, politeness holds per site
            with _status(f"refreshing {len(accounts)} accounts…", quiet or as_json):
                ordered = asyncio.run(refresh_all_async(accounts, store, settings=settings, layout=layout, done=show,
                                                        processes=True))
            for account, result in zip(accounts, ordered):
                record(account, result)
    if as_json:
        sys.stdout.write(json.dumps(results[0] if account_file else results, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(_warn(_worst(codes), store))


def _worst(codes: list[int]) -> int:
    """One exit code for several accounts: a failure first, then degraded, changed, unchanged."""
    for code in (EXIT_USAGE, EXIT_OUTPUT, EXIT_FAILED, EXIT_DEGRADED, EXIT_OK):
        if code in codes:
            return code
    return EXIT_UNCHANGED


def _print_changes(result: RefreshResult, quiet: bool) -> None:
    name = result.dossier.company.name
    if result.changes is None:
        err.print(f"{plain(name)}: first build", highlight=False)
    elif result.changes.material:
        err.print(f"{plain(name)}: {len(result.changes.items)} change(s) since {result.changes.since:%Y-%m-%d %H:%M}", highlight=False)
        for change in result.changes.items:
            err.print(f"  • {plain(change.text)}", highlight=False)
    else:
        err.print(f"{plain(name)}: unchanged since {result.changes.since:%Y-%m-%d %H:%M}", highlight=False)
    if not quiet:
        for source in result.dossier.sources:
            if source.status != "ok":
                err.print(f"  [red]{source.status:8}[/] {plain(source.adapter)}: {plain(source.reason)}", highlight=False)
        err.print(f"  {result.requests} request(s), {result.not_modified} not modified, {result.bytes} bytes", highlight=False)
        if result.unreachable:
            err.print(f"  [yellow]offline?[/] {plain(offline_hint(True))}", highlight=False)
    if result.written:
        out.print(str(result.path), markup=False, highlight=False)


@app.command()
def attach(
    account_file: Path = typer.Argument(..., metavar="ACCOUNT.toml", help="The customer's account file."),
    ics: Optional[Path] = typer.Option(None, "--ics", help="The calendar file (.ics) holding the visit's event; rewritten in place, the original kept as FILE.bak."),
    caldav_url: Optional[str] = typer.Option(None, "--caldav", help="A CalDAV calendar's URL instead (login: BRIEFING_CALDAV_USER / BRIEFING_CALDAV_PASSWORD or the keyring)."),
    link: Optional[str] = typer.Option(None, "--link", help="Attach this URL or path to the brief instead of the PDF itself."),
    brief: Optional[Path] = typer.Option(None, "--brief", help="The brief to attach (default: the last one built for this account)."),
    store_path: Optional[str] = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Put the brief on the visit's calendar event (matched by [visit] uid, else by the customer's name)."""
    from briefing.calendars.attaching import attach_brief  # icalendar and caldav load only for the commands that use them

    try:
        account = load_account(account_file)
        store = None
        if brief is None:
            with Store.open(store_path) as store:
                last = store.last_built(store_key(account))
            brief = Path(last[1]) if last else default_pdf_path(account)
        done = attach_brief(account, brief, ics=ics, caldav_url=caldav_url, link=link or "", now=datetime.now(timezone.utc))
    except BriefingError as exc:
        raise _fail(exc) from None
    result, where, backup = done.result, done.where, done.backup
    what = f"{plain(result.summary)} (UID {plain(result.uid)})"
    if result.changed:
        kept = f"; the original is kept as {plain(str(backup))}" if backup is not None else ""
        err.print(f"attached {plain(link or brief.name)} to {what}{kept}", highlight=False)
    else:
        err.print(f"{what} already carries this brief; {plain(where)} left as it was", highlight=False)
    out.print(where, markup=False, highlight=False)
    for line in done.warnings:  # what had to be guessed about the visit's time (a broken time zone)
        err.print(f"[yellow]warning:[/] {plain(line)}", highlight=False)
    raise typer.Exit(_warn(EXIT_DEGRADED if done.warnings else EXIT_OK, store, adapters=False))


@app.command()
def tonight(
    calendar: Optional[str] = typer.Option(None, "--calendar", help="The calendar: an .ics file (rewritten, original kept as FILE.bak) or a CalDAV URL."),
    accounts: Optional[Path] = typer.Option(None, "--accounts", help="The folder of account files (*.toml)."),
    within: str = typer.Option("24h", "--within", help="How far ahead to look: 24h, 90m, 2d."),
    store_path: Optional[str] = typer.Option(None, "--store", help=STORE_HELP),
    queue: bool = typer.Option(False, "--queue", help="Put one job per visit on the job queue of the shared PostgreSQL store, "
                               "for `briefing worker` processes to build; each outcome is reported as its job finishes."),
    team_file: Optional[Path] = typer.Option(None, "--team", help="A team file naming each member's calendar (see `briefing worker --help`): "
                                             "every member's visits are queued (needs --queue); replaces --calendar, --accounts and --within (the team file's own)."),
    wait: bool = typer.Option(True, "--wait/--no-wait", help="With --queue: wait for the jobs and report them (default), "
                              "or only queue them and exit."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcomes as JSON on stdout."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    deadline: Optional[float] = typer.Option(None, "--deadline", help=DEADLINE_HELP + " Each account has its own."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress display."),
) -> None:
    """The evening run: every visit in the window gets its brief built or refreshed and attached.

    With --queue the visits become jobs in the shared store's queue and `briefing worker` processes build them
    (one account at a time per account, a dead worker's job retried by another); the brief reaches each event
    as it does without the queue.

    Exit codes: 0 every matched visit has its brief from fresh sources (or, with --no-wait, is queued); 1 some
    failed, or were built with sources stale, blocked or gone (the table says which and why); 2 usage (--queue
    without a PostgreSQL store, a malformed team file); 3 the calendar or the store failed.
    """
    from briefing.calendars import tonight as tonight_run

    try:
        window = tonight_run.parse_window(within)
        settings = _settings(allow_private, timeout=timeout, deadline=deadline)
        if team_file is None and (calendar is None or accounts is None):
            raise UsageError("give --calendar and --accounts, or --team with --queue")
        if team_file is not None and not queue:
            raise UsageError("--team: a team's visits go on the job queue; add --queue")
        team = _team(team_file)
        store = Store.open(store_path)
    except BriefingError as exc:
        raise _fail(exc) from None
    try:
        with store, _status("reading the calendar…", quiet or as_json) as step:
            if queue:
                outcomes = _queued_evening(store, calendar or "", accounts, team, within, settings, wait, as_json or quiet)
            else:
                outcomes = asyncio.run(tonight_run.run(calendar or "", accounts or Path("."), within=window, now=datetime.now(timezone.utc),
                                                       store=store, settings=settings, step=step, processes=True))
    except BriefingError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps([tonight_run.outcome_json(o) for o in outcomes], ensure_ascii=False, indent=2) + "\n")
    elif not outcomes:
        err.print(f"no visits in the next {plain(team.within if team else within)}", highlight=False)
    else:
        err.print(_outcome_table(outcomes, f"visits in the next {team.within if team else within}"))
    raise typer.Exit(_warn(EXIT_DEGRADED if any(o.state == "failed" or o.degraded for o in outcomes) else EXIT_OK, store))


_STATE_COLOURS = {"built": "green", "unchanged": "cyan", "failed": "red", "unmatched": "yellow", "queued": "blue"}


def _outcome_row(o: Any) -> tuple[str, ...]:
    return (f"[{_STATE_COLOURS[o.state]}]{o.state}[/]", f"{o.start:%m-%d %H:%M}" if o.summary else "", plain(o.summary),
            plain(Path(o.account).name if o.account else ""),
            plain(f"{o.brief} — {o.reason}" if o.brief and o.reason else o.brief or o.reason))


def _outcome_table(outcomes: list[Any], title: str) -> Any:
    from rich.table import Table as RichTable

    table = RichTable(title=title)
    for column in ("state", "when", "event", "account", "brief or reason"):
        table.add_column(column)
    for o in outcomes:
        table.add_row(*_outcome_row(o))
    return table


def _team(team_file: Optional[Path]) -> Any:
    from briefing.team.roster import load_team

    return load_team(team_file) if team_file is not None else None


def _queued_evening(store: Store, calendar: str, accounts: Optional[Path], team: Any, within: str,
                    settings: BuildSettings, wait: bool, quiet: bool) -> list[Any]:
    """`tonight --queue`: the visits queued, and with --wait each reported as its job finishes
    (a line per job on a terminal; the table at the end either way)."""
    from briefing.team import engine

    shared = engine.needs_postgres(store)

    def done(outcome: Any) -> None:
        if not quiet and err.is_terminal and outcome.state != "unmatched":
            err.print("  ".join(_outcome_row(outcome)), highlight=False)

    return asyncio.run(engine.evening(shared, within=team.within if team else within, now=datetime.now(timezone.utc),
                                      settings=settings, team=team, calendar=calendar, accounts=accounts, wait=wait, done=done))


@app.command()
def worker(
    store_path: Optional[str] = typer.Option(None, "--store", help="The shared PostgreSQL store the queue lives in, "
                                             "postgresql://USER@HOST:PORT/DB. Default: BRIEFING_STORE."),
    team_file: Optional[Path] = typer.Option(None, "--team", help="The team file: at its evening hour this worker queues "
                                             "every member's visits (run it on one worker or all: the evening is queued once)."),
    concurrency: int = typer.Option(1, "--concurrency", min=1, max=16, help="Jobs this worker runs at once."),
    until_empty: bool = typer.Option(False, "--until-empty", help="Stop once the queue is empty instead of waiting for more."),
    name: Optional[str] = typer.Option(None, "--name", help="The worker's name in the logs (default: worker)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=TIMEOUT_HELP + " For the evenings this worker queues itself."),
    deadline: Optional[float] = typer.Option(None, "--deadline", help=DEADLINE_HELP + " For the evenings this worker queues itself."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP + " For the evenings this worker queues itself."),
) -> None:
    """Work the evening's queue: build and attach the brief of each queued visit (`tonight --queue`).

    Run one or more workers, on one machine or several, against one PostgreSQL store: a visit is built by one
    worker, one account is never built by two at once, the per-site limits hold for all workers together, and
    the job of a worker that was killed is taken up by another within a minute. SIGTERM or Ctrl-C stops the
    worker after the job in hand.

    A team file (TOML) names the team's calendars:

        accounts = "accounts"      # account files, relative to this file
        timezone = "Asia/Shanghai"
        evening = "19:00"          # when a --team worker queues the visits
        within = "24h"
        [[member]]
        login = "wanglei"          # credentials: BRIEFING_CALDAV_*_WANGLEI
        name = "王磊"
        email = "wanglei@example.com"
        calendar = "https://dav.example.com/cal/wanglei/"   # or an .ics file

    Exit codes: 0 stopped; 2 usage (not a PostgreSQL store, a malformed team file); 3 the store failed.
    """
    from briefing.team import engine

    try:
        team = _team(team_file)
        settings = _settings(allow_private, timeout=timeout, deadline=deadline)
        store = Store.open(store_path)
    except BriefingError as exc:
        raise _fail(exc) from None
    with store:
        try:
            shared = engine.needs_postgres(store)
            err.print(f"worker on {plain(shared.path)}" + (f", the evening of {plain(str(team.path))} at {team.evening:%H:%M}" if team else "")
                      + "; Ctrl-C stops it", highlight=False)
            asyncio.run(engine.run_worker(shared, team=team, concurrency=concurrency, wait=not until_empty, name=name,
                                          settings=settings))
        except BriefingError as exc:
            raise _fail(exc) from None
    raise typer.Exit(EXIT_OK)


@app.command()
def extract(
    location: str = typer.Argument(..., metavar="URL_OR_FILE", help="One page: an http(s) URL or a page saved from a browser."),
    source: str = typer.Option(..., "--source", "-s", help="The adapter that reads it (see `briefing sources`)."),
    company: str = typer.Option("", "--company", help="The customer's name, for adapters that need it."),
    allow_private: bool = typer.Option(False, "--allow-private", help=ALLOW_PRIVATE_HELP),
) -> None:
    """Print as JSON, in the dossier's shape, what one adapter reads from one page (no crawling)."""
    try:
        if is_web_url(location) and (problem := url_problem(location)):
            raise UsageError(problem)
        if not is_web_url(location) and not Path(location).is_file():
            raise BriefingError(f"{location}: not an http(s) URL and no such file")
        adapter = default_registry.get(source)
        dossier, report = asyncio.run(
            extract_one(location, adapter, company, settings=FetchSettings(allow_private=_allow_private(allow_private)))
        )
    except BriefingError as exc:
        raise _fail(exc) from None
    sys.stdout.write(dossier_json(analysed(dossier)).decode("utf-8"))
    if report.status != "ok":
        err.print(f"[red]{report.status}[/]: {plain(report.reason)}", highlight=False)
        raise typer.Exit(EXIT_DEGRADED)


@app.command()
def sources(as_json: bool = typer.Option(False, "--json", help="Print the list as JSON.")) -> None:
    """List the installed adapters (built-in and third-party) and what each reads.

    Exit code 1 when an installed adapter cannot load: it is listed in red with why and the fix,
    and the sources that use it are skipped in every brief until it is fixed."""
    installed = default_registry.installed()
    broken = default_registry.broken()
    if as_json:
        rows = [
            {"name": i.name, "origin": i.origin, "distribution": i.distribution, "description": i.description, "ok": i.adapter is not None,
             "error": i.error, "fix": i.fix}
            for i in installed.values()
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(EXIT_DEGRADED if broken else EXIT_OK)
    for item in installed.values():
        where = f"[dim]({plain(item.distribution)}: {plain(item.origin)})[/]"
        if item.adapter is None:
            out.print(f"[bold red]{plain(item.name):10} cannot load: {plain(item.error)}[/]  {where}", highlight=False)
            out.print(f"[red]{'':10} fix: {plain(item.fix)}[/]", highlight=False)
        else:
            out.print(f"[bold]{plain(item.name):10}[/] {plain(item.description)}  {where}", highlight=False)
    out.print("\nRegistry logins (never stored; set in the environment, or in the OS keyring under "
              f"service '{KEYRING_SERVICE}' with the entry name shown):", highlight=False, markup=False)
    for site, variables, found in default_credentials.described():
        entries = ", ".join(keyring_entry(v) for v in variables.split(" + "))
        state = "[green]set[/]" if found else "[dim]not set in the environment[/]"
        out.print(f"  {plain(site):15} {plain(variables)}  (keyring: {plain(entries)})  {state}", highlight=False)
    if broken:
        names = ", ".join(i.name for i in broken)
        err.print(f"[bold red]error:[/] {len(broken)} installed adapter(s) cannot load ({plain(names)}): the sources that use them "
                  "are skipped in every brief until fixed; the fix is shown under each", highlight=False)
        raise typer.Exit(EXIT_DEGRADED)


@app.command()
def demo(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the PDF (default: the user data folder's briefs/demo/)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the dossier as JSON here."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh (default) or en."),
    output_format: str = typer.Option("pdf", "--format", help=FORMAT_HELP),
    landscape: bool = typer.Option(False, "--landscape", help=LANDSCAPE_HELP),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="No progress display."),
) -> None:
    """Build a brief for a bundled sample customer, served from fixtures/ on 127.0.0.1 (no network needed)."""
    from briefing.demo import demo_account, demo_site, serve_site

    try:
        with serve_site(demo_site()) as site_url:
            account = _with_language(demo_account(site_url), lang)
            layout = _layout(output_format, landscape)
            pdf = output or default_pdf_path(account, "demo", layout.format)
            if not quiet:
                err.print(f"sample site served at {site_url}", markup=False, highlight=False)
            started = time.perf_counter()
            with _progress(quiet) as progress:
                # The demo's own server is on loopback: allow it, and nothing else changes.
                result = asyncio.run(build_brief_async(account, pdf=pdf, json_path=json_out, settings=_settings(True), progress=progress,
                                                       layout=layout))
    except BriefingError as exc:
        raise _fail(exc) from None
    raise typer.Exit(_warn(_report(result, time.perf_counter() - started, quiet)))


def _day(on: str | None) -> date:
    if not on:
        return date.today()
    try:
        return date.fromisoformat(on)
    except ValueError:
        raise UsageError(f"--on {on}: give the day as YYYY-MM-DD, e.g. 2026-11-20") from None


NOTES_STORE_HELP = ("Where the team's notes are: a shared PostgreSQL store, postgresql://USER@HOST:PORT/DB, keeps them for "
                    "every colleague's brief; without one (or with an SQLite store) they go to the account's notes file. "
                    "Default: BRIEFING_STORE if set.")


def _shared_store(path: Optional[str]) -> Store | None:
    """The shared PostgreSQL store that --store or BRIEFING_STORE names, opened; None for an
    SQLite store or none (the notes then stay in the account's notes file)."""
    from briefing.store.records import is_database_url

    target = path or os.environ.get("BRIEFING_STORE") or None
    return Store.open(target) if is_database_url(target) else None


def _now() -> datetime:
    return datetime.now(timezone.utc)


@app.command()
def note(
    account_file: Path = typer.Argument(..., metavar="ACCOUNT.toml", help="The customer's account file."),
    text: str = typer.Argument(..., help="What was said, in one line."),
    by: str = typer.Option(..., "--by", help="Who said it (a colleague, your leader)."),
    topic: Optional[str] = typer.Option(None, "--topic", help="资金, 决策人, 采购流程, 可行性, 竞争, 合作, 痛点, 联系人, 态度, 合作思路, 关系 (or the English key)."),
    on: Optional[str] = typer.Option(None, "--on", help="The day it was said, YYYY-MM-DD (default: today)."),
    store_path: Optional[str] = typer.Option(None, "--store", help=NOTES_STORE_HELP),
) -> None:
    """Add one note: to the shared store when there is one (--store postgresql://... or BRIEFING_STORE), with who
    and when, for every colleague's brief; else to the account's notes file ([sources] notes, else
    ACCOUNT.notes.md), creating it if needed. Prints where it went."""
    try:
        account = load_account(account_file)
        key = notes.topic_of(topic) if topic else ""
        if key is None:
            raise UsageError(f"--topic {topic}: not a topic; choose one of {', '.join(TOPIC_NAMES['zh'][t] for t in notes.TOPICS)}")
        if not notes.clean_author(by) or not text.strip():
            raise UsageError("a note needs its text and who said it (--by NAME)")
        shared = _shared_store(store_path)
        if shared is not None:
            with shared:
                [row] = notes.record_shared(shared, notes_key(account), [(key, text)], by=by, on=_day(on), written_at=_now())
            where = f"{shared.notes_url}/{row}"
        else:
            where = str(notes.record(Path(account.notes_path), [(key, text)], company=account.company.name, by=by,
                                     on=_day(on), language=account.language))
    except BriefingError as exc:
        raise _fail(exc) from None
    out.print(where, markup=False, highlight=False)


@app.command()
def debrief(
    account_file: Path = typer.Argument(..., metavar="ACCOUNT.toml", help="The customer's account file."),
    from_file: Optional[Path] = typer.Option(None, "--from", help="Answers from a file, one per line: 资金：预算已批 (else asked one by one)."),
    by: str = typer.Option(getpass.getuser, "--by", help="Who visited (default: your login name).", show_default=False),
    on: Optional[str] = typer.Option(None, "--on", help="The day of the visit, YYYY-MM-DD (default: today)."),
    store_path: Optional[str] = typer.Option(None, "--store", help=NOTES_STORE_HELP),
) -> None:
    """Record what the customer answered in the visit; the next brief shows it and stops asking it.
    With a shared store (--store postgresql://... or BRIEFING_STORE) the answers go there, else to the notes file."""
    try:
        account = load_account(account_file)
        if not notes.clean_author(by):
            raise UsageError("--by: say who visited (a name)")
        shared = _shared_store(store_path)
    except BriefingError as exc:
        raise _fail(exc) from None
    if shared is None:
        _debrief(account, from_file, by, on, None)
        return
    with shared:
        _debrief(account, from_file, by, on, shared)


def _debrief(account: Account, from_file: Optional[Path], by: str, on: Optional[str], shared: Store | None) -> None:
    from briefing.analysis import questions  # the visit plan's question topics; loaded only for this command

    try:
        path = Path(account.notes_path)
        earlier = notes.parse(path.read_text("utf-8", errors="replace")) if path.is_file() else []
        if shared is not None:
            earlier += notes.stored_entries(shared.notes(notes_key(account)))
        asked = questions.open_topics(earlier, account.language)
        if from_file is not None:
            try:
                answers = notes.read_answers(from_file.read_text("utf-8"), str(from_file))
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"{from_file}: cannot be read as UTF-8 text ({getattr(exc, 'strerror', None) or exc})") from None
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        else:
            if not asked:
                err.print("Every question of the visit plan is answered already.", markup=False, highlight=False)
                return
            err.print("Type each answer and press Enter; an empty answer skips the question.", markup=False, highlight=False)
            try:
                answers = [(topic, answer) for topic, question in asked
                           if (answer := typer.prompt(question, default="", show_default=False, err=True).strip())]
            except (typer.Abort, EOFError):  # typer raises its own Abort, not click's
                raise UsageError("the answers ended before the last question; nothing was recorded (use --from FILE to answer from a file)") from None
        if not answers:
            err.print("Nothing recorded.", markup=False, highlight=False)
            return
        day = _day(on)
        if shared is not None:
            notes.record_shared(shared, notes_key(account), answers, by=by, on=day, written_at=_now(), answered=True)
            where = shared.notes_url
        else:
            notes.record(path, answers, company=account.company.name, by=by, on=day, answered=True, language=account.language)
            where = str(path)
    except BriefingError as exc:
        raise _fail(exc) from None
    err.print(f"recorded {len(answers)} answer(s) as notes of {day}", markup=False, highlight=False)
    out.print(where, markup=False, highlight=False)


notes_app = typer.Typer(help="The team's notes in a shared PostgreSQL store: bring an account's notes file in, or write "
                             "the store's notes out to a notes file.", no_args_is_help=True)
app.add_typer(notes_app, name="notes")


def _require_shared(store_path: Optional[str]) -> Store:
    shared = _shared_store(store_path)
    if shared is None:
        raise UsageError("--store: the team's notes need a shared store, postgresql://USER@HOST:PORT/DB (or BRIEFING_STORE); "
                         "without one the notes file is where they are")
    return shared


@notes_app.command("import")
def notes_import(
    account_file: Path = typer.Argument(..., metavar="ACCOUNT.toml", help="The customer's account file."),
    from_file: Optional[Path] = typer.Option(None, "--from", help="The notes file to import (default: the account's own)."),
    store_path: Optional[str] = typer.Option(None, "--store", help="The shared PostgreSQL store (default: BRIEFING_STORE)."),
) -> None:
    """Copy the account's notes file into the shared store, so every colleague's brief carries its notes.

    A note the store already holds on the account (the same author, day and text) is not added again:
    importing twice adds nothing. The file is only read. Exit codes: 0 imported (or nothing new); 2 no
    shared store, or the file cannot be read; 3 the store cannot be opened or written.
    """
    try:
        account = load_account(account_file)
        path = from_file or Path(account.notes_path)
        with _require_shared(store_path) as shared:
            added, read = notes.import_file(shared, notes_key(account), path, written_at=_now())
            where = shared.notes_url
    except BriefingError as exc:
        raise _fail(exc) from None
    err.print(f"imported {added} of the {read} note(s) of {path} ({read - added} already there)", markup=False, highlight=False)
    out.print(where, markup=False, highlight=False)


@notes_app.command("export")
def notes_export(
    account_file: Path = typer.Argument(..., metavar="ACCOUNT.toml", help="The customer's account file."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The notes file to write (default: print the notes)."),
    store_path: Optional[str] = typer.Option(None, "--store", help="The shared PostgreSQL store (default: BRIEFING_STORE)."),
) -> None:
    """Write the account's notes in the shared store as a notes file (the format `note` writes), for people who prefer files.

    With -o, the notes the file lacks are appended to it (it is made when new): a notes file is only ever
    appended to, so nothing only the file holds is lost, and exporting twice adds nothing. Without -o,
    they are printed. Exit codes: 0 written; 2 no shared store; 3 the store or the file cannot be read or written.
    """
    try:
        account = load_account(account_file)
        with _require_shared(store_path) as shared:
            stored = shared.notes(notes_key(account))
        if output is None:
            out.print(notes.export_text(stored, company=account.company.name, language=account.language), end="",
                      markup=False, highlight=False)
            return
        added = notes.export_to(output, stored, company=account.company.name, language=account.language)
    except BriefingError as exc:
        raise _fail(exc) from None
    err.print(f"{added} of the store's {len(stored)} note(s) added to {output}", markup=False, highlight=False)
    out.print(str(output), markup=False, highlight=False)


store_app = typer.Typer(help="The store itself: bring an SQLite store into a shared PostgreSQL one.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("import")
def store_import(
    sqlite_path: Optional[Path] = typer.Argument(None, metavar="SQLITE_PATH", help="The SQLite store to copy (default: briefing.sqlite3 in the user data folder)."),
    to: str = typer.Option(..., "--to", envvar="BRIEFING_STORE", help="The PostgreSQL store, postgresql://USER@HOST:PORT/DB (default: BRIEFING_STORE)."),
) -> None:
    """Copy an SQLite store (pages, readings, robots.txt, dossiers, briefs) into a PostgreSQL store.

    What the PostgreSQL store already holds is kept: running it twice adds nothing. The SQLite file
    is only read. Exit codes: 0 imported (or nothing new); 2 --to is not a postgresql:// URL; 3 either
    store cannot be opened or read (the message names the URL without its password).
    """
    from briefing.store.database import default_store_path
    from briefing.store.postgres import import_sqlite
    from briefing.store.records import is_database_url

    try:
        if not is_database_url(to):
            raise UsageError("--to: give a PostgreSQL store, postgresql://USER@HOST:PORT/DB")
        report = import_sqlite(sqlite_path or default_store_path(), to)
    except BriefingError as exc:
        raise _fail(exc) from None
    added = ", ".join(f"{n} {table}" for table, n in report.added.items() if n) or "nothing new"
    err.print(f"imported {plain(str(report.source))} into {plain(report.target)}: {added}", highlight=False)
    out.print(report.target, markup=False, highlight=False)


def _print_version(value: bool) -> None:
    if value:
        out.print(f"briefing {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Log what happens (to stderr)."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", callback=_print_version, is_eager=True),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    for handler in logging.getLogger().handlers:  # a registry cookie or key never reaches a log line
        handler.addFilter(RedactingFilter(default_credentials))
    if not verbose:
        # trafilatura and the fetcher log expected trouble as warnings; the report shows it instead.
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
        # the job engine and its pool log a lost database with tracebacks, on every try; the
        # worker says it once, in words, when it gives up
        for name in ("procrastinate", "psycopg.pool"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


class _Terminated(SystemExit):
    """SIGTERM (how cron and systemd stop a job), raised so that cleanup runs and what was read
    is written. A SystemExit: asyncio lets it through wherever it lands (a callback, a task),
    as it does Ctrl-C, and click does not take it for its own."""

    def __init__(self) -> None:
        super().__init__(143)


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated()


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except _Terminated:
        err.print("stopped (SIGTERM); the brief being built was not written, and nothing was half-written; "
                  "the pages read so far are in the store")
        sys.exit(143)
    except KeyboardInterrupt:
        err.print("interrupted; nothing was half-written")
        sys.exit(130)


__all__ = ["app", "main", "EXIT_USAGE"]
