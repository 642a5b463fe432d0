"""Map Telegram updates to the core's neutral inputs (nothing a user sends is dropped)."""

from __future__ import annotations

from telegram import Message, Update

from core.domain.people import Channel
from core.interactions.model import (
    ButtonPress,
    FileKind,
    Input,
    Sender,
    SharedFile,
    SharedLocation,
    Text,
    Unsupported,
)


def sender_of(update: Update) -> Sender | None:
    """The person behind an update, with the chat to answer in."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or user.is_bot:
        return None
    return Sender(
        channel=Channel.TELEGRAM,
        external_id=str(user.id),
        display_name=user.full_name,
        language_hint=user.language_code,
        chat_id=str(chat.id) if chat is not None else str(user.id),
    )


def input_of(update: Update) -> Input | None:
    """The core input an update carries, or None for updates that carry none."""
    if update.callback_query is not None:
        return ButtonPress(update.callback_query.data or "")
    message = update.effective_message
    if message is None:
        return None
    return _message_input(message)


def _message_input(message: Message) -> Input:
    caption = message.caption or ""
    group = message.media_group_id
    if message.text is not None:
        return Text(message.text)
    if message.location is not None:
        return SharedLocation(message.location.latitude, message.location.longitude)
    if message.photo:
        best = message.photo[-1]
        return SharedFile("photo", best.file_id, None, "image/jpeg", best.file_size, caption, group)
    if message.document is not None:
        doc = message.document
        return SharedFile(
            "document", doc.file_id, doc.file_name, doc.mime_type, doc.file_size, caption, group
        )
    for kind in ("video", "voice", "audio", "animation", "sticker"):
        media = getattr(message, kind)
        if media is not None:
            kind_: FileKind = kind
            return SharedFile(
                kind_,
                media.file_id,
                getattr(media, "file_name", None),
                getattr(media, "mime_type", None),
                media.file_size,
                caption,
                group,
            )
    kind = next(
        (name for name in ("contact", "poll", "dice", "venue", "game") if getattr(message, name)),
        "other",
    )
    return Unsupported(kind)
