"""What an article says the customer did: signings, tenders won, its people, money raised.

Precision before recall. An event is the customer's only when the sentence names the customer
as its subject (or, in the customer's own account, 我公司/公司/我司), never because the
customer appears somewhere in the article. A person is the customer's executive only when the
nearest company named before the title, in the same clause, is the customer. Plans (拟, 将于,
计划) are not events. Each event keeps its sentence as evidence and the article as its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Callable, TypeVar

from briefing.models import DateValue, Executive, Fact, Financing, Project, Provenance
from briefing.toolkit.names import is_org_name
from briefing.toolkit.normalise import TITLES_ZH, find_dates, in_order, is_person_name, parse_amount

_T = TypeVar("_T")

MAX_TEXT = 60_000  # characters of one article read for events
MAX_EVIDENCE = 240
MAX_EVENTS = 200  # events kept from one article: a 10,000-paragraph page is not 1,000 events

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_CLAUSE_BREAK = re.compile(r"[，,：:；;（）()“”\"《》【】]")
# A company, institution or government body as Chinese text names one.
_ORG = re.compile(
    r"(?:(?![与及])[\u4e00-\u9fffA-Za-z0-9（）()·&]){2,30}?"  # no 与/及/、: they join two names
    r"(?:股份有限公司|有限责任公司|有限公司|股份公司|集团公司|集团|公司|研究院|研究所|设计院|大学|学院|医院|银行|"
    r"人民政府|政府|委员会|管委会|水务局|局|厅|中心|协会|基金|资本|创投|投资)"
)
# What may follow a name and still be part of it: 「广东粤钢集团」有限公司, 「南粤理工大学」机械与汽车工程学院,
# 「楚商银行股份有限公司」武汉分行 (a sub-unit starts right after the parent, never with 与)
_ORG_MORE = re.compile(
    r"(?:集团有限公司|集团股份有限公司|有限责任公司|股份有限公司|有限公司|股份公司|集团|基金|"
    r"(?![与和及、])[\u4e00-\u9fffA-Za-z0-9]{1,10}?(?:学院|研究院|研究所|实验室|分公司|分行|支行|分院|事业部|工程局|设计院|中心))+"
)
_LEGAL_END = re.compile(r"(?:有限公司|股份公司|集团|研究院|大学|银行)$")
_LEGAL_TAIL = re.compile(r"(?:(?![和与及的、同跟])[\u4e00-\u9fff]){0,8}?(?:股份有限公司|有限责任公司|有限公司|股份公司)")
# Where a company's name cannot continue: a possessive, a title, a verb of meeting or signing.
_SPLIT_ORG = re.compile(r"的|之|对手|伙伴|客户|会见|会晤|拜访|接待|出席|表示|介绍|指出|董事长|总经理|总裁|副总裁|书记|主任|局长|市长|县长|区长")
_GENERIC_ORG = re.compile(r"^(?:各|该|本|其|下属|旗下|多家|两家|三家|全资|控股|子公司|分公司|上述|相关|有关|这家|一家)")
_VERB_INSIDE = re.compile(r"共建|签署|签约|签订|合作|举行|成立|组建|携手|牵头|中标|参加|出席|进一步|提升|推动|加快|助力|促进|实现|提高|增强|打造|帮助|经过|通过|所有|"
                          r"负责|聘任|整理|现将|任职|就职|毕业|来自|位于|表示|认为|宣布|发布|获得|完成|启动|开展|"
                          r"(?:19|20)\d{2}|布局$|格局$|结局$|大局$|全局$|当局$|开局$|出局$|僵局$")
# 「德国工业自动化企业赫斯勒自动化股份公司」: a description before the name
_DESCRIBED = re.compile(r"^.{2,12}?(?:企业|厂商|机构|巨头|龙头|品牌|公司旗下)(?=.{4,})")
_LEAD = re.compile(r"^(?:\d{1,2}月|\d{1,2}[日号]|获(?=公司)|近日|日前|今天|今日|昨日|昨天|本月|上周|此前|随后|同时|其中|并|与|和|同|及|携手|在|由|向|对|为|被|将|把|从|是|的|了|据|经|我|今年|去年)+")
# 我公司, 本公司, and 公司 standing alone (not the end of 某某科技有限公司)
_OWN = re.compile(r"(?:我|本|我们)(?:公司|司|集团)|(?:(?<=[获由经向被])|(?<![\u4e00-\u9fffA-Za-z0-9]))(?:公司|集团)(?!有限|股份|公司)")
# Before a trigger, words that make it not (yet) an event: plans, hopes, conditions, denials,
# failures, talks. 「预计订单规模」 after a trigger is fine; these are read before it.
_FUTURE = re.compile(r"拟|将(?!近|军)|即将|计划|有望|准备|筹备|预计|打算|意向|洽谈|磋商|谈判|希望|争取|力争|若|如果|如能|一旦|"
                     r"未能|未|没有|没能|尚未|否认|辟谣|不实|终止|取消|否决|落选|失利|可能|或将|启动.{0,6}融资")
# Hearsay anywhere in the sentence: a rumour, an insider's word or a market whisper is not an event.
_HEARSAY = re.compile(r"传言|网传|据传|传闻|传出|坊间|爆料|市场消息|消息人士|知情人士|接近.{0,8}人士|或将|据说|听说")
# After a trigger, words that undo it: 「中标…资格被取消」, 「融资最终未能完成」.
_UNDONE = re.compile(r"被取消|取消.{0,4}资格|未能完成|没有完成|终止|失败|落空|搁浅|被否决|不成立|无效")
_WIN = re.compile(r"(?:成功|顺利|再次|又一次|一举|喜)?(?:中标|成交|中选|斩获|揽获|夺标|夺得|赢得|拿下|摘得|喜中|签下|入围)")
_FRAMEWORK = re.compile(r"框架|集采|集中采购|供应商库|名录|中标（入围）|中标\(入围\)")
_CONFIRMED = re.compile(r"确认(?P<winner>.{2,40}?)为[“\"《「]?(?P<project>[^，。；”\"》」]{4,100}?)[”\"》」]?的?(?:中标|成交)(?:人|单位|供应商)")
# 「（被）确定为某某公司两风电场项目的风力发电机组设备供应商」: chosen as the project's supplier
_CHOSEN = re.compile(r"(?:被|已被|已)?(?:确定|确认|选定)为[“\"《「]?(?P<project>[^，。；”\"》」]{4,80}?(?:项目|工程|标段))[”\"》」]?的?"
                     r"[^，。；]{0,20}?(?:中标人|中标单位|中标供应商|成交供应商|成交人|供应商|承包商|承包人|服务商)(?![\u4e00-\u9fff]*候选)")
_NOT_A_PROJECT = re.compile(r"^(?:第[一二三四五六七八九十百\d]+|这|该|此|其|多个|多项|\d+个|\d+项|一[个项家座条批种]|系列|[两三四五六七八九十\d]+家|多家)")
MIN_PROJECT = 8
_NOT_WIN = re.compile(r"候选|拟中标|预中标|未中标|流标|废标|招标公告|中标率")
_SIGN = re.compile(r"签约|签署|签订|战略合作|合作协议|框架协议|合作备忘录|携手|达成(?:全面|深度|独家)?合作")
_ROUND_NAMES = r"天使|种子|Pre-?A\+?|A\+{0,2}|B\+?|C\+?|D\+?|E|F|Pre-?IPO|战略"
_ROUND = re.compile(rf"(?P<round>{_ROUND_NAMES}|首)轮(?:融资)?", re.I)
_RAISED = re.compile(r"完成|获得|宣布|获|斩获|拿到|落地")
_RAISED_WORDS = r"获得|获|迎来|拿到"
# the longest stretch of the clause that ends like a project's name
_PROJECT_END = re.compile(r"^(.{4,80}(?:项目|工程|标段|采购|服务|系统|设备|包件|合同|总承包|EPC)(?:[（(][^（）()]{1,20}[)）])?)")
_MONEY = r"\d[\d,.]*\s*亿\s*\d[\d,.]*\s*万\s*(?:元|美元)?(?:人民币)?|\d[\d,.]*\s*(?:亿|万)?(?:元|美元)(?:人民币)?"
# 中标金额8,650万元 first; else the first amount after the name that is not a budget, a total
# investment or a unit price (0.98元/吨)
_AWARD_AMOUNT = re.compile(rf"(?:中标金额|中标价格?|成交金额|成交价格?|合同金额|合同价|签约金额|中标额|合同额|代建管理费|项目金额|(?<![预投])金额)"
                           rf"[为约达是：:\s]*(?:人民币)?\s*(?P<money>{_MONEY})")
_ANY_AMOUNT = re.compile(rf"(?P<label>总投资|预算|概算|投资额|估算|限价|最高限价)?[为约达逾超近是：:\s]*(?:人民币)?\s*(?P<money>{_MONEY})(?!\s*/)")
_BUYER = re.compile(r"(?:采购人|招标人|招标方|采购方|采购单位|招标单位|发包人|建设方|业主单位|业主|建设单位|甲方)[为是：:\s]*(?P<org>" + _ORG.pattern + ")"
                    r"|收到(?P<org2>" + _ORG.pattern + r")(?:发出)?的《?中标通知书")
_TITLE_RE = re.compile("|".join(re.escape(t) for t in sorted(TITLES_ZH, key=len, reverse=True)
                                if t not in ("法定代表人", "法人代表", "合伙人")))


@dataclass(frozen=True)
class ArticleText:
    """What the reader needs of one article: its text, date, source, and whether it is the customer's own."""

    text: str
    date: DateValue | None
    source: Provenance
    own: bool  # from the customer's own account: 我公司 and an unnamed 公司 are the customer
    title: str = ""  # read after the text: the body says the same with its date and amount
    about: bool = False  # the customer is what the article is about: an unnamed 公司 is the customer
    usual: str | None = None  # the name the article mostly calls the customer by
    recent: bool | None = None  # whether the company named last before this sentence was the customer




# Where an article ends and the page around it starts: comments, related links, disclaimers.
_TAIL = re.compile(r"^\s*(?:网友评论|热门跟贴|目前没有跟贴|我要评论|发表评论|评论区|全部评论|精选留言|写留言|相关阅读|相关新闻|相关推荐|"
                   r"推荐阅读|延伸阅读|往期推荐|往期回顾|猜你喜欢|热点推荐|热门推荐|阅读原文|责任编辑|编辑[:：]|免责声明|声明[:：]|- 推荐$)")


def article_body(text: str) -> str:
    """The article without what follows it: comments, 往期推荐 and related links name other events."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if i >= 2 and _TAIL.match(line):
            return "\n".join(lines[:i])
    return text


def sentences(text: str) -> list[str]:
    """Sentences, without the 【市场突破】 labels that head a paragraph."""
    out = []
    for sentence in _SENTENCE.findall(text[:MAX_TEXT]):
        sentence = re.sub(r"^\s*(?:【[^】]{1,12}】|\[[^\]]{1,12}\]|[一二三四五六七八九十]+、|\d+[.、])\s*", "", sentence).strip()
        if len(sentence) >= 6:
            out.append(sentence)
    return out


def _orgs(clause: str, names: list[str]) -> list[tuple[int, int, str, bool]]:
    """(start, end, name, is_customer) for each company named in `clause`, in order.

    A customer name inside another company's full name (恒远环保 in 浙江恒远环保设备有限公司) is
    that other company; a company named right after the customer (恒远环保的竞争对手南京清源水务
    有限公司) is its own name, not swallowed into the customer's."""
    found: list[tuple[int, int, str, bool]] = []
    covered = bytearray(len(clause))  # 1 where a customer name was read: no overlap checks by pairs
    full = {n for n in names if _LEGAL_END.search(n)}
    for name in names:  # longest first: 深圳云枢数智科技有限公司 before 云枢数智
        for match in re.finditer(re.escape(name), clause):
            a, b = match.start(), match.end()
            if any(covered[a:b]):
                continue
            if name not in full:
                tail = _LEGAL_TAIL.match(clause, b)
                if tail and not any(clause[a:tail.end()] == f for f in full):
                    continue  # 恒远环保「设备有限公司」: a different company with the same words
            found.append((a, b, name, True))
            covered[a:b] = b"\x01" * (b - a)
    last_end = 0
    for match in _ORG.finditer(clause):
        a = match.start()
        if a < last_end:
            continue  # inside the name before it, extended (机械与「汽车工程学院」)
        end = match.end()
        more = _ORG_MORE.match(clause, end)
        if more:
            end = more.end()
        last_end = end
        span = clause[a:end]
        # start after any customer name, title or verb inside the match: 「恒远环保董事长张建华会见了宿迁市
        # 城投集团」 names 宿迁市城投集团; 「恒远环保的竞争对手南京清源…」 names 南京清源…
        cut = max([i + 1 for i in range(len(span)) if covered[a + i]] + [m.end() for m in _SPLIT_ORG.finditer(span)] + [0])
        text = span[cut:]
        text = re.sub(r"^.*?(?:人|方|者|单位)(?:为|是)", "", text)  # 「招标人为于都县…委员会」: the name after the label
        text = re.split(r"(?<=公司|集团|我司|大学|学院|银行|政府|中心|医院)(?:和|同)", _LEAD.sub("", text))[-1]
        text = re.sub(r"^(?:我公司|本公司|我司|公司)(?:和|同)?", "", text)
        if _VERB_INSIDE.search(text) or _GENERIC_ORG.match(text):
            continue  # 「江汉交通职院共建…学院」 is two names and a verb; 「各子公司」 names nobody
        described = _DESCRIBED.match(text)
        if described and _ORG.search(text[described.end():]):
            text = text[described.end():]
        start = end - len(text)
        if len(text) < 4 or any(covered[start:end]):
            continue
        found.append((start, end, text, False))
    return sorted(found)


