"""Questions to the experts: the moves between states and what a question may say."""

from __future__ import annotations

import pytest

from core.domain import vocabulary
from core.domain.errors import Conflict, InvalidInput
from core.domain.people import CAN_ANSWER_QUESTIONS, GRANTABLE_ROLES, Role, has_any
from core.domain.questions import (
    MAX_QUESTION,
    QuestionAction,
    QuestionStatus,
    check_answer,
    check_question,
    next_status,
)


def test_moves() -> None:
    assert next_status(1, QuestionStatus.OPEN, QuestionAction.ANSWER) is QuestionStatus.ANSWERED
    assert next_status(1, QuestionStatus.OPEN, QuestionAction.PASS) is QuestionStatus.PASSED
    assert next_status(1, QuestionStatus.PASSED, QuestionAction.ANSWER) is QuestionStatus.ANSWERED
    assert (
        next_status(1, QuestionStatus.ANSWERED, QuestionAction.PUBLISH) is QuestionStatus.PUBLISHED
    )
    for status, action in [
        (QuestionStatus.OPEN, QuestionAction.PUBLISH),
        (QuestionStatus.ANSWERED, QuestionAction.ANSWER),
        (QuestionStatus.PUBLISHED, QuestionAction.PUBLISH),
        (QuestionStatus.PASSED, QuestionAction.PASS),
    ]:
        with pytest.raises(Conflict):
            next_status(1, status, action)


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (MAX_QUESTION + 1), "é" * 5000])
def test_empty_or_over_long_questions_are_refused_never_cut(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_question(text)
    assert refused.value.message.startswith(("Your question is empty", "A question has at most"))
    assert check_question("  ¿Cómo?  ") == "¿Cómo?"
    assert check_question("x" * MAX_QUESTION) == "x" * MAX_QUESTION


def test_answers_need_a_text() -> None:
    with pytest.raises(InvalidInput):
        check_answer(" ")
    assert check_answer(" Yes. ") == "Yes."


def test_the_expert_role_is_grantable_and_answers() -> None:
    assert Role.EXPERT in GRANTABLE_ROLES
    assert Role("expert") is Role.EXPERT
    assert has_any(frozenset({Role.EXPERT}), CAN_ANSWER_QUESTIONS)
    assert has_any(frozenset({Role.STC}), CAN_ANSWER_QUESTIONS)
    assert not has_any(frozenset({Role.SECRETARIAT, Role.FRIEND}), CAN_ANSWER_QUESTIONS)


@pytest.mark.parametrize(
    ("concept", "typed", "value"),
    [
        (vocabulary.RATING, "Utile", "useful"),
        (vocabulary.RATING, "útil", "useful"),
        (vocabulary.RATING, "not useful", "not_useful"),
        (vocabulary.RATING, "Pas utile", "not_useful"),
        (vocabulary.CONSENT, "oui", "yes"),
        (vocabulary.CONSENT, "Sí", "yes"),
        (vocabulary.CONSENT, "si", "yes"),
        (vocabulary.CONSENT, "NON", "no"),
    ],
)
def test_typed_words_in_three_languages(concept: str, typed: str, value: str) -> None:
    assert vocabulary.parse(concept, typed) == value
