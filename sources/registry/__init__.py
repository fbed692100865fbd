"""Business-registry pages (Qichacha, Tianyancha, Aiqicha style), live or saved from a browser: the registration record, shareholders, executives, investments and branches, from the page's HTML (record_html) or the web app's JSON (record_json; a Nuxt page's JavaScript state is read as data by js_state), each field checked by what it must look like (record).

A built-in adapter, registered like any third-party one in pyproject.toml's
`briefing.sources` entry points; it uses only the toolkit (briefing.toolkit) and its own modules.
"""

from sources.registry.adapter import RegistryAdapter

__all__ = ["RegistryAdapter"]
