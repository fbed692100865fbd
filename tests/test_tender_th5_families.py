"""Tender notice families met in a fifth set of real notices, each written here as a small page of
its own: notices saved inside source code or a data file (a Java string built with 「" +」, a Go
struct's literals, an SQL row, HTML with escaped quotes), a tab-separated text whose winner's
投标报价 is its deal price, a 中标人公示 grid, Shanghai's 「包为“…”的成交供应商」, a project in
book-title marks, 「由某某建设的」 as the buyer, a bare amount with 整, a call's lots in its heading."""

from __future__ import annotations

from decimal import Decimal

from test_notices import read

from sources.tenders.wrapped import notices_in_code, unescaped

PAGE = "<html><head><title>{title}</title></head><body>{body}</body></html>"


def one(body: str, title: str = ""):
    (project,) = read(PAGE.format(title=title, body=body) if title or body.lstrip().startswith("<") else body)
    return project


def test_a_notice_built_by_java_string_concatenation():
    text = ('由某某招标服务中心有限公司组织的某某市某某舆情监测（项目编号:SHXM-00-2019-1,项目总金额：680000.00）的竞争性磋商方式的采购。\\n" +\n'
            '                "\\n" +\n'
            '                "经评审委员会评审，并经采购人确认，本次成交结果公布如下：\\n" +\n'
            '                "一、成交日期：2019.12.31\\n" +\n'
            '                "二、成交信息：\\n" +\n'
            '                "包为“某某市某某舆情监测”的成交供应商：某某信息技术有限公司，成交供应商地址：某某路1号，成交金额：668082元\\n" +\n'
            '                "代理收费金额：1.02万元";')
    project = one(text)
    assert (project.name, project.winner, project.amount.value) == ("某某市某某舆情监测", "某某信息技术有限公司", Decimal(668082))
    assert project.budget is None or project.budget.value == Decimal(680000)


def test_two_deals_held_as_go_struct_literals_and_a_notice_between_them_that_is_none():
    text = '''package main

func main() {
	a := Article{
		title:   "某某学校（中学部）图书馆改造项目成交公告",
		content: "上海市某某区某某学校《中学部图书馆改造项目》项目综合评议采购（竞争性谈判），经过专家认真评审并经采购人确认，本次成交结果公布如下：\\n1、成交日期：2022年7月13日\\n2、成交供应商：上海某某设备有限公司\\n3、成交金额：408000元",
	}
	b := Article{
		title:   "班主任考核优秀公示",
		content: "经学校考核工作小组综合评估，拟定张三、李四、王五、赵六、钱七、孙八、周九、吴十老师为本学期班主任考核优秀人员。特此公示！\\n\\n公示时间：2022.7.13-2022.7.17\\n\\n如有异议，请与校务委员联系反映情况！",
	}
	c := Article{
		title:   "某某学校（中学部）门厅改造项目成交公告",
		content: "上海市某某区某某学校《中学部门厅改造项目》 项目综合评议采购（竞争性谈判），经过专家认真评审并经采购人确认，本次成交结果公布如下：\\n\\n1、成交日期：2022年7月8日\\n\\n2、成交供应商：上海某某装饰工程有限公司\\n\\n3、成交金额：373000元",
	}
	fmt.Println(a, b, c)
}
'''
    projects = read(text)
    assert [(p.name, p.buyer, p.winner, p.amount.value, p.date.value) for p in projects] == [
        ("中学部图书馆改造项目", "上海市某某区某某学校", "上海某某设备有限公司", Decimal(408000), "2022-07-13"),
        ("中学部门厅改造项目", "上海市某某区某某学校", "上海某某装饰工程有限公司", Decimal(373000), "2022-07-08")]


