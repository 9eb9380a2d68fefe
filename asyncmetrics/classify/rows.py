"""Computing on the rows that need it, in the layout that makes it cheap.

The event table stays in its own order (time). Window expressions over ``conversation_id`` in
that order cost a hash lookup per row, and running ones (``shift``, ``cum_sum``) one evaluation
per conversation: on millions of rows, most of the work. :class:`Conversations` lays each
conversation's rows side by side once, so per-conversation values are group-bys over sorted
slices and running values are global ``shift``/``cum_sum`` cut at conversation starts; results
go back to the table's order by position. :func:`on_rows` evaluates expressions (regular
expressions over text, mostly) on the rows that read them only.
"""

from __future__ import annotations

import weakref
from functools import cached_property

import polars as pl

KEY = "_conv"


class Conversations:
    """The rows of a frame grouped by conversation.

    ``order`` lists row positions so that each conversation's rows are together, in the
    frame's order within it; ``key`` numbers each row's conversation (0, 1, ... in laid-out
    order); ``count`` is the number of conversations.
    """

    def __init__(self, ids: pl.Series) -> None:
        frame = pl.DataFrame({"h": ids.hash(seed=0), "id": ids})
        order = frame.select(pl.arg_sort_by("h", maintain_order=True)).to_series()
        laid = frame.select(pl.all().gather(order))
        same_hash = pl.col("h") == pl.col("h").shift(1)
        first = pl.int_range(pl.len()) == 0
        if laid.select((same_hash & pl.col("id").ne_missing(pl.col("id").shift(1))).any()).item():
            # Two ids share a 64-bit hash: lay out by the ids themselves.
            order = frame.select(pl.arg_sort_by("h", "id", maintain_order=True)).to_series()
            laid = frame.select(pl.all().gather(order))
            new = laid.select(first | pl.col("id").ne_missing(pl.col("id").shift(1))).to_series()
        else:
            # Equal hashes are equal ids: a conversation starts where the hash changes.
            new = laid.select(first | pl.col("h").ne_missing(pl.col("h").shift(1))).to_series()
        self._set_layout(order.cast(pl.UInt32), new)

    def _set_layout(self, order: pl.Series, new: pl.Series) -> None:
        """The layout ``order``, with ``new`` true on the laid-out row starting each
        conversation."""
        self.order: pl.Series = order
        self.laid_key: pl.Series = (new.cast(pl.UInt32).cum_sum() - 1).alias(KEY).set_sorted()
        self.count: int = int(self.laid_key[-1]) + 1 if len(order) else 0

    @classmethod
    def _laid_out(cls, order: pl.Series, laid_key: pl.Series) -> Conversations:
        """A layout made of its parts, without laying out ids again."""
        made = object.__new__(cls)
        made._set_layout(order, laid_key.ne_missing(laid_key.shift(1)).fill_null(True))
        return made

    @cached_property
    def inverse(self) -> pl.Series:
        """Each row's place in the laid-out order."""
        positions = pl.int_range(len(self.order), dtype=pl.UInt32, eager=True)
        return positions.scatter(self.order, positions)

    @cached_property
    def key(self) -> pl.Series:
        """Each row's conversation number, in the original order."""
        return self.laid_key.gather(self.inverse)

    def parts(self, max_rows: int) -> list[tuple[pl.Series, Conversations]]:
        """Whole conversations in groups of about ``max_rows`` rows (more when one
        conversation is longer): each group's row positions, ascending (the frame's order),
        and the group's own layout over those rows.

        Conversations are grouped in the order they start, so a group's rows sit close together
        in the frame: grouped as laid out (by hash), spread over the whole table, ``classify``
        at 10M messages took 46–50 s instead of 43 s (alternate runs).
        """
        n = len(self.order)
        if n <= max_rows:
            return [(pl.int_range(n, dtype=pl.UInt32, eager=True), self)]
        key = self.laid_key
        starts = key.ne_missing(key.shift(1)).fill_null(True).arg_true()
        sizes = starts.shift(-1, fill_value=n) - starts
        by_start = self.order.gather(starts).arg_sort()
        sizes_in_order = sizes.gather(by_start)
        group = pl.zeros(self.count, dtype=pl.UInt32, eager=True).scatter(
            by_start, ((sizes_in_order.cum_sum() - sizes_in_order) // max_rows).cast(pl.UInt32)
        )
        laid_group = group.gather(key)
        row_group = group.gather(self.key)
        place = pl.zeros(n, dtype=pl.UInt32, eager=True)
        groups = []
        for g in range(int(group.max()) + 1):  # type: ignore[arg-type]
            in_group = laid_group == g
            laid_positions = self.order.filter(in_group)
            if not len(laid_positions):
                continue
            positions = (row_group == g).arg_true()
            rows = pl.int_range(len(positions), dtype=pl.UInt32, eager=True)
            # The group's own order: where each of its laid-out rows sits among its positions.
            order = place.scatter(positions, rows).gather(laid_positions)
            groups.append((positions, Conversations._laid_out(order, key.filter(in_group))))
        return groups

    def remember(self, frame: pl.DataFrame) -> None:
        """Keep this layout (its order only) for :func:`conversations_of` ``frame``, while
        ``frame`` lives."""
        slim = object.__new__(Conversations)
        slim.laid_key, slim.count, slim.order = self.laid_key, self.count, self.order
        key = id(frame)
        weakref.finalize(frame, _LAID_OUT.pop, key, None)
        _LAID_OUT[key] = (frame.get_column("conversation_id"), slim)

    def lay_out(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` (in the original order) with conversations together, and their ``_conv``."""
        return frame.select(pl.all().gather(self.order)).with_columns(self.laid_key)

    def back(self, laid: pl.DataFrame) -> pl.DataFrame:
        """A laid-out frame's columns in the original order."""
        return laid.select(pl.all().gather(self.inverse))

    def per_conversation(self, laid: pl.DataFrame, *aggs: pl.Expr) -> pl.DataFrame:
        """``aggs`` per conversation of a laid-out frame or a filtered part of one, one row
        per conversation in key order; conversations without rows in ``laid`` get nulls."""
        found = laid.group_by(KEY, maintain_order=True).agg(*aggs)
        if found.height == self.count:
            return found.drop(KEY)
        return pl.DataFrame(at_positions(self.count, found.get_column(KEY), *found.drop(KEY)))

    def broadcast(self, per_conversation: pl.DataFrame) -> pl.DataFrame:
        """Per-conversation rows (row i is conversation i) repeated for each original row."""
        return per_conversation.select(pl.all().gather(self.key))


# Layouts of the tables classify returned, by id of the table, while it lives: request_threads
# reads a classified table and needs the same layout (about 0.3 s per million rows to build).
_LAID_OUT: dict[int, tuple[pl.Series, Conversations]] = {}


def conversations_of(frame: pl.DataFrame, ids: pl.Series) -> Conversations:
    """The conversations of ``ids`` (``frame``'s, in the order to lay out): the layout
    remembered for ``frame`` if it was laid out by the same ids, else a new one."""
    found = _LAID_OUT.get(id(frame))
    if found is not None and found[0].equals(ids, check_names=False, check_dtypes=True):
        return found[1]
    return Conversations(ids)


def conversation_start() -> pl.Expr:
    """True on the first row of each conversation in a laid-out frame (or a filtered part)."""
    return (pl.int_range(pl.len()) == 0) | (pl.col(KEY) != pl.col(KEY).shift(1))


def previous(expr: pl.Expr) -> pl.Expr:
    """The value on the previous row of the same conversation (laid out); null on its first."""
    return pl.when(~conversation_start()).then(expr.shift(1))


def evaluate(df: pl.DataFrame, *exprs: pl.Expr, rows: pl.Series | None = None) -> pl.DataFrame:
    """``exprs`` over ``df`` (or its ``rows``) on the streaming engine.

    It splits the rows into morsels for every core; an eager ``select`` runs one expression
    over a column of one chunk on one core, and regular expressions over text are most of the
    cost of classifying.
    """
    frame = df.lazy() if rows is None else df.lazy().filter(rows)
    # One chunk, as the frames it joins: polars 2.1 can panic formatting strings over columns
    # chunked differently.
    return frame.select(*exprs).collect(engine="streaming").rechunk()


def on_rows(df: pl.DataFrame, rows: pl.Series, *exprs: pl.Expr) -> list[pl.Series]:
    """``exprs`` evaluated only on the rows of ``df`` where ``rows`` is true; null elsewhere.

    For expressions costly per row (regular expressions over text) that a fraction of the
    rows read.
    """
    rows = rows.fill_null(False)
    where = rows.arg_true()
    if len(where) == df.height:
        return evaluate(df, *exprs).get_columns()
    return at_positions(df.height, where, *evaluate(df, *exprs, rows=rows).get_columns())


def at_positions(n: int, positions: pl.Series, *values: pl.Series) -> list[pl.Series]:
    """Columns of ``n`` rows holding ``values`` at ``positions``, null elsewhere."""
    source = pl.repeat(None, n, dtype=pl.UInt32, eager=True).scatter(
        positions, pl.int_range(len(positions), dtype=pl.UInt32, eager=True)
    )
    if len(values) < 2:
        return [s.gather(source) for s in values]
    # In one select, the columns are gathered in parallel.
    frame = pl.DataFrame({str(i): s for i, s in enumerate(values)})
    gathered = frame.select(pl.all().gather(source)).get_columns()
    return [g.alias(s.name) for g, s in zip(gathered, values, strict=True)]


def assemble(
    base: pl.Series, parts: list[tuple[pl.Series, pl.Series]], name: str | None = None
) -> pl.Series:
    """``base`` with, for each ``(positions, values)`` of ``parts``, ``values`` at ``positions``.

    One gather from all the pieces: writing millions of strings one part after another
    (``scatter``) copies the text each time; a gather copies only references to it.
    """
    parts = [(where, values) for where, values in parts if len(where)]
    if not parts:
        return base.alias(name or base.name)
    # A base of nulls is left out of the pool: positions no part fills gather a null.
    empty = base.null_count() == len(base)
    pool = pl.concat(
        [*([] if empty else [base]), *(values for _, values in parts)], how="vertical", rechunk=True
    )
    if empty:
        source = pl.repeat(None, len(base), dtype=pl.UInt32, eager=True)
        offset = 0
    else:
        source = pl.int_range(len(base), dtype=pl.UInt32, eager=True)
        offset = len(base)
    for where, values in parts:
        source = source.scatter(
            where, pl.int_range(offset, offset + len(values), dtype=pl.UInt32, eager=True)
        )
        offset += len(values)
    return pool.gather(source).alias(name or base.name)
