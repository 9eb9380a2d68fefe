"""Slack: Web API message objects and the workspace export (ZIP or folder) to the event table."""

from __future__ import annotations

import json
import logging
import re
import zipfile
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.errors import InputError
from asyncmetrics.schema import (
    EVENT_COLUMNS,
    REACTIONS,
    UTC_TIME,
    empty_events,
    slack_ts_to_datetime,
)

log = logging.getLogger("asyncmetrics")

# Messages that carry something people said. Everything else Slack puts in a channel's
# history (joins, topic changes, canvas edits, reminders...) is housekeeping and is dropped.
CONTENT_SUBTYPES = frozenset(
    {
        "bot_message",
        "thread_broadcast",
        "reply_broadcast",
        "file_share",
        "file_comment",
        "me_message",
        "huddle_thread",
        "slackbot_response",
    }
)
SYSTEM_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "channel_posting_permissions",
        "channel_convert_to_private",
        "channel_convert_to_public",
        "channel_canvas_updated",
        "tabbed_canvas_updated",
        "group_join",
        "group_leave",
        "group_topic",
        "group_purpose",
        "group_name",
        "group_archive",
        "group_unarchive",
        "pinned_item",
        "unpinned_item",
        "bot_add",
        "bot_remove",
        "bot_enable",
        "bot_disable",
        "reminder_add",
        "reminder_delete",
        "sh_room_created",
        "sh_room_shared",
        "app_conversation_join",
        "joiner_notification",
        "ekm_access_denied",
        # A deleted thread parent: its replies stay, as a conversation without an opener.
        "tombstone",
        # Events API envelopes; never real messages in history.
        "message_changed",
        "message_deleted",
        "message_replied",
    }
)
_SLACKBOT = "USLACKBOT"
_MENTION = r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|<!(here|channel|everyone)(?:\|[^>]*)?>"
_PERMALINK = r"/archives/([A-Z0-9]+)/p(\d{10})(\d{6})"
_TS = re.compile(r"\d{1,12}\.\d{1,6}")
_DAY_FILE = re.compile(r"^(?:.*/)?([^/]+)/(\d{4}-\d{2}-\d{2})\.json$")


