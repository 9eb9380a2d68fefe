"""Reporting periods written the way people say them: 2026Q3, 2026-07, 2026, or a range."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import polars as pl

from asyncmetrics.errors import ConfigError


def period_grid(start: datetime, end: datetime, every: str) -> pl.DataFrame:
    """Every period from the one holding ``start`` to the one holding ``end``, with none
    missing: ``period_start``, ``period_end``. Quiet periods then show as zeros or gaps."""
    starts = pl.datetime_range(
        pl.lit(start).dt.truncate(every),
        pl.lit(max(start, end)).dt.truncate(every),
        interval=every,
        eager=True,
    )
    return pl.DataFrame({"period_start": starts}).with_columns(
        pl.col("period_start").dt.offset_by(every).alias("period_end")
    )


def parse_period(text: str) -> tuple[datetime, datetime]:
    """``[start, end)`` in UTC for ``2026Q3``, ``2026-07``, ``2026``, ``2026-07-01..2026-09-30``.

    Examples:
        >>> from asyncmetrics.periods import parse_period
        >>> [d.date().isoformat() for d in parse_period("2026Q3")]
        ['2026-07-01', '2026-10-01']
    """
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", text, re.I):
        year, quarter = int(m.group(1)), int(m.group(2))
        return _utc(date(year, 3 * quarter - 2, 1)), _month_after(year, 3 * quarter)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return _utc(date(year, month, 1)), _month_after(year, month)
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m.group(1))
        return _utc(date(year, 1, 1)), _utc(date(year + 1, 1, 1))
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if end >= start:
            return _utc(start), _utc(end + timedelta(days=1))
    raise ConfigError(
        f"cannot read period {text!r}: use 2026Q3, 2026-07, 2026 or 2026-07-01..2026-09-30"
    )


def _utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _month_after(year: int, month: int) -> datetime:
    return _utc(date(year + month // 12, month % 12 + 1, 1))
