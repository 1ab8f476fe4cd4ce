"""ProviderClient against the running sandbox over loopback: every endpoint, auth and refresh,
idempotent retries through real faults (dropped responses, resets, 503, 429), batching."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import (
    AuthenticationRequired,
    Conflict,
    InvalidCredentials,
    NotFound,
    ProviderUnavailable,
    RuleViolation,
    ValidationFailed,
    VerificationRequired,
)
from lebwallet.provider.wire import ErrorCode, TokenPair, WireOrderStatus
from lebwallet.sandbox.config import ManualClock, SandboxConfig
from lebwallet.sandbox.faults import Fault, FaultDice, FaultPlan, FaultSpec
from lebwallet.sandbox.seed import spare_card_numbers
from tests.support.checkout_forms import post_checkout_form
from tests.support.sandbox import SandboxHandle, running_sandbox


def fast_client(
    url: str, on_tokens: Callable[[TokenPair | None], None] | None = None
) -> ProviderClient:
    """A client with short timeouts and backoff, for tests."""
    return ProviderClient(url, on_tokens=on_tokens, timeout=(2.0, 5.0), backoff_factor=0.01)


def gbp_order(amount: str = "10.00", **changes: object) -> wire.CreateOrderRequest:
    fields: dict[str, object] = {
        "card_id": "card_demo_uk",
        "amount": {"value": amount, "currency": "GBP"},
        "payment_method": "bank_card",
        "pay_currency": "GBP",
        **changes,
    }
    return wire.CreateOrderRequest.model_validate(fields)


def new_key() -> str:
    return str(uuid.uuid4())


class TokenLog:
    def __init__(self) -> None:
        self.calls: list[TokenPair | None] = []

    def __call__(self, pair: TokenPair | None) -> None:
        self.calls.append(pair)


@pytest.fixture
def tokens_log() -> TokenLog:
    return TokenLog()


@pytest.fixture
def client(sandbox: SandboxHandle, tokens_log: TokenLog) -> Iterator[ProviderClient]:
    with fast_client(sandbox.url, tokens_log) as signed_in:
        signed_in.login(sandbox.email, sandbox.password)
        yield signed_in


def requests_seen(caplog: pytest.LogCaptureFixture, method: str, path_prefix: str) -> int:
    """Requests the sandbox logged (its request handler logs each one at DEBUG)."""
    needle = f'"{method} {path_prefix}'
    return sum(
        1 for r in caplog.records if r.name == "lebwallet.sandbox" and needle in r.getMessage()
    )


def seed_for(spec: FaultSpec, path: str, wanted: list[Callable[[FaultPlan], bool]]) -> FaultSpec:
    """A seeded spec whose first requests on `path` get the wanted faults, in order."""
    for seed in range(10_000):
        dice = FaultDice(replace(spec, seed=seed))
        if all(check(dice.plan(path)) for check in wanted):
            return replace(spec, seed=seed)
    raise AssertionError("no seed found")


def dropped(plan: FaultPlan) -> bool:
    return plan.drop_after


def clean(plan: FaultPlan) -> bool:
    return plan.before is Fault.NONE and not plan.drop_after


# --- auth -------------------------------------------------------------------------------------


def test_login_keeps_and_announces_tokens(
    client: ProviderClient, tokens_log: TokenLog, sandbox: SandboxHandle
) -> None:
    assert client.tokens is not None
    assert tokens_log.calls == [client.tokens]
    assert client.base_url == sandbox.url
    assert client.account().profile.email == sandbox.email


def test_wrong_password_is_invalid_credentials(sandbox: SandboxHandle) -> None:
    with ProviderClient(sandbox.url) as anonymous:
        with pytest.raises(InvalidCredentials) as caught:
            anonymous.login(sandbox.email, "wrong-password")
        assert caught.value.code is ErrorCode.INVALID_CREDENTIALS
        assert caught.value.status == 401
        assert anonymous.tokens is None
        with pytest.raises(AuthenticationRequired, match="not signed in"):
            anonymous.account()


def test_register_verify_and_unverified_login(sandbox: SandboxHandle) -> None:
    with ProviderClient(sandbox.url) as client:
        pending = client.register(email="new@example.com", password="long-password", name="New")
        # A taken login is answered like a new one (nothing tells that it exists).
        taken = client.register(email="new@example.com", password="long-password", name="New")
        assert taken.channel == pending.channel
        with pytest.raises(VerificationRequired) as unverified:
            client.login("new@example.com", "long-password")
        again = unverified.value.verification
        assert again is not None
        assert again.sandbox_code is not None
        with pytest.raises(RuleViolation) as wrong:
            client.verify(
                again.verification_id, "000000" if again.sandbox_code != "000000" else "111111"
            )
        assert wrong.value.code is ErrorCode.INVALID_VERIFICATION_CODE
        pair = client.verify(again.verification_id, again.sandbox_code)
        assert client.tokens == pair
        assert client.account().profile.email == "new@example.com"
        assert pending.channel is wire.VerificationChannel.EMAIL


def test_client_side_validation_sends_nothing(client: ProviderClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        client.register(password="short", name="x", email="not-an-email")
    assert {e.field for e in caught.value.errors} >= {"password", "email"}
    with pytest.raises(ValidationFailed):
        client.bind_card(iccid="8944000000000000001", msisdn="+447700900123")
    with pytest.raises(ValueError, match="not a provider id"):
        client.get_order("../account")
    with pytest.raises(ValueError, match="idempotency key"):
        client.create_order(gbp_order(), idempotency_key="short")


def test_expired_access_token_is_refreshed_once(tmp_path: Path, tokens_log: TokenLog) -> None:
    clock = ManualClock()
    with (
        running_sandbox(tmp_path, clock=clock) as sandbox,
        ProviderClient(sandbox.url, on_tokens=tokens_log) as client,
    ):
        first = client.login(sandbox.email, sandbox.password)
        clock.advance(timedelta(minutes=16))  # access token lives 15 minutes
        assert len(client.list_cards()) == 3
        second = client.tokens
        assert second is not None
        assert second != first
        assert tokens_log.calls == [first, second]
        # the old refresh token was rotated out: a client still holding it must sign in again
        with ProviderClient(sandbox.url, tokens=first, on_tokens=tokens_log) as stale:
            clock.advance(timedelta(minutes=16))
            with pytest.raises(AuthenticationRequired):
                stale.account()
            assert stale.tokens is None
            assert tokens_log.calls[-1] is None


def test_expired_refresh_token_ends_the_session(tmp_path: Path, tokens_log: TokenLog) -> None:
    clock = ManualClock()
    with (
        running_sandbox(tmp_path, clock=clock) as sandbox,
        ProviderClient(sandbox.url, on_tokens=tokens_log) as client,
    ):
        client.login(sandbox.email, sandbox.password)
        clock.advance(timedelta(days=31))
        with pytest.raises(AuthenticationRequired):
            client.get_order("ord_unknown")
        assert client.tokens is None
        assert tokens_log.calls[-1] is None


def test_garbage_access_token_with_valid_refresh_token(sandbox: SandboxHandle) -> None:
    pair = TokenPair.model_validate(sandbox.login())
    broken = pair.model_copy(update={"access_token": "not-a-token"})
    with ProviderClient(sandbox.url, tokens=broken) as client:
        assert client.account().profile.email == sandbox.email
        assert client.tokens is not None
        assert client.tokens.access_token not in ("not-a-token", pair.access_token)


def test_tokens_set_by_another_thread_are_used_instead_of_refreshing(
    sandbox: SandboxHandle,
) -> None:
    old = TokenPair.model_validate(sandbox.login())
    with (
        ProviderClient(sandbox.url, tokens=old) as mine,
        ProviderClient(sandbox.url, tokens=old) as other,
    ):
        mine.refresh()  # rotates: `old.refresh_token` is now spent
        newer = mine.tokens
        assert newer is not None
        other.tokens = newer  # what an on_tokens callback would do
        assert other.account().profile.email == sandbox.email


# --- account and cards ------------------------------------------------------------------------


def test_account_profile_update(client: ProviderClient) -> None:
    account = client.update_profile(name="Demo Renamed", default_payment_method="paypal")
    assert account.profile.name == "Demo Renamed"
    assert account.profile.default_payment_method is wire.PaymentMethodCode.PAYPAL
    assert client.account().profile.name == "Demo Renamed"


def test_cards_bind_label_unbind(client: ProviderClient) -> None:
    cards = client.list_cards()
    assert {c.id for c in cards} == {"card_demo_uk", "card_demo_us", "card_demo_hk"}
    assert client.list_cards(page_size=1) == cards  # follows the cursor
    iccid, _msisdn = spare_card_numbers()["card_spare_uk"]
    bound = client.bind_card(iccid=iccid, label="Spare")
    assert bound.label == "Spare"
    with pytest.raises(Conflict) as again:
        client.bind_card(iccid=iccid)
    assert again.value.code is ErrorCode.CARD_ALREADY_BOUND
    assert client.update_card(bound.id, "Renamed").label == "Renamed"
    assert client.update_card(bound.id, None).label is None
    assert client.get_card(bound.id).id == bound.id
    client.unbind_card(bound.id)
    with pytest.raises(NotFound):
        client.get_card(bound.id)
    with pytest.raises(NotFound):
        client.unbind_card(bound.id)


def test_recharge_options_and_fx(client: ProviderClient) -> None:
    options = client.recharge_options("card_demo_uk")
    assert options.currency == options.pay_currency == "GBP"
    assert options.fx_quote is None
    converted = client.recharge_options("card_demo_uk", pay_currency="CNY")
    assert converted.fx_quote is not None
    assert converted.fx_quote.to_currency == "CNY"
    with pytest.raises(RuleViolation) as unsupported:
        client.recharge_options("card_demo_uk", pay_currency="XAU")
    assert unsupported.value.code is ErrorCode.UNSUPPORTED_CURRENCY


def test_latest_release(client: ProviderClient) -> None:
    manifest = client.latest_release("linux")
    assert manifest.platform is wire.Platform.LINUX
    with pytest.raises(ValueError, match="platform"):
        client.latest_release("beos")


# --- orders -----------------------------------------------------------------------------------


def test_order_lifecycle_pay_and_credit(client: ProviderClient) -> None:
    key = new_key()
    order = client.create_order(gbp_order(), idempotency_key=key)
    assert order.status is WireOrderStatus.AWAITING_PAYMENT
    assert order.checkout_url is not None
    assert client.checkout_url_allowed(order.checkout_url)
    assert client.create_order(gbp_order(), idempotency_key=key).id == order.id  # replay
    with pytest.raises(Conflict) as mismatch:
        client.create_order(gbp_order("20.00"), idempotency_key=key)
    assert mismatch.value.code is ErrorCode.IDEMPOTENCY_MISMATCH
    paid = post_checkout_form(
        f"{order.checkout_url}/pay", {"card_number": "4242424242424242"}, timeout=5
    )
    assert paid.status_code in (200, 303)
    deadline = time.monotonic() + 5
    while (current := client.get_order(order.id)).status is not WireOrderStatus.CREDITED:
        assert time.monotonic() < deadline, current.status
        time.sleep(0.05)
    with pytest.raises(Conflict) as late:
        client.cancel_order(order.id)
    assert late.value.code is ErrorCode.ORDER_NOT_CANCELLABLE


def test_cancel_and_rule_violations(client: ProviderClient) -> None:
    order = client.create_order(gbp_order(), idempotency_key=new_key())
    assert client.cancel_order(order.id).status is WireOrderStatus.CANCELLED
    assert client.cancel_order(order.id).status is WireOrderStatus.CANCELLED
    with pytest.raises(RuleViolation) as step:
        client.create_order(gbp_order("10.01"), idempotency_key=new_key())
    assert step.value.code is ErrorCode.AMOUNT_NOT_ON_STEP
    with pytest.raises(NotFound):
        client.get_order("ord_does_not_exist")


def test_get_orders_batches_by_100(
    client: ProviderClient, caplog: pytest.LogCaptureFixture
) -> None:
    made = [client.create_order(gbp_order(), idempotency_key=new_key()) for _ in range(3)]
    unknown = [f"ord_missing_{n}" for n in range(247)]
    ids = [made[0].id, *unknown[:120], made[1].id, *unknown[120:], made[2].id, made[0].id]
    caplog.set_level(logging.DEBUG, logger="lebwallet.sandbox")
    found = client.get_orders(ids)
    assert [o.id for o in found] == [o.id for o in made]
    assert requests_seen(caplog, "GET", "/v1/orders?ids=") == 3  # 250 unique ids
    assert client.get_orders([]) == []


def test_orders_updated_since_follows_cursors(
    client: ProviderClient, caplog: pytest.LogCaptureFixture
) -> None:
    everything = list(client.orders_updated_since(None))
    assert len(everything) >= 5  # the demo history
    caplog.set_level(logging.DEBUG, logger="lebwallet.sandbox")
    paged = list(client.orders_updated_since(None, limit=2))
    assert [o.id for o in paged] == [o.id for o in everything]
    assert requests_seen(caplog, "GET", "/v1/orders?") == -(-len(everything) // 2)
    stamps = [(o.updated_at, o.id) for o in paged]
    assert stamps == sorted(stamps)
    before = datetime.now(UTC) - timedelta(seconds=1)
    made = client.create_order(gbp_order(), idempotency_key=new_key())
    assert [o.id for o in client.orders_updated_since(before)] == [made.id]
    with pytest.raises(ValueError, match="timezone-aware"):
        list(client.orders_updated_since(datetime(2024, 1, 1)))


# --- faults -----------------------------------------------------------------------------------


def test_dropped_response_is_retried_with_the_same_key_one_order(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec = seed_for(
        FaultSpec(drop_after_commit=0.5, paths=("/v1/orders",)), "/v1/orders", [dropped, clean]
    )
    caplog.set_level(logging.DEBUG, logger="lebwallet.sandbox")
    with (
        running_sandbox(tmp_path, faults=spec) as sandbox,
        fast_client(sandbox.url) as client,
    ):
        client.login(sandbox.email, sandbox.password)
        key = new_key()
        order = client.create_order(gbp_order(), idempotency_key=key)
        assert requests_seen(caplog, "POST", "/v1/orders") == 1  # the replay (drop is not logged)
        assert any("dropped the response" in r.getMessage() for r in caplog.records)
        same_key = [o for o in client.orders_updated_since(None) if o.idempotency_key == key]
        assert [o.id for o in same_key] == [order.id]


def test_other_posts_are_not_retried_after_a_drop(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec = FaultSpec(drop_after_commit=1.0, paths=("/v1/orders/",))
    caplog.set_level(logging.INFO, logger="lebwallet.sandbox")
    with (
        running_sandbox(tmp_path, faults=spec) as sandbox,
        fast_client(sandbox.url) as client,
    ):
        client.login(sandbox.email, sandbox.password)
        order = client.create_order(gbp_order(), idempotency_key=new_key())
        with pytest.raises(ProviderUnavailable):
            client.cancel_order(order.id)
        drops = [r for r in caplog.records if "dropped the response to POST" in r.getMessage()]
        assert len(drops) == 1  # sent once: the cancel went through but was not repeated
        assert client.get_orders([order.id])[0].status is WireOrderStatus.CANCELLED


def test_connection_reset_on_get_is_retried(tmp_path: Path) -> None:
    def reset(plan: FaultPlan) -> bool:
        return plan.before is Fault.RESET

    spec = seed_for(FaultSpec(reset=0.5, paths=("/v1/cards",)), "/v1/cards", [reset, clean])
    with (
        running_sandbox(tmp_path, faults=spec) as sandbox,
        fast_client(sandbox.url) as client,
    ):
        client.login(sandbox.email, sandbox.password)
        assert len(client.list_cards()) == 3


def test_503_is_retried_honouring_retry_after(tmp_path: Path) -> None:
    def error_503(plan: FaultPlan) -> bool:
        return plan.before is Fault.ERROR_503

    spec = seed_for(
        FaultSpec(error_rate=0.5, paths=("/v1/account",)), "/v1/account", [error_503, clean]
    )
    with (
        running_sandbox(tmp_path, faults=spec) as sandbox,
        fast_client(sandbox.url) as client,
    ):
        client.login(sandbox.email, sandbox.password)
        started = time.monotonic()
        assert client.account().profile.email == sandbox.email
        assert time.monotonic() - started >= 0.9  # Retry-After: 1


def test_500_is_not_retried(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    def error_500(plan: FaultPlan) -> bool:
        return plan.before is Fault.ERROR_500

    spec = seed_for(FaultSpec(error_rate=0.5, paths=("/v1/account",)), "/v1/account", [error_500])
    with (
        running_sandbox(tmp_path, faults=spec) as sandbox,
        fast_client(sandbox.url) as client,
    ):
        client.login(sandbox.email, sandbox.password)
        with pytest.raises(ProviderUnavailable) as caught:
            client.account()
        assert caught.value.status == 500
        assert caught.value.code is ErrorCode.INTERNAL_ERROR


def test_429_is_retried_after_waiting(tmp_path: Path) -> None:
    config = SandboxConfig(rate_limit=1.0)
    with (
        running_sandbox(tmp_path, config=config) as sandbox,
        fast_client(sandbox.url) as client,
    ):
        client.login(sandbox.email, sandbox.password)
        started = time.monotonic()
        client.account()
        client.account()  # over the limit: 429 Retry-After 1, then allowed
        assert time.monotonic() - started >= 0.9


def test_unreachable_provider(tmp_path: Path) -> None:
    with running_sandbox(tmp_path) as sandbox:
        url = sandbox.url
    with ProviderClient(url, retries=1, backoff_factor=0.01) as client:
        with pytest.raises(ProviderUnavailable, match="cannot reach"):
            client.latest_release("linux")
        with pytest.raises(ProviderUnavailable):
            client.login("a@example.com", "password")


def test_one_client_per_thread(sandbox: SandboxHandle) -> None:
    results: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with ProviderClient(sandbox.url) as own:
                own.login(sandbox.email, sandbox.password)
                results.append(len(own.list_cards()))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not errors
    assert results == [3, 3, 3, 3]
