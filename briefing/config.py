"""Account files: one TOML file per customer, read into an `Account`.

    name = "江苏恒远环保工程有限公司"
    aliases = ["恒远环保"]
    [sources]
    site = "https://www.example.com.cn/"
    registry = ["saved/qcc.html"]
    [visit]
    start = 2026-11-28T09:30:00+08:00
    place = "..."
    attendees = [{ name = "...", title = "...", dept = "..." }]
    agenda = ["..."]

Every error names the file, the line and the key (`AccountError`); nothing is written on error.
Adapter names are not checked here: an adapter that is not installed is reported by the build.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import AccountError
from .models import Attendee, Company, Visit

_TOP_KEYS = {"name", "aliases", "sources", "visit", "language"}
_VISIT_KEYS = {"start", "place", "attendees", "agenda", "uid"}
_ATTENDEE_KEYS = {"name", "title", "dept"}
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class SourceEntry:
    """One target of one adapter: a URL, or the absolute path of a saved page or notes file."""

    adapter: str
    target: str
    is_url: bool


@dataclass(frozen=True)
class Account:
    path: str
    company: Company
    sources: tuple[SourceEntry, ...] = ()
    visit: Visit | None = None
    language: str = "zh"
    notes_path: str = ""  # where `note` and `debrief` append: [sources] notes, else ACCOUNT.notes.md beside it


def default_notes_path(account_file: Path) -> Path:
    """ACCOUNT.notes.md beside ACCOUNT.toml: read when it exists, though [sources] does not name it."""
    return account_file.with_name(f"{account_file.stem}.notes.md")


def load_account(path: str | Path) -> Account:
    """Read and check an account file; raises AccountError naming the file, line and key."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AccountError(shown, "no such file; check the path, or copy an example from the README") from None
    except OSError as exc:
        raise AccountError(shown, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AccountError(shown, "is not UTF-8 text; save it as UTF-8", line=line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise AccountError(
            shown, f"not valid TOML: {message}", line=int(match.group(1)) if match else None
        ) from None
    account = _Reader(shown, text, path.parent).account(data)
    configured = next((s.target for s in account.sources if s.adapter == "notes"), "")
    default = default_notes_path(path).resolve()
    # a notes file not written yet is no source yet: `briefing note` creates it
    sources = tuple(s for s in account.sources if s.adapter != "notes" or Path(s.target).is_file())
    if not configured and default.is_file():
        sources += (SourceEntry("notes", str(default), False),)
    return replace(account, sources=sources, notes_path=configured or str(default))


class _Reader:
    """Checks the parsed TOML, finding the line of each key it complains about."""

    def __init__(self, path: str, text: str, base: Path):
        self.path = path
        self.lines = text.splitlines()
        self.base = base

    def fail(self, key: str, message: str, table: str | None = None) -> AccountError:
        return AccountError(self.path, message, line=self.line_of(key, table), key=key)

    def line_of(self, key: str, table: str | None = None) -> int | None:
        """The line where `key` is set, inside `[table]` when given (tomllib keeps no positions)."""
        leaf = key.split("[")[0].split(".")[-1]
        current: str | None = None
        for number, line in enumerate(self.lines, start=1):
            header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]+", line)
            if header:
                current = header.group(1).strip().strip('"')
                if table is None and current == leaf:
                    return number
                continue
            if current == table and re.match(rf'\s*"?{re.escape(leaf)}"?\s*=', line):
                return number
            if table is None and current is None and re.match(rf'\s*"?{re.escape(leaf)}"?\s*=', line):
                return number
        return None

    def account(self, data: dict[str, Any]) -> Account:
        for key in data:
            if key not in _TOP_KEYS:
                raise self.fail(key, f"unknown key; expected one of {', '.join(sorted(_TOP_KEYS))}")
        name = data.get("name")
        if name is not None and not isinstance(name, str):
            raise self.fail("name", 'must be a string in quotes, e.g. name = "某某有限公司"')
        if not isinstance(name, str) or not name.strip():
            raise self.fail("name", 'is required: the customer\'s registered name, e.g. name = "某某有限公司"')
        aliases = data.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise self.fail("aliases", "must be a list of strings")
        language = data.get("language", "zh")
        if language not in LANGUAGES:
            raise self.fail("language", f"must be one of {', '.join(LANGUAGES)}")
        return Account(
            path=self.path,
            company=Company(name.strip(), tuple(a.strip() for a in aliases if a.strip())),
            sources=self.sources(data.get("sources", {})),
            visit=self.visit(data["visit"]) if "visit" in data else None,
            language=language,
        )

    def sources(self, table: Any) -> tuple[SourceEntry, ...]:
        if not isinstance(table, dict):
            raise self.fail("sources", "must be a table: [sources] with adapter = URL or path lines")
        entries: list[SourceEntry] = []
        for adapter, value in table.items():
            values = value if isinstance(value, list) else [value]
            if not values:
                continue
            for item in values:
                if not isinstance(item, str) or not item.strip():
                    raise self.fail(adapter, "must be a URL, a file path, or a list of them", "sources")
                entries.append(self.source(adapter, item.strip()))
        return tuple(entries)

    def source(self, adapter: str, value: str) -> SourceEntry:
        scheme = urlsplit(value).scheme.lower()
        if adapter == "notes" and scheme in ("http", "https"):
            raise self.fail(adapter, f"{value!r}: the notes are a local Markdown file, not a web address", "sources")
        if scheme in ("http", "https"):
            if not urlsplit(value).hostname:
                raise self.fail(adapter, f"{value!r} has no host", "sources")
            return SourceEntry(adapter, value, True)
        if len(scheme) > 1:  # a one-letter scheme is a Windows drive
            raise self.fail(adapter, f"{value!r}: only http(s) URLs and saved files are read, not {scheme}:", "sources")
        file = (self.base / value).expanduser()
        if adapter == "notes" and not file.exists() and file.parent.is_dir():
            return SourceEntry(adapter, str(file.resolve()), False)  # `briefing note` creates it
        if not file.is_file():
            hint = " (a website needs https:// in front)" if re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", value) else ""
            raise self.fail(adapter, f"{value!r} is not a URL and there is no such file{hint}", "sources")
        return SourceEntry(adapter, str(file.resolve()), False)

    def visit(self, table: Any) -> Visit:
        if not isinstance(table, dict):
            raise self.fail("visit", "must be a table: [visit] with start, place, attendees, agenda")
        for key in table:
            if key not in _VISIT_KEYS:
                raise self.fail(key, f"unknown key in [visit]; expected one of {', '.join(sorted(_VISIT_KEYS))}", "visit")
        start = table.get("start")
        if isinstance(start, str):
            try:
                start = datetime.fromisoformat(start.strip())
            except ValueError:
                raise self.fail("start", f"{start!r} is not an RFC 3339 time such as 2026-11-28T09:30:00+08:00", "visit") from None
        if isinstance(start, date) and not isinstance(start, datetime):
            raise self.fail("start", f"{start} is a day; give the time too, e.g. {start}T09:30:00+08:00", "visit")
        if not isinstance(start, datetime):
            raise self.fail("start", "is required: an RFC 3339 time such as 2026-11-28T09:30:00+08:00", "visit")
        if start.tzinfo is None:
            raise self.fail("start", "needs an offset, e.g. 2026-11-28T09:30:00+08:00", "visit")
        place = table.get("place", "")
        if not isinstance(place, str):
            raise self.fail("place", "must be a string", "visit")
        agenda = table.get("agenda", [])
        if not isinstance(agenda, list) or not all(isinstance(a, str) for a in agenda):
            raise self.fail("agenda", "must be a list of strings", "visit")
        uid = table.get("uid", "")
        if not isinstance(uid, str):
            raise self.fail("uid", "must be a string: the calendar event's UID", "visit")
        return Visit(start, place.strip(), self.attendees(table.get("attendees", [])), tuple(agenda), uid.strip())

    def attendees(self, items: Any) -> tuple[Attendee, ...]:
        if not isinstance(items, list):
            raise self.fail("attendees", "must be a list of { name, title, dept } tables", "visit")
        people: list[Attendee] = []
        for number, item in enumerate(items, start=1):
            where = f"attendees[{number}]"
            if not isinstance(item, dict):
                raise self.fail(where, "must be a table like { name = \"...\", title = \"...\", dept = \"...\" }", "visit")
            for key, value in item.items():
                if key not in _ATTENDEE_KEYS:
                    raise self.fail(f"{where}.{key}", "unknown key; expected name, title, dept", "visit")
                if not isinstance(value, str):
                    raise self.fail(f"{where}.{key}", "must be a string", "visit")
            if not item.get("name", "").strip():
                raise self.fail(f"{where}.name", "is required", "visit")
            people.append(Attendee(item["name"].strip(), item.get("title", "").strip(), item.get("dept", "").strip()))
        return tuple(people)
