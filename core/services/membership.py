"""Membership applications: filed, checked by the Secretariat, voted on by the Bureau.

Organisation applies -> Secretariat checks the file and opens the vote -> Bureau votes (one
vote per member, changeable until the vote closes) -> approved: the partner is created and
the Secretariat told -> the Consortium confirms at its next meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update

from core.domain import vocabulary
from core.domain.actor import Actor
from core.domain.errors import N_, Conflict, InvalidInput
from core.domain.kinds import (
    COLLEGE_OF_CATEGORY,
    ApplicationStatus,
    PartnerCategory,
    Vote,
    may_be_member,
)
from core.domain.membership import Tally, VoteRules, count, outcome
from core.domain.people import CAN_MODERATE, CAN_VOTE, Role
from core.persistence.lookups import get_or_not_found
from core.persistence.models import (
    BureauVote,
    MembershipApplication,
    Partner,
    StrategicObjective,
    utcnow,
)
from core.persistence.uow import UnitOfWork
from core.services import desk_refs
from core.services.announcements import audience
from core.services.application_views import ApplicationView, application_view
from core.services.outbox import enqueue

MAX_MOTIVATION = 5_000


@dataclass(frozen=True)
class ApplicationForm:
    organisation: str
    category: str
    country: str | None = None
    contact_role: str | None = None
    objectives: tuple[str, ...] = ()
    motivation: str = ""
    wants_membership: bool = True


@dataclass(frozen=True)
class VoteResult:
    tally: Tally
    closed: ApplicationStatus | None = None
    partner_id: int | None = None


async def submit_application(
    form: ApplicationForm, uow: UnitOfWork, *, submitted_by: int | None = None
) -> ApplicationView:
    """File an application and tell the Secretariat.

    Args:
        form: what the organisation wrote; checked here.
        uow: the open unit of work (the caller commits).
        submitted_by: the person who filed it, if it came through a chat.
    """
    name = " ".join(form.organisation.split())
    if not name or len(name) > 300:
        raise InvalidInput(N_("Give the organisation's name (at most 300 characters)."))
    found = vocabulary.parse(vocabulary.PARTNER_CATEGORY, form.category)
    if found is None:
        raise InvalidInput(
            N_("Unknown category {category}. Choose one of: {choices}."),
            category=form.category[:40],
            choices=vocabulary.Choices(vocabulary.PARTNER_CATEGORY),
        )
    category = PartnerCategory(found)
    country = (form.country or "").strip().upper() or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidInput(N_("Give the country as a two-letter code, such as CI or FR."))
    codes = tuple(dict.fromkeys(code.strip().upper() for code in form.objectives if code.strip()))
    known = set((await uow.session.scalars(select(StrategicObjective.code))).all())
    if unknown := [code for code in codes if code not in known]:
        raise InvalidInput(N_("Unknown strategic objectives: {codes}."), codes=", ".join(unknown))
    if len(form.motivation) > MAX_MOTIVATION:
        raise InvalidInput(
            N_("The motivation is limited to {limit} characters."), limit=MAX_MOTIVATION
        )
    application = MembershipApplication(
        organisation=name,
        category=category,
        country=country,
        contact_role=(form.contact_role or "").strip()[:200] or None,
        objectives=list(codes),
        motivation=form.motivation.strip(),
        wants_membership=form.wants_membership and may_be_member(category),
        status=ApplicationStatus.SUBMITTED,
        submitted_by_id=submitted_by,
    )
    uow.session.add(application)
    await uow.session.flush()
    await _tell(uow, Role.SECRETARIAT, application, "membership_submitted", "submitted")
    await desk_refs.new_work(uow, utcnow())
    return application_view(application)


async def get_application(application_id: int, uow: UnitOfWork) -> MembershipApplication:
    """The application's row, for services that change it; NotFound when there is none."""
    message = N_("There is no application #{number}.")
    return await get_or_not_found(
        uow, MembershipApplication, application_id, message, number=application_id
    )


async def list_applications(
    uow: UnitOfWork, status: ApplicationStatus | None = None
) -> list[ApplicationView]:
    """The applications (of one status, or all), oldest first."""
    query = select(MembershipApplication).order_by(MembershipApplication.id)
    if status is not None:
        query = query.where(MembershipApplication.status == status)
    return [application_view(row) for row in await uow.session.scalars(query)]


async def open_vote(actor: Actor, application_id: int, uow: UnitOfWork) -> ApplicationView:
    """The Secretariat found the file complete: put it to the Bureau's vote."""
    actor.require(CAN_MODERATE)
    application = await get_application(application_id, uow)
    await _move(uow, application, ApplicationStatus.SUBMITTED, ApplicationStatus.VOTING)
    await _tell(uow, Role.BUREAU, application, "membership_vote_open", "vote-open")
    await desk_refs.new_work(uow, utcnow())
    return application_view(application)


