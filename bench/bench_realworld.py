"""Accuracy on real pages other people saved: per adapter and per field, precision, recall and
every false value, scored by the answer keys' own scorer (../shared/realworld/score.py, read in
place, never copied).

    python bench/bench_realworld.py [KIND ...] [--dir DIR ...] [-v]

KIND: registry tender site news wechat (default: all). DIR: a folder of pages and keys/ in the
scorer's layout (default: ../shared/realworld beside the checkout); give several to score
held-out sets too. The pages are read by the library in this process, as `briefing extract`
reads them (once plain, and once per company a news, WeChat or site key names).

A field's recall is hits over what the keys state; its precision is hits over hits plus false
values (a value the page does not show, a person not on the page's list). -v prints each page's
misses as the scorer words them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import io
import json
import logging
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.analysis import analysed  # noqa: E402
from briefing.brief import dossier_json  # noqa: E402
from briefing.gathering.pipeline import extract_one  # noqa: E402
from briefing.gathering.registry import default_registry  # noqa: E402

REALWORLD = ROOT.parent / "shared" / "realworld"
KINDS = ("registry", "tender", "site", "news", "wechat")


def scorer(folder: Path) -> ModuleType:
    """The answer keys' own scorer, loaded from where it lies."""
    spec = importlib.util.spec_from_file_location("realworld_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{folder / 'score.py'}: not found; the real pages live in ../shared/realworld beside the checkout")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(score: ModuleType, page: Path, name: str, key: dict) -> dict:
    """What Briefing reads from one page, as `briefing extract` prints it; lists united over the
    runs with each company the key names (score.extract's protocol, in process)."""
    adapter = default_registry.get(score.adapter_of(name))
    companies = [""] + (score.companies_in(key) if score.kind_of(name) in ("news", "wechat", "site") else [])
    doc: dict | None = None
    for company in companies:
        dossier, _ = asyncio.run(extract_one(str(page), adapter, company))
        found = json.loads(dossier_json(analysed(dossier)))
        if doc is None:
            doc = found
            continue
        for k, v in found.items():
            if isinstance(v, list) and isinstance(doc.get(k), list):
                doc[k] = doc[k] + [x for x in v if x not in doc[k]]
    return doc or {}


@dataclass
class Tally:
    hits: int = 0
    total: int = 0
    false: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, hits: int, total: int, false: int, wrong: list[str]) -> None:
        self.hits, self.total, self.false = self.hits + hits, self.total + total, self.false + false
        self.wrong += wrong

    @property
    def recall(self) -> float:
        return self.hits / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        return self.hits / (self.hits + self.false) if self.hits + self.false else 1.0


def fields_of(score: ModuleType, kind: str, key: dict) -> list[str]:
    listed = [lf for lf in score.LIST_FIELDS if lf in key or lf in score.MUST_BE_EMPTY.get(kind, [])]
    extra = ["overview_keywords"] if key.get("overview_keywords") else []
    extra += ["company"] if kind in ("news", "site", "wechat") and "company" in key else []
    return [f for f in score.SCALARS[kind] if f in key] + extra + listed


def one_field(score: ModuleType, kind: str, key: dict, name: str) -> dict:
    """The key cut down to one field, so the scorer scores that field alone: the other lists
    marked unkeyed (no hallucination check but this field's)."""
    lists = list(score.LIST_FIELDS)
    unkeyed = [lf for lf in lists if lf != name] + [lf for lf in key.get("_unkeyed", []) if lf == name]
    sub: dict = {"_unkeyed": unkeyed}
    if name == "company" and kind in ("news", "site", "wechat"):
        sub["company"] = key["company"]
    elif name in key:
        sub[name] = key[name]
    return sub


def score_fields(score: ModuleType, name: str, doc: dict, key: dict, page_text: str) -> dict[str, tuple[int, int, int, list[str]]]:
    kind = score.kind_of(name)
    out = {}
    for f in fields_of(score, kind, key):
        words = io.StringIO()
        with contextlib.redirect_stdout(words):
            sub = one_field(score, kind, key, f)
            h, t, x = score.score_page(name, doc, sub, True, f in ("overview_keywords", "company"))
        wrong = [f"{name}: {line.strip()}" for line in words.getvalue().splitlines()
                 if any(w in line for w in ("WRONG", "extra ", "not on the page's list", "invented"))]
        if f == "projects" and kind in ("registry", "tender") and key.get("projects"):
            out.update(project_fields(score, name, doc, key["projects"], page_text))
        else:
            out[f] = (h, t, x, wrong)
    return out


_SHOWN = ("name",)  # a project's name a page spells two ways (its 项目名称 and its heading); never a buyer or winner


def shown_text(score: ModuleType, page: Path) -> str:
    """What a page shows, normalised as the scorer compares values."""
    return score.norm(BeautifulSoup(page.read_bytes(), "lxml").get_text(""))


