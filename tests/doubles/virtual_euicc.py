"""A virtual eSIM card (an SGP.22 eUICC) for a real pcscd, through vsmartcard's vpcd driver.

vpcd is a reader driver inside pcscd; it listens on a TCP port (35963 for its first reader in
the stock configuration) and the card is whatever connects there. Its protocol, spoken here
with the standard library: each message is a 2-byte big-endian length and a payload; a 1-byte
payload is a control message (0x00 power off, 0x01 power on, 0x02 reset, 0x04 send the ATR),
anything longer is a command APDU the card answers with response data + SW1 SW2.

The card answers what a real eUICC in a T=0 reader answers to the wallet: SELECT of the ISD-R,
the ES10 STORE DATA commands (blocks chained by P1/P2) for GetEuiccData, ProfileInfoList,
SetNickname, Enable/Disable/DeleteProfile and ListNotification, each answer handed out through
61xx + GET RESPONSE in chunks of at most `chunk` bytes. The ES10 bodies are built with the
wallet's schema (es10.asn) — the encodings are pinned in tests/euicc/test_codec.py.

Faults, set by the test:
- `is_euicc = False`: a plain SIM, SELECT of the ISD-R answers 6A82 (file not found);
- `remove_at = "enable"` (an operation name): the card is pulled out when that command
  arrives — a change is not applied; a read is cut after the first chunk of its answer;
- `remove_after = "enable"`: the change is made and confirmed, then the card is pulled out at
  the next command (the wallet's reading back);
- `garble = {"profiles"}`: that answer comes back as bytes that are not the message (SW 9000);
- `lie = {"enable"}`: that change answers ok and is not made.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field

from lebwallet.domain.identifiers import eid_check_digits, luhn_check_digit
from lebwallet.euicc import codec

ATR = bytes.fromhex("3B9F96801FC78031E073FE211B633A204E8300900031")
"""An eUICC's ATR (T=0 and T=15 offered)."""

ISD_R_AID = bytes.fromhex("A0000005591010FFFFFFFF8900000100")

_EVENT_BITS = {"install": 0, "enable": 1, "disable": 2, "delete": 3}
_OPERATIONS = {
    0xBF3E: ("eid", "GetEuiccDataRequest"),
    0xBF2D: ("profiles", "ProfileInfoListRequest"),
    0xBF29: ("rename", "SetNicknameRequest"),
    0xBF31: ("enable", "EnableProfileRequest"),
    0xBF32: ("disable", "DisableProfileRequest"),
    0xBF33: ("delete", "DeleteProfileRequest"),
    0xBF28: ("notifications", "ListNotificationRequest"),
}


def make_eid(body: str = "8904903200000000000000000001") -> str:
    """A valid EID: 30 digits + their SGP.29 check digits (`body` is padded to 30)."""
    first_30 = body.ljust(30, "0")[:30]
    return first_30 + eid_check_digits(first_30)


def make_iccid(payload: str) -> str:
    """A valid ICCID: `payload` (18 or 19 digits) + its Luhn check digit."""
    return payload + luhn_check_digit(payload)


@dataclass
class StoredProfile:
    iccid: str
    name: str = ""
    service_provider: str = ""
    nickname: str = ""
    enabled: bool = False
    profile_class: int = 2  # operational
    notification_address: str | None = "smdp.example.com"


@dataclass
class StoredNotification:
    seq_number: int
    event: str
    address: str
    iccid: str | None


