"""`status` reads the configuration without pydantic, and reads it as `Settings` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import ConfigError, load_settings
from core.environment import essentials

KEYS = ("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")


@pytest.mark.parametrize(
    ("env", "dotenv"),
    [
        ({}, ""),
        ({"DATABASE_URL": "postgresql://hub:pw@db/hub", "TELEGRAM_BOT_TOKEN": "1:x"}, ""),
        ({"slack_bot_token": "xoxb"}, "SLACK_SIGNING_SECRET=s\nDATABASE_URL=sqlite:////tmp/a.db\n"),
        ({"DATABASE_URL": "sqlite:////tmp/env.db"}, "DATABASE_URL=sqlite:////tmp/file.db\n"),
        ({"TELEGRAM_BOT_TOKEN": ""}, "telegram_bot_token=1:y\nSLACK_BOT_TOKEN=xoxb\n"),
    ],
)
def test_essentials_agree_with_settings(
    env: dict[str, str], dotenv: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for key in KEYS:
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    if dotenv:
        (tmp_path / ".env").write_text(dotenv)
    settings, found = load_settings(), essentials()
    assert found.database_url == settings.database_url
    assert found.telegram_enabled == settings.telegram_enabled
    assert found.slack_enabled == settings.slack_enabled


def test_a_bad_url_is_the_same_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/hub")
    with pytest.raises(ConfigError) as lean:
        essentials()
    with pytest.raises(ConfigError) as full:
        load_settings()
    assert str(lean.value) == str(full.value)
