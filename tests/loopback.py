"""A real HTTP server on 127.0.0.1, run in a thread by the test that needs it.

For what a mock transport cannot show: bytes trickling in, endless chunked bodies, gzip bombs,
a Content-Length the server never honours. Each route is a function that writes the whole
response through the handler; the server records the paths it was asked for. A route that holds a
request open waits on `handler.server.closing`, set as the server closes: it holds it for as long
as the test runs, whatever the clock says, and lets go at the end.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


class Loopback:
    def __init__(self, server: ThreadingHTTPServer, requests: list[str], scheme: str):
        self._server = server
        self.requests = requests
        self.scheme = scheme

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path


@contextlib.contextmanager
def serve(routes: dict[str, Route], *, tls: tuple[str, str] | None = None) -> Iterator[Loopback]:
    """Serve `routes` on 127.0.0.1; `tls` = (certfile, keyfile) makes it an https server."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # needed for chunked bodies

        def do_GET(self) -> None:
            requests.append(self.path)
            route = routes.get(self.path)
            try:
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                self.close_connection = True  # the client gave up on us, as most tests want

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        closing: threading.Event

        def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
            pass  # a client that hung up on a misbehaving route is the point of the test, not news

    server = Server(("127.0.0.1", 0), Handler)
    server.closing = threading.Event()
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    server.block_on_close = False  # do not wait for handlers still trickling bytes
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Loopback(server, requests, "https" if tls else "http")
    finally:
        server.closing.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)
