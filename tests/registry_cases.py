"""The registry fixture cases (fixtures/registry/*): read each with the registry adapter and
compare with its expect.json, field by field. Shared by the tests and bench/score_registry.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from briefing.toolkit.adapter import Request
from briefing.toolkit.decode import decode_html
from briefing.gathering.merge import merge_facts
from briefing.models import Company, Dossier, Page
from briefing.gathering.saved import load_saved
from sources.registry.adapter import RegistryAdapter

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "registry"
FETCHED = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def cases() -> list[Path]:
    return sorted(p for p in ROOT.iterdir() if (p / "expect.json").exists())


def documents(case: Path) -> list[Page]:
    """Each document of a case as the adapter receives it: fetched from the meta URL, or saved."""
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    urls = {**meta.get("fragments", {}), **meta.get("files", {})}
    pages = []
    for file in sorted(case.iterdir()):
        if file.name in ("meta.json", "expect.json") or file.suffix not in (".html", ".json", ".txt", ".htm"):
            continue
        if file.suffix == ".txt" or meta.get("form") == "header-block":
            pages.append(load_saved(file, fetched_at=FETCHED))
            continue
        body = file.read_bytes()
        content_type = "application/json" if file.suffix == ".json" else meta.get("content_type", "text/html")
        text, encoding = decode_html(body, content_type)
        url = urls.get(file.name, meta["url"] if file.name.startswith("page.") else meta["url"] + "#" + file.name)
        pages.append(Page(url, body, text, encoding, FETCHED, content_type=content_type.split(";")[0]))
    return pages


def read_case(case: Path) -> dict[str, Any]:
    adapter = RegistryAdapter()
    facts = []
    for page in documents(case):
        facts += adapter.parse(page, Request(page.url, "record", signed=True)).facts
    return Dossier(Company(case.name), FETCHED, tuple(merge_facts(facts))).to_json()


def statuses(case: Path) -> list[str | None]:
    adapter = RegistryAdapter()
    return [adapter.parse(page, Request(page.url, "record", signed=True)).status for page in documents(case)]


@dataclass
class Check:
    case: str
    field: str
    expected: Any
    got: Any
    ok: bool
    kind: str  # "value", "recall", "precision", "empty"


def _plain(value: Any) -> Any:
    """A dossier JSON value in expect.json's terms."""
    if isinstance(value, dict) and "value" in value:
        if "currency" in value:
            return {"value": value["value"], "currency": value["currency"]}
        return value["value"]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, dict) and isinstance(got, dict):
        return all(_same(v, got.get(k)) for k, v in expected.items())
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)) and not isinstance(expected, bool):
        return abs(expected - got) <= max(0.1, abs(expected) * 1e-6) if expected > 1 else abs(expected - got) < 1e-4
    if isinstance(expected, list) and isinstance(got, list):
        return sorted(map(str, expected)) == sorted(map(str, got))
    return expected == got


def compare(case: Path, dossier: dict[str, Any]) -> list[Check]:
    expect = json.loads((case / "expect.json").read_text(encoding="utf-8"))
    checks: list[Check] = []
    for name, want in (expect.get("registration") or {}).items():
        entry = dossier["registration"].get(name)
        got = _plain(entry["value"]) if entry else None
        if want in (None, []):
            checks.append(Check(case.name, f"registration.{name}", None, got, got in (None, []), "empty"))
        else:
            checks.append(Check(case.name, f"registration.{name}", want, got, _same(want, got), "value"))
    for section in ("shareholders", "executives", "investments", "branches", "financing", "projects"):
        if section not in expect:
            continue
        want_items = expect[section] or []
        key = "round" if section == "financing" else "name"

        def ident(item: dict[str, Any]) -> str:  # two rounds of one kind differ by date
            if section != "financing":
                return item["name"]
            date = item.get("date")
            return f"{item['round']} {(date or {}).get('value', date) if isinstance(date, dict) else date or ''}".strip()

        got_items = {ident(item): item for item in dossier[section]}
        if not want_items:
            checks.append(Check(case.name, section, [], sorted(got_items), not got_items, "empty"))
            continue
        want_names = {ident(w) for w in want_items}
        for extra in sorted(set(got_items) - want_names):
            checks.append(Check(case.name, f"{section}[{extra}]", None, extra, False, "precision"))
        for want in want_items:
            got = got_items.get(ident(want))
            label = f"{section}[{ident(want)}]"
            checks.append(Check(case.name, label, ident(want), ident(want) if got else None, got is not None, "recall"))
            if got is None:
                continue
            for attr, value in want.items():
                if attr == key:
                    continue
                if attr == "titles":
                    have = [t for t in got.get("title", "").split("、") if t]
                    checks.append(Check(case.name, f"{label}.titles", sorted(value), sorted(have), set(value) == set(have), "value"))
                    continue
                have = _plain(got.get(attr))
                ok = have in (None, [], "") if value in (None, []) else _same(value, have)
                checks.append(Check(case.name, f"{label}.{attr}", value, have, ok, "value"))
    return checks
