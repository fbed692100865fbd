"""Team and leaders pages in the shapes real company sites use, each written here for its family:
a degree beside the post, post-classed member cards, a named photo over a bio that opens with the
post, several posts split by bars; and the pages that must give nobody."""

from __future__ import annotations

from datetime import datetime, timezone

from briefing.models import Executive, Page
from briefing.toolkit.adapter import Request
from sources.site.adapter import SiteAdapter

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def people(html: str, role: str = "") -> dict[str, str]:
    url = "file:///saved/page.html"
    page = Page(url, html.encode(), html, "utf-8", NOW)
    facts = SiteAdapter().parse(page, Request(url, role, 0)).facts
    return {f.name: f.title for f in facts if isinstance(f, Executive)}


def page(title: str, body: str) -> str:
    return f"""<html><head><title>{title} - 某某科技股份有限公司</title></head><body>
    <div class="nav"><a href="/">首页</a><a href="/about.html">公司简介</a><a href="/news.html">新闻动态</a></div>
    <div class="content"><h1>{title}</h1>{body}</div><div class="footer">版权所有 某某科技股份有限公司</div></body></html>"""


def test_a_name_heading_with_its_degree_and_post_inline():
    cards = "".join(f"""<div class="item"><img src="p{i}.jpg"><h2>{n}<em>{post}</em></h2><div class="bio"><p>{bio}</p></div></div>"""
                    for i, (n, post, bio) in enumerate([
                        ("杨某明", "博士，执行董事", "1963年出生，毕业于某某大学，获工学博士学位，2003年创办本公司。"),
                        ("焦 毅", "博士，副总裁兼CTO", "毕业于某某大学计算机系，负责公司技术研发。"),
                        ("王某红", "管理学硕士，财务总监", "注册会计师，曾在会计师事务所任职。"),
                        ("邓某", "硕士", "负责公司行政工作。")]))
    # the degree is no post, and a degree alone gives nobody
    assert people(page("管理团队", cards)) == {"杨某明": "执行董事", "焦毅": "副总裁兼CTO", "王某红": "财务总监"}


def test_post_classed_member_cards_on_an_about_page():
    intro = "<p>某某网络科技有限公司成立于2012年，是一家专注于移动应用开发的高新技术企业，为客户提供网站建设、APP开发等服务，董事长李某带领团队不断创新。</p>"
    cards = "".join(f"""<div class="member"><img src="m{i}.jpg"><p class="name">{n}</p><p class="{cls}">{post}</p><p class="desc">{bio}</p></div>"""
                    for i, (n, cls, post, bio) in enumerate([
                        ("陈某雷", "position", "技术总监", "2005年加入本公司"), ("李某芳", "position", "美术设计师", ""),
                        ("张某", "title", "行政专员", ""), ("刘某华", "post", "客户经理", "负责客户沟通。"),
                        ("赵某杰", "job", "软件设计师", ""), ("孙某", "zhiwu", "销售", "")]))
    html = page("企业简介", intro + cards)
    assert people(html) == {"陈某雷": "技术总监", "李某芳": "美术设计师", "张某": "行政专员", "刘某华": "客户经理",
                            "赵某杰": "软件设计师", "孙某": "销售"}  # the prose's 董事长李某 is not read here
    assert people(html, "about") == people(html)


def test_an_about_page_without_cards_gives_nobody_from_its_prose():
    html = page("企业简介", "<p>某某科技成立于2008年，董事长王某带领团队深耕行业。</p><p>总经理</p><p>张某</p>")
    assert people(html, "about") == {}


def test_a_named_photo_over_a_bio_that_opens_with_the_post():
    cards = "".join(f"""<li><a href="#"><img src="t{i}.jpg" alt="{n}"></a><span>{n}</span><p>{bio}</p></li>"""
                    for i, (n, bio) in enumerate([
                        ("陈某俊", "项目PM，负责项目目标的制定与进度把控。"), ("吴某", "产品PL，负责产品规划与需求梳理。"),
                        ("郑某龙", "Android主程，精通Android系统开发。"), ("钱某", "PHP主程兼技术组长，负责后端架构。"),
                        ("周某敏", "需求分析主管，擅长与客户沟通。"), ("冯某", "为人坦率，做事认真，热爱设计。"),
                        ("何某静", "界面视觉设计师，五年UI设计经验。")]))
    assert people(page("团队介绍", f"<ul class='team'>{cards}</ul>"), "leaders") == {
        "陈某俊": "项目PM", "吴某": "产品PL", "郑某龙": "Android主程", "钱某": "PHP主程兼技术组长",
        "周某敏": "需求分析主管", "何某静": "界面视觉设计师"}  # 为人坦率 is a sentence, not a post


