"""Two moderators (two hubs, two connections) acting on one report at the same moment."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from core.bootstrap import Hub, bootstrap
from core.domain.errors import Conflict
from core.domain.people import Role
from core.domain.reports import ReportAction
from core.persistence.models import FieldReport, OutboxMessage, ReportAuditEntry
from core.services import moderation
from core.services.moderation import Decision
from tests.conftest import make_settings
from tests.factories import console, make_person, text_of
from tests.integration.report_helpers import actor_of, file_report, rows

ROUNDS = 4


@pytest.fixture
async def second_hub(hub: Hub, database_url: str) -> AsyncIterator[Hub]:
    """Another process on the same database."""
    other = bootstrap(make_settings(database_url))
    yield other
    await other.close()


@pytest.fixture
async def staffed(hub: Hub) -> Hub:
    await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    await make_person(hub, "claire", Role.SECRETARIAT)
    await make_person(hub, "tom", Role.SECRETARIAT)
    return hub


async def _decide(hub: Hub, name: str, report_id: int, action: ReportAction) -> Decision | Conflict:
    actor = await actor_of(hub, name)
    async with hub.uow() as uow:
        try:
            decision = await moderation.decide_report(
                report_id, action, actor, uow, now=hub.now(), reason="because"
            )
            await uow.commit()
            return decision
        except Conflict as conflict:
            return conflict


async def test_exactly_one_of_two_simultaneous_decisions_wins(
    staffed: Hub, second_hub: Hub
) -> None:
    hub = staffed
    for n in range(ROUNDS):
        number = await file_report(hub, "kofi", f"Race {n}")
        results = await asyncio.gather(
            _decide(hub, "claire", number, ReportAction.APPROVED),
            _decide(second_hub, "tom", number, ReportAction.REJECTED),
        )
        winners = [r for r in results if isinstance(r, Decision)]
        losers = [r for r in results if isinstance(r, Conflict)]
        assert len(winners) == 1, results
        assert len(losers) == 1, results
        (report,) = await rows(hub, FieldReport, FieldReport.id == number)
        assert report.status == winners[0].status
        decisions = await rows(
            hub,
            ReportAuditEntry,
            ReportAuditEntry.report_id == number,
            ReportAuditEntry.action != "submitted",
        )
        assert len(decisions) == 1
        notices = await rows(
            hub, OutboxMessage, OutboxMessage.idempotency_key.like(f"report:{number}:decided:%")
        )
        assert len(notices) == 1
        assert losers[0].params["id"] == number


async def test_two_moderators_in_the_chat_at_once(staffed: Hub, second_hub: Hub) -> None:
    hub = staffed
    number = await file_report(hub, "kofi", "Chat race")
    answers = await asyncio.gather(
        text_of(hub, console("claire"), f"/approve {number}"),
        text_of(second_hub, console("tom"), f"/reject {number} Not for us"),
    )
    won = [a for a in answers if "approved;" in a or "rejected;" in a]
    told = [a for a in answers if "nothing was changed" in a]
    assert len(won) == 1, answers
    assert len(told) == 1, answers
    assert "Sorry" not in " ".join(answers)


async def test_exactly_one_of_two_simultaneous_claims_wins(staffed: Hub, second_hub: Hub) -> None:
    hub = staffed
    number = await file_report(hub, "kofi", "Claim race")

    async def claim(on: Hub, name: str) -> str:
        return await text_of(on, console(name), f"/claim {number}")

    answers = await asyncio.gather(claim(hub, "claire"), claim(second_hub, "tom"))
    assert sum("is yours" in a for a in answers) == 1, answers
    assert sum("nothing was changed" in a for a in answers) == 1, answers
