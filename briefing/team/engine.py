"""The evening on a job engine: procrastinate, with its queue in the team's PostgreSQL store.

Why procrastinate: it needs nothing but the PostgreSQL the team already runs for the store. It
has per-job locks, retries, periodic tasks and worker heartbeats; Celery would need a broker
(Redis or RabbitMQ) to install, secure and watch beside the database, for nothing Briefing needs.

The jobs:
- "briefing.visit": one visit. Its account is refreshed and the brief put on that very event, as
  `tonight` does without the queue (briefing.calendars.tonight.brief_visit). It holds the
  account's `lock`, so two workers never build one account at once; it is enqueued with a
  `queueing_lock` per occurrence, so planning the evening twice queues nothing twice. It is
  idempotent: run again, the build is warm and the attachment already there.
  What it did is kept in `job_outcomes`, for whoever enqueued it to report.
- "briefing.recover": every RECOVER_EVERY seconds, the jobs of a worker whose heartbeat stopped
  (killed, its machine gone) go back on the queue for another worker. The brief such a worker was
  writing was never half-written: briefs are written to a temporary file, then renamed.
- "briefing.evening": on a worker started with a team file, at the team's evening hour: each
  member's calendar is read and their visits enqueued (`plan_team`).

An unexpected error in a job is retried (RETRIES times); an expected failure (an account file
that cannot be read, a calendar that refuses the brief) is that visit's outcome, and the other
visits go on either way.
"""

from __future__ import annotations

import asyncio
import json
import logging
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterable
from zoneinfo import ZoneInfo

import psycopg
from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate import exceptions as engine_errors
from procrastinate.schema import SchemaManager

from briefing.accounts.account import load_accounts
from briefing.calendars import tonight
from briefing.calendars.caldav import has_password
from briefing.calendars.owner import Owner, load_owner
from briefing.calendars.tonight import Outcome, Visit
from briefing.errors import BriefingError, StoreError, UsageError
from briefing.gathering.fetch import FetchSettings
from briefing.gathering.pipeline import BuildSettings
from briefing.store.postgres import MIGRATION_LOCK, PostgresStore
from briefing.team.roster import Team, load_team

log = logging.getLogger(__name__)

VISIT_TASK = "briefing.visit"
RECOVER_TASK = "briefing.recover"
EVENING_TASK = "briefing.evening"
RETRIES = 3  # tries of a job that failed unexpectedly
RECOVER_EVERY = 10  # seconds between sweeps for the jobs of dead workers
HEARTBEAT = 5.0  # seconds between a worker's heartbeats
STALLED_AFTER = 20.0  # seconds without a heartbeat after which a worker is taken for dead
FINISHED = ("succeeded", "failed", "cancelled", "aborted")

# The tasks, on an app whose connector is put in place for a store's database (`engine`).
jobs = App(connector=PsycopgConnector())


@dataclass
class WorkerState:
    """What a worker's jobs share: the store they build with, and the settings of the evenings it
    queues itself (a queued visit carries the settings of whoever queued it)."""

    store: PostgresStore
    settings: BuildSettings = BuildSettings()


# --- the jobs ---------------------------------------------------------------------------------

@jobs.task(name=VISIT_TASK, pass_context=True, retry=RetryStrategy(max_attempts=RETRIES, wait=5))
async def visit_job(context: JobContext, visit: dict[str, Any], owner: dict[str, Any], settings: dict[str, Any]) -> None:
    state: WorkerState = context.additional_context["briefing"]
    outcome = await tonight.brief_visit(Visit.of_json(visit), state.store, now=datetime.now(timezone.utc),
                                        owner=_owner_of(owner), settings=_settings_of(settings))
    assert context.job.id is not None
    await _keep_outcome(context.app, context.job.id, outcome)


