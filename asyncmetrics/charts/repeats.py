"""Documentation as async: how often questions come back, and how often answers cite the docs."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from asyncmetrics.charts._data import frame, subtitle
from asyncmetrics.config import Config
from asyncmetrics.privacy import suppress_small_groups

SIZE_BUCKETS = ["2", "3", "4", "5–9", "10+"]


def cluster_sizes(repeats: Any, *, config: Config | None = None) -> pl.DataFrame:
    """Clusters of repeated questions per size bucket (2, 3, 4, 5–9, 10+): ``clusters``,
    ``requests``, ``people`` (distinct requesters) and ``suppressed``; no texts, no ids."""
    config = config or Config()
    df = frame(repeats)
    size = pl.col("cluster_size")
    bucket = (
        pl.when(size >= 10)
        .then(pl.lit("10+"))
        .when(size >= 5)
        .then(pl.lit("5–9"))
        .otherwise(size.cast(pl.String))
    )
    counts = df.group_by(bucket.alias("size")).agg(
        pl.col("cluster").n_unique().cast(pl.UInt32).alias("clusters"),
        pl.len().cast(pl.UInt32).alias("requests"),
        pl.col("requester").drop_nulls().n_unique().cast(pl.UInt32).alias("people"),
    )
    grid = pl.DataFrame({"size": SIZE_BUCKETS})
    out = grid.join(counts, on="size", how="left").with_columns(
        pl.col("clusters", "requests", "people").fill_null(0)
    )
    return suppress_small_groups(
        out, people="people", keep=["size"], min_group_size=config.min_group_size
    )


def chart_repeated_questions(
    repeats: Any, doc_share: Any, *, config: Config | None = None
) -> alt.HConcatChart:
    """Clusters of repeated questions by size, next to the share of answers that point to docs.

    ``repeats`` is :func:`asyncmetrics.diagnostics.repeats.repeated_questions`' output (only
    cluster sizes and requesters are read: the chart holds counts, never texts or ids);
    ``doc_share`` is :func:`asyncmetrics.diagnostics.repeats.doc_pointer_share`'s. Size
    buckets about fewer than ``min_group_size`` requesters, and hidden periods, are left out
    (periods as gaps) and counted together in the subtitle as hidden groups.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.charts.repeats import chart_repeated_questions
        >>> from asyncmetrics.diagnostics.repeats import doc_pointer_share, repeated_questions
        >>> events = load("sample")
        >>> threads = request_threads(events)
        >>> spec = chart_repeated_questions(repeated_questions(threads, events),
        ...                                 doc_pointer_share(threads, events)).to_dict()
        >>> spec["hconcat"][1]["encoding"]["y"]["field"]
        'doc_pointer_share'
    """
    config = config or Config()
    sizes = cluster_sizes(repeats, config=config)
    share = frame(doc_share)
    bars = (
        alt.Chart(sizes.filter(~pl.col("suppressed")))
        .mark_bar()
        .encode(
            x=alt.X(
                "size:O",
                title="Requests in the cluster",
                sort=SIZE_BUCKETS,
                scale=alt.Scale(domain=SIZE_BUCKETS),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("clusters:Q", title="Questions asked again (clusters)"),
            tooltip=[
                alt.Tooltip("size:O", title="asked"),
                alt.Tooltip("clusters:Q"),
                alt.Tooltip("requests:Q"),
            ],
        )
        .properties(width=alt.Step(48))
    )
    line = (
        alt.Chart(
            share.select(
                "period_start",
                pl.col("doc_pointer_share").round(3),
                "answered",
                "doc_pointers",
            )
        )
        .mark_line(
            point=alt.OverlayMarkDef(color="#009E73"),
            invalid="break-paths-show-domains",
            color="#009E73",
        )
        .encode(
            x=alt.X("period_start:T", title="Period of the request", timeUnit="yearmonthdate"),
            y=alt.Y(
                "doc_pointer_share:Q",
                title="Answers pointing to docs",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            tooltip=[
                alt.Tooltip("period_start:T", title="period from"),
                alt.Tooltip("doc_pointer_share:Q", title="share", format=".0%"),
                alt.Tooltip("doc_pointers:Q", title="answers pointing to docs"),
                alt.Tooltip("answered:Q", title="answered requests"),
            ],
        )
    )
    hidden = pl.concat(
        [sizes.select("suppressed"), share.select("suppressed")], how="vertical_relaxed"
    )
    return alt.hconcat(bars, line).properties(
        title=alt.Title(
            "Documentation as async",
            subtitle=subtitle(
                "Questions asked again (similar wording, different conversations), and the "
                "share of first actionable answers that link to documentation",
                hidden,
                "groups",
                config,
            ),
        )
    )
