"""``after_hours_pings``, ``time_zone_tax`` and ``ambiguous_deadlines`` on hand-built
conversations (docs/metrics.md, Over-rotation diagnostics, 3). Base day: Monday 2026-07-06.

Slack user ids are used as authors so that ``<@U…>`` mentions resolve as Slack's do.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from builders import concat, github, pr, slack, slack_channel

from asyncmetrics import Config, request_threads
from asyncmetrics.diagnostics import after_hours_pings, ambiguous_deadlines, time_zone_tax

TEAM = pl.DataFrame(
    {
        "author": ["UANA", "URAJ", "UBO"],
        "tz": ["Europe/Berlin", "Asia/Kolkata", "America/New_York"],
        "team": ["platform", "data", "platform"],
    }
)


def pings_of(events):
    rows = after_hours_pings(events, TEAM)
    return sorted(
        (r["sender"], r["recipient"], r["ping"], r["after_hours"], r["recipient_local_time"])
        for r in rows.iter_rows(named=True)
    )


def test_mention_after_the_recipients_hours_in_their_own_zone():
    events = slack_channel(
        "eng",
        ("UANA", "20:00", "<@URAJ> can you check the deploy?"),  # 01:30 Tue in Kolkata
        ("URAJ", "Tue 04:00", "Checked, it is fine."),  # 09:30 Tue in Kolkata
    )
    assert pings_of(events) == [("UANA", "URAJ", "mention", True, "Tue 01:30")]


def test_here_pings_every_other_person_seen_in_the_channel():
    events = slack_channel(
        "eng",
        ("UANA", "08:00", "Morning all, who owns the billing job?"),
        ("URAJ", "08:30", "I do."),
        ("UBO", "14:00", "<!here> the standup moves to 15:00 UTC today"),
    )
    assert pings_of(events) == [
        ("UBO", "UANA", "channel", False, "Mon 16:00"),
        ("UBO", "URAJ", "channel", True, "Mon 19:30"),
    ]


def test_direct_message_pings_the_other_participant():
    events = slack_channel(
        "D0DIRECT1",
        ("URAJ", "07:00", "Quick one: is the EU cluster yours?"),  # 09:00 Berlin: in hours
        ("UANA", "07:30", "Yes."),  # 13:00 Kolkata
        ("URAJ", "Sat 10:00", "Thanks!"),  # a Saturday for Berlin
    )
    assert pings_of(events) == [
        ("UANA", "URAJ", "dm", False, "Mon 13:00"),
        ("URAJ", "UANA", "dm", False, "Mon 09:00"),
        ("URAJ", "UANA", "dm", True, "Sat 12:00"),
    ]


def test_review_request_pings_the_reviewer():
    events = github(
        pr(
            7,
            "UANA",
            "2026-07-06 16:00",
            "Fix retry loop",
            ("review_requested", "UANA", "2026-07-06 16:01", "UBO"),  # 12:01 New York
            ("review_requested", "UANA", "2026-07-06 16:02", "URAJ"),  # 21:32 Kolkata
        )
    )
    assert pings_of(events) == [
        ("UANA", "UBO", "review_request", False, "Mon 12:01"),
        ("UANA", "URAJ", "review_request", True, "Mon 21:32"),
    ]


def test_time_zone_tax_per_sender_and_recipient_team():
    events = concat(
        slack_channel(
            "eng",
            ("UANA", "20:00", "<@URAJ> can you check the deploy?"),
            ("URAJ", "Tue 04:00", "<@UANA> checked, it is fine."),  # 06:00 Berlin
            ("UBO", "Tue 14:00", "<@URAJ> <@UANA> thanks both"),  # 19:30 Kolkata, 16:00 Berlin
        ),
    )
    pings = after_hours_pings(events, TEAM)
    tax = time_zone_tax(pings, config=Config(min_group_size=1))
    got = {
        (r["sender_team"], r["recipient_team"]): (r["pings"], r["after_hours"], r["people"])
        for r in tax.iter_rows(named=True)
    }
    assert got == {
        ("data", "platform"): (1, 1, 2),
        ("platform", "data"): (2, 2, 3),
        ("platform", "platform"): (1, 0, 2),
    }
    suppressed = time_zone_tax(pings, config=Config(min_group_size=3))
    assert suppressed.filter(pl.col("suppressed"))["pings"].to_list() == [None, None]


def rewrites(events, people=TEAM):
    found = ambiguous_deadlines(request_threads(events, people), events, people)
    return {r["conversation_id"]: r["rewrite"] for r in found.iter_rows(named=True)}


def test_ambiguous_deadlines_get_a_zone_explicit_rewrite():
    events = concat(
        slack("eng", ("UANA", "10:00", "Can you send me the numbers by EOD?"), cid="eod"),
        slack("eng", ("UANA", "Fri 10:00", "Can you review the draft by tomorrow?"), cid="tmrw"),
        slack("eng", ("UBO", "Tue 13:00", "Could you fix the flaky test by Friday?"), cid="fri"),
        slack("eng", ("UANA", "19:00", "Can you send the 2-3 charts by EOD?"), cid="late"),
        slack("eng", ("UANA", "11:00", "Can you send the numbers by 17:00 CET?"), cid="zoned"),
        slack("eng", ("UANA", "12:00", "Can you send the numbers by EOD +02:00?"), cid="offset"),
    )
    assert rewrites(events) == {
        "eod": "by 17:00 Europe/Berlin on Mon 6 Jul (Mon 6 Jul 15:00 UTC)",
        # Friday's "tomorrow" is the next working day: Monday.
        "tmrw": "by 17:00 Europe/Berlin on Mon 13 Jul (Mon 13 Jul 15:00 UTC)",
        "fri": "by 17:00 America/New_York on Fri 10 Jul (Fri 10 Jul 21:00 UTC)",
        # Sent at 21:00 in Berlin, after the day ended: the end of the next working day.
        "late": "by 17:00 Europe/Berlin on Tue 7 Jul (Tue 7 Jul 15:00 UTC)",
    }


def test_deadline_rewrite_across_a_daylight_saving_change():
    # Berlin leaves summer time on Sunday 2026-10-25: Friday is UTC+2, Monday UTC+1.
    events = slack(
        "eng", ("UANA", datetime(2026, 10, 23, 9, tzinfo=UTC), "Review it by tomorrow?"), cid="d"
    )
    assert rewrites(events) == {"d": "by 17:00 Europe/Berlin on Mon 26 Oct (Mon 26 Oct 16:00 UTC)"}


def test_until_is_availability_not_a_deadline():
    events = concat(
        slack(
            "eng", ("UANA", "10:00", "I'm out until Friday, can someone take the deploy?"), cid="en"
        ),
        slack(
            "eng", ("UANA", "10:00", "私は週明けまで動けないので、どなたかお願いします"), cid="ja"
        ),
        slack("eng", ("UANA", "10:00", "週明けまでにレビューをお願いできますか？"), cid="by"),
    )
    assert rewrites(events) == {"by": "by 17:00 Europe/Berlin on Mon 13 Jul (Mon 13 Jul 15:00 UTC)"}
