"""When requests arrive, on the clocks of the people expected to answer them."""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.classify import CLASSIFIED_COLUMNS, classify
from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.metrics.business_time import in_working_hours, wall_clock
from asyncmetrics.people import people_table
from asyncmetrics.privacy import suppress_small_groups

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def request_arrivals(
    threads: Any, events: Any, people: Any | None = None, *, config: Config | None = None
) -> Any:
    """Requests by hour of the week, in the local time of the people who answer in the channel.

    A channel's responders are the humans who answered anyone there. Each request is spread
    evenly over its channel's responders (other than the requester) and placed at the hour
    of the week it arrived on each one's own clock, so the counts add up to the requests.

    Returns:
        One row per ``weekday`` (``Mon``..``Sun``) and ``hour`` (0–23) with a request:
        ``requests`` (weighted count) and ``in_hours_share``, the share of them that arrived
        inside the responders' working hours; ``people`` behind the cell, and ``suppressed``
        where they are fewer than ``config.min_group_size`` (the cell is then blank).

    Examples:
        >>> from asyncmetrics import load, load_people, request_threads
        >>> from asyncmetrics.metrics import request_arrivals
        >>> events, people = load("sample"), load_people("sample")
        >>> arrivals = request_arrivals(request_threads(events, people), events, people)
        >>> sorted(arrivals.columns)
        ['hour', 'in_hours_share', 'people', 'requests', 'suppressed', 'weekday']
    """
    backend = backend_of(threads)
    config = config or Config()
    df = to_polars(events)
    if not set(CLASSIFIED_COLUMNS) <= set(df.columns):
        df = classify(df, config=config, people=people)
    roster = people_table(df, people, config)
    responders = (
        df.filter(pl.col("is_turn") & (pl.col("role") == "responder"))
        .select("channel", pl.col("author").alias("responder"))
        .unique()
    )
    pairs = (
        to_polars(threads)
        .filter(pl.col("is_request"))
        .select("conversation_id", "channel", "requester", "requested_at")
        .join(responders, on="channel")
        .filter(pl.col("responder") != pl.col("requester"))
        .join(roster, left_on="responder", right_on="author")
        .with_columns((1 / pl.len().over("conversation_id")).alias("weight"))
    )
    zones = roster["tz"].unique().to_list()
    local = wall_clock(pl.col("requested_at"), pl.col("tz"), zones)
    in_hours = in_working_hours(
        pl.col("requested_at"),
        tz=pl.col("tz"),
        work_start_s=pl.col("work_start_s"),
        work_end_s=pl.col("work_end_s"),
        workmask=pl.col("workmask"),
        zones=zones,
    )
    out = (
        pairs.with_columns(
            local.dt.weekday().alias("day"),
            local.dt.hour().alias("hour"),
            in_hours.alias("in_hours"),
        )
        .group_by("day", "hour")
        .agg(
            pl.col("weight").sum().alias("requests"),
            ((pl.col("weight") * pl.col("in_hours")).sum() / pl.col("weight").sum()).alias(
                "in_hours_share"
            ),
            pl.concat_list("requester", "responder").explode().n_unique().alias("people"),
        )
        .sort("day", "hour")
        .with_columns(
            pl.col("day").replace_strict(dict(enumerate(WEEKDAYS, start=1))).alias("weekday")
        )
        .select("weekday", "hour", "requests", "in_hours_share", "people")
    )
    out = suppress_small_groups(
        out, people="people", keep=["weekday", "hour"], min_group_size=config.min_group_size
    )
    return to_backend(out, backend)
