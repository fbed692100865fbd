"""Reading the values Chinese business pages show: dates, money, people's names and titles.

Every parser returns None rather than guess: a wrong date or amount is worse than a missing one.
Each normalised value keeps the text exactly as the page showed it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation

from briefing.models import Amount, DateValue

# --- dates -----------------------------------------------------------------------------------

_MONTHS_EN = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_EN_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"

# Ordered from most to least specific; each names year/month/day groups.
_DATE_PATTERNS = [
    # 2024年04月28日, 2024年4月28号
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
    # 2024-04-28, 2024/4/28, 2024.04.28 (not part of a longer number or a 2012-2024 range)
    re.compile(r"(?<![\d.\-/])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"),
    # Apr 28, 2024 / April 28 2024
    re.compile(r"(?i)\b" + _EN_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b"),
    # 28 Apr 2024
    re.compile(r"(?i)\b(?P<d>\d{1,2})\s+" + _EN_MONTH + r",?\s+(?P<y>(?:19|20)\d{2})\b"),
    # 06月15日, 2020 / 6月 15, 2020: an English blog theme's date put into Chinese (not 「6月15日，2020年…」 in prose)
    re.compile(r"(?<![\d年–\-~至])(?<![–\-~至] )(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?\s*[,，]\s*(?P<y>(?:19|20)\d{2})(?![\d年])"),
]
# (A day shown apart from its year-month, "<b>28</b><span>2024-04</span>", is read from the page's
# elements by sources.site.lists: in flat text "1 2024-05" is as often a rank or a count.)
_MONTH_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?!\s*\d)"),
    re.compile(r"(?<![\d.\-/])(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})(?![\d\-/.])"),
    re.compile(r"(?i)\b" + _EN_MONTH + r",?\s+(?P<y>(?:19|20)\d{2})\b"),
]
# "2023年", or a cell that is a year, perhaps with a note: "2022", "2024 (ongoing)"
_YEAR_PATTERN = re.compile(r"(?<![\d\-])(?P<y>(?:19|20)\d{2})\s*年(?![\d度])|^\s*(?P<y2>(?:19|20)\d{2})\s*(?:$|(?=[(（]))")


_YEARS = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_HAN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_HAN_DATE = re.compile(r"(?P<y>[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>[一二三四五六七八九十]{1,3})\s*[日号]")


def _han_year(text: str) -> int:
    year = int("".join(str(_HAN_DIGITS[c]) for c in text))
    return year if 1900 <= year <= 2099 else 0


def han_number(text: str) -> int:
    """A number written in Han numerals up to 99: 一 1, 十 10, 十二 12, 二十 20, 二十八 28; 0 if not one."""
    value = han_integer(text) if text else None
    return value if value is not None and value < 100 else 0


def _month(match: re.Match[str]) -> int:
    mon = match.groupdict().get("mon")
    if mon:
        return _MONTHS_EN[mon.lower().rstrip(".")]
    return int(match.group("m"))


def _valid(y: int, m: int, d: int | None) -> bool:
    try:
        date(y, m, d or 1)
    except ValueError:
        return False
    return True


def find_date(text: str, *, precision: str = "day") -> DateValue | None:
    """The first date in `text` at day precision (or coarser, if `precision` allows)."""
    for found in find_dates(text, precision=precision):
        return found
    return None


def find_dates(text: str, *, precision: str = "day") -> list[DateValue]:
    """Every date in `text`, in order of appearance; `precision` is the coarsest accepted."""
    found: list[tuple[int, int, DateValue]] = []
    taken: list[range] = []

    def add(match: re.Match[str], value: str) -> None:
        span = range(match.start(), match.end())
        if any(span.start < t.stop and t.start < span.stop for t in taken):
            return
        taken.append(span)
        found.append((match.start(), -len(value), DateValue(value, match.group(0).strip())))

    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            y, m, d = int(match.group("y")), _month(match), int(match.group("d"))
            if _valid(y, m, d):
                add(match, f"{y:04d}-{m:02d}-{d:02d}")
    for match in _HAN_DATE.finditer(text):  # 二〇一五年九月二十八日: a formal document's signature
        y, m, d = _han_year(match.group("y")), han_number(match.group("m")), han_number(match.group("d"))
        if y and _valid(y, m, d):
            add(match, f"{y:04d}-{m:02d}-{d:02d}")
    if precision in ("month", "year"):
        for pattern in _MONTH_PATTERNS:
            for match in pattern.finditer(text):
                y, m = int(match.group("y")), _month(match)
                if _valid(y, m, None):
                    add(match, f"{y:04d}-{m:02d}")
    if precision == "year":
        for match in _YEAR_PATTERN.finditer(text):
            add(match, match.group("y") or match.group("y2"))
    return [value for _, _, value in sorted(found, key=lambda item: item[0])]


BEIJING = timezone(timedelta(hours=8))
_TIME_AFTER = re.compile(r"\s*(?:[T日号]\s*)?(?P<h>[01]?\d|2[0-3])\s*[:：时]\s*(?P<mi>[0-5]\d)(?:\s*[:：分]\s*(?P<s>[0-5]\d))?(?:\.\d+)?(?:\s*(?P<ampm>[AaPp][Mm])\b)?(?P<z>Z|[+-]\d{2}:?\d{2}(?!\d))?")


def find_moment(text: str, *, zone: tzinfo = BEIJING) -> DateValue | None:
    """The first date in `text`, with its time of day when one follows ("2024年04月28日 10:30",
    "2024-04-28 10:30:00"): an instant in `zone` (Beijing unless the caller knows better)."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            y, m, d = int(match.group("y")), _month(match), int(match.group("d"))
            if not _valid(y, m, d):
                continue
            clock = _TIME_AFTER.match(text, match.end())
            if clock is None:
                return DateValue(f"{y:04d}-{m:02d}-{d:02d}", match.group(0).strip())
            offset = clock.group("z")
            if offset:  # the text gives its own zone: "2024-04-28T02:30:00Z"
                sign = -1 if offset.startswith("-") else 1
                digits = offset.replace(":", "")[1:] if offset != "Z" else "0000"
                zone = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))
            hour = int(clock.group("h"))
            if clock.group("ampm") and clock.group("ampm").lower() == "pm" and hour < 12:
                hour += 12  # 「Apr 28, 2024 10:30 PM」
            elif clock.group("ampm") and clock.group("ampm").lower() == "am" and hour == 12:
                hour = 0
            moment = datetime(y, m, d, hour, int(clock.group("mi")), int(clock.group("s") or 0), tzinfo=zone)
            moment = moment.astimezone(BEIJING)
            return DateValue(moment.isoformat(), text[match.start():clock.end()].strip())
    return None


