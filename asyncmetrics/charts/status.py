"""Status updates per week: are they in good shape, and how long do blockers wait?"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, hours, subtitle
from asyncmetrics.config import Config


def chart_status(summary: Any, *, config: Config | None = None) -> alt.VConcatChart:
    """Share of status posts in good shape, and the median hours a blocker waited, per period.

    ``summary`` is :func:`asyncmetrics.diagnostics.status.status_summary`'s output. Hidden
    periods stay as gaps in both lines; the subtitle says how many there were (``config``
    gives the ``min_group_size`` it names).

    Examples:
        >>> from asyncmetrics import load
        >>> from asyncmetrics.charts.status import chart_status
        >>> from asyncmetrics.diagnostics.status import status_summary, status_updates
        >>> spec = chart_status(status_summary(status_updates(load("sample")))).to_dict()
        >>> spec["vconcat"][0]["encoding"]["y"]["axis"]["format"]
        '%'
    """
    data = frame(summary)
    rows = data.select(
        "period_start",
        pl.col("good_shape_share").round(3),
        hours("blocked_wait_median").alias("blocked_wait_hours"),
        "posts",
        "blocked",
        "still_blocked",
    )
    x = alt.X("period_start:T", title="Period", timeUnit="yearmonthdate")
    shape = (
        alt.Chart(rows)
        .mark_line(point=True, invalid="break-paths-show-domains")
        .encode(
            x=x,
            y=alt.Y(
                "good_shape_share:Q",
                title="Posts in good shape",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            tooltip=[
                alt.Tooltip("period_start:T", title="period from"),
                alt.Tooltip("good_shape_share:Q", title="good shape", format=".0%"),
                alt.Tooltip("posts:Q", title="status posts"),
            ],
        )
        .properties(height=160)
    )
    wait = (
        alt.Chart(rows)
        .mark_line(
            point=alt.OverlayMarkDef(color="#D55E00"),
            invalid="break-paths-show-domains",
            color="#D55E00",
        )
        .encode(
            x=x,
            y=alt.Y("blocked_wait_hours:Q", title="Blocked: median hours to unblock"),
            tooltip=[
                alt.Tooltip("period_start:T", title="period from"),
                alt.Tooltip("blocked_wait_hours:Q", title="median hours", format=".1f"),
                alt.Tooltip("blocked:Q", title="blocked posts"),
                alt.Tooltip("still_blocked:Q", title="still blocked"),
            ],
        )
        .properties(height=160)
    )
    return alt.vconcat(shape, wait).properties(
        title=alt.Title(
            "Status updates",
            subtitle=subtitle(
                "Good shape: shipped, one thing in progress, blockers named. Blocked posts: "
                "time to the first actionable reply (still-blocked ones are not in the median)",
                data,
                "periods",
                config,
            ),
        )
    )
