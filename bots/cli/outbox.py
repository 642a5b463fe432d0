"""`4p1000 announce` and `4p1000 import people`: the outbox for operators."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import typer

from bots.cli.common import committed, fail, region_code
from core.bootstrap import Hub, UnitOfWork
from core.i18n import gettext
from core.services.announcements import ANY_LANGUAGE, Announced, announce
from core.services.imports import grouped
from core.services.people_import import COLUMNS, Imported, ImportRejected, import_people

HEADER = ",".join(COLUMNS)


def register(app: typer.Typer, import_app: typer.Typer) -> None:
    app.command("announce")(announce_command)
    import_app.command("people")(import_people_command)


def announce_command(
    to: str = typer.Option(..., "--to", help="A role (correspondent, bureau...) or 'all'."),
    text: str = typer.Option(None, "--text", help="One text for everyone, sent as written."),
    text_fr: str = typer.Option(None, "--text-fr", help="The text for French readers."),
    text_en: str = typer.Option(None, "--text-en", help="The text for English readers."),
    text_es: str = typer.Option(None, "--text-es", help="The text for Spanish readers."),
    region: str = typer.Option(
        None, "--region", callback=region_code, help="Only people of this region."
    ),
) -> None:
    """Queue a Secretariat announcement for everyone with a role (or all); print the count.

    With --text-fr/--text-en/--text-es (any of them), each reader gets their language, or
    another one marked as such.
    """
    texts = {ANY_LANGUAGE: text, "fr": text_fr, "en": text_en, "es": text_es}
    written = {lang: value for lang, value in texts.items() if value is not None}
    if not written:
        fail("give --text, or any of --text-fr, --text-en, --text-es", code=2)
    if ANY_LANGUAGE in written and len(written) > 1:
        fail("give either --text or the texts per language, not both", code=2)

    async def work(hub: Hub, uow: UnitOfWork) -> Announced:
        return await announce(to.lower(), written, uow, region=region)

    result = committed(work)
    typer.echo(f"{result.queued} queued")
    if result.already:
        typer.echo(f"{result.already} already had this announcement queued (not sent again)")


def import_people_command(
    file: Path = typer.Argument(..., help=f"CSV with the header {HEADER}"),
) -> None:
    """Onboard people from a CSV (all or nothing; re-importing updates, never duplicates)."""
    try:
        content = file.read_text(encoding="utf-8-sig")
    except OSError as problem:
        fail(f"cannot read {file}: {problem.strerror}")
    reader = csv.DictReader(io.StringIO(content))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        fail(
            f"{file}: the header needs the columns {','.join(COLUMNS)} "
            f"(missing: {', '.join(missing)})",
            2,
        )
    reader.fieldnames = header
    rows = [(reader.line_num, row) for row in reader]

    async def work(hub: Hub, uow: UnitOfWork) -> Imported:
        return await import_people(rows, uow)

    try:
        result = committed(work)
    except ImportRejected as rejected:
        problems = [(e.line, gettext("en", e.message, **e.params)) for e in rejected.errors]
        for grouped_problem in grouped(problems):
            typer.echo(f"{file}: {grouped_problem}", err=True)
        fail(gettext("en", rejected.message, **rejected.params))
    typer.echo(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged")
