"""Finding, creating and configuring people."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.sql.dml import ReturningInsert

from core.domain import vocabulary
from core.domain.actor import Actor
from core.domain.errors import N_, InvalidInput
from core.domain.people import Channel, Role
from core.i18n import normalize_language
from core.persistence.lookups import one_or_not_found
from core.persistence.models import Identity, Person, RoleGrant, utcnow
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import insert_for, prepared
from core.services.regions import region_exists
from core.services.zone_names import zone_by_place


@dataclass(frozen=True)
class Defaults:
    language: str = "en"
    timezone: str = "UTC"


def to_actor(person: Person, channel: Channel, defaults: Defaults) -> Actor:
    return Actor(
        person_id=person.id,
        name=person.name,
        display_name=person.display_name or person.name,
        language=person.language or defaults.language,
        timezone=person.timezone or defaults.timezone,
        channel=channel,
        roles=frozenset(Role(grant.role) for grant in person.roles) | {Role.FRIEND},
        regions=frozenset(g.region_code for g in person.roles if g.region_code),
    )


async def find_identity(channel: Channel, external_id: str, uow: UnitOfWork) -> Identity | None:
    return await uow.session.scalar(
        select(Identity).where(Identity.channel == channel, Identity.external_id == external_id)
    )


async def identify(
    channel: Channel,
    external_id: str,
    uow: UnitOfWork,
    *,
    display_name: str = "",
    language_hint: str | None = None,
    chat_id: str | None = None,
) -> Person:
    """Return the person behind a channel identity, creating them on first contact.

    Args:
        channel: where the person writes from.
        external_id: their id on that channel (Telegram user id, Slack user id, console name).
        uow: the open unit of work (the caller commits).
        display_name: how the channel names them, kept for new people only.
        language_hint: the channel's language code, the default until they choose.
        chat_id: where to write back to them on that channel, if not the same id.
    """
    identity = await find_identity(channel, external_id, uow)
    if identity is not None:
        if chat_id and identity.chat_id != chat_id:
            identity.chat_id = chat_id
        person = await uow.session.get_one(Person, identity.person_id)
        # Someone registered before they first wrote (a role granted by id) takes the
        # channel's name and language until they choose.
        if not person.display_name and display_name:
            person.display_name = display_name[:200]
        if person.language is None and normalize_language(language_hint):
            person.language = normalize_language(language_hint)
        if identity.unreachable_since is not None:
            identity.unreachable_since = None  # they wrote to us: reachable again
        return person
    name = external_id if channel is Channel.CONSOLE else f"{channel.value}-{external_id}"
    existing = await uow.session.scalar(select(Person).where(Person.name == name))
    if existing is not None:
        person = existing
    else:
        person = Person(
            name=name,
            display_name=display_name[:200],
            language=normalize_language(language_hint),
        )
        uow.session.add(person)
        await uow.session.flush()
    uow.session.add(
        Identity(person_id=person.id, channel=channel, external_id=external_id, chat_id=chat_id)
    )
    await uow.session.flush()
    await uow.session.refresh(person, ["identities", "roles"])
    return person


# The statements of the path every message takes, built once (see `prepared`).
_KNOWN = (
    select(
        Identity.id,
        Identity.chat_id,
        Identity.unreachable_since,
        Person.id,
        Person.name,
        Person.display_name,
        Person.language,
        Person.timezone,
    )
    .join(Person, Person.id == Identity.person_id)
    .where(
        Identity.channel == bindparam("channel"), Identity.external_id == bindparam("external_id")
    )
)
# `_KNOWN` with the person's role grants: a row per grant (one with no role if none).
_KNOWN_GRANTED = _KNOWN.add_columns(RoleGrant.role, RoleGrant.region_code).outerjoin(
    RoleGrant, RoleGrant.person_id == Person.id
)
_KNOWN_MANY = (
    select(Identity.external_id, *_KNOWN.selected_columns)
    .join(Person, Person.id == Identity.person_id)
    .where(
        Identity.channel == bindparam("channel"),
        Identity.external_id.in_(bindparam("ids", expanding=True)),
    )
)
_GRANTS_MANY = select(RoleGrant.person_id, RoleGrant.role, RoleGrant.region_code).where(
    RoleGrant.person_id.in_(bindparam("ids", expanding=True))
)
_PEOPLE, _IDENTITIES = cast(Table, Person.__table__), cast(Table, Identity.__table__)
_NEW_IDENTITY = insert(_IDENTITIES)


@prepared
def _new_person(dialect: str) -> ReturningInsert[Any]:
    return (
        insert_for(dialect, _PEOPLE)
        .on_conflict_do_nothing(index_elements=["name"])
        .returning(_PEOPLE.c.id)
    )


@prepared
def _new_people(dialect: str) -> ReturningInsert[Any]:
    """`_new_person` for several at once, each created one naming itself (by name)."""
    return (
        insert_for(dialect, _PEOPLE)
        .on_conflict_do_nothing(index_elements=["name"])
        .returning(_PEOPLE.c.id, _PEOPLE.c.name)
    )


async def identify_actor(
    channel: Channel,
    external_id: str,
    uow: UnitOfWork,
    defaults: Defaults,
    *,
    display_name: str = "",
    language_hint: str | None = None,
    chat_id: str | None = None,
) -> Actor:
    """`identify()` for the path every message takes: one plain query for someone known."""
    keys = {"channel": channel, "external_id": external_id}
    rows = (await uow.session.execute(_KNOWN_GRANTED, keys)).all()
    known = tuple(rows[0])[:-2] if rows else None
    if known is None:
        created = await _first_contact(
            channel, external_id, uow, display_name, normalize_language(language_hint), chat_id
        )
        if created is not None:
            return created.actor(defaults)
    if known is None or _stale(known, display_name, language_hint, chat_id):
        person = await identify(
            channel,
            external_id,
            uow,
            display_name=display_name,
            language_hint=language_hint,
            chat_id=chat_id,
        )
        return to_actor(person, channel, defaults)
    grants = [(row[-2], row[-1]) for row in rows if row[-2] is not None]
    return _known_actor(known, grants, channel, defaults)


class Caller(Protocol):
    """A channel identity as a message brings it (core.interactions.model.Sender is one)."""

    @property
    def channel(self) -> Channel: ...
    @property
    def external_id(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def language_hint(self) -> str | None: ...
    @property
    def chat_id(self) -> str | None: ...


async def identify_actors(
    callers: Sequence[Caller], uow: UnitOfWork, defaults: Defaults
) -> list[Actor]:
    """`identify_actor` for several messages at once: a handful of statements for them all.

    One query finds who is known, one finds their roles, and people writing for the first
    time are created with two multi-row INSERTs. Whoever needs more (an identity to update, a
    name already taken) goes through `identify_actor`, one by one.
    """
    firsts = {(c.channel, c.external_id): c for c in reversed(callers)}  # first of each wins
    known = await _known_many(list(firsts), uow)
    fresh = [c for key, c in firsts.items() if key not in known]
    created = await _first_contacts(fresh, uow) if fresh else {}
    plain = {
        key: row
        for key, row in known.items()
        if not _stale(row, firsts[key].display_name, firsts[key].language_hint, firsts[key].chat_id)
    }
    grants = await _grants_of([row[3] for row in plain.values()], uow)
    actors: dict[tuple[Channel, str], Actor] = {}
    for key, caller in firsts.items():
        if key in created:
            actors[key] = created[key].actor(defaults)
        elif key in plain:
            actors[key] = _known_actor(plain[key], grants.get(plain[key][3], []), key[0], defaults)
        else:
            actors[key] = await identify_actor(
                caller.channel,
                caller.external_id,
                uow,
                defaults,
                display_name=caller.display_name,
                language_hint=caller.language_hint,
                chat_id=caller.chat_id,
            )
    return [actors[(c.channel, c.external_id)] for c in callers]


async def _known_many(
    keys: list[tuple[Channel, str]], uow: UnitOfWork
) -> dict[tuple[Channel, str], Any]:
    """The `_KNOWN` row of each identity that exists, by (channel, external id)."""
    found: dict[tuple[Channel, str], Any] = {}
    for channel in {channel for channel, _ in keys}:
        ids = [external_id for c, external_id in keys if c == channel]
        rows = await uow.session.execute(_KNOWN_MANY, {"channel": channel, "ids": ids})
        for row in rows:
            found[(channel, row[0])] = tuple(row)[1:]
    return found


async def _grants_of(person_ids: list[int], uow: UnitOfWork) -> dict[int, list[Any]]:
    grants: dict[int, list[Any]] = {}
    if person_ids:
        for person_id, role, region in await uow.session.execute(_GRANTS_MANY, {"ids": person_ids}):
            grants.setdefault(person_id, []).append((role, region))
    return grants


def _known_actor(known: Any, grants: Sequence[Any], channel: Channel, defaults: Defaults) -> Actor:
    _, _, _, person_id, name, shown, language, timezone = known
    return Actor(
        person_id=person_id,
        name=name,
        display_name=shown or name,
        language=language or defaults.language,
        timezone=timezone or defaults.timezone,
        channel=channel,
        roles=frozenset(Role(role) for role, _ in grants) | {Role.FRIEND},
        regions=frozenset(region for _, region in grants if region),
    )


async def _first_contacts(
    callers: list[Caller], uow: UnitOfWork
) -> dict[tuple[Channel, str], _Created]:
    """`_first_contact` for several people at once: one INSERT of people, one of identities.

    Whoever's name is taken already is left out (their caller goes through `identify`).
    """
    now = utcnow()
    wanted = {_person_name(c.channel, c.external_id): c for c in callers}
    people = [
        {
            "name": name,
            "display_name": c.display_name[:200],
            "language": normalize_language(c.language_hint),
            "created_at": now,
        }
        for name, c in wanted.items()
    ]
    rows = (await uow.session.execute(_new_people(uow), people)).all()
    created: dict[tuple[Channel, str], _Created] = {}
    for person_id, name in rows:
        c = wanted[name]
        shown, language = c.display_name[:200], normalize_language(c.language_hint)
        created[(c.channel, c.external_id)] = _Created(person_id, name, shown, language, c.channel)
    if created:
        identities = [
            {
                "channel": c.channel,
                "external_id": c.external_id,
                "chat_id": wanted[made.name].chat_id,
                "person_id": made.person_id,
                "created_at": now,
            }
            for made in created.values()
            for c in [wanted[made.name]]
        ]
        await uow.session.execute(_NEW_IDENTITY, identities)
    return created


def _person_name(channel: Channel, external_id: str) -> str:
    return external_id if channel is Channel.CONSOLE else f"{channel.value}-{external_id}"


@dataclass(frozen=True)
class _Created:
    person_id: int
    name: str
    display_name: str
    language: str | None
    channel: Channel

    def actor(self, defaults: Defaults) -> Actor:
        return Actor(
            person_id=self.person_id,
            name=self.name,
            display_name=self.display_name or self.name,
            language=self.language or defaults.language,
            timezone=defaults.timezone,
            channel=self.channel,
            roles=frozenset({Role.FRIEND}),
            regions=frozenset(),
        )


async def _first_contact(
    channel: Channel,
    external_id: str,
    uow: UnitOfWork,
    display_name: str,
    language: str | None,
    chat_id: str | None,
) -> _Created | None:
    """Create the person and identity of someone writing for the first time: two INSERTs.

    None when a person of that name exists already (registered before they first wrote, or
    created by another process at the same instant): `identify` then finds them.
    """
    name = _person_name(channel, external_id)
    now = utcnow()
    person = {"name": name, "display_name": display_name[:200], "language": language}
    person_id = (
        await uow.session.execute(_new_person(uow), {**person, "created_at": now})
    ).scalar()
    if person_id is None:
        return None
    identity = {"channel": channel, "external_id": external_id, "chat_id": chat_id}
    await uow.session.execute(
        _NEW_IDENTITY, {**identity, "person_id": person_id, "created_at": now}
    )
    return _Created(person_id, name, display_name[:200], language, channel)


def _stale(known: Any, display_name: str, language_hint: str | None, chat_id: str | None) -> bool:
    """True when identify() has something to update (see there)."""
    _, known_chat, unreachable, _, _, shown, language, _ = known
    return bool(
        (chat_id and known_chat != chat_id)
        or unreachable is not None
        or (not shown and display_name)
        or (language is None and normalize_language(language_hint))
    )


async def get_person_by_name(name: str, uow: UnitOfWork) -> Person:
    query = select(Person).where(Person.name == name)
    return await one_or_not_found(uow, query, N_("Nobody is called {name}."), name=name)


async def actor_by_name(name: str, channel: Channel, defaults: Defaults, uow: UnitOfWork) -> Actor:
    """The person called `name`, acting on `channel` (NotFound when nobody is)."""
    return to_actor(await get_person_by_name(name, uow), channel, defaults)


def parse_language(language: str) -> str:
    """`fr`, `FR`, `français`, `Spanish`, `fr-FR`... -> `fr`; InvalidInput for another language."""
    wanted = language.strip()
    code = vocabulary.parse(vocabulary.LANGUAGE, wanted)
    if code is None and re.fullmatch(r"[A-Za-z]{2}([-_][A-Za-z]{2})?", wanted):
        code = normalize_language(wanted)
    if code is None:
        raise InvalidInput(
            N_("Unknown language {language}. Choose one of: {choices}."),
            language=wanted[:20],
            choices=vocabulary.Choices(vocabulary.LANGUAGE),
        )
    return code


async def set_language(person_id: int, language: str, uow: UnitOfWork) -> str:
    """Set the person's language; return the normalized code."""
    code = parse_language(language)
    person = await uow.session.get_one(Person, person_id)
    person.language = code
    return code


