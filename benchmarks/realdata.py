"""Run asyncmetrics on the real public data in /work/shared/realdata and print what it finds.

    .venv/bin/python benchmarks/realdata.py [--realdata /work/shared/realdata]

Four datasets, one function each (formats and licences: the folder's README.md):

- dd2030_slack/: Slack Web API JSON, one file per channel name (read_slack_messages);
- houstondatavis_slack_export/: a Slack workspace export, as a folder and as a ZIP
  (read_slack_export);
- aidev_copilot_prs/: pull requests opened by the Copilot coding agent, as CSV tables, turned
  into the event table with events_from_frame;
- devlake_github_e2e/: GitHub REST JSON (read_github_pulls), compared with Apache DevLake's
  own extracted tables.

Uses the public API only. Exits 0 with "skipped: not found" when the folder is missing.
Results and their interpretation: docs/validation.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import zipfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

import polars as pl

import asyncmetrics as am

DEFAULT_REALDATA = Path("/work/shared/realdata")
REVIEW_KINDS = ["review_approved", "review_changes_requested", "review_commented"]
REPLY_KINDS = [*REVIEW_KINDS, "comment", "review_comment"]


# ---------------------------------------------------------------------------------------------
# Printing helpers


def header(title: str) -> None:
    print()
    print("=" * 100)
    print(title)
    print("=" * 100)


def line(label: str, value: object) -> None:
    print(f"  {label:<58} {value}")


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else f"{part}/0"


def duration(value: timedelta | None) -> str:
    """A duration as '2d 03h 15m' / '3h 15m' / '4m 10s', or 'n/a'."""
    if value is None:
        return "n/a"
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3_600)
    minutes, seconds = divmod(seconds, 60)
    if days:
        return f"{days}d {hours:02d}h {minutes:02d}m"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {seconds:02d}s"


def when(value: object) -> str:
    """A UTC time as '2019-08-20 09:19:55', or 'none'."""
    return "none" if value is None else f"{value:%Y-%m-%d %H:%M:%S}"


def counts(values: Counter, top: int | None = None) -> str:
    """'a: 3, b: 1', most frequent first (ties by name, so the output is stable)."""
    ordered = sorted(values.items(), key=lambda item: (-item[1], str(item[0])))[:top]
    return ", ".join(f"{key}: {n}" for key, n in ordered) or "none"


# ---------------------------------------------------------------------------------------------
# Shared summaries


def print_slack_loading(raw: list[dict], events: pl.DataFrame, duplicates: int) -> None:
    """Messages in the files vs loaded, what was dropped, bots, conversations."""
    raw_subtypes = Counter(m.get("subtype") or "(none)" for m in raw)
    kept_subtypes = Counter(s or "(none)" for s in events["subtype"].to_list())
    dropped = raw_subtypes - kept_subtypes
    dropped_subtypes = Counter({k: n for k, n in dropped.items() if k != "(none)"})
    line("messages in files", len(raw))
    line("messages loaded (events)", events.height)
    line("same ts twice in one file (one event kept)", duplicates)
    line("subtypes dropped", f"{sum(dropped_subtypes.values())} ({counts(dropped_subtypes)})")
    line(
        "subtypes kept", counts(Counter({k: n for k, n in kept_subtypes.items() if k != "(none)"}))
    )
    line("bot share of loaded messages", share(events["author_is_bot"].sum(), events.height))
    conversations = events.group_by("conversation_id").agg(
        pl.col("is_opener").any().alias("has_opener"),
        pl.col("attached_by").is_not_null().any().alias("has_attached"),
    )
    no_opener = conversations.filter(~pl.col("has_opener"))
    line("conversations", conversations.height)
    line(
        "  without an opener (parent outside the window, deleted...)",
        f"{no_opener.height}, of which {no_opener['has_attached'].sum()} hold attached replies",
    )


def print_attachment(events: pl.DataFrame) -> None:
    """How often the in-channel reply attachment fired, and on what share of top-level posts."""
    attached = events.filter(pl.col("attached_by").is_not_null())
    top_level = events.filter(pl.col("is_opener") | pl.col("attached_by").is_not_null())
    human_top = top_level.filter(~pl.col("author_is_bot"))
    line("top-level messages (human)", f"{top_level.height} ({human_top.height})")
    line(
        "attached to an earlier conversation",
        f"{share(attached.height, top_level.height)} of top-level, "
        f"{100 * attached.height / max(human_top.height, 1):.1f}% of human top-level",
    )
    for why, n in sorted(Counter(attached["attached_by"].to_list()).items()):
        line(f"  {why}", n)


def print_threads(threads: pl.DataFrame, weekly: pl.DataFrame, show_weeks: bool) -> None:
    """The request_threads / decision_throughput summary shared by every dataset."""
    requests = threads.filter("is_request")
    answered = requests.filter(pl.col("first_actionable_reply_at").is_not_null())
    business = answered["time_to_first_actionable_reply_business"]
    line("requests", f"{requests.height} of {threads.height} conversations")
    line("  top reasons", counts(Counter(requests["request_reason"].to_list()), top=4))
    line("  with a single turn (messages == 1)", (requests["messages"] == 1).sum())
    line("answered (an actionable reply)", share(answered.height, requests.height))
    line(
        "median time to first actionable reply, wall clock",
        duration(answered["time_to_first_actionable_reply"].median()),
    )
    line("median time to first actionable reply, business hours", duration(business.median()))
    line(
        "  answered with 0 business time (all outside hours)",
        share((business == timedelta(0)).sum(), answered.height),
    )
    line("converged", share(requests["converged"].sum(), requests.height))
    line("needs_sync (>= 3 round-trips)", requests["needs_sync"].sum())
    line(
        "decision_throughput(every='1w')",
        f"{weekly.height} weeks, {weekly['requests'].sum()} requests, "
        f"{weekly['decisions'].sum()} decisions",
    )
    line(
        "  weekly requests add up to the requests above",
        weekly["requests"].sum() == requests.height,
    )
    if not show_weeks:
        return
    print()
    print(
        f"  {'week (UTC)':<12}{'requests':>9}{'answered':>9}{'decided':>8}"
        f"{'ttfar median':>14}{'business':>10}{'needs_sync':>11}{'open':>6}"
    )
    for row in weekly.iter_rows(named=True):
        print(
            f"  {row['period_start']:%Y-%m-%d}  {row['requests']:>9}{row['answered']:>9}"
            f"{row['decisions']:>8}{duration(row['ttfar_median']):>14}"
            f"{duration(row['ttfar_business_median']):>10}"
            f"{row['needs_sync_share']:>11.2f}{row['open_requests']:>6}"
        )


def print_by_channel(threads: pl.DataFrame, top: int) -> None:
    """Requests, answered and converged shares of the busiest channels."""
    by_channel = (
        threads.filter("is_request")
        .group_by("channel")
        .agg(
            pl.len().alias("requests"),
            pl.col("first_actionable_reply_at").is_not_null().mean().alias("answered"),
            pl.col("converged").mean().alias("converged"),
            pl.col("time_to_first_actionable_reply").median().alias("ttfar"),
        )
        .sort("requests", "channel", descending=[True, False])
        .head(top)
    )
    print(f"  {'requests':>8}{'answered':>10}{'converged':>10}{'ttfar median':>14}  channel")
    for row in by_channel.iter_rows(named=True):
        print(
            f"  {row['requests']:>8}{row['answered']:>10.0%}{row['converged']:>10.0%}"
            f"{duration(row['ttfar']):>14}  {row['channel']}"
        )


# ---------------------------------------------------------------------------------------------
# 1. dd2030: Slack Web API JSON, one file per channel name


def dd2030_slack(folder: Path) -> None:
    header("1. dd2030 Slack (Web API JSON, one file per channel name) — read_slack_messages")
    config = am.Config(default_tz="Asia/Tokyo")  # no users.json: the whole team is in Japan
    frames, raw, failures, duplicates = [], [], [], 0
    files_of_ts: dict[str, set[str]] = {}
    files = sorted(folder.glob("*.json"))
    for file in files:
        messages = json.loads(file.read_text(encoding="utf-8"))
        raw.extend(messages)
        duplicates += len(messages) - len({m["ts"] for m in messages})
        for message in messages:
            files_of_ts.setdefault(message["ts"], set()).add(file.stem)
        try:
            frames.append(am.read_slack_messages(messages, channel=file.stem, config=config))
        except Exception as exc:  # report every failing file, not only the first
            failures.append(f"{file.name}: {exc}")
    line("files loaded without error", share(len(files) - len(failures), len(files)))
    for failure in failures:
        print(f"    FAILED {failure}")
    events = pl.concat(frames, how="vertical")
    print_slack_loading(raw, events, duplicates)
    in_several = [files for files in files_of_ts.values() if len(files) > 1]
    line(
        "messages in more than one file (channel renames)",
        f"{len(in_several)} ts, {sum(len(f) - 1 for f in in_several)} extra copies",
    )
    print()
    print_attachment(events)
    print()
    started = time.perf_counter()
    labelled = am.classify(events, config=config)
    threads = am.request_threads(labelled, config=config)
    weekly = am.decision_throughput(threads, every="1w")
    elapsed = time.perf_counter() - started
    line("classify + request_threads + decision_throughput took", f"{elapsed:.1f} s")
    print_threads(threads, weekly, show_weeks=True)
    print()
    print_by_channel(threads, top=10)


# ---------------------------------------------------------------------------------------------
# 2. Houston Data Vis: a Slack workspace export, as a folder and as a ZIP


def houston_export(folder: Path) -> None:
    header("2. Houston Data Vis Slack export — read_slack_export (folder and ZIP)")
    raw = [m for day in sorted(folder.glob("*/*.json")) for m in json.loads(day.read_text())]
    events = am.read_slack_export(folder)
    line("channels with messages", events["channel"].n_unique())
    print_slack_loading(raw, events, duplicates=0)
    with tempfile.TemporaryDirectory() as tmp:
        for layout, prefix in (("as Slack zips it", ""), ("wrapped in one folder", "export/")):
            archive = Path(tmp) / f"export-{len(prefix)}.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
                for file in sorted(folder.rglob("*")):
                    if file.is_file():
                        zf.write(file, prefix + file.relative_to(folder).as_posix())
            line(f"ZIP {layout}: identical events", am.read_slack_export(archive).equals(events))
    print()
    print_attachment(events)
    print()
    labelled = am.classify(events)
    threads = am.request_threads(labelled)
    weekly = am.decision_throughput(threads, every="1w")
    line("time zones (Slack users.json)", counts(Counter(events["author_tz"].to_list())))
    print_threads(threads, weekly, show_weeks=False)
    active = weekly.filter(pl.col("requests") > 0)
    line("weeks with at least one request", f"{active.height} of {weekly.height}")


# ---------------------------------------------------------------------------------------------
# 3. AIDev: Copilot pull requests as CSV tables, through events_from_frame


TIMELINE_KINDS = {
    "ready_for_review": "ready_for_review",
    "convert_to_draft": "converted_to_draft",
    "review_requested": "review_requested",
    "reopened": "reopened",
    "closed": "closed",
    "committed": "commit",
}


def aidev_events(folder: Path) -> tuple[pl.DataFrame, dict[str, object]]:
    """The four CSV tables as one long frame, then events_from_frame. Returns (events, notes)."""
    prs, reviews, comments, timeline = (
        pl.read_csv(folder / f"{name}.csv", infer_schema=False)
        for name in ("prs", "pr_reviews", "pr_comments", "pr_timelines")
    )
    notes = {
        "reviews without submitted_at (dropped)": reviews["submitted_at"].is_null().sum(),
        "rows of PRs missing from prs.csv (dropped)": sum(
            (~t["pr_id"].is_in(prs["id"].implode())).sum() for t in (reviews, comments, timeline)
        ),
        "timeline rows without a time (dropped)": counts(
            Counter(timeline.filter(pl.col("created_at").is_null())["event"].to_list())
        ),
        "PRs whose timeline stops at 30 events": (
            timeline["pr_id"].value_counts()["count"] == 30
        ).sum(),
    }
    # --- the few lines: one long frame (pr_id, kind, author, ts, text, key), then the event table
    none = pl.lit(None, pl.String)
    # fmt: off
    long = pl.concat([
        prs.select(pr_id="id", kind=pl.lit("pr_opened"), author="user", ts="created_at",
                   text=pl.format("{}\n\n{}", "title", pl.col("body").fill_null("")),
                   key=pl.lit("opened")),
        prs.filter(pl.col("merged_at").is_not_null())
           .select(pr_id="id", kind=pl.lit("merged"), author=pl.lit("unknown"), ts="merged_at",
                   text=none, key=pl.lit("merged")),
        reviews.select("pr_id", kind="review_" + pl.col("state").str.to_lowercase(), author="user",
                       ts="submitted_at", text="body", key="review/" + pl.col("id")),
        comments.select("pr_id", kind=pl.lit("comment"), author="user", ts="created_at",
                        text="body", key="comment/" + pl.col("id")),
        timeline.with_row_index().filter(pl.col("event").is_in(list(TIMELINE_KINDS)))
                .select("pr_id", kind=pl.col("event").replace_strict(TIMELINE_KINDS),
                        author="actor", ts="created_at", text="message",
                        key=pl.format("event/{}", "index")),
    ])
    # fmt: on
    repo = pl.col("repo_url").str.replace("https://api.github.com/repos/", "")
    ids = prs.select(pr_id="id", channel=repo, conversation_id=pl.format("{}#{}", repo, "number"))
    events = am.events_from_frame(
        long.join(ids, on="pr_id")
        .filter(pl.col("ts").is_not_null())
        .with_columns(
            source=pl.lit("github"),
            message_id=pl.format("{}:{}", "conversation_id", "key"),
            author_is_bot=(pl.col("author") == "Copilot") | pl.col("author").str.ends_with("[bot]"),
        )
    )
    # ------------------------------------------------------------------------------------------
    return events, notes


def aidev_copilot(folder: Path) -> None:
    header("3. AIDev Copilot PRs (CSV) — events_from_frame")
    events, notes = aidev_events(folder)
    for label, value in notes.items():
        line(label, value)
    line("events", f"{events.height} ({counts(Counter(events['kind'].to_list()))})")
    labelled = am.classify(events)
    threads = am.request_threads(labelled)
    weekly = am.decision_throughput(threads, every="1w")
    requests = threads.filter("is_request")
    print()
    line("PRs (conversations)", threads.height)
    line("  not requests", counts(Counter(threads.filter(~pl.col("is_request"))["request_reason"])))
    human_review = labelled.filter(pl.col("actionable") & pl.col("kind").is_in(REVIEW_KINDS))
    reviewed = requests["conversation_id"].is_in(human_review["conversation_id"].implode()).sum()
    line("requests with a human actionable review", share(reviewed, requests.height))
    ready = labelled.filter(pl.col("kind") == "ready_for_review")["conversation_id"].n_unique()
    line("PRs with a ready_for_review event (clock starts there)", ready)
    line("requests with round_trips > 0", (requests["round_trips"] > 0).sum())
    before = labelled.filter((pl.col("label") == "before_clock") & ~pl.col("author_is_bot"))
    line("human events before the clock (PR still a draft)", counts(Counter(before["kind"])))
    human_reviews = labelled.filter(
        pl.col("kind").is_in([*REVIEW_KINDS, "review_dismissed"])
        & (pl.col("role") == "responder")
        & (pl.col("ts") >= pl.col("requested_at"))
    )
    first_review = human_reviews.sort("ts", "message_id").group_by("conversation_id").first()
    line(
        "requests whose first human review was later DISMISSED",
        (first_review["kind"] == "review_dismissed").sum(),
    )
    print_threads(threads, weekly, show_weeks=False)
    print()
    # Naive "first reply by anyone else": no bot exclusion, every reply kind, after the clock.
    replies = labelled.filter(
        pl.col("kind").is_in(REPLY_KINDS)
        & (pl.col("author") != pl.col("requester"))
        & (pl.col("ts") >= pl.col("requested_at"))
        & pl.col("conversation_id").is_in(requests["conversation_id"].implode())
    )
    naive = replies.sort("ts", "message_id").group_by("conversation_id").first()
    naive_bots = naive.filter("author_is_bot")
    line("naive first reply (anyone but the requester, bots included)", naive.height)
    line("  ... by a bot", share(naive_bots.height, naive.height))
    line("  ... bot logins", counts(Counter(naive_bots["author"].to_list())))
    line(
        "first reply with bots excluded (request_threads)",
        requests["first_reply_at"].is_not_null().sum(),
    )


# ---------------------------------------------------------------------------------------------
# 4. DevLake e2e fixtures: GitHub REST JSON, and DevLake's own tables to compare with


DEVLAKE_PARAMS = '{"ConnectionId":1,"Name":"panjf2000/ants"}'
DEVLAKE_TIME = "%Y-%m-%dT%H:%M:%S%.f%:z"
PR_NUMBER = pl.col("conversation_id").str.extract(r"#(\d+)$").cast(pl.Int64)
DEVLAKE_TABLES = (
    "pull_requests",
    "pull_request_reviews",
    "pull_request_review_comments",
    "comments",
    "events",
)


def devlake_table(folder: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(folder / "raw_tables" / f"_raw_github_api_{name}.csv", infer_schema=False)


def devlake_raw(folder: Path, name: str) -> list[dict]:
    """Rows of one raw table as {input, data} dicts, for DevLake's own connection only: the
    fixtures hold a stray row or two of other connections, copies of connection 1's rows."""
    rows = devlake_table(folder, name).filter(pl.col("params") == DEVLAKE_PARAMS)
    return [
        {"input": json.loads(row["input"] or "null"), "data": json.loads(row["data"])}
        for row in rows.iter_rows(named=True)
    ]