async def cast_vote(
    actor: Actor, application_id: int, vote: Vote, uow: UnitOfWork, rules: VoteRules
) -> VoteResult:
    """Record (or change) a Bureau member's vote; close the vote when the rules say so."""
    actor.require(CAN_VOTE)
    await _lock(application_id, uow)
    application = await get_application(application_id, uow)
    if application.status != ApplicationStatus.VOTING:
        raise Conflict(
            N_("The vote on application #{number} is not open (it is {status})."),
            number=application.id,
            status=ApplicationStatus(application.status),
        )
    existing = await uow.session.get(BureauVote, (application.id, actor.person_id))
    if existing is None:
        uow.session.add(
            BureauVote(application_id=application.id, person_id=actor.person_id, vote=vote)
        )
    else:
        existing.vote = vote
    await uow.session.flush()
    votes = await uow.session.scalars(
        select(BureauVote.vote).where(BureauVote.application_id == application.id)
    )
    tally = count(votes.all())
    bureau = len((await uow.session.scalars(audience(Role.BUREAU, None))).all())
    closed = outcome(tally, bureau, rules)
    if closed is None:
        await desk_refs.changed(uow, desk_refs.APPLICATION, application.id, utcnow())
        return VoteResult(tally)
    await _move(uow, application, ApplicationStatus.VOTING, closed)
    application.closed_at = utcnow()
    partner_id = (
        await _create_partner(application, uow) if closed is ApplicationStatus.APPROVED else None
    )
    await _tell(uow, Role.SECRETARIAT, application, "membership_closed", f"closed-{closed}")
    await _tell_applicant(uow, application)
    return VoteResult(tally, closed, partner_id)


async def confirm(actor: Actor, application_id: int, uow: UnitOfWork) -> ApplicationView:
    """Record the Consortium's confirmation of an approved application."""
    actor.require(CAN_MODERATE)
    application = await get_application(application_id, uow)
    await _move(uow, application, ApplicationStatus.APPROVED, ApplicationStatus.CONFIRMED)
    await _tell_applicant(uow, application)
    return application_view(application)


async def _lock(application_id: int, uow: UnitOfWork) -> None:
    """Take the application's row lock first, so that concurrent votes are counted in turn.

    A no-op UPDATE locks the row on PostgreSQL and takes the write lock on SQLite before
    anything is read, so the last voter always sees every other vote.
    """
    await uow.session.execute(
        update(MembershipApplication)
        .where(MembershipApplication.id == application_id)
        .values(status=MembershipApplication.status)
        .execution_options(synchronize_session=False)
    )


async def _move(uow: UnitOfWork, application: MembershipApplication, from_: str, to: str) -> None:
    """Change the status only if nobody changed it first (one closing wins)."""
    result = await uow.session.execute(
        update(MembershipApplication)
        .where(MembershipApplication.id == application.id, MembershipApplication.status == from_)
        .values(status=to)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        await uow.session.refresh(application)
        raise Conflict(
            N_("Application #{number} is already {status}; nothing was changed."),
            number=application.id,
            status=ApplicationStatus(application.status),
        )
    application.status = to
    await desk_refs.changed(uow, desk_refs.APPLICATION, application.id, utcnow())


async def _create_partner(application: MembershipApplication, uow: UnitOfWork) -> int:
    partner = await uow.session.scalar(
        select(Partner).where(Partner.name == application.organisation)
    )
    category = PartnerCategory(application.category)
    if partner is None:
        objectives = (
            await uow.session.scalars(
                select(StrategicObjective).where(
                    StrategicObjective.code.in_(application.objectives)
                )
            )
        ).all()
        partner = Partner(
            name=application.organisation,
            category=category,
            college=COLLEGE_OF_CATEGORY[category],
            country=application.country,
            objectives=list(objectives),
        )
        uow.session.add(partner)
    partner.is_member = application.wants_membership and may_be_member(category)
    await uow.session.flush()
    application.partner_id = partner.id
    return partner.id


async def _tell(
    uow: UnitOfWork, role: Role, application: MembershipApplication, template: str, step: str
) -> int:
    params = {
        "id": application.id,
        "organisation": application.organisation,
        "category": application.category,
        "country": application.country,
        "status": application.status,
    }
    queued = 0
    for person_id in (await uow.session.scalars(audience(role, None))).all():
        queued += await enqueue(
            uow,
            key=f"membership:{application.id}:{step}:{person_id}",
            kind="notification",
            person_id=person_id,
            template=template,
            params=params,
        )
    return queued


async def _tell_applicant(uow: UnitOfWork, application: MembershipApplication) -> bool:
    """Tell the person who applied what became of it (the Bureau's vote, the confirmation)."""
    if application.submitted_by_id is None:
        return False
    return await enqueue(
        uow,
        key=f"membership:{application.id}:applicant:{application.status}",
        kind="notification",
        person_id=application.submitted_by_id,
        template="membership_applicant",
        params={
            "id": application.id,
            "organisation": application.organisation,
            "status": application.status,
        },
    )
