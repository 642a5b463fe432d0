"""Settings from the environment or a `.env` file (names fixed by the operator interface)."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.domain.languages import LANGUAGES, Language
from core.environment import (
    ENV_FILE,
    ConfigError,
    check_database_url,
    default_database_url,
)

__all__ = [
    "LANGUAGES",
    "ConfigError",
    "Settings",
    "check_database_url",
    "default_database_url",
    "load_settings",
]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore")

    database_url: str = ""
    telegram_bot_token: str | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_bot_username: str = "hub4p1000bot"  # for invitation deep links (t.me/NAME?start=)
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_webhook_port: int = 8443
    telegram_webhook_listen: str = "0.0.0.0"  # noqa: S104 (a container listens on all; interface.md)
    telegram_rate_limit: float = 30.0
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_port: int = 3000
    slack_moderation_channel: str | None = None
    slack_bureau_channel: str | None = None
    slack_experts_channel: str | None = None  # where questions to the experts arrive as cards
    bureau_quorum: int = 3
    bureau_majority: float = 0.5
    default_language: Language = "en"
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    log_format: Literal["console", "json"] = "console"
    # Where the search index is kept between restarts: empty = beside an SQLite file, or in the
    # user's data directory for PostgreSQL; "memory" = rebuilt at each start.
    search_index_dir: str = ""

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


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one clear ConfigError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"]).upper() or "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}") from None
