"""Newer WeChat formats read from the variables the page carries: a picture share (图片消息/小绿书,
item_show_type 8), a text-only post (item_show_type 10), video and audio posts. They have no
#js_content; their title, account, date and text are in `window.cgiDataNew`, the older
`window.cgiData` / `d.title = ...` blocks, `window.__QMTPL_SSR_DATA__` and flat assignments.

Every page here is a small shape written for Briefing, modelled on what such pages carry (as
public exporters read them: wechat-article/wechat-article-exporter, NanmiCoder/NewsCrawler,
airyland/we-extract). A truly empty shell, the verification page and a deleted article are still
told apart exactly as before.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefing.models import Company, Page
from briefing.toolkit.adapter import Request
from sources.wechat import adapter as wechat_adapter
from sources.wechat.adapter import (MAX_SCAN, MAX_TEXT, WechatAdapter, assigned, carried_objects, carried_text, js_object,
                                    js_unescape, read_article_page)

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
WECHAT = Path(__file__).parent.parent / "fixtures" / "wechat"
URL = "https://mp.weixin.qq.com/s/AbCdEf123"


def page(html: str, url: str = URL) -> Page:
    return Page(url=url, body=html.encode(), text=html, encoding="utf-8", fetched_at=NOW)


def read(html: str, url: str = URL):
    return read_article_page(page(html, url))


def shell(script: str, head: str = "", body: str = "") -> str:
    """The frame these pages share: no article in the markup, the data in a script."""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title></title>{head}</head><body>"
            f"<div id='js_article'><div id='js_base_container'></div></div>{body}"
            f"<script type='text/javascript' h5only>{script}</script></body></html>")


# --- the shapes ---------------------------------------------------------------------------------

PICTURE_SHARE = shell(r"""
window.item_show_type = '8' || '';
var ap = arguments.length > 0 ? arguments[0] : window.cgiDataNew;
window.cgiDataNew = {
  base_resp: { ret: '0' * 1, errmsg: JsDecode('ok') },
  nick_name: JsDecode('赣清环境'),
  user_name: JsDecode('gh_0a1b2c3d4e5f'),
  title: JsDecode('喜报\x26quot;双中标\x26quot;'),
  author: JsDecode(''),
  create_time: JsDecode('1709280000'),
  item_show_type: '8' * 1,
  // the picture share's text; 「图1」 points at its first picture
  content_noencode: JsDecode('3月1日，江西赣清环境工程有限公司中标\x3ca class=\x22wx_img_refer_link\x22 data-seq=\x221\x22\x3e图1\x3c/a\x3e南昌市青山湖污水处理厂提标改造工程。\x0a\x0a总经理刘振华表示，公司将按期交付。'),
  picture_page_info_list: [
    { cdn_url: JsDecode('https://mmbiz.qpic.cn/mmbiz_jpg/one/0?wx_fmt=jpeg\x26amp;from=appmsg'), width: '1080' * 1,
      watermark_info: { cdn_url: JsDecode('https://mmbiz.qpic.cn/watermark/0') } },
    { cdn_url: JsDecode('https://mmbiz.qpic.cn/mmbiz_jpg/two/0?wx_fmt=jpeg') }
  ],
  appmsgalbuminfo: { title: JsDecode('专辑：工程喜报'), link: JsDecode('https://mp.weixin.qq.com/mp/appmsgalbum?album_id=1') },
  link: JsDecode('http://mp.weixin.qq.com/s?__biz=MzA4OTk=\x26amp;mid=2650001\x26amp;idx=1\x26amp;sn=0f0f0f\x26amp;chksm=aa#rd'),
  ip_wording: { province_name: JsDecode('江西') }
};
""", head="<meta property='og:title' content='喜报&quot;双中标&quot;'>")

# the older picture-share template: flat window.* variables, the data in window.cgiData
PICTURE_SHARE_WINDOW = shell(r"""
window.item_show_type = '8' || '';
window.ct = '1790499600' || '';
window.msg_title = window.title = '江西赣清环境签约景德镇项目' || '';
window.desc = window.desc || '';
window.cgiData = {
  nick_name: '赣清环境',
  picture_page_info_list: [ { cdn_url: 'https://mmbiz.qpic.cn/mmbiz_jpg/IMG1/0?wx_fmt=jpeg', width: '1080' * 1 } ]
};
window.desc = "4月8日，江西赣清环境工程有限公司与景德镇市水务集团签约\x0a\x0a总投资1.2亿元，带\"引号\"的文本";
""", head="<meta property='og:title' content='江西赣清环境签约景德镇项目'>")

TEXT_POST = shell(r"""
window.cgiDataNew = {
  item_show_type: '10' * 1,
  title: JsDecode('今天和大家说说我们的新厂区\x0a第二行写的是搬迁的日子\x0a第三行'),
  nick_name: JsDecode('\u8d63\u6e05\u73af\u5883'),
  create_time: JsDecode('2024-04-28 10:30'),
  text_page_info: {
    is_user_title: '0' * 1,
    content_noencode: JsDecode('今天和大家说说我们的新厂区\x0a第二行写的是搬迁的日子\x0a第三行，带\x26lt;b\x26gt;字样')
  }
};
""", head=r"<meta property='og:title' content='今天和大家说说我们的新厂区\n第二行写的是搬迁的日子\n第三行'>")

TEXT_POST_TITLED = TEXT_POST.replace("is_user_title: '0' * 1", "is_user_title: '1' * 1").replace(
    r"title: JsDecode('今天和大家说说我们的新厂区\x0a第二行写的是搬迁的日子\x0a第三行')", "title: JsDecode('新厂区启用')")

# a video post of the older template: the data in `d.*` assignments, the text in the description
VIDEO_OLD = """<!DOCTYPE html><html><head><meta name="description" content="赣清环境2024年宣传片：二十年，只做水处理。">
<meta property="og:image" content="https://mmbiz.qpic.cn/cover/0"></head><body class="zh_CN video_page">
<div class="page_share_video"></div><script>
  var _g = window._g || {};
  var d = _g.cgiData;
  d.title = "赣清环境宣传片";
  d.nick_name = "赣清环境";
  d.create_time = "1580000000";
  d.vid = 'wxv_123';
