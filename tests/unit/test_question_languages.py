"""In which languages a question and its answer read, and which translations are owed."""

from __future__ import annotations

from core.domain.question_languages import missing_languages, readable_in, texts_in

SPANISH = {"es": {"question": "¿Cuándo?", "answer": "En marzo."}}


def test_a_language_reads_when_both_texts_exist_in_it() -> None:
    assert readable_in("fr", "fr", {}) == ("fr",)
    assert readable_in("fr", "en", {}) == ()
    assert readable_in("fr", "en", {"fr": {"answer": "En mars."}}) == ("fr",)
    assert readable_in("fr", "en", {"en": {"question": "When?"}, **SPANISH}) == ("en", "es")


def test_askers_are_owed_their_language_and_public_entries_all_three() -> None:
    def owed(asked: str, written: str, **kw: bool) -> tuple[str, ...]:
        return missing_languages(asked_in=asked, written_in=written, translations={}, **kw)

    assert owed("fr", "en", published=False, asker_waits=True) == ("fr",)
    assert owed("fr", "en", published=False, asker_waits=False) == ()  # the asker has left
    assert owed("fr", "fr", published=False, asker_waits=True) == ()
    assert owed("fr", "fr", published=True, asker_waits=False) == ("en", "es")
    assert owed("fr", "en", published=True, asker_waits=True) == ("en", "fr", "es")


def test_readers_get_their_language_when_it_exists_else_the_original() -> None:
    def shown(language: str) -> tuple[str, str, str, str]:
        found = texts_in(
            language,
            question="Quand ?",
            asked_in="fr",
            answer="In March.",
            written_in="en",
            translations=SPANISH,
        )
        return found.question, found.question_language, found.answer, found.answer_language

    assert shown("es") == ("¿Cuándo?", "es", "En marzo.", "es")
    assert shown("fr") == ("Quand ?", "fr", "In March.", "en")
    assert shown("en") == ("Quand ?", "fr", "In March.", "en")
