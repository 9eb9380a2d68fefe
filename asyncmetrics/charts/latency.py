"""How long until a request gets a reply, and an actionable one."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, hours, subtitle
from asyncmetrics.config import Config
from asyncmetrics.metrics import decision_throughput

MEASURES = {
    "ttfr": "first reply (any)",
    "ttfar": "first actionable reply",
    "ttfar_business": "first actionable reply, business hours",
}


def chart_response_times(
    threads: Any, every: str = "1w", *, config: Config | None = None
) -> alt.Chart:
    """Weekly median and p90 of time to first actionable reply, wall-clock and business time,
    next to time to any first reply, so the gap between "answered" and "actionable" shows.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.charts import chart_response_times
        >>> chart = chart_response_times(request_threads(load("sample")))
        >>> chart.to_dict()["encoding"]["y"]["title"]
        'Hours after the request'
    """
    weekly = frame(decision_throughput(threads, every=every, config=config))
    long = pl.concat(
        [
            weekly.select(
                "period_start",
                pl.lit(label).alias("measure"),
                pl.lit(stat).alias("statistic"),
                hours(f"{key}_{stat}").alias("hours"),
                pl.col("answered"),
            )
            for key, label in MEASURES.items()
            for stat in ("median", "p90")
        ]
    )
    return (
        alt.Chart(
            long,
            title=alt.Title(
                "Time to first reply vs first actionable reply",
                subtitle=subtitle(
                    "Median (solid) and 90th percentile (dashed) per week of the request",
                    weekly,
                    "weeks",
                    config,
                ),
            ),
        )
        .mark_line(point=True, invalid="break-paths-show-domains")
        .encode(
            x=alt.X("period_start:T", title="Week of the request", timeUnit="yearmonthdate"),
            y=alt.Y("hours:Q", title="Hours after the request"),
            color=alt.Color("measure:N", title=None, sort=list(MEASURES.values())),
            strokeDash=alt.StrokeDash("statistic:N", title=None, sort=["median", "p90"]),
            tooltip=[
                alt.Tooltip("period_start:T", title="week of"),
                alt.Tooltip("measure:N"),
                alt.Tooltip("statistic:N"),
                alt.Tooltip("hours:Q", format=".1f"),
                alt.Tooltip("answered:Q", title="requests answered"),
            ],
        )
    )
