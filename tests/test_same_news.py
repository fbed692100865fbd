"""One piece of news, reported by the customer's website, its WeChat account and a news feed, is
one article and one event with all three sources: in the dossier, the brief's timeline and 近期动态,
and `refresh`'s changes. Built end to end from the demo website (served on 127.0.0.1), a saved
WeChat article and a saved news feed (fixtures/events/, written for this test).
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.demo import serve_site
from briefing.models import Article, Company, DateValue, Project, Provenance
from briefing.gathering.merge import merge_facts
from briefing.rendering.compose import compose
from briefing.rendering.document import Table, Timeline
from briefing.models import Dossier
from briefing.toolkit.sameness import same_counterparty, same_headline
from sites import SITES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EVENTS = FIXTURES / "events"
runner = CliRunner()
CUSTOMER = ("江苏恒远环保工程有限公司", "恒远环保")
AGREEMENT = "润泽水务"  # the strategic agreement all three sources report


@pytest.fixture()
def three_sources(tmp_path):
    """An account whose website, WeChat article and news feed all report the Runze agreement."""
    for name in ("wechat-runze-signing.html", "news-feed.xml"):
        shutil.copy(EVENTS / name, tmp_path / name)
    shutil.copy(FIXTURES / "demo" / "wechat-article.html", tmp_path / "wechat-older.html")
    with serve_site(SITES / "demo") as base:
        path = tmp_path / "acme.toml"
        path.write_text(f'name = "{CUSTOMER[0]}"\naliases = ["{CUSTOMER[1]}"]\n[sources]\nsite = "{base}"\n'
                        'wechat = "wechat-runze-signing.html"\nnews = "news-feed.xml"\n', "utf-8")
        yield path


def build(path: Path, out: Path) -> dict:
    result = runner.invoke(app, ["build", str(path), "-o", str(out / "b.pdf"), "--json", str(out / "b.json"), "--allow-private", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads((out / "b.json").read_text("utf-8"))


def test_three_reports_of_one_agreement_are_one_article_with_three_sources(three_sources, tmp_path):
    dossier = build(three_sources, tmp_path)
    about = [a for a in dossier["articles"] if AGREEMENT in a["title"] and "清源" not in a["title"]]
    assert len(about) == 1, [a["title"] for a in about]
    adapters = {about[0]["source"]["adapter"], *(s["adapter"] for s in about[0]["also"])}
    assert adapters == {"site", "wechat", "news"}
    # another company's agreement with the same partner, the same day, stays its own news
    assert any("清源" in a["title"] for a in dossier["articles"])
    signings = [p for p in dossier["projects"] if p["kind"] == "signing" and AGREEMENT in (p["counterparty"] or "")]
    assert len(signings) == 1 and signings[0]["also"], signings

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "b.pdf").pages)
    # 近期动态 lists the agreement once, under the headline the lead report gave
    assert text.count(about[0]["title"]) >= 1
    others = {"公司与江苏润泽水务投资集团签署战略合作框架协议", "恒远环保与润泽水务集团签署战略合作框架协议",
              "恒远环保与江苏润泽水务投资集团签署战略合作框架协议"} - {about[0]["title"]}
    assert not any(title in text.replace("\n", "") for title in others)


def test_the_brief_cites_every_source_of_the_one_row(three_sources, tmp_path):
    build(three_sources, tmp_path)
    data = json.loads((tmp_path / "b.json").read_text("utf-8"))
    article = next(a for a in data["articles"] if AGREEMENT in a["title"] and "清源" not in a["title"])
    facts = tuple(_article(a) for a in data["articles"])
    document = compose(Dossier(Company(*CUSTOMER[:1], aliases=CUSTOMER[1:]), datetime.now(timezone.utc), facts))
    news = next(s for s in document.sections if s.key == "news")
    table = next(b for b in news.blocks if isinstance(b, Table))
    rows = [row for row in table.rows if any(article["title"] in getattr(piece, "text", "") for piece in row[1])]
    assert len(rows) == 1 and len(rows[0][-1]) == 3  # one row, three citations
    timeline = [b for s in document.sections for b in s.blocks if isinstance(b, Timeline)]
    moments = [m for t in timeline for m in t.moments if AGREEMENT in m.label and "清源" not in m.label]
    assert len(moments) == 1 and len(moments[0].cites) == 3


def test_refresh_reports_news_from_three_sources_once(three_sources, tmp_path):
    store = str(tmp_path / "s.sqlite3")
    account = three_sources.read_text("utf-8")
    # the first brief knew only an older WeChat article
    three_sources.write_text(account.split("[sources]")[0] + '[sources]\nwechat = "wechat-older.html"\n', "utf-8")
    first = runner.invoke(app, ["refresh", str(three_sources), "-o", str(tmp_path / "b.pdf"), "--store", store, "--json", "--allow-private"])
    assert first.exit_code == 0, first.output
    three_sources.write_text(account, "utf-8")
    second = runner.invoke(app, ["refresh", str(three_sources), "-o", str(tmp_path / "b.pdf"), "--store", store, "--json", "--allow-private"])
    assert second.exit_code == 0, second.output
    changes = [c["text"] for c in json.loads(second.stdout)["changes"]]
    about = [c for c in changes if AGREEMENT in c and "清源" not in c]
    assert len(about) == 1, changes
    # the 江南大学 signing was known from the older article; the feed's report of it is no change
    assert not any("江南大学" in c and "签约" in c for c in changes), changes


def _article(item: dict) -> Article:
    def provenance(s: dict) -> Provenance:
        return Provenance(s["adapter"], s["url"], datetime.fromisoformat(s["fetched_at"]), s["content_hash"])

    published = DateValue(item["published"]["value"], item["published"]["text"]) if item["published"] else None
    return Article(item["title"], item["url"], provenance(item["source"]), published=published,
                   also=tuple(provenance(s) for s in item["also"]))


def _report(adapter: str, url: str) -> Provenance:
    return Provenance(adapter, url, datetime(2024, 4, 11, tzinfo=timezone.utc), "0" * 16)


def test_merging_keeps_different_news_apart():
    names = ["江苏恒远环保工程有限公司", "恒远环保"]
    day = DateValue("2024-04-10", "2024-04-10")
    facts = [
        Article("恒远环保与华为签署战略合作协议", "https://a/1", _report("site", "https://a/1"), published=day),
        Article("恒远环保与腾讯签署战略合作协议", "https://b/1", _report("news", "https://b/feed"), published=day),
        Article("恒远环保中标宜兴污水厂二期工程", "https://a/2", _report("site", "https://a/2"), published=day),
        Article("恒远环保中标宜兴污水厂一期工程", "https://b/2", _report("news", "https://b/feed"), published=day),
        Article("恒远环保与华为签署战略合作协议", "https://c/1", _report("wechat", "https://c/1"),
                published=DateValue("2024-06-10", "2024-06-10")),  # the same words two months on: other news
    ]
    merged = merge_facts(facts, Company(*names[:1], aliases=tuple(names[1:])))
    assert len(merged) == 5 and not any(f.also for f in merged if isinstance(f, Article))


def test_one_signing_read_from_three_sources_is_one_event():
    company = Company("江苏恒远环保工程有限公司", ("恒远环保",))
    facts = [
        Project("与江苏润泽水务投资集团有限公司签约", _report("site", "https://a/1"), kind="signing",
                counterparty="江苏润泽水务投资集团有限公司", date=DateValue("2024-04-09", "4月9日")),
        Project("与润泽水务集团签约", _report("wechat", "https://c/1"), kind="signing", counterparty="润泽水务集团",
                date=DateValue("2024-04-09", "4月9日")),
        Project("与江苏润泽水务投资集团签约", _report("news", "https://b/feed"), kind="signing",
                counterparty="江苏润泽水务投资集团", date=DateValue("2024-04-10", "4月10日")),
        Project("与华为签约", _report("news", "https://b/feed"), kind="signing", counterparty="华为",
                date=DateValue("2024-04-10", "4月10日")),
    ]
    merged = [f for f in merge_facts(facts, company) if isinstance(f, Project)]
    assert len(merged) == 2
    assert {p.adapter for p in (merged[0].source, *merged[0].also)} == {"site", "wechat", "news"}


@pytest.mark.parametrize("a, b, same", [
    ("公司与江苏润泽水务投资集团签署战略合作框架协议", "恒远环保与润泽水务集团签署战略合作框架协议", True),
    ("喜报｜热烈祝贺我司与润泽水务集团签署战略合作框架协议", "恒远环保与江苏润泽水务投资集团签署战略合作框架协议", True),
    ("重磅！恒远环保和润泽水务集团签订战略合作框架协议", "恒远环保与润泽水务集团签署战略合作框架协议", True),
    ("恒远环保与华为签署战略合作协议", "恒远环保与腾讯签署战略合作协议", False),
    ("润泽水务集团与苏州清源环境签署战略合作框架协议", "恒远环保与润泽水务集团签署战略合作框架协议", False),
    ("恒远环保中标宜兴污水厂工程", "恒远环保中标宜兴污水厂工程监理", False),
    ("恒远环保2023年营收增长12%", "恒远环保2024年营收增长12%", False),
])
def test_same_headline(a, b, same):
    assert same_headline(a, b, ["江苏恒远环保工程有限公司", "恒远环保"]) is same


def test_same_counterparty():
    assert same_counterparty("江苏润泽水务投资集团有限公司", "润泽水务集团")
    assert not same_counterparty("华为", "华为云")
    assert not same_counterparty("润泽水务", None)
