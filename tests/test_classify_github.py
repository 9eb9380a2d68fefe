from __future__ import annotations

import polars as pl

from asyncmetrics import read_github_pulls, request_threads

AUTHOR = {"login": "ana", "type": "User"}
REVIEWER = {"login": "bo", "type": "User"}


def pull(reviews, timeline=()):
    return {
        "repository": "acme/api",
        "pull": {
            "number": 5,
            "title": "Add index",
            "body": "",
            "user": AUTHOR,
            "created_at": "2026-07-01T09:00:00Z",
        },
        "reviews": list(reviews),
        "timeline": list(timeline),
    }


def test_a_later_dismissed_review_still_answered_but_does_not_decide():
    doc = pull(
        [
            {
                "id": 1,
                "user": REVIEWER,
                "state": "DISMISSED",
                "submitted_at": "2026-07-01T10:00:00Z",
            },
        ]
    )
    row = request_threads(read_github_pulls([doc])).row(0, named=True)
    assert row["first_actionable_reply_id"] == "acme/api#5:review/1"
    assert row["actionable_reason"] == "review DISMISSED by a human other than the author"
    assert row["converged"] is False


def test_a_pending_review_is_not_a_reply():
    doc = pull([{"id": 2, "user": REVIEWER, "state": "PENDING", "body": "half-written"}])
    events = read_github_pulls([doc])
    assert events["kind"].to_list() == ["pr_opened"]
    row = request_threads(events).row(0, named=True)
    assert row["first_reply_at"] is None
    assert row["is_request"] is True


def test_approval_by_the_author_is_not_a_decision():
    doc = pull(
        [{"id": 3, "user": AUTHOR, "state": "APPROVED", "submitted_at": "2026-07-01T10:00:00Z"}]
    )
    threads = request_threads(read_github_pulls([doc]))
    assert threads.select("first_reply_id", "converged").row(0) == (None, False)


def test_merge_without_review_converges_at_merge():
    doc = pull(
        [], [{"id": 9, "event": "merged", "actor": AUTHOR, "created_at": "2026-07-02T09:00:00Z"}]
    )
    row = request_threads(read_github_pulls([doc])).row(0, named=True)
    assert row["convergence_id"] == "acme/api#5:merged"
    assert row["time_to_decision"].total_seconds() == 24 * 3600
    assert row["round_trips"] == 0
    assert pl.Series([row["first_reply_id"]]).is_null().all()
