"""Build hand-made conversations readably: Slack threads, Slack API messages, pull requests.

Times are written the way people read them: ``"09:30"`` is on the base day (Monday
2026-07-06, UTC), ``"Fri 18:00"`` is a day of that week, ``"2026-07-13 10:00"`` any day
(UTC unless an offset is given, ``"2026-07-13T10:00+05:30"``), or a ``datetime``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl

from asyncmetrics import events_from_frame, read_github_pulls, read_slack_messages
from asyncmetrics.config import Config

BASE_DAY = date(2026, 7, 6)  # a Monday
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def at(when: str | datetime) -> datetime:
    """A UTC datetime from ``"HH:MM"``, ``"Fri HH:MM"``, ``"YYYY-MM-DD HH:MM"`` or a datetime."""
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    text = when.strip()
    day = BASE_DAY
    if text[:3] in _WEEKDAYS and text[3:4] == " ":
        day = BASE_DAY + timedelta(days=_WEEKDAYS.index(text[:3]))
        text = text[4:]
    if len(text) <= 8:  # HH:MM or HH:MM:SS
        parts = [int(p) for p in text.split(":")]
        parts += [0] * (3 - len(parts))
        return datetime(day.year, day.month, day.day, *parts, tzinfo=UTC)
    parsed = datetime.fromisoformat(text)
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def hours(h: float = 0, minutes: float = 0) -> timedelta:
    return timedelta(hours=h, minutes=minutes)


def m(
    author: str,
    when: str | datetime,
    text: str | None,
    *,
    reactions: Mapping[str, str | Iterable[str]] | None = None,
    bot: bool = False,
    tz: str | None = None,
    subtype: str | None = None,
    bot_id: str | None = None,
    thread: str | datetime | None = None,
) -> dict[str, Any]:
    """One message. ``reactions`` maps an emoji name to who reacted (a name or names);
    ``thread`` is the time of the thread parent it replies to (for :func:`slack_channel`)."""
    return {
        "author": author,
        "when": when,
        "text": text,
        "reactions": dict(reactions or {}),
        "bot": bot,
        "tz": tz,
        "subtype": subtype,
        "bot_id": bot_id,
        "thread": thread,
    }


def _message(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    author, when, text, *rest = item
    return m(author, when, text, **(rest[0] if rest else {}))


def _reactions(reactions: Mapping[str, str | Iterable[str]]) -> list[dict[str, Any]]:
    return [
        {"name": name, "users": [users] if isinstance(users, str) else list(users)}
        for name, users in reactions.items()
    ]


def slack(channel: str, *messages: Any, cid: str | None = None, pandas: bool = False) -> Any:
    """One Slack conversation through ``events_from_frame``; the first message opens it.

    ``messages`` are ``m(...)`` dicts or ``(author, when, text[, {options}])`` tuples. The
    conversation id is ``cid`` (default: the channel); message ids are ``<cid>:<n>``, n
    counting in time order from 0.
    """
    rows = [_message(x) for x in messages]
    cid = cid or channel
    frame = pl.DataFrame(
        {
            "source": ["slack"] * len(rows),
            "channel": [channel] * len(rows),
            "conversation_id": [cid] * len(rows),
            "author": [r["author"] for r in rows],
            "author_is_bot": [bool(r["bot"]) for r in rows],
            "ts": [at(r["when"]) for r in rows],
            "text": [r["text"] for r in rows],
            "reactions": [_reactions(r["reactions"]) for r in rows],
            "author_tz": [r["tz"] for r in rows],
            "subtype": [r["subtype"] for r in rows],
        },
        schema_overrides={
            "ts": pl.Datetime("us", "UTC"),
            "text": pl.String,
            "author_tz": pl.String,
            "subtype": pl.String,
            "reactions": pl.List(pl.Struct({"name": pl.String, "users": pl.List(pl.String)})),
        },
    )
    return events_from_frame(frame.to_pandas() if pandas else frame)


def slack_ts(when: str | datetime) -> str:
    """Slack's ``ts`` string of a time (whole seconds)."""
    return f"{int(at(when).timestamp())}.000000"


