"""The house, checked: each stage imports only what lies below it, no module imports itself back
through others, the built-in adapters use only the toolkit (and their own modules), and no
function is too large to hold in one's head (cyclomatic complexity over 30, as radon counts it).

The floors, bottom up (README, "Architecture"):

    models, errors, words     data, the exception tree, every printed word
    toolkit                   what adapters share
    store                     what stays between runs
    accounts                  account files, settings, the team's notes file
    gathering                 pipeline, fetch, saved pages, the adapter registry
    analysis                  what the facts mean for the visit
    rendering                 the brief on paper
    brief                     one call from an account to a written brief
    calendars                 the brief on the visit's event, the evening run
    team                      the team file, and the evening on the job engine
    demo, cli, __main__       the clients

Every import counts, a function's late import too: a late import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
FLOORS = [
    {"briefing.models", "briefing.errors", "briefing.words"},
    {"briefing.toolkit"},
    {"briefing.store"},
    {"briefing.accounts"},
    {"briefing.gathering"},
    {"briefing.analysis"},
    {"briefing.rendering"},
    {"briefing.brief"},
    {"briefing.calendars"},
    {"briefing.team"},
    {"briefing.demo", "briefing.cli", "briefing.__main__"},
]
MAX_COMPLEXITY = 30


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("briefing", "sources"):
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project's modules `name` imports, anywhere in it (a `from package import module` names the module)."""
    out = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES}
    return {m for m in out if m in MODULES}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _floor(module: str) -> int | None:
    for level, members in enumerate(FLOORS):
        if any(module == m or module.startswith(m + ".") for m in members):
            return level
    return None


def _package(module: str) -> str:
    """The stage a module belongs to: its package under briefing (or itself, for a top-level module)."""
    parts = module.split(".")
    return ".".join(parts[:2])


def test_every_module_of_briefing_has_a_floor():
    homeless = [m for m in MODULES if m.startswith("briefing.") and _floor(m) is None]
    assert homeless == [], "give these a floor in FLOORS and the README's map"


def test_no_stage_imports_a_stage_above_it():
    upward = []
    for module, imported in GRAPH.items():
        mine = _floor(module)
        if mine is None:
            continue
        for other in imported:
            theirs = _floor(other)
            if theirs is not None and theirs > mine and _package(other) != _package(module):
                upward.append(f"{module} -> {other}")
    assert upward == []


def test_no_import_circle():
    # a depth-first search for a back edge; package __init__ re-exports (briefing, briefing.toolkit) are
    # the public surface, not a dependency of what they re-export
    graph = {m: {i for i in deps if i not in ("briefing", "briefing.toolkit", "sources")} for m, deps in GRAPH.items()}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_a_built_in_adapter_uses_only_the_toolkit_the_models_and_its_own_package():
    allowed = ("briefing.toolkit", "briefing.models", "briefing.errors")
    # the notes adapter reads the notes file whose format the account's notes module owns (read and written there)
    exceptions = {("sources.notes.adapter", "briefing.accounts"), ("sources.notes.adapter", "briefing.accounts.notes")}
    stray = []
    for module, imported in GRAPH.items():
        if not module.startswith("sources."):
            continue
        own = ".".join(module.split(".")[:2])
        for other in imported:
            if other.startswith(allowed) or other.startswith(own) or (module, other) in exceptions or other == "briefing":
                continue
            stray.append(f"{module} -> {other}")
    assert stray == []


def test_the_library_never_imports_the_adapters():
    """Adapters are found through entry points, built-in ones too: the library names none."""
    assert [f"{m} -> {i}" for m, deps in GRAPH.items() if m.startswith("briefing") for i in deps if i.startswith("sources")] == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_is_too_large_to_hold_in_ones_head(module: str):
    blocks = cc_visit(MODULES[module].read_text("utf-8"))
    large = [f"{b.fullname} ({b.complexity})" for b in blocks if b.complexity > MAX_COMPLEXITY]
    assert large == [], "split these: one function per signal, a table of validators, a diff per section"
