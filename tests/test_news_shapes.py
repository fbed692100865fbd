"""News pages in the shapes real outlets give them, each family in a page written here.

What the article says (a summary: the lede and the customer's news, capped, whole sentences),
the customer's people with their titles as written, events worded differently (a listing, a
strategic investment, a supplier chosen for a project), and dates and bylines in older layouts.
A wrong fact is worse than a missing one: each family has its trap beside it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from briefing.models import Article, Company, DateValue, Executive, Financing, Page, Project, Provenance
from briefing.toolkit.adapter import Request
from briefing.toolkit.article_events import ArticleText, article_summary, read_events
from briefing.toolkit.names import customer_names
from sources.news.adapter import NewsAdapter

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)
SOURCE = Provenance("news", "https://news.example.cn/a/1.html", NOW, "sha256:0")


def _page(body: str, title: str = "恒远环保发布新一代MBR膜组件") -> str:
    return f"""<html><head><meta charset="utf-8"><title>{title}_某某财经</title></head><body>
<div class="nav">首页 - 新闻 - 财经 - 科技</div>
<h1>{title}</h1>
<div class="info">2024年05月20日 10:30　来源：某某日报　作者：王晓明</div>
<div class="article">{body}</div>
<div class="related"><h3>相关阅读</h3><ul><li>清源水务董事长赵大勇：水务行业的下一个十年</li></ul></div>
<div class="footer">Copyright © 2004-2024 某某财经 版权所有</div>
</body></html>"""


def _parse(html: str, company: str = "江苏恒远环保工程有限公司"):
    page = Page("https://news.example.cn/a/1.html", html.encode(), html, "utf-8", NOW)
    parsed = NewsAdapter().parse(page, Request(page.url, company=Company(company, ("恒远环保",)) if company else None))
    return parsed.facts


def _events(text: str, company: str = "江苏恒远环保工程有限公司", published: str = "2024-05-20"):
    names = customer_names(Company(company, ("恒远环保",)))
    return read_events(ArticleText(text, DateValue(published, published), SOURCE, False, ""), names)


BODY = """<p>记者获悉，江苏恒远环保工程有限公司昨天在宜兴发布了新一代MBR膜组件，通量较上一代提升30%。</p>
<p>恒远环保总经理李明表示，新产品已在宜兴城市污水处理厂试用半年。</p>
<p>行业里如何看待这件事？业内人士认为，国产膜组件的价格优势明显，替代进口只是时间问题，但关键在于长期运行的稳定性能否经得起检验，这需要更多项目来验证。</p>
<p>今年一季度，恒远环保实现营业收入2.3亿元，同比增长18%。</p>
<p>此外，清源水务也于上月发布了新的曝气设备，售价约为每套120万元。</p>
<p>责任编辑：张三</p>"""


def test_summary_is_the_lede_and_the_customers_news_in_whole_sentences():
    article = next(f for f in _parse(_page(BODY)) if isinstance(f, Article))
    s = article.summary
    assert s.startswith("记者获悉，江苏恒远环保工程有限公司昨天在宜兴发布了新一代MBR膜组件")
    assert "营业收入2.3亿元" in s  # the customer's figures
    assert "清源水务" not in s  # another company's news
    assert "如何看待" not in s  # a question carries no news
    assert "责任编辑" not in s and "版权所有" not in s and "相关阅读" not in s and "赵大勇" not in s
    assert len(s) <= 400 and s.endswith("。")


def test_summary_is_capped_and_never_cuts_a_sentence():
    long_body = "".join(f"<p>恒远环保第{i}期项目投资{i}亿元，已于今年开工建设，预计明年投产运行。</p>" for i in range(1, 40))
    s = next(f for f in _parse(_page(long_body)) if isinstance(f, Article)).summary
    assert 0 < len(s) <= 400
    assert s.endswith("。") and "第39期" not in s


def test_summary_without_a_customer_is_the_lede_alone():
    s = next(f for f in _parse(_page(BODY), company="") if isinstance(f, Article)).summary
    assert s.startswith("记者获悉") and "营业收入" not in s


def test_a_page_laid_out_in_tables_keeps_its_prose_and_not_its_menu():
    html = _page("<table><tr><td>首页 | 新闻 | 人物专访</td></tr><tr><td>2005年08月16日 来源：新华网</td></tr>"
                 "<tr><td>恒远环保今年签下了宜兴城市污水处理厂提标改造项目，合同金额1.2亿元，项目将于年底完工。</td></tr></table>")
    s = next(f for f in _parse(html) if isinstance(f, Article)).summary
    assert s.startswith("恒远环保今年签下了") and "首页" not in s and "来源" not in s


def test_people_keep_their_titles_as_written():
    people = {e.name: e.title for e in _events(
        "恒远环保水务事业部总监周静说，新工艺已经定型。恒远环保董事长张建华出席。"
        "江苏恒远环保工程有限公司首席技术官兼恒远研究院院长吴海燕发布了新产品。"
        "恒远环保院士王立群表示，膜材料还有潜力。") if isinstance(e, Executive)}
    assert people["周静"] == "恒远环保水务事业部总监"  # a unit's title keeps the unit
    assert people["张建华"] == "董事长"  # the company's own post is the post alone
    assert people["吴海燕"] == "江苏恒远环保工程有限公司首席技术官兼恒远研究院院长"
    assert people["王立群"] == "恒远环保院士"  # an honour the company gives


def test_an_honour_given_elsewhere_is_not_the_customers():
    people = [e.name for e in _events("恒远环保邀请中国工程院院士钱易出席，并与清源水务总监赵大勇交流。") if isinstance(e, Executive)]
    assert "钱易" not in people and "赵大勇" not in people


def test_one_title_two_people_and_the_post_held_now():
    people = {e.name: e.title for e in _events(
        "恒远环保：25日获公司总裁助理李泉、贾明怡增持。"
        "王国强同志现任江苏恒远环保工程有限公司党委书记、董事长兼总经理，曾任宜兴市环科园管委会主任。") if isinstance(e, Executive)}
    assert people == {"李泉": "总裁助理", "贾明怡": "总裁助理", "王国强": "党委书记、董事长兼总经理"}


def test_a_listing_is_an_event_but_a_plan_or_a_recap_is_not():
    found = [f for f in _events("5月20日，恒远环保正式在港交所主板挂牌上市。") if isinstance(f, Financing)]
    assert [f.round for f in found] == ["港交所主板挂牌上市"]
    for text in ("恒远环保计划明年在港交所上市。", "十年前，恒远环保在深交所创业板上市，此后一路扩张。",
                 "恒远环保2015年在深交所创业板上市。", "清源水务今天在港交所主板挂牌上市。"):
        assert not [f for f in _events(text) if isinstance(f, Financing)], text


def test_a_strategic_investment_worded_either_way():
    for text in ("宜兴环科产业基金战略投资恒远环保，金额为5亿元。", "恒远环保获得宜兴环科产业基金的5亿元战略投资。"):
        found = [f for f in _events(text) if isinstance(f, Financing)]
        assert [(f.round, f.investors, f.amount.text if f.amount else None) for f in found] == [
            ("战略投资", ("宜兴环科产业基金",), "5亿元")], text
    for text in ("恒远环保拟引入宜兴环科产业基金战略投资。", "如果清源水务入股恒远环保，会怎样？",
                 "恒远环保入股宜兴清源水务有限公司。"):
        assert not [f for f in _events(text) if isinstance(f, Financing)], text


def test_a_supplier_chosen_for_a_project_is_a_win_and_its_buyer_is_kept_apart():
    found = [f for f in _events("恒远环保：确定为宜兴水务公司两座污水厂提标项目的膜组件供应商，中标价7亿元。") if isinstance(f, Project)]
    assert [(p.name, p.buyer, p.amount.text) for p in found] == [("两座污水厂提标项目", "宜兴水务公司", "7亿元")]
    assert not [f for f in _events("恒远环保被确定为宜兴水务公司两座污水厂提标项目的第一中标候选人。") if isinstance(f, Project)]


def test_older_datelines_and_a_source_label_that_is_no_author():
    html = _page(BODY).replace("2024年05月20日 10:30　来源：某某日报　作者：王晓明", "2005年05月13日14:15　本文来源：证券市场红周刊")
    article = next(f for f in _parse(html) if isinstance(f, Article))
    assert article.published is not None and article.published.value.startswith("2005-05-13")
    assert article.author is None
