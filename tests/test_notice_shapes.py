"""Procurement notices in the shapes real notices use, each written here for its family (the real
pages themselves are scored in test_realworld.py)."""

from __future__ import annotations

from decimal import Decimal

from test_notices import read

SUMMARY = """<html><head><title>{title}</title></head><body>{body}</body></html>"""


def one(body: str, title: str = "某某医院设备采购项目中标公告"):
    (project,) = read(SUMMARY.format(title=title, body=body))
    return project


def test_a_plain_supplier_column_under_a_results_heading_is_the_winner():
    project = one("""<table><tr><td class="title">总中标金额</td><td>￥256.930317 万元（人民币）</td></tr>
    <tr><td class="title">采购单位</td><td>沧州某某医院</td></tr></table>
    <p><strong>三、中标（成交）信息</strong></p>
    <table><tr><th>供应商名称</th><th>供应商地址</th><th>供应商编码</th></tr><tr><td>吉荣某某家具有限公司</td><td>泊头市</td><td>9113098171580482XT</td></tr></table>""")
    assert project.winner == "吉荣某某家具有限公司" and project.amount.value == Decimal("2569303.17") and project.buyer == "沧州某某医院"


def test_one_results_table_per_lot_under_its_lot_heading():
    lots = "".join(f"""<p>第{n}包 ：</p><table><tr><th>供应商名称</th><th>供应商地址</th><th>中标金额(万元)</th><th>评审得分</th></tr>
    <tr><td>{w}</td><td>天津市</td><td>{a}</td><td>90.5</td></tr></table>
    <table><tr><th>排序</th><th>供应商名称</th><th>评审报价（万元）</th></tr><tr><td>1</td><td>{w}</td><td>149.2</td></tr>
    <tr><td>2</td><td>某某落选有限公司</td><td>100</td></tr></table>""" for n, w, a in [(1, "甲医药有限公司", "237.5"), (2, "乙电子有限公司", "257")])
    projects = read(SUMMARY.format(title="某某医院超声诊断仪采购项目中标公告", body="<p>采购人：某某医院</p>" + lots))
    assert [(p.lot, p.winner, p.amount.value) for p in projects] == [("包1", "甲医药有限公司", 2375000), ("包2", "乙电子有限公司", 2570000)]


def test_one_supplier_may_win_two_lots_told_block_after_block():
    blocks = "".join(f"<p>第{n}包</p><p>中标（成交）供应商名称：{w}</p><p>中标（成交）金额：人民币{a} 万元</p>"
                     for n, w, a in [("一", "软某计算机有限公司", "95.55"), ("二", "软某计算机有限公司", "212.2855"), ("三", "华某终端有限公司", "821.522")])
    projects = read(SUMMARY.format(title="台式计算机批量集中采购项目中标公告", body="<p>采购人：某某采购中心</p>" + blocks))
    assert [(p.winner, float(p.amount.value)) for p in projects] == [  # noqa: RUF015
        ("软某计算机有限公司", 955500.0), ("软某计算机有限公司", 2122855.0), ("华某终端有限公司", 8215220.0)]


def test_a_buyer_named_only_in_a_sentence():
    for sentence in ("某某招标代理有限公司受福建省某某厅的委托，对下列项目进行公开招标。",
                     "北京某某科技有限公司于2011年09月20日 在某某电子采购平台发布的采购项目，最终确认采购结果如下。",
                     "本项目招标人为 湖州某某投资发展集团有限公司 ，招标代理为 某某咨询有限公司。"):
        project = one(f"<p>{sentence}</p><p>成交供应商名称：某某科技有限公司</p><p>成交金额：人民币3850元</p>", "某某电脑采购项目成交公告")
        assert project.buyer in ("福建省某某厅", "北京某某科技有限公司", "湖州某某投资发展集团有限公司"), sentence


def test_a_funding_source_keeps_its_own_bracket_and_drops_a_forms_hint():
    call = "某某改造工程招标公告"
    assert one("<p>招标人为某某建设管理有限公司，建设资金来自财政（自筹/财政），项目已具备招标条件。</p><p>项目编号：JS-1</p>", call).funding_source == "财政"
    assert one("<p>招标人为某某地铁运营有限责任公司，建设资金来自国有（非政府投资），项目已具备招标条件。</p><p>项目编号：JS-2</p>",
               call).funding_source == "国有（非政府投资）"


def test_a_value_cut_by_inline_markup_is_read_whole():
    project = one("""<p><span>一、项目名称：</span><u>车场信息化改造（</u><u>四</u><u>次）</u></p><p>二、项目编号：2024-JL-W3002</p>
    <p><span>2.项目预</span><span>算：</span><u>25万元</u></p><p>2024年11月01日</p>""", "竞争性谈判公告")
    assert project.name == "车场信息化改造（四次）" and project.budget.value == 250000


def test_the_winners_bid_is_the_award_only_where_no_award_price_and_one_bid_are_given():
    table = "<table><tr><td>招标单位</td><td>某某社区卫生服务中心</td><td>中标单位</td><td>某某建筑设计研究院有限公司</td></tr>{row}</table>"
    single = one(table.format(row="<tr><td>投标报价</td><td>1800000元</td></tr>"), "某某新建工程设计 成交结果")
    assert single.amount.value == 1800000
    two = one(table.format(row="<tr><td>投标报价</td><td>1800000元</td><td>投标报价</td><td>1750000元</td></tr>"), "某某新建工程设计 成交结果")
    assert two.amount is None


