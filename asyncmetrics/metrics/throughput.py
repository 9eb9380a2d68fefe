"""Decision throughput per period (and group): the number the whole product is about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.privacy import check_person_level, suppress_small_groups

_DURATION_STATS = {
    "time_to_first_reply": "ttfr",
    "time_to_first_actionable_reply": "ttfar",
    "time_to_first_actionable_reply_business": "ttfar_business",
}


def decision_throughput(
    threads: Any,
    every: str = "1w",
    by: str | Sequence[str] | None = None,
    *,
    tz: str = "UTC",
    config: Config | None = None,
) -> Any:
    """Requests, decisions and latency per period, from :func:`request_threads`' output.

    Requests are counted in the period they were made; decisions in the period they were
    reached. ``decisions_per_day`` divides by the days of the period that were observed (the
    first and last periods are usually partial). Latency statistics cover the requests made
    in the period that got an actionable reply; ``open_requests`` counts those made in the
    period and still undecided at the end of observation: they are censored, not dropped.

    Args:
        threads: output of :func:`request_threads` (pandas or polars).
        every: period length, a polars duration string (``"1d"``, ``"1w"``, ``"1mo"``, ``"1q"``).
        by: column(s) of ``threads`` to group by as well, e.g. ``"channel"``.
        tz: time zone in which periods start (weeks start on Monday at 00:00 there).
        config: ``min_group_size`` (rows about fewer people are blanked and marked
            ``suppressed``) and ``person_level`` (needed to group by a person).

    Returns:
        One row per period (and group), of the same kind as ``threads``, with ``period_start``,
        ``period_end``, ``days_observed``, ``requests``, ``decisions``, ``decisions_per_day``,
        ``ttfr_median``/``ttfr_p90`` (time to the first reply of any kind),
        ``ttfar_median``/``ttfar_p90`` (time to first actionable reply, wall clock) and
        ``ttfar_business_median``/``ttfar_business_p90``, ``answered``, ``followups_median``,
        ``needs_sync_share`` and ``open_requests``; ``people`` (distinct people behind the
        row) and ``suppressed`` (the row was about fewer than ``min_group_size`` people).

    Examples:
        >>> from asyncmetrics import decision_throughput, load, request_threads
        >>> threads = request_threads(load("sample"))
        >>> weekly = decision_throughput(threads, every="1w")
        >>> int(weekly["requests"].sum()) == int(threads["is_request"].sum())
        True
    """
    backend = backend_of(threads)
    config = config or Config()
    df = to_polars(threads).filter(pl.col("is_request"))
    groups = [by] if isinstance(by, str) else list(by or [])
    check_person_level(groups, config)
    if df.is_empty():
        return to_backend(_empty(groups), backend)
    start = df["requested_at"].min()
    end = df["observed_until"].max()
    period = lambda col: pl.col(col).dt.convert_time_zone(tz).dt.truncate(every)  # noqa: E731
    requests = (
        df.with_columns(period("requested_at").alias("period_start"))
        .group_by(["period_start", *groups])
        .agg(
            pl.len().alias("requests"),
            pl.col("first_actionable_reply_at").is_not_null().sum().alias("answered"),
            *[
                stat
                for column, name in _DURATION_STATS.items()
                for stat in (
                    _duration_quantile(column, 0.5).alias(f"{name}_median"),
                    _duration_quantile(column, 0.9).alias(f"{name}_p90"),
                )
            ],
            pl.col("followups").median().alias("followups_median"),
            pl.col("needs_sync").mean().alias("needs_sync_share"),
            (~pl.col("converged")).sum().alias("open_requests"),
            pl.col("participants").explode().drop_nulls().unique().alias("_asked"),
        )
    )
    decisions = (
        df.filter(pl.col("converged"))
        .with_columns(period("converged_at").alias("period_start"))
        .group_by(["period_start", *groups])
        .agg(
            pl.len().alias("decisions"),
            pl.col("participants").explode().drop_nulls().unique().alias("_decided"),
        )
    )
    periods = pl.DataFrame(
        {
            "period_start": pl.datetime_range(
                pl.lit(start).dt.convert_time_zone(tz).dt.truncate(every),
                pl.lit(end).dt.convert_time_zone(tz).dt.truncate(every),
                interval=every,
                eager=True,
            )
        }
    )
    grid = periods.join(df.select(groups).unique(), how="cross") if groups else periods
    out = (
        grid.join(requests, on=["period_start", *groups], how="left", nulls_equal=True)
        .join(decisions, on=["period_start", *groups], how="left", nulls_equal=True)
        .with_columns(
            pl.col("period_start").dt.offset_by(every).alias("period_end"),
            *[
                pl.col(c).fill_null(0)
                for c in ("requests", "answered", "decisions", "open_requests")
            ],
        )
        .with_columns(
            (
                (
                    pl.min_horizontal(pl.col("period_end"), pl.lit(end).dt.convert_time_zone(tz))
                    - pl.max_horizontal(
                        pl.col("period_start"), pl.lit(start).dt.convert_time_zone(tz)
                    )
                ).dt.total_seconds()
                / 86_400
            ).alias("days_observed")
        )
        .with_columns(
            pl.when(pl.col("days_observed") > 0)
            .then(pl.col("decisions") / pl.col("days_observed"))
            .alias("decisions_per_day")
        )
        # A period that starts exactly when observation ends holds nothing, unless a request
        # was made at that very instant.
        .filter(
            (pl.col("days_observed") > 0) | (pl.col("requests") > 0) | (pl.col("decisions") > 0)
        )
    )
    everyone = pl.concat_list(
        pl.col("_asked").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("_decided").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    )
    out = out.with_columns(everyone.list.unique().list.len().alias("people"))
    out = suppress_small_groups(
        out.drop("_asked", "_decided"),
        people="people",
        keep=["period_start", "period_end", *groups, "days_observed"],
        min_group_size=config.min_group_size,
    )
    columns = [
        "period_start",
        "period_end",
        *groups,
        "days_observed",
        "requests",
        "decisions",
        "decisions_per_day",
        "answered",
        "ttfr_median",
        "ttfr_p90",
        "ttfar_median",
        "ttfar_p90",
        "ttfar_business_median",
        "ttfar_business_p90",
        "followups_median",
        "needs_sync_share",
        "open_requests",
        "people",
        "suppressed",
    ]
    return to_backend(out.select(columns).sort(["period_start", *groups]), backend)


def _duration_quantile(column: str, q: float) -> pl.Expr:
    """A quantile of durations, interpolated linearly and rounded to the microsecond."""
    micros = pl.col(column).dt.total_microseconds().quantile(q, interpolation="linear")
    return micros.round().cast(pl.Int64).cast(pl.Duration("us"))


def _empty(groups: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "period_start": pl.Datetime("us", "UTC"),
            "period_end": pl.Datetime("us", "UTC"),
            **dict.fromkeys(groups, pl.String),
            "days_observed": pl.Float64,
            "requests": pl.UInt32,
            "decisions": pl.UInt32,
            "decisions_per_day": pl.Float64,
            "answered": pl.UInt32,
            **{
                f"{n}_{s}": pl.Duration("us")
                for n in _DURATION_STATS.values()
                for s in ("median", "p90")
            },
            "followups_median": pl.Float64,
            "needs_sync_share": pl.Float64,
            "open_requests": pl.UInt32,
            "people": pl.UInt32,
            "suppressed": pl.Boolean,
        }
    )
