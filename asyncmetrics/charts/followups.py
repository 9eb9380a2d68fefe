"""Follow-ups (clarifying questions and nudges) per request."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.metrics import followup_distribution
from asyncmetrics.metrics.distributions import FOLLOWUP_BUCKETS


def chart_followups(
    threads: Any, by: str = "channel", *, config: Config | None = None
) -> alt.Chart:
    """Share of requests with 0, 1, 2 and 3+ follow-ups, per ``by`` group.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.charts import chart_followups
        >>> spec = chart_followups(request_threads(load("sample"))).to_dict()
        >>> spec["encoding"]["x"]["stack"]
        'normalize'
    """
    data = frame(followup_distribution(threads, by=by, config=config))
    buckets = list(FOLLOWUP_BUCKETS)
    return (
        alt.Chart(
            data.filter(~pl.col("suppressed")),
            title=alt.Title(
                "Follow-ups per request",
                subtitle=subtitle(
                    "Clarifying questions and nudges before the decision", data, "bars", config
                ),
            ),
        )
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", title=None),
            x=alt.X(
                "requests:Q",
                stack="normalize",
                title="Share of requests",
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color(
                "followups:O",
                title="Follow-ups",
                sort=buckets,
                scale=alt.Scale(domain=buckets, scheme="blues"),
            ),
            order=alt.Order("followups:O"),
            tooltip=[
                alt.Tooltip(f"{by}:N"),
                alt.Tooltip("followups:O", title="follow-ups"),
                alt.Tooltip("requests:Q"),
            ],
        )
    )
