"""The fixture websites in fixtures/sites/: what each serves, and what a careful reader expects."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from pathlib import Path

from briefing.gathering.registry import Registry
from briefing.accounts.account import Account, SourceEntry
from briefing.demo import serve_site
from briefing.gathering.fetch import FetchSettings
from briefing.models import Company, Dossier
from briefing.gathering.pipeline import BuildSettings, build_dossier_async

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"


@dataclass(frozen=True)
class Site:
    name: str
    folder: Path
    meta: dict

    @property
    def expect(self) -> dict:
        return self.meta["expect"]


def all_sites() -> list[Site]:
    return [
        Site(folder.name, folder, json.loads((folder / "meta.json").read_text("utf-8")))
        for folder in sorted(SITES.iterdir())
        if (folder / "meta.json").is_file()
    ]


_cache: dict[str, Dossier] = {}


def crawl(site: Site) -> Dossier:
    """The dossier the site adapter builds from this site, served on 127.0.0.1 (once per run)."""
    if site.name not in _cache:
        with serve_site(site.folder) as base:
            start = base.rstrip("/") + _start_path(site)
            account = Account(path="", company=Company(site.name), sources=(SourceEntry("site", start, True),))
            settings = BuildSettings(fetch=FetchSettings(allow_private=True), strict=True)
            _cache[site.name] = asyncio.run(build_dossier_async(account, settings, registry=Registry()))
    return _cache[site.name]


def _start_path(site: Site) -> str:
    """Where a user would point the adapter: the site root, or the only page of a one-page fixture."""
    pages = site.meta["pages"]
    return "/" if "/" in pages else next(iter(pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")
