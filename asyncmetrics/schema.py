"""The event table: one row per chat message or pull-request event, the schema every part speaks.

The column names and types in :data:`EVENT_COLUMNS` are a public contract: readers produce
exactly these columns, and classification, metrics, charts and users' own code rely on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from asyncmetrics.errors import InputError
from asyncmetrics.frames import backend_of, to_backend, to_polars

UTC_TIME = pl.Datetime("us", "UTC")
REACTION = pl.Struct({"name": pl.String, "users": pl.List(pl.String)})
REACTIONS = pl.List(REACTION)


@dataclass(frozen=True)
class Column:
    """One column of the event table."""

    dtype: pl.DataType
    nullable: bool
    doc: str


EVENT_COLUMNS: dict[str, Column] = {
    "source": Column(pl.String(), False, "`slack` or `github` (or another chat source)"),
    "channel": Column(pl.String(), False, "Slack channel name, or GitHub `owner/repo`"),
    "conversation_id": Column(
        pl.String(),
        False,
        "a Slack thread (`<channel id>:<parent ts>`) or a pull request (`owner/repo#123`)",
    ),
    "message_id": Column(pl.String(), False, "unique; Slack `<channel id>:<ts>`"),
    "author": Column(pl.String(), False, "stable person or bot id (Slack user id, GitHub login)"),
    "author_is_bot": Column(pl.Boolean(), False, "a bot, an app or a configured machine account"),
    "ts": Column(UTC_TIME, False, "when it happened"),
    "kind": Column(pl.String(), False, "`message` or a pull-request event kind, see `KINDS`"),
    "text": Column(pl.String(), True, "message text as the source gives it"),
    "reactions": Column(REACTIONS, False, "emoji reactions `{name, users}`; empty when none"),
    "is_opener": Column(
        pl.Boolean(), False, "opens its conversation (Slack thread parent, PR opened)"
    ),
    "subtype": Column(pl.String(), True, "Slack subtype kept for content messages"),
    "mentions": Column(
        pl.List(pl.String()),
        False,
        "people the event addresses: Slack `<@U..>` (and `@here`/`@channel`), requested reviewers",
    ),
    "author_tz": Column(pl.String(), True, "author's IANA time zone when the source knows it"),
    "edited_at": Column(UTC_TIME, True, "when the message was last edited"),
    "attached_by": Column(
        pl.String(), True, "why an in-channel reply was attached to this conversation"
    ),
}

REQUIRED_INPUT = ("source", "channel", "conversation_id", "author", "ts", "text")

PR_KINDS = (
    "pr_opened",
    "ready_for_review",
    "converted_to_draft",
    "review_requested",
    "review_approved",
    "review_changes_requested",
    "review_commented",
    "review_dismissed",
    "comment",
    "review_comment",
    "commit",
    "merged",
    "closed",
    "reopened",
)
KINDS = ("message", *PR_KINDS)

_STRING_COLUMNS = [name for name, col in EVENT_COLUMNS.items() if col.dtype == pl.String()]
_SLACK_TS = r"^\d{1,12}\.\d{1,6}$"
_TIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%#z",
    "%Y-%m-%d %H:%M:%S%.f%#z",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
)


def empty_events() -> pl.DataFrame:
    """An event table with no rows."""
    return pl.DataFrame(schema={name: col.dtype for name, col in EVENT_COLUMNS.items()})


def slack_ts_to_datetime(ts: pl.Expr) -> pl.Expr:
    """Slack's ``"1735725600.123456"`` string to an exact UTC time (never through a float)."""
    parts = ts.str.split_exact(".", 1)
    seconds = parts.struct.field("field_0").cast(pl.Int64)
    micros = parts.struct.field("field_1").str.pad_end(6, "0").str.slice(0, 6).cast(pl.Int64)
    return pl.from_epoch(seconds * 1_000_000 + micros, time_unit="us").dt.replace_time_zone("UTC")


def parse_times(values: pl.Expr) -> pl.Expr:
    """ISO-8601 strings (any offset; none means UTC) or Slack ``ts`` strings to UTC times.

    Unparseable values become null; callers compare with the input to report them.
    """
    attempts = [
        values.str.to_datetime(format=fmt, time_unit="us", time_zone="UTC", strict=False)
        for fmt in _TIME_FORMATS
    ]
    slack = pl.when(values.str.contains(_SLACK_TS)).then(slack_ts_to_datetime(values))
    return pl.coalesce([*attempts, slack])


