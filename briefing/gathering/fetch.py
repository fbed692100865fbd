"""Fetch one web page politely and defensively; the only module that imports httpx.

`Fetcher.fetch(url)` returns a `Page` or raises one of the `FetchError`s (see errors.py):

    FetchBlocked  scheme other than http(s), private/loopback/... address, robots.txt, 401/403/451
    FetchGone     404, 410 (never retried)
    FetchFailed   timeouts, connection and DNS errors, 408/429/5xx after retries, TLS certificate
                  errors (never retried without verification), too many redirects or a loop,
                  a body over the size cap, an empty 2xx body

Politeness: `per_host` downloads at a time per site (host and port) and `total` requests overall;
conditional requests for pages already held, which a server answers with a bodiless 304 when
nothing changed, up to `revalidate_per_host` at a time per site, as a browser revalidates a page's
resources over its six connections; robots.txt read once per scheme+host (kept for a day when
there is a store) and obeyed (Crawl-delay included), and a host that answered 429/503 is left alone for
the Retry-After (or backoff) time by every later request too. With a `hosts` gate (a shared
PostgreSQL store) these slots, the Crawl-delay spacing and the 429/503 embargo hold for every
process using it together. All waiting goes through the injected `sleep` and all times through
the injected `clock`, so tests run instantly and deterministically.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import errno
import functools
import hashlib
import ipaddress
import logging
import socket
import ssl
import urllib.robotparser
import zlib
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Protocol

import httpx

from briefing.toolkit.decode import decode_html
from briefing.errors import FetchBlocked, FetchError, FetchFailed, FetchGone
from briefing.models import Page

__all__ = ["FetchSettings", "Fetcher", "refuse_reason"]

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
HOST_BACKOFF_STATUSES = frozenset({429, 503})  # the host asked us to slow down: all requests wait
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "token", "timespan"})
MIN_BODY = 16  # non-whitespace bytes; less than this from a 200 is a failed fetch, not a page
ROBOTS_MAX_BYTES = 512 * 1024  # Google reads the first 500 KiB of a robots.txt
ROBOTS_FRESH = timedelta(hours=24)  # RFC 9309 2.4: a robots.txt read may be used for up to 24 hours


class SiteMemory(Protocol):
    """What earlier runs learnt of each site (the store keeps it): its robots.txt, for a day, so
    a refresh does not ask again; and whether it answers conditional requests with 304s or
    with whole pages."""

    def robots(self, origin: str) -> tuple[str | None, datetime] | None:
        """The text kept for `origin` (None: the site has none) and when it was read."""
        ...

    def keep_robots(self, origin: str, text: str | None, fetched_at: datetime) -> None: ...

    def revalidates(self, origin: str) -> bool | None:
        """Whether the site's conditional requests went six at a time at the end of its last run
        (mostly answered 304), or as downloads (None: never asked)."""
        ...

    def keep_revalidates(self, origin: str, answers_304: bool) -> None: ...


class HostGate(Protocol):
    """The same politeness kept with the other processes building briefs against one shared store
    (briefing.store.hosts.SharedHosts): its slots and turns are theirs too. A gate that stops
    working answers as if absent (slots free, turns None), and the fetcher's own limits carry on."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    def slot(self, site: str, kind: str, limit: int) -> contextlib.AbstractAsyncContextManager[None]:
        """One of `limit` slots of this kind ("download", "site") for the site, held by all processes together."""
        ...

    async def turn(self, site: str, spacing: float) -> float | None:
        """Reserve the site's next request start, `spacing` seconds after the one before; the
        seconds to wait for it (None: the gate is not working)."""
        ...

    async def embargo(self, site: str, seconds: float) -> None:
        """No request to the site for `seconds`, by anyone (never shortens one in force)."""
        ...


PORTAL_MAX_BYTES = 64 * 1024
PORTAL_REASON = ("different sites answered with the same page: a Wi-Fi login page (captive portal)? "
                 "Log in to the network in a browser, then build again")
