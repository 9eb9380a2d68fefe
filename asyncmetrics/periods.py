"""Reporting periods written the way people say them: 2026Q3, 2026-07, 2026, or a range."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from asyncmetrics.errors import ConfigError


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
