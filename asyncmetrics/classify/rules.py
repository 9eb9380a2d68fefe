"""Ordered rules, each a condition with a label and a human-readable reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

Rule = tuple[pl.Expr, Any, pl.Expr | str]


def first_rule(
    rules: Sequence[Rule], default: Any, default_reason: pl.Expr | str
) -> tuple[pl.Expr, pl.Expr]:
    """``(value, reason)`` of the first rule whose condition holds, else the defaults."""
    value: pl.Expr = pl.lit(default)
    reason: pl.Expr = _expr(default_reason)
    for condition, label, why in reversed(rules):
        value = pl.when(condition).then(pl.lit(label)).otherwise(value)
        reason = pl.when(condition).then(_expr(why)).otherwise(reason)
    return value, reason


def quoted(prefix: str, column: str) -> pl.Expr:
    """A reason like ``ask phrase “can someone”`` from a matched-phrase column."""
    return pl.format("{} “{}”", pl.lit(prefix), pl.col(column))


def _expr(value: pl.Expr | str) -> pl.Expr:
    return value if isinstance(value, pl.Expr) else pl.lit(value)
