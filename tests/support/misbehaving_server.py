"""A tiny scripted HTTP server (Werkzeug) that answers what a test tells it to: malformed JSON,
contract-violating bodies, wrong statuses, slow answers, dropped connections. It records
every request, so tests can count what the client sent.

    with MisbehavingServer() as server:
        server.script("GET", "/v1/account", Reply(503, retry_after="0"), Reply(200, body=...))
        ProviderClient(server.url, tokens=...).account()
        assert server.count("GET", "/v1/account") == 2

Each request to a scripted (method, path) takes the next reply; the last one repeats.
Unscripted routes answer 404 with a valid problem document.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response


def problem(code: str, status: int, detail: str = "scripted") -> dict[str, Any]:
    return {
        "type": f"urn:lebwallet:problem:{code}",
        "title": code,
        "status": status,
        "detail": detail,
        "code": code,
    }


@dataclass(frozen=True)
class Reply:
    """One scripted answer. `body`: bytes/str are sent as they are, anything else as JSON."""

    status: int = 200
    body: Any = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: str | None = None
    delay: float = 0.0
    """Seconds to wait before answering (for timeouts)."""
    drop: bool = False
    """Close the connection without any response."""
    drip: float = 0.0
    """Send the body one byte at a time, this many seconds apart (a slow provider)."""
    drip_head: bool = False
    """Write the status line and headers straight to the socket one byte per `drip` seconds,
    then close: a provider that never finishes its head."""

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


class _Dropped(Exception):
    pass


class MisbehavingServer:
    def __init__(self) -> None:
        self._scripts: dict[tuple[str, str], list[Reply]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.requests: list[Recorded] = []
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # --- scripting ----------------------------------------------------------------------

    def script(self, method: str, path: str, *replies: Reply) -> None:
        if not replies:
            raise ValueError("give at least one reply")
        with self._lock:
            self._scripts[(method.upper(), path)] = list(replies)

    def count(self, method: str | None = None, path: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r.method == method.upper())
                and (path is None or r.path == path)
            )

    def recorded(self, method: str, path: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.method == method.upper() and r.path == path]

    # --- serving ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("not running")
        return f"http://127.0.0.1:{self._server.port}"

    def _next(self, method: str, path: str) -> Reply:
        with self._lock:
            replies = self._scripts.get((method, path))
            if not replies:
                return Reply(
                    404, body=problem("not_found", 404), content_type="application/problem+json"
                )
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _app(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        body = request.get_data()
        with self._lock:
            self.requests.append(
                Recorded(
                    request.method,
                    request.path,
                    request.query_string.decode("latin-1"),
                    dict(request.headers),
                    body,
                )
            )
        reply = self._next(request.method, request.path)
        if reply.delay:
            self._stopping.wait(reply.delay)
        if reply.drop:
            connection = environ.get("werkzeug.socket")
            if isinstance(connection, socket.socket):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            raise _Dropped
        headers = dict(reply.headers)
        if reply.retry_after is not None:
            headers["Retry-After"] = reply.retry_after
        if reply.drip_head:
            self._drip_head(environ, reply)
        payload: Iterable[bytes] = [reply.payload()]
        if reply.drip:
            payload = self._dripped(reply.payload(), reply.drip)
        response = Response(payload, status=reply.status, headers=headers)
        response.headers["Content-Type"] = reply.content_type
        return response(environ, start_response)

    def _dripped(self, payload: bytes, pause: float) -> Iterator[bytes]:
        for i in range(len(payload)):
            if self._stopping.wait(pause):
                return
            yield payload[i : i + 1]

    def _drip_head(self, environ: dict[str, Any], reply: Reply) -> None:
        connection = environ.get("werkzeug.socket")
        head = f"HTTP/1.1 {reply.status} OK\r\n" + "X-Slow: " + "x" * 10_000
        if isinstance(connection, socket.socket):
            with contextlib.suppress(OSError):
                for byte in head.encode("ascii"):
                    if self._stopping.wait(reply.drip):
                        break
                    connection.sendall(bytes([byte]))
                connection.shutdown(socket.SHUT_RDWR)
        raise _Dropped

    def start(self) -> MisbehavingServer:
        server = make_server("127.0.0.1", 0, self._app, threaded=True)
        server.log = lambda *args, **kwargs: None  # type: ignore[method-assign]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = None
        self._thread = None

    def __enter__(self) -> MisbehavingServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
