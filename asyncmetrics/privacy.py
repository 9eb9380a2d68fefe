"""Privacy by default: pseudonymous people, and no aggregate over fewer than five of them.

- People are replaced at load by keyed pseudonyms (HMAC-SHA256): the same key gives the same
  pseudonym on every run, another key gives ids that cannot be linked.
- Every aggregate and chart counts the distinct people behind each group and suppresses, with
  a visible mark, a group of fewer than ``Config.min_group_size`` (5).
- Grouping by a person needs ``Config(person_level=True)``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.errors import AsyncMetricsError
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.people import machine_author
from asyncmetrics.schema import conform_events

KEY_ENV = "ASYNCMETRICS_PSEUDONYM_KEY"
PERSON_COLUMNS = frozenset(
    {"author", "requester", "responder", "first_actionable_reply_by", "person", "participants"}
)


class PrivacyError(AsyncMetricsError):
    """A request that would show individuals without the opt-in."""

    exit_code = 9


def key_file() -> Path:
    """Where the machine's own pseudonym key lives when none is given."""
    base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return base / "asyncmetrics" / "pseudonym.key"


def pseudonym_key(config: Config) -> tuple[bytes, str]:
    """The key, and where it came from: the environment, the config, or this machine's file.

    The file is created on first use (readable by its owner only), so pseudonyms are stable on
    one machine and unlinkable across machines that never shared a key.
    """
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode("utf-8"), f"${KEY_ENV}"
    if config.pseudonym_key:
        return config.pseudonym_key.encode("utf-8"), "config"
    path = key_file()
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8"), str(path)


def pseudonyms(ids: Iterable[str], key: bytes) -> dict[str, str]:
    """``{id: "p-…"}``: a keyed hash per distinct id (computed once per person, not per row)."""
    return {
        value: "p-" + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:12]
        for value in sorted(set(ids))
    }


def rename_people(events: pl.DataFrame, mapping: Mapping[str, str]) -> pl.DataFrame:
    """Replace people's ids in ``author``, ``mentions`` and reaction users by ``mapping``."""
    if not mapping:
        return events
    old, new = list(mapping), list(mapping.values())
    renamed = pl.element().replace(old, new)
    return events.with_columns(
        pl.col("author").replace(old, new),
        pl.col("mentions").list.eval(renamed),
        pl.col("reactions").list.eval(
            pl.element().struct.with_fields(pl.field("users").list.eval(renamed))
        ),
    )


def pseudonymize(events: Any, *, config: Config | None = None) -> Any:
    """An event table (pandas or polars) with every person replaced by their pseudonym.

    :func:`asyncmetrics.load` does this for data it reads; use this for an event table you
    built yourself (``events_from_frame``). Bots keep their names.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import Config, events_from_frame, pseudonymize
        >>> events = events_from_frame(pl.DataFrame({
        ...     "source": "slack", "channel": "eng", "conversation_id": "c",
        ...     "author": ["ana"], "ts": ["2026-07-01T09:00:00Z"], "text": ["hi?"]}))
        >>> pseudonymize(events, config=Config(pseudonym_key="k"))["author"].to_list()
        ['p-9f5856f8ed63']
    """
    config = config or Config()
    backend = backend_of(events)
    key = pseudonym_key(config)[0]
    events = conform_events(to_polars(events))
    events = events.with_columns(
        (pl.col("author_is_bot") | machine_author(events, config)).alias("author_is_bot")
    )
    return to_backend(pseudonymize_with(events, key), backend)


def pseudonymize_with(events: pl.DataFrame, key: bytes) -> pl.DataFrame:
    """Events with every human's id replaced by its pseudonym under ``key``."""
    author, is_bot = pl.col("author"), pl.col("author_is_bot")
    bots = set(events.select(author.filter(is_bot).unique()).to_series())
    people = set(events.select(author.filter(~is_bot).unique()).to_series())
    people |= {
        m for m in events["mentions"].explode().drop_nulls().unique() if not m.startswith("@")
    }
    reacted = events["reactions"].explode().drop_nulls()
    if len(reacted):
        people |= set(reacted.struct.field("users").explode().drop_nulls().unique())
    return rename_people(events, pseudonyms(people - bots, key))


def check_person_level(by: Sequence[str], config: Config) -> None:
    """Refuse a grouping by person unless the caller opted in."""
    personal = sorted(set(by) & PERSON_COLUMNS)
    if personal and not config.person_level:
        raise PrivacyError(
            f"grouping by {', '.join(personal)} shows individuals: pass "
            "Config(person_level=True) if your team agreed to person-level views"
        )


def suppress_small_groups(
    frame: pl.DataFrame, people: str, keep: Sequence[str], min_group_size: int
) -> pl.DataFrame:
    """Blank every column but ``keep`` in rows whose ``people`` count is below the minimum.

    Adds ``suppressed`` (true where blanked), so a suppressed group is marked, never silent.
    A row about nobody (a quiet week) reveals no one and stays as it is. Use it on your own
    aggregates: count the distinct people behind each row first.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import suppress_small_groups
        >>> rows = pl.DataFrame({"team": ["a", "b"], "requests": [12, 3], "people": [7, 2]})
        >>> suppress_small_groups(rows, "people", ["team"], 5).rows()
        [('a', 12, 7, False), ('b', None, 2, True)]
    """
    small = (pl.col(people) > 0) & (pl.col(people) < min_group_size)
    blank = [
        pl.when(small).then(None).otherwise(pl.col(c)).alias(c)
        for c in frame.columns
        if c not in {*keep, people}
    ]
    return frame.with_columns(*blank, small.alias("suppressed"))
