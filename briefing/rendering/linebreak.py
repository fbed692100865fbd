"""Where a line of the brief may end: the line-breaking rules of Chinese typesetting (W3C clreq,
JIS X 4051 kinsoku) for reportlab.

reportlab's CJK wrap (`wordWrap='CJK'`, `cjkFragSplit`) cuts between any two characters and only
knows Japanese marks: lines began with ，；：？ and ended with （ “, "38|万吨" was cut, and a
paragraph split across pages got spaces inserted into its Chinese text. `BriefParagraph` keeps
reportlab's glyphs, widths and line objects and chooses the breaks with `break_lines`:

- no line begins with closing or middle punctuation, none ends with opening punctuation;
- a number stays with its unit (500万元, 30%, 2019年, 3.5亿) and a citation [n] with its text;
- Latin words, numbers and web addresses break only at spaces or next to Chinese text, and
  inside themselves only when they are longer than the line (an address after a / first);
- no hanging punctuation: every line stays inside its margins (a table cell's neighbour too).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus.paragraph import (
    Paragraph,
    ParaLines,
    _handleBulletWidth,  # reportlab's own bullet allowance on line 1, as its CJK wrap uses it
    cjkU,
    makeCJKParaLine,
)

# reportlab's lists lack the Chinese full-width marks (，；：？！ ” 》...); its ASCII quotes are
# dropped because " and ' open as often as they close.
CANNOT_START = frozenset(ALL_CANNOT_START.replace('"', "").replace("'", "")) | frozenset(
    "，。、；：？！）」』】〕〗〙〛｝〉》”’…‥—–·・‼⁇⁈⁉﹐﹑﹒﹔﹕﹖﹗︰％‰℃°,.;:?!)]}%"
)
CANNOT_END = frozenset(ALL_CANNOT_END) | frozenset("（「『【〔〖〘〚｛〈《“‘([{¥€￥")
OBJECT = "\x00"  # stands for a zero-width object (an anchor, a callback): it stays with what precedes it

_UNITS = sorted(
    "元人民币 人民币 美元 港元 欧元 日元 英镑 元 角 年 个月 月 日 号 小时 时 分钟 分 秒 天 周 岁 倍 人次 次 个 人 名 位 家 户 "
    "台 套 件 项 款 座 辆 艘 架 期 届 层 条 篇 份 股 张 本 场 批 所 栋 平方公里 平方米 平米 立方米 公里 千米 厘米 毫米 米 "
    "公顷 亩 千克 公斤 吨 克 斤 毫升 升 千瓦时 千瓦 兆瓦 吉瓦 瓦 度 % ％ ‰ ℃".split(),
    key=len, reverse=True,
)
# 500万元, 10,800万元人民币, 3.5亿, 30%, 2019年, 160余人, 2021 年: the whole run is one unbreakable piece
_NUMBER_UNIT = re.compile(r"\d(?:[\d.,]*\d)? ?(?:[万亿千百]{0,2}[余多]?(?:%s)|[万亿千百]{1,2})" % "|".join(map(re.escape, _UNITS)))
_CITATION = re.compile(r" (\[\d+\])")  # the printer's " [n]" after a fact
_ADDRESS_BREAKS = frozenset("/-_?&=#")  # inside a too-long address or word, break after these first

# how good a break before a character is; GLUED, INSIDE_WORD and IN_ADDRESS only when nothing better fits
NEVER, GLUED, INSIDE_WORD, IN_ADDRESS, FREE = 0, 1, 2, 3, 4
_FUZZ = 1e-6


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _glued(text: str) -> set[int]:
    """Positions not to break before: inside a number with its unit, before a citation."""
    glued: set[int] = set()
    for match in _NUMBER_UNIT.finditer(text):
        glued.update(range(match.start() + 1, match.end()))
    for match in _CITATION.finditer(text):
        glued.update(range(match.start(1), match.end(1)))
    return glued


def _quality(before: str, after: str, shown: str) -> int:
    """How good a line break between two characters (neither a stand-in for an object) is;
    `shown` is the last one before the break that is not a space."""
    if after.isspace() or after in CANNOT_START or shown in CANNOT_END:
        return NEVER  # spaces end the line they follow; kinsoku
    if before.isspace() or _wide(before) or _wide(after):
        return FREE
    return IN_ADDRESS if before in _ADDRESS_BREAKS else INSIDE_WORD


def break_qualities(text: str) -> list[int]:
    """For each position, how good a break before that character is (position 0: NEVER).

    `text` may hold OBJECT stand-ins: never broken before, invisible to the rules around them.
    """
    qualities = [NEVER] * len(text)
    glued = _glued(text)
    before = shown = ""
    for index, char in enumerate(text):
        if char == OBJECT:
            continue
        if before:
            quality = _quality(before, char, shown)
            qualities[index] = min(quality, GLUED) if index in glued else quality
        before = char
        shown = shown if char.isspace() else char
    return qualities


def break_lines(text: str, widths: Sequence[float], max_widths: Sequence[float]) -> list[tuple[int, int, float]]:
    """Lines as (start, end, width): the most that fits on each line, ended at the best break.

    `widths[i]` is the width of `text[i]`; line n is at most `max_widths[n]` wide (the last width
    for the lines after). A line's width leaves out the spaces it ends with (they stay on it, so
    the lines joined give the text back). Only a piece longer than a line is cut where the rules
    forbid it, to make progress.
    """
    qualities = break_qualities(text)
    lines: list[tuple[int, int, float]] = []
    start = 0
    while start < len(text):
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        end, width = _line_end(text, widths, qualities, start, limit)
        lines.append((start, end, width))
        start = end
    return lines


def _line_end(text: str, widths: Sequence[float], qualities: list[int], start: int, limit: float) -> tuple[int, float]:
    """Where the line from `start` ends, and its width without trailing spaces."""
    best: dict[int, tuple[int, float]] = {}  # quality -> the last break of that quality that fits
    used = shown = 0.0
    index = start
    while index < len(text):
        used += widths[index]
        if not text[index].isspace():
            if used > limit + _FUZZ:
                break
            shown = used
        index += 1
        if index < len(text) and qualities[index] != NEVER:
            best[qualities[index]] = (index, shown)
    else:
        return len(text), shown
    for quality in (FREE, IN_ADDRESS, INSIDE_WORD, GLUED):
        if quality in best:
            return best[quality]
    # nothing breakable fits: cut where the width runs out (at least one character)
    end = max(index, start + 1)
    return end, sum(widths[start:end])


class BriefParagraph(Paragraph):
    """A reportlab Paragraph whose lines break by `break_lines` (its style has wordWrap='CJK')."""

    def breakLinesCJK(self, maxWidths):  # type: ignore[no-untyped-def]  # reportlab's name and signature
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            return self.blPara  # the first part of a split keeps the lines it was cut with
        max_widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        style = self.style
        _handleBulletWidth(self.bulletText, style, max_widths)
        if not self.frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                             lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
        glyphs = [cjkU(char, frag, "utf8") for frag in self.frags for char in (getattr(frag, "text", "") or [""])]
        calc_bounds = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        lines = []
        for piece, forced in _pieces(glyphs):  # a <br/> ends a piece
            text = "".join(glyph or OBJECT for glyph in piece)
            spans = break_lines(text, [glyph.width for glyph in piece], max_widths[len(lines):] or max_widths[-1:])
            for number, (start, end, width) in enumerate(spans):
                limit = max_widths[min(len(lines), len(max_widths) - 1)]
                line_break = forced and number == len(spans) - 1
                lines.append(makeCJKParaLine(piece[start:end], limit, width, limit - width, line_break, calc_bounds))
        return ParaLines(kind=1, lines=lines)

    def _get_split_blParaFunc(self):  # type: ignore[no-untyped-def]
        # reportlab's split adds a space at the end of every line, which shows in Chinese text;
        # these lines keep their own spaces, so the rest of a split paragraph is just its lines
        if self.blPara.kind != 1:
            return super()._get_split_blParaFunc()
        return lambda blPara, start, stop: [word for line in blPara.lines[start:stop] for word in line.words]


def _pieces(glyphs: list) -> list[tuple[list, bool]]:  # type: ignore[type-arg]
    """The glyphs cut after each forced line break, each piece with whether it ends in one."""
    pieces, current = [], []
    for glyph in glyphs:
        current.append(glyph)
        if hasattr(glyph.frag, "lineBreak"):
            pieces.append((current, True))
            current = []
    if current:
        pieces.append((current, False))
    return pieces
