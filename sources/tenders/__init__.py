"""Tender and procurement notices: the buyer, the winners, amounts and dates of the customer's projects (adapter), each notice read by notices.

A built-in adapter, registered like any third-party one in pyproject.toml's
`briefing.sources` entry points; it uses only the toolkit (briefing.toolkit) and its own modules.
"""

from sources.tenders.adapter import TendersAdapter

__all__ = ["TendersAdapter"]