def resolve_timezone(name: str) -> str:
    """The canonical IANA name for `name` (case-insensitive), or InvalidInput."""
    wanted = name.strip()
    if wanted.upper() == "UTC":
        return "UTC"
    try:
        ZoneInfo(wanted)
        if wanted in available_timezones():
            return wanted
    except (ZoneInfoNotFoundError, ValueError):
        pass
    by_lower = {zone.lower(): zone for zone in available_timezones()}
    if wanted.lower() in by_lower:
        return by_lower[wanted.lower()]
    raise InvalidInput(
        N_("Unknown time zone {zone}. Use a name such as Europe/Paris or America/Lima."),
        zone=wanted[:60],
    )


def resolve_place_zone(name: str) -> str:
    """A zone from an IANA name, a city or a country in fr/en/es; SeveralZones or InvalidInput."""
    if "/" in name:  # an IANA name: its own error
        return resolve_timezone(name)
    try:
        return resolve_timezone(name)
    except InvalidInput:
        if zone := zone_by_place(name):
            return zone
    raise InvalidInput(
        N_("I do not know the place {place}. Type the name of your city or of your country."),
        place=name.strip()[:60],
    )


async def set_timezone(person_id: int, zone: str, uow: UnitOfWork) -> str:
    """Set the person's time zone; return its canonical name."""
    canonical = resolve_place_zone(zone)
    person = await uow.session.get_one(Person, person_id)
    person.timezone = canonical
    return canonical


