"""Send outbox messages through the Slack Web API with slack_sdk's AsyncWebClient."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bots.delivery.channels import Permanent, RateLimited, Transient, Unreachable
from bots.delivery.settings import DeliverySettings
from bots.slack.blocks import SlackMessage, render_reply
from bots.slack.cards import CardBook, FileFetcher
from core.domain.people import Channel
from core.domain.report_files import MAX_BRIDGED
from core.interactions.charts import content_of
from core.interactions.model import Reply
from core.services.pacing import Limit

log = logging.getLogger(__name__)
GLOBAL_BUCKET = "slack"
# Answers that mean this person or channel cannot be written to any more.
GONE = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "not_in_channel",
        "user_is_restricted",
        "restricted_action",
    }
)


def make_client(token: str, base_url: str, *, timeout: float = 10.0) -> AsyncWebClient:
    """A client without hidden retries: every retry goes through our pacing and backoff."""
    return AsyncWebClient(token=token, base_url=base_url, timeout=int(timeout), retry_handlers=[])


class SlackSender:
    channel = Channel.SLACK.value

    def __init__(
        self,
        client: AsyncWebClient,
        settings: DeliverySettings,
        cards: CardBook | None = None,
        fetchers: dict[str, FileFetcher] | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.cards = cards  # where desk cards are remembered (None: cards are posted only)
        self.fetchers = fetchers or {}  # how to get a file sent on another channel

    async def start(self) -> None:
        """Nothing to open: the client connects per request."""

    async def close(self) -> None:
        """Nothing to close."""

    def parts(self, reply: Reply) -> list[object]:
        return list(render_reply(reply))

    def limits(self, recipient: str) -> list[Limit]:
        return [
            Limit(GLOBAL_BUCKET, self.settings.interval(self.settings.slack_rate_limit)),
            Limit(f"slack:{recipient}", self.settings.interval(self.settings.slack_channel_rate)),
        ]

    async def send(self, recipient: str, part: object) -> None:
        assert isinstance(part, SlackMessage)
        try:
            if part.bridged is not None:
                await self._bridge(recipient, part)
            elif part.file is None and part.card_update:
                await self._update_card(recipient, part)
            elif part.file is None:
                response = await self.client.chat_postMessage(
                    channel=recipient, text=part.text, blocks=part.blocks, unfurl_links=False
                )
                if part.card and self.cards is not None:
                    await self._remember(part.card, recipient, response)
            else:
                await self.client.files_upload_v2(
                    channel=recipient,
                    content=await content_of(part.file),
                    filename=part.file.filename,
                )
        except SlackApiError as error:
            status = error.response.status_code
            code = str(error.response.get("error", "")) if error.response else ""
            if status == 429:
                retry_after = float(error.response.headers.get("Retry-After", 1))
                raise RateLimited(
                    retry_after, f"Slack 429: retry after {retry_after:g}s"
                ) from error
            if code in GONE:
                raise Unreachable(code) from error
            if status >= 500 or code in (
                "internal_error",
                "fatal_error",
                "service_unavailable",
                "request_timeout",
            ):
                raise Transient(f"Slack {status}: {code}") from error
            raise Permanent(f"Slack: {code or status}") from error
        except (TimeoutError, SlackClientError, aiohttp.ClientError) as error:
            raise Transient(f"{type(error).__name__}: {error}") from error

    async def _remember(self, card: str, desk: str, response: Any) -> None:
        """Keep where the card went; it is posted already, so a failure here is only logged."""
        try:
            channel_id = str(response.get("channel") or desk)
            assert self.cards is not None
            await self.cards.posted(card, desk, channel_id, str(response["ts"]))
        except Exception:
            log.exception("card %s was posted but its ts could not be stored", card)

    async def _update_card(self, desk: str, part: SlackMessage) -> None:
        """Redraw a posted card (chat.update); wait, retrying, while it is not posted yet."""
        if self.cards is None or part.card is None:
            raise Permanent("card update without a card book")
        found = await self.cards.where(part.card, desk)
        if found is None:
            raise Transient(f"card {part.card} is not posted yet")
        channel_id, ts = found
        await self.client.chat_update(channel=channel_id, ts=ts, text=part.text, blocks=part.blocks)

    async def _bridge(self, desk: str, part: SlackMessage) -> None:
        """Fetch a file from its channel and upload it into the thread of its card."""
        assert part.bridged is not None
        assert part.card is not None
        fetcher = self.fetchers.get(part.bridged.channel)
        if fetcher is None or self.cards is None:
            raise Permanent(f"no way to fetch {part.bridged.channel} files here")
        found = await self.cards.where(part.card, desk)
        if found is None:
            raise Transient(f"card {part.card} is not posted yet")
        content = await fetcher.fetch(part.bridged.ref, MAX_BRIDGED)
        channel_id, ts = found
        name = part.bridged.name or bridged_name(part.bridged.kind, part.bridged.ref)
        await self.client.files_upload_v2(
            channel=channel_id, thread_ts=ts, file=content, filename=name, title=name
        )


def bridged_name(kind: str, ref: str) -> str:
    """A file name for a file sent without one (a photo, a voice note)."""
    extension = {"photo": "jpg", "voice": "ogg", "video": "mp4", "audio": "mp3"}.get(kind, "bin")
    return f"{kind}-{ref[-8:]}.{extension}"
