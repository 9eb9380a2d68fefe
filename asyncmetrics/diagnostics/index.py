"""The over-rotation index: one number per team and week, with its four parts beside it.

Async over-rotates in two directions: essays and weeks-long decisions where a call would have
settled it, and calls where one written line would have done. Definitions: ``docs/metrics.md``,
*Over-rotation diagnostics*, section 6.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.diagnostics._common import classified, roster
from asyncmetrics.diagnostics.calls import sync_escalations
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.metrics.business_time import business_duration
from asyncmetrics.privacy import suppress_small_groups

LONG_MESSAGE_WORDS = 500
SLOW_DECISION_DAYS = 2.0
LATENCY_CAP_DAYS = 5.0

INDEX_PARTS = ["long_and_slow", "decision_latency", "calls_not_made", "calls_not_needed"]
INDEX_COLUMNS = [
    "team",
    "period_start",
    "requests",
    "long_messages",
    "decision_days_median",
    "needs_sync",
    "escalations",
    *INDEX_PARTS,
    "index",
    "people",
]


def over_rotation_index(
    threads: Any,
    events: Any,
    people: Any | None = None,
    *,
    every: str = "1w",
    tz: str = "UTC",
    config: Config | None = None,
) -> Any:
    """Per team (the requester's) and period: the four over-rotation parts and their mean.

    Args:
        threads: output of :func:`asyncmetrics.request_threads`.
        events: the event table (classified or not).
        people: optional people table (teams, time zones, working hours).
        every: period length, a polars duration string.
        tz: time zone in which periods start.
        config: lexicons, working hours and ``min_group_size``.

    Returns:
        One row per team and period: ``team, period_start, requests, long_messages``
        (requests whose conversation holds a message of 500+ words), ``decision_days_median``
        (requester business days, Kaplan-Meier: null while more than half are undecided),
        ``needs_sync``, ``escalations``, the parts
        ``long_and_slow, decision_latency, calls_not_made, calls_not_needed`` (0 to 1, null
        without data), ``index`` (mean of the parts with data), ``people`` and ``suppressed``.

    Examples:
        >>> from asyncmetrics import load, load_people, request_threads
        >>> from asyncmetrics.diagnostics import over_rotation_index
        >>> events, people = load("sample"), load_people("sample")
        >>> weekly = over_rotation_index(request_threads(events, people), events, people)
        >>> bool(weekly["index"].drop_nulls().is_between(0, 1).all())
        True
    """
    backend = backend_of(threads)
    config = config or Config()
    requests = per_request_over_rotation(threads, events, people, config=config)
    period = pl.col("requested_at").dt.convert_time_zone(tz).dt.truncate(every)
    requests = requests.with_columns(period.alias("period_start"))
    keys = ["team", "period_start"]
    latency = pl.col("decision_days_median") / LATENCY_CAP_DAYS
    weekly = (
        requests.group_by(keys)
        .agg(
            pl.len().alias("requests"),
            pl.col("long_message").sum().alias("long_messages"),
            pl.col("needs_sync").sum().alias("needs_sync"),
            pl.col("escalated").sum().alias("escalations"),
            pl.col("long_and_slow").mean(),
            pl.col("decision_days").max().alias("_watched"),
            _share(pl.col("should_have_called"), pl.col("needs_sync")).alias("calls_not_made"),
            _share(pl.col("needless_escalation"), pl.col("escalated")).alias("calls_not_needed"),
            pl.col("participants").explode().drop_nulls().n_unique().alias("people"),
        )
        .join(_median_days_to_decision(requests, keys), on=keys, how="left", nulls_equal=True)
        .with_columns(
            # Kaplan-Meier: open requests count for as long as they were watched. When more
            # than half are still open, the median lies past the longest wait seen: over the
            # cap if someone waited that long, unknown yet otherwise.
            pl.when(pl.col("decision_days_median").is_not_null())
            .then(latency.clip(upper_bound=1.0))
            .when(pl.col("_watched") >= LATENCY_CAP_DAYS)
            .then(1.0)
            .alias("decision_latency")
        )
        .with_columns(pl.mean_horizontal(INDEX_PARTS).alias("index"))
        .select(INDEX_COLUMNS)
        .sort("period_start", "team", nulls_last=True)
    )
    out = suppress_small_groups(weekly, "people", ["team", "period_start"], config.min_group_size)
    return to_backend(out, backend)


def per_request_over_rotation(
    threads: Any, events: Any, people: Any | None = None, *, config: Config | None = None
) -> pl.DataFrame:
    """The per-request inputs of :func:`over_rotation_index` (polars), one row per request.

    Columns: those of :func:`sync_escalations` plus ``longest_message_words``,
    ``long_message``, ``decision_days`` (requester business days from the request to its
    decision, or to the end of observation while undecided) and ``long_and_slow``.
    """
    config = config or Config()
    df = classified(events, people, config)
    people_rows = roster(df, people, config)
    calls = to_polars(sync_escalations(threads, df, people, config=config))
    longest = (
        df.filter(pl.col("is_turn") | pl.col("is_opener"))
        .group_by("conversation_id")
        .agg(pl.col("words").max().alias("longest_message_words"))
    )
    clock = to_polars(threads).select("conversation_id", "converged_at", "observed_until")
    hours = people_rows.select(
        pl.col("author").alias("requester"),
        "tz",
        "work_start_s",
        "work_end_s",
        "workmask",
    )
    working_day_us = (pl.col("work_end_s") - pl.col("work_start_s")).cast(pl.Int64) * 1_000_000
    return (
        calls.join(longest, on="conversation_id", how="left")
        .join(clock, on="conversation_id", how="left")
        .join(hours, on="requester", how="left")
        .with_columns(
            (
                business_duration(
                    pl.col("requested_at"),
                    pl.coalesce("converged_at", "observed_until"),
                    tz=pl.col("tz"),
                    work_start_s=pl.col("work_start_s"),
                    work_end_s=pl.col("work_end_s"),
                    workmask=pl.col("workmask"),
                    zones=people_rows["tz"].unique().to_list(),
                ).dt.total_microseconds()
                / working_day_us
            ).alias("decision_days"),
            (pl.col("longest_message_words").fill_null(0) >= LONG_MESSAGE_WORDS).alias(
                "long_message"
            ),
        )
        .with_columns(
            (pl.col("long_message") & (pl.col("decision_days") >= SLOW_DECISION_DAYS)).alias(
                "long_and_slow"
            )
        )
        .drop("converged_at", "observed_until", "tz", "work_start_s", "work_end_s", "workmask")
    )


def _median_days_to_decision(requests: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Kaplan-Meier median of ``decision_days`` per group (null where not reached)."""
    at = (
        requests.group_by([*keys, "decision_days"])
        .agg(pl.col("converged").sum().alias("_decided"), pl.len().alias("_n"))
        .sort([*keys, "decision_days"], nulls_last=True)
    )
    earlier = pl.col("_n").cum_sum().shift(1, fill_value=0).over(keys)
    return (
        at.with_columns((pl.col("_n").sum().over(keys) - earlier).alias("_at_risk"))
        .with_columns(
            (1 - pl.col("_decided") / pl.col("_at_risk")).cum_prod().over(keys).alias("_survival")
        )
        .group_by(keys)
        .agg(
            pl.col("decision_days")
            .filter(pl.col("_survival") <= 0.5)
            .min()
            .alias("decision_days_median")
        )
    )


def _share(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    return pl.when(whole.sum() > 0).then(part.sum() / whole.sum())