def _speaks(article: ArticleText) -> bool:
    """Whether an unnamed 公司/集团 here is the customer: always in its own account; in another
    outlet's article, when the company named last was the customer (or, before any was named,
    when the article is about the customer)."""
    if article.own:
        return article.recent is not False  # until a repost names another company as the subject
    return article.recent if article.recent is not None else article.about


def _subject(before: str, names: list[str], own: bool) -> bool | None:
    """Whether the customer is who acts in `before` (the text ahead of a verb, in one clause):
    True, False (another company is), or None (nobody named)."""
    orgs = _orgs(before, names)
    if orgs:
        return orgs[-1][3]
    if own and _OWN.search(before):
        return True
    return None


def about_customer(title: str, named: list[tuple[int, int, str, bool]], names: list[str]) -> bool:
    """The customer is the article's subject: named in its title, or named (in `named`, the
    body's companies) more than any other company."""
    if any(n in title for n in names):
        return True
    counts: dict[str, int] = {}
    for start, end, name, ours in named:
        key = "\0customer" if ours else name
        counts[key] = counts.get(key, 0) + 1
    ours = counts.pop("\0customer", 0)
    return ours >= 2 and ours > max(counts.values(), default=0)


def _evidence(sentence: str) -> str:
    return sentence[:MAX_EVIDENCE]


_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_RELATIVE = re.compile(r"(?P<word>今天|今日|昨天|昨日|前天|(?P<week>上|本|这)?(?:周|星期)(?P<day>[一二三四五六日天]))")


def _relative_day(sentence: str, published: DateValue | None) -> DateValue | None:
    """昨天, 前天, 上周五: a day counted back from the article's date."""
    match = _RELATIVE.search(sentence)
    if match is None or published is None or sentence[max(0, match.start() - 1):match.start()] == "每":
        return None  # 「每周一」 is a habit, not a day
    base = date.fromisoformat(published.value[:10])
    word = match.group("word")
    if word in ("今天", "今日"):
        day = base
    elif word in ("昨天", "昨日"):
        day = base - timedelta(days=1)
    elif word == "前天":
        day = base - timedelta(days=2)
    else:
        weekday = _WEEKDAY[match.group("day")]
        monday = base - timedelta(days=base.weekday())
        if match.group("week") == "上":
            monday -= timedelta(days=7)
        day = monday + timedelta(days=weekday)
        if day > base:
            return None  # 「周五」 still to come: not a day the event happened
    return DateValue(day.isoformat(), word)


# Dates that are not when an event happened: a founding, an as-of, a period's start.
_NOT_EVENT_DATE = re.compile(r"(?:成立|创立|创办|注册|截至|截止|自|从|始于|建于)[于在]?\s*$")
_PERIOD_AFTER = re.compile(r"^\s*(?:起|以来|至今|开始|前|之前|到期|止)")
_SHORT_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})[日号]")
_THIS_YEAR = re.compile(r"(?P<which>今年|去年|前年)(?:(?P<m>\d{1,2})月)?")


def _date_of(sentence: str, article: ArticleText) -> DateValue | None:
    """When the sentence says its event happened: a full date (「2023年6月」 at the month,
    「2021年」 at the year), 「4月25日」 in the article's year (the one before, if it would fall
    after the article), 「今年3月」, 「去年」, 昨天, 上周五; else the article's own date. A founding
    date (成立于…), an as-of date (截至…) or one after the article is never the event's."""
    published = article.date.value[:10] if article.date else None
    candidates: list[tuple[int, DateValue]] = []
    for found in find_dates(sentence, precision="year"):
        at = sentence.find(found.text)
        if at >= 0 and not _NOT_EVENT_DATE.search(sentence[max(0, at - 6):at]) and not _PERIOD_AFTER.match(sentence[at + len(found.text):]):
            candidates.append((at, found))
    if published:
        year = int(published[:4])
        for match in _SHORT_DAY.finditer(sentence):
            if _NOT_EVENT_DATE.search(sentence[max(0, match.start() - 6):match.start()]):
                continue
            try:
                day = date(year, int(match.group(1)), int(match.group(2)))
            except ValueError:
                continue
            if day.isoformat() > published:
                day = day.replace(year=year - 1)
            candidates.append((match.start(), DateValue(day.isoformat(), match.group(0))))
        for match in _THIS_YEAR.finditer(sentence):
            y = year - {"今年": 0, "去年": 1, "前年": 2}[match.group("which")]
            value = f"{y:04d}-{int(match.group('m')):02d}" if match.group("m") and 1 <= int(match.group("m")) <= 12 else f"{y:04d}"
            candidates.append((match.start(), DateValue(value, match.group(0))))
    candidates = [(at, d) for at, d in sorted(candidates, key=lambda c: c[0]) if not published or d.value[:10] <= published]
    # the most precise of the first mention: 「2023年3月18日」 over the 「2023年」 inside it
    if candidates:
        first_at = candidates[0][0]
        same = [d for at, d in candidates if at == first_at]
        return max(same, key=lambda d: len(d.value))
    relative = _relative_day(sentence, article.date)
    if relative:
        return relative
    return article.date


_EN_TITLES = r"CEO|CTO|CFO|COO|CIO|CMO|CPO|首席[\u4e00-\u9fff]{1,3}官|联合创始人|创始人"
# The heads of a foundation, an association, a forum or a centre (基金会执行主席, 共策会会长, 研究中心主任):
# titles only where the nearest body named before them is the customer, as every title here.
_BODY_HEADS = r"执行主席|副主席|主席|常务副会长|副会长|会长|副秘书长|秘书长|副理事长|理事长|副主任|主任"
# An honour a company gives (华为院士): a title only right after the customer's name.
_HONORIFIC = r"院士|Fellow"
# 「首席技术官兼阿里云智能总裁」: after 兼, the title of another unit may name that unit first
_TITLE_CHAIN = re.compile(rf"(?:{_TITLE_RE.pattern}|{_EN_TITLES}|{_BODY_HEADS}|{_HONORIFIC})(?:\s*(?:(?:、|及)\s*|兼\s*(?P<unit>[\u4e00-\u9fffA-Za-z]{{2,8}}?)?)"
                          rf"(?:{_TITLE_RE.pattern}|{_EN_TITLES}|{_BODY_HEADS}))*")
# 「李金泽同志现任某某公司党委书记、董事长兼总经理」: the name first, then the post held now
_INCUMBENT = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?:同志|先生|女士)?(?:现任|现为|现担任)")
_APPOINTED = re.compile(rf"(?:选举|聘任|任命|聘请|推举|增补)(?P<name>[\u4e00-\u9fff]{{2,4}}?)为(?:公司|本公司|我公司)?(?P<title>{_TITLE_CHAIN.pattern.replace('?P<unit>', '?:')})")


def titled_people(sentence: str, article: ArticleText, names: list[str]) -> list[Executive]:
    """董事长张建华, 公司总经理 李明, 聘任吴海燕为公司总经理: people with titles. A person is the
    customer's when the nearest company named before the title in its clause is the customer;
    a clause naming none takes the company of the clause before it (「…，公司党委书记、董事长王国强，
    党委副书记、总经理陈立军出席」); an unnamed 公司 is the customer in its own account or in an
    article about it; in its own account a sentence naming no other company is the customer's.
    `_WHOSE_SIGNALS` says in what order these are asked."""
    out: list[Executive] = []
    placing = _Placing(sentence, article, names, strangers=any(not o[3] for o in _orgs(sentence, names)))
    for clause in _clauses(sentence, names):
        people = _people_in(clause)
        if not people:
            placing.remember(clause)
            continue
        decided: bool | None = None
        for at, title, name in people:
            if _not_current(clause, at) or _leaving(clause, at, name):
                continue
            ours, company = _first(_WHOSE_SIGNALS, placing, clause, at) or (None, None)
            if ours is None:
                continue  # 「绿城创始人宋卫平」: a name we cannot place is nobody's
            decided = ours
            written = _written_title(clause, at, title, names) if ours else None
            if written is None:
                continue  # another company's person; or 「某某研究院院士」, an honour the customer did not give
            placing.previous_company = company or placing.previous_company
            out.append(Executive(name, _titles(written), article.source, company=placing.previous_company or article.usual,
                                 evidence=_evidence(sentence)))
        if decided is not None:
            placing.previous = decided
            if not decided:
                placing.previous_company = None
    return out


_UNIT = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,10}")
_NOT_UNIT = re.compile(r"[的与和及、]|公司$|集团$|现任|" + _VERB_INSIDE.pattern)


def _written_title(clause: str, at: int, title: str, names: list[str]) -> str | None:
    """The title as the article writes it. 「龙湖集团董事长」 is 董事长; a title naming a unit keeps
    the customer's name and the unit (「华为海思品牌总监」, 「阿里巴巴集团首席技术官兼阿里云智能总裁」),
    and so does an honour (「华为院士」), which is no title without the customer's name right
    before it (None then)."""
    chain = _TITLE_CHAIN.match(clause, at)
    inner = bool(chain and chain.group("unit"))
    honour = re.match(_HONORIFIC, title) is not None
    before = [o for o in _orgs(clause[:at], names) if o[3]]
    if not before:
        return None if honour else title
    start, end = before[-1][0], before[-1][1]
    unit = clause[end:at]
    listed = re.search(r"[、及和与]\s*(?P<other>[^、及和与]+)$", unit)
    if listed and _TITLE_CHAIN.search(unit[: listed.start()]) and not _TITLE_CHAIN.fullmatch(listed.group("other")):
        return None  # 「某商会会长、华东五金城董事长周才炳」: after the customer's post, another body's
    if not unit:
        return clause[start:at] + title if inner or honour else title
    if honour:
        return None
    if _UNIT.fullmatch(unit) and not _NOT_UNIT.search(unit):
        return clause[start:at] + title
    return title


def _people_in(clause: str) -> list[tuple[int, str, str]]:
    """(where, title, name) of each titled person in `clause`, in order: 聘任吴海燕为公司总经理, 董事长张建华."""
    people = [(m.start(), m.group("title"), m.group("name")) for m in _APPOINTED.finditer(clause)]
    for match in _INCUMBENT.finditer(clause):
        title = _TITLE_CHAIN.search(clause, match.end(), match.end() + 40)
        if title and is_person_name(match.group("name")) and all(match.group("name") != p[2] for p in people):
            people.append((title.start(), title.group(0), match.group("name")))
    for match in _TITLE_CHAIN.finditer(clause):
        end = match.end()
        while name := _name_after(clause, end):  # 「总裁助理李泉、贾明怡」: one title, two people
            if all(name != p[2] for p in people):
                people.append((match.start(), match.group(0), name))
            listed = re.match(r"\s*、\s*", clause[end:].lstrip(" \u3000·")[len(name):])
            if not listed:
                break
            end = clause.find(name, end) + len(name) + listed.end()
    return sorted(people)


# After a name, words that end the post: 「总裁刘军已卸任」, 「CEO埃洛普将离职」.
_LEAVING = re.compile(r"\s*(?:已|已经|将|也|即将|正式|宣布|于|被)?\s*(?:卸任|离职|辞职|辞去|离任|下课|退休|被免|免职|被撤|撤职)")


def _leaving(clause: str, at: int, name: str) -> bool:
    """The person named after the title at `at` leaves or has left the post."""
    after = clause.find(name, at)
    return after >= 0 and bool(_LEAVING.match(clause, after + len(name)))


def _not_current(clause: str, at: int) -> bool:
    """前总经理李明, 拟聘任李明为总经理: not a current officer."""
    return bool(re.search(r"(?:前|原|原任|曾任|时任|卸任|离任)\s*$", clause[:at]) or _FUTURE.search(clause[max(0, at - 4):at]))


