"""Choose the real conversations to label by hand, and write them where labellers read them.

    .venv/bin/python validation/build_samples.py [--realdata ../shared/realdata]

Writes (seeded, so the same data gives the same sample):

- ``validation/slack_threads.jsonl``: 150 conversations of the dd2030 Slack (CC BY 4.0), each
  with its Slack message objects as the API returned them (large attachment and block fields
  left out) and the conversation each message belongs to;
- ``validation/pull_requests.jsonl``: 100 pull requests: all 49 of the Apache DevLake GitHub
  fixtures (panjf2000/ants, Apache-2.0) and 51 of the AIDev Copilot PRs (CC BY 4.0), as event
  rows;
- ``validation/reading/*.md``: the same conversations laid out for reading (not kept in git).

The sample is chosen by a script; the labels are not: people read each conversation and write
``validation/labels/*.jsonl`` by following ``docs/labelling.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "benchmarks"))

from realdata import aidev_events, devlake_documents  # noqa: E402

import asyncmetrics as am  # noqa: E402

SEED = 20261127
SLACK_MULTI, SLACK_SINGLE, AIDEV_PRS = 115, 35, 51
# Held-out samples, each drawn before a round of rule changes and evaluated once, then read for
# the next round: (folder, seed, Slack conversations with replies, without, Copilot pull
# requests). See validation/README.md.
HOLDOUT_SEED = 20261128
HOLDOUT_MULTI, HOLDOUT_SINGLE, HOLDOUT_AIDEV = 45, 15, 40
LATER_SAMPLES = (
    ("holdout2", 20261129, 70, 10, 0),
    ("holdout3", 20261130, 90, 10, 0),
    ("holdout4", 20261131, 90, 10, 0),
    ("holdout5", 20261201, 135, 15, 60),
    ("holdout6", 20261202, 0, 0, 60),
    ("holdout7", 20261204, 135, 15, 0),
    ("holdout8", 20261205, 135, 15, 0),
)
# A second workspace, in English (Houston Data Vis, MIT licence), labelled once the rules were
# final: every conversation with replies, and singles.
HOUSTON_SEED = 20261203
HOUSTON_MULTI, HOUSTON_SINGLE = 84, 36
MAX_MESSAGES = 40
DROPPED_FIELDS = ("blocks", "attachments", "root", "bot_profile", "user_profile")


def draw(sizes: pl.DataFrame, rng: random.Random, multi_n: int, single_n: int) -> list[str]:
    """``multi_n`` conversations with replies (at most MAX_MESSAGES messages) and ``single_n``
    without, from ``sizes`` (``conversation_id``, ``messages``), in that order."""
    multi = sizes.filter((pl.col("messages") > 1) & (pl.col("messages") <= MAX_MESSAGES))
    single = sizes.filter(pl.col("messages") == 1)
    return rng.sample(multi["conversation_id"].to_list(), min(multi_n, multi.height)) + rng.sample(
        single["conversation_id"].to_list(), single_n
    )


def slack_sample(
    folder: Path, rng: random.Random, multi_n: int, single_n: int, exclude: set[str]
) -> list[dict]:
    raw: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*.json")):
        raw[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    events = pl.concat(
        [am.read_slack_messages(messages, channel=name) for name, messages in raw.items()]
    )
    # Renamed channels repeat messages in several files: keep each message once.
    events = events.unique("message_id", keep="first", maintain_order=True)
    human_channels = [
        c for c in events["channel"].unique().sort().to_list() if not c.endswith("_github")
    ]
    sizes = (
        events.filter(pl.col("channel").is_in(human_channels))
        .group_by("conversation_id", "channel")
        .agg(
            pl.len().alias("messages"),
            pl.col("is_opener").any().alias("has_opener"),
            pl.col("author_is_bot").filter(pl.col("is_opener")).any().alias("bot_opener"),
        )
        .filter(pl.col("has_opener") & ~pl.col("bot_opener").fill_null(False))
        .sort("conversation_id")
    )
    sizes = sizes.filter(~pl.col("conversation_id").is_in(list(exclude)))
    chosen = draw(sizes, rng, multi_n, single_n)
    by_ts = {(m["ts"], name): m for name, messages in raw.items() for m in messages}
    threads = []
    for cid in chosen:
        rows = events.filter(pl.col("conversation_id") == cid).sort("ts", "message_id")
        channel = rows["channel"][0]
        messages = []
        for row in rows.iter_rows(named=True):
            ts = row["message_id"].split(":", 1)[1]
            message = {k: v for k, v in by_ts[(ts, channel)].items() if k not in DROPPED_FIELDS}
            if "files" in message:
                message["files"] = [{"name": f.get("name")} for f in message["files"]]
            messages.append({"conversation_id": cid, "message": message})
        threads.append({"conversation_id": cid, "channel": channel, "messages": messages})
    return threads


def houston_sample(folder: Path, rng: random.Random, multi_n: int, single_n: int) -> list[dict]:
    """Conversations of the Houston Data Vis export (English, from before Slack had threads):
    as ``read_slack_export`` groups them, in-channel replies attached, keyed by channel name."""
    events = am.read_slack_export(folder)
    raw = {
        (path.parent.name, m["ts"]): m
        for path in sorted(folder.glob("*/*.json"))
        for m in json.loads(path.read_text(encoding="utf-8"))
        if "ts" in m
    }
    sizes = (
        events.group_by("conversation_id")
        .agg(pl.len().alias("messages"), pl.col("is_opener").any().alias("has_opener"))
        .filter("has_opener")
        .sort("conversation_id")
    )
    chosen = draw(sizes, rng, multi_n, single_n)
    threads = []
    for cid in chosen:
        rows = events.filter(pl.col("conversation_id") == cid).sort("ts", "message_id")
        channel = rows["channel"][0]
        opener = rows.filter("is_opener")["message_id"][0].split(":", 1)[1]
        key = f"{channel}:{opener}"
        messages = []
        for row in rows.iter_rows(named=True):
            ts = row["message_id"].split(":", 1)[1]
            message = {k: v for k, v in raw[(channel, ts)].items() if k not in DROPPED_FIELDS}
            if "file" in message:
                message["file"] = {"name": message["file"].get("name")}
            messages.append({"conversation_id": key, "message": message})
        threads.append({"conversation_id": key, "channel": channel, "messages": messages})
    return threads


def pr_sample(
    realdata: Path, rng: random.Random, aidev_n: int, exclude: set[str], devlake_too: bool
) -> list[dict]:
    docs, _ = devlake_documents(realdata / "devlake_github_e2e")
    devlake = am.read_github_pulls(docs)
    aidev, _ = aidev_events(realdata / "aidev_copilot_prs")
    human = (
        aidev.filter(
            ~pl.col("author_is_bot")
            & pl.col("kind").is_in(
                ["comment", "review_commented", "review_approved", "review_changes_requested"]
            )
        )["conversation_id"]
        .unique()
        .sort()
        .to_list()
    )
    human = [cid for cid in human if cid not in exclude]
    picked = set(rng.sample(human, aidev_n))
    columns = [
        "conversation_id",
        "channel",
        "message_id",
        "kind",
        "author",
        "author_is_bot",
        "ts",
        "text",
    ]
    out = []
    for dataset, events in (
        ("devlake", devlake if devlake_too else devlake.clear()),
        ("aidev", aidev.filter(pl.col("conversation_id").is_in(list(picked)))),
    ):
        for cid in events["conversation_id"].unique().sort().to_list():
            rows = events.filter(pl.col("conversation_id") == cid).sort("ts", "message_id")
            out.append(
                {
                    "conversation_id": cid,
                    "dataset": dataset,
                    "events": [
                        {**r, "ts": r["ts"].isoformat()}
                        for r in rows.select(columns).iter_rows(named=True)
                    ],
                }
            )
    return out


def reading(threads: list[dict], prs: list[dict], folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for start in range(0, len(threads), 25):
        lines = []
        for n, thread in enumerate(threads[start : start + 25], start=start + 1):
            lines.append(f"\n## S{n:03d} `{thread['conversation_id']}` #{thread['channel']}\n")
            for item in thread["messages"]:
                m = item["message"]
                when = datetime.fromtimestamp(float(m["ts"]), UTC).strftime("%m-%d %H:%M")
                who = m.get("user") or m.get("bot_id") or m.get("username")
                name = m.get("user_name") or m.get("username") or ""
                bot = " (bot)" if m.get("bot_id") or m.get("subtype") == "bot_message" else ""
                text = (m.get("text_readable") or m.get("text") or "").replace("\n", "\n    ")
                reactions = ", ".join(
                    f":{r['name']}: by {','.join(r.get('users', []))}"
                    for r in m.get("reactions", [])
                )
                lines.append(f"- `{m['ts']}` {when} **{who}** {name}{bot}: {text}")
                if m.get("files"):
                    lines.append(f"    [files: {', '.join(f['name'] or '?' for f in m['files'])}]")
                if reactions:
                    lines.append(f"    reactions: {reactions}")
        (folder / f"slack_{start + 1:03d}.md").write_text("\n".join(lines), encoding="utf-8")
    for start in range(0, len(prs), 25):
        lines = []
        for n, pr in enumerate(prs[start : start + 25], start=start + 1):
            lines.append(f"\n## P{n:03d} `{pr['conversation_id']}` ({pr['dataset']})\n")
            for e in pr["events"]:
                bot = " (bot)" if e["author_is_bot"] else ""
                text = (e["text"] or "").replace("\n", "\n    ")[:1500]
                key = e["message_id"].split(":", 1)[1]
                who = f"**{e['author']}**{bot}"
                lines.append(f"- `{key}` {e['ts'][:19]} {e['kind']} {who}: {text}")
        (folder / f"prs_{start + 1:03d}.md").write_text("\n".join(lines), encoding="utf-8")


def write(folder: Path, threads: list[dict], prs: list[dict]) -> None:
    folder.mkdir(exist_ok=True)
    with open(folder / "slack_threads.jsonl", "w", encoding="utf-8") as handle:
        for thread in threads:
            handle.write(json.dumps(thread, ensure_ascii=False, sort_keys=True) + "\n")
    with open(folder / "pull_requests.jsonl", "w", encoding="utf-8") as handle:
        for pr in prs:
            handle.write(json.dumps(pr, ensure_ascii=False, sort_keys=True) + "\n")
    reading(threads, prs, folder / "reading")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=HERE.parents[1] / "shared" / "realdata")
    args = parser.parse_args()
    rng = random.Random(SEED)
    threads = slack_sample(args.realdata / "dd2030_slack", rng, SLACK_MULTI, SLACK_SINGLE, set())
    prs = pr_sample(args.realdata, rng, AIDEV_PRS, set(), devlake_too=True)
    write(HERE, threads, prs)
    seen = {t["conversation_id"] for t in threads} | {p["conversation_id"] for p in prs}
    rng = random.Random(HOLDOUT_SEED)
    holdout_threads = slack_sample(
        args.realdata / "dd2030_slack", rng, HOLDOUT_MULTI, HOLDOUT_SINGLE, seen
    )
    holdout_prs = pr_sample(args.realdata, rng, HOLDOUT_AIDEV, seen, devlake_too=False)
    write(HERE / "holdout", holdout_threads, holdout_prs)
    seen |= {t["conversation_id"] for t in holdout_threads}
    seen |= {p["conversation_id"] for p in holdout_prs}
    sizes = []
    for folder, seed, multi_n, single_n, aidev_n in LATER_SAMPLES:
        rng = random.Random(seed)
        later_threads = (
            slack_sample(args.realdata / "dd2030_slack", rng, multi_n, single_n, seen)
            if multi_n or single_n
            else []
        )
        later_prs = (
            pr_sample(args.realdata, rng, aidev_n, seen, devlake_too=False) if aidev_n else []
        )
        write(HERE / folder, later_threads, later_prs)
        seen |= {item["conversation_id"] for item in later_threads + later_prs}
        sizes.append(f"{folder} {len(later_threads)} + {len(later_prs)}")
    rng = random.Random(HOUSTON_SEED)
    houston = houston_sample(
        args.realdata / "houstondatavis_slack_export", rng, HOUSTON_MULTI, HOUSTON_SINGLE
    )
    write(HERE / "houston", houston, [])
    sizes.append(f"houston {len(houston)}")
    print(
        f"{len(threads)} Slack conversations, {len(prs)} pull requests; held out: "
        f"{len(holdout_threads)} and {len(holdout_prs)}; later samples (Slack + pull requests): "
        + ", ".join(sizes)
    )


if __name__ == "__main__":
    main()
