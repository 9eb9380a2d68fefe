"""Calls that should have happened, and calls that did not need to.

A request that goes three round-trips without a decision should have been a call; a call on
the first round-trip of a routine request is async giving up too early. Definitions:
``docs/metrics.md``, *Over-rotation diagnostics*, section 1.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.diagnostics._common import classified, phrase
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.privacy import suppress_small_groups

WRITEUP_MIN_WORDS = 25
ROUTINE_MAX_WORDS = 60
# Round-trips minutes apart are a live chat already; the playbook's cost is a day per trip.
SLOW_BACK_AND_FORTH = timedelta(days=1)


def sync_escalations(
    threads: Any, events: Any, people: Any | None = None, *, config: Config | None = None
) -> Any:
    """Per request: did it move to a call, after how many round-trips, was it written up?

    Args:
        threads: output of :func:`asyncmetrics.request_threads`.
        events: the event table (classified or not).
        people: optional people table.
        config: lexicons (``sync``, ``summary``) and thresholds.

    Returns:
        One row per request: ``conversation_id, channel, team, requester, requested_at,
        round_trips, needs_sync, converged, back_and_forth`` (from the request to its decision,
        or to its last turn), ``scheduling, escalated, escalation_id, escalated_at,
        escalation_reason, round_trips_at_escalation, written_up, writeup_id,
        should_have_called, needless_escalation, participants``.

    Examples:
        >>> from asyncmetrics import load, load_people, request_threads
        >>> from asyncmetrics.diagnostics import sync_escalations
        >>> events, people = load("sample"), load_people("sample")
        >>> calls = sync_escalations(request_threads(events, people), events, people)
        >>> bool((calls["should_have_called"] <= calls["needs_sync"]).all())
        True
    """
    backend = backend_of(threads)
    config = config or Config()
    df = classified(events, people, config).sort("conversation_id", "ts", "message_id")
    df = df.with_columns(pl.int_range(pl.len()).over("conversation_id").alias("_ord"))
    requests = to_polars(threads).filter(pl.col("is_request"))
    sync_phrase = phrase(pl.col("text").fill_null(""), config, "sync")
    past = phrase(pl.col("text").fill_null(""), config, "past_sync")
    moves = df.filter(~pl.col("is_opener")).with_columns(
        pl.when(pl.col("subtype") == "huddle_thread")
        .then(pl.lit("a huddle in the thread"))
        .when(sync_phrase.is_not_null() & past.is_null())
        .then(pl.format("“{}”", sync_phrase))
        .alias("_move")
    )
    escalations = (
        moves.filter(pl.col("_move").is_not_null())
        .group_by("conversation_id")
        .agg(
            pl.col("message_id").first().alias("escalation_id"),
            pl.col("ts").first().alias("escalated_at"),
            pl.col("_move").first().alias("escalation_reason"),
            pl.col("_ord").first().alias("_esc_ord"),
        )
    )
    # A conversation that sets out to hold a meeting answers itself with the meeting.
    meeting = phrase(pl.col("text").fill_null(""), config, "meeting")
    scheduling = df.filter(
        pl.col("is_opener") & (meeting.is_not_null() | sync_phrase.is_not_null())
    ).select("conversation_id", pl.lit(True).alias("scheduling"))
    escalations = escalations.join(scheduling, on="conversation_id", how="anti")
    df = df.join(escalations, on="conversation_id", how="left")
    before = df.filter(
        pl.col("is_turn") & pl.col("_esc_ord").is_not_null() & (pl.col("_ord") < pl.col("_esc_ord"))
    )
    at_escalation = before.group_by("conversation_id").agg(
        ((pl.col("role") == "requester") & (pl.col("role").shift(1) == "responder"))
        .sum()
        .alias("round_trips_at_escalation"),
        pl.col("followup").sum().alias("_followups_before"),
    )
    summary = phrase(pl.col("text").fill_null(""), config, "summary")
    decision = phrase(pl.col("text").fill_null(""), config, "decision")
    writeups = (
        df.filter(
            pl.col("is_turn")
            & (pl.col("_ord") > pl.col("_esc_ord"))
            & (
                summary.is_not_null()
                | ((pl.col("words") >= WRITEUP_MIN_WORDS) & decision.is_not_null())
            )
        )
        .group_by("conversation_id")
        .agg(pl.col("message_id").first().alias("writeup_id"))
    )
    last_turns = (
        df.filter(pl.col("is_turn"))
        .group_by("conversation_id")
        .agg(pl.col("ts").max().alias("_last_turn"))
    )
    out = (
        requests.select(
            "conversation_id",
            "channel",
            "team",
            "requester",
            "requested_at",
            "round_trips",
            "needs_sync",
            "converged",
            "request_words",
            "participants",
            "converged_at",
        )
        .join(last_turns, on="conversation_id", how="left")
        .join(escalations.drop("_esc_ord"), on="conversation_id", how="left")
        .join(at_escalation, on="conversation_id", how="left")
        .join(writeups, on="conversation_id", how="left")
        .join(scheduling, on="conversation_id", how="left")
        .with_columns(
            pl.col("scheduling").fill_null(False),
            pl.col("escalation_id").is_not_null().alias("escalated"),
            (
                pl.coalesce("converged_at", "_last_turn", "requested_at") - pl.col("requested_at")
            ).alias("back_and_forth"),
            pl.col("writeup_id").is_not_null().alias("written_up"),
            pl.when(pl.col("escalation_id").is_not_null())
            .then(pl.col("round_trips_at_escalation").fill_null(0))
            .alias("round_trips_at_escalation"),
        )
        .with_columns(
            (
                pl.col("needs_sync")
                & ~pl.col("escalated")
                & ~pl.col("scheduling")
                & (pl.col("back_and_forth") >= SLOW_BACK_AND_FORTH)
            ).alias("should_have_called"),
            (
                pl.col("escalated")
                & (pl.col("round_trips_at_escalation") == 0)
                & (pl.col("_followups_before").fill_null(0) == 0)
                & (pl.col("request_words") <= ROUTINE_MAX_WORDS)
            ).alias("needless_escalation"),
        )
        .select(CALL_COLUMNS)
        .sort("requested_at", "conversation_id")
    )
    return to_backend(out, backend)


CALL_COLUMNS = [
    "conversation_id",
    "channel",
    "team",
    "requester",
    "requested_at",
    "round_trips",
    "needs_sync",
    "converged",
    "back_and_forth",
    "scheduling",
    "escalated",
    "escalation_id",
    "escalated_at",
    "escalation_reason",
    "round_trips_at_escalation",
    "written_up",
    "writeup_id",
    "should_have_called",
    "needless_escalation",
    "participants",
]


def call_summary(calls: Any, *, config: Config | None = None) -> Any:
    """How many requests fell in each call outcome, with the people behind each count.

    Outcomes: ``should have been a call`` (3+ round-trips, never escalated), ``call, written
    up``, ``call, not written up``, ``call not needed`` (escalated on the first round-trip of a
    routine request). Counts about fewer than ``config.min_group_size`` people are suppressed.
    """
    backend = backend_of(calls)
    config = config or Config()
    df = to_polars(calls)
    outcomes = {
        "should have been a call": pl.col("should_have_called"),
        "call, written up": pl.col("escalated")
        & pl.col("written_up")
        & ~pl.col("needless_escalation"),
        "call, not written up": pl.col("escalated")
        & ~pl.col("written_up")
        & ~pl.col("needless_escalation"),
        "call not needed": pl.col("needless_escalation"),
    }
    rows = pl.concat(
        [
            df.filter(condition).select(
                pl.lit(name).alias("outcome"),
                pl.len().alias("requests"),
                pl.col("participants").explode().drop_nulls().n_unique().alias("people"),
            )
            for name, condition in outcomes.items()
        ]
    )
    out = suppress_small_groups(rows, "people", ["outcome"], config.min_group_size)
    return to_backend(out, backend)
