"""``sync_escalations`` and ``call_summary`` on hand-built conversations (docs/metrics.md,
Over-rotation diagnostics, 1). Base day: Monday 2026-07-06, UTC."""

from __future__ import annotations

from datetime import timedelta

from builders import concat, m, slack

from asyncmetrics import Config, request_threads
from asyncmetrics.diagnostics import call_summary, sync_escalations

ASK = "Which region should the new cache cluster go in?"
# A round-trip a day: the slow back-and-forth a call would have saved.
THREE_ROUND_TRIPS = [
    ("bo", "15:00", "What latency budget do you have?"),
    ("ana", "Tue 10:00", "Under 50 ms for EU users."),
    ("bo", "Tue 15:00", "Do you need failover too?"),
    ("ana", "Wed 10:00", "Yes, across two zones."),
    ("bo", "Wed 15:00", "What about a cost limit?"),
    ("ana", "Thu 10:00", "Keep it under 2k a month."),
]
WRITEUP = "Summary: we decided on eu-west-1 across two zones, owner bo, budget 2k a month."


def calls_of(events, **kw):
    rows = sync_escalations(request_threads(events, **kw), events, **kw)
    return {r["conversation_id"]: r for r in rows.iter_rows(named=True)}


def test_three_round_trips_without_a_call_should_have_been_one():
    events = slack("eng", ("ana", "09:00", ASK), *THREE_ROUND_TRIPS, cid="t1")
    row = calls_of(events)["t1"]
    assert (row["round_trips"], row["needs_sync"], row["converged"]) == (3, True, False)
    assert (row["escalated"], row["should_have_called"], row["needless_escalation"]) == (
        False,
        True,
        False,
    )


def test_escalation_after_three_round_trips_with_a_write_up():
    events = slack(
        "eng",
        ("ana", "09:00", ASK),
        *THREE_ROUND_TRIPS,
        ("bo", "Thu 12:30", "This is going in circles, let's hop on a call."),
        ("ana", "Thu 14:00", WRITEUP),
        cid="t2",
    )
    row = calls_of(events)["t2"]
    assert row["escalated"]
    assert row["written_up"]
    assert row["escalation_id"] == "t2:7"
    assert row["writeup_id"] == "t2:8"
    assert row["escalation_reason"] == "“hop on a call”"
    assert row["round_trips_at_escalation"] == 3
    assert not row["should_have_called"]
    assert not row["needless_escalation"]


def test_huddle_in_the_thread_without_a_write_up():
    events = slack(
        "eng",
        ("ana", "09:00", ASK),
        *THREE_ROUND_TRIPS[:2],
        m("bo", "Tue 10:15", "A huddle happened", subtype="huddle_thread"),
        ("ana", "Tue 11:00", "ok"),
        cid="t3",
    )
    row = calls_of(events)["t3"]
    assert row["escalated"]
    assert row["escalation_reason"] == "a huddle in the thread"
    assert row["round_trips_at_escalation"] == 1
    assert not row["written_up"]  # "ok" is neither 25 words nor a summary


def test_call_on_the_first_round_trip_of_a_routine_request_was_not_needed():
    events = slack(
        "eng",
        ("ana", "09:00", "Can you review the retry config change?"),
        ("bo", "09:10", "Quick call? https://meet.google.com/abc-defg-hij"),
        cid="t4",
    )
    row = calls_of(events)["t4"]
    assert row["escalated"]
    assert row["round_trips_at_escalation"] == 0
    assert row["needless_escalation"]


def test_call_after_a_follow_up_or_on_a_long_request_was_not_needless():
    long_ask = "Can you review the retry design? " + "context " * 70
    events = concat(
        slack(
            "eng",
            ("ana", "09:00", "Can you review the retry config change?"),
            ("bo", "09:05", "Which branch is it on?"),
            ("bo", "09:10", "Quick call? https://meet.google.com/abc-defg-hij"),
            cid="t5",
        ),
        slack(
            "eng",
            ("ana", "09:00", long_ask),
            ("bo", "09:10", "Quick call? https://meet.google.com/abc-defg-hij"),
            cid="t6",
        ),
    )
    calls = calls_of(events)
    assert calls["t5"]["escalated"]
    assert not calls["t5"]["needless_escalation"]
    assert calls["t6"]["escalated"]
    assert not calls["t6"]["needless_escalation"]


def test_call_summary_counts_and_suppresses_small_groups():
    events = concat(
        slack("eng", ("ana", "09:00", ASK), *THREE_ROUND_TRIPS, cid="t1"),
        slack(
            "eng",
            ("cy", "09:00", "Can you review the retry config change?"),
            ("di", "09:10", "Quick call? https://meet.google.com/abc-defg-hij"),
            cid="t4",
        ),
    )
    threads = request_threads(events)
    calls = sync_escalations(threads, events)
    open_summary = call_summary(calls, config=Config(min_group_size=1))
    assert dict(zip(open_summary["outcome"], open_summary["requests"], strict=True)) == {
        "should have been a call": 1,
        "call, written up": 0,
        "call, not written up": 0,
        "call not needed": 1,
    }
    strict = call_summary(calls, config=Config(min_group_size=3))
    should = strict.filter(strict["outcome"] == "should have been a call").row(0, named=True)
    assert should["requests"] is None
    assert should["suppressed"]
    assert should["people"] == 2


def test_a_conversation_that_organises_a_meeting_does_not_escalate():
    events = concat(
        slack(
            "eng",
            ("ana", "09:00", "Shall we hold a design review session this week? Who is in?"),
            ("bo", "09:10", "Yes! Thursday 14:30, https://meet.google.com/abc-defg-hij"),
            cid="en",
        ),
        slack(
            "eng",
            (
                "ana",
                "09:00",
                "本日午後、もくもく作業会を開催しようと思います！参加できる方いますか？",
            ),
            ("bo", "09:10", "参加します！ https://meet.google.com/abc-defg-hij"),
            cid="ja",
        ),
    )
    calls = calls_of(events)
    for cid in ("en", "ja"):
        assert calls[cid]["scheduling"]
        assert not calls[cid]["escalated"]
        assert not calls[cid]["needless_escalation"]


def test_a_long_message_after_the_call_is_a_write_up_only_if_it_states_the_outcome():
    musing = " ".join(["I was reading the links above and wondered about hosting costs."] * 3)
    outcome = musing + " We'll go with the managed option."
    events = concat(
        slack(
            "eng",
            ("ana", "09:00", ASK),
            *THREE_ROUND_TRIPS,
            ("bo", "Thu 12:30", "let's hop on a call"),
            ("cy", "Thu 15:00", musing),
            cid="musing",
        ),
        slack(
            "eng",
            ("ana", "09:00", ASK),
            *THREE_ROUND_TRIPS,
            ("bo", "Thu 12:30", "let's hop on a call"),
            ("cy", "Thu 15:00", outcome),
            cid="outcome",
        ),
    )
    calls = calls_of(events)
    assert not calls["musing"]["written_up"]
    assert calls["outcome"]["written_up"]
    assert calls["outcome"]["writeup_id"] == "outcome:8"


def test_round_trips_minutes_apart_are_a_live_chat_not_a_missing_call():
    live = [
        (who, f"{9 + i // 2}:{30 * (i % 2):02d}", text)
        for i, (who, _, text) in enumerate(THREE_ROUND_TRIPS, start=1)
    ]
    events = slack("eng", ("ana", "09:00", ASK), *live, cid="live")
    row = calls_of(events)["live"]
    assert row["needs_sync"]
    assert row["back_and_forth"] == timedelta(hours=3)
    assert not row["should_have_called"]
