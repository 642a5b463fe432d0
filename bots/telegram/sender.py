"""Send outbox messages through the Bot API with python-telegram-bot's `Bot` (over aiohttp)."""

from __future__ import annotations

import io
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bots.delivery.channels import ChatMoved, Permanent, RateLimited, Transient, Unreachable
from bots.delivery.settings import DeliverySettings
from bots.telegram.render import TelegramPart, render_reply
from bots.telegram.transport import AiohttpRequest
from core.domain.people import Channel
from core.interactions.charts import content_of
from core.interactions.model import Reply
from core.services.pacing import Limit

GLOBAL_BUCKET = "telegram"


def make_bot(token: str, base_url: str, *, pool: int = 32, timeout: float = 10.0) -> Bot:
    """A Bot for sending (no hidden retries: every retry goes through our pacing)."""
    request = AiohttpRequest(pool=pool, timeout=timeout)
    return Bot(token, base_url=base_url, base_file_url=file_url(base_url), request=request)


def file_url(base_url: str) -> str:
    """Where files are downloaded: ".../bot" -> ".../file/bot" (as on api.telegram.org)."""
    root, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{root}/file/{tail}" if tail == "bot" else f"{base_url.rstrip('/')}/file/bot"


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramSender:
    channel = Channel.TELEGRAM.value

    def __init__(self, bot: Bot, settings: DeliverySettings, rate_limit: float) -> None:
        self.bot = bot
        self.settings = settings
        self.rate_limit = rate_limit

    async def start(self) -> None:
        await self.bot.initialize()

    async def close(self) -> None:
        await self.bot.shutdown()

    def parts(self, reply: Reply) -> list[object]:
        return list(render_reply(reply))

    def limits(self, recipient: str) -> list[Limit]:
        group = recipient.startswith("-")  # groups, supergroups and channels have negative ids
        own = (
            self.settings.interval(self.settings.telegram_group_rate_per_minute / 60)
            if group
            else self.settings.interval(self.settings.telegram_chat_rate)
        )
        return [
            Limit(GLOBAL_BUCKET, self.settings.interval(self.rate_limit)),
            Limit(f"telegram:{recipient}", own),
        ]

    async def send(self, recipient: str, part: object) -> None:
        if not isinstance(part, TelegramPart):
            raise TypeError(f"Telegram sends its own parts, not {type(part).__name__}")
        try:
            if part.photo_ref is not None:
                await self.bot.send_photo(recipient, part.photo_ref)
            elif part.document_ref is not None:
                await self.bot.send_document(recipient, part.document_ref)
            elif part.file is None:
                await self.bot.send_message(
                    recipient, part.text, parse_mode=ParseMode.HTML, reply_markup=part.markup
                )
            elif part.file.mime_type.startswith("image/"):
                await self.bot.send_photo(
                    recipient, io.BytesIO(await content_of(part.file)), filename=part.file.filename
                )
            else:
                await self.bot.send_document(
                    recipient, io.BytesIO(await content_of(part.file)), filename=part.file.filename
                )
        except RetryAfter as error:
            # the private timedelta avoids PTB's int/timedelta deprecation dance
            wait = getattr(error, "_retry_after", None) or error.retry_after
            raise RateLimited(_seconds(wait), str(error)) from error
        except ChatMigrated as error:
            raise ChatMoved(str(error.new_chat_id)) from error
        except Forbidden as error:
            raise Unreachable(error.message) from error
        except BadRequest as error:
            raise Permanent(error.message) from error
        except (NetworkError, InvalidToken) as error:  # TimedOut is a NetworkError
            raise Transient(f"{type(error).__name__}: {error.message}") from error
        except TelegramError as error:
            raise Transient(f"{type(error).__name__}: {error.message}") from error
