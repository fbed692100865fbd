"""A company's registry record (工商信息) as one document states it, whatever its shape.

Registries show one record as label/value tables, as JSON embedded in the page, or as an API
response. `sources.registry.record_html` and `sources.registry.record_json` each fill a `RegistryRecord`; this
module holds what both share: the record itself, the normalising of each field's value (a value
that does not look like what the field holds is dropped, never guessed at), the choice of the
richer reading, and the facts with their provenance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from briefing.models import (
    Amount,
    Branch,
    DateValue,
    Executive,
    Fact,
    Financing,
    Investment,
    Project,
    Provenance,
    Registration,
    Share,
    Shareholder,
)
from briefing.toolkit.names import ORG_SUFFIX, is_org_name
from briefing.toolkit.normalise import find_date, han_money, is_person_name, parse_amount, unspace

BEIJING = timezone(timedelta(hours=8))
_ISO_ZONED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$")

# What a registry shows where it has nothing: no value, never a fact.
_EMPTY = re.compile(
    r"^(?:[-—–－_/\\*·.。\s]*|暂无.*|无|未公开|未公示|未披露|不公示|未知|null|none|nan|undefined|加载中.*|"
    r"抱歉.*|没有找到.*|查看更多|登录.*查看.*|.*VIP.*|-+\s*至\s*-+)$",
    re.IGNORECASE,
)
# Link text a registry puts after a person's name: 「他关联5家公司 >」, 「TA关联12家企业」.
_TRAILERS = re.compile(
    r"\s*(?:(?:他|她|TA|ta)?(?:关联|任职|投资|控股|有)\s*(?:企业|公司)?\s*\d+\s*家?(?:公司|企业)?\s*[>›»]?|"
    r"(?:他|她|TA|ta)的(?:所有|全部)(?:关联)?(?:公司|企业)\s*[>›»]?|未公开|查看(?:更多|详情|人物图谱|关系)\s*[>›»]?|"
    r"大股东|实际控制人|最终受益人|受益所有人|疑似实际控制人|法定代表人|股权结构\s*[>›»]?|[>›»]+)\s*$",
    re.IGNORECASE,
)
_LATIN_PERSON = re.compile(r"^[A-Z][A-Za-z'\-]+(?:[ .\-][A-Z][A-Za-z'\-]+){1,3}$")
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_OLD_NUMBER = re.compile(r"^\d{13,15}$")
_HYPHENED_CODE = re.compile(r"^\d{8}-[0-9X]$")  # 「24478567-6」: an old record's number in the organisation code's shape
_ORG_CODE = re.compile(r"^[0-9A-Z]{8}-?[0-9X]$")
_STOCK_CODE = re.compile(r"^(?:\d{6}|\d{4,5}|[A-Z]{1,5})(?:\.(?:SH|SZ|BJ|HK|N|O))?$", re.I)
_COUNT = re.compile(r"^(\d{1,7})\s*(?:人|家|个)?\s*(?:[(（]?\s*\d{4}\s*年报?\s*[)）]?)?$")  # "21 (2023年报)"
_TITLE_SPLIT = re.compile(r"\s*[、,，/;；|]\s*")  # 「董事兼总经理」 is one title, as shown
_CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_TEXT = {"business_scope": 2000, "address": 200}
DEFAULT_MAX_TEXT = 120


def is_empty(text: Any) -> bool:
    return text is None or (isinstance(text, str) and bool(_EMPTY.match(text.strip())))


def clean_name(text: str) -> str:
    """A name as shown, without the link text and tags registries hang on it."""
    text = unspace(re.sub(r"\s+", " ", text)).strip(" \t\r\n*＊:：")
    previous = None
    while previous != text:
        previous, text = text, _TRAILERS.sub("", text).strip()
    return text




# 阿卜杜热合曼·买买提: Uyghur and other names written with a middle dot
_DOTTED_NAME = re.compile(r"^[\u4e00-\u9fff]{1,8}[·•・][\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})?$")


# Common surnames the shared name list lacks (洪锋, 萧红, 赖小明, 阎某): a 2–3 character name led by one
_MORE_SURNAMES = set("洪萧赖阎丘靖习宦汝滑濮訾邴郗郦雎糜鄂钭逄缑谯笪弓庾苍莘贡蒯殳夔厍隗宓"
                     "傅荀贲酆汲羿蓟竺桓台矫郇钦郏暨乜巢璩")  # (百家姓 the list lacks)


def is_individual(text: str) -> bool:
    # (a name led by one of them is read as the same name led by a surname the list has: 洪锋 as 王锋)
    return is_person_name(text) or bool(_LATIN_PERSON.match(text)) or bool(_DOTTED_NAME.match(text)) \
        or (text[:1] in _MORE_SURNAMES and len(text) <= 3 and is_person_name("王" + text[1:]))


# A listed company's public float, listed by the registry as one holder (股东类型 其他投资者)
_PUBLIC_FLOAT = re.compile(r"^(?:社会公众股|社会公众股东|社会公众|流通股|流通股东|公众股|公众股东)$")


# Public bodies that hold shares: 「全国社会保障基金理事会」, 「某某村股份经济合作联合社」, 「某某县集体资产管理中心」
_HOLDING_BODY = re.compile(r"^[\u4e00-\u9fff（）()]{2,36}(?:理事会|基金会|联合社|合作社|资产管理中心|经济合作社)$")


def is_holder_name(text: str) -> bool:
    """A shareholder is a person or an organisation, and looks like one (or a listed company's
    public float, 社会公众股)."""
    return is_individual(text) or is_org_name(text) or bool(_PUBLIC_FLOAT.match(text)) or bool(_HOLDING_BODY.match(text))


def is_executive_name(text: str) -> bool:
    return is_individual(text)


_COMPACT_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")


def date_of(raw: Any) -> DateValue | None:
    """A date from text ("2014年10月13日", "2019-7-11 00:00:00") or epoch milliseconds (Beijing time)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        return None  # NaN, Infinity in a page's state
    if isinstance(raw, str) and _ISO_ZONED.match(raw.strip()):
        try:  # "2014-10-12T16:00:00.000Z" is the 13th in Beijing
            moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
            return DateValue(moment.astimezone(BEIJING).date().isoformat(), raw.strip())
        except ValueError:
            pass
    if isinstance(raw, (int, float)) or (isinstance(raw, str) and re.fullmatch(r"-?\d{9,13}", raw.strip())):
        try:
            millis = int(raw)
        except (OverflowError, ValueError):
            return None
        if 10**8 <= abs(millis) < 10**11:
            millis *= 1000  # seconds (1973-2286); as milliseconds they would be 1970-1973
        if not -2_208_988_800_000 <= millis <= 4_102_444_800_000 or abs(millis) < 10**8:
            return None  # outside 1900-2100, or a plain number, not a timestamp
        day = datetime.fromtimestamp(millis / 1000, BEIJING).date().isoformat()
        return DateValue(day, str(raw))
    if isinstance(raw, str) and _COMPACT_DATE.fullmatch(raw.strip()):  # 「20000420」: a registry's date without separators
        text = raw.strip()
        return DateValue(f"{text[:4]}-{text[4:6]}-{text[6:]}", text)
    if isinstance(raw, str) and not is_empty(raw):
        return find_date(raw.strip()[:40], precision="month")
    return None


