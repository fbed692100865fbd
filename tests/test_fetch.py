"""Fetcher against mocked HTTP (respx) and a real server on 127.0.0.1 (RELIABILITY.md cases 5-15).

No test touches the internet: respx fails on any unmocked request, the fake resolver answers
every lookup, and the loopback server is started by the test itself.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import shutil
import socket
import subprocess
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from briefing.errors import FetchBlocked, FetchFailed, FetchGone
from briefing.gathering.fetch import FetchSettings, Fetcher, refuse_reason
from briefing.models import Page
from briefing.store.database import Store
from loopback import serve

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
SITE = "https://example.com"
HTML = "<html><body><p>深圳市示例科技有限公司成立于2010年，专注工业软件。</p></body></html>"
# robots.txt is tested on its own; elsewhere it would only add a mocked request to every test
QUIET = FetchSettings(obey_robots=False)


class Sleeps(list[float]):
    """Records every wait instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


async def public_dns(host: str) -> list[str]:
    return {"internal.example": ["10.0.0.1"], "mixed.example": ["93.184.216.34", "127.0.0.1"]}.get(
        host, ["93.184.216.34"]
    )


def fetch(
    url: str,
    settings: FetchSettings = QUIET,
    *,
    sleeps: Sleeps | None = None,
    resolver: Callable[[str], Awaitable[list[str]]] | None = public_dns,
    headers: dict[str, str] | None = None,
) -> Page:
    async def go() -> Page:
        fetcher = Fetcher(settings, clock=lambda: NOW, sleep=sleeps if sleeps is not None else Sleeps(),
                          resolver=resolver)
        async with fetcher:
            return await fetcher.fetch(url, headers=headers)

    return asyncio.run(go())


def fetch_many(urls: list[str], settings: FetchSettings = QUIET, *, sleeps: Sleeps | None = None,
               concurrent: bool = False) -> list[Page | Exception]:
    async def go() -> list[Page | Exception]:
        fetcher = Fetcher(settings, clock=lambda: NOW, sleep=sleeps if sleeps is not None else Sleeps(),
                          resolver=public_dns)
        async with fetcher:
            if concurrent:
                return list(await asyncio.gather(*(fetcher.fetch(u) for u in urls), return_exceptions=True))
            out: list[Page | Exception] = []
            for u in urls:
                try:
                    out.append(await fetcher.fetch(u))
                except Exception as exc:  # noqa: BLE001 - the test inspects it
                    out.append(exc)
            return out

    return asyncio.run(go())


@pytest.fixture
def web():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


# --- a page, and what was sent ----------------------------------------------------------------


def test_page_fields_and_request_headers(web: respx.MockRouter):
    route = web.get(f"{SITE}/about").respond(200, content=HTML.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    page = fetch(f"{SITE}/about")
    assert page.url == page.requested_url == f"{SITE}/about"
    assert page.body == HTML.encode() and page.text == HTML and page.encoding == "utf-8"
    assert page.fetched_at == NOW and page.status == 200 and page.content_type == "text/html"
    sent = route.calls.last.request.headers
    assert sent["User-Agent"].startswith("Briefing/0.1")
    assert sent["Accept-Language"] == "zh-CN,zh;q=0.9,en;q=0.8"


def test_gb2312_header_with_rong(web: respx.MockRouter):
    body = "<html><body><p>朱镕基总理视察深圳市示例科技有限公司</p></body></html>".encode("gb18030")
    web.get(f"{SITE}/news").respond(200, content=body, headers={"Content-Type": "text/html; charset=gb2312"})
    page = fetch(f"{SITE}/news")
    assert "朱镕基总理视察" in page.text and page.encoding == "gb18030"


def test_utf8_under_gb2312_meta(web: respx.MockRouter):
    body = f'<html><head><meta charset="gb2312"></head>{HTML}</html>'.encode()
    web.get(f"{SITE}/intro").respond(200, content=body, headers={"Content-Type": "text/html"})
    page = fetch(f"{SITE}/intro")
    assert "专注工业软件" in page.text and page.encoding == "utf-8"


def test_gbk_without_header_or_meta(web: respx.MockRouter):
    web.get(f"{SITE}/gbk").respond(200, content="<p>联系我们 电话 朱镕基</p>".encode("gbk"))
    assert fetch(f"{SITE}/gbk").text == "<p>联系我们 电话 朱镕基</p>"


# --- retries and waiting ------------------------------------------------------------------------


def test_retries_then_success_with_exponential_backoff(web: respx.MockRouter):
    route = web.get(f"{SITE}/a").mock(side_effect=[httpx.Response(500), httpx.Response(502), httpx.Response(200, html=HTML)])
    sleeps = Sleeps()
    page = fetch(f"{SITE}/a", sleeps=sleeps)
    assert page.text == HTML
    assert route.call_count == 3
    assert sleeps == [1.0, 2.0]


def test_retries_exhausted(web: respx.MockRouter):
    route = web.get(f"{SITE}/a").respond(500)
    sleeps = Sleeps()
    with pytest.raises(FetchFailed, match="HTTP 500 after 3 attempts"):
        fetch(f"{SITE}/a", sleeps=sleeps)
    assert route.call_count == 3
    assert sleeps == [1.0, 2.0]


def test_connection_refused_is_retried_then_stale(web: respx.MockRouter):
    route = web.get(f"{SITE}/a").mock(side_effect=httpx.ConnectError("Connection refused"))
    with pytest.raises(FetchFailed, match=r"could not connect.*3 attempts") as info:
        fetch(f"{SITE}/a")
    assert route.call_count == 3
    assert info.value.status == "stale"


def test_read_timeout_is_retried(web: respx.MockRouter):
    route = web.get(f"{SITE}/a").mock(side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, html=HTML)])
    assert fetch(f"{SITE}/a").text == HTML
    assert route.call_count == 2


