"""Company names as the customer's pages and the public record write them: whether a text is
an organisation's name, the names an article may use for the customer, and whether a name is
one of them.
"""

from __future__ import annotations

import re
from typing import Sequence

from briefing.models import Company

__all__ = ["ORG_SUFFIX", "customer_names", "is_customer", "is_org_name"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
ORG_SUFFIX = re.compile(
    r"(?:公司|企业|合伙企业|有限合伙|（有限合伙）|\(有限合伙\)|集团|委员会|国资委|人民政府|政府|财政局|财政厅|财政部|局|厅|中心|"
    r"研究院|研究所|设计院|大学|学院|学校|医院|银行|分行|支行|基金|基金会|组合|计划|信托|合作社|联合社|协会|商会|工会|"
    r"事务所|营业部|办事处|分公司|厂|矿|站|社|院|所|行|店|部|馆)$"
)
_LATIN_ORG = re.compile(r"\b(?:Ltd|Limited|Inc|Corp|Corporation|LLC|LLP|L\.P\.|GmbH|AG|S\.A\.|B\.V\.|N\.V\.|Pte|PLC|Co\.|Company|Holdings?|Fund|Partners)\b\.?", re.I)
_NOT_ORG = re.compile(r"[:：；;。!！?？，,]|\d+\s*家|下载|查看|登录|点击|开通|打开|APP|VIP", re.I)

_GENERIC_WORDS = re.compile(r"投资|集团|控股|股份|交通|城市|建设|发展|实业|工程|科技|技术|信息|环境|环保|能源|建工|城投|国际|"
                            r"人民医院|医院|大学|学院|学校|中学|小学|委员会|教育|地铁|研究院|设计院|中心|政府|人民|"
                            r"产业|资产|管理|服务|贸易|物流|供应链|医疗|医药|农业|水务|电力|新能源|智能|数字|电子|机械|制造")


# A legal form or a seat after the name: 「(特殊普通合伙)」「（有限合伙）」「(个人独资)」「（北京）」
_FORM_AFTER = re.compile(r"\s*[（(][\u4e00-\u9fff]{2,8}[)）]$")


def is_org_name(text: str) -> bool:
    if _CJK.search(text):
        bare = _FORM_AFTER.sub("", text)
        return 4 <= len(text) <= 60 and bool(ORG_SUFFIX.search(bare)) and not _NOT_ORG.search(text)
    return 3 <= len(text) <= 100 and bool(_LATIN_ORG.search(text))


def customer_names(company: Company | None, *extra: str) -> list[str]:
    """The names an article may use for the customer: its name, aliases, and the name without
    its region and legal form (江苏恒远环保工程有限公司 -> 恒远环保工程, 恒远环保)."""
    names: list[str] = []
    for name in ([company.name, *company.aliases] if company else []) + [e for e in extra if e]:
        name = name.strip()
        if not name:
            continue
        names.append(name)
        core = re.sub(r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团股份有限公司)$", "", name)
        core = re.sub(r"^(?:中国|[\u4e00-\u9fff]{2}(?:省|市|自治区)|北京|上海|天津|重庆|江苏|浙江|广东|山东|河南|河北|湖南|湖北|四川|福建|安徽|江西|辽宁|吉林|黑龙江|山西|陕西|甘肃|云南|贵州|广西|海南|宁夏|青海|西藏|新疆|内蒙古)", "", core)
        short = core
        while len(short) >= 3:  # 龙湖集团控股 -> 龙湖集团 -> (龙湖: too short unless an alias)
            if short not in names and len(_GENERIC_WORDS.sub("", short)) >= 2:
                names.append(short)  # never 投资集团 or 交通投资: words, not a name
            shorter = re.sub(r"(?:工程|科技|技术|信息|发展|实业|控股|集团|股份|环境|环保)$", "", short)
            if shorter == short:
                break
            short = shorter
    return sorted(set(names), key=len, reverse=True)


def is_customer(name: str | None, names: Sequence[str]) -> bool:
    """The name is one of the customer's (its legal name, an alias, a distinctive short name),
    not a name that merely holds one (广州地铁 in 广州地铁设计研究院)."""
    if not name:
        return False
    plain = re.sub(r"[\s（）()]", "", name)
    return any(plain == re.sub(r"[\s（）()]", "", n) for n in names)

