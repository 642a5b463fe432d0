"""In which languages a question and its answer can be read, and which ones are still missing.

A question is read in a language when both its text and its answer exist in it: as written,
or as the Secretariat translated them ({language: {"question": ..., "answer": ...}}).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.domain.languages import LANGUAGES


@dataclass(frozen=True)
class Texts:
    """A question and its answer in one language (each part as written, or translated)."""

    question: str
    question_language: str
    answer: str
    answer_language: str


def _part(translations: Mapping[str, Any], language: str, part: str) -> str:
    found = translations.get(language)
    return str(found.get(part) or "") if isinstance(found, Mapping) else ""


def part_in(
    language: str, part: str, text: str, written_in: str, translations: Mapping[str, Any]
) -> tuple[str, str]:
    """A part ("question" or "answer") in `language` if it exists there, else as written;
    and its language."""
    if written_in != language and (translated := _part(translations, language, part)):
        return translated, language
    return text, written_in


def texts_in(
    language: str,
    *,
    question: str,
    asked_in: str,
    answer: str,
    written_in: str,
    translations: Mapping[str, Any],
) -> Texts:
    """What a reader of `language` is shown: each part in their language when it exists."""
    q, q_lang = part_in(language, "question", question, asked_in, translations)
    a, a_lang = part_in(language, "answer", answer, written_in, translations)
    return Texts(q, q_lang, a, a_lang)


def readable_in(asked_in: str, written_in: str, translations: Mapping[str, Any]) -> tuple[str, ...]:
    """The languages in which both the question and its answer exist."""
    return tuple(
        lang
        for lang in LANGUAGES
        if (asked_in == lang or _part(translations, lang, "question"))
        and (written_in == lang or _part(translations, lang, "answer"))
    )


def wanted_languages(
    *, asked_in: str, written_in: str, published: bool, asker_waits: bool
) -> tuple[str, ...]:
    """Where translations are owed: every language for a public entry; for an answer not yet
    public, the asker's own language when the answer is in another and the asker is there."""
    if published:
        return LANGUAGES
    if asker_waits and written_in != asked_in:
        return (asked_in,)
    return ()


def missing_languages(
    *,
    asked_in: str,
    written_in: str,
    translations: Mapping[str, Any],
    published: bool,
    asker_waits: bool,
) -> tuple[str, ...]:
    """The owed languages (see wanted_languages) that the question cannot yet be read in."""
    has = readable_in(asked_in, written_in, translations)
    wanted = wanted_languages(
        asked_in=asked_in, written_in=written_in, published=published, asker_waits=asker_waits
    )
    return tuple(lang for lang in wanted if lang not in has)