</script></body></html>"""

# a video (or audio) post of the current template: var msg_title, var nickname, var ct, var msg_desc
VIDEO_VARS = shell("""
  var item_show_type = "5";
  var nickname = htmlDecode("赣清环境");
  var ct = "1711929600";
  var msg_title = '赣清环境参加2024中国环博会'.html(false);
  var msg_desc = htmlDecode("4月18日至20日，赣清环境在上海新国际博览中心W3馆展出膜处理设备。");
""", body="<div id='js_mpvideo'></div>")

AUDIO_SSR = shell("""
  window.__QMTPL_SSR_DATA__= {"title":"董事长新年致辞（音频）","nick_name":"赣清环境","create_time":"1704067200",
  "desc":"董事长王建国的新年致辞全文。","voiceid":"MzA_1"};
""", body="<div class='page_share_audio'></div>")

# an ordinary article whose #js_content came empty, its HTML kept in content_noencode
ARTICLE_IN_DATA = shell(r"""
window.cgiDataNew = {
  item_show_type: '0' * 1,
  title: JsDecode('赣清环境完成B轮融资'),
  nick_name: JsDecode('赣清环境'),
  ori_create_time: '1712000000',
  content_noencode: JsDecode('\x3csection\x3e\x3cp\x3e江西赣清环境工程有限公司\x3cstrong\x3e完成B轮融资\x3c/strong\x3e。\x3c/p\x3e\x3cp\x3e\x3cimg data-src=\x22https://mmbiz.qpic.cn/x/640\x22\x3e第二段。\x3c/p\x3e\x3cscript\x3ealert(1)\x3c/script\x3e\x3c/section\x3e'),
};
""", body="<div id='js_content' style='visibility:hidden'></div>")


# --- picture shares --------------------------------------------------------------------------

def test_a_picture_share_is_read_from_cgi_data_new():
    article, text, problem = read(PICTURE_SHARE)
    assert problem == ""
    assert article.title == '喜报"双中标"'
    assert article.account == "赣清环境"
    assert article.published.value == "2024-03-01T16:00:00+08:00"
    assert article.author is None
    assert "中标南昌市青山湖污水处理厂提标改造工程" in text  # the 「图1」 pointer is not a word of the text
    assert "总经理刘振华表示" in text and "图1" not in text
    assert "专辑" not in article.title  # a nested object's title is not the post's


def test_a_saved_picture_share_links_home_through_its_carried_link():
    article, _, _ = read(PICTURE_SHARE, url="file:///home/me/saved/post.html")
    assert article.url == "https://mp.weixin.qq.com/s?__biz=MzA4OTk=&mid=2650001&idx=1&sn=0f0f0f&chksm=aa"


def test_the_older_picture_share_reads_window_variables():
    article, text, problem = read(PICTURE_SHARE_WINDOW)
    assert problem == ""
    assert article.title == "江西赣清环境签约景德镇项目"
    assert article.account == "赣清环境"
    assert article.published.value == "2026-09-27T17:00:00+08:00"
    assert text.splitlines() == ["4月8日，江西赣清环境工程有限公司与景德镇市水务集团签约", '总投资1.2亿元，带"引号"的文本']


def test_a_picture_share_of_the_customer_gives_its_events():
    parsed = WechatAdapter().parse(page(PICTURE_SHARE), Request(URL, "", 0, company=Company("江西赣清环境工程有限公司", ("赣清环境",))))
    assert parsed.status is None  # read, not blocked
    articles = [f for f in parsed.facts if f.section == "articles"]
    assert [a.title for a in articles] == ['喜报"双中标"']
    assert articles[0].summary.startswith("3月1日，江西赣清环境工程有限公司中标南昌市青山湖污水处理厂")
    assert any(f.section == "projects" and f.name == "南昌市青山湖污水处理厂提标改造工程" for f in parsed.facts)
    assert any(f.section == "executives" and f.name == "刘振华" for f in parsed.facts)


# --- text-only posts -------------------------------------------------------------------------

def test_a_text_post_without_a_title_of_its_own_is_named_by_its_first_line():
    article, text, problem = read(TEXT_POST)
    assert problem == ""
    assert article.title == "今天和大家说说我们的新厂区"  # not the whole text og:title carries
    assert article.account == "赣清环境"
    assert article.published.value == "2024-04-28T10:30:00+08:00"
    assert text.splitlines() == ["今天和大家说说我们的新厂区", "第二行写的是搬迁的日子", "第三行，带<b>字样"]


def test_a_text_post_keeps_the_title_its_author_gave():
    article, _, _ = read(TEXT_POST_TITLED)
    assert article.title == "新厂区启用"


# --- video and audio ---------------------------------------------------------------------------

def test_an_older_video_post_reads_its_d_assignments_and_description():
    article, text, problem = read(VIDEO_OLD)
    assert problem == ""
    assert (article.title, article.account) == ("赣清环境宣传片", "赣清环境")
    assert article.published.value == "2020-01-26T08:53:20+08:00"
    assert text == "赣清环境2024年宣传片：二十年，只做水处理。"


def test_a_video_post_reads_its_var_variables():
    article, text, problem = read(VIDEO_VARS)
    assert problem == ""
    assert (article.title, article.account) == ("赣清环境参加2024中国环博会", "赣清环境")
    assert article.published.value == "2024-04-01T08:00:00+08:00"
    assert text.startswith("4月18日至20日，赣清环境在上海新国际博览中心")


def test_an_audio_post_reads_the_ssr_data():
    article, text, problem = read(AUDIO_SSR)
    assert problem == ""
    assert (article.title, article.account) == ("董事长新年致辞（音频）", "赣清环境")
    assert article.published.value == "2024-01-01T08:00:00+08:00"
    assert text == "董事长王建国的新年致辞全文。"


def test_an_article_whose_html_is_only_in_its_data_is_read_as_text():
    article, text, problem = read(ARTICLE_IN_DATA)
    assert problem == "" and article.title == "赣清环境完成B轮融资"
    assert article.published.value == "2024-04-02T03:33:20+08:00"
    assert text.splitlines() == ["江西赣清环境工程有限公司完成B轮融资。", "第二段。"]
    assert "alert" not in text and "<" not in text


# --- text, never markup; sizes capped ----------------------------------------------------------

def test_markup_in_carried_values_stays_text():
    hostile = shell(r"""
