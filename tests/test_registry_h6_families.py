"""Registry records in the shapes vendors, crawlers and code comments keep them: a vendor record
whose name key is its own (「cName」), a JSON document saved as a string literal (every quote
escaped), a pandas row printed as a Python repr, a GsonFormat Javadoc listing, a gsxt app answer
for a branch. Every fixture is written here for its family; none is a real record."""

from __future__ import annotations

from sources.registry.loose_json import listed_members, loose_document
from sources.registry.record_json import _section_of, read_json
from test_registry import parse, section

JSON = "application/json"


def fields(parsed) -> dict:
    return {f.field: f.text for f in section(parsed, "registration")}


VENDOR_RECORD = """{
    "cName": "某某时代房地产开发有限公司",
    "credId": "91650000MA7XXXXX1Q",
    "establishDate": "2014-05-06",
    "legalPerson": "李青",
    "orgType": "有限责任公司（自然人投资或控股的法人独资）",
    "regAddr": "新疆某某市解放路8号",
    "regCap": 1000,
    "regStatus": "开业",
    "seniors": [{"name": "李青", "position": "执行董事"}],
    "shareHolders": [{"money": 1000, "name": "某某古镇投资管理有限公司", "ratio": 1, "type": 1}]
}"""


def test_a_vendor_record_is_named_by_its_own_key_not_by_its_holder():
    parsed = parse(VENDOR_RECORD, content_type=JSON)
    found = fields(parsed)
    assert found["name"] == "某某时代房地产开发有限公司"
    assert found["credit_code"] == "91650000MA7XXXXX1Q"
    assert found["legal_representative"] == "李青"
    assert "registered_capital" not in found  # a bare 1000, no unit
    assert [h.name for h in section(parsed, "shareholders")] == ["某某古镇投资管理有限公司"]


def test_an_unknown_name_key_of_the_record_names_it_but_a_holder_never_does():
    named = read_json({"entFullName": "某某云科技有限公司", "legalPerson": "赵敏", "regStatus": "存续",
                       "establishDate": "2015-01-02", "shareHolders": [{"name": "某某控股有限公司"}]})
    assert named.fields["name"][0] == "某某云科技有限公司"
    unnamed = read_json({"legalPerson": "赵敏", "regStatus": "存续", "establishDate": "2015-01-02",
                         "shareHolders": [{"name": "某某控股有限公司"}], "branchList": [{"name": "某某云科技有限公司上海分公司"}]})
    assert "name" not in unnamed.fields
    parents = read_json({"legalPerson": "赵敏", "regStatus": "存续", "establishDate": "2015-01-02",
                         "parentCompanyName": "某某控股有限公司"})
    assert "name" not in parents.fields
    for other in ("bankName", "beforeName", "customerName", "auditName", "oldName"):  # names of someone else, or of before
        record = read_json({"creditCode": "91110108MA01ABCD2X", "legalPersonName": "张某", "regStatus": "存续",
                            "estiblishTime": "2016-09-27", other: "中国某某银行股份有限公司北京海淀支行"})
        assert "name" not in record.fields, other


ESCAPED = ('{\\"sign\\":{\\"crawler_id\\":\\"13900000000\\",\\"grab_time\\":\\"2019-05-22 13:11:45\\"},'
           '\\"company_all\\":{\\"company_name\\":\\"武汉某某科技有限公司京山分公司\\",\\"legal_person\\":\\"钱海\\",'
           '\\"reg_status\\":\\"存续\\",\\"reg_date\\":\\"2018-12-27\\",\\"company_type\\":\\"有限责任公司分公司(自然人独资)\\",'
           '\\"reg_organs\\":\\"京山市工商行政管理局\\",\\"social_credit_code\\":\\"91420821MA4XXXXX1H\\",\\"reg_capital_num\\":\\"-\\"}}')


def test_a_json_document_saved_as_a_string_literal_is_unescaped_and_read():
    found = fields(parse(ESCAPED, content_type=JSON))
    assert found["name"] == "武汉某某科技有限公司京山分公司"
    assert found["legal_representative"] == "钱海"  # a branch's 负责人
    assert found["established"] == "2018-12-27"
    assert found["registration_authority"] == "京山市工商行政管理局"
    assert "registered_capital" not in found


PANDAS_ROW = ("{'id': 1, 'compName': '深圳市某某贸易有限公司', 'aliasName': '某某贸易', 'legalPersonName': '孙鹏', "
              "'creditCode': '91440300MA5XXXXX0F', 'compType': '有限责任公司(自然人独资)', 'regStatus': 2, "
              "'regCapitalAm': '50.000000万人民币', 'regCapital': 50000000.0, 'actualCapital': nan, 'regOrg': '福田局', "
              "'note': 'nan datetime.date(2001, 1, 1)', 'estiblishDate': datetime.date(2016, 9, 27), "
              "'cancelDate': NaT, 'startDate': datetime.datetime(2016, 9, 27, 0, 0), 'ssfCount': nan}")