def test_backoff_capped_at_max_wait(web: respx.MockRouter):
    web.get(f"{SITE}/a").respond(504)
    sleeps = Sleeps()
    with pytest.raises(FetchFailed):
        fetch(f"{SITE}/a", replace(QUIET, retries=4, backoff=50), sleeps=sleeps)
    assert sleeps == [50.0, 100.0, 120.0, 120.0]


@pytest.mark.parametrize(
    "retry_after, expected",
    [
        ("7", 7.0),
        ("Wed, 01 May 2024 12:00:30 GMT", 30.0),  # against the injected clock, not the real one
        ("86400", 120.0),  # absurd: capped
        ("Fri, 01 May 2099 12:00:00 GMT", 120.0),
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),  # in the past: go now
    ],
)
@pytest.mark.parametrize("status", [429, 503])
def test_retry_after(web: respx.MockRouter, status: int, retry_after: str, expected: float):
    route = web.get(f"{SITE}/a").mock(
        side_effect=[httpx.Response(status, headers={"Retry-After": retry_after}), httpx.Response(200, html=HTML)]
    )
    sleeps = Sleeps()
    fetch(f"{SITE}/a", sleeps=sleeps)
    assert route.call_count == 2
    assert sleeps == ([expected] if expected else [])


def test_host_backoff_applies_to_later_requests(web: respx.MockRouter):
    web.get(f"{SITE}/a").respond(503, headers={"Retry-After": "10"})
    web.get(f"{SITE}/b").respond(200, html=HTML)
    web.get("https://other.example/c").respond(200, html=HTML)
    sleeps = Sleeps()
    results = fetch_many([f"{SITE}/a", "https://other.example/c", f"{SITE}/b"], replace(QUIET, retries=0), sleeps=sleeps)
    assert isinstance(results[0], FetchFailed) and "HTTP 503" in results[0].reason
    assert isinstance(results[1], Page) and isinstance(results[2], Page)
    assert sleeps == [10.0]  # only /b waited: same host as the 503; other.example did not


def test_a_short_retry_after_never_shortens_a_longer_host_delay(web: respx.MockRouter):
    web.get(f"{SITE}/a").respond(503, headers={"Retry-After": "60"})
    web.get(f"{SITE}/b").respond(429, headers={"Retry-After": "1"})
    web.get(f"{SITE}/c").respond(200, html=HTML)
    sleeps = Sleeps()
    fetch_many([f"{SITE}/a", f"{SITE}/b", f"{SITE}/c"], replace(QUIET, retries=0), sleeps=sleeps)
    assert sleeps == [60.0, 60.0]  # /c still waits out the 60 s (the clock is frozen), not 1 s


# --- final answers, no retry --------------------------------------------------------------------


@pytest.mark.parametrize("status", [404, 410])
def test_gone_is_not_retried(web: respx.MockRouter, status: int):
    route = web.get(f"{SITE}/old").respond(status)
    with pytest.raises(FetchGone) as info:
        fetch(f"{SITE}/old")
    assert route.call_count == 1
    assert info.value.status == "gone" and info.value.url == f"{SITE}/old"