def shown(score: ModuleType, value: str, page_text: str) -> bool:
    return len(score.norm(value)) >= 4 and score.norm(value) in page_text


def project_fields(score: ModuleType, name: str, doc: dict, expected: list[dict], page_text: str) -> dict[str, tuple[int, int, int, list[str]]]:
    """Projects field by field, each keyed project against the found one that matches most of
    its fields (the scorer's pairing). False: a value given that is not the page's (a name the
    page spells otherwise elsewhere is a miss, not false), or a winner for a project the page
    names none for."""
    got = [i for v in score.find_key(doc, "projects") if isinstance(v, list) for i in v if isinstance(i, dict)]
    tallies: dict[str, list] = {}
    used: set[int] = set()
    for e in expected:
        keyed = [f for f in score.LIST_FIELDS["projects"] if f in e]
        best, best_i = -1, None
        for i, g in enumerate(got):
            n = sum(score.item_matches({f: e[f]}, g, [f]) for f in keyed) if i not in used else -1
            if n > best:
                best, best_i = n, i
        if best_i is not None:
            used.add(best_i)
        g = got[best_i] if best_i is not None else {}
        for f in score.LIST_FIELDS["projects"]:
            tally = tallies.setdefault(f"projects.{f}", [0, 0, 0, []])
            given = score.item_value(g, f) if g else None
            if f in e:
                tally[1] += 1
                if score.item_matches({f: e[f]}, g, [f]):
                    tally[0] += 1
                elif given not in (None, "", []) and not (f in _SHOWN and shown(score, str(given), page_text)):
                    tally[2] += 1
                    tally[3].append(f"{name}: {f}={given!r} (page: {e[f]!r})")
            elif f == "winner" and given not in (None, "", []):
                tally[2] += 1
                tally[3].append(f"{name}: winner={given!r} (the page names none)")
    # a tender key lists every project (lot) the notice gives: any other is invented
    if score.kind_of(name) == "tender":
        extra = [g for i, g in enumerate(got) if i not in used]
        tally = tallies.setdefault("projects.extra", [0, 0, 0, []])  # false values only: nothing to hit
        for g in extra:
            tally[2] += 1
            tally[3].append(f"{name}: a project the page does not give: {score.item_value(g, 'name')!r} / {score.item_value(g, 'winner')!r}")
    return {f: tuple(t) for f, t in tallies.items() if t[1] or t[2]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kinds", nargs="*", help=f"page kinds: {', '.join(KINDS)} (default: all)")
    parser.add_argument("--dir", type=Path, action="append", help="a folder of pages and keys/ (repeatable)")
    parser.add_argument("-v", action="store_true", help="each page's misses")
    args = parser.parse_args()
    if unknown := [k for k in args.kinds if k not in KINDS]:
        parser.error(f"unknown kind {unknown[0]!r}: choose from {', '.join(KINDS)}")
    logging.disable(logging.WARNING)
    folders = args.dir or [REALWORLD]
    score = scorer(REALWORLD)
    kinds = args.kinds or list(KINDS)
    for folder in folders:
        per_field: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
        pages: dict[str, int] = defaultdict(int)
        for keyfile in sorted((folder / "keys").glob("*.json")):
            name, kind = keyfile.stem, score.kind_of(keyfile.stem)
            page = score.page_of(folder, name)
            if kind not in kinds or page is None:
                continue
            key = json.loads(keyfile.read_text(encoding="utf-8"))
            doc = read(score, page, name, key)
            pages[kind] += 1
            if args.v:
                score.score_page(name, doc, key, True)
            for f, (h, t, x, wrong) in score_fields(score, name, doc, key, shown_text(score, page)).items():
                per_field[kind][f].add(h, t, x, wrong)
        print(f"\n{folder.name}: real pages scored by {REALWORLD.name}/score.py")
        print(f"{'adapter':9} {'field':24} {'precision':>9} {'recall':>7} {'hits':>5} {'keyed':>6} {'false':>6}")
        for kind in kinds:
            if not pages[kind]:
                continue
            overall = Tally()
            for f, tally in per_field[kind].items():
                overall.add(tally.hits, tally.total, tally.false, tally.wrong)
                if tally.total or tally.false:
                    print(f"{kind:9} {f:24} {tally.precision:9.2f} {tally.recall:7.2f} {tally.hits:5} {tally.total:6} {tally.false:6}")
            print(f"{kind:9} {'ALL (' + str(pages[kind]) + ' pages)':24} {overall.precision:9.2f} {overall.recall:7.2f} "
                  f"{overall.hits:5} {overall.total:6} {overall.false:6}")
            for wrong in overall.wrong:
                print(f"{'':9}   false: {wrong}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
