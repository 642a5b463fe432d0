"""The Secretariat translates answered questions from the missing-translation queue.

/translations lists them after the newsletter items; a Translate button asks for the answer
(and the question, for a public entry) typed in that language, one text at a time, or opens a
form where forms open. The asker gets the answer again once it is in their language.
"""

from __future__ import annotations

from typing import Any

from core.domain.errors import N_, DomainError, InvalidInput
from core.domain.languages import LANGUAGES
from core.domain.people import CAN_MODERATE
from core.i18n import Translator
from core.interactions.context import Context
from core.interactions.dispatch import error_reply, form, input_handler, opens_form, parse_button
from core.interactions.form_fields import form_opening
from core.interactions.model import (
    Button,
    FormField,
    FormOpening,
    FormSubmitted,
    Input,
    Note,
    Reply,
    Text,
    TextField,
    bold,
    italic,
    say,
)
from core.interactions.notifications import notification
from core.interactions.questions_view import answer_notice, excerpt
from core.interactions.registry import button
from core.services import question_translations, questions, report_drafts
from core.services.question_translations import QuestionGap, Translated

TRANSLATE = "qt"  # button verb: translate question N into a language
FLOW = "question-translation"  # the texts being typed, kept in the database
FORM = "question_translate"
SHOWN = 2_500


def gap_entry(t: Translator, gap: QuestionGap) -> Reply:
    """One line of the missing-translation queue, with a Translate button per language."""
    missing = ", ".join(t.language_name(lang) for lang in gap.missing)
    entry = say(
        bold(t("Question #{id}", id=gap.question_id)),
        " ",
        excerpt(gap.question, 120),
        " — ",
        t("missing: {languages}", languages=missing),
    )
    return entry.button_row(
        *(
            Button(
                t(
                    "Translate #{id} into {language}",
                    id=gap.question_id,
                    language=t.language_name(lang),
                ),
                f"{TRANSLATE}:{gap.question_id}:{lang}",
            )
            for lang in gap.missing
        )
    )


async def _wanted(ctx: Context, args: list[str]) -> tuple[int, str, tuple[str, ...]]:
    """The question, language and parts a Translate button asks for (InvalidInput if none)."""
    ctx.actor.require(CAN_MODERATE)
    number = int(args[0]) if args and args[0].isdigit() else 0
    language = args[1] if len(args) > 1 and args[1] in LANGUAGES else ""
    gap = await question_translations.question_gap(number, ctx.uow) if number else None
    if gap is None or language not in gap.missing:
        raise InvalidInput(N_("Question #{id} needs no translation into that language."), id=number)
    return number, language, gap.needs(language)


def _asked(t: Translator, number: int, language: str, part: str) -> str:
    """What to type: question N, or its answer, in `language`."""
    name = t.language_name(language)
    if part == "question":
        return t("Type question #{id} in {language}:", id=number, language=name)
    return t("Type the answer to #{id} in {language}:", id=number, language=name)


def _prompt(t: Translator, number: int, language: str, part: str, original: str) -> Reply:
    reply = say(bold(_asked(t, number, language, part)))
    reply.add(italic(excerpt(original, SHOWN)))
    return reply.button_row(Button(t("Cancel"), f"{TRANSLATE}:cancel"))


async def _originals(ctx: Context, number: int) -> dict[str, str]:
    question = await questions.read_question(number, ctx.uow)
    return {"question": question.text, "answer": question.answer_text or ""}


@button(TRANSLATE)
async def translate_button(ctx: Context, args: list[str]) -> Reply:
    """Start translating question N into a language: ask for the first text needed."""
    t = ctx.t
    if args[:1] == ["cancel"]:
        await report_drafts.discard_draft(ctx.actor.person_id, ctx.uow, flow=FLOW)
        return say(t("Cancelled; nothing was translated."))
    number, language, parts = await _wanted(ctx, args)
    await report_drafts.start_draft(
        ctx.actor.person_id,
        ctx.uow,
        now=ctx.hub.now(),
        step=parts[0],
        flow=FLOW,
        data={"question_id": number, "language": language, "parts": list(parts), "texts": {}},
    )
    originals = await _originals(ctx, number)
    return _prompt(t, number, language, parts[0], originals[parts[0]])


