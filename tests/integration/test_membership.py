"""Membership applications: filed, opened by the Secretariat, voted and closed by the Bureau."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bots.telegram.render import render_reply
from core.bootstrap import Hub
from core.domain.actor import Actor
from core.domain.kinds import ApplicationStatus, Vote
from core.domain.membership import VoteRules
from core.domain.people import Channel, Role
from core.i18n import Translator
from core.interactions.model import ButtonPress
from core.interactions.notifications import render_notification
from core.persistence.models import (
    MembershipApplication,
    OutboxMessage,
    Partner,
    Person,
    StrategicObjective,
)
from core.services import membership, people
from core.services.people import to_actor
from tests.factories import make_person, say, text_of


async def _objectives(hub: Hub) -> None:
    async with hub.uow() as uow:
        uow.session.add_all(
            [StrategicObjective(code=c, goal=c[0], names={"en": c}) for c in ("A3", "D2")]
        )
        await uow.commit()


async def _setup(hub: Hub, bureau: int = 3) -> tuple[object, object, list[object]]:
    await _objectives(hub)
    farmer = await make_person(hub, "kwame")
    secretary = await make_person(hub, "claire", Role.SECRETARIAT)
    members = [await make_person(hub, f"b{i}", Role.BUREAU) for i in range(bureau)]
    return farmer, secretary, members


async def test_the_whole_cycle_creates_the_partner(hub: Hub) -> None:
    farmer, secretary, members = await _setup(hub)
    filed = await text_of(
        hub, farmer, "/apply Soil Lab | research | ci | A3, D2 | We measure carbon."
    )
    assert "Application #1" in filed
    # The Secretariat was told, with a button to open the vote.
    async with hub.uow() as uow:
        templates = {
            r.payload["template"] for r in await uow.session.scalars(select(OutboxMessage))
        }
    assert templates == {"membership_submitted"}
    assert "Application #1 is open" in await text_of(hub, secretary, ButtonPress("appopen:1"))
    assert "#1 Soil Lab" in await text_of(hub, members[0], "/applications")
    assert "So far: 1 yes" in await text_of(hub, members[0], ButtonPress("appvote:1:yes"))
    # A vote can change until the vote closes.
    assert "0 yes, 1 no" in await text_of(hub, members[0], ButtonPress("appvote:1:no"))
    await text_of(hub, members[0], ButtonPress("appvote:1:yes"))
    await text_of(hub, members[1], ButtonPress("appvote:1:yes"))
    closing = await text_of(hub, members[2], ButtonPress("appvote:1:no"))
    assert "The vote is closed: approved" in closing
    async with hub.uow() as uow:
        partner = await uow.session.scalar(select(Partner).where(Partner.name == "Soil Lab"))
        assert partner is not None
        assert partner.is_member
        assert partner.country == "CI"
        assert sorted(o.code for o in partner.objectives) == ["A3", "D2"]
        application = await uow.session.get_one(MembershipApplication, 1)
        assert application.partner_id == partner.id
    late = await text_of(hub, members[0], ButtonPress("appvote:1:no"))
    assert "is not open (it is approved by the Bureau)" in late


async def test_roles_and_bad_buttons_are_refused_in_the_core(hub: Hub) -> None:
    farmer, secretary, members = await _setup(hub)
    await text_of(hub, farmer, "/apply Agro SA | company | FR | | We sell compost.")
    assert "reserved" in await text_of(hub, farmer, ButtonPress("appopen:1"))
    assert "reserved" in await text_of(hub, members[0], ButtonPress("appopen:1"))
    assert "reserved" in await text_of(hub, farmer, ButtonPress("appvote:1:yes"))
    assert "reserved" in await text_of(hub, farmer, "/applications")
    assert "no longer valid" in await text_of(hub, members[0], ButtonPress("appvote:x:yes"))
    await text_of(hub, secretary, ButtonPress("appopen:1"))
    assert "no longer valid" in await text_of(hub, members[0], ButtonPress("appvote:1:maybe"))
    assert "There is no application #9" in await text_of(
        hub, members[0], ButtonPress("appvote:9:yes")
    )
    async with hub.uow() as uow:
        application = await uow.session.get_one(MembershipApplication, 1)
        assert not application.wants_membership  # a company can be a Partner, not a Member


async def test_bad_forms_get_clear_answers(hub: Hub) -> None:
    farmer, _secretary, _members = await _setup(hub)
    assert "To apply, write on one line" in await text_of(hub, farmer, "/apply")
    assert "Unknown category wizards" in await text_of(hub, farmer, "/apply X | wizards")
    assert "two-letter code" in await text_of(hub, farmer, "/apply X | ngo | France")
    assert "Unknown strategic objectives: Z9" in await text_of(
        hub, farmer, "/apply X | ngo | FR | Z9"
    )


async def test_two_last_votes_at_once_close_the_vote_once(hub: Hub) -> None:
    _farmer, secretary, members = await _setup(hub, bureau=2)
    await text_of(hub, members[0], "/apply Coop | producer_org | SN | | Farmers.")
    await say(hub, secretary, ButtonPress("appopen:1"))
    rules = VoteRules(quorum=2)
    first, second = [await _actor(hub, name) for name in ("b0", "b1")]

    async def second_vote() -> membership.VoteResult:
        async with hub.uow() as uow:
            result = await membership.cast_vote(second, 1, Vote.YES, uow, rules)
            await uow.commit()
            return result

    async with hub.uow() as uow:
        assert (await membership.cast_vote(first, 1, Vote.YES, uow, rules)).closed is None
        racing = asyncio.create_task(second_vote())
        await asyncio.sleep(0.3)
        assert not racing.done()  # it waits for the first vote's transaction
        await uow.commit()
    assert (await racing).closed is ApplicationStatus.APPROVED
    async with hub.uow() as uow:
        assert len((await uow.session.scalars(select(Partner))).all()) == 1


async def _actor(hub: Hub, name: str) -> Actor:
    async with hub.uow() as uow:
        person = await people.get_person_by_name(name, uow)
        return to_actor(person, Channel.CONSOLE, hub.defaults)


async def _applicant_notices(hub: Hub, person_id: int) -> list[str]:
    """The applicant's notices, rendered in their language as the worker would."""
    async with hub.uow() as uow:
        person = await uow.session.get_one(Person, person_id)
        found = (
            await uow.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.person_id == person_id)
                .order_by(OutboxMessage.id)
            )
        ).all()
        t = Translator(person.language or "en", "UTC")
        return [
            render_notification(r.payload["template"], r.payload["params"], t).plain_text
            for r in found
        ]