@pytest.mark.parametrize("status", [401, 403])
def test_forbidden_is_blocked(web: respx.MockRouter, status: int):
    route = web.get(f"{SITE}/x").respond(status)
    with pytest.raises(FetchBlocked, match=str(status)):
        fetch(f"{SITE}/x")
    assert route.call_count == 1


@pytest.mark.parametrize("body", [b"", b"abc", b"   \n\t  ", b"<p>tiny</p>     \n"])
def test_empty_body_is_a_failed_fetch(web: respx.MockRouter, body: bytes):
    route = web.get(f"{SITE}/e").respond(200, content=body, headers={"Content-Type": "text/html"})
    with pytest.raises(FetchFailed, match="empty body"):
        fetch(f"{SITE}/e")
    assert route.call_count == 1


def test_a_dns_failure_that_may_pass_is_retried_a_name_that_does_not_exist_is_not(web: respx.MockRouter):
    asked: list[str] = []

    def resolver(error: int, message: str):  # type: ignore[no-untyped-def]
        async def no_dns(host: str) -> list[str]:
            asked.append(host)
            raise socket.gaierror(error, message)
        return no_dns

    with pytest.raises(FetchFailed, match=r"could not find example.com: no network, or the domain does not exist.*3 attempts"):
        fetch(f"{SITE}/a", resolver=resolver(socket.EAI_AGAIN, "Temporary failure in name resolution"))
    assert len(asked) == 3
    asked.clear()
    with pytest.raises(FetchFailed, match=r"could not find example.com: no network, or the domain does not exist \(Name or service not known\)$"):
        fetch(f"{SITE}/a", resolver=resolver(socket.EAI_NONAME, "Name or service not known"))
    assert len(asked) == 1  # NXDOMAIN: the name does not exist, and asking again will not make it


def test_size_cap_via_content_length_header(web: respx.MockRouter):
    web.get(f"{SITE}/big").mock(return_value=httpx.Response(200, headers={"Content-Length": str(5 * 1024**3)}, stream=httpx.ByteStream(b"x" * 100)))
    with pytest.raises(FetchFailed, match="body larger than 20 MB"):
        fetch(f"{SITE}/big")


def test_pdf_is_kept_as_bytes_without_decoding(web: respx.MockRouter):
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 4
    web.get(f"{SITE}/r.pdf").respond(200, content=pdf, headers={"Content-Type": "application/pdf"})
    page = fetch(f"{SITE}/r.pdf")
    assert page.body == pdf and page.text == "" and page.content_type == "application/pdf"


# --- redirects --------------------------------------------------------------------------------


def _chain(web: respx.MockRouter, hops: int) -> None:
    for i in range(hops):
        web.get(f"{SITE}/r{i}").respond(302, headers={"Location": f"/r{i + 1}"})
    web.get(f"{SITE}/r{hops}").respond(200, html=HTML)


def test_five_redirects_are_followed(web: respx.MockRouter):
    _chain(web, 5)
    page = fetch(f"{SITE}/r0")
    assert page.url == f"{SITE}/r5" and page.requested_url == f"{SITE}/r0"


def test_six_redirects_are_too_many(web: respx.MockRouter):
    _chain(web, 6)
    with pytest.raises(FetchFailed, match="more than 5 redirects"):
        fetch(f"{SITE}/r0")
    assert not web.routes[6].called  # /r6 is never asked for


def test_redirect_loop(web: respx.MockRouter):
    web.get(f"{SITE}/a").respond(301, headers={"Location": f"{SITE}/b"})
    b = web.get(f"{SITE}/b").respond(301, headers={"Location": f"{SITE}/a"})
    with pytest.raises(FetchFailed, match="redirect loop"):
        fetch(f"{SITE}/a")
    assert b.call_count == 1


def test_redirect_to_file_is_blocked(web: respx.MockRouter):
    web.get(f"{SITE}/a").respond(302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchBlocked, match="file"):
        fetch(f"{SITE}/a")


def test_redirect_to_private_address_is_blocked(web: respx.MockRouter):
    web.get(f"{SITE}/a").respond(302, headers={"Location": "http://internal.example/admin"})
    inside = web.get("http://internal.example/admin").respond(200, html=HTML)
    with pytest.raises(FetchBlocked, match="10.0.0.1.*--allow-private.*BRIEFING_ALLOW_PRIVATE=1") as info:
        fetch(f"{SITE}/a")
    assert not inside.called
    assert info.value.url == f"{SITE}/a"