def parse_date(text: str, *, precision: str = "year") -> DateValue | None:
    """`text` read as one date (a table cell, a labelled value); None unless the date is most of it."""
    text = text.strip()
    found = find_dates(text, precision=precision)
    if len(found) != 1:
        return None
    # "2018（开工）-2020（竣工）", "2021 (一期), 2024 (二期)": more than one year is not one date.
    if len(_YEARS.findall(text)) > len(_YEARS.findall(found[0].text)):
        return None
    # A cell like "2019年建成，2021年扩建" is not one date.
    leftover = re.sub(r"[(（][^()（）]{0,20}[)）]", "", text.replace(found[0].text, "", 1))
    if len(re.sub(r"[\s\[\]()（）【】:：]", "", leftover)) > 6:
        return None
    return found[0]


# --- money -----------------------------------------------------------------------------------

_UNITS = {
    "亿": Decimal(100_000_000), "万": Decimal(10_000), "千": Decimal(1_000), "元": Decimal(1),
    "b": Decimal(1_000_000_000), "m": Decimal(1_000_000), "t": Decimal(1_000), "k": Decimal(1_000),
}
_AMOUNT = re.compile(
    r"(?P<cur>HK\$|US\$|[¥￥$€]|RMB|CNY|USD|HKD|EUR|人民币)?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿元|亿|万元|万|千元|元|(?i:billion|bn|million|mn|thousand)\b|[BMK]\b)?\s*"
    r"(?P<cur2>人民币|美元|港元|港币|欧元|RMB|USD|CNY|HKD|EUR)?"
)
_CURRENCY = {
    "$": "USD", "US$": "USD", "USD": "USD", "美元": "USD", "HK$": "HKD", "HKD": "HKD", "港元": "HKD", "港币": "HKD",
    "€": "EUR", "EUR": "EUR", "欧元": "EUR",
}


