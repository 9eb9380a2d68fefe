"""Status updates: do standup posts have the playbook's shape, and how long do blockers wait?

Definitions: ``docs/metrics.md`` (*Over-rotation diagnostics*, 4. Status updates).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.classify.text import clean_text
from asyncmetrics.config import Config
from asyncmetrics.diagnostics._common import classified, phrase
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.periods import period_grid
from asyncmetrics.privacy import suppress_small_groups

# Section headers (regular expressions, matched case-insensitively at the start of a line,
# followed by a colon, or alone on their line, or in brackets: "【昨日】").
SHIPPED_MARKERS = r"yesterday|done|shipped|(?:昨日|今日|本日)やったこと|やったこと|昨日の作業|昨日"
"""A done/shipped/yesterday section ("今日やったこと" in an evening report is done too)."""
TODAY_MARKERS = (
    r"today|doing|working on|next"
    r"|(?:今日|本日|明日)(?:やること|の作業|の予定)|やること|今日|本日"
)
"""A today/doing section: what the author is working on ("Next:" in Done/Next/Blocked)."""
BLOCKED_MARKERS = r"blockers?|blocked|困っていること|困りごと|ブロッカー"
"""A blockers section."""
NOTHING = (
    r"^(?:none|nothing|no|nope|nil|n/?a|no blockers?|not blocked|nothing blocking(?: me)?"
    r"|all good|特に(?:なし|無し|ありません|ない(?:です)?)|なし|無し|ありません|ない(?:です)?)"
    r"(?: (?:so far|yet|today|for now|atm|right now|at the moment|currently))?$"
)
"""An item that says there is nothing ("Blockers: none", "Yesterday: n/a", "なし"), matched on
the item lower-cased, without punctuation or emoji: it is not an item."""

_BULLET = r"^[\s>*_~#•・■□●◆\-]*(?:\d+[.)．]\s*)?"
_SEPARATORS = r"[^,、，;；]+"

STATUS_COLUMNS = [
    "conversation_id",
    "channel",
    "author",
    "ts",
    "has_shipped",
    "working_on_items",
    "has_blocked_section",
    "blocked",
    "good_shape",
    "unblocked_at",
    "blocked_wait",
    "observed_for",
]


def _header(markers: str) -> str:
    """A section header at the start of a line: ``Today:``, ``*Today:*``, ``【今日】``, or
    the marker alone on its line. ``str.replace`` with it leaves the header line's items."""
    lead = r"(?i)^[\s>*_~#•・■□●◆\-]*"
    bracketed = rf"[【\[［]\s*(?:{markers})\s*[】\]］][\s*_~]*[:：]?"
    plain = rf"(?:{markers})[\s*_~]*(?:[:：]|$)"
    return rf"{lead}(?:{bracketed}|{plain})[\s*_~]*"


_HEADERS = {
    "shipped": _header(SHIPPED_MARKERS),
    "blocked": _header(BLOCKED_MARKERS),
    "today": _header(TODAY_MARKERS),
}


