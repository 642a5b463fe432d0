"""Shared plumbing of the CLI commands: settings, the hub, async runs, clean errors."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bots.cli.exits import fail
from core.bootstrap import Hub, UnitOfWork, bootstrap
from core.config import Settings, load_settings
from core.domain.actor import OPERATOR, Actor
from core.domain.people import Channel
from core.i18n import gettext
from core.logging import configure_logging
from core.services.people import actor_by_name
from core.services.regions import UnknownRegion, resolve_region

__all__ = ["acting", "committed", "fail", "region_code", "run_as", "settings", "with_hub"]

T = TypeVar("T")


def settings() -> Settings:
    loaded = load_settings()
    configure_logging(loaded.log_level, loaded.log_format, loaded.secrets())
    return loaded


def with_hub(work: Callable[[Hub], Awaitable[T]]) -> T:
    """Build the hub, run `work` on it in an event loop, close it."""

    async def main() -> T:
        hub = bootstrap(settings())
        try:
            return await work(hub)
        finally:
            await hub.close()

    with asyncio.Runner(loop_factory=new_loop) as runner:
        return runner.run(main())


def new_loop() -> asyncio.AbstractEventLoop:
    """The event loop the hub runs on: uvloop's (libuv) where it is installed, else asyncio's.

    The loop's own work (sockets, callbacks) was a fifth of `serve --slack`'s CPU at 100
    requests/s (py-spy during bench/slack_ack.py); uvloop does it in C.
    """
    try:
        import uvloop
    except ImportError:  # no build for this platform (Windows)
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


async def acting(hub: Hub, by: str | None, uow: UnitOfWork) -> Actor:
    """The person named by `--by` (their roles are checked by the core), or the operator."""
    if not by:
        return OPERATOR
    return await actor_by_name(by, Channel.CONSOLE, hub.defaults, uow)


def committed(work: Callable[[Hub, UnitOfWork], Awaitable[T]]) -> T:
    """Run `work` in one unit of work, committed when it returns (rolled back if it raises)."""

    async def main(hub: Hub) -> T:
        async with hub.uow() as uow:
            result = await work(hub, uow)
            await uow.commit()
            return result

    return with_hub(main)


def run_as(by: str | None, work: Callable[[Actor, Hub, UnitOfWork], Awaitable[T]]) -> T:
    """Run `work` in one committed unit of work, as --by or as the operator."""

    async def acted(hub: Hub, uow: UnitOfWork) -> T:
        return await work(await acting(hub, by, uow), hub, uow)

    return committed(acted)


def region_code(value: str | None) -> str | None:
    """A --region option's code, from a code or a name in any language; exit 2 listing codes."""
    if not value:
        return value

    async def work(hub: Hub) -> str:
        async with hub.uow() as uow:
            return await resolve_region(value, uow)

    try:
        return with_hub(work)
    except UnknownRegion as error:
        fail(gettext("en", error.message, **error.params), 2)
