"""Structured logs on stderr: whole tracebacks without locals, every configured secret redacted."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

import structlog

_BOT_TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]{20,}|\b\d{6,}:[A-Za-z0-9_-]{30,}")
_SLACK_TOKEN = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")
_URL_PASSWORD = re.compile(r"(\w+(?:\+\w+)?://[^:/@\s]*:)[^@\s/]+(@)")
MASK = "[redacted]"
_MIN_SECRET = 3  # shorter values would mask ordinary words; no real secret is that short

_secrets: tuple[str, ...] = ()


def database_password(url: str) -> str | None:
    """The password inside a database URL, if there is one."""
    try:
        return urlsplit(url).password or None
    except ValueError:
        return None


def _forms(secret: str) -> set[str]:
    """The ways a secret can appear in a line: as is, URL-quoted, JSON-escaped, repr-escaped."""
    return {secret, quote(secret, safe=""), json.dumps(secret)[1:-1], repr(secret)[1:-1]}


def set_secrets(values: Iterable[str | None]) -> None:
    """Remember the configured secrets that every log line must not contain."""
    global _secrets
    forms: set[str] = set()
    for value in values:
        if value and len(value) >= _MIN_SECRET:
            forms |= _forms(value)
    _secrets = tuple(sorted(forms, key=len, reverse=True))


def redact(text: str) -> str:
    """Mask configured secrets, bot and Slack tokens, and passwords in URLs."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _BOT_TOKEN.sub("bot" + MASK, text)
    text = _SLACK_TOKEN.sub("xox*-" + MASK, text)
    return _URL_PASSWORD.sub(r"\1" + MASK + r"\2", text)


class RedactingFilter(logging.Filter):
    """Rewrite every record so that no secret reaches a handler's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, dict):  # structlog's event: the formatter redacts its line
            return True
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RedactingFormatter(structlog.stdlib.ProcessorFormatter):
    """The rendered line, traceback included, goes through `redact` last."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _renderer(fmt: str) -> list[structlog.types.Processor]:
    """JSON: the traceback as one text field; console: a plain traceback. Never locals."""
    if fmt == "json":
        return [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    console = structlog.dev.ConsoleRenderer(
        colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
    )
    return [console]


def configure_logging(
    level: str = "INFO", fmt: str = "console", secrets: Iterable[str | None] = ()
) -> None:
    """Send every log line (ours and the libraries') to stderr in `fmt`, secrets masked."""
    set_secrets(secrets)
    formatter = RedactingFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *_renderer(fmt)],
        foreign_pre_chain=[
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso"),
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("alembic", "httpx", "aiosqlite", "asyncio"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    structlog.configure(
        processors=[
            structlog.stdlib.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
