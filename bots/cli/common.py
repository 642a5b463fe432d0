"""Shared plumbing of the CLI commands: settings, the hub, async runs, clean errors."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer

from core.bootstrap import Hub, bootstrap
from core.config import Settings, load_settings
from core.logging import configure_logging

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"4p1000: {message}", err=True)
    raise typer.Exit(code)


def settings() -> Settings:
    loaded = load_settings()
    configure_logging(loaded.log_level, loaded.log_format)
    return loaded


def with_hub(work: Callable[[Hub], Awaitable[T]]) -> T:
    """Build the hub, run `work` on it in an event loop, close it."""

    async def main() -> T:
        hub = bootstrap(settings())
        try:
            return await work(hub)
        finally:
            await hub.close()

    return asyncio.run(main())
