"""The roster: who is who across Slack and GitHub, their team, zone, hours and role.

A roster is a CSV or TOML file (see ``docs/people.md``). Either one row per account
(``author`` column: a Slack id or a GitHub login, with the ``person`` it belongs to), or one
entry per person listing their accounts (``slack``, ``github``). Both become the same
per-account table, the *people table* the metrics read.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from asyncmetrics.errors import InputError

ROSTER_FILES = ("people.toml", "people.csv", "roster.toml", "roster.csv")
FIELDS = (
    "author",
    "person",
    "name",
    "email",
    "team",
    "tz",
    "work_start",
    "work_end",
    "workdays",
    "role",
    "is_bot",
    "decides",
)
_ACCOUNT_KEYS = ("slack", "github", "accounts")


def find_roster(path: str | Path) -> Path | None:
    """The roster file kept beside the data (``people.toml``, ``people.csv``...), if any."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    for name in ROSTER_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def read_roster(path: str | Path) -> pl.DataFrame:
    """Read a roster file into the per-account people table (all columns text).

    Examples:
        >>> from asyncmetrics import sample_path
        >>> from asyncmetrics.roster import read_roster
        >>> roster = read_roster(sample_path() / "people.csv")
        >>> roster.filter(roster["author"] == "jbecker")["person"].item()
        'Jonas Becker'
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such roster file", file=str(path))
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"not valid TOML ({exc})", file=str(path)) from exc
        entries = data.get("person", data.get("people", []))
        if not isinstance(entries, list):
            raise InputError("expected [[person]] entries", file=str(path), field="person")
        return roster_from_records(entries, origin=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read ({exc})", file=str(path)) from exc
    return roster_from_records(list(csv.DictReader(io.StringIO(text))), origin=str(path))


def roster_from_records(
    records: Iterable[Mapping[str, Any]], origin: str = "roster"
) -> pl.DataFrame:
    """Per-account rows from roster records (per account, or per person with their accounts)."""
    rows: list[dict[str, str | None]] = []
    for index, record in enumerate(records):
        where = f"record {index + 1}"
        if not isinstance(record, Mapping):
            raise InputError("expected a table of fields", file=origin, record=where)
        record = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
        person = _text(record.get("person") or record.get("id") or record.get("name"))
        accounts = [a for key in _ACCOUNT_KEYS for a in _list(record.get(key))]
        if record.get("author"):
            accounts.insert(0, str(record["author"]).strip())
        if not accounts:
            raise InputError(
                "names no account (give 'author', or 'slack' / 'github' ids)",
                file=origin,
                record=where,
                field="author",
            )
        shared = {
            field: _text(record.get(field))
            for field in FIELDS
            if field not in {"author", "person", "decides"}
        }
        shared["decides"] = ";".join(_list(record.get("decides"))) or None
        shared["person"] = person or accounts[0]
        rows.extend({"author": account, **shared} for account in dict.fromkeys(accounts))
    frame = pl.DataFrame(rows, schema=dict.fromkeys(FIELDS, pl.String), orient="row")
    duplicated = frame.filter(pl.col("author").is_duplicated())
    if not duplicated.is_empty():
        raise InputError(
            f"account {duplicated['author'][0]!r} is listed twice",
            file=origin,
            field="author",
        )
    return frame


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    return text or None


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return [str(item).strip() for item in items if str(item).strip()]


def identity_map(roster: pl.DataFrame | None, emails: pl.DataFrame | None = None) -> dict[str, str]:
    """``{account: person}``: the roster first, then accounts that share an e-mail address.

    Accounts with the same address (Slack's profile, GitHub's public e-mail) become one person:
    the roster's person if one of them is in the roster, else the first account id.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics.roster import identity_map
        >>> emails = pl.DataFrame({"author": ["U1", "ana-gh"], "email": ["ana@x.io", "Ana@x.io"]})
        >>> identity_map(None, emails)
        {'U1': 'U1', 'ana-gh': 'U1'}
    """
    mapping: dict[str, str] = {}
    if roster is not None and not roster.is_empty():
        mapping.update(zip(roster["author"], roster["person"], strict=True))
    if emails is not None and not emails.is_empty():
        groups = (
            emails.drop_nulls()
            .with_columns(pl.col("email").str.strip_chars().str.to_lowercase())
            .unique()
            .group_by("email")
            .agg(pl.col("author").sort())
            .filter(pl.col("author").list.len() > 1)
        )
        for accounts in groups["author"].to_list():  # one row per shared address, not per event
            known = [mapping[a] for a in accounts if a in mapping]
            person = known[0] if known else accounts[0]
            for account in accounts:
                mapping.setdefault(account, person)
    return mapping


def people_by_person(roster: pl.DataFrame) -> pl.DataFrame:
    """The per-account roster folded to one row per person (keyed ``author`` = the person)."""
    first = [
        pl.col(f).drop_nulls().first() for f in FIELDS if f not in {"author", "person", "decides"}
    ]
    channels = (
        pl.col("decides").str.split(";").list.explode(keep_nulls=False, empty_as_null=False)
    ).str.strip_chars()
    decides = channels.filter(channels != "").unique(maintain_order=True).str.join(";")
    return (
        roster.group_by("person", maintain_order=True)
        .agg(*first, decides.alias("decides"))
        .with_columns(
            pl.col("person").alias("author"),
            pl.when(pl.col("decides") != "").then(pl.col("decides")).alias("decides"),
        )
        .select(FIELDS)
    )


def unknown_people(events: pl.DataFrame, people: pl.DataFrame | None) -> pl.DataFrame:
    """Human authors the people table does not know, with their message counts.

    They get the default zone and hours; list them so the roster can be completed.

    Examples:
        >>> from asyncmetrics import load, load_people
        >>> from asyncmetrics.roster import unknown_people
        >>> unknown_people(load("sample"), load_people("sample")).height
        0
    """
    known = people["author"] if people is not None else pl.Series("author", [], pl.String)
    return (
        events.filter(~pl.col("author_is_bot") & ~pl.col("author").is_in(known.implode()))
        .group_by("author")
        .agg(pl.len().alias("messages"))
        .sort("messages", "author", descending=[True, False])
    )
