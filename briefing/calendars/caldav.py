"""The same attach on a CalDAV calendar server (caldav), with ETag-conditional writes.

The event is read fresh (with its ETag), the brief put on it (briefing.calendars.invites), and written back
with If-Match. A 412 means someone changed the event meanwhile: read it again and redo the
attach on their version, never overwrite it blind. Credentials come from BRIEFING_CALDAV_USER and
BRIEFING_CALDAV_PASSWORD, or the OS keyring entries caldav-user and caldav-password.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from icalendar import Calendar

from briefing.calendars import invites
from briefing.gathering.credentials import secret
from briefing.errors import OutputError, UsageError

log = logging.getLogger(__name__)
RETRIES = 3


class CalendarServerError(OutputError):
    """The calendar server could not be read or written; the event was left as it was."""


def _calendar(url: str) -> Any:
    import caldav  # imported late: it pulls in its own HTTP stack, needed only here

    try:
        client = caldav.DAVClient(url=url, username=secret("BRIEFING_CALDAV_USER"), password=secret("BRIEFING_CALDAV_PASSWORD"))
        return client.calendar(url=url)
    except Exception as exc:  # the library raises many kinds; all mean "cannot reach this calendar"
        raise CalendarServerError(f"{url}: the calendar cannot be opened ({type(exc).__name__}: {exc})") from None


def events(url: str) -> list[tuple[Any, Calendar]]:
    """Every event resource of the calendar with its parsed data."""
    calendar = _calendar(url)
    try:
        found = calendar.events()
    except Exception as exc:
        raise CalendarServerError(f"{url}: the events cannot be listed ({type(exc).__name__}: {exc}); "
                                  "check the URL names a calendar and the login (BRIEFING_CALDAV_USER/PASSWORD)") from None
    out = []
    for item in found:
        try:
            out.append((item, Calendar.from_ical(item.data)))
        except ValueError:
            log.warning("%s: an event that is not valid iCalendar was skipped", getattr(item, "url", url))
    return out


def attach(url: str, *, brief: bytes | None, link: str = "", filename: str, names: list[str], uid: str = "",
           now: datetime) -> invites.Attached:
    """Attach on the server; a 412 (someone else's change) is read again and redone, up to RETRIES times."""
    from caldav.lib.error import ETagMismatchError, ScheduleTagMismatchError

    for attempt in range(RETRIES):
        resources = events(url)
        chosen = _resource_of(resources, names, uid, now, url)
        try:
            chosen.load()  # fresh data and its ETag, for If-Match
        except Exception as exc:
            raise CalendarServerError(f"{url}: the event cannot be read ({type(exc).__name__}: {exc})") from None
        result = invites.attach(chosen.data.encode("utf-8"), brief=brief, link=link, filename=filename, names=names,
                                uid=uid, now=now, shown=url)
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
            raise CalendarServerError(f"{url}: the event cannot be written ({type(exc).__name__}: {exc}); it was left as it was") from None
    raise CalendarServerError(f"{url}: the event kept changing while we wrote it ({RETRIES} tries); try again later")


def _resource_of(resources: list[tuple[Any, Calendar]], names: list[str], uid: str, now: datetime, url: str) -> Any:
    """The resource holding the account's event, chosen as for an .ics file."""
    if not any(parsed.walk("VEVENT") for _, parsed in resources):
        raise UsageError(f"{url}: the calendar has no events")
    event = invites.find_event([parsed for _, parsed in resources], names, uid, now=now, shown=url)
    return next(resource for resource, parsed in resources if any(e is event for e in parsed.walk("VEVENT")))
