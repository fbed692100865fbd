"""The same attach on a CalDAV calendar server (caldav), with ETag-conditional writes.

The event is read fresh (with its ETag), the brief put on it (briefing.calendars.invites), and written back
with If-Match. A 412 means someone changed the event meanwhile: read it again and redo the
attach on their version, never overwrite it blind. Credentials come from BRIEFING_CALDAV_USER and
BRIEFING_CALDAV_PASSWORD, or the OS keyring entries caldav-user and caldav-password; a team
member's (`login`, as the team file names them) from BRIEFING_CALDAV_USER_<LOGIN> and
BRIEFING_CALDAV_PASSWORD_<LOGIN>, or the entries caldav-user-<login> and caldav-password-<login>.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from icalendar import Calendar

from briefing.calendars import invites
from briefing.calendars.owner import Owner
from briefing.calendars.series import Agenda
from briefing.gathering.credentials import secret
from briefing.errors import OutputError, UsageError

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRIES = 3
REQUEST_TIMEOUT = 30  # seconds without an answer, per request
DEADLINE = 90.0  # seconds for a whole read or attach: a server that trickles never holds the evening


class CalendarServerError(OutputError):
    """The calendar server could not be read or written; the event was left as it was."""


def _within(url: str, work: Callable[[], T]) -> T:
    """`work()`, given up after DEADLINE seconds: caldav's own timeout is per read, and a server
    that sends a byte now and then never trips it. The work goes on in a daemon thread, which
    the process does not wait for."""
    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as exc:  # handed to the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="briefing-caldav", daemon=True)
    thread.start()
    thread.join(DEADLINE)
    if thread.is_alive():
        raise CalendarServerError(f"{url}: the calendar server did not finish answering within {DEADLINE:g} s; "
                                  "check the address, or try again later")
    if failed:
        raise failed[0]
    return done[0]


def _unreachable(exc: BaseException) -> bool:
    """A failure of the network under caldav's HTTP stack: no name, no connection, no answer."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (OSError, TimeoutError)) or any(word in type(seen).__name__ for word in ("Connection", "Timeout", "NameResolution")):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _why(url: str, what: str, exc: Exception, hint: str = "") -> CalendarServerError:
    if _unreachable(exc):
        return CalendarServerError(f"{url}: the calendar server could not be reached ({type(exc).__name__}: {exc}); "
                                   "no network, or the address is wrong")
    return CalendarServerError(f"{url}: {what} ({type(exc).__name__}: {exc}){hint}")


def login_variables(login: str = "") -> tuple[str, str]:
    """The environment variables holding the calendar user and password of `login` ("" : the user's own)."""
    suffix = f"_{login.upper().replace('-', '_')}" if login else ""
    return f"BRIEFING_CALDAV_USER{suffix}", f"BRIEFING_CALDAV_PASSWORD{suffix}"


def has_password(url: str) -> bool:
    """Whether a calendar's address carries a password (https://user:secret@host/…)."""
    try:
        return bool(urlsplit(url).password)
    except ValueError:
        return False


def _calendar(url: str, login: str = "") -> Any:
    import caldav  # imported late: it pulls in its own HTTP stack, needed only here

    user, password = login_variables(login)
    try:
        client = caldav.DAVClient(url=url, username=secret(user), password=secret(password), timeout=REQUEST_TIMEOUT)
        return client.calendar(url=url)
    except Exception as exc:  # the library raises many kinds; all mean "cannot reach this calendar"
        raise _why(url, "the calendar cannot be opened", exc) from None


def events(url: str, *, login: str = "") -> list[tuple[Any, Calendar]]:
    """Every event resource of the calendar with its parsed data."""
    return _within(url, lambda: _events(url, login))


def _events(url: str, login: str = "") -> list[tuple[Any, Calendar]]:
    calendar = _calendar(url, login)
    try:
        found = calendar.events()
    except Exception as exc:
        raise _why(url, "the events cannot be listed", exc,
                   f"; check the URL names a calendar and the login ({'/'.join(login_variables(login))})") from None
    out = []
    for item in found:
        data = item.data  # caldav fetched what the listing left out (calendar-multiget, then GET)
        if not data:
            log.warning("%s: an event the server did not send was skipped", getattr(item, "url", url))
            continue
        try:
            out.extend((item, parsed) for parsed in invites.read_calendars(data.encode("utf-8"), str(getattr(item, "url", url))))
        except UsageError as exc:
            log.warning("%s; skipped", exc)
    return out


def attach(url: str, *, brief: bytes | None, link: str = "", filename: str, names: list[str], uid: str = "",
           now: datetime, recurrence: str = "", owner: Owner | None = None, login: str = "") -> invites.Attached:
    """Attach on the server; a 412 (someone else's change) is read again and redone, up to RETRIES times."""
    return _within(url, lambda: _attach(url, brief=brief, link=link, filename=filename, names=names, uid=uid, now=now,
                                        recurrence=recurrence, owner=owner or Owner(), login=login))


def _attach(url: str, *, brief: bytes | None, link: str, filename: str, names: list[str], uid: str,
            now: datetime, recurrence: str, owner: Owner, login: str = "") -> invites.Attached:
    from caldav.lib.error import ETagMismatchError, ScheduleTagMismatchError

    for attempt in range(RETRIES):
        resources = _events(url, login)
        chosen, target = _resource_of(resources, names, uid, now, url, recurrence, owner)
        try:
            chosen.load()  # fresh data and its ETag, for If-Match
        except Exception as exc:
            raise _why(url, "the event cannot be read", exc) from None
        # the occurrence chosen among all the resources, found again in its own (a server may keep a
        # series' overrides in resources of their own)
        result = invites.attach(chosen.data.encode("utf-8"), brief=brief, link=link, filename=filename, names=names,
                                uid=target.occurrence.uid, now=now, shown=url, recurrence=target.occurrence.recurrence,
                                owner=owner)
        if not result.changed:
            return result
        chosen.data = result.ics.decode("utf-8")
        try:
            # SEQUENCE is ours to move (only when the brief changed): the library must not bump it again
            chosen.save(increase_seqno=False, precondition="etag")
            return result
        except (ETagMismatchError, ScheduleTagMismatchError):
            log.info("%s: the event changed while we wrote (412); reading it again (%d of %d)", url, attempt + 1, RETRIES)
        except Exception as exc:
            raise _why(url, "the event cannot be written", exc, "; it was left as it was") from None
    raise CalendarServerError(f"{url}: the event kept changing while we wrote it ({RETRIES} tries); try again later")


def _resource_of(resources: list[tuple[Any, Calendar]], names: list[str], uid: str, now: datetime, url: str,
                 recurrence: str, owner: Owner) -> tuple[Any, invites.Target]:
    """The resource holding the account's event (or the series a new override goes into), chosen
    as for an .ics file, and the target found."""
    if not any(parsed.walk("VEVENT") for _, parsed in resources):
        raise UsageError(f"{url}: the calendar has no events")
    target = invites.locate(Agenda([parsed for _, parsed in resources], owner), names, uid, now=now, shown=url,
                            recurrence=recurrence)
    holder = target.master if target.master is not None else target.event
    return next(resource for resource, parsed in resources if any(e is holder for e in parsed.subcomponents)), target
