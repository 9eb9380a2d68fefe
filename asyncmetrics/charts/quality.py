"""Do self-contained requests get fewer follow-ups and faster actionable answers?"""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.diagnostics.quality import SELF_CONTAINED, quality_by_score

SCORES = [str(n) for n in range(7)]
PANELS = {
    "followups_mean": "Follow-ups per request (mean)",
    "ttfar_median_hours": "Hours to first actionable reply (median)",
}


def chart_request_quality(quality: Any, *, config: Config | None = None) -> alt.HConcatChart:
    """Mean follow-ups and median hours to the first actionable reply per quality score 0–6.

    Bars of self-contained requests (score 4 or more) are coloured apart; a score whose
    requests involve fewer than ``min_group_size`` people is drawn as a "hidden" label in
    place of its bar, and the subtitle says how many were hidden.

    Examples:
        >>> from asyncmetrics import load, load_people, request_threads
        >>> from asyncmetrics.charts.quality import chart_request_quality
        >>> from asyncmetrics.diagnostics.quality import request_quality
        >>> events, people = load("sample"), load_people("sample")
        >>> quality = request_quality(request_threads(events, people), events, people)
        >>> spec = chart_request_quality(quality).to_dict()
        >>> spec["hconcat"][0]["layer"][0]["mark"]["type"]
        'bar'
    """
    config = config or Config()
    scores = frame(quality_by_score(quality, config=config)).with_columns(
        pl.col("quality_score").cast(pl.String).alias("score"),
        pl.col("followups_mean").round(2),
        pl.col("ttfar_median_hours").round(2),
    )
    panels = [_panel(scores, measure, title) for measure, title in PANELS.items()]
    return alt.hconcat(*panels).properties(
        title=alt.Title(
            "Self-contained requests",
            subtitle=subtitle(
                "One point each for problem, steps, data, hypothesis, proposed fix and an "
                f"explicit ask; {SELF_CONTAINED}+ is self-contained",
                scores,
                "scores",
                config,
            ),
        )
    )


def _panel(scores: pl.DataFrame, measure: str, title: str) -> alt.LayerChart:
    x = alt.X(
        "score:O",
        title="Quality score",
        sort=SCORES,
        scale=alt.Scale(domain=SCORES),
        axis=alt.Axis(labelAngle=0),
    )
    bars = (
        alt.Chart(scores.filter(~pl.col("suppressed") & pl.col(measure).is_not_null()))
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y(f"{measure}:Q", title=title),
            color=alt.Color(
                "self_contained:N",
                title=None,
                scale=alt.Scale(domain=[False, True], range=["#E69F00", "#0072B2"]),
                legend=alt.Legend(
                    labelExpr="datum.value ? 'self-contained' : 'not self-contained'"
                ),
            ),
            tooltip=[
                alt.Tooltip("score:O", title="quality score"),
                alt.Tooltip(f"{measure}:Q", title=title, format=".2f"),
                alt.Tooltip("requests:Q"),
                alt.Tooltip("answered:Q", title="answered"),
            ],
        )
    )
    hidden = (
        alt.Chart(
            scores.filter(pl.col("suppressed")).select("score", pl.lit("hidden").alias("note"))
        )
        .mark_text(baseline="bottom", color="#555", fontStyle="italic")
        .encode(x=x, y=alt.value(250), text="note:N")
    )
    return alt.layer(bars, hidden).properties(width=alt.Step(40))
