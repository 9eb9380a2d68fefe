"""Round-trips per request, with the "should have been a call" threshold marked."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.metrics import round_trip_distribution


def chart_round_trips(
    threads: Any, *, cap: int = 6, config: Config | None = None
) -> alt.LayerChart:
    """How many requests took 0, 1, 2… round-trips before a decision (``cap``+ grouped).

    Bars at or past ``config.needs_sync_round_trips`` (3) are the threads that should have
    been a call; the threshold is drawn as a dashed rule.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.charts import chart_round_trips
        >>> spec = chart_round_trips(request_threads(load("sample"))).to_dict()
        >>> spec["layer"][1]["mark"]["type"]
        'rule'
    """
    config = config or Config()
    threshold = config.needs_sync_round_trips
    counts = frame(round_trip_distribution(threads, cap=cap, config=config)).with_columns(
        pl.col("decided").round(3)
    )
    order = [str(n) for n in range(cap)] + [f"{cap}+"]
    bars = (
        alt.Chart(counts.filter(~pl.col("suppressed")))
        .mark_bar()
        .encode(
            x=alt.X(
                "round_trips:O",
                title="Round-trips before the decision",
                sort=order,
                scale=alt.Scale(domain=order),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("requests:Q", title="Requests"),
            color=alt.Color(
                "needs_sync:N",
                title=None,
                scale=alt.Scale(domain=[False, True], range=["#0072B2", "#D55E00"]),
                legend=alt.Legend(
                    labelExpr="datum.value ? 'should have been a call' : 'async worked'"
                ),
            ),
            tooltip=[
                alt.Tooltip("round_trips:O", title="round-trips"),
                alt.Tooltip("requests:Q"),
                alt.Tooltip("decided:Q", title="decided", format=".0%"),
            ],
        )
    )
    rule = (
        alt.Chart(pl.DataFrame({"at": [str(threshold)]}))
        .mark_rule(strokeDash=[4, 3])
        .encode(x=alt.X("at:O", sort=order, scale=alt.Scale(domain=order), bandPosition=0))
    )
    return alt.layer(bars, rule).properties(
        width=alt.Step(48),
        title=alt.Title(
            "Round-trips per request",
            subtitle=subtitle(
                f"{threshold}+ round-trips before a decision: it should have been a call",
                counts,
                "bars",
                config,
            ),
        ),
    )
