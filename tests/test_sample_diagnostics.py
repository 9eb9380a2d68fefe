"""Every over-rotation diagnostic finds the cases planted in the sample team, and nothing else.

The truth is ``data/sample/truth_diagnostics.csv``, written by the sample generator from what
it planted (one row per conversation), not by running the diagnostics.
"""

from __future__ import annotations

import polars as pl
import pytest

from asyncmetrics import Config, load, load_people, request_threads
from asyncmetrics.diagnostics import (
    after_hours_pings,
    ambiguous_deadlines,
    doc_pointer_share,
    per_request_over_rotation,
    quality_effect,
    repeated_questions,
    request_quality,
    status_updates,
    sync_escalations,
)
from asyncmetrics.sources import sample_path

PLANTED_CLUSTERS = ["new-service-dns", "rotate-api-keys", "staging-db-access"]


@pytest.fixture(scope="module")
def sample():
    events, people = load("sample"), load_people("sample")
    truth = pl.read_csv(sample_path() / "truth_diagnostics.csv", infer_schema_length=0)
    return events, people, request_threads(events, people), truth


def flagged(truth: pl.DataFrame, column: str) -> set[str]:
    return set(truth.filter(pl.col(column) == "true")["conversation_id"])


@pytest.mark.parametrize(
    "column", ["escalated", "written_up", "should_have_called", "needless_escalation"]
)
def test_calls_match_the_planted_truth_exactly(sample, column):
    events, people, threads, truth = sample
    calls = sync_escalations(threads, events, people)
    assert set(calls.filter(column)["conversation_id"]) == flagged(truth, column)


def test_escalation_is_the_planted_message(sample):
    events, people, threads, truth = sample
    calls = sync_escalations(threads, events, people).filter("escalated")
    want = dict(
        truth.filter(pl.col("escalated") == "true")
        .select("conversation_id", "escalation_id")
        .iter_rows()
    )
    assert dict(calls.select("conversation_id", "escalation_id").iter_rows()) == want
    assert len(want) == 47


def test_after_hours_pings_per_conversation(sample):
    events, people, _, truth = sample
    late = after_hours_pings(events, people).filter("after_hours")
    got = dict(late.group_by("conversation_id").len().iter_rows())
    want = {
        cid: int(n)
        for cid, n in truth.select("conversation_id", "after_hours_pings").iter_rows()
        if int(n)
    }
    assert got == want
    assert sum(want.values()) == 325


def test_ambiguous_deadlines(sample):
    events, people, threads, truth = sample
    found = ambiguous_deadlines(threads, events, people)
    assert set(found["conversation_id"]) == flagged(truth, "ambiguous_deadline")
    want = dict(
        truth.filter(pl.col("ambiguous_deadline") == "true")
        .select("conversation_id", "deadline_phrase")
        .iter_rows()
    )
    got = dict(found.select("conversation_id", "deadline_phrase").iter_rows())
    assert {cid: p.lower() for cid, p in got.items()} == {cid: p.lower() for cid, p in want.items()}


@pytest.mark.parametrize("column", ["status_post", "good_shape", "blocked"])
def test_status_updates(sample, column):
    events, people, _, truth = sample
    posts = status_updates(events, people)
    if column != "status_post":
        posts = posts.filter(column)
    assert set(posts["conversation_id"]) == flagged(truth, column)


def test_long_and_slow(sample):
    events, people, threads, truth = sample
    rows = per_request_over_rotation(threads, events, people)
    assert set(rows.filter("long_and_slow")["conversation_id"]) == flagged(truth, "long_and_slow")
    assert len(flagged(truth, "long_and_slow")) == 8


def test_planted_repeated_questions_are_three_clusters_of_three(sample):
    events, _, threads, truth = sample
    repeats = repeated_questions(threads, events)
    planted = truth.filter(pl.col("repeat_cluster").is_in(PLANTED_CLUSTERS)).select(
        "conversation_id", "repeat_cluster"
    )
    found = repeats.join(planted, on="conversation_id")
    per_cluster = found.group_by("repeat_cluster").agg(
        pl.col("cluster").n_unique().alias("clusters"), pl.len().alias("found")
    )
    assert sorted(per_cluster.rows()) == [(name, 1, 3) for name in PLANTED_CLUSTERS]
    # Openers on another topic are never pulled into a planted cluster.
    in_planted = repeats.filter(pl.col("cluster").is_in(found["cluster"].implode()))
    assert found.height == in_planted.height


def test_request_quality_on_the_planted_requests(sample):
    events, people, threads, truth = sample
    quality = request_quality(threads, events, people)
    scored = truth.filter(pl.col("pattern").is_in(["self_contained_full", "vague_bare"])).join(
        quality, on="conversation_id"
    )
    full = scored.filter(pl.col("pattern") == "self_contained_full")
    bare = scored.filter(pl.col("pattern") == "vague_bare")
    assert (full.height, bare.height) == (16, 16)
    assert full["quality_score"].min() >= 4
    assert bare["quality_score"].max() <= 2
    verdicts = quality_effect(quality)["verdict"].to_list()
    assert verdicts[0].startswith("Requests scoring 0–2 get 0.6 more follow-ups")
    assert verdicts[1].startswith("Requests scoring 0–2 wait 2.3 hours longer")


def test_doc_pointers_count_first_actionable_replies(sample):
    events, _, threads, truth = sample
    share = doc_pointer_share(threads, events, config=Config(min_group_size=1))
    # The truth marks a request when any actionable reply links to docs (55); the definition
    # counts the first actionable reply only, which every planted doc answer is.
    assert int(share["doc_pointers"].sum()) == 53
    assert int(share["doc_pointers"].sum()) <= len(flagged(truth, "doc_pointer_reply"))