@dataclass
class _Placing:
    """Whose the people of one sentence are: the sentence, its article, the customer's names, and
    whose the clause before was (the customer's: True, another company's: False, unknown: None)."""

    sentence: str
    article: ArticleText
    names: list[str]
    strangers: bool  # the sentence names a company other than the customer
    previous: bool | None = None
    previous_company: str | None = None  # the customer's name as the clause before gave it

    def remember(self, clause: str) -> None:
        """「瀚锐精机8月29日晚间公告，选举…」: the company a clause without people names is the context."""
        named = _orgs(clause, self.names)
        if named:
            self.previous, self.previous_company = named[-1][3], (named[-1][2] if named[-1][3] else None)


_Whose = tuple[bool | None, str | None]  # (the customer's?, the customer's name as given); None: nobody's


def _named_before(placing: _Placing, clause: str, at: int) -> _Whose | None:
    """The company named last before the title in its clause."""
    before = _orgs(clause[:at], placing.names)
    if not before:
        return None
    ours = before[-1][3]
    return ours, (before[-1][2] if ours else None)


def _unnamed_company(placing: _Placing, clause: str, at: int) -> _Whose | None:
    """公司 before the title (or in 聘任…为公司总经理): in its own account the customer; elsewhere
    the company named last before it in the sentence, else as _speaks says."""
    appointed = _APPOINTED.match(clause, at)
    if not (_OWN.search(clause[:at]) or (appointed and _OWN.search(appointed.group(0)))):
        return None
    earlier = [] if placing.article.own else _orgs(placing.sentence[: placing.sentence.find(clause)], placing.names)
    ours = earlier[-1][3] if earlier else _speaks(placing.article)
    return (ours, None) if ours else (None, None)


def _listed_after(placing: _Placing, clause: str, at: int) -> _Whose | None:
    """「…，党委副书记、总经理陈立军出席」: one more person of the clause before's list."""
    return (placing.previous, placing.previous_company) if placing.previous is not None and _bare(clause[:at]) else None


def _own_account(placing: _Placing, clause: str, at: int) -> _Whose | None:
    """「分管市场工作的副总裁冯启明」 in its own account, in a sentence naming no other company."""
    if placing.article.own and _speaks(placing.article) and not placing.strangers and (_bare(clause[:at]) or clause[:at].endswith("的")):
        return True, None
    return None


# Whose a titled person is, in order of precedence: the first signal that applies decides.
_WHOSE_SIGNALS: tuple[Callable[[_Placing, str, int], _Whose | None], ...] = (
    _named_before, _unnamed_company, _listed_after, _own_account,
)


def _first(signals: tuple[Callable[..., _T | None], ...], *args: Any) -> _T | None:
    """What the first of `signals` (in order of precedence) that applies says; None if none does."""
    for signal in signals:
        said = signal(*args)
        if said is not None:
            return said
    return None


_FILLER = re.compile(r"(?:和|与|及|以及|、|并|由|其中|另有|还有|同时|此外|出席|参加|的有|分别是|包括|明确|安排|决定|委派|指定|"
                     r"邀请|请|经|让|任命|聘任|[\d年月日号]|\s)+")


def _bare(text: str) -> bool:
    """Nothing before a title but joining words: the clause is one more person of a list."""
    return not _FILLER.sub("", text).strip("：:，,")


def _titles(chain: str) -> str:
    """「党委书记、董事长」, 「创始人兼CEO」 as written, spaces dropped."""
    return re.sub(r"\s+", "", chain)


