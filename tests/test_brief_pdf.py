"""The iPad brief read back from the PDF: pages, outline, links, fonts, text order, determinism.

Every check reads the produced file with pypdf, as a reader's device would, not the code that
made it.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pypdf
import pytest

from briefing.rendering.markdown import render_markdown
from briefing.models import (
    Amount,
    Article,
    Attendee,
    Company,
    DateValue,
    Dossier,
    Executive,
    Overview,
    Project,
    Provenance,
    Registration,
    Share,
    Shareholder,
    SourceReport,
    Visit,
)
from briefing.rendering.pdf import render_pdf

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=BEIJING)
SITE = Provenance("site", "https://www.example.com.cn/about/", NOW, "sha256:00", "关于我们 - 恒远环保")
REG = Provenance("registry", "https://www.qcc.com/firm/1.html", NOW, "sha256:01", "江苏恒远环保工程有限公司 - 企查查")
NEWS = Provenance("wechat", "https://mp.weixin.qq.com/s/abc", NOW, "sha256:02")
TENDER = Provenance("tenders", "http://www.ccgp-jiangsu.gov.cn/a/1.html", NOW, "sha256:03")
COMPANY = Company("江苏恒远环保工程有限公司", ("恒远环保",))
VISIT = Visit(
    datetime(2026, 11, 28, 9, 30, tzinfo=BEIJING),
    "宜兴市环科园绿园路 8 号",
    (Attendee("李明", "总经理", "总经理办公室"), Attendee("周静", "采购部经理", "采购部")),
    ("往期案例", "技术路线", "实施周期"),
)
REPORTS = (
    SourceReport("site", "https://www.example.com.cn/", "ok", pages=3, fetched_at=NOW),
    SourceReport("registry", "https://www.qcc.com/firm/1.html", "ok", pages=1, fetched_at=NOW),
    SourceReport("wechat", "https://mp.weixin.qq.com/s/abc", "ok", pages=1, fetched_at=NOW),
    SourceReport("tenders", "http://www.ccgp-jiangsu.gov.cn/a/1.html", "stale", "timed out after 30 s"),
)


def rich_dossier(**changes) -> Dossier:
    facts = (
        Overview("江苏恒远环保工程有限公司专业从事工业废水处理。" * 30, "江苏恒远环保工程有限公司专业从事工业废水处理。", SITE),
        Registration("established", DateValue("2009-06-18", "2009-06-18"), "2009-06-18", REG),
        Registration("registered_capital", Amount(Decimal("108000000"), "10800万元人民币"), "10800万元人民币", REG),
        Registration("paid_in_capital", Amount(Decimal("15000000"), "1500万元人民币"), "1500万元人民币", REG),
        Registration("insured_employees", 8, "8人", REG),
        Registration("actual_controller", "张建华", "张建华", REG),
        Shareholder("江苏恒远控股集团有限公司", Share(0.86, "86.00%"), REG),
        Shareholder("张建华", Share(0.14, "14.00%"), REG),
        Executive("李明", "总经理", SITE),
        Executive("张建华", "董事长", REG),
        Project("常州市武进区工业污水处理厂提标改造工程", NEWS, winner="江苏恒远环保工程有限公司", kind="tender_won",
                amount=Amount(Decimal("86500000"), "8,650万元"), date=DateValue("2024-05-14", "2024年5月14日"), evidence="公司中标常州市武进区工业污水处理厂提标改造工程"),
        Project("宜兴市污泥处置设备采购项目", TENDER, buyer="江苏恒远环保工程有限公司", winner="无锡清源设备有限公司", kind="award",
                amount=Amount(Decimal("3200000"), "320万元"), date=DateValue("2023-08-01", "2023-08-01")),
        Article("恒远环保中标常州市武进区工业污水处理厂提标改造工程", NEWS.url, NEWS, account="恒远环保",
                published=DateValue("2024-05-16T10:00:00+08:00", "2024-05-16 10:00")),
        Article("恒远环保因超标排放被处罚款20万元", "https://news.example.com/2.html", NEWS, published=DateValue("2024-03-01", "2024-03-01")),
    )
    return replace(Dossier(COMPANY, NOW, facts, REPORTS, VISIT), **changes)


def read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def outline_titles(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items) -> None:  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def annotations(reader: pypdf.PdfReader) -> list[dict]:  # type: ignore[type-arg]
    found = []
    for number, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            found.append({"page": number, **{k: annot[k] for k in annot}})
    return found


@pytest.fixture(scope="module")
def brief() -> bytes:
    return render_pdf(rich_dossier())


def test_portrait_pages_have_ipad_proportions(brief):
    for page in read(brief).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert 1.33 <= height / width <= 1.45


def test_landscape_on_request():
    reader = read(render_pdf(rich_dossier(), landscape=True))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert 1.33 <= width / height <= 1.45


@pytest.mark.parametrize("landscape", [False, True])
def test_a_full_width_line_holds_at_most_about_40_chinese_characters(landscape):
    long_text = "恒远环保专业从事工业废水处理和市政污水处理" * 40
    data = render_pdf(rich_dossier(facts=(Overview(long_text, "摘要", SITE),)), landscape=landscape)
    lines = [line for page in read(data).pages for line in (page.extract_text() or "").splitlines()]
    body = [line for line in lines if line and set(line) <= set("恒远环保专业从事工业废水处理和市政污水处理")]
    assert body, "the overview's lines were not found"
    longest = max(len(line) for line in body)
    assert 25 <= longest <= 42


def test_every_section_is_an_outline_entry(brief):
    titles = outline_titles(read(brief))
    for expected in ("一页看懂", "目录", "一、我们已知（内部）", "二、公开信息", "公司概况", "工商登记", "股东与资金来源", "高层",
                     "历史项目与案例", "近期动态", "竞争与供应商", "三、电话约定", "四、拜访时要问", "信息来源"):
        assert expected in titles
    assert titles.index("公司概况") > titles.index("二、公开信息") > titles.index("一、我们已知（内部）")


def test_contents_entries_and_citations_are_links_inside_the_document(brief):
    reader = read(brief)
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    internal = [(a["page"], page_of[a["/Dest"][0].idnum]) for a in annotations(reader) if "/Dest" in a]
    contents_page = 1
    assert "目录" in reader.pages[contents_page].extract_text()
    targets = [to for at, to in internal if at == contents_page]
    assert len(targets) >= 12 and len(set(targets)) >= 6  # one per contents line, to the sections' pages
    last = len(reader.pages) - 1
    cites = [to for at, to in internal if at == 0]
    assert len(cites) >= 3 and all(to >= last - 1 for to in cites)  # page 1's [n] lead to the sources list


@pytest.mark.parametrize("landscape", [False, True])
def test_each_contents_line_shows_the_page_its_section_starts_on(landscape):
    """The page numbers are filled in as the sections are placed, in one layout pass."""
    reader = read(render_pdf(rich_dossier(), landscape=landscape))
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    contents_page = 1
    targets = [page_of[a["/Dest"][0].idnum] + 1 for a in annotations(reader) if "/Dest" in a and a["page"] == contents_page]
    text = (reader.pages[contents_page].extract_text() or "").split("目录", 1)[1]
    shown = [int(number) for number in re.findall(r"(?m)^\s*(\d+)\s*$", text)][:len(targets)]  # each line's number, alone
    assert len(targets) >= 12
    assert shown == targets


def test_web_links_are_only_http_and_only_the_sources(brief):
    uris = {a["/A"]["/URI"] for a in annotations(read(brief)) if "/A" in a and "/URI" in a["/A"]}
    assert uris, "source addresses should be links"
    assert all(re.match(r"^https?://", u) for u in uris)
    assert uris <= {SITE.url, REG.url, NEWS.url, TENDER.url, "https://news.example.com/2.html"}


def test_every_font_is_embedded_and_a_real_bold_is_used(brief):
    reader = read(brief)
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            names.add(font["/BaseFont"])
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), f"{font['/BaseFont']} is not embedded"
    assert any("NotoSansSC-Bold" in n for n in names) and any("NotoSansSC-Regular" in n for n in names)
    assert not any("Helvetica" in n or "Times" in n for n in names)


def test_page_one_is_the_brief_at_a_glance_in_reading_order(brief):
    first = read(brief).pages[0].extract_text()
    order = ["江苏恒远环保工程有限公司", "本次拜访", "2026-11-28 09:30", "李明（总经理）", "往期案例",
             "可以提到的五件事", "注意", "这次必须问清的三件事"]
    positions = [first.find(item) for item in order]
    assert -1 not in positions, dict(zip(order, positions))
    assert positions == sorted(positions)


def test_page_one_red_flags(brief):
    first = read(brief).pages[0].extract_text().replace("\n", "")
    assert "空壳风险" in first  # 8 insured, 14% paid in, a controlling parent
    assert "负面消息" in first and "被处罚款" in first
    assert "tenders" in first and "timed out after 30 s" in first  # a stale source


def test_page_one_facts_carry_their_sources(brief):
    first = read(brief).pages[0].extract_text().replace("\n", "")
    assert "成立于 2009-06-18" in first and "[1]" in first
    assert "中标「常州市武进区工业污水处理厂提标改造工程」" in first


def test_sections_follow_the_visit_method(brief):
    reader = read(brief)
    titles: list[tuple[str, int]] = []

    def walk(items) -> None:  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    order = ["一页看懂", "目录", "一、我们已知（内部）", "二、公开信息", "公司概况", "工商登记", "股东与资金来源", "高层", "历史项目与案例",
             "近期动态", "竞争与供应商", "三、电话约定", "四、拜访时要问", "信息来源"]
    assert [t for t, _ in titles] == order
    pages = [page for _, page in titles]
    assert pages == sorted(pages) and pages[0] == 0 and pages[1] == 1
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert text.rfind("顺路拜访的部门") > text.rfind("四、拜访时要问")


def test_an_empty_section_says_what_was_searched():
    data = render_pdf(rich_dossier(facts=(Executive("李明", "总经理", SITE),)))
    text = "".join(page.extract_text() for page in read(data).pages).replace("\n", "")
    assert "已查：registry（www.qcc.com）；未找到。" in text  # 工商登记
    assert "tenders（www.ccgp-jiangsu.gov.cn）" in text and "timed out after 30 s" in text  # named with why it failed


def test_the_ownership_diagram_and_the_timeline_are_drawn(brief):
    reader = read(brief)
    owners_page = next(p for p in reader.pages if "股权结构图" in (p.extract_text() or ""))
    text = owners_page.extract_text()
    assert "86.00%" in text and "实际控制人" in text and "客户" in text
    timeline_page = next(p for p in reader.pages if "项目与动态，按时间排列" in (p.extract_text() or ""))
    assert "2024-05-14" in timeline_page.extract_text() and "客户中标" in timeline_page.extract_text()


def test_attendees_are_matched_to_research(brief):
    text = "".join(page.extract_text() for page in read(brief).pages).replace("\n", "")
    assert "李明" in text and "公开信息中没有找到此人" in text  # 周静 is not in the record


def test_every_page_has_its_number_and_the_brief_date(brief):
    for number, page in enumerate(read(brief).pages, start=1):
        text = page.extract_text()
        assert f"第 {number} 页" in text and "2026-11-27 20:00" in text


def test_the_sources_page_gives_title_address_time_and_state(brief):
    text = read(brief).pages[-1].extract_text().replace("\n", "")
    assert "江苏恒远环保工程有限公司 - 企查查" in text and REG.url in text
    assert "读取于 2026-11-27 20:00" in text
    assert "过期" in text  # the tenders source's state


def test_the_same_dossier_gives_the_same_bytes():
    assert render_pdf(rich_dossier()) == render_pdf(rich_dossier())
    assert render_pdf(rich_dossier()) != render_pdf(rich_dossier(built_at=NOW + timedelta(hours=1)))


def test_a_typical_brief_is_well_under_a_megabyte(brief):
    assert len(brief) < 500_000


def test_english_labels_around_chinese_facts():
    data = render_pdf(rich_dossier(language="en"))
    first = read(data).pages[0].extract_text().replace("\n", " ")
    assert "At a glance" in first and "Five things worth mentioning" in first and "江苏恒远环保工程有限公司" in first
    assert "Questions to ask" in " ".join(outline_titles(read(data)))


def test_markdown_has_the_same_sections_and_no_live_markup():
    hostile = '[click](javascript:alert(1)) <img src=x> **bold** # heading http://evil.example'
    d = rich_dossier()
    d = replace(d, facts=d.facts + (Executive(hostile, "董事", SITE),))
    text = render_markdown(d).decode("utf-8")
    for heading in ("## 一、我们已知（内部）", "### 公司概况", "### 股东与资金来源", "## 四、拜访时要问", "## 信息来源"):
        assert heading in text
    assert not re.search(r"(?<!\\)\]\(javascript", text) and not re.search(r"(?<!\\)<img", text) and "\\*\\*bold\\*\\*" in text
    assert "http\\://evil.example" in text  # no bare address left for a chat app to link
    assert "[恒远环保中标常州市武进区工业污水处理厂提标改造工程](<https://mp.weixin.qq.com/s/abc>)" in text


def test_a_project_named_by_a_hundred_sources_does_not_stop_the_pdf():
    pages = tuple(Provenance("news", f"https://news.example.com/{n}.html", NOW, f"sha256:{n}") for n in range(100))
    project = Project("常州市武进区工业污水处理厂提标改造工程", TENDER, amount=Amount(Decimal(1), "1\n" * 300), also=pages)
    for landscape in (False, True):
        data = render_pdf(rich_dossier(facts=(project,)), landscape=landscape)
        assert "+94" in "".join(p.extract_text() for p in read(data).pages)  # 7 of 101 numbers shown, then how many more


def test_a_link_with_a_trailing_newline_is_not_a_link():
    from briefing.rendering.document import is_linkable

    assert not is_linkable("https://e.com/a\n") and is_linkable("https://e.com/a")
    assert not is_linkable("https://e.com/" + "a" * 3000)


def test_a_western_word_ending_in_st_is_not_a_delisting():
    from briefing.analysis.glance import flags

    src = NEWS
    titles = ("恒远环保亮相 WEST CHINA 环保博览会", "恒远环保 FIRST 膜产品下线", "*ST恒远 被实施退市风险警示")
    d = rich_dossier(facts=tuple(Article(t, f"https://a.cn/{n}", src) for n, t in enumerate(titles)), sources=())
    assert [f.words["title"] for f in flags(d, []) if f.kind == "news"] == ["*ST恒远 被实施退市风险警示"]


def test_markdown_line_starts_entities_and_mail_addresses_stay_text():
    from briefing.rendering.markdown import md

    assert md("第一行\n # 伪造标题\n - 伪造列表\n 1. 编号", lines=True) == "第一行\n \\# 伪造标题\n \\- 伪造列表\n \\1. 编号"
    assert md("AT&amp;T &#x202E;exe") == "AT\\&amp;T \\&#x202E;exe"
    assert md("sales@evil.com") == "sales\\@evil.com"
