"""The ES10 messages the wallet exchanges with an eUICC's ISD-R, in and out of BER.

The structures come from ``es10.asn`` (the SGP.22 RSPDefinitions subset) compiled by
asn1tools; this module only turns the decoded dictionaries into `profiles` values and back.
Anything the card sends that does not decode as the expected message is a `GarbledResponse`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

import asn1tools

from lebwallet.domain.identifiers import Eid, InvalidIdentifier
from lebwallet.euicc.errors import CardRefused, GarbledResponse
from lebwallet.euicc.profiles import (
    EuiccProfile,
    NotificationEvent,
    PendingNotification,
    ProfileClass,
    ProfileState,
)

SCHEMA: Final = Path(__file__).with_name("es10.asn")
ICCID_BYTES: Final = 10

_T = TypeVar("_T")

_STATES: Final = {0: ProfileState.DISABLED, 1: ProfileState.ENABLED}
_CLASSES: Final = {
    0: ProfileClass.TEST,
    1: ProfileClass.PROVISIONING,
    2: ProfileClass.OPERATIONAL,
    "test": ProfileClass.TEST,
    "provisioning": ProfileClass.PROVISIONING,
    "operational": ProfileClass.OPERATIONAL,
}
_EVENTS: Final = (
    NotificationEvent.INSTALL,
    NotificationEvent.ENABLE,
    NotificationEvent.DISABLE,
    NotificationEvent.DELETE,
)

# The named numbers of each response's result INTEGER (SGP.22 5.7.x).
_NICKNAME_RESULTS: Final = {0: "ok", 1: "iccidNotFound", 127: "undefinedError"}
_ENABLE_RESULTS: Final = {
    0: "ok",
    1: "iccidOrAidNotFound",
    2: "profileNotInDisabledState",
    3: "disallowedByPolicy",
    4: "wrongProfileReenabling",
    127: "undefinedError",
}
_DISABLE_RESULTS: Final = {
    0: "ok",
    1: "iccidOrAidNotFound",
    2: "profileNotInEnabledState",
    3: "disallowedByPolicy",
    127: "undefinedError",
}
_DELETE_RESULTS: Final = {
    0: "ok",
    1: "iccidOrAidNotFound",
    2: "profileNotInDisabledState",
    3: "disallowedByPolicy",
    127: "undefinedError",
}


@functools.cache
def spec() -> Any:
    """The compiled ES10 schema (BER)."""
    return asn1tools.compile_files([str(SCHEMA)], "ber")


def iccid_to_bytes(digits: str) -> bytes:
    """An ICCID as EF ICCID codes it: BCD with swapped nibbles, padded with F."""
    if not digits.isdigit() or len(digits) > 2 * ICCID_BYTES:
        raise ValueError(f"not the digits of an ICCID: {digits!r}")
    padded = digits.ljust(2 * ICCID_BYTES, "f")
    return bytes.fromhex("".join(padded[i + 1] + padded[i] for i in range(0, len(padded), 2)))


def iccid_from_bytes(raw: bytes) -> str:
    swapped = "".join(f"{byte & 0x0F:x}{byte >> 4:x}" for byte in raw)
    digits = swapped.rstrip("f")
    if not digits.isdigit():
        raise GarbledResponse(f"the card sent an ICCID that is not digits ({raw.hex()})")
    return digits


def encode(message: str, value: object) -> bytes:
    data: bytes = spec().encode(message, value)
    return data


def _decode(message: str, data: bytes, read: Callable[[Any], _T]) -> _T:
    """Decode `data` as `message` and read it; any surprise is a GarbledResponse."""
    try:
        return read(spec().decode(message, data))
    except GarbledResponse:
        raise
    except (asn1tools.Error, ValueError, KeyError, TypeError, IndexError) as error:
        raise GarbledResponse(
            f"the card's answer is not a valid {message} ({type(error).__name__})"
        ) from None


# --- requests ----------------------------------------------------------------------------------


def get_eid_request() -> bytes:
    return encode("GetEuiccDataRequest", {"tagList": b"\x5a"})


PROFILE_TAGS: Final = bytes.fromhex("5A4F9F7090919295")
"""The ProfileInfo fields asked for: ICCID, ISD-P AID, state, nickname, operator, name,
class (not the icons: up to 1 KiB each, through many GET RESPONSE rounds)."""


def profile_list_request() -> bytes:
    return encode("ProfileInfoListRequest", {"tagList": PROFILE_TAGS})


def set_nickname_request(iccid: str, nickname: str) -> bytes:
    return encode(
        "SetNicknameRequest", {"iccid": iccid_to_bytes(iccid), "profileNickname": nickname}
    )


def enable_request(iccid: str, *, refresh: bool = True) -> bytes:
    return encode(
        "EnableProfileRequest",
        {"profileIdentifier": ("iccid", iccid_to_bytes(iccid)), "refreshFlag": refresh},
    )


def disable_request(iccid: str, *, refresh: bool = True) -> bytes:
    return encode(
        "DisableProfileRequest",
        {"profileIdentifier": ("iccid", iccid_to_bytes(iccid)), "refreshFlag": refresh},
    )


def delete_request(iccid: str) -> bytes:
    return encode("DeleteProfileRequest", ("iccid", iccid_to_bytes(iccid)))


def list_notification_request() -> bytes:
    return encode("ListNotificationRequest", {})


# --- responses ---------------------------------------------------------------------------------


def decode_eid(data: bytes) -> Eid:
    def read(value: Any) -> Eid:
        raw: bytes = value["eidValue"]
        try:
            return Eid(raw.hex())
        except InvalidIdentifier as error:
            raise GarbledResponse(f"the card sent an invalid EID: {error}") from None

    return _decode("GetEuiccDataResponse", data, read)


def _profile(info: dict[str, Any]) -> EuiccProfile:
    if "iccid" not in info:
        raise GarbledResponse("the card listed a profile without its ICCID")
    return EuiccProfile(
        iccid=iccid_from_bytes(info["iccid"]),
        state=_STATES[info.get("profileState", 0)],
        profile_class=_CLASSES[info.get("profileClass", 2)],
        name=info.get("profileName", ""),
        nickname=info.get("profileNickname", ""),
        service_provider=info.get("serviceProviderName", ""),
    )


def decode_profiles(data: bytes) -> tuple[EuiccProfile, ...]:
    def read(value: Any) -> tuple[EuiccProfile, ...]:
        kind, body = value
        if kind != "profileInfoListOk":
            raise GarbledResponse(f"the card could not list its profiles (error {body})")
        return tuple(_profile(info) for info in body)

    return _decode("ProfileInfoListResponse", data, read)


def _event(bits: tuple[bytes, int]) -> NotificationEvent:
    raw, length = bits
    for index, event in enumerate(_EVENTS):
        if index < length and raw[index // 8] & (0x80 >> (index % 8)):
            return event
    raise GarbledResponse("the card sent a notification for no known operation")


def decode_notifications(data: bytes) -> tuple[PendingNotification, ...]:
    def read(value: Any) -> tuple[PendingNotification, ...]:
        kind, body = value
        if kind != "notificationMetadataList":
            raise GarbledResponse(f"the card could not list its notifications (error {body})")
        return tuple(
            PendingNotification(
                seq_number=int(item["seqNumber"]),
                event=_event(item["profileManagementOperation"]),
                address=str(item["notificationAddress"]),
                iccid=iccid_from_bytes(item["iccid"]) if "iccid" in item else None,
            )
            for item in body
        )

    return _decode("ListNotificationResponse", data, read)


def _result(message: str, field: str, names: dict[int, str], data: bytes) -> str:
    def read(value: Any) -> str:
        code = int(value[field])
        return names.get(code, f"undefinedError({code})")

    return _decode(message, data, read)


def check_result(operation: str, data: bytes) -> None:
    """Raise `CardRefused` unless the response to `operation` says ok."""
    message, field, names = _OPERATIONS[operation]
    reason = _result(message, field, names, data)
    if reason != "ok":
        raise CardRefused(f"the card refused to {operation} the profile: {reason}", reason)


_OPERATIONS: Final = {
    "rename": ("SetNicknameResponse", "setNicknameResult", _NICKNAME_RESULTS),
    "enable": ("EnableProfileResponse", "enableResult", _ENABLE_RESULTS),
    "disable": ("DisableProfileResponse", "disableResult", _DISABLE_RESULTS),
    "delete": ("DeleteProfileResponse", "deleteResult", _DELETE_RESULTS),
}
