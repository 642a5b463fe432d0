"""`import people`, `announce`, `status` and console deliveries, as an operator runs them."""

from __future__ import annotations

import json
from pathlib import Path

from core.i18n import Translator
from tests.e2e.cli import run

HEADER = "name,telegram_id,slack_id,role,region,language,timezone\n"


def test_import_announce_status_and_console_delivery(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    assert run(["seed", "demo"], env=env, cwd=tmp_path).returncode == 0
    people = tmp_path / "people.csv"
    people.write_text(
        HEADER + "ana,700001,,bureau,,es,America/Lima\nben,,U0BEN1,bureau,,fr,\nkofi,,,,,,\n"
    )
    first = run(["import", "people", str(people)], env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout
    again = run(["import", "people", str(people)], env=env, cwd=tmp_path)
    assert "0 created, 0 updated, 3 unchanged" in again.stdout  # never duplicates

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "zoe,12x,,wizard,,de,Mars/Base\nana,700001,,,,,\nzoe,,,,,,\n")
    rejected = run(["import", "people", str(bad)], env=env, cwd=tmp_path)
    assert rejected.returncode == 1
    assert "bad.csv: line 2: telegram_id 12x is not a Telegram user id" in rejected.stderr
    assert "bad.csv: line 2: unknown role wizard" in rejected.stderr
    assert "bad.csv: line 4: name zoe is already on line 2" in rejected.stderr
    assert "nothing was imported" in rejected.stderr
    assert "Traceback" not in rejected.stderr

    announced = run(
        ["announce", "--to", "bureau", "--text", "Vote <now> & here"], env=env, cwd=tmp_path
    )
    assert announced.returncode == 0, announced.stderr
    queued = int(announced.stdout.split()[0])
    assert queued >= 2  # ana, ben and the demo Bureau members
    assert (
        "0 queued"
        in run(
            ["announce", "--to", "bureau", "--text", "Vote <now> & here"], env=env, cwd=tmp_path
        ).stdout
    )
    assert (
        run(["announce", "--to", "wizards", "--text", "x"], env=env, cwd=tmp_path).returncode == 1
    )

    status = run(["status", "--json"], env=env, cwd=tmp_path)
    figures = json.loads(status.stdout)
    assert figures["outbox"]["pending"] == queued
    assert figures["dead_letters"] == 0
    assert "outbox:" in run(["status"], env=env, cwd=tmp_path).stdout

    # a console person gets the announcement in their chat, in their language
    assert (
        run(
            ["announce", "--to", "all", "--text", "Réunion demain"], env=env, cwd=tmp_path
        ).returncode
        == 0
    )
    chat = run(["chat", "--user", "kofi", "--lang", "fr"], stdin="", env=env, cwd=tmp_path)
    assert "Annonce du Secrétariat exécutif" in chat.stdout, chat.stdout + chat.stderr
    assert "Réunion demain" in chat.stdout


def test_an_announcement_in_three_languages_reaches_each_reader_in_theirs(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Each reader gets their language; one whose language is missing gets another, marked."""
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    people = tmp_path / "people.csv"
    people.write_text(HEADER + "amelie,,,bureau,,fr,\nbob,,,bureau,,en,\ncarmen,,,bureau,,es,\n")
    assert run(["import", "people", str(people)], env=env, cwd=tmp_path).returncode == 0

    def chat(name: str, lang: str) -> str:
        session = run(["chat", "--user", name, "--lang", lang], stdin="", env=env, cwd=tmp_path)
        return str(session.stdout)

    for name, lang in (("amelie", "fr"), ("bob", "en"), ("carmen", "es")):
        chat(name, lang)  # each has the terminal chat as a channel now
    texts = ["--text-fr", "Vote demain", "--text-en", "Vote tomorrow"]
    announced = run(["announce", "--to", "bureau", *texts], env=env, cwd=tmp_path)
    assert announced.returncode == 0, announced.stderr
    assert announced.stdout.startswith("3 queued")
    french, english, spanish = chat("amelie", "fr"), chat("bob", "en"), chat("carmen", "es")
    assert "Vote demain" in french
    assert "Vote tomorrow" not in french
    assert "rédigé" not in french
    assert "Vote tomorrow" in english
    assert "Vote demain" not in english
    marked = Translator("es", "UTC")
    other = "Vote demain" if "Vote demain" in spanish else "Vote tomorrow"
    language = marked.language_name("fr" if other == "Vote demain" else "en")
    assert marked("(written in {language})", language=language) in spanish, spanish
    assert marked("Announcement from the Executive Secretariat") in spanish
    both = ["--text", "x", "--text-fr", "y"]
    refused = run(["announce", "--to", "bureau", *both], env=env, cwd=tmp_path)
    assert refused.returncode == 2
    assert "not both" in refused.stderr
    assert run(["announce", "--to", "bureau"], env=env, cwd=tmp_path).returncode == 2