def test_form_placeholders_and_a_sites_name_never_reach_a_field():
    project = one("""<h4>(市交易中心) 南京某某通风空调节能控制系统采购集成招标公告308831</h4><p>招标人：&&&招标人盖章位置2&&&南京某某运营有限责任公司</p>
    <p>项目编号：NJ-1</p>""", "江苏省公共资源交易网")
    assert project.buyer == "南京某某运营有限责任公司" and project.name == "南京某某通风空调节能控制系统采购集成"


def test_the_calls_date_is_not_the_notices():
    project = one("""<p>采购单位名称：国家某某总局</p><p>总中标金额合计：1086万元（人民币）</p><p>中标供应商名称：某某科技股份有限公司</p>
    <p>招标公告日期：2019年7月25日</p><p>中标日期：2019年8月23日</p>""", "门户网站CDN镜像和访问加速服务项目中标公告")
    assert project.amount.value == 10_860_000 and project.date.value == "2019-08-23"


def test_a_notice_whose_body_never_loaded_still_gives_its_project_and_day():
    project = one("<p>发布时间：2011-08-29</p><p>没找到中秋节月饼采购项目成交公告的内容文件！</p>", "中秋节月饼采购项目成交公告")
    assert (project.name, project.date.value, project.winner, project.amount) == ("中秋节月饼采购项目", "2011-08-29", None, None)


def test_a_template_filled_sentence_with_spaces_around_the_names():
    call = "<p>广东某某招标代理有限公司 受 广州市第八人民医院 的委托，对 某某试剂采购项目 进行公开招标采购。</p><p>一、采购项目编号：GZ-1</p>"
    assert one(call, "某某试剂采购项目招标公告").buyer == "广州市第八人民医院"


def test_a_signature_dated_in_han_numerals():
    call = "<p>采购单位：晋江市某某医院</p><p>项目编号：FJ-1</p><p>福建某某招标有限公司</p><p>二〇一五年九月二十八日</p>"
    assert one(call, "某某医疗设备采购项目招标公告").date.value == "2015-09-28"


# What a fresh-eyes review fed the reader to make it say something false; each must stay unsaid.
T = "某某医院设备采购项目中标公告"
LABELLED = "<p>采购人：某某医院</p><p>中标供应商：丙科技有限公司</p><p>中标金额：86.5万元</p>"


def test_tables_after_the_result_are_not_the_result():
    contacts = (LABELLED + "<p>各有关当事人对中标结果有异议的，可在公告期内提出质疑。</p><table><tr><th>单位名称</th><th>地址</th><th>联系人</th></tr>"
                "<tr><td>某某医院</td><td>人民路1号</td><td>王老师</td></tr><tr><td>某某招标代理有限公司</td><td>解放路2号</td><td>李工</td></tr></table>")
    losers = ("<p>采购人：某某医院</p><p>三、中标（成交）信息</p><p>中标供应商：丙科技有限公司</p><p>中标金额：86.5万元</p><p>四、未中标（成交）供应商信息</p>"
              "<table><tr><th>序号</th><th>供应商名称</th><th>原因</th></tr><tr><td>1</td><td>甲信息技术有限公司</td><td>得分排序第二</td></tr>"
              "<tr><td>2</td><td>乙数码有限公司</td><td>报价超预算</td></tr></table>")
    items = (LABELLED + "<p>三、中标（成交）信息</p><table><tr><th>名称</th><th>品牌</th><th>规格型号</th><th>数量</th></tr>"
             "<tr><td>图形工作站</td><td>联想</td><td>P920</td><td>10</td></tr><tr><td>服务器</td><td>华为</td><td>2288</td><td>2</td></tr></table>")
    for body in (contacts, losers, items):
        (project,) = read(SUMMARY.format(title=T, body=body))
        assert (project.winner, project.amount.value) == ("丙科技有限公司", 865_000)


def test_a_ranking_is_not_a_list_of_winners():
    body = ("<p>采购人：某某医院</p><p>中标结果：</p><table><tr><th>序号</th><th>供应商名称</th><th>综合得分</th><th>排名</th></tr>"
            "<tr><td>1</td><td>丙科技有限公司</td><td>92.5</td><td>1</td></tr><tr><td>2</td><td>甲信息技术有限公司</td><td>88</td><td>2</td></tr></table>")
    assert [p.winner for p in read(SUMMARY.format(title=T, body=body))] in ([None], [])


def test_a_losers_bid_and_a_monthly_rate_are_no_award():
    loser = one("<p>招标人：某某市政管理处</p><p>中标人：甲建设有限公司</p><p>其他投标人：乙建设有限公司，投标报价：398万元，未中标原因：技术分较低</p>",
                "某某道路工程施工中标结果公示")
    rate = one("<p>采购人：某某医院</p><p>成交供应商：甲物业管理有限公司</p><p>报价：每月10万元</p>", "某某物业服务项目成交结果公告")
    assert loser.amount is None and rate.amount is None


