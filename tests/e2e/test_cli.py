"""The `4p1000` program as an operator runs it: piped chat, seeding, clean errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli import run


def test_demo_answers_help_in_english_then_in_french(env: dict[str, str], tmp_path: Path) -> None:
    english = run(["demo"], stdin="/help\n", env=env, cwd=tmp_path)
    assert english.returncode == 0, english.stderr
    assert "What I can do" in english.stdout
    french = run(["demo"], stdin="/language fr\n/help\n", env=env, cwd=tmp_path)
    assert french.returncode == 0, french.stderr
    assert "Ce que je sais faire" in french.stdout
    assert "Traceback" not in english.stderr + french.stderr


def test_seed_is_idempotent(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    first = run(["seed", "demo"], env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert " 0 practices" not in first.stdout
    second = run(["seed", "demo"], env=env, cwd=tmp_path)
    assert second.stdout.strip() == "demo data already there: nothing added"


def test_demo_reset_starts_from_fresh_demo_data(env: dict[str, str], tmp_path: Path) -> None:
    first = run(["demo", "--user", "awa"], stdin="/subscribe weekly\n", env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = run(["demo", "--user", "claire"], stdin="", env=env, cwd=tmp_path)
    assert "demo data already there" in again.stderr
    granted = run(["users", "grant", "bureau", "--user", "newcomer"], env=env, cwd=tmp_path)
    assert granted.returncode == 0, granted.stderr
    reset = run(["demo", "--reset", "--user", "awa"], stdin="/me\n", env=env, cwd=tmp_path)
    assert reset.returncode == 0, reset.stderr
    assert "database erased" in reset.stderr
    assert "already there" not in reset.stderr
    after = run(["chat", "--user", "newcomer"], stdin="/me\n", env=env, cwd=tmp_path)
    assert "Bureau" not in after.stdout  # the grant made before the reset is gone


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "mysql://root@localhost/hub", "unsupported database scheme"),
        ("DATABASE_URL", "postgresql://", "needs a host"),
        ("DEFAULT_TIMEZONE", "Nowhere/Land", "unknown time zone"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(
    env: dict[str, str], tmp_path: Path, variable: str, value: str, message: str
) -> None:
    result = run(["db", "upgrade"], env={**env, variable: value}, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_bad_usage_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["chat", "--lang", "de"], env=env, cwd=tmp_path).returncode == 2
    assert run(["users", "grant", "wizard", "--user", "x"], env=env, cwd=tmp_path).returncode == 2
    assert run(["no-such-command"], env=env, cwd=tmp_path).returncode == 2


def test_grant_a_role_then_see_it_in_the_chat(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    assert run(["seed", "demo"], env=env, cwd=tmp_path).returncode == 0
    granted = run(["users", "grant", "secretariat", "--user", "zoe"], env=env, cwd=tmp_path)
    assert granted.returncode == 0, granted.stderr
    chat = run(["chat", "--user", "zoe"], stdin="/me\n", env=env, cwd=tmp_path)
    assert "Executive Secretariat" in chat.stdout
    unknown = run(
        ["users", "grant", "correspondent", "--user", "zoe", "--region", "atlantis"],
        env=env,
        cwd=tmp_path,
    )
    assert unknown.returncode == 2  # bad usage: the line lists the regions
    assert "unknown region atlantis (use one of: " in unknown.stderr
    assert "west-africa" in unknown.stderr
