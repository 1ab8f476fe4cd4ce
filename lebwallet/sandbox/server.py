"""Running the sandbox: `SandboxServer` (in-process, on a daemon thread) and the
`lebwallet sandbox` command (`serve_from_args`).

    with SandboxServer(data_dir, port=0, credit_delay=0.2) as server:
        server.url                # "http://127.0.0.1:43817"
        server.demo_credentials   # DemoCredentials(email=..., password=...)

The server is Werkzeug's threaded WSGI server around the Flask app, wrapped in
`FaultMiddleware` for `--faults`. A dropped connection is real: the middleware raises
`DroppedConnection` and `SandboxRequestHandler` closes the socket without writing a response
(a reset uses SO_LINGER 0, so the client gets a TCP RST).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Final

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox.app import SandboxContext, create_app, problem_bytes
from lebwallet.sandbox.config import Clock, SandboxConfig, system_clock
from lebwallet.sandbox.db import Database
from lebwallet.sandbox.faults import Fault, FaultDice, FaultSpec, parse_faults
from lebwallet.sandbox.ratelimit import TokenBucketLimiter
from lebwallet.sandbox.seed import DEMO_CREDENTIALS, DemoCredentials, seed_demo

log = logging.getLogger("lebwallet.sandbox")

STOP_TIMEOUT: Final = 5.0
IDLE_POLL_S: Final = 3600.0
"""How long the listening thread sleeps in `select` with nothing to do: it no longer wakes
every 50 ms to look for a stop (issue 18, idle CPU); `stop()` wakes it with a connection."""
"""Seconds `stop()` waits for requests in flight."""

WSGIEnv = dict[str, Any]


class DroppedConnection(ConnectionAbortedError):
    """Raised by the fault middleware: close the connection without a response."""

    def __init__(self, *, reset: bool) -> None:
        super().__init__("sandbox fault: connection " + ("reset" if reset else "dropped"))
        self.reset = reset


class FaultMiddleware:
    """WSGI middleware that injects the faults of a `FaultSpec` (see `faults.py`)."""

    def __init__(self, app: Any, spec: FaultSpec) -> None:
        self.app = app
        self.dice = FaultDice(spec)

    def __call__(self, environ: WSGIEnv, start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        plan = self.dice.plan(path)
        if plan.latency:
            time.sleep(plan.latency)
        if plan.before is Fault.RESET:
            log.info("sandbox fault: reset %s %s", environ.get("REQUEST_METHOD"), path)
            raise DroppedConnection(reset=True)
        if plan.before in (Fault.ERROR_500, Fault.ERROR_503):
            unavailable = plan.before is Fault.ERROR_503
            code = ErrorCode.SERVICE_UNAVAILABLE if unavailable else ErrorCode.INTERNAL_ERROR
            body = problem_bytes(code, "sandbox fault injection", path)
            headers = [
                ("Content-Type", "application/problem+json"),
                ("Content-Length", str(len(body))),
            ]
            if unavailable:
                headers.append(("Retry-After", "1"))
            start_response(
                "503 SERVICE UNAVAILABLE" if unavailable else "500 INTERNAL SERVER ERROR", headers
            )
            return [body]
        if not plan.drop_after:
            return self.app(environ, start_response)  # type: ignore[no-any-return]
        chunks = self.app(environ, lambda *args, **kwargs: lambda data: None)
        try:
            for _chunk in chunks:  # run the handler to its end: the order is committed
                pass
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        log.info(
            "sandbox fault: dropped the response to %s %s", environ.get("REQUEST_METHOD"), path
        )
        raise DroppedConnection(reset=False)


class SandboxRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler, closing the connection for real on `DroppedConnection`."""

    def connection_dropped(self, error: BaseException, environ: WSGIEnv | None = None) -> None:
        if not isinstance(error, DroppedConnection):
            return
        self.close_connection = True
        if error.reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        self.connection.close()  # closes for real once rfile/wfile are closed in finish()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug('"%s" %s %s', self.requestline, code, size)


def _wake(server: ThreadedWSGIServer) -> None:
    """Connect to `server` and hang up: its listening thread's `select` returns (the request
    handler reads an empty request and closes it quietly)."""
    host, port = server.server_address[:2]
    address = (str(host), int(port))
    with contextlib.suppress(OSError), socket.create_connection(address, timeout=1.0):
        pass