def amount_of(raw: Any, unit: str | None = None) -> Amount | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str) or is_empty(raw):
        return None
    shown = raw.strip().replace("（", "(").replace("）", ")")
    shown = re.sub(r"\((元|人民币|美元|港元|欧元|日元|英镑)\)", r"\1", shown)  # Aiqicha's "100万(美元)"
    text = han_money(shown) or shown  # 「壹佰万元整」: an old record's capital in Han numerals
    text = _BRACKETED_UNIT.sub(r"\1", text)  # 「100（万元）」, 「(人民币)1,000万元」, 「100万(港币)」
    text = _LEADING_CURRENCY.sub(r"\2\1", text)  # 「美元100万」 is 100万美元, never yuan
    word = _UNIT_WORD.search(text)
    currency = re.sub(r"(?:整|货币|现金|实物)+$", "", word.group("word")) if word else ""  # 「100万元(货币)」: paid in cash
    if currency and not _KNOWN_CURRENCY.fullmatch(currency) and _CURRENCY_WORD.search(currency):
        return None  # 「100万澳门元」, 「100万瑞士法郎」: a currency we do not read
    text = text.replace("美金", "美元")
    money = parse_amount(text, unit=unit)
    return replace(money, text=shown) if money is not None and text != shown else money


# A bracket holding only a unit or a currency: 「(万元)」, 「(美元)」, 「(人民币)」
_BRACKETED_UNIT = re.compile(r"\(\s*((?:千万|百万|[万亿])?\s*[\u4e00-\u9fff]{0,6}?(?:元|币|金|镑|法郎|马克)?)\s*\)")
# A currency named before its figure: 「美元100万」, 「港币 500万元」
_LEADING_CURRENCY = re.compile(r"^((?:人民币|美元|美金|港币|港元|欧元|日元|英镑|[\u4e00-\u9fff]{1,4}(?:元|币|镑|法郎|马克))\s*[:：]?\s*)(\d[\d,.]*\s*(?:千万|百万|[万亿])?)")
# The words after a figure and its unit: 「万元人民币」 gives 元人民币, 「万澳门元」 澳门元
_UNIT_WORD = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?\s*(?:千万|百万|[万亿千])?\s*(?P<word>[\u4e00-\u9fff]*)")
_KNOWN_CURRENCY = re.compile(r"(?:元|人民币|美元|美金|港币|港元|欧元)*")
_CURRENCY_WORD = re.compile(r"(?:元|币|镑|法郎|马克|林吉特|铢|卢比|卢布|圆|盾|比索|克朗|里拉|兰特|第纳尔|迪拉姆|里亚尔)$")


