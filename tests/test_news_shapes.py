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


# ---- what an article is about when no customer is named; dates a page keeps elsewhere ----------

def test_without_a_customer_the_summary_adds_the_sentences_that_echo_the_headline():
    body = ("<p>本市一位女士放弃了在银行柜台的工作，转而从事潜水表演，她说这是改变生活的决定。</p>"
            "<p>她每周训练两次，已经可以在水下屏住呼吸两分钟，教练对她评价很高，认为她进步很快。</p>"
            "<p>这位年轻人成为职业美人鱼之后，在节日和生日聚会上表演，每小时收入最高达800元。</p>"
            "<p>天气转凉以后，训练场改在室内泳池，泳池每天下午开放，周末的人比平时多一些。</p>"
            "<p>美人鱼表演在海外已经流行一段时间。</p>")
    s = next(f for f in _parse(_page(body, "女孩辞去柜台工作当美人鱼，每小时收入八百元"), company="")
             if isinstance(f, Article)).summary
    assert s.startswith("本市一位女士") and "职业美人鱼" in s and "每小时收入最高达800元" in s
    assert "泳池" not in s  # echoes nothing of the headline
    assert "流行一段时间" not in s  # one word of the headline (美人鱼) is not enough


def _news_page(head: str, body: str) -> str:
    return f"""<html><head><meta charset="utf-8"><title>恒远环保发布新一代MBR膜组件-某某网</title>{head}</head><body>
<div class="header"><div class="h-title">
恒远环保发布新一代MBR膜组件
</div><span class="h-time"> 2024-05-20 07:57:40</span></div>
<div class="main"><div class="article">{body}</div>
<div class="hot"><ul><li>另一条新闻</li><li>2018-03-02 08:58:39</li></ul></div></div></body></html>"""


def test_the_date_under_a_heading_the_articles_content_leaves_out():
    body = "".join(f"<p>恒远环保第{i}期项目已于今年开工建设，记者从现场了解到，施工进展顺利，预计明年投产。</p>" for i in range(8))
    article = next(f for f in _parse(_news_page("", body)) if isinstance(f, Article))
    assert article.published is not None and article.published.value.startswith("2024-05-20T07:57")


def test_a_byline_day_without_its_year_takes_the_year_of_the_same_day_in_the_metadata():
    body = "".join(f"<p>恒远环保第{i}期项目已于今年开工建设，记者从现场了解到，施工进展顺利，预计明年投产。</p>" for i in range(8))
    html = _page(body).replace("2024年05月20日 10:30　来源：某某日报　作者：王晓明", "发布时间：05-20 10:30")
    dated = html.replace("<head>", '<head><meta itemprop="dateUpdate" content="2024-05-20 10:30:13">')
    article = next(f for f in _parse(dated) if isinstance(f, Article))
    assert article.published.value.startswith("2024-05-20T10:30") and article.published.text == "05-20 10:30"
    crawled = html.replace("<head>", '<head><meta itemprop="dateUpdate" content="2024-12-29 22:34:09">')
    assert next(f for f in _parse(crawled) if isinstance(f, Article)).published is None  # another day: no year lent


def test_a_script_drawn_page_is_dated_by_the_state_it_carries_for_this_article():
    state = ('{"topic":{"newsArray":[{"title":"恒远环保膜组件曝光","publishDate":"2024-05-18T05:51:23.000Z"}],'
             '"publishDate":"2024-05-19T23:31:40.109Z","title":"恒远环保发布新一代MBR膜组件"}}')
    body = "".join(f"<p>恒远环保第{i}期项目已于今年开工建设，记者从现场了解到，施工进展顺利，预计明年投产。</p>" for i in range(8))
    html = _page(body).replace("2024年05月20日 10:30　来源：某某日报　作者：王晓明", "昨天").replace(
        "</body>", f"<script>window.__INITIAL_STATE__ = {state};</script></body>")
    article = next(f for f in _parse(html) if isinstance(f, Article))
    assert article.published.value == "2024-05-20T07:31:40+08:00"  # this article's, in Beijing time; not the related item's


