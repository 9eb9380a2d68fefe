"""Sync a generated Slack workspace from the fake Slack API and print what it costs.

    .venv/bin/python benchmarks/sync_slack.py [--messages 24000] [--channels 6] [--seed 7]

A full sync, then an incremental re-sync after a day of activity (new messages, late
replies to older threads, an edit, a deletion). Prints requests per 1,000 messages and
messages per second for each. The fake runs in this process over real HTTP on 127.0.0.1,
so the times include both ends; a real workspace adds Slack's latency and its rate limits
(Tier 3: about 50 history or replies requests a minute).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fakes.slack_api import TOKEN, FakeSlack

from asyncmetrics import load
from asyncmetrics.export.slack import sync_slack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=24_000)
    parser.add_argument("--channels", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with FakeSlack.generated(args.channels, args.messages, seed=args.seed) as fake:
        names = [c.name for c in fake.channels.values()]
        total = sum(len(m) for m in fake.messages.values())
        print(
            f"workspace: {total} messages in {len(names)} channels, "
            f"{fake.thread_count()} threads, 90 days"
        )
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "store"
            run(fake, store, names, "full sync", total)
            changed = a_day_of_activity(fake, names)
            run(fake, store, names, "re-sync after a day", total, changed)
            started = time.perf_counter()
            events = load(store)
            print(f"load(store): {events.height} events in {time.perf_counter() - started:.2f} s")


def run(
    fake: FakeSlack,
    store: Path,
    names: list[str],
    label: str,
    total: int,
    changed: int | None = None,
) -> None:
    before = len(fake.requests)
    started = time.perf_counter()
    report = sync_slack(
        store, names, since=None, token=TOKEN, api_url=fake.url + "/api/", progress=False
    )
    seconds = time.perf_counter() - started
    requests = len(fake.requests) - before
    fetched = sum(c.fetched for c in report.channels)
    threads = sum(c.threads_fetched for c in report.channels)
    print(
        f"{label}: {requests} requests ({threads} threads) in {seconds:.1f} s; "
        f"{fetched} messages fetched, {fetched / seconds:,.0f} messages/s; "
        f"{1000 * requests / total:.1f} requests per 1,000 messages in the workspace"
        + (f", {changed} messages changed" if changed is not None else "")
    )


def a_day_of_activity(fake: FakeSlack, names: list[str]) -> int:
    """New messages and replies (some to threads 1-3 weeks old), an edit, a deletion."""
    changed = 0
    for name in names:
        cid = fake.channel_id(name)
        newest = max(fake.messages[cid], key=float)
        parents = sorted(
            {m["thread_ts"] for m in fake.messages[cid].values() if "thread_ts" in m}, key=float
        )
        older = [
            p
            for p in parents
            if float(newest) - 21 * 86_400 < float(p) < float(newest) - 7 * 86_400
        ]
        for i in range(20):
            fake.post(name, f"new message {i}", user="U002")
        for parent in older[:5]:
            fake.post(name, "a late reply", thread_ts=parent, user="U003")
        fake.edit(name, parents[-1], "edited")
        lonely = [
            ts
            for ts, m in fake.messages[cid].items()
            if "thread_ts" not in m and ts not in parents and float(ts) > float(newest) - 86_400 * 5
        ]
        if lonely:
            fake.delete(name, lonely[0])
        changed += 20 + len(older[:5]) + 1 + bool(lonely)
    fake._clock += timedelta(days=1)
    return changed


if __name__ == "__main__":
    main()
