"""News feeds and articles about the customer: the events they report (financing, contracts, appointments).

A built-in adapter, registered like any third-party one in pyproject.toml's
`briefing.sources` entry points; it uses only the toolkit (briefing.toolkit) and its own modules.
"""

from sources.news.adapter import NewsAdapter

__all__ = ["NewsAdapter"]
