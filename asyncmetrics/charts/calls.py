"""Calls that should have happened, and calls that did not need to."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.diagnostics import call_summary

OUTCOME_COLOURS = {
    "should have been a call": "#D55E00",
    "call, written up": "#009E73",
    "call, not written up": "#E69F00",
    "call not needed": "#CC79A7",
}


def chart_call_outcomes(calls: Any, *, config: Config | None = None) -> alt.Chart:
    """Requests per call outcome: missing calls, calls written up or not, needless calls.

    Args:
        calls: output of :func:`asyncmetrics.diagnostics.sync_escalations`.
        config: ``min_group_size`` (outcomes about fewer people are hidden and noted).

    Examples:
        >>> from asyncmetrics import load, load_people, request_threads
        >>> from asyncmetrics.charts import chart_call_outcomes
        >>> from asyncmetrics.diagnostics import sync_escalations
        >>> events, people = load("sample"), load_people("sample")
        >>> calls = sync_escalations(request_threads(events, people), events, people)
        >>> chart_call_outcomes(calls).to_dict()["encoding"]["y"]["field"]
        'outcome'
    """
    counts = frame(call_summary(calls, config=config))
    shown = counts.filter(~pl.col("suppressed"))
    order = list(OUTCOME_COLOURS)
    return (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y("outcome:N", title=None, sort=order),
            x=alt.X("requests:Q", title="Requests"),
            color=alt.Color(
                "outcome:N",
                legend=None,
                scale=alt.Scale(domain=order, range=list(OUTCOME_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("outcome:N"),
                alt.Tooltip("requests:Q"),
                alt.Tooltip("people:Q", title="people involved"),
            ],
        )
        .properties(
            height=alt.Step(28),
            title=alt.Title(
                "Calls that should have happened, and calls that did not need to",
                subtitle=subtitle(
                    "Should have been a call: 3+ round-trips without converging, never moved "
                    "to a call. Not needed: a call on the first round-trip of a routine request.",
                    counts,
                    "outcomes",
                    config,
                ),
            ),
        )
    )
