"""What the window asks of autopilot: `ServiceAutopilotBackend`, over `AutopilotService` with
the provider channel on a new client per call (one client per thread) and, when the settings
hold a Reloadly account, the Reloadly channel (`reloadly_channels`). Every method blocks:
the UI calls it through the `TaskRunner` only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from lebwallet.domain.money import Money
from lebwallet.services.autopilot import (
    AutopilotReport,
    AutopilotService,
    AutopilotStatus,
    AutopilotStep,
    RemindsOnly,
)
from lebwallet.services.autopilot_topups import AutopilotTopUps
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.store.autopilot import AutopilotCard

if TYPE_CHECKING:
    from lebwallet.provider.client import ProviderClient
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.settings import Settings
    from lebwallet.store.engine import Store


@contextmanager
def reloadly_channels(
    settings: Settings | None, credentials: CredentialStore | None, store: Store
) -> Iterator[list[AutopilotTopUps]]:
    """The Reloadly channel of autopilot when the settings hold an account (else none),
    opened on first use and closed afterwards."""
    from lebwallet.services.autopilot_reloadly import ReloadlyAutopilotTopUps
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.reloadly_topup import ReloadlyTopUps

    if settings is None or settings.reloadly is None:
        yield []
        return
    topups = ReloadlyTopUps(settings, credentials or CredentialStore(), lambda: store)
    try:
        yield [ReloadlyAutopilotTopUps(topups, store)]
    finally:
        topups.close()


class ServiceAutopilotBackend:
    def __init__(
        self,
        client_factory: Callable[[], ProviderClient],
        store: Store,
        data_dir: Path | None = None,
        *,
        settings: Settings | None = None,
        credentials: CredentialStore | None = None,
    ) -> None:
        self._client_factory = client_factory
        self._store = store
        self._data_dir = data_dir
        self._settings = settings
        self._credentials = credentials

    @contextmanager
    def _service(self, *, channel: bool) -> Iterator[AutopilotService]:
        from lebwallet.services.autopilot_topups import RechargeTopUps
        from lebwallet.services.recharge import RechargeService

        keepalive = KeepAliveService(self._store, data_dir=self._data_dir)
        if not channel:
            yield AutopilotService(self._store, keepalive=keepalive)
            return
        client = self._client_factory()
        try:
            provider = RechargeTopUps(RechargeService(client, self._store), self._store)
            with reloadly_channels(self._settings, self._credentials, self._store) as others:
                yield AutopilotService(self._store, [provider, *others], keepalive=keepalive)
        finally:
            client.close()

    def run_pass(self) -> AutopilotReport:
        """One pass (at start-up, and every so often while the wallet runs)."""
        with self._service(channel=True) as service:
            return service.run_once()

    def status(self, card_id: str) -> AutopilotStatus | None:
        # with the channels: whether one tops the card up (else it only reminds)
        with self._service(channel=True) as service:
            return service.status(card_id)

    def reminds_only(self, card_id: str) -> RemindsOnly | None:
        """Why autopilot can only remind for this card (None: a channel tops it up)."""
        with self._service(channel=True) as service:
            return service.reminds_only(card_id)

    def settings(self, card_id: str) -> AutopilotCard | None:
        with self._service(channel=False) as service:
            return service.card_settings(card_id)

    def approve(self, card_id: str) -> AutopilotStep:
        """The user's yes to the card's top-up that waits for it (`AutopilotError`: none)."""
        with self._service(channel=True) as service:
            return service.approve(card_id)

    def save(
        self,
        card_id: str,
        *,
        enabled: bool,
        days_before: int,
        budget: Money | None,
        without_asking: bool = False,
    ) -> AutopilotCard:
        with self._service(channel=False) as service:
            return service.set_card(
                card_id,
                enabled=enabled,
                days_before=days_before,
                budget=budget,
                without_asking=without_asking,
            )
