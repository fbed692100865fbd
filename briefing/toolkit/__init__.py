"""The toolkit adapters share: everything a built-in adapter uses, and a third-party one may.

An adapter (briefing.toolkit.adapter) receives already-fetched pages and returns facts
(briefing.models); it never does I/O. The readers below turn a page's markup and text into
values that look like what they claim to be:

    adapter         Target, Request, Parsed, Adapter (the protocol) and BaseAdapter (its defaults)
    html            soup_of, drop_noise, content_of, lines_of, paragraphs_of, links_of, title_of,
                    label_values, rows_of, table_rows, text_runs, same_site, Link
    normalise       dates (find_date, find_dates, find_moment, parse_date), amounts (parse_amount,
                    column_unit), labels (clean_label, unspace), people (is_person_name), BEIJING
    names           company names: is_org_name, customer_names, is_customer
    feeds           RSS/Atom without entity resolution or network: looks_like_feed, parse_feed
    embedded        JSON a page carries in its scripts (window.__INITIAL_STATE__ ...): embedded_json
    decode          Chinese encodings read right: decode_html, without_lone_surrogates
    article_events  the customer's events in an article's text: ArticleText, read_events, article_body

`from briefing.toolkit import soup_of, Request, ...` imports only the module that defines the
name, when it is first used, so `briefing --help` stays quick. The list is pinned by
tests/test_api.py: a name leaves it only on purpose. A kept reading of a page is keyed by the
code of the adapter's own package and of this toolkit (briefing.store.readings).
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "adapter": ("Adapter", "BaseAdapter", "Parsed", "Request", "Target"),
    "html": ("Link", "content_of", "drop_noise", "label_values", "lines_of", "links_of", "paragraphs_of", "rows_of",
             "same_site", "soup_of", "table_rows", "text_runs", "title_of"),
    "normalise": ("BEIJING", "clean_label", "column_unit", "find_date", "find_dates", "find_moment", "is_person_name",
                  "parse_amount", "parse_date", "unspace"),
    "names": ("customer_names", "is_customer", "is_org_name"),
    "feeds": ("looks_like_feed", "parse_feed"),
    "embedded": ("embedded_json",),
    "decode": ("decode_html", "without_lone_surrogates"),
    "article_events": ("ArticleText", "article_body", "read_events"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing.toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"briefing.toolkit.{module}"), name)
    globals()[name] = value  # once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