def test_sentences_that_do_not_name_the_buyer_or_the_funding():
    agency = one("<p>某某项目管理有限公司于2024年4月1日在中国政府采购网发布了某某学校教学设备采购项目竞争性磋商公告，现将成交结果公告如下：</p>"
                 "<p>成交供应商名称：甲科技有限公司</p><p>成交金额：86万元</p>", "某某学校教学设备采购项目成交公告")
    role = one("<p>某某招标代理有限公司受采购人某某区教育局委托，对电脑采购项目进行公开招标。</p><p>中标供应商：甲科技有限公司</p>", "某某区教育局电脑采购项目中标公告")
    cost = one("<p>招标人：某某市政管理处</p><p>项目编号：SZ-1</p><p>投标所需资金由投标人自行承担。</p>", "某某道路维修工程招标公告")
    two = one("<p>本招标项目已批准建设，招标人为某某城投有限公司，建设资金来自自筹。</p><p>某某代理有限公司受某某集团有限公司委托</p><p>项目编号：X-1</p>",
              "某某工程施工招标公告")
    assert (agency.buyer, agency.date) == (None, None) and role.buyer == "某某区教育局"
    assert cost.funding_source is None and two.buyer is None


def test_a_winner_named_again_in_the_contacts_is_no_lot():
    body = ("<p>采购人：某某医院</p><p>第一包</p><p>中标供应商：甲医疗科技有限公司</p><p>中标金额：100万元</p><p>第二包</p><p>中标供应商：乙电子有限公司</p>"
            "<p>中标金额：200万元</p><p>九、联系方式</p><p>中标供应商：甲医疗科技有限公司</p><p>联系电话：0571-1234567</p>")
    assert [(p.winner, p.amount.value) for p in read(SUMMARY.format(title=T, body=body))] == [("甲医疗科技有限公司", 1_000_000), ("乙电子有限公司", 2_000_000)]


def test_a_suppliers_total_over_two_lots_is_pinned_on_neither():
    body = ("<p>采购人：某某医院</p><table><tr><th>包号</th><th>中标供应商</th><th>供应商地址</th></tr><tr><td>1</td><td>丙科技有限公司</td><td>北京</td></tr>"
            "<tr><td>2</td><td>丙科技有限公司</td><td>北京</td></tr></table><p>合同信息</p><table><tr><th>供应商名称</th><th>合同金额(万元)</th></tr>"
            "<tr><td>丙科技有限公司</td><td>300</td></tr></table>")
    assert [(p.lot, p.amount) for p in read(SUMMARY.format(title=T, body=body))] == [("包1", None), ("包2", None)]


def test_a_lists_heading_is_no_project_and_a_tag_is_no_name():
    assert read(SUMMARY.format(title="广东省政府采购中标公告 - 广东政府采购网", body="<h2>广东省政府采购中标公告</h2><p>加载中...</p><div>更新时间：2024-05-06</div>")) == []
    assert one(LABELLED, "【中标公告】某某医院设备采购项目").name == "某某医院设备采购项目"


def test_the_proposed_winner_of_a_result_notice_and_of_a_pre_award_notice():
    body = "<p>2024-2025年计量仪表外协检定项目（项目编号：RAYF-2024-88）</p><p>拟成交人：广西某某检验检测有限公司</p><p>拟成交金额：人民币135416元</p>"
    result = one(body, "广西某某水泥有限公司2024-2025年计量仪表外协检定项目成交结果公告")
    assert (result.winner, result.amount.value) == ("广西某某检验检测有限公司", 135416)
    # a pre-award notice names its winner before the objection period ends; its candidates are none
    pre = one("<p>采购人：某某医院</p><p>拟中标人：广西某某检验检测有限公司</p><p>拟中标金额：人民币135416元</p>", "某某医院设备采购项目拟中标公示")
    assert (pre.winner, pre.amount.value) == ("广西某某检验检测有限公司", 135416)
    ranked = one("<p>采购人：某某医院</p><p>第一预中标候选人：广西某某检验检测有限公司</p><p>投标报价：人民币135416元</p>", "某某医院设备采购项目预中标候选人公示")
    assert (ranked.winner, ranked.amount) == (None, None)


def test_a_call_in_lots_gives_each_lot_its_name_and_budget():
    body = """<p>项目编号：LY-2022-1</p><p>项目名称：凌云县某某医院整体搬迁项目医疗设备和办公设备采购</p><p>预算总金额（元）：12461000</p>
    <p>标项名称：凌云县某某医院整体搬迁项目医疗设备采购1分标</p><p>预算金额（元）：10230000</p>
    <p>标项名称：凌云县某某医院整体搬迁项目办公设备采购2分标</p><p>预算金额（元）：2231000</p><p>1.采购人信息</p><p>名 称：凌云县某某医院</p>"""
    projects = read(SUMMARY.format(title="凌云县某某医院整体搬迁项目医疗设备和办公设备采购公开招标公告", body=body))
    assert [(p.name, p.budget.value, p.buyer) for p in projects] == [
        ("凌云县某某医院整体搬迁项目医疗设备采购1分标", 10_230_000, "凌云县某某医院"), ("凌云县某某医院整体搬迁项目办公设备采购2分标", 2_231_000, "凌云县某某医院")]