def read_slack_messages(
    messages: Iterable[Mapping[str, Any]],
    *,
    channel: str,
    channel_id: str | None = None,
    users: Mapping[str, Mapping[str, Any]] | None = None,
    config: Config | None = None,
    attach_replies: bool = True,
    file: str | None = None,
) -> pl.DataFrame:
    """Turn Slack message objects, as the Web API returns them, into events.

    ``messages`` are the dicts of ``conversations.history`` and ``conversations.replies``
    for one channel, in any order; a message seen twice (a ``thread_broadcast`` returned by
    both calls, or a re-synced copy) becomes one event, the last copy winning. Housekeeping
    subtypes (joins, topic changes...) are dropped; bots (``bot_id``, ``bot_message``, app
    users, Slackbot, ``config.bots``) are flagged.

    Args:
        messages: Slack message objects of one channel.
        channel: the channel's name, used for the ``channel`` column.
        channel_id: the channel's id (``C0123``); ids are built from it when given, else from
            the name.
        users: ``users.list`` members by id, for bots and time zones.
        config: rules; the in-channel reply attachment uses its windows.
        attach_replies: attach answers posted in the channel instead of the thread to the
            conversation they answer (see :func:`attach_channel_replies`).
        file: where the messages came from, for error messages.

    Returns:
        The event table of this channel.

    Examples:
        >>> from asyncmetrics import read_slack_messages
        >>> msgs = [
        ...     {"type": "message", "user": "U1", "text": "Deploy is stuck, can someone look?",
        ...      "ts": "1782900000.000100", "thread_ts": "1782900000.000100", "reply_count": 1},
        ...     {"type": "message", "user": "U2", "text": "Restart the runner.",
        ...      "ts": "1782900600.000200", "thread_ts": "1782900000.000100"},
        ... ]
        >>> read_slack_messages(msgs, channel="eng", channel_id="C1")["conversation_id"].to_list()
        ['C1:1782900000.000100', 'C1:1782900000.000100']
    """
    config = config or Config()
    users = users or {}
    bots = set(config.bots)
    cid = channel_id or channel
    rows: dict[str, dict[str, Any]] = {}
    skipped: Counter[str] = Counter()
    unknown_zones: set[str | None] = set()
    for index, message in enumerate(messages):
        if not isinstance(message, Mapping):
            raise InputError("a message must be a JSON object", file=file, record=index)

        def field(
            name: str, kinds: Any = str, message: Mapping = message, index: int = index
        ) -> Any:
            return _field(message, name, kinds, file, index)

        subtype = field("subtype")
        if subtype in SYSTEM_SUBTYPES:
            skipped[subtype] += 1
            continue
        if subtype is not None and subtype not in CONTENT_SUBTYPES:
            skipped[f"unknown subtype {subtype}"] += 1
            continue
        ts = message.get("ts")
        thread_ts = message.get("thread_ts") or ts
        for name, value in (("ts", ts), ("thread_ts", thread_ts)):
            if not isinstance(value, str) or not _TS.fullmatch(value):
                raise InputError(
                    f"expected a Slack ts string like '1735725600.123456', got {value!r}",
                    file=file,
                    record=index,
                    field=name,
                )
        # Legacy file comments carry the commenter in `comment.user`, not `user`.
        comment = field("comment", Mapping) or {}
        user = field("user") or (
            comment.get("user") if isinstance(comment.get("user"), str) else None
        )
        bot_id = field("bot_id")
        author = user or bot_id or field("username") or "unknown"
        profile = users.get(user, {}) if user else {}
        edited = field("edited", Mapping) or {}
        tz = profile.get("tz")
        if tz is not None and tz not in _zones():
            unknown_zones.add(user)
            tz = None
        rows[ts] = {
            "message_id": f"{cid}:{ts}",
            "conversation_id": f"{cid}:{thread_ts}",
            "author": author,
            "author_is_bot": bool(
                bot_id
                or subtype in {"bot_message", "slackbot_response"}
                or author == _SLACKBOT
                or profile.get("is_bot")
                or profile.get("is_app_user")
                or author in bots
            ),
            "slack_ts": ts,
            "text": field("text"),
            "reactions": _reactions(field("reactions", list) or [], file, index),
            "is_opener": thread_ts == ts,
            "subtype": subtype,
            "author_tz": tz,
            "edited_ts": edited.get("ts") if isinstance(edited.get("ts"), str) else None,
        }
    if unknown_zones:
        skipped[f"time zone not known for {len(unknown_zones)} user(s)"] += 1
    if skipped:
        log.info("%s: skipped %s", file or channel, dict(sorted(skipped.items())))
    if not rows:
        return empty_events()
    frame = pl.DataFrame(
        list(rows.values()),
        schema={
            "message_id": pl.String,
            "conversation_id": pl.String,
            "author": pl.String,
            "author_is_bot": pl.Boolean,
            "slack_ts": pl.String,
            "text": pl.String,
            "reactions": REACTIONS,
            "is_opener": pl.Boolean,
            "subtype": pl.String,
            "author_tz": pl.String,
            "edited_ts": pl.String,
        },
    )
    events = (
        frame.with_columns(
            # Old exports store a file upload as Slack's own sentence ("<@U1|ana> uploaded a file:
            # <link|name> and commented: …"); only the comment is the person's words.
            pl.when(pl.col("subtype").is_in(["file_share", "file_comment", "file_mention"]))
            .then(pl.col("text").str.replace(_FILE_BOILERPLATE, ""))
            .otherwise(pl.col("text"))
            .alias("text"),
        )
        .with_columns(
            pl.lit("slack").alias("source"),
            pl.lit(channel).alias("channel"),
            slack_ts_to_datetime(pl.col("slack_ts")).alias("ts"),
            pl.lit("message").alias("kind"),
            _mentions(pl.col("text")).alias("mentions"),
            slack_ts_to_datetime(pl.col("edited_ts")).cast(UTC_TIME).alias("edited_at"),
            pl.lit(None, dtype=pl.String).alias("attached_by"),
        )
        .select(list(EVENT_COLUMNS))
    )
    if attach_replies:
        events = attach_channel_replies(events, config)
    return events.sort("ts", "message_id")


def _field(message: Mapping[str, Any], name: str, kinds: Any, file: str | None, index: int) -> Any:
    """A message's field, or an error naming the file, the record and the field."""
    value = message.get(name)
    if value is not None and not isinstance(value, kinds):
        raise InputError(
            f"expected {_kind(kinds)}, got {type(value).__name__}",
            file=file,
            record=index,
            field=name,
        )
    return value


