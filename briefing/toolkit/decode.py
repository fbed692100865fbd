"""Turn a page's bytes into text without mojibake.

Chinese sites lie about their encoding in both directions: `charset=gb2312` over UTF-8 bytes, GBK
bytes with no declaration at all, gb2312 declared for text that uses GBK-only characters (镕).
httpx falls back to UTF-8 and charset-normalizer guesses Korean or Big5 for short GBK strings, so
the order here is explicit:

    BOM, HTTP header charset, <meta> charset in the first 4 KB, strict UTF-8, detector, gb18030,
    and finally UTF-8 with replacement characters so that decoding never raises.

A declared charset is used only if the bytes decode strictly under it, and never over bytes that
are valid UTF-8 with non-ASCII in them: legacy-encoded text is practically never valid UTF-8 by
accident, while "UTF-8 saved under an old gb2312 template" is common.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

from charset_normalizer import from_bytes

__all__ = ["decode_html", "charset_from_content_type", "normalise_charset"]

_HEAD_BYTES = 4096
_CT_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"'\s;,>]+)""", re.I)
# Both <meta charset="x"> and <meta http-equiv=Content-Type content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.I)

# Every label of the GB family reads as gb18030, its superset: a page declaring gb2312 often
# contains GBK-only characters (镕, 堃, 喆 in people's names) that the gb2312 codec rejects.
_GB_LABELS = {"gb2312", "gbk", "gb231280", "gb2312_80", "xgbk", "cp936", "ms936", "windows936",
              "euccn", "xeuccn", "csgb2312", "chinese", "isoir58", "gb18030", "csiso58gb231280"}
# Browsers read latin-1 and ASCII labels as windows-1252; servers mean that too.
_WIN1252_LABELS = {"iso88591", "latin1", "l1", "usascii", "ascii", "ansix3.41968", "cp819", "ibm819"}
_CHINESE = {"gb18030", "big5", "big5hkscs", "cp950", "hz", "iso2022_cn"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def normalise_charset(name: str) -> str:
    """Python codec name for a charset label; GB labels become gb18030. Unknown labels come back
    lower-cased (decoding under them then fails and the next step is tried)."""
    label = name.strip().strip("\"'").lower()
    compact = re.sub(r"[^a-z0-9.]", "", label)
    if compact in _GB_LABELS or label in _GB_LABELS:
        return "gb18030"
    if compact in _WIN1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, normalised, or None."""
    match = _CT_CHARSET.search(content_type or "")
    return normalise_charset(match.group(1)) if match else None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared(body: bytes, encoding: str | None) -> tuple[str, str] | None:
    """Decode under a declared charset, unless the bytes contradict the declaration."""
    if not encoding:
        return None
    if encoding.startswith("utf-16") or encoding.startswith("utf-32"):
        encoding = "utf-8"  # a BOM-less "utf-16" declaration is always wrong (WHATWG does the same)
    if encoding != "utf-8" and not body.isascii() and _strict(body, "utf-8") is not None:
        return body.decode("utf-8"), "utf-8"  # valid UTF-8 beats a legacy declaration
    text = _strict(body, encoding)
    return (text, encoding) if text is not None else None


def _looks_big5(gb_text: str) -> bool:
    """True if a gb18030 reading looks like Big5 misread: real GBK text is nearly all GB2312
    characters, Big5 read as GBK lands outside GB2312 more than half the time."""
    cjk = [c for c in gb_text if "\u3400" <= c <= "\u9fff"]
    if len(cjk) < 4:  # too short to tell; mainland sites are the usual case
        return False
    common = sum(1 for c in cjk if _strict(c.encode("gb18030"), "gb2312") is not None)
    return common / len(cjk) < 0.5


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page's bytes; returns (text, Python name of the encoding used). Never raises."""
    # A BOM is written by whatever produced the bytes; it is stronger evidence than server
    # configuration (browsers also put it first).
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            text = _strict(body, encoding)
            if text is not None:
                return text, "utf-8" if encoding == "utf-8-sig" else encoding

    for declared in (charset_from_content_type(content_type), _meta_charset(body)):
        found = _declared(body, declared)
        if found:
            return found

    text = _strict(body, "utf-8")
    if text is not None:
        return text, "utf-8"

    gb_text = _strict(body, "gb18030")
    guess = from_bytes(body).best()
    guessed = normalise_charset(guess.encoding) if guess is not None else None
    # charset-normalizer guesses cp949/Big5 for short GBK text: a guess only beats a strict
    # gb18030 reading when it is Big5 and the gb18030 reading looks like misread Big5.
    if guessed and (gb_text is None or (guessed in _CHINESE and (guessed == "gb18030" or _looks_big5(gb_text)))):
        text = _strict(body, guessed)
        if text is not None:
            return text, guessed
    if gb_text is not None:
        return gb_text, "gb18030"
    return body.decode("utf-8", errors="replace"), "utf-8"


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_HEAD_BYTES])
    return normalise_charset(match.group(1).decode("ascii")) if match else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value: Any) -> Any:
    """Decoded JSON with every lone surrogate replaced by U+FFFD: a page's JSON may escape half
    a character ("\\ud800"), and no UTF-8 file, database or PDF can carry one."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    return value


MAX_JSON_BYTES = 16 * 1024 * 1024


class UnreadableJson(ValueError):
    """A document that is not JSON we can read; its message says why, for the source's status."""


def json_document(text: str) -> Any:
    """A JSON document (an API's response, saved or live) as data: lone surrogates replaced,
    its size and nesting bounded. Raises UnreadableJson with the reason."""
    if len(text) > MAX_JSON_BYTES:
        raise UnreadableJson(f"JSON larger than {MAX_JSON_BYTES // (1024 * 1024)} MB")
    try:
        return without_lone_surrogates(json.loads(text))
    except RecursionError:
        raise UnreadableJson("JSON nested too deeply to read") from None
    except ValueError as exc:
        raise UnreadableJson(f"not valid JSON: {exc}") from None
