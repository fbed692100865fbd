"""RSS and Atom feeds, read with feedparser, with Chinese dates on the right instant.

feedparser silently misreads Chinese dates (2024年04月28日 becomes 2024-11-01) and takes times
without a zone for UTC. Feeds from Chinese sites and WeChat bridges write both, so every date is
read here: RFC 822 and ISO 8601 with their own zone when they have one, Beijing time when not,
and a date without a time stays a date. The same reading is registered as feedparser's first date
handler, so its `*_parsed` fields agree.
"""

from __future__ import annotations

import email.utils
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import feedparser
from bs4 import BeautifulSoup

from briefing.models import DateValue
from briefing.toolkit.normalise import BEIJING, find_moment

MAX_ENTRIES = 200
MAX_SUMMARY = 200_000  # characters of one entry's HTML kept for reading events

_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S | re.I)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str
    published: DateValue | None
    author: str
    html: str  # the entry's content or summary, as HTML


@dataclass(frozen=True)
class Feed:
    title: str
    entries: tuple[FeedEntry, ...]


def looks_like_feed(body: bytes, content_type: str) -> bool:
    kind = content_type.lower()
    if any(word in kind for word in ("rss", "atom", "/xml", "+xml")):
        return True
    return bool(_FEED_START.match(body[:4096]))


def feed_date(raw: str) -> DateValue | None:
    """A feed's date string as a date or an instant; zone-less times are Beijing time."""
    text = (raw or "").strip()
    if not text:
        return None
    if re.match(r"^[A-Za-z]{3},?\s+\d|^\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text) and not re.search(r"\b[AP]M\s*$", text, re.I):  # RFC 822
        # CST on a Chinese site is China Standard Time, not US Central; BJT and unknown
        # abbreviations are Beijing time too (parsedate_tz would call them UTC)
        text_zone = re.search(r"\d{1,2}:\d{2}(?::\d{2})?\s+(?P<zone>[A-Za-z]{1,5}|[+-]\d{4})\s*$", text)
        known = {"GMT", "UT", "UTC", "Z"}
        cleaned = text
        if text_zone and text_zone.group("zone").isalpha() and text_zone.group("zone").upper() not in known:
            cleaned = text[: text_zone.start("zone")].rstrip()
            text_zone = None
        parts = email.utils.parsedate_tz(cleaned)
        if parts is not None:
            try:  # parsedate_tz says 0 (UTC) for a time with no zone at all: we looked ourselves
                zone = timezone(timedelta(seconds=parts[9] or 0)) if text_zone else BEIJING
                moment = datetime(*parts[:6], tzinfo=zone)
            except (ValueError, OverflowError):
                return None  # +2500 and the like: no date for this entry, the feed still reads
            has_time = bool(re.search(r"\d{1,2}:\d{2}", text))
            value = moment.astimezone(BEIJING).isoformat() if has_time else moment.date().isoformat()
            return DateValue(value, text)
    return find_moment(text)


def _handler(raw: str) -> time.struct_time | None:
    found = feed_date(raw)
    if found is None:
        return None
    if "T" in found.value:
        return datetime.fromisoformat(found.value).astimezone(timezone.utc).timetuple()
    return datetime.fromisoformat(found.value).replace(tzinfo=BEIJING).astimezone(timezone.utc).timetuple()


feedparser.registerDateHandler(_handler)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html or "", "lxml").get_text(" ", strip=True)).strip()


def parse_feed(body: bytes, charset: str = "") -> Feed | None:
    """The feed in `body` (bytes, so feedparser reads the XML declaration's encoding); None if it
    is not one. feedparser is handed bytes only: a string could be taken for a URL and fetched."""
    headers = {"content-type": f"application/xml; charset={charset}"} if charset and charset not in ("utf-8", "binary") else None
    if headers and re.match(rb"\s*<\?xml[^>]*encoding=", body[:200]):
        headers = None  # the XML declaration names its encoding: it is the one that counts
    parsed = feedparser.parse(bytes(body), resolve_relative_uris=False, sanitize_html=True, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        return None
    entries = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        # dict.get: FeedParserDict.get("published") falls back to "updated" with a warning
        raw_date = dict.get(entry, "published") or dict.get(entry, "updated") or dict.get(entry, "created") or ""
        content = entry.get("content") or []
        html = (content[0].get("value") if content else "") or entry.get("summary", "")
        entries.append(FeedEntry(
            title=_text(entry.get("title", ""))[:300],
            link=str(entry.get("link", "")).strip(),
            published=feed_date(raw_date),
            author=_text(entry.get("author", ""))[:100],
            html=html[:MAX_SUMMARY],
        ))
    return Feed(_text(parsed.feed.get("title", ""))[:200], tuple(entries))
