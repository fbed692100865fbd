"""Shared test set-up: no test touches the internet, and nothing is written outside tmp folders."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    # Everything Briefing writes by default goes under a throwaway BRIEFING_HOME.
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path_factory.mktemp("briefing-home")))
    monkeypatch.delenv("BRIEFING_ALLOW_PRIVATE", raising=False)
    monkeypatch.delenv("BRIEFING_SETTINGS", raising=False)  # the user's own settings.toml never leaks in
    monkeypatch.delenv("BRIEFING_STORE", raising=False)  # nor the user's own (shared) store