def _clauses(sentence: str, names: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    """The sentence cut at its commas, colons, brackets and quotes, never inside a customer's name
    that holds quotes or brackets (瑞典“一带一路”研究所)."""
    masked = sentence
    for name in names:
        if _CLAUSE_BREAK.search(name):
            masked = masked.replace(name, "\0" * len(name))  # same length: the cuts fall where they fall in `sentence`
    clauses, start = [], 0
    for cut in _CLAUSE_BREAK.finditer(masked):
        clauses.append(sentence[start:cut.start()])
        start = cut.end()
    clauses.append(sentence[start:])
    return [c for c in clauses if c.strip()]


# What follows a name: the verb or adverb of its sentence (吴亚军正在…, 何静表示…, 程远第一时间…).
_AFTER_NAME = re.compile(
    r"(?:[^\u4e00-\u9fff]|$|发布|推出|增持|减持|表示|指出|介绍|认为|强调|透露|坦言|告诉|说|称|出席|主持|致辞|讲话|发言|参加|参与|带队|带领|会见|"
    r"会谈|陪同|签署|签约|代表|见证|一行|等|也|还|则|就|将|已|曾|正|在|对|向|与|和|及|为|的|于|到|赴|前往|先生|女士|同志|第一|首先|亲自|"
    r"分管|负责|主抓|牵头|担任|接任|兼任|提出|宣布|回复|回应|答|谈|看|作|做|率|携|听取|察看|调研|走访|慰问|颁|领|"
    r"此前|近日|日前|今年|去年|多次|先后|分别|共同|一起|一同|随后|当天|现场|专程|特别|是|毕业|出身|早年|曾任|认为|坦言|透露|"
    r"聊|提到|提及|直言|回忆|解释|补充|证实|承认|分析|预测|预计|判断|卸任|离职|辞职|辞去|离任|退休|下课)"
)


# A foreign name as Chinese writes it: its parts joined by 「·」 (约翰·米勒-怀特, 哈立德·泰穆尔·阿克拉姆),
# or one short transliteration (纳德拉, 库克) whose every character is one transliteration uses;
# or the name in Latin letters (Flora, Michael Kruzeniski). Read only right after a title.
_DOTTED_NAME = re.compile(rf"(?:[\u4e00-\u9fff]{{1,5}}[·•・‧])+[\u4e00-\u9fff]{{1,6}}?(?:-[\u4e00-\u9fff]{{1,6}}?)?(?={_AFTER_NAME.pattern})")
_TRANSLITERATION = frozenset("阿埃艾安奥巴拜班鲍贝本比彼毕宾波伯博布达戴丹道德迪蒂丁杜多厄恩尔法菲费芬弗福盖甘戈格古哈海汉豪赫亨"
                             "霍基吉加贾杰卡凯坎康柯科克肯库奎拉莱兰朗劳勒雷蕾里利莉列琳卢鲁伦罗洛玛迈麦曼梅蒙米密莫姆穆纳娜"
                             "奈内尼妮努诺欧帕佩皮珀普齐奇乔琼萨塞桑瑟森莎舍施什斯索塔泰坦汤特提廷图托瓦威韦维沃乌西希辛休雅"
                             "扬耶伊尤约泽扎詹兹佐各")
_LATIN_AFTER = re.compile(rf"[A-Z][a-z]+(?: [A-Z][A-Za-z'-]+){{0,2}}(?={_AFTER_NAME.pattern})")


def _name_after(text: str, at: int) -> str:
    rest = text[at:].lstrip(" \u3000·")
    dotted = _DOTTED_NAME.match(rest)
    if dotted and not _TITLE_CHAIN.search(dotted.group(0)):  # 「董事」会主席比尔·盖茨 is no name
        return dotted.group(0)  # 侯赛因·阿斯卡里 whole, never 侯赛因 alone
    for length in (3, 2, 4):
        candidate = rest[:length]
        if len(candidate) == length and is_person_name(candidate) and _AFTER_NAME.match(rest, length):
            if length == 3 and candidate[-1] in "说称讲" and is_person_name(candidate[:2]):
                return candidate[:2]  # 「总监周静说」: 周静 says
            return candidate
    return _foreign_name(rest)


def _foreign_name(rest: str) -> str:
    """A foreign name at the start of `rest`, followed by what follows a name; "" when none."""
    for length in (5, 4, 3, 2):  # the longest run of transliteration that a verb or a stop follows
        candidate = rest[:length]
        if len(candidate) == length and all(ch in _TRANSLITERATION for ch in candidate) and _AFTER_NAME.match(rest, length):
            return candidate
    latin = _LATIN_AFTER.match(rest)
    if latin and not _LATIN_NOT_NAME.search(latin.group(0)) and (" " in latin.group(0) or _SAID_OR_STOP.match(rest, latin.end())):
        return latin.group(0)  # one Latin word is a name only before a stop or a verb of saying (Flora。), never a product's
    return ""


_SAID_OR_STOP = re.compile(r"\s*(?:[。，,；;！!？?）)]|$|表示|说|称|认为|指出|介绍|透露|坦言|强调)")


# Latin words after a title that are a product, a team or a title, not a person
_LATIN_NOT_NAME = re.compile(r"\b(?:Windows|Phone|Office|Team|Group|Inc|Ltd|Corp|Company|China|Global|Officer|Director|Manager|"
                             r"President|Chairman|Founder|Head|Lead|Senior|Chief|Vice|Executive|Board)\b")


def tender_won(sentence: str, article: ArticleText, names: list[str]) -> list[Project]:
    """恒远环保成功中标某某项目（中标金额1.2亿元）; 确认恒远环保为“某某项目”的中标人: a tender the
    customer won. Candidates (候选), plans and 「中标的第二个项目」 summaries are not. Who won is
    asked of `_WINNER_SIGNALS` in order, what was won of `_PROJECT_SIGNALS`."""
    if _NOT_WIN.search(sentence) or _UNDONE.search(sentence) or _HEARSAY.search(sentence):
        return []
    confirmed = _confirmed_win(sentence, article, names)
    if confirmed is not None:
        return confirmed
    for clause in _clauses_keep(sentence):
        match = _WIN.search(clause)
        if not match or _not_won_yet(match, clause, sentence):
            continue
        win = _Win(sentence, clause, match.start(), match.end(), article, names)
        if _first(_WINNER_SIGNALS, win) is not True:
            continue
        if win.after.startswith("的"):
            continue  # 「今年中标的第二个项目」 looks back at projects, it names none
        project = next((name for signal in _PROJECT_SIGNALS if (name := signal(win))), "")
        if project:
            return _projects_won(project, win)
    return []


def _confirmed_win(sentence: str, article: ArticleText, names: list[str]) -> list[Project] | None:
    """确认恒远环保为“某某项目”的中标人; 恒远环保：确定为某某公司某某项目的设备供应商，中标价7亿元:
    the award as a notice words it; None when the sentence does not confirm the customer."""
    confirmed = _CONFIRMED.search(sentence)
    if confirmed:
        winner = confirmed.group("winner")
    else:
        confirmed = _CHOSEN.search(sentence)
        winner = sentence[: confirmed.start()] if confirmed else ""
    if not confirmed or _FUTURE.search(sentence[: confirmed.end()]) or _WON_BEFORE.search(sentence[: confirmed.start()]) \
            or _subject(winner, names, _speaks(article)) is not True:
        return None
    found = _project(confirmed.group("project"), sentence, winner, article, names)
    return [found] if isinstance(found, Project) else []


# Before a win, words that recall it: 「曾被确定为…供应商」, 「此前中标」, 「早在2019年」: a recap, not news.
_WON_BEFORE = re.compile(r"曾|此前|之前|以前|先前|去年|前年|早在|早年|当年|历史上|过往|过去")


# Before a win, words that make it a capacity or a judgement, not a deed: 「能够拿下…」, 「足以赢得…」.
_ABLE = re.compile(r"能够|可以|足以|才能|就能|便能|也能|还能|不能|无法|难以|有能力|有实力|值得")


def _not_won_yet(match: re.Match[str], clause: str, sentence: str) -> bool:
    """「入围」 outside a framework or a supplier list; 「有望中标」, 「拟签下」: not (yet) a win;
    「曾中标」: a win recalled; 「能够拿下」: what one could win. 「预计订单规模」 later in the
    sentence is fine."""
    return bool((match.group(0).endswith("入围") and not _FRAMEWORK.search(sentence)) or _FUTURE.search(clause[: match.end()])
                or _WON_BEFORE.search(clause[: match.start()]) or _ABLE.search(clause[: match.start()]))


@dataclass(frozen=True)
class _Win:
    """A win's trigger (中标, 斩获...) in a clause of a sentence, with the article and the customer's names."""

    sentence: str
    clause: str
    start: int  # where the trigger starts and ends in the clause
    end: int
    article: ArticleText
    names: list[str]

    @property
    def before(self) -> str:
        """The clause up to the trigger."""
        return self.clause[: self.start]

    @property
    def after(self) -> str:
        """The clause after the trigger."""
        return self.clause[self.end:]

    @property
    def head(self) -> str:
        """The sentence up to the trigger."""
        return self.sentence[: self.sentence.find(self.clause) + self.start]


def _clause_subject(win: _Win) -> bool | None:
    """The company named last before the trigger in its clause; the customer when that is a
    consortium (联合体) the clause names it in."""
    subject = _subject(win.before, win.names, _speaks(win.article))
    if subject is False and "联合体" in win.before and any(o[3] for o in _orgs(win.before, win.names)):
        return True
    return subject


def _consortium(win: _Win) -> bool | None:
    """「瑞林城投（牵头人）与中赣建工组成的联合体中标」: a consortium the customer is in."""
    if "联合体" not in win.head:
        return None
    return True if any(o[3] for o in _orgs(win.head, win.names)) else None


def _sentence_subject(win: _Win) -> bool | None:
    """「澄心医疗凭借…脱颖而出，以1,128.6万元成功中标」: the sentence's subject carries on."""
    return _subject(win.head, win.names, _speaks(win.article))


def _left_out_subject(win: _Win) -> bool | None:
    """「揽获某某项目」 in its own account: the subject left out is the customer."""
    return True if win.article.own and _speaks(win.article) and _bare(win.before) else None


# Who won, in order of precedence: the first signal that names a side (True: the customer,
# False: another company) decides.
_WINNER_SIGNALS: tuple[Callable[[_Win], bool | None], ...] = (_clause_subject, _consortium, _sentence_subject, _left_out_subject)


def _quoted_after(win: _Win) -> str:
    """中标“某某项目”: the name quoted right after the trigger."""
    quoted = re.match(r"^[了]?\s*[“\"《「](?P<name>[^”\"》」]{4,100})[”\"》」]", win.after)
    return quoted.group("name") if quoted else ""


def _named_after(win: _Win) -> str:
    """中标某某工程: the longest stretch after the trigger that ends like a project's name."""
    named = _PROJECT_END.match(win.after.lstrip("了 "))
    return named.group(1) if named else ""


def _quoted_before(win: _Win) -> str:
    """「在“某某项目（包2）”中，…成功中标」: nothing after the trigger, the name quoted before it."""
    if win.after.strip("了，。 "):
        return ""
    earlier = re.findall(r"[“\"《「](?P<name>[^”\"》」]{6,100}?(?:项目|工程|标段|采购|服务|系统)(?:[（(][^（）()]{1,20}[)）])?)[”\"》」]", win.head)
    return earlier[-1] if earlier else ""


def _notice_title(win: _Win) -> str:
    """A notice's title in the sentence: 《某某项目中标（入围）结果公示》, 某某工程中标结果公告."""
    titled = re.search(r"《(?P<name>[^》]{4,100}?)(?:中标|成交|入围)[^》]{0,12}》", win.sentence) or \
        re.search(r"(?:^|[，,；\s])(?:\d{1,2}月\d{1,2}日[，,]?)?(?P<name>[^，,。；\s]{6,80}?)(?:中标|成交)(?:结果|候选人)?(?:公告|公示)", win.sentence)
    return titled.group("name") if titled and "候选" not in titled.group(0) else ""


# What was won, in order of precedence: the first signal that finds a name gives it.
_PROJECT_SIGNALS: tuple[Callable[[_Win], str], ...] = (_quoted_after, _named_after, _quoted_before, _notice_title)


def _projects_won(project: str, win: _Win) -> list[Project]:
    """「中标A项目和B项目」: two awards in one breath, amounts not told apart."""
    parts = [p for p in re.split(r"(?<=项目|工程|标段)(?:以及|[和及与、])", project) if p]
    found = [_project(p, win.sentence, win.before, win.article, win.names) for p in parts]
    projects = [f for f in found if isinstance(f, Project)]
    return projects if len(projects) == 1 else [replace(p, amount=None) for p in projects]


def _project(raw: str, sentence: str, winner_text: str, article: ArticleText, names: list[str]) -> list[Project] | Project:  # type: ignore[return]
    name = raw.strip("“”\"《》「」 ")
    if len(name) < MIN_PROJECT or _NOT_A_PROJECT.match(name):
        return []  # type: ignore[return-value]
    tail = sentence[sentence.find(raw) + len(raw):] if raw in sentence else sentence
    amount = _award_amount(tail)
    buyer = _BUYER.search(sentence)
    if buyer:  # 「招标方为华南能源集团有限公司」: the whole name, not its first stop at 集团
        more = _ORG_MORE.match(sentence, buyer.end())
        buyer_name = sentence[buyer.start("org" if buyer.group("org") else "org2"):more.end() if more else buyer.end("org" if buyer.group("org") else "org2")]
    else:
        buyer_name = ""
    winner = next((o[2] for o in reversed(_orgs(winner_text, names)) if o[3]), article.usual or names[0])
    if not buyer_name:  # 「中标广汽丰田公司涂装车间…项目」: the buyer named at the start of the project
        buyer_name = _buyer_first(name, names)
        if re.search(r"(?<!有限|股份|集团)公司$", buyer_name):
            name = name[len(buyer_name):]  # a short name (广汽丰田公司) is the writer's, not the tender's title
    return Project(
        name, article.source, buyer=_LEAD.sub("", buyer_name) or None,
        amount=amount, winner=winner,
        date=_date_of(sentence, article), kind="tender_won", evidence=_evidence(sentence),
    )


_BUYER_FIRST = re.compile(r"^(?P<org>[\u4e00-\u9fffA-Za-z0-9（）()]{2,30}?(?:有限公司|股份公司|集团公司|公司|管理局|局|委员会|政府|医院|大学|学院|银行))"
                          r"(?P<rest>(?![和与及、的])[\u4e00-\u9fffA-Za-z0-9（）()“”\"]{4,}(?:项目|工程|标段))$")


# A concept that ends like a body but names none: 数字政府, 智慧医院, 广东省数字政府, 智慧校园大学.
_CONCEPT_ORG = re.compile(r"(?:数字|数智|智慧|智能|智造|互联网|网上|掌上|移动|电子|云上?|未来|新型|现代|绿色|低碳|零碳|平安|美丽|阳光|廉洁|"
                          r"法治|健康|韧性|海绵|一体化|整体|服务型|创新型|学习型|无废|透明|研究型|示范)(?:化|型)?"
                          r"(?:有限公司|股份公司|集团公司|公司|管理局|局|委员会|政府|医院|大学|学院|银行)$|^(?:政府|医院|大学|学院|银行|公司)$|(?<!人民)(?<![省市县区镇乡旗州盟])政府$")
# After a name's head, the rest of the same body's name: 南京医科大学「第二附属医院」, 浙江大学「医学院附属…」,
# 某某银行「股份有限公司南京分行」: a cut there names the parent, not the buyer.
_NAME_GOES_ON = re.compile(r"(?:第[一二三四五六七八九十\d]+|附属|直属|下属|所属|分(?:院|行|局|公司|中心)|"
                           r"[一-鿿A-Za-z0-9]{0,8}?(?:附属|分院|分行|支行|分公司|分局|分中心|医院|学院|研究院|研究所|"
                           r"有限公司|股份公司|公司|管理局|局|委员会|政府|大学|银行))")


def _buyer_first(name: str, names: list[str]) -> str:
    """The buyer a project is named after: 广汽丰田公司 in 「广汽丰田公司涂装车间工程内搬送设备等项目」
    (the name keeps it); "" when no other company heads the name, when the head is a concept
    (「数字政府一体化平台」) or when it is cut from a longer body's name (南京医科大学第二附属医院)."""
    found = _BUYER_FIRST.match(name)
    if not found or any(n in found.group("org") for n in names) or _VERB_INSIDE.search(found.group("org")) \
            or _CONCEPT_ORG.search(found.group("org")) or _NAME_GOES_ON.match(found.group("rest")):
        return ""
    return found.group("org")


def amount_of(text: str):  # type: ignore[no-untyped-def]
    """Money as written, 「1亿2000万元」 too."""
    compound = re.fullmatch(r"(\d[\d,.]*)\s*亿\s*(\d[\d,.]*)\s*万\s*(元|美元)?(?:人民币)?", text.strip())
    if compound:
        whole = parse_amount(f"{compound.group(1)}亿{compound.group(3) or '元'}")
        part = parse_amount(f"{compound.group(2)}万{compound.group(3) or '元'}")
        if whole and part:
            return replace(whole, value=whole.value + part.value, text=text.strip())
    return parse_amount(text)


def _award_amount(tail: str):  # type: ignore[no-untyped-def]
    labelled = _AWARD_AMOUNT.search(tail)
    if labelled:
        return amount_of(labelled.group("money"))
    clause = re.split(r"[，；;。]|,(?!\d{3})", tail)[0]  # unlabelled money counts only beside the name
    for match in _ANY_AMOUNT.finditer(clause):
        if not match.group("label"):
            return amount_of(match.group("money"))
    return None


def _clauses_keep(sentence: str) -> list[str]:
    """Clauses split at commas only: a project name keeps its brackets."""
    return [c for c in re.split(r"[，；;]|,(?!\d{3})", sentence) if c.strip()]  # not the comma of 1,128.6


_ADVERBS = r"(?:还|也|再次|又|正式|首次|已|已经|分别|共同|今天|近日|日前|今年|去年|于|\d{4}年|\d{1,2}月|\d{1,2}[日号]|在[\u4e00-\u9fff]{1,6}?(?=与|和|同|携手)|\s)*"
_CONNECTOR = re.compile(r"与|和|同|跟|携手")


def signing(sentence: str, article: ArticleText, names: list[str]) -> list[Project]:
    """我公司与某某大学签署战略合作协议: a signing the customer is one side of, with the other side
    named. 「在恒远环保的见证下，A与B签署」 is A's and B's; the customer only witnessed it."""
    trigger = _SIGN.search(sentence)
    if not trigger or _FUTURE.search(sentence[: trigger.start()]) or _UNDONE.search(sentence) or _HEARSAY.search(sentence):
        return []
    us = "|".join(re.escape(n) for n in names)
    if _speaks(article):
        us += r"|我公司|本公司|我司|(?<![\u4e00-\u9fffA-Za-z0-9])(?:公司|集团)"
    head = sentence[: trigger.start()]
    for connector in _CONNECTOR.finditer(head):
        left, right = head[: connector.start()], head[connector.end():]
        # 「澄心医疗科技股份有限公司（下称“澄心医疗”）与」: an alias in brackets may sit between
        if re.search(rf"(?:{us})(?:[（(][^（）()]{{0,30}}[)）])?{_ADVERBS}$", left):
            parties = _listed(right, names)  # 与A、B签约: everyone on the other side
        elif re.match(rf"{_ADVERBS}(?:{us})", right):
            before = [o for o in _orgs(left, names) if not o[3] and not re.sub(_ADVERBS, "", left[o[1]:])]
            parties = [o[2] for o in before[-1:]]  # A与恒远环保签约: the one right before the connector
        else:
            continue
        if parties:
            return [Project(f"与{name}签约", article.source, date=_date_of(sentence, article), kind="signing",
                            counterparty=name, evidence=_evidence(sentence)) for name in parties[:3]]
    return []


def _listed(text: str, names: list[str]) -> list[str]:
    """The companies a 「与」 is followed by: 「武汉城建大学、楚商银行股份有限公司武汉分行」."""
    out: list[str] = []
    at = len(re.match(_ADVERBS, text).group(0))  # type: ignore[union-attr]
    for start, end, name, ours in _orgs(text, names):
        gap = re.sub(r"[、和及与\s]", "", text[at:start])
        if ours or start < at or (gap and not re.fullmatch(r".{0,12}?(?:企业|厂商|机构|巨头|龙头|品牌|公司|集团)", gap)):
            break  # 「与德国工业自动化企业赫斯勒…」: a description may come first, nothing else
        out.append(name)
        at = end
    return out


_PLACEMENT = re.compile(r"(?:本次|此次|公司|完成(?:了)?)?(?P<round>定增|定向增发|非公开发行股票|非公开发行)")
_PLACED = re.compile(r"募集资金总额|募资总额|募集资金净额|发行完成|实施完毕|发行结束|完成(?:了)?(?:本次)?(?:定增|定向增发|非公开发行)")


def financing(sentence: str, article: ArticleText, names: list[str]) -> list[Financing]:
    """某某完成数亿元B轮融资，由某某资本领投; 本次定增…募集资金总额7.85亿元: money the customer raised."""
    if _UNDONE.search(sentence) or _HEARSAY.search(sentence) or re.search(r"预案|(?<!解决)方案|筹划|申请", sentence):
        return []
    placed = _PLACEMENT.search(sentence)
    if placed and _FUTURE.search(sentence[: placed.start()]):
        return []
    if placed and _PLACED.search(sentence) and not _ROUND.search(sentence):
        before = sentence[: placed.start()]
        orgs = _orgs(before, names)
        # 「本次定增」 in an article about the customer is the customer's
        if (orgs and orgs[-1][3]) or (not orgs and (_speaks(article) or (article.about and re.search(r"本次|此次", before)))):
            return [Financing("定增", article.source, _money(sentence) if "募集资金总额" not in sentence else amount_of(
                re.search(rf"募集资金总额[为约达是：:\s]*(?P<m>{_MONEY})", sentence).group("m")) if re.search(rf"募集资金总额[为约达是：:\s]*(?:{_MONEY})", sentence) else _money(sentence),
                _investors(sentence, names),
                              _date_of(sentence, article), evidence=_evidence(sentence))]
        return []
    found = _ROUND.search(sentence)
    if not found or "融资" not in sentence or _FUTURE.search(sentence[: found.start()]):
        return []
    before = sentence[: found.start()]
    raised = list(_RAISED.finditer(before))
    if not raised:
        return []
    if _subject(before[: raised[-1].start()], names, _speaks(article)) is not True:
        return []
    return [Financing(_round_name(found.group("round")), article.source, _money(sentence, found.start()), _investors(sentence, names),
                      _date_of(sentence, article), evidence=_evidence(sentence))]


_LISTED = re.compile(r"(?:在)?(?P<round>(?:香港联交所|联交所|港交所|上交所|深交所|北交所|纳斯达克|纽交所|科创板|创业板)(?:主板|科创板|创业板)?"
                     r"(?:正式)?(?:挂牌)?上市)(?!申请|辅导|计划|前|后|以来|\d*周年)")
# A step toward a listing, not the listing: a hearing passed, a registration approved, a filing, a bid.
_LISTING_REVIEW = re.compile(r"聆讯|同意注册|注册生效|注册批复|过会|上市委|发审委|审核通过|审议通过|获批|核准|受理|问询|递表|递交|招股书|"
                             r"IPO进程|上市进程|上市之路|上市梦|上市步伐")
_TOWARD_LISTING = re.compile(r"冲刺|闯关|冲击|叩关|谋求|寻求|启动|推进|筹备|迈向|角逐|排队|备战|争取|瞄准|剑指|欲")
_RECAP = re.compile(r"此前|曾|当年|年前|早在|回顾|周年")
_RAISED_AT_LISTING = re.compile(rf"(?:募资|募集资金|集资|融资)(?:总额|净额)?[为约达是：:\s]*(?P<m>{_MONEY})")


def listing(sentence: str, article: ArticleText, names: list[str]) -> list[Financing]:
    """途虎养车正式在港交所主板挂牌上市: the customer's shares listed, as the article reports it now
    (never a plan, an application, or a listing recalled: 「十年前赴港上市」, 「此前曾…」)."""
    found = _LISTED.search(sentence)
    if not found or _FUTURE.search(sentence[: found.start()]) or _UNDONE.search(sentence) or _RECAP.search(sentence) \
            or _HEARSAY.search(sentence) or _LISTING_REVIEW.search(sentence) or _TOWARD_LISTING.search(sentence[: found.start()]):
        return []
    when = _date_of(sentence, article)
    if article.date and when and when.value[:4] != article.date.value[:4]:
        return []  # a listing of another year: history, not the news
    if _subject(sentence[: found.start()], names, _speaks(article)) is not True:
        return []
    raised = _RAISED_AT_LISTING.search(sentence)
    return [Financing(found.group("round"), article.source, amount_of(raised.group("m")) if raised else None, (), when,
                      evidence=_evidence(sentence))]


_STAKE = re.compile(r"战略投资|战略入股|入股|增资")
_RECEIVED = re.compile(r"(?:获得|获|迎来|引入|引进)")


def stake_taken(sentence: str, article: ArticleText, names: list[str]) -> list[Financing]:
    """「腾讯战略投资恒远环保」, 「恒远环保获得腾讯战略投资」, 「某某基金入股恒远环保」: another company put money
    into the customer. Not a plan, a rumour, or the customer buying into someone else."""
    found = _STAKE.search(sentence)
    if not found or _UNDONE.search(sentence) or _RECAP.search(sentence) or _HEARSAY.search(sentence) or re.search(r"预案|(?<!解决)方案|筹划|拟", sentence):
        return []
    before, after = sentence[: found.start()], sentence[found.end():]
    if _FUTURE.search(before):
        return []
    clause = re.split(r"[，,；;：:]", before)[-1]
    target = _orgs(after[:40], names)
    received = list(_RECEIVED.finditer(clause))
    if target and target[0][3] and not after[: target[0][0]].strip("了 "):
        investor = _LEAD.sub("", clause).strip()  # 「腾讯入股恒远环保」: who acts is who invests
        if not investor or any(n in investor for n in names) or _orgs(investor, names) and _orgs(investor, names)[-1][3]:
            return []
    elif received and found.group(0) == "战略投资" and _subject(clause[: received[-1].start()], names, _speaks(article)) is True:
        investor = re.sub(rf"(?:的|(?:{_MONEY})|数[亿千百十]?[万亿]元)", "", clause[received[-1].end():]).strip()
    else:
        return []
    if not 2 <= len(investor) <= 30 or _VERB_INSIDE.search(investor):
        return []
    return [Financing("战略投资" if "战略" in found.group(0) else found.group(0), article.source, _money(sentence), (investor,),
                      _date_of(sentence, article), evidence=_evidence(sentence))]


# 「中再融B轮融资 获上市互联网集团昆仑万维2000万美元投资」, 「某某获得腾讯5000万元A轮投资」: the customer received
# money; the investor stands between 获 and the amount (a description before its name dropped)
_FUNDED = re.compile(rf"(?:{_RAISED_WORDS})(?P<investor>[^，,。；;、：:]{{2,40}}?)(?<![\d.,])\s*(?:的)?\s*(?P<money>{_MONEY})\s*(?:的)?\s*"
                     rf"(?:(?P<round>(?:{_ROUND_NAMES})轮)\s*)?(?P<strategic>战略)?(?:投资|注资)(?![\u4e00-\u9fff])", re.I)
_LEGAL_END = re.compile(r"(?:有限公司|有限责任公司|股份公司|合伙企业|有限合伙[）)]?|集团|基金|银行)$")
_NOT_AN_INVESTOR = re.compile(r"超过|超|总额|总计|累计|首笔|首轮|约|达|近|逾|估值|领投|跟投|由|旗下|孵化|和|及|、|与|等|以及|共计|合计|\d")
_INVESTOR_DESCRIBED = re.compile(r"^.{2,14}?(?:集团|公司|企业|平台|基金|机构|巨头|龙头)(?=[\u4e00-\u9fffA-Za-z“\"]{2,})")


def funded_by(sentence: str, article: ArticleText, names: list[str]) -> list[Financing]:
    """「某某B轮融资 获昆仑万维2000万美元投资」, 「某某获得腾讯5000万元A轮投资」: named money from a named
    investor into the customer, as done (never a plan, a rumour, or money recalled)."""
    if _UNDONE.search(sentence) or _RECAP.search(sentence) or _HEARSAY.search(sentence) or re.search(r"预案|(?<!解决)方案|筹划|拟", sentence):
        return []
    for found in _FUNDED.finditer(sentence):
        before = sentence[: found.start()]
        clause = re.split(r"[，,；;。：:]", before)[-1]
        if _FUTURE.search(clause) or _subject(clause, names, _speaks(article)) is not True:
            continue
        investor = _LEAD.sub("", found.group("investor")).strip(" “”\"")
        if not _LEGAL_END.search(investor):  # 「上市互联网集团昆仑万维」: the description goes; never inside a legal name
            investor = _INVESTOR_DESCRIBED.sub("", investor).strip(" “”\"")
        # an amount's words, several investors or a go-between (领投, 旗下): not one investor's name
        if not 2 <= len(investor) <= 30 or _VERB_INSIDE.search(investor) or _NOT_AN_INVESTOR.search(investor) \
                or any(n in investor or investor in n for n in names) or _of_the_customers(clause, names):
            continue
        round_ = _ROUND.search(found.group("round") or clause)  # 「获…A轮投资」, else 「某某B轮融资 获…」
        kind = _round_name(round_.group("round")) if round_ else "战略投资" if found.group("strategic") else "投资"
        return [Financing(kind, article.source,
                          amount_of(found.group("money")), (investor,), _date_of(sentence, article), evidence=_evidence(sentence))]
    return []


def _of_the_customers(clause: str, names: list[str]) -> bool:
    """What received the money is the customer's something (「某某孵化的项目获得…」), not the customer."""
    at = max((clause.rfind(n) for n in names if n in clause), default=-1)
    return at >= 0 and "的" in clause[at:]


_ACQUIRE = re.compile(r"(?:成功|正式|全资)?(?:收购|并购)(?:了)?")
_TIME_CLAUSE = re.compile(r"(?:之后|以后|后|以来|之时|之际|期间|那年|当年)$")
_ACQUIRED_BY = re.compile(r"完成(?:了)?对(?P<target>[^，。；、]{2,30}?)的(?:收购|并购)")
_PAID = re.compile(rf"(?:以|斥资|出资|耗资|作价)?(?:约|近|逾|超过?)?(?:{_MONEY})")
_A_COMPANY = re.compile(r"旗下|公司|集团|平台|品牌|股权|股份|控股权|企业|工厂|资产|业务|银行|医院|门店|连锁")
_NOT_DONE_DEAL = re.compile(r"预案|(?<!解决)方案|筹划|要约|意向|备忘录|被否|叫停|反收购|收购方|收购案|收购价|收购要约|"
                            r"事项|审议|审批|批准|核准|获批|同意|尚需|尚待|待.{0,6}通过|通过.{0,4}审查|反垄断|申报|公示")


def acquisition(sentence: str, article: ArticleText, names: list[str]) -> list[Financing]:
    """「恒远环保以3亿元收购宜兴清源水务」, 「恒远环保完成对清源水务的收购」: a company the customer
    bought (round 「收购…」, its price); 「A收购恒远环保」: the customer bought by A (「被收购」, A as the
    investor). Never a plan, a rumour, a deal undone, a recap or a deal of another year."""
    if _UNDONE.search(sentence) or _RECAP.search(sentence) or _HEARSAY.search(sentence) or _NOT_DONE_DEAL.search(sentence):
        return []
    for clause in re.split(r"[，；;。：:]", sentence):
        done = _ACQUIRED_BY.search(clause)
        found = done or _ACQUIRE.search(clause)
        if not found or _FUTURE.search(clause[: found.start()]):
            continue
        before = _PAID.sub("", clause[: found.start()])
        target = (done.group("target") if done else clause[found.end():]).strip()
        target = re.sub(r"^(?:了|其|的)", "", target)
        if _TIME_CLAUSE.search(target):
            return []  # 「微软收购诺基亚手机业务之后，…」: a deal recalled to date what followed
        when = _date_of(sentence, article)
        if not 2 <= len(target) <= 30 or re.match(r"^(?:该|这|此|其|一家|多家|\d+家|部分|相关)", target) or (
                article.date and when and when.value[:4] != article.date.value[:4]):
            return []
        if not (_A_COMPANY.search(target) or _orgs(target, names)) or _A_KIND.match(target):
            return []  # 「收购小麦10万吨」: goods bought, not a company; 「收购白酒企业」: a kind of company, none named
        amount = _money(clause)
        if _subject(before, names, _speaks(article)) is True or _bought_in_clause_before(sentence, clause, before, article, names):
            amount = amount or _money(sentence[: sentence.find(clause)])  # 「联想控股日前斥资1.3亿元，收购…」
            return [Financing(f"收购{target}", article.source, amount, (), when, evidence=_evidence(sentence))]
        buyer = [o for o in _orgs(before, names) if not o[3]]
        if buyer and any(target.startswith(n) for n in names) and not re.sub(_ADVERBS, "", before[buyer[-1][1]:]):
            return [Financing("被收购", article.source, amount, (buyer[-1][2],), when, evidence=_evidence(sentence))]
        return []
    return []


# A kind of company, no company: 「白酒企业」, 「芯片厂商」
_A_KIND = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:企业|厂商|厂家)们?$")