async def test_the_applicant_hears_the_decision_and_the_confirmation(hub: Hub) -> None:
    await _objectives(hub)
    amina = await make_person(hub, "amina", language="fr")
    secretary = await make_person(hub, "claire", Role.SECRETARIAT)
    members = [await make_person(hub, f"b{i}", Role.BUREAU) for i in range(3)]
    await text_of(hub, amina, "/apply Sahel Sols | research | sn | A3 | Nous mesurons.")
    await text_of(hub, secretary, ButtonPress("appopen:1"))
    for member in members:
        await text_of(hub, member, ButtonPress("appvote:1:yes"))
    async with hub.uow() as uow:
        person_id = (await people.get_person_by_name("amina", uow)).id
        actor = to_actor(
            await people.get_person_by_name("claire", uow), Channel.CONSOLE, hub.defaults
        )
        await membership.confirm(actor, 1, uow)
        await uow.commit()
    notices = await _applicant_notices(hub, person_id)
    assert len(notices) == 2
    # In the applicant's language.
    assert "le Bureau a approuvé la candidature n° 1 de Sahel Sols" in notices[0]
    assert "Le Consortium a confirmé l'adhésion de Sahel Sols" in notices[1]


async def test_a_refused_applicant_is_told_too(hub: Hub) -> None:
    await _objectives(hub)
    kwame = await make_person(hub, "kwame")
    secretary = await make_person(hub, "claire", Role.SECRETARIAT)
    members = [await make_person(hub, f"b{i}", Role.BUREAU) for i in range(3)]
    await text_of(hub, kwame, "/apply Soil Lab | research | ci | A3 | We measure carbon.")
    await text_of(hub, secretary, ButtonPress("appopen:1"))
    for member in members:
        await text_of(hub, member, ButtonPress("appvote:1:no"))
    async with hub.uow() as uow:
        person_id = (await people.get_person_by_name("kwame", uow)).id
    (notice,) = await _applicant_notices(hub, person_id)
    assert "did not approve the application #1 of Soil Lab" in notice


async def test_many_applications_are_one_message_a_page_with_more(hub: Hub) -> None:
    farmer, secretary, _ = await _setup(hub)
    for number in range(1, 15):
        motivation = "Nous mesurons le carbone des sols. " * 20
        await say(hub, farmer, f"/apply Labo {number} | research | ci | A3 | {motivation}")
    [first] = await say(hub, secretary, "/applications")
    data = [b.data for row in first.buttons for b in row]
    assert "Labo 1 " in first.plain_text
    assert "Labo 14" not in first.plain_text
    assert len(render_reply(first)) == 1
    assert len(data) <= 100
    assert all(b.label.startswith("#") for row in first.buttons[:-1] for b in row)
    shown = [n for n in range(1, 15) if f"Labo {n} " in first.plain_text]
    [second] = await say(hub, secretary, ButtonPress(data[-1]))
    assert data[-1] == f"appl:{len(shown)}"
    assert f"Labo {len(shown) + 1} " in second.plain_text
