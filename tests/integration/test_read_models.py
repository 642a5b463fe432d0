"""Services hand plain read models to interactions; the shared lookups, upserts and regions."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from core.bootstrap import Hub
from core.domain.errors import NotFound
from core.domain.people import Channel, Role
from core.i18n import Translator
from core.interactions.region_labels import region_label, region_labels
from core.persistence.lookups import get_or_not_found, one_or_not_found
from core.persistence.models import Region
from core.persistence.upsert import dialect_insert
from core.services import reports, subscriptions
from core.services.regions import region_exists, region_names
from core.services.report_views import ReportView
from core.services.subscriptions import SubscriptionView
from tests.factories import make_person
from tests.integration.report_helpers import actor_of, file_report


async def _add_region(hub: Hub) -> None:
    async with hub.uow() as uow:
        names = {"fr": "Zone d'essai", "en": "Test zone", "es": "Zona de prueba"}
        uow.session.add(Region(code="test-zone", names=names))
        await uow.session.commit()


async def test_region_names_come_from_one_service_in_the_readers_language(hub: Hub) -> None:
    await _add_region(hub)
    async with hub.uow() as uow:
        assert await region_exists("test-zone", uow)
        assert not await region_exists("nowhere", uow)
        assert (await region_names(uow))["test-zone"]["es"] == "Zona de prueba"
        assert await region_label(Translator("fr"), "test-zone", uow) == "Zone d'essai"
        assert await region_label(Translator("es"), "nowhere", uow) == "nowhere"
        assert await region_label(Translator("en"), None, uow) == ""
        labels = await region_labels(Translator("en"), uow)
        assert labels["test-zone"] == "Test zone"
        assert list(labels) == sorted(labels)


async def test_get_or_not_found_says_which_row_is_missing(hub: Hub) -> None:
    await _add_region(hub)
    async with hub.uow() as uow:
        found = await get_or_not_found(uow, Region, "test-zone", "There is no region {code}.")
        assert found.code == "test-zone"
        with pytest.raises(NotFound) as missing:
            await get_or_not_found(uow, Region, "x", "There is no region {code}.", code="x")
        assert missing.value.params == {"code": "x"}
        query = select(Region).where(Region.code == "none")
        with pytest.raises(NotFound):
            await one_or_not_found(uow, query, "There is no region {code}.", code="none")


async def test_dialect_insert_ignores_or_updates_on_conflict(hub: Hub) -> None:
    async with hub.uow() as uow:
        values = {"code": "twice", "names": {"en": "Once"}}
        for _ in range(2):
            await uow.session.execute(
                dialect_insert(uow, Region).values(**values).on_conflict_do_nothing()
            )
        changed = {"names": {"en": "Twice"}}
        await uow.session.execute(
            dialect_insert(uow, Region)
            .values(**values)
            .on_conflict_do_update(index_elements=["code"], set_=changed)
        )
        await uow.session.commit()
    async with hub.uow() as uow:
        rows = (await uow.session.scalars(select(Region).where(Region.code == "twice"))).all()
        assert [row.names for row in rows] == [{"en": "Twice"}]


async def test_reports_and_subscriptions_are_read_as_frozen_values(hub: Hub) -> None:
    await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    number = await file_report(hub, "kofi", "Cover crops")
    async with hub.uow() as uow:
        report = await reports.read_report(number, uow)
        listed, total = await reports.list_reports(uow)
    assert isinstance(report, ReportView)
    assert listed == [report]
    assert total == 1
    assert (report.title, report.status, report.region_code) == (
        "Cover crops",
        "submitted",
        "west-africa",
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.title = "changed"  # type: ignore[misc]
    await make_person(hub, "ana", language="es")
    person = await actor_of(hub, "ana")
    async with hub.uow() as uow:
        made = await subscriptions.subscribe(
            person.person_id,
            Channel.CONSOLE,
            frequency="weekly",
            language="es",
            now=hub.now(),
            uow=uow,
        )
        again = await subscriptions.find_subscription(person.person_id, Channel.CONSOLE, uow)
    assert isinstance(made, SubscriptionView)
    assert again == made
    assert (made.frequency, made.language, made.active) == ("weekly", "es", True)
