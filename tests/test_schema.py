from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

from asyncmetrics import EVENT_COLUMNS, InputError, events_from_frame


def raw(**overrides):
    data = {
        "source": ["slack", "slack", "slack"],
        "channel": ["eng", "eng", "eng"],
        "conversation_id": ["q1", "q1", "q2"],
        "author": ["ana", "bo", "cy"],
        "ts": ["2026-07-01T09:30:00Z", "2026-07-01T09:00:00+00:00", "1782896400.000100"],
        "text": ["second", "first", None],
    }
    data.update(overrides)
    return pl.DataFrame(data)


def test_defaults_and_types():
    events = events_from_frame(raw())
    assert {name: events.schema[name] for name in EVENT_COLUMNS} == {
        name: col.dtype for name, col in EVENT_COLUMNS.items()
    }
    rows = {r["message_id"]: r for r in events.iter_rows(named=True)}
    assert rows["q1:0"]["text"] == "first"
    assert rows["q1:0"]["is_opener"] is True
    assert rows["q1:1"]["is_opener"] is False
    assert rows["q2:0"]["ts"].isoformat() == "2026-07-01T09:00:00.000100+00:00"
    assert rows["q1:0"]["kind"] == "message"
    assert rows["q1:0"]["reactions"] == []
    assert rows["q1:0"]["author_is_bot"] is False


def test_pandas_in_pandas_out():
    events = events_from_frame(raw().to_pandas())
    assert isinstance(events, pd.DataFrame)
    assert str(events["ts"].dtype) == "datetime64[us, UTC]"


def test_missing_column_is_named():
    with pytest.raises(InputError, match="field 'author': missing column"):
        events_from_frame(raw().drop("author"))


def test_unparseable_time_names_column_and_row():
    with pytest.raises(InputError, match=r"row 1: field 'ts': cannot parse 'yesterday'"):
        events_from_frame(raw(ts=["2026-07-01T09:30:00Z", "yesterday", "also bad"]))


def test_wrong_type_is_named():
    with pytest.raises(InputError, match="field 'text': must be text"):
        events_from_frame(raw(text=[1.5, 2.5, 3.5]))


def test_unknown_kind_names_first_bad_row():
    with pytest.raises(InputError, match=r"row 2: field 'kind': unknown kind 'poke'"):
        events_from_frame(raw(kind=["message", "message", "poke"]))