def test_a_notice_saved_as_text_with_its_markup_stripped():
    text = ("竞争性谈判成交公告  \t\t  公告日期：2018年11月21日  \t\t  湖南某某大学  的  教职工住宅区防水维修工程  竞争性谈判采购项目于   2018年11月20日  结束，"
            "现将成交结果公告如下：\t\t\t一、项目名称采购项目名称：   湖南某某大学教职工住宅区防水维修工程项目           预算金额：   950,000.00   元   \t\t"
            "二、采购人：  湖南某某大学   \t\t三、成交信息  \t\t成交供应商：   湖南某某工程有限公司   \t\t成交金额：703900  元。  \t\t" + "其他事项说明。  " * 40)
    project = one(f"<p>{text}</p>", "竞争性谈判成交公告")
    assert (project.name, project.buyer, project.winner, project.amount.value, project.date.value) == (
        "湖南某某大学教职工住宅区防水维修工程项目", "湖南某某大学", "湖南某某工程有限公司", 703_900, "2018-11-21")


def test_a_qualifications_contract_amount_is_no_award():
    body = "<p>采购人：某某医院</p><p>成交供应商：甲科技有限公司</p><p>业绩要求单项合同金额：不少于800万元</p>"
    assert one(body, "某某医院信息系统采购项目成交公告").amount is None


def text_notice(text: str):
    """A notice saved as plain text (a scraper's output), read as the page it is."""
    return read(text)


def test_a_table_saved_as_text_pairs_each_label_cell_with_the_cell_after_it():
    text = (" 某某市体育公园项目施工中标公示 招标人   某某投资控股集团有限公司   工程名称  某某市体育公园项目施工（BZGC2016202）   "
            "招标方式  公开招标   中标单位名称  第一中标候选人：甲建设集团有限公司   公示时间  至2016年10月25日   "
            "质疑（异议）联系电话  招标人：0558-5582632 招标机构：0558-5991108   " + "备注说明。  " * 60)
    (project,) = text_notice(text)
    # the buyer is the cell after 招标人, never the phone number labelled 招标人 in the contacts;
    # the project's number in brackets is not its name; a publicity period's end is not the day
    assert (project.name, project.buyer, project.kind, project.date) == ("某某市体育公园项目施工", "某某投资控股集团有限公司", "candidates", None)


def test_a_label_spaced_out_in_text_and_a_result_deadline_in_a_candidates_notice():
    text = ("某某基地（施工）中标候选人公示\n来源: 某某工程建设咨询有限公司 发布时间: 2017-12-22\n" + "根据法律、法规的规定，现公示下列内容：\n" * 8 +
            " 第一中标候选人：甲建筑安装有限公司\n中标价：1930000.00（元）       工  期：57日历天\n 中标结果公示至2017年12月25日。\n"
            "                      招  标  人：某某投资（集团）有限公司\n                     招标代理人：某某工程建设咨询有限公司  \n"
            "                                  2017年12月22日")
    (project,) = text_notice(text)
    assert (project.name, project.buyer, project.agency, project.date.value, project.winner) == (
        "某某基地（施工）", "某某投资（集团）有限公司", "某某工程建设咨询有限公司", "2017-12-22", None)


def test_an_amendment_saved_as_one_line_of_text():
    text = ("START4283 中标信息详情 [朝阳]某某装备更新成交公告更正公告 2020-10-3013：03：16 一、项目基本情况 原公告的采购项目编号：CYCG_20_1846 "
            "原公告的采购项目名称：某某装备更新 首次公告日期：2020-10-2916：42地址：http：//www.example.gov.cn/t1.html 二、更正信息 更正事项：采购结果 "
            "更正内容： 1、主要标的信息中数量1更正为195 更正日期：2020-10-3011：00 三、其他补充事宜 / 四、凡对本次公告内容提出询问，请按以下方式联系。 "
            "1.采购人信息 名称：某某市公安局某某分局机关 地址：某某路1号 联系方式：吕某,85953808 2.采购代理机构信息 名称：某某咨询有限公司 地　址：某某公园内 END")
    (project,) = text_notice(text)
    # the day printed with its time glued on is the notice's; the first notice's day (首次公告日期) is not
    assert (project.name, project.buyer, project.agency, project.number, project.date.value) == (
        "某某装备更新", "某某市公安局某某分局机关", "某某咨询有限公司", "CYCG_20_1846", "2020-10-30")


def test_a_date_split_into_spans_is_one_date():
    body = ("<p>评标工作于<span>2018</span>\n<span>年</span>\n<span>4</span>\n<span>月</span>\n<span>25</span>\n<span>日</span>结束。</p>"
            "<p>招标人：某某工程管理处</p><p>投标人排序：第一名 甲建筑工程有限责任公司</p>"
            "<p>招标人：某某工程管理处</p><p><span>2018</span>\n<span>年</span>\n<span>4</span>\n<span>月</span>\n<span>26</span>\n<span>日</span></p>")
    assert one(body, "某某险工治理工程中标候选人公示").date.value == "2018-04-26"


