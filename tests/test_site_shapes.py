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


# --- client cards that do not open with the client's name ---------------------------------------


def kinds(facts) -> list[str]:
    return [type(f).__name__ for f in facts]


def test_client_cards_that_say_what_the_company_made_for_the_client_and_a_card_whose_blurb_does_not():
    blurbs = [("果某鲜", "某伍为“果某鲜”打造了一个下单后直接送货到家的微商城，让顾客感受品质生活。"),
              ("中某财税", "某伍致力为中某财税打造全国连锁的财税服务平台，帮助企业防范税务风险。"),
              ("粉某码", "让企业文化深植于连锁运营中的每一个细节，凭借十年连锁行业的管理经验创造更高的盈利。"),
              ("舜某电子", "某伍致力为“舜某电子信息技术有限公司”打造成为电子行业的领跑者，提供优质产品。"),
              ("岁某知味", "某伍别具匠心为岁某知味量身打造企业理念，微信商城展示了各式茶叶产品。")]
    cards = "".join(f'<div class="successCase"><h2 class="caseTitle">{n}</h2><div class="description">'
                    + "".join(f"<p>{b[i:i + 14]}</p>" for i in range(0, len(b), 14)) + "</div></div>" for n, b in blurbs)
    html = f"<html><head><title>某伍-成功案例</title></head><body>{cards}</body></html>"
    # four cards say what was made for their client; the fifth, of the same shape, is on the same wall
    assert clients(parse(html)) == ["果某鲜", "中某财税", "粉某码", "舜某电子", "岁某知味"]


def test_client_cards_under_the_clients_full_legal_name_or_a_sector_before_it():
    cards = [("居某之家", "陕西居某之家锁业有限公司——是中国领先的居家安全产品及服务供应商。"),
             ("正某帮官网", "西安正某帮服饰有限公司是一家团体服装一站式定制机构，创立于2012年。"),
             ("恒某冰泉", "快速消费品行业-恒某冰泉是恒某矿泉水集团旗下推出的矿泉水品牌。"),
             ("新某面影视", "西安某大教育培训学校创立于2001年9月，是国内一家个性化教育辅导机构。")]
    html = "".join(f'<div class="clear"><div class="case1"><span>0{i}</span><p>经典案例</p></div><div class="case2"><h2>{n}</h2><p>{b}</p></div></div>'
                   for i, (n, b) in enumerate(cards))
    # the last card's blurb is another client's, pasted: still a card of the wall (3 of 4 say so)
    assert clients(parse(f"<html><body>{html}</body></html>", "cases")) == ["居某之家", "正某帮官网", "恒某冰泉", "新某面影视"]


def test_a_blurb_naming_a_company_inside_a_sector_word_is_no_client_and_a_section_is_no_card():
    def card(name, blurb, work):
        return (f'<div class="srm_div"><div class="srm_t">{name}</div><div class="srm_m"><p>{name}{blurb}</p>'
                f"<div>以某某软件为基础，定制了《{work}》。</div></div></div>")
    sections = [("电子", [("宁波某尔富电子有限公司", "，拥有几十名资深开发工程师，是照明产品制造企业。", "照片管理平台")]),
                ("电力企业", [("江苏某源监理有限公司", "是由江苏省某某公司转制而来的国有企业。", "监理业务在线系统"),
                              ("山东某变电工程公司", "是山东某某集团公司的全资子公司。", "内网资料专用平台")]),
                ("学校", [("上海市某宝中学", "，创建于1947年，是上海市重点中学。", "学校图片管理系统")])]
    html = "".join(f'<div class="hidden_success"><div class="suc_r_t"><a name="s{i}">{title}</a></div><div class="suc_r_m">'
                   + "".join(card(*c) for c in cs) + "</div></div>" for i, (title, cs) in enumerate(sections))
    facts = [(f.name, f.counterparty) for f in parse(f"<html><body><h1>成功案例</h1>{html}</body></html>", "cases") if getattr(f, "kind", "") == "client"]
    # each system with its own client; the sections' names (电子, 学校) are no clients
    assert facts == [("《照片管理平台》", "宁波某尔富电子有限公司"), ("《监理业务在线系统》", "江苏某源监理有限公司"),
                     ("《内网资料专用平台》", "山东某变电工程公司"), ("《学校图片管理系统》", "上海市某宝中学")]


