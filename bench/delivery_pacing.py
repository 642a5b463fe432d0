"""Paced sending: the rate the fake Bot API sees, against the configured limit.

Two workers (sharing the limit through the database) send to distinct chats at
TELEGRAM_RATE_LIMIT=RATE. Reported: the smallest and largest count in any WINDOW-second
window of the steady state, and the largest in any 1-second window, each as a ratio of the
limit. The issue asks for 60 s windows at 30/s; by default this runs 30/s with 10 s windows
for 40 s (shorter, and a stricter test: a short window shows more jitter); pass
`--window 60 --seconds 180` for the literal figure.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect

from delivery_common import FakeInProcess, scratch_sqlite

from bots.delivery.settings import DeliverySettings
from bots.delivery.worker import Worker
from bots.telegram.sender import TelegramSender, make_bot
from core.bootstrap import bootstrap
from tests.conftest import make_settings
from tests.e2e.delivery_support import seed_messages
from tests.fakes.telegram_api import TOKEN


def window_counts(times: list[float], width: float) -> list[int]:
    """Sends in [t, t + width) for every send time t (sliding, as the platform counts)."""
    return [bisect.bisect_left(times, t + width) - i for i, t in enumerate(times)]


async def main(url: str, rate: float, window: float, seconds: float) -> None:
    total = int(rate * seconds)
    await seed_messages(url, total)
    hub = bootstrap(make_settings(url))
    settings = DeliverySettings(_env_file=None, delivery_batch_size=max(10, int(rate)))  # type: ignore[call-arg]
    with FakeInProcess() as fake:
        workers = [
            Worker(
                hub,
                {"telegram": TelegramSender(make_bot(TOKEN, fake.base_url), settings, rate)},
                settings,
            )
            for _ in range(2)
        ]
        stop = asyncio.Event()
        tasks = [asyncio.create_task(w.run(stop)) for w in workers]
        while sum(w.stats.sent for w in workers) < total:
            await asyncio.sleep(0.2)
        stop.set()
        await asyncio.gather(*tasks)
        times = sorted(fake.arrivals())
    await hub.close()
    steady = [t for t in times if times[0] + 1 <= t <= times[-1] - window - 1]
    counts = window_counts(times, window)[: len(steady)] if steady else [0]
    per_second = window_counts(times, 1.0)
    print(f"paced sending, {total} messages, 2 workers, limit {rate:g}/s")
    print(
        f"  {window:g}s windows: min {min(counts) / (rate * window):.3f}, "
        f"max {max(counts) / (rate * window):.3f} of the limit (goal >= 0.95, <= 1.00)"
    )
    print(f"  any 1s window: max {max(per_second) / rate:.3f} of the limit (goal <= 1.00)")
    print(f"  overall: {(len(times) - 1) / (times[-1] - times[0]) / rate:.3f} of the limit")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=30)
    parser.add_argument("--window", type=float, default=10)
    parser.add_argument("--seconds", type=float, default=40)
    args = parser.parse_args()
    asyncio.run(main(scratch_sqlite(), args.rate, args.window, args.seconds))
