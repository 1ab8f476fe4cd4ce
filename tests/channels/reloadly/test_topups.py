"""Top-ups followed to their end, and exactly once under every fault of the double."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from lebwallet.channels.reloadly import convert
from lebwallet.channels.reloadly.client import ReloadlyClient
from lebwallet.channels.reloadly.errors import (
    InsufficientBalance,
    InvalidAmountForOperator,
    PhoneRecentlyRecharged,
    ReloadlyNotFound,
    ReloadlyUnavailable,
    ReloadlyValidationFailed,
    TopUpOutcomeUnknown,
)
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.topup_offers import TopUpProgress
from lebwallet.provider.errors import ProviderUnavailable, RuleViolation, ValidationFailed
from tests.channels.reloadly.conftest import UK, US, ClientFactory, follow
from tests.doubles.reloadly import (
    DOUBLE_DROP_AFTER_COMMIT,
    DOUBLE_ERROR_500,
    DOUBLE_ERROR_503,
    DOUBLE_RESET,
    ReloadlyDouble,
)

TOPUP = ("POST", "/topups-async")
REPORT = "/topups/reports/transactions"


def _send(client: ReloadlyClient, key: str = "order-1", amount: str = "10.00") -> int:
    accepted = client.send_topup(
        operator_id=535, amount=Decimal(amount), phone=UK, custom_identifier=key
    )
    return accepted.transaction_id


@pytest.mark.parametrize(
    ("outcome", "progress", "balance"),
    [
        ("SUCCESSFUL", TopUpProgress(OrderStatus.CREDITED), "90.20"),
        ("FAILED", TopUpProgress(OrderStatus.FAILED), "100.00"),
        ("REFUNDED", TopUpProgress(OrderStatus.FAILED, refunded=True), "100.00"),
    ],
)
def test_a_topup_followed_to_its_end(
    double: ReloadlyDouble,
    client: ReloadlyClient,
    outcome: str,
    progress: TopUpProgress,
    balance: str,
) -> None:
    double.set_outcome(UK.e164, outcome)
    transaction_id = _send(client)
    first = client.transaction_status(transaction_id)
    assert first.status == "PROCESSING"
    assert convert.progress(first) == TopUpProgress(OrderStatus.CREDITING)
    assert first.custom_identifier == "order-1"
    assert first.requested_amount == Decimal("9.8")  # USD 10 less the 2 % discount
    assert convert.balance(client.account_balance()) == Money.of("90.20", "USD")
    final = follow(client, transaction_id)
    assert final.status == outcome
    assert convert.progress(final) == progress
    assert convert.progress(final).is_final
    assert convert.balance(client.account_balance()) == Money.of(balance, "USD")
    assert double.topups_sent() == 1


def test_a_topup_in_local_currency(double: ReloadlyDouble, client: ReloadlyClient) -> None:
    accepted = client.send_topup(
        operator_id=535,
        amount=Decimal("7.90"),
        phone=UK,
        custom_identifier="local-1",
        use_local_amount=True,
    )
    transaction = client.transaction_status(accepted.transaction_id)
    assert transaction.delivered_amount == Decimal("7.9")
    assert transaction.delivered_amount_currency_code == "GBP"


def test_a_lookup_by_identifier(double: ReloadlyDouble, client: ReloadlyClient) -> None:
    assert client.find_transaction("nothing-yet") is None
    transaction_id = _send(client, "order-7")
    _send(client, "order-8")
    found = client.find_transaction("order-7")
    assert found is not None
    assert found.transaction_id == transaction_id


@pytest.mark.parametrize("fault", [DOUBLE_DROP_AFTER_COMMIT, DOUBLE_ERROR_500, DOUBLE_ERROR_503])
def test_exactly_once_when_the_answer_is_lost(
    double: ReloadlyDouble, client: ReloadlyClient, fault: str
) -> None:
    double.faults.arm(*TOPUP, fault)
    transaction_id = _send(client)
    assert double.topups_sent() == 1
    assert double.transactions()[0]["transactionId"] == transaction_id
    assert double.requests[("GET", REPORT)] == 1  # looked up before anything was resent


def test_exactly_once_after_a_reset_before_handling(
    double: ReloadlyDouble, client: ReloadlyClient
) -> None:
    double.faults.arm(*TOPUP, DOUBLE_RESET)
    transaction_id = _send(client)
    assert double.topups_sent() == 1
    assert double.requests[("GET", REPORT)] == 1  # not found by the lookup: sent once more
    assert double.requests[TOPUP] == 1  # (the double counts only requests it handled)
    assert client.transaction_status(transaction_id).custom_identifier == "order-1"


def test_exactly_once_when_the_identifier_is_reused(
    double: ReloadlyDouble, client: ReloadlyClient, make_client: ClientFactory
) -> None:
    first = _send(client)
    again = _send(make_client())  # another desktop, or the app after a crash
    assert again == first
    assert double.topups_sent() == 1
    assert double.requests[TOPUP] == 2


def test_exactly_once_when_every_answer_is_lost(
    double: ReloadlyDouble, make_client: ClientFactory
) -> None:
    client = make_client(retries=1)
    double.faults.arm(*TOPUP, DOUBLE_DROP_AFTER_COMMIT)
    double.faults.arm("GET", REPORT, DOUBLE_ERROR_503, times=2)
    with pytest.raises(TopUpOutcomeUnknown) as caught:
        _send(client)
    assert isinstance(caught.value, ProviderUnavailable)
    assert caught.value.custom_identifier == "order-1"
    assert double.requests[TOPUP] == 1  # not resent while its fate is unknown
    found = client.find_transaction("order-1")  # later, the follower finds it
    assert found is not None
    assert double.topups_sent() == 1


def test_exactly_once_when_both_sends_are_lost(
    double: ReloadlyDouble, client: ReloadlyClient
) -> None:
    double.faults.arm(*TOPUP, DOUBLE_RESET)
    double.faults.arm(*TOPUP, DOUBLE_ERROR_503)
    with pytest.raises(TopUpOutcomeUnknown):
        _send(client)
    assert double.faults.take(*TOPUP) == (None, 0.0)  # both sends were made
    assert double.requests[("GET", REPORT)] == 2  # each looked up
    assert double.topups_sent() == 0
    assert _send(client) > 0  # the follower's later attempt, same identifier
    assert double.topups_sent() == 1


def test_recently_recharged_after_a_lost_send_is_not_taken_for_unsent(
    double: ReloadlyDouble, client: ReloadlyClient
) -> None:
    double.recharge_gap = 120.0
    _send(client, "earlier")
    double.faults.arm(*TOPUP, DOUBLE_RESET)
    with pytest.raises(TopUpOutcomeUnknown):  # might be the lost send's own effect
        _send(client, "later")
    assert double.requests[("GET", REPORT)] == 2
    assert double.topups_sent() == 1


def test_insufficient_balance(double: ReloadlyDouble, client: ReloadlyClient) -> None:
    double.set_balance(Decimal("5.00"))
    with pytest.raises(InsufficientBalance) as caught:
        _send(client)
    assert isinstance(caught.value, RuleViolation)
    assert not caught.value.retryable
    assert caught.value.reloadly_code == "INSUFFICIENT_BALANCE"
    assert double.topups_sent() == 0


def test_invalid_amount_for_operator(double: ReloadlyDouble, client: ReloadlyClient) -> None:
    with pytest.raises(InvalidAmountForOperator) as caught:
        client.send_topup(operator_id=173, amount=Decimal("7"), phone=US, custom_identifier="us-7")
    assert isinstance(caught.value, RuleViolation)
    assert caught.value.status == 400
    assert double.topups_sent() == 0


def test_phone_recently_recharged(double: ReloadlyDouble, client: ReloadlyClient) -> None:
    double.recharge_gap = 120.0
    _send(client, "first")
    with pytest.raises(PhoneRecentlyRecharged) as caught:
        _send(client, "second")
    assert isinstance(caught.value, RuleViolation)
    assert double.topups_sent() == 1


def test_a_number_the_operator_does_not_serve(
    double: ReloadlyDouble, client: ReloadlyClient
) -> None:
    with pytest.raises(ReloadlyValidationFailed) as caught:
        client.send_topup(operator_id=535, amount=Decimal(10), phone=US, custom_identifier="x")
    assert isinstance(caught.value, ValidationFailed)
    assert caught.value.reloadly_code == "INVALID_RECIPIENT_PHONE"
    assert double.topups_sent() == 0


def test_an_unknown_transaction(client: ReloadlyClient) -> None:
    with pytest.raises(ReloadlyNotFound):
        client.transaction_status(1)


@pytest.mark.parametrize(
    ("amount", "key"),
    [(Decimal(0), "k"), (Decimal("1.234567"), "k"), (Decimal(10), ""), (Decimal(10), "k" * 300)],
)
def test_a_topup_that_cannot_be_sent(
    double: ReloadlyDouble, client: ReloadlyClient, amount: Decimal, key: str
) -> None:
    with pytest.raises(ValueError, match="top-up"):
        client.send_topup(operator_id=535, amount=amount, phone=UK, custom_identifier=key)
    assert double.requests[TOPUP] == 0


@pytest.mark.parametrize("fault", [DOUBLE_RESET, DOUBLE_ERROR_500, DOUBLE_ERROR_503])
def test_gets_are_retried(double: ReloadlyDouble, client: ReloadlyClient, fault: str) -> None:
    double.faults.arm("GET", "/accounts/balance", fault, times=2)
    assert client.account_balance().currency_code == "USD"
    assert double.faults.take("GET", "/accounts/balance") == (None, 0.0)  # both were met


def test_a_call_keeps_its_deadline(double: ReloadlyDouble, make_client: ClientFactory) -> None:
    client = make_client(timeout=(1.0, 0.3), deadline=1.0, retries=5)
    client.account_balance()
    double.faults.delay("GET", "/accounts/balance", 2.0)
    started = time.monotonic()
    with pytest.raises(ReloadlyUnavailable, match=r"in time"):
        client.account_balance()
    assert time.monotonic() - started < 1.6
