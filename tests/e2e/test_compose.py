"""docker-compose.yml runs as written: `config` needs no .env, every long-running part has a
healthcheck, and each service's command runs as a process, answers and passes its healthcheck."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import aiohttp
import pytest

from bots.healthcheck import answers
from tests.e2e.both_bots import free_port
from tests.e2e.cli import PROGRAM
from tests.e2e.delivery_support import start
from tests.e2e.slack_helpers import SECRET, Responses, sign
from tests.e2e.test_parts_answer_alone import demo_database, stop, until
from tests.fakes.slack_api import TOKEN as SLACK_TOKEN
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import TOKEN, FakeTelegram
from tests.fakes.telegram_updates import TelegramUser

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
        try:  # running once its healthcheck passes (a fixed sleep raced slow start-ups)
            await _until_healthy(service, _healthchecks()[service], env)
            assert process.returncode is None, f"{service} stopped early"
            process.send_signal(signal.SIGTERM)
            _, errors = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.returncode == 0, errors.decode()
        assert b"Traceback" not in errors


def _healthchecks() -> dict[str, list[str]]:
    """service -> its healthcheck `test:` as a command for this machine (our venv's programs)."""
    found: dict[str, list[str]] = {}
    service = None
    for line in COMPOSE.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^  ([a-z]+):", line):
            service = match.group(1)
        elif service and (match := re.match(r"^      test: (\[.*\])", line)):
            kind, *command = json.loads(match.group(1))
            if kind == "CMD":
                local = {"python": sys.executable, "4p1000": str(PROGRAM)}
                found[service] = [local.get(command[0], command[0]), *command[1:]]
    return found


async def _healthy(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    probe = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(probe.communicate(), 30)
    return int(probe.returncode or 0), out.decode()


async def _until_healthy(service: str, command: list[str], env: dict[str, str]) -> None:
    deadline = time.monotonic() + 30
    while True:
        code, out = await _healthy(command, env)
        if code == 0:
            return
        assert time.monotonic() < deadline, f"{service} never healthy: {out}"
        await asyncio.sleep(0.5)


async def test_every_service_runs_answers_a_person_and_passes_its_healthcheck(
    database_url: str, telegram_api: FakeTelegram, tmp_path: Path
) -> None:
    """Each long-running service as its own process, with compose's command and healthcheck."""
    await demo_database(database_url)
    slack_api = FakeSlack()
    await slack_api.start()
    responses = Responses()
    await responses.start()
    port = free_port()
    env = {
        **_clean_env(),
        "DATABASE_URL": database_url,
        "LOG_FORMAT": "json",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": telegram_api.base_url,
        "TELEGRAM_CHAT_RATE": "100",
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_api.base_url,
        "SLACK_PORT": str(port),
    }
    commands, checks = _commands(), _healthchecks()
    assert set(checks) >= {"telegram", "slack", "scheduler", "worker"}
    migrate = await asyncio.create_subprocess_exec(str(PROGRAM), *commands["migrate"], env=env)
    assert await asyncio.wait_for(migrate.wait(), 120) == 0
    services = ("telegram", "slack", "scheduler", "worker")
    logs = {service: tmp_path / f"{service}.log" for service in services}
    running = {s: await start([str(PROGRAM), *commands[s]], env, logs[s]) for s in services}
    try:
        for service in services:
            await _until_healthy(service, checks[service], env)
        # A person writes to the Telegram bot, another to the Slack app: each is answered.
        amadou = TelegramUser(702, "Amadou", "fr")
        telegram_api.updates.append(amadou.text("/help"))
        await until(lambda: bool(telegram_api.sent_to(amadou.id)), "the Telegram answer", 30)
        assert "Ce que je sais faire" in str(telegram_api.sent_to(amadou.id)[0].params["text"])
        form = {
            "command": "/4p1000",
            "text": "help",
            "user_id": "U778",
            "user_name": "ana",
            "team_id": "T1",
            "channel_id": "D778",
            "response_url": f"{responses.base}1",
            "trigger_id": "t1",
        }
        body = urllib.parse.urlencode(form)
        headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as ok,
        ):
            assert ok.status == 200
        await until(lambda: bool(responses.posts), "the Slack answer", 30)
        # A stopped part fails its healthcheck at once (it forgets its heartbeat on the way out).
        await stop(running.pop("scheduler"), logs["scheduler"])
        code, out = await _healthy(checks["scheduler"], env)
        assert code == 1, out
    finally:
        for service, process in running.items():
            await stop(process, logs[service])
        await slack_api.stop()
        if responses._runner is not None:
            await responses._runner.cleanup()
    for service in services:
        assert "Traceback" not in logs[service].read_text(), service
