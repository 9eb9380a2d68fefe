"""Readers: one module per data source, each turning that source's own format into events.

Add a source by adding a module here that returns the event table (``asyncmetrics.schema``),
and teach :func:`load` to recognise its files.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.errors import InputError
from asyncmetrics.people import machine_author
from asyncmetrics.privacy import pseudonym_key, pseudonymize_with, pseudonyms, rename_people
from asyncmetrics.roster import (
    find_roster,
    identity_map,
    people_by_person,
    read_roster,
    roster_from_records,
)
from asyncmetrics.schema import events_from_frame, sort_events
from asyncmetrics.sources.github import github_emails, read_github, read_github_pulls
from asyncmetrics.sources.slack import (
    attach_channel_replies,
    read_slack_export,
    read_slack_messages,
    slack_emails,
)

__all__ = [
    "attach_channel_replies",
    "load",
    "load_people",
    "read_events",
    "read_github",
    "read_github_pulls",
    "read_slack_export",
    "read_slack_messages",
    "sample_path",
]

_REPO_SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def sample_path() -> Path:
    """The bundled sample team: ``data/sample`` of the repository, or generated on first use.

    Examples:
        >>> from asyncmetrics import sample_path
        >>> sorted(p.name for p in sample_path().iterdir() if p.is_dir())
        ['github', 'slack']
    """
    if (_REPO_SAMPLE / "slack").is_dir():
        return _REPO_SAMPLE
    from asyncmetrics import __version__
    from asyncmetrics.sample import generate

    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "asyncmetrics"
    target = cache / f"sample-{__version__}"
    if not (target / "slack").is_dir():
        generate(target)
    return target


def read_events(path: str | Path, *, config: Config | None = None) -> pl.DataFrame:
    """The event table of whatever ``path`` holds, with the accounts as the sources name them.

    ``path`` may be a Slack export (ZIP or folder), a GitHub store (folders of
    ``pulls.jsonl``), a folder holding ``slack/`` and/or ``github/`` (like the sample and the
    live exporter's store), or an event table saved as Parquet or CSV. :func:`load` is the
    front door: it also merges identities and pseudonymizes.
    """
    path = _resolve(path)
    if path.is_file():
        suffix = "".join(path.suffixes[-2:]) if path.suffix == ".gz" else path.suffix
        if suffix == ".zip":
            return read_slack_export(path, config=config)
        if suffix in {".jsonl", ".jsonl.gz"}:
            return read_github(path, config=config)
        if suffix == ".parquet":
            return events_from_frame(_read_parquet(path))
        if suffix == ".csv":
            return events_from_frame(pl.read_csv(path, infer_schema_length=10_000))
        raise InputError(
            "expected a Slack export .zip, pulls.jsonl, .parquet or .csv", file=str(path)
        )
    if _is_slack_export(path):
        return read_slack_export(path, config=config)
    frames = []
    if (path / "slack").is_dir():
        frames.append(read_slack_export(path / "slack", config=config))
    if any(path.rglob("pulls.jsonl*")):
        frames.append(read_github(path, config=config))
    if not frames:
        raise InputError(
            "found neither a Slack export (channels.json) nor GitHub pulls.jsonl files",
            file=str(path),
        )
    return pl.concat(frames, how="vertical").sort("ts", "message_id")


def _read_parquet(path: Path) -> pl.DataFrame:
    """A Parquet file's columns, each in one chunk, read one column at a time.

    Read at once, every column comes in one chunk per row group, and joining those chunks
    (the rest of the pipeline needs one) holds the table twice: ``load``'s peak at 10M
    messages was 5.55 GiB, and is 4.2–4.3 GiB read this way (docs/performance.md).
    """
    names = list(pl.read_parquet_schema(path))
    if not names:
        return pl.read_parquet(path)
    return pl.DataFrame([pl.read_parquet(path, columns=[n]).to_series().rechunk() for n in names])


def load(
    path: str | Path,
    *,
    config: Config | None = None,
    people: str | Path | pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The event table of ``path``, people merged and pseudonymized: the front door.

    ``"sample"`` means the bundled sample team. Accounts of one person (a Slack id and a
    GitHub login) become one ``author``: the roster says who is who (``people``, or a
    ``people.csv``/``people.toml`` beside the data, see ``docs/people.md``), then accounts
    sharing an e-mail address. Then, unless ``Config(pseudonymize=False)``, every person is
    replaced by a keyed pseudonym (see :mod:`asyncmetrics.privacy`); bots keep their names.
    :func:`load_people` gives the matching people table.

    Examples:
        >>> from asyncmetrics import load
        >>> events = load("sample")
        >>> sorted(events["source"].unique())
        ['github', 'slack']
        >>> events.filter(~events["author_is_bot"])["author"].str.starts_with("p-").all()
        True
    """
    config = config or Config()
    events = read_events(path, config=config)
    roster = _roster(path, people)
    emails = _emails(_resolve(path))
    mapping = identity_map(roster, emails)
    if roster is not None:
        bots = roster.filter(pl.col("is_bot").str.to_lowercase() == "true")["author"]
        events = events.with_columns(
            (pl.col("author_is_bot") | pl.col("author").is_in(bots.implode())).alias(
                "author_is_bot"
            )
        )
    events = events.with_columns(
        (pl.col("author_is_bot") | machine_author(events, config)).alias("author_is_bot")
    )
    events = rename_people(events, {k: v for k, v in mapping.items() if k != v})
    if config.pseudonymize:
        events = pseudonymize_with(events, pseudonym_key(config)[0])
    return sort_events(events).rechunk()


def load_people(
    path: str | Path,
    *,
    config: Config | None = None,
    people: str | Path | pl.DataFrame | None = None,
) -> pl.DataFrame | None:
    """The people table matching :func:`load`'s ids: one row per person of the roster.

    Folds ``Config.deciders`` (which name accounts) into the people's ``decides``. Returns
    ``None`` when there is no roster.

    Examples:
        >>> from asyncmetrics import load_people
        >>> people = load_people("sample")
        >>> sorted(people.columns)[:4]
        ['author', 'decides', 'email', 'is_bot']
    """
    config = config or Config()
    roster = _roster(path, people)
    if roster is None:
        return None
    extra = [(account, channel) for channel, names in config.deciders.items() for account in names]
    if extra:
        added = pl.DataFrame(
            extra, schema={"author": pl.String, "channel": pl.String}, orient="row"
        )
        roster = (
            roster.join(
                added.group_by("author").agg(pl.col("channel").str.join(";")),
                on="author",
                how="left",
            )
            .with_columns(
                pl.concat_str("decides", "channel", separator=";", ignore_nulls=True).alias(
                    "decides"
                )
            )
            .drop("channel")
        )
    table = people_by_person(roster)
    if config.pseudonymize:
        humans = table.filter(pl.col("is_bot").fill_null("false").str.to_lowercase() != "true")
        names = pseudonyms(humans["author"].to_list(), pseudonym_key(config)[0])
        table = table.with_columns(
            pl.col("author").replace(list(names), list(names.values())),
            pl.when(pl.col("author").is_in(list(names)))
            .then(None)
            .otherwise(pl.col("name"))
            .alias("name"),
            pl.when(pl.col("author").is_in(list(names)))
            .then(None)
            .otherwise(pl.col("email"))
            .alias("email"),
        ).drop("person")
    return table


def _resolve(path: str | Path) -> Path:
    resolved = sample_path() if str(path) == "sample" else Path(path)
    if not resolved.exists():
        raise InputError("no such file or folder", file=str(resolved))
    return resolved


def _is_slack_export(path: Path) -> bool:
    return (path / "channels.json").exists() or (path / "users.json").exists()


def _roster(path: str | Path, people: str | Path | pl.DataFrame | None) -> pl.DataFrame | None:
    if isinstance(people, pl.DataFrame):
        return roster_from_records(people.to_dicts(), origin="people table")
    if people is not None:
        return read_roster(people)
    found = find_roster(_resolve(path))
    return read_roster(found) if found else None


def _emails(path: Path) -> pl.DataFrame:
    frames = []
    if (path.is_dir() and _is_slack_export(path)) or path.suffix == ".zip":
        frames.append(slack_emails(path))
    elif path.is_dir() and (path / "slack").is_dir():
        frames.append(slack_emails(path / "slack"))
    if path.is_dir() or path.name.startswith("pulls.jsonl"):
        frames.append(github_emails(path))
    return (
        pl.concat(frames)
        if frames
        else pl.DataFrame(schema={"author": pl.String, "email": pl.String})
    )
