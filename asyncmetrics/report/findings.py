"""The report's over-rotation findings: each diagnostic as a few lines, a chart and a table.

Every line and table is about at least ``config.min_group_size`` people or says it is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import altair as alt
import polars as pl

from asyncmetrics import charts, diagnostics
from asyncmetrics.config import Config
from asyncmetrics.summary import format_value


@dataclass(frozen=True)
class Finding:
    """One diagnostic as the report shows it."""

    key: str
    title: str
    lines: list[str]
    chart: str | None = None
    table: dict[str, Any] | None = None
    note: str | None = None


@dataclass
class Findings:
    """The findings in report order, and the charts they show."""

    items: list[Finding] = field(default_factory=list)
    charts: dict[str, alt.TopLevelMixin] = field(default_factory=dict)


def diagnose(
    threads: pl.DataFrame,
    events: pl.DataFrame,
    people: pl.DataFrame,
    *,
    since: datetime,
    config: Config,
) -> Findings:
    """All over-rotation findings for requests made since ``since`` (events classified)."""
    found = Findings()
    _calls(found, threads, events, people, config)
    _quality(found, threads, events, people, config)
    _time_zones(found, threads, events, people, since, config)
    _status(found, events, people, since, config)
    _documentation(found, threads, events, config)
    _over_rotation(found, threads, events, people, config)
    return found


def _few(people: int, config: Config) -> bool:
    return 0 < people < config.min_group_size


def _hidden(config: Config) -> str:
    return f"Hidden: fewer than {config.min_group_size} people are involved."


def _people(frame: pl.DataFrame, *columns: str) -> int:
    if frame.is_empty():
        return 0
    values = [frame[c].explode() if frame[c].dtype == pl.List else frame[c] for c in columns]
    return pl.concat(values).drop_nulls().n_unique()


def _calls(
    found: Findings, threads: pl.DataFrame, events: pl.DataFrame, people: pl.DataFrame, config
) -> None:
    calls = diagnostics.sync_escalations(threads, events, people, config=config)
    summary = diagnostics.call_summary(calls, config=config)
    counts = {
        r["outcome"]: (None if r["suppressed"] else r["requests"])
        for r in summary.iter_rows(named=True)
    }
    escalated = calls.filter("escalated")

    def n(outcome: str) -> str:
        value = counts.get(outcome)
        return "a hidden number of" if value is None else str(value)

    lines = [
        f"{n('should have been a call')} requests went {config.needs_sync_round_trips} or more "
        "round-trips without converging and never moved to a call.",
        f"{escalated.height} requests moved to a call: {n('call, written up')} had the outcome "
        f"written down afterwards, {n('call, not written up')} did not.",
        f"{n('call not needed')} calls came on the first round-trip of a routine request, "
        "before anyone had asked a follow-up: one written answer would likely have done.",
    ]
    if _few(_people(calls, "participants"), config):
        lines = [_hidden(config)]
    found.charts["call_outcomes"] = charts.chart_call_outcomes(calls, config=config)
    found.items.append(
        Finding(
            "calls",
            "Calls that should have happened, and calls that did not need to",
            lines,
            chart="call_outcomes",
        )
    )


def _quality(
    found: Findings, threads: pl.DataFrame, events: pl.DataFrame, people: pl.DataFrame, config
) -> None:
    quality = diagnostics.request_quality(threads, events, people, config=config)
    chat = quality.filter(pl.col("source") != "github")
    if chat.is_empty():
        lines = ["No chat requests in the period."]
    elif _few(_people(chat, "participants"), config):
        lines = [_hidden(config)]
    else:
        missing = {
            "what is wrong": "has_problem",
            "how to reproduce": "has_steps",
            "where the data is": "has_data",
            "a hypothesis": "has_hypothesis",
            "a proposed fix": "has_proposal",
            "an explicit ask": "has_ask",
        }
        absent = sorted(missing, key=lambda name: chat[missing[name]].mean())
        lines = [
            f"{int(chat['self_contained'].sum())} of {chat.height} chat requests were "
            "self-contained (4 or more of the 6 elements of a good request). Most often "
            f"missing: {absent[0]} ({format_value(1 - chat[missing[absent[0]]].mean(), share=True)}"
            f" of requests lack it) and {absent[1]} "
            f"({format_value(1 - chat[missing[absent[1]]].mean(), share=True)}).",
            *diagnostics.quality_effect(quality, config=config)["verdict"].to_list(),
        ]
    found.charts["request_quality"] = charts.chart_request_quality(quality, config=config)
    found.items.append(
        Finding(
            "quality",
            "Self-contained requests",
            lines,
            chart="request_quality",
            note="A correlation on this team's data, not an effect: complete requests are often "
            "the harder ones.",
        )
    )


def _status(
    found: Findings, events: pl.DataFrame, people: pl.DataFrame, since: datetime, config
) -> None:
    status = diagnostics.status_updates(events, people, config=config).filter(pl.col("ts") >= since)
    if status.is_empty():
        found.items.append(
            Finding(
                "status",
                "Status updates",
                [
                    "No status posts in the period (standup channels and posts shaped as "
                    "status updates)."
                ],
            )
        )
        return
    if _few(status["author"].n_unique(), config):
        lines = [_hidden(config)]
    else:
        blocked = status.filter("blocked")
        waited = blocked["blocked_wait"].drop_nulls()
        lines = [
            f"{status.height} status posts by {status['author'].n_unique()} people; "
            f"{format_value(status['good_shape'].mean(), share=True)} have the playbook's shape "
            "(shipped, one thing in progress, blockers).",
            f"{blocked.height} posts named a blocker: {waited.len()} got an unblocking reply, "
            f"after {format_value(waited.median())} (median); "
            f"{blocked.height - waited.len()} are still waiting."
            if blocked.height
            else "No post named a blocker.",
        ]
    summary = diagnostics.status_summary(status, config=config)
    found.charts["status"] = charts.chart_status(summary, config=config)
    found.items.append(Finding("status", "Status updates", lines, chart="status"))


def _documentation(
    found: Findings, threads: pl.DataFrame, events: pl.DataFrame, config: Config
) -> None:
    repeats = diagnostics.repeated_questions(threads, events, config=config)
    share = diagnostics.doc_pointer_share(threads, events, config=config)
    shown = share.filter(~pl.col("suppressed"))
    if _few(repeats["requester"].n_unique(), config):
        lines = [_hidden(config)]
    else:
        lines = [
            f"{repeats.height} requests belong to {repeats['cluster'].n_unique()} questions "
            "asked again by someone else: candidates for a FAQ or a doc."
            if repeats.height
            else "No question was asked again by someone else."
        ]
    if shown.height and shown["answered"].sum():
        lines.append(
            f"{format_value(shown['doc_pointers'].sum() / shown['answered'].sum(), share=True)} "
            "of answered chat requests were answered with a link to documentation "
            f"({shown['doc_pointers'].sum()} of {shown['answered'].sum()})."
        )
    found.charts["repeated_questions"] = charts.chart_repeated_questions(
        repeats, share, config=config
    )
    found.items.append(
        Finding("documentation", "Documentation as async", lines, chart="repeated_questions")
    )


def _time_zones(
    found: Findings,
    threads: pl.DataFrame,
    events: pl.DataFrame,
    people: pl.DataFrame,
    since: datetime,
    config: Config,
) -> None:
    pings = diagnostics.after_hours_pings(events, people, config=config).filter(
        pl.col("ts") >= since
    )
    tax = diagnostics.time_zone_tax(pings, config=config)
    if pings.is_empty():
        lines = ["No pings (@mentions, @here, direct messages, review requests) in the period."]
    elif _few(_people(pings, "sender", "recipient"), config):
        lines = [_hidden(config)]
    else:
        late = int(pings["after_hours"].sum())
        lines = [
            f"{late} of {pings.height} pings ({format_value(late / pings.height, share=True)}) "
            "landed outside the recipient's working hours, in the recipient's own time zone."
        ]
        worst = tax.filter(~pl.col("suppressed") & (pl.col("pings") >= 5)).sort(
            "after_hours_share", "pings", descending=True
        )
        if worst.height:
            top = worst.row(0, named=True)
            lines.append(
                f"Who pays most: team {top['recipient_team']}, pinged by team "
                f"{top['sender_team']} after its hours "
                f"{format_value(top['after_hours_share'], share=True)} of the time "
                f"({top['after_hours']} of {top['pings']})."
            )
    found.charts["time_zone_tax"] = charts.chart_time_zone_tax(pings, config=config)
    found.items.append(
        Finding(
            "time_zones", "Time-zone etiquette: after-hours pings", lines, chart="time_zone_tax"
        )
    )

    deadlines = diagnostics.ambiguous_deadlines(threads, events, people, config=config)
    requesters = deadlines["requester"].n_unique()
    if deadlines.is_empty():
        lines, table = ["No request named a deadline without a time zone."], None
    elif _few(requesters, config):
        lines, table = [_hidden(config)], None
    else:
        lines = [
            f"{deadlines.height} requests from {requesters} people named a deadline without a "
            "time zone (“by EOD”, “tomorrow”, “by Friday”). Each reader reads it in their "
            "own zone; the rewrites below say which clock was meant."
        ]
        table = {
            "headers": ["requested", "channel", "conversation", "said", "say instead"],
            "rows": [
                {
                    "cells": [
                        r["requested_at"].strftime("%Y-%m-%d"),
                        r["channel"],
                        r["conversation_id"],
                        r["deadline_phrase"],
                        r["rewrite"],
                    ],
                    "hidden": False,
                }
                for r in deadlines.head(10).iter_rows(named=True)
            ],
        }
    found.items.append(
        Finding(
            "deadlines",
            "Time-zone etiquette: ambiguous deadlines",
            lines,
            table=table,
            note="The first 10 in time order." if deadlines.height > 10 and table else None,
        )
    )


def _over_rotation(
    found: Findings, threads: pl.DataFrame, events: pl.DataFrame, people: pl.DataFrame, config
) -> None:
    weekly = diagnostics.over_rotation_index(threads, events, people, config=config)
    shown = weekly.filter(~pl.col("suppressed")).with_columns(pl.col("team").fill_null("no team"))
    parts = ["index", *diagnostics.index.INDEX_PARTS]
    per_team = (
        shown.group_by("team")
        .agg(pl.len().alias("weeks"), *(pl.col(p).mean() for p in parts))
        .sort("index", descending=True, nulls_last=True)
    )
    hidden = int(weekly["suppressed"].sum())
    lines = [
        "The index is the mean of four parts, each from 0 (no over-rotation) to 1: long "
        "messages in threads that still took 2+ business days to decide, decision latency "
        "(median business days ÷ 5), needs-sync threads never moved to a call, and calls that "
        "were not needed. Below, each team's average over its weeks."
    ]
    if hidden:
        lines.append(
            f"{hidden} team-weeks about fewer than {config.min_group_size} people are hidden."
        )
    table = {
        "headers": [
            "team",
            "weeks",
            "index",
            "long and slow",
            "decision latency",
            "calls not made",
            "calls not needed",
        ],
        "rows": [
            {
                "cells": [
                    r["team"],
                    str(r["weeks"]),
                    *(format_value(r[p], share=True) for p in parts),
                ],
                "hidden": False,
            }
            for r in per_team.iter_rows(named=True)
        ],
    }
    found.charts["over_rotation"] = charts.chart_over_rotation(weekly, config=config)
    found.items.append(
        Finding(
            "over_rotation",
            "Over-rotation index",
            lines,
            chart="over_rotation",
            table=table if per_team.height else None,
        )
    )
