"""A registry record from JSON: the registries' open APIs and the state their pages embed.

JSON from Qichacha (`Result.OperName`, `Partners`...), Tianyancha (`legalPersonName`,
`estiblishTime`...) and Aiqicha (`entName`, `legalPerson`...) names one record in different
words and nests it in different envelopes (data vendors and the credit publicity systems in yet
others: CompanyStatus, company_type, uniscId, legalName). The reader does not know the envelopes:
it walks the tree, takes the object that names the most registry fields, outside any other such
object, as the company's record, and reads lists of people and companies by what their key (or
the URL) says they hold. Other companies in the tree (related companies, recommendations, the
user's own account) name few registry fields and never become the record; nor does one company
of a list of several (search results, a tab of investments, a person's companies).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from typing import Any, Iterator

from sources.registry.record import (
    CREDIT_CODE,
    Bid,
    Holder,
    RegistryRecord,
    Round,
    amount_of,
    clean_name,
    date_of,
    is_empty,
    is_executive_name,
    is_holder_name,
    names_of,
    share_of,
    titles_of,
)
from briefing.toolkit.names import is_org_name

MAX_NODES = 200_000
MAX_DEPTH = 14

# Keys, lower-cased without "_" or "-", and the field each one names.
FIELD_KEYS: dict[str, str] = {
    **dict.fromkeys(("name", "entname", "companyname", "corpname", "enterprisename", "qymc"), "name"),
    **dict.fromkeys(("historynames", "originalname", "usedname", "formername", "formernames", "historyname", "preventname"), "former_names"),
    **dict.fromkeys(("opername", "legalpersonname", "legalperson", "legalrepresentative", "legalrep", "frname", "fddbr"), "legal_representative"),
    # a partnership's 执行事务合伙人 stands where a company's legal representative does
    **dict.fromkeys(("executiveaffairspartner", "executivepartner", "zxswhhr"), "legal_representative"),
    **dict.fromkeys(("status", "regstatus", "openstatus", "entstatus", "businessstatus", "djzt", "jyzt"), "status"),
    **dict.fromkeys(("startdate", "estiblishtime", "establishtime", "establishdate", "estdate", "founddate", "clrq", "regdate", "esdate"), "established"),
    **dict.fromkeys(("checkdate", "approvedtime", "approveddate", "approvedate", "annualdate", "hzrq"), "approved"),
    **dict.fromkeys(("registcapi", "regcapital", "registcapital", "regcap", "registeredcapital", "zczb"), "registered_capital"),
    **dict.fromkeys(("reccap", "actualcapital", "realcapital", "paidincapital", "paidcapital", "reccapital", "sjzb"), "paid_in_capital"),
    **dict.fromkeys(("creditcode", "unifiedcode", "unisccode", "uscc", "unifiedsocialcreditcode", "tyshxydm", "creditno"), "credit_code"),
    **dict.fromkeys(("no", "regnumber", "regno", "registrationnumber", "licensenumber", "zch"), "registration_number"),
    **dict.fromkeys(("orgno", "orgnumber", "orgcode", "organizationcode", "zzjgdm"), "organization_code"),
    **dict.fromkeys(("econkind", "companyorgtype", "enttype", "entitytype", "companytypename", "qylx", "orgtype"), "company_type"),
    **dict.fromkeys(("industry", "industryname", "industry2017", "hy"), "industry"),
    **dict.fromkeys(("address", "reglocation", "regaddr", "regaddress", "dom", "entaddress", "zs"), "address"),
    **dict.fromkeys(("scope", "businessscope", "opscope", "jyfw"), "business_scope"),
    **dict.fromkeys(("belongorg", "reginstitute", "regorg", "registrationauthority", "authority", "djjg"), "registration_authority"),
    **dict.fromkeys(("socialstaffnum", "insuredcount", "insurednum", "insurancenum", "cbrs"), "insured_employees"),
    **dict.fromkeys(("branchsocialstaffnum",), "branch_insured_employees"),
    # not "EmployeeCount": Qichacha's CountInfo uses it for the number of 主要人员
    **dict.fromkeys(("staffnuminfo", "employeenum", "ygrs"), "employees"),
    **dict.fromkeys(("investcount", "investnum", "outboundinvestcount"), "outbound_investments"),
    **dict.fromkeys(("branchcount", "branchnum"), "branches"),
    **dict.fromkeys(("staffnumrange", "personscope", "staffsize", "rygm"), "staff_size"),
    **dict.fromkeys(("actualcontrolpersonname", "actualcontroller", "actualcontrolname", "sjkzr"), "actual_controller"),
    **dict.fromkeys(("parentcompany", "parentname", "holdingcompany"), "parent_company"),
    **dict.fromkeys(("listingstatus", "liststatus"), "listing_status"),
    **dict.fromkeys(("stocknumber", "stockcode", "bondnum", "securitycode"), "stock_code"),
}
# Vendors' and registries' other spellings of the same fields (数联铭品's snake_case, PascalCase
# data APIs, English schemas, the 天眼查 schemas of non-company entities).
FIELD_KEYS.update({
    # the credit publicity systems' own schemas: uniscId, leRep, regOrgCn, corpStatusString, entTypeCN
    **dict.fromkeys(("uniscid", "uniscidcn"), "credit_code"),
    **dict.fromkeys(("lerep", "legalname", "lerepname"), "legal_representative"),
    **dict.fromkeys(("regorgcn", "regorgname", "regorgan"), "registration_authority"),
    **dict.fromkeys(("corpstatusstring", "corpstatus", "regstate", "regstatecn", "entstatuscn"), "status"),
    **dict.fromkeys(("enttypecn", "enttypename", "enttyp"), "company_type"),
    **dict.fromkeys(("organcode", "orgcodes"), "organization_code"),
    **dict.fromkeys(("orgname", "traname"), "name"),
    **dict.fromkeys(("oploc", "addr"), "address"),
    # data vendors' short forms: legalp, capital_reg, date_est, code_reg, issuer, name_used, corporate
    **dict.fromkeys(("legalp", "corporate", "opermanname"), "legal_representative"),
    **dict.fromkeys(("capitalreg", "regcapi"), "registered_capital"),
    **dict.fromkeys(("capitalpaid",), "paid_in_capital"),
    **dict.fromkeys(("dateest",), "established"),
    **dict.fromkeys(("dateaprv",), "approved"),
    **dict.fromkeys(("codereg", "companycode"), "registration_number"),
    **dict.fromkeys(("codeorg", "institutioncode"), "organization_code"),
    **dict.fromkeys(("issuer",), "registration_authority"),
    **dict.fromkeys(("nameused",), "former_names"),
    **dict.fromkeys(("oper", "legalrepresentativename", "legalpersonnm"), "legal_representative"),
    **dict.fromkeys(("enterprisestatus", "operatingstatus", "operationstatus", "registrationstatus", "managestatus"), "status"),
    **dict.fromkeys(("establishmentdate", "establisheddate", "foundingdate", "incorporationdate", "dateofestablishment"), "established"),
    **dict.fromkeys(("approvaldate", "apprdate", "issuedate", "checkdate"), "approved"),
    **dict.fromkeys(("capital", "registercapital", "registeredcapitalstr"), "registered_capital"),
    **dict.fromkeys(("uscreditcode", "socialcreditcode", "unisocialcreditcode", "regnoorcreditcode"), "credit_code"),
    **dict.fromkeys(("registeredaddress", "registeraddress", "registrationaddress"), "address"),
    **dict.fromkeys(("operatescope", "operatingscope", "businessrange"), "business_scope"),
    **dict.fromkeys(("registry", "registrationorgan", "regauthority", "registerorg", "registrationoffice"), "registration_authority"),
    # vendor and crawler rows: cName/credId, compName/compType/regCapitalAm, 天眼查's legalMan/registerTime,
    # a crawler's reg_organs, the gsxt app's misspelt legelRep, a table's social_security_staff_num
    **dict.fromkeys(("cname", "compname"), "name"),
    **dict.fromkeys(("credid",), "credit_code"),
    **dict.fromkeys(("legalman", "legelrep"), "legal_representative"),
    **dict.fromkeys(("registertime", "estiblishdate"), "established"),
    **dict.fromkeys(("registermoney", "regcapitalam"), "registered_capital"),
    **dict.fromkeys(("comptype",), "company_type"),
    **dict.fromkeys(("regorgans",), "registration_authority"),
    **dict.fromkeys(("socialsecuritystaffnum",), "insured_employees"),
})
# Keys that name a field after the entity they belong to: 「company_type」, 「CompanyStatus」,
# 「company_enterprise_status」, 「EntAddress」; the bare word alone (a "type": 1) names nothing.
_ENTITY_PREFIX = re.compile(r"^(?:company|corp|enterprise|ent|firm)")
_PREFIXED_KEYS = {"status": "status", "type": "company_type", "address": "address", "scope": "business_scope",
                  "capital": "registered_capital", "kind": "company_type"}


_PERSON_FIELDS = ("legal_representative", "actual_controller")


def field_of_key(key: str) -> str | None:
    """The field a JSON key names (`key` lower-cased without "_" or "-"), if any."""
    name = FIELD_KEYS.get(key)
    while name is None and _ENTITY_PREFIX.match(key):
        key = _ENTITY_PREFIX.sub("", key)
        name = FIELD_KEYS.get(key) or _PREFIXED_KEYS.get(key)
    return name


# Fields read from anywhere in the tree, not only the record itself, when they have one value:
# their keys name the company's own facts (a group block, a listing block), never another's.
SPECIFIC_KEYS = {"actualcontrolpersonname", "actualcontroller"}

_SECTION_OF_KEY = (
    # (pattern on a list's key or the URL, section); history and change lists are never read
    (re.compile(r"^his|history|^past|change|^alter|^old|former|lishi|biangeng|quit|exit|annual|nianbao|report"), None),
    (re.compile(r"^investors?(?:list|names?)?$|recommend|related|similar|hot|peer|competitor|jingpin"), None),
    (re.compile(r"partner|holder|gudong|gdxx|shareholder|stockholder|investor(?:list)?$|stockinfo|^shares$"), "shareholders"),
    (re.compile(r"^persons?$|^personlist$|employee|staff|member|keyperson|mainperson|director|executive|senior|zyry|manager|leader"), "executives"),
    (re.compile(r"branch|fzjg"), "branches"),
    (re.compile(r"invest|touzi|dwtz|subsidiar"), "investments"),
    (re.compile(r"financ|rongzi|fundinground|(?<!g)rounds?$"), "financing"),  # not 天眼查's 「background」
    (re.compile(r"tender|bid|zhaobiao|zhongbiao|zbtb|purchase"), "projects"),
)
_NAME_KEYS = ("stockname", "holdername", "shareholdername", "investname", "humanname", "personname", "shaname", "pername", "invname", "entname", "companyname", "name", "title")
_STAKE_KEYS = ("stockpercent", "percent", "proportion", "stakeratio", "holdingratio", "fundedratio", "subrate", "investrate", "regrate", "ratio", "stake")
_SUB_AMOUNT_KEYS = ("shouldcapi", "subconam", "subscribedcapital", "subscribedamount", "subamount", "submoney", "amomon", "amount")
_SUB_DATE_KEYS = ("shouddate", "shoulddate", "condate", "subscribeddate", "subdate", "time")
_TITLE_KEYS = ("typejoin", "job", "jobs", "position", "positionname", "postion", "post", "duty", "title", "jobtitle", "zw")
_ROUND_KEYS = ("round", "finround", "roundname", "financinground", "lunci")
_DATE_KEYS = ("date", "financingdate", "pubtime", "publishtime", "publishdate", "eventdate", "time", "finddate")
_MONEY_KEYS = ("money", "amount", "financingamount", "finamount", "bidamount", "winamount", "price")
_INVESTOR_KEYS = ("investors", "investorname", "investor", "investorlist", "investorsname")
_BUYER_KEYS = ("purchaser", "buyer", "caigouren", "tenderee", "purchasername")


def _norm(key: str) -> str:
    return re.sub(r"[_\-\s]", "", key).lower()


def _walk(node: Any, path: tuple[str, ...] = (), budget: list[int] | None = None,
          listed: set[int] | None = None) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every node under `node` with the keys that lead to it; `listed` collects the ids of the
    objects that are items of a list."""
    budget = budget if budget is not None else [MAX_NODES]
    if budget[0] <= 0 or len(path) > MAX_DEPTH:
        return
    budget[0] -= 1
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from _walk(value, path + (_norm(str(key)),), budget, listed)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and listed is not None:
                listed.add(id(item))
            if isinstance(item, (dict, list)):
                yield from _walk(item, path, budget, listed)


