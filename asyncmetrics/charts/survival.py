"""Time to decision as a survival curve: open requests count instead of vanishing."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.metrics import decision_survival


def chart_time_to_decision(
    threads: Any, by: str | None = None, max_days: float = 30, *, config: Config | None = None
) -> alt.Chart:
    """Share of requests still undecided after *t* days (Kaplan–Meier), one line per ``by``.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.charts import chart_time_to_decision
        >>> spec = chart_time_to_decision(request_threads(load("sample"))).to_dict()
        >>> spec["mark"]["interpolate"]
        'step-after'
    """
    full = frame(decision_survival(threads, by=by, config=config))
    curve = full.filter(~pl.col("suppressed") & (pl.col("days") <= max_days))
    encoding: dict[str, Any] = {
        "x": alt.X("days:Q", title="Days since the request", scale=alt.Scale(domain=[0, max_days])),
        "y": alt.Y(
            "undecided:Q",
            title="Still undecided",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        "tooltip": [
            alt.Tooltip("days:Q", format=".1f"),
            alt.Tooltip("undecided:Q", title="still undecided", format=".0%"),
            alt.Tooltip("at_risk:Q", title="requests still open then"),
        ],
    }
    if by:
        encoding["color"] = alt.Color(f"{by}:N", title=by.capitalize())
        encoding["tooltip"].insert(0, alt.Tooltip(f"{by}:N"))
    return (
        alt.Chart(
            curve,
            title=alt.Title(
                "Time to decision",
                subtitle=subtitle(
                    "Share of requests still without a decision (Kaplan–Meier)",
                    full,
                    "groups",
                    config,
                ),
            ),
        )
        .mark_line(interpolate="step-after")
        .encode(**encoding)
    )
