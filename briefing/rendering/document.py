"""What the brief says, independent of how it is printed: sections of blocks of text runs.

`compose` fills a `Document` from a dossier; `render` prints it as a PDF and `markdown` as text
for WeChat or DingTalk. Every string here is plain text exactly as found (hostile, unescaped):
each printer escapes it for its own format, in one place. A `Cite` is a numbered reference
into the document's source list, so every fact is one tap from where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Union

_WEB = re.compile(r"https?://[^\s\"'<>\\]+", re.I)
MAX_LINK = 2000  # longer addresses are shown cut, never linked cut


def is_linkable(url: str) -> bool:
    """Only plain http(s) addresses become links: never javascript:, file: or data:."""
    return bool(url) and len(url) <= MAX_LINK and _WEB.fullmatch(url) is not None


@dataclass(frozen=True)
class Run:
    """A piece of text. `link` is set only for http(s) addresses (checked here, once)."""

    text: str
    strong: bool = False
    link: str = ""
    small: bool = False

    def __post_init__(self) -> None:
        if self.link and not is_linkable(self.link):
            object.__setattr__(self, "link", "")


@dataclass(frozen=True)
class Cite:
    number: int


Inline = tuple[Union[Run, Cite], ...]


def plain(*pieces: Union[str, Run, Cite, None]) -> Inline:
    """An inline from strings, runs and citations; empty strings and None are dropped."""
    return tuple(Run(p) if isinstance(p, str) else p for p in pieces if p)


@dataclass(frozen=True)
class Para:
    inline: Inline
    tone: str = "body"  # body, lead, small, warning, empty


@dataclass(frozen=True)
class Bullets:
    items: tuple[Inline, ...]
    numbered: bool = False
    tone: str = "body"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    widths: tuple[float, ...]  # fractions of the text width
    more: int = 0  # rows left out


@dataclass(frozen=True)
class Panel:
    """A boxed block on page 1: a title and its items."""

    title: str
    items: tuple[Inline, ...]
    tone: str = "info"  # info, alert, action
    numbered: bool = False


@dataclass(frozen=True)
class Holder:
    name: str
    stake: str  # as the source wrote it; "" when unknown
    kind: str  # "company", "person", "state", "fund"
    cite: Cite | None = None


@dataclass(frozen=True)
class Ownership:
    """The ownership diagram: controller and parent above, holders, the customer below."""

    company: str
    holders: tuple[Holder, ...]
    controller: str = ""
    parent: str = ""
    cites: tuple[Cite, ...] = ()
    more: int = 0  # holders left out of the picture


@dataclass(frozen=True)
class Moment:
    date: str  # ISO date, "2024-04-28"
    label: str
    kind: str  # "project", "won", "signing", "news", "financing", "people"
    cites: tuple[Cite, ...] = ()  # one piece of news reported by several sources cites them all

    @property
    def cite_text(self) -> str:
        return f"[{','.join(str(c.number) for c in self.cites)}]" if self.cites else ""


@dataclass(frozen=True)
class Timeline:
    moments: tuple[Moment, ...]
    caption: Inline = ()


Block = Union[Para, Bullets, Table, Panel, Ownership, Timeline]


@dataclass
class Section:
    key: str  # a stable anchor: "notes", "owners"...
    title: str
    level: int  # 1 for the method's four parts, 2 inside them
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class SourceLine:
    number: int
    title: str
    url: str
    adapter: str
    fetched_at: str
    status: str  # as shown, in the brief's language
    ok: bool
    link: str = ""  # the whole address, when it may be linked (`url` is the shown, possibly cut, text)


@dataclass
class Document:
    language: str
    title: str  # "拜访简报"
    company: str
    subtitle: tuple[str, ...]  # aliases, the visit line
    glance: list[Block]  # page 1
    sections: list[Section]
    sources_title: str
    source_reports: tuple[Inline, ...]  # each adapter's state
    sources: tuple[SourceLine, ...]
    built: str  # "2026-11-27 20:00 (UTC+0800)", on every page
    labels: dict  # type: ignore[type-arg]  # the language's labels, for the printers' own words
    built_at: datetime | None = None  # the dossier's build time on the reader's clock: the PDF's creation date
