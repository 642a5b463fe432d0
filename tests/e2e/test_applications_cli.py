"""Membership applications from the command line: filed, imported, opened, confirmed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import run


def test_applications_from_the_command_line(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    assert run(["seed", "demo"], env=env, cwd=tmp_path).returncode == 0
    added = run(
        [
            "applications",
            "add",
            "--organisation",
            "Soil Lab",
            "--category",
            "research",
            "--country",
            "CI",
            "--objectives",
            "A3 D2",
        ],
        env=env,
        cwd=tmp_path,
    )
    assert added.returncode == 0, added.stderr
    assert "application 1 filed" in added.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "organisation,category,country,objectives\nGood Coop,producer_org,SN,A3\n"
        ",ngo,FR,\nWizards,wizards,FR,Z9\n",
        encoding="utf-8",
    )
    refused = run(["import", "applications", str(bad)], env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "line 3: organisation: is required" in refused.stderr
    assert "line 4" in refused.stderr
    listed = run(["applications", "list", "--json"], env=env, cwd=tmp_path)
    assert [row["organisation"] for row in json.loads(listed.stdout)] == ["Soil Lab"]
    good = tmp_path / "good.csv"
    good.write_text("organisation,category,country\nGood Coop,producer_org,SN\n", encoding="utf-8")
    assert run(["import", "applications", str(good)], env=env, cwd=tmp_path).returncode == 0
    farmer = run(["applications", "open", "1", "--by", "awa"], env=env, cwd=tmp_path)
    assert farmer.returncode == 1
    assert "reserved" in farmer.stderr
    opened = run(["applications", "open", "1", "--by", "claire"], env=env, cwd=tmp_path)
    assert opened.returncode == 0, opened.stderr
    early = run(["applications", "confirm", "1"], env=env, cwd=tmp_path)
    assert early.returncode == 1
    assert "already" in early.stderr