ALLOW_PRIVATE_HINT = "pass --allow-private or set BRIEFING_ALLOW_PRIVATE=1 if you mean to fetch it"


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0  # whole fetch of one URL, each attempt
    retries: int = 2  # on connection errors/timeouts and RETRY_STATUSES
    backoff: float = 1.0  # base of exponential backoff (1, 2, 4...)
    max_wait: float = 120.0  # cap for Retry-After, backoff and Crawl-delay
    max_bytes: int = 20 * 1024 * 1024  # measured after decompression, while streaming
    max_redirects: int = 5
    per_host: int = 2  # downloads at a time per site
    revalidate_per_host: int = 6  # requests at a time per site when they are conditional (browsers: six connections)
    total: int = 16
    obey_robots: bool = True
    allow_private: bool = False
    user_agent: str = "Briefing/0.1 (pre-visit company research; +https://github.com/briefing-tool/briefing)"


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def refuse_reason(ip: str) -> str | None:
    """Why an address must not be fetched from (SSRF guard), or None if it is a public one."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    for kind in ("loopback", "private", "link_local", "multicast", "unspecified", "reserved"):
        if getattr(addr, f"is_{kind}"):
            return f"{addr} is a {kind.replace('_', '-')} address"
    if not addr.is_global:  # carrier-grade NAT, documentation ranges...
        return f"{addr} is not a public address"
    return None


def _size(n: float) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= factor:
            return f"{n / factor:g} {unit}"
    return f"{n:g} bytes"


def _site(url: httpx.URL) -> str:
    """The unit of politeness: a host and its port (two ports are two servers, each with its robots.txt)."""
    return url.netloc.decode("ascii", "replace").lower()


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


class _Transient(Exception):
    """A failure that may go away if we try again: counted against the retries."""

    def __init__(self, reason: str, wait: float | None = None, *, host_wide: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait  # a wait the server asked for (Retry-After), else exponential backoff
        self.host_wide = host_wide  # 429/503: every request to the host waits, not just this one


class _Final(Exception):
    """A failure that trying again will not fix (TLS, size cap, undecodable body)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Budget:
    """One request's time on the wire, across its tries and redirects: at most `total_timeout`
    spent connecting and reading, all tries together. The waits between tries (backoff, a
    Retry-After, a Crawl-delay) are the server's asking, capped by `max_wait`; the build's own
    deadline bounds everything."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0

    @property
    def left(self) -> float:
        return self.seconds - self.spent

    @contextlib.contextmanager
    def running(self) -> Iterator[float]:
        """Time one try; yields the seconds it may take."""
        loop = asyncio.get_running_loop()
        began = loop.time()
        try:
            yield self.left
        finally:
            self.spent += loop.time() - began


@dataclass
class _Response:
    url: httpx.URL
    status: int
    headers: httpx.Headers
    body: bytes


class Fetcher:
    """Use as `async with Fetcher(settings) as f: page = await f.fetch(url)`."""

    def __init__(
        self,
        settings: FetchSettings = FetchSettings(),
        *,
        clock: Callable[[], datetime] = _utc_now,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        resolver: Callable[[str], Awaitable[list[str]]] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        memory: SiteMemory | None = None,
        hosts: HostGate | None = None,
    ) -> None:
        self.settings = settings
        self._memory = memory
        self._hosts = hosts  # shared with other processes, when several build against one store
        self._clock = clock
        self._sleep = sleep
        self._resolve = resolver or _getaddrinfo
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._total = asyncio.Semaphore(settings.total)
        self._per_site: dict[str, asyncio.Semaphore] = {}  # every request to the site
        self._answers: dict[str, list[int]] = {}  # origin -> [304s, whole pages] answered to conditional requests this run
        self._narrowed: set[str] = set()  # origins whose conditional requests go as downloads for the rest of the run
        self._remembered: dict[str, bool | None] = {}  # origin -> what the last run learnt (None: never asked)
        self._downloads: dict[str, asyncio.Semaphore] = {}  # those that are not conditional
        self._not_before: dict[str, float] = {}  # host -> earliest start of its next request
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}  # None: allow all
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self.reached: set[str] = set()  # sites that answered (any status)
        self.unreached: dict[str, str] = {}  # site -> why the network did not reach it (no DNS, refused, TLS...)
        self._same: dict[str, set[str]] = {}  # hash of a small HTML page answered for robots.txt -> the sites that gave it
        self._portal: set[str] = set()  # hashes of a page that different sites all answered with

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        if self._hosts is not None:
            await self._hosts.open()
        self._client = httpx.AsyncClient(
            transport=self._transport,
            verify=_tls_context(),
            follow_redirects=False,  # followed by hand: each hop is checked
            trust_env=False,  # no proxy or .netrc credentials picked up from the environment
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout,
                                  write=s.read_timeout, pool=s.total_timeout),
            limits=httpx.Limits(max_connections=s.total, max_keepalive_connections=s.total),
            headers={
                "User-Agent": s.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8",
                # not br/zstd even if their libraries get installed: they inflate far more per
                # chunk than gzip, and the size cap is counted chunk by chunk
                "Accept-Encoding": "gzip, deflate",
            },
        )
        return self

    def nothing_reached(self, sites: set[str]) -> bool:
        """None of these sites (host:port) was reached over the network, and the network failed
        for each (no name resolved, no connection, a Wi-Fi login page): offline, most likely.
        A fetcher shared by a batch answers for each build's own sites."""
        return bool(sites) and not sites & self.reached and sites <= self.unreached.keys()

    @staticmethod
    def site_of(url: str) -> str | None:
        """The politeness unit of `url` (host:port as fetched), or None if it is not a URL."""
        try:
            return _site(httpx.URL(url))
        except (httpx.InvalidURL, ValueError, TypeError):
            return None

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._hosts is not None:
            await self._hosts.close()
        self._remember_sites()

    # --- the public call ------------------------------------------------------------------

    async def fetch(self, url: str, *, headers: Mapping[str, str] | None = None) -> Page:
        """Fetch `url`, following redirects; returns the page or raises a FetchError."""
        if self._client is None:
            raise RuntimeError("use Fetcher inside 'async with'")
        response = await self._follow(url, dict(headers or {}), self.settings.retries,
                                      self.settings.max_bytes, robots=True)
        status = response.status
        # errors name the URL asked for (the pipeline knows it), and where it ended up if elsewhere
        moved = "" if response.url == httpx.URL(url) else f" (at {response.url})"
        if status in (404, 410):
            raise FetchGone(url, f"HTTP {status}: the page is gone{moved}")
        if status == 511:  # RFC 6585: the network (a Wi-Fi login page), not the site, answered
            self.reached.discard(_site(httpx.URL(url)))
            self.unreached[_site(httpx.URL(url))] = PORTAL_REASON
            raise FetchFailed(url, PORTAL_REASON)
        if status in (401, 403, 451):
            raise FetchBlocked(url, f"HTTP {status}: the site refused access{moved}")
        if status == 304:  # the caller sent a conditional request and nothing changed
            return self._page(url, response, "", "")
        if not 200 <= status < 300:
            raise FetchFailed(url, f"HTTP {status}{moved}")
        if len(response.body.translate(None, b" \t\r\n\f\v")) < MIN_BODY:
            raise FetchFailed(url, f"empty body ({len(response.body)} bytes) from HTTP {status}{moved}")
        if self._same_page_everywhere(url, response):
            raise FetchFailed(url, PORTAL_REASON)
        content_type = response.headers.get("content-type")
        if _is_text(content_type):
            text, encoding = decode_html(response.body, content_type)
        else:  # a PDF or an image: keep the bytes, do not run charset detection over them
            text, encoding = "", "binary"
        return self._page(url, response, text, encoding)

    async def warm(self, url: str) -> None:
        """Read the site's robots.txt ahead of its first page; any trouble is left for that page to
        report: a warm-up never fails, whatever the network does (no DNS, a refused connection)."""
        if not self.settings.obey_robots or self._client is None:
            return
        try:
            target = httpx.URL(url)
            self._check_scheme(target)
            await self._check_address(target)
            await self._check_robots(target)
        except (FetchError, _Transient, _Final, httpx.HTTPError, httpx.InvalidURL, OSError, ValueError, TypeError) as exc:
            log.info("warm-up of %s: %s", url, getattr(exc, "reason", exc))

    def _page(self, requested: str, response: _Response, text: str, encoding: str) -> Page:
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if not content_type:  # RFC 9110 lets us sniff; markup is all we care about
            content_type = "text/html" if response.body.lstrip()[:1] == b"<" else "application/octet-stream"
        return Page(url=str(response.url), requested_url=requested, body=response.body, text=text,
                    encoding=encoding, fetched_at=self._clock(), status=response.status,
                    content_type=content_type, etag=response.headers.get("etag", "")[:200],
                    last_modified=response.headers.get("last-modified", "")[:100])

    # --- redirects, retries, one exchange ---------------------------------------------------

    async def _follow(self, url: str, headers: dict[str, str], retries: int, max_bytes: int,
                      *, robots: bool) -> _Response:
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchFailed(url, f"not a valid URL ({exc})") from None
        seen = {str(current)}
        budget = _Budget(self.settings.total_timeout)  # for the whole chain of redirects
        for hop in range(self.settings.max_redirects + 1):
            try:
                response = await self._with_retries(current, headers, retries, max_bytes, budget, robots=robots)
            except (FetchFailed, FetchBlocked, FetchGone) as exc:
                # report against the URL the caller asked for, saying where the chain broke
                where = f" (after a redirect to {current})" if hop else ""
                if exc.url == url and not where:
                    raise
                raise type(exc)(url, exc.reason + where) from None
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            try:
                target = current.join(location)
            except (httpx.InvalidURL, ValueError):
                raise FetchFailed(url, f"redirect to an invalid URL: {location[:200]}") from None
            if target.scheme not in ("http", "https"):  # Scrapy once followed file:// redirects
                raise FetchBlocked(url, f"redirect to a {target.scheme}: URL refused; only http(s) is followed")
            # a URL seen before is a loop, unless the server is setting a cookie and coming back
            if str(target) in seen and "set-cookie" not in response.headers:
                raise FetchFailed(url, f"redirect loop at {target}")
            seen.add(str(target))
            if _origin(target) != _origin(current):
                # credentials meant for one site must not be handed to another (curl, requests)
                headers = {k: v for k, v in headers.items() if k.lower() not in CREDENTIAL_HEADERS}
            log.debug("redirect %s -> %s (%d)", current, target, response.status)
            current = target
        raise FetchFailed(url, f"more than {self.settings.max_redirects} redirects")

    async def _with_retries(self, url: httpx.URL, headers: dict[str, str], retries: int,
                            max_bytes: int, budget: _Budget, *, robots: bool) -> _Response:
        s = self.settings
        for attempt in range(retries + 1):
            try:
                self._check_scheme(url)
                await self._check_address(url)
                if robots and s.obey_robots:
                    await self._check_robots(url)
                response = await self._exchange(url, headers, max_bytes, budget)
                if response.status not in RETRY_STATUSES:
                    return response
                host_wide = response.status in HOST_BACKOFF_STATUSES
                asked = _retry_after(response.headers.get("retry-after"), self._clock()) if host_wide else None
                raise _Transient(f"HTTP {response.status}", asked, host_wide=host_wide)
            except _Final as exc:
                raise FetchFailed(str(url), exc.reason) from None
            except _Transient as exc:
                failure = exc
            wait = min(failure.wait if failure.wait is not None else s.backoff * 2**attempt, s.max_wait)
            if failure.host_wide:
                # set even when no retry is left, so later requests to this host wait too;
                # the retry below waits for it in _wait_turn
                await self._delay_host(_site(url), wait)
            if budget.left <= 0:  # the tries took all the request's time: no other try
                raise FetchFailed(str(url), f"{failure.reason}; gave up after {s.total_timeout:g} s of tries")
            if attempt < retries:
                log.info("%s: %s; retry %d of %d in %g s", url, failure.reason, attempt + 1, retries, wait)
                if wait > 0 and not failure.host_wide:
                    await self._sleep(wait)
        attempts = retries + 1
        if failure.reason.startswith("HTTP "):
            raise FetchFailed(str(url), f"{failure.reason} after {attempts} attempts")
        raise FetchFailed(str(url), failure.reason if attempts == 1 else f"{failure.reason} ({attempts} attempts)")

    async def _exchange(self, url: httpx.URL, headers: dict[str, str], max_bytes: int, budget: _Budget) -> _Response:
        """One GET within the politeness limits and what is left of the request's time; body capped."""
        s = self.settings
        host = _site(url)  # politeness is per site: host and port, as robots.txt is
        # site slots first, then the global one: a request waiting out a site's delay must not
        # hold one of the `total` slots that requests to other hosts could use
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        conditional = _is_conditional(headers)
        async with await self._slots(host, origin, conditional):
            await self._wait_turn(host)
            async with self._total:
                try:
                    with budget.running() as left:
                        if left <= 0:
                            raise TimeoutError
                        async with asyncio.timeout(left):
                            response = await self._get(url, headers, max_bytes)
                    self.reached.add(host)
                    if conditional and (response.status == 304 or 200 <= response.status < 300):
                        self._learn(origin, response.status == 304)
                    return response
                except TimeoutError:  # the request's whole time is spent: no try after this one
                    raise _Final(f"timed out after {s.total_timeout:g} s") from None
                except httpx.TimeoutException as exc:
                    if isinstance(exc, httpx.ConnectTimeout):
                        self.unreached[host] = _timeout_reason(exc, s)
                    raise _Transient(_timeout_reason(exc, s)) from None
                except httpx.TransportError as exc:
                    tls = _tls_error(exc)
                    if tls:  # a bad certificate will not fix itself; never retried unverified
                        raise _Final(tls) from None
                    reason = _connection_reason(exc, host)
                    if isinstance(exc, httpx.ConnectError):
                        self.unreached[host] = reason
                    raise _Transient(reason) from None
                except httpx.DecodingError:
                    raise _Final("the compressed body could not be decoded") from None
                except (httpx.HTTPError, httpx.InvalidURL) as exc:  # anything else httpx may raise
                    raise _Final(f"request failed ({type(exc).__name__}: {exc})") from None

    async def _get(self, url: httpx.URL, headers: dict[str, str], max_bytes: int) -> _Response:
        assert self._client is not None
        too_big = _Final(f"body larger than {_size(max_bytes)}")
        async with self._client.stream("GET", url, headers=headers) as response:
            if not 200 <= response.status_code < 300:
                # redirects and errors: the body is not needed, so it is not read
                return _Response(url, response.status_code, response.headers, b"")
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise too_big
            coding = response.headers.get("content-encoding", "").strip().lower()
            if coding in ("gzip", "x-gzip", "deflate"):
                body = await _inflate(response, coding, max_bytes, too_big)
            else:
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise too_big
            return _Response(url, response.status_code, response.headers, bytes(body))

    # --- politeness -------------------------------------------------------------------------

    async def _slots(self, host: str, origin: str, conditional: bool) -> contextlib.AsyncExitStack:
        """The site's slots a request holds while it is sent and read.

        A conditional request is answered with a bodiless 304 when nothing changed, so it need
        not wait for one of the site's download slots; unless the site answers such requests
        with whole pages (it ignores validators, or most of its pages changed): then it is a
        download like any other. That is checked again once the request has its site slot, so
        requests queued before the site's first answers follow what those answers taught.
        """
        s = self.settings
        downloads = self._downloads.setdefault(host, asyncio.Semaphore(s.per_host))
        site = self._per_site.setdefault(host, asyncio.Semaphore(max(s.per_host, s.revalidate_per_host)))
        while True:
            slots = contextlib.AsyncExitStack()
            as_download = not conditional or not self._revalidates(origin)
            if as_download:
                await slots.enter_async_context(downloads)  # always before the site slot: no deadlock
            await slots.enter_async_context(site)
            if as_download or self._revalidates(origin):
                if self._hosts is not None:
                    await self._shared_slots(slots, host, as_download)
                return slots
            await slots.aclose()  # the site turned out to send whole pages: queue as a download

    async def _shared_slots(self, slots: contextlib.AsyncExitStack, host: str, as_download: bool) -> None:
        """The same slots again, counted over every process sharing the gate; taken after this
        process's own, so a process queues its requests at home and asks the gate for few."""
        assert self._hosts is not None
        s = self.settings
        try:
            if as_download:
                await slots.enter_async_context(self._hosts.slot(host, "download", s.per_host))
            await slots.enter_async_context(self._hosts.slot(host, "site", max(s.per_host, s.revalidate_per_host)))
        except BaseException:  # cancelled while waiting: let go of what is held
            await slots.aclose()
            raise

    def _revalidates(self, origin: str) -> bool:
        """Whether the site's conditional requests may go `revalidate_per_host` at a time: not once
        two or more, and more than a third, of its answers this run were whole pages (six at once
        would then be two or more downloads), nor when that was so last run; a site never asked
        yet, yes."""
        answers = self._answers.get(origin)
        if answers is not None and sum(answers):
            # one changed page (a news list) is not yet a habit: two whole pages are
            return origin not in self._narrowed and (answers[1] < 2 or answers[1] * 3 <= sum(answers))
        if origin not in self._remembered:
            self._remembered[origin] = self._memory.revalidates(origin) if self._memory is not None else None
        return self._remembered[origin] is not False

    def _learn(self, origin: str, answered_304: bool) -> None:
        answers = self._answers.setdefault(origin, [0, 0])  # [304s, whole pages]
        answers[0 if answered_304 else 1] += 1
        if not self._revalidates(origin):
            self._narrowed.add(origin)  # for the rest of the run: no see-saw between 6 and 2

    def _remember_sites(self) -> None:
        """What the sites' answers taught, kept for the next run."""
        if self._memory is None:
            return
        for origin in self._answers:
            wide = self._revalidates(origin)  # from this run's answers
            if wide is not self._remembered.get(origin):
                self._memory.keep_revalidates(origin, wide)

    def _same_page_everywhere(self, requested: str, response: _Response, *, robots: bool = False) -> bool:
        """Whether this answer is the page a Wi-Fi login (a captive portal) gives for every
        address, not the site's: the same small HTML page answered the robots.txt of two
        different sites (a site with and without its www. is one), and every request since that
        gets it back is that page too. Real sites' robots.txt are text, never one shared page."""
        body = response.body
        if response.status != 200 or len(body) > PORTAL_MAX_BYTES or body.lstrip()[:1] != b"<":
            return False
        digest = hashlib.sha256(body).hexdigest()
        site = _site(httpx.URL(requested))
        sites = self._same.setdefault(digest, set()) if robots else set()
        sites.add(site)
        if robots and len({one.removeprefix("www.") for one in sites}) >= 2 and digest not in self._portal:
            self._portal.add(digest)
            log.warning("%s answered with the same page: %s", ", ".join(sorted(sites)), PORTAL_REASON)
        if digest in self._portal:
            for one in sites:
                self.reached.discard(one)
                self.unreached[one] = PORTAL_REASON
            return True
        return False

    def _now(self) -> float:
        return self._clock().timestamp()

    async def _wait_turn(self, host: str) -> None:
        """Space request starts to a host by its Crawl-delay and any embargo a 429/503 set.
        The slot is reserved before sleeping so concurrent requests queue up behind each other."""
        if self._hosts is not None:
            wait = await self._hosts.turn(host, self._crawl_delay.get(host, 0.0))
            if wait is not None:  # else the gate broke: this process spaces its own requests
                if wait > 0:
                    log.debug("waiting %g s before the next request to %s (shared)", wait, host)
                    await self._sleep(wait)
                return
        now = self._now()
        start = max(now, self._not_before.get(host, now))
        self._not_before[host] = start + self._crawl_delay.get(host, 0.0)
        if start > now:
            log.debug("waiting %g s before the next request to %s", start - now, host)
            await self._sleep(start - now)

    async def _delay_host(self, host: str, wait: float) -> None:
        # max(): an error never shortens a delay already in force; kept here too, should the gate break
        self._not_before[host] = max(self._not_before.get(host, 0.0), self._now() + wait)
        if self._hosts is not None:
            await self._hosts.embargo(host, wait)

    def _check_scheme(self, url: httpx.URL) -> None:
        if url.scheme not in ("http", "https"):
            raise FetchBlocked(str(url), f"only http and https are fetched, not {url.scheme or 'no scheme'}:")
        if not url.host:
            raise FetchBlocked(str(url), "the URL has no host")

    async def _check_address(self, url: httpx.URL) -> None:
        """Refuse hosts that resolve to private, loopback, link-local... addresses (SSRF)."""
        if self.settings.allow_private:
            return
        host = url.raw_host.decode("ascii")  # IDNA-encoded, as DNS wants it
        try:
            ips = [str(ipaddress.ip_address(url.host))]  # a literal address needs no lookup
        except ValueError:
            try:
                async with asyncio.timeout(self.settings.connect_timeout):
                    ips = list(await self._resolve(host))
            except (UnicodeError, ValueError):  # "a..com", a label over 63 characters: no name to ask for
                raise FetchFailed(str(url), f"{host[:100]}: not a valid host name") from None
            except (OSError, TimeoutError) as exc:
                self.unreached[_site(url)] = _dns_reason(host, exc)
                if isinstance(exc, socket.gaierror) and exc.errno == socket.EAI_NONAME:
                    raise FetchFailed(str(url), self.unreached[_site(url)]) from None  # the name does not exist: asking again will not help
                raise _Transient(self.unreached[_site(url)]) from None
            if not ips:
                self.unreached[_site(url)] = _dns_reason(host, None)
                raise _Transient(self.unreached[_site(url)])
        for ip in ips:  # every address: the connection may go to any of them
            why = refuse_reason(ip)
            if why:
                raise FetchBlocked(str(url), f"{host}: {why}; {ALLOW_PRIVATE_HINT}")

    async def _check_robots(self, url: httpx.URL) -> None:
        key = f"{url.scheme}://{url.netloc.decode('ascii')}"
        async with self._robots_locks.setdefault(key, asyncio.Lock()):  # fetched once per key
            if key not in self._robots:
                self._robots[key] = await self._load_robots(key, _site(url))
        parser = self._robots[key]
        if parser is not None and not parser.can_fetch(self.settings.user_agent, str(url)):
            raise FetchBlocked(str(url), "robots.txt disallows this page for Briefing")

    async def _load_robots(self, origin: str, host: str) -> urllib.robotparser.RobotFileParser | None:
        kept = self._memory.robots(origin) if self._memory is not None else None
        if kept is not None and timedelta(0) <= self._clock() - kept[1] < ROBOTS_FRESH:
            return self._obey(origin, host, kept[0])
        robots_url = f"{origin}/robots.txt"
        try:
            # no retries: an unreadable robots.txt means "allowed", not worth minutes of waiting
            response = await self._follow(robots_url, {}, 0, ROBOTS_MAX_BYTES, robots=False)
        except (FetchFailed, FetchBlocked, FetchGone) as exc:
            log.warning("robots.txt unreadable, treated as allowing all: %s", exc)
            return None  # not kept: the next run asks again
        if 400 <= response.status < 500:
            text = None  # no robots.txt: everything allowed (Scrapy, Google)
        elif not 200 <= response.status < 300:
            log.warning("robots.txt at %s answered HTTP %d, treated as allowing all", robots_url, response.status)
            return None
        elif self._same_page_everywhere(robots_url, response, robots=True):
            log.warning("%s: %s", robots_url, PORTAL_REASON)
            return None  # not kept: it is not the site's
        else:
            text = response.body.decode("utf-8", errors="replace")
        if self._memory is not None:
            self._memory.keep_robots(origin, text, self._clock())
        return self._obey(origin, host, text)

    def _obey(self, origin: str, host: str, text: str | None) -> urllib.robotparser.RobotFileParser | None:
        """A parser for the site's rules (None: all allowed), and its Crawl-delay put in force."""
        if text is None:
            return None
        parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay:
            self._crawl_delay[host] = min(float(delay), self.settings.max_wait)
        return parser


