"""Business time: elapsed working time in one person's own time zone and hours.

Counting happens on local wall-clock time, so a working day is always ``work_end -
work_start`` long, whatever the UTC offset, through DST changes and in half-hour zones.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

_DAY_US = 86_400_000_000
# 1970-01-01, day 0 of the epoch, was a Thursday (weekday 3 with Monday = 0).
_EPOCH_WEEKDAY = 3


def wall_clock(ts: pl.Expr, tz: pl.Expr, zones: Iterable[str]) -> pl.Expr:
    """UTC times as naive local times in each row's time zone (``tz`` names an IANA zone)."""
    zones = sorted(set(zones))
    if not zones:
        return pl.lit(None, dtype=pl.Datetime("us"))
    return pl.coalesce(
        [
            pl.when(tz == zone).then(ts.dt.convert_time_zone(zone).dt.replace_time_zone(None))
            for zone in zones
        ]
    )


def business_duration(
    start: pl.Expr,
    end: pl.Expr,
    *,
    tz: pl.Expr,
    work_start_s: pl.Expr,
    work_end_s: pl.Expr,
    workmask: pl.Expr,
    zones: Iterable[str],
) -> pl.Expr:
    """Working time between two UTC instants in a person's zone, hours and working days.

    ``work_start_s``/``work_end_s`` are seconds after local midnight; ``workmask`` has bit i
    set for each working weekday i (Monday = 0). Null when either instant is null.
    """
    zones = list(zones)
    since_epoch = [
        _working_us_since_epoch(wall_clock(t, tz, zones), work_start_s, work_end_s, workmask)
        for t in (start, end)
    ]
    return pl.duration(microseconds=since_epoch[1] - since_epoch[0])


def _working_us_since_epoch(
    local: pl.Expr, work_start_s: pl.Expr, work_end_s: pl.Expr, workmask: pl.Expr
) -> pl.Expr:
    us = local.dt.timestamp("us")
    day = us // _DAY_US
    into_day = us - day * _DAY_US
    open_us = work_start_s.cast(pl.Int64) * 1_000_000
    close_us = work_end_s.cast(pl.Int64) * 1_000_000
    workmask = workmask.cast(pl.Int64)

    def works(weekday: pl.Expr | int) -> pl.Expr:
        return (workmask // pl.lit(2, dtype=pl.Int64).pow(weekday)) % 2 == 1

    per_week = pl.sum_horizontal([works(d).cast(pl.Int64) for d in range(7)])
    rest = day % 7
    partial = pl.sum_horizontal(
        [((rest > k) & works((_EPOCH_WEEKDAY + k) % 7)).cast(pl.Int64) for k in range(7)]
    )
    working_days_before = (day // 7) * per_week + partial
    weekday = (day + _EPOCH_WEEKDAY) % 7
    today = pl.when(works(weekday)).then(into_day.clip(open_us, close_us) - open_us).otherwise(0)
    return working_days_before * (close_us - open_us) + today


def in_working_hours(
    ts: pl.Expr,
    *,
    tz: pl.Expr,
    work_start_s: pl.Expr,
    work_end_s: pl.Expr,
    workmask: pl.Expr,
    zones: Iterable[str],
) -> pl.Expr:
    """Whether a UTC instant falls inside a person's working hours, in their own zone."""
    local = wall_clock(ts, tz, zones)
    weekday = local.dt.weekday().cast(pl.Int64) - 1
    second = local.dt.hour().cast(pl.Int64) * 3600 + local.dt.minute().cast(pl.Int64) * 60
    works_today = (workmask.cast(pl.Int64) // pl.lit(2, dtype=pl.Int64).pow(weekday)) % 2 == 1
    return works_today & (second >= work_start_s) & (second < work_end_s)


def from_wall_clock(local: pl.Expr, tz: pl.Expr, zones: Iterable[str]) -> pl.Expr:
    """Naive local times in each row's time zone back to UTC instants.

    A wall-clock time skipped by a daylight-saving change moves forward; one that happens twice
    takes the earlier instant.
    """
    zones = sorted(set(zones))
    if not zones:
        return pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    return pl.coalesce(
        [
            pl.when(tz == zone).then(
                local.dt.replace_time_zone(
                    zone, ambiguous="earliest", non_existent="null"
                ).dt.convert_time_zone("UTC")
            )
            for zone in zones
        ]
    )
