"""What the facts mean for the visit (../shared/METHOD.md): where the customer's money comes from
(funding), its projects over time and who won them (timeline), the five facts and red flags of
page 1 (glance), the questions to ask in the room (questions), who attends and what their
departments care about (attendees), and what changed since the last brief (changes). Pure
functions of a dossier: no I/O.

`analysed` is where a gathered dossier gets what the analysis carries in it (its funding
assessment), so that the JSON, the store and the brief all read the same one.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.analysis.funding import assess_funding
from briefing.models import Dossier


def analysed(dossier: Dossier) -> Dossier:
    """The dossier with its funding assessment filled in (briefing.analysis.funding)."""
    funding = assess_funding(dossier.facts, today=dossier.built_at, language=dossier.language, company=dossier.company)
    return replace(dossier, funding=funding)
