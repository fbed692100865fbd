"""A web server on 127.0.0.1 that misbehaves on request, one path per misbehaviour.

The reliability tests point real account files at it and run the real `briefing build`. Every
path is a way the open web goes wrong (../shared/RELIABILITY.md); `/ok` is a plain company page.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

from loopback import Loopback, serve

PAGE = ("<html><head><meta charset='utf-8'><title>关于我们 - 恒远环保</title></head><body>"
        "<h1>公司简介</h1><p>江苏恒远环保工程有限公司成立于2009年，专业从事工业废水处理。</p>"
        "<h2>领导团队</h2><p>董事长：张建华</p><p>总经理：李明</p></body></html>")
WECHAT_WALL = ("<html><head><title>环境异常</title></head><body><div class='weui-msg'><h2>环境异常</h2>"
               "<p>当前环境异常，完成验证后即可继续访问。</p><a id='js_verify'>去验证</a></div></body></html>")


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for key, value in {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body)), **(headers or {})}.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def ok(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 200, PAGE.encode("utf-8"))


def _closing(handler: BaseHTTPRequestHandler) -> threading.Event:
    return handler.server.closing  # type: ignore[attr-defined]  # set as the server closes (loopback.serve)


def silent(handler: BaseHTTPRequestHandler) -> None:
    _closing(handler).wait()  # accepts the connection, never answers (until the server closes)


def trickle(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _ in range(100000):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        if _closing(handler).wait(1):  # a byte a second, until the server closes
            return


def unavailable(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 503, b"busy", {"Retry-After": "99999"})  # an absurd wait, to be capped


def gone(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 404, b"<html><body>404 Not Found</body></html>")


def empty(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 200, b"ok\n")


def huge_length(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(5 * 1024**3))
    handler.end_headers()
    handler.wfile.write(b"<p>hello</p>")
    _closing(handler).wait()  # the rest never comes


def endless(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<p>" + "恒远".encode() * 2000 + b"</p>"
    while True:
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def gzip_bomb_body(size: int = 256 * 1024 * 1024) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()


BOMB = gzip_bomb_body()


def bomb(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 200, BOMB, {"Content-Encoding": "gzip"})


def loop(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 302, b"", {"Location": "/loop"})


def to_file(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 302, b"", {"Location": "file:///etc/passwd"})


def to_private(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 302, b"", {"Location": "http://10.0.0.1/admin"})


def many_hops(n: int):  # type: ignore[no-untyped-def]
    def hop(handler: BaseHTTPRequestHandler) -> None:
        _send(handler, 302, b"", {"Location": f"/hop{n + 1}"})
    return hop


def charset_lie(handler: BaseHTTPRequestHandler) -> None:
    # the header says gb2312; the bytes are GB18030 and hold 镕 (not in GB2312)
    body = "<html><body><p>董事长：朱镕基式的管理风格，恒远环保</p></body></html>".encode("gb18030")
    _send(handler, 200, body, {"Content-Type": "text/html; charset=gb2312"})


def meta_lie(handler: BaseHTTPRequestHandler) -> None:
    body = "<html><head><meta charset='gb2312'></head><body><p>恒远环保：镕铸未来</p></body></html>".encode("utf-8")
    _send(handler, 200, body, {"Content-Type": "text/html"})


def wechat_wall(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 200, WECHAT_WALL.encode("utf-8"))


ROUTES = {
    "/ok": ok, "/silent": silent, "/trickle": trickle, "/unavailable": unavailable, "/gone": gone, "/empty": empty,
    "/huge": huge_length, "/endless": endless, "/bomb": bomb, "/loop": loop, "/to-file": to_file, "/to-private": to_private,
    "/charset": charset_lie, "/meta": meta_lie, "/s/wall": wechat_wall,
    **{f"/hop{n}": many_hops(n) for n in range(10)},
}


@contextlib.contextmanager
def misbehaving(extra: dict | None = None) -> Iterator[Loopback]:  # type: ignore[type-arg]
    with serve({**ROUTES, **(extra or {})}) as server:
        yield server
