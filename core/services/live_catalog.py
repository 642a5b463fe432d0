"""The search catalog of a database, kept in memory and brought up to date item by item.

Each use asks the database for a cheap version (row counts and the latest update of practices,
partners, their objectives and the reference tables). When it differs, the rows changed since
the catalog last looked are read in a short query and indexed off the event loop; a large batch
(an import, a cold start) is read in small transactions by a background task, while searches
answer from what is already indexed. Services that write also call `invalidate()`.

While an import is being published (batch by batch, see import_staging) the catalog keeps the
previous generation; it reads the new one once the publication is over, so a search never shows
half an import. A publication that stopped beating (a crash) is undone in the background.

With a directory (`configure`, from the SEARCH_INDEX_DIR setting) the indexes live on disk with
the entries and the mark of how far they had read (core.search.saved): a restart answers at once
from them and reads only what changed since. Each process takes the first free slot (tantivy's
writer lock); with none free it indexes in memory.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import gc
import hashlib
import itertools
import json
import logging
import shutil
import sys
import threading
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import platformdirs
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from core.domain.kinds import PublicationStatus
from core.persistence.models import (
    AgroClimaticZone,
    CatalogGeneration,
    Partner,
    Practice,
    Region,
    StrategicObjective,
    partner_objectives,
    utcnow,
)
from core.persistence.uow import UnitOfWork
from core.persistence.upsert import dialect_insert
from core.search import saved as saved_catalog
from core.search.catalog_index import Catalog, Changes, PartnerEntry, PracticeEntry, Reference
from core.search.ranked import IndexBusy
from core.services import import_staging

log = logging.getLogger(__name__)

FIRST_INLINE = 200  # a catalogue this small is indexed whole at its first use, before answering
INLINE_CHANGES = 50  # up to this many changed rows are applied before answering (200 took 46 ms
# of the person's unit of work at 100,000 items)
CHUNK = 50  # rows read per short transaction by the background task
STEP = 50  # rows indexed per step in the background
PAUSE = 0.01  # seconds between two background steps
COMMIT_EVERY = 1.0  # seconds between two commits of the background's steps
PUBLISHING_PAUSE = 0.2  # seconds between two looks at an import being published
SAVE_AFTER = 30.0  # seconds from a change to saving the entries (at most one save pending)
SLOTS = 4  # processes that may each keep their own saved index in one directory
MEMORY = "memory"  # the setting that keeps the index in memory only
_REFERENCE = slice(6, 9)  # the parts of a version that count zones, regions, objectives
PUBLISHING, _HEARTBEAT = 9, 10  # the import being published, its last beat


@dataclass(frozen=True)
class Seen:
    """How far the catalog has read: the latest (updated_at, id) indexed of each table."""

    practices: tuple[datetime, int] | None
    partners: tuple[datetime, int] | None
    links: int


_NOTHING_READ = Seen(None, None, -1)


@dataclass
class _Live:
    catalog: Catalog
    version: tuple[Any, ...] = (None,)  # of the data indexed so far
    seen: Seen = _NOTHING_READ
    task: asyncio.Task[None] | None = None
    durable: Seen = _NOTHING_READ  # what is committed
    epoch: str | None = None  # of the database, when the catalog is saved on disk
    saver: asyncio.Task[None] | None = None
    units: Callable[[], UnitOfWork] | None = None  # units of work of its own (to save)


_LIVE: weakref.WeakKeyDictionary[Engine, _Live] = weakref.WeakKeyDictionary()
_Opened = tuple[Catalog, saved_catalog.Saved | None] | None  # None: every slot is busy
_OPENING: weakref.WeakKeyDictionary[Engine, concurrent.futures.Future[_Opened]] = (
    weakref.WeakKeyDictionary()
)


def index_directory(setting: str, database_url: str) -> Path | None:
    """Where the search index of `database_url` lives: SEARCH_INDEX_DIR, or None (memory).

    Empty (the default): beside an SQLite file (`hub.sqlite3.search/`), in the user's data
    directory for a server database (one folder per host and database), in memory for an
    in-memory SQLite database.
    """
    if setting.strip().lower() == MEMORY:
        return None
    if setting.strip():
        return Path(setting).expanduser()
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            return None
        return (
            Path(url.database).expanduser().resolve().parent / f"{Path(url.database).name}.search"
        )
    place = f"{url.host or 'local'}-{url.port or ''}-{url.database or ''}"
    tag = hashlib.sha256(place.encode()).hexdigest()[:12]
    return Path(platformdirs.user_data_dir("4p1000")) / "search" / f"{url.database}-{tag}"


def configure(engine: Engine, directory: Path | None) -> None:
    """Keep the catalog of `engine` in `directory` (None: in memory).

    The directory's indexes and saved entries are opened at once on a thread of their own (files
    created or read, no database), so that the first search does not do it in its unit of work.
    """
    _OPENING.pop(engine, None)
    if directory is None:
        return
    future: concurrent.futures.Future[_Opened] = concurrent.futures.Future()

    def run() -> None:
        try:
            future.set_result(_open_directory(directory))
        except BaseException as exc:  # the first search logs it and indexes in memory
            future.set_exception(exc)

    threading.Thread(target=run, name="catalog-open", daemon=True).start()
    _OPENING[engine] = future


def _open_directory(directory: Path) -> _Opened:
    """The indexes of the first slot free in `directory`, and the entries saved there."""
    for slot in range(SLOTS):
        where = directory / str(slot)
        try:
            current = _open_catalog(Reference(), where)
        except IndexBusy:
            continue  # another process keeps this one
        return current, _load_saved(where)
    return None


async def close(engine: Engine) -> None:
    """Stop the catalog of `engine` and release its directory (the hub closes)."""
    opening = _OPENING.pop(engine, None)
    if opening is not None:  # opened and never used: let its directory go
        opening.add_done_callback(_close_unused)
    live = _LIVE.pop(engine, None)
    if live is None:
        return
    tasks = [t for t in (live.task, live.saver) if t is not None and not t.done()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    live.catalog.close()


_generation = itertools.count()
_current_generation = next(_generation)


def invalidate() -> None:
    """Make the next use look for changes (call after writing partners or practices)."""
    global _current_generation
    _current_generation = next(_generation)


async def catalog(uow: UnitOfWork) -> Catalog:
    """The catalog of the database behind `uow`, with every change up to now when it is small."""
    engine = uow.session.get_bind()
    if not isinstance(engine, Engine):
        raise TypeError("the catalog needs a session bound to an engine")
    live = _LIVE.get(engine)
    if live is not None and _busy(live):  # the background brings it up to date: no look
        return live.catalog
    version = (_current_generation, *await catalog_version(uow))
    live = _LIVE.get(engine)
    if live is not None and (live.version == version or _busy(live)):
        return live.catalog
    if live is None:
        live = _LIVE.get(engine) or await _open(uow, engine, version)
        live.units = uow.another
        _LIVE[engine] = live
    if version[PUBLISHING] is not None:  # an import is being published: keep the last one
        if not _beating(version):
            live.task = _background(_recover(uow))
        return live.catalog
    if live.version[0] is not None and live.version[_REFERENCE] != version[_REFERENCE]:
        fresh = _Live(Catalog(await load_reference(uow)))  # zones, regions or objectives
        live.task = _background(_refill(uow, engine, fresh))
        return live.catalog
    first = live.seen == _NOTHING_READ
    if first and int(version[1]) + int(version[3]) > FIRST_INLINE:
        live.task = _background(_cold(uow, engine, live))  # all of it, in the background
        return live.catalog
    most = FIRST_INLINE if first else INLINE_CHANGES
    changes, seen, complete = Changes(), live.seen, False
    if not await _too_many(uow, live, version, most):  # ids only: a cheap look
        changes, seen, complete = await _changes(uow, live, version, most)
    if not complete:  # a large batch: read it in small transactions, off this unit of work
        live.task = _background(_catch_up(uow, live))
        return live.catalog
    if changes or live.version[0] is None:
        await asyncio.to_thread(live.catalog.apply, changes)
    live.seen = live.durable = seen
    live.version = live.catalog.version = version
    if changes:
        _save_soon(live)
    return live.catalog


def _close_unused(future: concurrent.futures.Future[_Opened]) -> None:
    opened = None if future.cancelled() or future.exception() else future.result()
    if opened is not None:
        opened[0].close()


def _beating(version: tuple[Any, ...]) -> bool:
    beat = version[_HEARTBEAT]
    return beat is not None and utcnow() - beat < import_staging.STALE


async def _recover(uow: UnitOfWork) -> None:
    """Undo a publication that stopped beating, in the background."""
    try:
        async with uow.another() as fresh:
            await import_staging.recover(fresh)
    except Exception:
        log.exception("catalog_recovery_failed")


async def _open(uow: UnitOfWork, engine: Engine, version: tuple[Any, ...]) -> _Live:
    """A catalog for `engine`: the saved one when it still fits the database, else empty."""
    reference = await load_reference(uow)
    opening = _OPENING.pop(engine, None)
    if opening is None:
        return _Live(Catalog(reference))
    try:
        opened = await asyncio.wrap_future(opening)
    except Exception:
        log.exception("catalog_open_failed")
        return _Live(Catalog(reference))
    if opened is None:
        log.warning("catalog_index_busy")
        return _Live(Catalog(reference))
    current, saved = opened
    current.reference = reference
    epoch = await uow.session.scalar(
        select(CatalogGeneration.epoch).where(CatalogGeneration.id == 1)
    )
    if epoch and saved is not None and _fits(saved, epoch, reference, version):
        current.restore(saved.practices, saved.partners)
        _settle()
        log.info("catalog_reopened", extra={"directory": str(current.directory)})
        return _Live(current, seen=saved.mark, durable=saved.mark, epoch=epoch)
    if current.directory is not None:
        saved_catalog.forget(current.directory)
    if saved is not None or current.indexed():  # an index of something else: empty it
        await asyncio.to_thread(current.clear)
    return _Live(current, epoch=epoch)


def _open_catalog(reference: Reference, where: Path) -> Catalog:
    try:
        return Catalog(reference, directory=where)
    except ValueError:  # an index of another schema, or damaged: start it again
        shutil.rmtree(where, ignore_errors=True)
        return Catalog(reference, directory=where)


def _fits(
    saved: saved_catalog.Saved, epoch: str, reference: Reference, version: tuple[Any, ...]
) -> bool:
    """The saved catalog is of this database, its reference tables, and not ahead of it."""
    if saved.epoch != epoch or saved.reference != reference or not isinstance(saved.mark, Seen):
        return False
    try:
        for mark, latest in ((saved.mark.practices, version[2]), (saved.mark.partners, version[4])):
            if mark is not None and (latest is None or latest < mark[0]):
                return False  # the database is older than the index (a restored backup)
    except TypeError:
        return False
    return True


def _save_soon(live: _Live) -> None:
    """Save the entries of an on-disk catalog SAVE_AFTER from now (one save pending at most)."""
    if live.catalog.directory is None:
        return
    if live.saver is None or live.saver.done():
        live.saver = _background(_save_later(live))


async def _save_later(live: _Live) -> None:
    await asyncio.sleep(SAVE_AFTER)
    await save(live)


async def save(live: _Live) -> None:
    """Save what `live` has indexed and how far it had read (the indexes are already on disk)."""
    current, directory = live.catalog, live.catalog.directory
    if directory is None:
        return
    if live.epoch is None and live.units is not None:  # a database with no generation row yet
        live.epoch = await make_epoch(live.units())
    if live.epoch is None:
        return
    # Taken together on the loop: entries never behind the mark (a restart replays from it).
    snapshot = saved_catalog.Saved(
        live.epoch, live.durable, current.reference, current.practices, current.partners
    )
    try:
        await asyncio.to_thread(saved_catalog.save, directory, snapshot)
    except OSError:
        log.exception("catalog_save_failed")


async def make_epoch(uow: UnitOfWork) -> str | None:
    """The database's epoch, made now if its row is missing (a database emptied by hand).

    Read first: a write, even one that changes nothing, takes SQLite's write lock from every
    other process for its commit (the build child's made the hub's writes wait 80 ms).
    """
    epoch_now = select(CatalogGeneration.epoch).where(CatalogGeneration.id == 1)
    async with uow.another(reading=True) as reader:
        epoch = await reader.session.scalar(epoch_now)
    if epoch is not None:
        return str(epoch)
    async with uow:
        await uow.session.execute(
            dialect_insert(uow, CatalogGeneration.__table__)
            .values(id=1, epoch=uuid.uuid4().hex, progress=0, undoing=False, generation=0)
            .on_conflict_do_nothing()
        )
        epoch = await uow.session.scalar(epoch_now)
        await uow.commit()
    return epoch


async def save_now(engine: Engine) -> None:
    """Save the catalog of `engine` at once (tests, a clean stop)."""
    live = _LIVE.get(engine)
    if live is not None:
        await save(live)


def _busy(live: _Live) -> bool:
    return live.task is not None and not live.task.done()


def _background(work: Any) -> asyncio.Task[None]:
    # A fresh context: the task takes its own turns on the database, not the caller's.
    return asyncio.get_running_loop().create_task(work, context=contextvars.Context())


async def catalog_version(uow: UnitOfWork) -> tuple[Any, ...]:
    def count(table: Any, *where: Any) -> Any:
        return select(func.count()).select_from(table).where(*where).scalar_subquery()

    def generation(column: Any) -> Any:
        return select(column).where(CatalogGeneration.id == 1).scalar_subquery()

    row = (
        await uow.session.execute(
            select(
                # Published practices only: what the catalog holds, so that drafts do not make
                # every look compare all the ids (tens of ms in the database's turn at 20,000).
                count(Practice, Practice.status == PublicationStatus.PUBLISHED),
                select(func.max(Practice.updated_at)).scalar_subquery(),
                count(Partner),
                select(func.max(Partner.updated_at)).scalar_subquery(),
                count(partner_objectives),
                count(AgroClimaticZone),
                count(Region),
                count(StrategicObjective),
                generation(CatalogGeneration.publishing),
                generation(CatalogGeneration.heartbeat),
                generation(CatalogGeneration.generation),
            )
        )
    ).one()
    return tuple(row)


def changed_since(model: Any, mark: tuple[datetime, int] | None, *columns: Any) -> Any:
    """The rows of `model` (or their `columns`) changed after `mark`, oldest first."""
    query = select(*(columns or (model,))).order_by(model.updated_at, model.id)
    if mark is None:
        return query
    at, after = mark
    return query.where((model.updated_at > at) | ((model.updated_at == at) & (model.id > after)))


def practice_changes(rows: list[Practice], changes: Changes) -> None:
    for p in rows:
        if p.status == PublicationStatus.PUBLISHED:
            changes.practices.append((to_practice_entry(p), p.synonyms, p.description, p.results))
        else:
            changes.removed_practices.add(p.id)


def partner_changes(rows: list[Partner], changes: Changes) -> None:
    changes.partners = [(to_partner_entry(p), p.card) for p in rows]


def last_mark(rows: list[Any], mark: tuple[datetime, int] | None) -> tuple[datetime, int] | None:
    return (rows[-1].updated_at, rows[-1].id) if rows else mark


def _partners_mark(live: _Live, version: tuple[Any, ...]) -> tuple[datetime, int] | None:
    """Where to read partners from: where it stopped, or from the start if a link changed."""
    return live.seen.partners if int(version[5]) == live.seen.links else None


async def _too_many(uow: UnitOfWork, live: _Live, version: tuple[Any, ...], most: int) -> bool:
    """`most` or more practices or partners changed since `live` last looked (ids only).

    The same bound as `_changes(most=most)`, which calls a read of `most` rows incomplete.
    """
    for model, mark in ((Practice, live.seen.practices), (Partner, _partners_mark(live, version))):
        ids = await uow.session.scalars(changed_since(model, mark, model.id).limit(most))
        if len(ids.all()) >= most:
            return True
    return False


async def _changes(
    uow: UnitOfWork, live: _Live, version: tuple[Any, ...], most: int = INLINE_CHANGES
) -> tuple[Changes, Seen, bool]:
    """Up to `most` rows changed since `live` last looked, oldest first, and whether that is all.

    A few short queries; deletions (which leave no row) are found by comparing ids, only when
    the row counts say something is missing.
    """
    session, current = uow.session, live.catalog
    links, partners_mark = int(version[5]), _partners_mark(live, version)
    practice_rows = list(
        (await session.scalars(changed_since(Practice, live.seen.practices).limit(most))).all()
    )
    partner_rows = list(
        (await session.scalars(changed_since(Partner, partners_mark).limit(most))).all()
    )
    changes = Changes()
    practice_changes(practice_rows, changes)
    partner_changes(partner_rows, changes)
    seen = Seen(
        last_mark(practice_rows, live.seen.practices), last_mark(partner_rows, partners_mark), links
    )
    complete = len(practice_rows) < most and len(partner_rows) < most
    if not complete:
        return changes, seen, False
    published = {e[0].id for e in changes.practices}
    expected = len(set(current.practices) | published) - len(
        changes.removed_practices & set(current.practices)
    )
    if int(version[1]) != expected:  # a published practice was deleted: compare the ids
        ids = select(Practice.id).where(Practice.status == PublicationStatus.PUBLISHED)
        changes.removed_practices |= (set(current.practices) | published) - set(
            (await session.scalars(ids)).all()
        )
    if int(version[3]) != len(set(current.partners) | {e[0].id for e in changes.partners}):
        every = set((await session.scalars(select(Partner.id))).all())
        changes.removed_partners |= set(current.partners) - every
    return changes, seen, True


async def _catch_up(uow: UnitOfWork, live: _Live) -> None:
    """Apply a large batch of changes chunk by chunk, each read in its own short transaction."""
    committed = asyncio.get_running_loop().time()
    try:
        while True:
            async with uow.another(reading=True) as fresh:  # others' turns go on meanwhile
                version = (_current_generation, *await catalog_version(fresh))
                publishing = version[PUBLISHING] is not None
                if not publishing:
                    changes, seen, complete = await _changes(fresh, live, version, most=CHUNK)
            if publishing:  # an import is being published: read it once it is whole
                if not _beating(version):
                    await _recover(uow)
                await asyncio.sleep(PUBLISHING_PAUSE)
                continue
            for part in changes.split(STEP):
                await asyncio.to_thread(live.catalog.apply, part, publish=False)
                await asyncio.sleep(PAUSE)  # the loop's own work gets the interpreter too
                if asyncio.get_running_loop().time() - committed >= COMMIT_EVERY:
                    await asyncio.to_thread(live.catalog.commit)
                    live.durable = live.seen  # the chunks before this one are all committed
                    committed = asyncio.get_running_loop().time()
            del changes
            live.seen = seen
            _settle()
            if complete:
                await asyncio.to_thread(live.catalog.commit)
                live.durable = seen
                live.version = live.catalog.version = version
                _save_soon(live)
                return
    except Exception:
        log.exception("catalog_catch_up_failed")


async def _cold(uow: UnitOfWork, engine: Engine, live: _Live) -> None:
    """Index everything: in a process of its own when the catalog is on disk, else here.

    Either way the catch-up follows, in this background task: after a build aside it reads
    what changed since the child's mark (not a person's unit of work: 64 ms at 100,000).
    """
    if live.catalog.directory is not None:
        await _built_aside(engine, live)
    await _catch_up(uow, live)


async def _built_aside(engine: Engine, live: _Live) -> bool:
    """Have a child process index everything beside the live directory, then swap it in.

    The hub's interpreter stays with the event loop meanwhile; searches answer from the live
    catalog until the swap. False if the child failed (the caller then indexes here).
    """
    where = cast(Path, live.catalog.directory)
    aside = where.with_name(f"{where.name}.build")
    await asyncio.to_thread(shutil.rmtree, aside, True)
    order = {"database": engine.url.render_as_string(hide_password=False), "directory": str(aside)}
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "core.services.catalog_build",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        said, _ = await child.communicate(json.dumps(order).encode())
    except BaseException:  # the hub stops: so does the build
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        await child.wait()
        raise
    outcome = said.decode(errors="replace").strip()[-80:]
    if child.returncode != 0:
        log.warning("catalog_build_failed", extra={"code": child.returncode, "error": outcome})
        return False
    try:
        fresh, saved = await asyncio.to_thread(_swap_in, where, aside)
    except (OSError, ValueError, IndexBusy):
        log.exception("catalog_swap_failed")
        live.catalog = Catalog(live.catalog.reference)  # in memory: the directory is not ours
        return False
    old = live.catalog
    live.catalog, live.epoch = fresh, saved.epoch
    live.seen = live.durable = saved.mark
    _settle()
    await asyncio.to_thread(old.close)
    log.info("catalog_built", extra={"directory": str(where), "outcome": outcome})
    return True


def _swap_in(where: Path, aside: Path) -> tuple[Catalog, saved_catalog.Saved]:
    """Put the directory built `aside` in the place of `where` and open it (off the loop).

    The live directory is moved to `<slot>.old` (its open files stay readable for searches in
    flight) and removed at the next build.
    """
    saved = _load_saved(aside)
    if saved is None:
        raise ValueError("the build saved no entries")
    old = where.with_name(f"{where.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    where.rename(old)
    aside.rename(where)
    fresh = Catalog(saved.reference, directory=where)
    fresh.restore(saved.practices, saved.partners)
    return fresh, saved


def _load_saved(where: Path) -> saved_catalog.Saved | None:
    """The entries saved in `where`, kept out of garbage collections from the start.

    They are many new objects: a collection in the middle of loading them, or right after,
    walks them all with the interpreter held (the event loop stalled 85 ms at 20,000 items).
    So none runs meanwhile, and what is then alive is frozen, as `_settle` does.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return saved_catalog.load(where)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _settle() -> None:
    """Keep the indexed entries out of later garbage collections.

    A full collection walks every live object, and a large catalog made those walks stall the
    event loop for most of a second; the entries live as long as the catalog, so they are
    frozen (after a young collection, so that no fresh garbage is frozen with them).
    """
    gc.collect(1)
    gc.freeze()