def devlake_documents(folder: Path) -> tuple[list[dict], dict[str, str]]:
    """Per-PR documents in read_github_pulls' layout, from the raw REST responses."""
    pulls = {row["data"]["number"]: row["data"] for row in devlake_raw(folder, "pull_requests")}
    docs = {
        number: {
            "repository": "panjf2000/ants",
            "pull": pull,
            "reviews": [],
            "review_comments": [],
            "issue_comments": [],
            "timeline": [],
        }
        for number, pull in pulls.items()
    }
    reviews = devlake_raw(folder, "pull_request_reviews")  # input: {"Number": 41, ...}
    for row in reviews:
        docs[row["input"]["Number"]]["reviews"].append(row["data"])
    review_comments = devlake_raw(folder, "pull_request_review_comments")  # repo-wide listing
    for row in review_comments:
        number = int(row["data"]["pull_request_url"].rsplit("/", 1)[1])
        docs[number]["review_comments"].append(row["data"])
    comments = devlake_raw(folder, "comments")  # /issues/comments: issues and PRs
    on_prs = 0
    for row in comments:
        number = int(row["data"]["issue_url"].rsplit("/", 1)[1])
        if number in docs:
            docs[number]["issue_comments"].append(row["data"])
            on_prs += 1
    events = devlake_raw(folder, "events")  # /issues/events: the issue says if it is a PR
    pr_events = 0
    for row in events:
        issue = row["data"]["issue"]
        if "pull_request" in issue and issue["number"] in docs:
            docs[issue["number"]]["timeline"].append(row["data"])
            pr_events += 1
    review_ids = {row["data"]["id"] for row in reviews}
    orphans = sum(
        row["data"]["pull_request_review_id"] not in review_ids for row in review_comments
    )
    stray = sum(
        devlake_table(folder, name).filter(pl.col("params") != DEVLAKE_PARAMS).height
        for name in DEVLAKE_TABLES
    )
    notes = {
        "raw rows of other connections (copies, skipped)": str(stray),
        "pull requests": str(len(docs)),
        "reviews": str(len(reviews)),
        "review comments": str(len(review_comments)),
        "  ... whose review is not in the reviews table": str(orphans),
        "issue comments on PRs": f"{on_prs} of {len(comments)}",
        "issue events on PRs (used as timeline)": f"{pr_events} of {len(events)}",
    }
    return list(docs.values()), notes


