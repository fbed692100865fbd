"""The customer's website: overview, leadership, projects and clients, news; crawled from its home page, each page read by what it shows (adapter), with the readers of leadership pages (people), of projects and case pages (projects) and of repeated lists and cards (lists).

A built-in adapter, registered like any third-party one in pyproject.toml's
`briefing.sources` entry points; it uses only the toolkit (briefing.toolkit) and its own modules.
"""

from sources.site.adapter import SiteAdapter

__all__ = ["SiteAdapter"]
