"""Time-zone etiquette: who gets pinged after their hours, and deadlines without a zone.

Definitions: ``docs/metrics.md``, *Over-rotation diagnostics*, section 3.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.diagnostics._common import classified, phrase, roster
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.metrics.business_time import from_wall_clock, in_working_hours, wall_clock
from asyncmetrics.privacy import suppress_small_groups

# Slack direct messages live in conversations named by their id (D…) or as group DMs (mpdm-…).
DIRECT_MESSAGE = r"^(D[A-Z0-9]{6,}|mpdm-.*)$"
# A deadline that says which clock it means: a zone, an offset, or whose time.
ZONE_NAMED = (
    r"(?i)\b(UTC|GMT|Z|CET|CEST|EET|WET|BST|IST|JST|KST|SGT|AEST|AEDT|NZST|PST|PDT|MST|MDT|CST|"
    r"CDT|EST|EDT|HST|AKST)\b|(^|\s)[+-]\d{2}:?\d{2}\b|\b(your|my|local|our) time\b|"
    r"日本時間|現地時間|JST"
)
_WEEKDAYS = {
    0: r"monday|mon\b|月曜",
    1: r"tuesday|tue\b|火曜",
    2: r"wednesday|wed\b|水曜",
    3: r"thursday|thu\b|木曜",
    4: r"friday|fri\b|金曜",
    5: r"saturday|sat\b|土曜",
    6: r"sunday|sun\b|日曜",
}


def after_hours_pings(
    events: Any, people: Any | None = None, *, config: Config | None = None
) -> Any:
    """One row per ping and recipient, saying whether it landed after the recipient's hours.

    Pings: ``@here``/``@channel`` (recipients: the channel's other human participants),
    mentions of a person, messages in direct-message conversations (the other participants),
    and pull-request review requests (the requested reviewers).

    Returns:
        ``message_id, conversation_id, channel, ts, sender, sender_team, recipient,
        recipient_team, ping, after_hours, recipient_local_time``.

    Examples:
        >>> from asyncmetrics import load, load_people
        >>> from asyncmetrics.diagnostics import after_hours_pings
        >>> pings = after_hours_pings(load("sample"), load_people("sample"))
        >>> sorted(pings["ping"].unique())
        ['channel', 'mention', 'review_request']
    """
    backend = backend_of(events)
    config = config or Config()
    df = classified(events, people, config)
    people_table = roster(df, people, config)
    humans = people_table.filter(~pl.col("is_bot"))["author"]
    # A review request notifies the reviewer whoever made it, dependabot included.
    senders = df.filter(
        (pl.col("is_turn") & ~pl.col("author_is_bot")) | (pl.col("kind") == "review_requested")
    ).select(
        "message_id",
        "conversation_id",
        "channel",
        "ts",
        "kind",
        "mentions",
        pl.col("author").alias("sender"),
    )
    members = (
        df.filter(pl.col("is_turn") & ~pl.col("author_is_bot"))
        .select("channel", pl.col("author").alias("recipient"))
        .unique()
    )
    mentioned = (
        senders.explode("mentions")
        .rename({"mentions": "target"})
        .filter(pl.col("target").is_not_null())
    )
    person = mentioned.filter(~pl.col("target").str.starts_with("@")).select(
        pl.exclude("target", "kind"),
        pl.col("target").alias("recipient"),
        pl.when(pl.col("kind") == "review_requested")
        .then(pl.lit("review_request"))
        .otherwise(pl.lit("mention"))
        .alias("ping"),
    )
    broadcast = (
        mentioned.filter(pl.col("target").is_in(["@here", "@channel", "@everyone"]))
        .select(pl.exclude("target", "kind"))
        .unique("message_id")
        .join(members, on="channel")
        .with_columns(pl.lit("channel").alias("ping"))
    )
    direct = (
        senders.filter(pl.col("channel").str.contains(DIRECT_MESSAGE))
        .select(pl.exclude("mentions", "kind"))
        .join(members, on="channel")
        .with_columns(pl.lit("dm").alias("ping"))
    )
    columns = ["message_id", "conversation_id", "channel", "ts", "sender", "recipient", "ping"]
    pairs = (
        pl.concat([person.select(columns), broadcast.select(columns), direct.select(columns)])
        .filter(
            (pl.col("recipient") != pl.col("sender")) & pl.col("recipient").is_in(humans.implode())
        )
        .unique(["message_id", "recipient"], keep="first", maintain_order=True)
    )
    hours = people_table.select(
        pl.col("author").alias("recipient"),
        pl.col("team").alias("recipient_team"),
        "tz",
        "work_start_s",
        "work_end_s",
        "workmask",
    )
    zones = people_table["tz"].unique().to_list()
    out = (
        pairs.join(hours, on="recipient", how="left")
        .join(
            people_table.select(
                pl.col("author").alias("sender"), pl.col("team").alias("sender_team")
            ),
            on="sender",
            how="left",
        )
        .with_columns(
            ~in_working_hours(
                pl.col("ts"),
                tz=pl.col("tz"),
                work_start_s=pl.col("work_start_s"),
                work_end_s=pl.col("work_end_s"),
                workmask=pl.col("workmask"),
                zones=zones,
            ).alias("after_hours"),
            wall_clock(pl.col("ts"), pl.col("tz"), zones)
            .dt.strftime("%a %H:%M")
            .alias("recipient_local_time"),
        )
        .select(
            "message_id",
            "conversation_id",
            "channel",
            "ts",
            "sender",
            "sender_team",
            "recipient",
            "recipient_team",
            "ping",
            "after_hours",
            "recipient_local_time",
        )
        .sort("ts", "message_id", "recipient")
    )
    return to_backend(out, backend)


def time_zone_tax(pings: Any, *, config: Config | None = None) -> Any:
    """Per sender team and recipient team: pings, how many landed after the recipient's hours.

    Rows about fewer than ``config.min_group_size`` people (senders and recipients) are
    suppressed. People with no team count as ``no team``.
    """
    backend = backend_of(pings)
    config = config or Config()
    df = to_polars(pings).with_columns(
        pl.col("sender_team").fill_null("no team"), pl.col("recipient_team").fill_null("no team")
    )
    out = (
        df.group_by("sender_team", "recipient_team")
        .agg(
            pl.len().alias("pings"),
            pl.col("after_hours").sum().alias("after_hours"),
            pl.col("after_hours").mean().alias("after_hours_share"),
            pl.concat_list("sender", "recipient").explode().n_unique().alias("people"),
        )
        .sort("sender_team", "recipient_team")
    )
    out = suppress_small_groups(
        out, "people", ["sender_team", "recipient_team"], config.min_group_size
    )
    return to_backend(out, backend)


def ambiguous_deadlines(
    threads: Any, events: Any, people: Any | None = None, *, config: Config | None = None
) -> Any:
    """Requests that name a deadline without a time zone, with a zone-explicit rewrite.

    The rewrite names the sender's own wall-clock deadline in their zone and in UTC: "by EOD"
    is the end of their working day, "tomorrow" the end of their next working day, "by Friday"
    the end of that day, "end of week" the end of their last working day this week.

    Returns:
        ``conversation_id, channel, requester, requested_at, deadline_phrase, deadline_utc,
        rewrite``.

    Examples:
        >>> from asyncmetrics import load, load_people, request_threads
        >>> from asyncmetrics.diagnostics import ambiguous_deadlines
        >>> events, people = load("sample"), load_people("sample")
        >>> found = ambiguous_deadlines(request_threads(events, people), events, people)
        >>> found["rewrite"].str.contains(r" on \\w{3} \\d+ \\w{3} \\(").all()
        True
    """
    backend = backend_of(threads)
    config = config or Config()
    df = classified(events, people, config)
    people_table = roster(df, people, config)
    requests = to_polars(threads).filter(pl.col("is_request")).select("conversation_id")
    openers = (
        df.filter(pl.col("is_opener"))
        .join(requests, on="conversation_id")
        .with_columns(
            phrase(pl.col("text").fill_null(""), config, "deadline").alias("deadline_phrase")
        )
        .filter(
            pl.col("deadline_phrase").is_not_null()
            & ~pl.col("text").fill_null("").str.contains(ZONE_NAMED)
        )
        .select(
            "conversation_id",
            "channel",
            pl.col("author").alias("requester"),
            pl.col("ts").alias("requested_at"),
            "deadline_phrase",
        )
    )
    hours = people_table.select(
        pl.col("author").alias("requester"), "tz", "work_start_s", "work_end_s", "workmask"
    )
    zones = people_table["tz"].unique().to_list()
    local = wall_clock(pl.col("requested_at"), pl.col("tz"), zones)
    weekday = local.dt.weekday().cast(pl.Int64) - 1

    def works(days_ahead: int) -> pl.Expr:
        day = (weekday + days_ahead) % 7
        return (pl.col("workmask") // pl.lit(2, dtype=pl.Int64).pow(day)) % 2 == 1

    next_working_day = pl.min_horizontal([pl.when(works(k)).then(k) for k in range(1, 8)])
    last_working_this_week = pl.max_horizontal(
        [pl.when(works(k) & (weekday + k <= 6)).then(k) for k in range(7)]
    ).fill_null(0)
    wording = pl.col("deadline_phrase").str.to_lowercase()
    named_day = pl.coalesce(
        [pl.when(wording.str.contains(p)).then(pl.lit(d)) for d, p in _WEEKDAYS.items()]
    )
    first_working_next_week = pl.min_horizontal(
        [pl.when(works(k) & (weekday + k >= 7)).then(k) for k in range(1, 14)]
    )
    days_ahead = (
        pl.when(wording.str.contains(r"tomorrow|明日"))
        .then(next_working_day)
        .when(wording.str.contains(r"週明け"))
        .then(first_working_next_week)
        .when(wording.str.contains(r"end of (the )?week|\beow\b|今週中"))
        .then(last_working_this_week)
        .when(named_day.is_not_null())
        .then((named_day - weekday) % 7)
        .otherwise(0)
    )

    def end_of_day(ahead: pl.Expr) -> pl.Expr:
        return (
            local.dt.truncate("1d")
            + pl.duration(days=ahead)
            + pl.duration(seconds=pl.col("work_end_s"))
        )

    # "by EOD" sent after the sender's day has ended means the end of their next working day.
    deadline_local = (
        pl.when(end_of_day(days_ahead) <= local)
        .then(end_of_day(days_ahead + next_working_day))
        .otherwise(end_of_day(days_ahead))
    )
    out = (
        openers.join(hours, on="requester", how="left")
        .with_columns(deadline_local.alias("_deadline_local"))
        .with_columns(
            from_wall_clock(pl.col("_deadline_local"), pl.col("tz"), zones).alias("deadline_utc")
        )
        .with_columns(
            pl.format(
                "by {} {} on {} ({} UTC)",
                pl.col("_deadline_local").dt.strftime("%H:%M"),
                pl.col("tz"),
                pl.col("_deadline_local").dt.strftime("%a %-d %b"),
                pl.col("deadline_utc").dt.strftime("%a %-d %b %H:%M"),
            ).alias("rewrite")
        )
        .select(
            "conversation_id",
            "channel",
            "requester",
            "requested_at",
            "deadline_phrase",
            "deadline_utc",
            "rewrite",
        )
        .sort("requested_at", "conversation_id")
    )
    return to_backend(out, backend)
