"""Time to decision as a survival curve, so requests still open count instead of vanishing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.privacy import check_person_level

_DAY_US = 86_400_000_000


def decision_survival(
    threads: Any, by: str | Sequence[str] | None = None, *, config: Config | None = None
) -> Any:
    """Kaplan–Meier estimate of the share of requests still undecided after each duration.

    A decided request is an event at its ``time_to_decision``; an undecided one is censored
    at ``observed_for`` (it was open at least that long). Reading: ``undecided`` at 3 days
    is the estimated share of requests with no decision 3 days after they were made.

    Args:
        threads: output of :func:`request_threads`.
        by: optional column(s) for one curve per group.

    Returns:
        One row per group and distinct duration: ``days`` (float), ``at_risk``, ``decided``,
        ``censored`` and ``undecided`` (the survival estimate), after a first row at 0 days
        where ``undecided`` is 1. A group about fewer than ``config.min_group_size`` people
        is one row with ``suppressed`` true and no curve.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.metrics import decision_survival
        >>> curve = decision_survival(request_threads(load("sample")))
        >>> bool(curve["undecided"].is_sorted(descending=True))
        True
    """
    backend = backend_of(threads)
    config = config or Config()
    groups = [by] if isinstance(by, str) else list(by or [])
    check_person_level(groups, config)
    keys = groups or ["__all"]
    df = to_polars(threads).filter(pl.col("is_request")).with_columns(pl.lit(0).alias("__all"))
    people = df.group_by(keys).agg(
        pl.col("participants").explode().drop_nulls().n_unique().alias("people")
    )
    small = people.filter(pl.col("people") < config.min_group_size)
    df = df.join(small.select(keys), on=keys, how="anti")
    duration = pl.coalesce("time_to_decision", "observed_for").dt.total_microseconds()
    counts = (
        df.group_by([*keys, (duration / _DAY_US).alias("days")])
        .agg(
            pl.col("converged").sum().cast(pl.UInt32).alias("decided"),
            (~pl.col("converged")).sum().cast(pl.UInt32).alias("censored"),
        )
        .sort([*keys, "days"])
    )
    leaving = pl.col("decided") + pl.col("censored")
    curve = counts.with_columns(
        (leaving.sum() - leaving.cum_sum() + leaving).over(keys).alias("at_risk")
    ).with_columns(
        (1 - pl.col("decided") / pl.col("at_risk")).cum_prod().over(keys).alias("undecided")
    )
    start = curve.group_by(keys).agg(
        pl.lit(0.0).alias("days"),
        pl.col("at_risk").max(),
        pl.lit(0, dtype=pl.UInt32).alias("decided"),
        pl.lit(0, dtype=pl.UInt32).alias("censored"),
        pl.lit(1.0).alias("undecided"),
    )
    columns = [*keys, "days", "at_risk", "decided", "censored", "undecided"]
    out = pl.concat([start.select(columns), curve.select(columns)]).sort(
        [*keys, "days", "at_risk"], descending=[*[False] * len(keys), False, True]
    )
    hidden = small.select(keys).with_columns(pl.lit(True).alias("suppressed"))
    out = pl.concat(
        [out.with_columns(pl.lit(False).alias("suppressed")), hidden], how="diagonal_relaxed"
    )
    return to_backend(out.drop("__all", strict=False), backend)
