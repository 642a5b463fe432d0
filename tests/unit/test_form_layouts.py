"""Every form the core opens: in the reader's language, read back, within Slack's limits.

The forms are built by the core with the real Translator and catalogs, then drawn by the Slack
renderer; the App Home's headings likewise.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

import pytest

import core.interactions.features as features
from bots.slack import modals
from bots.slack.home import BULK_ACTIONS, home_view
from core.domain.reports import ReportAction
from core.i18n import LANGUAGES, Translator
from core.interactions import desk_layouts
from core.interactions.desk_announce import announce_layout
from core.interactions.desk_home import Home, QueueEntry, headings
from core.interactions.dispatch import FORMS
from core.interactions.features.questions_forms import answer_layout
from core.interactions.features.questions_translate import translation_layout
from core.interactions.model import ChoiceField, FormOpening, Note, TextField, say
from tools.i18n import load

NUMBER = 999  # numbers up to three digits keep every title whole
EVENT = {
    "id": NUMBER,
    "kind": "bureau",
    "title": "Réunion du Bureau",
    "language": "fr",
    "description": "Ordre du jour",
    "place": "Abidjan",
    "online_url": "https://meet.example/4p1000",
    "date": "2026-03-02",
    "time": "09:30",
    "timezone": "Africa/Abidjan",
}
REGIONS = {"west-africa": "Afrique de l'Ouest", "andes": "Andes"}
ORIGINALS = {"question": "Quel paillage ?", "answer": "De la paille."}
SLACK_BLOCKS_MAX = 100
METADATA_MAX = 3000

for module in pkgutil.iter_modules(features.__path__):  # as the hub does: labels, form handlers
    importlib.import_module(f"{features.__name__}.{module.name}")
importlib.import_module("core.interactions.desk_submissions")


class Recording(Translator):
    """The real Translator, noting what each message it was asked for became."""

    def __init__(self, language: str) -> None:
        super().__init__(language, "Africa/Abidjan")
        self.worded: dict[str, str] = {}  # text shown -> message id

    def __call__(self, message: str, /, **params: Any) -> str:
        text = super().__call__(message, **params)
        self.worded[text] = message
        return text


def every_form(t: Translator) -> list[FormOpening]:
    return [
        desk_layouts.reason_form(t, [NUMBER], ReportAction.REJECTED, {"ids": [NUMBER]}),
        desk_layouts.reason_form(t, [NUMBER, 12], ReportAction.CHANGES_REQUESTED, {"bulk": True}),
        desk_layouts.event_form(t),
        desk_layouts.event_form(t, EVENT),
        desk_layouts.reschedule_form(t, EVENT),
        desk_layouts.cancel_form(t, EVENT),
        desk_layouts.write_form(t),
        desk_layouts.translate_form(t, NUMBER),
        desk_layouts.apply_form(t),
        announce_layout(t, REGIONS),
        answer_layout(t, NUMBER, ORIGINALS["question"]),
        translation_layout(t, NUMBER, "es", ORIGINALS, ("question", "answer")),
    ]


def worded(t: Recording, text: str) -> bool:
    """Whether `text` is what a catalog message became (maybe capitalised)."""
    return any(
        text in (shown, shown[:1].upper() + shown[1:], shown.capitalize()) for shown in t.worded
    )


def catalog_ids(language: str) -> set[str]:
    """The message ids with a translation in `language`."""
    return {
        message
        for message, (_path, entry) in load(language).items()
        if entry.string  # type: ignore[attr-defined]
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_form_is_worded_in_the_readers_language(language: str) -> None:
    t = Recording(language)
    languages = {t.language_name(code).capitalize() for code in LANGUAGES}
    for form in every_form(t):
        texts = [form.title, form.submit, form.close]
        for item in form.fields:
            if isinstance(item, Note):
                texts += [] if item.kind == "quote" else [item.text]  # a quote is someone's text
                continue
            texts.append(item.label)
            if isinstance(item, ChoiceField) and item.name != "region":  # regions are data
                texts += [o.label for o in item.options if o.label not in languages]
        unworded = [text for text in texts if not worded(t, text)]
        assert not unworded, f"{form.name} in {language}: {unworded}"
    missing = set(t.worded.values()) - catalog_ids(language)
    assert not missing, f"untranslated in {language}: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_form_is_one_the_core_reads_back_with_distinct_field_names(language: str) -> None:
    for form in every_form(Translator(language)):
        assert form.name in FORMS
        names = [item.name for item in form.fields if not isinstance(item, Note)]
        assert len(names) == len(set(names)), form.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_form_fits_within_slacks_limits_untruncated(language: str) -> None:
    for form in every_form(Translator(language)):
        for words in (form.title, form.submit, form.close):
            assert 0 < len(words) <= modals.TITLE_MAX, f"{form.name}: {words!r}"
        view = modals.view_for(form, channel="C0123456789", ts="1712345678.123456")
        assert view["callback_id"] == form.name
        assert len(view["blocks"]) <= SLACK_BLOCKS_MAX
        assert len(view["private_metadata"]) <= METADATA_MAX
        assert json.loads(view["private_metadata"])["ts"] == "1712345678.123456"
        for item, shown in zip(form.fields, view["blocks"], strict=True):
            if isinstance(item, Note):
                continue
            assert shown["block_id"] == item.name
            assert 0 < len(item.label) <= modals.LABEL_MAX
            assert shown["label"]["text"] == item.label
            element = shown["element"]
            if isinstance(item, TextField):
                assert 0 < element["max_length"] <= modals.INPUT_MAX
                assert len(element.get("initial_value", "")) <= element["max_length"]
            if isinstance(item, ChoiceField):
                assert 0 < len(item.options) <= modals.OPTIONS_MAX
                assert all(0 < len(o.label) <= modals.OPTION_MAX for o in item.options)
                if item.initial is not None:
                    assert element["initial_option"]["value"] == item.initial


def test_fields_keep_their_initial_values_and_a_hint_is_drawn_as_context() -> None:
    edit = modals.view_for(desk_layouts.event_form(Translator("en"), EVENT))
    shown = {b["block_id"]: b["element"] for b in edit["blocks"]}
    assert "date" not in shown  # moving an event is its own form
    assert shown["title"]["initial_value"] == "Réunion du Bureau"
    assert shown["language"]["initial_option"]["value"] == "fr"
    assert json.loads(edit["private_metadata"]) == {"id": NUMBER}
    move = modals.view_for(desk_layouts.reschedule_form(Translator("en"), EVENT))
    pickers = {b["block_id"]: b["element"] for b in move["blocks"]}
    assert pickers["date"] == {
        "type": "datepicker",
        "action_id": "date",
        "initial_date": "2026-03-02",
    }
    assert pickers["time"]["initial_time"] == "09:30"
    announce = modals.view_for(announce_layout(Translator("es"), {}))
    assert [b.get("block_id") for b in announce["blocks"]] == [
        "to",
        None,
        *(f"text_{code}" for code in LANGUAGES),
    ]
    assert announce["blocks"][1]["type"] == "context"
    apply = modals.view_for(desk_layouts.apply_form(Translator("fr")))
    motivation = next(b for b in apply["blocks"] if b["block_id"] == "motivation")
    assert motivation["element"]["max_length"] == modals.INPUT_MAX  # the core allows more


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_tab_shows_the_cores_headings_in_the_readers_language(language: str) -> None:
    t = Recording(language)
    words = headings(t)
    queue = [QueueEntry(n, f"#{n}", "Compost") for n in range(1, 13)]
    home = Home(
        intro=say("4 per 1000 hub"),
        headings=words,
        can_moderate=True,
        queue=queue,
        queue_total=20,
        more=t("…and {count} more.", count=8),
        votes=say("1"),
    )
    texts = [words.queue, words.nothing_to_review, words.votes, words.meetings, home.more]
    assert all(worded(t, text) for text in [*texts, *(label for _, label in words.bulk)])
    assert not set(t.worded.values()) - catalog_ids(language)
    blocks = home_view(home)["blocks"]
    headers = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert headers == [words.queue, words.votes, words.meetings]
    buttons = next(b for b in blocks if b.get("block_id") == "bulk_actions")["elements"]
    assert [(BULK_ACTIONS[b["action_id"]], b["text"]["text"]) for b in buttons] == list(words.bulk)
    assert {b["action_id"]: b.get("style") for b in buttons} == {
        "desk_bulk_ok": "primary",
        "desk_bulk_chg": None,
        "desk_bulk_no": "danger",
    }
    assert home.more in json.dumps(blocks, ensure_ascii=False)
