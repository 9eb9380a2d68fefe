"""The bundled sample team: generated deterministically, and the metrics recover its truth."""

from __future__ import annotations

import filecmp
from pathlib import Path

import polars as pl
import pytest

from asyncmetrics import (
    load,
    load_people,
    read_events,
    read_roster,
    request_threads,
    sample_path,
)
from asyncmetrics.sample import generate

TRUTH_COLUMNS = [
    "is_request",
    "requester",
    "first_reply_id",
    "first_actionable_reply_id",
    "followups",
    "round_trips",
    "converged",
    "convergence_id",
    "needs_sync",
]


@pytest.fixture(scope="module")
def compared() -> pl.DataFrame:
    truth = pl.read_csv(sample_path() / "truth.csv", infer_schema=False)
    # The truth names accounts, so read them as the sources name them, with the roster's
    # per-account table (load() would merge and pseudonymize them).
    threads = request_threads(read_events("sample"), read_roster(sample_path() / "people.csv"))
    as_text = threads.select(
        "conversation_id",
        *[pl.col(c).cast(pl.String).str.to_lowercase().fill_null("") for c in TRUTH_COLUMNS],
    )
    return truth.select(
        "conversation_id",
        "pattern",
        *[pl.col(c).str.to_lowercase().fill_null("") for c in TRUTH_COLUMNS],
    ).join(as_text, on="conversation_id", how="left", suffix="_measured")


def test_sample_is_what_its_seeded_generator_writes(tmp_path):
    generate(tmp_path / "sample", seed=7)
    compare = filecmp.dircmp(sample_path(), tmp_path / "sample")
    mismatched = _differences(compare)
    assert mismatched == []


def _differences(compare: filecmp.dircmp) -> list[str]:
    _, mismatch, errors = filecmp.cmpfiles(
        compare.left, compare.right, compare.common_files, shallow=False
    )
    found = [*mismatch, *errors, *compare.left_only, *compare.right_only]
    for sub in compare.subdirs.values():
        found += _differences(sub)
    return found


def test_every_planted_conversation_is_measured(compared):
    assert compared["is_request_measured"].null_count() == 0


@pytest.mark.parametrize("column", TRUTH_COLUMNS)
def test_metrics_recover_the_ground_truth(compared, column):
    wrong = compared.filter(pl.col(column) != pl.col(f"{column}_measured"))
    assert wrong.select("conversation_id", "pattern", column, f"{column}_measured").to_dicts() == []


def test_sample_plants_every_pattern_the_product_must_catch(compared):
    patterns = set(compared["pattern"])
    assert {
        "self_contained",
        "vague",
        "clarification_loop",
        "long_converged",
        "decided_by_reaction",
        "unanswered",
        "ack_then_answer",
        "bot_first",
        "nudge",
        "in_channel_reply",
        "after_hours_here",
        "eod_deadline",
        "standup",
        "announcement",
        "pr_changes_requested",
        "pr_bot_review_only",
        "pr_draft_then_ready",
        "pr_draft_never_ready",
        "pr_closed_unmerged",
        "pr_dependabot",
        "pr_long_review",
    } <= patterns
    assert compared.filter(pl.col("needs_sync") == "true").height >= 20


def test_sample_path_is_the_repository_copy():
    assert sample_path() == Path(__file__).parents[1] / "data" / "sample"


def test_load_merges_each_persons_accounts_and_pseudonymizes():
    events, people = load("sample"), load_people("sample")
    humans = events.filter(~events["author_is_bot"])["author"].unique()
    assert humans.str.starts_with("p-").all()
    # 12 people, each with a Slack id and a GitHub login, become 12 authors.
    assert humans.len() == 12
    assert set(humans) <= set(people["author"])
    threads = request_threads(events, people)
    assert (
        threads.filter(threads["is_request"])["team"].null_count()
        == threads.filter(threads["is_request"])["requester"].is_in(["dependabot[bot]"]).sum()
    )
