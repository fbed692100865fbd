"""From a dossier to the brief's `Document`, along the visit method (../shared/METHOD.md).

Page 1 is the brief at a glance: the visit, five facts worth mentioning, red flags, and the three
things the visit must learn. Then the method's parts: what our team knows; the public record
(overview, registration, owners and funding, executives, projects, news, competition); what was
agreed on the phone; and the visit itself (questions, departments). An empty section says what
was searched and not found. Every fact carries a `Cite` into the numbered source list.

Text is cut here (with a visible marker) so every printer shows the same; escaping is the
printers' job.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from pathlib import PurePath
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from briefing.analysis import attendees, glance, questions as visit_questions
from briefing.rendering.document import (
    Block,
    Bullets,
    Cite,
    Document,
    Holder,
    Inline,
    Moment,
    Ownership,
    Panel,
    Para,
    Run,
    Section,
    SourceLine,
    Table,
    Timeline,
    is_linkable,
    plain,
)
from briefing.analysis.changes import Changes
from briefing.toolkit.names import customer_names
from briefing.analysis.funding import funding_of, holder_kind
from briefing.words import LABELS
from briefing.words import TOPIC_NAMES
from briefing.models import (
    Amount,
    Article,
    Bid,
    DateValue,
    Dossier,
    Executive,
    Fact,
    Financing,
    Note,
    Overview,
    Project,
    Provenance,
    REGISTRATION_FIELDS,
    Registration,
    Shareholder,
    SourceReport,
    registration_by_field,
)
from briefing.toolkit.names import is_customer
from briefing.analysis.timeline import rivals, suppliers, timeline

MAX_CELL = 400  # characters in one table cell before it is cut
MAX_PARAGRAPH = 1200
MAX_ROWS = 60
MAX_AFFILIATES = 8
MAX_MOMENTS = 14  # rows of the drawn timeline: it must fit on one page
MAX_HOLDERS = 5  # boxes in the ownership diagram's holder row
MAX_CHANGES = 6  # lines of "what changed" on page 1
MAX_GLANCE = 80  # characters of one item on page 1: about two lines

# Which built-in adapters can find each section's facts: an empty section names them as searched.
# A third-party adapter may find anything, so it counts as searched for every section.
SEARCHED_BY = {
    "internal": ("notes",),
    "overview": ("site", "wechat", "news"),
    "registration": ("registry",),
    "owners": ("registry", "site"),
    "executives": ("site", "registry", "wechat", "news"),
    "projects": ("site", "registry", "tenders", "wechat", "news"),
    "news": ("wechat", "news", "site"),
    "competition": ("tenders", "registry"),
}
_BUILT_IN = {name for names in SEARCHED_BY.values() for name in names}

# Control characters and bidi overrides (U+202E makes "fdp.exe" read as "exe.pdf") never print.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(value: object, limit: int = MAX_CELL, marker: str = "…") -> str:
    """Scraped text as it may be printed: no invisible controls, cut with a visible marker."""
    raw = _INVISIBLE.sub("", "" if value is None else str(value))
    if len(raw) <= limit:
        return raw
    cut = raw[:limit]
    # end at the last line or sentence within the last fifth, not inside an item (「- 20…」)
    at = max(cut.rfind(mark) for mark in ("\n", "。", "；"))
    if at >= limit * 4 // 5:
        cut = cut[:at + (cut[at] != "\n")]
    return cut.rstrip() + marker


def one_line(value: object, limit: int = MAX_CELL) -> str:
    """For table cells and page 1: a cell taller than a page cannot be split."""
    return " ".join(clean(value, limit).split())


class _Citations:
    """Numbers each distinct source URL in reading order: facts cite [n]."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.provenance: list[Provenance] = []

    def __call__(self, source: Provenance) -> Cite:
        if source.url not in self.numbers:
            self.provenance.append(source)
            self.numbers[source.url] = len(self.provenance)
        return Cite(self.numbers[source.url])

    def of(self, facts: Iterable[Fact]) -> tuple[Cite, ...]:
        """Every source of the facts: a fact several sources report (`also`) cites them all."""
        cites = dict.fromkeys(self(s) for f in facts for s in (f.source, *getattr(f, "also", ())))
        return tuple(sorted(cites, key=lambda c: c.number))


