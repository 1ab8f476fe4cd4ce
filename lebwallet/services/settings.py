"""The wallet's settings: what they are, how they are checked, where they are kept.

Settings live in ``settings.json`` in the data directory. They hold no secret (tokens and
passwords go to the keyring, see `credentials.py`). The file is written atomically
(temporary file, flush, fsync, ``os.replace``) so a crash never leaves half a file.

At most `MAX_SETTINGS_BYTES` of the file are read. A file that cannot be read, is too
large, is not JSON the standard library can hold, or does not validate is *not* overwritten:
`load_settings` returns the defaults together with a message for the user, and the broken
file stays where it is until the user saves new settings from the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Final
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lebwallet.services.files import (
    MAX_SETTINGS_BYTES,
    UnreadableFile,
    parse_json,
    read_small_text,
    write_atomically,
)

SETTINGS_FILE: Final = "settings.json"
MIN_REFRESH_SECONDS: Final = 5
MAX_REFRESH_SECONDS: Final = 3600


class NotificationKind(StrEnum):
    CREDITED = "credited"
    FAILED = "failed"
    ACTION_NEEDED = "action_needed"
    LOW_BALANCE = "low_balance"
    DEADLINE = "deadline"
    UPDATE = "update"


class UrlProblem(StrEnum):
    """What is wrong with a provider URL (for a hint in the user's language)."""

    NOT_A_URL = "not_a_url"
    PLAIN_HTTP = "plain_http"
    QUERY = "query"


class SettingsError(ValueError):
    """A settings value or file is not acceptable; the message says which and why, and
    `url_problem` what is wrong with a provider URL."""

    def __init__(self, message: str, *, url_problem: UrlProblem | None = None) -> None:
        super().__init__(message)
        self.url_problem = url_problem


def check_provider_url(value: str) -> str:
    """An http(s) URL with a host; plain http only on loopback. Returns it without a trailing /."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(
            f"provider URL must start with https:// and name a host: {text!r}",
            url_problem=UrlProblem.NOT_A_URL,
        )
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "::1", "localhost"):
        raise SettingsError(
            "provider URL must use https:// (plain http only on this computer)",
            url_problem=UrlProblem.PLAIN_HTTP,
        )
    if parts.query or parts.fragment:
        raise SettingsError(
            "provider URL must not have a query or fragment", url_problem=UrlProblem.QUERY
        )
    return text.rstrip("/")


def check_database_url(value: str) -> str:
    """A URL SQLAlchemy can open (``sqlite:///…``, ``postgresql+psycopg://…``): the database
    kind must be known and its driver installed, so a typo is refused now, not at start-up."""
    # Imported here: SQLAlchemy costs ~0.3 s to import, off the window's first paint.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    text = value.strip()
    try:
        url = make_url(text)
    except ArgumentError as error:
        raise SettingsError(f"not a database URL: {text!r}") from error
    if not url.drivername:
        raise SettingsError(f"database URL names no database kind: {text!r}")
    try:
        dialect = url.get_dialect()
    except NoSuchModuleError as error:
        raise SettingsError(f"unknown database kind {url.drivername!r}") from error
    try:
        dialect.import_dbapi()
    except ImportError as error:
        raise SettingsError(
            f"no driver for {url.drivername!r} is installed (SQLite and PostgreSQL with "
            "psycopg are supported)"
        ) from error
    return text


class Settings(BaseModel):
    """Everything the user can set. `None` for a URL means the built-in default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Annotated[str, Field(pattern=r"^(en|zh_CN)$")] = "en"
    provider_url: str | None = None
    """None: the embedded sandbox provider, started in-process."""
    database_url: str | None = None
    """None: SQLite in the data directory."""
    refresh_seconds: Annotated[int, Field(ge=MIN_REFRESH_SECONDS, le=MAX_REFRESH_SECONDS)] = 60
    notifications: frozenset[NotificationKind] = frozenset(NotificationKind)
    start_minimised: bool = False
    check_updates: bool | None = None
    """None: not asked yet (the first start asks)."""
    remember_password: bool = False
    login: str | None = None
    """Only read: where older versions kept the e-mail or phone last signed in with. It now
    lives in the store with the account; the next sign-in moves it there and removes it from
    the file."""
    tray_hint_shown: bool = False
    save_folder: Annotated[str, Field(max_length=4096)] | None = None
    """The folder the user last saved an export or a receipt in; None: the documents
    folder (never the directory the wallet was started from)."""

    @field_validator("provider_url")
    @classmethod
    def _provider_url(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else check_provider_url(value)

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else check_database_url(value)

    @property
    def uses_sandbox(self) -> bool:
        return self.provider_url is None

    def notifies(self, kind: NotificationKind) -> bool:
        return kind in self.notifications


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    settings: Settings
    problem: str | None
    """Why the file was not used (shown to the user), or None."""


def settings_path(data_dir: Path) -> Path:
    return data_dir / SETTINGS_FILE


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "file"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def parse_settings(text: str) -> Settings:
    """Settings from JSON text; `SettingsError` with every problem named."""
    try:
        raw = parse_json(text)
    except UnreadableFile as error:
        raise SettingsError(str(error)) from None
    if not isinstance(raw, dict):
        raise SettingsError("the settings file must hold a JSON object")
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        raise SettingsError(_describe(error)) from error
    except RecursionError:  # a value nested deep enough for the validator's own recursion
        raise SettingsError("a value is nested too deeply") from None


def load_settings(data_dir: Path) -> LoadedSettings:
    path = settings_path(data_dir)
    try:
        text = read_small_text(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return LoadedSettings(Settings(), None)
    except (OSError, UnreadableFile) as error:
        return LoadedSettings(Settings(), f"{path} could not be read ({error}); using defaults")
    try:
        return LoadedSettings(parse_settings(text), None)
    except SettingsError as error:
        return LoadedSettings(Settings(), f"{path} was not used: {error}. Defaults are in effect.")


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write atomically: a crash leaves either the old file or the new one."""
    legacy = {"login"} if settings.login is None else set()  # the login lives in the store
    write_atomically(settings_path(data_dir), settings.model_dump_json(indent=2, exclude=legacy))
