"""Secrets never reach the logs; tracebacks are whole and carry no local variables."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from bots.telegram import app as telegram_app
from core.bootstrap import bootstrap
from core.config import Settings, load_settings
from core.logging import RedactingFilter, configure_logging, redact, set_secrets
from tests.conftest import make_settings
from tests.fakes.telegram_api import TOKEN as FAKE_TOKEN
from tests.fakes.telegram_api import FakeTelegram

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_tokens_are_redacted() -> None:
    url = f"HTTP Request: POST https://api.telegram.org/bot{TOKEN}/sendMessage"
    assert TOKEN not in redact(url)
    assert "bot[redacted]/sendMessage" in redact(url)
    assert "xoxb-1234-5678-abcdef" not in redact("token xoxb-1234-5678-abcdef used")


def test_the_filter_rewrites_records_with_arguments(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redaction")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info("calling %s", f"https://api.telegram.org/bot{TOKEN}/getUpdates")
    assert TOKEN not in caplog.text
    assert "bot[redacted]/getUpdates" in caplog.text


SECRETS = {
    "telegram_bot_token": FAKE_TOKEN,
    "telegram_webhook_secret": "hook-secret-Zq81",
    "slack_bot_token": "xoxb-1111-2222-sEcReT",
    "slack_signing_secret": "signing-secret-9f8e7d",
    "slack_app_token": "xapp-1-A0-secret-app",
}
DATABASE_URL = "postgresql://hub:db-pass-W0rd@db.example/hub"
LOCAL_MARKER = "local-value-that-must-not-print"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level
    set_secrets(())
    structlog.reset_defaults()


def _settings() -> Settings:
    return load_settings(database_url=DATABASE_URL, **SECRETS)


def _handler(update: str, token: str, signing_secret: str) -> None:
    """A handler that fails with secrets among its arguments and locals."""
    note = LOCAL_MARKER
    raise ValueError(f"boom while handling {update} ({len(note)})")


def _fail_and_log() -> None:
    settings = _settings()
    try:
        _handler("update 7", settings.telegram_bot_token or "", SECRETS["slack_signing_secret"])
    except ValueError as error:
        logging.getLogger("bots.telegram.app").error("update failed: %s", error, exc_info=error)
        structlog.get_logger("hub").exception("failed again", url=DATABASE_URL)


def _assert_clean(text: str) -> None:
    for secret in [*SECRETS.values(), "db-pass-W0rd"]:
        assert secret not in text
    assert LOCAL_MARKER not in text
    assert "note =" not in text
    assert "signing_secret =" not in text


def test_settings_list_every_secret_including_the_database_password() -> None:
    assert set(_settings().secrets()) == {*SECRETS.values(), "db-pass-W0rd"}


def test_json_lines_carry_the_whole_traceback_and_no_secret_or_local(
    capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    configure_logging("INFO", "json", _settings().secrets())
    _fail_and_log()
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["event"] for line in lines] == [
        "update failed: boom while handling update 7 (31)",
        "failed again",
    ]
    for line in lines:
        assert line["exception"].startswith("Traceback (most recent call last):")
        assert "in _handler" in line["exception"]
        assert "ValueError: boom while handling update 7" in line["exception"]
    assert lines[1]["url"] == "postgresql://hub:[redacted]@db.example/hub"
    _assert_clean(json.dumps(lines))


def test_console_tracebacks_show_frames_without_locals_or_secrets(
    capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    configure_logging("INFO", "console", _settings().secrets())
    _fail_and_log()
    text = capsys.readouterr().err
    assert text.count("Traceback (most recent call last):") == 2
    assert "in _handler" in text
    assert "ValueError: boom while handling update 7" in text
    _assert_clean(text)


async def test_a_debug_webhook_start_logs_no_secret(
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
    telegram_api: FakeTelegram,
    sqlite_url: str,
    unused_tcp_port: int,
) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/telegram/hook"
    settings = make_settings(
        sqlite_url,
        telegram_bot_token=FAKE_TOKEN,
        telegram_api_base_url=telegram_api.base_url,
        telegram_webhook_url=url,
        telegram_webhook_secret=SECRETS["telegram_webhook_secret"],
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=unused_tcp_port,
        slack_bot_token=SECRETS["slack_bot_token"],
        slack_signing_secret=SECRETS["slack_signing_secret"],
        slack_app_token=SECRETS["slack_app_token"],
    )
    configure_logging("DEBUG", "console", [*settings.secrets(), "db-pass-W0rd"])
    logging.getLogger("test").debug("settings: %r, database %s", settings, DATABASE_URL)
    hub = bootstrap(settings)
    stop = asyncio.Event()
    task = asyncio.create_task(telegram_app.run(hub, stop))
    try:
        for _ in range(200):
            if any(c.method == "setWebhook" for c in telegram_api.calls):
                break
            await asyncio.sleep(0.02)
        hook = next(c for c in telegram_api.calls if c.method == "setWebhook")
        assert hook.params["secret_token"] == SECRETS["telegram_webhook_secret"]
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)
        await hub.close()
    text = capsys.readouterr().err
    assert "setWebhook" in text  # PTB's debug line with the parameters was logged...
    assert "secret_token" in text
    _assert_clean(text)  # ...and masked