def test_notices_carried_in_a_trading_platforms_json_response():
    bulletin = ("<div><h2>中标结果公告</h2><table><tr><td>标段名称：</td><td><span>某某安置房建设项目{lot}标段施工</span></td></tr>"
                "<tr><td>发布时间：</td><td><span>2017-11-06 09:00:00</span></td></tr><tr><td>中标人：</td><td><span>{winner}</span></td></tr>"
                "<tr><td>中标价：</td><td><span>{amount}万元</span></td></tr></table></div>")
    import json
    body = json.dumps({"winBidBulletin": [
        {"bulletinName": "某某安置房建设项目一、二、三标段施工中标结果公告", "bulletinContent": bulletin.format(lot=lot, winner=w, amount=a)}
        for lot, w, a in (("三", "甲建设有限公司", "10544.101347"), ("二", "乙工程有限公司", "12534.956553"))]})
    projects = read(body)
    # each notice once, named by its own 标段名称 (not the heading 中标结果公告), never markup as text
    assert [(p.name, p.winner, float(p.amount.value), p.date.value) for p in projects] == [
        ("某某安置房建设项目三标段施工", "甲建设有限公司", 105441013.47, "2017-11-06"),
        ("某某安置房建设项目二标段施工", "乙工程有限公司", 125349565.53, "2017-11-06")]


def test_a_notice_word_alone_names_no_project():
    assert read(SUMMARY.format(title="中标结果公告", body="<p>中标人：甲建设有限公司</p><p>中标价：100万元</p>")) == []


def test_an_amount_in_capital_numerals_with_its_figure_in_brackets_and_a_table_after_it():
    body = ("<p>采购人：某某市教育局</p><p>中标供应商：甲信息技术有限公司</p>"
            "<p>中标金额：人民币贰佰贰拾捌万捌仟贰佰叁拾壹元柒角贰分（RMB2,288,231.72）主要中标标的情况如下：序号主要标的名称规格型号数量单价（人民币元）"
            "1教育云资源管理应用平台V3.28套6830.00</p>")
    project = one(body, "某某市教育局某某示范校项目（C包）采购项目（项目编号：CLPSP16ZH04ZC25）的中标公告")
    assert (project.name, float(project.amount.value)) == ("某某市教育局某某示范校项目（C包）采购项目", 2288231.72)


def test_a_flattened_table_row_one_space_per_cell():
    text = ("\t项目及标段名称 某某旅游基础设施建设项目施工、监理(施工标段) 项目业主 某某旅游发展局 项目业主联系电话 0837-6822888 "
            "招标人 某某旅游发展局 招标人联系电话 0837-6822888 招标代理机构 某某工程招标咨询有限公司 开标时间 2018-12-14 10:00:00 流标 流标原因\n"
            + "\t1.投标人或者其他利害关系人对评标结果有异议的，应当在中标候选人公示期间提出。\n" * 5)
    (project,) = text_notice(text)
    assert (project.name, project.buyer, project.agency) == ("某某旅游基础设施建设项目施工、监理(施工标段)", "某某旅游发展局", "某某工程招标咨询有限公司")


def test_winners_named_in_a_sentence_lot_by_lot_and_a_buyer_as_the_subject_of_its_tender():
    body = """<div>某某部队对仪器设备进行了公开招标，现就评审结果公示如下：
一、项目名称：仪器设备
二、项目编号：2020-ABC-1
三、评审结果
第一包：便携式测试仪
1.甲通信设备有限公司；
2.乙科技有限公司；
根据评审结果，确定排名第一的甲通信设备有限公司为中标供应商。
第二包：精密温度计
1.甲通信设备有限公司；
2.丙仪器有限公司；
根据评审结果，确定排名第一的甲通信设备有限公司为中标供应商。
联系人：张主任
某某部队
2020年6月16日</div>"""
    projects = read(SUMMARY.format(title="某某部队仪器设备中标结果公示", body=body))
    assert [(p.name, p.lot, p.winner, p.buyer, p.date.value) for p in projects] == [
        ("便携式测试仪", "包1", "甲通信设备有限公司", "某某部队", "2020-06-16"),
        ("精密温度计", "包2", "甲通信设备有限公司", "某某部队", "2020-06-16")]
    # a candidate is no winner
    body = "<p>采购人：某某局</p><p>评标委员会确定甲科技有限公司为中标候选人。</p>"
    assert one(body, "某某局设备采购项目中标公告").winner is None


def test_a_proposed_winner_and_its_price_after_a_comma_in_a_results_notice():
    body = """<h1>评审结果公示：校园景石安装项目</h1><p>评审委员会确定了该项目评审结果，现公示如下：</p>
    <p>拟中标人：甲园林建设有限公司，中标价（￥）110000元。</p><p>其他有效投标人：乙建筑工程有限公司，投标报价（￥）117900元。</p>"""
    project = one(body, "评审结果公示：校园景石安装项目")
    assert (project.name, project.winner, project.amount.value) == ("校园景石安装项目", "甲园林建设有限公司", 110000)


def test_a_results_form_with_a_ticked_box_and_a_result_that_recalls_its_candidates_stage():
    form = """<table><tr><td>招标人</td><td>某某投资开发（集团）有限公司</td></tr><tr><td>工程名称</td><td>某某中心装修工程</td></tr>
    <tr><td>招标方式</td><td>√公开 □邀请</td></tr><tr><td>拦标价(万元)</td><td>1092.27</td></tr>
    <tr><td>拟中标人</td><td>甲建设工程有限公司</td></tr><tr><td>中标价(万元)</td><td>1081.35</td></tr></table>"""
    project = one("<p>中标公示发布登记表</p>" + form, "某某中心装修工程-")
    assert (project.kind, project.winner, project.amount.value) == ("award", "甲建设工程有限公司", Decimal("10813500"))
    after = "<p>某某铁路工程甲供物资采购的招标中标候选人公示已结束。现就本次招标的中标结果公示如下：</p><p>中标人名称：乙电缆有限公司</p><p>招标人：某某铁路局集团有限公司</p>"
    assert one(after, "某某铁路工程甲供物资采购 中标结果公告").winner == "乙电缆有限公司"