def slack_api(
    channel: str,
    *messages: Any,
    users: Mapping[str, Mapping[str, Any]] | None = None,
    config: Config | None = None,
) -> pl.DataFrame:
    """One Slack thread as Web API message objects, read by ``read_slack_messages``.

    The first message is the thread parent; ids are ``<channel>:<ts>`` (see :func:`slack_ts`).
    ``bot_id``/``subtype`` options give Slack's own bot markers.
    """
    rows = [_message(x) for x in messages]
    parent = slack_ts(rows[0]["when"])
    objects = []
    for i, r in enumerate(rows):
        obj: dict[str, Any] = {
            "type": "message",
            "text": r["text"],
            "ts": slack_ts(r["when"]),
            "thread_ts": parent,
        }
        if i == 0:
            obj["reply_count"] = len(rows) - 1
        if r["bot_id"]:
            obj["bot_id"] = r["bot_id"]
        if r["subtype"]:
            obj["subtype"] = r["subtype"]
        if r["subtype"] == "bot_message" and not r["bot_id"]:
            obj["username"] = r["author"]
        else:
            obj["user"] = r["author"]
        if r["reactions"]:
            obj["reactions"] = [dict(x, count=len(x["users"])) for x in _reactions(r["reactions"])]
        objects.append(obj)
    return read_slack_messages(
        objects, channel=channel, users=users, config=config, attach_replies=False
    )


def slack_channel(
    channel: str,
    *messages: Any,
    channel_id: str = "C1",
    config: Config | None = None,
) -> pl.DataFrame:
    """A channel's history as the Web API gives it: top-level messages, and thread replies
    (``m(..., thread=<parent time>)``). In-channel replies are attached as the reader does.
    Conversation and message ids are ``C1:<ts>`` (see :func:`slack_ts`)."""
    rows = [_message(x) for x in messages]
    replies: dict[str, int] = {}
    for r in rows:
        if r.get("thread"):
            parent = slack_ts(r["thread"])
            replies[parent] = replies.get(parent, 0) + 1
    objects = []
    for r in rows:
        ts = slack_ts(r["when"])
        obj: dict[str, Any] = {"type": "message", "user": r["author"], "text": r["text"], "ts": ts}
        if r.get("thread"):
            obj["thread_ts"] = slack_ts(r["thread"])
        elif ts in replies:
            obj["thread_ts"] = ts
            obj["reply_count"] = replies[ts]
        objects.append(obj)
    return read_slack_messages(objects, channel=channel, channel_id=channel_id, config=config)


def concat(*frames: pl.DataFrame) -> pl.DataFrame:
    """Several conversations as one event table."""
    return pl.concat(frames, how="vertical").sort("ts", "message_id")


# --- GitHub -----------------------------------------------------------------------------


