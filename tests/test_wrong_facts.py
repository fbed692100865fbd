"""Wrong facts a fresh-eyes review found in the rules written from real pages (2026-12-07), one
case each, with the right answer: a case fails while its wrong fact comes back. The inputs are
written here, modelled on what real sites show; none is a real page."""

import pytest
from datetime import datetime, timezone
from briefing.models import Company, DateValue, Page, Provenance
from briefing.toolkit.adapter import Request
from briefing.toolkit.article_events import ArticleText, read_events
from briefing.toolkit.names import customer_names

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)
SRC = Provenance("news", "https://news.example.cn/a/1.html", NOW, "sha256:0")
CO, AL = "江苏恒远环保工程有限公司", ("恒远环保",)


def adapter(kind, html, company=None, aliases=(), url=None, role=""):
    from sources.tenders.adapter import TendersAdapter
    from sources.registry.adapter import RegistryAdapter
    from sources.site.adapter import SiteAdapter
    A, u = {"tenders": (TendersAdapter, "https://www.ccgp.gov.cn/cggg/1.htm"),
            "registry": (RegistryAdapter, "https://www.tianyancha.com/company/1"),
            "site": (SiteAdapter, "https://www.hengyuan.com/about.html")}[kind]
    url = url or u
    page = Page(url, html.encode(), html, "utf-8", NOW)
    return list(A().parse(page, Request(url, role, 0, company=Company(company, tuple(aliases)) if company else None)).facts)


def events(text, company=CO, aliases=AL, title=""):
    names = customer_names(Company(company, aliases))
    return read_events(ArticleText(text, DateValue("2024-05-20", "2024-05-20"), SRC, False, title), names)


def brief(f):
    keep = ("name", "title", "round", "buyer", "winner", "agency", "amount", "counterparty", "investors", "company", "kind", "field", "text")
    d = {k: getattr(f, k) for k in keep if getattr(f, k, None) not in (None, "", ())}
    if "amount" in d: d["amount"] = str(d["amount"].value)
    return f"{type(f).__name__}{d}"


CASES = []


def case(family, summary, right):
    def deco(fn):
        CASES.append((family, summary, right, fn))
        return fn
    return deco


NOTICE = "<html><head><title>{t}</title></head><body>{b}</body></html>"
PAD = "  " + "本公示期内，投标人或者其他利害关系人对评标结果有异议的，应当在中标候选人公示期间提出。" * 5

# ---------------- tenders ----------------
@case("tenders _cells_paired", "notice saved as text; 招标人 cell empty, next cell 「招标代理机构 某某工程咨询有限公司」",
      "buyer unknown (the agency is 某某工程咨询有限公司)")
def _():
    t = "某某路改造工程中标候选人公示  招标人  招标代理机构 某某工程咨询有限公司  中标人 某某建设集团有限公司  中标价 1,234,567.00元  公示时间：2024年5月20日至2024年5月23日" + PAD
    fs = adapter("tenders", NOTICE.format(t="x", b=f"<div>{t}</div>"))
    return fs, any("咨询" in (getattr(f, "buyer", "") or "") for f in fs)


@case("tenders _cells_paired/_is_party", "text-saved table row 「招标代理人 联系电话 0551-1234567」 (agency cell empty)",
      "no agency (not 「联系电话」)")
def _():
    t = "某某路改造工程中标结果公示  项目业主 某某市交通局 招标人 某某市交通局 招标代理人 联系电话 0551-1234567  中标人 某某建设集团有限公司  发布日期：2024-05-20" + PAD
    fs = adapter("tenders", NOTICE.format(t="x", b=f"<div>{t}</div>"))
    return fs, any(getattr(f, "agency", None) == "联系电话" for f in fs)


@case("tenders _bare_label 原公告的", "中标公告: 「原公告的中标供应商：甲…」 then 「现中标供应商：乙…」",
      "winner 乙数码有限公司 or none, never the replaced 甲数据科技有限公司")