async def grant_role(
    person: Person, role: Role, uow: UnitOfWork, *, region: str | None = None, by: str = ""
) -> bool:
    """Give `role` (for `region`, if any); False when the person already had it."""
    if role is Role.FRIEND:
        return False
    if role is Role.CORRESPONDENT and not region:
        raise InvalidInput(N_("A correspondent needs a region."))
    if region is not None and not await region_exists(region, uow):
        raise InvalidInput(N_("Unknown region {region}."), region=region[:40])
    for grant in person.roles:
        if grant.role == role and grant.region_code == region:
            return False
    person.roles.append(
        RoleGrant(role=role, region_code=region, granted_by=by or None, granted_at=utcnow())
    )
    await uow.session.flush()
    return True


async def grant_role_to(
    channel: Channel,
    external_id: str,
    role: Role,
    uow: UnitOfWork,
    *,
    region: str | None = None,
    by: str = "",
) -> bool:
    """`grant_role` to the person behind a channel identity (created if new), for the ways in."""
    person = await identify(channel, external_id, uow)
    return await grant_role(person, role, uow, region=region, by=by)


async def person_name(person_id: int | None, uow: UnitOfWork) -> str:
    """How a person is shown to others ("?" once they are gone)."""
    return (await person_names([person_id] if person_id else [], uow)).get(person_id or 0, "?")


async def person_names(person_ids: Iterable[int], uow: UnitOfWork) -> dict[int, str]:
    """`person_name` for several people in one query (the gone ones are missing)."""
    wanted = set(person_ids)
    if not wanted:
        return {}
    rows = await uow.session.execute(
        select(Person.id, Person.display_name, Person.name).where(Person.id.in_(wanted))
    )
    return {id_: display or name or "?" for id_, display, name in rows.all()}