async def _refill(uow: UnitOfWork, engine: Engine, fresh: _Live) -> None:
    """Build a whole new catalog in the background (the reference tables changed), then swap."""
    await _catch_up(uow, fresh)
    if fresh.version[0] is not None:
        old = _LIVE.get(engine)
        _LIVE[engine] = fresh  # in memory: a restart rebuilds it on disk with the new reference
        if old is not None:
            old.catalog.close()


async def load_reference(uow: UnitOfWork) -> Reference:
    session = uow.session
    zones = (await session.scalars(select(AgroClimaticZone))).all()
    regions = (await session.scalars(select(Region))).all()
    objectives = (await session.scalars(select(StrategicObjective))).all()
    return Reference(
        {z.code: z.names or {} for z in zones},
        {r.code: r.names or {} for r in regions},
        {o.code: o.names or {} for o in objectives},
    )


async def build_catalog(uow: UnitOfWork, version: object = None) -> Catalog:
    """Read every published practice and every partner into a new catalog (tools, tests)."""
    built = Catalog(await load_reference(uow), version)
    changes = Changes()
    published = select(Practice).where(Practice.status == PublicationStatus.PUBLISHED)
    practice_changes(list((await uow.session.scalars(published)).all()), changes)
    partner_changes(list((await uow.session.scalars(select(Partner))).all()), changes)
    await asyncio.to_thread(built.apply, changes)
    return built


