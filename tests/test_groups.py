"""Large tables are labelled a group of whole conversations at a time: the result is the one
of labelling the whole table at once."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import asyncmetrics as am

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def _events(which: str, tmp_path: Path) -> tuple[pl.DataFrame, am.Config]:
    if which == "sample":
        return am.read_events("sample"), am.Config()
    import scale_data

    path = tmp_path / "events.parquet"
    scale_data.generate(4_000, seed=5).write_parquet(path)
    config = am.Config(pseudonym_key="groups-test")
    return am.load(path, config=config), config


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_labelling_in_groups_changes_nothing(which, tmp_path, monkeypatch):
    events, config = _events(which, tmp_path)
    whole = am.classify(events, config=config)
    module = sys.modules["asyncmetrics.classify"]
    monkeypatch.setattr(module, "_GROUP_ROWS", 97)
    monkeypatch.setattr(module, "_CHUNK_ROWS", 41)
    grouped = am.classify(events, config=config)
    assert len(module.Conversations(events["conversation_id"]).parts(97)) > 5
    assert_frame_equal(grouped, whole)
    assert grouped["label"].value_counts().height >= 6
