"""Render a Reply for Telegram: HTML (escaped), split at 4096, an inline keyboard, files."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bots.delivery.split import split_paragraphs, utf16_length
from core.domain.people import Channel
from core.interactions.model import OutFile, Reply, Span

MAX_TEXT = 4096  # characters of a message (UTF-16 units); captions are 1024
_TAGS = {"bold": "b", "italic": "i", "code": "code"}


def render_span(span: Span) -> str:
    """One span as Telegram HTML; user text is always escaped."""
    text = html.escape(span.text, quote=False)
    if span.style == "link" and span.url:
        return f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
    tag = _TAGS.get(span.style)
    return f"<{tag}>{text}</{tag}>" if tag else text


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


@dataclass(frozen=True)
class TelegramPart:
    """One Bot API call: a text message (HTML) or a file."""

    text: str = ""
    markup: InlineKeyboardMarkup | None = None
    file: OutFile | None = None
    photo_ref: str | None = None  # a photo or document already on Telegram, by file_id
    document_ref: str | None = None


def render_reply(reply: Reply, limit: int = MAX_TEXT) -> list[TelegramPart]:
    """The messages that carry `reply`, in order; the keyboard rides on the last text."""
    texts = split_paragraphs(reply.paragraphs, render_span, limit, measure=utf16_length)
    parts = [TelegramPart(text=text) for text in texts]
    markup = keyboard(reply)
    if markup is not None:
        if parts:
            parts[-1] = TelegramPart(text=parts[-1].text, markup=markup)
        else:
            parts.append(TelegramPart(text="⬇️", markup=markup))
    for sent in reply.channel_files:
        if sent.channel == Channel.TELEGRAM:
            is_photo = sent.kind == "photo"
            parts.append(
                TelegramPart(
                    photo_ref=sent.ref if is_photo else None,
                    document_ref=None if is_photo else sent.ref,
                )
            )
    parts.extend(TelegramPart(file=out) for out in reply.files)
    return parts
