"""Follow-ups (clarifying questions and nudges) per request."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame

BUCKETS = ["0", "1", "2", "3+"]


def chart_followups(threads: Any, by: str = "channel") -> alt.Chart:
    """Share of requests with 0, 1, 2 and 3+ follow-ups, per ``by`` group.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.charts import chart_followups
        >>> spec = chart_followups(request_threads(load("sample"))).to_dict()
        >>> spec["encoding"]["x"]["stack"]
        'normalize'
    """
    data = (
        frame(threads)
        .filter(pl.col("is_request"))
        .with_columns(
            pl.when(pl.col("followups") >= 3)
            .then(pl.lit("3+"))
            .otherwise(pl.col("followups").cast(pl.String))
            .alias("followups")
        )
        .group_by(by, "followups")
        .agg(pl.len().alias("requests"))
        .sort(by, "followups")
    )
    return (
        alt.Chart(
            data,
            title=alt.Title(
                "Follow-ups per request",
                subtitle="Clarifying questions and nudges before the decision",
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
                sort=BUCKETS,
                scale=alt.Scale(domain=BUCKETS, scheme="blues"),
            ),
            order=alt.Order("followups:O"),
            tooltip=[
                alt.Tooltip(f"{by}:N"),
                alt.Tooltip("followups:O", title="follow-ups"),
                alt.Tooltip("requests:Q"),
            ],
        )
    )
