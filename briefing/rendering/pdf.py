"""The brief as a PDF for the iPad in the customer's office.

Pages are in iPad proportions (160 × 228 mm portrait, the size of an 11-inch iPad's screen, so a
12 pt character is 12 pt in the hand; landscape on request, with larger type). Page 1 is the
brief at a glance; a tappable contents list and the PDF outline reach every section; every fact's
[n] is a link to its entry in the sources list, whose web addresses are links too.

Text from the web is hostile: the composer cuts it and this module escapes every string before it
meets reportlab's markup. Only http(s) addresses become links, and nothing is ever fetched. The
fonts (Noto Sans SC, regular and bold, TrueType) ship with Briefing and are embedded as subsets.
Rendering is deterministic: the same dossier gives the same bytes (reportlab's invariant mode),
dated (creation and modification) with the dossier's build time rather than the clock.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table as PdfTable,
    TableStyle,
)

from briefing.analysis.changes import Changes
from briefing.rendering.compose import compose
from briefing.rendering.document import (
    Block,
    Bullets,
    Cite,
    Document,
    Inline,
    Ownership,
    Panel,
    Para,
    Run,
    Section,
    Table,
    Timeline,
    is_linkable,
)
from briefing.rendering.figures import ownership_drawing, timeline_drawing
from briefing.rendering.linebreak import BriefParagraph as Paragraph  # every line breaks by the Chinese rules
from briefing.models import Dossier

FONT = "BriefingSans"
BOLD = "BriefingSans-Bold"
PORTRAIT = (160 * mm, 228 * mm)  # 1 : 1.425, an 11-inch iPad's screen
MAX_CELL_LINES = 14  # a table cell's text is cut to about this many lines
MAX_CELL_CITES = 8  # and its citations to these, then "+N"
TABLE_START = 110  # points: a heading, a table's header row and two rows, or a new page
LINK = "#1a4f8b"

_fonts_registered = False
_fonts_lock = threading.Lock()  # the build loads them in a thread while it fetches


def register_font() -> str:
    """Register the shipped regular and bold faces once; `<b>` uses the real bold."""
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return FONT
        folder = files("briefing.rendering") / "fonts"
        pdfmetrics.registerFont(TTFont(FONT, str(folder / "NotoSansSC-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(folder / "NotoSansSC-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
        _fonts_registered = True
    return FONT


@dataclass(frozen=True)
class PageSetup:
    landscape: bool = False

    @property
    def size(self) -> tuple[float, float]:
        return (PORTRAIT[1], PORTRAIT[0]) if self.landscape else PORTRAIT

    @property
    def side(self) -> float:
        # landscape: wider margins and larger type keep a line near 40 characters
        return 20 * mm if self.landscape else 13 * mm

    @property
    def scale(self) -> float:
        return 1.12 if self.landscape else 1.0


def render_pdf(dossier: Dossier, *, landscape: bool = False, changes: Changes | None = None) -> bytes:
    """The brief as PDF bytes (the caller writes them atomically)."""
    return print_pdf(compose(dossier, changes), PageSetup(landscape))


def print_pdf(document: Document, setup: PageSetup = PageSetup()) -> bytes:
    register_font()
    buffer = io.BytesIO()
    doc = _BriefTemplate(
        buffer,
        pagesize=setup.size,
        leftMargin=setup.side,
        rightMargin=setup.side,
        topMargin=12 * mm,
        bottomMargin=15 * mm,
        title=f"{document.title} · {document.company}",
        author="Briefing",
        subject=document.title,
        creator="Briefing",
        invariant=1,  # no clock or random ID in the file: the same brief is the same bytes
        initialFontName=FONT,  # else every page declares Helvetica, which is not embedded
    )
    doc.built_at = document.built_at
    printer = _Printer(document, setup, doc.width, doc.height)
    story = printer.story()
    doc.contents = printer.contents
    doc.build(story, onFirstPage=printer.furniture, onLaterPages=printer.furniture)
    return buffer.getvalue()


class _BriefTemplate(SimpleDocTemplate):
    contents: _Contents | None = None
    built_at: datetime | None = None

    def beforeDocument(self) -> None:
        # invariant mode dates every PDF 2000-01-01; the brief's date is its dossier's build time
        if self.built_at is not None:
            self.canv.setDateFormatter(lambda *_: pdf_date(self.built_at))  # type: ignore[arg-type]

    def afterFlowable(self, flowable: Flowable) -> None:
        """Headings become outline entries, and fill in their page number on the contents list."""
        mark = getattr(flowable, "_bookmark", None)
        if mark is None:
            return
        level, title, key = mark
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        if self.contents is not None and any(k == key for _, _, k in self.contents.entries):
            self._page_number(key, str(self.page), self.contents.styles[level])

    def handle_documentEnd(self) -> None:
        # a contents line whose heading was never placed shows no number rather than failing the save
        for level, _, key in self.contents.entries if self.contents is not None else ():
            if not self.canv.hasForm(_page_form(key)):
                self._page_number(key, "", self.contents.styles[level])  # type: ignore[union-attr]
        super().handle_documentEnd()

    def _page_number(self, key: str, number: str, style: ParagraphStyle) -> None:
        canvas = self.canv
        canvas.beginForm(_page_form(key), lowerx=-PAGE_NUMBER_ROOM, lowery=-style.fontSize, upperx=0, uppery=style.leading)
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawRightString(0, 0, number)
        canvas.endForm()


class _Styles:
    def __init__(self, scale: float) -> None:
        def style(name: str, size: float, leading: float, **more) -> ParagraphStyle:  # type: ignore[no-untyped-def]
            base = dict(fontName=FONT, wordWrap="CJK", alignment=TA_LEFT, textColor=colors.HexColor("#1f2933"))
            base.update(more)
            return ParagraphStyle(name, fontSize=size * scale, leading=leading * scale, **base)

        grey = colors.HexColor("#5b6673")
        self.kicker = style("kicker", 11, 15, textColor=grey)
        self.title = style("title", 22, 29, fontName=BOLD, spaceAfter=2)
        self.subtitle = style("subtitle", 12, 17, textColor=grey)
        self.h1 = style("h1", 18, 24, fontName=BOLD, spaceBefore=16, spaceAfter=8, textColor=colors.HexColor("#0b4f8a"))
        self.h2 = style("h2", 14.5, 20, fontName=BOLD, spaceBefore=12, spaceAfter=5)
        self.body = style("body", 12, 18.5, spaceAfter=5)
        self.lead = style("lead", 12.5, 19, fontName=BOLD, spaceAfter=5)
        self.bullet = style("bullet", 12, 18, leftIndent=16, bulletIndent=2, spaceAfter=3, bulletFontName=FONT)
        self.subhead = style("subhead", 12.5, 18, fontName=BOLD, spaceBefore=9, spaceAfter=4)
        self.cell = style("cell", 10.5, 15)
        self.cell_head = style("cell_head", 10.5, 15, fontName=BOLD)
        self.small = style("small", 9.5, 13.5, textColor=grey, spaceAfter=3)
        self.empty = style("empty", 11, 16, textColor=grey, spaceAfter=4)
        self.warning = style("warning", 11, 16, textColor=colors.HexColor("#b03a00"), spaceAfter=3)
        self.panel_title = style("panel_title", 12.5, 17, fontName=BOLD)
        self.panel_item = style("panel_item", 11, 15.5, leftIndent=15, bulletIndent=1, bulletFontName=FONT)
        self.toc = [style("toc0", 12, 20, fontName=BOLD), style("toc1", 11, 17, leftIndent=14 * scale)]
        self.source = style("source", 10, 14.5, spaceAfter=5, leftIndent=24, firstLineIndent=-24)


PANEL_TONES = {
    "info": ("#f3f6fa", "#0b4f8a"),
    "alert": ("#fdf0eb", "#c0392b"),
    "action": ("#eef7f0", "#1e8e3e"),
}


class _Printer:
    def __init__(self, document: Document, setup: PageSetup, width: float, height: float) -> None:
        self.doc = document
        self.L = document.labels
        self.setup = setup
        self.s = _Styles(setup.scale)
        # page 1's panels keep portrait type in landscape: two columns of them must fit one page
        self.panel_styles = _Styles(1.0)
        self.width = width
        self.contents: _Contents | None = None  # made by story()
        self.height = height

    # --- inline text ---
    def markup(self, inline: Inline) -> str:
        """Runs escaped, citations as links into the sources list."""
        out = []
        for piece in inline:
            if isinstance(piece, Cite):
                out.append(f' <a href="#src{piece.number}" color="{LINK}"><font size="{8.5 * self.setup.scale:.1f}">[{piece.number}]</font></a>')
                continue
            text = escape(piece.text)
            if piece.small:
                text = f'<font size="{9 * self.setup.scale:.1f}" color="#5b6673">{text}</font>'
            if piece.strong:
                text = f"<b>{text}</b>"
            if piece.link and is_linkable(piece.link):
                text = f'<a href="{escape(piece.link, {chr(34): "&quot;"})}" color="{LINK}">{text}</a>'
            out.append(text)
        return "".join(out).strip().replace("\n", "<br/>")

    def para(self, inline: Inline, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
        return Paragraph(self.markup(inline), style, bulletText=bullet)

    # --- page furniture: the brief's name and date, and the page number, on every page ---
    def furniture(self, canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 8.5 * self.setup.scale)
        canvas.setFillColor(colors.HexColor("#7b8794"))
        name = self.doc.company if len(self.doc.company) <= 22 else self.doc.company[:21] + "…"
        page_w = self.setup.size[0]
        canvas.drawString(self.setup.side, 8 * mm, f"{name} · {self.doc.title} · {self.doc.built}")
        canvas.drawRightString(page_w - self.setup.side, 8 * mm, self.L["page_of"].format(page=doc.page))
        canvas.restoreState()

    # --- the story ---
    def story(self) -> list[Flowable]:
        out: list[Flowable] = self.page_one()
        out.append(PageBreak())
        out.append(self.heading(self.L["contents"], 0, "contents", self.s.h1))
        entries = [(0, self.L["glance"], "sec-glance")] \
            + [(section.level - 1, section.title, f"sec-{section.key}") for section in self.doc.sections if section.level <= 2] \
            + [(0, self.doc.sources_title, "sec-sources")]
        self.contents = _Contents(entries, self.s.toc)
        out.append(self.contents)
        for section in self.doc.sections:
            out += self.section(section)
        out += self.sources()
        return _keep_headings_with_next(out)

    def heading(self, title: str, level: int, key: str, style: ParagraphStyle, shown: str = "") -> Paragraph:
        heading = Paragraph(escape(shown or title), style)
        heading._bookmark = (level, title, f"sec-{key}")  # type: ignore[attr-defined]
        return heading

    def page_one(self) -> list[Flowable]:
        d = self.doc
        # the heading stays outside the frame: only top-level flowables become outline entries
        kicker = self.heading(self.L["glance"], 0, "glance", self.s.kicker, f"{d.title} · {self.L['glance']}")
        head: list[Flowable] = [Paragraph(escape(d.company), self.s.title)]
        for line in d.subtitle:
            head.append(Paragraph(escape(line), self.s.subtitle))
        head.append(Spacer(1, 6))
        if self.setup.landscape:
            # three columns (the visit, the facts, the flags and questions): a landscape page is
            # short, and narrow columns of short lines fit it at full size
            gap = 9
            column = (self.width - 2 * gap) / 3
            lead = [block for block in d.glance if isinstance(block, Panel) and block.tone == "alert"][:1] \
                if len(d.glance) > 4 else []
            head += [f for block in lead for f in self.block(block)]  # "what changed", across the page
            parts = [self.block(block, column) for block in d.glance[len(lead):]]
            columns = [parts[0], parts[1], [f for part in parts[2:] for f in part]]
            grid = PdfTable([columns], colWidths=[column + gap, column + gap, column])
            grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), gap), ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
                                      ("FONTNAME", (0, 0), (-1, -1), FONT)]))
            head.append(grid)
        else:
            for block in d.glance:
                head += self.block(block)
        # Page 1 is one page: if a long name or many flags overflow it, it shrinks rather than spills.
        return [kicker, KeepInFrame(self.width, self.height - 2 * self.s.kicker.leading, head, mode="shrink")]

    def section(self, section: Section) -> list[Flowable]:
        style = self.s.h1 if section.level == 1 else self.s.h2
        out: list[Flowable] = [self.heading(section.title, section.level - 1, section.key, style)]
        for block in section.blocks:
            out += self.block(block)
        return out

    def block(self, block: Block, width: float | None = None) -> list[Flowable]:
        s = self.s
        if isinstance(block, Para):
            style = {"lead": s.lead, "small": s.small, "warning": s.warning, "empty": s.empty, "subhead": s.subhead}.get(block.tone, s.body)
            return [self.para(block.inline, style)]
        if isinstance(block, Bullets):
            return [self.para(item, s.bullet, f"{n}." if block.numbered else "•") for n, item in enumerate(block.items, start=1)]
        if isinstance(block, Table):
            return [self.table(block)]
        if isinstance(block, Panel):
            return [self.panel(block, width or self.width), Spacer(1, 5)]
        if isinstance(block, Ownership):
            drawing = ownership_drawing(block, self.width, FONT, BOLD, self.L, self.setup.scale)
            caption = Paragraph(f"{escape(self.L['ownership'])}{self.markup(block.cites)}", s.small)
            return [Spacer(1, 4), KeepTogether([drawing, caption]), Spacer(1, 4)]
        if isinstance(block, Timeline):
            drawing = timeline_drawing(block, self.width, FONT, self.L, self.setup.scale)
            caption = Paragraph(self.markup(block.caption), s.small)
            return [Spacer(1, 4), KeepTogether([drawing, caption]), Spacer(1, 6)]
        raise TypeError(f"no printer for {type(block).__name__}")

    def panel(self, panel: Panel, width: float) -> PdfTable:
        fill, edge = PANEL_TONES.get(panel.tone, PANEL_TONES["info"])
        styles = self.panel_styles
        rows = [[Paragraph(escape(panel.title), styles.panel_title)]]
        for n, item in enumerate(panel.items, start=1):
            rows.append([self.para(item, styles.panel_item, f"{n}." if panel.numbered else "•")])
        table = PdfTable(rows, colWidths=[width])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(fill)),
            ("LINEBEFORE", (0, 0), (0, -1), 3.5, colors.HexColor(edge)),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("TOPPADDING", (0, 0), (-1, 0), 5),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ]))
        return table

    def table(self, block: Table) -> PdfTable:
        s = self.s
        cells = [[Paragraph(escape(h), s.cell_head) for h in block.header]]
        widths = [w * self.width for w in block.widths]
        # a cell taller than a page cannot be split (LayoutError): at most MAX_CELL_LINES lines each
        cells += [[self.para(_cut(cell, int(width / s.cell.fontSize) * MAX_CELL_LINES), s.cell) for cell, width in zip(row, widths)]
                  for row in block.rows]
        if block.more:
            cells.append([Paragraph(escape(f"… +{block.more}"), s.small)] + [""] * (len(block.header) - 1))
        table = PdfTable(cells, colWidths=widths, repeatRows=1, splitByRow=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: never fall back to Helvetica
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#d5dbe3")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]))
        return table

    def sources(self) -> list[Flowable]:
        s, L = self.s, self.L
        out: list[Flowable] = [self.heading(self.doc.sources_title, 0, "sources", s.h1)]
        for line in self.doc.source_reports:
            out.append(self.para(line, s.small))
        out.append(Spacer(1, 6))
        for source in self.doc.sources:
            address = escape(source.url)
            if source.link:
                address = f'<a href="{escape(source.link, {chr(34): "&quot;"})}" color="{LINK}">{address}</a>'
            status = escape(source.status)
            if not source.ok:
                status = f'<font color="#b03a00"><b>{status}</b></font>'
            line = (f'<a name="src{source.number}"/>[{source.number}] <b>{escape(source.title)}</b><br/>'
                    f'<font size="{9 * self.setup.scale:.1f}">{address}<br/>{escape(source.adapter)} · '
                    f"{escape(L['src_fetched'])} {escape(source.fetched_at)} · {status}</font>")
            out.append(Paragraph(line, s.source))
        return out


class _Contents(Flowable):
    """The contents list, laid out in the document's one pass: its lines are known before any page
    is (the sections are), and each page number is a PDF form the template fills in when that
    section's heading is placed (a page may use a form defined later). A contents list that
    waited for the page numbers would need a second layout of the whole brief."""

    def __init__(self, entries: list[tuple[int, str, str]], styles: list[ParagraphStyle]) -> None:
        super().__init__()
        self.entries, self.styles = entries, styles  # (level, title, key)
        self._table: PdfTable | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width = availWidth
        self.canv.setNamedCB("contentsPage", lambda canvas, kind, key: self._line_end(canvas, key, width))
        rows = [[Paragraph(f'<a href="#{key}">{escape(title)}</a><onDraw name="contentsPage" label="{key}"/>', self.styles[level])]
                for level, title, key in self.entries]
        self._table = PdfTable(rows, colWidths=(width,), style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # else the table declares Helvetica, not embedded
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return self._table.wrapOn(self.canv, availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        assert self._table is not None
        return self._table.splitOn(self.canv, availWidth, availHeight)

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # type: ignore[no-untyped-def]
        assert self._table is not None
        self._table.drawOn(canvas, x, y, _sW)

    def _line_end(self, canvas, key: str, width: float) -> None:  # type: ignore[no-untyped-def]
        """Dots from the title to the page number's place, and the number's form there."""
        x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]  # where the title ended
        level = next(level for level, _, k in self.entries if k == key)
        style = self.styles[level]
        dot = " . "
        dots = int(max(0.0, width - PAGE_NUMBER_ROOM - x) / pdfmetrics.stringWidth(dot, style.fontName, style.fontSize))
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawRightString(width - PAGE_NUMBER_ROOM, y, dot * dots)
        canvas.translate(width, y)
        canvas.doForm(_page_form(key))
        canvas.restoreState()


PAGE_NUMBER_ROOM = 24  # points at the end of a contents line for its page number


def pdf_date(moment: datetime) -> str:
    """A PDF date string (ISO 32000 7.9.4): D:YYYYMMDDHHmmSS+HH'mm'."""
    offset = int((moment.utcoffset() or timedelta(0)).total_seconds() // 60)
    sign = "-" if offset < 0 else "+"
    return f"{moment:D:%Y%m%d%H%M%S}{sign}{abs(offset) // 60:02d}'{abs(offset) % 60:02d}'"


def _page_form(key: str) -> str:
    return f"contents-page-{key}"


def _cut(inline: Inline, limit: int, cites: int = MAX_CELL_CITES) -> Inline:
    """An inline cut to `limit` characters of text, with a visible marker, and to `cites` citations."""
    out: list[Run | Cite] = []
    left = limit
    shown = sum(1 for p in inline if isinstance(p, Cite))
    for piece in inline:
        if isinstance(piece, Cite):
            cites -= 1
            if cites == 0 and shown > MAX_CELL_CITES:
                out.append(Run(f" +{shown - MAX_CELL_CITES + 1}", small=True))
            if cites <= 0:
                continue
        if isinstance(piece, Run):
            if left <= 0:
                continue
            if len(piece.text) > left:
                piece = Run(piece.text[:left] + "…", piece.strong, piece.link, piece.small)
            left -= len(piece.text)
        out.append(piece)
    return tuple(out)


def _keep_headings_with_next(flowables: list[Flowable]) -> list[Flowable]:
    """A heading never ends a page alone: it travels with the first thing under it."""
    out: list[Flowable] = []
    pending: list[Flowable] = []
    for flowable in flowables:
        style = getattr(flowable, "style", None)
        if isinstance(flowable, Paragraph) and style is not None and style.name in ("h1", "h2"):
            pending.append(flowable)
            continue
        if pending and isinstance(flowable, (PdfTable, _Contents)):
            # A long table may split across pages: the heading needs only room for its first rows.
            out += [CondPageBreak(TABLE_START), *pending, flowable]
            pending = []
        elif pending:
            out.append(KeepTogether([*pending, flowable]))
            pending = []
        else:
            out.append(flowable)
    return out + pending
