"""Where the customer's money comes from, and whether it is a thin shell of a parent.

METHOD.md asks this before any visit: a project company with little paid-in capital and a
handful of insured staff, controlled by a group, does not hold its own budget or decisions. The
assessment is a short conclusion and its reasons, each reason resting on facts that carry their
sources; where the facts are missing it says which questions to ask instead. No fact, no verdict.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Sequence

from briefing.models import (
    Amount, Assessment, Company, DateValue, Dossier, Fact, Financing, Project, Reason, Registration, Shareholder,
)
from briefing.toolkit.names import customer_names, is_customer, is_org_name
from briefing.words import FUNDING

THIN_STAFF = 10  # insured employees at or below this: no operating team of its own
THIN_PAID_IN = Decimal("0.2")  # paid-in below a fifth of registered capital
CONTROL = 0.5  # a stake above half controls
RECENT_YEARS = 3
FUND_STAKE = 0.05  # a fund below this is a portfolio position (a listed company's float), not a backer

_FUND = re.compile(r"股权投资|创业投资|创投|产业投资|投资基金|私募|资本管理|基金管理|风险投资|Capital|Ventures|Partners", re.I)
_STATE = re.compile(r"国有资产监督管理|国资委|国资局|财政(?:局|厅|部)|人民政府|管理委员会|国有|中央汇金|社保基金|全国社会保障基金")



def _percent(value: float) -> str:
    return f"{value * 100:.0f}%" if value * 100 >= 1 else f"{value * 100:.2f}%"


def _registration(facts: Sequence[Fact]) -> dict[str, Registration]:
    out: dict[str, Registration] = {}
    for fact in facts:
        if isinstance(fact, Registration):
            out.setdefault(fact.field, fact)
    return out


def _is_company(name: str) -> bool:
    return is_org_name(name)


def holder_kind(name: str) -> str:
    """"state", "fund", "company" or "person": how the ownership diagram draws a holder."""
    if _STATE.search(name):
        return "state"
    if _FUND.search(name):
        return "fund"
    return "company" if _is_company(name) else "person"


# --- the signals: each reads one kind of evidence and says what it found -----------------------


@dataclass(frozen=True)
class Evidence:
    """The dossier's facts as the signals read them, sorted out once."""

    facts: Sequence[Fact]
    reg: dict[str, Registration]  # the first value of each registry field
    holders: list[Shareholder]  # the largest stake first
    today: datetime
    company: Company | None
    say: dict[str, str]

    @classmethod
    def of(cls, facts: Sequence[Fact], today: datetime, language: str, company: Company | None) -> Evidence:
        holders = sorted((f for f in facts if isinstance(f, Shareholder)), key=lambda h: -(h.stake.value if h.stake else 0))
        return cls(facts, _registration(facts), holders, today, company, FUNDING["en" if language == "en" else "zh"])

    @property
    def top(self) -> Shareholder | None:
        return self.holders[0] if self.holders else None


@dataclass(frozen=True)
class Found:
    """What one signal found: its reasons, the questions it leaves (most often because it had
    nothing to read), and the parent company when it named one."""

    reasons: tuple[Reason, ...] = ()
    questions: tuple[str, ...] = ()
    parent: str = ""


def _paid_in(the: Evidence) -> Found:
    """Paid-in capital against registered capital: little paid in, little money of its own."""
    registered, paid = the.reg.get("registered_capital"), the.reg.get("paid_in_capital")
    if registered is None or paid is None or not _comparable(registered.value, paid.value):
        return Found(questions=(the.say["q_paid"],))
    ratio = paid.value.value / registered.value.value
    words = dict(paid=paid.text, registered=registered.text, ratio=_percent(float(ratio)))
    if ratio > Decimal("1.05"):
        return Found()  # paid in more than registered: the two figures disagree; say nothing from them
    if ratio < THIN_PAID_IN:
        return Found((Reason(the.say["paid_low"].format(**words), (paid, registered), "thin_capital"),))
    if ratio >= Decimal("0.9"):
        return Found((Reason(the.say["paid_full"].format(**words), (paid, registered), "own"),))
    return Found()


def _comparable(registered: Any, paid: Any) -> bool:
    return isinstance(registered, Amount) and isinstance(paid, Amount) and registered.currency == paid.currency \
        and registered.value > 0