def test_any_private_address_of_a_host_blocks_it(web: respx.MockRouter):
    route = web.get("https://mixed.example/").respond(200, html=HTML)
    with pytest.raises(FetchBlocked, match="127.0.0.1"):
        fetch("https://mixed.example/")
    assert not route.called


def test_other_schemes_are_blocked(web: respx.MockRouter):
    with pytest.raises(FetchBlocked, match="only http and https"):
        fetch("ftp://example.com/file")


def test_credentials_dropped_on_cross_host_redirect_kept_on_same_host(web: respx.MockRouter):
    web.get(f"{SITE}/a").respond(302, headers={"Location": f"{SITE}/b"})
    same = web.get(f"{SITE}/b").respond(302, headers={"Location": "https://cdn.example.net/c"})
    other = web.get("https://cdn.example.net/c").respond(200, html=HTML)
    fetch(f"{SITE}/a", headers={"Authorization": "Bearer secret", "Cookie": "sid=1", "X-Keep": "yes"})
    assert same.calls.last.request.headers["Authorization"] == "Bearer secret"
    sent = other.calls.last.request.headers
    assert "Authorization" not in sent and "Cookie" not in sent
    assert sent["X-Keep"] == "yes"


def test_credentials_dropped_on_scheme_change(web: respx.MockRouter):
    web.get(f"{SITE}/a").respond(302, headers={"Location": "http://example.com/a"})
    plain = web.get("http://example.com/a").respond(200, html=HTML)
    fetch(f"{SITE}/a", headers={"Authorization": "Bearer secret"})
    assert "Authorization" not in plain.calls.last.request.headers


# --- robots.txt -------------------------------------------------------------------------------


ROBOTS = FetchSettings()  # obey_robots=True is the default


def test_robots_disallow_blocks_and_is_fetched_once(web: respx.MockRouter):
    robots = web.get(f"{SITE}/robots.txt").respond(200, text="User-agent: *\nDisallow: /private/\n")
    web.get(f"{SITE}/public").respond(200, html=HTML)
    private = web.get(f"{SITE}/private/x").respond(200, html=HTML)
    results = fetch_many([f"{SITE}/public", f"{SITE}/private/x", f"{SITE}/public"], ROBOTS)
    assert isinstance(results[0], Page) and isinstance(results[2], Page)
    assert isinstance(results[1], FetchBlocked) and "robots.txt" in results[1].reason
    assert robots.call_count == 1
    assert not private.called


def test_robots_fetched_once_under_concurrency(web: respx.MockRouter):
    robots = web.get(f"{SITE}/robots.txt").respond(200, text="User-agent: *\nAllow: /\n")
    web.get(url__regex=rf"{SITE}/p\d").respond(200, html=HTML)
    results = fetch_many([f"{SITE}/p{i}" for i in range(6)], ROBOTS, concurrent=True)
    assert all(isinstance(r, Page) for r in results)
    assert robots.call_count == 1


def test_robots_rules_for_our_user_agent(web: respx.MockRouter):
    web.get(f"{SITE}/robots.txt").respond(200, text="User-agent: Briefing\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    with pytest.raises(FetchBlocked, match="robots.txt"):
        fetch(f"{SITE}/a", ROBOTS)


@pytest.mark.parametrize("status", [500, 503, 404, 403])
def test_unreadable_or_missing_robots_means_allowed(web: respx.MockRouter, caplog: pytest.LogCaptureFixture, status: int):
    web.get(f"{SITE}/robots.txt").respond(status)
    web.get(f"{SITE}/a").respond(200, html=HTML)
    with caplog.at_level(logging.WARNING, logger="briefing.gathering.fetch"):
        assert fetch(f"{SITE}/a", ROBOTS).text == HTML
    assert ("robots.txt" in caplog.text) == (status >= 500)  # a 5xx is worth a log line


def test_robots_timeout_means_allowed(web: respx.MockRouter):
    web.get(f"{SITE}/robots.txt").mock(side_effect=httpx.ConnectTimeout("slow"))
    web.get(f"{SITE}/a").respond(200, html=HTML)
    assert fetch(f"{SITE}/a", ROBOTS).text == HTML


def test_crawl_delay_spaces_requests_to_the_host(web: respx.MockRouter):
    web.get(f"{SITE}/robots.txt").respond(200, text="User-agent: *\nCrawl-delay: 5\n")
    web.get(url__regex=rf"{SITE}/p\d").respond(200, html=HTML)
    sleeps = Sleeps()
    fetch_many([f"{SITE}/p1", f"{SITE}/p2", f"{SITE}/p3"], ROBOTS, sleeps=sleeps)
    assert sleeps == [5.0, 10.0]  # fixed clock: each start is reserved 5 s after the previous


def _fetch_with_memory(url: str, memory: Store, now: datetime) -> Page:
    async def go() -> Page:
        async with Fetcher(ROBOTS, clock=lambda: now, sleep=Sleeps(), resolver=public_dns, memory=memory) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go())


