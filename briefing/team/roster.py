"""The team file: who is on the team, where each member's calendar is, and when the evening runs.

    # team.toml
    accounts = "accounts"          # the team's account files (relative to this file)
    timezone = "Asia/Shanghai"     # the team's clock: the evening's hour, and floating times
    evening = "19:00"              # when a worker started with --team plans the evening's briefs
    within = "24h"                 # how far ahead the evening looks

    [[member]]
    login = "wanglei"              # names this member's calendar credentials (below)
    name = "王磊"
    email = "wanglei@example.com"  # or a list: tells their own events from invites others sent
    calendar = "https://dav.example.com/calendars/wanglei/work/"   # a CalDAV URL, or an .ics file
    accounts = "accounts/wanglei"  # optional: this member's own account files

Credentials are never in this file: each member's calendar login comes from the environment
(BRIEFING_CALDAV_USER_WANGLEI, BRIEFING_CALDAV_PASSWORD_WANGLEI) or the keyring entries
caldav-user-wanglei and caldav-password-wanglei (service "briefing"). A file that carries a
password is refused, naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from briefing.accounts.settings import read_toml, zone_name
from briefing.calendars.caldav import has_password, login_variables
from briefing.calendars.owner import Owner
from briefing.calendars.tonight import is_server, parse_window
from briefing.errors import AccountError, UsageError

_TEAM_KEYS = ("accounts", "timezone", "evening", "within", "member")
_MEMBER_KEYS = ("login", "name", "email", "calendar", "accounts")
_SECRET = re.compile(r"pass(word)?|secret|token|cookie|key", re.I)
_LOGIN = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class TeamFileError(AccountError):
    """The team file is missing or malformed; the message names the file, line and key (exit 2)."""


@dataclass(frozen=True)
class Member:
    login: str
    name: str
    emails: tuple[str, ...]
    calendar: str  # a CalDAV URL, or an .ics path made absolute
    accounts: Path

    def owner(self, zone: str) -> Owner:
        return Owner(ZoneInfo(zone) if zone else None, self.emails)


@dataclass(frozen=True)
class Team:
    path: Path
    members: tuple[Member, ...]
    timezone: str = ""  # "" : this computer's zone
    evening: time = time(19, 0)
    within: str = "24h"

    @property
    def zone(self) -> ZoneInfo | None:
        return ZoneInfo(self.timezone) if self.timezone else None


def load_team(path: str | Path) -> Team:
    """The team file at `path`; a TeamFileError naming the line and key when it is malformed."""
    file = Path(path)
    try:
        text, data = read_toml(file, TeamFileError)
    except FileNotFoundError:
        raise TeamFileError(str(file), "no such file; write a team file (see `briefing worker --help`)") from None
    lines = text.splitlines()

    def fail(key: str, message: str, *, at: str | None = None) -> TeamFileError:
        return TeamFileError(str(file), message, line=_line_of(lines, at or key), key=key)

    _refuse_secrets(data, fail)
    for key in data:
        if key not in _TEAM_KEYS:
            raise fail(key, f"unknown key; expected one of {', '.join(_TEAM_KEYS)}")
    base = file.resolve().parent
    shared = _folder(data.get("accounts"), base, "accounts", fail) if "accounts" in data else None
    zone = zone_name(data.get("timezone", ""), fail)
    members = data.get("member")
    if not isinstance(members, list) or not members or not all(isinstance(m, dict) for m in members):
        raise fail("member", "the team has no members; add a [[member]] table for each (login, name, calendar)")
    team = tuple(_member(m, base, shared, fail) for m in members)
    logins = [m.login for m in team]
    if len(set(logins)) != len(logins):
        repeated = sorted({name for name in logins if logins.count(name) > 1})
        raise fail("login", f"{', '.join(repeated)}: each member needs a login of their own")
    within = str(data.get("within", "24h"))
    try:
        parse_window(within)
    except UsageError:
        raise fail("within", f"{within!r}: give a span such as 24h, 90m or 2d") from None
    return Team(file.resolve(), team, zone, _evening(data.get("evening", "19:00"), fail), within)


def _refuse_secrets(data: dict[str, Any], fail: Any) -> None:
    tables = [data, *[m for m in data.get("member", []) if isinstance(m, dict)]]
    for table in tables:
        for key in table:
            if _SECRET.search(key):
                user, password = login_variables("LOGIN")
                raise fail(key, f"credentials never go in the team file; each member puts theirs in the environment "
                                f"({user}, {password}, LOGIN being their login) or the keyring", at=key)


def _member(data: dict[str, Any], base: Path, shared: Path | None, fail: Any) -> Member:
    for key in data:
        if key not in _MEMBER_KEYS:
            raise fail(key, f"unknown member key; expected one of {', '.join(_MEMBER_KEYS)}")
    login = data.get("login")
    if not isinstance(login, str) or not _LOGIN.match(login):
        raise fail("login", f"{login!r}: a member's login is a short lower-case name (letters, digits, - or _), "
                            "e.g. login = \"wanglei\"; it names their credentials")
    calendar = data.get("calendar")
    if not isinstance(calendar, str) or not calendar.strip():
        raise fail("calendar", f"member {login}: give their calendar, a CalDAV URL or an .ics file", at="calendar")
    if is_server(calendar.strip()) and has_password(calendar.strip()):
        raise fail("calendar", f"member {login}: the calendar's address carries a password; take it out and put it in "
                               f"{login_variables(login)[1]} (or the keyring), where only the workers read it", at="calendar")
    calendar = calendar.strip() if is_server(calendar.strip()) else str((base / Path(calendar.strip()).expanduser()).resolve())
    accounts = _folder(data["accounts"], base, "accounts", fail) if "accounts" in data else shared
    if accounts is None:
        raise fail("accounts", f"member {login}: no account files; set accounts for the team or for this member")
    emails = data.get("email", [])
    emails = [emails] if isinstance(emails, str) else emails
    if not isinstance(emails, list) or not all(isinstance(e, str) and "@" in e for e in emails):
        raise fail("email", f"member {login}: email must be an address or a list of them")
    name = data.get("name", login)
    return Member(login, str(name), tuple(e.strip().lower().removeprefix("mailto:") for e in emails), calendar, accounts)


def _folder(value: Any, base: Path, key: str, fail: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "must be a folder of account files, e.g. accounts = \"accounts\"")
    folder = (base / Path(value.strip()).expanduser()).resolve()
    if not folder.is_dir():
        raise fail(key, f"{folder}: no such folder")
    return folder


def _evening(value: Any, fail: Any) -> time:
    found = _CLOCK.match(str(value).strip())
    if not found:
        raise fail("evening", f"{value!r}: give the hour the evening's run starts, e.g. evening = \"19:00\"")
    return time(int(found.group(1)), int(found.group(2)))


def _line_of(lines: list[str], key: str) -> int | None:
    """The first line that sets `key` (tomllib keeps no positions)."""
    pattern = re.compile(rf"^\s*(\[\[\s*)?{re.escape(key)}\b")
    return next((number for number, line in enumerate(lines, start=1) if pattern.match(line)), None)
