"""The user's own registry login: a cookie or an API key, from the environment or the OS keyring.

Registries show a full record only to a logged-in user, and their open APIs need a key. Briefing
never stores either: it reads them when a request to that registry is made, sends them to that
registry only (the fetcher drops them on a redirect to another host), and takes them out of every
URL, error and log line (`redact`), so they never reach the store, the JSON, the PDF or a log.

    site         environment variable(s)                       keyring entry (service "briefing")
    Qichacha     BRIEFING_QICHACHA_COOKIE                      qichacha-cookie
    Tianyancha   BRIEFING_TIANYANCHA_COOKIE                    tianyancha-cookie
    Aiqicha      BRIEFING_AIQICHA_COOKIE                       aiqicha-cookie
    gsxt         BRIEFING_GSXT_COOKIE                          gsxt-cookie
    Qichacha API BRIEFING_QICHACHA_KEY, BRIEFING_QICHACHA_SECRET  qichacha-key, qichacha-secret
    Tianyancha API BRIEFING_TIANYANCHA_TOKEN                   tianyancha-token
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

log = logging.getLogger(__name__)

KEYRING_SERVICE = "briefing"
REDACTED = "[redacted]"


@dataclass(frozen=True)
class Site:
    name: str
    hosts: tuple[str, ...]  # a host matches itself and its subdomains
    kind: str  # "cookie", "qichacha-api", "tianyancha-api"
    secrets: tuple[str, ...]  # environment variable names; keyring entries are derived from them


SITES = (
    Site("Qichacha API", ("api.qichacha.com", "api.qcc.com"), "qichacha-api", ("BRIEFING_QICHACHA_KEY", "BRIEFING_QICHACHA_SECRET")),
    Site("Tianyancha API", ("open.api.tianyancha.com",), "tianyancha-api", ("BRIEFING_TIANYANCHA_TOKEN",)),
    Site("Qichacha", ("qichacha.com", "qcc.com"), "cookie", ("BRIEFING_QICHACHA_COOKIE",)),
    Site("Tianyancha", ("tianyancha.com",), "cookie", ("BRIEFING_TIANYANCHA_COOKIE",)),
    Site("Aiqicha", ("aiqicha.baidu.com",), "cookie", ("BRIEFING_AIQICHA_COOKIE",)),
    Site("gsxt", ("gsxt.gov.cn",), "cookie", ("BRIEFING_GSXT_COOKIE",)),
)


def keyring_entry(variable: str) -> str:
    """BRIEFING_QICHACHA_COOKIE -> "qichacha-cookie"."""
    return variable.removeprefix("BRIEFING_").lower().replace("_", "-")


def secret(variable: str) -> str | None:
    """A credential by its environment variable, else its OS keyring entry (service "briefing")."""
    return os.environ.get(variable) or _keyring_lookup(keyring_entry(variable))


def _keyring_lookup(entry: str) -> str | None:
    try:
        import keyring  # imported late: loading a backend is slow and only needed here
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, entry)
    except (KeyringError, RuntimeError, OSError) as exc:  # no backend on a headless machine
        log.debug("keyring unavailable for %s: %s", entry, type(exc).__name__)
        return None


@dataclass(frozen=True)
class Signed:
    """A request made with a credential: the URL to send (may carry a key) and the headers."""

    url: str
    headers: dict[str, str]


@dataclass
class Credentials:
    """Looks credentials up lazily, remembers which secrets it handed out, and redacts them."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    keyring_lookup: Callable[[str], str | None] = _keyring_lookup
    clock: Callable[[], float] = time.time
    _secrets: set[str] = field(default_factory=set, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def site_of(self, url: str) -> Site | None:
        host = (urlsplit(url).hostname or "").lower()
        return next((s for s in SITES if any(host == h or host.endswith("." + h) for h in s.hosts)), None)

    def _secret(self, variable: str) -> str | None:
        value = self.environ.get(variable) or self.keyring_lookup(keyring_entry(variable))
        value = value.strip() if value else None
        if value:
            with self._lock:
                self._secrets.add(value)
        return value or None

    def sign(self, url: str) -> Signed | None:
        """`url` with the user's credential for its registry, or None when there is none."""
        site = self.site_of(url)
        if site is None or (site.kind == "cookie" and urlsplit(url).scheme != "https"):
            return None  # a login cookie never travels in clear text
        values = [self._secret(v) for v in site.secrets]
        if not all(values):
            return None
        if site.kind == "cookie":
            return Signed(url, {"Cookie": values[0]})  # type: ignore[dict-item]
        if site.kind == "tianyancha-api":
            return Signed(url, {"Authorization": values[0]})  # type: ignore[dict-item]
        key, secret = values
        stamp = str(int(self.clock()))
        token = hashlib.md5(f"{key}{stamp}{secret}".encode()).hexdigest().upper()
        with self._lock:
            self._secrets.add(token)
        parts = urlsplit(url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "key"]
        query.insert(0, ("key", key))  # type: ignore[arg-type]
        return Signed(urlunsplit(parts._replace(query=urlencode(query))), {"Token": token, "Timespan": stamp})

    def redact(self, text: str) -> str:
        """`text` with every secret handed out so far replaced (URL-encoded forms too)."""
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            for form in {secret, urlencode({"": secret})[1:]}:
                if form:
                    text = text.replace(form, REDACTED)
        return text

    def described(self) -> list[tuple[str, str, bool]]:
        """(site, where the credential would come from, whether it is set) for `briefing sources`."""
        out = []
        for site in SITES:
            found = all(self.environ.get(v) for v in site.secrets)
            out.append((site.name, " + ".join(site.secrets), found))
        return out


class RedactingFilter(logging.Filter):
    """Takes secrets out of every log record that passes through a handler."""

    def __init__(self, credentials: Credentials):
        super().__init__()
        self.credentials = credentials

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.credentials.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.credentials.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


default_credentials = Credentials()
