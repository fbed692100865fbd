"""A sales team on one server: the team file naming each member's calendar (roster), and the
evening's briefs as jobs on procrastinate's queue in the shared PostgreSQL store, worked by any
number of `briefing worker` processes (engine).
"""