def _():
    b = ("<h1>某某市档案馆数字化加工服务项目中标公告</h1><p>发布时间：2024-05-06</p><p>采购人：某某市档案馆</p>"
         "<p>原公告的中标供应商：甲数据科技有限公司</p><p>现中标供应商：乙数码有限公司</p>")
    fs = adapter("tenders", NOTICE.format(t="某某市档案馆数字化加工服务项目中标公告", b=b))
    return fs, any(getattr(f, "winner", None) == "甲数据科技有限公司" for f in fs)


for amt, right in [("叁万元（小写：30,000.00元）/年", "no amount (30,000元 a year is a rate, not the contract total)"),
                   ("￥1,280.00元（大写：壹仟贰佰捌拾元整）/人·月", "no amount (1,280元 per person-month is a rate)"),
                   ("人民币叁拾贰万元整（RMB320,000.00）/年，服务期三年", "no amount, or 96万 (32万 is per year)")]:
    @case("tenders _FIGURE_FIRST", f"成交金额：{amt}", right)
    def _(amt=amt):
        b = f"<p>采购人：某某市第一中学</p><p>成交供应商：某某物业管理有限公司</p><p>成交金额：{amt}</p><p>发布时间：2024-05-06</p>"
        fs = adapter("tenders", NOTICE.format(t="某某学校物业服务采购项目成交公告", b=b))
        return fs, any(getattr(f, "amount", None) is not None and f.amount.value in (30000, 1280, 320000) for f in fs)

# ---------------- registry ----------------
@case("registry _glued_pairs", "Tianyancha summary cut with …: 「注册号：…所在地：上海市注册资本：50万人民币法定代表人：辛某...」",
      "no legal representative (the name is cut; 辛某 is not the person)")
def _():
    html = """<html><head><title>上海某某贸易有限公司_工商信息_天眼查</title></head><body><h1>上海某某贸易有限公司</h1>
    <div class="summary"><span>简介：</span>注册号：310116002133579所在地：上海市注册资本：50万人民币法定代表人：辛某...</div></body></html>"""
    fs = [f for f in adapter("registry", html, role="record") if getattr(f, "section", "") == "registration"]
    return fs, any(f.field == "legal_representative" and f.text == "辛某" for f in fs)

# ---------------- site: clients ----------------
SITE = "<html><head><title>{t}</title></head><body>{b}</body></html>"


def clients_of(html, role="about"):
    fs = adapter("site", html, role=role)
    return [f for f in fs if getattr(f, "kind", "") == "client"]


@case("site clients _showcase", "about page: 3 leader cards 「<h4>张建华</h4><p>张建华，男，1968年生…现任公司董事长。</p>」",
      "no clients (these are the company's own leaders)")
def _():
    cards = "".join(f'<div class="team-item"><h4>{n}</h4><p>{n}，{b}</p></div>' for n, b in [
        ("张建华", "男，1968年生，硕士研究生学历，现任公司董事长。"), ("李明辉", "男，1972年生，高级工程师，现任公司总经理。"),
        ("王晓燕", "女，1975年生，注册会计师，现任公司财务总监。")])
    fs = clients_of(SITE.format(t="管理团队-恒远环保", b=f"<h2>管理团队</h2><div class='team'>{cards}</div>"))
    return fs, bool(fs)


@case("site clients _showcase/_DELIVERED", "product centre: 3 cards 「<h3>MBR膜组件</h3><p>MBR膜组件是一种…</p>」, one saying 定制了《供水调度系统》",
      "no clients (products, not clients; no project 《供水调度系统》 for client 智慧水务平台)")
def _():
    cards = "".join(f'<li class="sol"><h3>{n}</h3><p>{n}是{b}</p></li>' for n, b in [
        ("智慧水务平台", "恒远环保自主研发的一套面向城镇供排水企业的综合管理系统，已为多地水务公司定制了《供水调度系统》。"),
        ("MBR膜组件", "一种高效的污水处理核心部件，广泛用于市政污水、工业废水的深度处理。"),
        ("一体化污水处理设备", "集生化处理、沉淀、消毒于一体的成套设备，适用于农村及分散式污水处理。")])
    fs = clients_of(SITE.format(t="产品中心-恒远环保", b=f"<h2>产品中心</h2><ul>{cards}</ul>"), role="cases")
    return fs, bool(fs)


