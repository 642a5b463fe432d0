"""Secrets never reach the logs: bot tokens in request URLs and Slack tokens are redacted."""

from __future__ import annotations

import logging

import pytest

from core.logging import RedactingFilter, redact

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
