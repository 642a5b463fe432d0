"""Start-up of the command line: wall time and peak memory against `python -c pass`, same run.

    .venv/bin/python bench/cli_startup.py [--runs 7] [--database-url URL]

Runs each command `--runs` times, interleaved with the reference so that a load change on the
machine touches both alike, and prints the median wall time, the ratio to the reference and the
peak resident memory (from the child's own rusage). On SQLite (the default) a fresh database is
migrated first; `status` then reads an empty outbox. It also lists which heavy libraries each
command imported (`python -X importtime`), since what a command does not import it never pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HEAVY = ("sqlalchemy", "pydantic", "pydantic_settings", "telegram", "slack_bolt", "structlog")
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "4p1000 --help": [str(BIN / "4p1000"), "--help"],
    "4p1000 status": [str(BIN / "4p1000"), "status"],
    "4p1000 status --check --part scheduler": [
        str(BIN / "4p1000"),
        *("status", "--check", "--part", "scheduler"),
    ],
    "python -m bots.healthcheck telegram": [sys.executable, "-m", "bots.healthcheck", "telegram"],
}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one run."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped by wait4
    return time.perf_counter() - started, usage.ru_maxrss // 1024


def heavy_imports(command: list[str], env: dict[str, str]) -> list[str]:
    """The heavy top-level packages the command imports."""
    if command[0] != sys.executable:
        command = [sys.executable, *command]
    found = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stderr
    names = {line.rsplit("|", 1)[-1].strip() for line in found.splitlines() if "|" in line}
    return [name for name in HEAVY if name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM", "SLACK"))}
        env["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/hub.db"
        subprocess.run(
            [str(BIN / "4p1000"), "db", "upgrade"], env=env, check=True, capture_output=True
        )
        walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
        peaks: dict[str, int] = dict.fromkeys(COMMANDS, 0)
        for _ in range(args.runs):
            for name, command in COMMANDS.items():
                wall, peak = timed(command, env)
                walls[name].append(wall)
                peaks[name] = max(peaks[name], peak)
        reference = statistics.median(walls["python -c pass"])
        print(f"{args.runs} runs each, median wall time; reference `python -c pass`")
        print(f"{'command':42} {'wall':>8} {'ratio':>7} {'peak':>7}  heavy imports")
        for name, command in COMMANDS.items():
            wall = statistics.median(walls[name])
            heavy = ", ".join(heavy_imports(command, env)) or "-"
            print(
                f"{name:42} {wall * 1000:6.0f}ms {wall / reference:6.1f}x {peaks[name]:5d}MB  "
                f"{heavy}"
            )


if __name__ == "__main__":
    main()
