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
    modules = list(root.rglob("*.py"))
    assert len(modules) > 40  # every stage package, not only the top floor
    for module in modules:
        text = module.read_text("utf-8")
        if module.name != "fetch.py":
            assert "import httpx" not in text, module
        if module.name != "cli.py":
            assert "import typer" not in text, module
    adapters = list((root.parent / "sources").rglob("*.py"))
    assert len(adapters) >= 12  # a package per built-in adapter, with its readers
    for module in adapters:
        text = module.read_text("utf-8")
        assert "httpx" not in text and "open(" not in text, f"adapters do no I/O: {module}"


TOOLKIT = {
    "Adapter", "ArticleText", "BEIJING", "BaseAdapter", "Link", "Parsed", "Request", "Target", "article_body",
    "clean_label", "column_unit", "content_of", "customer_names", "decode_html", "drop_noise", "embedded_json",
    "find_date", "find_dates", "find_moment", "is_customer", "is_org_name", "is_person_name", "label_values",
    "lines_of", "links_of", "looks_like_feed", "paragraphs_of", "parse_amount", "parse_date", "parse_feed",
    "read_events", "rows_of", "same_site", "soup_of", "table_rows", "text_runs", "title_of", "unspace",
    "without_lone_surrogates",
}


def test_the_toolkit_adapters_share_is_pinned_and_each_name_is_there():
    import briefing.toolkit as toolkit

    assert set(toolkit.__all__) == TOOLKIT
    for name in toolkit.__all__:
        assert getattr(toolkit, name) is not None, name
