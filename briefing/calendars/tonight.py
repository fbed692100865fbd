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

from briefing.accounts.account import Account, load_account, load_accounts
from briefing.brief import Layout, RefreshResult, offline_hint, refresh_all_async
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


def read_events(source: str, login: str = "") -> Calendar:
    """The calendar from an .ics file or a CalDAV URL (with the credentials `login` names), as one Calendar."""
    if is_server(source):
        return invites.combined(parsed for _, parsed in calendar_server.events(source, login=login))
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"--calendar {source}: cannot be read ({exc.strerror or exc})") from None
    return invites.read_calendar(data, source)


def is_server(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.I))


@dataclass(frozen=True)
class Visit:
    """One occurrence matched to its account: what a brief is built and attached for. Plain
    values only, so that a job engine can carry it (`as_json`, `of_json`)."""

    calendar: str  # the .ics file or CalDAV URL it is on
    account: str  # the account file
    uid: str
    recurrence: str
    summary: str
    start: datetime
    warnings: tuple[str, ...] = ()  # what had to be guessed about its time
    login: str = ""  # whose calendar credentials (a team member's); "" for the user's own

    def as_json(self) -> dict[str, Any]:
        return {"calendar": self.calendar, "account": self.account, "uid": self.uid, "recurrence": self.recurrence,
                "summary": self.summary, "start": self.start.isoformat(), "warnings": list(self.warnings), "login": self.login}

    @classmethod
    def of_json(cls, data: dict[str, Any]) -> Visit:
        return cls(data["calendar"], data["account"], data["uid"], data["recurrence"], data["summary"],
                   datetime.fromisoformat(data["start"]), tuple(data.get("warnings", ())), data.get("login", ""))

    def outcome(self, state: str, reason: str = "", brief: str = "", degraded: bool = False) -> Outcome:
        return Outcome(self.summary, self.start, self.uid, state, self.account, _with(reason, self.warnings), brief,
                       degraded=degraded or (state != "failed" and bool(self.warnings)), warnings=self.warnings)


def plan(source: str, accounts: list[Account], *, within: timedelta, now: datetime, owner: Owner,
         login: str = "") -> tuple[list[Visit], list[Outcome]]:
    """The window's visits on the calendar matched to their accounts, and an outcome for every
    event that could not be matched or read but concerns an account."""
    agenda = Agenda([read_events(source, login)], owner)
    visits: list[Visit] = []
    outcomes: list[Outcome] = []
    for occurrence in upcoming(agenda, now, within):
        account, why = match_account(occurrence.event, accounts)
        if account is None:
            outcomes.append(Outcome(occurrence.summary, occurrence.start, occurrence.uid, "unmatched", reason=why))
        else:
            visits.append(Visit(source, account.path, occurrence.uid, occurrence.recurrence, occurrence.summary,
                                occurrence.start, occurrence.warnings, login))
    return visits, outcomes + _unreadable_visits(agenda, accounts, now)


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
    visits, outcomes = plan(source, accounts, within=within, now=now, owner=owner)  # a file that cannot be read: UsageError
    started_with = b"" if is_server(source) else Path(source).read_bytes()
    by_path = {a.path: a for a in accounts}
    # every matched account refreshed at once (one fetcher, politeness per site), then attached in turn
    unique = [by_path[path] for path in dict.fromkeys(v.account for v in visits)]
    step(f"refreshing {len(unique)} account(s)")
    results = dict(zip((a.path for a in unique), await refresh_all_async(unique, store, settings=settings, layout=Layout(),
                                                                                    processes=processes)))
    to_file: list[tuple[Outcome, Attachment]] = []  # an .ics gets all the evening's briefs in one write
    for visit in visits:
        step(f"{by_path[visit.account].company.name}: {visit.summary}")
        outcome, attachment = settle(visit, by_path[visit.account], results[visit.account], now=now, owner=owner)
        outcomes.append(outcome)
        if attachment is not None:
            to_file.append((outcome, attachment))
    if to_file:
        outcomes = _write_calendar(Path(source), to_file, outcomes, now, started_with, owner)
    outcomes.sort(key=lambda o: (o.start, o.uid))
    return outcomes + unreadable_accounts(unreadable, now)


