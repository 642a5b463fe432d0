"""The whole field-report cycle as people and operators run it: two piped chats and the CLI."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from tests.e2e.cli import run


def chat(user: str, lines: list[str], env: dict[str, str], cwd: Path) -> str:
    result = run(["chat", "--user", user], stdin="\n".join(lines) + "\n", env=env, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_invite_report_review_resubmit_and_decide(env: dict[str, str], tmp_path: Path) -> None:
    # A demo correspondent files news in one step (`demo` migrates and seeds first).
    lucia = run(
        ["demo", "--user", "lucia"],
        stdin="/report Récord de café en Nariño\n",
        env=env,
        cwd=tmp_path,
    )
    assert lucia.returncode == 0, lucia.stderr
    assert "Su informe queda guardado con el n.º 1" in lucia.stdout
    invited = run(["invite", "correspondent", "--region", "west-africa"], env=env, cwd=tmp_path)
    assert invited.returncode == 0, invited.stderr
    code = re.search(r"^code: (\S+)$", invited.stdout, re.MULTILINE)
    assert code is not None
    assert f"https://t.me/hub4p1000bot?start={code.group(1)}" in invited.stdout

    # A new correspondent joins with the code and files a guided report.
    joined = chat(
        "kwame",
        [
            f"/start {code.group(1)}",
            "/report",
            ":1",
            "Cover crops in Tamale",
            "Twenty farmers sowed mucuna.",
            ":1",
            ":1",
            ":1",
        ],
        env,
        tmp_path,
    )
    assert "You are now regional correspondent for West Africa" in joined
    assert "Your report is stored as #2." in joined

    # The secretary (French) sees the queue and asks for changes; a farmer cannot.
    claire = chat(
        "claire", ["/queue", "/changes 2 Ajoutez les rendements", "/approve 1 Merci"], env, tmp_path
    )
    assert "2 rapports, du plus ancien au plus récent" in claire
    assert "Rapport n° 2 renvoyé à son auteur pour modifications." in claire
    assert "Rapport n° 1 approuvé" in claire

    # The author edits and sends it again.
    again = chat(
        "kwame",
        ["/myreports", ":1", ":4", "Twenty farmers sowed mucuna; yields rose 15%.", ":1"],
        env,
        tmp_path,
    )
    assert "The Secretariat: Ajoutez les rendements" in again
    assert "Your report #2, edited" in again
    assert "stored as #2" in again

    # The Secretariat decides from the command line.
    queue = run(["reports", "list", "--json"], env=env, cwd=tmp_path)
    listed = json.loads(queue.stdout)
    assert [(r["id"], r["status"], r["type"]) for r in listed] == [(2, "submitted", "news")]
    assert listed[0]["text"] == "Twenty farmers sowed mucuna; yields rose 15%."
    no_reason = run(["reports", "decide", "2", "reject"], env=env, cwd=tmp_path)
    assert no_reason.returncode == 2
    assert "--reason" in no_reason.stderr
    decided = run(["reports", "decide", "2", "approve", "--by", "claire"], env=env, cwd=tmp_path)
    assert decided.returncode == 0, decided.stderr
    assert "report 2 approved -> newsletter_item" in decided.stdout
    twice = run(["reports", "decide", "2", "reject", "--reason", "late"], env=env, cwd=tmp_path)
    assert twice.returncode == 1
    assert "already approved" in twice.stderr
    assert len(twice.stderr.strip().splitlines()) == 1
    approved = json.loads(
        run(["reports", "list", "--status", "approved", "--json"], env=env, cwd=tmp_path).stdout
    )
    assert {r["id"] for r in approved} == {1, 2}

    # The authors' notices wait in the outbox, one per decision.
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        keys = [
            k
            for (k,) in connection.execute(
                "SELECT idempotency_key FROM outbox"
                " WHERE idempotency_key LIKE 'report:%:decided:%' ORDER BY id"
            )
        ]
    assert [k.rsplit(":", 1)[0] for k in keys] == [
        "report:2:decided:changes_requested",
        "report:1:decided:approved",
        "report:2:decided:approved",
    ]