def test_a_pandas_row_repr_reads_dates_as_dates_and_missing_values_as_empty():
    data = loose_document(PANDAS_ROW)
    assert data["estiblishDate"] == "2016-09-27" and data["startDate"] == "2016-09-27"
    assert data["actualCapital"] is None and data["cancelDate"] is None
    assert data["note"] == "nan datetime.date(2001, 1, 1)"  # inside a string, left as it is
    found = fields(parse(PANDAS_ROW, content_type=JSON))
    assert found["name"] == "深圳市某某贸易有限公司"
    assert found["registered_capital"] == "50.000000万人民币"  # not the bare figure in fen
    assert found["company_type"] == "有限责任公司(自然人独资)"
    assert found["established"] == "2016-09-27"
    assert "status" not in found  # a code


def test_a_python_repr_is_never_evaluated():
    assert loose_document("{'a': __import__('os').getcwd(), 'b': nan}") is None


GSON_BASEINFO = """/**
     * webSource : https://www.tianyancha.com/
     * docs : {"background":{"baseInfo":{"legalMan":"周保","registerAddress":"河南省某某市北六巷2号","creditCode":"92419001MA4XXXXX4N","registerTime":"2018-07-02","registerMoney":"-"}}}
     * companyName : 某某市某某（济源）百货经营部
     * _id : ed2dc0d60440387febbca718545cfe59
     * companyUrl :
     * allTime : {"enterTime":{"collectTime":"1532580027461","updateTime":0}}
     */"""


def test_a_gsonformat_listing_is_read_with_its_json_values_and_its_envelope_name():
    found = fields(parse(GSON_BASEINFO))
    assert found["name"] == "某某市某某（济源）百货经营部"
    assert found["legal_representative"] == "周保"
    assert found["established"] == "2018-07-02"
    assert found["credit_code"] == "92419001MA4XXXXX4N"
    assert "registered_capital" not in found


GSON_FEED = """/**
             * id : 225738
             * table : company
             * updateFields : ["crawled_time", "update_time"]
             * data : {"company_type":"1","legal_entity_id":"2042820658","reg_institute":"某某市市场监督管理局","estiblish_time":"2018-08-22 00:00:00","credit_code":"91330782MA2XXXXX41","reg_capital":"50.000000万人民币","company_org_type":"有限责任公司(自然人独资)","social_security_staff_num":"1","reg_status":"存续","name":"某某市某某箱包有限公司","reg_capital_amount":"50000000","update_time":"2020-09-15 00:08:22"}
             * createTime : 1600099830000
             */"""


def test_a_gsonformat_feed_item_reads_its_data_row():
    found = fields(parse(GSON_FEED))
    assert found["name"] == "某某市某某箱包有限公司"
    assert found["registered_capital"] == "50.000000万人民币"
    assert found["company_type"] == "有限责任公司(自然人独资)"
    assert found["insured_employees"] == "1"
    assert "legal_representative" not in found  # only an id


def test_only_a_whole_block_of_listed_members_is_a_listing():
    assert listed_members("name : 某某有限公司\nthis line is prose, not a member") is None
    assert listed_members("name : 某某有限公司") is None
    assert listed_members("a : {\"x\": 1\nb : 2") == {"b": "2"}  # a cut fragment is left out


GSXT_BRANCH = ("{'corpStatusString': '开业', 'entTypeCn': '有限责任公司分公司(法人独资)', 'estDate': '2016-03-18', "
               "'legelRep': '吴瑾', 'entName': '南京某某科技有限责任公司北京分公司', 'uniscId': '91110108MA0XXXXX15', "
               "'regOrg': '北京市工商行政管理局海淀分局', 'corpStatus': 1, 'regCap': 0.0, 'historyName': None}")


def test_a_gsxt_branch_answer_names_its_person_under_a_misspelt_key():
    found = fields(parse(GSXT_BRANCH, content_type=JSON))
    assert found["legal_representative"] == "吴瑾"
    assert found["name"] == "南京某某科技有限责任公司北京分公司"
    assert "registered_capital" not in found


def test_background_is_no_funding_round():
    assert _section_of("background") == "unknown"
    assert _section_of("financingrounds") == "financing"
    assert _section_of("rounds") == "financing"


def test_an_envelope_naming_another_company_than_the_page_names_nothing():
    data = {"companyName": "某某控股有限公司", "docs": {"baseInfo": {"legalMan": "周保", "creditCode": "92419001MA4XXXXX4N",
                                                          "registerTime": "2018-07-02"}}}
    assert read_json(data).fields["name"][0] == "某某控股有限公司"
    assert "name" not in read_json(data, company="某某市某某百货经营部").fields