@dataclass
class VirtualEuicc:
    """One card; `plug_in(port)` puts it in the vpcd reader listening on `port`."""

    eid: str = field(default_factory=make_eid)
    profiles: list[StoredProfile] = field(default_factory=list)
    notifications: list[StoredNotification] = field(default_factory=list)
    is_euicc: bool = True
    remove_at: str | None = None
    remove_after: str | None = None
    garble: set[str] = field(default_factory=set)
    lie: set[str] = field(default_factory=set)
    chunk: int = 0x40
    commands: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.pulled_out_mid_command = False
        self._reset_session()

    # --- plugging ------------------------------------------------------------------------------

    def plug_in(self, port: int, host: str = "127.0.0.1") -> None:
        self._reset_session()
        sock = socket.create_connection((host, port), timeout=10)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = sock
        self._thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
        self._thread.start()

    def pull_out(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def plugged_in(self) -> bool:
        return self._socket is not None

    def profile(self, iccid: str) -> StoredProfile:
        return next(p for p in self.profiles if p.iccid == iccid)

    def answer(self, apdu: bytes) -> bytes:
        """The card's answer (data + SW1 SW2) to one command APDU, without a reader."""
        return self._apdu(apdu)

    # --- the socket protocol -------------------------------------------------------------------

    def _serve(self, sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while True:
                header = _read_exactly(sock, 2)
                if header is None:
                    break
                (length,) = struct.unpack(">H", header)
                payload = _read_exactly(sock, length)
                if payload is None:
                    break
                try:
                    answer = self._control(payload[0]) if length == 1 else self._apdu(payload)
                except _PulledOut:
                    self.pulled_out_mid_command = True
                    self._socket = None
                    sock.close()
                    return
                if answer is not None:
                    sock.sendall(struct.pack(">H", len(answer)) + answer)

    def _control(self, code: int) -> bytes | None:
        if code in (0x00, 0x01, 0x02):  # power off, power on, reset: a fresh session
            self._reset_session()
            return None
        if code == 0x04:
            return ATR
        return None

    # --- ISO 7816 ------------------------------------------------------------------------------

    def _reset_session(self) -> None:
        self._selected = False
        self._blocks = bytearray()
        self._pending = b""
        self._cut_after_chunk = False
        self._pull_at_next_command = False

    def _apdu(self, apdu: bytes) -> bytes:
        with self._lock:
            ins = apdu[1]
            if self._pull_at_next_command and ins != 0xC0:
                raise _PulledOut
            if ins == 0xA4:
                return self._select(apdu)
            if ins == 0xC0:
                return self._get_response(apdu)
            if ins == 0xE2 and self._selected:
                return self._store_data(apdu)
            return bytes.fromhex("6D00")

    def _select(self, apdu: bytes) -> bytes:
        aid = apdu[5 : 5 + apdu[4]]
        if self.is_euicc and aid == ISD_R_AID:
            self._selected = True
            return self._respond(bytes.fromhex("6F0E8410") + ISD_R_AID[:14])
        self._selected = False
        return bytes.fromhex("6A82")

    def _get_response(self, apdu: bytes) -> bytes:
        if not self._pending:
            return bytes.fromhex("6F00")
        if self._cut_after_chunk:
            raise _PulledOut
        size = apdu[4] or 256
        data, self._pending = self._pending[:size], self._pending[size:]
        return data + self._status_for_rest()

    def _respond(self, answer: bytes) -> bytes:
        """The answer is kept for GET RESPONSE: 61xx says how much waits, as a T=0 card."""
        self._pending = answer
        return self._status_for_rest()

    def _status_for_rest(self) -> bytes:
        if not self._pending:
            return bytes.fromhex("9000")
        return bytes([0x61, min(len(self._pending), self.chunk) & 0xFF])

    def _store_data(self, apdu: bytes) -> bytes:
        p1, p2, length = apdu[2], apdu[3], apdu[4]
        if p2 == 0:
            self._blocks = bytearray()
        self._blocks += apdu[5 : 5 + length]
        if not p1 & 0x80:
            return bytes.fromhex("9000")
        request, self._blocks = bytes(self._blocks), bytearray()
        tag = int.from_bytes(request[:2], "big")
        if tag not in _OPERATIONS:
            return bytes.fromhex("6A88")
        operation, message = _OPERATIONS[tag]
        self.commands.append(operation)
        is_change = operation in ("rename", "enable", "disable", "delete")
        if self.remove_at == operation and is_change:
            raise _PulledOut
        if operation in self.lie:
            return self._respond(bytes.fromhex(f"{tag:04x}03800100"))
        answer = getattr(self, f"_es10_{operation}")(codec.spec().decode(message, request))
        if operation in self.garble:
            answer = answer[:3] + b"\xff\x00\x13" + answer[3:-4]
        if self.remove_at == operation:
            self._cut_after_chunk = True
        if self.remove_after == operation:
            self._pull_at_next_command = True
        return self._respond(answer)

    # --- ES10 ----------------------------------------------------------------------------------

    def _es10_eid(self, request: dict[str, object]) -> bytes:
        return codec.encode("GetEuiccDataResponse", {"eidValue": bytes.fromhex(self.eid)})

    def _es10_profiles(self, request: dict[str, object]) -> bytes:
        infos: list[dict[str, object]] = []
        for profile in self.profiles:
            info: dict[str, object] = {
                "iccid": codec.iccid_to_bytes(profile.iccid),
                "isdpAid": bytes.fromhex("A0000005591010FFFFFFFF89000010") + bytes([len(infos)]),
                "profileState": 1 if profile.enabled else 0,
                "profileName": profile.name,
                "serviceProviderName": profile.service_provider,
                "profileClass": profile.profile_class,
            }
            if profile.nickname:
                info["profileNickname"] = profile.nickname
            infos.append(info)
        return codec.encode("ProfileInfoListResponse", ("profileInfoListOk", infos))

    def _es10_notifications(self, request: dict[str, object]) -> bytes:
        items: list[dict[str, object]] = []
        for note in self.notifications:
            bit = _EVENT_BITS[note.event]
            item: dict[str, object] = {
                "seqNumber": note.seq_number,
                "profileManagementOperation": (bytes([0x80 >> bit]), bit + 1),
                "notificationAddress": note.address,
            }
            if note.iccid:
                item["iccid"] = codec.iccid_to_bytes(note.iccid)
            items.append(item)
        return codec.encode("ListNotificationResponse", ("notificationMetadataList", items))

    def _find(self, raw: bytes) -> StoredProfile | None:
        iccid = codec.iccid_from_bytes(raw)
        return next((p for p in self.profiles if p.iccid == iccid), None)

    def _notify(self, profile: StoredProfile, event: str) -> None:
        if profile.notification_address:
            seq = max((n.seq_number for n in self.notifications), default=0) + 1
            self.notifications.append(
                StoredNotification(seq, event, profile.notification_address, profile.iccid)
            )

    def _es10_rename(self, request: dict[str, object]) -> bytes:
        profile = self._find(request["iccid"])  # type: ignore[arg-type]
        if profile is None:
            return codec.encode("SetNicknameResponse", {"setNicknameResult": 1})
        profile.nickname = str(request["profileNickname"])
        return codec.encode("SetNicknameResponse", {"setNicknameResult": 0})

    def _es10_enable(self, request: dict[str, object]) -> bytes:
        raw: bytes = request["profileIdentifier"][1]  # type: ignore[index]
        profile = self._find(raw)
        result = 1 if profile is None else 2 if profile.enabled else 0
        if profile is not None and result == 0:
            for other in self.profiles:
                if other.enabled:
                    other.enabled = False
                    self._notify(other, "disable")
            profile.enabled = True
            self._notify(profile, "enable")
        return codec.encode("EnableProfileResponse", {"enableResult": result})

    def _es10_disable(self, request: dict[str, object]) -> bytes:
        raw: bytes = request["profileIdentifier"][1]  # type: ignore[index]
        profile = self._find(raw)
        result = 1 if profile is None else 0 if profile.enabled else 2
        if profile is not None and result == 0:
            profile.enabled = False
            self._notify(profile, "disable")
        return codec.encode("DisableProfileResponse", {"disableResult": result})

    def _es10_delete(self, request: tuple[str, bytes]) -> bytes:
        profile = self._find(request[1])
        result = 1 if profile is None else 2 if profile.enabled else 0
        if profile is not None and result == 0:
            self.profiles.remove(profile)
            self._notify(profile, "delete")
        return codec.encode("DeleteProfileResponse", {"deleteResult": result})


class _PulledOut(Exception):
    """The card leaves the reader now, without answering."""


def _read_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        if hasattr(socket, "TCP_QUICKACK"):  # vpcd writes length and payload apart (Nagle)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)
