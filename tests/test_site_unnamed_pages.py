"""Pages that nothing names (their title, headings, breadcrumb and address say nothing of their
kind), read for what they show; and the front page named only by its <title> (「首页_某某」).
Each page is written here for its family."""

from __future__ import annotations

from datetime import datetime, timezone

from briefing.models import Company, Financing, Overview, Page, Project
from briefing.toolkit.adapter import Request
from sources.site.adapter import SiteAdapter, classify
from briefing.toolkit.html import content_of, drop_noise, soup_of

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def parse(html: str, company: str | None = None, url: str = "file:///saved/page.html"):
    page = Page(url, html.encode(), html, "utf-8", NOW)
    return SiteAdapter().parse(page, Request(url, "", 0, company=Company(company) if company else None)).facts


def kind(html: str) -> str:
    soup = drop_noise(soup_of(html))
    return classify(soup, content_of(soup), "file:///saved/page.html")


CAMPAIGN = """<html><head><title>云帆金服B轮融资 获上市游戏集团星河互动3000万美元投资 - 云帆金服</title></head><body>
<div class="banner"><img src="b1.jpg"><img src="b2.jpg"></div>
<div class="text2"><p>5月20日，上市集团“星河互动”发布公告称，已通过全资子公司投资互联网金融平台云帆金服3000万美元。</p></div>
<div class="intro"><p>云帆金服是一家互联网金融平台，由杭州云帆信息服务有限公司运营，注册资本1亿元，于2014年3月正式上线，总部位于杭州。</p>
<p>云帆金服为浙江省网贷行业协会会员单位，核心团队来自多家知名互联网企业及金融机构，在风险控制方面具备优势。</p></div>
</body></html>"""


def test_a_campaign_page_gives_the_round_its_headline_tells_and_its_prose_as_the_overview():
    assert kind(CAMPAIGN) == ""
    facts = parse(CAMPAIGN, company="云帆金服")
    (round_,) = [f for f in facts if isinstance(f, Financing)]
    assert (round_.round, round_.amount.text, round_.investors) == ("B轮", "3000万美元", ("星河互动",))
    (overview,) = [f for f in facts if isinstance(f, Overview)]
    assert "2014年3月正式上线" in overview.text


def test_without_the_customers_name_a_campaign_page_gives_its_overview_and_no_events():
    facts = parse(CAMPAIGN)
    assert not [f for f in facts if isinstance(f, (Financing, Project))]
    assert [f for f in facts if isinstance(f, Overview)]


def test_a_letter_under_a_company_overview_heading_in_an_h4_is_the_about_page():
    html = """<html><head><title>某某医疗-与您合作</title></head><body><h3>与您合作</h3>
    <span class="position">您现在的位置是：与您合作 &gt;&gt; 合作战略</span>
    <h4>公司概述</h4><div class="maintext"><p>感谢您对某某医疗公司的关注，三十多年来，我们从未停止过临床检验设备研发的步伐，始终把握医学检验领先技术。</p>
    <p>我们立志于成为中国一流的医学诊断产品制造商、供应商和服务商。</p></div></body></html>"""
    assert kind(html) == "about"
    (overview,) = [f for f in parse(html) if isinstance(f, Overview)]
    assert "医学诊断产品制造商" in overview.text


def test_a_page_nothing_names_and_no_prose_about_a_company_gives_nothing():
    html = """<html><head><title>请登录</title></head><body><form><p>用户名</p><input name=u><p>密码</p><input name=p></form>
    <p>忘记密码请联系管理员重新设置，或者使用手机号码找回您的账号信息，再次登录即可继续使用。</p></body></html>"""
    assert parse(html) == ()


def test_a_front_page_named_by_its_title_gives_its_description_first_without_teaser_links():
    html = """<html><head><title>首页_某某软件</title>
    <meta name="description" content="无锡某某软件科技有限公司，致力于网站运营，及高档营销展示型网站开发，并具有较多的项目开发经验"></head>
    <body><div class="box"><h3>最新动态</h3><p>目前公司正在提供语音/照片/视频领域的移动互联网解决方案</p><a href="#">查看全文</a></div>
    <div class="box"><h3>技术驱动</h3><p>公司拥有资深架构师，公司80%的人员都是技术人才，我们是一家专注于技术的公司</p><a href="#">查看全文</a></div>
    </body></html>"""
    assert kind(html) == "home"
    overviews = [f for f in parse(html) if isinstance(f, Overview)]
    assert overviews[0].text.startswith("无锡某某软件科技有限公司，致力于网站运营")
    assert not any("查看全文" in o.text for o in overviews)


