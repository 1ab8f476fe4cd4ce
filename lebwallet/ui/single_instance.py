"""One running wallet per data directory.

    guard = SingleInstance(data_dir)
    if not guard.acquire():          # another wallet runs on this data dir: it was asked
        return 0                     # to come forward; this process exits
    guard.raise_requested.connect(window.show_and_raise)

The first instance listens on a `QLocalServer` named after a hash of the resolved data
directory (so two data directories may run side by side, and the name carries no path).
A later instance connects, sends ``raise``, and is told to exit. A server name left over
by a crashed instance (nobody answers) is removed and taken over.
Signals: raise_requested().
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path
from typing import Final

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from lebwallet import APP_ID

_log = logging.getLogger(__name__)

RAISE: Final = b"raise\n"
CONNECT_MS: Final = 500
WRITE_MS: Final = 1000


def server_name(data_dir: Path) -> str:
    """The local server name for `data_dir`: per user and directory, no path in it."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    key = f"{user}\0{data_dir.expanduser().resolve()}".encode()
    return f"{APP_ID}-{hashlib.sha256(key).hexdigest()[:24]}"


class SingleInstance(QObject):
    """See the module docstring. Keep it alive for the life of the app."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server: QLocalServer | None = None

    @property
    def is_primary(self) -> bool:
        return self._server is not None and self._server.isListening()

    def _ask_running_instance(self) -> bool:
        """True when a running instance answered and was sent `raise`."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(RAISE)
        socket.waitForBytesWritten(WRITE_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(WRITE_MS)
        return True

    def acquire(self) -> bool:
        """True: this is the first instance and now listens. False: another instance runs
        and has been asked to come forward (exit this one)."""
        if self.is_primary:
            return True
        if self._ask_running_instance():
            _log.info("another LEB Wallet runs on this data directory; asked it to come forward")
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # a stale name left by a crash (nobody answered above): remove it, try again
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                _log.warning("single-instance guard not available: %s", server.errorString())
                server.deleteLater()
                return True  # run anyway rather than refuse to start
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    @Slot()
    def _on_connection(self) -> None:
        server = self._server
        if server is None:
            return
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).strip()
            if line == RAISE.strip():
                self.raise_requested.emit()
