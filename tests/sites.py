"""SITES, the site adapter's fixture cases (fixtures/site/; fixtures/site/demo/ is the demo's website).

Kept for the tests that serve the demo website by this name (test_cli, test_caldav, test_refresh,
test_reliability, test_speed, test_tonight); the cases themselves are read by tests/fixture_cases.py.
"""

from __future__ import annotations

from fixture_cases import SITES

__all__ = ["SITES"]