def _kind(kinds: type | tuple[type, ...]) -> str:
    names = {str: "text", list: "a list", Mapping: "an object"}
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _reactions(reactions: list[Any], file: str | None, index: int) -> list[dict[str, Any]]:
    out = []
    for reaction in reactions:
        users = reaction.get("users") if isinstance(reaction, Mapping) else None
        if (
            not isinstance(reaction, Mapping)
            or not isinstance(reaction.get("name"), str)
            or not isinstance(users or [], list)
            or not all(isinstance(u, str) for u in users or [])
        ):
            raise InputError(
                "expected reactions like {name: text, users: [ids]}",
                file=file,
                record=index,
                field="reactions",
            )
        out.append({"name": reaction["name"], "users": list(users or [])})
    return out


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() | {"UTC"})


def attach_channel_replies(events: pl.DataFrame, config: Config | None = None) -> pl.DataFrame:
    """Attach answers posted in the channel (not in the thread) to the conversation they answer.

    Many teams reply in the channel instead of the thread. A top-level message without
    replies of its own, by a human, joins an earlier conversation of the same channel when,
    in this order of precedence:

    1. it links to that conversation's message (a Slack permalink) or quotes its text
       (a ``>`` line found in it), within a day;
    2. it mentions that conversation's opener author, whose top-level message came at most
       ``config.attach_mention_window`` before;
    3. it follows that conversation's opener in an unbroken run of top-level messages, each
       at most ``config.attach_gap`` after the previous, written by the same two people (when
       the run opens with several messages by one person, the last of them is the opener).

    The rule that fired is kept in ``attached_by``; the message keeps its own id.

    Args:
        events: Slack events (one or more channels).
        config: windows of the rule.

    Returns:
        ``events`` with ``conversation_id``, ``is_opener`` and ``attached_by`` updated.
    """
    config = config or Config()
    size_of = events.group_by("conversation_id").len()
    top = (
        events.filter(pl.col("is_opener") & ~pl.col("author_is_bot"))
        .join(size_of, on="conversation_id", how="left")
        .with_columns((pl.col("len") == 1).alias("single"))
        .drop("len")
        .sort("channel", "ts", "message_id")
    )
    candidates = top.filter("single")
    if candidates.is_empty():
        return events
    targets = [
        _by_reference(candidates, top),
        _by_mention(candidates, top, config.attach_mention_window),
        _by_run(top, config.attach_gap),
    ]
    found = pl.concat(
        [t.with_columns(pl.lit(i).alias("priority")) for i, t in enumerate(targets)],
        how="vertical",
    )
    best = (
        found.sort("priority", "target_ts", descending=[False, True])
        .unique("message_id", keep="first", maintain_order=True)
        .select("message_id", "target", "why")
    )
    # A message can answer one that was itself attached elsewhere: follow such chains to the
    # conversation that keeps its opener (each pass resolves one more link).
    moved = best.select(pl.col("message_id").alias("target"), pl.col("target").alias("onward"))
    for _ in range(len(best)):
        best = best.join(moved, on="target", how="left").with_columns(
            pl.coalesce("onward", "target").alias("target")
        )
        if best["onward"].is_null().all():
            best = best.drop("onward")
            break
        best = best.drop("onward")
    return (
        events.join(best, on="message_id", how="left")
        .with_columns(
            pl.coalesce("target", "conversation_id").alias("conversation_id"),
            (pl.col("is_opener") & pl.col("target").is_null()).alias("is_opener"),
            pl.coalesce("why", "attached_by").alias("attached_by"),
        )
        .drop("target", "why")
    )


def _by_reference(candidates: pl.DataFrame, top: pl.DataFrame) -> pl.DataFrame:
    linked = candidates.with_columns(
        pl.col("text").str.extract_groups(_PERMALINK).alias("link"),
        pl.col("text")
        .str.extract(r"(?m)^(?:&gt;|>)\s*(.{12,60})", 1)
        .str.strip_chars()
        .alias("quote"),
    ).filter(pl.col("link").struct.field("1").is_not_null() | pl.col("quote").is_not_null())
    if linked.is_empty():
        return _no_targets()
    pairs = linked.select(
        "message_id",
        "channel",
        "ts",
        "author",
        "quote",
        pl.concat_str(
            pl.col("link").struct.field("2"), pl.lit("."), pl.col("link").struct.field("3")
        ).alias("linked_ts"),
    ).join(
        top.select(
            "channel",
            pl.col("conversation_id").alias("target"),
            pl.col("ts").alias("target_ts"),
            pl.col("text").alias("target_text"),
            pl.col("message_id").alias("target_id"),
        ),
        on="channel",
    )
    hit = pairs.filter(
        (pl.col("target_id") != pl.col("message_id"))
        & (pl.col("target_ts") < pl.col("ts"))
        & (pl.col("ts") - pl.col("target_ts") <= pl.duration(days=1))
        & (
            pl.col("target_id").str.ends_with(pl.concat_str(pl.lit(":"), pl.col("linked_ts")))
            | pl.col("target_text").str.contains(pl.col("quote"), literal=True)
        )
    )
    return hit.select(
        "message_id",
        "target",
        "target_ts",
        pl.lit("in-channel reply: links or quotes").alias("why"),
    )


