"""/mydata gives everything back as a file; /forget erases it everywhere after a confirmation."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select

from core.bootstrap import Hub
from core.domain.people import Channel
from core.interactions.model import ButtonPress
from core.persistence.models import (
    ConsentRecord,
    Event,
    FieldReport,
    Identity,
    OutboxMessage,
    Person,
    Rsvp,
    Subscription,
)
from core.services.outbox import enqueue
from tests.factories import make_person, say, text_of

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


async def _with_data(hub: Hub) -> int:
    """Awa: subscribed, one report with a location, one RSVP, one digest waiting to be sent."""
    awa = await make_person(hub, "awa", language="fr")
    hub.clock = lambda: NOW
    await say(hub, awa, ButtonPress("nlok:weekly:fr"))
    async with hub.uow() as uow:
        person = await uow.session.scalar(select(Person).where(Person.name == "awa"))
        assert person is not None
        event = Event(
            kind="regional",
            title={"fr": "Rencontre"},
            starts_at=NOW,
            ends_at=NOW,
            timezone="Africa/Abidjan",
        )
        uow.session.add(event)
        uow.session.add(
            FieldReport(
                author_id=person.id,
                type="news",
                title="Mon champ",
                text="Du compost",
                status="submitted",
                latitude=5.3,
                longitude=-4.0,
            )
        )
        await uow.session.flush()
        uow.session.add(Rsvp(event_id=event.id, person_id=person.id, answer="going"))
        await enqueue(
            uow,
            key="digest:2026-W47:person:awa",
            kind="digest",
            person_id=person.id,
            template="text",
            params={"text": "Bonjour Awa"},
        )
        await uow.commit()
        return person.id


async def test_mydata_is_a_json_file_of_everything_held(hub: Hub) -> None:
    await _with_data(hub)
    [reply] = await say(hub, await make_person(hub, "awa"), "/mydata")
    [file] = reply.files
    assert file.mime_type == "application/json"
    data = json.loads(file.content)
    assert data["profile"]["name"] == "awa"
    assert [i["external_id"] for i in data["identities"]] == ["awa"]
    assert data["subscriptions"][0]["language"] == "fr"
    assert data["consent_log"][0]["granted"] is True
    assert data["consent_log"][0]["channel"] == "console"
    assert data["field_reports"][0]["text"] == "Du compost"
    assert data["rsvps"][0]["answer"] == "going"
    assert data["pending_messages"][0]["payload"]["params"]["text"] == "Bonjour Awa"


async def test_forget_asks_first_then_erases_everywhere(hub: Hub) -> None:
    person_id = await _with_data(hub)
    awa = await make_person(hub, "awa")
    question = (await say(hub, awa, "/forget"))[0]
    assert [b.data for row in question.buttons for b in row] == ["forget:yes", "forget:no"]
    assert "rien n'a été effacé" in await text_of(hub, awa, ButtonPress("forget:no"))
    assert "Vos données ont été effacées" in await text_of(hub, awa, ButtonPress("forget:yes"))
    async with hub.uow() as uow:
        person = await uow.session.get_one(Person, person_id)
        assert person.name == f"erased-{person_id}"
        assert person.erased_at is not None
        assert (person.display_name, person.language, person.timezone) == ("", None, None)
        for model in (Identity, Subscription, ConsentRecord, Rsvp):
            assert await uow.session.scalar(select(func.count()).select_from(model)) == 0
        row = await uow.session.scalar(select(OutboxMessage))
        assert row is not None
        assert (row.status, row.person_id, row.recipient, row.payload) == (
            "cancelled",
            None,
            "erased",
            {},
        )
        report = await uow.session.scalar(select(FieldReport))
        assert report is not None
        assert (report.author_id, report.latitude, report.text) == (None, None, "Du compost")
    # Writing again makes a new, empty person.
    assert "awa" in await text_of(hub, awa, "/me")
    async with hub.uow() as uow:
        identity = await uow.session.scalar(
            select(Identity).where(Identity.channel == Channel.CONSOLE)
        )
        assert identity is not None
        assert identity.person_id != person_id
