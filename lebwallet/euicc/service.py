"""The eSIM card use cases: read a card, rename, enable, disable and delete a profile.

Every call opens the card, selects the ISD-R, does its one change, reads the profiles back
and closes the card; it returns what the card holds *after* the change. A change is reported
done only when the card has answered ok and the profile list read back shows it: a card that
is pulled out in between raises `CardRemoved` and nothing is claimed.

Blocking (card I/O takes tens to hundreds of milliseconds): call it from a worker thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Final

from lebwallet.euicc import codec, pcsc
from lebwallet.euicc.apdu import CardChannel, select_isd_r, store_data
from lebwallet.euicc.errors import (
    CardRefused,
    CardRemoved,
    EuiccError,
    InvalidNickname,
    WrongConfirmation,
)
from lebwallet.euicc.profiles import EuiccCard, EuiccProfile, masked_iccid_digits

NICKNAME_MAX_BYTES: Final = 64
_SPACES: Final = re.compile(r"[\s\-]+")

ListReaders = Callable[[], list[str]]
OpenCard = Callable[[str], AbstractContextManager[CardChannel]]


@dataclass(frozen=True, slots=True)
class ReaderState:
    """One reader and what is in it: an eSIM card, or the error that says why not."""

    reader: str
    card: EuiccCard | None
    error: EuiccError | None


class EuiccService:
    """The eSIM cards in the PC/SC readers (or in any `list_readers`/`open_card` pair)."""

    def __init__(
        self, list_readers: ListReaders = pcsc.list_readers, open_card: OpenCard = pcsc.open_card
    ) -> None:
        self._list_readers = list_readers
        self._open_card = open_card

    def readers(self) -> list[str]:
        return self._list_readers()

    def scan(self) -> list[ReaderState]:
        """Every reader with its eSIM card, or why it has none."""
        states = []
        for reader in self.readers():
            try:
                states.append(ReaderState(reader, self.read(reader), None))
            except EuiccError as error:
                states.append(ReaderState(reader, None, error))
        return states

    def read(self, reader: str) -> EuiccCard:
        """The EID, the profiles and the pending notifications of the card in `reader`."""
        with self._session(reader, "read the card") as channel:
            return self._read(reader, channel)

    def set_nickname(self, reader: str, iccid: str, nickname: str) -> EuiccCard:
        nickname = nickname.strip()
        if len(nickname.encode("utf-8")) > NICKNAME_MAX_BYTES:
            raise InvalidNickname(
                f"a nickname holds at most {NICKNAME_MAX_BYTES} bytes "
                f"(this one has {len(nickname.encode('utf-8'))})"
            )
        request = codec.set_nickname_request(iccid, nickname)
        return self._change(reader, iccid, "rename", request, lambda p: p.nickname == nickname)

    def enable(self, reader: str, iccid: str) -> EuiccCard:
        """Enable the profile (the card disables the one enabled before). A phone must then
        refresh (restart, or airplane mode off and on) to use it."""
        request = codec.enable_request(iccid)
        return self._change(reader, iccid, "enable", request, lambda p: p.enabled)

    def disable(self, reader: str, iccid: str) -> EuiccCard:
        request = codec.disable_request(iccid)
        return self._change(reader, iccid, "disable", request, lambda p: not p.enabled)

    def delete(self, reader: str, iccid: str, typed_iccid: str) -> EuiccCard:
        """Delete the profile for good; `typed_iccid` is the ICCID the user typed to confirm
        and must be the profile's (spaces and dashes aside)."""
        if _SPACES.sub("", typed_iccid) != iccid:
            raise WrongConfirmation(
                "the ICCID typed does not match the profile's: nothing was deleted"
            )
        request = codec.delete_request(iccid)
        return self._change(reader, iccid, "delete", request, None)

    # --- the session ---------------------------------------------------------------------------

    @contextmanager
    def _session(self, reader: str, doing: str) -> Iterator[CardChannel]:
        with self._open_card(reader) as channel:
            try:
                select_isd_r(channel)
                yield channel
            except CardRemoved as removed:
                if removed.confirmed:
                    raise
                raise CardRemoved(
                    f"the card in {reader} stopped answering while trying to {doing}: "
                    "nothing was confirmed; put it back and read it again to see its state"
                ) from None

    def _read(self, reader: str, channel: CardChannel) -> EuiccCard:
        eid = codec.decode_eid(store_data(channel, codec.get_eid_request()))
        profiles = codec.decode_profiles(store_data(channel, codec.profile_list_request()))
        notifications = codec.decode_notifications(
            store_data(channel, codec.list_notification_request())
        )
        return EuiccCard(reader, eid, profiles, notifications)

    def _change(
        self,
        reader: str,
        iccid: str,
        operation: str,
        request: bytes,
        applied: Callable[[EuiccProfile], bool] | None,
    ) -> EuiccCard:
        with self._session(reader, f"{operation} the profile") as channel:
            before = self._read(reader, channel)
            if before.profile(iccid) is None:
                raise CardRefused(
                    f"the card has no profile with the ICCID {masked_iccid_digits(iccid)}",
                    "iccidOrAidNotFound",
                )
            codec.check_result(operation, store_data(channel, request))
            try:
                after = self._read(reader, channel)
            except CardRemoved:
                raise CardRemoved(
                    f"the card in {reader} confirmed the {operation} but stopped answering "
                    "before its profiles were read back; put it back and read it again",
                    confirmed=True,
                ) from None
        profile = after.profile(iccid)
        done = profile is None if applied is None else profile is not None and applied(profile)
        if not done:
            raise CardRefused(
                f"the card answered ok but its profile list does not show the {operation}",
                "notApplied",
            )
        return after
