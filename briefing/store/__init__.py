"""What stays between runs: the SQLite store of fetched pages, dossiers and briefs, and the
fetcher that asks conditionally and falls back on it (database); the same store shared by a team
on PostgreSQL, with versioned migrations and the import of an SQLite store (postgres), and the
per-site limits all its workers keep together (hosts); the rows
both keep, in one shape (records); what adapters read from
unchanged pages, kept so they are not parsed again (readings); and where and how Briefing writes
files, atomically and under a lock (files). The store is the only part that writes state.
"""
