"""The `notes` adapter: the team's own notes on the account, from a Markdown file (briefing.accounts.notes).

What the direct leader and colleagues said, each note with who said it and when. The file is
the salesperson's: Briefing reads it on every build and only ever appends to it (`briefing note`,
`briefing debrief`).
"""

from __future__ import annotations

from typing import Sequence

from briefing.accounts import notes
from briefing.toolkit.adapter import BaseAdapter, Parsed, Request, Target
from briefing.errors import NotConfigured
from briefing.models import Page


class NotesAdapter(BaseAdapter):
    name = "notes"
    description = "内部笔记：领导和同事说过什么、何时说的（the team's notes: who said what, and when; Markdown）"

    def plan(self, target: Target) -> Sequence[Request]:
        if target.is_url:
            raise NotConfigured("notes are a local Markdown file, not a web address")
        return [Request(target.value)]

    def parse(self, page: Page, request: Request) -> Parsed:
        entries = notes.parse(page.text)
        return Parsed(tuple(notes.facts(entries, page.url, page.fetched_at, page.content_hash)))
