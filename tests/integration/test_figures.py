"""The 4 per 1000 Dashboard's figures, counted on each database."""

from __future__ import annotations

from core.bootstrap import Hub
from core.domain.people import Channel, Role
from core.persistence.models import Partner, Region, Subscription
from core.services import people
from core.services.figures import NO_REGION, dashboard
from tests.factories import make_person
from tests.integration.report_helpers import file_report


async def test_dashboard_counts_partners_members_reports_and_subscribers(hub: Hub) -> None:
    await make_person(hub, "kofi", Role.CORRESPONDENT, region="west-africa")
    await file_report(hub, "kofi", "Cover crops")
    await file_report(hub, "kofi", "Biochar")
    async with hub.uow() as uow:
        if await uow.session.get(Region, "europe") is None:
            uow.session.add(Region(code="europe", names={"en": "Europe"}))
            await uow.session.flush()
        uow.session.add_all(
            [
                Partner(name="CIRAD", category="research", is_member=True, region_code="europe"),
                Partner(name="INRAE", category="research", is_member=True, region_code="europe"),
                Partner(name="SoilCo", category="company", is_member=False),
            ]
        )
        for name, language, active in (("a", "fr", True), ("b", "fr", True), ("c", "es", False)):
            person = await people.identify(Channel.CONSOLE, name, uow)
            uow.session.add(
                Subscription(
                    person_id=person.id,
                    channel="console",
                    language=language,
                    frequency="weekly",
                    active=active,
                )
            )
        await uow.commit()
    async with hub.uow() as uow:
        found = await dashboard(uow)
    assert found.partners_by_category == {"research": 2, "company": 1}
    assert found.partners_by_region == {"europe": 2, NO_REGION: 1}
    assert (found.partners, found.members) == (3, 2)
    assert found.reports_by_status == {"submitted": 2}
    assert found.reports == 2
    assert found.reports_by_region == {"west-africa": 2}
    assert found.subscribers_by_language == {"fr": 2}
    assert found.subscribers == 1 + 1
