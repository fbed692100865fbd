"""decode_html: header, BOM, meta, UTF-8, detector, gb18030 (RELIABILITY.md case 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.toolkit.decode import charset_from_content_type, decode_html, normalise_charset

# Other people's pages, read in place from ../shared/realworld beside the checkout (never copied here).
REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
RONG = "朱镕基总理视察公司"  # 镕 is GBK-only: the gb2312 codec rejects it


def test_header_gb2312_reads_gbk_only_characters():
    body = f"<html><body><p>{RONG}</p></body></html>".encode("gb18030")
    text, encoding = decode_html(body, "text/html; charset=gb2312")
    assert RONG in text
    assert encoding == "gb18030"


def test_utf8_body_under_gb2312_meta_is_read_as_utf8():
    body = '<html><head><meta charset="gb2312"></head><body>企业简介：中铁十二局</body></html>'.encode()
    text, encoding = decode_html(body)
    assert "企业简介：中铁十二局" in text
    assert encoding == "utf-8"


@pytest.mark.parametrize("content_type", [None, "text/html; charset=gbk"])
def test_utf8_that_also_decodes_as_gb18030_is_still_utf8(content_type: str | None):
    body = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>关于我们</p>'.encode()
    assert body.decode("gb18030") != body.decode("utf-8")  # the declaration alone gives mojibake
    text, encoding = decode_html(body, content_type)
    assert "<p>关于我们</p>" in text and encoding == "utf-8"


def test_utf8_body_under_gb2312_header_is_read_as_utf8():
    text, encoding = decode_html("<p>联系我们：上海浦东新区</p>".encode(), "text/html; charset=GB2312")
    assert "联系我们：上海浦东新区" in text
    assert encoding == "utf-8"


# Short GBK strings for which charset-normalizer guesses cp949 (Korean) or Big5.
@pytest.mark.parametrize("sample", ["关于我们", "<p>联系我们 电话</p>", "<p>公司</p>", "<html><body>朱镕基</body></html>"])
def test_gbk_without_any_declaration(sample: str):
    text, encoding = decode_html(sample.encode("gbk"))
    assert text == sample
    assert encoding == "gb18030"


def test_long_big5_text_is_still_big5():
    sample = "本公司成立於一九九八年，專業從事電子零件之研發與製造，產品行銷全球，客戶遍及歐美日等國家。"
    text, encoding = decode_html(f"<p>{sample}</p>".encode("big5"))
    assert sample in text
    assert encoding == "big5"


def test_meta_http_equiv_form():
    # euc-kr bytes also decode as gb18030, so only the meta tag can get this right
    body = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr"><p>회사 소개</p>'.encode("euc-kr")
    text, encoding = decode_html(body)
    assert "회사 소개" in text
    assert encoding == "euc_kr"


def test_meta_http_equiv_gbk_with_rong():
    body = f"<meta http-equiv='content-type' content='text/html;charset=GBK'><p>{RONG}</p>".encode("gb18030")
    text, encoding = decode_html(body)
    assert RONG in text and encoding == "gb18030"


def test_meta_beyond_the_first_4k_is_ignored():
    body = b"<html>" + b" " * 5000 + '<meta charset="euc-kr"><p>회사 소개</p>'.encode("euc-kr")
    assert decode_html(body)[1] != "euc_kr"


def test_utf8_bom_wins_and_is_stripped():
    text, encoding = decode_html(b"\xef\xbb\xbf" + "<p>中文</p>".encode(), "text/html; charset=gbk")
    assert text == "<p>中文</p>"
    assert encoding == "utf-8"


def test_utf16_bom():
    text, encoding = decode_html("<p>中文页面</p>".encode("utf-16"))  # writes a BOM
    assert text == "<p>中文页面</p>"
    assert encoding == "utf-16"


def test_header_that_does_not_fit_the_bytes_loses():
    text, encoding = decode_html(f"<p>{RONG}</p>".encode("gbk"), "text/html; charset=utf-8")
    assert RONG in text and encoding == "gb18030"


def test_unknown_charset_label_falls_through():
    text, _ = decode_html("<p>中文</p>".encode(), "text/html; charset=x-no-such-thing")
    assert text == "<p>中文</p>"


@pytest.mark.parametrize("body", [b"", b"\xff\xfe\xff", bytes(range(256)) * 3, b"\x81" * 7])
def test_never_raises(body: bytes):
    text, encoding = decode_html(body, "text/html; charset=utf-8")
    assert isinstance(text, str) and encoding


@pytest.mark.skipif(not (REALWORLD / "site-company-intro.html").is_file(),
                    reason=f"needs ../shared/realworld/site-company-intro.html beside the checkout ({REALWORLD})")
def test_realworld_company_intro_declares_gb2312_but_is_utf8():
    body = (REALWORLD / "site-company-intro.html").read_bytes()
    for content_type in (None, "text/html; charset=gb2312"):
        text, encoding = decode_html(body, content_type)
        assert encoding == "utf-8"
        assert "中铁十二局集团第一工程有限公司始建于1940年" in text
        assert "企业简介" in text


@pytest.mark.parametrize("label", ["gb2312", "GB2312", "gbk", "x-gbk", "GB_2312-80", "cp936", "GB18030", "euc-cn"])
def test_gb_family_is_read_as_gb18030(label: str):
    assert normalise_charset(label) == "gb18030"


def test_normalise_other_labels():
    assert normalise_charset("UTF8") == "utf-8"
    assert normalise_charset("ISO-8859-1") == "cp1252"  # as browsers do
    assert normalise_charset("Big5") == "big5"
    assert normalise_charset("x-unknown") == "x-unknown"


@pytest.mark.parametrize(
    "header, expected",
    [
        ("text/html; charset=GBK", "gb18030"),
        ('text/html; charset="utf-8"', "utf-8"),
        ("text/html;charset=gb2312;foo=bar", "gb18030"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(header: str | None, expected: str | None):
    assert charset_from_content_type(header) == expected