def _get(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    normal = {_norm(k): v for k, v in item.items()}
    for key in keys:
        value = normal.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _name_key(name: str) -> str:
    return re.sub(r"[\s()（）]", "", name)


def _record_score(node: dict[str, Any], company: str = "") -> int:
    if company:
        own = next((v for k, v in node.items() if field_of_key(_norm(k)) == "name" and isinstance(v, str)), None)
        if own is not None and is_org_name(clean_name(own)) and _name_key(clean_name(own)) != _name_key(company):
            return 0  # another company's record: a peer, an investee, a recommendation
    named = {f for k, v in node.items() if (f := field_of_key(_norm(k))) and not is_empty(v) and not isinstance(v, (list, dict))}
    return len(named)


_NO_DATA = re.compile(r"无结果|无数据|查询无|未找到|没有找到|不存在该企业|暂无|no data|not found|no result", re.I)
_OK_STATUS = (0, "0", 200, "200", "ok", "OK", "success")


def api_error(data: Any) -> tuple[str, str] | None:
    """("empty"|"refused", message) for an API envelope that carries no record; None for a
    record, or for JSON that is not an envelope at all (a saved record's own "status" is 存续)."""
    if not isinstance(data, dict):
        return None
    # the first status the envelope fills: 「"state": "ok", "errorCode": null」 is a success
    status_key = next((k for k in ("Status", "error_code", "errorCode", "code", "state", "status") if data.get(k) is not None), None)
    message = str(data.get("Message") or data.get("reason") or data.get("message") or data.get("msg") or "")
    result_key = next((k for k in ("Result", "result", "data") if k in data), None)
    if result_key is None and (status_key is None or not message):
        return None  # not an envelope
    status = data.get(status_key) if status_key else None
    if isinstance(status, (dict, list)):
        return None  # not an envelope's status code
    result = data.get(result_key) if result_key else None
    if status_key is None or status in _OK_STATUS:
        return ("empty", message) if result in (None, [], {}, "") else None
    if isinstance(result, dict) and not message and _record_score(result) >= 3:
        return None  # a record under a success code of the API's own (天眼查 2018: 「"code": 100000」)
    if _NO_DATA.search(message) or str(status) in ("201", "300000"):
        return "empty", message or f"status {status}"
    return "refused", message or f"status {status}"


def read_json(data: Any, hint: str = "", *, complete: bool = False, company: str = "") -> RegistryRecord:
    """The registry record in a JSON document; `hint` (the URL) names what an API lists.
    `complete`: the lists are whole (an API answer, not a page's first screen), so their
    lengths are the counts of investments and branches. `company`: the name the page shows,
    when known; a record naming another company is not read."""
    record = RegistryRecord()
    listed: set[int] = set()
    dicts = [(path, node) for path, node in _walk(data, listed=listed) if isinstance(node, dict)]
    best = _outermost_record(dicts, company)
    if best is not None and not _one_of_many(best, dicts, listed):
        _read_fields(best, record)
        _read_inner_fields(best, record)
        if "name" not in record.fields:
            _read_unkeyed_name(data, best, record, company)
    _read_specific(dicts, record, company)
    hint_section = _section_of(_norm(urlsplit(hint).path)) if hint else "unknown"
    totals = _read_lists(dicts, hint_section, record)
    _read_counts(record, totals, complete)
    if _font_drawn(dicts):
        for name in _FONT_DRAWN_FIELDS:
            record.fields.pop(name, None)
    return record


# 天眼查 answers that name a font in "special" ("6a/6a7e2df0.json") are drawn with it: the figures
# it shows through its tyc-num font (capital, dates, scope) are not the text sent, so none is read.
_FONT_DRAWN_FIELDS = ("registered_capital", "paid_in_capital", "established", "approved", "business_scope")


def _font_drawn(dicts: list[tuple[tuple[str, ...], dict[str, Any]]]) -> bool:
    """An answer's envelope ({"state", "special", "data"}), wherever the page keeps it, names a font."""
    return any(isinstance(node.get("special"), str) and node["special"].strip() and "data" in node for _, node in dicts)


def _outermost_record(dicts: list[tuple[tuple[str, ...], dict[str, Any]]], company: str) -> dict[str, Any] | None:
    """The object that names the most registry fields, among those not inside another such object:
    a record's own branches and investees name as many fields as it does, and are not it."""
    candidates = [node for path, node in dicts if _record_score(node, company) >= (2 if _is_record_block(path, node) else 3)]
    inner: set[int] = set()
    for node in candidates:
        if id(node) not in inner:
            inner.update(id(n) for _, n in _walk(node) if n is not node)
    return max((n for n in candidates if id(n) not in inner), key=lambda n: _record_score(n, company), default=None)


# Keys an answer files the company's own header under: Aiqicha's {"basicData": {entName, legalPerson}}
_RECORD_BLOCK = re.compile(r"^(?:basic|base|head|ent|company|corp|business)(?:data|info|information|detail)$")


def _is_record_block(path: tuple[str, ...], node: dict[str, Any]) -> bool:
    """A block the answer names as the company's own record, outside any list: two named fields
    (its name among them) are enough there."""
    return bool(path) and bool(_RECORD_BLOCK.match(path[-1])) and _has_name(node) \
        and all(_section_of(k) == "unknown" for k in path)


def _own_name(node: dict[str, Any]) -> str:
    return next((_name_key(clean_name(v)) for k, v in node.items() if field_of_key(_norm(k)) == "name" and isinstance(v, str)), "")


def _one_of_many(node: dict[str, Any], dicts: list[tuple[tuple[str, ...], dict[str, Any]]], listed: set[int]) -> bool:
    """A record that is one item of a list, beside records of other companies: search results,
    a tab of investments or branches, a person's companies. None of them is the document's own."""
    if id(node) not in listed:
        return False
    own = _own_name(node)
    inside = {id(n) for _, n in _walk(node)}  # its own branches and investees are not rivals
    return any(id(other) not in inside and _record_score(other) >= 3 and _own_name(other) not in ("", own) for _, other in dicts)


def _read_fields(node: dict[str, Any], record: RegistryRecord) -> None:
    """The record's own fields: its keys that name one, lists and objects aside (but the names
    it had before, and the industry as an object)."""
    for key, value in node.items():
        name = field_of_key(_norm(key))
        if name is None or (isinstance(value, list) and name != "former_names"):
            continue
        if isinstance(value, dict):
            if _norm(key) == "staffnuminfo":  # Tianyancha: {"num": 10206, ...} is 员工人数
                record.set("employees", value.get("num"))
            if name not in ("industry", *_PERSON_FIELDS):
                continue  # a person as an object: 企查查's {"Oper": {"KeyNo": …, "Name": "雷军"}}
        if name in ("registered_capital", "paid_in_capital"):
            value = _with_unit(node, value)
        record.set(name, value)
        if name == "registration_number" and isinstance(value, str) and CREDIT_CODE.match(value.strip()):
            record.set("credit_code", value.strip())  # 「regNo」 holding the 18-character unified code


_UNIT_KEY = re.compile(r"cap.*(?:cur|unit)")  # regCapCur, regCapitalUnit, registCapiUnit
_BARE_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _with_unit(node: dict[str, Any], value: Any) -> Any:
    """A bare capital figure with the unit its sibling key gives, when that unit names its scale:
    {"regCap": "100.000000", "regCapCur": "万人民币"} is 100万人民币; with 「人民币元」 it stays bare
    (a registry that drops the 万 is no surer of it)."""
    figure = str(value).strip() if isinstance(value, (int, float, str)) and not isinstance(value, bool) else ""
    if not _BARE_FIGURE.fullmatch(figure):
        return value
    unit = next((v for k, v in node.items() if _UNIT_KEY.search(_norm(str(k))) and isinstance(v, str)), "")
    return f"{figure}{unit.strip()}" if re.fullmatch(r"[万亿](?:元)?(?:人民币|美元|港元|港币|欧元)?(?:元)?", unit.strip()) else value


# The keys that say they hold the entity's own name (cName, entFullName, qyName): never bankName,
# beforeName, parentName, legalPersonName
_OWN_NAME_KEY = re.compile(r"(?:c|e|q|ent|comp|corp|firm|org|qy|qiye|gs|company|enterprise)(?:full|cn|chinese|reg)?name")


def _read_unkeyed_name(root: Any, best: dict[str, Any], record: RegistryRecord, company: str) -> None:
    """The record's name when no key we know holds it: a 「…Name」 key of its own that holds one
    company's name (「cName」, 「qyName」), else the name of the envelope around it ({"companyName":
    …, "docs": {"baseInfo": {…}}}). Never a name from a list or a section (a holder's, an
    investee's, a branch's name is not the record's)."""
    members = [(_norm(str(k)), v) for k, v in best.items() if isinstance(v, str)]
    own = {clean_name(v) for k, v in members if _OWN_NAME_KEY.fullmatch(k) and field_of_key(k) is None
           and _section_of(k) == "unknown" and is_org_name(clean_name(v))}
    if len(own) == 1:
        name = own.pop()
        if not company or _name_key(name) == _name_key(company):
            record.set("name", name)
        return
    for envelope in reversed(_envelopes(root, best)[:-1]):
        name = next((clean_name(v) for k, v in envelope.items() if field_of_key(_norm(k)) == "name" and isinstance(v, str)), "")
        if name:
            if is_org_name(name) and (not company or _name_key(name) == _name_key(company)):
                record.set("name", name)
            return  # the nearest named envelope decides, whatever it names


def _envelopes(node: Any, target: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """The objects from `node` down to `target` through members outside any list or section,
    outermost first; empty when `target` is not reached that way."""
    if node is target:
        return [node]
    if not isinstance(node, dict) or depth > MAX_DEPTH:
        return []
    for key, value in node.items():
        if isinstance(value, dict) and _section_of(_norm(str(key))) == "unknown":
            chain = _envelopes(value, target, depth + 1)
            if chain:
                return [node, *chain]
    return []


def _read_inner_fields(node: dict[str, Any], record: RegistryRecord) -> None:
    """One level down, keys that name a field unmistakably: {"insuranceInfo": {"insuranceNum": "56"}}."""
    for key, value in node.items():
        if isinstance(value, dict) and _section_of(_norm(key)) == "unknown":
            for inner, inner_value in value.items():
                if _norm(inner) in FIELD_KEYS and len(_norm(inner)) > 8 and not isinstance(inner_value, (dict, list)):
                    record.set(FIELD_KEYS[_norm(inner)], inner_value)


def _read_lists(dicts: list[tuple[tuple[str, ...], dict[str, Any]]], hint_section: str | None, record: RegistryRecord) -> dict[str, int]:
    """Every list of people or companies, read into its section; returns the totals the lists'
    envelopes give, by section. Lists hang under a key that says what they hold:
    {"Partners": [...]}, or {"investRecordData": {"total": 7, "list": [...]}}, or an API's bare
    {"items": [...]} (what they hold is then what the URL says)."""
    totals: dict[str, int] = {}
    for path, node in dicts:
        for key, value in node.items():
            if not _is_item_list(value):
                continue
            known = hint_section if hint_section not in (None, "unknown") else _section_of_items(value)
            section = _list_section(path + (_norm(str(key)),), known) or _investor_holders(path, _norm(str(key)), value)
            if section is None:
                continue
            _read_list(section, value[:500], record)
            total = node.get("total", node.get("count"))
            if isinstance(total, int) and not isinstance(total, bool) and total >= len(value):
                totals.setdefault(section, total)
    return totals


_INVESTOR_LIST = re.compile(r"^investors?(?:list)?$")
_HOLDING_KEYS = {"capital", "capitalactl", "amount", "percent", "stockpercent", "shouldcapi", "subconam", "toco"}
_ROUND_ITEM_KEYS = {*_ROUND_KEYS, "financingdate", "finddate", "money", "valuation"}


def _investor_holders(path: tuple[str, ...], key: str, items: list[dict[str, Any]]) -> str | None:
    """Tianyancha's 2016-2018 answers list the company's holders as 「investorList」 (the word
    that elsewhere names a round's investors): "shareholders" when it hangs outside any section
    and its items carry a holding (capital, amount, percent) and nothing of a funding round."""
    if not _INVESTOR_LIST.match(key):  # or {"investorList": {"total": 2, "result": [...]}}
        if not (path and key in ("result", "items", "list", "rows") and _INVESTOR_LIST.match(path[-1])):
            return None
        path = path[:-1]
    if any(_section_of(k) != "unknown" for k in path):
        return None
    keys = [{_norm(str(k)) for k in item} for item in items[:20]]
    holding = all(k & _HOLDING_KEYS for k in keys) and not any(k & _ROUND_ITEM_KEYS for k in keys)
    return "shareholders" if holding else None


def _section_of_items(items: list[dict[str, Any]]) -> str | None:
    """What a list under a bare key (「data.result」) holds, by its items' own keys when they all
    point one way: 「shareHolderType」 is a holder's."""
    # (a key over a nested list names that list, not the items: a record's own 「Branches」)
    # (nor does a key naming a record's field: a partnership's 「executiveAffairsPartner」 is no partner list)
    sections = {_section_of(_norm(str(k))) for item in items[:5] for k, v in item.items()
                if not isinstance(v, (list, dict)) and _norm(str(k)) not in FIELD_KEYS}
    sections.discard("unknown")
    return sections.pop() if len(sections) == 1 and None not in sections else None


def _is_item_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) for i in value[:50])


