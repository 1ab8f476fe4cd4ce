"""A private pcscd with vsmartcard's vpcd reader driver, for the eSIM card tests.

pcscd listens on its fixed socket (/run/pcscd/pcscd.comm: pcsc-lite 1.9 has no per-process
socket), so one test session owns it: if another pcscd runs, the tests skip and say so. The
reader configuration is private (`pcscd -c DIR`) and points vpcd at two free TCP ports of our
own, so a stock pcscd's port 35963 is never needed. vpcd offers two readers per port pair:
"Virtual PCD 00 00" (port) and "Virtual PCD 00 01" (port + 1).

Debian packages: pcscd, vsmartcard-vpcd (and libpcsclite-dev to build pyscard).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

VPCD_DRIVERS = (
    Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
    Path("/usr/lib64/pcsc/drivers/serial/libifdvpcd.so"),
)
PID_FILE = Path("/run/pcscd/pcscd.pid")


@dataclass(frozen=True)
class Pcscd:
    port: int
    """vpcd's port for the first reader; the second reader is on port + 1."""
    readers: tuple[str, str]
    log: Path


def why_unavailable() -> str | None:
    """Why a private pcscd cannot run here, or None when it can."""
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (apt-get install pcscd vsmartcard-vpcd)"
    if not any(path.is_file() for path in VPCD_DRIVERS):
        return "vpcd, the virtual reader driver, is not installed (apt-get install vsmartcard-vpcd)"
    running = running_pcscd()
    if running is not None:
        return f"another pcscd (pid {running}) is running and owns the PC/SC socket"
    if _context_ok():
        return (
            "a PC/SC service already answers on the system socket (systemd's pcscd.socket?); "
            "stop it for these tests: systemctl stop pcscd.socket pcscd"
        )
    run_dir = PID_FILE.parent
    if not os.access(run_dir if run_dir.exists() else run_dir.parent, os.W_OK):
        return f"pcscd needs to write {run_dir} (run the tests as root, as CI does)"
    return None


def running_pcscd(pid_file: Path = PID_FILE) -> int | None:
    """The pid of a live pcscd, from its pid file (the number is followed by padding: a
    newline and a NUL byte)."""
    try:
        found = re.match(rb"\s*(\d+)", pid_file.read_bytes())
    except OSError:
        return None
    if found is None:
        return None
    pid = int(found.group(1))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port >= 65535:
            continue
        with socket.socket() as first, socket.socket() as second:
            try:
                first.bind(("", port))
                second.bind(("", port + 1))
            except OSError:
                continue
        return int(port)
    raise RuntimeError("no two consecutive free TCP ports for vpcd")


def _context_ok() -> bool:
    """Whether a PC/SC context can be established (the daemon answers)."""
    from smartcard.scard import (
        SCARD_S_SUCCESS,
        SCARD_SCOPE_USER,
        SCardEstablishContext,
        SCardReleaseContext,
    )

    result, context = SCardEstablishContext(SCARD_SCOPE_USER)
    if result != SCARD_S_SUCCESS:
        return False
    SCardReleaseContext(context)
    return True


def _list_readers() -> list[str]:
    from smartcard.pcsc.PCSCExceptions import BaseSCardException
    from smartcard.System import readers

    try:
        return [str(reader) for reader in readers()]
    except BaseSCardException:
        return []


class PcscdDaemon:
    """pcscd with a vpcd reader on free ports, started and stopped by the tests.

    vpcd does not take a card back in a reader whose card vanished in the middle of a
    command: a test that pulls a card out mid-command sets `dirty`, and `fresh()` then
    restarts the daemon for the next test.
    """

    def __init__(self, work: Path, timeout: float = 15.0, *, with_vpcd: bool = True) -> None:
        self._work = work
        self._with_vpcd = with_vpcd
        self._timeout = timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._current: Pcscd | None = None
        self.dirty = False
        self.starts = 0

    def fresh(self) -> Pcscd:
        if self._current is None or self.dirty:
            self.stop()
            self._current = self._start()
            self.dirty = False
        return self._current

    def _start(self) -> Pcscd:
        self.starts += 1
        driver = next(path for path in VPCD_DRIVERS if path.is_file())
        port = _free_port_pair()
        work = self._work / f"run{self.starts}"
        conf = work / "reader.conf.d"
        conf.mkdir(parents=True, exist_ok=True)
        if not self._with_vpcd:
            return self._start_without_readers(conf, work / "pcscd.log")
        (conf / "vpcd").write_text(
            'FRIENDLYNAME "Virtual PCD"\n'
            f"DEVICENAME   /dev/null:0x{port:04X}\n"
            f"LIBPATH      {driver}\n"
            f"CHANNELID    0x{port:04X}\n",
            encoding="ascii",
        )
        log = work / "pcscd.log"
        with log.open("wb") as out:
            self._process = subprocess.Popen(
                ["pcscd", "--foreground", "--config", str(conf)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + self._timeout
        names: list[str] = []
        while time.monotonic() < deadline and self._process.poll() is None:
            names = _list_readers()
            if len(names) >= 2:
                return Pcscd(port=port, readers=(names[0], names[1]), log=log)
            time.sleep(0.05)
        code = self._process.poll()
        self.stop()
        raise RuntimeError(
            f"pcscd did not offer the vpcd readers within {self._timeout} s (exit {code}); "
            f"see {log}:\n{log.read_text(errors='replace')[-2000:]}"
        )

    def _start_without_readers(self, conf: Path, log: Path) -> Pcscd:
        with log.open("wb") as out:
            self._process = subprocess.Popen(
                ["pcscd", "--foreground", "--config", str(conf)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline and self._process.poll() is None:
            if Path("/run/pcscd/pcscd.comm").exists() and _context_ok():
                return Pcscd(port=0, readers=("", ""), log=log)
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"pcscd (no readers) did not start; see {log}")

    def stop(self) -> None:
        process, self._process, self._current = self._process, None, None
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        deadline = time.monotonic() + 5
        while running_pcscd() is not None and time.monotonic() < deadline:
            time.sleep(0.05)


def wait_for_card(reader: str, present: bool, timeout: float = 10.0) -> None:
    """Wait until pcscd sees a card in `reader` (or sees it gone)."""
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.System import readers

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [r for r in readers() if str(r) == reader]
        if found:
            connection = found[0].createConnection()
            try:
                connection.connect()
            except (CardConnectionException, NoCardException):
                inserted = False
            else:
                inserted = True
            finally:
                with contextlib.suppress(CardConnectionException):
                    connection.release()
            if inserted == present:
                return
        time.sleep(0.05)
    raise TimeoutError(f"{reader}: the card is still {'absent' if present else 'present'}")
