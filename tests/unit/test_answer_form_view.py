"""The experts' answer form as Slack draws it: the core's FormOpening, in the reader's language."""

from __future__ import annotations

import json

from bots.slack.modals import view_for
from core.i18n import Translator
from core.interactions.features.questions_forms import answer_layout
from core.interactions.features.questions_translate import translation_layout


def test_the_answer_form_opens_in_the_experts_language_with_the_question_escaped() -> None:
    opening = answer_layout(Translator("es", "UTC"), 7, "Compost <o> paja & mulch?")
    view = view_for(opening, channel="C1", ts="1.2")
    assert view["callback_id"] == "question_answer"
    assert view["title"]["text"] == "Responder a la n.º 7"
    assert view["blocks"][0]["text"]["text"] == "Compost &lt;o&gt; paja &amp; mulch?"
    assert [b["block_id"] for b in view["blocks"][1:]] == ["answer", "language", "publish"]
    assert view["blocks"][2]["element"]["initial_option"]["value"] == "es"
    assert json.loads(view["private_metadata"]) == {"id": 7, "channel": "C1", "ts": "1.2"}


def test_the_translation_form_asks_only_the_texts_missing_in_that_language() -> None:
    originals = {"question": "¿Y <el> mulch?", "answer": "Yes & no."}
    parts = ("question", "answer")
    opening = translation_layout(Translator("fr", "UTC"), 3, "en", originals, parts)
    view = view_for(opening)
    assert view["callback_id"] == "question_translate"
    assert [b.get("block_id") for b in view["blocks"]] == [None, "question", None, "answer"]
    assert view["blocks"][0]["text"]["text"] == "¿Y &lt;el&gt; mulch?"
    assert view["blocks"][3]["label"]["text"] == "Tapez la réponse au n° 3 en anglais :"
    assert json.loads(view["private_metadata"]) == {"id": 3, "language": "en"}
    only = translation_layout(Translator("en", "UTC"), 3, "en", {"answer": "Oui."}, ("answer",))
    assert [b.get("block_id") for b in view_for(only)["blocks"]] == [None, "answer"]
