"""Ctrl-C leaves the interactive terminal chat at once (no Enter needed)."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import time
from pathlib import Path

from tests.e2e.cli import PROGRAM, run


def test_ctrl_c_leaves_the_interactive_chat_at_once(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["db", "upgrade"], env=env, cwd=tmp_path).returncode == 0
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(PROGRAM), "chat", "--user", "awa"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=tmp_path,
    )
    os.close(follower)
    try:
        output = b""
        deadline = time.monotonic() + 60
        while b"> " not in output and time.monotonic() < deadline:
            output += os.read(leader, 4096)
        assert b"> " in output, output  # the prompt: input() is waiting
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        code = process.wait(timeout=10)
        assert time.monotonic() - started < 5
        assert code == 130
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
