"""The newsletter as people use it: piped `4p1000 chat` sessions and the Secretariat's CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.cli import run as run_program


def run(args: list[str], env: dict[str, str], cwd: Path, stdin: str = "") -> str:
    """Run `4p1000 ARGS`, which must succeed; return what it printed."""
    result = run_program(args, stdin=stdin, env=env, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_spanish_digest_with_a_french_item_then_stop_mydata_forget(
    env: dict[str, str], tmp_path: Path
) -> None:
    run(["db", "upgrade"], env, tmp_path)
    run(["seed", "demo"], env, tmp_path)
    chat = ["chat", "--user", "rosa", "--lang", "es"]

    consent = run(chat, env, tmp_path, "/timezone America/Lima\n/subscribe weekly es\n:1\n")
    assert "¿Acepta recibir el boletín 4 por 1000" in consent
    assert "Su suscripción está registrada" in consent

    fr_only = run(
        ["news", "add", "--lang", "fr", "--title", "Jumelage <b>Copargo</b>", "--by", "claire"],
        env,
        tmp_path,
    )
    fr_id = fr_only.split()[1]
    run(["news", "publish", fr_id, "--by", "claire"], env, tmp_path)
    run(
        ["news", "add", "--lang", "es", "--title", "Suelos vivos", "--body", "*Hola*", "--publish"],
        env,
        tmp_path,
    )
    missing = run(["news", "missing-translations"], env, tmp_path)
    assert "Jumelage <b>Copargo</b>" in missing

    preview = run(["digest", "preview", "--user", "rosa"], env, tmp_path)
    assert "Jumelage <b>Copargo</b> [en francés: aún sin traducir]" in preview

    # The fake clock: a Monday two weeks ahead, 09:00 in Lima.
    today = datetime.now(UTC).date()
    monday = today + timedelta(days=14 - today.weekday())
    tick = f"{monday.isoformat()}T14:00:00+00:00"
    assert run(["digest", "run", "--at", tick], env, tmp_path).strip() == "1 digests queued"
    assert run(["digest", "run", "--at", tick], env, tmp_path).strip() == "0 digests queued"
    [figures] = json.loads(run(["digest", "stats", "--json"], env, tmp_path))
    assert figures["digests"] == 1

    archive = run(chat, env, tmp_path, "/digests\n:1\nSTOP\n")
    assert "Boletín 4 por 1000" in archive
    assert "Jumelage <b>Copargo</b> [en francés: aún sin traducir]" in archive
    assert "Suelos vivos" in archive
    assert "*Hola*" in archive
    assert "Hecho: ya no recibirá más boletines." in archive
    [figures] = json.loads(run(["digest", "stats", "--json"], env, tmp_path))
    assert figures["waiting"] == 0  # cancelled by STOP, or delivered to the chat before it

    run(["news", "add", "--lang", "es", "--title", "Otra", "--publish"], env, tmp_path)
    later = (monday + timedelta(days=7)).isoformat() + "T14:00:00+00:00"
    assert run(["digest", "run", "--at", later], env, tmp_path).strip() == "0 digests queued"

    mydata = run(chat, env, tmp_path, "/mydata\n")
    assert "4p1000-my-data.json" in mydata
    data = json.loads((tmp_path / "4p1000-files" / "4p1000-my-data.json").read_text())
    assert data["profile"]["name"] == "rosa"
    assert [s["language"] for s in data["subscriptions"]] == ["es"]
    assert [c["granted"] for c in data["consent_log"]] == [True, False]

    forget = run(chat, env, tmp_path, "/forget\n:1\n")
    assert "Sus datos han sido borrados" in forget
    result = run_program(["digest", "preview", "--user", "rosa"], env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "Nobody is called rosa" in result.stderr
