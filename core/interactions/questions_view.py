"""How questions and answers read: a queue line, an answer marked with its language, Q&A hits."""

from __future__ import annotations

from typing import Any

from core.domain.errors import N_
from core.domain.people import Role
from core.domain.question_languages import texts_in
from core.domain.questions import QuestionStatus, Rating
from core.i18n import Translator
from core.interactions.labels import label, register_labels
from core.interactions.model import Button, Reply, Span, bold, italic, say
from core.services.question_search import QAEntry

ASK, DESK = "ask", "qd"  # button verbs: the asker's side, the experts' side
EXCERPT = 300
PRACTICES_LINKED = 8  # one row of buttons, whatever the channel

register_labels(
    {
        Role.EXPERT: N_("expert"),
        QuestionStatus.OPEN: N_("open"),
        QuestionStatus.CLAIMED: N_("being answered"),
        QuestionStatus.ANSWERED: N_("answered"),
        QuestionStatus.PUBLISHED: N_("published as a Q&A entry"),
        QuestionStatus.PASSED: N_("passed to the Secretariat"),
        Rating.USEFUL: N_("useful"),
        Rating.NOT_USEFUL: N_("not useful"),
    }
)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The text, shortened at a word when it is long (for lists; the full text stays stored)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def language_mark(t: Translator, language: str) -> str:
    """'(written in English)' when `language` is not the reader's, else ''."""
    if language == t.language:
        return ""
    return t("(written in {language})", language=t.language_name(language))


def zone_text(t: Translator, code: str | None, names: dict[str, str] | None) -> str:
    """'Agro-climatic zone: Semi-arid' in the reader's language, or '' when none is known."""
    if not code:
        return ""
    return t("Agro-climatic zone: {zone}", zone=t.pick(names)[0] or code)


def answer_spans(t: Translator, expert: str, language: str) -> list[Span | str]:
    mark = language_mark(t, language)
    head = t("The answer of {expert}:", expert=expert or t("an expert"))
    spans: list[Span | str] = [bold(head)]
    return [*spans, " ", italic(mark)] if mark else spans


def answer_notice(t: Translator, head: str, params: dict[str, Any]) -> Reply:
    """A notice bringing an asker an answer: `head`, their question, who answered, the answer."""
    reply = say(bold(head))
    reply.add(excerpt(str(params["question"]), 200))
    reply.add(*answer_spans(t, str(params.get("expert") or ""), str(params["language"])))
    return reply.add(str(params["answer"]))


def qa_entries(t: Translator, entries: list[QAEntry]) -> Reply:
    """Earlier answered questions, best first, each with a button to read it in full."""
    reply = say(bold(t("Questions already answered by the experts:")))
    for number, entry in enumerate(entries, start=1):
        shown = entry.texts(t.language)
        reply.add(f"{number}. ", bold(excerpt(shown.question, 160)))
        reply.add(*answer_spans(t, entry.expert, shown.answer_language))
        reply.add(excerpt(shown.answer, 200))
    reply.button_row(
        *(
            Button(t("Read answer {number}", number=n), f"{ASK}:read:{e.id}")
            for n, e in enumerate(entries, start=1)
        )
    )
    return reply


def qa_entry(t: Translator, entry: QAEntry) -> Reply:
    """One published Q&A entry in full, in the reader's language when it exists, with a button
    to each practice it mentions (opening the practice's card)."""
    shown = entry.texts(t.language)
    reply = say(
        bold(t("Question #{id}", id=entry.id)),
        " ",
        italic(language_mark(t, shown.question_language)),
    )
    reply.add(shown.question)
    reply.add(*answer_spans(t, entry.expert, shown.answer_language))
    reply.add(shown.answer)
    if entry.practices:
        reply.add(bold(t("Practices it mentions:")))
        reply.button_row(
            *(
                Button(t.pick(p.names)[0] or "?", f"pc:{p.id}")
                for p in entry.practices[:PRACTICES_LINKED]
            )
        )
    return reply


def status_text(t: Translator, status: QuestionStatus) -> str:
    return label(t, status)


def with_answers(t: Translator, entries: list[QAEntry], reply: Reply) -> Reply:
    """`reply` (a practice search) after the answered questions that match it, if any."""
    if not entries:
        return reply
    merged = qa_entries(t, entries)
    merged.paragraphs.extend(reply.paragraphs)
    merged.buttons.extend(reply.buttons)
    merged.files.extend(reply.files)
    return merged


def add_answered(reply: Reply, t: Translator, entries: list[dict[str, object]]) -> None:
    """A digest's "Questions answered this month" section (nothing when there are none)."""
    if not entries:
        return
    reply.add(bold(t("Questions answered this month").upper()))
    for entry in entries:
        translations = entry.get("translations")
        shown = texts_in(
            t.language,
            question=str(entry["question"]),
            asked_in=str(entry.get("language") or t.language),
            answer=str(entry["answer"]),
            written_in=str(entry.get("answer_language") or t.language),
            translations=translations if isinstance(translations, dict) else {},
        )
        mark = language_mark(t, shown.answer_language)
        reply.add(bold(shown.question))
        spans: list[Span | str] = [shown.answer]
        reply.add(*spans, " ", italic(mark)) if mark else reply.add(*spans)