def test_several_winners_of_one_project_in_one_value():
    body = "<p>采购人：某某局</p><p>中标单位：甲科技股份有限公司、乙环保科技有限公司、丙科技股份有限公司。</p>"
    projects = read(SUMMARY.format(title="某某局运营维护单位招标项目中标公告", body=body))
    assert [p.winner for p in projects] == ["甲科技股份有限公司", "乙环保科技有限公司", "丙科技股份有限公司"]


def test_a_construction_call_names_its_project_lot_budget_and_funding_in_sentences():
    body = """<p>招标项目编号：I1200001</p><p>施工招标公告</p><p>1、招标条件</p>
    <p>本招标项目某某厂房提升改造项目已由某某区行政审批局批准建设，招标人为某某园区管理有限公司。建设资金为16000000元，
    资金来源为国内银行贷款11200000元，自筹及其他资金4800000元，资金来源已经落实。</p>
    <p>一标段：标段名称：某某仓库屋面防水工程施工</p><p>招标范围：屋面防水。本标段投资额约413.59万元。</p>
    <p>招标人：</p><p>某某园区管理有限公司</p><p>电话：</p><p>022-82939816</p><div>日期：2025年11月26日</div>
    <p>举报及投诉受理单位：</p><p>某某区建设工程招标服务站</p>"""
    project = one(body, "施工招标公告")
    assert (project.name, project.budget.value, project.funding_source, project.date.value) == (
        "某某厂房提升改造项目", Decimal("4135900"), "国内银行贷款11200000元，自筹及其他资金4800000元", "2025-11-26")


def test_an_amendment_dated_by_its_sentence_and_named_past_a_link():
    body = """<p>某某国际经贸有限公司受招标人委托对下列产品进行国际公开竞争性招标，于2025-09-19在中国国际招标网发布变更公告。<br/>
    招标项目编号:0730-2440<br/>招标项目名称:<a href="/u/1">无锡某某电路有限公司</a>项目-激光切割机【重新招标】<br/>
    招标人:<br/><a href="/u/1">无锡某某电路有限公司</a><br/>投标截止时间（开标时间）:2025-10-30 10:00</p>"""
    project = one(body, "")
    assert (project.name, project.buyer, project.date.value) == ("无锡某某电路有限公司项目-激光切割机【重新招标】", "无锡某某电路有限公司", "2025-09-19")


def test_a_companys_own_call_named_only_by_its_label_is_a_notice():
    text = ("一、招标项目简介 1、项目名称：某某厂编码器等电器备件招标 2、送货地点：某某厂。 " + "三、投标单位资质要求 投标人具有法人地位。 " * 20 +
            "五、报名 1、报名截止日期：2018年12月23日 13时30分")
    (project,) = text_notice(text)
    assert (project.name, project.buyer) == ("某某厂编码器等电器备件招标", None)


def test_a_platforms_json_is_read_as_the_registrys_json_is_half_characters_and_depth_bounded():
    body = ('{"a": [{"bulletinName": "某某项目中标公告", "bulletinContent": "<p>采购人：某某局\\ud800</p>'
            '<p>中标供应商：甲有限公司</p><p>中标金额：100万元</p>' + "<p>说明文字。</p>" * 20 + '"}]}')
    (project,) = read(body)  # a half character escaped in the JSON is U+FFFD, never a crash downstream
    assert project.buyer == "某某局\ufffd" and project.winner == "甲有限公司"
    assert read("[" * 100_000 + "]" * 100_000) == []  # too deep to be JSON we read: read as the text it is


def test_a_pre_award_notice_names_its_winners_one_project_each():
    body = """<p>某某招标有限公司受某某监察总队委托，现就本次招标的结果公示如下：</p><p>一、招标项目名称：某某设备运营维护单位招标项目</p>
    <p>四、中标信息</p><p>本次招标项目预中标单位：甲科技股份有限公司、乙环保科技有限公司、丙科技股份有限公司。</p><p>采购单位：某某监察总队</p>"""
    projects = read(SUMMARY.format(title="某某招标有限公司关于某某设备运营维护单位招标项目预中标公示", body=body))
    assert [(p.winner, p.buyer, p.kind) for p in projects] == [
        ("甲科技股份有限公司", "某某监察总队", "award"), ("乙环保科技有限公司", "某某监察总队", "award"), ("丙科技股份有限公司", "某某监察总队", "award")]


def test_bracket_numbered_labels_and_another_notices_day():
    body = """<span>1、项目名称：某某证书采购项目</span><br/><span>2、项目编号：GC-0001</span><br/>
    <span>3、招标公告发布日期：2015年10月21日</span><br/><span>4、变更公告发布日期：2015年10月30日</span><br/>
    <span>（1）中标供应商名称：甲印务有限公司</span><br/><span>（2）中标供应商联系地址：某市某路24号</span><br/>
    <span>（3）中标金额：人民币 513万元</span><br/><span>采购人名称：某某考试中心</span>"""
    project = one(body, "")
    assert (project.winner, project.amount.value, project.buyer, project.date) == ("甲印务有限公司", 5_130_000, "某某考试中心", None)


