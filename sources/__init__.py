"""The built-in adapters, one package each, registered through the same `briefing.sources`
entry-point group as third-party ones (pyproject.toml). Each owns its extraction: copying one
copies everything it does. What they share is the toolkit, briefing.toolkit.
"""