def test_a_robots_txt_read_within_a_day_is_not_asked_for_again(web: respx.MockRouter, tmp_path: Path):
    robots = web.get(f"{SITE}/robots.txt").respond(200, text="User-agent: *\nDisallow: /private/\n")
    web.get(f"{SITE}/a").respond(200, html=HTML)
    private = web.get(f"{SITE}/private/x").respond(200, html=HTML)
    with Store.open(tmp_path / "store.sqlite3") as store:
        _fetch_with_memory(f"{SITE}/a", store, NOW)
        assert robots.call_count == 1
        _fetch_with_memory(f"{SITE}/a", store, NOW + timedelta(hours=23))
        assert robots.call_count == 1  # the kept copy's rules hold...
        with pytest.raises(FetchBlocked, match="robots.txt"):
            _fetch_with_memory(f"{SITE}/private/x", store, NOW + timedelta(hours=23))
        assert not private.called  # ...disallowed paths included
        _fetch_with_memory(f"{SITE}/a", store, NOW + timedelta(hours=25))
        assert robots.call_count == 2  # older than 24 hours (RFC 9309): asked again
        _fetch_with_memory(f"{SITE}/a", store, NOW - timedelta(hours=1))
        assert robots.call_count == 3  # a copy from the future (a clock set wrong) is not trusted


def test_a_missing_robots_txt_is_remembered_but_an_unreachable_one_is_not(web: respx.MockRouter, tmp_path: Path):
    missing = web.get("https://missing.example/robots.txt").respond(404)
    failing = web.get("https://failing.example/robots.txt").respond(503)
    web.get(url__regex=r"https://(missing|failing)\.example/a").respond(200, html=HTML)
    with Store.open(tmp_path / "store.sqlite3") as store:
        for _ in range(2):
            _fetch_with_memory("https://missing.example/a", store, NOW)
            _fetch_with_memory("https://failing.example/a", store, NOW)
    assert missing.call_count == 1  # no robots.txt: everything allowed, for a day
    assert failing.call_count == 2  # a server error says nothing about the rules: ask next time


def test_the_crawl_delay_of_a_kept_robots_txt_still_holds(web: respx.MockRouter, tmp_path: Path):
    web.get(f"{SITE}/robots.txt").respond(200, text="User-agent: *\nCrawl-delay: 5\n")
    web.get(url__regex=rf"{SITE}/p\d").respond(200, html=HTML)
    sleeps = Sleeps()

    async def go() -> None:
        async with Fetcher(ROBOTS, clock=lambda: NOW, sleep=sleeps, resolver=public_dns, memory=store) as fetcher:
            for n in (1, 2):
                await fetcher.fetch(f"{SITE}/p{n}")

    with Store.open(tmp_path / "store.sqlite3") as store:
        asyncio.run(go())
        sleeps.clear()
        asyncio.run(go())  # a new run: robots.txt from the store
    assert sleeps == [5.0]


# --- politeness: concurrency --------------------------------------------------------------------


