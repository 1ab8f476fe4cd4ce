"""The services of one wallet and their lifetimes: `WalletServices`.

Qt-free composition of what the running app works through for one data directory:

- the `Wallet` (`lebwallet.services.wallet`): the store, the provider client — the embedded
  sandbox, started with its seed, unless a provider URL is set — and the keyring;
- the settings, saved to the data directory (`apply_settings`);
- the notice board, and the notification policy of a signed-in session;
- the backends each screen works through once signed in: recharge (the order details),
  support, autopilot, the order follower's; and the recharge wizard's channels — the
  signed-in provider and the Reloadly account (`wizard_channels`).

The UI (`lebwallet.ui.wallet_app`) keeps only Qt: windows, dialogs, signals, the task runner.
Building this object and asking it for a backend never blocks (no network, no keyring, no
store opened): a backend is None until a sign-in on a runner thread has opened the store and
the provider client. The backends' own methods block; they run on the runner's threads.
`close()` releases the store, the client and the sandbox (it may block: at shutdown).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lebwallet.services.wallet import Wallet, WalletConfig

# Start-up speed: like `Wallet`, nothing slow (pydantic, requests, SQLAlchemy, Flask, keyring)
# is imported before it is used.
if TYPE_CHECKING:
    from lebwallet.provider.client import ProviderClient
    from lebwallet.services.autopilot_backend import ServiceAutopilotBackend
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.follow_backend import BackendFactory
    from lebwallet.services.notice_board import NoticeBoard
    from lebwallet.services.notifications import NotificationPolicy
    from lebwallet.services.recharge_backend import RechargeBackend
    from lebwallet.services.reloadly_topup import ReloadlyTopUps
    from lebwallet.services.settings import Settings
    from lebwallet.services.support_backend import SupportBackend
    from lebwallet.store.engine import Store


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """What `WalletServices.apply_settings` changed."""

    old: Settings
    new: Settings
    release: Callable[[], None]
    """Closes the parts the new settings replaced (may block: run it in the background)."""

    @property
    def moved(self) -> bool:
        """Another provider or another database: the session belongs to the old one."""
        return (self.new.provider_url, self.new.database_url) != (
            self.old.provider_url,
            self.old.database_url,
        )

    @property
    def language_changed(self) -> bool:
        return self.new.language != self.old.language


@dataclass(frozen=True, slots=True)
class WizardChannels:
    """What the recharge wizard tops up through (`RechargeWizard.for_services`)."""

    client_factory: Callable[[], ProviderClient] | None
    """A new signed-in provider client for each call; None without a signed-in provider."""
    store: Store
    reloadly: ReloadlyTopUps | None
    """The Reloadly account's top-ups (the caller closes them); None without an account."""
    checkout: ProviderClient | None
    """Which payment pages may be opened (the provider's client); None without a provider."""


