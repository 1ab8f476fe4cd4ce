"""What the window asks of autopilot: `ServiceAutopilotBackend`, over `AutopilotService` with
the provider channel on a new client per call (one client per thread). Every method blocks:
the UI calls it through the `TaskRunner` only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from lebwallet.domain.money import Money
from lebwallet.services.autopilot import AutopilotReport, AutopilotService, AutopilotStatus
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.store.autopilot import AutopilotCard

if TYPE_CHECKING:
    from lebwallet.provider.client import ProviderClient
    from lebwallet.store.engine import Store


class ServiceAutopilotBackend:
    def __init__(
        self,
        client_factory: Callable[[], ProviderClient],
        store: Store,
        data_dir: Path | None = None,
    ) -> None:
        self._client_factory = client_factory
        self._store = store
        self._data_dir = data_dir

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
            yield AutopilotService(self._store, [provider], keepalive=keepalive)
        finally:
            client.close()

    def run_pass(self) -> AutopilotReport:
        """One pass (at start-up, and every so often while the wallet runs)."""
        with self._service(channel=True) as service:
            return service.run_once()

    def status(self, card_id: str) -> AutopilotStatus | None:
        with self._service(channel=False) as service:
            return service.status(card_id)

    def settings(self, card_id: str) -> AutopilotCard | None:
        with self._service(channel=False) as service:
            return service.card_settings(card_id)

    def save(
        self, card_id: str, *, enabled: bool, days_before: int, budget: Money | None
    ) -> AutopilotCard:
        with self._service(channel=False) as service:
            return service.set_card(
                card_id, enabled=enabled, days_before=days_before, budget=budget
            )
