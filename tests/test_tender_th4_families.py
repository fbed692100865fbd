"""Tender notice families met in a fourth set of real notices, each written here as a small page of
its own: a winner labelled 中标公司名称 or 中选…供应商, a notice glued into one line of text, a
correction's own day, a heading copied from another notice, the summary's total beside the body's
amount, and a unit price that is no award."""

from __future__ import annotations

from decimal import Decimal

from test_notices import read

PAGE = "<html><head><title>{title}</title></head><body>{body}</body></html>"


def one(body: str, title: str = ""):
    (project,) = read(PAGE.format(title=title, body=body))
    return project


def test_a_trading_centres_winner_labelled_as_its_company():
    project = one("""<p>某某县医院彩超采购项目中标公示</p><p>【信息时间：2024-03-05】</p><p>一、项目编号：XYZ-2024-011</p>
    <p>二、项目名称：某某县医院彩超采购项目</p><p>三、中标信息：</p><p>中标公司名称：某某医疗器械贸易商行</p>
    <p>中标公司地址：某某市某某路8号</p><p>中标金额：96万元</p><p>1.采购人信息</p><p>名 称：某某县医院</p>""")
    assert (project.winner, project.amount.value, project.buyer) == ("某某医疗器械贸易商行", Decimal(960000), "某某县医院")


def test_a_selected_supplier_with_only_a_unit_price_has_no_amount():
    project = one("""<p>某某学院对某某学院2024年学生被褥采购进行了竞争性磋商采购，现将采购结果公告如下：</p>
    <p>1、项目编号：MMXY-2024-002</p><p>2、采购项目名称：某某学院2024年学生被褥采购</p>
    <p>中选成交供应商名称：某某棉制品有限责任公司；</p><p>成交价（人民币元）：单价每套（￥380）；</p><p>某某学院</p><p>2024-7-10</p>""",
                  "某某学院2024年学生被褥采购成交公告")
    assert project.winner == "某某棉制品有限责任公司" and project.amount is None


def test_a_notice_glued_into_one_line_of_text():
    text = ("现就本次招标的结果公告如下：一、项目名称：某某市土地规划编制项目二、项目编号：ABC12-345三、项目简要说明：规划编制服务"
            "四、评标信息：1、评标日期：2013年1月9日2、评标地点：某某市某某路1号六、中标信息：中标供应商名称：某某省规划研究院"
            "中标供应商地址：某某市中山路2号中标金额：人民币叁拾万元整（￥300,000.00）七、联系事项：采购人：某某市国土资源局"
            "地址：某某市立新路9号联系人：王主任    联系电话：0772-1234567采购代理机构：某某招标咨询有限公司  地址：某某市河东路1号")
    project = one(text)
    assert (project.name, project.number, project.winner, project.amount.value, project.buyer) == (
        "某某市土地规划编制项目", "ABC12-345", "某某省规划研究院", Decimal(300000), "某某市国土资源局")
    assert project.date is None  # the evaluation's day is not the notice's


def test_a_corrections_own_day_not_its_first_notices():
    project = one("""<p>项目名称：某某平台升级设备采购</p><p>项目编号：HCA(4)2024001ABC</p><p>首次公告日期：2024年07月11日</p>
    <p>本次变更日期：2024年07月26日</p><p>一、采购人名称：某某市公安局某某分局；</p>
    <p>二、现更正投标截止时间为：2024年7月31日13时00分</p>""", "某某平台升级设备采购更正公告")
    assert (project.kind, project.date.value, project.number) == ("correction", "2024-07-26", "HCA(4)2024001ABC")


def test_a_call_under_a_heading_copied_from_another_result():
    project = one("""<p>某某学院工作服采购成交公告</p>
    <p>某某建设工程咨询有限公司 受 某某学院 委托，对 某某学院网络安全测评项目（项目编号：MM20240710001）进行竞争性磋商采购，现欢迎合格的供应商参加本次政府采购活动。</p>
    <p>项目预算金额：人民币150,000.00元。</p><p>采 购 人： 某某学院</p><p>采购代理机构：某某建设工程咨询有限公司</p>
    <p>某某建设工程咨询有限公司</p><p>2024-7-16</p>""", "某某学院工作服采购成交公告")
    assert (project.name, project.kind, project.buyer, project.amount) == ("某某学院网络安全测评项目", "tender", "某某学院", None)
    assert project.budget.value == Decimal(150000)


def test_a_heading_that_names_the_body_project_stays():
    project = one("""<p>受某某医院委托，对某某医院CT采购项目进行公开招标，欢迎合格的供应商前来投标。</p><p>预算金额：300万元</p>""",
                  "某某医院CT采购项目招标公告")
    assert project.name == "某某医院CT采购项目"


def test_a_list_of_projects_named_in_a_sentence_names_none():
    project = one("""<p>某某招标有限公司受委托对下列政府采购项目进行公开招标：</p><p>1．招标文件编号：FJ2024128</p>
    <p>采购单位：某某市中医院</p>""", "某某市中医院医疗设备采购招标公告")
    assert project.name == "某某市中医院医疗设备采购"


def test_the_bodys_amount_over_the_summarys_total_of_the_same_money():
    project = one("""<p>## 某某大学体检设备采购中标公告</p><p>公告概要：采购项目名称某某大学体检设备采购品目货物采购单位某某大学行政区域辽宁省
    公告时间2026年08月05日 15:57总中标金额￥63.860000 万元（人民币）项目联系人孟某</p>
    <p>一、项目编号：GH2026000062</p><p>二、项目名称：某某大学体检设备采购</p><p>三、中标（成交）信息</p>
    <p>供应商名称：某某电子有限公司</p><p>中标（成交）金额：63.8600000（万元）</p>""")
    assert (project.winner, project.amount.value, project.amount.text) == ("某某电子有限公司", Decimal(638600), "63.8600000（万元）")


def test_the_summarys_total_where_the_body_states_no_amount():
    project = one("""<table><tr><td>总中标金额</td><td>￥256.930317 万元（人民币）</td></tr><tr><td>采购单位</td><td>某某医院</td></tr></table>
    <p>三、中标（成交）信息</p><p>供应商名称：某某家具有限公司</p>""", "某某医院病房设备采购中标公告")
    assert (project.winner, project.amount.value) == ("某某家具有限公司", Decimal("2569303.17"))
