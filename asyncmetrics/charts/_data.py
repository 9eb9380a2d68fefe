"""Small conversions shared by the chart builders."""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.frames import to_polars


def hours(column: str) -> pl.Expr:
    """A duration column as float hours (Vega-Lite has no duration type)."""
    return (pl.col(column).dt.total_microseconds() / 3_600_000_000).round(2)


def frame(data: Any) -> pl.DataFrame:
    """The caller's pandas or polars frame as polars."""
    return to_polars(data)


def subtitle(text: str, data: pl.DataFrame, what: str, config: Config | None) -> list[str]:
    """The chart's subtitle, plus a line saying what was hidden for privacy, if anything."""
    hidden = int(data["suppressed"].sum()) if "suppressed" in data.columns else 0
    if not hidden:
        return [text]
    size = (config or Config()).min_group_size
    noun = what if hidden != 1 else what.removesuffix("s")
    return [text, f"Hidden for privacy: {hidden} {noun} about fewer than {size} people"]