def test_product_cards_made_for_customers_in_general_are_no_clients():
    cards = "".join(f'<li class="prod"><h3>{n}</h3><p>{b}</p></li>' for n, b in [
        ("智能门锁", "我们为客户打造安全便捷的居家体验，支持指纹和密码开锁，是一款高端产品。"),
        ("智能猫眼", "为用户打造全天候的门前守护，支持远程查看与录像回放，适合各类住宅。"),
        ("智能网关", "为家庭打造统一的智能中枢，连接门锁、猫眼与各类传感器，稳定可靠。")])
    assert clients(parse(f"<html><body><h2>产品中心</h2><ul>{cards}</ul></body></html>", "cases")) == []


# --- people -----------------------------------------------------------------------------------


def test_a_name_heading_over_the_posts_held_at_the_companys_own_name():
    members = [("孟 某", ["江苏某雨集团有限公司董事长；", "南京包装行业协会副会长；", "某融宝平台创始合伙人；"]),
               ("徐某龙", ["江苏某雨集团有限公司副董事长、总经理；", "1989年毕业于合肥某业大学管理工程专业；"]),
               ("赵 某", ["江苏某雨集团有限公司股东、董事；", "南京某尧包装容器有限责任公司法人代表。"]),
               ("荀 某", ["江苏某雨集团有限公司副总经理；", "2015年3月加入某融宝团队，担任运营总监。"]),
               ("蔡某国", ["江苏某雨集团有限公司财务部部长；", "先后在国企、外企及上市公司负责财务管理工作。"])]
    cards = "".join(f"<li><img src='p.jpg'><div class='txt'><h4>{n}</h4>" + "".join(f"<p>{l}</p>" for l in ls) + "</div></li>" for n, ls in members)
    found = people(parse(f"<html><head><title>团队介绍</title></head><body><ul>{cards}</ul></body></html>", "leaders"))
    # an association's, a platform's or a subsidiary's post is no post at the company; 股东 is no post
    assert found == {"孟某": "董事长", "徐某龙": "副董事长、总经理", "赵某": "董事", "荀某": "副总经理", "蔡某国": "财务部部长"}


def test_candidates_each_at_another_company_are_nobodys_executives():
    cards = "".join(f"<div class='man'><img src='m.jpg'><h6>{n}</h6><p>{l}</p><p><span>0</span>票</p></div>" for n, l in [
        ("马某茂", "深圳市某德计算机系统有限公司总经理"), ("王某福", "某亚迪股份有限公司董事长兼总裁"), ("卢某明", "深圳市某盛工业设备有限公司总经理")])
    assert people(parse(f"<html><head><title>候选工业家公众投票</title></head><body><h1>候选工业家</h1>{cards}</body></html>", "leaders")) == {}


def test_a_rare_surname_or_a_title_in_letters_in_rows_shaped_like_their_neighbours():
    cards = "".join(f'<li><p class="name">{n}</p><p class="position">{t}</p></li>'
                    for n, t in [("孙某林", "创始合伙人"), ("撖某", "投资董事"), ("张某", "执行董事")])
    assert people(parse(f"<div class='title'>投资管理团队</div><ul>{cards}</ul>", "leaders")) == {
        "孙某林": "创始合伙人", "撖某": "投资董事", "张某": "执行董事"}
    rows = "".join(f'<h2 class="about-title"><strong>{t}&nbsp;&nbsp;{n}：</strong></h2><p>毕业于某某大学，曾任职于大型科技公司。</p>'
                   for t, n in [("CEO", "田某飞"), ("COO", "李某青"), ("GE", "郑某"), ("CCO", "Fiona")])
    assert people(parse(f"<html><body><h1>管理团队</h1>{rows}</body></html>", "leaders")) == {
        "田某飞": "CEO", "李某青": "COO", "郑某": "GE", "Fiona": "CCO"}
    # a rare-looking word beside a title, in a shape no known name has, is nobody
    odd = "<div><p class='name'>孙某林</p><p class='position'>创始合伙人</p></div><div><span>撖某</span><em>投资董事</em></div>"
    assert "撖某" not in people(parse(f"<html><body><h1>团队</h1>{odd}</body></html>", "leaders"))


# --- news pages without a telling head ----------------------------------------------------------