@jobs.periodic(cron=f"* * * * * */{RECOVER_EVERY}")
@jobs.task(name=RECOVER_TASK, queueing_lock=RECOVER_TASK, pass_context=True)
async def recover_job(context: JobContext, timestamp: int) -> None:
    manager = context.app.job_manager
    for task in (VISIT_TASK, EVENING_TASK):
        for job in await manager.get_stalled_jobs(task_name=task, seconds_since_heartbeat=STALLED_AFTER):
            log.warning("job %s (%s) was left by a worker that stopped; queued again", job.id, job.task_name)
            await manager.retry_job(job)


@jobs.task(name=EVENING_TASK, pass_context=True, queueing_lock=EVENING_TASK)
async def evening_job(context: JobContext, timestamp: int, team: str) -> None:
    """Run every hour at the evening's minute; plans the visits only in the team's evening hour
    (an hourly check keeps the hour right across daylight-saving changes)."""
    roster = load_team(team)
    moment = datetime.fromtimestamp(timestamp, timezone.utc)
    if not is_evening(roster, moment):
        return
    state: WorkerState = context.additional_context["briefing"]
    planned = await plan_team(context.app, roster, now=moment, settings=state.settings)
    log.info("the evening of %s: %d visit(s) queued", moment.date(), sum(len(ids) for ids, _ in planned.values()))


def evening_cron(team: Team, now: datetime | None = None) -> str:
    """Every hour at the evening's minute on the team's clock. The engine reads a cron in UTC, so a
    zone half an hour off UTC (Asia/Kolkata) moves the minute."""
    now = now or datetime.now(timezone.utc)
    offset = (now.astimezone(team.zone) if team.zone else now.astimezone()).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return f"{(team.evening.minute - minutes) % 60} * * * *"


def is_evening(team: Team, moment: datetime) -> bool:
    """Whether `moment` falls in the hour the team's evening starts, on the team's clock."""
    local = moment.astimezone(team.zone) if team.zone else moment.astimezone()
    return local.hour == team.evening.hour


# --- the engine -------------------------------------------------------------------------------

@asynccontextmanager
async def engine(store: PostgresStore) -> AsyncIterator[App]:
    """The job engine on the store's database, open; its tables made when missing (under the
    store's migration lock, so that workers starting together make them once). The database
    failing on the way (gone, restarted for good) is a StoreError naming the store, exit 3."""
    url, kwargs = store.connection_settings()
    _ensure_schema(store)
    try:
        with jobs.replace_connector(PsycopgConnector(conninfo=url, kwargs=kwargs, min_size=1, max_size=4)) as app:
            async with app.open_async():
                yield app
    except (psycopg.Error, engine_errors.ConnectorException) as exc:
        cause = exc.__cause__ if isinstance(exc, engine_errors.ConnectorException) and exc.__cause__ else exc
        message = str(cause).strip().splitlines()[-1] if str(cause).strip() else type(cause).__name__
        raise StoreError(f"{store.path}: the job queue's database failed ({message}); what was done is kept, "
                         "and a job in hand is taken up again by a worker once the database is back") from None


def _ensure_schema(store: PostgresStore) -> None:
    def make(conn: Any) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        if conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is None:
            conn.execute(SchemaManager.get_schema())

    store.transaction(make)


async def run_worker(store: PostgresStore, *, team: Team | None = None, concurrency: int = 1,
                     wait: bool = True, name: str | None = None, settings: BuildSettings = BuildSettings()) -> None:
    """Work the queue until stopped (SIGINT/SIGTERM end it after the job in hand); `wait=False`:
    until the queue is empty. With `team`, the evening's run is planned at its hour."""
    if team is not None:
        jobs.periodic_registry.periodic_tasks.pop((EVENING_TASK, "evening"), None)  # another team's, in this process
        jobs.periodic(cron=evening_cron(team), periodic_id="evening",
                      task_kwargs={"team": str(team.path)})(evening_job)
    async with engine(store) as app:
        await app.run_worker_async(concurrency=concurrency, wait=wait, name=name, update_heartbeat_interval=HEARTBEAT,
                                   stalled_worker_timeout=STALLED_AFTER, additional_context={"briefing": WorkerState(store, settings)},
                                   listen_notify=True, fetch_job_polling_interval=1.0, delete_jobs="never")


