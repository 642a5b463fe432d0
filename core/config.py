"""Settings from the environment or a `.env` file (names fixed by the operator interface)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.domain.languages import Language


class ConfigError(Exception):
    """Configuration that the hub cannot run with; the message is one line for the operator."""


def default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("4p1000-hub", appauthor=False))
    return f"sqlite:///{data_dir / 'hub.sqlite3'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = ""
    telegram_bot_token: str | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_bot_username: str = "hub4p1000bot"  # for invitation deep links (t.me/NAME?start=)
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_webhook_port: int = 8443
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_rate_limit: float = 30.0
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_port: int = 3000
    slack_moderation_channel: str | None = None
    slack_bureau_channel: str | None = None
    bureau_quorum: int = 3
    bureau_majority: float = 0.5
    default_language: Language = "en"
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    log_format: Literal["console", "json"] = "console"

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value:
            return default_database_url()
        check_database_url(value)
        return value

    @field_validator("default_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)

    def secrets(self) -> list[str]:
        """Every configured secret, for the logs to mask."""
        values = [
            self.telegram_bot_token,
            self.telegram_webhook_secret,
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            urlsplit(self.database_url).password,
        ]
        return [value for value in values if value]


def check_database_url(url: str) -> None:
    """Raise ValueError unless `url` is a usable sqlite or postgresql URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme == "sqlite":
        if not url.startswith("sqlite:///") and url != "sqlite://":
            raise ValueError("an SQLite URL looks like sqlite:///path/to/file.db")
        return
    if scheme in ("postgresql", "postgres"):
        if not parts.hostname and "host=" not in parts.query:
            raise ValueError("a PostgreSQL URL needs a host: postgresql://user:pass@host/db")
        if not parts.path.strip("/"):
            raise ValueError("a PostgreSQL URL needs a database name: postgresql://host/db")
        return
    raise ValueError(
        f"unsupported database scheme {parts.scheme or '(none)'!r}: use sqlite:/// or postgresql://"
    )


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one clear ConfigError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"]).upper() or "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}") from None
