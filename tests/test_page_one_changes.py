"""Page 1 after a refresh: each "what changed" line cites its sources like every other fact; and
the PDF is dated with its dossier's build time (creation and modification), still byte-stable."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pypdf

from briefing.analysis.changes import compare
from briefing.models import Article, Company, DateValue, Dossier, Executive, Project, Provenance, Registration, SourceReport, Visit
from briefing.rendering.compose import compose
from briefing.rendering.document import Cite, Panel
from briefing.rendering.pdf import render_pdf

BEIJING = timezone(timedelta(hours=8))
BUILT = datetime(2026, 11, 27, 20, 0, tzinfo=BEIJING)
EARLIER = BUILT - timedelta(days=7)
SITE = Provenance("site", "https://www.example.com.cn/news/1.html", BUILT, "sha256:00", "新闻 - 恒远环保")
WECHAT = Provenance("wechat", "https://mp.weixin.qq.com/s/abc", BUILT, "sha256:01", "恒远环保公众号")
REGISTRY = Provenance("registry", "https://www.qcc.com/firm/1.html", BUILT, "sha256:02", "企查查")
COMPANY = Company("江苏恒远环保工程有限公司", ("恒远环保",))
REPORTS = tuple(SourceReport(p.adapter, p.url, "ok", pages=1, fetched_at=BUILT) for p in (SITE, WECHAT, REGISTRY))


def dossiers() -> tuple[Dossier, Dossier]:
    kept = (
        Registration("established", DateValue("2009-06-18", "2009-06-18"), "2009-06-18", REGISTRY),
        Executive("张建华", "董事长", REGISTRY),
    )
    old = Dossier(COMPANY, EARLIER, kept + (Executive("王五", "副总经理", REGISTRY),), REPORTS)
    news = Article("恒远环保与江南大学签署战略合作协议", SITE.url, SITE, published=DateValue("2026-11-25", "2026-11-25"),
                   also=(WECHAT,))
    won = Project("宜兴市周铁污水处理厂四期工程", REGISTRY, kind="tender_won", winner=COMPANY.name,
                  date=DateValue("2026-11-24", "2026-11-24"))
    new = Dossier(COMPANY, BUILT, kept + (news, won), REPORTS)
    return old, new


def test_each_change_on_page_one_cites_its_sources():
    old, new = dossiers()
    changes = compare(old.to_json(), new.to_json(), old.built_at)
    assert {c.kind for c in changes.items} == {"article", "event", "person_out"}
    document = compose(new, changes)
    panel = document.glance[0]
    assert isinstance(panel, Panel) and panel.tone == "alert"
    cited = {}
    for item in panel.items:
        text = "".join(p.text for p in item if not isinstance(p, Cite))
        cited[text] = [document.sources[p.number - 1].url for p in item if isinstance(p, Cite)]
    by_kind = dict(zip((c.kind for c in changes.items), cited.values()))
    assert by_kind["article"] == [SITE.url, WECHAT.url]  # one piece of news, both its sources
    assert by_kind["event"] == [REGISTRY.url]
    assert by_kind["person_out"] == [REGISTRY.url]  # the page that listed them, read again without them


def test_the_cites_show_on_the_printed_page_one():
    old, new = dossiers()
    changes = compare(old.to_json(), new.to_json(), old.built_at)
    first = pypdf.PdfReader(io.BytesIO(render_pdf(new, changes=changes))).pages[0].extract_text().replace("\n", "")
    assert re.search(r"与江南大学签署战略合作协议」[^[「]{0,20}\[\d+\] \[\d+\]", first), first
    assert re.search(r"周铁污水处理厂四期工程[^[「]{0,20}\[\d+\]", first), first


def test_a_change_from_a_page_no_fact_was_read_from_is_not_cited():
    old, new = dossiers()
    changes = compare(old.to_json(), new.to_json(), old.built_at)
    stray = replace(changes, items=tuple(replace(c, source_url="https://elsewhere.example/", also=()) for c in changes.items))
    panel = compose(new, stray).glance[0]
    assert isinstance(panel, Panel) and not any(isinstance(p, Cite) for item in panel.items for p in item)


def test_the_pdf_is_dated_with_the_dossiers_build_time_and_stays_byte_stable():
    _, new = dossiers()
    data = render_pdf(new)
    info = pypdf.PdfReader(io.BytesIO(data)).metadata
    # without a visit the brief reads on the machine's clock; the moment is the build time either way
    assert info["/CreationDate"] == info["/ModDate"] and info.creation_date == BUILT
    assert render_pdf(new) == data  # the same dossier, the same bytes
    later = pypdf.PdfReader(io.BytesIO(render_pdf(replace(new, built_at=BUILT + timedelta(hours=1))))).metadata
    assert later.modification_date == BUILT + timedelta(hours=1)


def test_with_a_visit_the_date_is_on_the_visits_clock():
    _, new = dossiers()
    visit = Visit(datetime(2026, 11, 28, 9, 30, tzinfo=BEIJING), "宜兴", (), ())
    info = pypdf.PdfReader(io.BytesIO(render_pdf(replace(new, visit=visit, built_at=BUILT.astimezone(timezone.utc))))).metadata
    assert info["/CreationDate"] == "D:20261127200000+08'00'"
