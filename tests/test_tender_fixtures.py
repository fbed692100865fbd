"""Procurement notices in fixtures/tenders/, field by field against their expect.json: the two
real notices of ../shared/realworld/ and eight written by a helper who never saw the code."""

from __future__ import annotations

import pytest

from tender_cases import cases, compare

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_notice_reads_as_expected(case):
    misses = [c for c in compare(case) if not c.ok]
    assert not misses, "\n".join(f"{c.field}: expected {c.expected!r}, got {c.got!r}" for c in misses)


def test_the_cases_cover_lots_units_candidates_and_lists():
    names = {c.name for c in CASES}
    assert {"province-multilot", "candidates-only", "list-page", "gbk-county"} <= names
    assert any(n.startswith("realworld-") for n in names)
