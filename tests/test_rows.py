"""Conversations laid out side by side: the same grouping as a plain dict, hashes or not."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asyncmetrics.classify.rows import Conversations


def _groups(ids: list[str | None]) -> dict[str | None, list[int]]:
    groups: dict[str | None, list[int]] = {}
    for position, value in enumerate(ids):
        groups.setdefault(value, []).append(position)
    return groups


def _check(ids: list[str | None]) -> None:
    conversations = Conversations(pl.Series("id", ids, dtype=pl.String))
    order, key = conversations.order.to_list(), conversations.key.to_list()
    expected = _groups(ids)
    assert conversations.count == len(expected)
    # Laid out: each conversation's rows together, in their original order.
    laid = [ids[p] for p in order]
    runs = [laid[0]] if laid else []
    runs += [b for a, b in itertools.pairwise(laid) if a != b]
    assert sorted(runs, key=str) == sorted(expected, key=str)
    assert all(order[i] < order[i + 1] for i in range(len(order) - 1) if laid[i] == laid[i + 1])
    # Every row's key names its conversation, one key per conversation.
    by_key: dict[int, set[str | None]] = {}
    for value, k in zip(ids, key, strict=True):
        by_key.setdefault(k, set()).add(value)
    assert all(len(values) == 1 for values in by_key.values())
    assert len(by_key) == len(expected)
    assert conversations.inverse.gather(conversations.order).to_list() == list(range(len(ids)))


@given(st.lists(st.sampled_from(["a", "b", "c#1", "c#2", "", None]), max_size=40))
def test_conversations_group_like_a_dict(ids):
    _check(ids)


def test_ids_sharing_a_hash_are_still_told_apart(monkeypatch):
    """Every id hashing alike forces the fallback that lays out by the ids themselves."""
    monkeypatch.setattr(
        pl.Series, "hash", lambda self, seed=0: pl.zeros(len(self), pl.UInt64, eager=True)
    )
    _check(["x", "y", "x", "z", "y", "x"])


@pytest.mark.parametrize("ids", [[], ["only"], ["a", "a", "a"]])
def test_edge_sizes(ids):
    _check(ids)


def test_a_classified_table_keeps_its_layout_while_it_lives():
    """request_threads reuses the layout classify built, only for the same ids."""
    import gc

    from asyncmetrics.classify import rows

    frame = pl.DataFrame({"conversation_id": ["a", "b", "a"]})
    built = Conversations(frame["conversation_id"])
    built.remember(frame)
    assert rows.conversations_of(frame, frame["conversation_id"]).order is built.order
    other = rows.conversations_of(frame, pl.Series(["a", "a", "b"]))
    assert other.order is not built.order
    assert other.key.to_list()[0] == other.key.to_list()[1] != other.key.to_list()[2]
    key = id(frame)
    del frame
    gc.collect()
    assert key not in rows._LAID_OUT


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d", "e", None]), max_size=40),
    st.integers(min_value=1, max_value=12),
)
def test_parts_split_into_whole_conversations(ids, max_rows):
    """Groups of whole conversations cover every row once, and each group's own layout
    groups its rows as the whole table's does."""
    conversations = Conversations(pl.Series("id", ids, dtype=pl.String))
    parts = conversations.parts(max_rows)
    seen = [p for positions, _ in parts for p in positions.to_list()]
    assert sorted(seen) == list(range(len(ids)))
    groups = [[ids[p] for p in positions.to_list()] for positions, _ in parts]
    for group in groups:
        assert all(value not in group for other in groups if other is not group for value in other)
    # A group passes max_rows only by the conversation that crosses it.
    longest = max((ids.count(v) for v in set(ids)), default=0)
    assert all(len(positions) < max_rows + longest for positions, _ in parts)
    for positions, part in parts:
        original = positions.to_list()
        assert original == sorted(original)
        local = [ids[p] for p in original]
        order = part.order.to_list()
        assert sorted(order) == list(range(len(local)))
        # Laid out: each conversation's rows together, in their order.
        laid = [local[p] for p in order]
        runs = [v for i, v in enumerate(laid) if i == 0 or laid[i - 1] != v]
        assert len(runs) == len(set(local))
        assert all(order[i] < order[i + 1] for i in range(len(order) - 1) if laid[i] == laid[i + 1])
        # Same grouping: a row's key in the group names its conversation, one key each.
        keys = part.key.to_list()
        assert len(set(keys)) == part.count == len(set(local))
        assert all(
            (keys[i] == keys[j]) == (local[i] == local[j])
            for i in range(len(local))
            for j in range(len(local))
        )
