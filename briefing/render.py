"""The brief as a PDF: the dossier laid out along the visit method (../shared/METHOD.md).

Sections: what we know internally, the public record (overview, registration, funding,
leadership, past projects, news), what was agreed for the visit, questions to ask, and the
sources with their state. Every fact shows the number of its source.

All text from the web is hostile: every string is escaped before it meets reportlab's markup,
no link or image is ever made from it, and long cells are cut with a visible marker. The font
ships with Briefing (WenQuanYi Micro Hei, TrueType) and is embedded, so a device without Chinese
fonts shows the text.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, tzinfo
from importlib.resources import files
from typing import Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .timeline import suppliers, timeline
from .models import (
    Amount,
    Fact,
    Article,
    DateValue,
    Dossier,
    Executive,
    Financing,
    Overview,
    Project,
    Provenance,
    Registration,
    Shareholder,
    REGISTRATION_FIELDS,
    registration_by_field,
)

FONT = "BriefingSans"
MAX_CELL = 400  # characters in one table cell before it is cut
MAX_PARAGRAPH = 1200
MAX_ROWS = 60
TABLE_START = 110  # points: a heading, a table's header row and two rows, or a new page
MAX_AFFILIATES = 8
_LINKABLE = re.compile(r"^https?://[^\s\"'<>]+$")  # investments or branches named before "and others"

_font_registered = False


def register_font() -> str:
    global _font_registered
    if not _font_registered:
        path = files("briefing") / "fonts" / "wqy-microhei.ttc"
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
        # No bold face ships: map bold to the same face so <b> never falls back to Helvetica.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
        _font_registered = True
    return FONT


LABELS = {
    "zh": {
        "brief": "拜访简报",
        "colon": "：",
        "sep": "、",
        "gap": "　",
        "person": "{name}（{title}）",
        "built": "生成于",
        "visit": "拜访",
        "place": "地点",
        "sources_line": "信息来源：{ok} 个正常，{bad} 个未能读取",
        "notes_unread": "内部笔记未能读取（{reason}）：{target}",
        "other_name": "注意：工商登记的名称是「{name}」，与账户名称不一致：请确认查的是同一家公司。",
        "s1": "一、我们已知（内部）",
        "s1_empty": "打电话前先问直属领导和老同事：",
        "s1_points": [
            "资金情况：项目有没有钱，钱从哪里来？",
            "关键决策人：我们已经接触到哪一层？",
            "决策流程：客户的采购走到哪一步了？",
            "各关键人对我司的态度如何？",
        ],
        "s2": "二、公开信息",
        "overview": "公司概况",
        "registration": "工商登记",
        "funding": "股东与资金来源",
        "executives": "高层",
        "projects": "历史项目与案例",
        "articles": "近期动态",
        "events": "动态中的事件",
        "won_by": "中标：",
        "funding_source": "资金来源：",
        "suppliers": "客户的供应商（可能的竞争对手或合作伙伴）",
        "more_events": "…另有 {n} 条事件未列出，见 JSON。",
        "ev_won": "中标：{name}",
        "ev_signed": "签约：与{name}",
        "ev_financing": "融资：{round}{amount}",
        "none": "未找到。",
        "s3": "三、电话约定",
        "agenda": "约定议题",
        "attendees": "对方参会人",
        "no_visit": "账户文件中还没有 [visit]：电话邀约时商定议题，并问清对方谁参加。",
        "s4": "四、拜访时要问",
        "s5": "信息来源",
        "col_name": "姓名",
        "col_title": "职务",
        "col_project": "项目",
        "col_buyer": "业主/客户",
        "col_amount": "金额",
        "col_date": "时间",
        "col_src": "来源",
        "col_dept": "部门",
        "col_stake": "持股",
        "col_round": "轮次",
        "col_investors": "投资方",
        "col_title_article": "标题",
        "status": {"ok": "正常", "stale": "过期", "blocked": "被拦截", "gone": "已失效", "skipped": "未使用"},
        "pages": "页",
        "conflict": "（来源之间不一致）",
        "cut": "…（已截断）",
        "reg_fields": {
            "name": "企业名称",
            "former_names": "曾用名",
            "legal_representative": "法定代表人",
            "status": "经营状态",
            "established": "成立日期",
            "approved": "核准日期",
            "registered_capital": "注册资本",
            "paid_in_capital": "实缴资本",
            "credit_code": "统一社会信用代码",
            "registration_number": "注册号",
            "organization_code": "组织机构代码",
            "company_type": "企业类型",
            "industry": "行业",
            "address": "注册地址",
            "business_scope": "经营范围",
            "registration_authority": "登记机关",
            "insured_employees": "参保人数",
            "branch_insured_employees": "分支机构参保人数",
            "employees": "员工人数",
            "staff_size": "人员规模",
            "actual_controller": "实际控制人",
            "parent_company": "母公司",
            "group": "所属集团",
            "listing_status": "上市状态",
            "stock_code": "股票代码",
            "outbound_investments": "对外投资（家）",
            "branches": "分支机构（家）",
        },
        "assessment": "资金来源判断",
        "shareholders": "股东",
        "col_subscribed": "认缴出资",
        "investments": "对外投资",
        "branches": "分支机构",
        "more": "等共 {n} 家",
        "q_overview": "请客户介绍公司的主营业务和今年的重点工作。",
        "q_registration": "工商信息未查到：确认公司的全称、注册资本和股东构成。",
        "q_funding": "资金从哪里来？项目预算是否已落实，由谁审批（本公司还是上级集团）？",
        "q_funding_found": "我们看到的股东是 {names}：这个项目由本公司决策，还是需要集团审批？",
        "q_executives": "高层信息未查到：请问董事长、总经理分别是谁，分管本项目的领导是哪位？",
        "q_executives_found": "我们了解到 {names}：分管本项目的是哪位领导？",
        "q_projects": "过去做过哪些类似项目？当时和谁合作，决策流程是怎样的？",
        "q_projects_found": "我们看到贵司做过「{name}」：当时是怎么立项和采购的，和谁合作？",
        "q_articles": "近期有哪些重要变化（人事、合同、投资）？",
        "q_articles_found": "我们看到「{title}」（{date}）：这对本项目有什么影响？",
        "q_always": [
            "采购流程：现在走到哪一步？每一步需要多久、难在哪里、需要我们提供什么材料？",
            "决策链：哪些部门参与这次采购，各自负责什么、最关心什么？",
            "可行性：土地、资金、政策、配套条件是否具备？",
            "竞争：客户了解哪些竞争对手的产品？竞争对手和客户接触到什么程度？",
        ],
    },
    "en": {
        "brief": "Visit brief",
        "colon": ": ",
        "sep": ", ",
        "gap": "   ",
        "person": "{name} ({title})",
        "built": "Built",
        "visit": "Visit",
        "place": "Place",
        "sources_line": "Sources: {ok} read, {bad} not read",
        "notes_unread": "The team's notes could not be read ({reason}): {target}",
        "other_name": "Check: the registry names this company \u201c{name}\u201d, not the account's name: make sure it is the same company.",
        "s1": "1. What we know (internal)",
        "s1_empty": "Before phoning, ask your direct leader and older colleagues:",
        "s1_points": [
            "Funding: is there money for the project, and where does it come from?",
            "Key decision makers: how far up have we reached?",
            "Decision process: where does the customer's purchase stand?",
            "Each key person's attitude towards us.",
        ],
        "s2": "2. The public record",
        "overview": "Company overview",
        "registration": "Registration",
        "funding": "Owners and funding",
        "executives": "Senior management",
        "projects": "Past projects and cases",
        "articles": "Recent news",
        "events": "Events in the news",
        "won_by": "Won by: ",
        "funding_source": "Funding: ",
        "suppliers": "Who the customer bought from (likely competitors or partners)",
        "more_events": "… {n} more events not listed; see the JSON.",
        "ev_won": "Won: {name}",
        "ev_signed": "Signed with {name}",
        "ev_financing": "Raised: {round} {amount}",
        "none": "Nothing found.",
        "s3": "3. Agreed on the phone",
        "agenda": "Agenda",
        "attendees": "Their attendees",
        "no_visit": "The account file has no [visit] yet: agree the topics on the phone and ask who will attend.",
        "s4": "4. Questions to ask in the room",
        "s5": "Sources",
        "col_name": "Name",
        "col_title": "Title",
        "col_project": "Project",
        "col_buyer": "Owner/client",
        "col_amount": "Amount",
        "col_date": "Date",
        "col_src": "Src",
        "col_dept": "Dept",
        "col_stake": "Stake",
        "col_round": "Round",
        "col_investors": "Investors",
        "col_title_article": "Title",
        "status": {"ok": "ok", "stale": "stale", "blocked": "blocked", "gone": "gone", "skipped": "skipped"},
        "pages": "pages",
        "conflict": " (sources disagree)",
        "cut": "… (cut)",
        "reg_fields": {
            "name": "Name",
            "former_names": "Former names",
            "legal_representative": "Legal representative",
            "status": "Status",
            "established": "Established",
            "approved": "Approved",
            "registered_capital": "Registered capital",
            "paid_in_capital": "Paid-in capital",
            "credit_code": "Credit code",
            "registration_number": "Registration no.",
            "organization_code": "Organisation code",
            "company_type": "Company type",
            "industry": "Industry",
            "address": "Registered address",
            "business_scope": "Business scope",
            "registration_authority": "Registered with",
            "insured_employees": "Insured employees",
            "branch_insured_employees": "Insured in branches",
            "employees": "Employees",
            "staff_size": "Staff size",
            "actual_controller": "Actual controller",
            "parent_company": "Parent company",
            "group": "Group",
            "listing_status": "Listing",
            "stock_code": "Stock code",
            "outbound_investments": "Invests in (companies)",
            "branches": "Branches",
        },
        "assessment": "Where the money comes from",
        "shareholders": "Shareholders",
        "col_subscribed": "Subscribed",
        "investments": "Outbound investments",
        "branches": "Branches",
        "more": " and others, {n} in all",
        "q_overview": "Ask them to describe their main business and this year's priorities.",
        "q_registration": "No registry record found: confirm the full name, registered capital and owners.",
        "q_funding": "Where does the money come from? Is the budget approved, and who approves it (this company or its group)?",
        "q_funding_found": "We read that the owners are {names}: does this company decide, or does the group approve?",
        "q_executives": "No leadership found: who are the chairman and general manager, and who oversees this project?",
        "q_executives_found": "We read about {names}: which of them oversees this project?",
        "q_projects": "What similar projects have they done? With whom, and how was it decided?",
        "q_projects_found": "We saw they did \u201c{name}\u201d: how was it approved and bought, and with whom?",
        "q_articles": "Any recent changes (people, contracts, investment)?",
        "q_articles_found": "We read \u201c{title}\u201d ({date}): what does it mean for this project?",
        "q_always": [
            "Procurement: which step is it at? How long does each step take, what is hard, what do they need from us?",
            "Decision chain: which departments take part, what does each do and care about most?",
            "Feasibility: are land, funds, policy and supporting conditions in place?",
            "Competition: which competitors' products do they know, and how close are competitors to them?",
        ],
    },
}


# Control characters and bidi overrides (U+202E makes "fdp.exe" read as "exe.pdf") never print.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def text(value: object, limit: int = MAX_CELL, cut: str = "…", *, lines: bool = True) -> str:
    """Scraped text made safe for reportlab markup: escaped, and cut with a visible marker.

    `lines=False` folds line breaks into spaces, for table cells: a cell taller than a page
    cannot be split and would stop the whole PDF.
    """
    raw = _INVISIBLE.sub("", "" if value is None else str(value))
    if not lines:
        raw = " ".join(raw.split())
    if len(raw) > limit:
        raw = raw[:limit] + cut
    return escape(raw).replace("\n", "<br/>")


class _Styles:
    def __init__(self) -> None:
        base = dict(fontName=FONT, bulletFontName=FONT, wordWrap="CJK", alignment=TA_LEFT)
        self.title = ParagraphStyle("title", fontSize=22, leading=28, spaceAfter=4, **base)
        self.subtitle = ParagraphStyle("subtitle", fontSize=12, leading=17, textColor=colors.HexColor("#444444"), **base)
        self.h1 = ParagraphStyle(
            "h1", fontSize=16, leading=22, spaceBefore=14, spaceAfter=6, textColor=colors.HexColor("#0b4f8a"), **base
        )
        self.h2 = ParagraphStyle("h2", fontSize=13, leading=18, spaceBefore=10, spaceAfter=4, **base)
        self.h3 = ParagraphStyle("h3", fontSize=11, leading=15, spaceBefore=6, spaceAfter=3, **base)
        self.body = ParagraphStyle("body", fontSize=11, leading=16.5, **base)
        self.cell = ParagraphStyle("cell", fontSize=10, leading=14, **base)
        self.small = ParagraphStyle("small", fontSize=8.5, leading=12, textColor=colors.HexColor("#666666"), **base)
        self.warning = ParagraphStyle("warning", fontSize=9.5, leading=13, textColor=colors.HexColor("#b03a00"), **base)
        self.bullet = ParagraphStyle("bullet", fontSize=11, leading=16.5, leftIndent=12, bulletIndent=0, **base)


class _SourceIndex:
    """Numbers each distinct source URL in order of first use: facts cite [n]."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.provenance: dict[int, Provenance] = {}

    def cite(self, source: Provenance) -> str:
        if source.url not in self.numbers:
            number = len(self.numbers) + 1
            self.numbers[source.url] = number
            self.provenance[number] = source
        return f"[{self.numbers[source.url]}]"


