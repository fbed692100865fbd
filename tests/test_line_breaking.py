"""Chinese line breaking (W3C clreq, JIS X 4051 kinsoku), checked on the brief's own lines.

Each PDF is read back twice: with pypdf, as a reader's device extracts its lines, and as the lines
reportlab drew (every paragraph's broken lines, recorded while the PDF is printed), which also
says where a paragraph begins, so a paragraph that opens with … is not taken for a bad break.
Rules: no line begins with closing or middle punctuation, none ends with opening punctuation, a
number stays with its unit, a Latin word or number is not cut, and every line fits its width.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import pypdf
import pytest

from briefing.rendering import linebreak
from briefing.rendering.document import Bullets, Document, Panel, Para, Section, Table, plain
from briefing.rendering.linebreak import CANNOT_END, CANNOT_START, BriefParagraph, break_lines
from briefing.rendering.pdf import PageSetup, print_pdf
from briefing.words import LABELS

# what the issue names, written out here rather than taken from the module under test
MUST_NOT_START = set("，。、；：？！）」』】〕〉》”’…—,.;:?!)]}")
MUST_NOT_END = set("（「『【〔〈《“‘([{")
UNIT_HEADS = set("万亿千百元年月日号个人家名台套件项次倍米吨天周岁座期届位层条篇份户股%％")
SENTENCES = (
    "公司2023年实现营业收入6.8亿元，同比增长30%；其中MBR膜组件（含AAO+MBBR工艺）销售额为3.5亿元。",
    "总经理说：“明年扩建项目的预算约500万元，走集团统一招标吗？”他没有回答！",
    "《江苏省水处理装备工程技术研究中心》——累计承接工程300余项……",
    "他问：「何时签约？」『下周吧！』【重要】〈注意〉（见附件）、（另见说明）。",
    "截至2019年底，员工420余人、高级职称38人；日处理规模约38万吨，注册资本10,800万元人民币。",
    "合作伙伴Hengyuan Environmental Engineering Co., Ltd.的网站是https://www.example.com.cn/about/，电话0510-87654321。",
)
TOKENS = ("2023年", "6.8亿元", "30%", "3.5亿元", "500万元", "300余项", "2019年", "420余人", "38人", "38万吨",
          "10,800万元人民币", "Hengyuan", "Environmental", "Engineering", "AAO+MBBR", "0510-87654321")
BEIJING = timezone(timedelta(hours=8))


@dataclass
class DrawnLine:
    text: str
    first: bool  # the first line of a paragraph, or the first after a forced break
    width: float
    room: float


def shifted_paragraphs(count: int = 24) -> list[str]:
    """The sentences shifted by one character per paragraph: every mark meets every line end."""
    return ["恒" * shift + "".join(SENTENCES[shift % 3:] + SENTENCES[:shift % 3]) for shift in range(count)]


def document(paragraphs: list[str], language: str = "zh") -> Document:
    cells = tuple((plain(SENTENCES[n % 6]), plain(SENTENCES[(n + 1) % 6]), plain(SENTENCES[(n + 2) % 6])) for n in range(6))
    sections = [
        Section("text", "正文", 1, [Para(plain(p)) for p in paragraphs]),
        Section("list", "要点", 2, [Bullets(tuple(plain(s) for s in SENTENCES))]),
        Section("cells", "表格", 2, [Table(("一", "二", "三"), cells, (0.2, 0.3, 0.5))]),
    ]
    return Document(language, "拜访简报", "江苏恒远环保工程有限公司", ("恒远环保",),
                    [Panel("可以提到的事", tuple(plain(s) for s in SENTENCES), "info", numbered=True),
                     Panel("注意", tuple(plain(s) for s in SENTENCES[3:]), "alert")], sections,
                    "信息来源", (), (), "2026-11-27 20:00 (UTC+0800)", LABELS[language])


def printed(document: Document, setup: PageSetup, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, list[list[DrawnLine]]]:
    """The PDF and, per paragraph drawn, its lines as reportlab broke them."""
    drawn: list[list[DrawnLine]] = []
    draw = BriefParagraph.drawPara

    def recording(self, debug=0):  # type: ignore[no-untyped-def]
        lines, first = [], True
        for line in self.blPara.lines:
            text = "".join(getattr(word, "text", "") for word in line.words)
            lines.append(DrawnLine(text, first, line.currentWidth, line.maxWidth))
            first = bool(getattr(line, "lineBreak", False))
        drawn.append(lines)
        return draw(self, debug)

    monkeypatch.setattr(BriefParagraph, "drawPara", recording)
    return print_pdf(document, setup), drawn


def pdf_lines(data: bytes) -> list[str]:
    """The PDF's lines as pypdf reads them; the contents list's dot leaders left out."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    return [line for line in lines if line and not re.fullmatch(r"[.\s]*\d*", line)]


