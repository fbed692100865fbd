"""The questions to ask in the room, generated from the dossier along METHOD.md's Stage 3.

Where research found something, the question is a confirmation that cites it ("我们了解到…"),
so the salesperson shows the homework; where it found nothing, a plain question, with the reason
it is asked. The first three, by topic priority, are page 1's "three things this visit must learn".
No I/O: a pure function of the dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from briefing.models import Article, Dossier, Executive, Fact, Note, Project, Shareholder
from briefing.toolkit.names import is_customer
from briefing.analysis.timeline import suppliers, timeline
from briefing.toolkit.names import customer_names
from briefing.accounts.notes import Entry

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


_Q = {
    "zh": {
        "funding_parent_reason": "股东信息显示母公司控股：预算和决定可能在集团。",
        "funding_parent_short": "资金与决策：预算和最终决定在贵司还是在{parent}？",
        "funding_short": "资金：项目有没有钱，钱从哪里来，谁审批？",
        "decision_short": "决策链：哪个部门牵头，哪些部门参与，谁拍板？",
        "procurement_short": "采购流程：走到哪一步，每一步多久、难在哪里？",
        "feasibility_short": "可行性：土地、资金、政策、配套是否具备？",
        "competition_short": "竞争：客户了解哪些厂家，还会邀请谁？",
        "projects_short": "过往项目：怎么立项、和谁合作、谁决策？",
        "funding_found": "我们看到的股东是 {names}：这个项目由贵司自己决策，还是需要集团审批？资金是否已经落实？",
        "funding_found_reason": "股东已知，资金来源和审批层级未知。",
        "funding_ask": "这个项目的资金从哪里来？预算是否已经落实，由谁审批（贵司还是上级集团）？",
        "funding_ask_reason": "公开信息没有找到股东和资金来源：没有资金就没有项目。",
        "decision_found": "我们了解到 {names}：这次采购由哪个部门牵头，哪些部门参与，各自负责什么？",
        "decision_found_reason": "高层已知，但决策链（谁提需求、谁评估、谁拍板）未知。",
        "decision_ask": "董事长、总经理分别是谁？这次采购由哪个部门牵头，最后谁拍板？",
        "decision_ask_reason": "公开信息没有找到董事长和总经理。",
        "procurement_found": "贵司以往的「{name}」是公开招标采购的：这次也走招标吗？从立项到签约有哪几步，每一步要多久、难在哪里、需要我们提供什么材料？",
        "procurement_found_reason": "找到了客户作为采购人的招标公告。",
        "procurement_ask": "采购流程走到哪一步了？每一步需要多久、难点在哪里、需要我们提供什么材料？",
        "procurement_ask_reason": "没有找到客户作为采购人的招标或采购公告。",
        "feasibility": "项目的土地、资金、政策和配套条件是否都已具备？还差什么？",
        "feasibility_reason": "可行性决定是否值得继续投入（方法第三阶段）。",
        "competition_found": "以往「{project}」由{supplier}中标：贵司对他们的产品和服务评价如何？这次还会邀请哪些厂家？",
        "competition_found_reason": "找到了客户以往采购的中标供应商。",
        "competition_ask": "贵司了解哪些同类厂家的产品？他们和贵司接触到什么程度了？",
        "competition_ask_reason": "没有找到客户以往的供应商。",
        "projects_found": "我们看到贵司做过「{name}」：当时是怎么立项和采购的，和谁合作？",
        "projects_found_reason": "已知的历史项目可以追溯当时的合作方、关键人和决策流程。",
        "projects_ask": "过去做过哪些类似项目？当时和谁合作，决策流程是怎样的？",
        "projects_ask_reason": "公开信息中没有找到历史项目。",
        "pain": "参与这次采购的各部门，各自最关心什么、最头疼什么？",
        "pain_reason": "痛苦链：每个有角色的部门都有自己的诉求。",
        "pain_attendees": "{depts}各自最关心什么、最头疼什么？还有哪些部门会参与？",
        "overview": "请客户介绍公司的主营业务和今年的重点工作。",
        "overview_reason": "没有找到公司简介。",
        "registration": "确认公司的全称、注册资本和股东构成。",
        "registration_reason": "没有找到工商登记信息。",
        "news_found": "我们看到「{title}」（{date}）：这对本项目有什么影响？",
        "news_found_reason": "最近的公开动态，可以作为开场话题。",
        "news_ask": "近期有哪些重要变化（人事、合同、投资）？",
        "news_ask_reason": "没有找到近期动态。",
        "person": "（观察，不必问出口）对方的风格、在决策链中的位置，是否值得培养为内线？",
        "person_reason": "方法第三阶段：了解拜访对象本人。",
        "relationship": "约定下一步：一个小活动（送一程、喝茶、吃饭），以及下次见面的理由。",
        "relationship_reason": "每次拜访都要带着一个约定离开。",
        "noted": "我们了解到「{note}」（{who}）。请确认：{question}",
        "noted_reason": "内部笔记提到过，当面确认。",
    },
    "en": {
        "funding_parent_reason": "The registry shows a controlling parent: budget and decision may sit with the group.",
        "funding_parent_short": "Money and decision: with this company or with {parent}?",
        "funding_short": "Money: is there a budget, from where, approved by whom?",
        "decision_short": "Decision chain: which department leads, who takes part, who decides?",
        "procurement_short": "Procurement: which step now, how long and how hard is each?",
        "feasibility_short": "Feasibility: land, funds, policy, supporting conditions?",
        "competition_short": "Competition: which vendors do they know, whom will they invite?",
        "projects_short": "Past projects: how approved, with whom, who decided?",
        "funding_found": "We read that the owners are {names}: does this company decide this project, or does the group approve? Is the money in place?",
        "funding_found_reason": "Owners known; where the money comes from and who approves it is not.",
        "funding_ask": "Where does the money for this project come from? Is the budget approved, and who approves it (this company or its group)?",
        "funding_ask_reason": "No owners or funding source found: no funds, no project.",
        "decision_found": "We read about {names}: which department leads this purchase, which take part, and what does each do?",
        "decision_found_reason": "Leaders known; the decision chain (who asks, who evaluates, who decides) is not.",
        "decision_ask": "Who are the chairman and the general manager? Which department leads this purchase, and who has the final word?",
        "decision_ask_reason": "No chairman or general manager found.",
        "procurement_found": "Your earlier \u201c{name}\u201d was bought by public tender: will this one be too? What are the steps to a contract, how long does each take, what is hard, what do you need from us?",
        "procurement_found_reason": "Found tender notices with the customer as buyer.",
        "procurement_ask": "Where does the purchase stand? How long does each step take, what is hard, what documents do you need from us?",
        "procurement_ask_reason": "No tender or purchase notice with the customer as buyer found.",
        "feasibility": "Are land, funds, policy and supporting conditions in place? What is missing?",
        "feasibility_reason": "Feasibility decides whether to keep investing (Stage 3).",
        "competition_found": "\u201c{project}\u201d went to {supplier}: how do you rate their products and service? Whom else will you invite?",
        "competition_found_reason": "Found suppliers the customer chose before.",
        "competition_ask": "Which vendors' products do you know? How far have they got with you?",
        "competition_ask_reason": "No past suppliers found.",
        "projects_found": "We saw you did \u201c{name}\u201d: how was it approved and bought, and with whom?",
        "projects_found_reason": "A known past project traces earlier partners, key people and the decision process.",
        "projects_ask": "What similar projects have you done? With whom, and how was it decided?",
        "projects_ask_reason": "No past projects found in the public record.",
        "pain": "What does each department in this purchase care about most, and what hurts most?",
        "pain_reason": "The pain chain: each department with a role has its own demands.",
        "pain_attendees": "What do {depts} each care about most? Which other departments take part?",
        "overview": "Ask them to describe their main business and this year's priorities.",
        "overview_reason": "No company overview found.",
        "registration": "Confirm the full name, registered capital and owners.",
        "registration_reason": "No registry record found.",
        "news_found": "We read \u201c{title}\u201d ({date}): what does it mean for this project?",
        "news_found_reason": "Recent public news: an opening topic.",
        "news_ask": "Any recent changes (people, contracts, investment)?",
        "news_ask_reason": "No recent news found.",
        "person": "(Observe, don't ask) Their style, their place in the decision chain, and whether to cultivate them as an inside coach.",
        "person_reason": "Stage 3: know the person you visit.",
        "relationship": "Agree the next step: a small activity (a ride, tea, a meal) and a reason to meet again.",
        "relationship_reason": "Leave every visit with an agreement that hooks the next one.",
        "noted": "We heard \u201c{note}\u201d ({who}). Please confirm: {question}",
        "noted_reason": "The team's notes mention it: confirm it face to face.",
    },
}

DEPARTMENTS = {
    "zh": (
        ("采购部", "本项目的采购对接人；采购流程和时间表；合格供应商名录怎么进。"),
        ("技术部", "技术要求和评估标准由谁定；对现有方案的不满。"),
        ("生产部", "现场的痛点和停机成本；谁在用、谁说了算。"),
        ("运营部", "运行维护的负担；预算和指标的压力。"),
    ),
    "en": (
        ("Purchasing", "This project's buyer; the procurement steps and timetable; how to get on the vendor list."),
        ("Technical", "Who sets the specification and evaluation criteria; what they dislike about the current solution."),
        ("Production", "Pain on the floor and the cost of downtime; who uses it, who decides."),
        ("Operations", "The burden of running and maintaining it; budget and target pressure."),
    ),
}


def questions(dossier: Dossier) -> list[Question]:
    """Every question for the visit, most important first."""
    say = _Q["en" if dossier.language == "en" else "zh"]
    sep = ", " if dossier.language == "en" else "、"
    out: list[Question] = []

    funding = dossier.funding()
    holders = [f for f in dossier.section("shareholders") if isinstance(f, Shareholder)][:3]
    parent = [r for r in funding.reasons if r.signal == "parent"]
    if parent:  # the assessment's own question names the parent
        parent_name = getattr(parent[0].facts[0], "name", "") or str(getattr(parent[0].facts[0], "value", ""))
        out.append(Question("funding", funding.questions[0], say["funding_parent_reason"], parent[0].facts,
                            say["funding_parent_short"].format(parent=parent_name)))
    elif holders:
        out.append(Question("funding", say["funding_found"].format(names=sep.join(h.name for h in holders)), say["funding_found_reason"], tuple(holders),
                            say["funding_short"]))
    else:
        out.append(Question("funding", say["funding_ask"], say["funding_ask_reason"], short=say["funding_short"]))
    for extra in funding.questions[1 if parent else 0:3]:  # what the assessment could not settle
        out.append(Question("funding", extra, funding.conclusion))

    people = [f for f in dossier.section("executives") if isinstance(f, Executive)][:3]
    if people:
        person = "{name} ({title})" if dossier.language == "en" else "{name}（{title}）"
        names = sep.join(person.format(name=p.name, title=p.title) for p in people)
        out.append(Question("decision", say["decision_found"].format(names=names), say["decision_found_reason"], tuple(people),
                            say["decision_short"]))
    else:
        out.append(Question("decision", say["decision_ask"], say["decision_ask_reason"], short=say["decision_short"]))

    names = customer_names(dossier.company)
    entries = timeline(dossier.facts, dossier.company)
    bought = [e for e in entries if is_customer(e.first("buyer"), names)]
    if bought:
        out.append(Question("procurement", say["procurement_found"].format(name=bought[0].name[:60]),
                            say["procurement_found_reason"], tuple(bought[0].facts[:1]), say["procurement_short"]))
    else:
        out.append(Question("procurement", say["procurement_ask"], say["procurement_ask_reason"], short=say["procurement_short"]))
    out.append(Question("feasibility", say["feasibility"], say["feasibility_reason"], short=say["feasibility_short"]))

    chosen = suppliers(entries, dossier.company)
    if chosen:
        supplier, won = chosen[0]
        out.append(Question("competition", say["competition_found"].format(project=won[0][0].name[:60], supplier=supplier),
                            say["competition_found_reason"], (won[0][1],), say["competition_short"]))
    else:
        out.append(Question("competition", say["competition_ask"], say["competition_ask_reason"], short=say["competition_short"]))

    projects = [f for f in dossier.section("projects") if isinstance(f, Project) and f.kind != "signing"
                and not is_customer(f.buyer, names)]
    if projects:
        out.append(Question("projects", say["projects_found"].format(name=projects[0].name[:60]), say["projects_found_reason"], (projects[0],),
                            say["projects_short"]))
    else:
        out.append(Question("projects", say["projects_ask"], say["projects_ask_reason"], short=say["projects_short"]))

    depts = [a.dept for a in dossier.visit.attendees if a.dept] if dossier.visit else []
    pain = say["pain_attendees"].format(depts=sep.join(dict.fromkeys(depts))) if depts else say["pain"]
    out.append(Question("pain", pain, say["pain_reason"]))

    if not dossier.section("overview"):
        out.append(Question("overview", say["overview"], say["overview_reason"]))
    if not dossier.section("registration"):
        out.append(Question("registration", say["registration"], say["registration_reason"]))
    articles = sorted((f for f in dossier.section("articles") if isinstance(f, Article) and f.published),
                      key=lambda a: a.published.value if a.published else "", reverse=True)
    if articles:
        first = articles[0]
        date = first.published.value[:10] if first.published else ""
        out.append(Question("news", say["news_found"].format(title=first.title[:60], date=date), say["news_found_reason"], (first,)))
    else:
        out.append(Question("news", say["news_ask"], say["news_ask_reason"]))
    out.append(Question("person", say["person"], say["person_reason"]))
    out.append(Question("relationship", say["relationship"], say["relationship_reason"]))
    out = _with_notes(out, [f for f in dossier.section("notes") if isinstance(f, Note)], say)
    order = {topic: n for n, topic in enumerate(PRIORITY)}
    return sorted(out, key=lambda q: order.get(q.topic, len(PRIORITY)))


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
            who = ("，" if say is _Q["zh"] else ", ").join(p for p in (note.author, note.said_on.value if note.said_on else "") if p)
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
    say = _Q["en" if language == "en" else "zh"]
    done = answered_topics(dossier_notes)
    return [(topic, say[f"{topic}_short"]) for topic in ("funding", "decision", "procurement", "feasibility", "competition", "projects")
            if topic not in done] + [(topic, say[topic]) for topic in ("pain", "relationship") if topic not in done]


def departments(dossier: Dossier) -> list[tuple[str, str]]:
    """The neighbouring departments to stop by, less those whose people attend the meeting."""
    attending = " ".join(a.dept for a in dossier.visit.attendees) if dossier.visit else ""
    rows = DEPARTMENTS["en" if dossier.language == "en" else "zh"]
    return [(name, learn) for name, learn in rows if name.rstrip("部") not in attending]
