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
from .markdown import render_markdown
from .render import render_pdf
from .errors import KeptEarlierBrief
from .store import briefs_dir, safe_name, write_all_atomic


@dataclass(frozen=True)
class BuildResult:
    dossier: Dossier
    pdf: Path
    json: Path | None


FORMATS = ("pdf", "md")


@dataclass(frozen=True)
class Layout:
    """How the brief is printed: a PDF (portrait or landscape) or Markdown for chat apps."""

    format: str = "pdf"
    landscape: bool = False

    def render(self, dossier: Dossier) -> bytes:
        if self.format == "md":
            return render_markdown(dossier)
        return render_pdf(dossier, landscape=self.landscape)


def default_pdf_path(account: Account, folder: str = "", suffix: str = "pdf") -> Path:
    """briefs/<company>.pdf in the user data folder (briefs/<folder>/ for the demo)."""
    return briefs_dir() / folder / f"{safe_name(account.company.name)}.{suffix}"


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
    layout: Layout = Layout(),
) -> BuildResult:
    """Gather the dossier, then write the PDF (and JSON on request) together, once both are rendered.

    When no source could be read and a brief is already at the PDF's path, that brief is kept:
    an offline rebuild never replaces what the salesperson had with an empty one.
    """
    dossier = await build_dossier_async(
        account, settings, registry=registry, clock=clock, progress=progress, fetcher=fetcher
    )
    pdf = pdf or default_pdf_path(account, suffix=layout.format)
    if pdf.exists() and dossier.sources and not any(s.status == "ok" for s in dossier.sources):
        reasons = "; ".join(f"{s.adapter}: {s.reason}" for s in dossier.sources if s.reason)[:500]
        raise KeptEarlierBrief(f"no source could be read ({reasons}); kept the earlier brief at {pdf}")
    files = [(pdf, layout.render(dossier))]
    if json_path:
        files.append((json_path, dossier_json(dossier)))
    write_all_atomic(files)
    return BuildResult(dossier, pdf, json_path)
