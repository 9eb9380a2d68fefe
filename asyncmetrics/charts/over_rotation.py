"""The over-rotation index per team and week, with its four parts beside it."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.diagnostics.index import INDEX_PARTS

MEASURES = {
    "index": "Over-rotation index",
    "long_and_slow": "Long messages, slow decisions",
    "decision_latency": "Decision latency (÷ 5 business days)",
    "calls_not_made": "Needs-sync threads never escalated",
    "calls_not_needed": "Calls that were not needed",
}


def chart_over_rotation(
    index: Any, *, every: str = "1w", config: Config | None = None
) -> alt.FacetChart:
    """One small chart per measure: the index and each of its parts, a line per team.

    Args:
        index: output of :func:`asyncmetrics.diagnostics.over_rotation_index`.
        every: the period it was computed with.
        config: ``min_group_size``, for the note on hidden rows.

    Examples:
        >>> from asyncmetrics import load, load_people, request_threads
        >>> from asyncmetrics.charts import chart_over_rotation
        >>> from asyncmetrics.diagnostics import over_rotation_index
        >>> events, people = load("sample"), load_people("sample")
        >>> weekly = over_rotation_index(request_threads(events, people), events, people)
        >>> chart_over_rotation(weekly).to_dict()["facet"]["row"]["field"]
        'measure'
    """
    weekly = frame(index)
    weekly = weekly.with_columns(pl.col("team").fill_null("no team"))
    # Every team in every week, so a week without requests breaks the line instead of
    # bridging it.
    shown_teams = weekly.filter(~pl.col("suppressed")).select(pl.col("team").unique())
    grid = shown_teams.join(
        weekly.select(
            pl.datetime_range(
                pl.col("period_start").min(), pl.col("period_start").max(), every
            ).alias("period_start")
        ),
        how="cross",
    )
    long = (
        grid.join(weekly, on=["team", "period_start"], how="left")
        .unpivot(
            on=["index", *INDEX_PARTS],
            index=["team", "period_start"],
            variable_name="measure",
            value_name="value",
        )
        .with_columns(
            pl.col("measure").replace_strict(MEASURES),
            pl.col("value").round(3),
        )
        .sort("measure", "team", "period_start")
    )
    return (
        alt.Chart(long)
        .mark_line(point=True, invalid="break-paths-show-domains")
        .encode(
            x=alt.X("period_start:T", title="Week", axis=alt.Axis(format="%d %b")),
            y=alt.Y(
                "value:Q", title=None, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")
            ),
            color=alt.Color("team:N", title="Team"),
            tooltip=[
                alt.Tooltip("team:N"),
                alt.Tooltip("period_start:T", title="week of", format="%d %b %Y"),
                alt.Tooltip("measure:N"),
                alt.Tooltip("value:Q", format=".0%"),
            ],
        )
        .properties(height=110)
        .facet(
            row=alt.Row(
                "measure:N",
                title=None,
                sort=list(MEASURES.values()),
                header=alt.Header(
                    labelAngle=0,
                    labelOrient="top",
                    labelAnchor="start",
                    labelAlign="left",
                    labelFontSize=12,
                    labelFontWeight="bold",
                ),
            )
        )
        .properties(
            title=alt.Title(
                "Over-rotation index per team and week",
                subtitle=subtitle(
                    "0 = no over-rotation. The index is the mean of the four parts below it "
                    "that have data; a gap is a week without that kind of request, or one "
                    "hidden for privacy.",
                    weekly,
                    "team-weeks",
                    config,
                ),
            )
        )
    )
