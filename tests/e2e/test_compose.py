"""docker-compose.yml runs as written: `config` needs no .env, every long-running part has a
healthcheck, and each service's command runs as a process against PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bots.healthcheck import answers
from tests.e2e.cli import PROGRAM
from tests.fakes.telegram_api import TOKEN, FakeTelegram

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
ONE_SHOT = {"migrate"}


def _commands() -> dict[str, list[str]]:
    """service -> its `command:` list, read from the compose file."""
    commands: dict[str, list[str]] = {}
    service = None
    for line in COMPOSE.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^  ([a-z]+):", line):
            service = match.group(1)
        elif service and (match := re.match(r"^    command: (\[.*\])", line)):
            commands[service] = json.loads(match.group(1))
    return commands


def _clean_env() -> dict[str, str]:
    names = ("DATABASE_URL", "TELEGRAM", "SLACK", "POSTGRES", "WORKERS", "LOG_")
    return {k: v for k, v in os.environ.items() if not k.startswith(names)}


def test_compose_config_needs_no_env_file_and_checks_every_long_running_part(
    tmp_path: Path,
) -> None:
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    result = subprocess.run(
        [tool, "config"],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr  # no variable left unset
    services: dict[str, str] = {}
    name = None
    for line in result.stdout.splitlines():
        if match := re.match(r"^  ([a-z]+):$", line):
            name = match.group(1)
            services[name] = ""
        elif not line.startswith("  "):
            name = None
        elif name:
            services[name] += line + "\n"
    long_running = set(_commands()) - ONE_SHOT
    assert {"telegram", "slack", "scheduler", "worker"} <= long_running
    for name in [*long_running, "db"]:
        assert "healthcheck:" in services[name], name
    assert "postgresql://hub:hub@db:5432/hub" in result.stdout


def test_the_healthcheck_probe_tells_a_listening_server_from_a_closed_port(
    unused_tcp_port: int,
) -> None:
    assert not answers(unused_tcp_port, timeout=1)
    server = subprocess.Popen(
        ["python3", "-m", "http.server", str(unused_tcp_port), "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if answers(unused_tcp_port, timeout=1):
                break
            time.sleep(0.1)
        assert answers(unused_tcp_port, timeout=1)
    finally:
        server.terminate()
        server.wait(10)


async def test_each_database_service_command_runs_against_postgresql(
    postgres_url: str, telegram_api: FakeTelegram
) -> None:
    env = {**_clean_env(), "DATABASE_URL": postgres_url, "LOG_FORMAT": "json"}
    commands = _commands()
    upgrade = await asyncio.create_subprocess_exec(str(PROGRAM), *commands["migrate"], env=env)
    assert await asyncio.wait_for(upgrade.wait(), 120) == 0
    # The worker needs a channel: the fake Bot API (nothing is queued, so nothing is sent).
    env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": telegram_api.base_url}
    for service in ("scheduler", "worker"):
        process = await asyncio.create_subprocess_exec(
            str(PROGRAM), *commands[service], env=env, stderr=asyncio.subprocess.PIPE
        )
        try:
            await asyncio.sleep(4)
            assert process.returncode is None, f"{service} stopped early"
            process.send_signal(signal.SIGTERM)
            _, errors = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.returncode == 0, errors.decode()
        assert b"Traceback" not in errors
