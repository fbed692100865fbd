"""The PDF: Chinese shows on a device with no Chinese fonts, and hostile text stays text."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pypdf
import pytest

from briefing.models import Amount, Article, Company, DateValue, Dossier, Executive, Overview, Project, Provenance, SourceReport, Visit
from briefing.rendering.pdf import render_pdf

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=BEIJING)
SRC = Provenance("site", "https://www.example.com.cn/about/", NOW, "sha256:00")

HOSTILE = [
    "R&D",
    "a<b",
    "</para>",
    '<img src="http://127.0.0.1:9/x.png"/>',
    "<font color=red>red</font>",
    '<a href="javascript:alert(1)">click</a>',
    "&amp;",
]


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def dossier(*facts, visit=None, sources=()) -> Dossier:
    return Dossier(Company("江苏恒远环保工程有限公司", ("恒远环保",)), NOW, tuple(facts), tuple(sources), visit)


def test_chinese_is_embedded_in_a_shipped_truetype_font():
    data = render_pdf(dossier(Executive("张建华", "董事长", SRC)))
    assert b"/FontFile2" in data  # TrueType outlines embedded, subset
    assert b"STSong" not in data and b"/Helvetica" not in data
    text = pdf_text(data)
    assert "张建华" in text and "董事长" in text and "江苏恒远环保工程有限公司" in text


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_printed_literally(hostile):
    facts = [
        Executive(f"{hostile}", f"董事长{hostile}", SRC),
        Article(f"标题{hostile}", "https://www.example.com.cn/n/1.html", SRC, published=DateValue("2024-04-28", "2024年04月28日")),
        Overview(f"公司简介{hostile}公司简介", f"摘要{hostile}", SRC),
        Project(f"项目{hostile}", SRC, buyer=hostile),
    ]
    data = render_pdf(dossier(*facts))
    text = pdf_text(data).replace("\n", "")
    assert hostile.replace(" ", "") in text.replace(" ", "")
    # the only links are the article's own address and its source's; nothing in the text made one
    assert set(re.findall(rb"/URI \((.*?)\)", data)) <= {b"https://www.example.com.cn/n/1.html", SRC.url.encode()}
    assert b"javascript" not in data.lower()
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data  # no image fetched


def test_long_chinese_lines_wrap_and_missing_glyphs_do_not_crash():
    long_line = "恒远环保" * 400
    rare = "𠀀𪚥😀\u200b"
    data = render_pdf(dossier(Overview(long_line + rare, long_line[:100], SRC), Executive("张三", "董事长" + rare, SRC)))
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2


def test_a_huge_cell_is_cut_with_a_visible_marker():
    huge = "超长单元格" * 40_000  # 200 KB
    data = render_pdf(dossier(Project(huge, SRC, buyer=huge, amount=Amount(__import__("decimal").Decimal(1), "1元"))))
    text = pdf_text(data)
    assert "…" in text
    assert len(data) < 2_000_000


def test_sources_and_their_state_are_shown():
    reports = (
        SourceReport("site", "https://www.example.com.cn/", "ok", pages=12, fetched_at=NOW),
        SourceReport("registry", "https://www.qcc.com/x", "stale", "timed out after 60 s"),
    )
    data = render_pdf(dossier(Executive("张建华", "董事长", SRC), sources=reports))
    text = pdf_text(data)
    assert "timed out after 60 s" in text
    assert "https://www.example.com.cn/about/" in text  # the cited source
    assert "[1]" in text


def test_english_brief():
    d = Dossier(Company("Acme"), NOW, (Executive("Zhang Wei", "Chairman", SRC),), (), None, "en")
    text = pdf_text(render_pdf(d))
    assert "Senior management" in text and "Questions to ask" in text


def test_visit_and_questions():
    visit = Visit(NOW, "会议室", agenda=("往期案例",))
    text = pdf_text(render_pdf(dossier(Executive("张建华", "董事长", SRC), visit=visit)))
    assert "往期案例" in text
    assert "张建华（董事长）" in text  # a found fact becomes a confirmation question
    assert "2026-11-27 20:00" in text  # the visit's zone, not UTC


def test_a_cell_with_hundreds_of_line_breaks_does_not_stop_the_pdf():
    tall = "某\n" * 400
    visit = Visit(NOW, "会议室", attendees=(__import__("briefing.models", fromlist=["Attendee"]).Attendee("李明", tall, tall),))
    data = render_pdf(dossier(Project(tall, SRC, buyer=tall), Executive("张三", tall, SRC), visit=visit))
    assert data.startswith(b"%PDF-")


def test_bidi_overrides_and_control_characters_never_print():
    data = render_pdf(dossier(Executive("张\u202e三", "董事长\x07", SRC)))
    text = pdf_text(data)
    assert "\u202e" not in text and "张三" in text


def test_json_has_only_documented_keys():
    item = Executive("张建华", "董事长", SRC).to_json()
    assert set(item) == {"name", "title", "company", "evidence", "source"}  # README, "The dossier as JSON"


def test_sources_not_read_are_named_on_the_first_page():
    reports = (
        SourceReport("site", "https://www.example.com.cn/", "ok", pages=3, fetched_at=NOW),
        SourceReport("notes", "/home/me/notes/acme.md", "skipped", "adapter 'notes' is not installed (see `briefing sources`)"),
    )
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(dossier(Executive("张建华", "董事长", SRC), sources=reports))))
    first = reader.pages[0].extract_text()
    assert "notes" in first and "not installed" in first and "内部笔记未能读取" in first


def test_registry_facts_and_the_funding_assessment_are_in_the_brief():
    from decimal import Decimal

    from briefing.models import Branch, Investment, Registration, Share, Shareholder

    reg = Provenance("registry", "https://www.qcc.com/firm/1.html", NOW, "sha256:01")
    facts = [
        Registration("name", "江苏恒远环保工程有限公司", "江苏恒远环保工程有限公司", reg),
        Registration("registered_capital", Amount(Decimal(108_000_000), "10800万元人民币"), "10800万元人民币", reg),
        Registration("paid_in_capital", Amount(Decimal(15_000_000), "1500万元人民币"), "1500万元人民币", reg),
        Registration("insured_employees", 8, "8", reg),
        Registration("outbound_investments", 5, "5", reg),
        Shareholder("江苏恒远控股集团有限公司", Share(0.86, "86.00%"), reg, Amount(Decimal(92_880_000), "9288万元")),
        Investment("宜兴恒远水务运营管理有限公司", reg, Share(1.0, "100%")),
        Branch("江苏恒远环保工程有限公司南京分公司", reg),
    ]
    text = pdf_text(render_pdf(dossier(*facts)))
    flat = text.replace("\n", "")
    assert "资金来源判断" in flat and "空壳" in flat
    assert "实缴资本1500万元人民币，仅为注册资本10800万元人民币的14%" in flat
    assert "参保人数仅8人" in flat
    assert "9288万元" in flat and "宜兴恒远水务运营管理有限公司（100%）等共 5 家" in flat
    assert "南京分公司" in flat and "工商登记的名称" not in flat


def test_a_registry_record_of_another_company_is_flagged():
    from briefing.models import Registration

    reg = Provenance("registry", "https://www.qcc.com/firm/2.html", NOW, "sha256:02")
    flat = pdf_text(render_pdf(dossier(Registration("name", "无锡别家水务有限公司", "无锡别家水务有限公司", reg)))).replace("\n", "")
    assert "工商登记的名称是「无锡别家水务有限公司」" in flat
