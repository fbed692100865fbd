"""Whether two sources speak of the same thing: one project under two names, one piece of news
under three headlines.

A strategic agreement is announced on the customer's website as 「公司与江苏润泽水务投资集团签署
战略合作框架协议」, on its WeChat account as 「恒远环保与润泽水务集团签署战略合作框架协议」 and in a
news feed the next morning. They are one event: the same customer, the same kind of news, within a
day, and headlines that differ only by what one adds (the customer's name for 公司, a region, a
「重磅」). Headlines that put a different name in the same place (华为 / 腾讯), or differ by a phase,
a lot, a year or an amount, are different news. A wrong merge hides a fact, so the rules are
strict: when in doubt, two rows.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher
from typing import Sequence

from briefing.toolkit.normalise import in_order

__all__ = ["near_day", "same_counterparty", "same_headline", "same_news", "same_project"]


def _project_key(name: str) -> str:
    name = re.sub(r"[\s“”\"《》（）()【】\[\]·、，,]", "", name).upper()
    return re.sub(r"项目$|采购项目$|采购$", "", name)


# What tells two projects apart though one name holds the other: a phase, a lot, the
# supervision or design of a works, a year, a quantity.
_DISTINCT = re.compile(r"[一二三四五六七八九十\d]+期|第?[一二三四五六七八九十\d]+(?:标段|包)|监理|设计|勘察|审计|造价|咨询|检测|运维|维保|评估")


def _marks(key: str) -> set[str]:
    return set(_DISTINCT.findall(key)) | set(re.findall(r"\d+", key))


def same_project(a: str, b: str) -> bool:
    """「…扩建工程（EPC）」 and 「…扩建工程EPC总承包项目」 are one project; 一期 and 二期 are two."""
    ka, kb = _project_key(a), _project_key(b)
    if not ka or not kb:
        return False
    short, long = sorted((ka, kb), key=len)
    if short == long:
        return True
    if _marks(short) != _marks(long) and _marks(short):
        return False  # 2023年 vs 2024年 物业服务, 一期 vs 二期, 2000吨 vs 2050吨
    if _marks(long) - _marks(short) and _DISTINCT.search("".join(_marks(long) - _marks(short))):
        return False  # 「…新馆建设工程」 and its 「监理」 are two contracts
    bare = re.sub(r"(?:19|20)\d{2}(?:[-—–至~](?:19|20)\d{2})?年?度?", "", long)  # a period named only in the longer
    return len(short) >= 8 and (short in long or (in_order(short, long) and len(short) >= 0.6 * len(bare)))


# What a headline says before the news and is not the news: 「重磅！」「喜报｜」「【快讯】」
_FLOURISH = re.compile(r"^(?:【[^】]{1,8}】|(?:重磅|喜报|快讯|热烈祝贺|祝贺|热烈庆祝|好消息|官宣|最新|独家|聚焦)[！!｜|:：\s]*)+")
_SELF = re.compile(r"^(?:我司|本公司|我公司|公司|集团|本集团|我集团)(?=与|和|同|跟|中标|签|荣|获|成功|再|喜|顺利|入选)")
_PUNCTUATION = re.compile(r"[\s\u3000·•,，。.、:：;；!！?？\"'“”‘’()（）\[\]【】《》「」『』<>〈〉|｜/\\_—–-]+")


def _headline_key(title: str, names: Sequence[str]) -> str:
    """The headline with the customer written one way (◎), without flourish or punctuation."""
    text = _FLOURISH.sub("", title.strip())
    for name in sorted((n for n in names if n), key=len, reverse=True):
        text = text.replace(name, "◎")
    text = _SELF.sub("◎", text)
    return _PUNCTUATION.sub("", text).upper()


def same_headline(a: str, b: str, names: Sequence[str] = ()) -> bool:
    """Two headlines of one piece of news: one is the other with words added here and there
    (a region, the customer's full name, 「投资」), never with a different name in the same place,
    a different number, or a phase, lot or service of its own."""
    ka, kb = _headline_key(a, names), _headline_key(b, names)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    if len(short) < 8 or ("◎" in ka) != ("◎" in kb) or _marks(ka) != _marks(kb):
        return False  # only one names the customer; 2023 vs 2024, 一期 vs 二期, 5亿 vs 8亿, a 监理 of its own
    unmatched = 0  # characters of the shorter headline the longer does not have
    for tag, i1, i2, _, _ in SequenceMatcher(None, short, long, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            if i2 - i1 > 1:
                return False  # another name in the same place: 与华为 / 与腾讯
            unmatched += 1
    # a character may differ here and there (与/和, 签署/签订), not more
    return unmatched <= 2 and len(short) >= 0.5 * len(long)


_LEGAL_FORM = re.compile(r"(?:(?:股份|有限责任|有限)?公司)?$")
_GROUP = re.compile(r"(?:集团|控股)$")


def same_counterparty(a: str | None, b: str | None) -> bool:
    """「江苏润泽水务投资集团有限公司」 and 「润泽水务集团」 are one party; 「华为」 and 「华为云」 may not be."""
    if not a or not b:
        return False
    ka, kb = (_GROUP.sub("", _LEGAL_FORM.sub("", _PUNCTUATION.sub("", x), count=1)) for x in (a, b))
    if ka == kb:
        return bool(ka)
    short, long = sorted((ka, kb), key=len)
    return len(short) >= 4 and short in long  # the name within a longer one: a region or 投资 added


def near_day(a: str | None, b: str | None, days: int = 1) -> bool:
    """Two ISO dates at most `days` apart: a site posts in the evening, a news feed the next morning.
    Either missing: not known to be near."""
    if not a or not b:
        return False
    try:
        first, second = date.fromisoformat(a[:10]), date.fromisoformat(b[:10])
    except ValueError:
        return False
    return abs((first - second).days) <= days


def same_news(kind: str, days: tuple[str | None, str | None], a: str | None, b: str | None, names: Sequence[str] = ()) -> bool:
    """Two reports of one piece of news, the rule the dossier's merge and `refresh` share: within
    a day, and for an "article" the same headline, for a "signing" the same other party, for a
    "tender_won" the same project (`a`, `b` are those words of each report)."""
    if not near_day(*days):
        return False
    if kind == "article":
        return same_headline(a or "", b or "", names)
    if kind == "signing":
        return same_counterparty(a, b)
    return kind == "tender_won" and same_project(a or "", b or "")
