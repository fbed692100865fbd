"""Field-level accuracy of the registry adapter on every case in fixtures/registry/ (fixtures/README.md).

    python bench/score_registry.py [-v]

Prints, per case and in total: fields right / checked, with precision (nothing read that the
page does not state) and recall (everything stated was read) kept apart. -v lists each miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixture_cases import cases, compare  # noqa: E402


def main() -> int:
    verbose = "-v" in sys.argv
    total = right = 0
    wrong_facts = 0
    print(f"{'case':34} {'right':>7} {'checked':>8} {'wrong facts':>12}")
    for case in cases("registry"):
        if case.missing():
            print(f"{case.name:34} skipped: {case.missing()[0]}")
            continue
        checks = [c for c in compare(case) if c.group not in ("status", "sources")]
        ok = sum(c.ok for c in checks)
        wrong = sum(1 for c in checks if not c.ok and (c.kind in ("precision", "empty") or (c.kind == "value" and c.got not in (None, [], ""))))
        total, right, wrong_facts = total + len(checks), right + ok, wrong_facts + wrong
        print(f"{case.name:34} {ok:7} {len(checks):8} {wrong:12}")
        if verbose:
            for c in checks:
                if not c.ok:
                    print(f"    {c.kind:9} {c.field}: expected {c.expected!r}, got {c.got!r}")
    print(f"{'all':34} {right:7} {total:8} {wrong_facts:12}   accuracy {right / max(total, 1):.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
