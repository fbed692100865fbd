"""Families of company-website pages the site adapter once misread, each page written here for its
family (Word-exported about pages, leaders in form tables, captioned picture grids, product
showcases, news items whose headline sits in no heading)."""

from __future__ import annotations

from datetime import datetime, timezone

from bs4 import BeautifulSoup

from briefing.models import Article, Company, Executive, Overview, Page, Project
from briefing.toolkit.adapter import Request
from sources.site.adapter import SiteAdapter
from sources.site.owner import own_name

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def parse(html: str, role: str = "", url: str = "file:///saved/page.html", company: str | None = None):
    page = Page(url, html.encode(), html, "utf-8", NOW)
    return SiteAdapter().parse(page, Request(url, role, 0, company=Company(company) if company else None)).facts


def people(facts) -> dict[str, str]:
    return {f.name: f.title for f in facts if isinstance(f, Executive)}


def test_a_word_exported_about_page_keeps_the_words_its_inline_spans_hold():
    html = """<html><body><div class=WordSection1><p class=MsoNormal><b><span>企业简介</span></b></p>
    <p class=MsoNormal><span style='font-size:14.0pt'>某某建设监理有限公司是集项目管理、工程监理、招标代理和造价咨询为一体的技术服务性企业。</span></p>
    <p class=MsoNormal><span style='font-size:14.0pt'>公司是全国先进监理企业，国家<span lang=EN-US>AAA</span>级监理企业，共有<span
    lang=EN-US>107</span>人次荣获优秀总监称号。</span></p></div></body></html>"""
    (overview,) = [f for f in parse(html, "about") if isinstance(f, Overview)]
    assert "国家AAA级监理企业" in overview.text and "共有107人次" in overview.text


def test_leaders_in_a_table_under_name_and_post_columns():
    rows = "".join(f"<tr><td>{n}</td><td>{g}</td><td>{t}</td><td>{d}</td></tr>" for n, g, t, d in [
        ("王某国", "男", "董事长、党委书记", "主持全面工作"), ("李某红", "女", "总经理", "负责生产经营"), ("赵 强", "男", "副总经理", "分管安全生产")])
    html = f"<html><body><h2>领导班子</h2><table><tr><td>姓 名</td><td>性别</td><td>职 务</td><td>分管工作</td></tr>{rows}</table></body></html>"
    assert people(parse(html, "leaders")) == {"王某国": "董事长、党委书记", "李某红": "总经理", "赵强": "副总经理"}


def test_a_row_of_names_over_a_row_of_their_posts():
    html = """<html><body><h2>公司领导</h2><table><tr><td><img src="a.jpg"></td><td><img src="b.jpg"></td></tr>
    <tr><td>王某国</td><td>李某红</td></tr><tr><td>董事长</td><td>总经理</td></tr></table></body></html>"""
    assert people(parse(html, "leaders")) == {"王某国": "董事长", "李某红": "总经理"}


def test_form_labels_in_cells_of_their_own_are_nobody():
    # 「简 历」 and 「姓 名」 start with surnames: read as names they gave 简历 the post of 副总经理
    html = """<html><body><h2>公司领导</h2>
    <table><tr><td>职务：</td><td>总经理</td></tr><tr><td>姓名：</td><td>李某红</td></tr></table>
    <table><tr><td>职务：</td><td>副总经理</td></tr><tr><td>姓名：</td><td>赵某强</td></tr><tr><td>简 历</td><td>1972年出生，工程师。</td></tr></table>
    </body></html>"""
    assert people(parse(html, "leaders")) == {"李某红": "总经理", "赵某强": "副总经理"}


def test_a_grid_of_pictures_captioned_beside_their_links():
    items = "".join(f"""<li class="col"><div class="thumbnail"><img src="{i}.png" alt="..."><div class="caption"><p>{n}</p>
    <p><a href="#" class="btn">查看项目详情</a></p></div></div></li>""" for i, n in enumerate(["南某900TD技改项目冷端安装工程", "某尔化学三期安装工程", "印尼某发氧化铝项目"]))
    html = f"<html><head><title>工程案例</title></head><body><h3>工程案例</h3><ul class='row'>{items}</ul></body></html>"
    assert [f.name for f in parse(html) if isinstance(f, Project)] == ["南某900TD技改项目冷端安装工程", "某尔化学三期安装工程", "印尼某发氧化铝项目"]


