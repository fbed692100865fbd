"""Field accuracy of the tenders adapter on fixtures/tenders/: python bench/score_tenders.py [-v]"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixture_cases import cases, compare  # noqa: E402


def main() -> int:
    right = total = 0
    for case in cases("tenders"):
        if case.missing():
            print(f"{case.name:30} skipped: {case.missing()[0]}")
            continue
        checks = [c for c in compare(case) if c.group not in ("status", "sources")]
        ok = sum(c.ok for c in checks)
        right, total = right + ok, total + len(checks)
        print(f"{case.name:30} {ok:4}/{len(checks)}")
        if "-v" in sys.argv:
            for c in checks:
                if not c.ok:
                    print(f"    {c.field}: expected {c.expected!r}, got {c.got!r}")
    print(f"{'all':30} {right:4}/{total}   {right / max(total, 1):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