def _by_mention(candidates: pl.DataFrame, top: pl.DataFrame, window: Any) -> pl.DataFrame:
    mentioned = (
        candidates.select("message_id", "channel", "ts", "author", "mentions")
        .explode("mentions")
        .filter(
            pl.col("mentions").is_not_null()
            & ~pl.col("mentions").str.starts_with("@")
            & (pl.col("mentions") != pl.col("author"))
        )
        .rename({"mentions": "requester"})
        .sort("ts")
    )
    if mentioned.is_empty():
        return _no_targets()
    openers = top.select(
        "channel",
        pl.col("author").alias("requester"),
        pl.col("ts").alias("target_ts"),
        pl.col("conversation_id").alias("target"),
        pl.col("message_id").alias("target_id"),
        pl.col("ts"),
    ).sort("ts")
    hit = mentioned.join_asof(
        openers,
        on="ts",
        by=["channel", "requester"],
        strategy="backward",
        tolerance=window,
        allow_exact_matches=False,
        check_sortedness=False,
    ).filter(pl.col("target").is_not_null() & (pl.col("target_id") != pl.col("message_id")))
    return hit.select(
        "message_id",
        "target",
        "target_ts",
        pl.lit("in-channel reply: mentions the requester").alias("why"),
    )


def _by_run(top: pl.DataFrame, gap: Any) -> pl.DataFrame:
    """Runs of top-level messages close in time between exactly two people.

    A message with a thread of its own, or a gap longer than ``gap``, ends a run; only
    messages without replies join one.
    """
    in_channel = "channel"
    previous_ts = pl.col("ts").shift(1).over(in_channel)
    new_run = (
        previous_ts.is_null()
        | (pl.col("ts") - previous_ts > gap)
        | ~pl.col("single")
        | ~pl.col("single").shift(1).over(in_channel).fill_null(True)
    )
    run = ["channel", "run"]
    runs = top.with_columns(new_run.cum_sum().over(in_channel).alias("run")).with_columns(
        (pl.col("author") != pl.col("author").shift(1))
        .fill_null(True)
        .cum_sum()
        .over(run)
        .alias("block"),
        pl.col("author").n_unique().over(run).alias("people"),
        pl.col("single").all().over(run).alias("all_single"),
    )
    # Someone posting several top-level messages before anyone answers is answered on the
    # last of them (usually the question); the earlier ones stay conversations of their own.
    runs = runs.with_columns(
        pl.col("conversation_id").filter(pl.col("block") == 1).last().over(run).alias("target"),
        pl.col("ts").filter(pl.col("block") == 1).last().over(run).alias("target_ts"),
    )
    hit = runs.filter((pl.col("block") > 1) & (pl.col("people") == 2) & pl.col("all_single"))
    return hit.select(
        "message_id",
        "target",
        "target_ts",
        pl.lit("in-channel reply: quick back-and-forth between the same two people").alias("why"),
    )


def _no_targets() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "message_id": pl.String,
            "target": pl.String,
            "target_ts": UTC_TIME,
            "why": pl.String,
        }
    )


_FILE_BOILERPLATE = (
    r"^<@[UW][A-Z0-9]+(?:\|[^>]*)?> (?:(?:uploaded|shared) a file: <[^>]*>(?: and commented: )?"
    r"|commented on (?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>|[UW][A-Z0-9]+|\S+)'s file <[^>]*>: "
    r"|mentioned a file: <[^>]*>:? ?)"
)


