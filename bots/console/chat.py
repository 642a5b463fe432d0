"""The terminal chat: one line in, the hub's replies out (interactive or piped)."""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bots.console.render import render
from core.bootstrap import Hub
from core.domain.people import Channel
from core.interactions.dispatch import handle
from core.interactions.model import (
    Button,
    ButtonPress,
    FileKind,
    Input,
    Reply,
    Sender,
    SharedFile,
    SharedLocation,
    Text,
)

HELP = (
    "Type a message or a /command. Console extras: ':N' presses button N, "
    "':location LAT,LON' shares a place, ':photo PATH [caption]' and ':file PATH' send a file, "
    "':quit' leaves."
)
_LOCATION = re.compile(r"^:location\s+(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)$")


class ConsoleChat:
    def __init__(self, hub: Hub, user: str, *, out: TextIO, color: bool, files_dir: Path) -> None:
        self.hub = hub
        self.sender = Sender(Channel.CONSOLE, user, display_name=user)
        self.out = out
        self.color = color
        self.files_dir = files_dir
        self.buttons: list[Button] = []

    def parse(self, line: str) -> Input | str:
        """Map a console line to a core input, or return a console-only message."""
        stripped = line.strip()
        if not stripped.startswith(":"):
            return Text(line.rstrip("\n"))
        if stripped[1:].isdigit():
            index = int(stripped[1:]) - 1
            if 0 <= index < len(self.buttons):
                return ButtonPress(self.buttons[index].data)
            return f"(no button {stripped} here)"
        if match := _LOCATION.match(stripped):
            return SharedLocation(float(match.group(1)), float(match.group(2)))
        verb, _, rest = stripped.partition(" ")
        if verb in (":photo", ":file"):
            path_text, _, caption = rest.strip().partition(" ")
            path = Path(path_text).expanduser()
            if not path.is_file():
                return f"(no such file: {path_text})"
            mime, _ = mimetypes.guess_type(path.name)
            kind: FileKind = "photo" if verb == ":photo" else "document"
            return SharedFile(
                kind, str(path.resolve()), path.name, mime, path.stat().st_size, caption
            )
        return HELP

    async def say(self, line: str) -> None:
        parsed = self.parse(line)
        if isinstance(parsed, str):
            self.out.write(parsed + "\n")
            return
        replies = await handle(self.hub, self.sender, parsed)
        self.show(replies)

    def show(self, replies: list[Reply]) -> None:
        self.buttons = []
        for reply in replies:
            text, numbered = render(
                reply,
                first_button=len(self.buttons) + 1,
                files_dir=self.files_dir,
                color=self.color,
            )
            self.buttons.extend(numbered)
            self.out.write(text + "\n\n")
        self.out.flush()


async def run_chat(
    chat: ConsoleChat, read_line: Callable[[], str | None], *, interactive: bool
) -> None:
    """Feed lines to the chat until EOF or ':quit'."""
    if interactive:
        chat.out.write(HELP + "\n\n")
    while True:
        line = await _read_aside(read_line)
        if line is None:
            break
        if line.strip() in (":quit", ":q"):
            break
        if not line.strip():
            continue
        await chat.say(line)


async def _read_aside(read_line: Callable[[], str | None]) -> str | None:
    """Read on a daemon thread: Ctrl-C leaves at once instead of waiting for a blocked input()."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[str | None] = loop.create_future()

    def read() -> None:
        line, failure = None, None
        try:
            line = read_line()
        except BaseException as error:  # handed to the loop, raised there
            failure = error
        with contextlib.suppress(RuntimeError):  # a closed loop: the chat is over
            loop.call_soon_threadsafe(_settle, done, line, failure)

    threading.Thread(target=read, name="console-input", daemon=True).start()
    return await done


def _settle(
    done: asyncio.Future[str | None], line: str | None, error: BaseException | None
) -> None:
    if done.done():  # the chat was left meanwhile
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(line)


def stdin_reader(interactive: bool) -> Callable[[], str | None]:
    def read() -> str | None:
        if interactive:
            try:
                return input("> ")
            except EOFError:
                return None
        line = sys.stdin.readline()
        return line if line else None

    return read
