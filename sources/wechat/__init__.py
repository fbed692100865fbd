"""Articles of the customer's WeChat official account: title, account, date, text, and the events they report.

A built-in adapter, registered like any third-party one in pyproject.toml's
`briefing.sources` entry points; it uses only the toolkit (briefing.toolkit) and its own modules.
"""

from sources.wechat.adapter import WechatAdapter

__all__ = ["WechatAdapter"]
