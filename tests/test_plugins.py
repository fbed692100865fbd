"""A third-party adapter is one module plus one entry-point line, registered from outside Briefing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.gathering import registry as adapters
from briefing.cli import app

TOY = '''
from briefing import BaseAdapter, Executive, Parsed

class ToyAdapter(BaseAdapter):
    name = "toy"
    description = "toy: reads one name from a page"

    def parse(self, page, request):
        name = page.text.split("<b>")[1].split("</b>")[0]
        return Parsed(facts=(Executive(name=name, title="董事长", source=page.provenance(self.name)),))
'''


def install_toy(folder: Path) -> None:
    """A distribution with its own entry_points.txt, laid out as `pip install` leaves one."""
    (folder / "toy_briefing_adapter.py").write_text(TOY, encoding="utf-8")
    info = folder / "toy_briefing_adapter-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-briefing-adapter\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[briefing.sources]\ntoy = toy_briefing_adapter:ToyAdapter\n")


@pytest.fixture
def toy_distribution(tmp_path, monkeypatch):
    install_toy(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    adapters.default_registry.reload()
    yield tmp_path
    adapters.default_registry.reload()


def test_toy_adapter_is_listed(toy_distribution):
    result = CliRunner().invoke(app, ["sources", "--json"])
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["toy"]["ok"] and rows["toy"]["distribution"] == "toy-briefing-adapter"
    assert "site" in rows  # built-ins come through the same group


def test_toy_adapter_in_a_build(toy_distribution, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><b>王建国</b></body></html>", encoding="utf-8")
    account = tmp_path / "acme.toml"
    account.write_text(f'name = "Acme"\n[sources]\ntoy = "{page.name}"\n', encoding="utf-8")
    out = tmp_path / "b.json"
    result = CliRunner().invoke(app, ["build", str(account), "-o", str(tmp_path / "b.pdf"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    dossier = json.loads(out.read_text("utf-8"))
    assert dossier["executives"][0]["name"] == "王建国"
    assert dossier["executives"][0]["source"]["adapter"] == "toy"


def test_a_broken_plugin_is_reported_not_fatal(tmp_path, monkeypatch):
    info = tmp_path / "broken_adapter-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-adapter\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[briefing.sources]\nbroken = no_such_module_anywhere:Adapter\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    adapters.default_registry.reload()
    try:
        result = CliRunner().invoke(app, ["sources"])
        assert result.exit_code == 1  # said loudly: an installed adapter cannot load
        assert "broken" in result.stdout and "ModuleNotFoundError" in result.stdout
        assert "site" in result.stdout
    finally:
        adapters.default_registry.reload()


def test_toy_adapter_from_a_separate_process(tmp_path):
    """The same registration seen by the installed `briefing` command, through PYTHONPATH."""
    install_toy(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "briefing", "sources"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "toy" in result.stdout
