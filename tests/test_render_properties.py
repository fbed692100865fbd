"""Rendering under arbitrary input (hypothesis): any Unicode, markup fragments and huge strings in
every field of a dossier give a valid PDF and Markdown, fetch nothing, and link only to sources."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pypdf
from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.rendering.compose import MAX_CELL, MAX_PARAGRAPH
from briefing.rendering.document import is_linkable
from briefing.rendering.markdown import render_markdown
from briefing.models import (
    Amount, Article, Attendee, Company, DateValue, Dossier, Executive, Note, Overview, Project, Provenance, Registration,
    Share, Shareholder, SourceReport, Visit,
)
from briefing.rendering.pdf import render_pdf

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=timezone(timedelta(hours=8)))
FRAGMENTS = ["<", ">", "&", "&amp;", "</para>", "<b>", "<img src='http://127.0.0.1:9/x'/>", '<a href="javascript:x">',
             "<font name=Helvetica>", "\n", "\u202e", "\x00", "**", "[x](http://evil)", "#", "|", "`", "\\", "%PDF"]
# Huge: longer than the longest cut the brief makes (MAX_PARAGRAPH), so every field's cut is met,
# and at most three times that: a longer string meets the same cuts, only slower (at up to
# 100 000 characters an example could take minutes in reportlab's line breaking).
HUGE = (MAX_PARAGRAPH + 1, 3 * MAX_PARAGRAPH)
assert MAX_CELL < HUGE[0]
text = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=10)), max_size=12).map("".join),
    st.builds(lambda s, n: (s * n)[:n], st.text(min_size=1, max_size=5), st.integers(*HUGE)),  # huge
)
urls = st.one_of(st.sampled_from(["https://www.example.com.cn/a", "javascript:alert(1)", "file:///etc/passwd",
                                  "http://127.0.0.1:9/x", "https://e.com/a\n", "data:text/html,x"]), text)


@st.composite
def dossiers(draw) -> Dossier:  # type: ignore[no-untyped-def]
    def src() -> Provenance:
        return Provenance(draw(st.sampled_from(["site", "registry", "wechat", "notes"])), draw(urls) or "x", NOW, "sha256:0", draw(text))

    facts = [
        Overview(draw(text), draw(text), src()),
        Registration("registered_capital", Amount(Decimal(1000), draw(text)), draw(text), src()),
        Registration("status", draw(text), draw(text), src()),
        Shareholder(draw(text) or "x", Share(draw(st.floats(0, 1)), draw(text)), src()),
        Executive(draw(text), draw(text), src()),
        Project(draw(text) or "项目", src(), buyer=draw(text), winner=draw(text), amount=Amount(Decimal(1), draw(text)),
                funding_source=draw(text), date=DateValue("2024-05-01", "2024-05-01"), kind=draw(st.sampled_from(["", "award", "tender_won"]))),
        Article(draw(text), draw(urls), src(), account=draw(text), published=DateValue("2024-05-16", "2024-05-16")),
        Note(draw(text), draw(text), src(), None, draw(st.sampled_from(["", "funding", "decision"]))),
    ]
    visit = Visit(NOW, draw(text), (Attendee(draw(text) or "x", draw(text), draw(text)),), (draw(text),))
    reports = (SourceReport("site", draw(text), draw(st.sampled_from(["ok", "stale", "blocked", "gone"])), draw(text)),)
    return Dossier(Company(draw(text) or "某公司", (draw(text),)), NOW, tuple(facts), reports, visit, draw(st.sampled_from(["zh", "en"])))


# Ten dossiers, every field drawn (some huge), portrait or landscape: each takes a PDF render
# of about half a second, so the whole test a few seconds.
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dossiers(), st.booleans())
def test_any_dossier_renders_to_a_valid_pdf_that_links_only_to_sources(dossier, landscape):
    data = render_pdf(dossier, landscape=landscape)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    assert b"/Subtype /Image" not in data  # nothing fetched or embedded
    allowed = {f.source.url for f in dossier.facts} | {getattr(f, "url", "") for f in dossier.facts}
    links = {annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots") or []
             if "/A" in annot.get_object()}
    assert all(is_linkable(u) and u in allowed for u in links)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dossiers())
def test_any_dossier_renders_to_markdown_with_links_only_to_sources(dossier):
    out = render_markdown(dossier).decode("utf-8")
    allowed = {f.source.url for f in dossier.facts} | {getattr(f, "url", "") for f in dossier.facts}
    for target in re.findall(r"(?<!\\)\]\(<([^>]*)>\)", out):
        assert is_linkable(target) and target in allowed
    assert not re.search(r"(?<!\\)<(?:img|a|script)", out)