def kinsoku_offences(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip() and (line.strip()[0] in MUST_NOT_START or line.strip()[-1] in MUST_NOT_END)]


def unit_splits(lines: list[str]) -> list[str]:
    return [f"{a} | {b}" for a, b in zip(lines, lines[1:]) if re.search(r"\d$", a.strip()) and b.strip()[:1] in UNIT_HEADS]


def drawn_offences(paragraphs: list[list[DrawnLine]]) -> list[str]:
    """Every break reportlab made that a rule forbids, said as the two lines around it."""
    found = []
    for lines in paragraphs:
        for line in lines:
            if line.width > line.room + 0.01:
                found.append(f"too wide: {line.text}")
            if line.text.strip() and line.text.strip()[-1] in MUST_NOT_END:
                found.append(f"ends open: {line.text}")
        for before, line in zip(lines, lines[1:]):
            if line.first or not line.text.strip():
                continue  # a new line of the text itself, not a break
            a, b = before.text, line.text  # a break at a space leaves the space ending `a`
            if b.lstrip()[0] in MUST_NOT_START:
                found.append(f"starts closed: {a} | {b}")
            if re.search(r"\d ?$", a) and b[0] in UNIT_HEADS:
                found.append(f"number and unit cut: {a} | {b}")
            longer_than_a_line = re.fullmatch(r"[\x21-\x7e]+", a)  # the line holds nothing else: it had to be cut
            if re.search(r"[A-Za-z0-9]$", a) and re.match(r"[A-Za-z0-9]", b) and not longer_than_a_line:
                found.append(f"word cut: {a} | {b}")
    return found


def tokens_cut(text_lines: list[str]) -> list[str]:
    joined = "\n".join(line.strip() for line in text_lines)
    return [token for token in TOKENS for at in range(1, len(token)) if token[:at] + "\n" + token[at:] in joined]


# --- the rules, on text with known widths ---

def width(text: str) -> float:
    return sum(2.0 if linebreak._wide(c) else 1.0 for c in text)  # a Chinese character is two Latin ones


def test_marks_never_start_or_end_a_line_at_any_width():
    text = "".join(shifted_paragraphs(1)) * 2
    widths = [width(c) for c in text]
    for room in range(6, 61):  # three Chinese characters a line and up
        spans = break_lines(text, widths, [float(room)])
        lines = [text[start:end] for start, end, _ in spans]
        assert "".join(lines) == text  # nothing lost, nothing added
        assert all(used <= room for _, _, used in spans), room
        assert kinsoku_offences(lines[1:]) == [], room
        assert kinsoku_offences([line.rstrip() for line in lines]) == [], room
        # a piece longer than the line is cut somewhere; every other number, unit and word stays whole
        whole = [token for token in TOKENS if width(token) + 4 <= room]
        assert [token for token in tokens_cut(lines) if token in whole] == [], room


def test_a_number_stays_with_its_unit():
    for number in ("500万元", "30%", "2019年", "3.5亿", "10,800万元人民币", "160余人", "38万吨", "12个月", "60％", "2021 年"):
        text = "恒" * 7 + number + "，恒恒恒。"
        widths = [width(c) for c in text]
        for room in range(20, 40):  # the longest with its comma is 18 wide
            lines = [text[s:e] for s, e, _ in break_lines(text, widths, [float(room)])]
            assert any(number in line for line in lines), (number, room, lines)


