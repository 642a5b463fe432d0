"""The reference of the Telegram benchmarks: a bare python-telegram-bot echo bot on a fake API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from tests.fakes.telegram_api import TOKEN


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a message with its own text."""
    assert update.message is not None
    assert update.message.text is not None
    await update.message.reply_text(update.message.text)


@asynccontextmanager
async def echo_bot(base_url: str) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Poll the Bot API at `base_url` and echo every message, until the block ends."""
    app = Application.builder().token(TOKEN).base_url(base_url).concurrent_updates(16).build()
    app.add_handler(MessageHandler(filters.ALL, echo))
    await app.initialize()
    await app.updater.start_polling()  # type: ignore[union-attr]
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
        await app.shutdown()