def test_a_product_showcase_is_no_news_list():
    cards = "".join(f"""<li><a href="/p/{i}.html"><img src="{i}.jpg" alt="{n}"></a><p><a href="/p/{i}.html">{n}</a></p><span>2019-03-{10 + i}</span></li>"""
                    for i, n in enumerate(["WSZ-A型地埋式污水处理设备", "一体化净水设备", "高效溶气气浮机"]))
    html = f"""<html><head><title>产品展示 - 某某环保设备有限公司</title></head><body><div class="main"><ul class="plist">{cards}</ul></div></body></html>"""
    assert parse(html) == ()


def test_a_news_item_whose_headline_sits_over_its_byline_in_no_heading():
    html = """<html><head><title>新闻详情</title></head><body><table>
    <tr><td class="bt" align="center"><font size="4"><b>公司顺利通过ISO9001质量管理体系复审</b></font></td></tr>
    <tr><td align="center">[2018/6/21]&nbsp;&nbsp;浏览次数：235</td></tr>
    <tr><td><p>近期，中国质量认证中心专家组一行三人来我公司进行ISO9001质量管理体系复审。经过为期两天的审核，专家组一致认为公司质量管理体系运行有效，同意推荐继续保持认证注册资格。</p>
    <p>此次复审的顺利通过，标志着公司的质量管理水平迈上了一个新的台阶。</p></td></tr></table></body></html>"""
    (article,) = [f for f in parse(html) if isinstance(f, Article)]
    assert (article.title, article.published.value) == ("公司顺利通过ISO9001质量管理体系复审", "2018-06-21")


def test_a_news_item_under_the_sites_name_and_a_list_of_bylines_is_no_item():
    story = """<div class="tit"><strong>某某科技与某某银行签署战略合作协议</strong></div>
    <div class="info">来源：本站　作者：admin　时间：2019-05-12 10:21:33　点击：128次</div>
    <div class="con"><p>为进一步深化银企合作，5月10日，某某科技有限公司与某某银行杭州分行在杭州签署战略合作协议。根据协议，双方将在供应链金融、结算服务等方面开展全面合作。</p>
    <p>某某科技有限公司董事长张某出席签约仪式并致辞。他表示，此次合作是公司发展的重要里程碑。</p></div>"""
    html = f"<html><head><title>杭州某某科技有限公司</title></head><body><div class='main'>{story}</div></body></html>"
    (article,) = [f for f in parse(html) if isinstance(f, Article)]
    assert (article.title, article.published.value) == ("某某科技与某某银行签署战略合作协议", "2019-05-12")
    twice = f"<html><head><title>杭州某某科技有限公司</title></head><body><div class='main'>{story}{story.replace('某某银行', '某某证券')}</div></body></html>"
    assert not [f for f in parse(twice) if isinstance(f, Article) and f.title.startswith("某某科技与某某证券")]


def test_a_story_dated_only_below_its_text():
    html = """<html><head><title>公司新闻</title></head><body><div class="main"><h2>我公司中标某某市第一人民医院门诊楼建设工程</h2>
    <p>近期，经过激烈角逐，我公司成功中标某某市第一人民医院门诊楼建设工程。该项目建筑面积3.5万平方米，是今年全市重点民生工程之一。</p>
    <p align="right">工程部</p><p align="right">2019年5月12日</p></div></body></html>"""
    (article,) = [f for f in parse(html, "article") if isinstance(f, Article)]
    assert article.published.value == "2019-05-12"


def test_the_sites_owner_named_in_its_title_beside_the_words_official_site():
    soup = BeautifulSoup("<html><head><title>集团介绍-江苏某某集团有限公司官网</title></head><body><p>x</p></body></html>", "lxml")
    assert own_name(soup, soup.body) == "江苏某某集团有限公司"