@input_handler(12)
async def translation_input(ctx: Context, message: Input) -> Reply | None:
    """Take the next text of a Secretariat member translating a question."""
    if not isinstance(message, Text) or not message.text or not ctx.actor.can(CAN_MODERATE):
        return None
    person, now = ctx.actor.person_id, ctx.hub.now()
    draft = await report_drafts.take_draft(person, ctx.uow, now=now, flow=FLOW)
    if draft is None:
        return None
    data: dict[str, Any] = dict(draft.data)
    number, language = int(data["question_id"]), str(data["language"])
    parts = [str(p) for p in data.get("parts", [])]
    texts = {**dict(data.get("texts") or {}), draft.step: message.text}
    later = parts[parts.index(draft.step) + 1 :] if draft.step in parts else []
    if later:
        await report_drafts.start_draft(
            person, ctx.uow, now=now, step=later[0], flow=FLOW, data={**data, "texts": texts}
        )
        originals = await _originals(ctx, number)
        return _prompt(ctx.t, number, language, later[0], originals[later[0]])
    try:
        done = await question_translations.translate_question(
            ctx.actor,
            number,
            language=language,
            answer=texts.get("answer"),
            question=texts.get("question"),
            uow=ctx.uow,
            now=now,
        )
    except DomainError as error:
        await ctx.uow.rollback()
        if not isinstance(error, InvalidInput):
            await report_drafts.discard_draft(person, ctx.uow, flow=FLOW)
        return error_reply(ctx.t, error)  # a refused text keeps the draft: send it again
    await report_drafts.discard_draft(person, ctx.uow, flow=FLOW)
    return translated(ctx.t, done)


def translated(t: Translator, done: Translated) -> Reply:
    name = t.language_name(done.language)
    reply = say(t("Question #{id} now reads in {language}.", id=done.question_id, language=name))
    if done.delivered:
        reply.add(t("Its asker gets the answer in their language."))
    return reply


@opens_form(f"button:{TRANSLATE}")
async def translation_form(ctx: Context, data: str) -> Reply | None:
    """Where forms open, Translate opens one form with every text needed."""
    _, args = parse_button(data)
    if args[:1] == ["cancel"]:
        return None
    number, language, parts = await _wanted(ctx, args)
    originals = await _originals(ctx, number)
    return Reply(form=translation_layout(ctx.t, number, language, originals, parts))


def translation_layout(
    t: Translator, number: int, language: str, originals: dict[str, str], parts: tuple[str, ...]
) -> FormOpening:
    """The form of the texts question N lacks in `language`: each original, then its input."""
    fields: list[FormField] = []
    for part in parts:
        fields += [
            Note(originals[part], "quote"),
            TextField(part, _asked(t, number, language, part), multiline=True),
        ]
    title = t("Translate #{id}", id=number)  # a modal's title is short; the fields say the language
    meta = {"id": number, "language": language}
    return form_opening(t, FORM, title, t("Save"), fields, meta)


@form(FORM)
async def translation_sent(ctx: Context, sent: FormSubmitted) -> Reply:
    """The texts typed in the translation form."""
    done = await question_translations.translate_question(
        ctx.actor,
        int(sent.meta.get("id") or 0),
        language=str(sent.meta.get("language") or ""),
        answer=sent.values.get("answer"),
        question=sent.values.get("question"),
        uow=ctx.uow,
        now=ctx.hub.now(),
    )
    return translated(ctx.t, done)


@notification("question_translated")
def question_translated(t: Translator, params: dict[str, Any]) -> Reply:
    """Bring the asker the answer to their question, now in their language."""
    number = params["id"]
    head = t("The answer to your question #{id}, in your language.", id=number)
    reply = answer_notice(t, head, params)
    original = t.language_name(str(params.get("answered_in") or params["language"]))
    return reply.add(italic(t("Translated by the Secretariat from {language}.", language=original)))
