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


# The command line is run by the hub's operator, who may do what an administrator may.
OPERATOR = Actor(
    person_id=0,
    name="operator",
    display_name="command line",
    language="en",
    timezone="UTC",
    channel=Channel.CONSOLE,
    roles=frozenset({Role.ADMIN}),
)