def pr_states(events: pl.DataFrame) -> pl.DataFrame:
    """merged / closed / open per PR from our events (the last close or reopen decides)."""
    return (
        events.filter(pl.col("kind").is_in(["merged", "closed", "reopened"]))
        .sort("ts")
        .group_by("conversation_id")
        .agg(
            (pl.col("kind") == "merged").any().alias("merged"),
            pl.col("kind").filter(pl.col("kind") != "merged").last().alias("last"),
        )
        .select(
            "conversation_id",
            pl.when("merged")
            .then(pl.lit("MERGED"))
            .when(pl.col("last") == "closed")
            .then(pl.lit("CLOSED"))
            .otherwise(pl.lit("OPEN"))
            .alias("ours"),
        )
    )


def devlake_github(folder: Path) -> None:
    header("4. DevLake GitHub e2e fixtures (panjf2000/ants) — read_github_pulls vs DevLake")
    docs, notes = devlake_documents(folder)
    for label, value in notes.items():
        line(label, value)
    events = am.read_github_pulls(docs)
    line("events", f"{events.height} ({counts(Counter(events['kind'].to_list()))})")
    labelled = am.classify(events)
    threads = am.request_threads(labelled)
    snapshot = folder / "snapshot_tables"
    devlake_prs = pl.read_csv(snapshot / "pull_requests.csv", infer_schema=False).select(
        pl.format("panjf2000/ants#{}", "pull_request_key").alias("conversation_id"),
        pl.col("id").alias("pull_request_id"),
        "author_id",
        "author_name",
        pl.col("status").alias("devlake"),
    )

    print()
    print("  (a) PR counts: ours vs snapshot_tables/pull_requests.csv (status)")
    states = (
        threads.select("conversation_id")
        .join(pr_states(events), on="conversation_id", how="left")
        .with_columns(pl.col("ours").fill_null("OPEN"))
        .join(devlake_prs, on="conversation_id", how="full", coalesce=True)
    )
    for status in ("total", "MERGED", "CLOSED", "OPEN"):
        ours = states.height if status == "total" else (states["ours"] == status).sum()
        theirs = states.height if status == "total" else (states["devlake"] == status).sum()
        label = {"CLOSED": "closed unmerged"}.get(status, status.lower())
        line(
            f"  {label}: ours / DevLake",
            f"{ours} / {theirs}  {'agree' if ours == theirs else 'DIFFER'}",
        )
    differ = states.filter(pl.col("ours") != pl.col("devlake"))
    line("  PRs whose state differs", differ["conversation_id"].to_list() or "none")

    print()
    print("  (b) first review by someone other than the PR author")
    tool = pl.read_csv(snapshot / "_tool_github_pull_request_reviews.csv", infer_schema=False)
    tool_prs = pl.read_csv(snapshot / "_tool_github_pull_requests.csv", infer_schema=False)
    devlake_reviews = tool.join(
        tool_prs.select(
            pl.col("github_id").alias("pull_request_id"),
            pl.format("panjf2000/ants#{}", "number").alias("conversation_id"),
            pl.col("author_name").alias("pr_author"),
        ),
        on="pull_request_id",
    ).with_columns(pl.col("github_submit_at").str.to_datetime(DEVLAKE_TIME).alias("at"))
    by_others = devlake_reviews.filter(pl.col("author_username") != pl.col("pr_author"))
    devlake_first = (
        by_others.sort("at")
        .group_by("conversation_id")
        .agg(pl.col("at").first().alias("devlake_at"), pl.col("author_username").first())
    )
    # The same from DevLake's domain layer (pull_request_comments of type REVIEW).
    domain = (
        pl.read_csv(snapshot / "pull_request_review_comments.csv", infer_schema=False)
        .filter(pl.col("type") == "REVIEW")
        .join(devlake_prs, on="pull_request_id")
        .filter(pl.col("account_id") != pl.col("author_id"))
        .with_columns(pl.col("created_date").str.to_datetime(DEVLAKE_TIME).alias("at"))
        .group_by("conversation_id")
        .agg(pl.col("at").min().alias("domain_at"))
    )
    ours = (
        labelled.filter(pl.col("kind").is_in(REVIEW_KINDS) & (pl.col("role") == "responder"))
        .sort("ts", "message_id")
        .group_by("conversation_id")
        .agg(
            pl.col("ts").first().alias("ours_at"), pl.col("author").first(), pl.col("label").first()
        )
    )
    compared = (
        ours.join(devlake_first, on="conversation_id", how="full", coalesce=True)
        .join(domain, on="conversation_id", how="left")
        .sort(PR_NUMBER)
    )
    line(
        "PRs with a review in DevLake's reviews table",
        devlake_reviews["conversation_id"].n_unique(),
    )
    line("  ... reviewed by someone other than the author", devlake_first.height)
    line(
        "  ... tool table and domain table agree",
        (compared["devlake_at"] == compared["domain_at"]).all(),
    )
    earliest = devlake_reviews.sort("at").group_by("conversation_id").first()
    own_first = earliest.filter(pl.col("author_username") == pl.col("pr_author"))
    line(
        "  ... whose earliest review row is the author's own",
        own_first["conversation_id"].to_list() or "none",
    )
    line("PRs with a first review by a human responder (ours)", ours.height)
    agree = compared.filter(pl.col("ours_at") == pl.col("devlake_at"))
    disagree = compared.filter(pl.col("ours_at").ne_missing(pl.col("devlake_at")))
    line("first-review times agreeing exactly", agree.height)
    line("first-review times differing (or on one side only)", disagree.height)
    for row in agree.iter_rows(named=True):
        print(
            f"    = {row['conversation_id']:<20} {when(row['ours_at'])} "
            f"by {row['author']} (ours labelled {row['label']})"
        )
    for row in disagree.iter_rows(named=True):
        print(
            f"    ! {row['conversation_id']:<20} ours {when(row['ours_at'])} ({row['author']}) vs "
            f"DevLake {when(row['devlake_at'])} ({row['author_username']}): {review_cause(row)}"
        )

    print()
    print("  (c) DevLake's DORA pickup (first pull_request_comments row of any type by an account")
    print("      other than the author) vs our first reply / first actionable reply")
    devlake_pickup(folder, devlake_prs, threads, labelled)


