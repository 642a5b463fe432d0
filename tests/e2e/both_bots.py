"""Settings for one `serve` with both bots on the fakes, exported as a process sees them."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from core.config import Settings
from tests.conftest import make_settings
from tests.e2e.slack_helpers import SECRET
from tests.fakes.slack_api import TOKEN as SLACK_TOKEN
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import TOKEN as TELEGRAM_TOKEN
from tests.fakes.telegram_api import FakeTelegram


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def both_bots(
    url: str,
    telegram_api: FakeTelegram,
    slack_api: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    **extra: Any,
) -> Settings:
    """Telegram and Slack on the fakes (fast pacing), also set in the environment."""
    settings = make_settings(
        url,
        telegram_bot_token=TELEGRAM_TOKEN,
        telegram_api_base_url=telegram_api.base_url,
        slack_bot_token=SLACK_TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=slack_api.base_url,
        slack_port=free_port(),
        **extra,
    )
    for name, value in settings.model_dump().items():
        if value is not None:
            monkeypatch.setenv(name.upper(), str(value))
    monkeypatch.setenv("DELIVERY_POLL_SECONDS", "0.05")
    monkeypatch.setenv("TELEGRAM_CHAT_RATE", "100")
    monkeypatch.setenv("SLACK_CHANNEL_RATE", "100")
    return settings
