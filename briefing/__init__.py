"""Briefing: a salesperson's homework before a customer visit, as a PDF brief.

The public API is what `__all__` lists; everything else is implementation.
"""

from __future__ import annotations

import logging

from briefing.toolkit.adapter import Adapter, BaseAdapter, Parsed, Request, Target
from briefing.gathering.registry import Registry
from briefing.brief import BuildResult, build_brief_async, build_dossier
from briefing.accounts.account import Account, SourceEntry, load_account
from briefing.errors import (
    AccountError,
    BriefingError,
    FetchBlocked,
    FetchError,
    FetchFailed,
    FetchGone,
    NotConfigured,
    OutputError,
    UsageError,
)
from briefing.models import (
    Amount,
    Article,
    DateValue,
    Dossier,
    Executive,
    Financing,
    Overview,
    Page,
    Project,
    Provenance,
    Registration,
    Share,
    Shareholder,
    SourceReport,
)
from briefing.gathering.pipeline import BuildSettings

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Account",
    "AccountError",
    "Adapter",
    "Amount",
    "Article",
    "BaseAdapter",
    "BriefingError",
    "BuildResult",
    "BuildSettings",
    "DateValue",
    "Dossier",
    "Executive",
    "FetchBlocked",
    "FetchError",
    "FetchFailed",
    "FetchGone",
    "Financing",
    "NotConfigured",
    "OutputError",
    "Overview",
    "Page",
    "Parsed",
    "Project",
    "Provenance",
    "Registration",
    "Registry",
    "Request",
    "Share",
    "Shareholder",
    "SourceEntry",
    "SourceReport",
    "Target",
    "UsageError",
    "build_brief_async",
    "build_dossier",
    "load_account",
    "__version__",
]
