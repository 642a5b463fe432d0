"""Fetch a file a person sent on Telegram (getFile, then the download), for another channel."""

from __future__ import annotations

import io

from telegram import Bot
from telegram.error import BadRequest, NetworkError, TelegramError

from bots.delivery.channels import Permanent, Transient


class TelegramFiles:
    """Download Telegram files by their file id, refusing what is over `limit` bytes."""

    channel = "telegram"

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def fetch(self, ref: str, limit: int) -> bytes:
        try:
            file = await self.bot.get_file(ref)
            if file.file_size is not None and file.file_size > limit:
                raise Permanent(f"telegram file of {file.file_size} bytes is over {limit}")
            buffer = io.BytesIO()
            await file.download_to_memory(buffer)
        except BadRequest as error:
            raise Permanent(f"telegram getFile: {error.message}") from error
        except (NetworkError, TelegramError) as error:
            raise Transient(f"telegram download: {error}") from error
        if buffer.tell() > limit:
            raise Permanent(f"telegram file of {buffer.tell()} bytes is over {limit}")
        return buffer.getvalue()