_COLUMN_CURRENCY = re.compile(r"美元|USD|US\$|欧元|EUR|港元|HKD|人民币|RMB|CNY|元", re.I)
_OTHER_CURRENCY = re.compile(r"日元|英镑|新加坡元|新台币|台币|卢布|韩元|澳元|加元|JPY|GBP|SGD|TWD|AUD|CAD", re.I)
_COLUMN_SCALES = (("亿", Decimal(100_000_000)), ("千万", Decimal(10_000_000)), ("百万", Decimal(1_000_000)),
                  ("万", Decimal(10_000)), ("million", Decimal(1_000_000)), ("10,000", Decimal(10_000)),
                  ("thousand", Decimal(1_000)), ("千", Decimal(1_000)))


def _scale_of(unit: str) -> Decimal:
    return next((scale for word, scale in _COLUMN_SCALES if word in unit.lower()), Decimal(1))


def column_unit(heading: str) -> str | None:
    """The unit a money column's heading gives its bare numbers: "合同额(万元)" -> "万元",
    "Contract Value (USD million)" -> "million 美元"; None when there is none or it is a
    currency we do not convert (日元, 新加坡元): better no amount than a wrong one."""
    if _OTHER_CURRENCY.search(heading):
        return None
    currency = _COLUMN_CURRENCY.search(heading)
    scale = next((word for word, _ in _COLUMN_SCALES if word in heading.lower()), "")
    if not currency and not scale:
        return None
    name = currency.group(0).upper() if currency else "元"
    name = {"USD": "美元", "US$": "美元", "EUR": "欧元", "HKD": "港元", "RMB": "元", "CNY": "元", "人民币": "元"}.get(name, name)
    return f"{scale}{name}"


def parse_amount(text: str, *, unit: str | None = None) -> Amount | None:
    """Money in `text` ("2,360万元", "1.2亿元", "¥860,000", "500万美元"); `unit` is a column's unit ("万元").

    A bare number is only money when the caller knows its unit (a column headed 合同额(万元)).
    """
    shown = text.strip()
    if not shown or len(shown) > 60:
        return None
    if _OTHER_CURRENCY.search(shown) or re.search(r"(?<![A-Z])(?:S|NT|A|C)\$", shown):
        return None  # 5亿日元, S$12.5 million: not yuan, and not a currency we read
    match = next((m for m in _AMOUNT.finditer(shown) if m.group("unit") or m.group("cur") or m.group("cur2")), None)
    if match is None:
        # A bare number is money only as the whole of a cell whose column names the unit:
        # "2019年 860" under 合同额(万元) is not 2,019万.
        match = _AMOUNT.fullmatch(shown) if unit is not None else None
        if match is None:
            return None
    number = match.group("num").replace(",", "")
    unit_text = match.group("unit") or ""
    currency_text = match.group("cur") or match.group("cur2") or ""
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    # A column's unit applies only to a bare number: "¥1,200,000" in a 万元 column is still yuan;
    # the column's currency too ("Contract Value (USD)", "合同额(万美元)").
    from_column = False
    for name in ("美元", "欧元", "港元"):
        if unit and name in unit and not currency_text:
            currency_text, from_column = name, True
    if unit_text:
        value *= _UNITS.get(unit_text[:1].lower(), Decimal(1))
    elif unit and (from_column or not currency_text):
        value *= _scale_of(unit)
    currency = _CURRENCY.get(currency_text, "CNY")
    if unit and not unit_text and (from_column or not currency_text) and unit not in shown:
        shown = f"{shown}{unit}"  # 「384.689002」 under 中标金额(万元) reads 「384.689002万元」
    return Amount(value.normalize() if value != value.to_integral() else value.quantize(Decimal(1)), shown, currency)


# Money written in Han numerals, as contracts and old registry records write it: 「壹佰万元整」,
# 「人民币伍拾万元」, 「一千五百万」. Financial (大写) and common digits alike.
_HAN_MONEY_RUN = re.compile(r"[零壹贰貳叁叄肆伍陆陸柒捌玖〇一二三四五六七八九两拾十佰百仟千万萬亿億]+")


