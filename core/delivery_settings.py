"""Delivery tuning from the environment (or `.env`), loaded once per process by core.bootstrap."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class DeliverySettings(BaseSettings):
    """Every value has a sensible default; rates are messages per second unless named."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    telegram_chat_rate: float = 1.0  # per private chat
    telegram_group_rate_per_minute: float = 20.0  # per group or channel chat
    slack_rate_limit: float = 0.0  # whole workspace; 0: only the per-channel limit
    slack_channel_rate: float = 1.0  # per channel or DM
    # Slots are planned at this fraction of each limit, so that jitter between the moment a
    # worker sends and the moment the platform counts it never tips a window over the limit:
    # at 0.9, a window of one second at 25/s holds 25 sends even if one of them reaches the
    # platform 100 ms late (0.97 left 30 ms, and a loaded machine went over it).
    delivery_pacing_headroom: float = 0.9
    # A slot is never earlier than this many seconds after its reservation. 0: a free bucket's
    # slot is now, and the answer leaves as soon as the reservation is committed (the few
    # milliseconds of the commit are within the headroom above); a lead of 0.05 added 48 ms to
    # every answer of a quiet bot. Queued slots keep the limit's spacing either way.
    delivery_pacing_lead: float = 0.0
    # A send that would leave later than this after its slot (the process was stalled) takes a
    # new slot instead, so that late sends never bunch up with on-time ones.
    delivery_pacing_tolerance: float = 0.01
    delivery_batch_size: int = 50
    delivery_concurrency: int = 8
    delivery_lease_seconds: float = 120.0
    # Workers wake when a row is queued (and on PostgreSQL through LISTEN/NOTIFY): polling
    # is only the fallback.
    delivery_poll_seconds: float = 5.0
    # Bulk (digests, announcements) reserves send slots at most this far ahead (after the
    # pacing lead), so a reply queued during a broadcast waits at most about this long behind
    # bulk's bookings. Measured (bench/reply_latency.py --case broadcast, SQLite, 30/s): at
    # 0.5 a reply's slot came up to 290 ms after its claim (p99 4.3x the empty queue); at
    # 0.05 bulk booked two slots ahead (p99 1.6-2.5x); at 0.02 it books one (p99 0.9-1.4x,
    # SQLite and PostgreSQL) and still sends at the same rate (bench/delivery_pacing.py).
    delivery_bulk_horizon: float = 0.02
    # A reply is left this long to the process that received what it answers, then any
    # worker takes it.
    delivery_reply_grace: float = 0.5
    delivery_max_attempts: int = 6
    delivery_backoff_base: float = 2.0  # first retry after ~this many seconds, then doubling
    delivery_backoff_max: float = 900.0
    delivery_send_timeout: float = 10.0
    scheduler_tick_seconds: float = 10.0
    scheduler_lease_seconds: float = 60.0

    def interval(self, per_second: float) -> float:
        """Seconds between two planned sends for a rate (0: unlimited)."""
        if per_second <= 0:
            return 0.0
        return 1.0 / (per_second * self.delivery_pacing_headroom)


def load_delivery_settings(**overrides: object) -> DeliverySettings:
    return DeliverySettings(**overrides)  # type: ignore[arg-type]
