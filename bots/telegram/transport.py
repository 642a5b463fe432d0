"""python-telegram-bot's requests carried by aiohttp instead of httpx.

PTB lets the HTTP client be replaced (`telegram.request.BaseRequest`); the Bot, its methods,
its errors and its parsing of Telegram's answers stay PTB's. aiohttp (already the hub's HTTP
server and Slack's client) spends about a third of httpx's time on a call to a local API,
and sending is most of what the event loop does while many people write at once.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_UNSET = BaseRequest.DEFAULT_NONE
_Default = type(_UNSET)  # PTB's DefaultValue: "not given by the caller"


class AiohttpRequest(BaseRequest):
    """A connection pool of `pool` connections; `timeout` for connecting, writing and reading."""

    def __init__(self, *, pool: int = 32, timeout: float = 10.0) -> None:
        self._pool = pool
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _timeouts(self, read: Any, write: Any, connect: Any, pool: Any) -> aiohttp.ClientTimeout:
        def given(value: Any) -> float | None:
            return self._timeout if isinstance(value, _Default) else value

        waiting = [v for v in (given(connect), given(pool)) if v is not None]
        # aiohttp counts the wait for a pooled connection in `connect`; writing is part of
        # the request, bounded with reading by `sock_read` once the request is sent
        reading = [v for v in (given(read), given(write)) if v is not None]
        return aiohttp.ClientTimeout(
            total=None,
            connect=sum(waiting) if waiting else None,
            sock_read=max(reading) if reading else None,
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = _UNSET,
        write_timeout: Any = _UNSET,
        connect_timeout: Any = _UNSET,
        pool_timeout: Any = _UNSET,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        body: Any = None
        if request_data is not None:
            body = request_data.json_parameters
            if request_data.contains_files:
                body = aiohttp.FormData(request_data.json_parameters)
                for name, (filename, content, mime) in (request_data.multipart_data or {}).items():
                    body.add_field(name, content, filename=filename, content_type=mime)
        timeout = self._timeouts(read_timeout, write_timeout, connect_timeout, pool_timeout)
        try:
            async with self._session.request(method, url, data=body, timeout=timeout) as answer:
                return answer.status, await answer.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