def test_a_story_without_a_title_read_from_the_heading_over_its_lede():
    body = ("<p>6月12日下午，某叶集团与某业银行西安分行银企战略合作签约仪式在西安隆重举行。某叶集团董事局主席、总裁袁某源，"
            "某叶集团副总裁秦某出席了签约仪式。</p><p>签约仪式上，双方代表分别致辞，表示将在融资授信、并购等方面开展多领域、多层次、全方位的合作，"
            "实现互惠双赢，促进共同发展，为地方经济建设做出新的更大的贡献。</p>")
    html = f"""<?php use yii\\helpers\\Url; ?><div class="blog-area left-sidebar"><div class="item"><div class="info">
    <h3>某叶集团与某业银行西安分行签署战略合作协议</h3>{body}</div></div>
    <div class="sidebar"><h4>新闻中心</h4><ul><li><a href="a">最新公告</a></li></ul></div></div>"""
    facts = parse(html, company="某叶集团")
    (article,) = [f for f in facts if type(f).__name__ == "Article"]
    assert article.title == "某叶集团与某业银行西安分行签署战略合作协议" and article.published is None  # 6月12日 has no year
    assert ("袁某源", "董事局主席、总裁") in [(f.name, f.title) for f in facts if type(f).__name__ == "Executive"]
    assert "某业银行西安分行" in [f.counterparty for f in facts if type(f).__name__ == "Project"]


def test_a_list_whose_cards_have_one_line_teasers_is_no_story_and_takes_its_dates_from_the_side_column():
    def card(n, title, teaser):
        return (f'<div class="single-item"><div class="info"><h4><a href="<?= Url::toRoute(\'news/news_{n}\')?>">{title}</a></h4>'
                f'<p>{teaser}</p><a class="more-btn" href="<?= Url::toRoute(\'news/news_{n}\')?>">阅读更多</a></div></div>')
    def side(n, title, day):
        return f'<li><div class="info"><a href="<?= Url::toRoute(\'news/news_{n}\')?>">{title}</a><div class="meta-title"><span>{day}</span></div></div></li>'
    items = [(1, "某叶集团与某业银行西安分行签署战略合作协议", "6 月 12 日下午，某叶集团与某业银行西安分行签约仪式在西安隆重举行", "06月15日, 2020"),
             (2, "某德学院在青少年科普知识竞赛中喜获佳绩", "", "06月12日, 2020")]
    html = ('<div class="blog-area"><div class="blog-content">' + "".join(card(n, t, s) for n, t, s, _ in items)
            + '</div><div class="sidebar"><div class="sidebar-item recent-post"><h4>集团新闻</h4><ul>'
            + "".join(side(n, t, d) for n, t, _, d in items) + "</ul></div></div></div>")
    facts = parse(html, company="某叶集团")
    assert [(f.title, f.published.value) for f in facts if type(f).__name__ == "Article"] == [
        ("某叶集团与某业银行西安分行签署战略合作协议", "2020-06-15"), ("某德学院在青少年科普知识竞赛中喜获佳绩", "2020-06-12")]
    # the headline of a dated item says what the customer did
    assert [f.counterparty for f in facts if type(f).__name__ == "Project"] == ["某业银行西安分行"]


def test_a_list_dated_by_month_glued_to_its_titles():
    links = "".join(f'<a href="news{i}.html"><p>{t}<span>{m}</span></p></a>' for i, (t, m) in enumerate(
        [("重视个人信用，维护良好记录", "2017-01"), ("某生宝向你解读什么是I类、II类账户", "2016-12"), ("2016年社会责任建设规划", "2016-02")]))
    html = f'<html><head><title>重要公告</title></head><body><p class="position">首页>资讯中心>重要公告</p><div class="wrap-content">{links}</div></body></html>'
    assert [(f.title, f.published.value) for f in parse(html) if type(f).__name__ == "Article"] == [
        ("重视个人信用，维护良好记录", "2017-01"), ("某生宝向你解读什么是I类、II类账户", "2016-12"), ("2016年社会责任建设规划", "2016-02")]


# --- overviews a page gives otherwise -------------------------------------------------------------


def overviews(facts) -> list[str]:
    return [f.text for f in facts if type(f).__name__ == "Overview"]