def test_per_host_and_total_concurrency(web: respx.MockRouter):
    in_flight: dict[str, int] = {}
    peak: dict[str, int] = {}
    peak_total = [0]

    async def slow(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        in_flight[host] = in_flight.get(host, 0) + 1
        peak[host] = max(peak.get(host, 0), in_flight[host])
        peak_total[0] = max(peak_total[0], sum(in_flight.values()))
        await asyncio.sleep(0.01)
        in_flight[host] -= 1
        return httpx.Response(200, html=HTML)

    web.get(url__regex=r"https://h\d\.example/\d").mock(side_effect=slow)
    urls = [f"https://h{h}.example/{i}" for h in range(3) for i in range(5)]
    results = fetch_many(urls, replace(QUIET, per_host=2, total=4), concurrent=True)
    assert all(isinstance(r, Page) for r in results)
    assert max(peak.values()) == 2
    assert peak_total[0] == 4


def test_conditional_requests_go_six_at_a_time_per_site_and_downloads_two(web: respx.MockRouter):
    """A 304 has no body: a refresh asks about the pages it holds as a browser revalidates, six
    at a time, while downloads stay at two per site, within the same six."""
    in_flight = {"conditional": 0, "download": 0}
    peak = {"conditional": 0, "download": 0, "site": 0}

    async def answer(request: httpx.Request) -> httpx.Response:
        kind = "conditional" if "if-none-match" in request.headers else "download"
        in_flight[kind] += 1
        peak[kind] = max(peak[kind], in_flight[kind])
        peak["site"] = max(peak["site"], sum(in_flight.values()))
        await asyncio.sleep(0.01)
        in_flight[kind] -= 1
        return httpx.Response(304) if kind == "conditional" else httpx.Response(200, html=HTML)

    web.get(url__regex=rf"{SITE}/\w+").mock(side_effect=answer)

    async def go() -> list[Page]:
        async with Fetcher(replace(QUIET, total=16), clock=lambda: NOW, sleep=Sleeps(), resolver=public_dns) as fetcher:
            asks = [fetcher.fetch(f"{SITE}/held{i}", headers={"If-None-Match": f'"{i}"'}) for i in range(10)]
            asks += [fetcher.fetch(f"{SITE}/new{i}") for i in range(5)]
            return list(await asyncio.gather(*asks))

    pages = asyncio.run(go())
    assert [p.status for p in pages] == [304] * 10 + [200] * 5
    assert peak["download"] == 2
    assert peak["site"] == 6  # all requests to the site, of either kind
    assert peak["conditional"] >= 4


@pytest.mark.parametrize("whole_every", [1, 4, 2])  # every answer a whole page, 3 in 4, 1 in 2
def test_a_site_that_answers_conditional_requests_with_whole_pages_gets_them_two_at_a_time(
        web: respx.MockRouter, tmp_path: Path, whole_every: int):
    """Validators a site ignores (or pages that mostly changed) make conditional requests
    downloads: once its first answers show it, the requests still queued go two at a time, for
    the rest of the run and the next (the store remembers)."""
    runs: list[dict] = []  # per run: in flight (all, and those sent after the site's first answer), and their peaks

    async def answer(request: httpx.Request) -> httpx.Response:
        run = runs[-1]
        late = run["whole"] >= 2  # sent after the site's answers showed its habit
        run["all"] += 1
        run["late"] += late
        run["peak"] = max(run["peak"], run["all"])
        run["peak_late"] = max(run["peak_late"], run["late"])
        await asyncio.sleep(0.01)
        run["all"] -= 1
        run["late"] -= late
        n = int(request.url.path.removeprefix("/held"))
        if n % whole_every == 0 or (whole_every == 4 and n % 4 != 3):
            run["whole"] += 1
            return httpx.Response(200, html=HTML, headers={"ETag": '"new every time"'})
        return httpx.Response(304)

    web.get(url__regex=rf"{SITE}/held\d+").mock(side_effect=answer)

    async def revalidate(store: Store) -> None:
        async with Fetcher(replace(QUIET, total=16), clock=lambda: NOW, sleep=Sleeps(), resolver=public_dns, memory=store) as fetcher:
            await asyncio.gather(*(fetcher.fetch(f"{SITE}/held{i}", headers={"If-None-Match": '"old"'}) for i in range(20)))

    with Store.open(tmp_path / "store.sqlite3") as store:
        for _ in range(2):
            runs.append({"all": 0, "late": 0, "peak": 0, "peak_late": 0, "whole": 0})
            asyncio.run(revalidate(store))
        remembered = store.revalidates(SITE)
    first, second = runs
    assert first["peak"] <= 6  # before the site's first answer: one round, at most
    assert first["peak_late"] <= 2  # once two answers were whole pages, the rest went as downloads
    assert second["peak"] <= 2  # and so from the start of the next run
    assert remembered is False


def test_a_site_that_answers_304_keeps_six_at_a_time(web: respx.MockRouter, tmp_path: Path):
    peak, in_flight = [0], [0]

    async def answer(request: httpx.Request) -> httpx.Response:
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        await asyncio.sleep(0.01)
        in_flight[0] -= 1
        return httpx.Response(304) if request.url.path != "/held0" else httpx.Response(200, html=HTML)  # one page changed

    web.get(url__regex=rf"{SITE}/held\d+").mock(side_effect=answer)

    async def revalidate(store: Store) -> None:
        async with Fetcher(replace(QUIET, total=16), clock=lambda: NOW, sleep=Sleeps(), resolver=public_dns, memory=store) as fetcher:
            await asyncio.gather(*(fetcher.fetch(f"{SITE}/held{i}", headers={"If-None-Match": '"old"'}) for i in range(20)))

    with Store.open(tmp_path / "store.sqlite3") as store:
        asyncio.run(revalidate(store))
        peak[0] = 0
        asyncio.run(revalidate(store))
        assert store.revalidates(SITE) is True
    assert peak[0] == 6


# --- the address guard --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ip",
    ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "0.0.0.0", "224.0.0.1",
     "100.64.0.1", "::1", "fe80::1%eth0", "fc00::1", "::ffff:127.0.0.1", "240.0.0.1"],
)
def test_refuse_reason_refuses(ip: str):
    assert refuse_reason(ip)