def share_of(raw: Any, *, percent: bool | None = None) -> Share | None:
    """"51.00%", "51%", 0.51 or 51 as given by an API; "-" and "" are no stake. `percent` says
    whether the bare numbers of this list are percents (decide once per list: [99, 1] is 99% and 1%)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
        if not math.isfinite(value):
            return None
        as_percent = value > 1 if percent is None else percent
        fraction = value / 100 if as_percent else value
        text = f"{value:g}%" if as_percent else f"{value * 100:g}%"
    elif not isinstance(raw, str):
        return None
    else:
        text = raw.strip()
        match = re.match(r"(\d{1,3}(?:\.\d+)?)\s*[%％]", text)  # "55.00% 股权结构 >": the figure first
        if not match:
            return None
        fraction = float(match.group(1)) / 100
    if not 0 < fraction <= 1:
        return None
    return Share(round(fraction, 6), text)


def count_of(raw: Any) -> int | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    if isinstance(raw, str):
        match = _COUNT.match(raw.strip())
        return int(match.group(1)) if match else None
    return None


def names_of(raw: Any) -> tuple[str, ...]:
    """Investors as a registry lists them: "甲公司、乙资本 等3家 展开" -> the names it shows."""
    items = raw if isinstance(raw, list) else re.split(r"[、,，;；/\s]+", str(raw or ""))
    names = []
    for item in items:
        if isinstance(item, dict):  # {"Name": ...}, {"investorName": ...}
            item = next((v for k, v in item.items() if k.lower() in ("name", "investorname", "investor", "orgname")), "")
        name = clean_name(str(item))
        # investors go by brand names too (红杉中国, 青峦资本): anything name-like but the UI's words
        if 2 <= len(name) <= 60 and not is_empty(name) and not _UI_WORDS.match(name) and name not in names:
            names.append(name)
    return tuple(names)


_UI_WORDS = re.compile(r"^(?:等\s*\d+\s*家.*|展开|收起|更多|查看.*|详情|投资方|未披露|不公开|\d+(?:\.\d+)?)$")


def titles_of(raw: Any) -> list[str]:
    """Roles as a registry gives them: "董事长,总经理", "执行董事兼总经理", ["董事", "总经理"]."""
    parts = raw if isinstance(raw, list) else _TITLE_SPLIT.split(str(raw or ""))
    out: list[str] = []
    for part in parts:
        part = re.sub(r"\s+", "", str(part)).strip("()（）")
        if part and not is_empty(part) and len(part) <= 20 and not re.search(r"\d{2,}", part) and part not in out:
            out.append(part)
    return out


# Buttons a registry puts after a value: 「查看地图」「附近公司」「复制」.
_ACTIONS = re.compile(r"(?:\s*(?:查看地图|附近公司|附近企业|查看更多|更多\s*\d*|展开|收起|复制|纠错|详情|地图|导航|趋势图|同地址企业\s*\d*))+$")


def _text(raw: Any, name: str) -> tuple[str, str] | None:
    if not isinstance(raw, str):
        return None
    text = _ACTIONS.sub("", re.sub(r"\s+", " ", raw)).strip()
    if is_empty(text) or len(text) > MAX_TEXT.get(name, DEFAULT_MAX_TEXT):
        return None
    return text, text


FieldValue = tuple[Any, str]  # (the value, the text the page showed for it)


def field_value(name: str, raw: Any) -> FieldValue | None:
    """`raw` as the value of registry field `name`, with the text shown; None if it is not one.

    Each field has a validator in `VALIDATORS` that checks the value looks like what the field
    holds (a date, an amount, a company's name, a person, a code...); a field without one is
    free text of a bounded length."""
    if isinstance(raw, dict):  # {"Industry": "门类", "SubIndustry": "大类"}: the finer one, as pages show it
        raw = _finer(raw, name)
    validate = VALIDATORS.get(name)
    if validate is not None:
        return validate(raw)
    text = _shown(raw)
    return _text(text, name) if text is not None else None


def _finer(raw: dict[str, Any], name: str) -> Any:
    keys = {k.lower(): v for k, v in raw.items()}
    return next((keys[k] for k in ("sub" + name.replace("_", ""), name.replace("_", ""), "name", "value") if keys.get(k)), None)


def _shown(raw: Any) -> str | None:
    """The text a value shows, whitespace collapsed; None for a non-text value or an empty one."""
    if not isinstance(raw, str):
        return None
    text = re.sub(r"\s+", " ", raw).strip()
    return None if is_empty(text) else text


# --- validators of values that come as text, numbers or lists ---------------------------------


def _date(raw: Any) -> FieldValue | None:
    day = date_of(raw)
    return (day, day.text) if day else None


# 「3.00 元/万元」, 「5000万元人民币/美元」: a unit or currency the page leaves open is no amount
_EITHER_UNIT = re.compile(r"(?:元|万|亿|人民币|美元|港元|港币|欧元)\s*[/／或]\s*(?:元|万|亿|人民币|美元|港元|港币|欧元)")


def _capital(raw: Any) -> FieldValue | None:
    if isinstance(raw, str) and _EITHER_UNIT.search(raw):
        return None
    money = amount_of(raw)
    return (money, money.text) if money and money.value > 0 else None


def _count(raw: Any) -> FieldValue | None:
    number = count_of(raw)
    return (number, str(raw).strip()) if number is not None else None


def _former_names(raw: Any) -> FieldValue | None:
    # one name per line, tab, separator or space: Chinese company names have no spaces
    items = raw if isinstance(raw, list) else re.split(r"[\n\t;；,，、|]+|\s+(?=[\u4e00-\u9fff])", str(raw or ""))
    names = []
    for item in items:
        if isinstance(item, dict):
            item = next((v for k, v in item.items() if k.lower() in ("name", "historyname", "formername")), "")
        for name in _unglued(clean_name(str(item))):
            if is_org_name(name) and name not in names:
                names.append(name)
    return (tuple(names), "、".join(names)) if names else None


_GLUED = re.compile(r"(?<=公司)(?=[\u4e00-\u9fff])")


def _unglued(text: str) -> list[str]:
    """「某某(杭州)网络技术发展有限公司某某(中国)网络有限公司」: two names written without a
    separator, when each part is a whole company name (never 「某某有限公司 | 北京分公司」)."""
    parts = _GLUED.split(text)
    return parts if len(parts) > 1 and all(len(p) >= 8 and is_org_name(p) for p in parts) else [text]


def _stock_code(raw: Any) -> FieldValue | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)  # 600519 as an API gives it
    text = _shown(raw)
    return (text, text) if text is not None and _STOCK_CODE.match(text) else None


# --- validators of values shown as text -------------------------------------------------------


def _text_field(check: Callable[[str], FieldValue | None]) -> Callable[[Any], FieldValue | None]:
    """A validator of a field shown as text: `check` sees the text, whitespace collapsed, never empty."""

    def validate(raw: Any) -> FieldValue | None:
        text = _shown(raw)
        return check(text) if text is not None else None

    return validate


# What registries also register, beyond companies: societies, clubs, clinics, shops and farms
# (社会团体, 个体工商户, 常驻代表机构): 「沈阳市某某学会」, 「某某口腔诊所」, 「某某株式会社上海代表处」
_REGISTERED_SUFFIX = re.compile(r"(?:学会|研究会|促进会|联合会|联谊会|俱乐部|诊所|超市|工作室|农场|牧场|养殖场|酒家|饭庄|茶楼|药房|代表处|代表机构)$")


def _company(text: str) -> FieldValue | None:
    text = clean_name(text)
    looks_like = is_org_name(text) or (_CJK.search(text) and 4 <= len(text) <= 40 and "：" not in text
                                       and (ORG_SUFFIX.search(text) or _REGISTERED_SUFFIX.search(text)))
    return (text, text) if looks_like else None


# 「某某资本管理有限公司（委派代表：王某）」 or 「…有限公司委派代表:王某」: a partnership's executing
# partner and the person it sends
# (a bracketless delegate only as the cell's last words: 「…委派代表：许某文 关联企业 9」 is a card, read otherwise)
_DELEGATE = re.compile(r"\s*(?:[（(]\s*委派代表[^（()）]*[）)]|委派代表\s*[:：]?\s*[\u4e00-\u9fff·]{2,6})\s*$")


def _person_or_company(text: str) -> FieldValue | None:
    text = clean_name(_DELEGATE.sub("", text))
    return (text, text) if is_holder_name(text) else None


def _organisation(text: str) -> FieldValue | None:
    text = clean_name(text)
    return (text, text) if is_org_name(text) else None


def _group(text: str) -> FieldValue | None:
    """A group goes by its full name or a short Chinese one (「恒远集团」)."""
    text = clean_name(text)
    return (text, text) if is_org_name(text) or (_CJK.search(text) and len(text) <= 30) else None


def _credit_code(text: str) -> FieldValue | None:
    code = text.upper().replace(" ", "")
    return (code, text) if CREDIT_CODE.match(code) else None


def _registration_number(text: str) -> FieldValue | None:
    return (text, text) if _OLD_NUMBER.match(text) or _HYPHENED_CODE.match(text) else None


def _organization_code(text: str) -> FieldValue | None:
    return (text, text) if _ORG_CODE.match(text.upper()) else None


# The words a registry's status is written in: 「存续（在营、开业、在册）」, 「吊销，未注销」, 「迁出」.
_STATUS_WORDS = re.compile(r"存续|在营|开业|在业|在册|正常|注销|吊销|撤销|迁出|迁入|清算|停业|歇业|关闭|解散|仍注册|"
                           r"经营异常|休眠|破产|废止|其他|^(?:Live|Active|Dissolved|Deregistered|Ceased|Struck off)", re.I)
# A label's word at a value's end says the value is a label: 「营业期限」, 「企业规模」, 「成立日期」.
_LABEL_ENDING = re.compile(r"(?:期限|规模|日期|时间|类型|状态|名称|代码|机关|人数|资本|地址|范围)$")
# What a company type is made of: 「有限责任公司(自然人投资或控股)」, 「台港澳投资特殊普通合伙企业」, 「个体工商户」.
_TYPE_WORDS = re.compile(r"公司|企业|合伙|独资|个体|集体|全民所有制|股份|外商|外资|台港澳|中外|联营|国有|事业单位|社会团体|"
                         r"社会组织|社会服务机构|合作社|分支机构|非公司|私营|法人|民办非企业|基金会|机关|事务所|代表机构|Limited|Company", re.I)
# Who registers companies: 「北京市工商行政管理局」, 「海淀分局」, 「深圳市市场监督管理局福田监管局」, 「行政审批局」.
_AUTHORITY = re.compile(r"(?:局|分局|委员会|委|厅|部|所|政府|办公室|中心|登记处|处|科|署)$")
# An address names a place: a province, city, district, road, number or building.
_PLACE_WORDS = re.compile(r"[省市区县旗州镇乡村路街道巷弄号楼层室园座幢栋]|大厦|广场|中心|Road|Street|Floor", re.I)


def _without_gloss(text: str) -> str:
    """A value without the bracket a registry glosses it with: 「存续（在营、开业、在册）」 is 存续,
    「…市场监督管理局（知识产权局）」 the 局."""
    return re.sub(r"\s*[（(][^）)]*[）)]$", "", text)


def _status(text: str) -> FieldValue | None:
    """「存续（在营、开业、在册）」: the status, without its gloss; a word that is not a status
    (a tab's 「招聘」) is none."""
    bare = _without_gloss(text) or text
    if len(bare) > 20 or not _STATUS_WORDS.search(bare) or _LABEL_ENDING.search(bare):
        return None
    return (bare, bare)


def _company_type(text: str) -> FieldValue | None:
    bare = _without_gloss(text)
    return (text, text) if len(text) <= 40 and _TYPE_WORDS.search(text) and not re.search(r"[。：:]|\d{4}", text) \
        and not _LABEL_ENDING.search(bare) else None


def _authority(text: str) -> FieldValue | None:
    text = text.strip()
    bare = _without_gloss(text)
    return (text, text) if 2 <= len(text) <= 40 and _CJK.search(text) and _AUTHORITY.search(bare) \
        and not re.search(r"[。，,：:；;]", text) else None


def _industry(text: str) -> FieldValue | None:
    """「软件和信息技术服务业」; not a neighbouring cell's 「营业期限： 2014-10-21至2064-10-20」."""
    # a code in brackets is the industry's own: 「租赁和商务服务业（7010）」
    return (text, text) if len(text) <= 40 and _CJK.search(text) and not re.search(r"[:：。]|\d{4}-|至\d|\d{4}年", text) \
        and not _LABEL_ENDING.search(text) else None


def _address(text: str) -> FieldValue | None:
    english = bool(re.search(r"\d", text)) and bool(re.search(r"[A-Za-z]{3}", text)) and len(text) >= 8  # Hong Kong, abroad
    return _text(text, "address") if (len(text) >= 4 and _PLACE_WORDS.search(text) or english) and "。" not in text[:-1] \
        and not _LABEL_ENDING.search(text) else None


def _short_chinese(text: str) -> FieldValue | None:
    return (text, text) if len(text) <= 30 and _CJK.search(text) else None


def _staff_size(text: str) -> FieldValue | None:
    return (text, text) if re.search(r"\d", text) and len(text) <= 20 else None


# Each field's validator: whether a value looks like what the field holds. A field not listed is
# free text of at most MAX_TEXT characters.
VALIDATORS: dict[str, Callable[[Any], FieldValue | None]] = {
    "established": _date,
    "approved": _date,
    "registered_capital": _capital,
    "paid_in_capital": _capital,
    "insured_employees": _count,
    "branch_insured_employees": _count,
    "employees": _count,
    "outbound_investments": _count,
    "branches": _count,
    "former_names": _former_names,
    "stock_code": _stock_code,
    "name": _text_field(_company),
    "legal_representative": _text_field(_person_or_company),
    "actual_controller": _text_field(_person_or_company),
    "parent_company": _text_field(_organisation),
    "group": _text_field(_group),
    "credit_code": _text_field(_credit_code),
    "registration_number": _text_field(_registration_number),
    "organization_code": _text_field(_organization_code),
    "status": _text_field(_status),
    "company_type": _text_field(_company_type),
    "registration_authority": _text_field(_authority),
    "address": _text_field(_address),
    "industry": _text_field(_industry),
    "listing_status": _text_field(_short_chinese),
    "staff_size": _text_field(_staff_size),
}


@dataclass
class Holder:
    name: str
    stake: Share | None = None
    subscribed_amount: Amount | None = None
    subscribed_date: DateValue | None = None


@dataclass
class Person:
    name: str
    titles: list[str] = field(default_factory=list)


@dataclass
class Round:
    round: str
    date: DateValue | None = None
    amount: Amount | None = None
    investors: tuple[str, ...] = ()


@dataclass
class Bid:
    name: str
    date: DateValue | None = None
    buyer: str | None = None
    amount: Amount | None = None


@dataclass
class RegistryRecord:
    """What one document says about one company. Sections a document does not show stay empty."""

    fields: dict[str, tuple[Any, str]] = field(default_factory=dict)
    labelled: bool = False  # read from labels a reader sees (a rendered page), not guessed JSON keys
    shareholders: list[Holder] = field(default_factory=list)
    executives: list[Person] = field(default_factory=list)
    investments: list[tuple[str, Share | None]] = field(default_factory=list)
    branches: list[str] = field(default_factory=list)
    financing: list[Round] = field(default_factory=list)
    projects: list[Bid] = field(default_factory=list)

    def set(self, name: str, raw: Any) -> bool:
        """Record field `name` from `raw` unless already known; a 15-digit number in the credit-code
        field is the old registration number (records from before 2015 show it there)."""
        if name == "credit_code" and isinstance(raw, str) and (_OLD_NUMBER.match(raw.strip()) or _HYPHENED_CODE.match(raw.strip())):
            name = "registration_number"
        if name in self.fields:
            return False
        value = field_value(name, raw)
        if value is None:
            return False
        self.fields[name] = value
        return True

    def add_holder(self, holder: Holder) -> None:
        known = next((h for h in self.shareholders if h.name == holder.name), None)
        if known is None:
            self.shareholders.append(holder)
        else:  # the same holder twice (two share classes, two rows): keep the fuller line
            for attr in ("stake", "subscribed_amount", "subscribed_date"):
                if getattr(known, attr) is None:
                    setattr(known, attr, getattr(holder, attr))

    def add_person(self, name: str, titles: list[str]) -> None:
        """One person on two rows with two titles is one executive with both."""
        known = next((p for p in self.executives if p.name == name), None)
        if known is None:
            self.executives.append(Person(name, list(titles)))
        else:
            known.titles += [t for t in titles if t not in known.titles]

    def add_investment(self, name: str, stake: Share | None) -> None:
        if all(n != name for n, _ in self.investments):
            self.investments.append((name, stake))

    def add_branch(self, name: str) -> None:
        if name not in self.branches:
            self.branches.append(name)

    @property
    def size(self) -> int:
        return len(self.fields) + sum(len(getattr(self, s)) for s in _SECTIONS)

    def is_empty(self) -> bool:
        return self.size == 0


_SECTIONS = ("shareholders", "executives", "investments", "branches", "financing", "projects")


def richer(*readings: RegistryRecord) -> RegistryRecord:
    """One record from several readings of one document (its embedded JSON, its rendered tables):
    each list section from the reading that lists most, never from two; each field from the
    labelled reading (a rendered page's 工商信息 table names its fields in words), the JSON
    filling only what it lacks."""
    ranked = sorted(readings, key=lambda r: (r.labelled, r.size), reverse=True)
    out = RegistryRecord()
    for reading in ranked:
        for name, value in reading.fields.items():
            known = out.fields.setdefault(name, value)
            if isinstance(value[0], tuple) and len(value[0]) > len(known[0]):
                out.fields[name] = value  # a list (former names): the reading that lists more
    for section in _SECTIONS:
        best = max(ranked, key=lambda r: (len(getattr(r, section)), _filled(getattr(r, section))))
        setattr(out, section, list(getattr(best, section)))
    return out


def _filled(items: list[Any]) -> int:
    """How much a list says: its items' filled attributes, a tuple counting each of its names."""
    if not items or not hasattr(items[0], "__dict__"):
        return 0
    return sum(len(v) if isinstance(v, tuple) else 1 for item in items for v in vars(item).values() if v not in (None, "", (), []))


def record_facts(record: RegistryRecord, source: Provenance) -> list[Fact]:
    """The record as facts, every one with `source`."""
    facts: list[Fact] = []
    for name, (value, text) in record.fields.items():
        facts.append(Registration(name, value, text, source))
    for h in record.shareholders:
        facts.append(Shareholder(h.name, h.stake, source, h.subscribed_amount, h.subscribed_date))
    for p in record.executives:
        facts.append(Executive(p.name, "、".join(p.titles), source))
    for name, stake in record.investments:
        facts.append(Investment(name, source, stake))
    for name in record.branches:
        facts.append(Branch(name, source))
    for r in record.financing:
        facts.append(Financing(r.round, source, r.amount, r.investors, r.date))
    for b in record.projects:
        facts.append(Project(b.name, source, buyer=b.buyer, amount=b.amount, date=b.date))
    return facts
