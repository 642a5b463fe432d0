"""Questions to the experts: their states, the moves between them and what a question may say."""

from __future__ import annotations

from enum import StrEnum

from core.domain.errors import N_, Conflict, InvalidInput

MAX_QUESTION = 2_000
MAX_ANSWER = 8_000


class QuestionStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"  # shown while a claim is live; stored as open with a claim
    ANSWERED = "answered"
    PUBLISHED = "published"
    PASSED = "passed"  # handed to the Secretariat


class QuestionAction(StrEnum):
    ANSWER = "answer"
    PASS = "pass"  # noqa: S105 (an action on a question, not a password)
    PUBLISH = "publish"


class Rating(StrEnum):
    USEFUL = "useful"
    NOT_USEFUL = "not_useful"


_MOVES: dict[QuestionStatus, dict[QuestionAction, QuestionStatus]] = {
    QuestionStatus.OPEN: {
        QuestionAction.ANSWER: QuestionStatus.ANSWERED,
        QuestionAction.PASS: QuestionStatus.PASSED,
    },
    QuestionStatus.PASSED: {QuestionAction.ANSWER: QuestionStatus.ANSWERED},
    QuestionStatus.ANSWERED: {QuestionAction.PUBLISH: QuestionStatus.PUBLISHED},
    QuestionStatus.PUBLISHED: {},
}


def next_status(number: int, current: QuestionStatus, action: QuestionAction) -> QuestionStatus:
    """The status after `action`, or Conflict when the question cannot move that way."""
    try:
        return _MOVES[current][action]
    except KeyError:
        raise Conflict(
            N_("Question #{id} is already {status}; nothing was changed."),
            id=number,
            status=current,
        ) from None


def check_question(text: str) -> str:
    """The question stripped, or InvalidInput when it is empty or too long (never cut)."""
    stripped = text.strip()
    if not stripped:
        raise InvalidInput(
            N_(
                "Your question is empty. Type it after /ask, for example: "
                "/ask How can I keep my soil covered in the dry season?"
            )
        )
    if len(stripped) > MAX_QUESTION:
        raise InvalidInput(
            N_(
                "A question has at most {limit} characters; yours has {length}. "
                "It is kept: send a shorter one and it replaces it."
            ),
            limit=MAX_QUESTION,
            length=len(stripped),
        )
    return stripped


def check_answer(text: str) -> str:
    """The answer stripped, or InvalidInput when it is empty or too long."""
    stripped = text.strip()
    if not stripped:
        raise InvalidInput(N_("An answer needs a text."))
    if len(stripped) > MAX_ANSWER:
        raise InvalidInput(
            N_("An answer has at most {limit} characters; this one has {length}."),
            limit=MAX_ANSWER,
            length=len(stripped),
        )
    return stripped
