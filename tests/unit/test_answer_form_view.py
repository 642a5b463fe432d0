"""The experts' answer form as Slack draws it: the core's FormOpening, in the reader's language."""

from __future__ import annotations

import json

from bots.slack.modals import view_for
from core.interactions.model import FormOpening


def test_the_answer_form_opens_in_the_experts_language_with_the_question_escaped() -> None:
    opening = FormOpening(
        "question_answer", "es", "UTC", {"question": "Compost <o> paja & mulch?"}, {"id": 7}
    )
    view = view_for(opening, channel="C1", ts="1.2")
    assert view["callback_id"] == "question_answer"
    assert view["title"]["text"] == "Responder a la n.º 7"
    assert view["blocks"][0]["text"]["text"] == "Compost &lt;o&gt; paja &amp; mulch?"
    assert [b["block_id"] for b in view["blocks"][1:]] == ["answer", "language", "publish"]
    assert view["blocks"][2]["element"]["initial_option"]["value"] == "es"
    assert json.loads(view["private_metadata"]) == {"id": 7, "channel": "C1", "ts": "1.2"}
