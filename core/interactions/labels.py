"""Translated names of the hub's kinds (roles, types, statuses...)."""

from __future__ import annotations

from enum import StrEnum

from babel.lists import format_list

from core.domain.errors import N_
from core.domain.people import Role
from core.domain.vocabulary import Choices, Named, shown_words, word
from core.i18n import Translator

LABELS: dict[str, str] = {}


def _key(value: StrEnum | str) -> str:
    """Enum members are keyed by their kind too: 'approved' differs for a report and a vote."""
    return f"{type(value).__name__}.{value}" if isinstance(value, StrEnum) else str(value)


def register_labels(labels: dict[str, str]) -> None:
    """Add the labels of a feature's kinds (their msgids marked with N_)."""
    for value, message in labels.items():
        LABELS[_key(value)] = message
        LABELS.setdefault(str(value), message)  # plain strings find the first registered


def label(t: Translator, value: StrEnum | str) -> str:
    message = LABELS.get(_key(value)) or LABELS.get(str(value))
    return t(message) if message else str(value)


def labels(t: Translator, values: object) -> str:
    items = sorted(values) if isinstance(values, (set, frozenset)) else values
    if not isinstance(items, (list, tuple)):
        raise TypeError(f"labels of a {type(values).__name__}")
    return ", ".join(label(t, v) for v in items)


register_labels(
    {
        Role.FRIEND: N_("friend of the Initiative"),
        Role.CORRESPONDENT: N_("regional correspondent"),
        Role.SECRETARIAT: N_("Executive Secretariat"),
        Role.BUREAU: N_("Bureau member"),
        Role.STC: N_("Scientific and Technical Committee member"),
        Role.ADMIN: N_("administrator"),
    }
)


def choices_text(t: Translator, choices: Choices) -> str:
    """The reader's words for a concept: 'je viens, peut-être ou je ne viens pas'."""
    concept, values = choices.concept, choices.values
    words = [word(concept, v, t.language) for v in values] or shown_words(concept, t.language)
    return str(format_list(words, style="or", locale=t.language))


def named_text(t: Translator, named: Named) -> str:
    """Each thing's name in the reader's language: 'Afrique de l’Ouest ou Afrique du Nord'."""
    words = [t.pick(names)[0] for names in named.names]
    return str(format_list(words, style="or", locale=t.language))
