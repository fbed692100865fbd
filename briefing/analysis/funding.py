"""Where the customer's money comes from, and whether it is a thin shell of a parent.

METHOD.md asks this before any visit: a project company with little paid-in capital and a
handful of insured staff, controlled by a group, does not hold its own budget or decisions. The
assessment is a short conclusion and its reasons, each reason resting on facts that carry their
sources; where the facts are missing it says which questions to ask instead. No fact, no verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Sequence

from briefing.models import Amount, Company, DateValue, Fact, Financing, Project, Registration, Shareholder
from briefing.toolkit.names import is_org_name
from briefing.words import FUNDING

THIN_STAFF = 10  # insured employees at or below this: no operating team of its own
THIN_PAID_IN = Decimal("0.2")  # paid-in below a fifth of registered capital
CONTROL = 0.5  # a stake above half controls
RECENT_YEARS = 3
FUND_STAKE = 0.05  # a fund below this is a portfolio position (a listed company's float), not a backer

_FUND = re.compile(r"股权投资|创业投资|创投|产业投资|投资基金|私募|资本管理|基金管理|风险投资|Capital|Ventures|Partners", re.I)
_STATE = re.compile(r"国有资产监督管理|国资委|国资局|财政(?:局|厅|部)|人民政府|管理委员会|国有|中央汇金|社保基金|全国社会保障基金")



@dataclass(frozen=True)
class Reason:
    text: str
    facts: tuple[Fact, ...]  # what the reason rests on; each carries its source
    signal: str  # "thin_capital", "thin_staff", "parent", "state", "listed", "financed", "investors", "fiscal", "self_raised", "own", "info"


@dataclass(frozen=True)
class Assessment:
    conclusion: str
    reasons: tuple[Reason, ...]
    questions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "conclusion": self.conclusion,
            "reasons": [
                {"text": r.text, "signal": r.signal, "sources": sorted({f.source.url for f in r.facts})} for r in self.reasons
            ],
            "questions": list(self.questions),
        }


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


def assess_funding(facts: Sequence[Fact], *, today: datetime, language: str = "zh", company: Company | None = None) -> Assessment:
    """The funding assessment of a dossier's facts."""
    say = FUNDING["en" if language == "en" else "zh"]
    reg = _registration(facts)
    holders = sorted((f for f in facts if isinstance(f, Shareholder)), key=lambda h: -(h.stake.value if h.stake else 0))
    rounds = [f for f in facts if isinstance(f, Financing)]
    reasons: list[Reason] = []
    questions: list[str] = []

    registered, paid = reg.get("registered_capital"), reg.get("paid_in_capital")
    if registered and paid and isinstance(registered.value, Amount) and isinstance(paid.value, Amount) \
            and registered.value.currency == paid.value.currency and registered.value.value > 0:
        ratio = paid.value.value / registered.value.value
        words = dict(paid=paid.text, registered=registered.text, ratio=_percent(float(ratio)))
        if ratio > Decimal("1.05"):
            pass  # paid in more than registered: the two figures disagree; say nothing from them
        elif ratio < THIN_PAID_IN:
            reasons.append(Reason(say["paid_low"].format(**words), (paid, registered), "thin_capital"))
        elif ratio >= Decimal("0.9"):
            reasons.append(Reason(say["paid_full"].format(**words), (paid, registered), "own"))
    else:
        questions.append(say["q_paid"])

    insured = reg.get("insured_employees")
    branch_staff = reg.get("branch_insured_employees")
    size = reg.get("staff_size")
    # people insured in its own branches are its staff: a head office, not a shell
    in_branches = branch_staff is not None and isinstance(branch_staff.value, int) and branch_staff.value >= 50
    # a staff-size band far above the insured count: the people are paid by someone else (the group)
    big_band = size is not None and re.match(r"^\s*(?:[1-9]\d{2,}|\d{1,3}(?:,\d{3})+)", str(size.value)) is not None
    if insured is not None and isinstance(insured.value, int):
        if insured.value <= THIN_STAFF and in_branches:
            assert branch_staff is not None
            reasons.append(Reason(say["staff_branches"].format(n=insured.value, m=branch_staff.value), (insured, branch_staff), "info"))
        elif insured.value <= THIN_STAFF and big_band:
            assert size is not None
            reasons.append(Reason(say["staff_elsewhere"].format(n=insured.value, size=size.value), (insured, size), "thin_staff"))
        elif insured.value <= THIN_STAFF:
            reasons.append(Reason(say["staff_thin"].format(n=insured.value), (insured,), "thin_staff"))
        elif insured.value >= 50:
            reasons.append(Reason(say["staff_real"].format(n=insured.value), (insured,), "own"))
    else:
        questions.append(say["q_staff"])

    parent_name = ""
    top = holders[0] if holders else None
    if top is not None and top.stake is not None and top.stake.value > CONTROL:
        words = dict(name=top.name, stake=top.stake.text)
        if _is_company(top.name):
            parent_name = top.name
            reasons.append(Reason(say["parent"].format(**words), (top,), "parent"))
        else:
            reasons.append(Reason(say["person"].format(**words), (top,), "own"))
    for field_name in ("parent_company", "group"):
        named = reg.get(field_name)
        if named is not None and not parent_name:
            parent_name = str(named.value)
            reasons.append(Reason(say["parent_named"].format(name=named.value), (named,), "parent"))
    controller = reg.get("actual_controller")
    if controller is not None:
        reasons.append(Reason(say["controller"].format(name=controller.value), (controller,), "info"))
    if not holders and not parent_name:
        questions.append(say["q_owners"])

    # a state holder counts when it matters: 5% or more (not 社保基金's 0.85% of a listed float)
    state = [h for h in holders if _STATE.search(h.name) and (h.stake is None or h.stake.value >= FUND_STAKE)]
    if controller is not None and _STATE.search(str(controller.value)):
        state_facts: tuple[Fact, ...] = (controller,)
        state_name = str(controller.value)
    else:
        state_facts = tuple(state[:2])
        state_name = "、".join(h.name for h in state[:2])
    if state_facts:
        reasons.append(Reason(say["state"].format(name=state_name), state_facts, "state"))
        questions.append(say["q_state"])

    listing = [reg[f] for f in ("listing_status", "stock_code") if f in reg]
    status_text = str(reg["listing_status"].value) if "listing_status" in reg else ""
    not_listed = re.search(r"未|拟|摘牌|退市|终止|暂停|撤销|辅导", status_text)
    listed = bool(listing) and not not_listed and (bool(re.search(r"上市|挂牌", status_text)) or "stock_code" in reg)
    if listed:
        reasons.append(Reason(say["listed"].format(what=" ".join(str(f.value) for f in listing)), tuple(listing), "listed"))

    funds = [h for h in holders if _FUND.search(h.name) and h is not top and (h.stake is None or h.stake.value >= FUND_STAKE)][:3]
    if funds:
        names = "、".join(f"{h.name}（{h.stake.text}）" if h.stake else h.name for h in funds)
        reasons.append(Reason(say["fund_holder"].format(names=names), tuple(funds), "investors"))

    recent = [r for r in rounds if r.date is not None and _year(r.date) >= today.year - RECENT_YEARS]
    for r in recent[:3]:
        amount = r.amount.text if r.amount else ""
        when = r.date.value[:10] if r.date else ""  # a day, not an instant with its offset
        reasons.append(Reason(say["financing"].format(date=when, round=r.round, amount=amount), (r,), "financed"))

    # what the customer's own purchases were paid with (资金来源 of the notices where it is the buyer)
    if company is not None:
        from briefing.toolkit.names import customer_names
        from briefing.toolkit.names import is_customer

        names = customer_names(company)
        bought = [f for f in facts if isinstance(f, Project) and f.funding_source and is_customer(f.buyer, names)]
        for kind, pattern in (("fiscal", r"(?<![非无不])(?:财政|预算内|专项债|国债)"), ("self_raised", r"自筹|自有|社会资本")):
            # 「非财政资金」 is not public money; PPP's 「社会资本方出资」 is private money
            paid = [f for f in bought if re.search(pattern, f.funding_source or "")
                    and not (kind == "fiscal" and re.search(r"非财政|社会资本|不含财政", f.funding_source or ""))]
            if paid:
                projects = "、".join(dict.fromkeys(f.name for f in paid[:2]))
                reasons.append(Reason(say[kind].format(source=paid[0].funding_source, projects=projects), tuple(paid[:3]), kind))

    signals = {r.signal for r in reasons}
    if "parent" in signals and signals & {"thin_staff", "thin_capital"}:
        conclusion = say["c_shell"].format(parent=parent_name)
    elif "parent" in signals:
        conclusion = say["c_parent"].format(parent=parent_name)
    elif "state" in signals:
        conclusion = say["c_state"]
    elif "fiscal" in signals:
        conclusion = say["c_fiscal"]
    elif "listed" in signals:
        conclusion = say["c_listed"]
    elif "financed" in signals:
        conclusion = say["c_financed"]
    elif "investors" in signals:
        conclusion = say["c_investors"]
    elif "thin_staff" in signals:
        conclusion = say["c_thin"]
    elif "thin_capital" in signals:
        conclusion = say["c_capital"]
    elif "own" in signals and len([r for r in reasons if r.signal == "own"]) >= 2:
        conclusion = say["c_own"]
    else:
        conclusion = say["c_unknown"]
    if parent_name:
        questions.insert(0, say["q_parent"].format(parent=parent_name))
    questions.append(say["q_budget"])
    return Assessment(conclusion, tuple(reasons), tuple(dict.fromkeys(questions)))


def _year(date: DateValue) -> int:
    return int(date.value[:4])
