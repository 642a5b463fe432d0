"""The `4p1000` program helps: exit 2 listing valid choices, regions by any name, grouped errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.domain.people import Role
from tests.e2e.cli import run

REGIONS = json.loads(Path("core/seed/demo/regions.json").read_text(encoding="utf-8"))
CODES = sorted(region["code"] for region in REGIONS)
WEST_AFRICA = next(r["names"] for r in REGIONS if r["code"] == "west-africa")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """A seeded database shared by the commands of this module."""
    folder = tmp_path_factory.mktemp("cli-usage")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "TELEGRAM", "SLACK"))
    }
    env["DATABASE_URL"] = f"sqlite:///{folder / 'hub.sqlite3'}"
    assert run(["db", "upgrade"], env=env, cwd=folder).returncode == 0
    assert run(["seed", "demo"], env=env, cwd=folder).returncode == 0
    return env, folder


def _one_line_exit_2(result: object) -> str:
    assert result.returncode == 2, result.stderr  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return str(lines[0])


def test_an_unknown_region_exits_2_listing_every_region(demo: tuple[dict[str, str], Path]) -> None:
    env, folder = demo
    line = _one_line_exit_2(
        run(["invite", "correspondent", "--region", "mars"], env=env, cwd=folder)
    )
    assert "unknown region mars" in line
    assert all(code in line for code in CODES)


def test_an_unknown_role_or_status_exits_2_listing_the_choices(
    demo: tuple[dict[str, str], Path],
) -> None:
    env, folder = demo
    line = _one_line_exit_2(run(["users", "grant", "wizard", "--user", "awa"], env=env, cwd=folder))
    assert all(
        role in line for role in ("friend", "correspondent", "secretariat", "bureau", "admin")
    )
    line = _one_line_exit_2(run(["reports", "list", "--status", "bogus"], env=env, cwd=folder))
    assert all(s in line for s in ("submitted", "changes_requested", "approved", "rejected", "all"))
    line = _one_line_exit_2(run(["no-such-command"], env=env, cwd=folder))
    assert "no-such-command" in line


@pytest.mark.parametrize(
    "typed",
    [
        "west-africa",
        WEST_AFRICA["en"].upper(),
        WEST_AFRICA["fr"],
        "africa occidental",
        "AFRIQUE DE L’OUEST",
    ],
)
def test_regions_are_taken_by_code_or_name_in_any_language(
    demo: tuple[dict[str, str], Path], typed: str
) -> None:
    env, folder = demo
    result = run(["invite", "correspondent", "--region", typed], env=env, cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "region: west-africa" in result.stdout


def test_import_people_takes_region_names_and_groups_each_problem_once(
    demo: tuple[dict[str, str], Path],
) -> None:
    env, folder = demo
    header = "name,telegram_id,slack_id,role,region,language,timezone\n"
    good = folder / "good.csv"
    good.write_text(
        header
        + f"ama,,,correspondent,{WEST_AFRICA['es']},fr,\n"
        + "ben,,,correspondent,Afrique de l'Ouest,fr,\n",
        encoding="utf-8",
    )
    imported = run(["import", "people", str(good)], env=env, cwd=folder)
    assert imported.returncode == 0, imported.stderr
    assert "2 created" in imported.stdout
    bad = folder / "bad.csv"
    rows = "".join(f"p{n},,,correspondent,Mars,fr,\n" for n in range(1000))
    bad.write_text(header + rows + "q,,,wizard,West Africa,fr,\n", encoding="utf-8")
    rejected = run(["import", "people", str(bad)], env=env, cwd=folder)
    assert rejected.returncode == 1
    problems = rejected.stderr.strip().splitlines()
    assert len(problems) == 3, problems
    assert problems[0].endswith(
        "bad.csv: lines 2-1001: unknown region Mars (use one of: " + ", ".join(CODES) + ")"
    )
    assert problems[1].endswith(
        "bad.csv: line 1002: unknown role wizard (use one of: "
        + ", ".join(sorted(role.value for role in Role))
        + ")"
    )


def test_help_imports_no_database_or_bot_library(tmp_path: Path) -> None:
    """`4p1000 --help` starts fast: it lists commands without importing them."""
    script = (
        "import sys\n"
        "sys.argv = ['4p1000', '--help']\n"
        "from bots.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit as done:\n    assert done.code == 0\n"
        "heavy = {'sqlalchemy', 'telegram', 'slack_bolt', 'pydantic_settings', 'babel', 'rich'}\n"
        "print('HEAVY', sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout
    assert all(name in result.stdout for name in ("chat", "status", "import", "applications"))