window.cgiDataNew = {
  title: JsDecode('标题\x3cscript\x3ealert(1)\x3c/script\x3e\x3cimg src=x onerror=alert(2)\x3e结尾'),
  nick_name: JsDecode('\x3cb\x3e账号\x3c/b\x3e'),
  create_time: '1709280000',
  content_noencode: JsDecode('正文\x3cstyle\x3ebody{}\x3c/style\x3e\x3ciframe src=\x22javascript:alert(3)\x22\x3e\x3c/iframe\x3e继续')
};""")
    article, text, problem = read(hostile)
    assert problem == ""
    assert article.title == "标题结尾" and article.account == "账号"
    assert text == "正文继续"


class _ScanCounter:
    """The adapter's JS tokenizer, counting the characters each scan of a carried object may cover:
    the work a hostile script can cause, bounded without timing it (its patterns are possessive or
    lazy to a bound, so a scan is linear in what it covers)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.windows: list[int] = []

    def finditer(self, text: str, start: int = 0, end: int | None = None):  # type: ignore[no-untyped-def]
        end = len(text) if end is None else end
        self.windows.append(end - start)
        return self.pattern.finditer(text, start, end)


@pytest.fixture()
def scans(monkeypatch) -> _ScanCounter:
    counter = _ScanCounter(wechat_adapter._TOKEN)
    monkeypatch.setattr(wechat_adapter, "_TOKEN", counter)
    return counter


