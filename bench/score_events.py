"""Precision and recall of event extraction, and article-field accuracy, on fixtures/wechat/ and fixtures/news/.

    python bench/score_events.py [-v]

Events are the customer's executives, tenders won, signings and financing rounds that an
article states. Precision: of the events read, how many the page states. Recall: of the events
the page states, how many were read. -v lists each miss and each wrong event.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixture_cases import EVENT_KINDS, cases, compare  # noqa: E402


def main() -> int:
    verbose = "-v" in sys.argv
    found = {k: [0, 0, 0] for k in EVENT_KINDS}  # right, read, stated
    fields = [0, 0]
    print(f"{'case':34} {'events right':>12} {'read':>5} {'stated':>7} {'article fields':>15}")
    for case in cases("wechat") + cases("news"):
        if case.missing():
            print(f"{case.name:34} skipped: {case.missing()[0]}")
            continue
        checks = [c for c in compare(case) if c.group != "sources"]
        right = sum(1 for c in checks if c.group in EVENT_KINDS and c.kind == "recall" and c.ok)
        stated = sum(1 for c in checks if c.group in EVENT_KINDS and c.kind == "recall")
        read_n = right + sum(1 for c in checks if c.group in EVENT_KINDS and c.kind == "precision")
        art = [c for c in checks if c.group in ("articles", "status")]
        fields[0] += sum(c.ok for c in art)
        fields[1] += len(art)
        for kind in EVENT_KINDS:
            found[kind][0] += sum(1 for c in checks if c.group == kind and c.kind == "recall" and c.ok)
            found[kind][1] += sum(1 for c in checks if c.group == kind and (c.kind == "precision" or (c.kind == "recall" and c.ok)))
            found[kind][2] += sum(1 for c in checks if c.group == kind and c.kind == "recall")
        print(f"{case.name:34} {right:12} {read_n:5} {stated:7} {sum(c.ok for c in art):8}/{len(art)}")
        if verbose:
            for c in checks:
                if not c.ok:
                    print(f"    {c.kind:9} {c.field}: expected {c.expected!r}, got {c.got!r}")
    print()
    total = [sum(v[i] for v in found.values()) for i in range(3)]
    for kind, (right, read_n, stated) in [*found.items(), ("all events", total)]:
        precision = right / read_n if read_n else 1.0
        recall = right / stated if stated else 1.0
        print(f"{kind:12} precision {precision:6.1%} ({right}/{read_n})   recall {recall:6.1%} ({right}/{stated})")
    print(f"article fields and statuses: {fields[0]}/{fields[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
