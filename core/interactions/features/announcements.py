"""The Secretariat's announcement, as its readers get it (sent through the outbox)."""

from __future__ import annotations

from typing import Any

from core.i18n import Translator
from core.interactions.model import Reply, bold
from core.interactions.notifications import notification


@notification("announcement")
def announcement(t: Translator, params: dict[str, Any]) -> Reply:
    """A heading in the reader's language, then the text as the Secretariat wrote it."""
    reply = Reply().add(bold(t("Announcement from the Executive Secretariat")))
    for paragraph in str(params["text"]).split("\n\n"):
        reply.add(paragraph)
    return reply