def status_updates(events: Any, people: Any | None = None, *, config: Config | None = None) -> Any:
    """Every status post, checked against the playbook's shape, with how long blockers waited.

    A status post is a human's top-level post (an opener) in a standup channel
    (``config.standup_channels``), or anywhere when shaped as a status update (a marker of
    the ``standup`` lexicon: the posts classification does not count as requests). Its text is
    read as sections: **shipped** ("Shipped:", "Done:", "Yesterday:", "昨日…"), **working on**
    ("Today:", "Doing:", "Working on:", "Next:", "今日…") and **blockers** ("Blockers:",
    "Blocked:", "困っていること", "ブロッカー"). A section's items are the lines (or bullets)
    under its header, and the comma-separated items on the header line itself.

    Args:
        events: the event table, classified or not (pandas or polars).
        people: optional people table (bots), used when ``events`` are not yet classified.
        config: standup channels and lexicons.

    Returns:
        One row per status post, of the same kind as ``events``: ``conversation_id``,
        ``channel``, ``author``, ``ts``, ``has_shipped`` (a shipped section with an item),
        ``working_on_items`` (items in the working-on sections), ``has_blocked_section``,
        ``blocked`` (a blocker that is not "none", "nothing", "なし"…: :data:`NOTHING`),
        ``good_shape`` (shipped, exactly one item in progress, and a blockers section),
        ``unblocked_at`` (for blocked posts: the first actionable reply in the post's thread
        by someone other than its author), ``blocked_wait`` (``unblocked_at − ts``; null
        while still blocked: censored) and ``observed_for`` (from the post to the last event
        in the data).

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import events_from_frame
        >>> from asyncmetrics.diagnostics.status import status_updates
        >>> events = events_from_frame(pl.DataFrame({
        ...     "source": "slack", "channel": "standup", "conversation_id": "s1",
        ...     "author": ["ana"], "ts": ["2026-07-01T09:00:00Z"],
        ...     "text": ["Yesterday: the cache fix\\nToday: the export job\\nBlockers: none"],
        ... }))
        >>> status_updates(events).select("working_on_items", "blocked", "good_shape").row(0)
        (1, False, True)
    """
    backend = backend_of(events)
    config = config or Config()
    df = classified(events, people, config)
    if df.is_empty():
        return to_backend(_empty_status(), backend)
    end = df["ts"].max()
    shaped = phrase(clean_text(pl.col("text")), config, "standup").is_not_null()
    posts = df.filter(
        pl.col("is_opener")
        & (pl.col("kind") == "message")
        & (pl.col("role") != "bot")
        & (pl.col("channel").str.contains(config.standup_channels) | shaped)
    ).select("conversation_id", "channel", "author", "ts", "text")
    if posts.is_empty():
        return to_backend(_empty_status(), backend)
    unblocked = (
        df.filter(pl.col("actionable") & pl.col("is_turn") & (pl.col("role") == "responder"))
        .group_by("conversation_id")
        .agg(pl.col("ts").min().alias("_first_actionable"))
    )
    out = (
        posts.join(_sections(posts), on="conversation_id", how="left")
        .join(unblocked, on="conversation_id", how="left")
        .with_columns(
            (
                pl.col("has_shipped")
                & (pl.col("working_on_items") == 1)
                & pl.col("has_blocked_section")
            ).alias("good_shape"),
            pl.when(pl.col("blocked") & (pl.col("_first_actionable") >= pl.col("ts")))
            .then(pl.col("_first_actionable"))
            .alias("unblocked_at"),
        )
        .with_columns(
            (pl.col("unblocked_at") - pl.col("ts")).alias("blocked_wait"),
            pl.max_horizontal(
                pl.lit(end, dtype=pl.Datetime("us", "UTC")) - pl.col("ts"),
                pl.duration(microseconds=0),
            ).alias("observed_for"),
        )
        .select(STATUS_COLUMNS)
        .sort("ts", "conversation_id")
    )
    return to_backend(out, backend)


def _sections(posts: pl.DataFrame) -> pl.DataFrame:
    """Per post: the shipped, working-on and blockers sections read from its lines."""
    text = (
        pl.col("text")
        .fill_null("")
        .str.replace_all(r"(?s)```.*?```", " code ")
        .str.replace_all(r"`[^`\n]*`", "code")
        .str.replace_all(r"<(?:https?|mailto):[^>|]*\|([^>]*)>", "$1")
        .str.replace_all(r"<(?:https?|mailto):[^>]*>", "link")
        .str.replace_all(r"<[@#!][^>]*>", "@")
        .str.replace_all(r"&gt;|&lt;|&amp;", " ")
        .str.replace_all(r":[a-z0-9_+'\-]+:", " ")
        .str.replace_all("\r", "")
    )
    lines = (
        posts.select("conversation_id", text.str.split("\n").alias("line"))
        .explode("line")
        .with_columns(pl.col("line").fill_null(""))
    )
    line = pl.col("line")
    header = pl.lit(None, dtype=pl.String)
    for name in reversed(list(_HEADERS)):  # the first matching header wins
        header = pl.when(line.str.contains(_HEADERS[name])).then(pl.lit(name)).otherwise(header)
    rest = pl.lit("")
    for name, pattern in _HEADERS.items():
        rest = pl.when(pl.col("header") == name).then(line.str.replace(pattern, "")).otherwise(rest)
    pieces = (
        pl.when(pl.col("header").is_not_null())
        .then(rest.str.extract_all(_SEPARATORS))
        .otherwise(pl.concat_list(line.str.replace(_BULLET, "")))
    )
    # A header with nothing after it keeps its row (as an empty item) through the explode.
    pieces = pl.when(pieces.list.len() > 0).then(pieces).otherwise(pl.concat_list(pl.lit("")))
    items = (
        lines.with_columns(header.alias("header"))
        .with_columns(
            pl.col("header").forward_fill().over("conversation_id").alias("section"),
            pieces.alias("line"),
        )
        .explode("line")
        .with_columns(_normalised(pl.col("line")).alias("item"))
        .with_columns(
            (
                (pl.col("item").fill_null("").str.len_chars() > 0)
                & ~pl.col("item").fill_null("").str.contains(NOTHING)
            ).alias("is_item"),
        )
    )
    section = pl.col("section")
    is_item = pl.col("is_item")
    return items.group_by("conversation_id").agg(
        (is_item & (section == "shipped")).any().alias("has_shipped"),
        (is_item & (section == "today")).sum().cast(pl.Int64).alias("working_on_items"),
        (pl.col("header") == "blocked").any().alias("has_blocked_section"),
        (is_item & (section == "blocked")).any().alias("blocked"),
    )