@pytest.mark.parametrize("ip", ["93.184.216.34", "114.114.114.114", "2606:4700:4700::1111"])
def test_refuse_reason_allows_public(ip: str):
    assert refuse_reason(ip) is None


# --- a real server on 127.0.0.1 ----------------------------------------------------------------

LOCAL = FetchSettings(allow_private=True, obey_robots=False, retries=0, max_bytes=64 * 1024,
                      total_timeout=1.0, read_timeout=5.0, connect_timeout=2.0)


def _send_html(handler: BaseHTTPRequestHandler) -> None:
    body = HTML.encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def test_loopback_refused_unless_allowed():
    with serve({"/": _send_html}) as server:
        for host in ("127.0.0.1", "localhost"):  # literal, and a name the system resolves
            with pytest.raises(FetchBlocked, match="--allow-private") as info:
                fetch(server.url("/").replace("127.0.0.1", host), replace(LOCAL, allow_private=False), resolver=None)
            assert info.value.status == "blocked"
        assert server.requests == []
        page = fetch(server.url("/"), LOCAL, resolver=None)
        assert page.text == HTML and server.requests == ["/"]


def test_loopback_robots_then_page():
    def robots(handler: BaseHTTPRequestHandler) -> None:
        body = b"User-agent: *\nDisallow: /secret\n"
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with serve({"/robots.txt": robots, "/": _send_html, "/secret": _send_html}) as server:
        settings = replace(LOCAL, obey_robots=True)
        assert fetch(server.url("/"), settings, resolver=None).text == HTML
        with pytest.raises(FetchBlocked, match="robots.txt"):
            fetch(server.url("/secret"), settings, resolver=None)
        assert "/secret" not in server.requests


def test_byte_a_second_is_cut_by_the_total_deadline():
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):  # each byte arrives well within the read timeout
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    with serve({"/slow": trickle}) as server:
        with pytest.raises(FetchFailed, match="timed out after 1 s"):  # the deadline, not the 100 s trickle
            fetch(server.url("/slow"), LOCAL, resolver=None)


def _silent(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(5)  # accepts the connection, never answers


def test_a_silent_server_is_retried_while_the_request_has_time_on_the_wire():
    with serve({"/silent": _silent}) as server:
        with pytest.raises(FetchFailed, match=r"no data for 0.2 s \(3 attempts\)"):
            fetch(server.url("/silent"), replace(LOCAL, read_timeout=0.2, total_timeout=5.0, retries=2), resolver=None)
        assert server.requests.count("/silent") == 3


def test_the_tries_of_one_request_share_its_total_time():
    # each try would wait out its 0.5 s read timeout; together they may spend 0.7 s, so the second
    # try is cut short by the request's total and there is no third
    with serve({"/silent": _silent}) as server:
        with pytest.raises(FetchFailed, match=r"timed out after 0.7 s"):
            fetch(server.url("/silent"), replace(LOCAL, read_timeout=0.5, total_timeout=0.7, retries=5), resolver=None)
        assert 1 <= server.requests.count("/silent") <= 2


def test_endless_chunked_body_is_cut_at_the_cap():
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"<p>" + b"a" * 8000 + b"</p>"
        while True:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    with serve({"/endless": endless}) as server:
        with pytest.raises(FetchFailed, match="body larger than 64 KB"):
            fetch(server.url("/endless"), replace(LOCAL, total_timeout=10.0), resolver=None)


def _gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    block = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()


def test_gzip_bomb_is_cut_at_the_cap():
    bomb = _gzip_bomb(64 * 1024 * 1024)  # 64 MB of zeros in about 64 KB
    assert len(bomb) < 100 * 1024

    def send_bomb(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(bomb)))  # small: the header check passes
        handler.end_headers()
        for i in range(0, len(bomb), 4096):
            handler.wfile.write(bomb[i:i + 4096])

    with serve({"/bomb": send_bomb}) as server:
        with pytest.raises(FetchFailed, match="body larger than 64 KB"):
            fetch(server.url("/bomb"), replace(LOCAL, total_timeout=10.0), resolver=None)


