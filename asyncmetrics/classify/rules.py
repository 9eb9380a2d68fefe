"""Ordered rules, each a condition with a label and a human-readable reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from asyncmetrics.classify.rows import assemble, evaluate

Rule = tuple[pl.Expr, Any, pl.Expr | str]


@dataclass(frozen=True)
class Rules:
    """Rules in order of precedence, and the value and reason when none holds."""

    rules: Sequence[Rule]
    default: Any
    default_reason: pl.Expr | str

    def apply(self, frame: pl.DataFrame, rows: pl.Series | None = None) -> pl.DataFrame:
        """``value`` and ``reason`` of the first rule whose condition holds on each row (of
        ``rows`` only, when given).

        Each reason is built only on the rows its rule decides: formatting reasons for every
        row under every rule was most of the cost of labelling.
        """
        outcomes = [*self.rules, (None, self.default, self.default_reason)]
        which: Any = pl.lit(len(self.rules), dtype=pl.UInt32)
        for index, (condition, _, _) in reversed(list(enumerate(self.rules))):
            which = pl.when(condition).then(pl.lit(index, dtype=pl.UInt32)).otherwise(which)
        chosen = evaluate(frame, which, rows=rows).to_series()
        subset = frame.lazy() if rows is None else frame.lazy().filter(rows)
        value = pl.Series("value", [label for _, label, _ in outcomes]).gather(chosen)
        fixed = [why if isinstance(why, str) else None for _, _, why in outcomes]
        reasons = pl.Series("reason", fixed, dtype=pl.String).gather(chosen)
        where, queries = [], []
        for index, (_, _, why) in enumerate(outcomes):
            if isinstance(why, str):
                continue
            decided = chosen == index
            if decided.any():
                # with_columns: a literal reason still gets one value per row.
                reason = subset.filter(decided).with_columns(why.alias("__reason"))
                where.append(decided.arg_true())
                queries.append(reason.select("__reason"))
        # Collected together: the queries run side by side.
        found = pl.collect_all(queries)
        built = [(w, f["__reason"]) for w, f in zip(where, found, strict=True)]
        return pl.DataFrame([value, assemble(reasons, built)])


def quoted(prefix: str, column: str) -> pl.Expr:
    """A reason like ``ask phrase “can someone”`` from a matched-phrase column."""
    return pl.format("{} “{}”", pl.lit(prefix), pl.col(column))
