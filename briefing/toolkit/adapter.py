"""The adapter interface: what an adapter is asked (`Target`), what it asks for (`Request`), what
it returns (`Parsed`), and the shape it has (`Adapter`, with `BaseAdapter`'s defaults).

An adapter turns pages into facts. It never does I/O: the pipeline fetches what the adapter
plans (`plan`), hands each page to `parse`, and fetches the follow-ups `parse` returns, up to the
adapter's `max_depth` and `max_pages`. So an adapter is tested with saved HTML alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

from briefing.models import Company, Fact, Page, SourceStatus

__all__ = ["Adapter", "BaseAdapter", "Parsed", "Request", "Target"]


@dataclass(frozen=True)
class Target:
    """What an adapter is asked to read: one entry of an account's [sources] table."""

    value: str  # an http(s) URL, or the absolute path of a saved file
    is_url: bool
    company: Company


@dataclass(frozen=True)
class Request:
    """A page to fetch. `role` is the adapter's own label for what it expects the page to be."""

    url: str
    role: str = ""
    depth: int = 0
    signed: bool = False  # send the user's registry credential (briefing.gathering.credentials), if one is set
    company: Company | None = None  # whose brief this is, for adapters that read events about it


@dataclass(frozen=True)
class Parsed:
    """What an adapter read from one page.

    `status` lets an adapter say a page that arrived fine is not content: a verification wall
    ("blocked") or a deleted article ("gone"); such a page gives no facts.
    """

    facts: tuple[Fact, ...] = ()
    follow: tuple[Request, ...] = ()
    status: SourceStatus | None = None
    reason: str = ""


@runtime_checkable
class Adapter(Protocol):
    name: str
    description: str  # one line: what the adapter reads, shown by `briefing sources`
    max_depth: int  # follow-ups deeper than this are not fetched
    max_pages: int  # pages fetched per target, at most

    def plan(self, target: Target) -> Sequence[Request]:
        """The first pages to fetch for a target; raise NotConfigured to opt out with a reason."""
        ...

    def parse(self, page: Page, request: Request) -> Parsed:
        """Facts and follow-ups from one page; no I/O."""
        ...


class BaseAdapter:
    """Sensible defaults: fetch the target itself, one page deep."""

    name = ""
    description = ""
    max_depth = 0
    max_pages = 1

    def plan(self, target: Target) -> Sequence[Request]:
        return [Request(target.value, role="", depth=0)]

    def parse(self, page: Page, request: Request) -> Parsed:  # pragma: no cover - abstract
        raise NotImplementedError
