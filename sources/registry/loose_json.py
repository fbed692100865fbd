"""A registry answer saved as JSON that is not strict JSON, read as far as it is data.

Records pasted into code, API documentation and notes come back in a few shapes: JSON with `//`
comments after values (「"regCapital": "10000万人民币", // 注册资本」) or trailing commas (JSON5,
read by pyjson5), a Python dict literal (single quotes, True/None: `ast.literal_eval`), every line
behind a comment marker (「 * "name": "…",」 in a Javadoc, `# ` or `// `), and samples an author
trimmed (a list cut short with 「...」, a list missing a bracket). A trimmed part is dropped whole,
the member that holds it, and the rest read; nothing is ever filled in. Three more shapes: a JSON
document saved as a string literal (every quote escaped: 「{\"name\":…}」), a Python repr of a
database row (「datetime.date(2016, 9, 27)」, 「nan」, 「NaT」: read as a date's text and as empty, by
a substitution outside strings, never by eval), and a GsonFormat Javadoc listing (「 * name : value」
lines, a value that is a JSON fragment read as data).

pyjson5 rather than the pure-Python json5: its own README calls json5 1000-6000 times slower than
the json module, and a saved file must be read in bounded time.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

import pyjson5

MAX_LOOSE_CHARS = 1024 * 1024  # a pasted record is a few KB
MAX_REPAIRS = 12  # trimmed parts dropped from one document before it is given up

# A line behind a comment marker: Javadoc's 「 * 」, a shell's or Python's 「# 」, 「// 」
_LINE_MARKER = re.compile(r"^[ \t]*(?:\*(?!/)|#|//)[ \t]?")
_COMMENT_FRAME = re.compile(r"^[ \t]*(?:/\*\*?|\*/|\*)[ \t]*$")
# A member's key at the start of a line: "Name": / 'Name': / Name:
_MEMBER = re.compile(r"""[ \t]*(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_$][\w$]*)[ \t]*:""")
# What a bracket scan must step over: strings and comments
# (a string left open runs to its line's end, so that no later quote on the line starts a scan again)
_TOKEN = re.compile(r""""(?:[^"\\\n]|\\.)*(?:"|$)|'(?:[^'\\\n]|\\.)*(?:'|$)|//[^\n]*|/\*.*?\*/|[\[\]{}]""", re.S | re.M)
_NEAR = re.compile(r"\bnear (\d+)")
_CLOSER = re.compile(r"[\]}][ \t]*,?")
# GsonFormat's listing of a sample: 「name : value」 on each line, the value possibly empty
_LISTED_MEMBER = re.compile(r"^[ \t]*([A-Za-z_$][\w$]*) :(?:[ \t]+(.*?))?[ \t]*$")
# In a Python repr of a pandas row, outside strings: dates as constructors, missing values as names
_PANDAS_TOKEN = re.compile(
    r"""'(?:[^'\\\n]|\\.)*(?:'|$)|"(?:[^"\\\n]|\\.)*(?:"|$)|"""
    r"""\bdatetime\.(?:date|datetime)\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*(?:,\s*\d{1,6}\s*){0,4}\)|"""
    r"""\bTimestamp\(\s*('[^'\n]{0,40}')\s*\)|\b(?:nan|NaN|NaT)\b""", re.M)


def uncommented(text: str) -> str:
    """The text without the comment marker every line carries (the first line may lack it, as a
    Javadoc sample pasted after 「{」 does), nor a comment's opening and closing lines."""
    lines = [line for line in text.splitlines() if not _COMMENT_FRAME.match(line)]
    body = [line for line in lines[1:] if line.strip()]
    if not body or not all(_LINE_MARKER.match(line) for line in body):
        return text
    return "\n".join(_LINE_MARKER.sub("", line, count=1) for line in lines)


def loose_document(text: str) -> Any:
    """The data of a record saved as loose JSON or a Python literal, its broken parts left out;
    None when not even its outer object can be read."""
    if len(text) > MAX_LOOSE_CHARS:
        return None
    text = uncommented(text).strip()
    if text[:1] not in ("{", "["):
        return listed_members(text)
    for read in (_json5, _python_literal, _escaped_document):
        data = read(text)
        if isinstance(data, (dict, list)):
            return data
    return _salvaged(text)


