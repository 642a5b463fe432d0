"""The Telegram bot: python-telegram-bot's Application, mapped onto the core.

Polling by default; webhook mode when TELEGRAM_WEBHOOK_URL is set (it needs the secret,
which python-telegram-bot checks on every request: a wrong or missing one gets 403).
Answers are queued in the outbox in the handling transaction, then sent at once by this
process (`send_now`), paced with everything else; a row it could not send stays for any worker.
The de-duplication key of an update is scoped to the bot (Telegram numbers updates per bot).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast
from urllib.parse import urlsplit

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, TypeHandler

from bots.telegram.commands import publish_commands
from bots.telegram.inputs import input_of, sender_of
from bots.telegram.ordering import PerChatUpdateProcessor
from bots.telegram.polling import poll
from bots.telegram.transport import AiohttpRequest
from core.bootstrap import Hub
from core.config import ConfigError, Settings
from core.domain.people import Channel
from core.i18n import Translator, normalize_language
from core.interactions.dispatch import apology
from core.interactions.inbound import Receiver
from core.services.delivery import mark_unreachable

log = logging.getLogger(__name__)
SendNow = Callable[[list[str]], Awaitable[None]]
# Updates in the works at once (PerChatUpdateProcessor). Those that arrive while a batch is
# being handled are handled together in the next one (core.interactions.inbound.Receiver),
# at most TOGETHER per transaction, so that the first answers leave while later ones are
# still being handled.
CONCURRENT_UPDATES = 64
TOGETHER = 16


class HubContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context, with the hub at hand."""

    @property
    def hub(self) -> Hub:
        return cast(Hub, self.application.bot_data["hub"])

    @property
    def send_now(self) -> SendNow | None:
        return cast(SendNow | None, self.application.bot_data.get("send_now"))

    @property
    def receiver(self) -> Receiver:
        return cast(Receiver, self.application.bot_data["receiver"])


async def on_update(update: Update, context: HubContext) -> None:
    """Answer one update through the core, exactly once."""
    hub = context.hub
    if update.my_chat_member is not None:
        await on_membership(update, hub)
        return
    sender, message = sender_of(update), input_of(update)
    if sender is None or message is None:
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()  # stops the button's spinner
        except TelegramError:
            log.warning("could not answer a button press; handling it anyway", exc_info=True)
    inbound_id = f"{context.bot.id}:{update.update_id}"  # update ids are per bot
    received = await context.receiver.receive(sender, message, inbound_id=inbound_id)
    if context.send_now is not None and received.queued:
        await context.send_now(received.queued)


async def on_membership(update: Update, hub: Hub) -> None:
    """Mark a person unreachable when they block the bot (writing again makes them reachable)."""
    change = update.my_chat_member
    if change is None:
        return
    if change.new_chat_member.status not in ("kicked", "left"):
        return
    async with hub.uow() as uow:
        await mark_unreachable(
            uow, Channel.TELEGRAM.value, str(change.chat.id), "blocked the bot", hub.now()
        )
        await uow.commit()


async def on_error(update: object, context: HubContext) -> None:
    """Log the failure with context and apologise to the person, in their language."""
    log.error("telegram update failed: %s", context.error, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    user = update.effective_user
    language = normalize_language(user.language_code if user else None)
    t = Translator(language or context.hub.defaults.language)
    try:
        await context.bot.send_message(
            update.effective_chat.id, apology(t).plain_text, parse_mode=ParseMode.HTML
        )
    except Exception:  # the apology is best effort: the failure is logged above
        log.warning("could not send the apology", exc_info=True)


def build_application(
    hub: Hub, send_now: SendNow | None = None
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The Application for this hub's settings (not started)."""
    settings = hub.settings
    if not settings.telegram_bot_token:
        raise RuntimeError("Telegram is not configured (TELEGRAM_BOT_TOKEN)")
    application = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .context_types(ContextTypes(context=HubContext))
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES))
        .request(AiohttpRequest(pool=16))
        .get_updates_request(AiohttpRequest(pool=2))
        .build()
    )
    application.bot_data["hub"] = hub
    application.bot_data["send_now"] = send_now
    application.bot_data["receiver"] = Receiver(hub, limit=TOGETHER)
    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    return application


def webhook_options(settings: Settings) -> dict[str, Any] | None:
    """Webhook parameters, None for polling; webhook mode without a secret is refused."""
    if not settings.telegram_webhook_url:
        return None
    if not settings.telegram_webhook_secret:
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set")
    return {
        "listen": settings.telegram_webhook_listen,
        "port": settings.telegram_webhook_port,
        "url_path": urlsplit(settings.telegram_webhook_url).path.lstrip("/"),
        "webhook_url": settings.telegram_webhook_url,
        "secret_token": settings.telegram_webhook_secret,
        "allowed_updates": Update.ALL_TYPES,
    }


async def run(hub: Hub, stop: asyncio.Event, send_now: SendNow | None = None) -> None:
    """Serve Telegram until `stop` is set, then stop cleanly; answers leave via `send_now`."""
    webhook = webhook_options(hub.settings)
    application = build_application(hub, send_now)
    await application.initialize()
    try:
        await publish_commands(application.bot)
        updater = application.updater
        if updater is None:
            raise RuntimeError("the Telegram application was built without an updater")
        if webhook is not None:
            await updater.start_webhook(**webhook)
        await application.start()
        log.info("telegram: %s", "webhook" if webhook else "polling")
        if webhook is None:
            await poll(application, stop)  # confirms updates only once handled
        else:
            await stop.wait()
            await updater.stop()
        await application.stop()
    finally:
        await application.shutdown()