def _bought_in_clause_before(sentence: str, clause: str, before: str, article: ArticleText, names: list[str]) -> bool:
    """「联想控股日前斥资1.3亿元，收购泸州老窖旗下武陵酒业有限公司」: a clause that opens with the
    purchase has the subject of the clause before it."""
    if re.sub(_ADVERBS, "", before).strip():
        return False
    previous = re.split(r"[，,；;。：:]", sentence[: sentence.find(clause)].rstrip("，,"))[-1]
    opens = re.match(rf"{_OPENING_WORDS}(?:{'|'.join(map(re.escape, names))})", previous)  # the customer, as the clause's subject
    return bool(opens) and _subject(_PAID.sub("", previous), names, _speaks(article)) is True


_LAUNCH = re.compile(r"(?:正式|已经|已|全面|首次)?(?:登陆|入驻|进驻)")
_NOT_A_PLATFORM = re.compile(r"股|板|市场|交易所|证券|资本|A股|港股|美股|纳斯达克|纽交所|舞台|荧屏|银幕|院线|城市|省|市$|县$|区$|国$|地区")
# The other side of a brand's opening: a platform a shopper knows by name, or a company (its legal
# form or 集团 at the end). Never a place (上海, 中关村软件园, 某某大厦) or a medium (央视, 卫视).
_PLATFORMS = re.compile(r"(?:京东|天猫|淘宝|拼多多|抖音|快手|小红书|美团|饿了么|唯品会|苏宁易购|苏宁|亚马逊|Amazon|盒马|得物|"
                        r"微信|支付宝|哔哩哔哩|B站|携程|考拉|网易严选|山姆|Costco|沃尔玛|永辉|华为应用市场|App ?Store|Google Play)"
                        r"(?:商城|超市|自营|国际|全球购|海外购|平台|直播间|小程序|旗舰店)?$", re.I)
