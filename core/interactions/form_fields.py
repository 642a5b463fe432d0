"""What the core's forms share: options, the language choice, a date and a time, the opening."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.i18n import LANGUAGES, Translator
from core.interactions.model import (
    ChoiceField,
    DateField,
    FormField,
    FormOpening,
    Option,
    TimeField,
)


def options(pairs: Iterable[tuple[str, str]]) -> tuple[Option, ...]:
    """Options from (label, value) pairs."""
    return tuple(Option(text, value) for text, value in pairs)


def language_choice(t: Translator, label: str, initial: str | None = None) -> ChoiceField:
    """The `language` field: the hub's languages, named in the reader's."""
    named = ((t.language_name(code).capitalize(), code) for code in LANGUAGES)
    return ChoiceField("language", label, options(named), initial or t.language)


def date_time(t: Translator, *, date: str = "", time: str = "") -> tuple[DateField, TimeField]:
    """The `date` and `time` fields (a wall-clock moment)."""
    return DateField("date", t("Date"), date), TimeField("time", t("Time"), time)


def form_opening(
    t: Translator,
    name: str,
    title: str,
    submit: str,
    fields: Iterable[FormField],
    meta: dict[str, Any] | None = None,
) -> FormOpening:
    """The form `name`, closed with the reader's word for Cancel."""
    return FormOpening(name, title, submit, t("Cancel"), tuple(fields), meta or {})
