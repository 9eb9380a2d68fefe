"""How requests spread over round-trips and follow-ups, ready to chart."""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.privacy import check_person_level, suppress_small_groups

FOLLOWUP_BUCKETS = ("0", "1", "2", "3+")


def round_trip_distribution(threads: Any, *, cap: int = 6, config: Config | None = None) -> Any:
    """Requests per number of round-trips before the decision (``cap`` and more together).

    Returns:
        One row per bucket: ``round_trips`` (``"0"``… ``"6+"``), ``trips`` (its lower bound),
        ``requests``, ``decided`` (share), ``needs_sync``, ``people`` and ``suppressed``.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.metrics import round_trip_distribution
        >>> dist = round_trip_distribution(request_threads(load("sample")))
        >>> dist["round_trips"].to_list()[0]
        '0'
    """
    backend = backend_of(threads)
    config = config or Config()
    counts = (
        to_polars(threads)
        .filter(pl.col("is_request"))
        .group_by(pl.col("round_trips").clip(upper_bound=cap).alias("trips"))
        .agg(
            pl.len().alias("requests"),
            pl.col("converged").mean().alias("decided"),
            pl.col("participants").explode().drop_nulls().n_unique().alias("people"),
        )
        .sort("trips")
        .with_columns(
            pl.when(pl.col("trips") >= cap)
            .then(pl.lit(f"{cap}+"))
            .otherwise(pl.col("trips").cast(pl.String))
            .alias("round_trips"),
            (pl.col("trips") >= config.needs_sync_round_trips).alias("needs_sync"),
        )
    )
    out = suppress_small_groups(
        counts.select("round_trips", "trips", "needs_sync", "requests", "decided", "people"),
        people="people",
        keep=["round_trips", "trips", "needs_sync"],
        min_group_size=config.min_group_size,
    )
    return to_backend(out, backend)


def followup_distribution(
    threads: Any, by: str = "channel", *, config: Config | None = None
) -> Any:
    """Requests with 0, 1, 2 and 3+ follow-ups, per ``by`` group.

    Returns:
        One row per group and bucket: ``followups`` (``"0"``… ``"3+"``), ``requests``,
        ``people`` and ``suppressed``.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.metrics import followup_distribution
        >>> dist = followup_distribution(request_threads(load("sample")))
        >>> set(dist["followups"]) <= {"0", "1", "2", "3+"}
        True
    """
    backend = backend_of(threads)
    config = config or Config()
    check_person_level([by], config)
    counts = (
        to_polars(threads)
        .filter(pl.col("is_request"))
        .with_columns(
            pl.when(pl.col("followups") >= 3)
            .then(pl.lit("3+"))
            .otherwise(pl.col("followups").cast(pl.String))
            .alias("followups")
        )
        .group_by(by, "followups")
        .agg(
            pl.len().alias("requests"),
            pl.col("participants").explode().drop_nulls().n_unique().alias("people"),
        )
        .sort(by, "followups")
    )
    out = suppress_small_groups(
        counts, people="people", keep=[by, "followups"], min_group_size=config.min_group_size
    )
    return to_backend(out, backend)