def test_a_description_that_is_search_words_is_no_overview():
    html = """<html><head><title>首页_某某软件</title>
    <meta name="description" content="无锡软件公司,无锡网络公司,无锡网站开发,无锡网页设计,某某软件,无锡软件工作室,无锡网站运营公司,提供"></head>
    <body><p>欢迎</p></body></html>"""
    assert not [f for f in parse(html) if isinstance(f, Overview)]


def test_a_bio_opening_with_a_post_at_the_customer_names_its_person_and_another_companys_founder_is_not_read():
    html = CAMPAIGN.replace("</body>", """<div class="bk_2"><p>林某民，云帆金服联合创始人，先后就读于中国人民大学和美国东北大学，2013年创办云帆金服。</p>
    <p>周某辉，2005年加入千橡集团任副总裁，2007年创办星河互动，任董事长兼CEO。</p>
    <p>王某，星河互动董事长，曾任多家公司高管。</p></div></body>""")
    people = {f.name: f.title for f in parse(html, company="云帆金服") if type(f).__name__ == "Executive"}
    assert people == {"林某民": "联合创始人"}
    assert not [f for f in parse(html) if type(f).__name__ == "Executive"]  # whose page it is, unknown: nobody


def test_clients_quoted_under_their_names_on_a_clients_page_are_clients_and_people_quoted_are_not():
    quotes = "".join(f"""<li><p class="img-icon"><img src="{i}.png"></p><p class="word"><span class="bigword">{who}：</span>
    <span>{said}</span></p></li>""" for i, (who, said) in enumerate([
        ("某某词典", "现在用户翻译的需求越来越多样化，对质量要求越来越高，在这里我们推荐某某云的人工翻译服务，值得信赖。"),
        ("某某建工集团", "作为大型企业，我们的业务遍及一百多个国家和地区，某某云让我们在寻找译员的过程中省去了很多时间，服务专业。"),
        ("张先生", "我们和某某云合作了三年，翻译质量一直很稳定，服务也很及时，非常满意，推荐给大家。"),
    ]))
    html = f"""<html><head><title>合作客户</title></head><body><div class="cooperation-title">他们这样评价某某云</div>
    <ul>{quotes}</ul></body></html>"""
    assert kind(html) == "cases"
    assert [p.counterparty for p in parse(html) if isinstance(p, Project)] == ["某某词典", "某某建工集团"]


def test_a_saved_front_page_gives_the_sentences_naming_the_company_as_its_overview():
    html = """<html><head><title>上海某某投资管理有限公司官网</title></head><body>
    <div class="nav"><a href="about.html">公司简介</a><a href="products.html">服务产品</a><a href="contact.html">联系地址</a></div>
    <div class="section"><p class="message">天禄，神话传说中的瑞兽。</p></div>
    <div class="section"><p class="message">上海某某投资管理有限公司，紧扣中国经济的兴盛脉搏与发展机遇，经过十九年的躬耕不止<br>
    现已领先地成为一家致力于金融创新与投资咨询的专业证券研究咨询机构。</p></div>
    <div class="section"><p>公司名称：上海某某投资管理有限公司</p><p>开户银行：某某银行股份有限公司上海支行</p></div>
    <div class="footer">版权所有：上海某某投资管理有限公司 备案号：沪ICP备00000000号-1</div></body></html>"""
    assert kind(html) == "home"
    (overview,) = [f for f in parse(html) if isinstance(f, Overview)]
    assert overview.text.startswith("上海某某投资管理有限公司，紧扣") and "专业证券研究咨询机构" in overview.text
    assert "开户银行" not in overview.text


def test_a_news_item_whose_title_names_only_the_site_takes_the_headline_over_its_byline():
    html = """<html><head><title>某某致信-全栈敏捷运维软件提供商</title></head><body>
    <div class="newsCon"><p class="title">某某软件获得2016年度中国最具影响力IT运维管理软件提供商</p>
    <p class="timeData"><span>2017-01-03&nbsp;11:02:08&nbsp;作者：xxh</span></p>
    <div class="con"><p>北京某某致信科技有限公司成立于2012年5月，主要从事行业应用软件开发和IT运维服务，我们的客户主要分布在银行、运营商和高校。</p>
    <p>公司在北京、广州、长沙、宁波设立有办事处和独立分支机构，为客户提供全天候的运维保障服务和专业的技术支持。</p></div>
    </div></body></html>"""
    (article,) = [f for f in parse(html, url="file:///saved/news.html") if type(f).__name__ == "Article"]
    assert article.title.startswith("某某软件获得2016年度") and article.published.value == "2017-01-03"