def listed_members(text: str) -> dict[str, Any] | None:
    """A GsonFormat listing (「webSource : https://…」, 「docs : {"baseInfo": {…}}」, one member a
    line, comment markers already taken off) as an object; None unless every line has that shape."""
    lines = [line for line in text.splitlines() if line.strip()]
    members = [_LISTED_MEMBER.match(line) for line in lines]
    if len(lines) < 2 or not all(members):
        return None
    out: dict[str, Any] = {}
    for member in members:
        value = (member.group(2) or "").strip()
        if value[:1] in ("{", "["):
            data = loose_document(value)
            if data is None:
                continue  # a fragment cut short: left out, never read as text
            out[member.group(1)] = data
        else:
            out[member.group(1)] = value
    return out


def _escaped_document(text: str) -> Any:
    """A JSON document saved as a string literal's content: 「{\"name\":\"…\"}」."""
    if not re.match(r"[\[{]\s*\\\"", text):
        return None
    try:
        inner = json.loads(f'"{text}"', strict=False)
    except ValueError:
        return None
    return _json5(inner) if isinstance(inner, str) and inner[:1] in ("{", "[") else None


def _json5(text: str) -> Any:
    try:
        return pyjson5.loads(text)
    except (pyjson5.Json5Exception, ValueError, RecursionError):
        return None


def _python_literal(text: str) -> Any:
    for literal in (text, _PANDAS_TOKEN.sub(_plain_token, text)):
        try:
            return _as_json(ast.literal_eval(literal))
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
    return None


def _plain_token(token: re.Match[str]) -> str:
    """A pandas row's token as a literal: a date as its ISO text, a missing value as None; a
    string as it is."""
    if token.group(1):
        return repr(f"{int(token.group(1)):04d}-{int(token.group(2)):02d}-{int(token.group(3)):02d}")
    if token.group(4):
        return token.group(4)
    return token.group(0) if token.group(0)[:1] in ("'", '"') else "None"


def _as_json(value: Any) -> Any:
    """A Python literal as JSON would hold it: tuples as lists, keys as text, no sets or bytes."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError("not JSON data")


def _salvaged(text: str) -> Any:
    """The document read again and again, each time without the member where reading stopped."""
    for _ in range(MAX_REPAIRS):
        try:
            data = pyjson5.loads(text)
        except pyjson5.Json5Exception as exc:
            near = _NEAR.search(str(exc.args[0]) if exc.args else "")
            span = _broken_member(text, max(int(near.group(1)) - 1, 0)) if near else None
            if span is None:
                return None
            text = text[:span[0]] + text[span[1]:]
            continue
        return data if isinstance(data, (dict, list)) else None
    return None


def _line_at(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end + 1


def _broken_member(text: str, at: int) -> tuple[int, int] | None:
    """The span of the member whose value reading stopped in: the line's own member when the
    fault lies in its value, else the innermost member whose list or object holds the fault (a
    list's item is never dropped alone: the list would be read as whole). None when only the
    outermost object holds it."""
    at = min(at, len(text) - 1)
    start, end = _line_at(text, at)
    member = _MEMBER.match(text, start)
    if member and member.end() <= at:
        return _member_span(text, start, end)
    for opened in reversed(_open_brackets(text, at)[1:]):
        line_start, line_end = _line_at(text, opened)
        member = _MEMBER.match(text, line_start)
        if member and not text[member.end():opened].strip():
            return _member_span(text, line_start, line_end)
    return None


def _open_brackets(text: str, at: int) -> list[int]:
    """Where the lists and objects still open at `at` were opened, outermost first."""
    stack: list[int] = []
    for token in _TOKEN.finditer(text, 0, at):
        char = token.group(0)
        if char in "[{":
            stack.append(token.start())
        elif char in "]}" and stack:
            stack.pop()
    return stack


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _member_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The member on the line at `start`, with the lines of a list or object it opens there: the
    lines indented deeper, and a closing bracket at its own depth. None when those lines are not
    indented (the member's end cannot be told, and dropping its first line alone would lift its
    content into the object around it)."""
    first = text[start:end]
    opens = _open_brackets(first, len(first))
    if not opens:
        return start, end
    depth = _indent(first)
    at = end
    while at < len(text):
        line_end = _line_at(text, at)[1]
        line = text[at:line_end]
        if line.strip():
            if _indent(line) > depth:
                at = line_end
                continue
            if _indent(line) == depth and line.lstrip()[:1] in "]}" and at > end:
                # its closing bracket and comma, not what closes the object around it on that line
                return start, _CLOSER.match(text, at + depth).end()
            break
        at = line_end
    return (start, at) if at > end else None
