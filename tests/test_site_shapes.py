"""Company-website pages in the shapes real sites use, each written here for its family (the real
pages themselves are scored in bench/bench_realworld.py against ../shared/realworld)."""

from __future__ import annotations

from datetime import datetime, timezone

from briefing.models import Company, Page
from briefing.toolkit.adapter import Request
from sources.site.adapter import SiteAdapter

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def parse(html: str, role: str = "", url: str = "file:///saved/page.html", company: str | None = None):
    page = Page(url, html.encode(), html, "utf-8", NOW)
    request = Request(url, role, 0, company=Company(company) if company else None)
    return SiteAdapter().parse(page, request).facts


def clients(facts) -> list[str]:
    return [f.counterparty for f in facts if getattr(f, "kind", "") == "client"]


def test_a_heading_over_a_table_of_client_names():
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in [("北京某某医疗公司", "北京某某电器城"), ("中国某某总局", "北京某某商城"), ("您的企业......", "")])
    html = f"""<html><body><h1><span>部分客户</span></h1><div class="listPic"><table>{cells}</table></div></body></html>"""
    # the invitation in the last cell and the empty cell are nobody
    assert clients(parse(html, "cases")) == ["北京某某医疗公司", "北京某某电器城", "中国某某总局", "北京某某商城"]


def test_a_wall_of_logos_under_its_heading_each_client_once():
    items = "".join(f"""<div class="col"><div class="project-item"><img src="x{i}.png" alt="Image"><p class="project-title"><span>{n}</span></p></div></div>"""
                    for i, n in enumerate(["中国某油", "沃某帕森", "KVAERNER", "沃某帕森", "FWC"]))
    html = f"""<html><body><div class="row"><div class="col"><h2>我们的主要客户</h2></div></div><div class="row">{items}</div>
    <h2>资质</h2><p>公司拥有化工石化医药行业专业乙级设计资质。</p></body></html>"""
    assert clients(parse(html, "about")) == ["中国某油", "沃某帕森", "KVAERNER", "FWC"]


def test_a_tables_column_named_client_is_no_client_list():
    html = """<html><body><h1>项目案例</h1><table><thead><tr><th>客户</th><th>项目</th><th>规模</th><th>年份</th></tr></thead>
    <tr><td>某某陶瓷有限公司</td><td>某某产业园储能项目</td><td>20MWh</td><td>2022</td></tr></table></body></html>"""
    assert clients(parse(html, "cases")) == []


def test_client_cards_whose_blurb_introduces_the_client_and_what_was_built_for_it():
    cards = "".join(f"""<div class="srm_t">{n}</div><div class="srm_m"><p><a href="#">{n}</a>{intro}</p><div>以某某软件为基础，定制了《{w}》。</div></div>"""
                    for n, intro, w in [("江苏某某监理有限公司", "是由江苏省某某公司转制而来的国有企业。", "电力监理业务在线管理系统"),
                                        ("山东某某工程公司", "是山东某某集团公司的全资子公司，注册资本金9379万元。", "内网资料专用平台"),
                                        ("上海市某某中学", "，创建于1947年，总投资2亿多元人民币。", "学校图片管理系统")])
    projects = [(f.name, f.counterparty) for f in parse(f"<html><body><h1>成功案例</h1>{cards}</body></html>", "cases")]
    # the client's own figures (注册资本金, 总投资) are not contract values
    assert projects == [("《电力监理业务在线管理系统》", "江苏某某监理有限公司"), ("《内网资料专用平台》", "山东某某工程公司"),
                        ("《学校图片管理系统》", "上海市某某中学")]
    assert all(f.amount is None for f in parse(f"<html><body>{cards}</body></html>", "cases"))


def test_leaders_titles_written_together_or_with_a_gloss():
    people = "".join(f"""<div class="wm-people"><span>{n}</span><span>{en}</span><span class="wm-blue">{t}</span><p>曾就职于某某银行，负责风险管理。</p></div>"""
                     for n, en, t in [("王某翔", "Jeffery", "联合创始人首席执行官"), ("刘某", "JElmer", "联合创始人首席数据分析师"),
                                      ("林某", "Lin", "高级工程师"), ("黄某勇", "Huang", "CRO（首席风控官）")])
    found = {f.name: f.title for f in parse(f"<html><body><h1>核心团队</h1>{people}</body></html>", "leaders")}
    # a specialist's title alone (高级工程师) is no executive's
    assert found == {"王某翔": "联合创始人首席执行官", "刘某": "联合创始人首席数据分析师", "黄某勇": "CRO（首席风控官）"}


def test_pairs_in_a_row_of_a_registration_table():
    html = "<html><body><h1>团队介绍</h1><table><tr><td>主要人员</td><td>CEO：张某杰、财务负责人：冯某娜</td></tr></table></body></html>"
    assert {f.name: f.title for f in parse(html, "leaders")} == {"张某杰": "CEO", "冯某娜": "财务负责人"}


def test_a_news_items_headline_in_the_middle_of_its_title_and_the_page_title_when_the_head_is_template_code():
    html = """<html><head><title>企业动态-【盘点】2016年，某某六大关键词新鲜出炉-某某云通信</title></head><body>
    <div class="nav">企业动态</div><h2>企业动态</h2><div class="detail"><h3>【盘点】2016年，某某六大关键词新鲜出炉</h3><p>2017-01-04</p>
    <p>2016年，公司在移动互联网营销这片大海乘风而行。公司挂牌新三板，股票代码：837883。</p></div></body></html>"""
    (article,) = [f for f in parse(html, "article") if type(f).__name__ == "Article"]
    assert (article.title, article.published.value) == ("【盘点】2016年，某某六大关键词新鲜出炉", "2017-01-04")
    php = """<html><head><title><?php echo $this->_tpl_vars['sitename'] ?></title></head><body><h2>关于我们</h2></body></html>"""
    assert Page("file:///a.html", php.encode(), php, "utf-8", NOW).title == "关于我们"
    freemarker = """<#import "/global.ftl" as global><@global.main title="拓天团队_金融精英"><div>…</div></@global.main>"""
    assert Page("file:///b.html", freemarker.encode(), freemarker, "utf-8", NOW).title == "拓天团队_金融精英"