_COMPANY_END = re.compile(r"(?:有限公司|股份公司|有限责任公司|公司|集团)$")


def launched_on(sentence: str, article: ArticleText, names: list[str]) -> list[Project]:
    """「恒远环保旗舰店正式入驻京东」, 「亚马逊海外购“限时快闪店”正式登陆拼多多」: the customer's brand or
    store opened on another's platform, as partners (the platform its counterparty). The brand is
    the customer's when it starts with the customer's name, or with the name it is known by
    (亚马逊 for 亚马逊中国) in an article about the customer or in the customer's own words.
    Never a listing on an exchange (登陆科创板), a place, a plan, or another's product."""
    if _UNDONE.search(sentence):
        return []
    cores = _summary_names(names)
    for clause in re.split(r"[，,；;。]", sentence):
        found = _LAUNCH.search(clause)
        if not found or _FUTURE.search(clause[: found.start()]):
            continue
        brand = _LEAD.sub("", re.sub(rf"^{_ADVERBS}|{_ADVERBS}$", "", clause[: found.start()])).strip()
        platform = re.split(r"[、（(]|平台(?:上|后)|后|以来", clause[found.end():])[0].strip()
        ours = any(brand.startswith(n) for n in names) or (any(brand.startswith(c) for c in cores) and (
            article.about or re.search(rf"(?:{'|'.join(map(re.escape, names))})(?:方面)?.{{0,8}}(?:表示|称|介绍|宣布|透露)", sentence)))
        if not ours or not 2 <= len(platform) <= 12 or _NOT_A_PLATFORM.search(platform) or _VERB_INSIDE.search(platform) \
                or not (_PLATFORMS.match(platform) or (is_org_name(platform) and _COMPANY_END.search(platform))) \
                or re.search(r"[的与和及]", brand) or len(brand) > 30 or any(platform.startswith(n) for n in cores):
            continue
        return [Project(brand, article.source, date=_date_of(sentence, article), kind="signing", counterparty=platform,
                        evidence=_evidence(sentence))]
    return []


_NAMED = ""  # a project the article names as the customer's: a case, as the customer's site would list it
_NAME_CHARS = r"(?:(?![的在与和及该这其多各等个对为将被把是了也都就而但或着之向从以已、])[\u4e00-\u9fff])"
_NOT_A_NAME = re.compile(r"方面|集团|公司|旗下|相关|部分|所有|其他|一些|整改|维权|楼盘|项目|工程|业务|产品|地产|股份|质量|故事")
# 「龙湖出售上海项目」, 「龙湖停工项目数量」: what the company did to projects, not a project's name.
_ACTED_ON = re.compile(r"(?:出售|转让|收购|并购|剥离|处置|抛售|甩卖|回购|退出|停工|停建|停售|停摆|暂停|复工|开工|动工|竣工|交付|延期|延迟|逾期|烂尾|"
                       r"新增|新开|新拿|拿下|获取|获得|竞得|摘得|斩获|拿地|开发|建设|在建|在售|已售|待售|持有|拥有|操盘|代建|合作|参与|投资|"
                       r"砍掉|砍|关闭|关停|放弃|取消|叫停|裁撤|撤销|终止|中标|中选|签约|签下|"
                       r"布局|推进|打造|推出|入市|开盘|售罄|涉及|涉事|出险|违约|计划|亏损|减值|盘活|接盘|清盘|重启|全部|多数|部分|其余|剩余|现有)")
_NOT_A_CITY = re.compile(r"关于|对于|由于|位于|其中|以及|此外|目前|其他|包括|作为|同时|旗下|不过|但是|然而|随后|其后|另外|记者|业主")


def projects_named(sentence: str, article: ArticleText, names: list[str]) -> list[Project]:
    """In an article about the customer, the projects it names as the customer's: a development
    named after the customer (「南京龙湖春江紫宸项目」 for 龙湖集团, with the city it is written
    with), one named in quotes as the project's name (涉事项目的名称为长沙“龙湖水晶郦城”), or one
    the article places under the customer (龙湖位于厦门的春江彼岸项目). Never in an article
    about another company, never 「龙湖多地项目」 or 「龙湖方面」."""
    if not article.about:
        return []
    ours = "|".join(re.escape(n) for n in _summary_names(names))
    found: list[str] = []
    patterns = (
        rf"项目(?:的)?(?:名称|名字)?(?:为|是|叫)(?:[\u4e00-\u9fff]{{2}}[市省]?)?[“\"「](?P<name>(?:{ours}){_NAME_CHARS}{{2,8}})[”\"」]",
        rf"(?:{ours})(?:集团)?(?:在|位于)[\u4e00-\u9fff]{{2,6}}?的(?P<name>{_NAME_CHARS}{{2,8}}?项目)",
        rf"(?:(?<=[，。、；：“（(的在与])(?P<city>[\u4e00-\u9fff]{{2}})|(?<![\u4e00-\u9fff]))?(?P<name>(?:{ours}){_NAME_CHARS}{{2,8}}?项目)",
    )
    for pattern in patterns:
        for match in re.finditer(pattern, sentence):
            name = match.group("name")
            bare = re.sub(rf"^(?:{ours})|项目$", "", name)
            if len(bare) < 2 or _NOT_A_NAME.search(bare) or re.match(r"[区县镇市省路街村乡]", bare) or _ACTED_ON.match(bare):
                continue
            city = match.groupdict().get("city")
            found.append(city + name if city and not _NOT_A_CITY.search(city) else name)
    out: list[Project] = []
    for name in dict.fromkeys(found):
        out.append(Project(name, article.source, kind=_NAMED, evidence=_evidence(sentence)))
    return out


def _bare_project(name: str, cores: list[str]) -> str:
    """「长沙龙湖水晶郦城项目」, 「龙湖水晶郦城」: 水晶郦城, what two mentions of one project share."""
    for core in cores:
        at = name.find(core)
        if 0 <= at <= 3:
            name = name[at + len(core):]
            break
    return re.sub(r"项目$", "", name)


def _add_named(facts: list[Fact], fact: Project, names: list[str]) -> None:
    """A project named again (「长沙龙湖水晶郦城项目」 after 「龙湖水晶郦城」) is one: it keeps the
    shortest name that starts with the customer's name, else the first it was given."""
    cores = _summary_names(names)
    bare = _bare_project(fact.name, cores)
    for i, other in enumerate(facts):
        if isinstance(other, Project) and other.kind == _NAMED and _bare_project(other.name, cores) == bare:
            branded = fact.name.startswith(tuple(cores))
            if branded and (not other.name.startswith(tuple(cores)) or len(fact.name) < len(other.name)):
                facts[i] = replace(other, name=fact.name)
            return
    facts.append(fact)


def _money(sentence: str, at: int | None = None):  # type: ignore[no-untyped-def]
    """The round's money: in the clause of the round (never another company's, told in another
    clause), in 万 or 亿 (18.36元/股 is a price, not the raise)."""
    clauses = re.split(r"[，；;。]", sentence)
    if at is not None:
        pos = 0
        for clause in clauses:
            if pos <= at <= pos + len(clause):
                sentence = clause
                break
            pos += len(clause) + 1
    found = [amount_of(m.group(0)) for m in re.finditer(rf"(?:{_MONEY})(?!\s*/)", sentence)]
    found = [a for a in found if a]
    return next((a for a in found if re.search(r"[亿万]", a.text)), found[0] if found else None)


_INVESTED = (r"由(?P<names>.{2,60}?)(?:联合|共同)?领投", r"(?<=[，,])(?P<names>[^，。；：由]{2,40}?)(?:联合|共同)?领投(?=[，,。；])",
             r"由(?P<names>[^，。；：]{2,40}?)独家投资",
             r"(?P<names>[^，。；：]{2,80}?)(?:跟投|参投|联合投资|共同投资|追加投资|继续加注|追投|加注)",
             r"投资方(?:包括|为|有)(?P<names>[^。；]{2,80})", r"发行对象为(?P<names>[^。；]{2,120}?)(?:等\d+名|等)")


def _investors(sentence: str, names: list[str]) -> tuple[str, ...]:
    """Who put money in: 由A领投，B、C跟投; 投资方包括…; 发行对象为…等9名特定对象."""
    investors: list[str] = []
    for pattern in _INVESTED:
        for match in re.finditer(pattern, sentence):
            for part in re.split(r"[、，,]|(?<=[^、，,\s])(?:以及|和|及|与)", match.group("names")):
                part = _LEAD.sub("", re.sub(r"^(?:老股东|新股东|股东|机构)", "", part.strip(" 等老股东")))
                part = re.sub(r"(?:继续|持续|追加|联合|共同|等).*$", "", part)
                if 2 <= len(part) <= 30 and part not in investors and not any(part in n or n in part for n in names):
                    investors.append(part)
    return tuple(investors)


def _round_name(raw: str) -> str:
    return raw.upper().replace("PRE-", "Pre-").replace("PRE", "Pre-") + "轮" if re.match(r"[A-Za-z]", raw) else raw + "轮"


# 「中国石油天然气股份有限公司（下称“中国石油”）」, 「（以下简称“恒远环保”）」: the name the article goes on with
_ALIAS = re.compile(r"\s*[（(]\s*(?:以下|下文)?(?:简称|下称)\s*[:：]?\s*[“\"「『]?(?P<alias>[\u4e00-\u9fffA-Za-z0-9]{2,12})[”\"」』]?\s*[）)]")
_NO_ALIAS = re.compile(r"^(?:本|该|我)?(?:公司|集团|企业|发行人|上市公司|标的公司|甲方|乙方|丙方|买方|卖方|招标人|中标人|申请人)$")


def declared_aliases(text: str, names: list[str]) -> list[str]:
    """The customer's names and the short names the article declares for them in brackets, longest
    first; never a role (「以下简称“公司”」, 「甲方」)."""
    found = list(names)
    for name in names:
        at = text.find(name)
        while 0 <= at < MAX_TEXT:
            declared = _ALIAS.match(text, at + len(name))
            if declared and declared.group("alias") not in found and not _NO_ALIAS.match(declared.group("alias")):
                found.append(declared.group("alias"))
            at = text.find(name, at + len(name))
    return sorted(found, key=len, reverse=True) if len(found) > len(names) else names


def read_events(article: ArticleText, names: list[str]) -> list[Fact]:
    """Every event of the customer's in `article`, one fact each, never the same twice."""
    if not names:
        return []  # nobody to read events about: nothing is the customer's
    names = declared_aliases(article.text, names)
    article = _about(article, names)
    facts: list[Fact] = []
    dated = _dated(article, names)
    body_count = len(dated)
    for number, (sentence, context) in enumerate([*dated, *((s, article) for s in sentences(article.title))]):
        # 「回顾2010到2015年，…拿下…」: a look back tells of past deeds, never the news; its people still hold their posts
        for reader in _EVENT_READERS if not _LOOKING_BACK.match(sentence) else (titled_people,):
            for fact in reader(sentence, context, names):
                if isinstance(fact, Project) and fact.kind == _NAMED:
                    _add_named(facts, fact, names)
                else:
                    _add_event(facts, fact, article, headline=number >= body_count)
        _more_investors(facts, sentence, names)
    return [_with_details(f, article.text, names) if isinstance(f, Project) and f.kind == "tender_won" else f for f in facts][:MAX_EVENTS]


_LOOKING_BACK = re.compile(r"^(?:回顾|回首|回望|回想|回忆|纵观|追溯|盘点)")
# What a sentence may tell of the customer, one reader per kind of event, read in this order.
_EVENT_READERS: tuple[Callable[[str, ArticleText, list[str]], list[Any]], ...] = (
    titled_people, tender_won, signing, financing, funded_by, listing, stake_taken, acquisition, launched_on, projects_named)


def _about(article: ArticleText, names: list[str]) -> ArticleText:
    """The article's body (without what follows it), whether it is about the customer, and the
    name it mostly calls the customer by."""
    body = article_body(article.text[: MAX_TEXT * 2])[:MAX_TEXT]
    named = _orgs(body, names)  # one pass over the body serves both: the usual name, the subject
    mentions = [o[2] for o in (*_orgs(article.title, names), *named) if o[3]]
    usual = max(dict.fromkeys(mentions), key=mentions.count) if mentions else names[-1]
    return replace(article, text=body, about=article.about or about_customer(article.title, named, names), usual=usual)