def _mentions(text: pl.Expr) -> pl.Expr:
    return (
        text.str.extract_all(_MENTION)
        .list.eval(
            pl.element()
            .str.replace(r"^<@([UW][A-Z0-9]+).*$", "$1")
            .str.replace(r"^<!(\w+).*$", "@$1")
        )
        .fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def read_slack_export(path: str | Path, *, config: Config | None = None) -> pl.DataFrame:
    """Read a Slack workspace export (the ZIP, or the folder it unpacks to) into events.

    The export holds ``users.json``, ``channels.json`` (and, for full exports,
    ``groups.json``, ``mpims.json``, ``dms.json``) and one folder per conversation with a
    JSON file per day. Threads are rebuilt from ``thread_ts`` across day files, since a
    reply sits in the file of its own day, not its parent's.

    Args:
        path: the export ZIP or folder.
        config: classification rules (bots, in-channel reply windows).

    Returns:
        The event table of every channel in the export.

    Raises:
        InputError: a file is not valid JSON or a record lacks what an event needs; the
            message names the file, the record and the field.

    Examples:
        >>> from asyncmetrics import read_slack_export
        >>> from asyncmetrics import sample_path
        >>> events = read_slack_export(sample_path() / "slack")
        >>> sorted(events["channel"].unique())[:2]
        ['data-help', 'eng-platform']
    """
    config = config or Config()
    with _ExportFiles(Path(path)) as files:
        listed = [
            *_json_list(files, "users.json", optional=True),
            *_json_list(files, "org_users.json", optional=True),
        ]
        # A user record without an id (a deleted or damaged one) cannot be matched to messages.
        users = {
            u["id"]: u for u in listed if isinstance(u, Mapping) and isinstance(u.get("id"), str)
        }
        ids: dict[str, str] = {}
        for listing in ("channels.json", "groups.json", "mpims.json"):
            for item in _json_list(files, listing, optional=True):
                if isinstance(item, Mapping) and "name" in item and "id" in item:
                    ids[item["name"]] = item["id"]
        days: dict[str, list[str]] = {}
        for name in files.names():
            match = _DAY_FILE.match(name)
            if match:
                days.setdefault(match.group(1), []).append(name)
        frames = []
        for folder in sorted(days):
            messages: list[Any] = []
            for day_file in sorted(days[folder]):
                messages.extend(_json_list(files, day_file))
            frames.append(
                read_slack_messages(
                    messages,
                    channel=folder,
                    channel_id=ids.get(folder, folder),
                    users=users,
                    config=config,
                    file=f"{path}/{folder}",
                )
            )
    if not frames:
        raise InputError(
            "no channel folders with day files (<channel>/<YYYY-MM-DD>.json) found", file=str(path)
        )
    return pl.concat(frames, how="vertical").sort("ts", "message_id")


class _ExportFiles:
    """The files of an export, whether zipped or unpacked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if not path.exists():
            raise InputError("no such file or folder", file=str(path))

    def __enter__(self) -> _ExportFiles:
        if self.path.is_file():
            try:
                self.zip = zipfile.ZipFile(self.path)
            except zipfile.BadZipFile as exc:
                raise InputError(f"not a readable ZIP file ({exc})", file=str(self.path)) from exc
            self.prefix = _common_root(self.zip.namelist())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.zip:
            self.zip.close()

    def names(self) -> list[str]:
        if self.zip:
            return [n[len(self.prefix) :] for n in self.zip.namelist() if not n.endswith("/")]
        return [p.relative_to(self.path).as_posix() for p in self.path.rglob("*.json")]

    def read(self, name: str) -> bytes | None:
        try:
            if self.zip:
                return self.zip.read(self.prefix + name)
            return (self.path / name).read_bytes()
        except (KeyError, FileNotFoundError):
            return None
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise InputError(f"cannot read ({exc})", file=f"{self.path}/{name}") from exc


def _common_root(names: list[str]) -> str:
    """Exports zipped by hand often wrap everything in one top folder."""
    if any(n in {"users.json", "channels.json"} for n in names):
        return ""
    for n in names:
        if n.endswith("/channels.json") and n.count("/") == 1:
            return n[: -len("channels.json")]
    return ""


def _json_list(files: _ExportFiles, name: str, optional: bool = False) -> list[Any]:
    raw = files.read(name)
    where = f"{files.path}/{name}"
    if raw is None:
        if optional:
            return []
        raise InputError("file is missing", file=where)
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", file=where) from exc
    if not isinstance(data, list):
        raise InputError(f"expected a JSON array, got {type(data).__name__}", file=where)
    return data


def slack_emails(path: str | Path) -> pl.DataFrame:
    """``(author, email)`` for Slack users whose profile in the export shows an e-mail."""
    with _ExportFiles(Path(path)) as files:
        users = _json_list(files, "users.json", optional=True)
    pairs = sorted(
        {
            (u["id"], u["profile"]["email"])
            for u in users
            if isinstance(u, Mapping) and u.get("id") and (u.get("profile") or {}).get("email")
        }
    )
    return pl.DataFrame(pairs, schema={"author": pl.String, "email": pl.String}, orient="row")