def review_cause(row: dict) -> str:
    """Why our first review and DevLake's differ, from what each side saw."""
    if row["ours_at"] is None:
        login = row["author_username"] or ""
        if login.endswith("[bot]"):
            return "DevLake counts a bot's review; bots are never responders"
        return "DevLake counts a review we do not see as a human responder's review"
    if row["devlake_at"] is None:
        return "DevLake has no review by another account for this PR"
    return "different review picked (see the lists above)"


def devlake_pickup(
    folder: Path, devlake_prs: pl.DataFrame, threads: pl.DataFrame, labelled: pl.DataFrame
) -> None:
    snapshot = folder / "snapshot_tables"
    rows = pl.concat(
        [
            pl.read_csv(snapshot / name, infer_schema=False).select(
                "id", "pull_request_id", "account_id", "created_date", "type"
            )
            for name in ("pull_request_comments.csv", "pull_request_review_comments.csv")
        ]
    )
    pickup = (
        rows.join(devlake_prs, on="pull_request_id")
        .filter(pl.col("account_id") != pl.col("author_id"))
        .with_columns(
            pl.col("created_date").str.to_datetime(DEVLAKE_TIME).alias("at"),
            pl.col("id").str.extract(r":(\d+)$").alias("github_id"),
        )
        .sort("at", "id")
        .group_by("conversation_id")
        .agg(
            pl.col("at").first().alias("devlake_at"),
            pl.col("type").first(),
            pl.col("github_id").first(),
        )
    )
    ours = threads.filter("is_request").select(
        "conversation_id",
        "first_reply_at",
        "first_actionable_reply_at",
        "first_actionable_reply_by",
    )
    compared = ours.join(pickup, on="conversation_id", how="full", coalesce=True).filter(
        pl.col("first_reply_at").is_not_null() | pl.col("devlake_at").is_not_null()
    )
    # Our label of DevLake's pick: match on the GitHub id at the end of both ids.
    ours_of = labelled.with_columns(pl.col("message_id").str.extract(r"/(\d+)$").alias("github_id"))
    compared = compared.join(
        ours_of.select("conversation_id", "github_id", "author", "author_is_bot", "label"),
        on=["conversation_id", "github_id"],
        how="left",
    ).sort(PR_NUMBER)
    same_reply = compared.filter(pl.col("first_reply_at") == pl.col("devlake_at"))
    same_actionable = compared.filter(pl.col("first_actionable_reply_at") == pl.col("devlake_at"))
    line(
        "PRs with a DevLake pickup / with our first reply",
        f"{pickup.height} / {ours.filter(pl.col('first_reply_at').is_not_null()).height}",
    )
    line("DevLake pickup == our first reply", same_reply.height)
    line("DevLake pickup == our first actionable reply", same_actionable.height)
    for row in same_reply.iter_rows(named=True):
        print(
            f"    = {row['conversation_id']:<20} {when(row['devlake_at'])} "
            f"{row['type']} by {row['author']} (ours labelled {row['label']})"
        )
    differing = compared.filter(pl.col("first_reply_at").ne_missing(pl.col("devlake_at")))
    for row in differing.iter_rows(named=True):
        if row["author_is_bot"]:
            cause = f"DevLake's pick is by bot {row['author']}; bots are never responders"
        elif row["devlake_at"] is None:
            cause = "no comment by another account in DevLake's tables"
        else:
            cause = f"DevLake's pick ({row['author']}) is labelled {row['label']} by us"
        print(
            f"    ! {row['conversation_id']:<20} DevLake {row['type'] or '-'} "
            f"{when(row['devlake_at'])} vs our first reply {when(row['first_reply_at'])}: {cause}"
        )


# ---------------------------------------------------------------------------------------------


DATASETS = {
    "dd2030_slack": dd2030_slack,
    "houstondatavis_slack_export": houston_export,
    "aidev_copilot_prs": aidev_copilot,
    "devlake_github_e2e": devlake_github,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=DEFAULT_REALDATA)
    args = parser.parse_args(argv)
    if not args.realdata.is_dir():
        print(f"skipped: not found: {args.realdata}")
        return 0
    print(f"asyncmetrics {am.__version__}, polars {pl.__version__}, data: {args.realdata}")
    for name, run in DATASETS.items():
        if (args.realdata / name).is_dir():
            run(args.realdata / name)
        else:
            print(f"\n{name}: skipped: not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
