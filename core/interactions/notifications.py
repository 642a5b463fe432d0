"""Templates for messages sent later: (translator, params) -> Reply, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.i18n import Translator
from core.interactions.model import Reply, reply_from_data, say

Template = Callable[[Translator, dict[str, Any]], Reply]
TEMPLATES: dict[str, Template] = {}


def notification(name: str) -> Callable[[Template], Template]:
    """Register a template under `name` (the name stored in outbox rows)."""

    def register(template: Template) -> Template:
        TEMPLATES[name] = template
        return template

    return register


def render_notification(name: str, params: dict[str, Any], t: Translator) -> Reply:
    """Render an outbox payload for its reader; an unknown template is a programming error."""
    return TEMPLATES[name](t, params)


@notification("text")
def plain_text(t: Translator, params: dict[str, Any]) -> Reply:
    """A text written by a person (an announcement), sent as it is, never interpreted."""
    return say(str(params["text"]))


@notification("reply")
def stored_reply(t: Translator, params: dict[str, Any]) -> Reply:
    """An answer already composed for its reader (a direct reply sent through the outbox)."""
    return reply_from_data(params)