def test_huge_values_are_capped(scans):
    big = shell("window.cgiDataNew = {title: '" + "长" * 5000 + "', create_time: '1709280000', content_noencode: '"
                + "很长的正文。" * 800_000 + "'};")
    article, text, _ = read(big)
    assert scans.windows and len(scans.windows) <= 3 and max(scans.windows) <= MAX_SCAN  # one bounded scan per carried object
    assert len(article.title) <= 300 and len(text) <= MAX_TEXT


@pytest.mark.parametrize("script", [
    "window.desc = '" + "\\'" * 200_000,                       # a string that never closes
    "window.cgiDataNew = {title: '" + "\\'" * 200_000,
    "window.cgiDataNew = {" + "/*" * 200_000,                  # a comment that never closes
    "window.cgiDataNew = {" + "{a:" * 200_000,                 # nesting without end
    "window.cgiDataNew = {" + "title: JsDecode(" * 100_000 + "'x'",
])
def test_broken_scripts_are_bounded_and_invent_nothing(script, scans):
    article, text, problem = read(shell(script))
    assert len(scans.windows) <= 3 and all(window <= MAX_SCAN for window in scans.windows)
    assert article is None and problem.startswith("blocked:")


def test_js_escapes_are_read_once():
    assert js_unescape(r"a\x26b \u00e9 \u{1F31F} \'q\' \"d\" \\x26 \n") == "a&b é 🌟 'q' \"d\" \\x26 \n"
    assert carried_text("A\x26amp;amp;B") == "A&amp;B"  # entities once, not twice
    assert carried_text("a<br>b<p>c</p>d") == "a\nb\nc\nd"


