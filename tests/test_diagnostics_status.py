"""Status updates: sections read from standup posts (English and Japanese), good shape, real
blockers and how long they waited (censored while unanswered), weekly summary with privacy."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import polars as pl
import pytest
from builders import at, concat, hours, m, slack

from asyncmetrics import Config
from asyncmetrics.charts.status import chart_status
from asyncmetrics.diagnostics.status import (
    STATUS_COLUMNS,
    SUMMARY_COLUMNS,
    status_summary,
    status_updates,
)

EVERYONE = Config(min_group_size=1)
END = at("2026-07-20 09:00")  # the last event: observation ends here


def standups() -> pl.DataFrame:
    return concat(
        # good shape, no blocker
        slack(
            "standup",
            ("ana", "09:00", "Yesterday: the cache fix\nToday: the export job\nBlockers: none"),
            cid="s1",
        ),
        # two things in progress; blocked, unblocked 3 h later by cy's actionable reply (the
        # acknowledgement and bo's own nudge do not unblock)
        slack(
            "standup",
            (
                "bo",
                "09:10",
                "*Done:* the login page, the signup form\n*Doing:*\n- the billing page\n"
                "- reviews\n*Blocked:* waiting on prod access",
            ),
            ("cy", "10:00", "looking 👀"),
            ("bo", "10:30", "any update?"),
            ("cy", "12:10", "I granted you access, try now."),
            cid="s2",
        ),
        # only a today section, two comma-separated items
        slack("standup", ("cy", "09:20", "Today: deploy pipeline, reviews"), cid="s3"),
        # Japanese, "なし" is no blocker
        slack(
            "standup",
            ("dan", "Tue 08:00", "昨日: 決済のバグ修正\n今日: レビュー対応\n困っていること: なし"),
            cid="s4",
        ),
        # Japanese bracket headers and bullets; blocked; only the author replies: censored
        slack(
            "standup",
            (
                "eve",
                "Tue 09:00",
                "【昨日】\n・ログの調査\n【今日】\n・APIの修正\n【ブロッカー】\n"
                "・ステージングの権限がありません",
            ),
            ("eve", "Tue 11:00", "権限の申請をしました"),
            cid="s5",
        ),
        # shaped as a status update outside a standup channel; an empty blockers header
        slack(
            "eng",
            (
                "fay",
                "Wed 09:00",
                "Shipped: the search index\nWorking on: the ranking tweak\nBlockers:",
            ),
            cid="s6",
        ),
        # a request elsewhere and a bot's reminder in the standup channel: not status posts
        slack("eng", ("gus", "Wed 09:30", "Can someone review my PR?"), cid="q1"),
        slack(
            "standup",
            m(
                "standup-bot",
                "Wed 10:00",
                "Time for standup! Yesterday: / Today: / Blockers:",
                bot=True,
            ),
            cid="b1",
        ),
        # a post in the standup channel that is no status at all
        slack("standup", ("hal", "Thu 16:00", "Happy Friday all 🎉"), cid="s7"),
        # "N/A" shipped nothing
        slack(
            "standup",
            ("ana", "Fri 09:00", "Yesterday: N/A\nToday: onboarding\nBlockers: n/a"),
            cid="s8",
        ),
        # two weeks later (a quiet week in between)
        slack(
            "standup",
            ("ana", "2026-07-20 09:00", "Yesterday: onboarding\nToday: docs\nBlockers: none"),
            cid="s9",
        ),
    )


@pytest.fixture(scope="module")
def events() -> pl.DataFrame:
    return standups()


@pytest.fixture(scope="module")
def status(events) -> pl.DataFrame:
    return status_updates(events)


def row(cid, channel, author, ts, shipped, items, section, blocked, good, unblocked=None):
    return {
        "conversation_id": cid,
        "channel": channel,
        "author": author,
        "ts": at(ts),
        "has_shipped": shipped,
        "working_on_items": items,
        "has_blocked_section": section,
        "blocked": blocked,
        "good_shape": good,
        "unblocked_at": at(unblocked) if unblocked else None,
        "blocked_wait": at(unblocked) - at(ts) if unblocked else None,
        "observed_for": END - at(ts),
    }


def test_one_row_per_status_post_with_its_shape(status):
    assert status.columns == STATUS_COLUMNS
    assert status.rows(named=True) == [
        row("s1", "standup", "ana", "09:00", True, 1, True, False, True),
        row("s2", "standup", "bo", "09:10", True, 2, True, True, False, unblocked="12:10"),
        row("s3", "standup", "cy", "09:20", False, 2, False, False, False),
        row("s4", "standup", "dan", "Tue 08:00", True, 1, True, False, True),
        row("s5", "standup", "eve", "Tue 09:00", True, 1, True, True, True),
        row("s6", "eng", "fay", "Wed 09:00", True, 1, True, False, True),
        row("s7", "standup", "hal", "Thu 16:00", False, 0, False, False, False),
        row("s8", "standup", "ana", "Fri 09:00", False, 1, True, False, False),
        row("s9", "standup", "ana", "2026-07-20 09:00", True, 1, True, False, True),
    ]


def test_blocked_wait_is_censored_until_someone_else_answers(status):
    s2, s5 = (
        status.filter(pl.col("conversation_id") == c).row(0, named=True) for c in ("s2", "s5")
    )
    assert s2["blocked_wait"] == hours(3)
    assert s5["blocked"]
    assert (s5["unblocked_at"], s5["blocked_wait"]) == (None, None)
    assert s5["observed_for"] == timedelta(days=13)


def shape(text: str, channel: str = "standup") -> tuple[bool, int, bool, bool]:
    events = concat(
        slack(channel, ("ana", "09:00", text), cid="p"),
        slack("eng", ("bo", "10:00", "Can someone review my PR?"), cid="q"),
    )
    got = status_updates(events).select(
        "has_shipped", "working_on_items", "has_blocked_section", "blocked"
    )
    return got.row(0) if got.height else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday: a, b\nToday: c\nBlockers: none", (True, 1, True, False)),
        ("Done:\n- a\n- b\nDoing:\n1. c\n2. d\nBlocked: n/a", (True, 2, True, False)),
        ("*Shipped:* a\n*Working on:* c, d; e\n*Blockers:* nothing yet", (True, 3, True, False)),
        ("Done: a\nNext: b\nBlocked: waiting on review, prod access", (True, 1, True, True)),
        ("TODAY: c", (False, 1, False, False)),
        ("Today:\n\n  • c\n\nBlockers: :no_entry: none 🙂", (False, 1, True, False)),
        (
            "昨日やったこと\n・a\n今日やること\n・b\n困っていること\n・レビュー待ちです",
            (True, 1, True, True),
        ),
        ("今日やったこと：a\n明日やること：b\nブロッカー：特になし", (True, 1, True, False)),
        ("本日の作業: 設計、実装", (False, 2, False, False)),
        # no headers: a post in a standup channel, in no shape
        ("Yesterday I fixed the cache. Today I'll look at the export.", (False, 0, False, False)),
        # code and link labels are not split at their commas; "Doneness" is no header
        (
            "Today: the `a,b` fix, with <https://x.example/a,b|the doc>\nDoneness: high",
            (False, 3, False, False),
        ),
    ],
)
def test_sections_and_items(text, expected):
    assert shape(text) == expected


def test_status_shaped_posts_count_anywhere_but_plain_posts_only_in_standup_channels():
    assert shape("Yesterday: a\nToday: b\nBlockers: none", channel="eng") == (True, 1, True, False)
    assert shape("Happy Friday all", channel="eng") is None
    assert shape("Happy Friday all", channel="daily-sync") == (False, 0, False, False)
    events = slack("team-notes", ("ana", "09:00", "Happy Friday all"), cid="p")
    custom = Config(standup_channels="team-notes")
    assert status_updates(events, config=custom)["conversation_id"].to_list() == ["p"]


def test_no_status_posts_give_empty_frames():
    events = slack("eng", ("bo", "10:00", "Can someone review my PR?"), cid="q")
    status = status_updates(events)
    assert (status.columns, status.height) == (STATUS_COLUMNS, 0)
    summary = status_summary(status)
    assert (summary.columns, summary.height) == (SUMMARY_COLUMNS, 0)


def test_pandas_in_pandas_out(events):
    status = status_updates(events.to_pandas())
    assert isinstance(status, pd.DataFrame)
    assert status["good_shape"].tolist() == [
        True,
        False,
        False,
        True,
        True,
        True,
        False,
        False,
        True,
    ]
    summary = status_summary(status, config=EVERYONE)
    assert isinstance(summary, pd.DataFrame)
    assert summary["posts"].tolist() == [8, 0, 1]


# --- summary and chart ----------------------------------------------------------------------


def test_weekly_summary(status):
    weeks = status_summary(status, config=EVERYONE).rows(named=True)
    assert weeks == [
        {
            "period_start": at("2026-07-06 00:00"),
            "period_end": at("2026-07-13 00:00"),
            "posts": 8,
            "good_shape_share": 4 / 8,
            "blocked": 2,
            "blocked_wait_median": hours(3),  # s5 is still blocked: not in the median
            "still_blocked": 1,
            "people": 7,
            "suppressed": False,
        },
        {  # a quiet week is about nobody and stays
            "period_start": at("2026-07-13 00:00"),
            "period_end": at("2026-07-20 00:00"),
            "posts": 0,
            "good_shape_share": None,
            "blocked": 0,
            "blocked_wait_median": None,
            "still_blocked": 0,
            "people": 0,
            "suppressed": False,
        },
        {
            "period_start": at("2026-07-20 00:00"),
            "period_end": at("2026-07-27 00:00"),
            "posts": 1,
            "good_shape_share": 1.0,
            "blocked": 0,
            "blocked_wait_median": None,
            "still_blocked": 0,
            "people": 1,
            "suppressed": False,
        },
    ]


def test_summary_hides_periods_about_too_few_people(status):
    days = status_summary(status, every="1d", config=Config(min_group_size=2))
    first = days.head(6).select("period_start", "posts", "still_blocked", "people", "suppressed")
    assert first.rows() == [
        (at("2026-07-06 00:00"), 3, 0, 3, False),  # ana, bo, cy
        (at("2026-07-07 00:00"), 2, 1, 2, False),  # dan, eve (still blocked)
        (at("2026-07-08 00:00"), None, None, 1, True),  # fay alone
        (at("2026-07-09 00:00"), None, None, 1, True),
        (at("2026-07-10 00:00"), None, None, 1, True),
        (at("2026-07-11 00:00"), 0, 0, 0, False),
    ]
    assert days.height == 15
    default = status_summary(status)  # 5 people needed
    assert default["suppressed"].to_list() == [False, False, True]
    assert default.row(2, named=True)["good_shape_share"] is None


def data_of(spec: dict, chart: dict) -> list[dict]:
    return spec["datasets"][chart.get("data", spec.get("data"))["name"]]


def test_chart_shows_good_shape_and_blocked_wait_with_gaps_for_hidden_weeks(status):
    summary = status_summary(status, config=Config(min_group_size=2))
    spec = chart_status(summary, config=Config(min_group_size=2)).to_dict()
    shape_chart, wait_chart = spec["vconcat"]
    assert shape_chart["encoding"]["y"]["field"] == "good_shape_share"
    assert shape_chart["encoding"]["y"]["axis"]["format"] == "%"
    assert wait_chart["encoding"]["y"]["field"] == "blocked_wait_hours"
    assert shape_chart["mark"]["invalid"] == "break-paths-show-domains"
    rows = data_of(spec, shape_chart)
    assert [r["good_shape_share"] for r in rows] == [0.5, None, None]
    assert [r["blocked_wait_hours"] for r in rows] == [3.0, None, None]
    assert spec["title"]["subtitle"][-1] == "Hidden for privacy: 1 period about fewer than 2 people"
