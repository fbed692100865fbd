"""How well the site adapter reads each fixture site: precision and recall per field.

Run: .venv/bin/python bench/score_sites.py [SITE ...]
Prints, per site, for executives, projects and articles: found, expected, correct, wrong
(reported but not expected, or with a wrong value), missed. A wrong fact is worse than a missing one.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sites import all_sites, crawl, squash  # noqa: E402

from briefing.models import Article, Executive, Project  # noqa: E402


def score(expected: set, found: set) -> tuple[int, int, int]:
    return len(found & expected), len(found - expected), len(expected - found)


def main(names: list[str]) -> None:
    totals = {"executives": [0, 0, 0], "projects": [0, 0, 0], "articles": [0, 0, 0]}
    print(f"{'site':28} {'field':11} {'correct':>7} {'wrong':>6} {'missed':>6}")
    for site in all_sites():
        if names and site.name not in names:
            continue
        d = crawl(site)
        e = site.expect
        rows = {
            "executives": (
                {(x["name"], squash(x["title"])) for x in e.get("executives", [])},
                {(f.name, squash(f.title)) for f in d.section("executives") if isinstance(f, Executive)},
            ),
            "projects": (
                {(squash(p["name"]), squash(p.get("buyer") or ""), p.get("amount_yuan"), p.get("date")) for p in e.get("projects", [])},
                {
                    (squash(f.name), squash(f.buyer or ""), int(f.amount.value) if f.amount and f.amount.value == int(f.amount.value) else (float(f.amount.value) if f.amount else None), f.date.value if f.date else None)
                    for f in d.section("projects") if isinstance(f, Project)
                },
            ),
            "articles": (
                {(squash(a["title"]), a.get("published")) for a in e.get("articles", [])},
                {(squash(f.title), f.published.value if f.published else None) for f in d.section("articles") if isinstance(f, Article)},
            ),
        }
        for field, (want, got) in rows.items():
            c, w, m = score(want, got)
            for i, v in enumerate((c, w, m)):
                totals[field][i] += v
            print(f"{site.name:28} {field:11} {c:7} {w:6} {m:6}")
    print()
    for field, (c, w, m) in totals.items():
        precision = c / (c + w) if c + w else 1.0
        recall = c / (c + m) if c + m else 1.0
        print(f"{'ALL':28} {field:11} {c:7} {w:6} {m:6}   precision {precision:.0%}  recall {recall:.0%}")


if __name__ == "__main__":
    main(sys.argv[1:])
