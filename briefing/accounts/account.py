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

Every URL is checked when the file is read (`url_problem`): what the fetcher could not parse, or
could not reach (no host, a user name or password, a bad port or IPv6 literal, a host that is not
a valid IDNA name), is refused here rather than failing, or crashing, in the night's build. Files
are confined (`briefing.accounts.confinement.Confinement`): an account file travels, so it names only pages and
notes inside its own folder or the folders the user lists in settings.toml (`saved_folders`).
"""

from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefing.errors import AccountError, BriefingError, UsageError
from briefing.models import Attendee, Company, Visit
from briefing.accounts.confinement import Confinement, Refused
from briefing.accounts.settings import Settings, load_settings, read_toml

_TOP_KEYS = {"name", "aliases", "sources", "visit", "language"}
_VISIT_KEYS = {"start", "place", "attendees", "agenda", "uid"}
_ATTENDEE_KEYS = {"name", "title", "dept"}
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class SourceEntry:
    """One target of one adapter: a URL, or the absolute path of a saved page or notes file.

    `confine`: where the file may be when it is read (set for the files of an account file; None
    for a path given another way, e.g. by the API's caller or `briefing extract`).
    """

    adapter: str
    target: str
    is_url: bool
    confine: Confinement | None = None


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


def load_account(path: str | Path, settings: Settings | None = None) -> Account:
    """Read and check an account file; raises AccountError naming the file, line and key.

    `settings` (default: the user's settings.toml, `load_settings()`) lists the folders besides
    the account file's own where its saved pages may be."""
    path = Path(path)
    shown = str(path)
    if settings is None:
        settings = load_settings()
    try:
        text, data = read_toml(path, AccountError)
    except FileNotFoundError:
        raise AccountError(shown, "no such file; check the path, or copy an example from the README") from None
    confine = _confinement(path, settings)
    account = _Reader(shown, text, path.parent, confine).account(data)
    configured = next((s.target for s in account.sources if s.adapter == "notes"), "")
    # a notes file not written yet is no source yet: `briefing note` creates it
    sources = tuple(s for s in account.sources if s.adapter != "notes" or Path(s.target).is_file())
    if configured:
        return replace(account, sources=sources, notes_path=configured)
    default = default_notes_path(path)
    notes = confine.for_notes()
    try:  # ACCOUNT.notes.md may be a link too: it is read and written only where it may be
        real = notes.check(default)[0] if os.path.lexists(default) else notes.check_new(default)
    except (Refused, FileNotFoundError) as exc:  # FileNotFoundError: a link to nothing
        why = str(exc) if isinstance(exc, Refused) else f"is a link to {_link_of(default)}, which does not exist"
        raise AccountError(shown, f"{default.name} (the notes file beside it) {why}") from None
    if real.is_file():
        sources += (SourceEntry("notes", str(real), False, notes),)
    return replace(account, sources=sources, notes_path=str(real))


def _link_of(file: Path) -> str:
    try:
        return os.readlink(file)
    except OSError:
        return "?"


def _confinement(account_file: Path, settings: Settings) -> Confinement:
    folders = []
    for folder in settings.saved_folders:
        try:
            folders.append(str(Path(folder).resolve()))
        except (OSError, RuntimeError, ValueError):  # a link loop: that folder holds nothing readable
            continue
    return Confinement(str(account_file.parent.resolve()), tuple(folders), settings.path or "settings.toml")


class _Reader:
    """Checks the parsed TOML, finding the line of each key it complains about."""

    def __init__(self, path: str, text: str, base: Path, confine: Confinement):
        self.path = path
        self.lines = text.splitlines()
        self.base = base
        self.confine = confine

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
        scheme_match = _SCHEME.match(value)  # not urlsplit: it raises on some malformed URLs
        scheme = scheme_match.group(1).lower() if scheme_match else ""
        if adapter == "notes" and scheme in ("http", "https"):
            raise self.fail(adapter, f"{_redacted(value)!r}: the notes are a local Markdown file, not a web address", "sources")
        if scheme in ("http", "https"):
            problem = url_problem(value)
            if problem:
                raise self.fail(adapter, problem, "sources")
            return SourceEntry(adapter, value, True)
        if len(scheme) > 1:  # a one-letter scheme is a Windows drive
            raise self.fail(adapter, f"{_redacted(value)!r}: only http(s) URLs and saved files are read, not {scheme}:", "sources")
        confine = self.confine.for_notes() if adapter == "notes" else self.confine
        try:
            file = self.base / Path(value).expanduser()
            if adapter == "notes" and not os.path.lexists(file):
                return SourceEntry(adapter, str(confine.check_new(file)), False, confine)  # `briefing note` creates it
            real, _ = confine.check(file)
        except FileNotFoundError:
            hint = " (a website needs https:// in front)" if re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", value) else ""
            link = f" (it is a link to {_link_of(file)}, which does not exist)" if os.path.islink(file) else ""
            raise self.fail(adapter, f"{value!r} is not a URL and there is no such file{link}{hint}", "sources") from None
        except (Refused, RuntimeError, ValueError) as exc:  # RuntimeError: a ~user that does not exist
            raise self.fail(adapter, f"{value!r}: {exc}", "sources") from None
        return SourceEntry(adapter, str(real), False, confine)

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


# --- URLs -----------------------------------------------------------------------------------

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
MAX_URL_LENGTH = 8192  # more than any page's address; the fetcher's own limit is 64 KB
_DOTS = re.compile("[.\u3002\uff0e\uff61]")  # the full stops IDNA reads as dots (例子。中国)
_IPV4_STYLE = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$")
_ASCII_LABEL = re.compile(r"^[a-z0-9_-]+$")  # what hosts are called in practice (underscores too)
_LDH_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")  # what IDNA allows beside non-ASCII labels


def _redacted(url: str) -> str:
    """The URL without its user name and password, to be shown in a message."""
    return _USERINFO.sub(r"\1…@", url)


def url_problem(url: str) -> str | None:
    """Why an http(s) `url` cannot be fetched, as a message that starts with the URL; None when it can.

    The standard library's check, made to refuse everything the fetcher (httpx) cannot parse and
    every URL without a usable host: a test holds the two together."""
    shown = repr(_redacted(url))
    if len(url) > MAX_URL_LENGTH:
        return f"{shown[:80]}…: is {len(url)} characters long; an address has at most {MAX_URL_LENGTH}"
    for position, char in enumerate(url):
        kind = unicodedata.category(char)
        if kind in ("Cc", "Cf", "Co", "Cs", "Cn"):
            return (f"{shown}: has an invisible or control character (U+{ord(char):04X}) at position {position + 1}; "
                    "type the address again, or copy it from the browser's address bar")
        if char.isspace():
            return (f"{shown}: has a space at position {position + 1}; copy the address from the browser's "
                    "address bar (a space inside an address is written %20)")
    after_scheme = url.partition(":")[2]
    netloc = re.split(r"[/?#]", after_scheme[2:], maxsplit=1)[0] if after_scheme.startswith("//") else ""
    if "@" in netloc:
        return (f"{shown}: has a user name or password in it (…@); credentials do not belong in an account file, "
                "which colleagues share: remove them (a registry login goes in the environment or the keyring, "
                "see the README)")
    if netloc.startswith("[") and "]" not in netloc:
        return f"{shown}: has an unclosed bracket; an IPv6 host is written in brackets, e.g. http://[2001:db8::1]/"
    if netloc.startswith("["):
        literal, _, rest = netloc[1:].partition("]")
        if rest and not rest.startswith(":"):
            return f"{shown}: has {rest!r} after its IPv6 address [{literal}]; only :PORT may follow it"
        try:
            ipaddress.IPv6Address(literal)
            if "%" in literal:
                raise ValueError("a zone")
        except ValueError:
            return f"{shown}: [{literal}] is not an IPv6 address (e.g. http://[2001:db8::1]/, with no %zone)"
        host, port = "", rest[1:] if rest else ""
    else:
        if "[" in netloc or "]" in netloc:
            return f"{shown}: has a bracket in its host; only an IPv6 address is written in brackets, e.g. http://[2001:db8::1]/"
        host, _, port = netloc.partition(":")
        if ":" in port:
            return f"{shown}: has more than one ':' in its host; an IPv6 address is written in brackets, e.g. http://[2001:db8::1]/"
        if not host:
            return f"{shown}: has no host (e.g. https://www.example.com.cn/)"
    if port and not (re.fullmatch(r"[0-9]{1,5}", port) and 0 < int(port) <= 65535):
        return f"{shown}: its port {port!r} is not a number from 1 to 65535"
    if host:
        why = _host_problem(host)
        if why:
            return f"{shown}: its host {host!r} {why}"
    try:  # the rest of the program splits URLs with the standard library: it must agree
        urlsplit(url).port
    except ValueError as exc:
        return f"{shown}: is not a valid address ({exc})"
    return None


def _host_problem(host: str) -> str | None:
    """Why `host` (not an IPv6 literal) is not a usable host name or IPv4 address, or None."""
    name = host.lower()
    if _IPV4_STYLE.match(name) or re.fullmatch(r"[0-9.]+", name) or re.search(r"(^|\.)(0x[0-9a-f]*|[0-9]+)\.?$", name):
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return "is not a valid IPv4 address (four numbers from 0 to 255, e.g. 192.0.2.1)"
        return None
    ascii_host = name.isascii()
    labels = (name if ascii_host else _DOTS.sub(".", name)).split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()  # a trailing dot: a fully qualified name
    strict = not ascii_host or name.startswith("xn--")  # the fetcher reads these as IDNA names
    encoded = 0
    for label in labels:
        if not label:
            return "is not a valid host name (an empty part between dots)"
        if label.isascii():
            if label.startswith("xn--"):
                if not _valid_a_label(label):
                    return f"is not a valid IDNA name ({label!r} does not decode to a valid name)"
            elif not (_LDH_LABEL if strict else _ASCII_LABEL).match(label) or (strict and label[2:4] == "--"):
                return f"is not a valid host name ({label!r}: letters, digits and hyphens only)"
            size = len(label)
        else:
            if not _valid_u_label(label):
                return f"is not a valid IDNA name ({label!r} has a character a domain name cannot have)"
            size = len(_punycode(label))
        if size > 63:
            return f"is not a valid host name ({label[:20]!r}… is longer than 63 characters)"
        encoded += size + 1
    if encoded - 1 > 253:
        return "is longer than 253 characters"
    return None


def _punycode(label: str) -> str:
    return "xn--" + label.encode("punycode").decode("ascii")


def _valid_a_label(label: str) -> bool:
    """An xn-- label that decodes to a valid name and encodes back to itself."""
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return False
    return bool(decoded) and not decoded.isascii() and _valid_u_label(decoded) and _punycode(decoded) == label


# IDNA 2008 (RFC 5892) in the standard library: a code point is allowed if it is a lower-case
# letter, another letter, a mark or a digit that case folding and NFKC leave alone, less the
# listed exceptions; contextual characters are refused outright (stricter than IDNA, never looser).
_PVALID = {"\u00df", "\u03c2", "\u06fd", "\u06fe", "\u0f0b", "\u3007"}
_DISALLOWED = {"\u0640", "\u07fa", "\u302e", "\u302f", "\u3031", "\u3032", "\u3033", "\u3034", "\u3035", "\u303b",
               "\u115f", "\u1160", "\u3164", "\uffa0", "\u17b4", "\u17b5", "\u00b7", "\u0375", "\u05f3", "\u05f4",
               "\u30fb", "\u200c", "\u200d"}
_DISALLOWED_RANGES = ((0x0660, 0x0669), (0x06F0, 0x06F9), (0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF),
                      (0x20D0, 0x20FF), (0x1D100, 0x1D24F),
                      # default-ignorable marks: the grapheme joiner and variation selectors
                      (0x034F, 0x034F), (0x180B, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_LETTERS_AND_DIGITS = {"Ll", "Lo", "Lm", "Mn", "Mc", "Nd"}


def _valid_u_label(label: str) -> bool:
    if unicodedata.normalize("NFC", label) != label or label[0] == "-" or label[-1] == "-" or label[2:4] == "--":
        return False
    if unicodedata.category(label[0]).startswith("M"):
        return False
    for char in label:
        if char.isascii():
            if not (char.isalnum() and not char.isupper() or char == "-"):
                return False
            continue
        if char in _PVALID:
            continue
        point = ord(char)
        if char in _DISALLOWED or any(low <= point <= high for low, high in _DISALLOWED_RANGES):
            return False
        if unicodedata.category(char) not in _LETTERS_AND_DIGITS:
            return False
        if unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", char).casefold()) != char:
            return False
    return _bidi_ok(label)


def _bidi_ok(label: str) -> bool:
    """RFC 5893's rules, for a label with a right-to-left character."""
    directions = [unicodedata.bidirectional(char) for char in label]
    if "" in directions:
        return False
    if not {"R", "AL", "AN"} & set(directions):
        return True
    if directions[0] not in ("R", "AL"):
        return False  # a left-to-right label may not hold right-to-left characters
    allowed = {"R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"}
    if not set(directions) <= allowed or ("AN" in directions and "EN" in directions):
        return False
    last = next((d for d in reversed(directions) if d != "NSM"), "")
    return last in ("R", "AL", "EN", "AN")


def load_accounts(folder: Path) -> tuple[list[Account], list[tuple[str, str]]]:
    """Every readable account file of the folder, and the ones that could not be read (with why)."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder of account files")
    user = load_settings()  # once: a malformed settings.toml stops the batch, not each account in turn
    good, bad = [], []
    for file in sorted(folder.glob("*.toml")):
        try:
            good.append(load_account(file, user))
        except BriefingError as exc:
            bad.append((str(file), str(exc)))
    return good, bad
