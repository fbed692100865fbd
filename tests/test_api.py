"""The public surface is pinned: changing it is a decision, not an accident."""

from __future__ import annotations

import briefing

EXPECTED = {
    "Account", "AccountError", "Adapter", "Amount", "Article", "BaseAdapter", "BriefingError", "BuildResult",
    "BuildSettings", "DateValue", "Dossier", "Executive", "FetchBlocked", "FetchError", "FetchFailed", "FetchGone",
    "Financing", "NotConfigured", "OutputError", "Overview", "Page", "Parsed", "Project", "Provenance", "Registration",
    "Registry", "Request", "Share", "Shareholder", "SourceEntry", "SourceReport", "Target", "UsageError",
    "build_brief_async", "build_dossier", "load_account", "__version__",
}


def test_public_api_is_pinned():
    assert set(briefing.__all__) == EXPECTED
    for name in briefing.__all__:
        assert hasattr(briefing, name), name


def test_a_fact_cannot_be_built_without_provenance():
    import pytest

    with pytest.raises(TypeError):
        briefing.Executive(name="张三", title="董事长", source=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        briefing.Executive(name="张三", title="董事长")  # type: ignore[call-arg]


def test_only_fetch_imports_httpx_and_only_cli_imports_typer():
    from pathlib import Path

    root = Path(briefing.__file__).parent
    for module in root.glob("*.py"):
        text = module.read_text("utf-8")
        if module.name != "fetch.py":
            assert "import httpx" not in text, module.name
        if module.name != "cli.py":
            assert "import typer" not in text, module.name
    for module in (root.parent / "sources").glob("*.py"):
        text = module.read_text("utf-8")
        assert "httpx" not in text and "open(" not in text, f"adapters do no I/O: {module.name}"