class WalletServices:
    """The services of one wallet (a data directory), see the module docstring."""

    def __init__(
        self,
        data_dir: Path,
        settings: Settings,
        *,
        credentials: CredentialStore | None = None,
        sandbox_credit_delay: float = 5.0,
    ) -> None:
        self.data_dir = data_dir
        self._settings = settings
        self.wallet = Wallet(WalletConfig(data_dir, settings, sandbox_credit_delay), credentials)
        self._notice_board: NoticeBoard | None = None
        self.policy: NotificationPolicy | None = None
        """The signed-in session's notification policy (`start_notifications`), or None."""

    # --- settings -------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self._settings

    def remember_settings(self, settings: Settings) -> None:
        """Settings saved already by someone else (the Reloadly account dialog saves its own
        part): keep them for what is built next, without saving or reconnecting."""
        self._settings = settings

    def apply_settings(self, new: Settings) -> SettingsChange:
        """Save `new` (raises `OSError`, and nothing changes, when the file cannot be
        written) and take it: the notification policy at once, the wallet from its next
        request on (a changed provider or database is opened again on next use)."""
        from lebwallet.services.settings import save_settings

        save_settings(self.data_dir, new)
        old, self._settings = self._settings, new
        if self.policy is not None:
            self.policy.settings = new
        release = self.wallet.reconfigure(new)
        return SettingsChange(old, new, release)

    def demo_login(self) -> tuple[str, str]:
        """The embedded sandbox's demo account (e-mail, password), offered at sign-in."""
        from lebwallet.sandbox.seed import DEMO_CREDENTIALS

        return DEMO_CREDENTIALS.email, DEMO_CREDENTIALS.password

    # --- notices --------------------------------------------------------------------------

    @property
    def notice_board(self) -> NoticeBoard:
        """The notices the user has not dismissed, kept in the data directory."""
        if self._notice_board is None:
            from lebwallet.services.notice_board import NoticeBoard

            self._notice_board = NoticeBoard.in_dir(self.data_dir)
        return self._notice_board

    def start_notifications(self, card_name: Callable[[str], str | None]) -> NotificationPolicy:
        """A new notification policy for the signed-in session (what it told is kept in the
        data directory, so nothing is told twice across sessions)."""
        from lebwallet.services.notice_log import NoticeLog
        from lebwallet.services.notifications import NotificationPolicy

        self.policy = NotificationPolicy(
            NoticeLog.in_dir(self.data_dir), self._settings, card_name=card_name
        )
        return self.policy

    # --- the signed-in session's backends (None before the sign-in opened the parts) --------

    @property
    def signed_in(self) -> bool:
        """The store and the provider client are open (never blocks)."""
        return self.wallet.open_parts() is not None

    def checkout_policy(self) -> ProviderClient | None:
        """Which payment URLs may be opened: those the provider announced (its client)."""
        parts = self.wallet.open_parts()
        return None if parts is None else parts[0]

    def recharge_backend(self) -> RechargeBackend | None:
        """Recharge through the signed-in provider: the wizard and the order details."""
        from lebwallet.services.recharge_backend import ServiceRechargeBackend

        parts = self.wallet.open_parts()
        return None if parts is None else ServiceRechargeBackend(self.wallet.new_client, parts[1])

    def support_backend(self) -> SupportBackend | None:
        """Support through the signed-in provider."""
        from lebwallet.services.support_backend import ServiceSupportBackend

        parts = self.wallet.open_parts()
        return None if parts is None else ServiceSupportBackend(self.wallet.new_client, parts[1])

    def autopilot_backend(self) -> ServiceAutopilotBackend | None:
        """Autopilot through the signed-in provider (and the Reloadly account, when one is
        added), once its notices can be told."""
        from lebwallet.services.autopilot_backend import ServiceAutopilotBackend

        parts = self.wallet.open_parts()
        if parts is None or self.policy is None:
            return None
        return ServiceAutopilotBackend(
            self.wallet.new_client,
            parts[1],
            self.data_dir,
            settings=self._settings,
            credentials=self.wallet.credential_store,
        )

    def follower_backends(self) -> BackendFactory | None:
        """The order follower's backend factory (each built on the follower's thread, with
        the session's tokens; the daily update check runs while the settings allow it)."""
        from lebwallet.services.follow_backend import services_backend_factory

        parts = self.wallet.open_parts()
        if parts is None:
            return None
        client, store = parts
        return services_backend_factory(
            client.base_url,
            store,
            token_source=self.wallet.current_tokens,
            on_tokens=self.wallet.share_tokens,
            data_dir=self.data_dir,
            check_updates=self._updates_allowed,
            language=self.wallet.language_tag,
        )

    def wizard_channels(self, *, provider: bool) -> WizardChannels:
        """The recharge wizard's channels: the provider (with `provider`, the sign-in done)
        for its cards, the Reloadly account for numbers of the user's own. The store is open
        by then (the window has read the cards from it)."""
        parts = self.wallet.open_parts()
        return WizardChannels(
            self.wallet.new_client if provider and parts is not None else None,
            parts[1] if parts is not None else self.wallet.store(),
            self.reloadly_topups(),
            parts[0] if parts is not None else None,
        )

    def _updates_allowed(self) -> bool:
        return self._settings.check_updates is True

    def reloadly_topups(self) -> ReloadlyTopUps | None:
        """Top-ups through the Reloadly account (None without one); the caller closes it."""
        if self._settings.reloadly is None:
            return None
        from lebwallet.services.reloadly_topup import ReloadlyTopUps

        return ReloadlyTopUps(self._settings, self.wallet.credential_store, self.wallet.store)

    # --- stop -----------------------------------------------------------------------------

    def close(self) -> None:
        """Release the store, the provider client and the sandbox (blocks)."""
        self.wallet.close()
