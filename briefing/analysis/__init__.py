"""What the facts mean for the visit (../shared/METHOD.md): where the customer's money comes from
(funding), its projects over time and who won them (timeline), the five facts and red flags of
page 1 (glance), the questions to ask in the room (questions), who attends and what their
departments care about (attendees), and what changed since the last brief (changes). Pure
functions of a dossier: no I/O.
"""
