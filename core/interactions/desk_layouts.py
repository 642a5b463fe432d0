"""The desk's forms as the core words them: a reason, events, newsletter items, applications.

Each function describes one form in the reader's language; its name and its fields' names
are what desk_submissions reads back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.domain.kinds import EventKind, PartnerCategory, Rubric
from core.domain.reports import ReportAction
from core.i18n import Translator
from core.interactions.event_cards import kind_label
from core.interactions.features.newsletter_render import rubric_name
from core.interactions.form_fields import date_time, form_opening, language_choice, options
from core.interactions.labels import label
from core.interactions.model import ChoiceField, FormField, FormOpening, Note, TextField
from core.services.membership import MAX_MOTIVATION

REASON = "desk_reason"
EVENT = "desk_event"
MOVE = "desk_event_move"
CANCEL = "desk_event_cancel"
WRITE = "desk_write"
TRANSLATE = "desk_translate"
APPLY = "desk_apply"


def reason_form(
    t: Translator, ids: Sequence[int], decision: ReportAction, meta: dict[str, Any]
) -> FormOpening:
    """Ask why reports are rejected, or what should change in them; the authors read it."""
    reports = ", ".join(f"#{n}" for n in ids)
    if decision is ReportAction.REJECTED:
        title = t("Reject")
        question = t(
            "Why do you reject {reports}? The authors will read your reason.", reports=reports
        )
    else:
        title = t("Request changes")
        question = t(
            "What should change in {reports}? The authors will read your comment.",
            reports=reports,
        )
    field = TextField("reason", question, multiline=True, max_length=2000)
    return form_opening(t, REASON, title, t("Send"), [field], meta)


def event_form(t: Translator, values: dict[str, Any] | None = None) -> FormOpening:
    """Create an event, or edit one (`values` given: no dates, see reschedule)."""
    v = values or {}
    kinds = options((kind_label(t, kind).capitalize(), kind.value) for kind in EventKind)
    fields: list[FormField] = [
        ChoiceField("kind", t("Kind of event"), kinds, v.get("kind", EventKind.BUREAU.value)),
        TextField("title", t("Title"), v.get("title", ""), max_length=200),
        language_choice(t, t("Language of the texts"), v.get("language")),
    ]
    if not values:
        fields += [
            *date_time(t),
            TextField("timezone", t("Time zone of the event"), t.zone.key, max_length=64),
        ]
    fields += [
        TextField("place", t("Place"), v.get("place", ""), optional=True, max_length=300),
        TextField(
            "online_url",
            t("Online link (https://…)"),
            v.get("online_url", ""),
            optional=True,
            max_length=500,
        ),
        TextField(
            "description", t("Description"), v.get("description", ""), multiline=True, optional=True
        ),
    ]
    if values:
        return form_opening(
            t, EVENT, t("Edit event #{id}", id=v["id"]), t("Save"), fields, {"id": v["id"]}
        )
    return form_opening(t, EVENT, t("New event"), t("Save"), fields)


def reschedule_form(t: Translator, values: dict[str, Any]) -> FormOpening:
    """Move an event: its new day, time and time zone."""
    fields: list[FormField] = [
        *date_time(t, date=values["date"], time=values["time"]),
        TextField("timezone", t("Time zone of the event"), values["timezone"], max_length=64),
    ]
    title = t("Move event #{id}", id=values["id"])
    return form_opening(t, MOVE, title, t("Move"), fields, {"id": values["id"]})


def cancel_form(t: Translator, values: dict[str, Any]) -> FormOpening:
    """Confirm an event's cancellation."""
    number = values["id"]
    text = t(
        "Cancel event #{id}, {title}? Those who said they would come are told.",
        id=number,
        title=values["title"],
    )
    title = t("Cancel event #{id}", id=number)
    return form_opening(t, CANCEL, title, t("Cancel the event"), [Note(text)], {"id": number})


def write_form(t: Translator) -> FormOpening:
    """A newsletter item in one language."""
    rubrics = options((rubric_name(t, r).capitalize(), r.value) for r in Rubric)
    fields: list[FormField] = [
        ChoiceField("rubric", t("Rubric"), rubrics, Rubric.NEWS.value),
        language_choice(t, t("Language")),
        TextField("title", t("Title"), max_length=200),
        TextField("body", t("Text"), multiline=True),
        TextField("region", t("Region code (empty: for everyone)"), optional=True, max_length=40),
    ]
    return form_opening(t, WRITE, t("Newsletter item"), t("Save the draft"), fields)


def translate_form(t: Translator, item_id: int) -> FormOpening:
    """One more language of newsletter item `item_id`."""
    fields: list[FormField] = [
        language_choice(t, t("Language")),
        TextField("title", t("Title"), max_length=200),
        TextField("body", t("Text"), multiline=True),
    ]
    title = t("Translate item #{id}", id=item_id)
    return form_opening(t, TRANSLATE, title, t("Save"), fields, {"id": item_id})


def apply_form(t: Translator) -> FormOpening:
    """A membership application."""
    categories = options((label(t, c).capitalize(), c.value) for c in PartnerCategory)
    fields: list[FormField] = [
        TextField("organisation", t("Organisation"), max_length=300),
        ChoiceField("category", t("Category"), categories),
        TextField(
            "country", t("Country (two letters, such as CI or FR)"), optional=True, max_length=2
        ),
        TextField(
            "contact_role", t("Your role in the organisation"), optional=True, max_length=200
        ),
        TextField(
            "objectives",
            t("Strategic objectives (codes such as A3 D2)"),
            optional=True,
            max_length=200,
        ),
        TextField(
            "motivation", t("Why do you want to join?"), multiline=True, max_length=MAX_MOTIVATION
        ),
    ]
    return form_opening(t, APPLY, t("Join the Initiative"), t("Apply"), fields)
