"""The article and feed cases (fixtures/articles/*): read each with its adapter and compare with
its expect.json. Shared by the tests and bench/score_events.py."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from briefing.toolkit.adapter import Request
from briefing.toolkit.decode import decode_html
from briefing.gathering.merge import merge_facts
from briefing.models import Company, Dossier, Page
from sources.news.adapter import NewsAdapter
from sources.wechat.adapter import WechatAdapter

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
FETCHED = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
ADAPTERS = {"wechat": WechatAdapter, "news": NewsAdapter}
EVENT_KINDS = ("executives", "projects", "signings", "financing")


def cases() -> list[Path]:
    return sorted(p for p in ROOT.iterdir() if (p / "expect.json").exists())


def meta(case: Path) -> dict[str, Any]:
    return json.loads((case / "meta.json").read_text(encoding="utf-8"))


def read(case: Path) -> tuple[dict[str, Any], list[str | None]]:
    """(the dossier JSON of what the case's adapter read, each document's status)."""
    info = meta(case)
    customer = info.get("customer") or {}
    company = Company(customer.get("name", ""), tuple(customer.get("aliases", ()))) if customer else None
    adapter = ADAPTERS[info["adapter"]]()
    facts, statuses = [], []
    files = [(case / info["page"]).resolve()] if info.get("page") else sorted(case.iterdir())
    for file in files:
        if file.name in ("meta.json", "expect.json") or file.suffix not in (".html", ".xml", ".htm", ".rss", ".atom"):
            continue
        body = file.read_bytes()
        kind = info.get("content_type", "text/html")
        text, encoding = decode_html(body, kind)
        page = Page(info["url"], body, text, encoding, FETCHED, content_type=kind.split(";")[0])
        parsed = adapter.parse(page, Request(page.url, "", 0, company=company))
        facts += parsed.facts
        statuses.append(parsed.status)
    return Dossier(company or Company(""), FETCHED, tuple(merge_facts(facts))).to_json(), statuses


@dataclass
class Check:
    case: str
    kind: str  # "article", "status", or an event kind
    field: str
    expected: Any
    got: Any
    ok: bool
    role: str  # "value", "recall", "precision"


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000·•“”\"'《》()（）【】\[\]]", "", text or "")


def same_name(a: str, b: str) -> bool:
    """Equal once spaces and brackets go; or one holds the other and is most of it."""
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= 0.7 * len(long)


def _instant(value: Any) -> Any:
    text = value.get("value") if isinstance(value, dict) else value
    if isinstance(text, str) and "T" in text:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    return text


def _plain(value: Any) -> Any:
    if isinstance(value, dict) and "currency" in value:
        return {"value": value["value"], "currency": value["currency"]}
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def _value_ok(want: Any, have: Any) -> bool:
    if isinstance(want, dict) and isinstance(have, dict):
        return all(_value_ok(v, have.get(k)) for k, v in want.items())
    if isinstance(want, (int, float)) and isinstance(have, (int, float)):
        return abs(want - have) <= max(0.5, abs(want) * 1e-6)
    if isinstance(want, list) and isinstance(have, list):
        return sorted(map(_norm, map(str, want))) == sorted(map(_norm, map(str, have)))
    if isinstance(want, str) and isinstance(have, str):
        return same_name(want, have) if len(want) > 6 else _norm(want) == _norm(have)
    return want == have


def events_of(dossier: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    projects = dossier["projects"]
    return {
        "executives": [e for e in dossier["executives"] if e.get("evidence")],
        "projects": [p for p in projects if p.get("kind") == "tender_won"],
        "signings": [p for p in projects if p.get("kind") == "signing"],
        "financing": dossier["financing"],
    }


KEYS = {"executives": "name", "projects": "name", "signings": "counterparty", "financing": "round"}


def compare(case: Path, dossier: dict[str, Any], statuses: list[str | None]) -> list[Check]:
    expect = json.loads((case / "expect.json").read_text(encoding="utf-8"))
    want_status = meta(case).get("expect_status")
    checks = [Check(case.name, "status", "status", want_status, statuses, set(statuses) == {want_status}, "value")]
    got_articles = dossier["articles"]
    for want in expect.get("articles", []):
        label = want.get("title") or want.get("url", "")
        if want.get("title"):
            got = next((a for a in got_articles if _norm(a["title"]) == _norm(want["title"])), None)
        else:  # an entry without a title is found by its address
            got = next((a for a in got_articles if a["url"] == want.get("url")), None)
        checks.append(Check(case.name, "article", f"article[{label[:30]}]", label, got and got["title"], got is not None, "recall"))
        if got is None:
            continue
        for field in ("account", "author", "url", "published"):
            if field not in want:
                continue
            have = got.get(field)
            if field == "published":
                ok = _instant(want[field]) == _instant(have)
                have = _plain(have)
            else:
                ok = (want[field] or None) == (have or None)
            checks.append(Check(case.name, "article", f"article[{label[:30]}].{field}", want[field], have, ok, "value"))
    if "articles" in expect and not expect["articles"]:
        checks.append(Check(case.name, "article", "articles", [], [a["title"] for a in got_articles], not got_articles, "precision"))
    got_events = events_of(dossier)
    customer = meta(case).get("customer") or {}
    from briefing.toolkit.names import customer_names

    own_names = {_norm(n) for n in customer_names(Company(customer.get("name", ""), tuple(customer.get("aliases", ()))))} if customer else set()
    for kind in EVENT_KINDS:
        wants = expect.get(kind, []) or []
        key = KEYS[kind]
        gots = list(got_events[kind])
        for want in wants:
            match = next((g for g in gots if same_name(str(want[key]), str(g.get(key) or ""))), None)
            checks.append(Check(case.name, kind, f"{kind}[{want[key]}]", want[key], match and match.get(key), match is not None, "recall"))
            if match is None:
                continue
            gots.remove(match)
            for field, value in want.items():
                if field in (key, "notes") or value is None:
                    continue
                have = _plain(match.get("title" if field == "title" else field))
                if field in ("company", "winner") and _norm(str(value)) in own_names:
                    ok = _norm(str(have or "")) in own_names  # any of the customer's names is the customer
                else:
                    ok = _value_ok(_plain(value), have) if field != "date" else str(_plain(value))[:10] == str(have or "")[:10]
                checks.append(Check(case.name, kind, f"{kind}[{want[key]}].{field}", value, have, ok, "value"))
        for extra in gots:
            checks.append(Check(case.name, kind, f"{kind}[{extra.get(key)}]", None, extra.get(key), False, "precision"))
    return checks