def han_integer(text: str) -> int | None:
    """「壹仟伍佰万」 -> 15000000, 「两千万」 -> 20000000, 「贰拾万零伍仟」 -> 205000 (cn2an); None when
    the characters do not make one number: 「一二」 (digits read one by one, no unit), a unit with
    nothing before it."""
    import cn2an  # imported late: its tables load in a blink, but only money in words needs them

    if len(text) > 1 and not re.search(r"[拾十佰百仟千万萬亿億]", text):
        return None
    try:
        value = cn2an.cn2an(text.replace("两", "二").replace("萬", "万").replace("億", "亿"), "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if value and value == int(value) else None


def han_money(text: str) -> str | None:
    """`text` with the one amount it writes in Han numerals rewritten in digits, the units and
    currency words kept: 「人民币壹佰万元整」 -> 「人民币1000000元整」, 「伍拾万美元」 -> 「500000美元」;
    None when it writes none, or more than one, or one that does not read as a number."""
    runs = [m for m in _HAN_MONEY_RUN.finditer(text) if re.search(r"[零壹贰貳叁叄肆伍陆陸柒捌玖〇一二三四五六七八九两拾十佰百仟千]", m.group(0))]
    if len(runs) != 1 or re.search(r"\d", text):
        return None
    run = runs[0]
    if run.group(0)[0] in "佰百仟千万萬亿億" or re.search(r"[数几近约逾超上过]\s*$", text[:run.start()]) or re.match(r"\s*[余多几]", text[run.end():]):
        return None  # 「数千万」, 「近百万」, 「五十余万」: a size, not a sum
    value = han_integer(run.group(0))
    if value is None or not re.match(r"\s*(?:元|圆|人民币|美元|港元|港币|欧元|$)", text[run.end():]):
        return None  # 「三万」 with nothing after, or 「十万火急」: no money the text names as such
    return f"{text[:run.start()]}{value}{text[run.end():]}"


# --- people ----------------------------------------------------------------------------------

# The common surnames (百家姓 and the most frequent modern ones); a name must start with one.
_COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 百里 呼延".split()
)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢钮安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
# Characters of words, not of given names (思源, 国政, 文财 are names: 源/政/财 stay allowed).
_NOT_NAME_CHARS = set("公司团限责股份部门办室委项目术服销售场简介绍队领导董事的了与在是及等月日案例闻动态")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){1,2}$")

# Titles, longest first so that 副总经理 is not read as 总经理.
TITLES_ZH = sorted(
    """董事长 副董事长 董事局主席 董事局副主席 董事会主席 董事会副主席 董事局秘书 执行董事 董事 独立董事 总经理 副总经理 常务副总经理 总裁 副总裁 高级副总裁 执行总裁 执行副总裁 常务副总裁
    党委委员 党委常委 党组成员 党组副书记 职工董事 外部董事 纪委副书记 工会副主席 监事会副主席 党支部书记 党支部副书记 党总支副书记 党组书记 支部书记 首席执行官 首席财务官 首席技术官 首席运营官 首席信息官 首席营销官 党委书记 党委副书记 党总支书记 纪委书记 工会主席
    董事会秘书 董秘 财务负责人 职工代表监事 职工监事 财务总监 技术总监 营销总监 运营总监 总工程师 副总工程师 总会计师 总经济师 总监 监事会主席 监事
    监事长 院长 副院长 所长 副所长 厂长 副厂长 总裁助理 总经理助理 创始人 联合创始人 合伙人 法定代表人 法人代表
    创始合伙人 管理合伙人 执行合伙人 高级合伙人 投资合伙人 投资董事 董事总经理""".split(),
    key=len,
    reverse=True,
)
_EN_TITLE_WORDS = [
    "Chairman of the Board", "Vice Chairman", "Chairwoman", "Chairman", "Senior Vice President", "Executive Vice President",
    "Vice President", "President", "Chief Executive Officer", "Chief Financial Officer", "Chief Technology Officer",
    "Chief Operating Officer", "Deputy General Manager", "General Manager", "Managing Director", "Executive Director",
    "Board Secretary", "Chief Engineer", "Co-founder", "Founder", "Director", "CEO", "CFO", "CTO", "COO", "CIO", "CMO",
    "Finance Director", "Financial Director", "Operations Director", "Sales Director", "Marketing Director",
    "Technical Director", "Commercial Director", "Chief Marketing Officer", "VP", "SVP", "EVP", "CRO", "CCO", "CSO", "CPO",
    "CDO", "CGO", "CHO",  # design/data, growth, people: a start-up's founders share out these posts too
]
# A company department's head (财务部部长), never a ministry's (商务部部长): the departments companies have
_DEPARTMENT_HEAD = r"|(?:财务|人事|人力资源|行政|市场|营销|销售|技术|研发|工程|生产|质量|采购|审计|法务|投资|风控|运营|综合|企划|战略)部部长"
# A known title, or a business line's head ("国际业务总经理", "华东区总监") as leadership pages name them.
_TITLE_ALT = "|".join(re.escape(t) for t in TITLES_ZH) + r"|[\u4e00-\u9fff]{2,6}(?:总经理|总监|副总裁)|(?!有限|普通|基金)[\u4e00-\u9fff]{2,4}合伙人|[\u4e00-\u9fff]{2,4}负责人|首席[\u4e00-\u9fff]{1,6}官" + _DEPARTMENT_HEAD
# A specialist's role counts only joined to a leader's title: 「联合创始人高级数据挖掘工程师」, never 「高级工程师」 alone
_ROLE_AFTER = r"(?:首席|高级|资深)?[\u4e00-\u9fff]{1,8}(?:工程师|分析师|科学家|架构师|设计师)"
_TITLE_EN_ALT = "(?:" + "|".join(re.escape(t) for t in sorted(_EN_TITLE_WORDS, key=len, reverse=True)) + r")(?:\s+of\s+[A-Z][\w&]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w&]*){0,3})?"
# One or more titles joined as pages join them: 党委书记、董事长 / 董事长兼总经理 / CEO & Founder
# Joined as pages join them, a space too: "首席财务官 CFO", "VP of Sales 销售副总裁".
# Written together too: 「联合创始人首席执行官」.
_TITLES = rf"(?:{_TITLE_ALT}|{_TITLE_EN_ALT})(?:(?:\s*(?:[、/,，&|｜]|兼|and)\s*|\s+|)(?:{_TITLE_ALT}|{_TITLE_EN_ALT}|{_ROLE_AFTER}))*"
# A title standing alone may carry its gloss in brackets: 「CRO（首席风控官）」.
_TITLES_RE = re.compile(rf"^(?:{_TITLES})(?:\s*[（(](?:{_TITLE_ALT}|{_TITLE_EN_ALT})[)）])?$", re.IGNORECASE)