def test_a_party_section_over_its_name_line():
    body = """<p>成交结果公告</p><p>二、项目名称：某某医院液氧供应</p><p>三、成交信息：</p><p>供应商名称：甲气体有限公司</p>
    <p>1、采购人信息：</p><p>名称：某某医院</p><p>2、采购代理机构：</p><p>名称：乙招投标有限公司</p><p>地址：某市某路6号</p>"""
    project = one(body, "某某医院液氧供应成交结果公告")
    assert (project.buyer, project.agency, project.winner) == ("某某医院", "乙招投标有限公司", "甲气体有限公司")


PAD = "其他事项说明。  " * 30


def test_labels_glued_to_the_value_before_them_in_text():
    text = ("某某软件采购结果公告 某某市公安局的某某软件采购竞争性谈判采购项目于结束，现将成交结果公告如下。一、项目名称　　采购项目名称： 某某软件采购"
            "　　预算金额(元)： 279000 （三）、成交供应商名称、地址和成交金额　成交供应商名称：甲信息技术股份有限公司　地址：某市某路678号"
            "　成交金额(元)：272000备注： /四、谈判小组成员名单 " + PAD + "七、联系方式：采购人名称：某某市公安局采购代理机构名称：乙工程咨询有限责任公司电话：0731-1")
    (project,) = text_notice(text)
    assert (project.buyer, project.agency, project.winner, project.amount.value, project.budget.value) == (
        "某某市公安局", "乙工程咨询有限责任公司", "甲信息技术股份有限公司", 272000, 279000)
    # a label inside a longer one is not cut out of it: 「单项合同金额：」 is a qualification, no award
    qualification = "<p>采购人：某某局</p><p>成交供应商：甲有限公司</p><p>资格要求：近三年单项合同金额：不低于100万元</p>"
    assert one(qualification, "某某局设备采购成交公告").amount is None


def test_a_glued_results_row_whose_status_says_won():
    text = ("某某中心系统开发采购结果公告 某某项目管理有限公司 受某某中心的委托，对系统开发采购项目进行公开招标，现将采购结果公告如下。"
            "一、采购项目情况　 采购项目名称： 系统开发采购 " + PAD + "四、中标人供货明细标段中标候选人名称中标候选人地址中标金额状态供货明细"
            "一甲数码科技股份有限公司   某市某区某路46号518室 8,192,150.00元中标详见附件五、流废标情况说明：无 采购人名称：某某中心")
    (project,) = text_notice(text)
    assert (project.kind, project.winner, project.amount.value) == ("award", "甲数码科技股份有限公司", Decimal("8192150"))


def test_a_result_cell_after_a_price_and_a_winners_label_glued_to_its_name():
    text = ("竞争性谈判成交公告  \t\t  公告日期：2018年11月21日  \t\t一、项目名称采购项目名称：   某某防水维修工程项目   \t\t四、谈判情况  \t\t"
            "供应商名称  \t\t最终报价  \t\t评审结果  \t\t 甲工程有限公司  \t\t 703,900.00  \t\t 中标供应商  \t\t 乙防水工程有限公司  \t\t"
            " 725,600.00  \t\t 有效投标人  \t\t" + PAD + "五、供货明细  \t\t中标供应商甲工程有限公司  \t\t二、采购人：  某某大学  ")
    (project,) = text_notice(text)
    assert project.winner == "甲工程有限公司"


def test_a_results_table_saved_one_space_per_cell():
    body = ("<p>一、项目编号：SD-0001 二、项目名称：医疗设备购置项目(二次) 三、采购结果 采购包1: 供应商名称 供应商地址 中标（成交）金额 评审总得分 "
            "甲医用制品有限公司 某市某区某路289号 1,992,000.00元 82.07 四、主要标的信息 代理服务费金额： 19434元。 1.采购人信息 名称： 某某附属医院</p>")
    project = one(body, "")
    assert (project.name, project.winner, project.amount.value, project.buyer) == ("医疗设备购置项目(二次)", "甲医用制品有限公司", 1_992_000, "某某附属医院")


def test_a_summary_table_saved_as_text_its_cells_glued():
    text = ("某某设备采购竞争性磋商公告2023年07月04日 12:08 公告概要：采购项目名称某某设备采购品目货物/专用设备采购单位某某训练中心行政区域上海市"
            "公告时间2023年07月04日 12:08获取采购文件时间2023年07月04日至2023年07月11日预算金额￥73.080000万元（人民币）联系人及联系方式："
            "项目联系人王某项目联系电话021-1234采购单位某某训练中心采购单位地址某区某路300号代理机构名称甲招标服务有限公司代理机构地址某路210号"
            "项目概况某某设备采购的潜在供应商应在某地获取采购文件。一、项目基本情况 " + PAD)
    (project,) = text_notice(text)
    assert (project.name, project.buyer, project.agency, project.budget.value, project.date.value) == (
        "某某设备采购", "某某训练中心", "甲招标服务有限公司", 730800, "2023-07-04")


