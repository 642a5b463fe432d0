"""Translated names of the hub's kinds (roles, types, statuses...)."""

from __future__ import annotations

from enum import StrEnum

from core.domain.errors import N_
from core.domain.people import Role
from core.i18n import Translator

LABELS: dict[str, str] = {
    Role.FRIEND: N_("friend of the Initiative"),
    Role.CORRESPONDENT: N_("regional correspondent"),
    Role.SECRETARIAT: N_("Executive Secretariat"),
    Role.BUREAU: N_("Bureau member"),
    Role.ADMIN: N_("administrator"),
}


def register_labels(labels: dict[str, str]) -> None:
    """Add the labels of a feature's kinds (their msgids marked with N_)."""
    LABELS.update(labels)


def label(t: Translator, value: StrEnum | str) -> str:
    key = str(value)
    return t(LABELS[key]) if key in LABELS else key


def labels(t: Translator, values: object) -> str:
    items = sorted(values) if isinstance(values, (set, frozenset)) else values
    assert isinstance(items, (list, tuple))
    return ", ".join(label(t, v) for v in items)
