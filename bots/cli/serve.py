"""`4p1000 serve`: run the bots, the scheduler and a delivery worker until stopped."""

from __future__ import annotations

import typer

from bots.cli.common import fail, with_hub
from bots.parts import configured_parts, serve
from core.bootstrap import Hub


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        telegram: bool = typer.Option(False, "--telegram", help="The Telegram bot (inbound)."),
        slack: bool = typer.Option(False, "--slack", help="The Slack app (inbound)."),
        scheduler: bool = typer.Option(False, "--scheduler", help="The scheduler clock."),
        worker: bool = typer.Option(False, "--worker", help="A delivery worker (outbox)."),
    ) -> None:
        """Run the named parts (default: every configured part) until SIGTERM or SIGINT."""
        chosen = [
            name
            for name, on in (
                ("telegram", telegram),
                ("slack", slack),
                ("scheduler", scheduler),
                ("worker", worker),
            )
            if on
        ]

        async def work(hub: Hub) -> None:
            settings = hub.settings
            if "telegram" in chosen and not settings.telegram_enabled:
                fail("--telegram needs TELEGRAM_BOT_TOKEN", 2)
            if "slack" in chosen and not settings.slack_enabled:
                fail("--slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET", 2)
            if "worker" in chosen and not (settings.telegram_bot_token or settings.slack_bot_token):
                fail(
                    "--worker needs a channel to send to: TELEGRAM_BOT_TOKEN or SLACK_BOT_TOKEN", 2
                )
            await serve(hub, chosen or configured_parts(hub))

        with_hub(work)