def _list_section(keys: tuple[str, ...], hint_section: str | None) -> str | None:
    """The section a list under `keys` (its path of keys) holds; None for none to read.
    The outermost word decides; a list inside another section's items (a round's
    InvestorList, a partner's capital) is part of that item, not a section of its own."""
    found = [s for k in keys if (s := _section_of(k)) != "unknown"]
    section = found[0] if found else "unknown"
    if len(found) > 1 and found[-1] != section:
        return None
    if section == "unknown" and keys[-1] in ("items", "list", "rows", "data", "result", "records"):
        section = hint_section
    return None if section in (None, "unknown") else section


def _read_counts(record: RegistryRecord, totals: dict[str, int], complete: bool) -> None:
    """The numbers of investments and branches: a list's stated total, else (for a `complete`
    answer) the length of the list."""
    for section, count_field in _COUNT_FIELDS.items():
        if section in totals and getattr(record, section):
            record.set(count_field, str(totals[section]))
    if complete:
        for section, count_field in _COUNT_FIELDS.items():
            if getattr(record, section):
                record.set(count_field, str(len(getattr(record, section))))


_COUNT_FIELDS = {"investments": "outbound_investments", "branches": "branches"}


def _section_of(key: str) -> str | None:
    for pattern, section in _SECTION_OF_KEY:
        if pattern.search(key):
            return section
    return "unknown"