def unreadable_accounts(unreadable: list[tuple[str, str]], now: datetime) -> list[Outcome]:
    """A failed outcome for each account file that could not be read (load_accounts' second list)."""
    return [Outcome("", now, "", "failed", file, reason) for file, reason in unreadable]


def settle(visit: Visit, account: Account, result: RefreshResult | BriefingError, *, now: datetime,
           owner: Owner) -> tuple[Outcome, Attachment | None]:
    """The visit's outcome once its account is refreshed: on a calendar server the brief is
    attached now; for an .ics file the attachment is returned, to be written with the others."""
    if isinstance(result, BriefingError):
        return visit.outcome("failed", str(result)), None
    try:
        attachment = Attachment.of(account, result.path, uid=visit.uid, recurrence=visit.recurrence)
        if is_server(visit.calendar):
            attach_to_server(visit.calendar, attachment, now=now, owner=owner, login=visit.login)
    except BriefingError as exc:
        return visit.outcome("failed", str(exc)), None
    unread = [f"{s.adapter}: {s.reason or s.status}" for s in result.dossier.sources if s.status in ("stale", "blocked", "gone")]
    reason = "; ".join(unread)[:300] + (f"; {offline_hint(True)}" if result.unreachable else "")
    outcome = visit.outcome("built" if result.written else "unchanged", reason, str(result.path), degraded=bool(unread))
    return outcome, None if is_server(visit.calendar) else attachment


async def brief_visit(visit: Visit, store: Store, *, now: datetime, owner: Owner,
                      settings: BuildSettings = BuildSettings()) -> Outcome:
    """One visit on its own, as a job engine runs it: its account refreshed and the brief put on
    that event (an .ics file is read and written under its lock, so jobs on one file never lose
    each other's attachments). An account that cannot be read fails this visit alone."""
    try:
        account = load_account(Path(visit.account))
    except BriefingError as exc:
        return visit.outcome("failed", str(exc))
    result = (await refresh_all_async([account], store, settings=settings, layout=Layout()))[0]
    outcome, attachment = settle(visit, account, result, now=now, owner=owner)
    if attachment is None:
        return outcome
    # what the file held when the visit was planned is not known here: no reading it twice to say so
    return _write_calendar(Path(visit.calendar), [(outcome, attachment)], [outcome], now, None, owner)[0]


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
                    now: datetime, started_with: bytes | None, owner: Owner) -> list[Outcome]:
    """One write for all the evening's attachments, under the file's lock, on the file as it is
    then: an `attach` or the calendar app's save during the run is kept. A visit whose event is
    gone from it fails with why (and whether the file changed since `started_with`, when known)."""
    try:
        done = attach_to_file(path, [attachment for _, attachment in to_file], now=now, owner=owner)
    except OutputError as exc:
        raise OutputError(f"{exc}; tonight's briefs are built, run again to put them on the calendar") from None
    for (outcome, _), result in zip(to_file, done.results):
        if isinstance(result, BriefingError):
            changed = " was changed during the run, and then" if started_with is not None and done.read != started_with else ""
            failed = replace(outcome, state="failed", brief="", reason=f"{path}{changed}: {result}")
            outcomes = [failed if o is outcome else o for o in outcomes]
    return outcomes


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {"event": outcome.summary, "start": outcome.start.isoformat(), "uid": outcome.uid, "state": outcome.state,
            "account": outcome.account, "reason": outcome.reason, "brief": outcome.brief, "degraded": outcome.degraded,
            "warnings": list(outcome.warnings)}


def outcome_of_json(data: dict[str, Any]) -> Outcome:
    """An outcome as `outcome_json` wrote it (a job engine's record of a visit)."""
    return Outcome(data["event"], datetime.fromisoformat(data["start"]), data["uid"], data["state"], data["account"],
                   data["reason"], data["brief"], bool(data["degraded"]), tuple(data.get("warnings", ())))
