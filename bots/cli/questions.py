"""`4p1000 questions`: the experts' questions from the command line (list, answer, publish)."""

from __future__ import annotations

import json
from typing import Any

import typer

from bots.cli.common import fail, run_as, with_hub
from core.bootstrap import Hub
from core.domain.questions import QuestionStatus
from core.services import question_desk, question_translations, questions
from core.services.question_desk import Answered
from core.services.question_translations import QuestionGap, Translated
from core.services.question_views import QuestionView

app = typer.Typer(help="Questions to the experts: the queue, answers, Q&A entries.")
STATUSES = [s.value for s in QuestionStatus]
STATUS_HELP = f"{', '.join(STATUSES)}, waiting (open and claimed) or all."


def _statuses(status: str) -> tuple[QuestionStatus, ...]:
    if status == "all":
        return tuple(QuestionStatus)
    if status == "waiting":
        return (QuestionStatus.OPEN, QuestionStatus.CLAIMED)
    if status not in STATUSES:
        fail(f"unknown status {status!r}: use {STATUS_HELP}", 2)
    return (QuestionStatus(status),)


def as_json(question: QuestionView, status: QuestionStatus) -> dict[str, Any]:
    return {
        "id": question.id,
        "status": status.value,
        "text": question.text,
        "language": question.language,
        "region": question.region_code,
        "asked_at": question.asked_at.isoformat(),
        "answer": question.answer_text,
        "answer_language": question.answer_language,
        "answered_by": question.answered_by_name,
        "answered_at": question.answered_at.isoformat() if question.answered_at else None,
        "rating": question.rating,
        "asker_consent": question.asker_consent,
        "expert_consent": question.expert_consent,
        "published_at": question.published_at.isoformat() if question.published_at else None,
        "practices": list(question.practices),
        "zone": question.zone_code,
        "translations": question.translations,
    }


@app.command("list")
def list_(
    status: str = typer.Option("waiting", "--status", help=STATUS_HELP),
    json_: bool = typer.Option(False, "--json", help="A JSON list, for scripts."),
    limit: int = typer.Option(500, "--limit", min=1, help="At most this many questions."),
) -> None:
    """List questions, oldest first (by default the ones waiting for an answer)."""
    statuses = _statuses(status)

    async def work(hub: Hub) -> list[dict[str, Any]]:
        async with hub.uow() as uow:
            now = hub.now()
            found, _ = await questions.list_questions(uow, statuses=statuses, now=now, limit=limit)
            return [as_json(q, questions.shown_status(q, now)) for q in found]

    rows = with_hub(work)
    if json_:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no question matches")
    for row in rows:
        where = f" [{row['region']}]" if row["region"] else ""
        text = " ".join(row["text"].split())
        typer.echo(
            f"#{row['id']}  {row['status']:<9} {row['language']} {row['asked_at'][:16]}{where}: "
            f"{text[:100]}"
        )


@app.command()
def answer(
    question_id: int = typer.Argument(..., metavar="ID", help="The question number."),
    text: str = typer.Option(..., "--text", help="The answer."),
    lang: str = typer.Option(
        None, "--lang", help="Its language: fr, en or es (default: the expert's)."
    ),
    by: str = typer.Option(None, "--by", help="The expert answering (a person's name)."),
    publishable: bool = typer.Option(
        True, "--publishable/--private", help="May it become a public Q&A entry?"
    ),
) -> None:
    """Answer question ID as an expert; the asker gets it in chat."""

    done: Answered = run_as(
        by,
        lambda actor, hub, uow: question_desk.answer_question(
            question_id, actor, text, uow, now=hub.now(), language=lang, publishable=publishable
        ),
    )
    sent = "sent to the asker" if done.delivered else "kept (the asker has left: sent to nobody)"
    typer.echo(f"question {done.question_id} answered in {done.language}, {sent}")


@app.command()
def publish(
    question_id: int = typer.Argument(..., metavar="ID", help="The question number."),
    by: str = typer.Option(None, "--by", help="The Secretariat member publishing it."),
) -> None:
    """Publish answered question ID as a public Q&A entry (its asker and expert agreed)."""

    done: QuestionView = run_as(
        by,
        lambda actor, hub, uow: question_desk.publish_question(
            question_id, actor, uow, now=hub.now()
        ),
    )
    linked = f", linked to {', '.join(done.practices)}" if done.practices else ""
    typer.echo(f"question {done.id} published{linked}")


@app.command()
def translate(
    question_id: int = typer.Argument(..., metavar="ID", help="The question number."),
    lang: str = typer.Option(..., "--lang", help="The translation's language: fr, en or es."),
    text: str = typer.Option(
        None, "--text", help="The answer in that language (unless it is written in it)."
    ),
    question: str = typer.Option(
        None, "--question", help="The question in that language (for a public entry)."
    ),
    by: str = typer.Option(None, "--by", help="The Secretariat member translating it."),
) -> None:
    """Add a translation of answered question ID; an asker of that language gets the answer."""

    done: Translated = run_as(
        by,
        lambda actor, hub, uow: question_translations.translate_question(
            actor,
            question_id,
            language=lang,
            answer=text,
            question=question,
            uow=uow,
            now=hub.now(),
        ),
    )
    sent = ", sent to the asker" if done.delivered else ""
    typer.echo(f"question {done.question_id} now reads in {done.language}{sent}")


@app.command("missing-translations")
def missing_translations(
    json_: bool = typer.Option(False, "--json", help="A JSON list, for scripts."),
) -> None:
    """Answered questions owed a translation: into the asker's language, or for a public entry
    into each of French, English and Spanish (the newsletter's queue is `news
    missing-translations`; the chat's /translations shows both)."""

    async def work(hub: Hub) -> list[QuestionGap]:
        async with hub.uow() as uow:
            return await question_translations.missing_question_translations(uow)

    queue = with_hub(work)
    if json_:
        rows = [
            {
                "id": gap.question_id,
                "status": gap.status,
                "language": gap.language,
                "answer_language": gap.answer_language,
                "missing": list(gap.missing),
                "text": gap.question,
            }
            for gap in queue
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not queue:
        typer.echo("every answered question reads in the languages it needs")
    for gap in queue:
        text = " ".join(gap.question.split())
        typer.echo(
            f"#{gap.question_id}  {gap.status:<9} missing {','.join(gap.missing):<8} "
            f"(asked in {gap.language}, answered in {gap.answer_language}): {text[:80]}"
        )