def to_practice_entry(practice: Practice) -> PracticeEntry:
    return PracticeEntry(
        practice.id,
        practice.slug,
        practice.category,
        {k: str(v) for k, v in (practice.names or {}).items() if v},
        tuple(practice.zones or ()),
        tuple(practice.regions or ()),
    )


def to_partner_entry(partner: Partner) -> PartnerEntry:
    return PartnerEntry(
        partner.id,
        partner.name,
        partner.acronym,
        partner.category,
        partner.college,
        partner.is_member,
        partner.country,
        partner.region_code,
        partner.latitude,
        partner.longitude,
        tuple(sorted(o.code for o in partner.objectives)),
    )


QUICK_CONFIDENCE = 0.85  # plain text is taken as a search only when it is nearly a name


@dataclass(frozen=True)
class QuickResults:
    practices: list[PracticeEntry]
    partners: list[PartnerEntry]


async def quick_search(text: str, uow: UnitOfWork, *, limit: int = 3) -> QuickResults | None:
    """The best practices and partners for a plain message, or None if nothing fits well."""
    current = await catalog(uow)
    practice_hits = current.search_practices(text, limit=limit)
    partner_hits = current.search_partners(text, limit=limit)
    best = max((hit.name_match for hit in (*practice_hits, *partner_hits)), default=0.0)
    if best < QUICK_CONFIDENCE:
        return None
    floor = best * 0.75
    practices, partners = current.practices, current.partners
    return QuickResults(
        [practices[h.ref] for h in practice_hits if h.name_match >= floor and h.ref in practices],
        [partners[h.ref] for h in partner_hits if h.name_match >= floor and h.ref in partners],
    )
