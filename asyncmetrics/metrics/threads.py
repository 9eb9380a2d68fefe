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
    conversations_of,
    on_rows,
    previous,
)
from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.metrics.business_time import business_duration
from asyncmetrics.people import people_table
from asyncmetrics.schema import conform_events, sort_events

# Past any position in a conversation (positions count rows, fewer than 2**32).
_BIG = 2**32 - 1
_PAIR = 2**32  # (conversation, author rank) packed in one integer


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
    threads = _per_conversation(df, config, roster["author"]).with_columns(
        end.alias("observed_until")
    )
    threads = _with_durations(threads, roster)
    return to_backend(threads, backend)


def _request_order(keys: pl.DataFrame) -> pl.Series:
    """The order of ``keys`` (``requested_at``, ``conversation_id``) by ``requested_at`` then
    ``conversation_id``, nulls last.

    Sorting millions of rows by a time then a text is slow; by the time alone it is fast, and
    only the few rows sharing a time need the text.
    """
    order = keys.select(
        pl.arg_sort_by("requested_at", nulls_last=True, maintain_order=True)
    ).to_series()
    keys = keys.select(pl.all().gather(order))
    at = pl.col("requested_at")
    tied = keys.select(at.eq_missing(at.shift(1)) | at.eq_missing(at.shift(-1))).to_series()
    if tied.any():
        where = tied.arg_true()
        within = keys.filter(tied).select(
            pl.arg_sort_by("requested_at", "conversation_id", nulls_last=True)
        )
        order = order.scatter(where, order.gather(where.gather(within.to_series())))
    return order


def _per_conversation(df: pl.DataFrame, config: Config, authors: pl.Series) -> pl.DataFrame:
    # Each conversation's rows together, in time order, as numbers and flags only: the
    # per-conversation values are group-bys over sorted slices, "the turn before" is the row
    # before, and text columns are picked from the original rows at the positions found.
    given = df
    df = sort_events(df.select(pl.exclude("^_.*$"))).rechunk()
    conversations = conversations_of(given, df["conversation_id"])
    # Times are compared before laying out: the laid-out table holds flags and positions only.
    laid = conversations.lay_out(
        df.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_pos"),
            "is_opener",
            "is_turn",
            "actionable",
            "followup",
            (pl.col("ts") >= pl.col("requested_at")).alias("_after_clock"),
            (pl.col("converges") & (pl.col("converges_at") >= pl.col("requested_at"))).alias(
                "_decides"
            ),
            (pl.col("role") == "responder").alias("_responder"),
            (pl.col("role") == "requester").alias("_requester"),
            (pl.col("label") == "request").alias("_request_label"),
            pl.col("converges_reason")
            .cast(pl.String)
            .str.starts_with("reaction")
            .alias("_by_reaction"),
        )
    ).with_columns(_position_in_conversation().alias("_ord"))
    # The decision: the earliest converging event. Turns before it count as round-trips and
    # follow-ups; turns up to and including it count as the thread's length. A reaction on
    # a reply includes that reply; one on the request itself covers the whole thread.
    deciding = laid.filter("_decides")
    decisions = (
        deciding.with_columns(df["converges_at"].gather(deciding["_pos"]))
        .sort(KEY, "converges_at", "_ord")
        .group_by(KEY, maintain_order=True)
        .first()
        .select(
            KEY,
            pl.col("_pos").alias("_decision"),
            pl.when(pl.col("_by_reaction") & pl.col("is_opener"))
            .then(pl.lit(_BIG, dtype=pl.UInt32))
            .when(pl.col("_by_reaction"))
            .then(pl.col("_ord") + 1)
            .otherwise(pl.col("_ord"))
            .alias("_before"),
            pl.when(pl.col("_by_reaction") & pl.col("is_opener"))
            .then(pl.lit(_BIG, dtype=pl.UInt32))
            .otherwise(pl.col("_ord") + 1)
            .alias("_through"),
        )
    )
    del deciding
    decided = conversations.per_conversation(decisions, pl.all().first())
    laid = laid.with_columns(
        decided.select("_before", "_through").select(pl.all().gather(laid[KEY])).get_columns()
    ).with_columns(pl.col("_before").fill_null(_BIG), pl.col("_through").fill_null(_BIG))
    opener = pl.col("is_opener")
    after_clock = pl.col("_after_clock")
    responder_turn = pl.col("is_turn") & pl.col("_responder") & after_clock
    actionable = responder_turn & pl.col("actionable")
    before_decision = pl.col("_ord") < pl.col("_before")
    spoke = pl.col("is_turn") & (opener | after_clock)
    # Filtered lazily: only the columns read are copied.
    turns_before = (
        laid.lazy()
        .filter(spoke & before_decision)
        .select(KEY, (pl.col("_requester") & previous(pl.col("_responder"))).alias("_trip"))
        .collect()
    )
    trips = conversations.per_conversation(turns_before, pl.col("_trip").sum().alias("round_trips"))
    found = laid.group_by(KEY, maintain_order=True).agg(
        pl.col("_pos").first().alias("_first"),
        pl.col("_pos").filter(opener).first().alias("_opener"),
        pl.col("_pos").filter(responder_turn).first().alias("_reply"),
        pl.col("_pos").filter(actionable).first().alias("_actionable"),
        opener.any().alias("has_opener"),
        (opener & pl.col("_request_label")).any().alias("is_request"),
        (pl.col("followup") & before_decision & (opener | after_clock)).sum().alias("followups"),
        spoke.sum().alias("messages"),
        (spoke & (pl.col("_ord") < pl.col("_through"))).sum().alias("messages_to_convergence"),
    )

    # The table is built in its final order (by request time): each column is gathered once.
    first = df.select(pl.col("requested_at", "conversation_id").gather(found["_first"]))
    order = _request_order(first)
    found, decided, trips = (
        part.select(pl.all().gather(order)) for part in (found, decided, trips)
    )

    def pick(position: str, **columns: str) -> list[pl.Series]:
        at = found[position] if position in found.columns else decided[position]
        picked = df.select(list(columns.values())).select(pl.all().gather(at))
        return [picked[source].alias(name) for name, source in columns.items()]

    threads = pl.DataFrame(
        [
            *pick(
                "_first",
                conversation_id="conversation_id",
                source="source",
                channel="channel",
                requester="requester",
                requested_at="requested_at",
            ),
            found["has_opener"],
            found["is_request"],
            *pick("_opener", request_reason="label_reason"),
            *pick("_reply", first_reply_id="message_id", first_reply_at="ts"),
            *pick(
                "_actionable",
                first_actionable_reply_id="message_id",
                first_actionable_reply_at="ts",
                first_actionable_reply_by="author",
                actionable_reason="label_reason",
            ),
            found["followups"],
            found["messages"],
            found["messages_to_convergence"],
            *pick(
                "_decision",
                convergence_id="message_id",
                converged_at="converges_at",
                convergence_reason="converges_reason",
            ),
            *pick("_opener", request_words="words"),
            trips["round_trips"].fill_null(0),
            _participants(
                conversations,
                laid.lazy().filter(spoke).select(KEY, "_pos").collect(),
                df["author"],
                authors,
            ).gather(order),
        ]
    )
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


