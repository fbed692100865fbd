"""The questions to ask in the room, generated from the dossier along METHOD.md's Stage 3.

Where research found something, the question is a confirmation that cites it ("我们了解到…"),
so the salesperson shows the homework; where it found nothing, a plain question, with the reason
it is asked. The first three, by topic priority, are page 1's "three things this visit must learn".
No I/O: a pure function of the dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from briefing.models import Article, Dossier, Executive, Fact, Note, Project, Shareholder
from briefing.toolkit.names import is_customer
from briefing.analysis.funding import funding_of
from briefing.analysis.timeline import Entry as TimelineEntry, rivals, suppliers, timeline
from briefing.toolkit.names import customer_names
from briefing.accounts.notes import Entry
from briefing.words import NEIGHBOURS, QUESTIONS

# The order in which gaps matter for a first visit (METHOD.md: no funds, no project; then who
# decides and how they buy). The first three questions of these topics lead page 1.
PRIORITY = ("funding", "decision", "procurement", "feasibility", "competition", "projects", "pain",
            "overview", "registration", "news", "person", "relationship")


@dataclass(frozen=True)
class Question:
    topic: str
    text: str
    reason: str
    facts: tuple[Fact, ...] = ()  # what a confirmation rests on; each carries its source
    short: str = ""  # page 1's few words for it; the full text when empty

    @property
    def confirms(self) -> bool:
        return bool(self.facts)





@dataclass(frozen=True)
class _Asking:
    """What the topics' questions are made from: the dossier, the words, and its projects."""

    dossier: Dossier
    say: dict[str, str]
    sep: str  # between the names of a list
    names: list[str]  # the customer's names (customer_names)
    entries: list[TimelineEntry]  # its projects over time (timeline)

    @classmethod
    def of(cls, dossier: Dossier) -> _Asking:
        english = dossier.language == "en"
        return cls(dossier, QUESTIONS["en" if english else "zh"], ", " if english else "、",
                   customer_names(dossier.company), timeline(dossier.facts, dossier.company))


def questions(dossier: Dossier) -> list[Question]:
    """Every question for the visit, most important first: each topic's (TOPICS), less what the
    team's notes settle, in PRIORITY order."""
    asking = _Asking.of(dossier)
    out = [question for topic in TOPICS for question in topic(asking)]
    out = _with_notes(out, [f for f in dossier.section("notes") if isinstance(f, Note)], asking.say)
    order = {topic: n for n, topic in enumerate(PRIORITY)}
    return sorted(out, key=lambda q: order.get(q.topic, len(PRIORITY)))


def _funding(a: _Asking) -> list[Question]:
    """Confirm the parent (the assessment's own question) or the holders, else ask; then what the
    assessment could not settle."""
    say, funding = a.say, funding_of(a.dossier)
    holders = [f for f in a.dossier.section("shareholders") if isinstance(f, Shareholder)][:3]
    parent = [r for r in funding.reasons if r.signal == "parent"]
    if parent:  # the assessment's own question names the parent
        parent_name = getattr(parent[0].facts[0], "name", "") or str(getattr(parent[0].facts[0], "value", ""))
        out = [Question("funding", funding.questions[0], say["funding_parent_reason"], parent[0].facts,
                        say["funding_parent_short"].format(parent=parent_name))]
    elif holders:
        out = [Question("funding", say["funding_found"].format(names=a.sep.join(h.name for h in holders)), say["funding_found_reason"],
                        tuple(holders), say["funding_short"])]
    else:
        out = [Question("funding", say["funding_ask"], say["funding_ask_reason"], short=say["funding_short"])]
    for extra in funding.questions[1 if parent else 0:3]:  # what the assessment could not settle
        out.append(Question("funding", extra, funding.conclusion))
    return out


def _decision(a: _Asking) -> list[Question]:
    """Confirm who decides from the executives read, else ask."""
    say = a.say
    people = [f for f in a.dossier.section("executives") if isinstance(f, Executive)][:3]
    if not people:
        return [Question("decision", say["decision_ask"], say["decision_ask_reason"], short=say["decision_short"])]
    person = "{name} ({title})" if a.dossier.language == "en" else "{name}（{title}）"
    names = a.sep.join(person.format(name=p.name, title=p.title) for p in people)
    return [Question("decision", say["decision_found"].format(names=names), say["decision_found_reason"], tuple(people),
                     say["decision_short"])]


def _procurement(a: _Asking) -> list[Question]:
    """How it buys: from a purchase of its own we read of, else ask."""
    say = a.say
    bought = [e for e in a.entries if is_customer(e.first("buyer"), a.names)]
    if not bought:
        return [Question("procurement", say["procurement_ask"], say["procurement_ask_reason"], short=say["procurement_short"])]
    return [Question("procurement", say["procurement_found"].format(name=bought[0].name[:60]),
                     say["procurement_found_reason"], tuple(bought[0].facts[:1]), say["procurement_short"])]


def _feasibility(a: _Asking) -> list[Question]:
    return [Question("feasibility", a.say["feasibility"], a.say["feasibility_reason"], short=a.say["feasibility_short"])]