def _normalised(item: pl.Expr) -> pl.Expr:
    """An item lower-cased, with punctuation, symbols and emoji as spaces, trimmed."""
    return (
        item.str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}/]+", " ")
        .str.strip_chars()
        .str.replace_all(r"^/+|/+$", "")
    )


def _empty_status() -> pl.DataFrame:
    utc = pl.Datetime("us", "UTC")
    return pl.DataFrame(
        schema={
            "conversation_id": pl.String,
            "channel": pl.String,
            "author": pl.String,
            "ts": utc,
            "has_shipped": pl.Boolean,
            "working_on_items": pl.Int64,
            "has_blocked_section": pl.Boolean,
            "blocked": pl.Boolean,
            "good_shape": pl.Boolean,
            "unblocked_at": utc,
            "blocked_wait": pl.Duration("us"),
            "observed_for": pl.Duration("us"),
        }
    )


SUMMARY_COLUMNS = [
    "period_start",
    "period_end",
    "posts",
    "good_shape_share",
    "blocked",
    "blocked_wait_median",
    "still_blocked",
    "people",
    "suppressed",
]


def status_summary(status: Any, every: str = "1w", *, config: Config | None = None) -> Any:
    """Status posts per period (UTC): their shape, and how long blocked people waited.

    Args:
        status: output of :func:`status_updates` (pandas or polars).
        every: period length, a polars duration string (``"1w"`` weeks start on Monday).
        config: ``min_group_size``.

    Returns:
        One row per period from the first post to the end of observation (quiet periods
        included), of the same kind as ``status``: ``period_start``, ``period_end``,
        ``posts``, ``good_shape_share``, ``blocked`` (posts with a real blocker),
        ``blocked_wait_median`` (over the period's blocked posts that were unblocked),
        ``still_blocked`` (blocked posts nobody answered by the end of observation:
        censored), ``people`` (distinct authors) and ``suppressed``.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import Config, events_from_frame
        >>> from asyncmetrics.diagnostics.status import status_summary, status_updates
        >>> events = events_from_frame(pl.DataFrame({
        ...     "source": "slack", "channel": "standup", "conversation_id": "s1",
        ...     "author": ["ana"], "ts": ["2026-07-01T09:00:00Z"],
        ...     "text": ["Done: the cache fix\\nNext: the export job\\nBlocked: prod access"],
        ... }))
        >>> weekly = status_summary(status_updates(events), config=Config(min_group_size=1))
        >>> weekly.select("posts", "good_shape_share", "blocked", "still_blocked").row(0)
        (1, 1.0, 1, 1)
    """
    backend = backend_of(status)
    config = config or Config()
    df = to_polars(status)
    if df.is_empty():
        return to_backend(_empty_summary(), backend)
    period = pl.col("ts").dt.truncate(every).alias("period_start")
    per_period = (
        df.with_columns(period)
        .group_by("period_start")
        .agg(
            pl.len().cast(pl.UInt32).alias("posts"),
            pl.col("good_shape").mean().alias("good_shape_share"),
            pl.col("blocked").sum().cast(pl.UInt32).alias("blocked"),
            _median_duration("blocked_wait").alias("blocked_wait_median"),
            (pl.col("blocked") & pl.col("unblocked_at").is_null())
            .sum()
            .cast(pl.UInt32)
            .alias("still_blocked"),
            pl.col("author").n_unique().cast(pl.UInt32).alias("people"),
        )
    )
    end = df.select((pl.col("ts") + pl.col("observed_for")).max()).item()
    periods = period_grid(df["ts"].min(), end, every)
    out = (
        periods.join(per_period, on="period_start", how="left")
        .with_columns(
            *(pl.col(c).fill_null(0) for c in ("posts", "blocked", "still_blocked", "people")),
        )
        .select(SUMMARY_COLUMNS[:-1])
    )
    out = suppress_small_groups(
        out,
        people="people",
        keep=["period_start", "period_end"],
        min_group_size=config.min_group_size,
    )
    return to_backend(out.select(SUMMARY_COLUMNS).sort("period_start"), backend)


def _median_duration(column: str) -> pl.Expr:
    micros = pl.col(column).dt.total_microseconds().quantile(0.5, interpolation="linear")
    return micros.round().cast(pl.Int64).cast(pl.Duration("us"))


def _empty_summary() -> pl.DataFrame:
    utc = pl.Datetime("us", "UTC")
    return pl.DataFrame(
        schema={
            "period_start": utc,
            "period_end": utc,
            "posts": pl.UInt32,
            "good_shape_share": pl.Float64,
            "blocked": pl.UInt32,
            "blocked_wait_median": pl.Duration("us"),
            "still_blocked": pl.UInt32,
            "people": pl.UInt32,
            "suppressed": pl.Boolean,
        }
    )
