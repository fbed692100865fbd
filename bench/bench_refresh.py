"""Requests and bytes of a refresh with nothing changed, against the first build (the demo site).

Run: .venv/bin/python bench/bench_refresh.py
Serves the demo site on 127.0.0.1 (with ETags, as real servers send), builds once through a fresh
store, refreshes twice with nothing changed, and prints what each run asked and received.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.brief import refresh_brief_async  # noqa: E402
from briefing.accounts.account import load_account  # noqa: E402
from briefing.demo import demo_site, serve_site  # noqa: E402
from briefing.gathering.fetch import FetchSettings  # noqa: E402
from briefing.gathering.pipeline import BuildSettings  # noqa: E402
from briefing.store.database import Store  # noqa: E402


def main() -> None:
    settings = BuildSettings(fetch=FetchSettings(allow_private=True))
    with tempfile.TemporaryDirectory() as tmp, serve_site(demo_site()) as site:
        account_file = Path(tmp) / "acme.toml"
        account_file.write_text(f'name = "江苏恒远环保工程有限公司"\naliases = ["恒远环保"]\n[sources]\nsite = "{site}"\n', "utf-8")
        account = load_account(account_file)
        rows = []
        with Store.open(Path(tmp) / "s.sqlite3") as store:
            for label in ("first build", "refresh, nothing changed", "refresh again"):
                started = time.perf_counter()
                result = asyncio.run(refresh_brief_async(account, store, pdf=Path(tmp) / "b.pdf", settings=settings))
                rows.append((label, result.requests, result.not_modified, result.bytes, result.written, time.perf_counter() - started))
    print(f"{'run':26} {'requests':>8} {'304':>5} {'bytes':>8} {'wrote':>6} {'seconds':>8}")
    for label, requests, not_modified, received, written, seconds in rows:
        print(f"{label:26} {requests:8} {not_modified:5} {received:8} {str(written):>6} {seconds:8.2f}")
    first, unchanged = rows[0], rows[1]
    print(f"unchanged refresh / first build: requests {unchanged[1] / first[1]:.2f}, bytes {unchanged[3] / max(first[3], 1):.3f}, "
          f"time {unchanged[5] / first[5]:.2f}")


if __name__ == "__main__":
    main()
