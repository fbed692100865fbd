"""`briefing tonight`: the evening run. Every visit in the next hours gets a fresh brief on its invite.

Visits are the calendar's events starting within the window: every occurrence of a series
(briefing.calendars.series), a floating time read on the owner's clock, and an all-day event
when its day overlaps the window. Each is matched to an account file:
by the UID the account names ([visit] uid), else by the customer's name or an alias in the event's
summary, location or description; an event two accounts claim is left unmatched rather than
guessed. Each matched account is refreshed (built the first time), and the brief attached to that
very event (by its UID, and of a series to that occurrence). One account failing never stops the
others; a visit whose time had to be guessed (a broken time zone) says so in its reason. An .ics
file is written once, at the end, under its lock: read again there, so that whatever was written
to it meanwhile (an `attach`, the calendar app) is kept and the evening's briefs are put on that
version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from icalendar import Calendar, Event

from briefing.accounts.account import Account, load_accounts
from briefing.brief import Layout, offline_hint, refresh_all_async
from briefing.calendars import caldav as calendar_server, invites
from briefing.calendars.attaching import Attachment, attach_to_file, attach_to_server
from briefing.calendars.owner import Owner, load_owner
from briefing.calendars.series import Agenda, Occurrence
from briefing.errors import BriefingError, OutputError, UsageError
from briefing.gathering.pipeline import BuildSettings
from briefing.store.database import Store

_WINDOW = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$", re.I)


def parse_window(text: str) -> timedelta:
    """"24h", "90m", "2d"."""
    found = _WINDOW.match(text)
    if not found:
        raise UsageError(f"--within {text}: give a span such as 24h, 90m or 2d")
    amount, unit = float(found.group(1)), found.group(2).lower()
    return timedelta(minutes=amount) if unit == "m" else timedelta(hours=amount) if unit == "h" else timedelta(days=amount)


@dataclass(frozen=True)
class Outcome:
    summary: str
    start: datetime
    uid: str
    state: str  # "built", "unchanged", "failed", "unmatched"
    account: str = ""  # the account file
    reason: str = ""
    brief: str = ""
    degraded: bool = False  # built, but some sources stale, blocked or gone, or its time guessed (`reason` says which)
    warnings: tuple[str, ...] = ()  # what had to be guessed about the visit's time


def in_window(occurrence: Occurrence, now: datetime, within: timedelta) -> bool:
    """A timed visit starting in [now, now + within]; an all-day one whose local day overlaps it."""
    if occurrence.all_day:
        return occurrence.start < now + within and occurrence.end > now
    return now <= occurrence.start <= now + within


def upcoming(calendar: Calendar | Agenda, now: datetime, within: timedelta, owner: Owner | None = None) -> list[Occurrence]:
    """Every occurrence in the window, series expanded, by start."""
    agenda = calendar if isinstance(calendar, Agenda) else Agenda([calendar], owner or Owner())
    return [o for o in agenda.between(now, now + within) if in_window(o, now, within)]


def match_account(event: Event, accounts: list[Account]) -> tuple[Account | None, str]:
    """(the account, "") or (None, why not)."""
    uid = str(event.get("UID", ""))
    by_uid = [a for a in accounts if a.visit and a.visit.uid and a.visit.uid == uid]
    if by_uid:
        return by_uid[0], ""
    text = " ".join(str(event.get(k, "")) for k in ("SUMMARY", "LOCATION", "DESCRIPTION")).lower()
    named = [a for a in accounts if any(n.strip() and n.lower() in text for n in (a.company.name, *a.company.aliases))]
    if len(named) == 1:
        return named[0], ""
    if named:
        return None, "named by several accounts: " + ", ".join(Path(a.path).name for a in named)
    return None, "no account file names this event"


def read_events(source: str) -> Calendar:
    """The calendar from an .ics file or a CalDAV URL, as one Calendar."""
    if re.match(r"^https?://", source, re.I):
        return invites.combined(parsed for _, parsed in calendar_server.events(source))
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"--calendar {source}: cannot be read ({exc.strerror or exc})") from None
    return invites.read_calendar(data, source)


async def run(
    source: str,
    accounts_dir: Path,
    *,
    within: timedelta,
    now: datetime,
    store: Store,
    settings: BuildSettings = BuildSettings(),
    step: Callable[[str], None] = lambda text: None,
    processes: bool = False,
) -> list[Outcome]:
    """Refresh and attach the brief of every visit in the window; one outcome per event."""
    accounts, unreadable = load_accounts(accounts_dir)
    owner = load_owner()
    agenda = Agenda([read_events(source)], owner)
    is_file = not re.match(r"^https?://", source, re.I)
    started_with = Path(source).read_bytes() if is_file else b""
    outcomes: list[Outcome] = []
    visits: list[tuple[Occurrence, Account]] = []
    for occurrence in upcoming(agenda, now, within):
        account, why = match_account(occurrence.event, accounts)
        if account is None:
            outcomes.append(Outcome(occurrence.summary, occurrence.start, occurrence.uid, "unmatched", reason=why))
        else:
            visits.append((occurrence, account))
    outcomes += _unreadable_visits(agenda, accounts, now)
    # every matched account refreshed at once (one fetcher, politeness per site), then attached in turn
    unique = list({a.path: a for _, a in visits}.values())
    step(f"refreshing {len(unique)} account(s)")
    results = dict(zip((a.path for a in unique), await refresh_all_async(unique, store, settings=settings, layout=Layout(),
                                                                                    processes=processes)))
    to_file: list[tuple[Outcome, Attachment]] = []  # an .ics gets all the evening's briefs in one write
    for occurrence, account in visits:
        summary, start, uid, guessed = occurrence.summary, occurrence.start, occurrence.uid, occurrence.warnings
        step(f"{account.company.name}: {summary}")
        result = results[account.path]
        if isinstance(result, BriefingError):
            outcomes.append(Outcome(summary, start, uid, "failed", account.path, _with(str(result), guessed), warnings=guessed))
            continue
        try:
            attachment = Attachment.of(account, result.path, uid=uid, recurrence=occurrence.recurrence)
            if not is_file:
                attach_to_server(source, attachment, now=now, owner=owner)
        except BriefingError as exc:
            outcomes.append(Outcome(summary, start, uid, "failed", account.path, _with(str(exc), guessed), warnings=guessed))
            continue
        state = "built" if result.written else "unchanged"
        unread = [f"{s.adapter}: {s.reason or s.status}" for s in result.dossier.sources if s.status in ("stale", "blocked", "gone")]
        reason = "; ".join(unread)[:300] + (f"; {offline_hint(True)}" if result.unreachable else "")
        outcomes.append(Outcome(summary, start, uid, state, account.path, _with(reason, guessed), str(result.path),
                                degraded=bool(unread or guessed), warnings=guessed))
        if is_file:
            to_file.append((outcomes[-1], attachment))
    if to_file:
        outcomes = _write_calendar(Path(source), to_file, outcomes, now, started_with, owner)
    outcomes.sort(key=lambda o: (o.start, o.uid))
    for file, reason in unreadable:
        outcomes.append(Outcome("", now, "", "failed", file, reason))
    return outcomes


def _with(reason: str, warnings: tuple[str, ...]) -> str:
    return "; ".join(part for part in (reason, *warnings) if part)


def _unreadable_visits(agenda: Agenda, accounts: list[Account], now: datetime) -> list[Outcome]:
    """Events that could not be read as calendar entries (a malformed series): a failed visit when
    an account names them, else left alone (they are someone else's business)."""
    failed = []
    for event in agenda.unreadable:
        named = [a for a in accounts if any(n.strip() and n.lower() in event.text.lower() for n in (a.company.name, *a.company.aliases))]
        if named or any(a.visit and a.visit.uid == event.uid for a in accounts):
            account = named[0].path if named else ""
            failed.append(Outcome(event.summary, now, event.uid, "failed", account, event.reason))
    return failed


def _write_calendar(path: Path, to_file: list[tuple[Outcome, Attachment]], outcomes: list[Outcome],
                    now: datetime, started_with: bytes, owner: Owner) -> list[Outcome]:
    """One write for all the evening's attachments, under the file's lock, on the file as it is
    then: an `attach` or the calendar app's save during the run is kept. A visit whose event is
    gone from it fails with why."""
    try:
        done = attach_to_file(path, [attachment for _, attachment in to_file], now=now, owner=owner)
    except OutputError as exc:
        raise OutputError(f"{exc}; tonight's briefs are built, run again to put them on the calendar") from None
    for (outcome, _), result in zip(to_file, done.results):
        if isinstance(result, BriefingError):
            changed = " was changed during the run, and then" if done.read != started_with else ""
            failed = replace(outcome, state="failed", brief="", reason=f"{path}{changed}: {result}")
            outcomes = [failed if o is outcome else o for o in outcomes]
    return outcomes


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {"event": outcome.summary, "start": outcome.start.isoformat(), "uid": outcome.uid, "state": outcome.state,
            "account": outcome.account, "reason": outcome.reason, "brief": outcome.brief, "degraded": outcome.degraded,
            "warnings": list(outcome.warnings)}
