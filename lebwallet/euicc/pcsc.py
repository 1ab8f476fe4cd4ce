"""PC/SC card readers through pyscard (pcscd on Linux, the system service on Windows and
macOS): the readers there are, and a connection to the card in one of them.

pyscard's exceptions become the package's typed errors here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from lebwallet.euicc.errors import CardRemoved, NoCard, NoReader, PcscUnavailable


def _check_pyscard() -> None:
    """pyscard loads the PC/SC library (libpcsclite on Linux) when it is first imported."""
    try:
        import smartcard.System  # noqa: F401
    except ModuleNotFoundError as error:
        raise PcscUnavailable(
            "PC/SC support is not installed: pip install 'lebwallet[euicc]' (pyscard)"
        ) from error
    except (ImportError, OSError) as error:
        raise PcscUnavailable(
            f"the PC/SC library could not be loaded ({error}); on Linux install libpcsclite1"
        ) from error


def list_readers() -> list[str]:
    """The names of the connected readers (empty when none is)."""
    _check_pyscard()
    from smartcard.Exceptions import ListReadersException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException
    from smartcard.System import readers

    try:
        return [str(reader) for reader in readers()]
    except (BaseSCardException, ListReadersException) as error:
        raise PcscUnavailable(
            "the smart card service is not running (start pcscd, or plug in a reader)"
        ) from error


class PcscChannel:
    """A connection to the card in one reader; a failed command means the card is gone."""

    def __init__(self, connection: Any, reader: str) -> None:
        self._connection = connection
        self.reader = reader

    def transmit(self, apdu: bytes) -> tuple[bytes, int, int]:
        from smartcard.Exceptions import CardConnectionException

        try:
            data, sw1, sw2 = self._connection.transmit(list(apdu))
        except CardConnectionException as error:
            raise CardRemoved(
                f"the card in {self.reader} stopped answering (was it removed?)"
            ) from error
        return bytes(data), int(sw1), int(sw2)


@contextmanager
def open_card(reader_name: str) -> Iterator[PcscChannel]:
    """Connect to the card in `reader_name` for the `with` block, then release it."""
    _check_pyscard()
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException
    from smartcard.System import readers

    try:
        found = [reader for reader in readers() if str(reader) == reader_name]
    except BaseSCardException as error:
        raise PcscUnavailable("the smart card service is not running") from error
    if not found:
        raise NoReader(f"no card reader named {reader_name!r} is connected")
    connection = found[0].createConnection()
    try:
        try:
            connection.connect()
        except (NoCardException, CardConnectionException) as error:
            raise NoCard(f"there is no card in {reader_name} (or it does not answer)") from error
        yield PcscChannel(connection, reader_name)
    finally:
        # Disconnect and release the PC/SC context now, not in a destructor that may run when
        # the service is already gone. A card already pulled out has nothing to release.
        with suppress(CardConnectionException):
            connection.release()
