"""Run the over-rotation diagnostics on real team chat and print what they find, with examples.

    .venv/bin/python benchmarks/diagnostics_realdata.py [--realdata /work/shared/realdata]
        [--examples 4]

Two public Slack datasets (licences: the folder's README.md): dd2030 (Web API JSON, a
volunteer team in Japan) and Houston Data Vis (a workspace export with users' time zones).
Examples print the conversation id and the start of the messages involved, so each finding can
be checked by reading the conversation. Results and what reading them showed:
docs/validation.md, *Diagnostics on real data*. Exits 0 with "skipped" without the data.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path

import polars as pl

import asyncmetrics as am
from asyncmetrics.diagnostics import (
    after_hours_pings,
    ambiguous_deadlines,
    call_summary,
    doc_pointer_share,
    over_rotation_index,
    quality_by_score,
    quality_effect,
    repeated_questions,
    request_quality,
    status_summary,
    status_updates,
    sync_escalations,
    time_zone_tax,
)

DEFAULT_REALDATA = Path("/work/shared/realdata")
EXCERPT = 110


def excerpt(text: str | None) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def show(title: str, value: object) -> None:
    print(f"  {title:<58} {value}")


def dd2030(folder: Path) -> tuple[pl.DataFrame, am.Config]:
    config = am.Config(default_tz="Asia/Tokyo", min_group_size=1)
    frames = [
        am.read_slack_messages(
            json.loads(file.read_text(encoding="utf-8")), channel=file.stem, config=config
        )
        for file in sorted(folder.glob("*.json"))
    ]
    return pl.concat(frames, how="vertical"), config


def houston(folder: Path) -> tuple[pl.DataFrame, am.Config]:
    config = am.Config(min_group_size=1)
    return am.read_slack_export(folder, config=config), config


def run(name: str, events: pl.DataFrame, config: am.Config, examples: int) -> None:
    print(f"\n== {name}: {events.height} events, {events['channel'].n_unique()} channels")
    events = am.classify(events, config=config)
    text = dict(zip(events["message_id"], events["text"], strict=True))
    threads = am.request_threads(events, config=config)
    requests = threads.filter("is_request")
    show("requests", requests.height)

    print("\n 1. Calls")
    calls = sync_escalations(threads, events, config=config)
    for row in call_summary(calls, config=config).iter_rows(named=True):
        show(row["outcome"], row["requests"])
    show("needs_sync (3+ round-trips before a decision)", int(calls["needs_sync"].sum()))
    needs = calls.filter("needs_sync")
    show(
        "  of which escalated / organising a meeting / live chat (< 1 day)",
        f"{int(needs['escalated'].sum())} / {int(needs['scheduling'].sum())} / "
        f"{int((needs['back_and_forth'] < timedelta(days=1)).sum())}",
    )
    show("escalated to a call", int(calls["escalated"].sum()))
    reasons = calls.filter("escalated").group_by("escalation_reason").len().sort("len")
    show("escalation reasons", dict(reasons.reverse().iter_rows()))
    for label, rows in (
        ("escalated", calls.filter("escalated")),
        ("should have been a call", calls.filter("should_have_called")),
    ):
        for row in rows.head(examples).iter_rows(named=True):
            print(f"    [{label}] {row['conversation_id']} rt={row['round_trips']}")
            print(f"       opener:     {excerpt(text.get(row['conversation_id']))}")
            if row["escalation_id"]:
                print(f"       escalation: {excerpt(text.get(row['escalation_id']))}")
            if row["writeup_id"]:
                print(f"       write-up:   {excerpt(text.get(row['writeup_id']))}")

    print("\n 2. Self-contained requests")
    quality = request_quality(threads, events, config=config)
    chat = quality.filter(pl.col("source") == "slack")
    show("chat requests scored", chat.height)
    show(
        "per score 0..6",
        dict(chat.group_by("quality_score").len().sort("quality_score").iter_rows()),
    )
    elements = [c for c in chat.columns if c.startswith("has_")]
    show("elements present", {c[4:]: int(chat[c].sum()) for c in elements})
    show("self-contained (4+)", int(chat["self_contained"].sum()))
    for row in quality_effect(quality, config=config).iter_rows(named=True):
        numbers = {k: row[k] for k in ("low_n", "high_n", "low_value", "high_value")}
        interval = (row["difference"], row["ci_low"], row["ci_high"])
        print(f"    {row['measure']}: {numbers} difference, 95% CI: {interval}")
        print(f"      {row['verdict']}")
    by_score = quality_by_score(chat, config=config)
    print(by_score)
    for score in (0, 4, 5):
        for row in chat.filter(pl.col("quality_score") == score).head(2).iter_rows(named=True):
            flags = [c[4:] for c in elements if row[c]]
            print(f"    [score {score} {flags}] {row['conversation_id']}")
            print(f"       opener: {excerpt(text.get(row['conversation_id']))}")

    print("\n 3. Time-zone etiquette")
    pings = after_hours_pings(events, config=config)
    if pings.is_empty():
        show("pings", 0)
    else:
        show("pings (ping, recipient pairs)", pings.height)
        show("by kind", dict(pings.group_by("ping").len().sort("ping").iter_rows()))
        show("after the recipient's hours", f"{int(pings['after_hours'].sum())}")
        tax = time_zone_tax(pings, config=config)
        show("sender team -> recipient team: after-hours share", "")
        for row in tax.iter_rows(named=True):
            print(
                f"    {row['sender_team']} -> {row['recipient_team']}: {row['after_hours']}"
                f"/{row['pings']}"
            )
        late = pings.filter("after_hours").unique("message_id", keep="first", maintain_order=True)
        for row in late.head(examples).iter_rows(named=True):
            print(
                f"    [after hours] {row['message_id']} {row['ping']} -> recipient's "
                f"{row['recipient_local_time']}: {excerpt(text.get(row['message_id']))}"
            )
    deadlines = ambiguous_deadlines(threads, events, config=config)
    show("requests with a deadline but no time zone", deadlines.height)
    for row in deadlines.head(examples).iter_rows(named=True):
        print(f"    [deadline] {row['conversation_id']} “{row['deadline_phrase']}”")
        print(f"       opener:  {excerpt(text.get(row['conversation_id']))}")
        print(f"       rewrite: {row['rewrite']}")

    print("\n 4. Status updates")
    status = status_updates(events, config=config)
    show("status posts", status.height)
    if status.height:
        show(
            "channels",
            dict(status.group_by("channel").len().sort("len").reverse().head(5).iter_rows()),
        )
        show("good shape", int(status["good_shape"].sum()))
        show("blocked", int(status["blocked"].sum()))
        print(status_summary(status, config=config).head(12))
        for row in status.head(examples).iter_rows(named=True):
            print(
                f"    [status good={row['good_shape']} blocked={row['blocked']}] "
                f"{row['conversation_id']}: {excerpt(text.get(row['conversation_id']))}"
            )

    print("\n 5. Documentation as async")
    repeats = repeated_questions(threads, events, config=config)
    chat_requests = requests.filter(pl.col("source") == "slack").height
    show("chat requests in a cluster of 2+", f"{repeats.height} of {chat_requests}")
    sizes = repeats.group_by("cluster").len().sort("len", "cluster", descending=[True, False])
    show("clusters (largest sizes)", sizes["len"].head(10).to_list())
    for cluster in sizes["cluster"].head(examples).to_list():
        members = repeats.filter(pl.col("cluster") == cluster).head(3)
        print(f"    [cluster {cluster}]")
        for row in members.iter_rows(named=True):
            print(f"       {row['conversation_id']}: {excerpt(text.get(row['conversation_id']))}")
    print(doc_pointer_share(threads, events, config=config))

    print("\n 6. Over-rotation index (all teams together)")
    index = over_rotation_index(threads, events, config=config)
    with pl.Config(tbl_rows=30, tbl_cols=20, tbl_width_chars=200, float_precision=2):
        print(
            index.select(
                pl.col("period_start").dt.date().alias("week"),
                "requests",
                "long_messages",
                "decision_days_median",
                "needs_sync",
                "escalations",
                "long_and_slow",
                "decision_latency",
                "calls_not_made",
                "calls_not_needed",
                "index",
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=DEFAULT_REALDATA)
    parser.add_argument("--examples", type=int, default=4)
    args = parser.parse_args(argv)
    datasets = {
        "dd2030 Slack": (args.realdata / "dd2030_slack", dd2030),
        "Houston Data Vis Slack export": (args.realdata / "houstondatavis_slack_export", houston),
    }
    for name, (folder, read) in datasets.items():
        if not folder.is_dir():
            print(f"skipped: not found: {folder}")
            continue
        events, config = read(folder)
        run(name, events, config, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
