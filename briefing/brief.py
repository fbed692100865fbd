"""One call from an account file to a written brief: gather, render, write (atomically)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .adapters import Registry, default_registry
from .config import Account
from .fetch import Fetcher
from .models import Dossier
from .pipeline import BuildSettings, Clock, Progress, build_dossier_async, utc_now
from .render import render_pdf
from .store import briefs_dir, safe_name, write_atomic


@dataclass(frozen=True)
class BuildResult:
    dossier: Dossier
    pdf: Path
    json: Path | None


def default_pdf_path(account: Account) -> Path:
    return briefs_dir() / f"{safe_name(account.company.name)}.pdf"


def dossier_json(dossier: Dossier) -> bytes:
    return (json.dumps(dossier.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


async def build_brief_async(
    account: Account,
    *,
    pdf: Path | None = None,
    json_path: Path | None = None,
    settings: BuildSettings = BuildSettings(),
    registry: Registry = default_registry,
    clock: Clock = utc_now,
    progress: Callable[[Progress], None] | None = None,
    fetcher: Fetcher | None = None,
) -> BuildResult:
    """Gather the dossier, then write the PDF (and JSON on request) only once both are rendered."""
    dossier = await build_dossier_async(
        account, settings, registry=registry, clock=clock, progress=progress, fetcher=fetcher
    )
    pdf_bytes = render_pdf(dossier)
    json_bytes = dossier_json(dossier) if json_path else None
    pdf = pdf or default_pdf_path(account)
    write_atomic(pdf, pdf_bytes)
    if json_path and json_bytes is not None:
        write_atomic(json_path, json_bytes)
    return BuildResult(dossier, pdf, json_path)
