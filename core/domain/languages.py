"""The hub's languages: the one definition every module uses."""

from __future__ import annotations

from typing import Literal

LANGUAGES = ("en", "fr", "es")  # the default language first; fallbacks go in this order
Language = Literal["en", "fr", "es"]


def is_language(value: str | None) -> bool:
    """Whether `value` is one of the hub's language codes."""
    return value in LANGUAGES
