"""Slack ack benchmark: how fast the running app answers Slack's HTTP requests under load.

    .venv/bin/python bench/slack_ack.py [--rate 100] [--seconds 15] [--database-url URL]

Starts `4p1000 serve --slack` as its own process (SQLite by default; PostgreSQL with
--database-url), a fake Slack Web API and a response_url sink on 127.0.0.1, seeds Secretariat
members and field reports, then sends signed requests at a steady `--rate` per second (open
loop: each at its planned instant, whatever the previous ones do): a mix of `/4p1000`
subcommands (help, queue, events, figures) and button presses (claim, approve, open a report).
Ack latency is the time from sending a request to its HTTP response; the lazy work (answers,
card redraws, chart uploads) continues after it and is counted separately.

Reference, measured in the same run: the machine's raw Bolt dispatch rate, a bare AsyncApp with
one ack-only listener dispatching signed requests in-process (no HTTP, no database).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from slack_bolt.async_app import AsyncApp  # noqa: E402
from slack_bolt.request.async_request import AsyncBoltRequest  # noqa: E402
from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402

from bench.databases import drop_database, fresh_database  # noqa: E402
from core.bootstrap import bootstrap  # noqa: E402
from core.config import Settings  # noqa: E402
from core.domain.people import Channel, Role  # noqa: E402
from core.domain.reports import ReportType  # noqa: E402
from core.services import people, reports  # noqa: E402
from tests.fakes.loopback import serve_on_loopback  # noqa: E402
from tests.fakes.slack_api import TOKEN, FakeSlack  # noqa: E402

SECRET = "bench-signing-secret"
MODERATORS = [f"UMOD{i}" for i in range(8)]
COMMANDS = ("help", "queue", "events", "queue news", "figures")


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


class Fake(FakeSlack):
    def _m_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        return {}

    async def _params(self, request: web.Request) -> dict[str, Any]:
        return {**dict(request.query), **await super()._params(request)}


async def seed(url: str, reports_count: int) -> list[int]:
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    hub = bootstrap(settings)
    async with hub.uow() as uow:
        for user in MODERATORS:
            person = await people.identify(Channel.SLACK, user, uow, display_name=user)
            await people.grant_role(person, Role.SECRETARIAT, uow)
        author = await people.identify(Channel.CONSOLE, "kofi", uow, display_name="Kofi")
        await people.grant_role(author, Role.SECRETARIAT, uow)
        actor = people.to_actor(author, Channel.CONSOLE, hub.defaults)
        ids = []
        for n in range(reports_count):
            content = reports.ReportContent(
                type=ReportType.NEWS, title=f"Cover crops trial {n}", text=f"Field day {n} " * 20
            )
            ids.append((await reports.submit_report(actor, content, uow, now=hub.now())).id)
        await uow.commit()
    await hub.close()
    return ids


def request_for(i: int, report_ids: list[int], sink: str) -> tuple[str, str]:
    """The i-th request of the mix: half slash commands, half button presses."""
    user = MODERATORS[i % len(MODERATORS)]
    if i % 2 == 0:
        form = {
            "command": "/4p1000",
            "text": COMMANDS[(i // 2) % len(COMMANDS)],
            "user_id": user,
            "user_name": user,
            "channel_id": "CBENCH",
            "team_id": "T1",
            "response_url": f"{sink}{i}",
            "trigger_id": f"t{i}",
        }
        return urlencode(form), "command"
    report = report_ids[(i // 2) % len(report_ids)]
    verb = ("claim", "open", "ok")[(i // 2) % 3]
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "team": {"id": "T1"},
        "trigger_id": f"t{i}",
        "container": {"type": "message", "message_ts": f"{i}.0", "channel_id": "CBENCH"},
        "channel": {"id": "CBENCH"},
        "message": {"ts": f"{i}.0", "blocks": []},
        "response_url": f"{sink}{i}",
        "actions": [
            {
                "action_id": "hub:0",
                "type": "button",
                "value": f"rmod:{verb}:{report}",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}), "click"


async def load(
    url: str,
    rate: float,
    seconds: float,
    report_ids: list[int],
    sink: str,
    *,
    first: int = 0,
    sent: dict[int, float] | None = None,
) -> dict[str, list[float]]:
    """Send `rate * seconds` requests numbered from `first`, each at its planned instant
    (noting in `sent` when each left)."""
    latencies: dict[str, list[float]] = {"command": [], "click": [], "failed": []}
    total = int(rate * seconds)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(i: int, at: float) -> None:
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            body, kind = request_for(i, report_ids, sink)
            headers = {"Content-Type": "application/x-www-form-urlencoded", **signed(body)}
            started = time.perf_counter()
            if sent is not None:
                sent[i] = started
            async with session.post(url, data=body.encode(), headers=headers) as response:
                await response.read()
                ok = response.status == 200
            latencies[kind if ok else "failed"].append(time.perf_counter() - started)

        start = time.perf_counter() + 0.2
        await asyncio.gather(*(one(first + i, start + i / rate) for i in range(total)))
    return latencies


async def raw_bolt_rate(base_url: str, count: int, *, inline: bool) -> float:
    """Requests per second through a bare AsyncApp with one ack-only listener, in-process.

    `inline` is Bolt's process_before_response (the hub's setting); without it Bolt runs the
    listener in a task and polls for its ack every 10 ms.
    """
    client = AsyncWebClient(token=TOKEN, base_url=base_url)
    app = AsyncApp(signing_secret=SECRET, client=client, process_before_response=inline)

    @app.command("/4p1000")
    async def ack_only(ack: Any) -> None:
        await ack()

    body = urlencode(
        {
            "command": "/4p1000",
            "text": "help",
            "user_id": "U1",
            "team_id": "T1",
            "channel_id": "C1",
            "response_url": "http://127.0.0.1:9/x",
            "trigger_id": "t",
        }
    )
    headers = {"content-type": "application/x-www-form-urlencoded", **signed(body)}
    for _ in range(50):  # warm up (and the one auth.test)
        await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
    started = time.perf_counter()
    for _ in range(count):
        response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        assert response.status == 200
    return count / (time.perf_counter() - started)


async def store_times(url: str, count: int) -> list[float]:
    """Seconds per durable store of a request (what an ack waits for), one at a time, alone."""
    try:
        from core.services import inbound_work
    except ImportError:  # a hub from before requests were stored
        return []
    hub = bootstrap(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    together = inbound_work.StoreTogether(hub.uow, "bench")
    payload = {"user": "UBENCH", "input": {"command": "help", "args": "", "forms": True}}
    times = []
    try:
        for n in range(count):
            started = time.perf_counter()
            await together.store(inbound_work.Request("bench", f"store:{n}", "command", payload))
            times.append(time.perf_counter() - started)
    finally:
        await hub.close()
    return times


def label_of(i: int) -> str:
    """What the i-th request of the mix asks (see `request_for`)."""
    if i % 2 == 0:
        return f"/4p1000 {COMMANDS[(i // 2) % len(COMMANDS)]}"
    return f"press {('claim', 'open', 'ok')[(i // 2) % 3]}"


async def service_times(
    url: str, report_ids: list[int], sink: str, answered: dict[str, float], each: int
) -> dict[str, list[float]]:
    """Seconds from sending one request to its first answer, one request at a time (the
    server otherwise idle), `each` times for every kind of the mix: what one answer costs."""
    times: dict[str, list[float]] = {}
    async with aiohttp.ClientSession() as session:
        i = 2 * 10**6
        while len(times) < len(COMMANDS) + 3 or min(map(len, times.values())) < each:
            label = label_of(i)
            if len(times.setdefault(label, [])) < each:
                body, _ = request_for(i, report_ids, sink)
                headers = {"Content-Type": "application/x-www-form-urlencoded", **signed(body)}
                started = time.perf_counter()
                async with session.post(url, data=body.encode(), headers=headers) as response:
                    await response.read()
                while str(i) not in answered and time.perf_counter() - started < 10:
                    await asyncio.sleep(0.0005)
                times[label].append(answered.get(str(i), time.perf_counter()) - started)
            i += 1
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def main(args: argparse.Namespace, workdir: Path, url: str) -> None:
    report_ids = await seed(url, 300)
    fake = Fake()
    api = await fake.start()
    answered: dict[str, float] = {}  # request number -> first answer's arrival

    async def sink_handler(request: web.Request) -> web.Response:
        await request.read()
        answered.setdefault(request.match_info["n"], time.perf_counter())
        return web.Response(text="ok")

    sink_app = web.Application()
    sink_app.router.add_post("/r/{n}", sink_handler)
    sink_runner, sink_port = await serve_on_loopback(sink_app)
    sink = f"http://127.0.0.1:{sink_port}/r/"
    port = args.port
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api,
        "SLACK_PORT": str(port),
        "LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "4p1000"), "serve", "--slack"],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        events = f"http://127.0.0.1:{port}/slack/events"
        async with aiohttp.ClientSession() as session:
            for _ in range(1200):  # up to a minute: a loaded machine starts slowly
                try:
                    async with session.get(f"http://127.0.0.1:{port}/health") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    if server.poll() is not None:
                        raise SystemExit("serve --slack stopped before listening") from None
                    await asyncio.sleep(0.05)
        await load(events, 20, 2, report_ids, sink, first=10**6)  # warm-up (other numbers)
        answered.clear()
        sent_at = time.perf_counter()
        sent: dict[int, float] = {}  # request number -> when it was sent
        latencies = await load(events, args.rate, args.seconds, report_ids, sink, sent=sent)
        total = len(latencies["command"]) + len(latencies["click"])
        for _ in range(1200):  # the lazy work finishes after the acks: wait for it (up to 2 min)
            if len(answered) >= total:
                break
            await asyncio.sleep(0.1)
        alone = await service_times(events, report_ids, sink, answered, 8)
        raw = await raw_bolt_rate(api, 5000, inline=True)
        polled = await raw_bolt_rate(api, 300, inline=False)
    finally:
        server.terminate()
        try:
            _, errors = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
        await sink_runner.cleanup()
        await fake.stop()
    stores = await store_times(url, 300)  # the server is stopped: the database is quiet
    every = latencies["command"] + latencies["click"]
    p99 = pct(every, 0.99)
    print(
        f"load: {args.rate:g} requests/s for {args.seconds:g}s "
        f"({len(every)} acked, {len(latencies['failed'])} failed), half commands, half clicks"
    )
    for kind in ("command", "click"):
        values = latencies[kind]
        print(
            f"  {kind:8} ack p50 {pct(values, 0.5) * 1000:6.1f} ms"
            f"  p99 {pct(values, 0.99) * 1000:6.1f} ms  max {max(values) * 1000:6.1f} ms"
        )
    print(
        f"  all      ack p50 {pct(every, 0.5) * 1000:6.1f} ms  p99 {p99 * 1000:6.1f} ms "
        f"(mean {statistics.mean(every) * 1000:.1f} ms)"
    )
    first_sent = min(sent.values(), default=sent_at)
    loaded = {n: at for n, at in answered.items() if int(n) in sent}  # not the alone ones
    last = max(loaded.values(), default=first_sent) - first_sent
    missing = sorted(set(range(len(every))) - {int(n) for n in answered if int(n) < len(every)})
    done = len(every) - len(missing)
    # Rates over each one's own span (first to last), so that both count the same way.
    request_rate = (len(sent) - 1) / max(max(sent.values(), default=0) - first_sent, 1e-9)
    times = sorted(loaded.values())
    answer_rate = (len(times) - 1) / max(times[-1] - times[0], 1e-9) if len(times) > 1 else 0.0
    print(
        f"  lazy work: {done} of {len(every)} requests answered through response_url, "
        f"the last {last:.2f}s after the first request was sent"
    )
    print(
        f"  rates, first to last of each: requests sent {request_rate:.1f}/s, "
        f"answers {answer_rate:.1f}/s"
    )
    waits = [at - sent[int(n)] for n, at in loaded.items()]
    answer_p99 = pct(waits, 0.99)
    print(
        f"  answers  (request sent -> first response_url post) p50 {pct(waits, 0.5) * 1000:6.0f} ms"
        f"  p99 {answer_p99 * 1000:6.0f} ms  max {max(waits, default=0) * 1000:6.0f} ms"
    )
    print("  one request alone, sent -> first answer (p50 of 8 each, server otherwise idle):")
    for label, values in alone.items():
        print(f"    {label:20} {pct(values, 0.5) * 1000:6.1f} ms")
    mix = statistics.mean(statistics.median(values) for values in alone.values())
    print(f"    mean over the mix    {mix * 1000:6.1f} ms = {1 / mix:.0f} answers/s one at a time")
    print(
        f"reference: raw Bolt dispatch (bare AsyncApp, ack-only, in-process, one at a time): "
        f"{raw:,.0f} requests/s = {1000 / raw:.2f} ms per request"
    )
    print(
        f"  (Bolt's default, ack polled every 10 ms: {polled:,.0f} requests/s = "
        f"{1000 / polled:.2f} ms per request)"
    )
    if stores:
        print(
            f"  one stored request alone (the ack's database write): "
            f"p50 {pct(stores, 0.5) * 1000:.2f} ms  p99 {pct(stores, 0.99) * 1000:.2f} ms"
        )
    print("ratios:")
    print(
        f"  ack p99 / 100 ms goal        = {p99 / 0.100:.2f}"
        f"  ({'met' if p99 < 0.100 else 'MISSED'})"
    )
    print(
        f"  answer p99 / 1 s goal        = {answer_p99 / 1.0:.2f}"
        f"  ({'met' if answer_p99 <= 1.0 else 'MISSED'})"
    )
    print(f"  answers/s / requests/s       = {answer_rate / request_rate:.2f}")
    print(f"  one-at-a-time answers/s / offered rate = {1 / mix / args.rate:.2f}")
    print(f"  ack p99 / Slack's 3 s budget = {p99 / 3.0:.3f}")
    print(f"  ack p50 / raw Bolt dispatch  = {pct(every, 0.5) * raw:.1f}x (HTTP, loopback, load)")
    print(f"  ack p99 / raw Bolt dispatch  = {p99 * raw:.1f}x")
    if stores:
        print(f"  stored request p50 / raw Bolt dispatch = {pct(stores, 0.5) * raw:.1f}x")
    print(f"  offered rate / raw Bolt rate = {args.rate / raw:.3f} of one core's Bolt capacity")
    if missing:
        kinds = [request_for(i, report_ids, sink)[0][:120] for i in missing[:3]]
        print(f"  unanswered: {len(missing)}, e.g. #{missing[:3]}: {kinds}")
    if errors.strip():
        print(
            "server stderr (last lines):\n"
            + "\n".join(errors.decode(errors="replace").splitlines()[-5:])
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server: a fresh database is made on it"
    )
    parser.add_argument("--port", type=int, default=38123)
    parsed = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="slack-bench-"))
    # A fresh database per run (before the event loop: migrations run their own).
    database, name = fresh_database(parsed.database_url or None, folder, "slack")
    try:
        asyncio.run(main(parsed, folder, database))
    finally:
        if name is not None:
            drop_database(parsed.database_url, name)