def test_huge_content_length_is_refused_before_reading():
    def liar(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(5 * 1024**3))  # 5 GB
        handler.end_headers()
        handler.wfile.write(b"<p>hello</p>" * 10)
        time.sleep(2)  # would trip the 1 s deadline if the client waited for the body

    with serve({"/huge": liar}) as server:
        # refused on the header: had the client waited for the body, the 1 s deadline would fire instead
        with pytest.raises(FetchFailed, match="body larger than 64 KB"):
            fetch(server.url("/huge"), LOCAL, resolver=None)


def test_nothing_listening_is_retried_then_stale():
    with socket.socket() as sock:  # bound, never listening: held for the test, so nobody else takes the port
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sleeps = Sleeps()
        with pytest.raises(FetchFailed, match=rf"127.0.0.1:{port} refused the connection .*3 attempts"):
            fetch(f"http://127.0.0.1:{port}/", replace(LOCAL, retries=2), sleeps=sleeps, resolver=None)
    assert sleeps == [1.0, 2.0]


def test_fetch_outside_async_with_is_a_programming_error():
    async def go() -> Any:
        return await Fetcher(QUIET).fetch(f"{SITE}/")

    with pytest.raises(RuntimeError):
        asyncio.run(go())


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_self_signed_certificate_is_stale_and_not_retried(tmp_path: Path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    with serve({"/": _send_html}, tls=(str(cert), str(key))) as server:
        sleeps = Sleeps()
        with pytest.raises(FetchFailed, match="TLS certificate not accepted") as info:
            fetch(server.url("/"), replace(LOCAL, retries=2), sleeps=sleeps, resolver=None)
        assert info.value.status == "stale"
        assert sleeps == []  # no second attempt, and certainly none without verification
        assert server.requests == []


def _compressed(body: bytes, coding: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route that answers with `body` as it is, declared as compressed with `coding`."""
    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Encoding", coding)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return send


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_compressed_page_is_inflated_whole(coding: str):
    html = ("<html><body>" + "<p>恒远环保工业废水处理</p>" * 2000 + "</body></html>").encode("utf-8")
    packed = gzip.compress(html) if coding == "gzip" else zlib.compress(html)
    with serve({"/": _compressed(packed, coding)}) as server:
        page = fetch(server.url("/"), replace(LOCAL, max_bytes=1024 * 1024), resolver=None)
    assert page.body == html


HALF_PAGE = ("<html><body>" + "<p>恒远环保工业废水处理</p>" * 500 + "</body></html>").encode("utf-8")


@pytest.mark.parametrize("case", ["truncated", "members", "raw-deflate", "trailing-garbage"])
def test_compressed_bodies_as_real_servers_send_them(case: str):
    """A body cut off mid-stream is a failed fetch (never a short page); several gzip members are
    all read; deflate without its zlib wrapper is read; bytes after the last member are ignored."""
    whole = gzip.compress(HALF_PAGE)
    body, coding = {
        "truncated": (whole[: len(whole) // 2], "gzip"),
        "members": (gzip.compress(HALF_PAGE[:3000]) + gzip.compress(HALF_PAGE[3000:]), "gzip"),
        "raw-deflate": (zlib.compress(HALF_PAGE)[2:-4], "deflate"),
        "trailing-garbage": (whole + b"\r\n\r\ngarbage", "gzip"),
    }[case]
    with serve({"/": _compressed(body, coding)}) as server:
        if case == "truncated":
            with pytest.raises(FetchFailed, match="ended early"):
                fetch(server.url("/"), LOCAL, resolver=None)
        else:
            assert fetch(server.url("/"), replace(LOCAL, max_bytes=1024 * 1024), resolver=None).body == HALF_PAGE
