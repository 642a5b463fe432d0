"""`4p1000 chat` and `4p1000 demo`: talk to the hub in the terminal."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import typer

from bots.cli.common import fail, region_code, settings, with_hub
from bots.console.chat import ConsoleChat, run_chat, stdin_reader
from bots.console.deliveries import deliver_to_console
from core.bootstrap import Hub
from core.domain.languages import is_language
from core.domain.people import Channel, Role
from core.persistence import migrate
from core.seed.demo import load_demo
from core.services import people

USER = typer.Option("demo", "--user", help="Who you are in the chat (a name).")
ROLE = typer.Option(None, "--role", help="Give yourself this role first.")
LANG = typer.Option(None, "--lang", help="Speak this language: fr, en or es.")
REGION = typer.Option(
    None, "--region", callback=region_code, help="Region, with --role correspondent."
)


async def prepare_person(
    hub: Hub, user: str, role: Role | None, lang: str | None, region: str | None
) -> None:
    """Create the console person and apply --role and --lang."""
    async with hub.uow() as uow:
        me = await people.identify_actor(
            Channel.CONSOLE, user, uow, hub.defaults, display_name=user
        )
        if lang:
            await people.set_language(me.person_id, lang, uow)
        if role is not None and role not in me.roles:  # everyone is a friend already
            await people.grant_role_to(
                Channel.CONSOLE, user, role, uow, region=region, by="console"
            )
        await uow.commit()


def chat_session(user: str, role: Role | None, lang: str | None, region: str | None) -> None:
    interactive = sys.stdin.isatty()
    # The chat's own delivery loop is plumbing, not news for the person chatting.
    logging.getLogger("bots.delivery").setLevel(logging.WARNING)

    async def work(hub: Hub) -> None:
        await prepare_person(hub, user, role, lang, region)
        chat = ConsoleChat(
            hub, user, out=sys.stdout, color=sys.stdout.isatty(), files_dir=Path("4p1000-files")
        )
        stop = asyncio.Event()
        deliveries = asyncio.create_task(deliver_to_console(hub, user, chat.show, stop))
        try:
            await run_chat(chat, stdin_reader(interactive), interactive=interactive)
        finally:
            stop.set()
            await deliveries

    with_hub(work)


def register(app: typer.Typer) -> None:
    @app.command()
    def chat(user: str = USER, role: Role = ROLE, lang: str = LANG, region: str = REGION) -> None:
        """Chat with the bot as USER (interactive on a TTY; piped: one message per line)."""
        check_lang(lang)
        chat_session(user, role, lang, region)

    @app.command()
    def demo(
        user: str = USER,
        role: Role = ROLE,
        lang: str = LANG,
        region: str = REGION,
        reset: bool = typer.Option(
            False, "--reset", help="Erase the database first: start from fresh demo data."
        ),
    ) -> None:
        """Migrate the default database, load the demo data and open the terminal chat."""
        check_lang(lang)
        url = settings().database_url
        if reset:
            migrate.downgrade(url, "base")
            typer.echo("demo: database erased, loading fresh demo data", err=True)
        migrate.upgrade(url)
        counts = with_hub(load_demo)
        if not any(counts.values()):
            typer.echo(ALREADY_THERE, err=True)
        chat_session(user, role, lang, region)


ALREADY_THERE = "demo data already there: nothing added (`4p1000 demo --reset` starts afresh)"


def check_lang(lang: str | None) -> None:
    if lang is not None and not is_language(lang):
        fail(f"--lang must be fr, en or es, not {lang!r}", 2)
