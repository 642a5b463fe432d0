"""What a handler gets: the actor, their translator, an open unit of work and the hub."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.config import Settings
from core.domain.actor import Actor
from core.i18n import Translator
from core.persistence.uow import UnitOfWork
from core.services.people import Defaults


class HubServices(Protocol):
    """The part of the composition root the interactions need."""

    defaults: Defaults
    settings: Settings

    def uow(self) -> UnitOfWork: ...

    def now(self) -> datetime: ...


@dataclass
class Context:
    actor: Actor
    t: Translator
    uow: UnitOfWork
    hub: HubServices

    def relocalize(self, language: str | None = None, timezone: str | None = None) -> None:
        """After the actor changed language or zone, speak the new one at once."""
        self.t = Translator(language or self.t.language, timezone or self.t.zone.key)