def test_a_candidates_notice_in_an_sql_row_has_a_buyer_and_no_winner():
    text = ("INSERT INTO `news` VALUES ('313', '某某县某某学校食堂工程中标候选人公示', '站内新闻', "
            "'<P class=MsoNormal style=\\\"TEXT-ALIGN: center\\\">工程建设项目中标候选人公示通告</P>\\r\\n"
            "<P style=\\\"TEXT-INDENT: 2em\\\">由某某县某某学校建设的某某县某某学校食堂工程，招标代理人为某某工程项目管理有限公司。"
            "于2011年1月26日在某某县公共资源交易中心公开开标。第一中标候选人为某某建筑工程有限公司，投标报价723409元；"
            "第二中标候选人为某某爆破工程有限公司，投标报价727362元。</P>\\r\\n<P>某某县公共资源交易中心</P>\\r\\n"
            "<P>2011年1月26日</P>', 'admin', '2014-12-17 09:13:43', 'uploadfile/1.jpg', '1');")
    project = one(text)
    assert (project.name, project.buyer, project.winner, project.amount, project.kind) == \
        ("某某县某某学校食堂工程", "某某县某某学校", None, None, "candidates")
    assert project.date.value == "2011-01-26"


def test_html_with_escaped_quotes_and_an_amount_with_only_zheng():
    body = ('<p>受某某县教育局的委托，某某招标代理有限公司对\\"某某县计算机教室设备采购项目\\"进行公开招标采购，现将中标公告如下：</p>'
            '<p>1、采购项目名称：某某县计算机教室设备采购项目</p><p>2、预算：班班通设备（品目二）175万元；</p>'
            '<p>4、招标信息发布日期：2018年7月10日。</p><p>四、中标供应商名称及中标金额</p>'
            '<p>1、中标供应商名称：某某教学仪器设备有限公司；</p><p>2、中标金额：1739616.00整。</p>'
            '<p>采购单位：某某县教育局</p><p>采购代理机构名称：某某招标代理有限公司</p>')
    project = one(body)
    assert (project.winner, project.amount.value, project.buyer) == ("某某教学仪器设备有限公司", Decimal("1739616"), "某某县教育局")
    assert project.date is None  # the call's 招标信息发布日期 is not this notice's day


def test_a_tab_separated_deal_whose_winners_bid_is_its_price():
    text = ("某某学院多媒体教室建设项目成交结果公示\t\t类型：\t中标信息\t发布时间：\t2016-6-16\t\t\t某某学院多媒体教室建设项目开标会于2016年6月16日举行，"
            "现将结果公告如下：\t一、招标项目名称及编号\t项目名称：某某学院多媒体教室建设项目\t招标编号：ny2016-95\t五、成交信息：\t"
            "成交供应商：河南某某教育科技有限公司\t投标报价：492800.00元\t单位地址：郑州市某某路1号货物 品牌 单价\t投影机 台 20 10800元\t"
            "六、本项目联系方式：\t采 购 人：某某学院\t招标代理：河南某某建设管理有限公司\t成交结果公告期限：自成交结果公告发布之日起一个工作日\t"
            "各有关当事人对评标结果有异议的，可以在成交结果公告期限届满之日起7个工作日内，以书面形式向采购人和采购代理机构提出质疑。\t2016年6月16日")
    project = one(text)
    assert (project.winner, project.amount.value, project.buyer) == ("河南某某教育科技有限公司", Decimal(492800), "某某学院")


def test_a_bid_further_off_than_the_next_line_is_no_award():
    body = ("<h1>某某学院教室建设项目成交结果公示</h1><p>发布时间：2016-6-16</p><p>成交供应商：某某教育科技有限公司</p>"
            "<p>单位地址：郑州市某某路1号</p><p>投标报价：492800.00元</p><p>采购人：某某学院</p>")
    assert one(body).amount is None


