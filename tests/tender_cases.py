"""The tender fixture cases (fixtures/tenders/*): read each with the tenders adapter and compare
with its expect.json. Shared by the tests and bench/score_tenders.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from briefing.toolkit.adapter import Request
from briefing.toolkit.decode import decode_html
from briefing.models import Page
from sources.tenders.adapter import TendersAdapter

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "tenders"
FETCHED = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
FIELDS = ("name", "number", "buyer", "agency", "budget", "funding_source", "lot", "winner", "amount", "date")


def cases() -> list[Path]:
    return sorted(p for p in ROOT.iterdir() if (p / "expect.json").exists())


def read(case: Path):  # type: ignore[no-untyped-def]
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    file = case / ("list.html" if meta["form"] == "list" else "page.html")
    body = file.read_bytes()
    kind = meta.get("content_type", "text/html")
    text, encoding = decode_html(body, kind)
    page = Page(meta["url"], body, text, encoding, FETCHED, content_type=kind.split(";")[0])
    return meta, TendersAdapter().parse(page, Request(page.url, "", 0))


@dataclass
class Check:
    case: str
    field: str
    expected: Any
    got: Any
    ok: bool


def _plain(value: Any) -> Any:
    if hasattr(value, "currency"):
        return {"value": float(value.value), "currency": value.currency}
    if hasattr(value, "value"):
        return value.value[:10]
    return value


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, dict) and isinstance(got, dict):
        return abs(want["value"] - got["value"]) <= 0.1 and want.get("currency", "CNY") == got["currency"]
    return want == got


def compare(case: Path) -> list[Check]:
    meta, parsed = read(case)
    expect = json.loads((case / "expect.json").read_text(encoding="utf-8"))
    checks: list[Check] = []
    if meta["form"] == "list":
        got = [r.url for r in parsed.follow]
        want = [link["url"] for link in expect.get("links", [])]
        checks.append(Check(case.name, "links", want, got, got == want))
        return checks
    projects = [f for f in parsed.facts if f.section == "projects"]
    wants = expect.get("projects", [])
    checks.append(Check(case.name, "count", len(wants), len(projects), len(wants) == len(projects)))
    for i, want in enumerate(wants):
        got = next((p for p in projects if want.get("lot") and p.lot == want["lot"]), projects[i] if i < len(projects) else None)
        for field in FIELDS:
            if field not in want:
                continue
            have = _plain(getattr(got, field)) if got is not None else None
            checks.append(Check(case.name, f"projects[{i}].{field}", want[field], have, _same(want[field], have)))
    return checks
