"""How well the site adapter reads each fixture site: precision and recall per field.

Run: .venv/bin/python bench/score_sites.py [SITE ...]
Prints, per site, for executives, projects and articles: correct, partial (a field the page
shows is missing), wrong (not on the site, or a field contradicts it) and missed. Precision counts
wrong facts; a wrong fact is worse than a missing one.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fixture_cases import cases, read, squash  # noqa: E402

from briefing.models import Article, Executive, Project  # noqa: E402


def score(expected: dict, found: list[tuple]) -> tuple[int, int, int, int]:
    """(correct, partial, wrong, missed). Facts are matched by key; a found fact is partial when a
    field the page shows is missing, and wrong when it is not on the site or a field contradicts it."""
    correct = partial = wrong = 0
    matched: set = set()
    for key, fields in found:
        want = expected.get(key)
        if want is None:
            wrong += 1
            continue
        matched.add(key)
        if any(got is not None and got != exp for got, exp in zip(fields, want)):
            wrong += 1
        elif any(got is None and exp is not None for got, exp in zip(fields, want)):
            partial += 1
        else:
            correct += 1
    return correct, partial, wrong, len(set(expected) - matched)


def _amount(f: Project):  # type: ignore[no-untyped-def]
    """The amount in yuan, as the fixtures give it; another currency is not a yuan figure."""
    if f.amount is None or f.amount.currency != "CNY":
        return None
    v = f.amount.value
    return int(v) if v == int(v) else float(v)


def main(names: list[str]) -> None:
    fields = ("executives", "projects", "articles")
    totals = {name: [0, 0, 0, 0] for name in fields}
    print(f"{'site':28} {'field':11} {'correct':>7} {'partial':>7} {'wrong':>6} {'missed':>6}")
    for site in cases("site"):
        if names and site.name not in names or site.reads != "crawl" or site.missing():
            continue
        d = read(site)
        e = site.expect
        rows = {
            "executives": (
                {x["name"]: (squash(x["title"]),) for x in e.get("executives", [])},
                [(f.name, (squash(f.title),)) for f in d.section("executives") if isinstance(f, Executive)],
            ),
            "projects": (
                {squash(p["name"]): (squash(p["buyer"]) if p.get("buyer") else None, p.get("amount_yuan"), p.get("date")) for p in e.get("projects", [])},
                [
                    (squash(f.name), (squash(f.buyer) if f.buyer else None, _amount(f), f.date.value if f.date else None))
                    for f in d.section("projects") if isinstance(f, Project)
                ],
            ),
            "articles": (
                {squash(a["title"]): (a.get("published"),) for a in e.get("articles", [])},
                [(squash(f.title), (f.published.value if f.published else None,)) for f in d.section("articles") if isinstance(f, Article)],
            ),
        }
        for field, (want, got) in rows.items():
            counts = score(want, got)
            for i, v in enumerate(counts):
                totals[field][i] += v
            print(f"{site.name:28} {field:11} " + " ".join(f"{v:7}" if i < 2 else f"{v:6}" for i, v in enumerate(counts)))
    print()
    for field, (c, p, w, m) in totals.items():
        reported = c + p + w
        precision = (c + p) / reported if reported else 1.0
        recall = (c + p) / (c + p + m) if c + p + m else 1.0
        print(f"{'ALL':28} {field:11} {c:7} {p:7} {w:6} {m:6}   precision {precision:.0%}  recall {recall:.0%}  complete {c / (c + p) if c + p else 1:.0%}")


if __name__ == "__main__":
    main(sys.argv[1:])
