"""The experts' Answer button on Slack: a modal with the answer, its language and consent."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bots.slack.blocks import escape
from bots.slack.desk import Desk, guarded
from bots.slack.inputs import sender_of
from bots.slack.modals import languages, meta_of, modal, select, text_input, values_of
from core.i18n import Translator
from core.interactions.desk_actions import act
from core.interactions.features.questions_forms import answer_from_form, may_answer

ANSWER_BUTTON = re.compile(r"^qd:answer:(\d+)$")
CALLBACK = "question_answer"
SHOWN = 2_900  # a section's text holds 3,000 characters


def answer_modal(t: Translator, number: int, question: str) -> dict[str, Any]:
    """The question, then the answer, the language it is written in, and may it be published."""
    shown = {"type": "section", "text": {"type": "mrkdwn", "text": escape(question[:SHOWN])}}
    consent = [(t("Yes, publish it"), "yes"), (t("No, keep it private"), "no")]
    blocks = [
        shown,
        text_input("answer", t("Type your answer to #{id}:", id=number), multiline=True),
        select("language", t("Language of the texts"), languages(t), initial=t.language),
        select(
            "publish",
            t("May it be published, without the asker's name, so that others find it?"),
            consent,
            initial="yes",
        ),
    ]
    return modal(t, CALLBACK, t("Answer #{id}", id=number), t("Send"), blocks, {"id": number})


async def opened(desk: Desk, body: dict[str, Any], value: str) -> bool:
    """Open the answer modal for an Answer press; False when the press is something else."""
    wanted = ANSWER_BUTTON.match(value)
    if wanted is None:
        return False
    number = int(wanted.group(1))
    sender = sender_of(body.get("user", {}))
    acted = await act(desk.hub, sender, lambda ctx: may_answer(ctx, number), what="answer check")
    if acted.ok and acted.t is not None and acted.value is not None:
        view = answer_modal(acted.t, number, acted.value)
        await desk.client.views_open(trigger_id=body["trigger_id"], view=view)
    else:
        await desk.answer(acted.replies, user=sender.external_id)
    return True


def register(app: AsyncApp, desk: Desk) -> None:
    async def close(ack: AsyncAck) -> None:
        """Close the modal at once."""
        await ack()

    @guarded(desk, "answer form")
    async def submit(body: dict[str, Any], view: dict[str, Any]) -> None:
        """Send the answer through the core; tell the expert how it went."""
        sender = sender_of(body.get("user", {}))
        values, number = values_of(view), int(meta_of(view).get("id") or 0)
        publish = {"yes": True, "no": False}.get(values.get("publish", ""))
        acted = await act(
            desk.hub,
            sender,
            lambda ctx: answer_from_form(
                ctx, number, values.get("answer", ""), values.get("language", ""), publish
            ),
            what=CALLBACK,
        )
        replies = acted.replies or ([acted.value] if acted.value is not None else [])
        await desk.answer(replies, user=sender.external_id)

    app.view(CALLBACK)(ack=close, lazy=[submit])
