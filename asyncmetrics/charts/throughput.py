"""Decisions per day: the throughput line the whole product is about."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.metrics import decision_throughput


def chart_decisions_per_day(
    threads: Any, every: str = "1w", by: str = "channel", *, config: Config | None = None
) -> alt.Chart:
    """Decisions per day in each period, one line per ``by`` group (channel, team, source).

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.charts import chart_decisions_per_day
        >>> chart = chart_decisions_per_day(request_threads(load("sample")))
        >>> chart.to_dict()["encoding"]["color"]["field"]
        'channel'
    """
    weekly = frame(decision_throughput(threads, every=every, by=by, config=config))
    # Hidden periods stay in as gaps (null values break the line), so no trend is drawn
    # through weeks nobody may see.
    data = weekly.select(
        "period_start",
        by,
        pl.col("decisions_per_day").round(2),
        "decisions",
        "requests",
        "open_requests",
    )
    return (
        alt.Chart(
            data,
            title=alt.Title(
                "Decisions per day",
                subtitle=subtitle(
                    f"Requests that reached a decision, per {by}", weekly, "periods", config
                ),
            ),
        )
        .mark_line(point=True, invalid="break-paths-show-domains")
        .encode(
            x=alt.X("period_start:T", title="Period", timeUnit="yearmonthdate"),
            y=alt.Y("decisions_per_day:Q", title="Decisions per day"),
            color=alt.Color(f"{by}:N", title=by.capitalize()),
            tooltip=[
                alt.Tooltip("period_start:T", title="period from"),
                alt.Tooltip(f"{by}:N"),
                alt.Tooltip("decisions_per_day:Q", title="decisions per day", format=".2f"),
                alt.Tooltip("decisions:Q"),
                alt.Tooltip("requests:Q", title="requests made"),
                alt.Tooltip("open_requests:Q", title="still open"),
            ],
        )
    )
