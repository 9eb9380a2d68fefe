"""Round-trips per request, with the "should have been a call" threshold marked."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame


def chart_round_trips(threads: Any, threshold: int = 3, cap: int = 6) -> alt.LayerChart:
    """How many requests took 0, 1, 2… round-trips before a decision (``cap``+ grouped).

    Bars at or past ``threshold`` (default 3) are the threads that should have been a call.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.charts import chart_round_trips
        >>> spec = chart_round_trips(request_threads(load("sample"))).to_dict()
        >>> spec["layer"][1]["mark"]["type"]
        'rule'
    """
    requests = frame(threads).filter(pl.col("is_request"))
    counts = (
        requests.group_by(pl.col("round_trips").clip(upper_bound=cap).alias("trips"))
        .agg(pl.len().alias("requests"), pl.col("converged").mean().round(3).alias("decided"))
        .with_columns(
            pl.when(pl.col("trips") >= cap)
            .then(pl.lit(f"{cap}+"))
            .otherwise(pl.col("trips").cast(pl.String))
            .alias("round_trips"),
            (pl.col("trips") >= threshold).alias("needs_sync"),
        )
        .sort("trips")
    )
    order = counts["round_trips"].to_list()
    base = alt.Chart(counts)
    bars = base.mark_bar().encode(
        x=alt.X(
            "round_trips:O",
            title="Round-trips before the decision",
            sort=order,
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("requests:Q", title="Requests"),
        color=alt.Color(
            "needs_sync:N",
            title=None,
            scale=alt.Scale(domain=[False, True], range=["#0072B2", "#D55E00"]),
            legend=alt.Legend(labelExpr="datum.value ? 'should have been a call' : 'async worked'"),
        ),
        tooltip=[
            alt.Tooltip("round_trips:O", title="round-trips"),
            alt.Tooltip("requests:Q"),
            alt.Tooltip("decided:Q", title="decided", format=".0%"),
        ],
    )
    rule = (
        alt.Chart(pl.DataFrame({"at": [str(threshold)]}))
        .mark_rule(strokeDash=[4, 3])
        .encode(x=alt.X("at:O", sort=order, bandPosition=0))
    )
    return alt.layer(bars, rule).properties(
        width=alt.Step(48),
        title=alt.Title(
            "Round-trips per request",
            subtitle=f"{threshold}+ round-trips before a decision: it should have been a call",
        ),
    )
