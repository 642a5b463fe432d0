"""`4p1000 news ...` (items) and `4p1000 digest ...` (preview, run, delivery figures)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from bots.cli.common import committed, fail, region_code, run_as, with_hub
from bots.console.render import render
from core.bootstrap import Hub, UnitOfWork
from core.domain.actor import Actor
from core.domain.people import Channel
from core.i18n import LANGUAGES, Translator
from core.interactions.features.newsletter_render import digest
from core.services import digest_archive, digests, newsletter, people

news_app = typer.Typer(help="Newsletter items: write, translate, publish.", no_args_is_help=True)
digest_app = typer.Typer(help="Digests: preview, run, delivery figures.", no_args_is_help=True)

BY = typer.Option(None, "--by", help="Act as this person (Secretariat); default: the operator.")
AT = typer.Option(
    None, "--at", help="Pretend it is this instant (ISO 8601, e.g. 2026-11-16T09:00Z)."
)
JSON = typer.Option(False, "--json", help="Print JSON.")


def register(app: typer.Typer) -> None:
    app.add_typer(news_app, name="news")
    app.add_typer(digest_app, name="digest")


def _instant(at: str | None) -> datetime:
    if not at:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        fail(f"--at: not an ISO 8601 instant: {at!r}", 2)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in LANGUAGES:
        fail(f"--lang must be fr, en or es, not {lang!r}", 2)


@news_app.command("add")
def add(
    title: str = typer.Option(..., "--title", help="Headline (plain text)."),
    body: str = typer.Option("", "--body", help="Text (plain)."),
    lang: str = typer.Option(..., "--lang", help="Language of title and body: fr, en or es."),
    rubric: str = typer.Option("news", "--rubric", help="news, success_story, key_figure, ..."),
    region: str = typer.Option(
        None, "--region", callback=region_code, help="Region code; none: worldwide."
    ),
    publish: bool = typer.Option(False, "--publish", help="Publish at once."),
    by: str = BY,
) -> None:
    """Write a newsletter item (a draft unless --publish); print its id."""
    _check_lang(lang)

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> int:
        item = await newsletter.write_item(
            actor, rubric=rubric, language=lang, title=title, body=body, region=region, uow=uow
        )
        if publish:
            await newsletter.publish_item(actor, item.id, hub.now(), uow)
        return item.id

    item_id = run_as(by, work)
    typer.echo(f"item {item_id} {'published' if publish else 'saved as a draft'}")


@news_app.command("translate")
def translate(
    item_id: int = typer.Argument(..., help="Item id."),
    lang: str = typer.Option(..., "--lang", help="fr, en or es."),
    title: str = typer.Option(..., "--title"),
    body: str = typer.Option("", "--body"),
    by: str = BY,
) -> None:
    """Add or replace one language of an item."""
    _check_lang(lang)

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> None:
        await newsletter.translate_item(
            actor, item_id, language=lang, title=title, body=body, uow=uow
        )

    run_as(by, work)
    typer.echo(f"item {item_id}: {lang} saved")


@news_app.command("publish")
def publish_(item_id: int = typer.Argument(..., help="Item id."), by: str = BY) -> None:
    """Publish a draft: it goes into the next digests."""

    async def work(actor: Actor, hub: Hub, uow: UnitOfWork) -> None:
        await newsletter.publish_item(actor, item_id, hub.now(), uow)

    run_as(by, work)
    typer.echo(f"item {item_id} published")


@news_app.command("list")
def list_(
    status: str = typer.Option(None, "--status", help="draft, published or archived."),
    as_json: bool = JSON,
) -> None:
    """List items, newest first."""

    async def work(hub: Hub) -> list[dict[str, Any]]:
        async with hub.uow() as uow:
            items = await newsletter.list_items(uow, status=status)
            return [
                {
                    "id": item.id,
                    "status": item.status,
                    "rubric": item.rubric,
                    "region": item.region_code,
                    "languages": sorted(lang for lang in item.title if item.title[lang]),
                    "title": Translator("en").pick(item.title)[0],
                    "published_at": item.published_at.isoformat() if item.published_at else None,
                }
                for item in items
            ]

    rows = with_hub(work)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        langs = ",".join(row["languages"])
        typer.echo(
            f"{row['id']:>5}  {row['status']:<9} {row['rubric']:<14} [{langs}] {row['title']}"
        )


@news_app.command("missing-translations")
def missing(as_json: bool = JSON) -> None:
    """The translation queue: items lacking a language."""

    async def work(hub: Hub) -> list[newsletter.MissingTranslation]:
        async with hub.uow() as uow:
            return await newsletter.missing_translations(uow)

    queue = with_hub(work)
    if as_json:
        typer.echo(json.dumps([entry.__dict__ for entry in queue], ensure_ascii=False, indent=2))
        return
    if not queue:
        typer.echo("every item is in French, English and Spanish")
    for entry in queue:
        typer.echo(
            f"{entry.item_id:>5}  {entry.status:<9} missing {','.join(entry.missing):<6} "
            f"(has {','.join(entry.has)}) {entry.title}"
        )


@digest_app.command("preview")
def preview(
    lang: str = typer.Option(None, "--lang", help="Language of the digest: fr, en or es."),
    user: str = typer.Option(None, "--user", help="A subscriber's name: their next digest."),
    at: str = AT,
) -> None:
    """Render the next digest without sending it."""
    _check_lang(lang)

    async def work(hub: Hub) -> tuple[digests.Preview, str]:
        async with hub.uow() as uow:
            person_id, zone = None, hub.defaults.timezone
            if user:
                reader = await people.actor_by_name(user, Channel.CONSOLE, hub.defaults, uow)
                person_id, zone = reader.person_id, reader.timezone
            found = await digests.preview_digest(
                _instant(at),
                uow,
                person_id=person_id,
                language=lang,
                default_zone=hub.defaults.timezone,
            )
            return found, zone

    found, zone = with_hub(work)
    typer.echo(f"next digest: {found.period}, in {found.language} (not sent)")
    if found.params is None:
        typer.echo("nothing to send: no new item for this subscriber (nobody gets an empty digest)")
        return
    reply = digest(Translator(found.language, zone), found.params)
    text, _ = render(reply, first_button=1, files_dir=Path("4p1000-files"), color=False)
    typer.echo(text)


@digest_app.command("run")
def run(at: str = AT) -> None:
    """Compose and queue the digests due now (or at --at); safe to run twice."""
    moment = _instant(at)

    async def work(hub: Hub, uow: UnitOfWork) -> int:
        return await digests.enqueue_due_digests(moment, uow, default_zone=hub.defaults.timezone)

    typer.echo(f"{committed(work)} digests queued")


@digest_app.command("stats")
def stats(
    period: str = typer.Option(None, "--period", help="One period, e.g. 2026-W47 or 2026-11."),
    as_json: bool = JSON,
) -> None:
    """Delivery figures per digest period: sent, waiting, failed, unreachable, cancelled."""

    async def work(hub: Hub) -> list[dict[str, Any]]:
        async with hub.uow() as uow:
            figures = await digest_archive.delivery_figures(uow, period=period)
            return [entry.as_dict() for entry in figures]

    rows = with_hub(work)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("no digest composed yet")
        return
    typer.echo(
        f"{'period':<10} {'digests':>7} {'sent':>6} {'waiting':>7} {'failed':>6} "
        f"{'unreachable':>11} {'cancelled':>9}"
    )
    for row in rows:
        typer.echo(
            f"{row['period']:<10} {row['digests']:>7} {row['sent']:>6} {row['waiting']:>7} "
            f"{row['failed']:>6} {row['unreachable']:>11} {row['cancelled']:>9}"
        )
