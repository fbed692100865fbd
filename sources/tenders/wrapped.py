"""Notices saved inside source code or a data file, not as a page: a Java or JavaScript string
built line by line (「"<div>…</div>\\n" +」), a Go or Python literal, a row of an SQL dump, HTML
whose quotes were escaped (「<p class=\\"x\\">」). A reader of the saved file takes out the
string the notice was written as, and reads that.

Each step applies only when the whole file has its shape, and every scan is one pass over the
text (a quote left open never restarts a scan at every later quote).
"""

from __future__ import annotations

import html
import re

MAX_LITERALS = 5000  # string literals looked at in one file: a notice is among the first
MIN_BODY = 100  # a notice's body is longer than a field's value
MAX_BODIES = 30  # notices read from one file, as from one list

# 「\\n」, 「\\"」, 「\\r\\n」: what a string literal writes for a line break and a quote
_ESCAPE = re.compile(r"\\(?:r\\n|[nrt\"'\\/])")
_UNESCAPED = {"n": "\n", "r": "\n", "t": "\t", '"': '"', "'": "'", "\\": "\\", "/": "/"}
# one line of a string built by concatenation: 「    "<div>1.招标条件\\n" +」 (its quote may open on the
# line before, when the file was cut inside the first string)
_CONCATENATED = re.compile(r'"\s*\+\s*$')
_OPENING_QUOTE = re.compile(r'^\s*"')
# a literal as C-like languages, Python and SQL write it, escapes included; 「''」 is SQL's quote. A
# literal left open ends at its line's end (and is no value): the scan goes on after it, never
# again from each quote inside it
_LITERAL = re.compile(r'"((?:[^"\\\n]|\\[\s\S])*)(?:(?P<closed>")|(?=\n)|\\?\Z)'
                      r"|'((?:[^'\\\n]|\\[\s\S]|'')*)(?:(?P<closed2>')|(?=\n)|\\?\Z)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PROCUREMENT = re.compile(r"中标|成交|招标|采购|磋商|谈判|询价|竞价")
_HEADING = re.compile(r"^.{4,}(?:采购|招标|中标|成交|磋商|谈判|询价|竞价|项目|工程).{0,10}(?:公告|公示|通告)$")


def unescaped(text: str) -> str:
    """The literal's text with its escapes read: 「\\n」 a line break, 「\\"」 a quote."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(0) == "\\r\\n" else _UNESCAPED[m.group(0)[1]], text)


def _escaped_html(text: str) -> bool:
    """HTML written inside a literal: its attributes' quotes escaped (「class=\\"x\\"」), and no
    quote left bare."""
    escaped = text.count('\\"')
    return escaped >= 2 and text.count('"') == escaped


def _concatenation(text: str) -> str | None:
    """「"…\\n" +」 line after line: the one string the lines build, when (nearly) every line is one."""
    lines = [line for line in text.split("\n") if line.strip()]
    joined = sum(bool(_CONCATENATED.search(line)) for line in lines)
    if len(lines) < 3 or joined < 0.8 * (len(lines) - 1):
        return None
    parts = []
    for line in lines:
        line = _CONCATENATED.sub("", line)
        line = re.sub(r'"\s*[;)]*\s*$', "", line)  # the last line: 「…</div>";」
        parts.append(_OPENING_QUOTE.sub("", line))
    return "".join(parts)


def _literal_notices(text: str) -> list[str]:
    """Each notice a file holds as literals (a Go struct's 「title: "…成交公告"」 and 「content: "…"」,
    an SQL row's values): its body, with the heading that comes between it and the body before."""
    found: list[str] = []
    heading = ""
    values = [unescaped(m.group(1) if m.group(1) is not None else m.group(3).replace("''", "'")).strip()
              for m, _ in zip(_LITERAL.finditer(text), range(MAX_LITERALS)) if m.group("closed") or m.group("closed2")]
    if len(_CJK.findall("".join(values))) < 0.7 * len(_CJK.findall(text)):
        return []  # text that quotes a name or two (「"某某项目"」), not a file of literals
    for value in values:
        if len(value) <= 200 and _HEADING.match(value):
            heading = value
        elif len(value) >= MIN_BODY and _PROCUREMENT.search(value) and re.search(r"[:：]|<\w+", value):
            title = f"<title>{html.escape(heading, quote=False)}</title>" if heading else ""
            found.append(title + value)
            heading = ""
            if len(found) >= MAX_BODIES:
                break
    return found


# a comment's mark at a line's start: 「// 」, 「# 」, 「-- 」, Javadoc's 「 * 」
_COMMENT = re.compile(r"^[ \t]*(?://+|#+|--|\*(?!/)|/\*+)[ \t]?")


def _uncommented(text: str) -> str | None:
    """The text a block commented out line by line held, when every line (three or more) has the same mark."""
    lines = [line for line in text.split("\n") if line.strip()]
    marks = {m.group(0).strip() if m else None for m in map(_COMMENT.match, lines)}
    marks.discard("/**")
    marks.discard("/*")
    if len(lines) < 3 or len(marks) != 1 or None in marks:
        return None
    return "\n".join(_COMMENT.sub("", line) for line in text.split("\n"))


def notices_in_code(text: str) -> list[str] | None:
    """The notices a file of source code or data holds, each as the text it was written as; None
    when the file is no such file (a page, a JSON document) and is read as it is."""
    uncommented = _uncommented(text)
    if uncommented is not None:
        return _unwrapped(uncommented) or [uncommented]
    return _unwrapped(text)


def _unwrapped(text: str) -> list[str] | None:
    built = _concatenation(text)
    if built is not None:
        return [unescaped(built)]
    start = text.lstrip()[:200]
    if start.startswith(("<", "{", "[")) or re.search(r"<html|<body|<!DOCTYPE", start, re.I):
        return [unescaped(text)] if _escaped_html(text) else None
    found = _literal_notices(text)
    return found or None