def test_several_posts_split_by_bars_are_one_persons_posts():
    cards = "".join(f"""<div class="card"><img src="f{i}.jpg"><h3>{n}</h3><p>{posts}</p><p>{bio}</p></div>"""
                    for i, (n, posts, bio) in enumerate([
                        ("王某", "创始人&nbsp;&nbsp;|&nbsp;&nbsp;CEO&nbsp;&nbsp;|&nbsp;&nbsp;市场运营负责人", "十五年互联网从业经验。"),
                        ("李某强", "联合创始人&nbsp;|&nbsp;CTO", "曾任架构师。"), ("郭某甜", "CDO / 联合创始人", "资深设计师。"),
                        ("赵某", "联合创始人｜COO", "负责公司运营。")]))
    assert people(page("核心团队", f"<div class='grid'>{cards}</div>"), "leaders") == {
        "王某": "创始人、CEO、市场运营负责人", "李某强": "联合创始人、CTO", "郭某甜": "CDO、联合创始人", "赵某": "联合创始人、COO"}


def test_mentors_whose_bios_name_other_companies_are_nobody():
    cards = "".join(f"""<li><img src="g{i}.jpg" alt="{n}"><span>{n}</span><p>{bio}</p></li>"""
                    for i, (n, bio) in enumerate([
                        ("沈某", "美团外卖创始人之一，负责外卖业务。"), ("张某", "猪八戒网CPO，十年产品经验。"),
                        ("周某辉", "2005年加入某橡集团任副总裁，2007年创办某仑万维，任董事长兼CEO。"),
                        ("黄某", "某某外卖技术总监，负责后端。")]))
    lines = "<p>沈某 美团外卖创始人之一</p><p>张某 猪八戒网CPO</p><p>周某辉，2005年加入某橡集团任副总裁，2007年创办某仑万维，任董事长兼CEO</p>"
    assert people(page("创业导师", f"<ul>{cards}</ul>"), "leaders") == {}
    assert people(page("创业导师", lines), "leaders") == {}


def test_a_vote_whose_people_each_name_their_own_company_is_nobody():
    cards = "".join(f"""<div class="item"><p class="name">{n}</p><p class="position">{post}</p><p class="{cls}">{org}</p><a>投票</a></div>"""
                    for n, post, cls, org in [("王某", "总经理", "company", "某某建材有限公司"), ("李某", "董事长", "unit", "某某机械集团"),
                                              ("陈某", "总经理", "info", "某某食品有限公司")])
    assert people(page("优秀企业家评选", cards), "leaders") == {}


def test_form_labels_and_testimonials_in_cards_are_nobody():
    labels = """<div><p class="name">姓 名</p><p class="position">职 务</p></div><div><p class="name">简 历</p><p class="position">职 务</p></div>"""
    quotes = "".join(f"""<div class="say"><p class="name">{n}</p><p class="title">{post}</p><p>“与贵公司合作多年，服务周到。”</p></div>"""
                     for n, post in [("王某", "某某科技公司总经理"), ("刘某", "某某集团技术总监")])
    assert people(page("企业简介", labels + quotes), "about") == {}
    assert people(page("客户评价", quotes), "leaders") == {}


def test_a_post_at_a_department_of_the_company_is_a_post_not_another_organisation():
    cards = "".join(f"""<li class="item"><img src="t{i}.png" alt=""><div class="des"><p class="name">{n}</p><p class="position">{post}</p></div></li>"""
                    for i, (n, post) in enumerate([("任某军", "董事总经理"), ("黄某", "董事总经理、基金管理部总经理"), ("贺某童", "研究院主任"),
                                                   ("汪某儒", "执行董事")]))
    assert people(page("管理团队", f"<ul>{cards}</ul>")) == {
        "任某军": "董事总经理", "黄某": "董事总经理、基金管理部总经理", "贺某童": "研究院主任", "汪某儒": "执行董事"}


def test_client_testimonial_cards_on_an_about_page_are_nobody():
    html = """<html><head><title>关于我们 - 某某融科技有限公司</title></head><body><h1>关于我们</h1>
    <p>某某融科技有限公司成立于2013年，是一家专注于供应链金融服务的科技企业，为中小企业提供融资服务。</p>
    <h2>客户评价</h2><div class="list">
    <div class="item"><p class="text">“某某融的服务让我们的资金周转快了很多，非常满意。”</p><p class="name">张某伟</p><p class="position">财务总监</p><p class="desc">某某钢铁</p></div>
    <div class="item"><p class="text">“合作三年，专业又高效，值得信赖的伙伴。”</p><p class="name">李某娜</p><p class="position">总经理</p><p class="desc">某某物流</p></div>
    </div></body></html>"""
    assert people(html) == {}  # and the cards' 「总经理」 does not make the page a leaders page either
    assert people(html, "about") == {}