def events_from_frame(frame: Any) -> Any:
    """Validate a pandas or polars frame of messages and return it as the event table.

    The frame holds at least ``source, channel, conversation_id, author, ts, text``. Missing
    optional columns get defaults: ``kind="message"``, ``message_id`` derived from the
    conversation and the message's place in it, ``author_is_bot=False``, no reactions, and
    the first row of each conversation in time order is its opener. ``ts`` may be datetimes
    (naive ones are taken as UTC), ISO-8601 strings or Slack ``ts`` strings. Extra columns are
    kept.

    Args:
        frame: a pandas or polars DataFrame (or polars LazyFrame).

    Returns:
        The event table, of the same kind as ``frame``, sorted by ``ts`` then ``message_id``.

    Raises:
        InputError: a required column is missing, has the wrong type, holds nulls, or a time
            or kind cannot be understood; the message names the column and the first bad row.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import events_from_frame
        >>> raw = pl.DataFrame({
        ...     "source": ["slack", "slack"], "channel": ["eng", "eng"],
        ...     "conversation_id": ["q1", "q1"], "author": ["ana", "bo"],
        ...     "ts": ["2026-07-01T09:00:00Z", "2026-07-01T09:30:00Z"],
        ...     "text": ["How do I rotate the API key?", "Run `make rotate-key`."],
        ... })
        >>> events = events_from_frame(raw)
        >>> events.select("message_id", "author", "is_opener").rows()
        [('q1:0', 'ana', True), ('q1:1', 'bo', False)]
    """
    backend = backend_of(frame)
    df = to_polars(frame).with_row_index("__row")
    missing = [c for c in REQUIRED_INPUT if c not in df.columns]
    if missing:
        raise InputError(
            f"missing column; the event table needs {', '.join(REQUIRED_INPUT)}",
            field=missing[0],
        )
    df = _coerce_strings(df)
    df = _coerce_ts(df)
    df = _with_defaults(df)
    for name in ("author_is_bot", "is_opener"):
        if df.schema[name] != pl.Boolean:
            raise InputError(f"must be true/false, got {df.schema[name]}", field=name)
    if df.schema["reactions"] != REACTIONS:
        df = df.with_columns(_coerce_list_column(df, "reactions", REACTIONS))
    if df.schema["mentions"] != pl.List(pl.String):
        df = df.with_columns(_coerce_list_column(df, "mentions", pl.List(pl.String)))
    _check_values(df)
    ordered = [*EVENT_COLUMNS, *(c for c in df.columns if c not in EVENT_COLUMNS and c != "__row")]
    return to_backend(sort_events(df.select(ordered)), backend)


def sort_events(events: pl.DataFrame) -> pl.DataFrame:
    """``events`` in the event table's order, by ``ts`` then ``message_id``.

    Tables usually arrive in that order already (exports, Parquet written by asyncmetrics);
    checking is one cheap pass, sorting millions of rows by text is not.
    """
    if events.height < 2:
        return events
    ts, mid = pl.col("ts"), pl.col("message_id")
    prev_ts, prev_mid = ts.shift(1), mid.shift(1)
    step = (ts > prev_ts) | ((ts == prev_ts) & (mid > prev_mid))
    in_order = step.fill_null(False).slice(1).all()
    if events.select(in_order).item():
        return events
    return events.sort("ts", "message_id")


def validate_events(events: pl.DataFrame) -> pl.DataFrame:
    """Check that ``events`` has every event-table column with its type and rules; return it."""
    for name, col in EVENT_COLUMNS.items():
        if name not in events.columns:
            raise InputError("missing column in the event table", field=name)
        if events.schema[name] != col.dtype:
            raise InputError(f"has type {events.schema[name]}, expected {col.dtype}", field=name)
    _check_values(events.with_row_index("__row"))
    return events


def conform_events(events: pl.DataFrame) -> pl.DataFrame:
    """Give event-table columns their schema types after a trip through pandas.

    pandas keeps lists as Python objects, so empty reaction or mention lists come back to
    polars as lists of nulls.
    """
    fixes = [
        pl.col(name).cast(col.dtype)
        for name, col in EVENT_COLUMNS.items()
        if name in events.columns and events.schema[name] != col.dtype
    ]
    return events.with_columns(fixes) if fixes else events


def _first_bad_row(df: pl.DataFrame, bad: pl.Expr) -> tuple[str, pl.DataFrame] | None:
    hit = df.filter(bad).sort("__row").head(1)
    if hit.is_empty():
        return None
    return f"row {hit['__row'][0]}", hit


def _coerce_strings(df: pl.DataFrame) -> pl.DataFrame:
    fixes = []
    for name in _STRING_COLUMNS:
        if name not in df.columns:
            continue
        dtype = df.schema[name]
        if dtype == pl.String:
            continue
        if dtype.is_integer() or isinstance(dtype, pl.Categorical | pl.Enum) or dtype == pl.Null:
            fixes.append(pl.col(name).cast(pl.String))
        else:
            raise InputError(f"must be text, got {dtype}", field=name)
    return df.with_columns(fixes)


def _coerce_ts(df: pl.DataFrame) -> pl.DataFrame:
    dtype = df.schema["ts"]
    if isinstance(dtype, pl.Datetime):
        ts = pl.col("ts").dt.cast_time_unit("us")
        ts = (
            ts.dt.replace_time_zone("UTC")
            if dtype.time_zone is None
            else ts.dt.convert_time_zone("UTC")
        )
        return df.with_columns(ts)
    if dtype == pl.String:
        df = df.with_columns(parse_times(pl.col("ts")).alias("__ts"))
        bad = _first_bad_row(df, pl.col("__ts").is_null() & pl.col("ts").is_not_null())
        if bad:
            row, hit = bad
            raise InputError(
                f"cannot parse {hit['ts'][0]!r} as a time (use ISO-8601 or a Slack ts)",
                record=row,
                field="ts",
            )
        return df.with_columns(pl.col("__ts").alias("ts")).drop("__ts")
    hint = (
        " (epoch numbers are ambiguous: convert with pl.from_epoch)" if dtype.is_numeric() else ""
    )
    raise InputError(f"must be datetimes or time strings, got {dtype}{hint}", field="ts")