def _staff(the: Evidence) -> Found:
    """The people it insures: a handful is no operating team; fifty or more is one."""
    insured = the.reg.get("insured_employees")
    if insured is None or not isinstance(insured.value, int):
        return Found(questions=(the.say["q_staff"],))
    if insured.value <= THIN_STAFF:
        return Found((_few_staff(the, insured),))
    if insured.value >= 50:
        return Found((Reason(the.say["staff_real"].format(n=insured.value), (insured,), "own"),))
    return Found()


def _few_staff(the: Evidence, insured: Registration) -> Reason:
    """A handful insured: a shell, unless its branches insure the people or a group pays them."""
    branch_staff, size = the.reg.get("branch_insured_employees"), the.reg.get("staff_size")
    # people insured in its own branches are its staff: a head office, not a shell
    if branch_staff is not None and isinstance(branch_staff.value, int) and branch_staff.value >= 50:
        return Reason(the.say["staff_branches"].format(n=insured.value, m=branch_staff.value), (insured, branch_staff), "info")
    # a staff-size band far above the insured count: the people are paid by someone else (the group)
    if size is not None and re.match(r"^\s*(?:[1-9]\d{2,}|\d{1,3}(?:,\d{3})+)", str(size.value)) is not None:
        return Reason(the.say["staff_elsewhere"].format(n=insured.value, size=size.value), (insured, size), "thin_staff")
    return Reason(the.say["staff_thin"].format(n=insured.value), (insured,), "thin_staff")


def _owners(the: Evidence) -> Found:
    """Who controls it: a company holding more than half (the parent), a person, or a parent or
    group the registry names."""
    reasons: list[Reason] = []
    parent = ""
    top = the.top
    if top is not None and top.stake is not None and top.stake.value > CONTROL:
        words = dict(name=top.name, stake=top.stake.text)
        if _is_company(top.name):
            parent = top.name
            reasons.append(Reason(the.say["parent"].format(**words), (top,), "parent"))
        else:
            reasons.append(Reason(the.say["person"].format(**words), (top,), "own"))
    for field_name in ("parent_company", "group"):
        named = the.reg.get(field_name)
        if named is not None and not parent:
            parent = str(named.value)
            reasons.append(Reason(the.say["parent_named"].format(name=named.value), (named,), "parent"))
    asked = () if the.holders or parent else (the.say["q_owners"],)
    return Found(tuple(reasons), asked, parent)


def _controller(the: Evidence) -> Found:
    """The actual controller, as the registry names it."""
    controller = the.reg.get("actual_controller")
    if controller is None:
        return Found()
    return Found((Reason(the.say["controller"].format(name=controller.value), (controller,), "info"),))


def _state(the: Evidence) -> Found:
    """A state controller or holder: public money, public tenders."""
    controller = the.reg.get("actual_controller")
    if controller is not None and _STATE.search(str(controller.value)):
        facts: tuple[Fact, ...] = (controller,)
        name = str(controller.value)
    else:
        # a state holder counts when it matters: 5% or more (not 社保基金's 0.85% of a listed float)
        state = [h for h in the.holders if _STATE.search(h.name) and (h.stake is None or h.stake.value >= FUND_STAKE)][:2]
        facts, name = tuple(state), "、".join(h.name for h in state)
    if not facts:
        return Found()
    return Found((Reason(the.say["state"].format(name=name), facts, "state"),), (the.say["q_state"],))


def _listed(the: Evidence) -> Found:
    """Listed on a market (and not delisted, suspended or only planning to list)."""
    listing = [the.reg[f] for f in ("listing_status", "stock_code") if f in the.reg]
    status_text = str(the.reg["listing_status"].value) if "listing_status" in the.reg else ""
    if not listing or re.search(r"未|拟|摘牌|退市|终止|暂停|撤销|辅导", status_text):
        return Found()
    if not re.search(r"上市|挂牌", status_text) and "stock_code" not in the.reg:
        return Found()
    return Found((Reason(the.say["listed"].format(what=" ".join(str(f.value) for f in listing)), tuple(listing), "listed"),))


def _fund_holders(the: Evidence) -> Found:
    """Investment funds among the holders (beside the top one), with a stake that backs it."""
    funds = [h for h in the.holders if _FUND.search(h.name) and h is not the.top
             and (h.stake is None or h.stake.value >= FUND_STAKE)][:3]
    if not funds:
        return Found()
    names = "、".join(f"{h.name}（{h.stake.text}）" if h.stake else h.name for h in funds)
    return Found((Reason(the.say["fund_holder"].format(names=names), tuple(funds), "investors"),))