def test_the_meta_description_beside_a_case_pages_introduction_and_not_a_keyword_list():
    cards = "".join(f"<dd><a href='#'><img src='c.gif'><h4>{n}</h4></a></dd>" for n in ["某泰君安证券", "某电集团", "某州亚运会组委会"])
    description = "郑州某途科技有限公司经过多年的累积稳步发展，现已成为河南地区最具规模的互联网应用技术服务商之一。"
    html = (f'<html><head><meta name="description" content="{description}"></head><body><h3>成功案例</h3>'
            f"<p>某某企业邮箱秉承某某邮箱十余年的专业品质，以安全稳定的系统、用心细致的服务为全国数千万企业用户提供最值得信赖的服务。我们的用户包括：</p><dl>{cards}</dl></body></html>")
    texts = overviews(parse(html, "cases"))
    assert description in texts and any(t.startswith("某某企业邮箱") for t in texts)
    for meta in ("网站建设,网页设计,郑州网站建设,郑州网络公司,某途科技,河南网站建设公司,企业邮箱", "{{ \\App\\Util\\MainHelper::getWebSitekeywords() }}",
                 "企业动态栏目是某某公司的新闻报道、活动公告、文化风采发布平台，向广大客户展示公司成长历程。"):
        assert overviews(parse(html.replace(description, meta), "cases")) == [t for t in texts if t != description]


def test_a_team_of_names_gets_the_sites_description_as_its_overview():
    description = "江苏某雨集团有限公司初步完成了集团化、产业化布局，由传统的生产制造型企业过渡到以工业制造、环保科技为主要产业集群的企业集团公司。"
    cards = "".join(f"<li><h4>{n}</h4><p>江苏某雨集团有限公司{t}；</p></li>" for n, t in [("孟某", "董事长"), ("徐某龙", "总经理")])
    assert overviews(parse(f'<html><head><meta name="description" content="{description}"></head><body><ul>{cards}</ul></body></html>', "leaders")) == [description]


# --- works and clients named in a row, in prose ----------------------------------------------------


def test_works_named_in_a_row_after_a_verb_of_building():
    html = """<html><body><h1>公司简介</h1><p>拥有铁道兵血统的一公司，近年来先后参与了青藏、拉日、武广、京沪等60多条国家重点铁路工程建设；
    参与了济泰、黄延、连霍等80多条高速公路工程建设；以及江口电站、小浪底引黄改造、某某黄花机场等40多项路外工程建设。
    公司业务涵盖市政、交通、水利等基础设施工程，完成了市政、公路、桥梁等工程。</p></body></html>"""
    assert [f.name for f in parse(html, "about") if type(f).__name__ == "Project"] == [
        "青藏", "拉日", "武广", "京沪", "济泰", "黄延", "连霍", "江口电站", "小浪底引黄改造", "某某黄花机场"]


def test_clients_named_in_a_row_that_the_company_works_with_and_not_its_banks_rivals_or_sectors():
    html = """<html><head><title>公司动态</title></head><body><h2>【盘点】2016年，某通达六大关键词出炉</h2><p>2017-01-04</p>
    <p>2016年，某通达为众多知名企业提供微信开发及运营等服务，与青岛某尔、京某集团、国家某书馆、恒某地产等<span>300</span>家知名企业深度合作。</p>
    <p>公司与工商银行、建设银行、农业银行等金融机构建立了合作；与某为、某兴、小某等企业同台竞技；服务于电力、石化、市政等行业客户。</p></body></html>"""
    assert clients(parse(html, "article", company="某通达")) == ["青岛某尔", "京某集团", "国家某书馆", "恒某地产"]


def test_a_client_cards_blurb_naming_the_clients_own_clients_gives_none_of_them():
    cards = "".join(f'<div class="card"><h4>{n}</h4><p>{n}{b}</p></div>' for n, b in [
        ("北京某美装饰有限公司", "成立于1999年，是专业的国际设计服务公司，多年来与某托罗拉、某央电视台、某下电器等客户密切合作。"),
        ("上海某仙电子有限公司", "是一家显示设备制造企业，成立于2005年，总部位于上海。"),
        ("某庆德宏团结报社", "，创建于1955年，是当地的党报报社。")])
    html = f"<html><body><h1>关于我们</h1><p>某码动力成立于2003年，专注于图片管理软件的研发与销售。</p><h2>合作客户</h2>{cards}</body></html>"
    assert clients(parse(html, "about")) == ["北京某美装饰有限公司", "上海某仙电子有限公司", "某庆德宏团结报社"]
