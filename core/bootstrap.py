"""The composition root: settings in, a wired hub out (engines are built here, never at import)."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.config import Settings
from core.delivery_settings import DeliverySettings, load_delivery_settings
from core.persistence.database import create_engine, session_factory
from core.persistence.models import utcnow
from core.persistence.uow import UnitOfWork
from core.services import live_catalog
from core.services.people import Defaults

# The ways in (bots, the command line) name the unit of work `Hub.uow()` hands out from here,
# the composition root, never from core.persistence: they hold one and pass it to services.
__all__ = ["Hub", "UnitOfWork", "bootstrap", "load_features"]


@dataclass
class Hub:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    defaults: Defaults = field(default_factory=Defaults)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    clock: Callable[[], datetime] = utcnow  # tests replace it with a fake clock
    turn: asyncio.Lock | None = None  # SQLite: units of work take turns (see UnitOfWork)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.turn)

    def now(self) -> datetime:
        return self.clock()

    async def close(self) -> None:
        await live_catalog.close(self.engine.sync_engine)
        await self.engine.dispose()


def load_features(settings: Settings) -> None:
    """Import every module of core.interactions.features so its commands register."""
    from core.interactions import features

    for module in pkgutil.iter_modules(features.__path__):
        importlib.import_module(f"{features.__name__}.{module.name}")
    # The desk cards register their redraws with the services: every process that can change a
    # report (a bot, the command line) must redraw its cards, whatever it imported first.
    for desk in ("desk_openers", "desk_submissions"):  # the desk's forms: opened, sent back
        importlib.import_module(f"core.interactions.{desk}")
    desk_cards = importlib.import_module("core.interactions.desk_cards")
    desk_cards.configure(settings)


def bootstrap(settings: Settings, delivery: DeliverySettings | None = None) -> Hub:
    """Build the process's hub once: features and desks registered, engine, delivery tuning."""
    load_features(settings)
    engine = create_engine(settings.database_url)
    directory = live_catalog.index_directory(settings.search_index_dir, settings.database_url)
    live_catalog.configure(engine.sync_engine, directory)
    return Hub(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        defaults=Defaults(settings.default_language, settings.default_timezone),
        delivery=delivery or load_delivery_settings(),
        turn=asyncio.Lock() if engine.dialect.name == "sqlite" else None,
    )
