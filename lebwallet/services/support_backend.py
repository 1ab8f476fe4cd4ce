"""What the support screens ask of the wallet: `SupportBackend`, and its implementation over
`SupportService` with one new provider client per call (one client per thread, as the
services require). Every method blocks: the UI calls it through the `TaskRunner` only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from lebwallet.domain.support import MailDraft, OrderFacts, SupportTopic
    from lebwallet.provider.client import ProviderClient
    from lebwallet.services.support import SupportService
    from lebwallet.services.support_values import SupportReply, SupportThread
    from lebwallet.store.engine import Store
    from lebwallet.store.support import SupportMessageRecord, SupportRecord

T = TypeVar("T")


class SupportBackend(Protocol):
    def order_facts(self, order_local_id: int) -> OrderFacts: ...

    def open(
        self, order_local_id: int, topic: SupportTopic, words: str, idempotency_key: str
    ) -> SupportRecord | MailDraft: ...

    def requests(self) -> list[SupportRecord]: ...

    def thread(self, local_id: int) -> SupportThread: ...

    def reply(self, local_id: int, words: str) -> SupportMessageRecord: ...

    def mark_read(self, local_id: int) -> SupportRecord: ...

    def close(self, local_id: int) -> SupportRecord: ...

    def poll(self) -> list[SupportReply]:
        """Send what waits; the new replies, each once."""
        ...


class ServiceSupportBackend:
    """`SupportBackend` over `SupportService`; `client_factory` gives a new signed-in client."""

    def __init__(self, client_factory: Callable[[], ProviderClient], store: Store) -> None:
        self._client_factory = client_factory
        self._store = store

    def _with(self, work: Callable[[SupportService], T]) -> T:
        from lebwallet.services.support import SupportService

        client = self._client_factory()
        try:
            return work(SupportService(client, self._store))
        finally:
            client.close()

    def order_facts(self, order_local_id: int) -> OrderFacts:
        from lebwallet.services.support_values import local_order_facts

        return local_order_facts(self._store, order_local_id)

    def open(
        self, order_local_id: int, topic: SupportTopic, words: str, idempotency_key: str
    ) -> SupportRecord | MailDraft:
        return self._with(
            lambda s: s.open(order_local_id, topic, words, idempotency_key=idempotency_key)
        )

    def requests(self) -> list[SupportRecord]:
        return self._with(lambda s: s.requests())

    def thread(self, local_id: int) -> SupportThread:
        return self._with(lambda s: s.thread(local_id))

    def reply(self, local_id: int, words: str) -> SupportMessageRecord:
        return self._with(lambda s: s.reply(local_id, words))

    def mark_read(self, local_id: int) -> SupportRecord:
        return self._with(lambda s: s.mark_read(local_id))

    def close(self, local_id: int) -> SupportRecord:
        return self._with(lambda s: s.close(local_id))

    def poll(self) -> list[SupportReply]:
        return self._with(lambda s: s.poll())