async def enqueue(app: App, visits: Iterable[Visit], *, owner: Owner, settings: BuildSettings) -> list[int]:
    """One job per visit; a visit already waiting in the queue keeps its job (its id is returned)."""
    task = app.tasks[VISIT_TASK]
    ids = []
    for visit in visits:
        waiting = f"visit:{visit.account}|{visit.uid}|{visit.recurrence}"
        try:
            ids.append(await task.configure(lock=f"account:{visit.account}", queueing_lock=waiting).defer_async(
                visit=visit.as_json(), owner=_owner_json(owner), settings=_settings_json(settings)))
        except engine_errors.AlreadyEnqueued:
            queued = await app.job_manager.list_jobs_async(queueing_lock=waiting, status="todo")
            ids.extend(job.id for job in queued if job.id is not None)
    return ids


async def plan_team(app: App, team: Team, *, now: datetime,
                    settings: BuildSettings) -> dict[str, tuple[list[int], list[Outcome]]]:
    """Each member's visits in the team's window, enqueued; per member, the job ids and the
    events that could not be matched. A member whose calendar cannot be read does not stop the
    others: theirs is a failed outcome."""
    window = tonight.parse_window(team.within)
    planned: dict[str, tuple[list[int], list[Outcome]]] = {}
    for member in team.members:
        try:
            planned[member.login] = await _plan_calendar(app, member.calendar, member.accounts, owner=member.owner(team.timezone),
                                                         login=member.login, window=window, now=now, settings=settings)
        except BriefingError as exc:
            planned[member.login] = ([], [Outcome(f"{member.name}'s calendar", now, "", "failed", reason=str(exc))])
    return planned


async def _plan_calendar(app: App, calendar: str, accounts: Path, *, owner: Owner, login: str, window: timedelta,
                         now: datetime, settings: BuildSettings) -> tuple[list[int], list[Outcome]]:
    """One calendar's visits in the window, enqueued: their job ids, and the outcomes of the events
    and account files that could not be matched or read."""
    found, unreadable = load_accounts(accounts)
    visits, outcomes = tonight.plan(calendar, found, within=window, now=now, owner=owner, login=login)
    return await enqueue(app, visits, owner=owner, settings=settings), outcomes + tonight.unreadable_accounts(unreadable, now)


