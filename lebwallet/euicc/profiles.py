"""What an eSIM card holds, as plain values: its EID, its profiles, its pending notifications."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from lebwallet.domain.identifiers import Eid, Iccid, InvalidIdentifier


class ProfileState(enum.StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"


class ProfileClass(enum.StrEnum):
    """SGP.22 profile classes: only operational profiles carry a subscriber's number."""

    TEST = "test"
    PROVISIONING = "provisioning"
    OPERATIONAL = "operational"


class NotificationEvent(enum.StrEnum):
    """The profile operation a pending notification reports to the operator's server."""

    INSTALL = "install"
    ENABLE = "enable"
    DISABLE = "disable"
    DELETE = "delete"


_EVENT_MEANING: dict[NotificationEvent, str] = {
    NotificationEvent.INSTALL: "the profile was installed",
    NotificationEvent.ENABLE: "the profile was enabled",
    NotificationEvent.DISABLE: "the profile was disabled",
    NotificationEvent.DELETE: "the profile was deleted",
}


def masked_iccid_digits(digits: str) -> str:
    """An ICCID as the logs and messages show it: first and last four digits only."""
    try:
        return Iccid(digits).masked
    except InvalidIdentifier:
        return digits[:4] + "…" if len(digits) > 4 else digits


@dataclass(frozen=True, slots=True)
class EuiccProfile:
    """One profile on the card. `iccid` is the digits the card reports (normally a valid
    ICCID; `parsed_iccid` is None when it is not one, e.g. a test profile's made-up number)."""

    iccid: str
    state: ProfileState
    profile_class: ProfileClass
    name: str = ""
    nickname: str = ""
    service_provider: str = ""

    @property
    def parsed_iccid(self) -> Iccid | None:
        try:
            return Iccid(self.iccid)
        except InvalidIdentifier:
            return None

    @property
    def masked_iccid(self) -> str:
        return masked_iccid_digits(self.iccid)

    @property
    def label(self) -> str:
        """What a person calls the profile: the nickname, else its name, else the operator."""
        return self.nickname or self.name or self.service_provider or self.masked_iccid

    @property
    def enabled(self) -> bool:
        return self.state is ProfileState.ENABLED


@dataclass(frozen=True, slots=True)
class PendingNotification:
    """A notification the card keeps until it is sent to the operator's server (the SM-DP+
    at `address`) and acknowledged. Sending needs that server; the wallet only lists them."""

    seq_number: int
    event: NotificationEvent
    address: str
    iccid: str | None

    @property
    def meaning(self) -> str:
        """One English sentence: what the operator's server has not yet been told."""
        what = _EVENT_MEANING[self.event]
        profile = f" ({masked_iccid_digits(self.iccid)})" if self.iccid else ""
        return (
            f"{what[0].upper()}{what[1:]}{profile}; the operator's server {self.address} "
            "has not been told yet (sending it needs that server and is not done by the wallet)"
        )


@dataclass(frozen=True, slots=True)
class EuiccCard:
    """Everything read from one eSIM card in one go."""

    reader: str
    eid: Eid
    profiles: tuple[EuiccProfile, ...]
    notifications: tuple[PendingNotification, ...]

    def profile(self, iccid: str) -> EuiccProfile | None:
        return next((p for p in self.profiles if p.iccid == iccid), None)