def _read_specific(dicts: list[tuple[tuple[str, ...], dict[str, Any]]], record: RegistryRecord, company: str) -> None:
    values: dict[str, set[str]] = {}
    for path, node in dicts:
        if any(_section_of(k) != "unknown" for k in path) or (company and _record_score(node, company) == 0 and _has_name(node)):
            continue  # inside a list, or another company's block
        for key, value in node.items():
            if _norm(key) in SPECIFIC_KEYS and isinstance(value, (str, int)) and not is_empty(value):
                values.setdefault(_norm(key), set()).add(str(value))
    for key, found in values.items():
        if len(found) == 1:
            record.set(FIELD_KEYS[key], next(iter(found)))


def _has_name(node: dict[str, Any]) -> bool:
    return any(field_of_key(_norm(k)) == "name" for k in node)


def _name(item: dict[str, Any]) -> str:
    raw = _get(item, _NAME_KEYS)
    return clean_name(raw) if isinstance(raw, str) else ""


def _capital(item: dict[str, Any]) -> dict[str, Any]:
    """Tianyancha nests a holder's subscription: {"capital": [{"amomon", "time", "percent"}]}."""
    nested = _get(item, ("capital", "capitalactl"))
    if isinstance(nested, list) and nested and isinstance(nested[0], dict):
        return {**nested[0], **{k: v for k, v in item.items() if not isinstance(v, (list, dict))}}
    return item