def test_a_js_object_is_read_by_key_path_without_evaluating_it():
    text = r"""x = {
      title: JsDecode('外层'), n: '8' * 1 || 0, flag: cond ? 'yes' : 'no', /* a: 'comment' */
      inner: { title: '内层', list: [ { cdn_url: 'u1' }, { cdn_url: 'u2' } ] },
      'quoted': "q", "json": 1, title: '后来的不算'
    }; after = {title: 'outside'}"""
    values = js_object(text, text.index("{"))
    assert values["title"] == "外层" and values["n"] == "8" and values["inner.title"] == "内层"
    assert values["inner.list.cdn_url"] == "u1" and values["quoted"] == "q" and values["json"] == "1"
    assert "flag" not in values and "a" not in values and "outside" not in values.values()


def test_the_data_objects_are_merged_cgi_data_new_first():
    text = "window.cgiData = {title: 'old', desc: 'd'}; window.cgiDataNew = {title: 'new'}; window.cgiDataNew = null;"
    assert carried_objects(text) == {"title": "new", "desc": "d"}


def test_assignments_are_read_from_their_owner_only():
    text = "var xmsg_title = 'no'; foo.msg_title = 'no'; window.msg_title = window.title = '' || ''; d.msg_title = JsDecode('yes');"
    assert assigned(text, "msg_title") == "yes"
    assert assigned("var ct = \"1709280000\" * 1;", "ct") == "1709280000"
    assert assigned("window.desc = window.desc || '';", "desc") == ""


# --- the pages that are not articles stay apart -----------------------------------------------

def test_an_empty_shell_stays_blocked():
    for html in (
        shell("window.cgiDataNew = null; var msg_title = ''.html(false); var nickname = htmlDecode(''); var ct = '';"),
        shell("window.cgiDataNew = {title: JsDecode(''), nick_name: JsDecode(''), create_time: JsDecode(''), content_noencode: JsDecode('')};"),
        shell("window.msg_title = window.title = '' || ''; window.ct = '' || '';"),
        shell("window.cgiDataNew = {title: JsDecode('微信公众平台'), create_time: '1709280000'};"),
    ):
        article, text, problem = read(html)
        assert article is None and text == "" and problem.startswith("blocked:") and "JavaScript" in problem


def test_a_video_description_elsewhere_on_the_page_does_not_make_an_article():
    html = shell("var videoPageInfos = [{ video_id: 'wxv_1', content_noencode: '十分优秀！' || '' }];")
    assert read(html)[0] is None


def test_a_page_with_a_title_and_a_description_but_no_post_is_not_an_article():
    html = shell("", head="<meta property='og:title' content='工程喜报'><meta property='og:description' content='合集介绍'>")
    assert read(html)[0] is None


def test_the_verification_and_deleted_pages_are_told_apart_as_before():
    for case, status in (("wx-js-shell", "blocked"), ("wx-verify", "blocked"), ("wx-deleted", "gone"), ("wx-violation", "gone")):
        article, _, problem = read((WECHAT / case / "page.html").read_text(encoding="utf-8"))
        assert article is None and problem.split(":")[0] == status, case
    _, _, problem = read((WECHAT / "wx-verify" / "page.html").read_text(encoding="utf-8"))
    assert "环境异常" in problem


def test_a_verification_page_that_carries_data_is_still_the_verification_page():
    html = shell("window.cgiDataNew = {title: JsDecode('某文章'), create_time: '1709280000', content_noencode: JsDecode('正文')};",
                 body="<div class='weui-msg'><h2 class='weui-msg__title'>环境异常</h2><p>当前环境异常，完成验证后即可继续访问。</p></div>")
    article, _, problem = read(html)
    assert article is None and "环境异常" in problem


def test_a_deleted_picture_share_is_gone():
    html = shell("window.item_show_type = '8' || ''; window.cgiDataNew = {title: JsDecode('')};",
                 body="<div class='weui-msg'><h2 class='weui-msg__title'>该内容已被发布者删除</h2></div>")
    article, _, problem = read(html)
    assert article is None and problem.startswith("gone:")


def test_an_expired_link_is_gone_and_gives_no_article():
    html = ("<!--headTrap<body></body><head></head><html></html>--><html><head><title></title></head>"
            "<body id='activity-detail'><div class='weui-msg'><h2 class='weui-msg__title'>链接已过期</h2></div></body></html>")
    parsed = WechatAdapter().parse(page(html), Request(URL))
    assert parsed.status == "gone" and "expired" in parsed.reason and not parsed.facts