async def evening(store: PostgresStore, *, within: str, now: datetime, settings: BuildSettings, team: Team | None = None,
                  calendar: str = "", accounts: Path | None = None, wait: bool = True,
                  done: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """`tonight --queue`: the visits of the team's calendars (or of one calendar and folder of
    accounts, the user's own) enqueued, one job per visit; with `wait`, each outcome reported to
    `done` as its job finishes, else a "queued" outcome per job. Events that match no account
    come first, as `tonight` reports them."""
    async with engine(store) as app:
        if team is not None:
            planned = await plan_team(app, team, now=now, settings=settings)
        else:
            assert accounts is not None
            if tonight.is_server(calendar) and has_password(calendar):
                raise UsageError("--calendar: the address carries a password, which the queue would keep in the store; "
                                 "take it out and set BRIEFING_CALDAV_PASSWORD (or the keyring entry caldav-password)")
            planned = {"": await _plan_calendar(app, calendar, accounts, owner=load_owner(), login="",
                                                window=tonight.parse_window(within), now=now, settings=settings)}
        ids = [job_id for job_ids, _ in planned.values() for job_id in job_ids]
        unmatched = [outcome for _, outcomes in planned.values() for outcome in outcomes]
        for outcome in unmatched:
            done(outcome)
        if not wait:
            return unmatched + await _queued(app, ids)
        return unmatched + await follow(app, ids, done=done)


async def _queued(app: App, ids: list[int]) -> list[Outcome]:
    rows = await app.connector.execute_query_all_async(
        "SELECT id, args FROM procrastinate_jobs WHERE id = ANY(%(ids)s) ORDER BY id", ids=ids)
    return [Visit.of_json(row["args"]["visit"]).outcome("queued", f"job {row['id']}") for row in rows]


async def follow(app: App, ids: list[int], *, done: Callable[[Outcome], None] = lambda outcome: None,
                 poll: float = 1.0) -> list[Outcome]:
    """Wait for the jobs, calling `done` with each outcome as its job finishes; the outcomes in
    the order of `ids`."""
    outcomes: dict[int, Outcome] = {}
    while len(outcomes) < len(set(ids)):
        rows = await app.connector.execute_query_all_async(
            "SELECT j.id, j.status::text AS status, j.args, o.outcome FROM procrastinate_jobs j "
            "LEFT JOIN job_outcomes o ON o.job_id = j.id WHERE j.id = ANY(%(ids)s)", ids=[i for i in ids if i not in outcomes])
        for row in rows:
            if row["status"] in FINISHED:
                outcomes[row["id"]] = _outcome_of(row)
                done(outcomes[row["id"]])
        missing = set(ids) - outcomes.keys() - {row["id"] for row in rows}
        for job_id in missing:  # deleted from the queue by someone: nothing more will be known
            outcomes[job_id] = Outcome("", datetime.now(timezone.utc), "", "failed", reason=f"job {job_id} left the queue unfinished")
            done(outcomes[job_id])
        if len(outcomes) < len(set(ids)):
            await asyncio.sleep(poll)
    return [outcomes[i] for i in ids]


# --- what the jobs carry ----------------------------------------------------------------------

async def _keep_outcome(app: App, job_id: int, outcome: Outcome) -> None:
    await app.connector.execute_query_async(
        "INSERT INTO job_outcomes (job_id, outcome) VALUES (%(id)s, %(outcome)s) "
        "ON CONFLICT (job_id) DO UPDATE SET outcome = EXCLUDED.outcome, finished_at = now()",
        id=job_id, outcome=json.dumps(tonight.outcome_json(outcome)))


def _outcome_of(row: dict[str, Any]) -> Outcome:
    kept = row["outcome"]
    if kept is not None:
        return tonight.outcome_of_json(kept if isinstance(kept, dict) else json.loads(kept))
    visit = Visit.of_json(row["args"]["visit"])
    return visit.outcome("failed", f"the job {row['status']} after {RETRIES} tries; the worker's log says why")


def _owner_json(owner: Owner) -> dict[str, Any]:
    return {"zone": getattr(owner.zone, "key", None), "emails": list(owner.emails)}


def _owner_of(data: dict[str, Any]) -> Owner:
    return Owner(ZoneInfo(data["zone"]) if data.get("zone") else None, tuple(data.get("emails", ())))


def _settings_json(settings: BuildSettings) -> dict[str, Any]:
    return {"fetch": asdict(settings.fetch), "strict": settings.strict, "deadline": settings.deadline}


def _settings_of(data: dict[str, Any]) -> BuildSettings:
    known = {f.name for f in fields(FetchSettings)}
    fetch = FetchSettings(**{k: v for k, v in data.get("fetch", {}).items() if k in known})
    return BuildSettings(fetch=fetch, strict=bool(data.get("strict")), deadline=float(data.get("deadline", BuildSettings().deadline)))


def needs_postgres(store: Any) -> PostgresStore:
    """The store, when it is the shared PostgreSQL one the queue lives in."""
    if not isinstance(store, PostgresStore):
        raise UsageError(f"{store.path}: the job queue lives in a PostgreSQL store; give --store postgresql://... "
                         "(or BRIEFING_STORE)")
    return store
