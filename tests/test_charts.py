"""Charts: assert on chosen paths of the spec, never on whole specs."""

from __future__ import annotations

import json

import altair as alt
import polars as pl
import pytest

from asyncmetrics import Config, decision_throughput, load, load_people, request_threads
from asyncmetrics.charts import (
    PALETTE,
    THEME,
    chart_arrivals,
    chart_decisions_per_day,
    chart_followups,
    chart_response_times,
    chart_round_trips,
    chart_time_to_decision,
)
from asyncmetrics.metrics import request_arrivals


@pytest.fixture(scope="module")
def sample():
    events, people = load("sample"), load_people("sample")
    return events, people, request_threads(events, people)


def values(spec: dict) -> list[dict]:
    datasets = spec.get("datasets", {})
    return [row for rows in datasets.values() for row in rows]


def test_theme_is_registered_enabled_and_colour_blind_safe():
    assert alt.theme.active == THEME
    config = alt.theme.get()()["config"]
    assert config["range"]["category"] == PALETTE
    assert PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]


def test_response_times_shows_any_reply_next_to_actionable(sample):
    spec = chart_response_times(sample[2]).to_dict()
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["x"]["field"] == "period_start"
    assert spec["encoding"]["color"]["sort"] == [
        "first reply (any)",
        "first actionable reply",
        "first actionable reply, business hours",
    ]
    assert spec["encoding"]["strokeDash"]["field"] == "statistic"
    measures = {(r["measure"], r["statistic"]) for r in values(spec)}
    assert len(measures) == 6
    assert all(r["hours"] is None or r["hours"] >= 0 for r in values(spec))


def test_decisions_per_day_one_line_per_channel(sample):
    threads = sample[2]
    everyone = Config(min_group_size=1)
    spec = chart_decisions_per_day(threads, config=everyone).to_dict()
    assert spec["encoding"]["y"]["field"] == "decisions_per_day"
    rows = values(spec)
    channels = {r["channel"] for r in rows}
    assert channels == set(threads.filter("is_request")["channel"])
    assert sum(r["decisions"] for r in rows) == threads["converged"].sum()


def test_decisions_per_day_hides_small_groups_and_says_so(sample):
    threads = sample[2]
    weekly = decision_throughput(threads, by="channel")
    hidden = int(weekly["suppressed"].sum())
    assert hidden > 0
    spec = chart_decisions_per_day(threads).to_dict()
    rows = values(spec)
    # hidden periods stay as gaps: their values are blank, so no line is drawn through them
    assert len(rows) == weekly.height
    assert sum(r["decisions_per_day"] is None for r in rows) == hidden
    assert spec["mark"]["invalid"] == "break-paths-show-domains"
    assert spec["title"]["subtitle"][-1] == (
        f"Hidden for privacy: {hidden} periods about fewer than 5 people"
    )


def test_round_trips_marks_the_threshold(sample):
    threads = sample[2]
    spec = chart_round_trips(threads, config=Config(min_group_size=1)).to_dict()
    bars, rule = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert rule["mark"]["type"] == "rule"
    rows = values(spec)
    counted = {r["round_trips"]: r["requests"] for r in rows if "requests" in r}
    assert sum(counted.values()) == threads["is_request"].sum()
    flagged = sum(r["requests"] for r in rows if r.get("needs_sync"))
    assert flagged == threads["needs_sync"].sum()


def test_survival_curve_starts_at_one_and_steps(sample):
    spec = chart_time_to_decision(sample[2], by="source").to_dict()
    assert spec["mark"]["interpolate"] == "step-after"
    assert spec["encoding"]["y"]["axis"]["format"] == "%"
    rows = values(spec)
    starts = [r["undecided"] for r in rows if r["days"] == 0]
    assert starts == [1.0, 1.0]


def test_followups_are_shares_per_channel(sample):
    spec = chart_followups(sample[2]).to_dict()
    assert spec["encoding"]["x"]["stack"] == "normalize"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["0", "1", "2", "3+"]


def test_arrivals_heatmap_covers_the_whole_week(sample):
    events, people, threads = sample
    arrivals = request_arrivals(threads, events, people, config=Config(min_group_size=1))
    spec = chart_arrivals(arrivals).to_dict()
    cells, outline = spec["layer"]
    assert cells["mark"]["type"] == "rect"
    assert outline["mark"]["fill"] is None
    assert cells["encoding"]["x"]["scale"]["domain"] == list(range(24))
    assert sum(r["requests"] for r in values(spec)) == pytest.approx(
        arrivals["requests"].sum(), abs=0.5
    )


def test_charts_embed_aggregates_never_messages(sample):
    events, people, threads = sample
    texts = [t for t in events["text"].drop_nulls().to_list() if len(t) > 20][:200]
    authors = set(events["author"])
    for chart in (
        chart_response_times(threads),
        chart_decisions_per_day(threads),
        chart_round_trips(threads),
        chart_time_to_decision(threads),
        chart_followups(threads),
        chart_arrivals(request_arrivals(threads, events, people)),
    ):
        spec = chart.to_json()
        assert len(values(json.loads(spec))) < 2000
        assert not any(t in spec for t in texts)
        assert not any(f'"{a}"' in spec for a in authors)


def test_charts_accept_pandas(sample):
    threads = sample[2].to_pandas()
    spec = chart_round_trips(threads).to_dict()
    assert sum(r["requests"] for r in values(spec) if "requests" in r) == int(
        threads["is_request"].sum()
    )


def test_empty_threads_give_an_empty_chart_not_an_error():
    empty = request_threads(load("sample")).filter(pl.lit(False))
    rows = values(chart_round_trips(empty).to_dict())
    assert [r for r in rows if "requests" in r] == []
