"""The pandas reference of benchmarks/scale.py agrees with asyncmetrics on small tables."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import pandas_reference as ref

import asyncmetrics as am


def test_re2_spells_out_unicode_classes() -> None:
    assert ref._re2(r"(?i)(?:(?-u:\b)ok(?-u:\b))") == r"(?i)(?:\bok\b)"
    assert ref._re2(r"^\W*(a|b)$") == (r"^[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\x{200C}\x{200D}]*(?:a|b)$")
    assert ref._re2(r"[\w-]+\(") == r"[\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\x{200C}\x{200D}-]+\("


def test_agrees_with_asyncmetrics() -> None:
    events = am.events_from_frame(
        pl.DataFrame(
            {
                "source": "slack",
                "channel": "eng",
                "conversation_id": ["c1", "c1", "c1", "c2", "c2", "c3"],
                "author": ["ana", "bo", "ana", "bo", "ana", "cy"],
                "ts": [
                    "2026-07-01T09:00:00Z",
                    "2026-07-01T09:20:00Z",
                    "2026-07-01T09:30:00Z",
                    "2026-07-02T09:00:00Z",
                    "2026-07-02T10:00:00Z",
                    "2026-07-03T09:00:00Z",
                ],
                "text": [
                    "Which flag disables the cache?",
                    "Use `--no-cache`.",
                    "Thanks, that worked!",
                    "Can someone review the deploy doc please",
                    "looking",
                    "FYI: the office is closed on Friday",
                ],
            }
        )
    )
    ours = am.request_threads(am.classify(events)).to_pandas().set_index("conversation_id")
    theirs = ref.request_threads(ref.classify(events.to_pandas())).set_index("conversation_id")
    for column in ("is_request", "first_actionable_reply_id", "convergence_id"):
        assert ours[column].fillna("").to_dict() == theirs[column].fillna("").to_dict(), column


def test_agrees_on_generated_data(tmp_path: Path) -> None:
    """Follow-ups, round-trips and business time agree, conversation by conversation, on a
    small table of benchmarks/scale_data.py."""
    import scale_data

    path = tmp_path / "events.parquet"
    scale_data.generate(5_000, seed=3).write_parquet(path)
    config = am.Config(pseudonym_key="pandas-reference-test")
    ours = am.request_threads(am.classify(am.load(path, config=config), config=config))
    ours = ours.to_pandas().set_index("conversation_id").sort_index()
    theirs = ref.request_threads(ref.classify(ref.read(path))).set_index("conversation_id")
    theirs = theirs.sort_index()
    assert list(ours.index) == list(theirs.index)
    for column in ("is_request", "followups", "round_trips", "messages_to_convergence"):
        assert (ours[column] == theirs[column]).all(), column
    assert ours["followups"].sum() > 0
    assert ours["round_trips"].sum() > 0
    business = "time_to_first_actionable_reply_business"
    seconds = ours[business].dt.total_seconds(), theirs[business].dt.total_seconds()
    assert (seconds[0].isna() == seconds[1].isna()).all()
    assert ((seconds[0] - seconds[1]).abs().fillna(0) <= 1).all()
    assert abs(seconds[0].sum() - seconds[1].sum()) <= 1
    assert seconds[0].sum() > 0
