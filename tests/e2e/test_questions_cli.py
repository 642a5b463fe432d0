"""Ask the experts through the program: a French farmer asks in the chat, an expert answers
from the command line in English, the farmer consents in French, a Spanish farmer finds it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import run

QUESTION = "Quelle profondeur et quel espacement pour les trous de zaï sur un sol sableux ?"
ANSWER = "Dig zai pits 20 to 30 cm deep, about 80 cm apart, with two handfuls of compost each."
FRENCH = "Creusez des trous de zaï de 20 à 30 cm, à 80 cm d'écart, avec deux poignées de compost."


def test_the_loop_through_chat_and_command_line(env: dict[str, str], tmp_path: Path) -> None:
    def cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
        done = run(list(args), stdin=stdin, env=env, cwd=tmp_path)
        assert "Traceback" not in done.stderr
        return done.returncode, done.stdout, done.stderr

    assert cli("db", "upgrade")[0] == 0
    assert cli("seed", "demo")[0] == 0
    assert cli("users", "grant", "expert", "--user", "sam")[0] == 0
    assert cli("users", "grant", "secretariat", "--user", "claire")[0] == 0
    _, asked, _ = cli("chat", "--user", "marie", "--lang", "fr", stdin=f"/ask {QUESTION}\noui\n")
    assert "Votre question est envoyée aux experts sous le n° 1." in asked
    code, listed, _ = cli("questions", "list", "--json")
    assert code == 0
    (row,) = json.loads(listed)
    assert (row["id"], row["status"], row["language"]) == (1, "open", "fr")

    code, _, error = cli("questions", "answer", "1", "--text", "No", "--by", "claire")
    assert code == 1
    assert "reserved" in error
    code, _, error = cli("questions", "list", "--status", "nope")
    assert code == 2
    assert "open" in error
    code, out, _ = cli("questions", "answer", "1", "--text", ANSWER, "--lang", "en", "--by", "sam")
    assert (code, out.strip()) == (0, "question 1 answered in en, sent to the asker")
    code, _, error = cli("questions", "publish", "1")
    assert code == 1
    assert "its asker has not agreed" in error
    code, missing, _ = cli("questions", "missing-translations", "--json")
    assert code == 0
    assert [(r["id"], r["missing"]) for r in json.loads(missing)] == [(1, ["fr"])]
    code, _, error = cli("questions", "translate", "1", "--lang", "en", "--text", ANSWER)
    assert code == 1
    assert "written in that language" in error
    code, out, _ = cli("questions", "translate", "1", "--lang", "fr", "--text", FRENCH)
    assert (code, out.strip()) == (0, "question 1 now reads in fr, sent to the asker")
    _, missing, _ = cli("questions", "missing-translations")
    assert "every answered question reads in the languages it needs" in missing

    _, read, _ = cli("chat", "--user", "marie", "--lang", "fr", stdin="utile\noui\n")
    assert "(rédigé en anglais)" in read
    assert ANSWER in read
    assert FRENCH in read  # the Secretariat's translation came after the answer
    assert "original en anglais" in read
    assert "Merci de nous l'avoir dit." in read
    assert "une fois vérifiée" in read
    code, out, _ = cli("questions", "publish", "1")
    assert code == 0
    assert out.startswith("question 1 published, linked to")
    assert "zai-pits" in out
    _, missing, _ = cli("questions", "missing-translations")
    assert "missing en,es" in missing  # a public entry is owed its two other languages

    spanish = "/ask ¿A qué distancia hago los hoyos zaï?\n"
    _, found, _ = cli("chat", "--user", "lucia", "--lang", "es", stdin=spanish)
    assert "Preguntas ya respondidas por los expertos:" in found
    assert found.index("Preguntas ya respondidas") < found.index("Prácticas que pueden")
    assert "(redactado en inglés)" in found
