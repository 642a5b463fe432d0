"""Configuration errors are one clear line, never a traceback."""

from __future__ import annotations

import pytest

from core.config import ConfigError, load_settings


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://root@localhost/hub", "unsupported database scheme 'mysql'"),
        ("not a url", "unsupported database scheme"),
        ("sqlite:/relative", "sqlite:///"),
        ("postgresql:///nohost", "needs a host"),
        ("postgresql://localhost", "needs a database name"),
    ],
)
def test_bad_database_urls_are_refused_clearly(url: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(database_url=url, _env_file=None)
    assert str(raised.value).startswith("DATABASE_URL: ")
    assert fragment in str(raised.value)
    assert "\n" not in str(raised.value)


def test_bad_time_zone_is_refused() -> None:
    with pytest.raises(ConfigError, match="DEFAULT_TIMEZONE: unknown time zone 'Mars/Olympus'"):
        load_settings(default_timezone="Mars/Olympus", _env_file=None)


def test_plain_urls_are_accepted_and_default_is_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_settings(_env_file=None).database_url.startswith("sqlite:///")
    url = "postgresql://hub:secret@db.example/hub"
    assert load_settings(database_url=url, _env_file=None).database_url == url