def test_the_buyer_where_no_label_names_it():
    # the company a project's site is, without the province and the city its name repeats
    text = "一、招标项目简介 1、项目名称：某某厂备件招标 2、项目位置：江苏省南京市南京某某钢铁股份有限公司。 " + PAD + "五、报名 1、报名截止日期：2018年12月23日"
    assert [p.buyer for p in text_notice(text)] == ["南京某某钢铁股份有限公司"]
    # the body a project is named for
    owned = one("<p>采购项目编号：ZJ-2025-57</p>", "某某县体育中心（某某学校）的学生用车服务采购项目合同")
    assert owned.buyer == "某某县体育中心（某某学校）"
    # a heading that puts the buyer before the project the body names alone; the buyer signs
    body = """<p>2024-2025年计量仪表外协检定项目（项目编号：RAYF-2024-88），采购工作已结束，现将采购结果公示如下：</p>
    <p>拟成交人：甲检验检测有限公司</p><p>拟成交金额：人民币135416元</p><p>某某水泥有限公司</p><p>2024年8月31日</p>"""
    project = one(body, "某某水泥有限公司2024-2025年计量仪表外协检定项目成交结果公告")
    assert (project.name, project.buyer) == ("2024-2025年计量仪表外协检定项目", "某某水泥有限公司")
    # the one signer that is not the agency; never an agency alone, never one of two bodies
    signed = "<p>项目名称：某某道路改造工程（施工）</p><p>一、专用合同条款增加一条。</p><p>某某街道资产经营公司</p><p>乙工程咨询有限公司</p><p>2021年4月27日</p>"
    assert one(signed, "某某道路改造工程（施工）招标补充公告").buyer == "某某街道资产经营公司"
    agency = "<p>项目名称：某某道路改造工程（施工）</p><p>一、专用合同条款增加一条。</p><p>乙工程咨询有限公司</p><p>2021年4月27日</p>"
    assert one(agency, "某某道路改造工程（施工）招标补充公告").buyer is None
    two = "<p>项目名称：某某道路改造工程（施工）</p><p>一、专用合同条款增加一条。</p><p>某某街道资产经营公司</p><p>某某市某某局</p><p>2021年4月27日</p>"
    assert one(two, "某某道路改造工程（施工）招标补充公告").buyer is None


def test_a_label_a_wrong_decoding_damaged_and_a_name_that_is_a_notice():
    body = """<p>项目编号：GX-0001</p><p>标项一</p><p>标项名称:某某医院体外膜肺氧合系统</p><p>预\ufffd\ufffd金额（元）:4000000</p>
    <p>标项二</p><p>标项名称:某某医院超声诊断系统</p><p>预算金额（元）:3550000</p><p>1.采购人信息</p><p>名 称：某某医院</p>"""
    projects = read(SUMMARY.format(title="某某医院医疗设备采购公开招标公告", body=body))
    assert [p.budget.value for p in projects] == [4_000_000, 3_550_000]
    named = one("<p>项目名称：联想某某笔记本电脑采购公告</p><p>成交供应商名称：甲电子有限公司</p><p>成交金额：人民币3850元</p>", "某某网站公告")
    assert named.name == "联想某某笔记本电脑采购"


def test_an_amount_in_capital_numerals_alone():
    project = one("<p>采购人：某某局</p><p>成交供应商：甲有限公司</p><p>成交金额：人民币叁拾万零捌佰元整</p>", "某某局设备采购成交公告")
    assert (project.amount.value, project.amount.text) == (300_800, "人民币叁拾万零捌佰元整")
    cents = one("<p>采购人：某某局</p><p>成交供应商：甲有限公司</p><p>成交金额：玖拾捌万柒仟陆佰伍拾肆元叁角贰分</p>", "某某局设备采购成交公告")
    assert cents.amount.value == Decimal("987654.32")
    rate = one("<p>采购人：某某局</p><p>成交供应商：甲有限公司</p><p>成交金额：壹佰万元整/年</p>", "某某局设备采购成交公告")
    assert rate.amount is None  # a yearly rate is no total


def test_a_call_that_names_no_project_but_its_goods_in_a_one_row_table():
    body = """<p>2015-09-28 16:21:54</p><p>某某招标有限公司受委托对下列政府采购项目进行公开招标：</p><p>1．招标文件编号：FJ2015128</p>
    <table><tr><td>合同包</td><td>货物名称</td><td>采购单位</td></tr><tr><td>1</td><td>医疗设备</td><td>某某市中医院</td></tr></table>
    <p>8．投标截止时间：2015年10月22日</p><p>某某招标有限公司</p><p>二〇一五年九月二十八日</p>"""
    project = one(body, "")
    assert (project.name, project.buyer, project.date.value, project.date.text) == ("医疗设备", "某某市中医院", "2015-09-28", "2015-09-28（二〇一五年九月二十八日）")


def test_the_buyer_a_template_fills_into_its_first_sentence():
    glossed = """<p>某某环境卫生管理处（采购人）的某某公厕改造工程（采购项目名称）竞争性磋商项目于2018年10月29日（日期）评审结束，现将成交结果公告如下：</p>
    <p>一、项目名称：某某公厕改造工程</p><p>预 算：393.46万元</p>"""
    assert one(glossed, "").buyer == "某某环境卫生管理处"
    subject = "<p>某某农业大学 的 教职工住宅防水维修工程 竞争性谈判采购项目于 2018年11月20日 结束，现将成交结果公告如下：</p><p>采购项目名称：某某农业大学教职工住宅防水维修工程</p><p>成交供应商：甲工程有限公司</p>"
    assert one(subject, "").buyer == "某某农业大学"
