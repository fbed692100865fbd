"""The team's own notes file (briefing.accounts.notes), read into notes with their author, day and topic.

A built-in adapter, registered like any third-party one in pyproject.toml's
`briefing.sources` entry points; it uses only the toolkit (briefing.toolkit) and its own modules.
"""

from sources.notes.adapter import NotesAdapter

__all__ = ["NotesAdapter"]
