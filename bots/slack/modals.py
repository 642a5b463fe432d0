"""Slack modals (views.open) for the desk's forms, and reading their submitted values."""

from __future__ import annotations

import json
from typing import Any

from bots.slack.blocks import escape
from core.domain.kinds import EventKind, PartnerCategory, Rubric
from core.i18n import LANGUAGES, Translator
from core.interactions.event_cards import kind_label
from core.interactions.features.newsletter_render import rubric_name
from core.interactions.labels import label
from core.interactions.model import FormOpening

TITLE_MAX = 24  # Slack's limit for a modal's title and its buttons
SHOWN = 2_900  # a section's text holds 3,000 characters


def _plain(text: str, limit: int = 3000) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text, 75), "value": value}


def text_input(
    name: str,
    label_: str,
    *,
    initial: str = "",
    multiline: bool = False,
    optional: bool = False,
    max_length: int = 3000,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": name,
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    return {
        "type": "input",
        "block_id": name,
        "label": _plain(label_, 2000),
        "element": element,
        "optional": optional,
    }


def select(
    name: str,
    label_: str,
    options: list[tuple[str, str]],
    *,
    initial: str | None = None,
    optional: bool = False,
) -> dict[str, Any]:
    choices = [_option(text, value) for text, value in options[:100]]  # Slack shows 100
    element: dict[str, Any] = {"type": "static_select", "action_id": name, "options": choices}
    chosen = next((c for c in choices if c["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    block = {"type": "input", "block_id": name, "label": _plain(label_), "element": element}
    return {**block, "optional": True} if optional else block


def date_time(t: Translator, *, date: str = "", time: str = "") -> list[dict[str, Any]]:
    day: dict[str, Any] = {"type": "datepicker", "action_id": "date"}
    hour: dict[str, Any] = {"type": "timepicker", "action_id": "time"}
    if date:
        day["initial_date"] = date
    if time:
        hour["initial_time"] = time
    return [
        {"type": "input", "block_id": "date", "label": _plain(t("Date")), "element": day},
        {"type": "input", "block_id": "time", "label": _plain(t("Time")), "element": hour},
    ]


def modal(
    t: Translator,
    callback_id: str,
    title: str,
    submit: str,
    blocks: list[dict[str, Any]],
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(title, TITLE_MAX),
        "submit": _plain(submit, TITLE_MAX),
        "close": _plain(t("Cancel"), TITLE_MAX),
        "private_metadata": json.dumps(meta or {}),
        "blocks": blocks,
    }


def languages(t: Translator) -> list[tuple[str, str]]:
    return [(t.language_name(code).capitalize(), code) for code in LANGUAGES]


def reason_modal(
    t: Translator, meta: dict[str, Any], *, reject: bool, count: int = 1
) -> dict[str, Any]:
    """Ask why a report is rejected, or what should change; the author reads it."""
    ids = ", ".join(f"#{n}" for n in meta.get("ids", []))
    question = (
        t("Why do you reject {reports}? The authors will read your reason.", reports=ids)
        if reject
        else t("What should change in {reports}? The authors will read your comment.", reports=ids)
    )
    return modal(
        t,
        "desk_reason",
        t("Reject") if reject else t("Request changes"),
        t("Send"),
        [text_input("reason", question, multiline=True, max_length=2000)],
        meta,
    )


def event_modal(t: Translator, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """Create an event, or edit one (`values` given: no dates, see reschedule)."""
    v = values or {}
    kinds = [(kind_label(t, kind).capitalize(), kind.value) for kind in EventKind]
    blocks = [
        select("kind", t("Kind of event"), kinds, initial=v.get("kind", EventKind.BUREAU.value)),
        text_input("title", t("Title"), initial=v.get("title", ""), max_length=200),
        select(
            "language",
            t("Language of the texts"),
            languages(t),
            initial=v.get("language", t.language),
        ),
    ]
    if not values:
        blocks += date_time(t)
        blocks.append(
            text_input("timezone", t("Time zone of the event"), initial=t.zone.key, max_length=64)
        )
    blocks += [
        text_input("place", t("Place"), initial=v.get("place", ""), optional=True, max_length=300),
        text_input(
            "online_url",
            t("Online link (https://…)"),
            initial=v.get("online_url", ""),
            optional=True,
            max_length=500,
        ),
        text_input(
            "description",
            t("Description"),
            initial=v.get("description", ""),
            multiline=True,
            optional=True,
        ),
    ]
    title = t("Edit event #{id}", id=v["id"]) if values else t("New event")
    meta = {"id": v["id"]} if values else {}
    return modal(t, "desk_event", title, t("Save"), blocks, meta)


def reschedule_modal(t: Translator, values: dict[str, Any]) -> dict[str, Any]:
    blocks = [
        *date_time(t, date=values["date"], time=values["time"]),
        text_input(
            "timezone", t("Time zone of the event"), initial=values["timezone"], max_length=64
        ),
    ]
    return modal(
        t,
        "desk_event_move",
        t("Move event #{id}", id=values["id"]),
        t("Move"),
        blocks,
        {"id": values["id"]},
    )


def cancel_modal(t: Translator, values: dict[str, Any]) -> dict[str, Any]:
    text = t(
        "Cancel event #{id}, {title}? Those who said they would come are told.",
        id=values["id"],
        title=values["title"],
    )
    block = {"type": "section", "text": _plain(text)}
    return modal(
        t,
        "desk_event_cancel",
        t("Cancel event #{id}", id=values["id"]),
        t("Cancel the event"),
        [block],
        {"id": values["id"]},
    )


def write_modal(t: Translator) -> dict[str, Any]:
    rubrics = [(rubric_name(t, r).capitalize(), r.value) for r in Rubric]
    blocks = [
        select("rubric", t("Rubric"), rubrics, initial=Rubric.NEWS.value),
        select("language", t("Language"), languages(t), initial=t.language),
        text_input("title", t("Title"), max_length=200),
        text_input("body", t("Text"), multiline=True),
        text_input("region", t("Region code (empty: for everyone)"), optional=True, max_length=40),
    ]
    return modal(t, "desk_write", t("Newsletter item"), t("Save the draft"), blocks)


def translate_modal(t: Translator, item_id: int, missing: str | None) -> dict[str, Any]:
    blocks = [
        select("language", t("Language"), languages(t), initial=missing or t.language),
        text_input("title", t("Title"), max_length=200),
        text_input("body", t("Text"), multiline=True),
    ]
    return modal(
        t,
        "desk_translate",
        t("Translate item #{id}", id=item_id),
        t("Save"),
        blocks,
        {"id": item_id},
    )


def apply_modal(t: Translator) -> dict[str, Any]:
    categories = [(label(t, c).capitalize(), c.value) for c in PartnerCategory]
    blocks = [
        text_input("organisation", t("Organisation"), max_length=300),
        select("category", t("Category"), categories),
        text_input(
            "country", t("Country (two letters, such as CI or FR)"), optional=True, max_length=2
        ),
        text_input(
            "contact_role", t("Your role in the organisation"), optional=True, max_length=200
        ),
        text_input(
            "objectives",
            t("Strategic objectives (codes such as A3 D2)"),
            optional=True,
            max_length=200,
        ),
        text_input("motivation", t("Why do you want to join?"), multiline=True, max_length=5000),
    ]
    return modal(t, "desk_apply", t("Join the Initiative"), t("Apply"), blocks)


def answer_modal(t: Translator, meta: dict[str, Any], question: str) -> dict[str, Any]:
    """The question, then the answer, the language it is written in, and may it be published."""
    number = int(meta["id"])
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
    return modal(t, "question_answer", t("Answer #{id}", id=number), t("Send"), blocks, meta)


def question_translate_modal(
    t: Translator, meta: dict[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """Each text a question still lacks in one language: the original shown, then its input."""
    number, name = int(meta["id"]), t.language_name(str(meta.get("language") or t.language))
    labels = {
        "question": t("Type question #{id} in {language}:", id=number, language=name),
        "answer": t("Type the answer to #{id} in {language}:", id=number, language=name),
    }
    blocks: list[dict[str, Any]] = []
    for part in values.get("parts", []):
        original = escape(str(values.get(part, ""))[:SHOWN])
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": original}})
        blocks.append(text_input(part, labels[part], multiline=True))
    title = t("Translate #{id} into {language}", id=number, language=name)
    return modal(t, "question_translate", title, t("Save"), blocks, meta)


def announce_modal(t: Translator, values: dict[str, Any]) -> dict[str, Any]:
    """To whom (all or a role), where (optional), and one text per language (at least one)."""
    audiences = [(str(text), str(value)) for text, value in values.get("audiences", [])]
    regions = [(str(name), str(code)) for name, code in values.get("regions", [])]
    blocks = [select("to", t("Recipients"), audiences, initial="all")]
    if regions:
        blocks.append(select("region", t("Region (empty: everywhere)"), regions, optional=True))
    hint = {
        "type": "context",
        "elements": [
            _plain(t("Write it in one language or more; each reader gets theirs, or another one."))
        ],
    }
    blocks.append(hint)
    for code in LANGUAGES:
        blocks.append(
            text_input(
                f"text_{code}",
                t("Text in {language}", language=t.language_name(code)),
                multiline=True,
                optional=True,
            )
        )
    return modal(t, "desk_announce", t("Announcement"), t("Send"), blocks)


def values_of(view: dict[str, Any]) -> dict[str, str]:
    """Every input of a submitted view by name: text, chosen option, date or time ('' if none)."""
    found: dict[str, str] = {}
    for block in view.get("state", {}).get("values", {}).values():
        for name, element in block.items():
            option = element.get("selected_option") or {}
            value = (
                element.get("value")
                or option.get("value")
                or element.get("selected_date")
                or element.get("selected_time")
            )
            found[name] = str(value or "").strip()
    return found


def meta_of(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def view_for(opening: FormOpening, **carried: Any) -> dict[str, Any]:
    """The modal for a form the core opened (`carried` rides along: where a card is)."""
    t = Translator(opening.language, opening.timezone)
    meta, values = {**opening.meta, **carried}, opening.values
    if opening.name == "reason":
        return reason_modal(t, meta, reject=meta.get("action") == "rejected")
    if opening.name == "translate":
        return translate_modal(t, int(meta["id"]), None)
    if opening.name == "event":
        return event_modal(t, values or None)
    if opening.name == "reschedule":
        return reschedule_modal(t, values)
    if opening.name == "cancel":
        return cancel_modal(t, values)
    if opening.name == "announce":
        return announce_modal(t, values)
    if opening.name == "question_answer":
        return answer_modal(t, meta, str(values.get("question", "")))
    if opening.name == "question_translate":
        return question_translate_modal(t, meta, values)
    return {"apply": apply_modal, "write": write_modal}[opening.name](t)
