"""JSON that a page carries in its scripts: the state a Next.js, Nuxt or jQuery page was built from.

Registry pages render from data they embed (`<script id="__NEXT_DATA__">`,
`window.__INITIAL_STATE__ = {...}`, `window.pageData = {...}`); that data often holds more than
the rendered tables (rows behind "show more", tabs still loading). The scripts are read as data,
never run.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup

from briefing.toolkit.decode import without_lone_surrogates

MAX_SCRIPT = 8 * 1024 * 1024  # a script bigger than this is a bundle, not page state
MAX_DOCUMENTS = 16

# `window.X = {`, `var X = {`, `X = JSON.parse("...")`: an assignment of data to a name.
_ASSIGNMENT = re.compile(r"(?:window\.|var\s+|let\s+|const\s+|^|[;\n]\s*)([A-Za-z_$][\w$.]*)\s*=\s*(?=[{\[]|JSON\.parse\()")
_JSON_PARSE = re.compile(r"JSON\.parse\(\s*(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')\s*\)")


def embedded_json(soup: BeautifulSoup) -> list[Any]:
    """Every JSON document the page's scripts hold as data, in page order (call before drop_noise)."""
    found: list[Any] = []
    decoder = json.JSONDecoder()
    for script in soup.find_all("script"):
        if len(found) >= MAX_DOCUMENTS:
            break
        if script.get("src"):
            continue
        text = script.string or script.get_text() or ""
        if not text.strip() or len(text) > MAX_SCRIPT:
            continue
        kind = str(script.get("type", "")).lower()
        if "json" in kind:  # __NEXT_DATA__, application/ld+json and the like: the whole script
            try:
                found.append(without_lone_surrogates(json.loads(text)))
            except (ValueError, RecursionError):
                pass
            continue
        if kind and "javascript" not in kind and kind != "module":
            continue  # templates and the like
        for match in _ASSIGNMENT.finditer(text):
            start = match.end()
            value = _parse_at(decoder, text, start)
            if isinstance(value, (dict, list)) and value:
                found.append(value)
                if len(found) >= MAX_DOCUMENTS:
                    break
    return found


def _parse_at(decoder: json.JSONDecoder, text: str, start: int) -> Any:
    if text.startswith("JSON.parse", start):
        literal = _JSON_PARSE.match(text, start)
        if literal is None:
            return None
        quoted = literal.group(1)
        if quoted.startswith("'"):  # a JS single-quoted string: make it a JSON one
            quoted = '"' + quoted[1:-1].replace('\\\'', "'").replace('"', '\\"') + '"'
        try:
            return without_lone_surrogates(json.loads(json.loads(quoted)))
        except (ValueError, RecursionError):
            return None
    try:
        value, _ = decoder.raw_decode(text, start)
    except (ValueError, RecursionError):
        return None  # a JS object literal (unquoted keys, functions): not data we can read safely
    return without_lone_surrogates(value)
