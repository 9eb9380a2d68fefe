"""Who pays the time-zone tax: pings landing after the recipient's working hours."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.diagnostics import time_zone_tax


def chart_time_zone_tax(pings: Any, *, config: Config | None = None) -> alt.LayerChart:
    """Sender team × recipient team: the share of pings after the recipient's hours.

    Args:
        pings: output of :func:`asyncmetrics.diagnostics.after_hours_pings`.
        config: ``min_group_size`` (cells about fewer people are hidden and noted).

    Examples:
        >>> from asyncmetrics import load, load_people
        >>> from asyncmetrics.charts import chart_time_zone_tax
        >>> from asyncmetrics.diagnostics import after_hours_pings
        >>> pings = after_hours_pings(load("sample"), load_people("sample"))
        >>> chart_time_zone_tax(pings).to_dict()["layer"][0]["encoding"]["color"]["field"]
        'after_hours_share'
    """
    tax = frame(time_zone_tax(pings, config=config))
    shown = tax.filter(~pl.col("suppressed")).with_columns(pl.col("after_hours_share").round(3))
    base = alt.Chart(shown).encode(
        x=alt.X("recipient_team:N", title="Recipient's team", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sender_team:N", title="Sender's team"),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "after_hours_share:Q",
            title="After the recipient's hours",
            scale=alt.Scale(domain=[0, 1], scheme="oranges"),
            legend=alt.Legend(format=".0%"),
        ),
        tooltip=[
            alt.Tooltip("sender_team:N", title="sender's team"),
            alt.Tooltip("recipient_team:N", title="recipient's team"),
            alt.Tooltip("pings:Q"),
            alt.Tooltip("after_hours:Q", title="after hours"),
            alt.Tooltip("after_hours_share:Q", title="share after hours", format=".0%"),
        ],
    )
    labels = base.mark_text(baseline="middle").encode(
        text=alt.Text("after_hours_share:Q", format=".0%"),
        color=alt.condition(
            alt.datum.after_hours_share > 0.5, alt.value("white"), alt.value("#222")
        ),
    )
    return alt.layer(cells, labels).properties(
        width=alt.Step(90),
        height=alt.Step(36),
        title=alt.Title(
            "Who pays the time-zone tax",
            subtitle=subtitle(
                "Share of @mentions, @here, DMs and review requests that landed outside the "
                "recipient's working hours, in the recipient's own time zone",
                tax,
                "cells",
                config,
            ),
        ),
    )