def test_feed_entries_say_what_they_report():
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>某某财经</title>
<item><title>恒远环保发布新一代MBR膜组件</title><link>https://news.example.cn/a/2.html</link>
<description><![CDATA[<p>记者获悉，江苏恒远环保工程有限公司昨天在宜兴发布了新一代MBR膜组件，通量较上一代提升30%。</p>]]></description>
<pubDate>Mon, 20 May 2024 10:30:00 +0800</pubDate></item>
<item><title>清源水务中标宜兴项目</title><link>https://news.example.cn/a/3.html</link>
<description>清源水务中标宜兴城市污水处理厂提标改造项目</description></item>
<item><title>阅读</title><link>https://news.example.cn/a/4.html</link><description>点击阅读全文</description></item>
</channel></rss>"""
    page = Page("https://news.example.cn/rss.xml", feed.encode(), feed, "utf-8", NOW, content_type="application/rss+xml")
    articles = [f for f in NewsAdapter().parse(page, Request(page.url, company=Company("江苏恒远环保工程有限公司"))).facts
                if isinstance(f, Article)]
    assert articles[0].summary.startswith("记者获悉，江苏恒远环保工程有限公司昨天在宜兴发布了")
    assert articles[1].summary == "清源水务中标宜兴城市污水处理厂提标改造项目"  # a digest without a full stop
    assert articles[2].summary == ""  # a prompt to read on says nothing


# ---- acquisitions, a brand opening on another's platform, the projects an article names ----------

def test_an_acquisition_by_the_customer_and_of_the_customer():
    found = [f for f in _events("今年3月，恒远环保以3亿元收购宜兴清源水务有限公司51%股权。") if isinstance(f, Financing)]
    assert [(f.round, f.amount.text, f.investors) for f in found] == [("收购宜兴清源水务有限公司51%股权", "3亿元", ())]
    found = [f for f in _events("恒远环保完成对宜兴清源水务有限公司的收购。") if isinstance(f, Financing)]
    assert [f.round for f in found] == ["收购宜兴清源水务有限公司"]
    found = [f for f in _events("北控水务集团有限公司以5亿元收购恒远环保。") if isinstance(f, Financing)]
    assert [(f.round, f.investors) for f in found] == [("被收购", ("北控水务集团有限公司",))]
    for text in ("恒远环保拟收购宜兴清源水务有限公司。", "恒远环保今年收购小麦10万吨。", "恒远环保曾收购宜兴清源水务有限公司。",
                 "2015年，恒远环保收购宜兴清源水务有限公司。", "北控水务集团有限公司以5亿元收购宜兴清源水务有限公司。",
                 "恒远环保收购宜兴清源水务有限公司的传闻不实。"):
        assert not [f for f in _events(text) if isinstance(f, Financing)], text


def test_a_brand_opening_on_a_platform_is_a_partnership():
    found = [f for f in _events("恒远环保官方旗舰店今天正式入驻京东。") if isinstance(f, Project)]
    assert [(p.name, p.counterparty, p.kind) for p in found] == [("恒远环保官方旗舰店", "京东", "signing")]
    for text in ("恒远环保将正式登陆科创板。", "恒远环保正式登陆科创板。", "清源水务旗舰店正式入驻京东。", "恒远环保计划入驻京东。"):
        assert not [f for f in _events(text) if isinstance(f, Project)], text
    assert [p.counterparty for p in _events("恒远环保与宜兴清源水务有限公司达成合作。") if isinstance(p, Project)] == ["宜兴清源水务有限公司"]


def test_projects_an_article_names_as_the_customers():
    text = ("近日，恒远环保公布了中期业绩报告。涉事项目的名称为宜兴“恒远环保滨湖花园”，合同约定以精装房交付。"
            "据业主介绍，宜兴恒远环保滨湖花园项目还存在质量问题。恒远环保在江苏无锡的云栖项目也出现了问题。"
            "此外，南京恒远环保春江苑项目遭遇业主维权。恒远环保方面表示将整改，恒远环保多地项目均有投诉。恒远环保董事长表示会解决。")
    names = [p.name for p in _events(text) if isinstance(p, Project)]
    assert names == ["恒远环保滨湖花园", "云栖项目", "南京恒远环保春江苑项目"]
    other = "清源水务公布了业绩。清源水务董事长表示，南京恒远环保春江苑项目的业主已到清源水务维权。清源水务方面回应了。"
    assert not [p for p in _events(other) if isinstance(p, Project)]  # an article about another company


# ---- rumours, approvals, steps toward a listing, places, concepts and recaps are not events ------

def _kinds(text: str, kind: type, **kw):
    return [f for f in _events(text, **kw) if isinstance(f, kind)]


def test_a_rumoured_or_merely_approved_acquisition_is_not_one():
    for text in ("据传恒远环保将以2亿元收购无锡碧源环境有限公司。", "有消息人士称，恒远环保收购无锡碧源环境有限公司控股权。",
                 "恒远环保收购无锡碧源环境有限公司60%股权的议案获董事会审议通过。", "恒远环保收购无锡碧源环境有限公司一事尚需国资委批准。"):
        assert not _kinds(text, Financing), text
    assert [f.round for f in _kinds("恒远环保以2亿元收购无锡碧源环境有限公司60%股权。", Financing)] == ["收购无锡碧源环境有限公司60%股权"]


def test_an_investment_an_insider_tells_of_is_a_rumour():
    for text in ("接近交易的人士透露，高瓴资本入股恒远环保。", "网传红杉中国战略投资恒远环保。"):
        assert not _kinds(text, Financing), text
    assert [f.investors for f in _kinds("高瓴资本入股恒远环保。", Financing)] == [("高瓴资本",)]


def test_a_step_toward_a_listing_is_not_a_listing():
    for text in ("恒远环保昨日顺利通过深交所上市委审核，创业板上市迈出关键一步。", "恒远环保北交所上市申请获受理。",
                 "恒远环保再度闯关上交所上市。", "恒远环保科创板上市注册生效。"):
        assert not _kinds(text, Financing), text
    assert [f.round for f in _kinds("恒远环保今日在深交所创业板挂牌上市。", Financing)] == ["深交所创业板挂牌上市"]


def test_moving_into_a_park_a_city_or_onto_a_channel_is_no_partnership():
    for text in ("恒远环保研发中心正式入驻宜兴环保科技工业园。", "恒远环保西南区域公司正式进驻成都。", "恒远环保品牌广告正式登陆湖南卫视。"):
        assert not _kinds(text, Project), text
    assert [p.counterparty for p in _kinds("恒远环保官方旗舰店正式入驻拼多多。", Project)] == ["拼多多"]


def test_a_buyer_read_from_a_projects_name_is_a_whole_body():
    for text, buyer in (("恒远环保成功中标智慧城市大脑运营服务项目，中标金额860万元。", None),
                        ("恒远环保成功中标江苏省数字政府协同办公系统项目，中标金额560万元。", None),
                        ("恒远环保成功中标苏州大学附属儿童医院污水站扩容工程，中标金额260万元。", None),
                        ("恒远环保成功中标宜兴市人民医院污水站扩容工程，中标金额260万元。", "宜兴市人民医院")):
        assert [p.buyer for p in _kinds(text, Project)] == [buyer], text


def test_a_supplier_chosen_long_ago_is_a_recap():
    for text in ("早在2019年，恒远环保就被确定为宜兴市第二污水处理厂扩建工程的设备供应商。",
                 "此前恒远环保已被选定为宜兴市第二污水处理厂扩建工程的膜系统供应商。", "恒远环保曾中标宜兴市第二污水处理厂扩建工程。"):
        assert not _kinds(text, Project), text
    assert _kinds("恒远环保被确定为宜兴市第二污水处理厂扩建工程的膜系统供应商。", Project)


def test_what_a_developer_does_to_projects_is_no_projects_name():
    kw = dict(company="龙湖集团控股有限公司")
    text = "龙湖集团发布年报。年内龙湖剥离成都项目，龙湖交付项目超过百个，龙湖延期项目集中在华东。南京龙湖春江紫宸项目已开盘。"
    names = [p.name for p in read_events(ArticleText(text, DateValue("2024-05-20", "2024-05-20"), SOURCE, False, "龙湖集团年报"),
                                         customer_names(Company(kw["company"], ("龙湖集团", "龙湖")))) if isinstance(p, Project)]
    assert names == ["龙湖春江紫宸项目"]


def test_an_unnamed_company_in_a_repost_on_the_customers_site_is_the_other_company():
    names = customer_names(Company("江苏恒远环保工程有限公司", ("恒远环保",)))
    own = lambda text: read_events(ArticleText(text, DateValue("2024-05-20", "2024-05-20"), SOURCE, True, "行业资讯"), names)  # noqa: E731
    repost = ("据媒体报道，碧源环境（300999）近日公告称，公司已完成对某某膜材料有限公司的收购。\n"
              "公司总经理孙立新表示，此次收购完善了公司产业链。\n公司同日中标无锡市锡山区污水管网改造工程，中标金额2300万元。")
    assert not own(repost)
    paragraph = "无锡碧源环境有限公司中标宜兴市农村污水治理工程。公司总经理孙立新表示将按期完工。"
    assert not own(paragraph)
    mine = "公司成功中标宜兴市农村污水治理工程，中标金额1200万元。\n公司总经理李明表示将按期完工。"
    found = own(mine)
    assert [type(f).__name__ for f in found] == ["Project", "Executive"]
    visited = "碧源环境董事长一行莅临公司参观交流。公司总经理李明陪同参观。"
    assert [f.name for f in own(visited) if isinstance(f, Executive)] == ["李明"]


# ---- people as the page writes them: heads of other bodies, foreign names, posts being left -----

def _people(text: str, company: str) -> dict[str, str]:
    names = customer_names(Company(company))
    found = read_events(ArticleText(text, DateValue("2024-05-20", "2024-05-20"), SOURCE, False, ""), names)
    return {e.name: e.title for e in found if isinstance(e, Executive)}


def test_the_head_of_a_foundation_or_an_association_keeps_the_title_written():
    assert _people("宜兴环保产业基金会执行主席王建国认为，行业整合还会继续。", "宜兴环保产业基金会") == {"王建国": "执行主席"}
    assert _people("江苏膜产业协会会长李明表示，标准将在年内出台。", "江苏膜产业协会") == {"李明": "会长"}
    # a name holding quotes is one name: 「某某“一带一路”研究中心」 is not cut at its quotes
    assert _people("苏南“长三角”环保研究中心副主任赵丽指出，排放标准还会收紧。", "苏南“长三角”环保研究中心") == {"赵丽": "副主任"}


def test_a_post_elsewhere_listed_after_the_customers_is_not_the_customers():
    text = "江苏膜产业协会会长、宜兴清源水务董事长周大勇出席了会议。"
    assert _people(text, "江苏膜产业协会") == {}  # 董事长 of 清源水务, not of the association
    assert _people("江苏膜产业协会会长、秘书长周大勇出席了会议。", "江苏膜产业协会") == {"周大勇": "会长、秘书长"}


def test_foreign_names_are_read_whole():
    people = _people("恒远环保欧洲区总经理马克·施密特表示，订单已排到明年。恒远环保首席执行官 Anna Keller 说，欧洲市场增长最快。"
                     "恒远环保技术总监卡尔森认为，膜寿命还能再延长。", "恒远环保")
    assert people == {"马克·施密特": "恒远环保欧洲区总经理", "Anna Keller": "首席执行官", "卡尔森": "技术总监"}
    assert "马克" not in people  # never the first part alone
    # 「董事」会主席: a title cut short is no name
    assert _people("恒远环保董事会主席汉斯·穆勒出席。", "恒远环保") == {"汉斯·穆勒": "董事会主席"}
    # one Latin word is a name before a stop or a verb of saying, never a product's or a team's
    assert _people("负责膜设计的是恒远环保设计总监 Flora。", "恒远环保") == {"Flora": "恒远环保设计总监"}
    assert _people("恒远环保首席技术官 Android 团队负责人出席。", "恒远环保") == {}


def test_a_person_leaving_the_post_is_not_the_customers_officer():
    for text in ("恒远环保总裁刘军已卸任，由副总裁接任。", "恒远环保首席执行官马克·施密特将离职。", "恒远环保总经理李明辞职。"):
        assert _people(text, "恒远环保") == {}, text
    assert _people("笔者曾跟恒远环保的创始人张建华聊过这个话题。", "恒远环保") == {"张建华": "创始人"}


# ---- recaps, hypotheticals and time clauses are not the news ---------------------------------------

def test_a_look_back_or_what_a_company_could_win_is_no_win():
    for text in ("回顾2015到2020年，恒远环保拿下了宜兴市第二污水处理厂扩建工程，堪称经典。",
                 "恒远环保能够拿下宜兴市第二污水处理厂扩建工程，靠的是技术。",
                 "恒远环保拿下一个市场份额接近两成的厂商给自己做配套系统。"):
        assert not _kinds(text, Project), text
    assert _kinds("恒远环保拿下宜兴市第二污水处理厂扩建工程，中标金额1.2亿元。", Project)


def test_a_deal_recalled_to_date_what_followed_is_no_deal():
    assert not _kinds("恒远环保收购宜兴清源水务有限公司之后，业绩一直不理想。", Financing)
    assert not [p for p in _kinds("如今，恒远环保砍掉膜组件项目只是时间问题了。", Project)]


def test_a_solution_is_not_a_plan():
    found = _kinds("36氪获悉，环保行业一站式解决方案提供商恒远环保宣布，公司完成5000万元A轮融资，红杉中国领投，高瓴资本跟投。", Financing)
    assert [(f.round, f.amount.text, f.investors) for f in found] == [("A轮", "5000万元", ("红杉中国", "高瓴资本"))]
    assert not _kinds("恒远环保公布了A轮融资方案，拟融资5000万元。", Financing)


# ---- what the article says: its figures, its news first, its conclusion, never its history -------

def _summary(text: str, title: str, company: str = "江苏恒远环保工程有限公司", year: int | None = 2024, own: bool = False) -> str:
    names = customer_names(Company(company, ("恒远环保",))) if company else []
    return article_summary(text, title, names, year=year, own=own)


def test_the_summary_keeps_what_goes_on_about_the_customer_and_figures_in_chinese_numerals():
    text = ("业内有不少声音在讨论膜行业的价格战，这一话题今年被反复提起，各家看法不一，尚无定论。\n"
            "恒远环保每次发布新品都很高调，这次也不例外，发布会请来了众多嘉宾？\n"
            "今年主推两组数据，一个是单日出货突破1500万支，一个是全年共销售416万套设备。\n"
            "行业人士认为，价格战还会持续，但各家的利润空间已经不大了，这是不争的事实。\n"
            "恒远环保甄选出全国排名前十的水务集团作为首批客户，邀请其参与试用。")
    s = _summary(text, "恒远环保为何不公布销售额？")
    assert "单日出货突破1500万支" in s and "共销售416万套设备" in s  # goes on about the customer, with figures
    assert "排名前十的水务集团" in s  # a figure written in Chinese numerals


def test_the_summary_leaves_out_history_and_a_sentence_of_another_companys_news():
    text = ("业内对膜行业的整合讨论已久，多家企业在过去一年里调整了组织架构，以应对原材料价格的上涨和下游需求的变化，"
            "而水务集团的集中采购也让价格竞争更加激烈，行业利润率普遍下滑。\n"
            "日前，恒远环保宣布董事会换届，新组建的膜事业部将由副总裁王芳负责，研发与生产归入一个部门。\n"
            "2011年2月，恒远环保与宜兴清源水务有限公司达成战略合作，合同金额3000万元。\n"
            "相比恒远环保，碧源环境发布了新一代曝气设备。作为全新的量产设备，售价约为每套120万元。")
    s = _summary(text, "恒远环保董事会换届", year=2015)
    assert "新组建的膜事业部" in s
    assert "2011年2月" not in s  # dated years before the article: history
    assert "120万元" not in s  # goes on about another company, not the customer


def test_the_summary_adds_the_conclusion_of_an_article_about_no_customer():
    text = ("动静分离，是一种常见的架构设计方法，适合访问量大的站点，也适合页面变化不多的业务。\n"
            "一、静态页面\n静态页面，是指几乎不变的页面，例如：\n首页\n二、总结\n"
            "页面静态化是一种提前生成站点的优化技术。\n总数据量不大的业务，非常适合页面静态化。")
    s = _summary(text, "一分钟了解动静分离", company="")
    assert s.startswith("动静分离，是一种常见的架构设计方法")
    assert "例如：" not in s  # a list's opening line, its list not shown
    assert "页面静态化是一种提前生成站点的优化技术。" in s and "总数据量不大的业务" in s


def test_a_breadcrumb_column_is_never_the_author():
    for crumb in ("首页 > 文史天地 > 正文", "当前位置：首页 > 文明创建", "首页 | 文章中心 | 文艺评论"):
        html = _page(BODY).replace("2024年05月20日 10:30　来源：某某日报　作者：王晓明", f"{crumb}</div><div>2024年05月20日 10:30")
        assert next(f for f in _parse(html) if isinstance(f, Article)).author is None, crumb
    for byline, author in (("文/周楠", "周楠"), ("文丨周楠", "周楠"), ("（文 周楠）", "周楠")):
        html = _page(BODY).replace("作者：王晓明", byline)
        assert next(f for f in _parse(html) if isinstance(f, Article)).author == author, byline


# ---- the short name an article declares, a purchase told after its subject, a kind of company ------

def test_the_short_name_an_article_declares_is_the_customers():
    text = ("江苏恒远环保工程有限公司（以下简称“恒清”）与宜兴水务集团有限公司签署战略合作协议。"
            "恒清总经理李明表示，首批膜组件将于年内交付。")
    assert _people(text, "江苏恒远环保工程有限公司") == {"李明": "总经理"}
    role = "江苏恒远环保工程有限公司（以下简称“公司”）今日公告。清源水务总经理赵大勇表示将参与竞标。"
    assert _people(role, "江苏恒远环保工程有限公司") == {}  # a role is no name: 公司 stays as it was


def test_a_purchase_told_in_the_clause_after_its_subject():
    found = _kinds("恒远环保日前斥资3亿元，收购宜兴清源水务有限公司。", Financing)
    assert [(f.round, f.amount.text) for f in found] == [("收购宜兴清源水务有限公司", "3亿元")]
    for text in ("清源水务日前斥资3亿元，收购宜兴碧水环境有限公司。",
                 "恒远环保表示，清源水务斥资3亿元，收购宜兴碧水环境有限公司。",  # another's purchase, its subject unnamed as a company
                 "恒远环保的最新举动是收购环保企业。"):  # a kind of company, none named
        assert not _kinds(text, Financing), text


def test_a_headline_echo_from_years_before_is_left_out_of_the_summary():
    text = ("宜兴膜产业园今天迎来第一批入驻企业，园区负责人介绍，今年计划引进二十家上下游企业，形成完整的膜材料产业链。\n"
            "园区位于宜兴环科园南侧，占地三百亩，一期厂房已经建成，二期将于明年开工。\n"
            "2009年，宜兴曾建设过一个膜产业园，后来因为招商不力而转型为物流园。")
    s = _summary(text, "宜兴膜产业园迎来首批企业", company="", year=2024)
    assert s.startswith("宜兴膜产业园今天迎来") and "2009年" not in s