def test_feed_entries_get_a_summary():
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>恒远环保</title>
<item><title>恒远环保发布新一代MBR膜组件</title><link>https://mp.weixin.qq.com/s/Abc</link>
<description><![CDATA[<p>今天，恒远环保在宜兴发布了新一代MBR膜组件，通量较上一代提升30%，已在宜兴城市污水处理厂试用半年。</p>]]></description></item>
<item><title>周末活动</title><link>https://mp.weixin.qq.com/s/Def</link><description>点击阅读原文</description></item>
</channel></rss>"""
    p = Page(url="https://rss.example.cn/hengyuan.xml", body=feed.encode(), text=feed, encoding="utf-8", fetched_at=NOW,
             content_type="application/rss+xml")
    parsed = WechatAdapter().parse(p, Request(p.url, company=Company("江苏恒远环保工程有限公司", ("恒远环保",))))
    summaries = [f.summary for f in parsed.facts if type(f).__name__ == "Article"]
    assert summaries[0].startswith("今天，恒远环保在宜兴发布了新一代MBR膜组件") and summaries[1] == ""


def test_another_accounts_article_that_never_names_the_customer_is_not_the_customers_news():
    def article(title: str, text: str) -> str:
        return (f'<html><body><h1 id="activity-name">{title}</h1><a id="js_name">数码评测号</a>'
                f'<div id="js_content"><p>{text}</p></div><script>var ct = "1581480000";</script></body></html>')
    customer = Company("华为技术有限公司", ("华为",))
    other = article("三星 Galaxy S20 系列手机正式发布", "三星在美国旧金山举行发布会，正式发布了新一代旗舰手机。" * 3)
    about = article("手机市场观察", "华为与三星在高端手机市场的竞争愈发激烈，华为发布了新款折叠屏手机。" * 3)
    for html, kept in ((other, False), (about, True)):
        p = page(html)
        facts = WechatAdapter().parse(p, Request(p.url, "", 0, company=customer)).facts
        assert any(type(f).__name__ == "Article" for f in facts) is kept


def test_a_title_in_a_var_with_its_emoji_escaped_as_a_surrogate_pair_is_text_a_file_can_hold():
    html = ('<html><body><div id="js_content"><p>正文内容，某某公司发布了新产品。</p></div><script>'
            r'var msg_title = "\ud83d\ude00新品发布\x26更多";var nickname = "某某公司";var ct = "1673305628";'
            '</script></body></html>')
    article, _, _ = read(html)
    assert article.title == "新品发布&更多" and article.account == "某某公司"
    article.title.encode("utf-8")  # no half characters left


# --- the older share templates: text after an unset window value, percent-encoded text, oriCreateTime

TEXT_SHARE_OLD = shell(r"""
  var item_show_type = "10";
  var nickname = htmlDecode("赣清环境");
  var oriCreateTime = '1714271400';
  var TextContentNoEncode = window.a_value_which_never_exists || '新厂区今天投产\x0a年产膜组件十万支';
  var ContentNoEncode = window.a_value_which_never_exists || '新厂区今天投产\x0a年产膜组件十万支，总投资2亿元。';