def _add_event(facts: list[Fact], fact: Fact, article: ArticleText, *, headline: bool) -> None:
    """`fact` added to `facts`, unless it is one of them again: then the two become one, with
    the fuller name and what each adds. A `headline`'s events are read after the body's."""
    if headline and _restates(fact, facts):
        return  # the headline's 「赣通集团」 is the body's 「江西省赣通投资集团有限公司」
    shorter = _shortened_by(fact, facts)
    if shorter is not None:  # a heading's short name read before the body's full one
        facts[shorter] = _lengthened(facts[shorter], fact)
        return
    if isinstance(fact, Project) and _restates(fact, facts, min_len=8 if fact.kind == "tender_won" else 4):
        return
    same = _same_event(fact, facts)
    if same is None:
        facts.append(fact)
    else:  # one event told twice (a lead, then the details): keep one, with what each adds
        facts[same] = _combined(facts[same], fact, article)


def _lengthened(short: Fact, fact: Fact) -> Fact:
    """An event read under a shorter name, read again as `fact`: the fuller of the two, with the
    full name and the earlier date."""
    if _filled_count(fact) >= _filled_count(short):
        return replace(fact, date=getattr(short, "date", None) or getattr(fact, "date", None))  # type: ignore[arg-type]
    return replace(short, name=fact.name)  # type: ignore[arg-type]


def _kind(fact: Fact) -> str:
    return type(fact).__name__ + getattr(fact, "kind", "")


def _same_event(fact: Fact, facts: list[Fact]) -> int | None:
    """The index of the same event read before, or of one named shorter or longer (粤钢集团 for
    广东粤钢集团有限公司; people only by their exact name)."""
    kind, name = _kind(fact), _event_name(fact)
    return next((i for i, f in enumerate(facts) if (_kind(f), _event_name(f)) == (kind, name)
                 or (not kind.startswith("Executive") and _kind(f) == kind and (name in _event_name(f) or _event_name(f) in name))), None)


def _more_investors(facts: list[Fact], sentence: str, names: list[str]) -> None:
    """「…B、C跟投」 in the sentence after the round: more investors of the round just read."""
    latest = next((i for i in range(len(facts) - 1, -1, -1) if isinstance(facts[i], Financing)), None)
    if latest is None or _ROUND.search(sentence) or not re.search(r"领投|跟投|参投|投资方", sentence):
        return
    round_ = facts[latest]
    assert isinstance(round_, Financing)
    more = tuple(n for n in _investors(sentence, names) if n not in round_.investors)
    if more:
        facts[latest] = replace(round_, investors=round_.investors + more)


_DETAIL_BUYER = re.compile(r"(?:招标人|采购人|建设单位|业主单位|招标单位|采购单位|业主)\s*[:：]\s*(?P<org>[^\s，。；;]{4,40})")


def _with_details(project: Project, text: str, names: list[str]) -> Project:
    """A tender read from a lead sentence, its amount and buyer from the block under the project's
    name: 「项目名称：…\n招标人：抚州市东乡区城市建设投资发展有限公司\n中标金额：13,826.57万元」."""
    if project.amount is not None and project.buyer is not None:
        return project
    lines = text.splitlines()
    # the heading line that names this project alone (not the lead that names them all)
    at = next((i for i, line in enumerate(lines) if project.name in line and len(line) <= len(project.name) + 24), None)
    if at is None:
        return project
    block = []
    for line in lines[at + 1: at + 8]:
        if (_WIN.search(line) and not _AWARD_AMOUNT.search(line)) or len(line) > 120 or "项目名称" in line:
            break  # the next project's block, or prose
        block.append(line)
    joined = "\n".join(block)
    changes = {}
    if project.amount is None:
        money = _AWARD_AMOUNT.search(joined)
        if money:
            changes["amount"] = amount_of(money.group("money"))
    if project.buyer is None:
        buyer = _DETAIL_BUYER.search(joined)
        if buyer and not any(n in buyer.group("org") for n in names):
            changes["buyer"] = buyer.group("org")
    return replace(project, **changes) if changes else project


def _combined(kept: Fact, again: Fact, article: ArticleText) -> Fact:
    """`kept` with the fuller name, its own sentence's date, and the fields only `again` gives."""
    changes = {}
    if isinstance(kept, Project) and isinstance(again, Project) and len(again.name) > len(kept.name):
        changes["name"] = again.name
    if getattr(kept, "date", None) == article.date and getattr(again, "date", None) not in (None, article.date):
        changes["date"] = again.date
    for field in ("buyer", "amount", "winner", "counterparty"):
        if getattr(kept, field, "absent") is None and getattr(again, field, None) is not None:
            changes[field] = getattr(again, field)
    if isinstance(kept, Financing) and isinstance(again, Financing) and len(again.investors) > len(kept.investors):
        changes["investors"] = again.investors
    return replace(kept, **changes) if changes else kept  # type: ignore[arg-type]


def _restates(fact: Fact, facts: list[Fact], *, min_len: int = 3) -> bool:
    """An event another already gives with a fuller name (this one's characters, in order):
    the headline's 「赣通集团」 for 「江西省赣通投资集团有限公司」."""
    if not isinstance(fact, Project):
        return False
    short = _event_name(fact)
    return len(short) >= min_len and any(
        isinstance(o, Project) and o.kind == fact.kind and _event_name(o) != short and in_order(short, _event_name(o)) for o in facts)


def _shortened_by(fact: Fact, facts: list[Fact]) -> int | None:
    """The index of an event read earlier under a shorter form of this one's name."""
    if not isinstance(fact, Project):
        return None
    long = _event_name(fact)
    for i, other in enumerate(facts):
        if isinstance(other, Project) and other.kind == fact.kind:
            short = _event_name(other)
            if short != long and len(short) >= (8 if fact.kind == "tender_won" else 4) and in_order(short, long):
                return i
    return None


def _filled_count(fact: Fact) -> int:
    return sum(1 for v in vars(fact).values() if v not in (None, "", ()))


_SAME_DAY = re.compile(r"^(?:同日|当日|当天|同一天)")


_MINE = re.compile(r"(?:我|本|我们)(?:公司|司|集团)")
_REPORTED = re.compile(r"称|表示|公告|宣布|披露|透露|显示|指出|获悉")
# A company as the market writes it: its short name, then its stock code (清源水务（600123）, 腾讯控股(00700.HK))
_CODED = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z]{2,10})[（(](?:\d{6}|\d{4,5}|[A-Z]{2,5})(?:\.[A-Z]{2})?[）)]")
_VISITED = re.compile(r"(?:莅临|来到|到访|访问|走访|参观|考察|调研|来|到|赴|与|和|同|向|对|为|给)$")
_OPENING = re.compile(r"^(?:\d{1,4}[年月日号]|[上下中]午|晚间|早间|近日|日前|今天|今日|昨日|昨天|此前|随后|同时|此外|另外|据悉|记者获悉|[，,、\s])*$")


# After a company's name, what makes it a person's or a delegation's affiliation, not a subject
_AFFILIATION = re.compile(r"(?:[（(][^（）()]{0,20}[)）])?\s*(?:" + _TITLE_RE.pattern + r"|党委|党组|领导|一行|代表|专家|团队|相关负责人|负责人|总|副|[\u4e00-\u9fff]{0,4}?(?:主任|书记|[局处科县市部院校行厂所站社]长|经理|总监|主席|委员|工程师|教授|院士))")


@dataclass
class _OwnVoice:
    """Whom a bare 公司 means in the customer's own account (its site, its WeChat account). 我公司
    is always the customer, and so is 公司 until another company is named as a subject: opening a
    sentence earlier in the paragraph (「清源水务中标…。公司董事长…」), or speaking in a repost
    (「清源水务（600123）发布公告称，公司成功中标…」: 清源水务 from there on, in every paragraph).
    「清源水务一行莅临公司」 still means the writer; the customer named as a subject again resets it."""

    names: list[str]
    repost: bool = False  # another company speaks in the article: its 公司 is that company
    paragraph: bool = False  # another company opened a sentence of this paragraph

    def read(self, sentence: str, named: list[tuple[int, int, str, bool]]) -> bool:
        """Whether a bare 公司 in `sentence` is the customer, the state kept for the next."""
        pronoun = _OWN.search(sentence)
        if _MINE.search(sentence) or (named and named[0][3] and (pronoun is None or named[0][0] < pronoun.start())):
            self.repost = self.paragraph = False
            return True
        head = sentence[: pronoun.start()] if pronoun else sentence
        other = [o for o in named if not o[3] and o[0] < len(head)]
        coded = _CODED.search(head)
        if coded and not any(n in coded.group("name") or coded.group("name") in n for n in self.names):
            other.append((coded.start(), coded.end(), coded.group("name"), False))
        subject = min(other, default=None)
        if subject is None or not _OPENING.match(re.split(r"[，,：:]", sentence[: subject[0]])[-1]) or _AFFILIATION.match(sentence, subject[1]):
            return not (self.repost or self.paragraph)  # no other company opens the sentence as its subject
        self.paragraph = True
        if pronoun is None:
            return not self.repost
        if _REPORTED.search(sentence[subject[1]: pronoun.start()]):
            self.repost = True
        return bool(_VISITED.search(head)) and not self.repost


def _dated(article: ArticleText, names: list[str]) -> list[tuple[str, ArticleText]]:
    """Each sentence with the article as its context. A sentence with no date of its own takes
    the day the sentence before it in its paragraph gave; one opening with 同日 takes the last
    day the article gave; any other, the article's own date."""
    out: list[tuple[str, ArticleText]] = []
    last_day: DateValue | None = None
    recent: bool | None = None
    voice = _OwnVoice(names)
    for paragraph in article.text.splitlines():
        day: DateValue | None = None
        voice.paragraph = False
        for sentence in sentences(paragraph):
            named = _orgs(sentence, names)
            if article.own:
                here = replace(article, recent=voice.read(sentence, named))
            else:
                here = replace(article, recent=recent)
                # the sentence's subject, usually named first, is whom a later bare 公司 means;
                # a sentence that opens with 公司 itself carries the subject on
                pronoun = _OWN.search(sentence)
                if named and (pronoun is None or named[0][0] < pronoun.start()):
                    recent = named[0][3]
            own = _date_of(sentence, article)
            if own is article.date:
                own = None  # the article's date, not the sentence's
            if own is not None and len(own.value) == 10:
                day = last_day = own
            if own is None and _SAME_DAY.match(sentence) and last_day:
                out.append((sentence, replace(here, date=last_day)))
            elif own is None and day:
                out.append((sentence, replace(here, date=day)))
            else:
                out.append((sentence, here))
    return out


def _event_name(fact: Fact) -> str:
    """What tells two events apart. A project's name without its years and filler words:
    「吉瑞汽车集团2024—2026年度…框架采购项目」 and 「吉瑞汽车集团…框架采购」 are one award."""
    if isinstance(fact, Project):
        name = re.sub(r"[\s“”\"《》（）()]", "", fact.counterparty or fact.name)
        if fact.kind == "tender_won":
            name = re.sub(r"(?:19|20)\d{2}(?:[-—–至~]\s*(?:19|20)\d{2})?年?度?|项目$|集团(?=.)", "", name)
        return name
    if isinstance(fact, Financing):
        return fact.round
    return getattr(fact, "name", "")


# ---- what the article says: a lede and the sentences that carry the customer's news ----------

MAX_SUMMARY = 400
_LEDE = 120  # the lede: the opening sentences up to about this many characters
_LONGEST = 120  # a longer sentence is not read at a glance
_WHOLE_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’\"」』）)]*|$)")
# Lines that are not the article's prose: bylines, labels, copyright, sharing prompts.
_NOT_PROSE = re.compile(r"^[（(]?\s*(?:原标题|来源|本文来源|文章来源|责任编辑|责编|编辑|作者|记者|撰文|校对|审核|审校|图|图片|摄影|"
                        r"当前位置|您所在的位置|页面功能|个人简介)\s*[:：/]|版权所有|未经(?:本网)?(?:允许|授权)|不得转载|转载请|"
                        r"Copyright|All Rights Reserved|扫描.{0,6}二维码|关注.{0,12}(?:微信|公众号|微博)|点击(?:查看|进入|阅读)|^[【\[].{0,10}[】\]]$", re.I)
# An outlet's dateline before the story: 【财新网】, 新京报讯（记者 陆一夫）, 证券时报e公司讯，
_DATELINE = re.compile(r"^(?:【[^】]{1,12}】|[\u4e00-\u9fffA-Za-z]{2,10}讯\s*(?:[（(][^）)]{0,20}[）)])?[，,\s]*)")
# What makes a sentence news about the customer: money and shares, and what companies do.
_FIGURE = re.compile(r"\d[\d,.]*\s*(?:亿|万|千)?\s*(?:元|美元|港元|欧元|英镑|日元)|\d[\d,.]*\s*%|\d[\d,.]*\s*(?:亿|万)(?:辆|台|套|吨|件|单|用户|人)|"
                     # in Chinese numerals: 近千名专家, 上百家客户, 数十个城市, 排名前十
                     r"(?:前|近|超|逾|上|数|几)[一二两三四五六七八九]?[十百千万亿]+|"
                     r"[一二两三四五六七八九]?[十百千万亿]+[一二三四五六七八九]?(?:多|余)?(?:名|家|个|位|款|项|所|座|台|辆|件|种|类|强)")
