"""People: each author's time zone, working hours, team, bot flag and decider roles."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.errors import InputError
from asyncmetrics.frames import to_polars

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PEOPLE_COLUMNS = {
    "author": pl.String,
    "tz": pl.String,
    "work_start_s": pl.Int64,
    "work_end_s": pl.Int64,
    "workmask": pl.Int64,
    "team": pl.String,
    "is_bot": pl.Boolean,
    "decides": pl.List(pl.String),
}


def machine_author(events: pl.DataFrame, config: Config) -> pl.Expr:
    """True for authors ``config.bots`` names and GitHub logins of machine accounts.

    Read on the sources' ids: pseudonyms hide both. The login pattern is matched once per
    distinct GitHub author, not once per event.
    """
    github = pl.col("source") == "github"
    logins = events.lazy().filter(github).select(pl.col("author").unique()).collect().to_series()
    machines = logins.filter(logins.str.contains(config.bot_login_pattern))
    author = pl.col("author")
    return author.is_in(list(config.bots)) | (github & author.is_in(machines.implode()))


def people_table(events: pl.DataFrame, people: Any | None, config: Config) -> pl.DataFrame:
    """One row per author seen in ``events`` (and in ``people``), with everything resolved.

    ``people`` (pandas or polars, optional) has an ``author`` column and any of ``tz``,
    ``work_start``/``work_end`` (``"09:00"``), ``workdays`` (``"Mon-Fri"``,
    ``"Sun-Thu"``, ``"Mon,Wed,Fri"``), ``team``, ``is_bot`` and ``decides`` (channels or
    repositories this person decides for, separated by ``;``). It overrides what the sources
    say; everyone else gets the source's time zone (Slack's ``tz``) or ``config.default_tz``
    and the config's default hours.
    """
    seen = (
        events.group_by("author")
        .agg(pl.col("author_tz").drop_nulls().first().alias("source_tz"))
        .sort("author")
    )
    given = _normalise(to_polars(people)) if people is not None else _normalise(None)
    start, end = (
        _clock(config.work_start, "work_start", "config"),
        _clock(config.work_end, "work_end", "config"),
    )
    mask = _workmask(config.workdays, "config")
    table = (
        seen.join(given, on="author", how="full", coalesce=True)
        .with_columns(
            pl.coalesce("tz", "source_tz", pl.lit(config.default_tz)).alias("tz"),
            pl.col("work_start_s").fill_null(start),
            pl.col("work_end_s").fill_null(end),
            pl.col("workmask").fill_null(mask),
            pl.col("is_bot").fill_null(pl.col("author").is_in(list(config.bots))),
            pl.col("decides").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        )
        .select(list(PEOPLE_COLUMNS))
    )
    unknown = sorted(set(table["tz"].unique().to_list()) - _zones())
    if unknown:
        who = table.filter(pl.col("tz") == unknown[0])["author"][0]
        raise InputError(f"unknown time zone {unknown[0]!r}", record=f"author {who}", field="tz")
    return table


def deciders(people: pl.DataFrame, config: Config, channels: list[str]) -> pl.DataFrame:
    """``(channel, decider)`` pairs from the people table and ``config.deciders``.

    A decider for ``"*"`` decides in every one of ``channels``.
    """
    from_people = (
        people.select(pl.col("decides").alias("channel"), pl.col("author").alias("decider"))
        .explode("channel")
        .drop_nulls()
    )
    from_config = pl.DataFrame(
        [(ch, who) for ch, names in config.deciders.items() for who in names],
        schema={"channel": pl.String, "decider": pl.String},
        orient="row",
    )
    pairs = pl.concat([from_people, from_config])
    everywhere = (
        pairs.filter(pl.col("channel") == "*")
        .select("decider")
        .join(pl.DataFrame({"channel": channels}, schema={"channel": pl.String}), how="cross")
    )
    return pl.concat(
        [pairs.filter(pl.col("channel") != "*"), everywhere.select("channel", "decider")]
    ).unique()


def _normalise(people: pl.DataFrame | None) -> pl.DataFrame:
    if people is None or people.is_empty():
        return pl.DataFrame(schema=dict(PEOPLE_COLUMNS))
    if "author" not in people.columns:
        raise InputError("the people table needs an 'author' column", field="author")
    rows = []
    for i, row in enumerate(people.iter_rows(named=True)):  # one row per person, not per message
        where = f"row {i} (author {row['author']})"
        decides = row.get("decides")
        if isinstance(decides, str):
            decides = [d.strip() for d in decides.split(";") if d.strip()]
        is_bot = row.get("is_bot")
        if isinstance(is_bot, str):
            is_bot = is_bot.strip().lower() in {"true", "1", "yes"}
        rows.append(
            {
                "author": str(row["author"]),
                "tz": row.get("tz") or None,
                "work_start_s": _clock(row["work_start"], "work_start", where)
                if row.get("work_start")
                else None,
                "work_end_s": _clock(row["work_end"], "work_end", where)
                if row.get("work_end")
                else None,
                "workmask": _workmask(row["workdays"], where) if row.get("workdays") else None,
                "team": row.get("team") or None,
                "is_bot": is_bot,
                "decides": list(decides or []),
            }
        )
        start, end = rows[-1]["work_start_s"], rows[-1]["work_end_s"]
        if start is not None and end is not None and end <= start:
            raise InputError(
                "working hours must end after they start", record=where, field="work_end"
            )
    return pl.DataFrame(rows, schema=PEOPLE_COLUMNS)


def _clock(value: Any, field: str, where: str) -> int:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(value))
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise InputError(f"expected a time like '09:00', got {value!r}", record=where, field=field)
    return int(match.group(1)) * 3600 + int(match.group(2)) * 60


def _workmask(value: Any, where: str) -> int:
    """Bit i set for each working weekday i (Monday = 0)."""
    mask = 0
    for part in str(value).lower().replace(" ", "").split(","):
        ends = part.split("-")
        if not all(e[:3] in DAYS for e in ends) or len(ends) > 2:
            raise InputError(
                f"expected days like 'Mon-Fri', got {value!r}", record=where, field="workdays"
            )
        first, last = DAYS.index(ends[0][:3]), DAYS.index(ends[-1][:3])
        day = first
        while True:
            mask |= 1 << day
            if day == last:
                break
            day = (day + 1) % 7
    return mask


@cache
def _zones() -> set[str]:
    return zoneinfo.available_timezones() | {"UTC"}