_SPACED = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff](?:[ \u3000\xa0]+[\u4e00-\u9fff])+)(?![\u4e00-\u9fff])")


def in_order(short: str, long: str) -> bool:
    """Every character of `short` appears in `long`, in order: 「粤钢集团」 in 「广东粤钢集团有限公司」."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def unspace(text: str) -> str:
    """'董 事 长' -> '董事长', '李　堃' -> '李堃': characters spread out to fill a table cell, not words."""
    return _SPACED.sub(lambda m: re.sub(r"[ \u3000\xa0]+", "", m.group(1)), text)


# Words that start with a surname but name a place, a brand or a rank, never a person; and
# "王总"/"李董"/"张工" are forms of address, not names.
_NOT_NAMES = set(
    """江苏 浙江 广东 广西 湖南 湖北 河南 河北 山东 山西 安徽 福建 江西 四川 云南 贵州 陕西 甘肃 青海 海南 吉林 辽宁
    黑龙江 北京 天津 上海 重庆 深圳 广州 杭州 南京 苏州 武汉 成都 西安 宁波 厦门 青岛 大连 沈阳 长沙 郑州 济南 合肥
    福州 昆明 南宁 贵阳 兰州 太原 石家庄 哈尔滨 长春 无锡 常州 温州 佛山 东莞 宜兴 华为 万达 万科 平安 安全 金牌 高新
    中国 中华 国家 全国 金融 科技 高级 首席 常务 执行 资深 特级 华东 华南 华北 华中 西南 西北 东北 海外 国际 区域
    集团 总部 分公司 子公司 党委 董事 经理 主任 部长 公司 工程 项目 技术 质量 安全员 财务 营销 市场 销售 商务""".split()
)
_ADDRESS_FORMS = set("总董工经")
_NOT_NAME_ENDINGS = set("人区省市县镇部处组司局院所厂办室队")


def is_han_name(text: str) -> bool:
    """Written in 2-4 Han characters (as a Chinese name is), whether or not it is one."""
    return bool(_HAN_NAME.match(text.strip()))


def is_person_name(text: str, *, any_surname: bool = False) -> bool:
    """True for a plausible person's name: 2-4 Han characters led by a surname, or 'Zhang Wei'.

    `any_surname`: the page's layout already says this is a name (a row shaped like its
    neighbours' names), so a surname the list lacks (撖, 笪) is allowed; 2-3 characters only."""
    text = text.strip()
    if not text or text in _NOT_NAMES:
        return False
    if len(text) == 2 and text[1] in _ADDRESS_FORMS:
        return False
    if text[-1] in _NOT_NAME_ENDINGS:
        return False  # 华东区, 常州人, 销售部: a place, an origin, a department
    if _HAN_NAME.match(text):
        if any(ch in _NOT_NAME_CHARS for ch in text[1:]) and not text[:2] in _COMPOUND_SURNAMES:
            return False
        if text[:2] in _COMPOUND_SURNAMES:
            return len(text) >= 3
        if any_surname and len(text) <= 3 and text[0] not in _NOT_NAME_CHARS:
            return True
        return text[0] in _SURNAMES and len(text) <= 3 or (len(text) == 4 and text[0] in _SURNAMES and text[1] in _SURNAMES)
    return bool(_LATIN_NAME.match(text)) and not _TITLE_WORDS.intersection(text.lower().replace("-", " ").split())


