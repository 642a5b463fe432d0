"""The typed-word vocabulary: every value has words in each language, and no word means two."""

from __future__ import annotations

import pytest

from core.domain import vocabulary
from core.domain.kinds import EventKind, Frequency, PartnerCategory, RsvpAnswer, Rubric
from core.domain.reports import ReportType

CONCEPTS = sorted(vocabulary.VOCABULARY)


@pytest.mark.parametrize("concept", CONCEPTS)
def test_each_value_has_words_in_each_language_and_no_word_is_ambiguous(concept: str) -> None:
    seen: dict[str, str] = {}
    for value, words in vocabulary.VOCABULARY[concept].items():
        assert set(words) == {"fr", "en", "es"}, value
        for language_words in words.values():
            assert language_words, value
            for word in language_words:
                folded = vocabulary.fold(word)
                assert seen.setdefault(folded, value) == value, (concept, word)
                assert vocabulary.parse(concept, word.upper()) == value


@pytest.mark.parametrize(
    ("concept", "kinds"),
    [
        (vocabulary.RSVP, RsvpAnswer),
        (vocabulary.FREQUENCY, Frequency),
        (vocabulary.EVENT_KIND, EventKind),
        (vocabulary.PARTNER_CATEGORY, PartnerCategory),
        (vocabulary.RUBRIC, Rubric),
        (vocabulary.REPORT_TYPE, ReportType),
    ],
)
def test_every_kind_of_the_hub_can_be_typed(concept: str, kinds: type) -> None:
    assert set(vocabulary.VOCABULARY[concept]) == {k.value for k in kinds}
    for kind in kinds:
        assert vocabulary.parse(concept, kind.value) == kind.value  # the code itself still works


def test_longest_phrases_first() -> None:
    known = {"en ligne", "afrique de l ouest"}.__contains__
    assert vocabulary.segments(
        "Afrique de l ouest en ligne x", lambda p: known(vocabulary.fold(p))
    ) == [
        "Afrique de l ouest",
        "en ligne",
        "x",
    ]