def _one_date(raw: Any) -> Any:
    """Qichacha's 「ShoudDate」: "2016-01-01,2019-06-30" for a holder who subscribed twice is no
    one date (never the first of them)."""
    return None if isinstance(raw, str) and len(re.findall(r"(?:19|20)\d{2}\s*[-/.年]", raw)) > 1 else raw


def _read_list(section: str, items: list[dict[str, Any]], record: RegistryRecord) -> None:
    # bare numeric stakes: percents if any is above 1 ([99, 1] is 99% and 1%), else fractions
    numbers = [v for i in items if isinstance(v := _get(_capital(i), _STAKE_KEYS), (int, float)) and not isinstance(v, bool)]
    percent = any(n > 1 for n in numbers) if numbers else None
    # bare subscribed amounts are in 万 of the registered capital's currency (Qichacha's ShouldCapi)
    capital = record.fields.get("registered_capital")
    currency = capital[0].currency if capital else "CNY"
    bare_unit = {"CNY": "万元", "USD": "万美元", "HKD": "万港元", "EUR": "万欧元"}.get(currency)
    for item in items:
        name = _name(item)
        if section == "shareholders" and is_holder_name(name):
            flat = _capital(item)
            record.add_holder(Holder(
                name,
                share_of(_get(flat, _STAKE_KEYS), percent=percent),
                amount_of(_get(flat, _SUB_AMOUNT_KEYS), bare_unit),
                date_of(_one_date(_get(flat, _SUB_DATE_KEYS))),
            ))
        elif section == "executives" and is_executive_name(name):
            record.add_person(name, titles_of(_get(item, _TITLE_KEYS)))
        elif section == "investments" and is_org_name(name):
            record.add_investment(name, share_of(_get(item, _STAKE_KEYS), percent=percent))
        elif section == "branches" and is_org_name(name):
            record.add_branch(name)
        elif section == "financing":
            round_name = _get(item, _ROUND_KEYS)
            if isinstance(round_name, str) and not is_empty(round_name) and len(round_name) <= 20:
                record.financing.append(Round(
                    round_name.strip(), date_of(_get(item, _DATE_KEYS)), amount_of(_get(item, _MONEY_KEYS)),
                    names_of(_get(item, _INVESTOR_KEYS)),
                ))
        elif section == "projects":
            title = _get(item, ("title", "projectname", "name"))
            if isinstance(title, str) and 6 <= len(title.strip()) <= 200:
                buyer = _get(item, _BUYER_KEYS)
                record.projects.append(Bid(
                    re.sub(r"<[^>]+>", "", title).strip(), date_of(_get(item, _DATE_KEYS)),
                    clean_name(buyer) if isinstance(buyer, str) and is_org_name(clean_name(buyer)) else None,
                    amount_of(_get(item, _MONEY_KEYS)),
                ))
