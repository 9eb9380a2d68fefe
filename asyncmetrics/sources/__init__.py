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
from asyncmetrics.schema import events_from_frame
from asyncmetrics.sources.github import read_github, read_github_pulls
from asyncmetrics.sources.slack import (
    attach_channel_replies,
    read_slack_export,
    read_slack_messages,
)

__all__ = [
    "attach_channel_replies",
    "load",
    "load_people",
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


def load(path: str | Path, *, config: Config | None = None) -> pl.DataFrame:
    """The event table of whatever ``path`` holds; ``"sample"`` means the bundled sample team.

    ``path`` may be a Slack export (ZIP or folder), a GitHub store (folders of
    ``pulls.jsonl``), a folder holding ``slack/`` and/or ``github/`` (like the sample and
    the live exporter's store), or an event table saved as Parquet or CSV.

    Examples:
        >>> from asyncmetrics import load
        >>> events = load("sample")
        >>> sorted(events["source"].unique())
        ['github', 'slack']
    """
    path = sample_path() if str(path) == "sample" else Path(path)
    if not path.exists():
        raise InputError("no such file or folder", file=str(path))
    if path.is_file():
        suffix = "".join(path.suffixes[-2:]) if path.suffix == ".gz" else path.suffix
        if suffix == ".zip":
            return read_slack_export(path, config=config)
        if suffix in {".jsonl", ".jsonl.gz"}:
            return read_github(path, config=config)
        if suffix == ".parquet":
            return events_from_frame(pl.read_parquet(path))
        if suffix == ".csv":
            return events_from_frame(pl.read_csv(path, infer_schema_length=10_000))
        raise InputError(
            "expected a Slack export .zip, pulls.jsonl, .parquet or .csv", file=str(path)
        )
    if (path / "channels.json").exists() or (path / "users.json").exists():
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


def load_people(path: str | Path) -> pl.DataFrame | None:
    """The people table stored beside the data (``people.csv``), if there is one."""
    path = sample_path() if str(path) == "sample" else Path(path)
    candidate = path / "people.csv" if path.is_dir() else path.parent / "people.csv"
    if not candidate.is_file():
        return None
    return pl.read_csv(candidate, schema_overrides={"work_start": pl.String, "work_end": pl.String})
