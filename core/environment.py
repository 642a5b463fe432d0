"""The configuration's source without pydantic: what a fast command (`status`) needs of it.

`core.config.Settings` (pydantic-settings) reads the same environment and `.env` file and is
the full, validated truth; `essentials()` reads only the few values `status` needs, the same
way (a test checks that both agree), so `status` does not pay for importing pydantic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ENV_FILE = ".env"


class ConfigError(Exception):
    """Configuration that the hub cannot run with; the message is one line for the operator."""


def default_database_url() -> str:
    import platformdirs

    data_dir = Path(platformdirs.user_data_dir("4p1000-hub", appauthor=False))
    return f"sqlite:///{data_dir / 'hub.sqlite3'}"


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


@dataclass(frozen=True)
class Essentials:
    database_url: str
    telegram_enabled: bool
    slack_enabled: bool


def environment() -> dict[str, str]:
    """The variables, lower-cased: the process environment over the `.env` file."""
    found: dict[str, str] = {}
    if Path(ENV_FILE).is_file():
        from dotenv import dotenv_values  # what pydantic-settings reads `.env` with

        found.update({k.lower(): v for k, v in dotenv_values(ENV_FILE).items() if v is not None})
    found.update({key.lower(): value for key, value in os.environ.items()})
    return found


def essentials() -> Essentials:
    """The database and which channels are on, as `Settings` would read them."""
    env = environment()
    url = env.get("database_url") or default_database_url()
    try:
        check_database_url(url)
    except ValueError as problem:
        raise ConfigError(f"DATABASE_URL: {problem}") from None
    return Essentials(
        database_url=url,
        telegram_enabled=bool(env.get("telegram_bot_token")),
        slack_enabled=bool(env.get("slack_bot_token") and env.get("slack_signing_secret")),
    )