def render_pdf(dossier: Dossier) -> bytes:
    """The brief as PDF bytes (the caller writes them atomically)."""
    register_font()
    lang = dossier.language if dossier.language in LABELS else "zh"
    builder = _Builder(dossier, LABELS[lang])
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{builder.L['brief']} · {dossier.company.name}",
        author="Briefing",
        subject=builder.L["brief"],
        creator="Briefing",
        initialFontName=FONT,  # else every page declares Helvetica, which is not embedded
    )
    doc.build(builder.story(), onFirstPage=builder.furniture, onLaterPages=builder.furniture)
    return buffer.getvalue()


class _Builder:
    def __init__(self, dossier: Dossier, labels: dict) -> None:  # type: ignore[type-arg]
        self.d = dossier
        self.L = labels
        self.s = _Styles()
        self.src = _SourceIndex()
        self.width = A4[0] - 36 * mm
        self.zone = dossier.visit.start.tzinfo if dossier.visit else None

    # --- page furniture ---
    def furniture(self, canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#888888"))
        name = self.d.company.name if len(self.d.company.name) <= 24 else self.d.company.name[:23] + "…"
        footer = f"{_INVISIBLE.sub('', name)} · {self.L['brief']} · {doc.page}"
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{self.L['built']} {_when(self.d.built_at, self.zone)}")
        canvas.restoreState()

    # --- helpers ---
    def para(self, markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup, style or self.s.body)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
        cells = [[self.para(f"<b>{escape(h)}</b>", self.s.cell) for h in header]]
        # Cells never break lines: one taller than a page could not be split (LayoutError).
        cells += [[self.para(c.replace("<br/>", " "), self.s.cell) for c in row] for row in rows[:MAX_ROWS]]
        if len(rows) > MAX_ROWS:
            cells.append([self.para(escape(f"… +{len(rows) - MAX_ROWS}"), self.s.small)] + [""] * (len(header) - 1))
        table = Table(cells, colWidths=[w * self.width for w in widths], repeatRows=1, splitByRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: never fall back to Helvetica
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def none(self) -> Paragraph:
        return self.para(escape(self.L["none"]), self.s.small)

    # --- the story ---
    def story(self) -> list:  # type: ignore[type-arg]
        return _keep_headings_with_next(self._story())

    def _story(self) -> list:  # type: ignore[type-arg]
        out: list = []  # type: ignore[type-arg]
        out += self.cover()
        out += self.internal()
        out.append(self.para(escape(self.L["s2"]), self.s.h1))
        out += self.overview()
        out += self.registration()
        out += self.funding()
        out += self.executives()
        out += self.projects()
        out += self.articles()
        out += self.visit()
        out += self.questions()
        out += self.sources()  # last: it lists every source cited above
        return out

    def cover(self) -> list:  # type: ignore[type-arg]
        d, L = self.d, self.L
        out = [self.para(escape(L["brief"]), self.s.subtitle), self.para(text(d.company.name, 200), self.s.title)]
        if d.company.aliases:
            out.append(self.para(text(" / ".join(d.company.aliases), 300), self.s.subtitle))
        if d.visit:
            line = f"{L['visit']}{L['colon']}{_when(d.visit.start, self.zone)}"
            if d.visit.place:
                line += f"{L['gap']}{L['place']}{L['colon']}{d.visit.place}"
            out.append(self.para(text(line, 300), self.s.subtitle))
        ok = sum(1 for s in d.sources if s.status == "ok")
        bad = sum(1 for s in d.sources if s.status != "ok")
        out.append(self.para(escape(L["sources_line"].format(ok=ok, bad=bad)), self.s.small))
        for fact in self.other_name():  # the registry page may be another company's
            warning = L["other_name"].format(name=fact.value)
            out.append(self.para(f"{text(warning, 300)} {self.src.cite(fact.source)}", self.s.warning))
        # What could not be read is said up front, in colour: the brief is missing it.
        for report in (s for s in d.sources if s.status != "ok"):
            status = L["status"].get(report.status, report.status)
            line = f"{text(report.adapter, 40)} · {escape(status)} · {text(report.reason, 200)} · {text(report.target, 120)}"
            out.append(self.para(line, self.s.warning))
        out.append(Spacer(1, 6))
        return out

    def other_name(self) -> list[Registration]:
        """Registry names that are not the account's name, an alias or a former name."""
        def key(name: str) -> str:
            return re.sub(r"[\s()（）]", "", name)

        by_field = registration_by_field(self.d.facts)
        known = {key(n) for n in (self.d.company.name, *self.d.company.aliases) if n}
        for fact in by_field.get("former_names", []):
            known |= {key(n) for n in fact.value}
        return [f for f in by_field.get("name", []) if known and key(str(f.value)) not in known]

    def internal(self) -> list:  # type: ignore[type-arg]
        out = [self.para(escape(self.L["s1"]), self.s.h1)]
        for notes in (s for s in self.d.sources if s.adapter == "notes" and s.status != "ok"):
            # The team's notes were asked for but not read: say so, never "no notes".
            out.append(self.para(text(self.L["notes_unread"].format(reason=notes.reason, target=notes.target), 400), self.s.warning))
        out.append(self.para(escape(self.L["s1_empty"])))
        out += [self.para(escape(p), self.s.bullet) for p in self.L["s1_points"]]
        return [KeepTogether(out)]

    def overview(self) -> list:  # type: ignore[type-arg]
        out = [self.para(escape(self.L["overview"]), self.s.h2)]
        facts = [f for f in self.d.section("overview") if isinstance(f, Overview)]
        if not facts:
            return out + [self.none()]
        first = facts[0]
        out.append(self.para(f"<b>{text(first.summary, 400)}</b> {self.src.cite(first.source)}"))
        out.append(Spacer(1, 4))
        for number, fact in enumerate(facts):
            # The main about page at length, without repeating its summary; further pages
            # (history, culture, honours) as short excerpts.
            body = fact.text
            at = body.find(fact.summary) if number == 0 and fact.summary else -1
            if 0 <= at <= 40:
                body = (body[:at] + body[at + len(fact.summary):]).strip()
            limit = MAX_PARAGRAPH if number == 0 else MAX_PARAGRAPH // 5
            if body.strip():
                out.append(self.para(f"{text(body, limit, self.L['cut'])} {self.src.cite(fact.source)}"))
                out.append(Spacer(1, 4))
        return out

    def registration(self) -> list:  # type: ignore[type-arg]
        out = [self.para(escape(self.L["registration"]), self.s.h2)]
        by_field = registration_by_field(self.d.facts)
        if not by_field:
            return out + [self.none()]
        rows = []
        for field in REGISTRATION_FIELDS:
            mine = by_field.get(field)
            if not mine:
                continue
            shown = "；".join(dict.fromkeys(f.text or str(f.value) for f in mine))
            note = self.L["conflict"] if len(mine) > 1 else ""
            limit = MAX_PARAGRAPH // 4 if field == "business_scope" else MAX_CELL
            rows.append([escape(self.L["reg_fields"][field]), text(shown, limit) + escape(note), " ".join(self.src.cite(f.source) for f in mine)])
        return out + [self.table(["", "", self.L["col_src"]], rows, [0.28, 0.62, 0.10])]

    def funding(self) -> list:  # type: ignore[type-arg]
        L = self.L
        out = [self.para(escape(L["funding"]), self.s.h2)]
        assessment = self.d.funding()
        # The conclusion first, then each reason with the sources it rests on.
        out.append(self.para(f"<b>{escape(L['assessment'])}{escape(L['colon'])}{text(assessment.conclusion, 300)}</b>"))
        for reason in assessment.reasons:
            cites = " ".join(dict.fromkeys(self.src.cite(f.source) for f in reason.facts))
            out.append(self.para(f"• {text(reason.text, 300)} {cites}", self.s.bullet))
        out.append(Spacer(1, 4))
        holders = [f for f in self.d.section("shareholders") if isinstance(f, Shareholder)]
        rounds = [f for f in self.d.section("financing") if isinstance(f, Financing)]
        if holders:
            out.append(self.para(escape(L["shareholders"]), self.s.h3))
            rows = [
                [text(h.name), text(h.stake.text if h.stake else ""), text(_amount(h.subscribed_amount)), self.src.cite(h.source)]
                for h in holders
            ]
            out.append(self.table([L["col_name"], L["col_stake"], L["col_subscribed"], L["col_src"]], rows, [0.5, 0.17, 0.23, 0.10]))
        if rounds:
            rows = [
                [text(r.round), text(_amount(r.amount)), text("、".join(r.investors)), text(_date(r.date)), self.src.cite(r.source)]
                for r in rounds
            ]
            header = [self.L["col_round"], self.L["col_amount"], self.L["col_investors"], self.L["col_date"], self.L["col_src"]]
            out.append(self.table(header, rows, [0.15, 0.2, 0.35, 0.2, 0.10]))
        out += self.affiliates("investments", "outbound_investments")
        out += self.affiliates("branches", "branches")
        return out

    def affiliates(self, section: str, count_field: str) -> list:  # type: ignore[type-arg]
        """对外投资 / 分支机构: the count the registry gives and the first names, in one line."""
        facts = list(self.d.section(section))[:MAX_AFFILIATES]
        counted = registration_by_field(self.d.facts).get(count_field)
        total = counted[0].value if counted else len(self.d.section(section))
        if not facts:
            return []
        names = self.L["sep"].join(
            f.name + (f"（{f.stake.text}）" if getattr(f, "stake", None) else "") for f in facts  # type: ignore[attr-defined]
        )
        more = self.L["more"].format(n=total) if isinstance(total, int) and total > len(facts) else ""
        cites = " ".join(dict.fromkeys(self.src.cite(f.source) for f in facts))
        line = f"<b>{escape(self.L[section])}</b>{escape(self.L['colon'])}{text(names + more, 600)} {cites}"
        return [self.para(line, self.s.small)]

    def executives(self) -> list:  # type: ignore[type-arg]
        out = [self.para(escape(self.L["executives"]), self.s.h2)]
        facts = [f for f in self.d.section("executives") if isinstance(f, Executive)]
        if not facts:
            return out + [self.none()]
        rows = [[text(f.name), text(f.title), self.src.cite(f.source)] for f in facts]
        return out + [self.table([self.L["col_name"], self.L["col_title"], self.L["col_src"]], rows, [0.3, 0.6, 0.1])]

    def projects(self) -> list:  # type: ignore[type-arg]
        """The projects timeline: one row per project, newest first, with every source that names
        it; then whom the customer bought from (likely competitors or partners)."""
        L = self.L
        out = [self.para(escape(L["projects"]), self.s.h2)]
        entries = timeline(self.d.facts, self.d.company)
        if not entries:
            return out + [self.none()]
        rows = []
        for entry in entries[:MAX_ROWS]:
            winners = L["sep"].join(f"{lot + L['colon'] if lot else ''}{winner}" for lot, winner, _ in entry.winners[:4])
            funding = entry.first("funding_source")
            what = text(entry.name) + (f"<br/><font size=8>{escape(L['won_by'])}{text(winners, 200)}</font>" if winners else "") \
                + (f"<br/><font size=8>{escape(L['funding_source'])}{text(funding, 40)}</font>" if funding else "")
            sources = [p.source for p in entry.facts] + [a for p in entry.facts for a in p.also]
            cites = " ".join(dict.fromkeys(self.src.cite(p) for p in sources))
            rows.append([what, text(entry.first("buyer") or ""), text(_amount(entry.first("amount"))), text(entry.date[:10]), cites])
        header = [L["col_project"], L["col_buyer"], L["col_amount"], L["col_date"], L["col_src"]]
        out.append(self.table(header, rows, [0.37, 0.23, 0.13, 0.16, 0.11]))
        bought = suppliers(entries, self.d.company)
        if bought:
            out.append(self.para(escape(L["suppliers"]), self.s.h3))
            for supplier, won in bought[:12]:
                names = L["sep"].join(dict.fromkeys(e.name for e, _ in won))
                cites = " ".join(dict.fromkeys(self.src.cite(f.source) for _, f in won))
                out.append(self.para(f"• <b>{text(supplier, 60)}</b>{escape(L['colon'])}{text(names, 300)} {cites}", self.s.bullet))
        return out

    def articles(self) -> list:  # type: ignore[type-arg]
        out = [self.para(escape(self.L["articles"]), self.s.h2)]
        facts = _newest_first([f for f in self.d.section("articles") if isinstance(f, Article)])
        if not facts:
            return out + [self.none()]
        rows = [[text(_date(f.published)), self.article_title(f), self.src.cite(f.source)] for f in facts]
        out.append(self.table([self.L["col_date"], self.L["col_title_article"], self.L["col_src"]], rows, [0.2, 0.7, 0.10]))
        return out + self.events()

    def article_title(self, article: Article) -> str:
        """The title, linked to the article when its address is a plain web address; the account after it."""
        title = text(article.title, 200)
        if _LINKABLE.match(article.url):
            title = f'<a href="{escape(article.url, {chr(34): "&quot;"})}" color="#1a4f8b">{title}</a>'
        if article.account:
            title += f" <font size=8>· {text(article.account, 60)}</font>"
        return title

    def events(self) -> list:  # type: ignore[type-arg]
        """What the articles say the customer did, each with the sentence it was read from."""
        L = self.L
        lines = []
        dated = sorted(self.d.facts, key=lambda f: _date(getattr(f, "date", None)) or "", reverse=True)  # newest first
        for fact in dated:
            if isinstance(fact, Project) and fact.kind == "tender_won":
                what = L["ev_won"].format(name=fact.name) + (f"（{fact.amount.text}）" if fact.amount else "")
            elif isinstance(fact, Project) and fact.kind == "signing":
                what = L["ev_signed"].format(name=fact.counterparty or fact.name)
            elif isinstance(fact, Financing) and fact.evidence:
                what = L["ev_financing"].format(round=fact.round, amount=fact.amount.text if fact.amount else "")
            elif isinstance(fact, Executive) and fact.evidence:
                what = L["person"].format(name=fact.name, title=fact.title)
            else:
                continue
            evidence = getattr(fact, "evidence", "")
            date = _date(getattr(fact, "date", None))
            line = f"• {escape(date + ' ') if date else ''}<b>{text(what, 200)}</b>：“{text(evidence, 240)}” {self.src.cite(fact.source)}"
            lines.append(self.para(line, self.s.bullet))
        if not lines:
            return []
        more = [self.para(escape(L["more_events"].format(n=len(lines) - MAX_ROWS)), self.s.small)] if len(lines) > MAX_ROWS else []
        return [self.para(escape(L["events"]), self.s.h3), *lines[:MAX_ROWS], *more]

    def visit(self) -> list:  # type: ignore[type-arg]
        out = [self.para(escape(self.L["s3"]), self.s.h1)]
        visit = self.d.visit
        if visit is None:
            return out + [self.para(escape(self.L["no_visit"]))]
        if visit.agenda:
            out.append(self.para(escape(self.L["agenda"]), self.s.h2))
            out += [self.para(f"• {text(item, 300)}", self.s.bullet) for item in visit.agenda]
        if visit.attendees:
            out.append(self.para(escape(self.L["attendees"]), self.s.h2))
            rows = [[text(a.name), text(a.title), text(a.dept)] for a in visit.attendees]
            out.append(self.table([self.L["col_name"], self.L["col_title"], self.L["col_dept"]], rows, [0.3, 0.35, 0.35]))
        return out

    def questions(self) -> list:  # type: ignore[type-arg]
        """What research found becomes a confirmation, citing its source; what it missed, a question."""
        L, d = self.L, self.d
        asks: list[str] = []  # markup: each question escaped, with its citation

        def ask(question: str, *facts: Fact) -> None:
            cites = " ".join(dict.fromkeys(self.src.cite(f.source) for f in facts))
            asks.append(f"{text(question, 400)} {cites}".rstrip())

        if not d.section("overview"):
            ask(L["q_overview"])
        holders = [f for f in d.section("shareholders") if isinstance(f, Shareholder)][:3]
        funding = d.funding()
        parent = [r for r in funding.reasons if r.signal == "parent"]
        if parent:  # the assessment's own question names the parent and cites it
            ask(funding.questions[0], *parent[0].facts)
        elif holders:
            ask(L["q_funding_found"].format(names=L["sep"].join(h.name for h in holders)), *holders)
        else:
            ask(L["q_funding"])
        for question in funding.questions[1 if parent else 0:3]:  # what the assessment could not settle
            ask(question)
        if not d.section("registration"):
            ask(L["q_registration"])
        people = [f for f in d.section("executives") if isinstance(f, Executive)][:3]
        if people:
            names = L["sep"].join(L["person"].format(name=f.name, title=f.title) for f in people)
            ask(L["q_executives_found"].format(names=names), *people)
        else:
            ask(L["q_executives"])
        projects = [f for f in d.section("projects") if isinstance(f, Project) and f.kind != "signing"]
        if projects:
            ask(L["q_projects_found"].format(name=projects[0].name[:60]), projects[0])
        else:
            ask(L["q_projects"])
        articles = _newest_first([f for f in d.section("articles") if isinstance(f, Article) and f.published])
        if articles:
            ask(L["q_articles_found"].format(title=articles[0].title[:60], date=_date(articles[0].published)), articles[0])
        else:
            ask(L["q_articles"])
        for question in L["q_always"]:
            ask(question)
        out = [self.para(escape(L["s4"]), self.s.h1)]
        return out + [self.para(f"{n}. {q}", self.s.bullet) for n, q in enumerate(asks, start=1)]

    def sources(self) -> list:  # type: ignore[type-arg]
        L = self.L
        out = [self.para(escape(L["s5"]), self.s.h1)]
        for report in self.d.sources:
            status = L["status"].get(report.status, report.status)
            line = f"<b>{text(report.adapter, 40)}</b> · {text(report.target, 200)} · {escape(status)}"
            if report.pages:
                line += f" · {report.pages} {escape(L['pages'])}"
            if report.reason:
                line += f" · {text(report.reason, 300)}"
            out.append(self.para(line, self.s.small))
        out.append(Spacer(1, 6))
        for number, prov in self.src.provenance.items():
            line = f"[{number}] {text(prov.adapter, 40)} · {text(prov.url, 300)} · {escape(_when(prov.fetched_at, self.zone))}"
            out.append(self.para(line, self.s.small))
        return out


def _keep_headings_with_next(flowables: list) -> list:  # type: ignore[type-arg]
    """A heading never ends a page alone: it travels with the first thing under it."""
    out: list = []  # type: ignore[type-arg]
    pending: list = []  # type: ignore[type-arg]
    for flowable in flowables:
        style = getattr(flowable, "style", None)
        if isinstance(flowable, Paragraph) and style is not None and style.name in ("h1", "h2"):
            pending.append(flowable)
            continue
        if pending and isinstance(flowable, Table):
            # A long table may split across pages: the heading needs only room for its first rows.
            out += [CondPageBreak(TABLE_START), *pending, flowable]
            pending = []
        elif pending:
            out.append(KeepTogether([*pending, flowable]))
            pending = []
        else:
            out.append(flowable)
    return out + pending


def _when(moment: datetime, zone: tzinfo | None = None) -> str:
    """A time on the reader's clock: the visit's zone when there is a visit, else the machine's."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M (UTC%z)")


def _date(value: DateValue | None) -> str:
    """"2024-04-28", or "2024-04-28 10:30" for an instant (shown on Beijing time, as it was written)."""
    if value is None:
        return ""
    if "T" in value.value:
        return value.value[:16].replace("T", " ")
    return value.value


def _amount(value: Amount | None) -> str:
    return value.text if value else ""


def _newest_first(items: Iterable[Article]) -> list[Article]:
    return sorted(items, key=lambda a: a.published.value if a.published else "", reverse=True)
