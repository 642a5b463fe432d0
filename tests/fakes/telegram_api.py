"""A fake Telegram Bot API on 127.0.0.1 (aiohttp): a transcript, scripted failures, no mercy.

Point python-telegram-bot at it with `Bot(TOKEN, base_url=fake.base_url)` (or the
`TELEGRAM_API_BASE_URL` variable of a subprocess). Every call is recorded in `calls`;
successful sends are in `sent`. Anything unexpected (an unknown method or token, a missing
parameter, a text over 4096 UTF-16 units, HTML Telegram could not parse) gets an HTTP error
*and* a line in `failures`, which the `telegram_api` fixture turns into a test failure.

Scripted failures, consumed in order by matching calls:
`fake.script("sendMessage", "429", retry_after=2)`, `"500"`, `"timeout"` (the request hangs
past the client's timeout and is not delivered), `"403"` (blocked by the user), `"migrate"`
(`migrate_to_chat_id`), each optionally for one `chat_id` and `times` calls.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from aiohttp import web

from tests.fakes.loopback import Rejected, running, serve_on_loopback

TOKEN = "123456789:TEST-token-for-the-fake-api-0123456789"
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "code",
    "pre",
    "a",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}
SEND_METHODS = {"sendMessage", "sendPhoto", "sendDocument"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    outcome: str = "ok"  # ok, or the scripted failure, or "rejected"


@dataclass
class Scripted:
    method: str
    kind: str
    chat_id: str | None
    times: int
    retry_after: int = 1
    new_chat_id: int = -1001234567890
    hang: float = 5.0


class _HtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"unsupported start tag {tag!r}")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected end tag {tag!r}")

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self.errors.append(f"unsupported entity &{name};")

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.errors.append("unescaped < or > in text")


def html_problems(text: str) -> list[str]:
    """Why Telegram would refuse `text` as HTML (empty: it parses)."""
    checker = _HtmlCheck()
    checker.feed(text)
    checker.close()
    if checker.rawdata:
        checker.errors.append(f"unfinished markup at the end: {checker.rawdata[:20]!r}")
    if checker.stack:
        checker.errors.append(f"unclosed tags {checker.stack}")
    for piece in text.split("&")[1:]:
        if not piece.startswith(("lt;", "gt;", "amp;", "quot;", "#")):
            checker.errors.append("a bare & or a broken entity")
    return checker.errors


@dataclass
class FakeTelegram:
    token: str = TOKEN
    latency: float = 0.0
    calls: list[Call] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    scripts: list[Scripted] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    base_url: str = ""
    _runner: web.AppRunner | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def sent(self) -> list[Call]:
        return [c for c in self.calls if c.method in SEND_METHODS and c.outcome == "ok"]

    def sent_to(self, chat_id: int | str) -> list[Call]:
        return [c for c in self.sent if str(c.params.get("chat_id")) == str(chat_id)]

    def script(
        self,
        method: str,
        kind: str,
        *,
        chat_id: int | str | None = None,
        times: int = 1,
        **options: Any,
    ) -> None:
        assert kind in ("429", "500", "timeout", "403", "migrate"), kind
        self.scripts.append(
            Scripted(method, kind, None if chat_id is None else str(chat_id), times, **options)
        )

    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        app.router.add_route("*", "/{tail:.*}", self._unexpected)
        self._runner, port = await serve_on_loopback(app)
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _fail(self, message: str, status: int = 500) -> web.Response:
        self.failures.append(message)
        return web.json_response(
            {"ok": False, "error_code": status, "description": message}, status=status
        )

    async def _unexpected(self, request: web.Request) -> web.Response:
        return self._fail(f"unexpected request {request.method} {request.path}")

    async def _file(self, request: web.Request) -> web.Response:
        content = self.files.get(request.match_info["path"])
        if content is None:
            return self._fail(f"unknown file {request.match_info['path']}", 404)
        return web.Response(body=content)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if hasattr(value, "file"):
                params[key] = {"filename": value.filename, "size": len(value.file.read())}
            else:
                params[key] = value
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return self._fail(f"{method} called with a wrong token", 401)
        params = await self._params(request)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        if self.latency:
            await asyncio.sleep(self.latency)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            call.outcome = "rejected"
            return self._fail(f"unexpected Bot API method {method}")
        scripted = self._scripted(method, params)
        if scripted is not None:
            call.outcome = scripted.kind
            return await self._scripted_answer(scripted)
        try:
            result = handler(params)
            if asyncio.iscoroutine(result):
                result = await result
        except Rejected as rejected:
            call.outcome = "rejected"
            return self._fail(f"{method}: {rejected}", 400)
        return web.json_response({"ok": True, "result": result})

    def _scripted(self, method: str, params: dict[str, Any]) -> Scripted | None:
        for scripted in self.scripts:
            chat_matches = scripted.chat_id is None or scripted.chat_id == str(
                params.get("chat_id")
            )
            if scripted.method == method and chat_matches and scripted.times > 0:
                scripted.times -= 1
                return scripted
        return None

    async def _scripted_answer(self, s: Scripted) -> web.Response:
        if s.kind == "timeout":
            await asyncio.sleep(s.hang)
            return web.json_response(
                {"ok": False, "error_code": 504, "description": "late"}, status=504
            )
        answers = {
            "429": (
                429,
                {
                    "description": f"Too Many Requests: retry after {s.retry_after}",
                    "parameters": {"retry_after": s.retry_after},
                },
            ),
            "500": (500, {"description": "Internal Server Error"}),
            "403": (403, {"description": "Forbidden: bot was blocked by the user"}),
            "migrate": (
                400,
                {
                    "description": "Bad Request: group chat was upgraded to a supergroup chat",
                    "parameters": {"migrate_to_chat_id": s.new_chat_id},
                },
            ),
        }
        status, body = answers[s.kind]
        return web.json_response({"ok": False, "error_code": status, **body}, status=status)

    # --- the Bot API methods the hub uses ---

    def _need(self, params: dict[str, Any], *names: str) -> None:
        missing = [name for name in names if name not in params]
        if missing:
            raise Rejected(f"missing parameters {missing}")

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        return {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            **extra,
        }

    def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": int(self.token.split(":")[0]),
            "is_bot": True,
            "first_name": "4p1000 hub",
            "username": "hub4p1000_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        self._need(params, "chat_id", "text")
        text = str(params["text"])
        if not text.strip():
            raise Rejected("message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise Rejected("message is too long")
        if params.get("parse_mode") == "HTML" and (problems := html_problems(text)):
            raise Rejected(f"can't parse entities: {problems}")
        if "reply_markup" in params:
            markup = json.loads(params["reply_markup"])
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if len(button.get("callback_data", "").encode()) > 64:
                        raise Rejected("BUTTON_DATA_INVALID")
        return self._message(params, text=text)

    def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        self._need(params, "chat_id", "photo")
        photo = {
            "file_id": f"photo{next(self._ids)}",
            "file_unique_id": "p",
            "width": 1,
            "height": 1,
        }
        return self._message(params, photo=[photo])

    def _m_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        self._need(params, "chat_id", "document")
        return self._message(
            params, document={"file_id": f"doc{next(self._ids)}", "file_unique_id": "d"}
        )

    def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        self._need(params, "text")
        if "chat_id" not in params and "inline_message_id" not in params:
            raise Rejected("missing chat_id or inline_message_id")
        return self._message(params, text=params["text"]) if "chat_id" in params else True

    def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self._need(params, "callback_query_id")
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0) or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates:  # a short long-poll, so that polling clients do not spin
            await asyncio.sleep(min(float(params.get("timeout", 0) or 0), 0.2))
        return list(self.updates)

    def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        self._need(params, "url")
        return True

    def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        self._need(params, "commands")
        return True

    def _m_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        self._need(params, "file_id")
        file_id = str(params["file_id"])
        if file_id not in self.files:
            raise Rejected("wrong file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[file_id]),
            "file_path": file_id,
        }


@pytest.fixture
async def telegram_api() -> AsyncIterator[FakeTelegram]:
    """A running fake; the test fails if anything unexpected reached it."""
    async for fake in running(FakeTelegram(), "Telegram"):
        yield fake
