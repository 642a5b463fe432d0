"""Events as people use them: the piped terminal chat, the Secretariat's commands, files."""

from __future__ import annotations

import asyncio
import csv
import json
import re
import shutil
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import select

from core.bootstrap import bootstrap
from core.persistence import migrate
from core.persistence.models import Event, OutboxMessage
from core.seed.demo import load_demo
from scheduler.jobs import JOBS
from tests.babel_data import french_zone
from tests.conftest import make_settings
from tests.e2e.cli import run


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the demo data, made once (in-process, to keep tests fast)."""
    path = tmp_path_factory.mktemp("events") / "seeded.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")

    async def seed() -> None:
        hub = bootstrap(make_settings(f"sqlite:///{path}"))
        try:
            await load_demo(hub)
        finally:
            await hub.close()

    asyncio.run(seed())
    return path


def prepare(env: dict[str, str], seeded: Path) -> None:
    shutil.copy(seeded, env["DATABASE_URL"].removeprefix("sqlite:///"))


def test_list_answer_and_get_the_calendar_file_in_french(
    env: dict[str, str], tmp_path: Path, seeded: Path
) -> None:
    prepare(env, seeded)
    chat = run(
        # An organiser: the Bureau's meetings are shown to its members and organisers only.
        ["chat", "--user", "zoe", "--lang", "fr", "--role", "secretariat"],
        stdin="/timezone Europe/Paris\n/events bureau\n:1\n",
        env=env,
        cwd=tmp_path,
    )
    assert chat.returncode == 0, chat.stderr
    assert "Événements à venir" in chat.stdout
    paris = re.escape(french_zone("Europe/Paris"))
    assert re.search(rf"\d{{1,2}} \w+ 20\d\d à 14:00 \({paris}\), jusqu'à 15:30", chat.stdout)
    assert "[:1] ✅ Je viens   [:2] ❔ Peut-être   [:3] ❌ Je ne viens pas" in chat.stdout
    assert "C'est noté : je viens pour Réunion du Bureau (exemple)." in chat.stdout
    number = re.search(r"#(\d+) · Réunion du Bureau", chat.stdout).group(1)  # type: ignore[union-attr]

    again = run(
        ["chat", "--user", "zoe"], stdin=f"/ics {number}\n/event {number}\n", env=env, cwd=tmp_path
    )
    assert "Votre réponse : je viens" in again.stdout
    saved = tmp_path / "4p1000-files" / f"4p1000-event-{number}.ics"
    assert f"📎 4p1000-files/4p1000-event-{number}.ics" in again.stdout
    [vevent] = icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    start = vevent["DTSTART"].dt
    assert start.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M") == "14:00"
    assert vevent.walk("VALARM"), "the calendar file has a built-in alarm"
    assert "Traceback" not in chat.stderr + again.stderr

    # With a fake clock, the scheduler's job queues zoe's reminders at the right instants.
    reminders = asyncio.run(tick_through(env["DATABASE_URL"], int(number)))
    assert reminders == [
        (start - timedelta(days=1), 1440),  # 14:00 Paris, the day before
        (start - timedelta(hours=1), 60),  # 13:00 Paris
    ]  # the 7-day instant passed before zoe answered: not caught up


async def tick_through(url: str, number: int) -> list[tuple[object, int]]:
    """Tick every hour of fake time until the event starts; return the queued reminders."""
    hub = bootstrap(make_settings(url))
    job = dict((name, work) for name, work, _ in JOBS)["event-reminders"]
    try:
        async with hub.uow() as uow:
            event = await uow.session.get_one(Event, number)
            start = event.starts_at
        moment = start - timedelta(days=7, hours=2)
        while moment <= start:
            hub.clock = lambda moment=moment: moment  # type: ignore[misc]
            async with hub.uow() as uow:
                await job(hub.now(), uow)
            moment += timedelta(hours=1)
        async with hub.uow() as uow:
            rows = await uow.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.kind == "reminder", OutboxMessage.person_id.is_not(None))
                .order_by(OutboxMessage.next_attempt_at)
            )
            found = [(r.next_attempt_at, r.payload["params"]["offset"], r.recipient) for r in rows]
    finally:
        await hub.close()
    return [(due, offset) for due, offset, recipient in found if recipient == "zoe"]


def test_the_secretariat_manages_events_from_the_command_line(
    env: dict[str, str], tmp_path: Path, seeded: Path
) -> None:
    prepare(env, seeded)
    past = run(
        [
            "events",
            "create",
            "--kind",
            "webinar",
            "--title",
            "Old",
            "--start",
            "2020-01-01 10:00",
            "--timezone",
            "Europe/Paris",
        ],
        env=env,
        cwd=tmp_path,
    )
    assert past.returncode == 1
    assert past.stderr.strip() == "4p1000: The start of the event is in the past."
    created = run(
        [
            "events",
            "create",
            "--kind",
            "regional",
            "--title",
            "Réunion Afrique de l'Ouest",
            "--lang",
            "fr",
            "--start",
            "2031-05-15 09:00",
            "--end",
            "2031-05-17 17:00",
            "--timezone",
            "Africa/Abidjan",
            "--place",
            "Abidjan",
            "--region",
            "west-africa",
            "--reminders",
            "2d,1h",
        ],
        env=env,
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    number = created.stdout.split("#")[1].split()[0]
    moved = run(
        ["events", "reschedule", number, "--start", "2031-05-16 09:00"], env=env, cwd=tmp_path
    )
    assert moved.returncode == 0, moved.stderr
    listed = json.loads(run(["events", "list", "--json"], env=env, cwd=tmp_path).stdout)
    [mine] = [e for e in listed if str(e["id"]) == number]
    assert (mine["start"], mine["end"]) == ("2031-05-16T09:00", "2031-05-18T17:00")
    assert mine["reminder_offsets"] == [2880, 60]
    cancelled = run(["events", "cancel", number], env=env, cwd=tmp_path)
    assert cancelled.returncode == 0
    assert "cancelled event" in cancelled.stdout
    again = run(["events", "cancel", number], env=env, cwd=tmp_path)
    assert again.returncode == 1
    assert "already cancelled" in again.stderr


def test_export_then_import_events_in_csv_and_json(
    env: dict[str, str], tmp_path: Path, seeded: Path
) -> None:
    prepare(env, seeded)
    out_csv, out_json = tmp_path / "events.csv", tmp_path / "events.json"
    assert run(["export", "events", str(out_csv)], env=env, cwd=tmp_path).returncode == 0
    assert run(["export", "events", str(out_json)], env=env, cwd=tmp_path).returncode == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    sharm = next(r for r in rows if r["key"] == "consortium-8-day-6-sharm-2022")
    assert (sharm["start"], sharm["timezone"]) == ("2022-11-16T15:30", "Africa/Cairo")
    assert len(json.loads(out_json.read_text(encoding="utf-8"))) == len(rows)
    # Re-importing updates, never duplicates; a new row is created; a bad row stops the import.
    rows.append(
        {
            **sharm,
            "key": "webinar-new",
            "title_en": "New webinar",
            "start": "2031-02-01T10:00",
            "end": "2031-02-01T11:00",
            "status": "scheduled",
        }
    )
    with out_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    imported = run(["import", "events", str(out_csv)], env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert f"1 created, {len(rows) - 1} updated" in imported.stdout
    broken = json.loads(out_json.read_text(encoding="utf-8"))
    broken[0]["end"] = "2000-01-01T00:00"
    out_json.write_text(json.dumps(broken), encoding="utf-8")
    failed = run(["import", "events", str(out_json)], env=env, cwd=tmp_path)
    assert failed.returncode == 1
    assert "event 1: The end of the event must be after its start." in failed.stderr