def _financing(the: Evidence) -> Found:
    """Financing rounds of the last few years: outside money."""
    rounds = [f for f in the.facts if isinstance(f, Financing)]
    recent = [r for r in rounds if r.date is not None and _year(r.date) >= the.today.year - RECENT_YEARS]
    reasons = []
    for r in recent[:3]:
        amount = r.amount.text if r.amount else ""
        when = r.date.value[:10] if r.date else ""  # a day, not an instant with its offset
        reasons.append(Reason(the.say["financing"].format(date=when, round=r.round, amount=amount), (r,), "financed"))
    return Found(tuple(reasons))


# What the customer's own purchases were paid with: (signal, what the notice's 资金来源 says,
# what rules it out). 「非财政资金」 is not public money; PPP's 「社会资本方出资」 is private money.
_PAID_WITH = (
    ("fiscal", re.compile(r"(?<![非无不])(?:财政|预算内|专项债|国债)"), re.compile(r"非财政|社会资本|不含财政")),
    ("self_raised", re.compile(r"自筹|自有|社会资本"), None),
)


def _purchases(the: Evidence) -> Found:
    """The 资金来源 of the notices where the customer is the buyer: public money or its own."""
    if the.company is None:
        return Found()
    names = customer_names(the.company)
    bought = [f for f in the.facts if isinstance(f, Project) and f.funding_source and is_customer(f.buyer, names)]
    reasons = []
    for kind, pattern, unless in _PAID_WITH:
        paid = [f for f in bought if pattern.search(f.funding_source or "")
                and not (unless is not None and unless.search(f.funding_source or ""))]
        if paid:
            projects = "、".join(dict.fromkeys(f.name for f in paid[:2]))
            reasons.append(Reason(the.say[kind].format(source=paid[0].funding_source, projects=projects), tuple(paid[:3]), kind))
    return Found(tuple(reasons))


# Every signal, in the order its reasons and questions are listed.
SIGNALS: tuple[Callable[[Evidence], Found], ...] = (
    _paid_in, _staff, _owners, _controller, _state, _listed, _fund_holders, _financing, _purchases,
)

# The conclusion: the first row whose signals the reasons show (at least so many reasons of
# each), most telling first; none of them, "not enough facts".
CONCLUSIONS: tuple[tuple[str, dict[str, int]], ...] = (
    ("c_shell", {"parent": 1, "thin_staff": 1}),  # a parent's project company with no staff...
    ("c_shell", {"parent": 1, "thin_capital": 1}),  # ...or no capital of its own
    ("c_parent", {"parent": 1}),
    ("c_state", {"state": 1}),
    ("c_fiscal", {"fiscal": 1}),
    ("c_listed", {"listed": 1}),
    ("c_financed", {"financed": 1}),
    ("c_investors", {"investors": 1}),
    ("c_thin", {"thin_staff": 1}),
    ("c_capital", {"thin_capital": 1}),
    ("c_own", {"own": 2}),  # two signs of its own: capital paid in, its own team, a person as owner
)


def assess_funding(facts: Sequence[Fact], *, today: datetime, language: str = "zh", company: Company | None = None) -> Assessment:
    """The funding assessment of a dossier's facts: every signal's reasons, the conclusion the
    priority table draws from them, and the questions the signals left."""
    the = Evidence.of(facts, today, language, company)
    found = [signal(the) for signal in SIGNALS]
    reasons = tuple(reason for one in found for reason in one.reasons)
    parent = next((one.parent for one in found if one.parent), "")
    asked = [question for one in found for question in one.questions]
    if parent:
        asked.insert(0, the.say["q_parent"].format(parent=parent))
    asked.append(the.say["q_budget"])
    return Assessment(_conclusion(reasons, parent, the.say), reasons, tuple(dict.fromkeys(asked)))


def _conclusion(reasons: Sequence[Reason], parent: str, say: dict[str, str]) -> str:
    count = Counter(reason.signal for reason in reasons)
    key = next((key for key, needs in CONCLUSIONS if all(count[signal] >= n for signal, n in needs.items())), "c_unknown")
    return say[key].format(parent=parent)


def funding_of(dossier: Dossier) -> Assessment:
    """The dossier's funding assessment: the one the analysis carried in it (briefing.analysis.analysed),
    or, for a dossier built without it (by hand, or kept from before), assessed now."""
    if dossier.funding is not None:
        return dossier.funding
    return assess_funding(dossier.facts, today=dossier.built_at, language=dossier.language, company=dossier.company)


def _year(date: DateValue) -> int:
    return int(date.value[:4])