def compose(dossier: Dossier, changes: Changes | None = None) -> Document:
    """The brief's document; `changes` (from a refresh) lead page 1 as "what changed since"."""
    return _Composer(dossier, changes).document()


class _Composer:
    def __init__(self, dossier: Dossier, changes: Changes | None = None) -> None:
        self.d = dossier
        self.changes = changes
        self.lang = dossier.language if dossier.language in LABELS else "zh"
        self.L = LABELS[self.lang]
        self.cite = _Citations()
        self.zone: tzinfo | None = dossier.visit.start.tzinfo if dossier.visit else None
        self.funding = funding_of(dossier)
        self.entries = timeline(dossier.facts, dossier.company)
        self.names = customer_names(dossier.company)
        self.asked = visit_questions.questions(dossier)

    def document(self) -> Document:
        d, L = self.d, self.L
        subtitle = []
        if d.company.aliases:
            subtitle.append(one_line(" / ".join(d.company.aliases), 300))
        page_one = self.glance()  # first: page 1's citations get the first numbers
        sections = [
            self.internal(),
            Section("public", L["s2"], 1),
            self.overview(),
            self.registration(),
            self.owners(),
            self.executives(),
            self.projects(),
            self.news(),
            self.competition(),
            self.phone(),
            self.visit(),
        ]
        return Document(
            language=self.lang,
            title=L["brief"],
            company=one_line(d.company.name, 200),
            subtitle=tuple(subtitle),
            glance=page_one,
            sections=sections,
            sources_title=L["s5"],
            source_reports=tuple(self.report_line(r) for r in d.sources),
            sources=self.source_lines(),
            built=when(d.built_at, self.zone),
            labels=L,
            built_at=d.built_at.astimezone(self.zone),
        )

    # --- page 1 ---
    def glance(self) -> list[Block]:
        L = self.L
        out: list[Block] = []
        if self.changes is not None and self.changes.material:
            since = when(self.changes.since, self.zone)[:16]
            items = tuple(plain(one_line(c.text, MAX_GLANCE), *self.cite_pages((c.source_url, *c.also)))
                          for c in self.changes.items[:MAX_CHANGES])
            more = len(self.changes.items) - MAX_CHANGES
            if more > 0:
                items += (plain(L["changes_more"].format(n=more)),)
            out.append(Panel(L["changes"].format(since=since), items, "alert"))
        out.append(self.visit_panel())
        facts = [plain(one_line(self.mention(m), MAX_GLANCE), *self.cite.of(m.facts)) for m in glance.mentions(self.d)]
        out.append(Panel(L["g_facts"], tuple(facts) or (plain(L["g_no_facts"]),), "info", numbered=True))
        flags = [plain(one_line(self.flag(f), MAX_GLANCE), *self.cite.of(f.facts)) for f in glance.flags(self.d, self.other_names())]
        out.append(Panel(L["g_flags"], tuple(flags[:6]) or (plain(L["g_no_flags"]),), "alert" if flags else "info"))
        learn = [plain(one_line(q.short or q.text, MAX_GLANCE), *self.cite.of(q.facts)) for q in visit_questions.must_learn(self.asked)]
        out.append(Panel(L["g_learn"], tuple(learn), "action", numbered=True))
        return out

    def cite_pages(self, urls: Iterable[str]) -> tuple[Cite, ...]:
        """Citations of pages known by address only (a change's sources), as this dossier's facts read
        them; an address no fact was read from is not cited (the sources list would have no line for it)."""
        read = {s.url: s for f in self.d.facts for s in (f.source, *getattr(f, "also", ()))}
        return tuple(dict.fromkeys(self.cite(read[url]) for url in urls if url in read))

    def visit_panel(self) -> Panel:
        L, visit = self.L, self.d.visit
        if visit is None:
            return Panel(L["g_visit"], (plain(L["g_no_visit"]),), "info")
        when_line = f"{L['g_when']}{L['colon']}{when(visit.start, self.zone)}"
        items = [plain(Run(one_line(when_line, 100), strong=True))]
        if visit.place:
            items.append(plain(one_line(f"{L['place']}{L['colon']}{visit.place}", MAX_GLANCE)))
        if visit.attendees:
            who = L["sep"].join(L["person"].format(name=a.name, title=a.title) if a.title else a.name for a in visit.attendees)
            items.append(plain(one_line(f"{L['g_who']}{L['colon']}{who}", MAX_GLANCE)))
        for number, item in enumerate(visit.agenda[:3], start=1):
            items.append(plain(one_line(f"{L['g_agenda']} {number}{L['colon']}{item}", MAX_GLANCE)))
        return Panel(L["g_visit"], tuple(items), "info")

    def mention(self, m: glance.Mention) -> str:
        L, w = self.L, m.words
        amount = f"（{w['amount'].text}）" if isinstance(w.get("amount"), Amount) else ""
        if self.lang == "en" and amount:
            amount = f" ({w['amount'].text})"
        date = f"{w['date']} " if w.get("date") else ""
        if m.kind == "registration":
            if "date" in w and "capital" in w:
                return L["f_established"].format(**w)
            return L["f_established_only"].format(**w) if "date" in w else L["f_capital"].format(**w)
        if m.kind == "owner":
            stake = f"（{w['stake']}）" if w["stake"] else ""
            return L["f_owner"].format(name=w["name"], stake=stake)
        if m.kind == "controller":
            return L["f_controller"].format(**w)
        if m.kind == "project":
            key = "f_project_won" if w["won"] else "f_project"
            return L[key].format(date=date, name=w["name"], amount=amount)
        if m.kind == "financing":
            return L["f_financing"].format(date=date, round=w["round"], amount=amount)
        if m.kind == "news":
            return L["f_news"].format(date=date, title=w["title"])
        if m.kind == "person":
            return L["f_person"].format(**w)
        if m.kind == "staff":
            return L["f_staff"].format(**w)
        return L["f_listed"].format(**w)

    def flag(self, f: glance.Flag) -> str:
        L, w = self.L, f.words
        if f.kind == "other_name":
            return L["other_name"].format(**w)
        if f.kind == "stale" and w["adapter"] == "notes":  # the team's notes were asked for but not read
            return L["notes_unread"].format(reason=w["reason"], target=w["target"])
        if f.kind == "stale":
            return L["flag_stale"].format(adapter=w["adapter"], status=L["status"].get(w["status"], w["status"]),
                                          reason=w["reason"] or w["target"])
        return L[f"flag_{f.kind}"].format(**w)

    def other_names(self) -> list[Registration]:
        """Registry names that are not the account's name, an alias or a former name."""
        def key(name: str) -> str:
            return re.sub(r"[\s()（）]", "", name)

        by_field = registration_by_field(self.d.facts)
        known = {key(n) for n in (self.d.company.name, *self.d.company.aliases) if n}
        for fact in by_field.get("former_names", []):
            known |= {key(n) for n in fact.value}
        return [f for f in by_field.get("name", []) if known and key(str(f.value)) not in known]

    # --- what was searched, for empty sections ---
    def searched(self, section: str) -> Para:
        L = self.L
        wanted = SEARCHED_BY.get(section, ())
        reports = [r for r in self.d.sources if r.adapter in wanted or r.adapter not in _BUILT_IN]
        if not reports:
            return Para(plain(L["searched_nothing"]), "empty")
        where = L["sep"].join(f"{r.adapter}（{_short(r.target)}）" if self.lang == "zh" else f"{r.adapter} ({_short(r.target)})"
                              for r in reports)
        failed = "".join(L["searched_failed"].format(adapter=r.adapter, reason=one_line(r.reason, 120))
                         for r in reports if r.status != "ok")
        return Para(plain(one_line(L["searched"].format(where=where) + failed, 600)), "empty")

    # --- 1. what we know ---
    def internal(self) -> Section:
        """The team's notes first (METHOD.md: the most reliable source), by topic; then what the
        customer answered in earlier visits; then the four background points nobody has noted yet."""
        L = self.L
        section = Section("internal", L["s1"], 1)
        for notes in (s for s in self.d.sources if s.adapter == "notes" and s.status != "ok"):
            # The team's notes were asked for but not read: say so, never "no notes".
            section.blocks.append(Para(plain(one_line(L["notes_unread"].format(reason=notes.reason, target=notes.target), 400)), "warning"))
        notes = [f for f in self.d.section("notes") if isinstance(f, Note)]
        labels = TOPIC_NAMES[self.lang]
        told = [n for n in notes if not n.answered]
        answered = [n for n in notes if n.answered]
        if told:
            order = {topic: n for n, topic in enumerate(labels)}
            items = tuple(self.note_line(n, labels) for n in sorted(told, key=lambda n: order.get(n.topic, len(order))))
            section.blocks.append(Bullets(items))
        if answered:
            section.blocks.append(Para(plain(L["answered"]), "subhead"))
            section.blocks.append(Bullets(tuple(self.note_line(n, labels) for n in answered)))
        if not notes and not any(s.adapter == "notes" for s in self.d.sources):
            section.blocks.append(Para(plain(L["notes_none"]), "empty"))
        covered = {n.topic for n in notes}
        missing = [point for topic, point in zip(("funding", "decision", "procurement", "attitude"), L["s1_points"]) if topic not in covered]
        if missing:
            section.blocks.append(Para(plain(L["s1_empty"])))
            section.blocks.append(Bullets(tuple(plain(p) for p in missing)))
        return section

    def note_line(self, note: Note, labels: dict[str, str]) -> Inline:
        who = ("，" if self.lang == "zh" else ", ").join(p for p in (note.author, note.said_on.value if note.said_on else "") if p)
        topic = Run(f"{labels.get(note.topic, labels[''])}{self.L['colon']}", strong=True)
        return plain(topic, clean(note.text, 600), Run(f" — {one_line(who, 80)}", small=True), self.cite(note.source))

    # --- 2. the public record ---
    def overview(self) -> Section:
        section = Section("overview", self.L["overview"], 2)
        facts = [f for f in self.d.section("overview") if isinstance(f, Overview)]
        if not facts:
            section.blocks.append(self.searched("overview"))
            return section
        first = facts[0]
        section.blocks.append(Para(plain(Run(clean(first.summary, 400), strong=True), self.cite(first.source)), "lead"))
        for number, fact in enumerate(facts):
            # The main about page at length, without repeating its summary; further pages
            # (history, culture, honours) as short excerpts.
            body = fact.text
            at = body.find(fact.summary) if number == 0 and fact.summary else -1
            if 0 <= at <= 40:
                body = (body[:at] + body[at + len(fact.summary):]).strip()
            limit = MAX_PARAGRAPH if number == 0 else MAX_PARAGRAPH // 5
            if body.strip():
                section.blocks.append(Para(plain(clean(body, limit, self.L["cut"]), self.cite(fact.source))))
        return section

    def registration(self) -> Section:
        L = self.L
        section = Section("registration", L["registration"], 2)
        by_field = registration_by_field(self.d.facts)
        if not by_field:
            section.blocks.append(self.searched("registration"))
            return section
        rows = []
        for field in REGISTRATION_FIELDS:
            mine = by_field.get(field)
            if not mine:
                continue
            shown = "；".join(dict.fromkeys(f.text or str(f.value) for f in mine))
            note = L["conflict"] if len(mine) > 1 else ""
            limit = MAX_PARAGRAPH // 4 if field == "business_scope" else MAX_CELL
            rows.append((plain(L["reg_fields"][field]), plain(one_line(shown, limit) + note), self.cite.of(mine)))
        section.blocks.append(Table((L["col_field"], L["col_value"], L["col_src"]), tuple(rows), (0.28, 0.60, 0.12)))
        return section

    def owners(self) -> Section:
        L = self.L
        section = Section("owners", L["funding"], 2)
        assessment = self.funding
        section.blocks.append(Para(plain(Run(one_line(f"{L['assessment']}{L['colon']}{assessment.conclusion}", 300), strong=True)), "lead"))
        if assessment.reasons:
            section.blocks.append(Bullets(tuple(plain(one_line(r.text, 300), *self.cite.of(r.facts)) for r in assessment.reasons)))
        holders = sorted((f for f in self.d.section("shareholders") if isinstance(f, Shareholder)),
                         key=lambda h: -(h.stake.value if h.stake else 0))
        diagram = self.ownership(holders)
        if diagram:
            section.blocks.append(diagram)
        if holders:
            rows = tuple(
                (plain(one_line(h.name)), plain(one_line(h.stake.text if h.stake else "")),
                 plain(one_line(h.subscribed_amount.text if h.subscribed_amount else "")), (self.cite(h.source),))
                for h in holders[:MAX_ROWS]
            )
            section.blocks.append(Table((L["shareholders"], L["col_stake"], L["col_subscribed"], L["col_src"]), rows,
                                        (0.48, 0.16, 0.24, 0.12), more=max(0, len(holders) - MAX_ROWS)))
        rounds = [f for f in self.d.section("financing") if isinstance(f, Financing)]
        if rounds:
            rows = tuple(
                (plain(one_line(r.round)), plain(one_line(r.amount.text if r.amount else "")), plain(one_line("、".join(r.investors))),
                 plain(_date(r.date)), (self.cite(r.source),))
                for r in rounds[:MAX_ROWS]
            )
            header = (L["col_round"], L["col_amount"], L["col_investors"], L["col_date"], L["col_src"])
            section.blocks.append(Table(header, rows, (0.15, 0.18, 0.35, 0.2, 0.12)))
        section.blocks += self.affiliates("investments", "outbound_investments")
        section.blocks += self.affiliates("branches", "branches")
        if not holders and not rounds and not assessment.reasons:
            section.blocks.append(self.searched("owners"))
        return section

    def ownership(self, holders: Sequence[Shareholder]) -> Ownership | None:
        reg = registration_by_field(self.d.facts)
        controller = reg.get("actual_controller", [])
        parent = next((r for r in self.funding.reasons if r.signal == "parent"), None)
        parent_name = ""
        if parent is not None:
            fact = parent.facts[0]
            parent_name = fact.name if isinstance(fact, Shareholder) else str(getattr(fact, "value", ""))
        if not holders and not controller and not parent_name:
            return None
        shown = list(holders[:MAX_HOLDERS]) if len(holders) <= MAX_HOLDERS else list(holders[:MAX_HOLDERS - 1])
        boxes = tuple(
            Holder(one_line(h.name, 60), one_line(h.stake.text if h.stake else "", 20), holder_kind(h.name), self.cite(h.source))
            for h in shown
        )
        facts: list[Fact] = [*shown, *controller[:1]] + (list(parent.facts) if parent else [])
        drawn = {h.name for h in shown}
        return Ownership(
            company=one_line(self.d.company.name, 60),
            holders=boxes,
            controller=one_line(controller[0].value, 60) if controller and str(controller[0].value) not in drawn else "",
            parent=one_line(parent_name, 60),
            cites=self.cite.of(facts),
            more=len(holders) - len(shown),
        )

    def affiliates(self, section: str, count_field: str) -> list[Block]:
        """对外投资 / 分支机构: the count the registry gives and the first names, in one line."""
        facts = list(self.d.section(section))[:MAX_AFFILIATES]
        if not facts:
            return []
        counted = registration_by_field(self.d.facts).get(count_field)
        total = counted[0].value if counted else len(self.d.section(section))
        names = self.L["sep"].join(
            f.name + (f"（{f.stake.text}）" if getattr(f, "stake", None) else "") for f in facts  # type: ignore[attr-defined]
        )
        more = self.L["more"].format(n=total) if isinstance(total, int) and total > len(facts) else ""
        label = f"{self.L[section]}{self.L['colon']}"
        return [Para(plain(Run(label, strong=True), one_line(names + more, 600), *self.cite.of(facts)), "small")]

    def executives(self) -> Section:
        L = self.L
        section = Section("executives", L["executives"], 2)
        facts = [f for f in self.d.section("executives") if isinstance(f, Executive)]
        if not facts:
            section.blocks.append(self.searched("executives"))
            return section
        rows = tuple((plain(one_line(f.name)), plain(one_line(f.title)), (self.cite(f.source),)) for f in facts[:MAX_ROWS])
        section.blocks.append(Table((L["col_name"], L["col_title"], L["col_src"]), rows, (0.3, 0.58, 0.12), more=max(0, len(facts) - MAX_ROWS)))
        return section

    def projects(self) -> Section:
        """The projects timeline: one row per project, newest first, with every source that names it."""
        L = self.L
        section = Section("projects", L["projects"], 2)
        moments = self.moments()
        if len(moments) >= 2:
            section.blocks.append(Timeline(tuple(moments), plain(L["timeline_caption"], *dict.fromkeys(c for m in moments for c in m.cites))))
        if not self.entries:
            section.blocks.append(self.searched("projects"))
            return section
        rows = []
        for entry in self.entries[:MAX_ROWS]:
            winners = L["sep"].join(f"{lot + L['colon'] if lot else ''}{winner}" for lot, winner, _ in entry.winners[:4])
            funding = entry.first("funding_source")
            what: list[Run] = [Run(one_line(entry.name))]
            if winners:
                what.append(Run(one_line(f" {L['won_by']}{winners}", 200), small=True))
            if funding:
                what.append(Run(one_line(f" {L['funding_source']}{funding}", 60), small=True))
            sources = [p.source for p in entry.facts] + [a for p in entry.facts for a in p.also]
            amount = entry.first("amount")
            budget = entry.first("budget")  # a call for bids has a budget, not an award
            money = amount.text if amount else (f"{L['budget']}{_compact(budget)}" if budget else "")
            rows.append((tuple(what), plain(one_line(entry.first("buyer") or "")), plain(one_line(money, 60)),
                         plain(one_line(entry.date[:10], 20)), tuple(dict.fromkeys(self.cite(s) for s in sources))))
        header = (L["col_project"], L["col_buyer"], L["col_amount"], L["col_date"], L["col_src"])
        section.blocks.append(Table(header, tuple(rows), (0.33, 0.20, 0.16, 0.19, 0.12), more=max(0, len(self.entries) - MAX_ROWS)))
        return section

    def moments(self) -> list[Moment]:
        """The newest dated projects, articles and rounds, for the drawn timeline (oldest at the bottom)."""
        found: list[Moment] = []
        for entry in self.entries:
            if not entry.date:
                continue
            won = any(is_customer(w, self.names) for _, w, _ in entry.winners)
            kind = "won" if won else "bought" if is_customer(entry.first("buyer"), self.names) else "project"
            found.append(Moment(entry.date[:10], one_line(entry.name, 80), kind, self.cite.of(entry.facts)))
        for article in self.d.section("articles"):
            if isinstance(article, Article) and article.published:
                found.append(Moment(article.published.value[:10], one_line(article.title, 80), "news", self.cite.of([article])))
        for r in self.d.section("financing"):
            if isinstance(r, Financing) and r.date:
                label = f"{r.round} {r.amount.text if r.amount else ''}".strip()
                found.append(Moment(r.date.value[:10], one_line(label, 80), "financing", self.cite.of([r])))
        found.sort(key=lambda m: (m.date, m.kind, m.label), reverse=True)
        return found[:MAX_MOMENTS]

    def news(self) -> Section:
        L = self.L
        section = Section("news", L["articles"], 2)
        facts = sorted((f for f in self.d.section("articles") if isinstance(f, Article)),
                       key=lambda a: a.published.value if a.published else "", reverse=True)
        if not facts:
            section.blocks.append(self.searched("news"))
            return section
        rows = []
        for f in facts[:MAX_ROWS]:
            title: list[Run] = [Run(one_line(f.title, 200), link=f.url)]
            if f.account:
                title.append(Run(f" · {one_line(f.account, 60)}", small=True))
            if f.summary:  # what the article says, read in ten seconds
                title.append(Run(f" — {one_line(f.summary, 400)}", small=True))
            rows.append((plain(one_line(_date(f.published), 20)), tuple(title), self.cite.of([f])))
        section.blocks.append(Table((L["col_date"], L["col_title_article"], L["col_src"]), tuple(rows), (0.2, 0.68, 0.12),
                                    more=max(0, len(facts) - MAX_ROWS)))
        section.blocks += self.events()
        return section

    def events(self) -> list[Block]:
        """What the articles say the customer did, each with the sentence it was read from."""
        L = self.L
        items: list[Inline] = []
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
            date = _date(getattr(fact, "date", None))
            items.append(plain(f"{date} " if date else "", Run(one_line(what, 200), strong=True),
                               f"{L['colon']}“{one_line(getattr(fact, 'evidence', ''), 240)}”", *self.cite.of([fact])))
        if not items:
            return []
        out: list[Block] = [Para(plain(L["events"]), "subhead"), Bullets(tuple(items[:MAX_ROWS]))]
        if len(items) > MAX_ROWS:
            out.append(Para(plain(L["more_events"].format(n=len(items) - MAX_ROWS)), "small"))
        return out

    def competition(self) -> Section:
        """Whom the customer bought from and who bid in its tenders (our likely competitors), who
        bid against it, and who won beside it (its peers)."""
        L = self.L
        section = Section("competition", L["competition"], 2)
        bought = suppliers(self.entries, self.d.company)
        bidders = rivals(self.d.facts, self.d.company)
        peers: dict[str, list[tuple[str, Project]]] = {}
        for entry in self.entries:
            if any(is_customer(w, self.names) for _, w, _ in entry.winners):
                for _, winner, fact in entry.winners:
                    if not is_customer(winner, self.names):
                        peers.setdefault(winner, []).append((entry.name, fact))
        if not bought and not peers and not bidders.at_customer and not bidders.of_customer:
            section.blocks.append(self.searched("competition"))
            return section
        if bought:
            section.blocks.append(Para(plain(L["competition_note"]), "small"))
            section.blocks.append(Bullets(tuple(self.company_line(supplier, [(e.name, f) for e, f in won])
                                                for supplier, won in bought[:12])))
        for note, found in (("rivals_at_note", bidders.at_customer), ("rivals_of_note", bidders.of_customer)):
            if found:
                section.blocks.append(Para(plain(L[note]), "small"))
                section.blocks.append(Bullets(tuple(self.company_line(name, [(self.bid_words(b), b) for b in bids])
                                                    for name, bids in found[:12])))
        if peers:
            section.blocks.append(Para(plain(L["peers_note"]), "small"))
            section.blocks.append(Bullets(tuple(self.company_line(peer, won) for peer, won in list(peers.items())[:12])))
        return section

    def company_line(self, company: str, what: Sequence[tuple[str, Fact]]) -> Inline:
        """「某某公司：项目A、项目B [n]」: a company and what it did, each with its source."""
        L = self.L
        named = L["sep"].join(dict.fromkeys(text for text, _ in what))
        return plain(Run(one_line(company, 60), strong=True), L["colon"] + one_line(named, 300), *self.cite.of(f for _, f in what))

    def bid_words(self, bid: Bid) -> str:
        """「…项目（包2，第2名候选人，1309.2万元，2024-05-20）」"""
        L = self.L
        candidate = bid.role == "candidate"
        if bid.rank:
            standing = L["bid_ranked_candidate" if candidate else "bid_rank"].format(rank=bid.rank)
        else:
            standing = L["bid_candidate" if candidate else "bid_bidder"]
        said = [bid.lot or "", standing, _compact(bid.price) if bid.price else "", _date(bid.date)]
        detail = ("，" if self.lang == "zh" else ", ").join(p for p in said if p)
        return f"{one_line(bid.project, 80)}（{detail}）" if self.lang == "zh" else f"{one_line(bid.project, 80)} ({detail})"

    # --- 3. the phone call ---
    def phone(self) -> Section:
        L = self.L
        section = Section("phone", L["s3"], 1)
        visit = self.d.visit
        if visit is None:
            section.blocks.append(Para(plain(L["no_visit"]), "empty"))
            return section
        section.blocks.append(Para(plain(L["agenda"]), "subhead"))
        section.blocks.append(Bullets(tuple(plain(one_line(item, 300)) for item in visit.agenda))
                              if visit.agenda else Para(plain(L["none"]), "empty"))
        section.blocks.append(Para(plain(L["attendees"]), "subhead"))
        if not visit.attendees:
            section.blocks.append(Para(plain(L["none"]), "empty"))
            return section
        items = []
        for found in attendees.match(self.d):
            a = found.attendee
            role = L["sep"].join(x for x in (a.title, a.dept) if x)
            line: list[Run | Cite] = [Run(one_line(a.name, 40), strong=True)]
            if role:
                line.append(Run(f"（{one_line(role, 120)}）" if self.lang == "zh" else f" ({one_line(role, 120)})", small=True))
            if found.executive is not None:
                line += [Run(f"\n{L['people_known']}{one_line(found.executive.title, 120)}"), self.cite(found.executive.source)]
            else:
                line.append(Run(f"\n{L['people_unknown']}", small=True))
            mentions = [m for m in found.mentions if m is not found.executive]
            if mentions:
                line += [Run(f" · {L['people_mentioned'].format(n=len(mentions))}"), *self.cite.of(mentions)]
            if found.interests:
                line.append(Run(f"\n{L['people_cares']}{found.interests}", small=True))
            items.append(tuple(line))
        section.blocks.append(Bullets(tuple(items)))
        missing = attendees.missing_departments(self.d)
        if missing:
            section.blocks.append(Para(plain(L["people_missing"].format(depts=L["sep"].join(missing))), "warning"))
        return section

    # --- 4. the visit ---
    def visit(self) -> Section:
        L = self.L
        section = Section("visit", L["s4"], 1)
        items = tuple(
            plain(one_line(q.text, 400), *self.cite.of(q.facts), Run(f" — {one_line(q.reason, 200)}", small=True))
            for q in self.asked
        )
        section.blocks.append(Bullets(items, numbered=True))
        section.blocks.append(Para(plain(L["departments"]), "subhead"))
        rows = tuple((plain(name), plain(learn)) for name, learn in visit_questions.departments(self.d))
        section.blocks.append(Table((L["col_dept"], L["col_learn"]), rows, (0.25, 0.75)))
        return section

    # --- sources ---
    def report_line(self, report: SourceReport) -> Inline:
        L = self.L
        status = L["status"].get(report.status, report.status)
        line = f"{report.adapter} · {one_line(report.target, 200)} · {status}"
        if report.pages:
            line += f" · {report.pages} {L['pages']}"
        if report.reason:
            line += f" · {one_line(report.reason, 300)}"
        return plain(one_line(line, 700))

    def source_lines(self) -> tuple[SourceLine, ...]:
        L = self.L
        out = []
        for number, prov in enumerate(self.cite.provenance, start=1):
            report = _report_for(prov, self.d.sources)
            status = report.status if report else "ok"
            title = one_line(prov.title, 160) or one_line(_short(prov.url), 160)  # a 49,000-letter file name held reportlab for a minute
            out.append(SourceLine(number, title, one_line(prov.url, 400), prov.adapter, when(prov.fetched_at, self.zone),
                                  L["status"].get(status, status), status == "ok", link=prov.url if is_linkable(prov.url) else ""))
        return tuple(out)