""", head="<meta property='og:title' content='新厂区今天投产'>", body="<p id='js_text_desc'></p>")


def test_a_text_share_reads_the_text_after_an_unset_window_value():
    article, text, problem = read(TEXT_SHARE_OLD)
    assert problem == ""
    assert (article.title, article.account) == ("新厂区今天投产", "赣清环境")
    assert article.published.value == "2024-04-28T10:30:00+08:00"  # var oriCreateTime, seconds
    assert text == "新厂区今天投产\n年产膜组件十万支，总投资2亿元。"


def test_a_percent_encoded_text_is_read_as_the_words_it_encodes():
    encoded = "%E6%96%B0%E5%8E%82%E5%8C%BA%E4%BB%8A%E5%A4%A9%E6%8A%95%E4%BA%A7"  # 新厂区今天投产
    html = TEXT_SHARE_OLD.replace(r"新厂区今天投产\x0a年产膜组件十万支，总投资2亿元。", encoded)
    assert read(html)[1] == "新厂区今天投产"
    kept = TEXT_SHARE_OLD.replace(r"新厂区今天投产\x0a年产膜组件十万支，总投资2亿元。", "增长50%以上，100%FF")
    assert read(kept)[1] == "增长50%以上，100%FF"  # a percent sign in text stays text


def test_the_older_byline_gives_the_writer_beside_the_date_and_the_account():
    html = """<html><body><h2 class="rich_media_title" id="activity-name">赣清环境签约景德镇项目</h2>
<div id="meta_content" class="rich_media_meta_list">
  <span id="copyright_logo" class="rich_media_meta meta_original_tag">原创</span>
  <em id="post-date" class="rich_media_meta rich_media_meta_text">2018-01-03</em>
  <em class="rich_media_meta rich_media_meta_text">王小明</em>
  <span class="rich_media_meta rich_media_meta_text rich_media_meta_nickname">赣清环境</span>
</div><div id="js_content"><p>4月8日，江西赣清环境工程有限公司与景德镇市水务集团签约。</p></div>
<script>var nickname = "赣清环境"; var ct = "1514986500";</script></body></html>"""
    article, _, _ = read(html)
    assert (article.account, article.author) == ("赣清环境", "王小明")
    no_writer = html.replace('<em class="rich_media_meta rich_media_meta_text">王小明</em>', "")
    assert read(no_writer)[0].author is None  # never the date, never the account


def test_an_own_accounts_self_introduction_keeps_its_figures_in_the_summary():
    body = ("<p>赣清环境是国内唯一一家只做膜法水处理的环保企业，实行项目经理负责制，为水务集团提供一站式服务。</p>"
            "<p>赣清环境定位恰如其名，专注于江西及周边省份，致力于通过最新的膜技术提供最可靠、最经济的水处理服务。</p>"
            "<p>综合多家水务集团的评价，赣清环境甄选出全省排名前十的污水处理厂作为示范项目，邀请其试用。</p>"
            "<p>所有项目都经过公司技术团队现场评估，并认同赣清环境的服务要求。</p><h3>项目分布</h3>"
            "<p>公司现已服务近千个村镇污水站，覆盖全省主要县市，均由本地团队运维：</p>")
    html = (f'<html><body><h1 id="activity-name">关于赣清环境</h1><a id="js_name">赣清环境</a>'
            f'<div id="js_content">{body}</div><script>var ct = "1714271400";</script></body></html>')
    p = page(html)
    facts = WechatAdapter().parse(p, Request(p.url, "", 0, company=Company("江西赣清环境工程有限公司", ("赣清环境",)))).facts
    summary = next(f for f in facts if type(f).__name__ == "Article").summary
    assert "排名前十的污水处理厂" in summary and "近千个村镇污水站" in summary


def test_a_picture_share_whose_content_holds_a_picture_and_the_slide_tip_reads_its_carried_text():
    html = r"""<html><head><meta property="og:title" content="新厂区投产"></head><body>
<h1 class="rich_media_title" id="activity-name">新厂区投产</h1><a id="js_name">赣清环境</a>
<div id="js_content"><img src="https://mmbiz.qpic.cn/cover/0?wx_fmt=png">
<span class="wx_stream_article_slide_tip_text">向上滑动看下一个</span></div>
<script>window.item_show_type = '8'; var ct = "1714271400";
window.cgiDataNew = { title: JsDecode('新厂区投产'), content_noencode: JsDecode('新厂区今天投产\x0a\x0a年产膜组件十万支，总投资2亿元。') };
</script></body></html>"""
    article, text, problem = read(html)
    assert problem == "" and article.account == "赣清环境"
    assert text == "新厂区今天投产\n年产膜组件十万支，总投资2亿元。"  # never the tip 「向上滑动看下一个」
