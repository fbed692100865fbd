"""Every registry case in fixtures/registry/ read field by field against its expect.json.

The cases are real saved pages (realworld-*), pages and API answers written by helpers who never
saw the code (heldout-*, api-*), each in one of the forms the registry adapter reads.
"""

from __future__ import annotations

import json

import pytest

from registry_cases import cases, compare, documents, read_case, statuses

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_reads_as_expected(case):
    misses = [c for c in compare(case, read_case(case)) if not c.ok]
    assert not misses, "\n".join(f"{c.kind} {c.field}: expected {c.expected!r}, got {c.got!r}" for c in misses)


def test_cases_cover_every_input_form():
    metas = [json.loads((c / "meta.json").read_text(encoding="utf-8")) for c in CASES]
    forms = {m["form"] for m in metas} | {"fragment" for m in metas if m.get("fragments")}
    assert {"saved-page", "fragment", "api-json", "header-block"} <= forms
    assert any(c.name.startswith("realworld-") for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_fact_names_its_document(case):
    urls = {page.url for page in documents(case)}
    dossier = read_case(case)
    for section in ("shareholders", "executives", "investments", "branches", "financing", "projects"):
        for item in dossier[section]:
            assert item["source"]["url"] in urls
            assert item["source"]["adapter"] == "registry"
    for entry in dossier["registration"].values():
        if entry:
            assert entry["source"]["url"] in urls


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_walls_are_blocked_and_records_are_not(case):
    expected = json.loads((case / "meta.json").read_text(encoding="utf-8")).get("expect_status")
    assert set(statuses(case)) == ({"blocked"} if expected == "blocked" else {None})
