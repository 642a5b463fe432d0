"""The search examples in `4p1000 chat`, and `4p1000 import/export partners|practices`."""

from __future__ import annotations

import json
from pathlib import Path

from core.i18n import country_name
from tests.e2e.cli import run

EXAMPLES = [
    "/language fr",
    "/practices agroforestery",
    ":1",
    "semis direct",
    "/practices no till",
    "/practices couverture du sol",
    "/partners CIRAD",
    "/partners recherche Côte d'Ivoire",
    "/partners B3",
    "/near Abidjan",
    ":location 60.17,24.94",
    "/complementary CIRAD",
    "/comparable semi-arid west-africa",
    "/practices " + "x" * 100_000,
]


def test_the_issue_examples_in_the_terminal_chat(env: dict[str, str], tmp_path: Path) -> None:
    result = run(["demo"], stdin="\n".join(EXAMPLES) + "\n", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1. Agroforesterie — agroforesterie" in out
    assert "Fiche complète à 100 %." in out
    assert "1. Semis direct — travail du sol" in out
    assert "1. Couverture permanente du sol" in out
    assert "1. Centre de coopération internationale en recherche agronomique" in out
    assert "1. Centre national de recherche agronomique (CNRA)" in out
    assert "(GIZ)" in out
    assert f"Partenaires les plus proches (Abidjan, {country_name('CI', 'fr')}) :" in out
    assert "Baltic Sea Action Group (BSAG)" in out
    assert "Partenaires qui complètent CIRAD" in out
    assert "pratiques utilisées sur d'autres continents (hors Afrique de l'Ouest)" in out
    assert "Votre recherche est trop longue (100000 caractères)" in out
    assert "Traceback" not in result.stderr


def test_import_and_export_on_the_command_line(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    assert run(["seed", "demo"], env=env, cwd=tmp_path).returncode == 0
    exported = run(["export", "partners", "partners.csv"], env=env, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert "50 partners written" in exported.stdout
    again = run(["import", "partners", "partners.csv"], env=env, cwd=tmp_path)
    assert "partners: 0 created, 50 updated" in again.stdout
    assert run(["export", "practices", "p.json"], env=env, cwd=tmp_path).returncode == 0
    assert len(json.loads((tmp_path / "p.json").read_text())) == 36
    bad = tmp_path / "bad.csv"
    bad.write_text("name,category,country\nNew Coop,producer_org,KE\n,wizards,XX\n")
    failed = run(["import", "partners", str(bad)], env=env, cwd=tmp_path)
    assert failed.returncode == 1
    assert "bad.csv: line 3: name: is required" in failed.stderr
    assert "nothing imported: 3 problem(s) in 2 partners" in failed.stderr
    chat = run(["chat"], stdin="/partners New Coop\n", env=env, cwd=tmp_path)
    assert "New Coop —" not in chat.stdout  # not listed (the query itself may be quoted)
    assert run(["import", "partners", "x.txt"], env=env, cwd=tmp_path).returncode == 2
