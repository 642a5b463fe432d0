"""`4p1000 serve --slack` runs the Slack app on SLACK_PORT and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tests.e2e.both_bots import free_port
from tests.e2e.slack_helpers import SECRET, sign
from tests.fakes.slack_api import TOKEN, FakeSlack

PROGRAM = Path(sys.executable).parent / "4p1000"


async def test_serve_answers_slack_and_refuses_unsigned_requests(
    sqlite_url: str, tmp_path: Path
) -> None:
    api = FakeSlack()
    await api.start()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": sqlite_url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api.base_url,
        "SLACK_PORT": str(port),
    }
    server = subprocess.Popen(
        [str(PROGRAM), "serve", "--slack"], env=env, cwd=tmp_path, stderr=subprocess.PIPE
    )
    try:
        url = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + 20
            while True:
                try:
                    async with session.get(f"{url}/health") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    assert time.monotonic() < deadline, "the Slack app did not start"
                    await asyncio.sleep(0.1)
            body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "x"})
            headers = {"Content-Type": "application/json"}
            async with session.post(
                f"{url}/slack/events", data=body, headers={**headers, **sign(body)}
            ) as response:
                assert response.status == 200
                assert "c-123" in await response.text()
            forged = sign(body, secret="wrong")
            async with session.post(
                f"{url}/slack/events", data=body, headers={**headers, **forged}
            ) as response:
                assert response.status == 401
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=30)
        await api.stop()
    assert server.returncode == 0, errors.decode()[-2000:]
