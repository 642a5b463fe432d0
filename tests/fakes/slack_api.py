"""A fake Slack Web API on 127.0.0.1 (aiohttp), for slack_sdk's `base_url`.

Like the Telegram fake: a transcript in `calls`, successful posts in `posted`, loud failures
(`failures`, turned into a test failure by the `slack_api` fixture) on an unknown method, a
wrong token or a message over Slack's limits, and scripted failures:
`fake.script("chat.postMessage", "429", retry_after=2)`, `"500"`, `"timeout"`, or an API
error name (`"channel_not_found"`, `"user_disabled"`...) answered as `ok: false`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from tests.fakes.loopback import Rejected, running, serve_on_loopback

TOKEN = "xoxb-0000-test-token"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    outcome: str = "ok"
    result: dict[str, Any] = field(default_factory=dict)  # what the fake answered


@dataclass
class Scripted:
    method: str
    kind: str
    channel: str | None
    times: int
    retry_after: int = 1
    hang: float = 5.0


@dataclass
class FakeSlack:
    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    scripts: list[Scripted] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    base_url: str = ""
    _runner: web.AppRunner | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def posted(self) -> list[Call]:
        return [c for c in self.calls if c.method == "chat.postMessage" and c.outcome == "ok"]

    def posted_to(self, channel: str) -> list[Call]:
        return [c for c in self.posted if c.params.get("channel") == channel]

    def script(
        self, method: str, kind: str, *, channel: str | None = None, times: int = 1, **options: Any
    ) -> None:
        self.scripts.append(Scripted(method, kind, channel, times, **options))

    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_route("*", "/{tail:.*}", self._unexpected)
        self._runner, port = await serve_on_loopback(app)
        self.base_url = f"http://127.0.0.1:{port}/api/"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _fail(self, message: str, status: int = 500) -> web.Response:
        self.failures.append(message)
        return web.json_response({"ok": False, "error": message}, status=status)

    async def _unexpected(self, request: web.Request) -> web.Response:
        return self._fail(f"unexpected request {request.method} {request.path}")

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text="OK")

    async def _params(self, request: web.Request) -> dict[str, Any]:
        # slack_sdk sends some methods' parameters in the query string
        # (files.getUploadURLExternal), the others in the body.
        if request.content_type == "application/json":
            return {**dict(request.query), **dict(await request.json())}
        form = await request.post()
        params: dict[str, Any] = dict(request.query)
        for key, value in form.items():
            if hasattr(value, "file"):
                params[key] = {"filename": value.filename, "size": len(value.file.read())}
            elif key in ("blocks", "files", "attachments", "view") and isinstance(value, str):
                params[key] = json.loads(value)
            else:
                params[key] = value
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return self._fail(f"{method} called without the bot token", 200)
        params = await self._params(request)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            call.outcome = "rejected"
            return self._fail(f"unexpected Slack method {method}")
        for s in self.scripts:
            if s.method == method and s.times > 0 and s.channel in (None, params.get("channel")):
                s.times -= 1
                call.outcome = s.kind
                return await self._scripted(s)
        try:
            result = handler(params)
        except Rejected as rejected:
            call.outcome = "rejected"
            self.failures.append(f"{method}: {rejected}")
            return web.json_response({"ok": False, "error": str(rejected)})
        call.result = result
        return web.json_response({"ok": True, **result})

    async def _scripted(self, s: Scripted) -> web.Response:
        if s.kind == "429":
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(s.retry_after)},
            )
        if s.kind == "500":
            return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        if s.kind == "timeout":
            await asyncio.sleep(s.hang)
            return web.json_response({"ok": False, "error": "late"}, status=504)
        return web.json_response({"ok": False, "error": s.kind})

    def _ts(self) -> str:
        return f"{time.time():.6f}"[:-3] + f"{next(self._ids) % 1000:03d}"

    def _m_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://hub.slack.com/",
            "team": "4p1000",
            "user": "hub",
            "team_id": "T1",
            "user_id": "U0HUB",
            "bot_id": "B0HUB",
        }

    def _m_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        if "channel" not in params or not (params.get("text") or params.get("blocks")):
            raise Rejected("missing channel, or text and blocks")
        blocks = params.get("blocks") or []
        if len(blocks) > 50:
            raise Rejected("invalid_blocks: more than 50 blocks")
        for block in blocks:
            text = block.get("text", {}).get("text", "")
            if block.get("type") == "section" and len(text) > 3000:
                raise Rejected("invalid_blocks: section text over 3000 characters")
            if block.get("type") == "actions" and len(block.get("elements", [])) > 25:
                raise Rejected("invalid_blocks: more than 25 elements")
        if len(params.get("text") or "") > 40000:
            raise Rejected("msg_too_long")
        return {
            "channel": params["channel"],
            "ts": self._ts(),
            "message": {"text": params.get("text", ""), "blocks": blocks},
        }

    def _m_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        if "channel" not in params or "ts" not in params:
            raise Rejected("missing channel or ts")
        return {"channel": params["channel"], "ts": params["ts"], "text": params.get("text", "")}

    def _m_views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        if "trigger_id" not in params or "view" not in params:
            raise Rejected("missing trigger_id or view")
        return {
            "view": {
                "id": f"V{next(self._ids)}",
                **(
                    params["view"]
                    if isinstance(params["view"], dict)
                    else json.loads(params["view"])
                ),
            }
        }

    def _m_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        if "user_id" not in params or "view" not in params:
            raise Rejected("missing user_id or view")
        return {"view": {"id": f"V{next(self._ids)}"}}

    def calls_of(self, method: str) -> list[Call]:
        """The successful calls of one method, in order."""
        return [c for c in self.calls if c.method == method and c.outcome == "ok"]

    def _m_files_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"file": {"id": f"F{next(self._ids)}", "name": params.get("filename", "")}}

    def _m_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        if "filename" not in params or "length" not in params:
            raise Rejected("missing filename or length")
        file_id = f"F{next(self._ids)}"
        origin = self.base_url.removesuffix("/api/")
        return {"upload_url": f"{origin}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        files = json.loads(files) if isinstance(files, str) else files
        if not files or any(f["id"] not in self.uploads for f in files):
            raise Rejected("completeUploadExternal for a file never uploaded")
        return {"files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}

    def _m_files_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"file": {"id": params.get("file", "")}}


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlack]:
    """A running fake; the test fails if anything unexpected reached it."""
    async for fake in running(FakeSlack(), "Slack"):
        yield fake
