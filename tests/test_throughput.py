"""``decision_throughput`` on hand-built threads: weekly buckets starting Monday, partial periods,
medians and 90th percentiles, open (censored) requests, grouping, pandas in/out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from builders import at, concat, hours, slack

from asyncmetrics import Config, request_threads
from asyncmetrics import decision_throughput as _decision_throughput

# These tests check the arithmetic on conversations of two or three people; privacy
# suppression (at least 5 people per group by default) is tested in test_privacy.py.
EVERYONE = Config(min_group_size=1)


def decision_throughput(threads, *args, **kwargs):
    return _decision_throughput(threads, *args, config=EVERYONE, **kwargs)


ASK = "How do I rotate the API key?"
ANSWER = "Run `make rotate-key`."
AS_OF = at("2026-07-17 12:00")  # Friday of the second week
WEEK1, WEEK2 = at("2026-07-06 00:00"), at("2026-07-13 00:00")


def two_weeks():
    """Five requests and one announcement over two weeks (see each comment)."""
    return concat(
        # q1: answered in 30 min, confirmed Monday of week 1
        slack(
            "eng",
            ("ana", "12:00", ASK),
            ("bo", "12:30", ANSWER),
            ("ana", "13:00", "thanks, that worked"),
            cid="q1",
        ),
        # q2: a clarifying question, answered after 24 h (8 business hours), decided in week 2
        slack(
            "eng",
            ("ana", "Wed 10:00", "The nightly export fails, can someone help?"),
            ("bo", "Wed 11:00", "Which version are you on?"),
            ("ana", "Wed 11:05", "v2.3"),
            ("bo", "Thu 10:00", "Upgrade to v2.4, the fix is there."),
            ("ana", "2026-07-13 09:00", "Thanks, that worked."),
            cid="q2",
        ),
        # q3: never answered, one nudge: open
        slack(
            "eng",
            ("cy", "Fri 10:00", "Can someone review the backup policy?"),
            ("cy", "Fri 15:00", "any update?"),
            cid="q3",
        ),
        # n1: not a request
        slack("eng", ("dan", "Tue 09:00", "FYI: we deployed v2.3 to production."), cid="n1"),
        # q4: answered in 1 h, never confirmed: open
        slack(
            "eng", ("ana", "2026-07-14 10:00", ASK), ("bo", "2026-07-14 11:00", ANSWER), cid="q4"
        ),
        # q5 (ops): answered in 4 h, confirmed the same day
        slack(
            "ops",
            ("eve", "2026-07-15 10:00", "Can someone restart the staging runner?"),
            ("bo", "2026-07-15 14:00", "Restarted, it is back."),
            ("eve", "2026-07-15 15:00", "thanks, works now"),
            cid="q5",
        ),
    )


@pytest.fixture(scope="module")
def threads():
    return request_threads(two_weeks(), as_of=AS_OF)


def test_the_threads_are_what_the_scenario_says(threads):
    got = {
        r["conversation_id"]: (
            r["is_request"],
            r["time_to_first_actionable_reply"],
            r["time_to_first_actionable_reply_business"],
            r["converged_at"],
            r["followups"],
        )
        for r in threads.iter_rows(named=True)
    }
    assert got == {
        "q1": (True, hours(0, 30), hours(0, 30), at("13:00"), 0),
        "q2": (True, hours(24), hours(8), at("2026-07-13 09:00"), 1),
        "q3": (True, None, None, None, 1),
        "n1": (False, None, None, None, 0),
        "q4": (True, hours(1), hours(1), None, 0),
        "q5": (True, hours(4), hours(4), at("2026-07-15 15:00"), 0),
    }


WEEKLY = [
    {
        "period_start": WEEK1,
        "period_end": WEEK2,
        "days_observed": 6.5,  # from the first request, Mon 12:00
        "requests": 3,
        "decisions": 1,  # q1; q2 is decided in week 2
        "decisions_per_day": 1 / 6.5,
        "answered": 2,
        "ttfr_median": hours(0, 45),  # q1 30 min, q2 1 h (the clarifying question)
        "ttfr_p90": hours(0, 57),  # 30 min + 0.9 * 30 min
        "ttfar_median": hours(12, 15),  # (30 min + 24 h) / 2
        "ttfar_p90": hours(21, 39),  # 30 min + 0.9 * 23 h 30 min
        "ttfar_business_median": hours(4, 15),  # (30 min + 8 h) / 2
        "ttfar_business_p90": hours(7, 15),  # 30 min + 0.9 * 7 h 30 min
        "followups_median": 1.0,  # [0, 1, 1]
        "needs_sync_share": 0.0,
        "open_requests": 1,  # q3
    },
    {
        "period_start": WEEK2,
        "period_end": at("2026-07-20 00:00"),
        "days_observed": 4.5,  # until as_of, Fri 12:00
        "requests": 2,
        "decisions": 2,  # q2, q5
        "decisions_per_day": 2 / 4.5,
        "answered": 2,
        "ttfr_median": hours(2, 30),
        "ttfr_p90": hours(3, 42),
        "ttfar_median": hours(2, 30),
        "ttfar_p90": hours(3, 42),  # 1 h + 0.9 * 3 h
        "ttfar_business_median": hours(2, 30),
        "ttfar_business_p90": hours(3, 42),
        "followups_median": 0.0,
        "needs_sync_share": 0.0,
        "open_requests": 1,  # q4
    },
]


def as_records(rows):
    return [
        {k: pytest.approx(v) if isinstance(v, float) else v for k, v in r.items()} for r in rows
    ]


def test_weekly_throughput(threads):
    weekly = decision_throughput(threads).drop("people", "suppressed")
    assert weekly.to_dicts() == as_records(WEEKLY)


def test_weekly_people_behind_each_row(threads):
    weekly = decision_throughput(threads)
    # week 1: q1-q3 asked by ana and cy, answered by bo (q2 decided in week 2 counts there too)
    # week 2: q4 ana and bo, q5 eve and bo, and q2's decision: ana, bo
    assert weekly.select("people", "suppressed").rows() == [(3, False), (3, False)]


def test_weekly_p90_is_exact_to_the_microsecond(threads):
    weekly = decision_throughput(threads)
    assert weekly["ttfar_business_p90"].to_list() == [hours(7, 15), hours(3, 42)]


def test_totals_match_the_threads(threads):
    weekly = decision_throughput(threads)
    assert (weekly["requests"].sum(), weekly["decisions"].sum(), weekly["open_requests"].sum()) == (
        5,
        3,
        2,
    )


def test_by_channel(threads):
    rows = decision_throughput(threads, by="channel").to_dicts()
    got = {
        (r["period_start"], r["channel"]): (
            r["requests"],
            r["decisions"],
            r["answered"],
            r["ttfar_median"],
            r["open_requests"],
        )
        for r in rows
        if r["requests"] or r["decisions"]
    }
    assert got == {
        (WEEK1, "eng"): (3, 1, 2, hours(12, 15), 1),
        (WEEK2, "eng"): (1, 1, 1, hours(1), 1),  # q4 made; q2 decided
        (WEEK2, "ops"): (1, 1, 1, hours(4), 0),
    }
    assert {(r["period_start"], r["channel"]) for r in rows} >= set(got)
    assert all(r["days_observed"] == (6.5 if r["period_start"] == WEEK1 else 4.5) for r in rows)


def test_pandas_in_pandas_out_with_equal_values(threads):
    from_pandas = decision_throughput(threads.to_pandas())
    assert isinstance(from_pandas, pd.DataFrame)
    from_polars = decision_throughput(threads).to_pandas()
    pd.testing.assert_frame_equal(
        from_pandas.reset_index(drop=True), from_polars, check_dtype=False
    )
    assert list(from_pandas["requests"]) == [3, 2]
    assert list(from_pandas["ttfar_median"]) == [hours(12, 15), hours(2, 30)]


def test_weeks_start_on_monday_midnight():
    events = concat(
        slack("eng", ("ana", "Sun 23:59", ASK), cid="sunday"),
        slack("eng", ("bo", "2026-07-13 00:00", ASK), cid="monday"),
    )
    weekly = decision_throughput(request_threads(events))
    assert weekly.select("period_start", "requests").rows() == [(WEEK1, 1), (WEEK2, 1)]


def test_weeks_start_on_monday_in_the_chosen_zone():
    # Mon 2026-07-13 02:00 UTC is still Sunday 22:00 in New York (EDT, UTC-4)
    events = slack("eng", ("ana", "2026-07-13 02:00", ASK), cid="late-sunday")
    weekly = decision_throughput(request_threads(events), tz="America/New_York")
    starts = [s.astimezone(UTC) for s in weekly["period_start"].to_list()]
    assert starts == [datetime(2026, 7, 6, 4, tzinfo=UTC)]
    assert weekly["requests"].to_list() == [1]


def test_decision_counted_in_the_week_it_was_reached():
    events = slack(
        "eng",
        ("ana", "Fri 16:00", ASK),
        ("bo", "Fri 16:30", ANSWER),
        ("ana", "2026-07-14 09:00", "thanks, that worked"),
    )
    weekly = decision_throughput(request_threads(events))
    assert weekly.select("period_start", "requests", "decisions", "open_requests").rows() == [
        (WEEK1, 1, 0, 0),
        (WEEK2, 0, 1, 0),
    ]


def test_daily_periods_partial_first_and_last_day():
    events = concat(
        slack(
            "eng",
            ("ana", "18:00", ASK),
            ("bo", "18:30", ANSWER),
            ("ana", "19:00", "thanks, that worked"),
            cid="a",
        ),
        slack(
            "eng",
            ("cy", "Tue 10:00", ASK),
            ("bo", "Tue 11:00", ANSWER),
            ("cy", "Tue 12:00", "thanks, fixed"),
            cid="b",
        ),
    )
    daily = decision_throughput(request_threads(events), every="1d")
    # observed from Mon 18:00 to Tue 12:00: 6 h of Monday, 12 h of Tuesday
    assert daily.select(
        "period_start", "days_observed", "decisions", "decisions_per_day"
    ).rows() == [(at("00:00"), 0.25, 1, 4.0), (at("Tue 00:00"), 0.5, 1, 2.0)]


def test_p90_interpolates_linearly_over_the_answered_requests():
    answers = [5, 10, 20, 40, 80]  # minutes; one request unanswered
    convs = [
        slack(
            "eng",
            ("ana", "10:00", ASK),
            ("bo", at("10:00") + timedelta(minutes=n), ANSWER),
            cid=f"q{n}",
        )
        for n in answers
    ]
    convs.append(slack("eng", ("cy", "10:00", "Which runner runs nightly?"), cid="unanswered"))
    weekly = decision_throughput(request_threads(concat(*convs)))
    r = weekly.row(0, named=True)
    # positions 0..4; p90 at 3.6: 40 + 0.6 * (80 - 40) = 64 min
    assert (r["requests"], r["answered"], r["ttfar_median"], r["ttfar_p90"]) == (
        6,
        5,
        timedelta(minutes=20),
        timedelta(minutes=64),
    )
    assert r["open_requests"] == 6


def test_needs_sync_share():
    loops = slack(
        "eng",
        ("ana", "09:00", "The nightly export fails, can someone help?"),
        ("bo", "09:10", "Which version are you on?"),
        ("ana", "09:20", "v2.3"),
        ("bo", "09:30", "Which region is the job in?"),
        ("ana", "09:40", "eu-west-1"),
        ("bo", "09:50", "What error do you see in the logs?"),
        ("ana", "10:00", "a timeout"),
        cid="loops",
    )
    quick = slack("eng", ("cy", "09:00", ASK), ("bo", "09:05", ANSWER), cid="quick")
    weekly = decision_throughput(request_threads(concat(loops, quick)))
    assert weekly.select("requests", "needs_sync_share", "followups_median").rows() == [
        (2, 0.5, 1.5)
    ]


def test_no_period_outside_the_observed_window():
    events = slack(
        "eng",
        ("ana", "Fri 10:00", ASK),
        ("bo", "Fri 11:00", ANSWER),
        ("ana", "Fri 12:00", "thanks, that worked"),
    )
    weekly = decision_throughput(request_threads(events, as_of=WEEK2))
    # observed Fri 10:00 -> Mon 00:00: 2 days 14 h, all in the first week
    assert weekly.select("period_start", "days_observed", "decisions").rows() == [
        (WEEK1, pytest.approx(2 + 14 / 24), 1)
    ]


def test_only_non_requests_give_no_periods():
    events = slack("eng", ("dan", "09:00", "FYI: we deployed v2.3 to production."))
    assert decision_throughput(request_threads(events)).height == 0