def _competition(a: _Asking) -> list[Question]:
    """The supplier it chose before, else ask."""
    say = a.say
    chosen = suppliers(a.entries, a.dossier.company)
    bidders = rivals(a.dossier.facts, a.dossier.company).at_customer
    if not chosen and bidders:
        bids = [bid for _, found in bidders for bid in found]
        project = bids[0].project
        names = [name for name, found in bidders if any(b.project == project for b in found)][:3]
        return [Question("competition", say["competition_bidders"].format(project=project[:60], bidders=say["sep"].join(names)),
                         say["competition_bidders_reason"], tuple(b for b in bids if b.project == project)[:3], say["competition_short"])]
    if not chosen:
        return [Question("competition", say["competition_ask"], say["competition_ask_reason"], short=say["competition_short"])]
    supplier, won = chosen[0]
    return [Question("competition", say["competition_found"].format(project=won[0][0].name[:60], supplier=supplier),
                     say["competition_found_reason"], (won[0][1],), say["competition_short"])]


def _projects(a: _Asking) -> list[Question]:
    """A project it did for others, else ask."""
    say = a.say
    projects = [f for f in a.dossier.section("projects") if isinstance(f, Project) and f.kind != "signing"
                and not is_customer(f.buyer, a.names)]
    if not projects:
        return [Question("projects", say["projects_ask"], say["projects_ask_reason"], short=say["projects_short"])]
    return [Question("projects", say["projects_found"].format(name=projects[0].name[:60]), say["projects_found_reason"],
                     (projects[0],), say["projects_short"])]


def _pain(a: _Asking) -> list[Question]:
    """What the attending departments care about."""
    visit = a.dossier.visit
    depts = [att.dept for att in visit.attendees if att.dept] if visit else []
    pain = a.say["pain_attendees"].format(depts=a.sep.join(dict.fromkeys(depts))) if depts else a.say["pain"]
    return [Question("pain", pain, a.say["pain_reason"])]


def _overview(a: _Asking) -> list[Question]:
    return [] if a.dossier.section("overview") else [Question("overview", a.say["overview"], a.say["overview_reason"])]


def _registration(a: _Asking) -> list[Question]:
    return [] if a.dossier.section("registration") else [Question("registration", a.say["registration"], a.say["registration_reason"])]


def _news(a: _Asking) -> list[Question]:
    """The newest dated article, else ask."""
    say = a.say
    articles = sorted((f for f in a.dossier.section("articles") if isinstance(f, Article) and f.published),
                      key=lambda art: art.published.value if art.published else "", reverse=True)
    if not articles:
        return [Question("news", say["news_ask"], say["news_ask_reason"])]
    first = articles[0]
    date = first.published.value[:10] if first.published else ""
    return [Question("news", say["news_found"].format(title=first.title[:60], date=date), say["news_found_reason"], (first,))]


def _person(a: _Asking) -> list[Question]:
    return [Question("person", a.say["person"], a.say["person_reason"])]


def _relationship(a: _Asking) -> list[Question]:
    return [Question("relationship", a.say["relationship"], a.say["relationship_reason"])]


# Each topic's questions, in the order they are asked before PRIORITY sorts them.
TOPICS: tuple[Callable[[_Asking], list[Question]], ...] = (
    _funding, _decision, _procurement, _feasibility, _competition, _projects, _pain, _overview, _registration, _news,
    _person, _relationship,
)


def answered_topics(notes: Sequence[Note | Entry]) -> set[str]:
    """Topics the customer answered in a visit (`briefing debrief`): not asked again."""
    return {n.topic for n in notes if n.answered and n.topic}


def _with_notes(asked: list[Question], notes: list[Note], say: dict[str, str]) -> list[Question]:
    """Answered topics drop out; a topic a colleague spoke of becomes a confirmation of what they said."""
    done = answered_topics(notes)
    told = {}
    for note in notes:
        if note.topic and not note.answered:
            told.setdefault(note.topic, note)  # the first (oldest in the file) note on the topic
    out = []
    seen: set[str] = set()
    for question in asked:
        if question.topic in done:
            continue
        note = told.get(question.topic)
        if note is not None and question.topic not in seen:
            who = ("，" if say is QUESTIONS["zh"] else ", ").join(p for p in (note.author, note.said_on.value if note.said_on else "") if p)
            ask = (question.short or question.text).split("：", 1)[-1].split(": ", 1)[-1]  # without its "topic：" lead
            text = say["noted"].format(note=note.text[:80], who=who, question=ask)
            question = Question(question.topic, text, say["noted_reason"], (note, *question.facts), question.short)
        elif note is not None:
            continue  # the topic's confirmation is already asked
        seen.add(question.topic)
        out.append(question)
    return out


def must_learn(asked: list[Question], count: int = 3) -> list[Question]:
    """Page 1's three things: the first question of each of the most important topics."""
    seen: dict[str, Question] = {}
    for question in asked:
        if question.topic not in ("person", "relationship"):
            seen.setdefault(question.topic, question)
    return list(seen.values())[:count]


def open_topics(dossier_notes: Sequence[Note | Entry], language: str = "zh") -> list[tuple[str, str]]:
    """(topic, question) for every topic of the plan a debrief can answer, less those already answered.
    Needs no research: the debrief asks the short form of each question."""
    say = QUESTIONS["en" if language == "en" else "zh"]
    done = answered_topics(dossier_notes)
    return [(topic, say[f"{topic}_short"]) for topic in ("funding", "decision", "procurement", "feasibility", "competition", "projects")
            if topic not in done] + [(topic, say[topic]) for topic in ("pain", "relationship") if topic not in done]


def departments(dossier: Dossier) -> list[tuple[str, str]]:
    """The neighbouring departments to stop by, less those whose people attend the meeting."""
    attending = " ".join(a.dept for a in dossier.visit.attendees) if dossier.visit else ""
    rows = NEIGHBOURS["en" if dossier.language == "en" else "zh"]
    return [(name, learn) for name, learn in rows if name.rstrip("部") not in attending]
