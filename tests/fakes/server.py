"""A real HTTP server on 127.0.0.1 for tests: the API fakes build on it.

Real clients (slack_sdk.WebClient, github.Github) talk to it over HTTP. Faults are declared
by the test (``fail_next``), every request is logged, and the port is chosen by the OS.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def form(self) -> dict[str, str]:
        """The body as a urlencoded form (what slack_sdk's WebClient sends)."""
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8")).items()}

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Response:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    drop_connection: bool = False


@dataclass
class _Fault:
    pattern: re.Pattern[str]
    response: Response
    times: int


Handler = Callable[[Request], Response]


class FakeServer:
    """A threaded HTTP server whose requests go to ``handle`` (override it)."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        server = self

        class _RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = Request(
                    method=method,
                    path=parts.path,
                    query=parse_qs(parts.query),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                response = server._respond(request)
                if response.drop_connection:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                payload = (
                    b""
                    if response.body is None
                    else (
                        response.body
                        if isinstance(response.body, bytes)
                        else json.dumps(response.body).encode()
                    )
                )
                self.send_response(response.status)
                headers = {"Content-Type": "application/json; charset=utf-8", **response.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _RequestHandler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # serve_forever polls for shutdown every 0.5 s by default; tests start many servers.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._httpd.handle_error = _quiet_disconnects  # a client killed mid-request is expected

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def fail_next(self, path_pattern: str, response: Response, times: int = 1) -> None:
        """Answer the next ``times`` requests whose path matches with ``response``."""
        with self._lock:
            self._faults.append(_Fault(re.compile(path_pattern), response, times))

    def _respond(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(request)
            for fault in self._faults:
                if fault.times > 0 and fault.pattern.search(request.path):
                    fault.times -= 1
                    return fault.response
        return self.handle(request)

    def handle(self, request: Request) -> Response:
        return Response(404, {"message": "Not Found"})

    def count(self, path_pattern: str = "") -> int:
        """How many requests matched ``path_pattern`` (all when empty)."""
        pattern = re.compile(path_pattern)
        with self._lock:
            return sum(1 for r in self.requests if pattern.search(r.path))


def _quiet_disconnects(request: object, client_address: object) -> None:
    """Clients that go away (killed syncs, dropped connections) are part of the tests."""
    if not isinstance(sys.exc_info()[1], ConnectionError):
        traceback.print_exc()
