"""A fresh install works: every module Briefing imports comes from a dependency it declares itself,
and an adapter that cannot load is said loudly, with the fix, never as a traceback (issue 16).

The case that broke: with the pip that Python 3.11's `venv` ships (23.2), `pip install .` left
`lxml_html_clean` out (jusText asks for it as `lxml[html_clean]`, which lxml spells
`html-clean`, and that pip does not match the two), so every adapter importing trafilatura
(jusText imports `lxml.html.clean`) failed to load.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
OWN = {"briefing", "sources"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# optional extras, and the only module allowed to import what they bring (guarded: a missing one is said)
# what each extra brings, and the modules that alone may import it
OPTIONAL = {"postgres": ("briefing/store/postgres.py", "briefing/store/hosts.py", "briefing/team/engine.py")}


def declared(extra: str = "") -> set[str]:
    """The distributions Briefing's installed metadata requires itself (not through an extra), or with `extra`."""
    needed = set()
    for text in metadata.requires("briefing") or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
            needed.add(canonical(requirement.name))
    return needed


def third_party_imports() -> dict[str, list[str]]:
    """Each top-level module imported by briefing/ and sources/ (at the top of a file or inside a
    function) that is neither the standard library nor Briefing's own, with the files importing it."""
    found: dict[str, list[str]] = {}
    for folder in sorted(OWN):
        for file in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(file.read_text("utf-8"), str(file))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OWN and top != "__future__":
                        found.setdefault(top, []).append(str(file.relative_to(ROOT)))
    return found


def test_the_installed_metadata_is_this_checkout():
    """The tests below read the installed metadata: it must say what pyproject.toml says."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert {canonical(Requirement(r).name) for r in project} == declared(), \
        "the installed Briefing is older than pyproject.toml: reinstall it (pip install -e '.[test]', or make test)"


def test_every_third_party_import_is_a_declared_dependency():
    by_module = metadata.packages_distributions()
    needed = declared()
    imports = third_party_imports()
    assert {"bs4", "httpx", "trafilatura", "reportlab", "typer"} <= set(imports)  # the scan sees the imports
    optional = {file: declared(extra) for extra, files in OPTIONAL.items() for file in files}
    undeclared = {
        module: (sorted(set(files)), by_module.get(module, ["(not installed)"]))
        for module, files in imports.items()
        if not any(canonical(dist) in needed for dist in by_module.get(module, []))
        and not (set(files) <= optional.keys()
                 and all(any(canonical(d) in optional[f] for d in by_module.get(module, [])) for f in set(files)))
    }
    assert not undeclared, f"imported but only pulled in by another package (declare them in pyproject.toml): {undeclared}"


def test_what_a_dependency_asks_for_through_a_misspelt_extra_is_declared_directly():
    """An extra asked for by a name its package spells otherwise (jusText's lxml[html_clean], which
    lxml calls html-clean) is not installed by pip 23.2: what that extra brings must be declared
    by Briefing itself."""
    needed, seen, todo, missing = declared(), set(), ["briefing"], []
    while todo:
        name = canonical(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue  # only with an extra of `name`, or another platform or Python
            todo.append(requirement.name)
            try:
                target = metadata.distribution(requirement.name)
            except metadata.PackageNotFoundError:
                continue
            spelt = set(target.metadata.get_all("Provides-Extra") or [])
            for extra in sorted(requirement.extras - spelt):  # an old pip finds no such extra
                for brought in map(Requirement, target.requires or []):
                    if brought.marker is not None and brought.marker.evaluate({"extra": extra}) \
                            and not brought.marker.evaluate({"extra": ""}) and canonical(brought.name) not in needed:
                        missing.append(f"{name} asks for {requirement.name}[{extra}], which brings {brought.name}")
    assert "justext" in seen  # the walk reached the package of the issue
    assert not missing, missing
    assert "lxml-html-clean" in needed


# --- a broken install, as pip 23.2 left it: lxml without lxml_html_clean ---------------------------

HIDE = '''
import sys


class HideLxmlHtmlClean:
    """lxml_html_clean is not installed: lxml's own lxml/html/clean.py then raises its ImportError
    ("lxml.html.clean module is now a separate project lxml_html_clean ..."), as after a plain
    `pip install .` with pip 23.2."""

    def find_spec(self, name, path=None, target=None):
        if name == "lxml_html_clean" or name.startswith("lxml_html_clean."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, HideLxmlHtmlClean())
'''


def _no_network() -> list[str]:
    """`unshare -n` (a process with no network at all) where it works: root on Linux."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def _briefing() -> list[str]:
    script = Path(sys.executable).parent / "briefing"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "briefing"]


@pytest.fixture
def broken_install(tmp_path):
    """Runs `briefing ARGS` in a process that cannot import lxml_html_clean, and without a network."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HIDE, "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT)])}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*_no_network(), *_briefing(), *args], capture_output=True, text=True, env=env, timeout=120)

    return run


def test_sources_names_the_broken_adapters_with_the_fix_and_fails(broken_install):
    result = broken_install("sources")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line and not line.startswith(" ")}
    for name in ("news", "site"):  # both import trafilatura, hence jusText, hence lxml.html.clean
        assert "cannot load" in lines[name] and "lxml_html_clean" in lines[name], lines[name]
    for name in ("registry", "tenders", "notes", "wechat"):
        assert "cannot load" not in lines[name]
    assert result.stdout.count("fix: ") == 2 and "--force-reinstall" in result.stdout
    assert "cannot load (news, site)" in result.stderr

    listed = broken_install("sources", "--json")
    assert listed.returncode == 1
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert {name for name, row in rows.items() if not row["ok"]} == {"news", "site"}
    assert "reinstall Briefing" in rows["news"]["fix"] and "lxml_html_clean" in rows["news"]["error"]


def test_a_build_says_so_names_the_fix_and_still_writes_the_brief(broken_install, tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    account = folder / "account.toml"
    text = "".join(line for line in account.read_text("utf-8").splitlines(keepends=True) if not line.startswith("site ="))
    account.write_text(text.replace("[sources]\n", '[sources]\nnews = "wechat-article.html"\n'), "utf-8")  # uses a broken one
    pdf, out = tmp_path / "x.pdf", tmp_path / "x.json"
    result = broken_install("build", str(account), "--no-store", "-o", str(pdf), "--json", str(out))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: adapter")]
    assert len(warnings) == 2 and all("lxml_html_clean" in w and "fix:" in w for w in warnings), result.stderr
    sources = {s["adapter"]: s for s in json.loads(out.read_text("utf-8"))["sources"]}
    assert sources["news"]["status"] == "skipped" and "cannot load" in sources["news"]["reason"]
    assert "reinstall Briefing" in sources["news"]["reason"]
    assert sources["wechat"]["status"] == "ok" and sources["registry"]["status"] == "ok"
