"""``over_rotation_index`` on a hand-built week of one team (docs/metrics.md, Over-rotation
diagnostics, 6). Base day: Monday 2026-07-06; everyone works Mon-Fri 09:00-17:00 UTC."""

from __future__ import annotations

import polars as pl
import pytest
from builders import concat, slack

from asyncmetrics import Config, request_threads
from asyncmetrics.diagnostics import over_rotation_index

ESSAY = "Can we settle the storage design? " + "background " * 520
ROUND_TRIPS = [
    ("bo", "Mon 15:00", "What latency budget do you have?"),
    ("ana", "Tue 10:00", "Under 50 ms for EU users."),
    ("bo", "Tue 15:00", "Do you need failover too?"),
    ("ana", "Wed 10:00", "Yes, across two zones."),
    ("bo", "Wed 15:00", "What about a cost limit?"),
    ("ana", "Thu 10:00", "Keep it under 2k a month."),
]
TEAM = pl.DataFrame({"author": ["ana", "bo", "cy", "di"], "tz": "UTC", "team": "platform"})


def week():
    return concat(
        # Long and slow: a 520-word essay decided 3 business days later (Thu 12:00).
        slack(
            "eng",
            ("ana", "Mon 09:00", ESSAY),
            ("bo", "Wed 10:00", "Option B, done: I merged the design doc."),
            ("ana", "Thu 12:00", "Thanks, that worked for us. Approved."),
            cid="essay",
        ),
        # Needs sync, never escalated; open until the end of observation (Fri 17:00).
        slack(
            "eng",
            ("ana", "Mon 09:00", "Which region should the new cache cluster go in?"),
            *ROUND_TRIPS,
            cid="circles",
        ),
        # A call on the first round-trip of a routine request: not needed; decided in 1 hour.
        slack(
            "eng",
            ("cy", "Tue 09:00", "Can you review the retry config change?"),
            ("di", "Tue 09:10", "Quick call? https://meet.google.com/abc-defg-hij"),
            ("di", "Tue 10:00", "Done, approved and merged it."),
            ("cy", "Tue 10:00", "Thanks, that worked!"),
            cid="call",
        ),
        slack("eng", ("di", "Fri 17:00", "FYI the office is closed on Monday."), cid="end"),
    )


def test_index_parts_and_mean_for_one_team_week():
    events = week()
    threads = request_threads(events, TEAM)
    decided = dict(zip(threads["conversation_id"], threads["converged"], strict=True))
    assert decided == {"essay": True, "circles": False, "call": True, "end": False}
    rows = over_rotation_index(threads, events, TEAM, config=Config(min_group_size=1))
    assert rows.height == 1
    row = rows.row(0, named=True)
    assert (row["team"], row["requests"], row["long_messages"]) == ("platform", 3, 1)
    assert (row["needs_sync"], row["escalations"], row["people"]) == (1, 1, 4)
    # Business days to decision: essay Mon 09:00 -> Thu 12:00 = 3 3/8; circles open
    # Mon 09:00 -> Fri 17:00 = 5; call Tue 09:00 -> 10:00 = 1/8. Median 3.375 -> 3.375/5.
    assert row["decision_days_median"] == pytest.approx(3.375)
    parts = {k: row[k] for k in ("long_and_slow", "decision_latency", "calls_not_made")}
    assert parts == pytest.approx(
        {"long_and_slow": 1 / 3, "decision_latency": 0.675, "calls_not_made": 1.0}
    )
    assert row["calls_not_needed"] == 1.0
    assert row["index"] == pytest.approx((1 / 3 + 0.675 + 1.0 + 1.0) / 4)


def test_parts_without_data_are_null_and_left_out_of_the_mean():
    events = slack(
        "eng",
        ("ana", "Mon 09:00", "Can you review the retry config change?"),
        ("bo", "Mon 10:00", "Done, approved."),
        ("ana", "Mon 11:00", "Thanks, that worked!"),
        ("bo", "Fri 17:00", "FYI the office is closed on Monday."),
    )
    rows = over_rotation_index(
        request_threads(events, TEAM), events, TEAM, config=Config(min_group_size=1)
    )
    row = rows.row(0, named=True)
    assert row["calls_not_made"] is None
    assert row["calls_not_needed"] is None
    assert row["decision_latency"] == pytest.approx((1 / 8) / 5)
    assert row["index"] == pytest.approx((0 + (1 / 8) / 5) / 2)


def test_latency_is_capped_and_small_teams_are_suppressed():
    events = slack(
        "eng",
        ("ana", "2026-07-06 09:00", "Which region should the new cache cluster go in?"),
        ("bo", "2026-07-20 09:00", "eu-west-1, approved."),
        ("ana", "2026-07-20 10:00", "Thanks, that worked!"),
    )
    threads = request_threads(events, TEAM)
    row = over_rotation_index(threads, events, TEAM, config=Config(min_group_size=1)).row(
        0, named=True
    )
    assert row["decision_days_median"] == pytest.approx(10.0)
    assert row["decision_latency"] == 1.0
    hidden = over_rotation_index(threads, events, TEAM, config=Config(min_group_size=3))
    assert hidden["suppressed"].to_list() == [True]
    assert hidden["index"].to_list() == [None]


def test_latency_counts_open_requests_kaplan_meier_style():
    asks = [
        ("ana", "Mon 09:00", "Which region should the new cache cluster go in?"),
        ("ana", "Mon 10:00", "Can you review the retry config change?"),
        ("ana", "Mon 11:00", "Can someone restart the staging runner?"),
    ]
    decided = slack(
        "eng",
        asks[0],
        ("bo", "Mon 12:00", "eu-west-1, approved."),
        ("ana", "Mon 13:00", "Thanks, that worked!"),
        cid="decided",
    )
    open_ones = [slack("eng", ask, cid=f"open{i}") for i, ask in enumerate(asks[1:])]

    def latency(until: str):
        events = concat(
            decided, *open_ones, slack("eng", ("bo", until, "FYI: all quiet."), cid="z")
        )
        row = over_rotation_index(
            request_threads(events, TEAM), events, TEAM, config=Config(min_group_size=1)
        ).row(0, named=True)
        return row["decision_days_median"], row["decision_latency"]

    # Two of three still open: the median is not reached. Watched for under 5 business days
    # it is unknown; watched for 5 or more, it is past the cap.
    assert latency("Wed 17:00") == (None, None)
    assert latency("2026-07-14 17:00") == (None, 1.0)