# "Deputy General Manager" is shaped like a Latin name; a word of a title says it is not one.
_TITLE_WORDS = {
    "general", "manager", "director", "officer", "chief", "deputy", "vice", "president", "chairman", "chairwoman",
    "sales", "finance", "financial", "operations", "marketing", "technical", "executive", "senior", "founder",
    "engineer", "secretary", "board", "managing", "head", "team", "company", "group", "limited", "ltd",
    # the business lines such titles name: "Human Resources Director", "Supply Chain Director"
    "human", "resources", "business", "development", "supply", "chain", "regional", "region", "area", "customer",
    "service", "services", "product", "products", "research", "quality", "administration", "legal", "public",
    "relations", "investor", "project", "projects", "procurement", "purchasing", "logistics", "production", "plant",
    "factory", "office", "department", "division", "international", "domestic", "global", "china", "asia",
    "key", "account", "accounts", "strategy", "strategic", "corporate", "affairs", "operations", "technology",
}


def is_title(text: str) -> bool:
    """True when `text` is only a job title, or titles joined (党委书记、董事长)."""
    return bool(_TITLES_RE.match(clean_label(text)))


_BRACKETS = {("【", "】"), ("[", "]"), ("（", "）"), ("(", ")"), ("<", ">"), ("《", "》")}


def clean_label(text: str) -> str:
    """Whitespace collapsed and the dressing around a short label removed ("【董事长】" -> "董事长")."""
    text = re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip().strip("：:|·•-—– ")
    if len(text) > 2 and (text[0], text[-1]) in _BRACKETS:
        text = text[1:-1].strip()
    return text


_NAME = r"(?P<name>[\u4e00-\u9fff]{2,4}|[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){1,2})"
_PAIR_PATTERNS = [
    # 董事长：王建国 / 董事长 王建国 / Chairman: Zhang Wei
    re.compile(rf"^(?P<title>{_TITLES})\s*[:：\s]\s*{_NAME}(?:\s*[（(](?P<alt>[^()（）]{{2,30}})[)）])?$", re.IGNORECASE),
    # 王建国 董事长 / 王建国，董事长 / Wang Fang — CEO / Li Hong — Finance Director (财务总监)
    re.compile(
        rf"^{_NAME}(?:\s*[（(](?P<alt>[^()（）]{{2,30}})[)）])?\s*(?:[:：,，|/]|\s|[—–-])\s*(?P<title>{_TITLES})"
        r"(?:\s*[（(][^()（）]{2,20}[)）])?$",
        re.IGNORECASE,
    ),
]


_COURTESY = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Dr|Prof)\.?\s+")


def split_person(text: str) -> tuple[str, str] | None:
    """(name, title) when `text` is exactly a name and a title, either way round; else None."""
    text = _COURTESY.sub("", clean_label(text))
    if len(text) > 60:
        return None
    for pattern in _PAIR_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        name, title = match.group("name"), match.group("title")
        alt = (match.group("alt") or "").strip()
        # "Zhang Wei (张伟)": the Han name is the one a Chinese reader knows
        if alt and is_person_name(alt) and _HAN_NAME.match(alt):
            name = alt
        if is_person_name(name):
            return name, normalise_titles(title)
    return None


def normalise_titles(title: str) -> str:
    """'党委书记 、董事长' -> '党委书记、董事长', 'Deputy GM / Sales Director' -> 'Deputy GM、Sales Director',
    '创始人 | CEO' -> '创始人、CEO'."""
    title = clean_label(title)
    return re.sub(r"\s*([、/,，&|｜])\s*", lambda m: f" {m.group(1)} " if m.group(1) == "&" else "、", title)


__all__ = [
    "find_date",
    "find_dates",
    "parse_date",
    "parse_amount",
    "han_number",
    "han_integer",
    "han_money",
    "column_unit",
    "is_han_name",
    "is_person_name",
    "is_title",
    "split_person",
    "clean_label",
    "unspace",
    "normalise_titles",
]