def _with_defaults(df: pl.DataFrame) -> pl.DataFrame:
    defaults: list[pl.Expr] = []
    if "kind" not in df.columns:
        defaults.append(pl.lit("message").alias("kind"))
    if "author_is_bot" not in df.columns:
        defaults.append(pl.lit(False).alias("author_is_bot"))
    if "reactions" not in df.columns:
        defaults.append(pl.lit([], dtype=REACTIONS).alias("reactions"))
    if "mentions" not in df.columns:
        defaults.append(pl.lit([], dtype=pl.List(pl.String)).alias("mentions"))
    for name in ("subtype", "author_tz", "attached_by"):
        if name not in df.columns:
            defaults.append(pl.lit(None, dtype=pl.String).alias(name))
    if "edited_at" not in df.columns:
        defaults.append(pl.lit(None, dtype=UTC_TIME).alias("edited_at"))
    df = df.with_columns(defaults)
    if df.schema["edited_at"] == pl.String:
        df = df.with_columns(parse_times(pl.col("edited_at")).alias("edited_at"))
    if "message_id" in df.columns and "is_opener" in df.columns:
        # Nothing is derived from the order: the result is sorted by (ts, message_id) later.
        return df
    # Ties in time are broken by content, so the derived ids and the opener do not depend on
    # the order the caller's rows came in.
    content = [c for c in df.columns if c != "__row"]
    df = df.with_columns(pl.struct(content).hash(seed=0).alias("__content"))
    order = ["conversation_id", "ts", "author", "text", "kind", "__content"]
    df = df.sort(order, nulls_last=True).drop("__content")
    if "message_id" not in df.columns:
        ordinal = pl.int_range(pl.len()).over("conversation_id").cast(pl.String)
        df = df.with_columns(
            pl.concat_str(pl.col("conversation_id"), pl.lit(":"), ordinal).alias("message_id")
        )
    if "is_opener" not in df.columns:
        has_pr = (pl.col("kind") == "pr_opened").any().over("conversation_id")
        first = pl.int_range(pl.len()).over("conversation_id") == 0
        df = df.with_columns(
            pl.when(has_pr).then(pl.col("kind") == "pr_opened").otherwise(first).alias("is_opener")
        )
    return df


def _coerce_list_column(df: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    if df.schema[name] == pl.Null:
        return pl.lit([], dtype=dtype).alias(name)
    try:
        df.select(pl.col(name).cast(dtype))
    except Exception as exc:
        raise InputError(f"must be {dtype}, got {df.schema[name]}", field=name) from exc
    return pl.col(name).cast(dtype).fill_null(pl.lit([], dtype=dtype))


def _check_values(df: pl.DataFrame) -> None:
    checks = {}
    for name, col in EVENT_COLUMNS.items():
        if not col.nullable:
            checks[f"{name} null"] = pl.col(name).is_null()
            if col.dtype == pl.String:
                checks[f"{name} empty"] = pl.col(name).str.len_bytes() == 0
    checks = {name: bad.any() for name, bad in checks.items()}
    checks["kind"] = (~pl.col("kind").is_in(KINDS)).any()
    # Distinct hashes prove distinct ids, and hashing is much cheaper than grouping text;
    # equal hashes (a duplicate, or very rarely a collision) are checked on the ids.
    checks["message_id"] = pl.col("message_id").hash(seed=0).n_unique() < pl.len()
    # One pass says whether anything is wrong; the row-by-row search runs only if so.
    failed = df.select(bad.alias(name) for name, bad in checks.items()).row(0, named=True)
    if failed["message_id"]:
        failed["message_id"] = df.select(pl.col("message_id").is_duplicated().any()).item()
    if not any(failed.values()):
        return
    for name, col in EVENT_COLUMNS.items():
        if col.nullable:
            continue
        bad = _first_bad_row(df, pl.col(name).is_null())
        if bad:
            raise InputError("is empty; this column needs a value", record=bad[0], field=name)
        if col.dtype == pl.String:
            bad = _first_bad_row(df, pl.col(name).str.len_chars() == 0)
            if bad:
                raise InputError("is an empty string", record=bad[0], field=name)
    bad = _first_bad_row(df, ~pl.col("kind").is_in(KINDS))
    if bad:
        raise InputError(
            f"unknown kind {bad[1]['kind'][0]!r}; known kinds: {', '.join(KINDS)}",
            record=bad[0],
            field="kind",
        )
    bad = _first_bad_row(df, pl.col("message_id").is_duplicated())
    if bad:
        raise InputError(
            f"duplicate message_id {bad[1]['message_id'][0]!r}", record=bad[0], field="message_id"
        )