def test_a_winners_grid_headed_only_by_its_cells():
    body = ("<table><tr><td colspan='3'><div>中标人公示</div></td></tr><tr><td>项目名称</td><td>某某工业园区供配电设备项目</td></tr>"
            "<tr><td>招标人</td><td>某某开发区发展集团有限公司</td></tr><tr><td>招标公告发布时间</td><td>2017年11月21日</td></tr>"
            "<tr><td>最高限价（元）</td><td>/</td></tr><tr><td>中标人</td><td>某某建设工程有限公司</td></tr>"
            "<tr><td>中标报价（元）</td><td>3891733.2400</td></tr><tr><td></td><td>2018年03月21日</td></tr></table>")
    project = one(body, "某某省招标投标网")
    assert (project.winner, project.amount.value, project.buyer, project.kind) == \
        ("某某建设工程有限公司", Decimal("3891733.24"), "某某开发区发展集团有限公司", "award")


def test_a_call_whose_heading_lists_its_lots_and_whose_funding_is_a_section():
    text = ('<table><tr><td><div>某某市某某水库工程项目-工程质量检测二次招标公告-检测标,其他标招标公告</div>\\n" +\n'
            '                "<div>1.招标条件\\n" +\n'
            '                "<div>某某市某某水库工程项目-工程质量检测二次招标公告已经某某省水利厅批准建设，项目法人和招标人为某某水库建设管理局，建设资金已经落实。</div>\\n" +\n'
            '                "<div>4.资金来源</div><div>财政投资</div>\\n" +\n'
            '                "<div>5.5本次招标不接受联合体投标。</div><div>投标截止时间：2018年4月10日</div>\\n" +\n'
            '                "</td></tr></table>";')
    project = one(text)
    assert (project.name, project.funding_source, project.kind) == ("某某市某某水库工程项目-工程质量检测", "财政投资", "tender")
    assert project.winner is None and project.amount is None


def test_text_that_quotes_a_name_is_read_as_it_is():
    text = ('某某市档案馆数字化加工服务项目成交结果公告 一、项目编号：DA-2024-01 二、采购人：某某市档案馆 三、项目名称："某某市档案馆数字化加工服务项目，'
            '包括档案整理、扫描、著录、挂接等服务内容，服务期一年，采购方式为竞争性磋商，本项目不接受联合体" 四、成交供应商：丙数据科技有限公司 成交金额：86.5万元')
    assert notices_in_code(text) is None


def test_escapes_read_once_and_pages_left_alone():
    assert unescaped('a\\"b\\r\\nc\\\\n') == 'a"b\nc\\n'
    assert notices_in_code('<p class="x">某某项目中标公告</p>') is None
    assert notices_in_code('{"title": "某某项目中标公告"}') is None


def test_hostile_quotes_are_scanned_once():
    # a scan restarting at every quote is quadratic: hours on these megabytes (the suite would hang), not a slowness
    for text in ('\\"' * 500_000, "'" * 1_000_000, '"' + "\\" * 1_000_000, ('"a' + "'b") * 250_000, '"a\\n" +\n' * 100_000):
        found = notices_in_code(text)
        assert found is None or all(isinstance(t, str) for t in found)


def test_a_need_for_building_names_no_buyer():
    body = ("<h1>某某道路工程中标候选人公示</h1><p>由于本市交通部门建设的需要，某某道路工程于2011年1月26日开标。"
            "第一中标候选人为某某建筑工程有限公司，投标报价723409元。</p><p>2011年1月26日</p>")
    assert one(body).buyer is None


def test_a_notice_commented_out_line_by_line():
    text = ("// <h1>某某市档案馆数字化加工服务项目成交结果公告</h1>\n// <p>发布时间：2024-05-06</p>\n// <p>一、项目编号：DA-2024-01</p>\n"
            "// <p>二、采购人：某某市档案馆</p>\n// <p>三、成交供应商：丙数据科技有限公司</p>\n// <p>成交金额：86.5万元</p>\n")
    project = one(text)
    assert (project.winner, project.amount.value, project.buyer) == ("丙数据科技有限公司", Decimal(865000), "某某市档案馆")
    assert notices_in_code("# 一行\n正文没有注释\n# 两行") is None