def people(facts) -> dict[str, str]:
    return {f.name: f.title for f in facts if type(f).__name__ == "Executive"}


def test_a_chairmans_address_is_read_for_its_signature_and_its_prose():
    html = """<html><body><div class="point"><ul><li>您现在的位置：</li><li><a href="a.asp">关于我们</a>&gt;</li><li>公司简介</li></ul></div>
    <div class="main"><h1><span>董事长致辞</span> /COMPANY INTRODUCTION</h1>
    <p>某某资本成立以来，坚持将资本投给我们帮得了的人，在互补中和被投资团队一起成长，在融合中和被投资团队一起发展，不只做投钱的机构。</p>
    <div class="sign"><p><span>某某资本董事长：周某明</span></p></div></div></body></html>"""
    facts = parse(html, company="某某资本")
    # the page's own heading beats a breadcrumb left at 公司简介; the signature names the company
    assert people(facts) == {"周某明": "董事长"}
    assert [f.company for f in facts if type(f).__name__ == "Executive"] == ["某某资本"]
    assert any("帮得了的人" in f.text for f in facts if type(f).__name__ == "Overview")


def test_a_leader_heading_in_a_styled_div_and_other_companies_posts_are_not_ours():
    html = """<div class="sub_r"><div class="s_r_title"><div class="h1">某兰集团董事长</div></div><div class="content">
    <p>某兰集团董事长——陆某磊</p><p>兼任：<br/>贵州某源通信有限公司总经理<br/>某某酒业公司董事长<br/></p></div></div>"""
    assert people(parse(html)) == {"陆某磊": "董事长"}


def test_an_unsigned_address_names_nobody():
    html = """<html><head><title>连云港某某理货有限公司-<%=tt %></title></head><body><div><label>各位朋友：<br/>
    欢迎光临连云港某某理货有限公司门户网站。公司从1971年成立以来一直保持着健康、持续、快速的发展态势。<br/>
    <p align="right">总经理：<img src="ldzc.png"/></p></label></div></body></html>"""
    assert people(parse(html, "leaders")) == {}


def test_investment_firm_team_titles():
    cards = "".join(f'<li><p class="name">{n}</p><p class="position">{t}</p></li>'
                    for n, t in [("孙某林", "创始合伙人"), ("童某栋", "企业成长合伙人、首席运营官"), ("张某", "投资董事"), ("李某", "有限合伙人")])
    assert people(parse(f'<div class="title">投资管理团队</div><ul>{cards}</ul>', "leaders")) == {
        "孙某林": "创始合伙人", "童某栋": "企业成长合伙人、首席运营官", "张某": "投资董事"}


def test_the_sites_own_name_from_its_title_and_an_overview_paragraph_a_footer_reading_drops():
    html = """<html><head><title>某某平台-关于我们</title></head><body><div class="about"><p>关于我们</p><p>
    深圳市某众通信技术有限公司总部位于深圳市南山区，是深圳市某某通信技术有限公<br/><br/>司的全资子公司，公司持有工信部颁发的ICP证，是中国首家商务语音通信服务提供商。</p>
    <p>展望未来，公司将凭借多年在传统通信、互联网通信、移动互联网通信等技术领域的领先优势迅速在全国铺开市场。</p></div></body></html>"""
    text = next(f.text for f in parse(html, "about") if type(f).__name__ == "Overview")
    assert "深圳市某某通信技术有限公司的全资子公司" in text and "展望未来" in text


def test_clients_after_a_sentence_that_leads_into_them():
    cards = "".join(f'<dd><a href="#"><img src="c{i}.gif"><h4>{n}</h4></a></dd>' for i, n in enumerate(["2010年某州亚运会组委会", "某泰君安证券", "某电集团"]))
    html = f"""<section><h3>成功案例</h3><p class="intro">某某企业邮箱以安全稳定的系统提供服务。我们的用户包括：</p><dl>{cards}</dl></section>"""
    assert clients(parse(html, "cases")) == ["2010年某州亚运会组委会", "某泰君安证券", "某电集团"]


def test_a_cases_pages_own_heading_is_no_case_and_a_lists_lone_bullets_are_no_overview():
    cards = "".join(f"<li><a href='#'>{n}</a><p>{n}自2009年6月9日正式上线以来，深受用户认可，是国内领先的资讯平台公司。</p></li>" for n in ("甲某网", "乙某网", "丙某网"))
    facts = parse(f"<html><body><h2>服务案例</h2><ul>{cards}</ul></body></html>", "cases")
    assert "服务案例" not in [f.name for f in facts if type(f).__name__ == "Project"]
    about = "<html><body><h1>公司介绍</h1><div><p>某某云通信是基于移动互联网提供短信流量等电信增值服务的公司，成立于2007年。</p><p>-</p><p>一、短信验证码</p><p>-</p><p>提供短信API接口，15分钟接入使用，多平台支持。</p></div></body></html>"
    (overview,) = [f for f in parse(about, "about") if type(f).__name__ == "Overview"]
    assert "-" not in overview.text.splitlines()
