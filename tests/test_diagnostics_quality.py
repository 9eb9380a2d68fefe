"""Self-contained requests: the six elements scored from the opener, and the effect of a low
score on follow-ups and time to the first actionable reply (seeded bootstrap, every verdict)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import polars as pl
import pytest
from builders import at, concat, github, m, people, pr, slack

from asyncmetrics import Config, request_threads
from asyncmetrics.charts.quality import chart_request_quality
from asyncmetrics.diagnostics.quality import (
    QUALITY_COLUMNS,
    quality_by_score,
    quality_effect,
    request_quality,
)

EVERYONE = Config(min_group_size=1)
FLAGS = ("has_problem", "has_steps", "has_data", "has_hypothesis", "has_proposal", "has_ask")

FULL = (
    "The nightly export fails since Monday.\n1. run the export job\n2. wait ten minutes\n"
    "Log: https://ci.example/runs/1\nI think the token expired. We could rotate it. "
    "Can you check?"
)
JAPANESE = (
    "ステージングのデプロイが失敗します。再現手順: make deploy を実行すると止まります。"
    "認証切れかもしれません。トークンの更新を提案します。見ていただけますか？"
)


def conversations() -> pl.DataFrame:
    """Six requests (one a pull request) and an announcement; see each comment."""
    chat = concat(
        # all six elements; one clarifying question; actionable answer after 2 h
        slack(
            "eng",
            ("ana", "09:00", FULL),
            ("bo", "09:30", "Which version are you on?"),
            ("ana", "09:40", "v2"),
            ("bo", "11:00", "Rotate it with `make rotate`."),
            cid="full",
        ),
        # problem and ask only; acknowledged, never answered
        slack("eng", ("cy", "10:00", "VPN broken, help?"), ("bo", "10:05", "looking"), cid="vague"),
        # a code block, a hypothesis and a proposal, but no question or ask phrase
        slack(
            "eng",
            (
                "dan",
                "Tue 10:00",
                "```KeyError: 'user'```\nmaybe because the cache is stale. how about we clear it",
            ),
            cid="code",
        ),
        # a shared file is data
        slack(
            "eng",
            m(
                "eve",
                "Tue 11:00",
                "Screenshot of the error, can someone look?",
                subtype="file_share",
            ),
            cid="file",
        ),
        # Japanese: problem, steps, hypothesis, proposal, ask; answered after 1 h
        slack(
            "eng",
            ("fay", "Wed 09:00", JAPANESE),
            ("bo", "Wed 10:00", "`make registry-login`を実行してください"),
            cid="ja",
        ),
        # not a request: never scored
        slack("eng", ("gus", "Wed 12:00", "FYI: we deployed v2.3"), cid="fyi"),
    )
    pull = github(
        pr(
            7,
            "hal",
            "Thu 09:00",
            "Fix retry loop",
            ("review", "bo", "Thu 12:00", "APPROVED", ""),
            body="Fixes the crash when the API times out. Could you review?",
        )
    )
    return concat(chat, pull.select(chat.columns))


@pytest.fixture(scope="module")
def events() -> pl.DataFrame:
    return conversations()


@pytest.fixture(scope="module")
def team() -> pl.DataFrame:
    return people({"author": "ana", "team": "platform"}, {"author": "fay", "team": "data"})


@pytest.fixture(scope="module")
def quality(events, team) -> pl.DataFrame:
    return request_quality(request_threads(events, team), events, team)


def by_id(frame: pl.DataFrame) -> dict[str, dict]:
    return {r["conversation_id"]: r for r in frame.iter_rows(named=True)}


def test_every_element_is_read_from_the_opener(quality):
    flags = {cid: {f: row[f] for f in FLAGS} for cid, row in by_id(quality).items()}
    yes = dict.fromkeys(FLAGS, True)
    assert flags == {
        "full": yes,
        "vague": {**dict.fromkeys(FLAGS, False), "has_problem": True, "has_ask": True},
        # the error inside the code block is data, not words; no ? and no ask phrase
        "code": {
            **dict.fromkeys(FLAGS, False),
            "has_data": True,
            "has_hypothesis": True,
            "has_proposal": True,
        },
        "file": {
            **dict.fromkeys(FLAGS, False),
            "has_problem": True,
            "has_data": True,
            "has_ask": True,
        },
        "ja": {**yes, "has_data": False},
        # a pull request asks by its words here ("Could you review?"), not by being a PR
        "acme/api#7": {
            **dict.fromkeys(FLAGS, False),
            "has_problem": True,
            "has_ask": True,
        },
    }


def test_one_row_per_request_with_score_and_thread_columns(quality):
    assert quality.columns == QUALITY_COLUMNS
    rows = {
        cid: {k: r[k] for k in ("team", "quality_score", "self_contained", "followups")}
        | {
            "ttfar": r["time_to_first_actionable_reply"],
            "participants": r["participants"],
            "requested_at": r["requested_at"],
        }
        for cid, r in by_id(quality).items()
    }
    assert rows == {
        "full": {
            "team": "platform",
            "quality_score": 6,
            "self_contained": True,
            "followups": 1,
            "ttfar": timedelta(hours=2),
            "participants": ["ana", "bo"],
            "requested_at": at("09:00"),
        },
        "vague": {
            "team": None,
            "quality_score": 2,
            "self_contained": False,
            "followups": 0,
            "ttfar": None,
            "participants": ["bo", "cy"],
            "requested_at": at("10:00"),
        },
        "code": {
            "team": None,
            "quality_score": 3,
            "self_contained": False,
            "followups": 0,
            "ttfar": None,
            "participants": ["dan"],
            "requested_at": at("Tue 10:00"),
        },
        "file": {
            "team": None,
            "quality_score": 3,
            "self_contained": False,
            "followups": 0,
            "ttfar": None,
            "participants": ["eve"],
            "requested_at": at("Tue 11:00"),
        },
        "ja": {
            "team": "data",
            "quality_score": 5,
            "self_contained": True,
            "followups": 0,
            "ttfar": timedelta(hours=1),
            "participants": ["bo", "fay"],
            "requested_at": at("Wed 09:00"),
        },
        "acme/api#7": {
            "team": None,
            "quality_score": 2,
            "self_contained": False,
            "followups": 0,
            "ttfar": timedelta(hours=3),
            "participants": ["bo", "hal"],
            "requested_at": at("Thu 09:00"),
        },
    }
    assert quality["conversation_id"].to_list() == [
        "full",
        "vague",
        "code",
        "file",
        "ja",
        "acme/api#7",
    ]
    assert quality.select("source", "channel").row(5) == ("github", "acme/api")


def test_ask_agrees_with_why_the_opener_is_a_request(events, quality):
    threads = request_threads(events).filter(pl.col("source") == "slack", pl.col("is_request"))
    asked = threads.select(
        "conversation_id",
        pl.col("request_reason")
        .cast(pl.String)
        .str.contains(r"^(asks a question|ask phrase)")
        .alias("reason"),
    )
    joined = asked.join(quality.select("conversation_id", "has_ask"), on="conversation_id")
    assert joined["reason"].to_list() == joined["has_ask"].to_list()
    assert joined["has_ask"].to_list().count(False) == 1  # the "code" request


def test_files_or_attachments_columns_count_as_data():
    base = slack("eng", ("ana", "09:00", "The export fails, can you check?"), cid="att")
    with_file = base.with_columns(pl.Series("files", [["trace.txt"]]))
    without = base.with_columns(pl.Series("files", [[]], dtype=pl.List(pl.String)))
    got = [
        request_quality(request_threads(e), e)["has_data"].to_list() for e in (with_file, without)
    ]
    assert got == [[True], [False]]


def test_pandas_in_pandas_out(events):
    threads = request_threads(events)
    out = request_quality(threads.to_pandas(), events.to_pandas())
    assert isinstance(out, pd.DataFrame)
    assert out["quality_score"].tolist() == [6, 2, 3, 3, 5, 2]
    effect = quality_effect(out, config=EVERYONE, sources=None)
    assert isinstance(effect, pd.DataFrame)
    assert effect["low_n"].tolist() == [2, 1]


def test_no_requests_gives_an_empty_frame_with_the_columns():
    events = slack("eng", ("gus", "09:00", "FYI: we deployed v2.3"), cid="fyi")
    out = request_quality(request_threads(events), events)
    assert out.columns == QUALITY_COLUMNS
    assert out.height == 0


# --- quality_effect ------------------------------------------------------------------------


def test_pull_requests_are_left_out_of_the_comparison_by_default(quality):
    chat = quality_effect(quality, config=EVERYONE)
    every = quality_effect(quality, config=EVERYONE, sources=None)
    # The pull request (score 0-2, answered) is the only difference between the two.
    assert chat["low_n"].to_list() == [1, 0]
    assert every["low_n"].to_list() == [2, 1]
    assert chat["high_n"].to_list() == every["high_n"].to_list()


def test_hand_built_requests_are_too_few_to_tell(quality):
    effect = quality_effect(quality, config=EVERYONE, sources=None)
    assert effect.rows(named=True) == [
        {
            "measure": "followups_mean",
            "low_n": 2,  # vague, the pull request (score 3 is in neither group)
            "high_n": 2,  # full, ja
            "low_value": 0.0,
            "high_value": 0.5,
            "difference": -0.5,
            "ci_low": None,
            "ci_high": None,
            "verdict": "Too few requests to tell: 2 score 0–2, 2 score 4–6 "
            "(at least 20 each needed).",
            "people": 3,  # {ana, bo, fay} behind the high group
            "suppressed": False,
        },
        {
            "measure": "ttfar_median_hours",
            "low_n": 1,  # only the pull request was answered (3 h)
            "high_n": 2,  # 2 h and 1 h
            "low_value": 3.0,
            "high_value": 1.5,
            "difference": 1.5,
            "ci_low": None,
            "ci_high": None,
            "verdict": "Too few answered requests to tell: 1 score 0–2, 2 score 4–6 "
            "(at least 20 each needed).",
            "people": 2,  # {bo, hal}
            "suppressed": False,
        },
    ]


def test_hand_built_requests_are_hidden_below_the_minimum_group_size(quality):
    # 5 people needed; the low group has 3 ({bo, cy, hal})
    effect = quality_effect(quality, sources=None)
    assert effect.rows(named=True)[0] == {
        "measure": "followups_mean",
        "low_n": None,
        "high_n": None,
        "low_value": None,
        "high_value": None,
        "difference": None,
        "ci_low": None,
        "ci_high": None,
        "verdict": "Hidden for privacy: the requests scoring 0–2 and those scoring 4–6 involve "
        "fewer than 5 people.",
        "people": 3,
        "suppressed": True,
    }
    assert effect["suppressed"].to_list() == [True, True]


def synthetic(groups: dict[int, list[tuple[int, float | None]]], helpers: int = 3) -> pl.DataFrame:
    """A quality frame: per score, requests as (follow-ups, hours to an actionable reply or
    None); every request has its own requester and one of ``helpers`` responders."""
    rows = []
    for score, requests in groups.items():
        for i, (followups, hours) in enumerate(requests):
            rows.append(
                {
                    "conversation_id": f"s{score}-{i}",
                    "quality_score": score,
                    "followups": followups,
                    "time_to_first_actionable_reply": None
                    if hours is None
                    else timedelta(hours=hours),
                    "participants": [f"r{score}-{i}", f"h{i % helpers}"],
                }
            )
    return pl.DataFrame(rows, schema_overrides={"quality_score": pl.Int8})


LOW_FOLLOWUPS = [1, 2, 2, 3, 1] * 5
HIGH_FOLLOWUPS = [0, 0, 1, 0, 0] * 5
LOW_HOURS = [1.0, 2.0, 1.5, 0.5, 1.0] * 5
HIGH_HOURS = [4.0, 6.0, 3.0, 5.0, 8.0] * 5


def clear_difference() -> pl.DataFrame:
    return synthetic(
        {
            1: list(zip(LOW_FOLLOWUPS[:12], LOW_HOURS[:12], strict=True)),
            2: list(zip(LOW_FOLLOWUPS[12:], LOW_HOURS[12:], strict=True)),
            # score 3 is in neither group: its extremes must not move anything
            3: [(9, 99.0)] * 10,
            4: list(zip(HIGH_FOLLOWUPS[:20], HIGH_HOURS[:20], strict=True)),
            6: list(zip(HIGH_FOLLOWUPS[20:], HIGH_HOURS[20:], strict=True)),
        }
    )


def independent_ci(low: list[float], high: list[float], stat, seed: int = 0) -> list[float]:
    rng = np.random.default_rng(seed)
    lo, hi = np.array(low), np.array(high)
    lo_draws = lo[rng.integers(0, lo.size, size=(2000, lo.size))]
    hi_draws = hi[rng.integers(0, hi.size, size=(2000, hi.size))]
    return list(np.percentile(stat(lo_draws, axis=1) - stat(hi_draws, axis=1), [2.5, 97.5]))


def test_a_clear_difference_with_its_seeded_interval():
    effect = {r["measure"]: r for r in quality_effect(clear_difference()).iter_rows(named=True)}
    follow = effect["followups_mean"]
    assert (follow["low_n"], follow["high_n"]) == (25, 25)
    assert follow["low_value"] == pytest.approx(1.8)
    assert follow["high_value"] == pytest.approx(0.2)
    assert follow["difference"] == pytest.approx(1.6)
    ci = independent_ci(LOW_FOLLOWUPS, HIGH_FOLLOWUPS, np.mean)
    assert [follow["ci_low"], follow["ci_high"]] == pytest.approx(ci)
    assert follow["ci_low"] < 1.6 < follow["ci_high"]
    assert follow["verdict"] == (
        f"Requests scoring 0–2 get 1.6 more follow-ups than those scoring 4–6 "
        f"(95% CI {ci[0]:.1f} to {ci[1]:.1f})."
    )
    hours = effect["ttfar_median_hours"]
    assert (hours["low_value"], hours["high_value"], hours["difference"]) == (1.0, 5.0, -4.0)
    ci = independent_ci(LOW_HOURS, HIGH_HOURS, np.median)
    assert [hours["ci_low"], hours["ci_high"]] == pytest.approx(ci)
    assert hours["ci_high"] < 0
    assert hours["verdict"] == (
        f"Requests scoring 0–2 wait 4.0 hours less (median) for a first actionable reply "
        f"than those scoring 4–6 (95% CI {ci[0]:.1f} to {ci[1]:.1f})."
    )
    # people: 25 requesters + 3 helpers in each group
    assert effect["followups_mean"]["people"] == 28
    assert not effect["followups_mean"]["suppressed"]


def test_the_interval_is_seeded():
    low, high = [i % 7 for i in range(25)], [(3 * i) % 5 for i in range(25)]
    data = synthetic({2: [(f, 1.0) for f in low], 4: [(f, 1.0) for f in high]})
    same = quality_effect(data, seed=7)
    assert same.equals(quality_effect(data, seed=7))
    other = quality_effect(data, seed=8)
    assert same["ci_low"][0] != other["ci_low"][0]
    for seed, effect in ((7, same), (8, other)):
        ci = independent_ci(low, high, np.mean, seed=seed)
        assert effect.select("ci_low", "ci_high").row(0) == pytest.approx(tuple(ci))


def test_no_clear_difference_when_the_interval_includes_zero():
    alike = [1, 0, 2, 0, 1]
    data = synthetic(
        {
            2: [(f, 1.0 + f) for f in alike * 5],
            5: [(f, 1.0 + f) for f in (alike[1:] + alike[:1]) * 5],
        }
    )
    effect = quality_effect(data)
    assert effect["verdict"].to_list() == ["No clear difference: the interval includes 0."] * 2
    assert effect["difference"].to_list() == [0.0, 0.0]
    assert all(lo <= 0 <= hi for lo, hi in effect.select("ci_low", "ci_high").rows())


def test_unanswered_requests_are_left_out_of_the_median_not_counted_as_zero():
    data = synthetic(
        {
            0: [(1, 2.0)] * 25 + [(1, None)] * 10,
            5: [(0, 1.0)] * 15 + [(0, None)] * 10,
        }
    )
    effect = {r["measure"]: r for r in quality_effect(data).iter_rows(named=True)}
    assert (effect["followups_mean"]["low_n"], effect["followups_mean"]["high_n"]) == (35, 25)
    assert effect["followups_mean"]["verdict"] == (
        "Requests scoring 0–2 get 1.0 more follow-ups than those scoring 4–6 (95% CI 1.0 to 1.0)."
    )
    hours = effect["ttfar_median_hours"]
    assert (hours["low_n"], hours["high_n"], hours["difference"]) == (25, 15, 1.0)
    assert hours["verdict"] == (
        "Too few answered requests to tell: 25 score 0–2, 15 score 4–6 (at least 20 each needed)."
    )


def test_a_small_group_hides_the_row_and_says_which():
    data = synthetic(
        {1: list(zip(LOW_FOLLOWUPS, LOW_HOURS, strict=True)), 5: [(0, 1.0)] * 25}
    ).with_columns(
        # the high group's 25 requests all come from one requester, with the 3 helpers
        pl.when(pl.col("quality_score") == 5)
        .then(pl.concat_list(pl.lit("x"), pl.col("participants").list.last()))
        .otherwise(pl.col("participants"))
        .alias("participants")
    )
    effect = quality_effect(data)
    assert (
        effect.select("verdict", "people", "suppressed", "difference").rows()
        == [
            (
                "Hidden for privacy: the requests scoring 4–6 involve fewer than 5 people.",
                4,
                True,
                None,
            )
        ]
        * 2
    )
    shown = quality_effect(data, config=Config(min_group_size=4))
    assert shown["suppressed"].to_list() == [False, False]
    assert shown["difference"][0] == pytest.approx(1.8)


def test_resamples_must_be_positive():
    with pytest.raises(ValueError, match="resamples"):
        quality_effect(clear_difference(), resamples=0)


# --- per score and chart -------------------------------------------------------------------


def test_quality_by_score_covers_every_score(quality):
    rows = quality_by_score(quality, config=EVERYONE).rows(named=True)
    empty = {
        "requests": 0,
        "followups_mean": None,
        "answered": 0,
        "ttfar_median_hours": None,
        "people": 0,
        "suppressed": False,
    }
    assert rows == [
        {"quality_score": 0, "self_contained": False, **empty},
        {"quality_score": 1, "self_contained": False, **empty},
        {
            "quality_score": 2,
            "self_contained": False,
            "requests": 2,
            "followups_mean": 0.0,
            "answered": 1,
            "ttfar_median_hours": 3.0,
            "people": 3,
            "suppressed": False,
        },
        {
            "quality_score": 3,
            "self_contained": False,
            "requests": 2,
            "followups_mean": 0.0,
            "answered": 0,
            "ttfar_median_hours": None,
            "people": 2,
            "suppressed": False,
        },
        {"quality_score": 4, "self_contained": True, **empty},
        {
            "quality_score": 5,
            "self_contained": True,
            "requests": 1,
            "followups_mean": 0.0,
            "answered": 1,
            "ttfar_median_hours": 1.0,
            "people": 2,
            "suppressed": False,
        },
        {
            "quality_score": 6,
            "self_contained": True,
            "requests": 1,
            "followups_mean": 1.0,
            "answered": 1,
            "ttfar_median_hours": 2.0,
            "people": 2,
            "suppressed": False,
        },
    ]
    hidden = quality_by_score(quality)  # at least 5 people
    assert hidden.filter("suppressed")["quality_score"].to_list() == [2, 3, 5, 6]
    assert hidden.filter("suppressed")["requests"].null_count() == 4


def data_of(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def test_chart_shows_both_measures_by_score_and_marks_hidden_scores(quality):
    spec = chart_request_quality(quality, config=Config(min_group_size=3)).to_dict()
    follow, hours = spec["hconcat"]
    assert follow["layer"][0]["encoding"]["y"]["field"] == "followups_mean"
    assert hours["layer"][0]["encoding"]["y"]["field"] == "ttfar_median_hours"
    assert follow["layer"][0]["encoding"]["x"]["scale"]["domain"] == list("0123456")
    bars = data_of(spec, follow["layer"][0])
    assert [(r["score"], r["followups_mean"]) for r in bars] == [("2", 0.0)]
    hidden = data_of(spec, follow["layer"][1])
    assert follow["layer"][1]["mark"]["type"] == "text"
    assert [(r["score"], r["note"]) for r in hidden] == [
        ("3", "hidden"),
        ("5", "hidden"),
        ("6", "hidden"),
    ]
    assert spec["title"]["subtitle"][-1] == "Hidden for privacy: 3 scores about fewer than 3 people"
    assert not any("participants" in r or "conversation_id" in r for r in bars)
