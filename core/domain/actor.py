"""Who is speaking to the hub, as the core sees them."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.domain.errors import N_, NotAllowed
from core.domain.people import Channel, Role, has_any


@dataclass(frozen=True)
class Actor:
    person_id: int
    name: str
    display_name: str
    language: str
    timezone: str
    channel: Channel
    roles: frozenset[Role] = frozenset()
    regions: frozenset[str] = field(default_factory=frozenset)

    def can(self, allowed: frozenset[Role]) -> bool:
        return has_any(self.roles, allowed)

    def require(self, allowed: frozenset[Role]) -> None:
        """Raise NotAllowed unless the actor holds one of the `allowed` roles."""
        if not self.can(allowed):
            raise NotAllowed(N_("Sorry, this is reserved for: {roles}."), roles=allowed)
