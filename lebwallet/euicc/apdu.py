"""ISO 7816-4 framing of the ES10 messages: SELECT of the ISD-R, STORE DATA in blocks of at
most 255 bytes, and the answer collected through 61xx + GET RESPONSE, as a card in a T=0
reader gives it. The only byte-level code of the package; the payloads are BER from `codec`.
"""

from __future__ import annotations

from typing import Final, Protocol

from lebwallet.euicc.errors import CardRefused, GarbledResponse, NotAnEuicc

ISD_R_AID: Final = bytes.fromhex("A0000005591010FFFFFFFF8900000100")
"""The ISD-R application of an SGP.22 eUICC."""

MAX_BLOCK: Final = 255
SW_OK: Final = 0x9000
_MORE_DATA: Final = 0x61
_WRONG_LE: Final = 0x6C
_PROACTIVE_PENDING: Final = 0x91
"""91xx: done, and the card has a proactive command (e.g. REFRESH) for the phone."""
_GET_RESPONSE_LIMIT: Final = 256
"""More GET RESPONSE rounds than any ES10 answer needs: a card that never stops is garbled."""


class CardChannel(Protocol):
    """One connection to a card: sends a command APDU, returns (data, SW1, SW2)."""

    def transmit(self, apdu: bytes) -> tuple[bytes, int, int]: ...


def _with_le(apdu: bytes, le: int) -> bytes:
    """The command again with Le = `le`, for a card that answered 6Cxx (wrong length)."""
    if len(apdu) <= 5:  # case 1 or 2: the header, then Le
        return apdu[:4] + bytes([le])
    if len(apdu) == 5 + apdu[4]:  # case 3: data without Le
        return apdu + bytes([le])
    return apdu[:-1] + bytes([le])  # case 4: replace Le


def exchange(channel: CardChannel, apdu: bytes) -> tuple[bytes, int]:
    """Send `apdu` and return the whole answer and its final status word, following
    61xx with GET RESPONSE and 6Cxx with the command again with the right Le."""
    data, sw1, sw2 = channel.transmit(apdu)
    if sw1 == _WRONG_LE:
        data, sw1, sw2 = channel.transmit(_with_le(apdu, sw2))
    answer = bytearray(data)
    rounds = 0
    while sw1 == _MORE_DATA:
        rounds += 1
        if rounds > _GET_RESPONSE_LIMIT:
            raise GarbledResponse("the card kept offering more data without end")
        data, sw1, sw2 = channel.transmit(bytes([apdu[0] & 0x03, 0xC0, 0x00, 0x00, sw2]))
        answer += data
    if sw1 == _PROACTIVE_PENDING:
        sw1, sw2 = 0x90, 0x00
    return bytes(answer), sw1 << 8 | sw2


def select_isd_r(channel: CardChannel) -> None:
    """Select the ISD-R; a card without one is `NotAnEuicc`."""
    apdu = bytes([0x00, 0xA4, 0x04, 0x00, len(ISD_R_AID)]) + ISD_R_AID
    _, status = exchange(channel, apdu)
    if status != SW_OK:
        raise NotAnEuicc(
            f"the card in the reader is not an eSIM card (it has no ISD-R; status {status:04X})"
        )


def store_data(channel: CardChannel, payload: bytes) -> bytes:
    """Send one ES10 command (STORE DATA, BER-TLV blocks numbered from 0) and return the
    card's whole answer."""
    blocks = [payload[i : i + MAX_BLOCK] for i in range(0, len(payload), MAX_BLOCK)] or [b""]
    for number, block in enumerate(blocks):
        last = number == len(blocks) - 1
        header = bytes([0x80, 0xE2, 0x91 if last else 0x11, number, len(block)])
        answer, status = exchange(channel, header + block)
        if status != SW_OK:
            raise CardRefused(
                f"the card refused the command (status {status:04X})", f"status {status:04X}"
            )
        if last:
            return answer
    raise AssertionError("unreachable: the last block returns")