@case("site clients heading 服务对象", "「<h2>服务对象</h2><ul><li>政府机关</li><li>市政水务</li><li>工业园区</li>…」",
      "no clients (sectors served, not named clients)")
def _():
    b = ("<h2>公司简介</h2><p>江苏恒远环保工程有限公司成立于2005年，是一家专业从事水处理的高新技术企业。</p>"
         "<h2>服务对象</h2><ul><li>政府机关</li><li>市政水务</li><li>工业园区</li><li>医疗卫生</li><li>学校</li></ul><h2>联系我们</h2><p>电话：0510-12345678</p>")
    fs = clients_of(SITE.format(t="关于我们-恒远环保", b=b))
    return fs, bool(fs)


@case("site clients heading 我们的客户", "「我们的客户」 over industry tags 石油化工 / 电力能源 / 食品饮料 / 制药 / 市政",
      "no clients (industries)")
def _():
    b = ("<div class='kh'><h3>我们的客户</h3></div><div class='kh-list'><span>石油化工</span><span>电力能源</span>"
         "<span>食品饮料</span><span>制药</span><span>市政</span></div>")
    fs = clients_of(SITE.format(t="关于我们-恒远环保", b=b))
    return fs, bool(fs)


@case("site clients heading 服务客户", "「<h2>服务客户</h2>」 over service promises 7×24小时响应 / 专业工程师团队 / 终身维护 / 免费培训",
      "no clients")
def _():
    b = "<h2>服务客户</h2><ul><li>7×24小时响应</li><li>专业工程师团队</li><li>终身维护</li><li>免费培训</li></ul>"
    fs = clients_of(SITE.format(t="服务支持-恒远环保", b=b))
    return fs, bool(fs)

# ---------------- site: articles ----------------
@case("site lists _headline_in_title", "article page: <title>新闻中心-上海恒远环保科技有限公司</title>, h1 新闻中心, real headline in div.art-title, body names the company",
      "title 「公司参加2024中国环博会」 or no article, never the company's name")
def _():
    html = SITE.format(t="新闻中心-上海恒远环保科技有限公司", b="""<div class="banner"><h1>新闻中心</h1></div>
    <div class="content"><div class="art-title">公司参加2024中国环博会</div><div class="date">发布时间：2024-05-10</div>
    <p>5月8日，上海恒远环保科技有限公司携最新MBR膜组件亮相2024中国环博会，吸引了众多客户驻足交流。</p>
    <p>展会期间，公司与多家水务企业进行了深入洽谈。</p></div>""")
    fs = [f for f in adapter("site", html, company="上海恒远环保科技有限公司", role="article", url="https://www.hengyuan.com/news/12.html")
          if type(f).__name__ == "Article"]
    return fs, any(f.title == "上海恒远环保科技有限公司" for f in fs)


@case("site article read_events (公司 = customer)", "customer's site, 行业资讯 repost: 「清源水务（600123）发布公告称，公司成功中标…1.26亿元」「公司董事长赵大勇表示」「公司以3亿元收购无锡某某水务…」",
      "no events for the customer (they are 清源水务's win, chairman and acquisition)")
def _():
    html = SITE.format(t="行业资讯-江苏恒远环保工程有限公司", b="""<div class="content"><h1>清源水务中标宜兴污水处理厂提标改造工程</h1>
    <div class="date">发布时间：2024-05-10 来源：中国水网</div>
    <p>5月8日晚间，清源水务（600123）发布公告称，公司成功中标宜兴市城市污水处理厂四期提标改造工程，中标金额1.26亿元。</p>
    <p>公司董事长赵大勇表示，该项目的中标将对公司未来经营业绩产生积极影响。</p>
    <p>此外，公司以3亿元收购无锡某某水务有限公司100%股权，已完成工商变更登记。</p></div>""")
    fs = [f for f in adapter("site", html, company=CO, aliases=AL, role="article", url="https://www.hengyuan.com/news/hyzx/12.html")
          if type(f).__name__ != "Article"]
    return fs, bool(fs)

