"""The registry that finds adapters (briefing.toolkit.adapter) through entry points, loaded
lazily and once, with the reason and the fix for any that cannot load.

A third-party adapter is one module plus one line in its project's pyproject.toml:

    [project.entry-points."briefing.sources"]
    mysource = "mypackage.mysource:MySourceAdapter"

The entry point names the adapter (the key used in account files) and points at a class (or any
callable) that returns an object with the attributes and methods of `Adapter`. Built-in adapters
register the same way, in Briefing's own pyproject.toml.
"""

from __future__ import annotations

import json
import logging
import shlex
import sys
from dataclasses import dataclass, field
from importlib import metadata
from importlib.metadata import entry_points
from urllib.parse import urlsplit
from urllib.request import url2pathname

from briefing.errors import NotConfigured
from briefing.toolkit.adapter import Adapter

log = logging.getLogger(__name__)

GROUP = "briefing.sources"


@dataclass(frozen=True)
class Installed:
    """An adapter found through the entry-point group, or the reason it could not be loaded."""

    name: str
    origin: str  # "module:attr" from the entry point
    distribution: str
    adapter: Adapter | None = None
    error: str = ""  # why it could not be loaded, in one line ("ImportError: ...")
    fix: str = ""  # what to do about it (see `fix_for`)

    @property
    def description(self) -> str:
        return self.adapter.description if self.adapter else f"(broken: {self.error})"

    @property
    def problem(self) -> str:
        """One line for the user: why the adapter cannot load, and the fix ("" when it loads)."""
        if self.adapter is not None:
            return ""
        return f"adapter '{self.name}' cannot load: {self.error}" + (f" — fix: {self.fix}" if self.fix else "")


def reinstall_command(distribution: str) -> str | None:
    """The pip command that reinstalls `distribution` (and what it depends on) into this Python:
    from the folder it was installed from when it was (a clone: `pip install -e .`), else by name;
    None for Briefing installed by name, since the package index's "briefing" is another project."""
    target, editable = distribution, ""
    try:
        # every copy of its metadata: run from a clone, the checkout's own egg-info (no
        # direct_url.json) comes first on the path, before the install's dist-info
        found = [d.read_text("direct_url.json") for d in metadata.distributions(name=distribution)]
        direct = json.loads(next((text for text in found if text), "{}"))
    except (ValueError, OSError):
        direct = {}
    url = direct.get("url", "") if isinstance(direct, dict) else ""
    if isinstance(url, str) and url.startswith("file:"):
        target = url2pathname(urlsplit(url).path)
        editable = "-e " if (direct.get("dir_info") or {}).get("editable") else ""
    elif distribution.lower() == "briefing":
        return None
    return f"{shlex.quote(sys.executable)} -m pip install --upgrade --force-reinstall {editable}{shlex.quote(target)}"


def fix_for(exc: BaseException, distribution: str) -> str:
    """What fixes an adapter that raised `exc` while loading, in words the user can act on."""
    who = "Briefing" if distribution.lower() == "briefing" else distribution
    command = reinstall_command(distribution)
    reinstall = f"reinstall {who} (`{command}`)" if command else f"reinstall {who} from where it came (a clone: `pip install -e .`)"
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return f"a package {who} needs is missing: {reinstall} or install the missing module ({exc.name})"
    if isinstance(exc, ImportError) and exc.name:
        return f"a package {who} needs is missing or not the version it needs ({exc.name}): {reinstall}"
    if isinstance(exc, ImportError):  # its message names what is missing (lxml's: lxml_html_clean)
        return f"install what the message names, or {reinstall}"
    if who == "Briefing":
        return reinstall
    return f"the adapter itself is broken: upgrade {who} (`pip install --upgrade {shlex.quote(distribution)}`) or uninstall it"


@dataclass
class Registry:
    """Adapters by name, loaded from the entry-point group once, lazily."""

    group: str = GROUP
    _installed: dict[str, Installed] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, *adapters: Adapter) -> Registry:
        """A registry holding just these adapters (one handed in by a caller, a test's toys)."""
        return cls(group="", _installed={a.name: Installed(a.name, "", "", a) for a in adapters})

    def installed(self) -> dict[str, Installed]:
        if self._installed is None:
            self._installed = self._load()
        return self._installed

    def get(self, name: str) -> Adapter:
        found = self.installed().get(name)
        if found is None:
            raise NotConfigured(f"adapter '{name}' is not installed (see `briefing sources`)")
        if found.adapter is None:
            raise NotConfigured(found.problem)
        return found.adapter

    def broken(self) -> list[Installed]:
        """The installed adapters that cannot load, each with its error and fix."""
        return [i for i in self.installed().values() if i.adapter is None]

    def reload(self) -> None:
        self._installed = None

    def _load(self) -> dict[str, Installed]:
        found: dict[str, Installed] = {}
        for ep in sorted(entry_points(group=self.group), key=lambda e: e.name):
            dist = ep.dist.name if ep.dist else "?"
            if ep.name in found:
                log.warning("adapter %s from %s shadows the one from %s", ep.name, dist, found[ep.name].distribution)
            try:
                adapter = ep.load()()
                missing = [a for a in ("name", "description", "plan", "parse") if not hasattr(adapter, a)]
                if missing:
                    raise TypeError(f"missing {', '.join(missing)}")
                if not getattr(adapter, "name", ""):
                    adapter.name = ep.name
                found[ep.name] = Installed(ep.name, ep.value, dist, adapter)
            except Exception as exc:  # a broken plugin must not break the tool
                log.warning("adapter %s (%s) failed to load: %s", ep.name, ep.value, exc)
                error = " ".join(f"{type(exc).__name__}: {exc}".split())  # lxml's message has two lines
                found[ep.name] = Installed(ep.name, ep.value, dist, None, error, fix_for(exc, dist))
        return found


default_registry = Registry()
