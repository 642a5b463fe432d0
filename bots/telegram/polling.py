"""Long polling that confirms an update only once it is handled (nothing lost in a crash).

python-telegram-bot's Updater confirms a batch (the next getUpdates offset) as soon as it has
queued it; a process killed then loses what it had not handled yet. Here a batch is handled
first (chats in parallel, each chat in order) and confirmed after: a crash only brings the
batch back, and what was already handled is recognised by its recorded update id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

log = logging.getLogger(__name__)
POLL_TIMEOUT = 10  # seconds Telegram holds a getUpdates open when there is nothing new


async def _handle_batch(
    application: Application[Any, Any, Any, Any, Any, Any], batch: list[Update]
) -> None:
    chats: dict[object, list[Update]] = {}
    for update in batch:
        chat = update.effective_chat
        chats.setdefault(chat.id if chat else ("update", update.update_id), []).append(update)

    async def in_order(updates: list[Update]) -> None:
        for update in updates:
            await application.process_update(update)  # errors go to the error handler

    await asyncio.gather(*(in_order(updates) for updates in chats.values()))


async def poll(application: Application[Any, Any, Any, Any, Any, Any], stop: asyncio.Event) -> None:
    """Fetch, handle, then confirm updates until `stop` is set."""
    bot = application.bot
    await bot.delete_webhook()
    offset: int | None = None
    stopping = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set():
            fetch = asyncio.create_task(
                bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
                )
            )
            await asyncio.wait([fetch, stopping], return_when=asyncio.FIRST_COMPLETED)
            if not fetch.done():
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await fetch
                break
            try:
                batch = list(fetch.result())
            except TelegramError as error:
                log.warning("getUpdates failed (%s); trying again", error)
                await asyncio.sleep(1)
                continue
            if batch:
                await _handle_batch(application, batch)
                offset = batch[-1].update_id + 1
        if offset is not None:  # confirm the last batch before leaving
            with contextlib.suppress(TelegramError):
                await bot.get_updates(offset=offset, timeout=0)
    finally:
        stopping.cancel()