# ---------------- article events (news / wechat / site) ----------------
EV = [
    ("acquisition (rumour)", "网传恒远环保以3亿元收购宜兴清源水务有限公司。", "no acquisition (网传: a rumour)", "Financing"),
    ("acquisition (rumour)", "市场传言恒远环保收购宜兴清源水务有限公司全部股权。", "no acquisition (传言)", "Financing"),
    ("acquisition (approval only)", "恒远环保收购宜兴清源水务有限公司51%股权事项已获股东大会审议通过。",
     "no completed acquisition (approved, not done); never round 「收购…事项已获股东大会审议通过」", "Financing"),
    ("stake_taken (rumour)", "据知情人士透露，腾讯入股恒远环保。", "no investment (an insider's rumour)", "Financing"),
    ("listing (hearing)", "恒远环保通过港交所上市聆讯。", "no listing (passed the hearing, not listed)", "Financing"),
    ("listing (registration)", "恒远环保科创板上市获证监会同意注册。", "no listing (registration approved, not listed)", "Financing"),
    ("listing (plan)", "恒远环保冲刺港交所上市。", "no listing (冲刺: an attempt)", "Financing"),
    ("launched_on (office move)", "恒远环保正式入驻中关村软件园。", "no brand partnership with 中关村软件园 (an office move)", "Project"),
    ("launched_on (city)", "恒远环保华东总部正式入驻上海。", "no partnership with 上海", "Project"),
    ("launched_on (advert)", "恒远环保产品正式登陆央视。", "no partnership with 央视 (an advert)", "Project"),
    ("_BUYER_FIRST", "恒远环保成功中标数字政府一体化平台建设项目，中标金额3200万元。", "buyer unknown, never 「数字政府」", "buyer:数字政府"),
    ("_BUYER_FIRST", "恒远环保成功中标智慧医院信息化建设项目，中标金额320万元。", "buyer unknown, never 「智慧医院」", "buyer:智慧医院"),
    ("_BUYER_FIRST", "恒远环保成功中标南京医科大学第二附属医院污水处理站改造项目，中标金额320万元。",
     "buyer 南京医科大学第二附属医院 or none, never 南京医科大学", "buyer:南京医科大学"),
    ("_CHOSEN (recap)", "恒远环保曾被确定为宜兴市城市污水处理厂提标改造项目的设备供应商。", "no win dated now (曾: a recap)", "Project"),
]
for family, text, right, bad in EV:
    @case(f"article_events {family}", text, right)
    def _(text=text, bad=bad):
        fs = events(text)
        if bad.startswith("buyer:"):
            return fs, any(getattr(f, "buyer", None) == bad[6:] for f in fs)
        return fs, any(type(f).__name__ == bad for f in fs)

LONGHU = dict(company="龙湖集团控股有限公司", aliases=("龙湖集团", "龙湖"), title="龙湖集团2024年业绩：营收下滑")
for text, bad in [("今年以来，龙湖出售上海项目，回笼资金约30亿元。", "龙湖出售上海项目"),
                  ("此外，龙湖转让重庆两江项目股权，交易对价12亿元。", "龙湖转让重庆两江项目"),
                  ("龙湖集团今年暂停拿地，龙湖停工项目数量有所增加。", "龙湖停工项目")]:
    @case("article_events projects_named", f"article about 龙湖: 「{text}」", f"no project named 「{bad}」 (a verb phrase, not a project's name)")
    def _(text=text, bad=bad):
        fs = events(text, **LONGHU)
        return fs, any(getattr(f, "name", "") == bad for f in fs)



@pytest.mark.parametrize("family, summary, right, run", CASES, ids=[f"{n:02d}-{c[0]}" for n, c in enumerate(CASES, 1)])
def test_no_wrong_fact(family, summary, right, run):
    facts, wrong = run()
    assert not wrong, f"{family}: {summary}\n got: {'; '.join(brief(f) for f in facts)}\n right: {right}"
