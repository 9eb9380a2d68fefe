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

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.errors import AsyncMetricsError

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
    events = events.with_columns(
        pl.col("author").replace(old, new),
        pl.col("mentions").list.eval(pl.element().replace(old, new)),
    )
    with_reactions = events.with_row_index("__row").filter(pl.col("reactions").list.len() > 0)
    if with_reactions.is_empty():
        return events
    renamed = (
        with_reactions.select("__row", "reactions")
        .explode("reactions")
        .with_columns(
            pl.col("reactions").struct.field("name"), pl.col("reactions").struct.field("users")
        )
        .with_columns(pl.col("users").list.eval(pl.element().replace(old, new)))
        .group_by("__row", maintain_order=True)
        .agg(pl.struct("name", "users").alias("renamed"))
    )
    return (
        events.with_row_index("__row")
        .join(renamed, on="__row", how="left")
        .with_columns(pl.coalesce("renamed", "reactions").alias("reactions"))
        .drop("__row", "renamed")
    )


def pseudonymize(events: pl.DataFrame, key: bytes) -> pl.DataFrame:
    """Events with every human's id replaced by its pseudonym; bots keep their names."""
    bots = set(events.filter("author_is_bot")["author"].unique())
    people = set(events.filter(~pl.col("author_is_bot"))["author"].unique())
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
    """
    small = pl.col(people) < min_group_size
    blank = [
        pl.when(small).then(None).otherwise(pl.col(c)).alias(c)
        for c in frame.columns
        if c not in {*keep, people}
    ]
    return frame.with_columns(*blank, small.alias("suppressed"))