def _report_for(prov: Provenance, reports: Sequence[SourceReport]) -> SourceReport | None:
    """The state of the source a fact came from: the same adapter's report for that page or site."""
    mine = [r for r in reports if r.adapter == prov.adapter]
    host = urlsplit(prov.url).netloc
    for report in mine:
        if report.target == prov.url or (host and urlsplit(report.target).netloc == host):
            return report
    return mine[0] if mine else None


def _short(target: str) -> str:
    """A site's host, or a saved file's name: enough to know what was searched."""
    parts = urlsplit(target)
    if parts.scheme in ("http", "https") and parts.netloc:
        return parts.netloc
    return PurePath(parts.path or target).name or target[:60]


def when(moment: datetime, zone: tzinfo | None = None) -> str:
    """A time on the reader's clock: the visit's zone when there is a visit, else the machine's."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M (UTC%z)")


def _date(value: DateValue | None) -> str:
    """"2024-04-28", or "2024-04-28 10:30" for an instant (shown on Beijing time, as it was written)."""
    if value is None:
        return ""
    if "T" in value.value:
        return value.value[:16].replace("T", " ")
    return value.value


def _compact(amount: Amount) -> str:
    """A budget short enough for a table cell: 「人民币1,100,000.00元」 as 「110万元」."""
    if amount.currency == "CNY" and amount.value >= 10_000:
        return f"{float(amount.value) / 10_000:.6g}万元"
    return amount.text