def user(login: str) -> dict[str, str]:
    return {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"}


def _iso(when: str | datetime) -> str:
    return at(when).strftime("%Y-%m-%dT%H:%M:%SZ")


def pr(
    number: int,
    author: str,
    opened: str | datetime,
    title: str = "Fix retry loop",
    *events: tuple[Any, ...],
    repo: str = "acme/api",
    body: str = "",
    draft: bool = False,
) -> dict[str, Any]:
    """A pull-request document for ``read_github_pulls``. ``events`` are tuples:

    - ``("review", who, when, "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED", body)``
    - ``("comment", who, when, body)`` (issue comment), ``("review_comment", who, when, body)``
    - ``("commit", when, message)`` (pushed by the PR author)
    - ``("ready", when)``, ``("to_draft", when)``
    - ``("review_requested", who, when, reviewer)``
    - ``("merged", who, when)``, ``("closed", who, when)``, ``("reopened", who, when)``
    """
    doc: dict[str, Any] = {
        "repository": repo,
        "pull": {
            "number": number,
            "title": title,
            "body": body,
            "user": user(author),
            "created_at": _iso(opened),
            "draft": draft,
        },
        "reviews": [],
        "review_comments": [],
        "issue_comments": [],
        "timeline": [],
    }
    ids = iter(range(1000 * number + 1, 1000 * number + 999))
    timeline_names = {
        "ready": "ready_for_review",
        "to_draft": "convert_to_draft",
        "merged": "merged",
        "closed": "closed",
        "reopened": "reopened",
    }
    for event in events:
        kind = event[0]
        if kind == "review":
            _, who, when, state, *text = event
            doc["reviews"].append(
                {
                    "id": next(ids),
                    "user": user(who),
                    "state": state,
                    "submitted_at": _iso(when),
                    "body": text[0] if text else "",
                }
            )
        elif kind in ("comment", "review_comment"):
            _, who, when, text = event
            key = "issue_comments" if kind == "comment" else "review_comments"
            doc[key].append(
                {"id": next(ids), "user": user(who), "created_at": _iso(when), "body": text}
            )
        elif kind == "commit":
            _, when, message = event
            stamp = {"name": author, "email": f"{author}@example.com", "date": _iso(when)}
            doc["timeline"].append(
                {
                    "event": "committed",
                    "sha": f"{next(ids):040x}",
                    "author": stamp,
                    "committer": stamp,
                    "message": message,
                }
            )
        elif kind == "review_requested":
            _, who, when, reviewer = event
            doc["timeline"].append(
                {
                    "event": "review_requested",
                    "id": next(ids),
                    "actor": user(who),
                    "created_at": _iso(when),
                    "requested_reviewer": user(reviewer),
                }
            )
        elif kind in ("ready", "to_draft"):
            _, when = event
            doc["timeline"].append(
                {
                    "event": timeline_names[kind],
                    "id": next(ids),
                    "actor": user(author),
                    "created_at": _iso(when),
                }
            )
        elif kind in ("merged", "closed", "reopened"):
            _, who, when = event
            doc["timeline"].append(
                {
                    "event": timeline_names[kind],
                    "id": next(ids),
                    "actor": user(who),
                    "created_at": _iso(when),
                }
            )
            if kind == "merged":
                doc["pull"]["merged_at"] = _iso(when)
                doc["pull"]["closed_at"] = _iso(when)
            elif kind == "closed":
                doc["pull"]["closed_at"] = _iso(when)
        else:
            raise ValueError(f"unknown PR event {kind!r}")
    return doc


def github(*docs: dict[str, Any], config: Config | None = None) -> pl.DataFrame:
    """Events of pull-request documents built with :func:`pr`."""
    return read_github_pulls(docs, config=config)


def people(*rows: Mapping[str, Any] | tuple[Any, ...], pandas: bool = False) -> Any:
    """A people table. Rows are dicts, or ``(author, tz[, work_start, work_end, workdays])``."""
    columns = ("author", "tz", "work_start", "work_end", "workdays")
    defaults = {"tz": None, "work_start": "09:00", "work_end": "17:00", "workdays": "Mon-Fri"}
    dicts = []
    for row in rows:
        d = dict(row) if isinstance(row, Mapping) else dict(zip(columns, row, strict=False))
        dicts.append({**defaults, **d})
    keys = list(dict.fromkeys(k for d in dicts for k in d))
    frame = pl.DataFrame({k: [d.get(k) for d in dicts] for k in keys})
    return frame.to_pandas() if pandas else frame


def labels(classified: Any) -> list[tuple[str, str]]:
    """``(author, label)`` of every event, in time order."""
    return list(zip(classified["author"], classified["label"], strict=True))


def by_conversation(threads: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """``request_threads`` rows keyed by conversation id."""
    return {r["conversation_id"]: r for r in threads.iter_rows(named=True)}
