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


def test_the_translation_form_asks_only_the_texts_missing_in_that_language() -> None:
    values = {"parts": ["question", "answer"], "question": "¿Y <el> mulch?", "answer": "Yes & no."}
    opening = FormOpening("question_translate", "fr", "UTC", values, {"id": 3, "language": "en"})
    view = view_for(opening)
    assert view["callback_id"] == "question_translate"
    assert [b.get("block_id") for b in view["blocks"]] == [None, "question", None, "answer"]
    assert view["blocks"][0]["text"]["text"] == "¿Y &lt;el&gt; mulch?"
    assert view["blocks"][3]["label"]["text"] == "Tapez la réponse au n° 3 en anglais :"
    assert json.loads(view["private_metadata"]) == {"id": 3, "language": "en"}
    only = FormOpening(
        "question_translate",
        "en",
        "UTC",
        {"parts": ["answer"], "answer": "Oui."},
        {"id": 3, "language": "en"},
    )
    assert [b.get("block_id") for b in view_for(only)["blocks"]] == [None, "answer"]