# --- helpers --------------------------------------------------------------------------------


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The certificate checks every fetcher shares: loading the CA bundle takes 20 ms each time."""
    return httpx.create_ssl_context(trust_env=False)


def _is_conditional(headers: Mapping[str, str]) -> bool:
    return any(name.lower() in ("if-none-match", "if-modified-since") for name in headers)


_DONE = zlib.decompressobj()  # a marker: the body's last member has been read, the rest ignored


async def _inflate(response: httpx.Response, coding: str, max_bytes: int, too_big: Exception) -> bytearray:
    """Decompress as the raw bytes arrive, never more than the cap at a time.

    httpx inflates each network chunk whole, and 64 KB of a gzip bomb is 64 MB: here every call
    is bounded by what the cap still allows, so memory stays near the cap whatever the ratio.
    Several gzip members are read one after another (RFC 1952); "deflate" may come with or
    without its zlib wrapper; a body cut off before its end is a failed fetch, not a short page.
    """
    gzip_like = "gzip" in coding
    inflater = zlib.decompressobj(47 if gzip_like else zlib.MAX_WBITS)  # 47: a gzip or zlib header
    body = bytearray()
    started = finished = False  # finished: at least one whole member was read
    try:
        async for raw in response.aiter_raw():
            pending = raw
            while pending:
                room = max_bytes + 1 - len(body)
                if room <= 0:
                    raise too_big
                try:
                    body += inflater.decompress(pending, room)
                except zlib.error:
                    if finished:  # bytes after a complete member that are not another: ignored, as browsers do
                        pending = b""
                        inflater = _DONE
                        break
                    if started or gzip_like:
                        raise
                    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
                    body += inflater.decompress(pending, room)
                started = True
                if len(body) > max_bytes:
                    raise too_big
                if inflater.eof and inflater.unused_data.strip(b"\0"):  # another gzip member follows
                    pending = inflater.unused_data
                    inflater = zlib.decompressobj(47 if gzip_like else zlib.MAX_WBITS)
                    finished = True
                else:
                    pending = inflater.unconsumed_tail
            if inflater is _DONE:
                break
        if inflater is not _DONE:
            body += inflater.flush()
    except zlib.error:
        raise _Final("the compressed body could not be decoded") from None
    if started and inflater is not _DONE and not inflater.eof:
        raise _Final("the compressed body ended early (the connection was cut)")
    if len(body) > max_bytes:
        raise too_big
    return body


async def _getaddrinfo(host: str) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)  # HTTP dates are GMT
    return max(0.0, (when - now).total_seconds())


def _is_text(content_type: str | None) -> bool:
    if not content_type:
        return True
    mime = content_type.split(";")[0].strip().lower()
    return mime.startswith("text/") or any(k in mime for k in ("html", "xml", "json"))


def _tls_error(exc: BaseException) -> str | None:
    """A certificate failure anywhere in the exception chain (httpx wraps httpcore wraps ssl)."""
    visited: set[int] = set()
    seen: BaseException | None = exc
    while seen is not None and id(seen) not in visited:  # chains can loop back on themselves
        visited.add(id(seen))
        if isinstance(seen, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted ({seen.verify_message or seen.reason})"
        seen = seen.__cause__ or seen.__context__
    if "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return "TLS certificate not accepted"
    return None


def _timeout_reason(exc: httpx.TimeoutException, s: FetchSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"could not connect within {s.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"no data for {s.read_timeout:g} s"
    return "timed out"


def _dns_reason(host: str, exc: BaseException | None) -> str:
    detail = (getattr(exc, "strerror", None) or str(exc or "") or "no address").strip()
    if isinstance(exc, TimeoutError):
        detail = "no answer from the name server"
    return f"could not find {host}: no network, or the domain does not exist ({detail[:120]})"


def _connection_reason(exc: httpx.TransportError, host: str) -> str:
    """The failure in plain words, from the OS error under httpx's (the name, then the connection)."""
    cause: BaseException | None = exc
    visited: set[int] = set()
    while cause is not None and id(cause) not in visited:
        visited.add(id(cause))
        if isinstance(cause, socket.gaierror):
            return _dns_reason(host, cause)
        if isinstance(cause, ConnectionRefusedError):
            return f"{host} refused the connection (no server is listening there)"
        if isinstance(cause, ConnectionResetError):
            return f"{host} cut the connection"
        if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN):
            return f"no route to {host}: no network ({cause.strerror})"
        cause = cause.__cause__ or cause.__context__
    detail = str(exc).strip()
    if "Name or service not known" in detail or "name resolution" in detail or "nodename nor servname" in detail:
        return _dns_reason(host, exc)
    what = "could not connect" if isinstance(exc, httpx.ConnectError) else "connection broken"
    return f"{what} ({detail[:200]})" if detail else what
