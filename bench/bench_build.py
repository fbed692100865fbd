"""How long a brief takes against a slow site, compared with the network's own critical path.

Serves each fixture site on 127.0.0.1 with every answer held back DELAY seconds (a slow Chinese
site seen from a laptop), builds the dossier and the PDF, and prints, measured in this one run:

- critical path: the crawl's levels (robots.txt, home, sections, lists, details) times DELAY,
  the least any crawler must wait however parallel it is;
- polite path: the same with at most 2 requests at a time to the host, level by level (what a
  polite crawler of this site must wait);
- build / polite path: how close the build comes to it (1.0 would be perfect);
- sequential / build: how much the concurrent fetcher saves over one page at a time;
- render: the PDF's share.

Run: .venv/bin/python bench/bench_build.py [DELAY]
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fixture_cases import cases  # noqa: E402

from briefing.gathering.registry import Registry  # noqa: E402
from briefing.accounts.account import Account, SourceEntry  # noqa: E402
from briefing.demo import serve_site  # noqa: E402
from briefing.gathering.fetch import FetchSettings  # noqa: E402
from briefing.models import Company  # noqa: E402
from briefing.gathering.pipeline import BuildSettings, build_dossier_async  # noqa: E402
from briefing.rendering.pdf import render_pdf  # noqa: E402
import sources.site as site  # noqa: E402


def main(delay: float) -> None:
    depths: list[int] = []
    original = site.SiteAdapter.parse

    def parse(self, page, request):  # type: ignore[no-untyped-def]
        depths.append(request.depth)
        return original(self, page, request)

    site.SiteAdapter.parse = parse  # type: ignore[method-assign]
    print(f"every answer delayed {delay * 1000:.0f} ms; 2 requests at a time per host (RELIABILITY.md)")
    print(f"{'site':26} {'pages':>5} {'levels':>6} {'critical':>8} {'polite':>7} {'build':>7} {'build/polite':>12} {'seq/build':>9} {'render':>7}")
    ratios = []
    for fixture in cases("site"):
        if fixture.reads != "crawl" or "/" not in fixture.meta["pages"]:
            continue
        depths.clear()
        with serve_site(fixture.folder, delay=delay) as base:
            account = Account("", Company(fixture.name), (SourceEntry("site", base, True),))
            settings = BuildSettings(fetch=FetchSettings(allow_private=True))
            started = time.perf_counter()
            dossier = asyncio.run(build_dossier_async(account, settings, registry=Registry()))
            built = time.perf_counter() - started
        started = time.perf_counter()
        render_pdf(dossier)
        rendered = time.perf_counter() - started
        pages = len(depths)
        levels = max(depths) + 1 + 1  # + robots.txt before the home page
        critical = levels * delay
        polite = (1 + sum(-(-depths.count(d) // 2) for d in set(depths))) * delay
        sequential = (pages + 1) * delay
        ratios.append(built / polite)
        print(
            f"{fixture.name:26} {pages:5} {levels:6} {critical:7.2f}s {polite:6.2f}s {built:6.2f}s {built / polite:12.2f} "
            f"{sequential / built:9.2f} {rendered:6.2f}s"
        )
    site.SiteAdapter.parse = original  # type: ignore[method-assign]
    print(f"median build / polite path: {sorted(ratios)[len(ratios) // 2]:.2f}")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.3)
