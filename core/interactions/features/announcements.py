"""The Secretariat's announcement, as its readers get it (sent through the outbox)."""

from __future__ import annotations

from typing import Any

from core.i18n import Translator, pick_language
from core.interactions.model import Reply, bold, italic
from core.interactions.notifications import notification
from core.services.announcements import ANY_LANGUAGE


@notification("announcement")
def announcement(t: Translator, params: dict[str, Any]) -> Reply:
    """A heading in the reader's language, then the text in their language (or marked)."""
    reply = Reply().add(bold(t("Announcement from the Executive Secretariat")))
    texts: dict[str, str] = params.get("texts") or {ANY_LANGUAGE: params.get("text", "")}
    text, other = texts.get(ANY_LANGUAGE) or "", None
    if not text:
        text, other = pick_language(texts, t.language)
    if other is not None:
        reply.add(italic(t("(written in {language})", language=t.language_name(other))))
    for paragraph in text.split("\n\n"):
        reply.add(paragraph)
    return reply
