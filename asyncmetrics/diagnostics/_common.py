"""What every diagnostic starts from: the classified events and the people table."""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.classify import CLASSIFIED_COLUMNS, classify
from asyncmetrics.config import Config
from asyncmetrics.frames import to_polars
from asyncmetrics.people import people_table
from asyncmetrics.schema import conform_events


def classified(events: Any, people: Any | None, config: Config) -> pl.DataFrame:
    """``events`` as a polars frame with the classification columns."""
    df = conform_events(to_polars(events))
    if not set(CLASSIFIED_COLUMNS) <= set(df.columns):
        df = classify(df, config=config, people=people)
    return df


def roster(events: pl.DataFrame, people: Any | None, config: Config) -> pl.DataFrame:
    """The resolved people table: zone, hours, team, bot flag, decider roles per author."""
    return people_table(events, people, config)


def phrase(text: pl.Expr, config: Config, category: str) -> pl.Expr:
    """The first phrase of a lexicon category found in ``text`` (null when none)."""
    pattern = config.pattern(category)
    if not pattern:
        return pl.lit(None, dtype=pl.String)
    return text.str.extract(pattern, 0)
