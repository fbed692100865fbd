"""What an adapter read from a page, kept so that an unchanged page is not read twice.

A warm refresh gets a 304 for most pages, and parsing them again would give the same facts for
a quarter of a second of CPU per dozen pages. A reading is kept under a key that covers all that
`parse` depends on: the adapter's code (its module and Briefing's own, by size and modification
time), the request, and the page as decoded (final URL, bytes, encoding, content type, status).
When it is used again, the facts it holds are re-dated to the page's new fetch.

The codec knows only the types an adapter returns (briefing.models, Request, Parsed) and builds
nothing else: the store is a file, and reading a file back must never run code (so, no pickle).
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
import os
import sys
import zlib
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing import models
from briefing.toolkit.adapter import Parsed, Request
from briefing.models import Page, Provenance

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        models.Provenance, models.DateValue, models.Amount, models.Share, models.Company,
        models.Overview, models.Registration, models.Shareholder, models.Investment, models.Branch,
        models.Executive, models.Project, models.Bid, models.Financing, models.Article, models.Note,
        Request, Parsed,
    )
}


class Unkeepable(ValueError):
    """A reading holds a value the codec does not know (a third-party type): it is not kept."""


def encode(value: Any) -> Any:
    """`value` as JSON data, every container and class tagged."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: encode(v) for k, v in value.items()}}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and _CLASSES.get(name) is type(value):
        return {"class": name, "fields": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise Unkeepable(f"cannot keep a {type(value).__qualname__}")


def decode(data: Any, page: Page | None = None) -> Any:
    """The value `encode` gave `data` for; a Provenance of `page`'s bytes gets `page`'s fetch time."""
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if not isinstance(data, dict) or len(data) != (2 if "class" in data else 1):
        raise ValueError("not a kept reading")
    if "class" in data:
        cls = _CLASSES[data["class"]]  # a KeyError for anything else
        values = {name: decode(v, page) for name, v in data["fields"].items()}
        if cls is Provenance and page is not None and values["url"] == page.url and values["content_hash"] == page.content_hash:
            values["fetched_at"] = page.fetched_at  # the same bytes, read again now
        return cls(**values)
    (tag, inner), = data.items()
    if tag == "tuple":
        return tuple(decode(v, page) for v in inner)
    if tag == "list":
        return [decode(v, page) for v in inner]
    if tag == "dict":
        return {k: decode(v, page) for k, v in inner.items()}
    if tag == "datetime":
        return datetime.fromisoformat(inner)
    if tag == "date":
        return date.fromisoformat(inner)
    if tag == "decimal":
        return Decimal(inner)
    raise ValueError(f"not a kept reading: {tag}")


def request_id(adapter_name: str, request: Request) -> str:
    """Which reading a new one replaces: the same adapter asked for the same page, for the same company."""
    return hashlib.sha256(json.dumps([adapter_name, encode(request)], ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def reading_key(adapter: object, page: Page, request: Request) -> str:
    """Everything `adapter.parse(page, request)` depends on, hashed."""
    parts = [code_fingerprint(type(adapter)), encode(request), page.url, page.content_hash, page.encoding,
             page.content_type, page.status]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def code_fingerprint(adapter_class: type) -> str:
    """What the adapter's reading depends on besides its input: the class; the size and
    modification time of every module of its package (a built-in's own package under `sources`,
    a third party's top-level package, or a lone module's file) and of what adapters share (the
    toolkit and the models it returns); and the installed distributions with their versions (the
    parsers beneath: trafilatura, lxml, bs4...). An upgrade or an edit there reads pages afresh;
    an edit to the renderer, the analysis or the store does not."""
    digest = hashlib.sha256(f"{adapter_class.__module__}.{adapter_class.__qualname__}\n".encode())
    sources = {*_source_files(adapter_class.__module__), *_shared_files()}
    for path in sorted(sources):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    for name in _installed():
        digest.update(f"{name}\n".encode())
    return digest.hexdigest()


def _shared_files() -> list[Path]:
    """What every adapter's reading depends on: the toolkit, and the models and errors it returns."""
    here = Path(__file__).resolve().parent.parent  # briefing/
    return [*(here / "toolkit").rglob("*.py"), here / "models.py", here / "errors.py"]


def _source_files(module: str) -> list[Path]:
    """The modules of the adapter's package: for a built-in (`sources.site.adapter`) its own
    package (`sources/site/`), so that editing one adapter keeps the others' readings; for a third
    party its top-level package; a lone module's own file (its folder is site-packages, whose
    every file is not its code)."""
    parts = module.split(".")
    top = sys.modules.get(".".join(parts[:2]) if parts[0] == "sources" and len(parts) > 2 else parts[0])
    try:
        file = Path(inspect.getfile(top)).resolve() if top is not None else None
    except TypeError:  # built in, or defined where there is no file
        return []
    if file is None:
        return []
    return list(file.parent.rglob("*.py")) if hasattr(top, "__path__") else [file]


def _installed() -> list[str]:
    """The installed distributions as their metadata folders name them ("lxml-5.3.0.dist-info"):
    a listing of each folder on the path, not a read of every METADATA file."""
    names = []
    for entry in sys.path:
        try:
            names += [n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return sorted(names)


@dataclasses.dataclass(frozen=True)
class Reading:
    """Where a page's reading is kept (`request`, see request_id), what it must match (`key`), and
    the reading kept there last time if it does (`kept`)."""

    request: str
    key: str
    kept: bytes | None


def read_page(adapter: Any, page: Page, request: Request, reading: Reading | None) -> tuple[Parsed, bool]:
    """The kept reading if there is one and it reads back, else `adapter.parse`; and whether it
    was the kept one. Runs in the parse worker."""
    if reading is not None and reading.kept is not None:
        recalled = unpack(reading.kept, page)
        if recalled is not None:
            return recalled, True
    return adapter.parse(page, request), False


def pack_if_known(parsed: Parsed) -> bytes | None:
    """`pack`, or None for a reading that cannot be kept (a plugin's own types): its page is
    simply parsed every time."""
    try:
        return pack(parsed)
    except (Unkeepable, ValueError, TypeError, RecursionError):
        return None


def pack(parsed: Parsed) -> bytes:
    # ASCII JSON: text from the web may hold lone surrogates, which UTF-8 cannot carry
    return zlib.compress(json.dumps(encode(parsed)).encode("ascii"), 6)


def unpack(data: bytes, page: Page) -> Parsed | None:
    """The kept reading, re-dated to `page`; None if it cannot be read back (then the page is parsed)."""
    try:
        parsed = decode(json.loads(zlib.decompress(data)), page)
    except Exception:  # a damaged or doctored row: the page is parsed afresh
        return None
    return parsed if _well_formed(parsed) else None


_FACT_CLASSES = tuple(cls for cls in _CLASSES.values() if hasattr(cls, "section"))


def _well_formed(parsed: Any) -> bool:
    return (isinstance(parsed, Parsed) and isinstance(parsed.facts, tuple) and isinstance(parsed.follow, tuple)
            and all(isinstance(f, _FACT_CLASSES) for f in parsed.facts)
            and all(isinstance(r, Request) and isinstance(r.url, str) for r in parsed.follow))