class _Server(ThreadedWSGIServer):
    """Keeps its request threads so `stop()` can wait for requests in flight."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_threads: set[threading.Thread] = set()
        self._threads_lock = threading.Lock()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._threads_lock:
                self.request_threads.discard(threading.current_thread())

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            daemon=True,
            name="sandbox-request",
        )
        with self._threads_lock:
            self.request_threads.add(thread)
        thread.start()

    def wait_for_requests(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._threads_lock:
            threads = list(self.request_threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))


class SandboxServer:
    """The sandbox provider on `host:port` (0: a free port), state in `data_dir`.

    `start()` seeds the demo account on first use of `data_dir`, binds and serves on a
    daemon thread; `stop()` stops accepting, waits for requests in flight and closes the
    socket. Also a context manager. `clock` drives every expiry (tokens, quotes, orders).
    """

    def __init__(
        self,
        data_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        credit_delay: float = 5.0,
        faults: FaultSpec | str = "",
        clock: Clock = system_clock,
        config: SandboxConfig | None = None,
        support_delay: float | None = None,
    ) -> None:
        spec = parse_faults(faults) if isinstance(faults, str) else faults
        base = config if config is not None else SandboxConfig()
        if support_delay is not None:
            base = replace(base, support_delay=support_delay)
        self.config = replace(base, credit_delay=credit_delay, faults=spec)
        self.data_dir = Path(data_dir)
        self.host = host
        self.port = port
        self.clock = clock
        self.db: Database | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def demo_credentials(self) -> DemoCredentials:
        return DEMO_CREDENTIALS

    @property
    def url(self) -> str:
        """`http://host:port` (no trailing slash); only while running."""
        if self._server is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        host = self._server.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self._server.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> SandboxServer:
        if self._server is not None:
            raise RuntimeError("the sandbox is running already")
        self.db = Database.in_dir(self.data_dir)
        seed_demo(self.db, self.clock())
        context = SandboxContext(
            db=self.db,
            config=self.config,
            clock=self.clock,
            limiter=TokenBucketLimiter(self.config.effective_rate_limit),
        )
        app = FaultMiddleware(create_app(context, _served_hosts(self.host)), self.config.faults)
        try:
            server = _Server(self.host, self.port, app, handler=SandboxRequestHandler)
        except SystemExit:  # Werkzeug exits when it cannot bind; make it an exception
            self.db.close()
            raise OSError(f"the sandbox cannot listen on {self.host}:{self.port}") from None
        except BaseException:
            self.db.close()
            raise
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": IDLE_POLL_S},
            daemon=True,
            name="sandbox-server",
        )
        self._thread.start()
        log.info("sandbox listening on %s (data in %s)", self.url, self.data_dir)
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        stopping = threading.Thread(target=server.shutdown, name="sandbox-stop", daemon=True)
        stopping.start()
        while stopping.is_alive():
            _wake(server)  # `select` returns, and the loop sees the stop
            stopping.join(0.05)
        thread.join(STOP_TIMEOUT)
        server.wait_for_requests(STOP_TIMEOUT)
        server.server_close()
        if self.db is not None:
            self.db.close()
        self._server = None
        self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


# --- the command ------------------------------------------------------------------------------


def _served_hosts(host: str) -> tuple[str, ...]:
    """The names the sandbox answers to besides loopback: the host it listens on, and when
    that is every address (0.0.0.0, ::), this computer's name and addresses."""
    if host not in ("0.0.0.0", "::", ""):
        return (host,)
    name = socket.gethostname()
    names = {name, socket.getfqdn()}
    with contextlib.suppress(OSError):
        names.update(str(info[4][0]) for info in socket.getaddrinfo(name, None))
    return tuple(sorted(names))


def default_data_dir() -> Path:
    """The sandbox's own state when run on its own: ``<wallet data dir>/sandbox``."""
    from lebwallet.data_dir import default_data_dir as wallet_data_dir

    return wallet_data_dir() / "sandbox"


def is_loopback_host(host: str) -> bool:
    """True for an address only this computer reaches (127.0.0.0/8, ::1, "localhost")."""
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def serve_from_args(args: argparse.Namespace) -> int:
    """`lebwallet sandbox`: serve until Ctrl-C (or SIGTERM); prints the URL and demo login."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if not is_loopback_host(args.host):
        log.warning(
            "--host %s: the sandbox (its demo account and payment pages) is open to other "
            "computers on the network; use 127.0.0.1 unless that is meant",
            args.host,
        )
    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    try:
        spec = (
            args.faults if isinstance(args.faults, FaultSpec) else parse_faults(args.faults or "")
        )
        server = SandboxServer(
            data_dir,
            host=args.host,
            port=args.port,
            credit_delay=args.credit_delay,
            faults=spec,
            support_delay=getattr(args, "support_delay", None),
        )
    except ValueError as exc:  # FaultSpecError, or a negative credit delay
        print(f"lebwallet sandbox: {exc}", file=sys.stderr)
        return 2
    try:
        server.start()
    except OSError as exc:
        print(f"lebwallet sandbox: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def _terminate(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, _terminate)
    credentials = server.demo_credentials
    print("LEB Wallet sandbox provider — no real money", flush=True)
    print(f"URL: {server.url}", flush=True)
    print(f"Demo login: {credentials.email}", flush=True)
    print(f"Demo password: {credentials.password}", flush=True)
    print(f"Data dir: {server.data_dir}", flush=True)
    print(
        f"Faults: {spec.describe()}; credit delay: {args.credit_delay:g} s; "
        f"support delay: {server.config.support_delay:g} s",
        flush=True,
    )
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    print("Sandbox stopped.", flush=True)
    return 0
