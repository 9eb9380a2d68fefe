"""Per-channel summary of request threads: the table the CLI prints and the report shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.privacy import suppress_small_groups

SUMMARY_COLUMNS = {
    "source": "source",
    "channel": "channel",
    "conversations": "conversations",
    "requests": "requests",
    "answered_share": "answered",
    "ttfar_median": "1st actionable (median)",
    "ttfar_business_median": "… in business hours",
    "followups_median": "follow-ups (median)",
    "needs_sync": "needs sync",
    "decided_share": "decided",
    "time_to_decision_median": "time to decision (median)",
    "open_requests": "still open",
}


def channel_summary(threads: Any, *, config: Config | None = None) -> Any:
    """One row per source and channel (and a total row): requests, answers, decisions.

    Rows about fewer than ``config.min_group_size`` distinct people are blanked and marked
    ``suppressed``.

    Examples:
        >>> from asyncmetrics import load, request_threads
        >>> from asyncmetrics.summary import channel_summary
        >>> summary = channel_summary(request_threads(load("sample")))
        >>> summary["channel"].to_list()[-1]
        'all'
    """
    backend = backend_of(threads)
    config = config or Config()
    df = to_polars(threads)
    stats = [
        pl.len().alias("conversations"),
        pl.col("is_request").sum().alias("requests"),
        pl.col("first_actionable_reply_at")
        .is_not_null()
        .filter("is_request")
        .mean()
        .alias("answered_share"),
        pl.col("time_to_first_actionable_reply")
        .filter("is_request")
        .median()
        .alias("ttfar_median"),
        pl.col("time_to_first_actionable_reply_business")
        .filter("is_request")
        .median()
        .alias("ttfar_business_median"),
        pl.col("followups").filter("is_request").median().alias("followups_median"),
        pl.col("needs_sync").sum().alias("needs_sync"),
        pl.col("converged").filter("is_request").mean().alias("decided_share"),
        pl.col("time_to_decision").filter("is_request").median().alias("time_to_decision_median"),
        (pl.col("is_request") & ~pl.col("converged")).sum().alias("open_requests"),
        pl.col("participants").explode().drop_nulls().n_unique().alias("people"),
    ]
    per_channel = df.group_by("source", "channel").agg(stats).sort("source", "channel")
    total = df.select(stats).with_columns(
        pl.lit("all").alias("source"), pl.lit("all").alias("channel")
    )
    out = pl.concat([per_channel, total.select(per_channel.columns)], how="vertical")
    out = suppress_small_groups(
        out, people="people", keep=["source", "channel"], min_group_size=config.min_group_size
    )
    return to_backend(out.select(*SUMMARY_COLUMNS, "people", "suppressed"), backend)


def format_table(summary: pl.DataFrame, min_group_size: int = 5) -> str:
    """A fixed-width text table of :func:`channel_summary` for terminals."""
    headers = list(SUMMARY_COLUMNS.values())
    names = list(SUMMARY_COLUMNS)
    rows = [
        [format_value(v, share=n.endswith("_share")) for n, v in zip(names, row, strict=True)]
        if not hidden
        else [*row[:2], *["hidden"] * (len(names) - 2)]
        for *row, hidden in summary.select(*names, "suppressed").iter_rows()
    ]
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    left = {0, 1}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    if summary["suppressed"].any():
        out.append(f"hidden: rows about fewer than {min_group_size} people (privacy)")
    return "\n".join(out)


def format_value(value: Any, *, share: bool = False) -> str:
    """Durations as hours or days, shares as percentages, nulls as a dash."""
    if value is None:
        return "–"
    if isinstance(value, timedelta):
        hours = value.total_seconds() / 3600
        return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"
    if isinstance(value, float):
        return f"{value:.0%}" if share else f"{value:.1f}"
    return str(value)