_NEWSY = re.compile(r"签约|签署|签订|协议|合作|合资|组建|中标|成交|收购|并购|入股|战略投资|投资(?![者人])|融资|上市|挂牌|发布|推出|首款|首个|首家|"
                    r"成立|设立|投产|开工|竣工|交付|量产|商用|业绩|营收|营业额|销售额|净利润|订单|合同|获得|荣获")
# A sentence that asks, or a reporter's question in an interview, carries no news.
_NOT_NEWS = re.compile(r"[？?]$|^记者[:：]|^(?:问|Q)[:：]")


def _prose(text: str, title: str) -> list[list[str]]:
    """The article's paragraphs of prose, each as its whole sentences: no headings, navigation,
    bylines, labels or copyright lines, no headline repeated, no outlet's dateline. A table's
    cells (a page laid out in tables) are read one by one."""
    paragraphs: list[list[str]] = []
    for row in text.splitlines():
        for line in row.split(" | ") if "|" in row else [row]:
            line = re.sub(r"^[\s\-•·|]+|[\s|]+$", "", line).strip()
            if title and line.startswith(title.strip()):
                line = line[len(title.strip()):].strip()
            line = _DATELINE.sub("", line).strip()
            if _NOT_PROSE.search(line) or not re.search(r"[，。]", line) or (len(line) < 40 and not re.search(r"[。！!：:]$", line)):
                continue  # a heading, a menu, a label, a caption
            found = [s.strip() for s in _WHOLE_SENTENCE.findall(line) if len(s.strip()) >= 6]
            if found:
                paragraphs.append(found)
    return paragraphs


# characters that join words rather than make them: a headline's 「在」 or 「的」 echoes nothing
_FUNCTION_CHARS = re.compile(r"[的了是在和与及为将对从被把也都就而但或着这那其之于以有一不、，。！？：；“”‘’《》（）()\s|｜!?:;,.\-—_·]")


def _headline_words(title: str) -> set[str]:
    """The headline's two-character words (every pair of content characters) and its Latin
    words (MQ, 5G): what a sentence that speaks of the same thing repeats."""
    words = {title[i:i + 2] for i in range(len(title) - 1)
             if re.fullmatch(r"[\u4e00-\u9fff]{2}", title[i:i + 2]) and not _FUNCTION_CHARS.search(title[i:i + 2])}
    words |= {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]+|\d+[A-Za-z]+", title)}
    return words


def _echo(sentence: str, words: set[str]) -> int:
    """How many separate stretches of `sentence` repeat the headline's words: 「恒远环保实现营业收入」
    echoes 「恒远环保发布…」 once (one name), 「转行成为职业美人鱼，辞去了工作」 twice."""
    covered = [False] * len(sentence)
    for i in range(len(sentence) - 1):
        if sentence[i:i + 2] in words:
            covered[i] = covered[i + 1] = True
    for match in re.finditer(r"[A-Za-z][A-Za-z0-9]+|\d+[A-Za-z]+", sentence):
        if match.group(0).lower() in words:
            covered[match.start():match.end()] = [True] * (match.end() - match.start())
    return sum(1 for i, c in enumerate(covered) if c and (i == 0 or not covered[i - 1]))


def _echoing(flat: list[tuple[int, int, str]], title: str, chosen: list[int]) -> list[int]:
    """The sentences not yet chosen that echo the headline twice or more, the strongest first
    (then in the article's order); never a question, never one too long to read at a glance."""
    words = _headline_words(title)
    if not words:
        return []
    scored = [(-_echo(s, words), at) for at, (_, _, s) in enumerate(flat)
              if at not in chosen and len(s) <= _LONGEST and not _NOT_NEWS.search(s)]
    return [at for score, at in sorted(scored) if score <= -2]


def _summary_names(names: list[str]) -> list[str]:
    """The customer's names, and their cores a reader knows it by (龙湖 for 龙湖集团, 苹果 for
    苹果公司): only to pick sentences to show, never to credit an event."""
    out = list(names)
    for name in names:
        core = re.sub(r"(?:集团|公司|股份|控股|有限|科技|中国)+$", "", name)
        if len(core) >= 2 and core not in out:
            out.append(core)
    return out


# What a sentence opens with before the customer speaks: 「同时，微软还表示」, 「日前，某某宣布」.
_OPENING_WORDS = r"(?:据|同时|此外|另外|随后|其中|而|日前|近日|今天|今日|昨天|昨日|目前|[\d年月日号]+)?[，,\s]*"


def _worth(sentence: str, names: list[str], people: list[str], carried: bool = False) -> int:
    """How much a sentence tells of the customer's news: 0 when it names neither the customer nor
    one of its people (unless it goes on about the customer the sentence before named:
    `carried`), asks a question, or is too long to read at a glance. An act (发布, 签约,
    成立...) counts when the customer or its person is named before it in its clause (not
    「相比恒远环保，另一家公司发布了…」); a figure, when the sentence names them or goes on about them."""
    ours = (*names, *people)
    named = any(n in sentence for n in ours)
    if _NOT_NEWS.search(sentence) or len(sentence) > _LONGEST or not (named or carried):
        return 0
    if not named:
        return 3 * bool(_FIGURE.search(sentence)) + bool(re.search(r"\d", sentence))
    # 「张建锋表示，…首款…」: what the customer or its person says is the customer's own act
    said = re.match(rf"^{_OPENING_WORDS}(?:{'|'.join(map(re.escape, ours))}).{{0,6}}?(?:表示|称|说|介绍|透露|披露|宣布)", sentence)
    acted = bool(said and _NEWSY.search(sentence)) or any(
        any(n in clause[: m.start()] for n in ours) for clause in re.split(r"[，,；;：:]", sentence) for m in _NEWSY.finditer(clause))
    return 3 * acted + 3 * bool(_FIGURE.search(sentence)) + bool(re.search(r"\d", sentence))


def _news_worth(sentence: str, paragraph: int, names: list[str], people: list[str], carried: bool) -> int:
    """`_worth`, one more in the opening paragraphs: a news article tells its news first."""
    worth = _worth(sentence, names, people, carried)
    return worth + 1 if worth >= 2 and paragraph < _OPENING_PARAGRAPHS else worth


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|-\d{1,2}-|/\d{1,2}/)")


def _looks_back(sentence: str, year: int | None) -> bool:
    """A sentence of history: a look back (回顾…), or one dated only in years long before the
    article's (「2011年2月，埃洛普…」 in a 2015 article; last year's still counts, as a January
    review of the year tells it). Kept out of the customer's news."""
    if _LOOKING_BACK.match(sentence):
        return True
    years = [int(y) for y in _YEAR.findall(sentence)]
    return bool(year and years and max(years) < year - 1)


# A conclusion: the section under 总结/结语/小结…, or a sentence that sums up (总之, 综上所述).
_CONCLUSION_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十\d]+\s*[、.．]\s*)?(?:总结|小结|结语|结论|写在最后|最后的话)\s*[:：]?\s*$")
_SUMMING_UP = re.compile(r"^(?:总之|总而言之|综上|综上所述|概括来说|一句话总结|简而言之)")
MAX_CONCLUSION = 2  # sentences of a conclusion added to a summary
_OPENING_PARAGRAPHS = 3  # where a news article tells its news


def _conclusion(text: str) -> set[str]:
    """The sentences of the article's conclusion (its 总结 section, or sentences opening with 总之)."""
    found: set[str] = set()
    inside = False
    for line in text.splitlines():
        line = line.strip()
        if _CONCLUSION_HEADING.match(line):
            inside = True
            continue
        for sentence in _WHOLE_SENTENCE.findall(line):
            sentence = sentence.strip()
            if sentence and (inside or _SUMMING_UP.match(sentence)):
                found.add(sentence)
    return found


def _carried(flat: list[tuple[int, int, str]], names: list[str], own: bool) -> list[bool]:
    """For each sentence that names no company, whether it goes on about the customer: the sentence
    before had the customer as its subject (opened with it; in the customer's own account, named
    it anywhere), or went on about it in the same paragraph. 「京东每次促销…。今年618主推两组数据…」
    goes on; after 「相比现代汽车，福特汽车…」, which names the customer but not as its subject, nothing does."""
    out: list[bool] = []
    subject = False
    previous_paragraph = -1
    opening = re.compile(rf"^{_OPENING_WORDS}[“\"「]?(?:{'|'.join(map(re.escape, names))})")
    for paragraph, _, sentence in flat:
        named = any(n in sentence for n in names)
        other = any(not o[3] for o in _orgs(sentence, names))
        carried = not named and not other and subject and (paragraph == previous_paragraph or not (out and out[-1]))
        out.append(carried)
        subject = not other and (bool(opening.match(sentence)) or (own and named) or carried)
        previous_paragraph = paragraph
    return out


def article_summary(text: str, title: str, names: list[str], people: list[str] = (), limit: int = MAX_SUMMARY,  # type: ignore[assignment]
                    year: int | None = None, own: bool = False) -> str:
    """What a salesperson reads in ten seconds: the lede (the opening sentences), then the
    sentences that name the customer (or one of its `people`, or go on about it) with figures,
    products or agreements, in the article's order, whole sentences only, at most `limit`
    characters; never history (a look back, a sentence dated only before the article's `year`).
    Then, room left, the article's conclusion (its 总结), then the sentences that echo the headline
    (two of its words or more, apart): what the article is about when no customer is named in it."""
    body = article_body(text[: MAX_TEXT * 2])[:MAX_TEXT]
    paragraphs = _prose(body, title)
    flat = [(p, i, s) for p, sentences_ in enumerate(paragraphs) for i, s in enumerate(sentences_)]
    chosen: list[int] = []
    size = 0

    def choose(at: int) -> None:
        nonlocal size
        sentence = flat[at][2]
        if size + len(sentence) <= limit and sentence not in (flat[c][2] for c in chosen):
            chosen.append(at)
            size += len(sentence) + 2  # room for the 「……」 that marks a gap

    for at, (_, _, sentence) in enumerate(flat):  # the lede
        if size >= _LEDE or (chosen and size + len(sentence) > limit // 2 + _LEDE // 2) or _NOT_NEWS.search(sentence):
            break
        if re.search(r"[：:]$", sentence) or _looks_back(sentence, year):
            continue  # 「…，例如：」 opens a list the summary does not show; history is not the news
        if size + len(sentence) <= limit:
            chosen.append(at)
            size += len(sentence) + 2
    wanted = _summary_names(names)
    carried = _carried(flat, wanted, own) if wanted else [False] * len(flat)
    ranked = sorted((-_news_worth(s, paragraph, wanted, list(people), carried[at]), at)
                    for at, (paragraph, _, s) in enumerate(flat) if at not in chosen and wanted and not _looks_back(s, year))
    for worth, at in ranked:
        if worth > -2:
            break  # a bare mention, a date alone: not news
        choose(at)
    concluding = _conclusion(body)
    for at in [at for at, (_, _, s) in enumerate(flat) if s in concluding and at not in chosen][:MAX_CONCLUSION]:
        choose(at)
    for at in _echoing(flat, title, chosen):
        if not _looks_back(flat[at][2], year):
            choose(at)
    chosen.sort()
    out = ""
    for n, at in enumerate(chosen):
        gap = "" if n == 0 or chosen[n - 1] == at - 1 else "……"
        if not gap and out and not re.search(r"[。！？!?；;：:”’\"」』）)]$", out):
            gap = " "  # a line without its stop (a list's item) is not run into the next
        out += gap + flat[at][2]
    return out


def read_article(article: ArticleText, names: list[str], *, entry: bool = False) -> tuple[list[Fact], str]:
    """What an article reports of the customer (its events) and what a salesperson reads of it
    (its summary, the customer's people it names kept in); a feed `entry` falls back to its
    description when its content is no article."""
    names = declared_aliases(article.text, names)
    events = read_events(article, names)
    people = [e.name for e in events if isinstance(e, Executive)]
    if entry:
        return events, entry_summary(article.text, article.title, names, people)
    year = int(article.date.value[:4]) if article.date and article.date.value[:4].isdigit() else None
    return events, article_summary(article.text, article.title, names, people, year=year, own=article.own)


def entry_summary(text: str, title: str, names: list[str], people: list[str] = ()) -> str:  # type: ignore[assignment]
    """A feed entry's summary: as an article's when its content is an article; else its
    description itself when that is one short line of prose (a digest written without a full
    stop), never a prompt to read on or the headline again."""
    found = article_summary(text, title, names, people) if text else ""
    if found:
        return found
    digest = re.sub(r"\s+", " ", text).strip()
    if not 10 <= len(digest) <= MAX_SUMMARY or digest == title.strip() or _NOT_PROSE.search(digest) \
            or re.search(r"阅读全文|阅读原文|查看全文|Read more|Continue reading", digest, re.I) or not re.search(r"[\u4e00-\u9fff]", digest):
        return ""
    return digest
