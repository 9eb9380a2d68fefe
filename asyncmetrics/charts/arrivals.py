"""When requests arrive vs when the people who answer them work."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.metrics.arrivals import WEEKDAYS


def chart_arrivals(arrivals: Any, *, config: Config | None = None) -> alt.LayerChart:
    """Heat map of request arrivals by hour of the week on the responders' own clocks.

    ``arrivals`` is :func:`asyncmetrics.metrics.request_arrivals`' output. Cells mostly
    inside the responders' working hours are outlined; cells hidden for privacy are grey.

    Examples:
        >>> from asyncmetrics import load, load_people, request_threads
        >>> from asyncmetrics.charts import chart_arrivals
        >>> from asyncmetrics.metrics import request_arrivals
        >>> events, people = load("sample"), load_people("sample")
        >>> arrivals = request_arrivals(request_threads(events, people), events, people)
        >>> chart_arrivals(arrivals).to_dict()["layer"][0]["mark"]["type"]
        'rect'
    """
    data = frame(arrivals).with_columns(
        pl.col("requests").round(2), (pl.col("in_hours_share") >= 0.5).alias("working")
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "hour:O",
            title="Hour of the day, responder's local time",
            scale=alt.Scale(domain=list(range(24))),
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("weekday:O", title=None, scale=alt.Scale(domain=list(WEEKDAYS))),
    )
    cells = base.mark_rect().encode(
        color=alt.condition(
            "datum.suppressed",
            alt.value("#d9d9d9"),
            alt.Color("requests:Q", title="Requests", scale=alt.Scale(scheme="blues")),
        ),
        tooltip=[
            alt.Tooltip("weekday:O"),
            alt.Tooltip("hour:O", title="hour"),
            alt.Tooltip("requests:Q", format=".1f"),
            alt.Tooltip("in_hours_share:Q", title="in working hours", format=".0%"),
        ],
    )
    outline = base.transform_filter("datum.working").mark_rect(
        fill=None, stroke="#333", strokeWidth=0.8
    )
    return alt.layer(cells, outline).properties(
        title=alt.Title(
            "When requests arrive, on the responders' clocks",
            subtitle=subtitle(
                "Outlined: mostly inside the responders' working hours; grey: hidden",
                data,
                "hours of the week",
                config,
            ),
        )
    )
