"""On Slack the hub has one slash command: texts that name a command read as Slack users type it."""

from __future__ import annotations

import importlib
import pkgutil

import core.interactions.features as features
from bots.slack.blocks import render_reply
from core.i18n import Translator
from core.interactions.notifications import render_notification

for module in pkgutil.iter_modules(features.__path__):
    importlib.import_module(f"{features.__name__}.{module.name}")


def test_a_notice_tells_a_slack_reader_to_type_the_hub_command() -> None:
    params = {"id": 7, "title": "Zaï", "type": "news", "region": None, "author": "Awa"}
    for language, word in (("en", "review"), ("fr", "lire"), ("es", "revisar")):
        [message] = render_reply(
            render_notification("report_submitted", params, Translator(language))
        )
        assert f"/4p1000 {word} 7" in message.text
        assert f" /{word} 7" not in message.text


def test_only_known_commands_change_and_links_stay_whole() -> None:
    from core.interactions.model import Reply, Span

    reply = Reply().add("see https://x.org/practices, and/or /nosuchthing, or /help")
    reply.add(Span("/help", "link", "https://x.org/help"))
    [message] = render_reply(reply)
    assert "https://x.org/practices, and/or /nosuchthing, or /4p1000 help" in message.text
    assert "<https://x.org/help|/help>" in message.text


def test_marks_sit_against_the_words_so_slack_shows_them() -> None:
    from bots.slack.blocks import render_span
    from core.interactions.model import Span

    assert render_span(Span(" (webinar)", "italic")) == " _(webinar)_"
    assert render_span(Span("#13 · Webinar ", "bold")) == "*#13 · Webinar* "
    assert render_span(Span("   ", "bold")) == "   "