def test_latin_words_break_at_spaces_and_a_long_address_after_a_slash():
    text = "见 https://www.example.com.cn/news/2024/04/list_2.html 或 Hengyuan Environmental Engineering"
    widths = [width(c) for c in text]
    lines = [text[s:e] for s, e, _ in break_lines(text, widths, [24.0])]
    # the address is longer than a line: cut after its slashes; the words move whole
    assert lines == ["见 ", "https://", "www.example.com.cn/news/", "2024/04/list_2.html 或 ", "Hengyuan Environmental ", "Engineering"]


def test_the_lists_cover_reportlabs_and_the_chinese_marks():
    assert set("，。、；：？！）」』】”’》〉…—") <= CANNOT_START and set("（「『【“‘《〈") <= CANNOT_END
    assert '"' not in CANNOT_START and "'" not in CANNOT_START  # ASCII quotes open as often as they close


# --- the rules, read back from PDFs ---

@pytest.mark.parametrize("landscape", [False, True])
def test_a_brief_of_long_chinese_paragraphs_breaks_by_the_rules(monkeypatch, landscape):
    data, drawn = printed(document(shifted_paragraphs()), PageSetup(landscape), monkeypatch)
    lines = pdf_lines(data)
    assert len(lines) > 200
    assert kinsoku_offences(lines) == []
    assert unit_splits(lines) == []
    assert drawn_offences(drawn) == []
    # the narrow table cells may have to cut 10,800万元人民币; the text's full width never does
    assert tokens_cut([line.text for paragraph in drawn if paragraph[0].room > 200 for line in paragraph]) == []


def test_a_paragraph_split_across_pages_gets_no_spaces_inserted(monkeypatch):
    long = ("甲" + "".join(s for s in SENTENCES if " " not in s)) * 12  # longer than a page; 甲 only here
    data, drawn = printed(document([long]), PageSetup(), monkeypatch)
    pieces = [paragraph for paragraph in drawn if any("甲" in line.text for line in paragraph)]
    assert len(pieces) >= 2  # it did split
    assert "".join(line.text for piece in pieces for line in piece) == long
    furniture = re.compile(r"第 \d+ 页|.* · 拜访简报 · .*")  # each page's foot, read first
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "".join(line.strip() for page in reader.pages for line in page.extract_text().splitlines() if not furniture.fullmatch(line))
    assert long in text


# --- the demo brief, in each language and orientation ---

@pytest.fixture(scope="module")
def demo_dossier():
    from briefing.brief import build_dossier
    from briefing.demo import demo_account, demo_site, serve_site
    from briefing.gathering.fetch import FetchSettings
    from briefing.gathering.pipeline import BuildSettings

    with serve_site(demo_site()) as url:
        dossier = build_dossier(demo_account(url), BuildSettings(fetch=FetchSettings(allow_private=True)))
    return replace(dossier, built_at=datetime(2026, 11, 27, 20, 0, tzinfo=BEIJING))


@pytest.mark.parametrize("language, landscape", [("zh", False), ("en", False), ("zh", True)])
def test_the_demo_brief_breaks_by_the_rules(monkeypatch, demo_dossier, language, landscape):
    from briefing.rendering.compose import compose

    data, drawn = printed(compose(replace(demo_dossier, language=language)), PageSetup(landscape), monkeypatch)
    lines = pdf_lines(data)
    assert kinsoku_offences(lines) == []
    assert unit_splits(lines) == []
    assert drawn_offences(drawn) == []
    if language == "en":
        # English wraps at spaces: a body line holds many words, not one
        english = [line.text for paragraph in drawn for line in paragraph if re.fullmatch(r"[\x20-\x7e]{40,}", line.text)]
        assert english and all(len(line.split()) >= 4 for line in english if "://" not in line)
