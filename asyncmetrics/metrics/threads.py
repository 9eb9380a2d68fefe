"""Per-conversation metrics: one row per conversation, requests and non-requests alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from asyncmetrics.classify import CLASSIFIED_COLUMNS, classify
from asyncmetrics.classify.rows import (
    KEY,
    Conversations,
    conversation_start,
    on_rows,
    previous,
)
from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.metrics.business_time import business_duration
from asyncmetrics.people import people_table
from asyncmetrics.schema import conform_events, sort_events

_BIG = 2**62


def request_threads(
    events: Any,
    people: Any | None = None,
    *,
    config: Config | None = None,
    as_of: datetime | None = None,
) -> Any:
    """One row per conversation with its decision-throughput metrics.

    Every conversation stays in the table, including requests nobody answered or decided:
    their durations are null (censored) and ``observed_for`` says how long they were
    watched. Definitions: ``docs/metrics.md``.

    Args:
        events: the event table, classified or not (pandas or polars).
        people: optional people table: time zones, working hours, bots, deciders.
        config: rules and thresholds.
        as_of: end of observation: events after it are ignored, as if not yet seen
            (default: the last event's time).

    Returns:
        A frame of the same kind as ``events``, sorted by ``requested_at``.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import events_from_frame, request_threads
        >>> events = events_from_frame(pl.DataFrame({
        ...     "source": "slack", "channel": "eng", "conversation_id": "c1",
        ...     "author": ["ana", "bo", "ana"],
        ...     "ts": ["2026-07-01T09:00:00Z", "2026-07-01T09:20:00Z", "2026-07-01T09:30:00Z"],
        ...     "text": ["Which flag disables the cache?", "Use `--no-cache`.",
        ...              "Thanks, that worked!"],
        ... }))
        >>> row = request_threads(events).row(0, named=True)
        >>> row["is_request"], str(row["time_to_first_actionable_reply"]), row["round_trips"]
        (True, '0:20:00', 0)
    """
    backend = backend_of(events)
    config = config or Config()
    df = conform_events(to_polars(events))
    if as_of is not None:
        # What was known at as_of: later events are dropped and labels recomputed without them.
        df = df.filter(pl.col("ts") <= as_of).drop(CLASSIFIED_COLUMNS, strict=False)
    if not set(CLASSIFIED_COLUMNS) <= set(df.columns):
        df = classify(df, config=config, people=people)
    roster = people_table(df, people, config)
    end = pl.lit(as_of if as_of else df["ts"].max(), dtype=pl.Datetime("us", "UTC"))
    threads = _per_conversation(df, config).with_columns(end.alias("observed_until"))
    threads = _with_durations(threads, roster)
    return to_backend(threads.sort("requested_at", "conversation_id", nulls_last=True), backend)


# The event columns the per-conversation metrics read.
_READ = [
    "conversation_id",
    "source",
    "channel",
    "message_id",
    "author",
    "ts",
    "is_opener",
    "requester",
    "requested_at",
    "role",
    "is_turn",
    "label",
    "label_reason",
    "actionable",
    "followup",
    "words",
    "converges",
    "converges_reason",
    "converges_at",
]


def _per_conversation(df: pl.DataFrame, config: Config) -> pl.DataFrame:
    # Each conversation's rows together, in time order: per-conversation values are
    # group-bys over sorted slices, "the turn before" is the row before.
    df = sort_events(df.drop("_conv", "_ord", strict=False)).rechunk()
    conversations = Conversations(df["conversation_id"])
    laid = conversations.lay_out(df.select(_READ)).with_columns(
        _position_in_conversation().alias("_ord")
    )
    # The decision: the earliest converging event. Turns before it count as round-trips and
    # follow-ups; turns up to and including it count as the thread's length. A reaction on
    # a reply includes that reply; one on the request itself covers the whole thread.
    decisions = (
        laid.filter(pl.col("converges") & (pl.col("converges_at") >= pl.col("requested_at")))
        .sort(KEY, "converges_at", "_ord")
        .group_by(KEY, maintain_order=True)
        .first()
        .select(
            KEY,
            pl.col("message_id").alias("convergence_id"),
            pl.col("converges_at").alias("converged_at"),
            pl.col("converges_reason").alias("convergence_reason"),
            pl.when(pl.col("converges_reason").str.starts_with("reaction") & pl.col("is_opener"))
            .then(pl.lit(_BIG))
            .when(pl.col("converges_reason").str.starts_with("reaction"))
            .then(pl.col("_ord") + 1)
            .otherwise(pl.col("_ord"))
            .alias("_before"),
            pl.when(pl.col("converges_reason").str.starts_with("reaction") & pl.col("is_opener"))
            .then(pl.lit(_BIG))
            .otherwise(pl.col("_ord") + 1)
            .alias("_through"),
        )
    )
    decided = conversations.per_conversation(decisions, pl.all().first())
    laid = laid.with_columns(decided.select(pl.all().gather(laid[KEY])).get_columns()).with_columns(
        pl.col("_before").fill_null(_BIG), pl.col("_through").fill_null(_BIG)
    )
    opener = pl.col("is_opener")
    after_clock = pl.col("ts") >= pl.col("requested_at")
    responder_turn = pl.col("is_turn") & (pl.col("role") == "responder") & after_clock
    actionable = responder_turn & pl.col("actionable")
    before_decision = pl.col("_ord") < pl.col("_before")
    turns_before = laid.filter(pl.col("is_turn") & (opener | after_clock) & before_decision)
    trips = conversations.per_conversation(
        turns_before.with_columns(
            ((pl.col("role") == "requester") & (previous(pl.col("role")) == "responder")).alias(
                "_trip"
            )
        ),
        pl.col("_trip").sum().alias("round_trips"),
    )
    threads = laid.group_by(KEY, maintain_order=True).agg(
        pl.col("conversation_id").first(),
        pl.col("source").first(),
        pl.col("channel").first(),
        pl.col("requester").first(),
        pl.col("requested_at").first(),
        opener.any().alias("has_opener"),
        (pl.col("label").filter(opener) == "request").any().alias("is_request"),
        pl.col("label_reason").filter(opener).first().alias("request_reason"),
        pl.col("message_id").filter(responder_turn).first().alias("first_reply_id"),
        pl.col("ts").filter(responder_turn).first().alias("first_reply_at"),
        pl.col("message_id").filter(actionable).first().alias("first_actionable_reply_id"),
        pl.col("ts").filter(actionable).first().alias("first_actionable_reply_at"),
        pl.col("author").filter(actionable).first().alias("first_actionable_reply_by"),
        pl.col("label_reason").filter(actionable).first().alias("actionable_reason"),
        (pl.col("followup") & before_decision & (opener | after_clock)).sum().alias("followups"),
        (pl.col("is_turn") & (opener | after_clock)).sum().alias("messages"),
        (pl.col("is_turn") & (opener | after_clock) & (pl.col("_ord") < pl.col("_through")))
        .sum()
        .alias("messages_to_convergence"),
        pl.col("convergence_id").first(),
        pl.col("converged_at").first(),
        pl.col("convergence_reason").first(),
        pl.col("words").filter(opener).first().alias("request_words"),
    )
    participants = _participants(
        conversations, laid.filter(pl.col("is_turn") & (opener | after_clock))
    )
    threads = threads.drop(KEY).with_columns(trips["round_trips"].fill_null(0), participants)
    request = pl.col("is_request")
    not_for_requests = [
        "first_reply_id",
        "first_reply_at",
        "first_actionable_reply_id",
        "first_actionable_reply_at",
        "first_actionable_reply_by",
        "actionable_reason",
        "convergence_id",
        "converged_at",
        "convergence_reason",
    ]
    threads = threads.with_columns(
        [pl.when(request).then(pl.col(c)).alias(c) for c in not_for_requests]
        + [
            pl.when(request).then(pl.col(c)).otherwise(0).alias(c)
            for c in ("followups", "round_trips")
        ]
    ).with_columns(
        pl.col("convergence_id").is_not_null().alias("converged"),
        (request & (pl.col("round_trips") >= config.needs_sync_round_trips)).alias("needs_sync"),
    )
    return threads.with_columns(
        pl.when(pl.col("needs_sync"))
        .then(
            pl.format(
                "{} round-trips {}",
                pl.col("round_trips"),
                pl.when(pl.col("converged"))
                .then(pl.lit("before the decision"))
                .otherwise(pl.lit("and no decision yet")),
            )
        )
        .alias("needs_sync_reason")
    )


def _participants(conversations: Conversations, turns: pl.DataFrame) -> pl.Series:
    """Per conversation, the sorted distinct authors of ``turns`` (laid out).

    Authors are few and conversations many: sorting and de-duplicating their ranks is much
    cheaper than sorting names within each conversation.
    """
    names = turns.get_column("author").drop_nulls().unique().sort()
    rank = pl.col("author").replace_strict(
        names, pl.int_range(len(names), dtype=pl.UInt32, eager=True), default=None
    )
    distinct = turns.select(KEY, rank.alias("_rank")).unique().sort(KEY, "_rank")
    distinct = distinct.with_columns(names.gather(distinct["_rank"]).alias("author"))
    per_conversation = conversations.per_conversation(distinct, pl.col("author"))
    return per_conversation.select(
        pl.col("author").fill_null(pl.lit([], dtype=pl.List(pl.String))).alias("participants")
    ).to_series()


def _position_in_conversation() -> pl.Expr:
    """Each row's place in its conversation (0 for the first), in a laid-out frame."""
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    return row - pl.when(conversation_start()).then(row).forward_fill()


def _with_durations(threads: pl.DataFrame, roster: pl.DataFrame) -> pl.DataFrame:
    teams = roster.select(pl.col("author").alias("requester"), pl.col("team"))
    threads = threads.join(teams, on="requester", how="left")
    responder = roster.select(
        pl.col("author").alias("first_actionable_reply_by"),
        pl.col("tz").alias("_tz"),
        pl.col("work_start_s").alias("_start"),
        pl.col("work_end_s").alias("_end"),
        pl.col("workmask").alias("_mask"),
    )
    threads = threads.join(responder, on="first_actionable_reply_by", how="left")
    start = pl.col("requested_at")
    business = business_duration(
        start,
        pl.col("first_actionable_reply_at"),
        tz=pl.col("_tz"),
        work_start_s=pl.col("_start"),
        work_end_s=pl.col("_end"),
        workmask=pl.col("_mask"),
        zones=roster["tz"].unique().to_list(),
    )
    # Null without an actionable reply: computed on the answered requests only.
    answered = threads.get_column("first_actionable_reply_at").is_not_null()
    (business_time,) = on_rows(
        threads, answered, business.alias("time_to_first_actionable_reply_business")
    )
    threads = threads.with_columns(
        (pl.col("first_reply_at") - start).alias("time_to_first_reply"),
        (pl.col("first_actionable_reply_at") - start).alias("time_to_first_actionable_reply"),
        business_time,
        (pl.col("converged_at") - start).alias("time_to_decision"),
        pl.max_horizontal(pl.col("observed_until") - start, pl.duration(microseconds=0)).alias(
            "observed_for"
        ),
    )
    return threads.select(THREAD_COLUMNS)


THREAD_COLUMNS = [
    "conversation_id",
    "source",
    "channel",
    "requester",
    "team",
    "requested_at",
    "is_request",
    "request_reason",
    "request_words",
    "first_reply_id",
    "first_reply_at",
    "first_actionable_reply_id",
    "first_actionable_reply_at",
    "first_actionable_reply_by",
    "actionable_reason",
    "time_to_first_reply",
    "time_to_first_actionable_reply",
    "time_to_first_actionable_reply_business",
    "followups",
    "round_trips",
    "messages",
    "messages_to_convergence",
    "converged",
    "convergence_id",
    "converged_at",
    "convergence_reason",
    "time_to_decision",
    "needs_sync",
    "needs_sync_reason",
    "observed_until",
    "observed_for",
    "participants",
]
