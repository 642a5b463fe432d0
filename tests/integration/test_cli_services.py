"""The services the command line calls: plain values out, whole files in or nothing."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import func, select

from core.bootstrap import Hub
from core.domain.actor import OPERATOR
from core.domain.errors import NotFound
from core.domain.kinds import PublicationStatus
from core.domain.people import Channel, Role
from core.interactions.model import FormSubmitted
from core.persistence.models import Event, MembershipApplication
from core.services import application_import, event_transfer, newsletter, people
from core.services.imports import ImportRejected
from core.services.newsletter_views import ItemView
from tests.factories import make_person, text_of

MEETING = {
    "kind": "regional",
    "title": {"fr": "Rencontre de Kaya"},
    "start": "2027-03-02T09:00",
    "end": "2027-03-02T12:00",
    "timezone": "Africa/Ouagadougou",
    "key": "kaya-2027",
}


async def _count(hub: Hub, model: Any) -> int:
    async with hub.uow() as uow:
        return await uow.session.scalar(select(func.count()).select_from(model)) or 0


async def test_newsletter_items_come_back_as_frozen_views(hub: Hub) -> None:
    async with hub.uow() as uow:
        written = await newsletter.write_item(
            OPERATOR, rubric="news", language="fr", title=" Titre ", body="Texte", uow=uow
        )
        translated = await newsletter.translate_item(
            OPERATOR, written.id, language="en", title="Title", body="Text", uow=uow
        )
        archived = await newsletter.archive_item(OPERATOR, written.id, uow)
        await uow.commit()
    assert isinstance(written, ItemView)
    assert (written.status, written.title, written.body) == (
        PublicationStatus.DRAFT,
        {"fr": "Titre"},
        {"fr": "Texte"},
    )
    assert translated.title == {"fr": "Titre", "en": "Title"}
    assert archived.status == PublicationStatus.ARCHIVED
    with pytest.raises(dataclasses.FrozenInstanceError):
        written.status = "published"  # type: ignore[misc]
    async with hub.uow() as uow:
        assert [item.id for item in await newsletter.list_items(uow)] == [written.id]


async def test_an_events_file_is_imported_whole_or_not_at_all(hub: Hub) -> None:
    broken = {**MEETING, "key": "broken", "end": "2027-03-01T09:00"}  # ends before it starts
    async with hub.uow() as uow:
        with pytest.raises(event_transfer.RecordRejected) as refused:
            await event_transfer.import_events(OPERATOR, [MEETING, broken], hub.now(), uow)
    assert refused.value.number == 2
    assert refused.value.error.message == "The end of the event must be after its start."
    assert await _count(hub, Event) == 0
    renamed = {**MEETING, "title": {"fr": "Rencontre de Kaya, bis"}}
    for records, created, updated in (([MEETING], 1, 0), ([renamed], 0, 1)):
        async with hub.uow() as uow:
            result = await event_transfer.import_events(OPERATOR, records, hub.now(), uow)
            await uow.commit()
        assert (result.created, result.updated) == (created, updated)
    async with hub.uow() as uow:
        [record] = await event_transfer.export_events(uow)
        assert (
            await event_transfer.export_events(uow, ending_after=hub.now().replace(year=3000)) == []
        )
    assert (record["key"], record["title"], record["start"]) == (
        "kaya-2027",
        {"fr": "Rencontre de Kaya, bis"},
        "2027-03-02T09:00",
    )


async def test_an_applications_file_is_filed_whole_or_not_at_all(hub: Hub) -> None:
    good = {"organisation": "Good Coop", "category": "producer_org", "country": "SN"}
    rows = [("line 2", good), ("line 3", {"category": "ngo"}), ("line 4", {**good, "x": 1})]
    async with hub.uow() as uow:
        with pytest.raises(ImportRejected) as rejected:
            await application_import.import_applications(rows, uow)
    assert [str(error) for error in rejected.value.errors] == ["line 3: organisation: is required"]
    assert await _count(hub, MembershipApplication) == 0
    async with hub.uow() as uow:
        result = await application_import.import_applications([rows[0], rows[2]], uow)
    assert result.created == 2
    assert await _count(hub, MembershipApplication) == 2


async def test_the_ways_in_get_people_as_actors_and_grant_by_identity(hub: Hub) -> None:
    await make_person(hub, "claire", Role.SECRETARIAT)
    async with hub.uow() as uow:
        claire = await people.actor_by_name("claire", Channel.CONSOLE, hub.defaults, uow)
        with pytest.raises(NotFound):
            await people.actor_by_name("nobody", Channel.CONSOLE, hub.defaults, uow)
        first = await people.grant_role_to(Channel.SLACK, "UAWA", Role.EXPERT, uow, by="cli")
        again = await people.grant_role_to(Channel.SLACK, "UAWA", Role.EXPERT, uow, by="cli")
        await uow.commit()
    assert (claire.name, claire.channel, Role.SECRETARIAT in claire.roles) == (
        "claire",
        Channel.CONSOLE,
        True,
    )
    assert (first, again) == (True, False)
    async with hub.uow() as uow:
        awa = await people.actor_by_name("slack-UAWA", Channel.SLACK, hub.defaults, uow)
    assert Role.EXPERT in awa.roles


async def test_the_desk_forms_write_and_translate_items_through_the_views(hub: Hub) -> None:
    claire = await make_person(hub, "claire", Role.SECRETARIAT)
    values = {"rubric": "news", "language": "fr", "title": "Titre", "body": "Texte"}
    written = await text_of(hub, claire, FormSubmitted("desk_write", values))
    async with hub.uow() as uow:
        [item] = await newsletter.list_items(uow)
    assert f"Draft #{item.id} is saved in French." in written
    values = {"language": "es", "title": "Título", "body": "Texto"}
    sent = FormSubmitted("desk_translate", values, {"id": item.id})
    assert f"Item #{item.id} now has its Spanish version." in await text_of(hub, claire, sent)
    async with hub.uow() as uow:
        [item] = await newsletter.list_items(uow)
    assert item.title == {"fr": "Titre", "es": "Título"}