def _participants(
    conversations: Conversations, turns: pl.DataFrame, author: pl.Series, authors: pl.Series
) -> pl.Series:
    """Per conversation, the sorted distinct authors of ``turns`` (laid out; ``_pos`` indexes
    ``author``); ``authors`` holds every author.

    Authors are few and conversations many: sorting and de-duplicating (conversation, rank of
    the author's name) as one integer is much cheaper than sorting names per conversation.
    """
    names = authors.drop_nulls().unique().sort()
    # Rank 0 is no author (null), first as in a sort of names: an enum of the sorted names
    # numbers them in that order.
    rank = (
        author.gather(turns["_pos"]).cast(pl.Enum(names)).to_physical().cast(pl.UInt64) + 1
    ).fill_null(0)
    pair = pl.DataFrame({"pair": turns[KEY].cast(pl.UInt64) * _PAIR + rank}).sort("pair")
    first = (pl.int_range(pl.len()) == 0) | (pl.col("pair") != pl.col("pair").shift(1))
    code = (pl.col("pair") % _PAIR).cast(pl.Int64)
    distinct = pair.filter(first).select(
        (pl.col("pair") // _PAIR).cast(pl.UInt32).alias(KEY),
        pl.lit(names).gather(pl.when(code > 0).then(code - 1)).alias("author"),
    )
    per_conversation = conversations.per_conversation(distinct, pl.col("author"))
    return per_conversation.select(
        pl.col("author").fill_null(pl.lit([], dtype=pl.List(pl.String))).alias("participants")
    ).to_series()


def _position_in_conversation() -> pl.Expr:
    """Each row's place in its conversation (0 for the first), in a laid-out frame."""
    row = pl.int_range(pl.len(), dtype=pl.UInt32)
    return row - pl.when(conversation_start()).then(row).forward_fill()


def _with_durations(threads: pl.DataFrame, roster: pl.DataFrame) -> pl.DataFrame:
    teams = roster.select(pl.col("author").alias("requester"), pl.col("team"))
    threads = _joined(threads, teams, "requester")
    responder = roster.select(
        pl.col("author").alias("first_actionable_reply_by"),
        pl.col("tz").alias("_tz"),
        pl.col("work_start_s").alias("_start"),
        pl.col("work_end_s").alias("_end"),
        pl.col("workmask").alias("_mask"),
    )
    threads = _joined(threads, responder, "first_actionable_reply_by")
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


def _joined(threads: pl.DataFrame, people: pl.DataFrame, on: str) -> pl.DataFrame:
    """``threads`` left-joined with ``people`` on ``on``: the join reads the key column only,
    so the table's other columns are not copied (one row per person, as in a people table)."""
    found = threads.select(on).join(people, on=on, how="left", maintain_order="left")
    if found.height != threads.height:
        return threads.join(people, on=on, how="left")
    return threads.with_columns(found.drop(on))


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
