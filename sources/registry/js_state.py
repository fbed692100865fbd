"""The state a Nuxt page embeds as a script, read as data (never run).

Nuxt 2 pages (the registries' mobile sites among them) ship their state as JavaScript, not JSON:
`window.__NUXT__=(function(a,b,c){return {data:[{Name:a,Status:b}]}}("某某有限公司","存续",0))`
or, without the function, `{layout:"default",data:[…]}` with keys left unquoted. The reader takes
that object literal, binds the function's parameters to the literal arguments passed to it, and
returns plain data. Anything else a script may hold (functions, computations, `new`) makes the
whole state unreadable rather than half read.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup

MAX_SCRIPT = 8 * 1024 * 1024
MAX_DEPTH = 120
MAX_NODES = 400_000

_STATE = re.compile(r"(?:window\.)?(__(?:NUXT|INITIAL_STATE|PRELOADED_STATE)__)\s*=\s*")
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_WORDS = {"true": True, "false": False, "null": None, "undefined": None, "NaN": None, "Infinity": None,
          "True": True, "False": False, "None": None}  # (and Python's, for an answer printed by a script)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class Unreadable(Exception):
    """The script holds something other than data."""


class _Ref:
    """A parameter of the state's function, bound once the arguments are read."""

    def __init__(self, name: str):
        self.name = name


class _Reader:
    def __init__(self, text: str, at: int):
        self.text, self.at, self.nodes = text, at, 0

    def skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in " \t\r\n;":
            self.at += 1

    def eat(self, token: str) -> bool:
        self.skip()
        if self.text.startswith(token, self.at):
            self.at += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.eat(token):
            raise Unreadable(f"expected {token!r} at {self.at}")

    def identifier(self) -> str:
        self.skip()
        match = _IDENT.match(self.text, self.at)
        if not match:
            raise Unreadable(f"expected a name at {self.at}")
        self.at = match.end()
        return match.group(0)

    def value(self, depth: int = 0) -> Any:
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise Unreadable("state too deep or too large")
        self.skip()
        char = self.text[self.at:self.at + 1]
        if char == "{":
            return self.object(depth)
        if char == "[":
            return self.array(depth)
        if char in "\"'":
            return self.string()
        number = _NUMBER.match(self.text, self.at)
        if number:
            self.at = number.end()
            return float(number.group(0)) if re.search(r"[.eE]", number.group(0)) else int(number.group(0))
        name = self.identifier()
        if name == "void":
            self.value(depth + 1)
            return None
        if name in _WORDS:
            return _WORDS[name]
        if name in ("function", "new", "this"):
            raise Unreadable(f"{name} in the state")
        return _Ref(name)

    def object(self, depth: int) -> dict[str, Any]:
        self.expect("{")
        out: dict[str, Any] = {}
        while not self.eat("}"):
            self.skip()
            char = self.text[self.at:self.at + 1]
            key = self.string() if char in "\"'" else self.value(depth + 1) if char.isdigit() else self.identifier()
            self.expect(":")
            out[str(key)] = self.value(depth + 1)
            if not self.eat(","):
                self.expect("}")
                break
        return out

    def array(self, depth: int) -> list[Any]:
        self.expect("[")
        out: list[Any] = []
        while not self.eat("]"):
            out.append(self.value(depth + 1))
            if not self.eat(","):
                self.expect("]")
                break
        return out

    def string(self) -> str:
        quote = self.text[self.at]
        self.at += 1
        parts: list[str] = []
        while self.at < len(self.text):
            char = self.text[self.at]
            if char == quote:
                self.at += 1
                return "".join(parts)
            if char == "\\":
                parts.append(self.escape())
                continue
            parts.append(char)
            self.at += 1
        raise Unreadable("a string that never ends")

    def escape(self) -> str:
        code = self.text[self.at + 1:self.at + 2]
        self.at += 2
        if code == "u" and self.text.startswith("{", self.at):
            end = self.text.index("}", self.at)
            digits, self.at = self.text[self.at + 1:end], end + 1
            return chr(int(digits, 16)) if re.fullmatch(r"[0-9a-fA-F]{1,6}", digits) and int(digits, 16) < 0x110000 else ""
        if code in "ux":
            size = 4 if code == "u" else 2
            digits, self.at = self.text[self.at:self.at + size], self.at + size
            return chr(int(digits, 16)) if re.fullmatch(r"[0-9a-fA-F]+", digits) and len(digits) == size else ""
        return _ESCAPES.get(code, code)

    def state(self) -> Any:
        """`(function(a,b){return {...}}(1,2))`, `(function(a,b){return {...}})(1,2)` or a bare literal."""
        if not self.eat("(function("):
            return _bind(self.value(), {})
        names: list[str] = []
        while not self.eat(")"):
            names.append(self.identifier())
            self.eat(",")
        self.expect("{")
        self.expect("return")
        body = self.value()
        self.expect("}")
        self.eat(")")
        self.expect("(")
        args: list[Any] = []
        while not self.eat(")"):
            args.append(self.value())
            self.eat(",")
        return _bind(body, dict(zip(names, args)))


def _bind(node: Any, env: dict[str, Any]) -> Any:
    """Each parameter replaced by its argument; a name bound to nothing is no value."""
    if isinstance(node, _Ref):
        value = env.get(node.name)
        return None if isinstance(value, _Ref) else value
    if isinstance(node, dict):
        return {key: _bind(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [_bind(value, env) for value in node]
    return node


def js_states(soup: BeautifulSoup) -> list[Any]:
    """The states the page's scripts assign in JavaScript syntax (call before drop_noise). States
    written as JSON are the embedded-JSON reader's and are left to it."""
    found: list[Any] = []
    for script in soup.find_all("script"):
        text = script.string or ""
        if len(text) > MAX_SCRIPT or "__" not in text:
            continue
        for match in _STATE.finditer(text):
            try:
                json.JSONDecoder().raw_decode(text, match.end())
                continue  # JSON: already read as such
            except ValueError:
                pass
            try:
                state = _Reader(text, match.end()).state()
            except (Unreadable, ValueError, IndexError, RecursionError):
                continue
            if isinstance(state, (dict, list)) and state:
                found.append(state)
    return found


def literal_document(text: str) -> Any:
    """A saved answer that is not JSON but a JavaScript or Python literal of it (keys unquoted,
    single quotes, True/None, as a script printed it); None when it is not one whole literal."""
    if len(text) > MAX_SCRIPT:
        return None
    reader = _Reader(text, 0)
    try:
        value = _bind(reader.value(), {})
    except (Unreadable, ValueError, IndexError, RecursionError):
        return None
    reader.skip()
    return value if reader.at >= len(text.rstrip()) and isinstance(value, (dict, list)) else None
