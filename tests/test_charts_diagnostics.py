"""Charts of the over-rotation diagnostics: chosen paths of the spec, never whole specs."""

from __future__ import annotations

import polars as pl
import pytest
from builders import concat, slack, slack_channel

from asyncmetrics import Config, request_threads
from asyncmetrics.charts import chart_call_outcomes, chart_over_rotation, chart_time_zone_tax
from asyncmetrics.diagnostics import (
    after_hours_pings,
    over_rotation_index,
    sync_escalations,
)

EVERYONE = Config(min_group_size=1)


def values(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


@pytest.fixture(scope="module")
def calls():
    events = concat(
        slack(
            "eng",
            ("ana", "09:00", "Which region should the new cache cluster go in?"),
            ("bo", "Mon 15:00", "What latency budget do you have?"),
            ("ana", "Tue 10:00", "Under 50 ms."),
            ("bo", "Tue 15:00", "Failover too?"),
            ("ana", "Wed 10:00", "Yes."),
            ("bo", "Wed 15:00", "Cost limit?"),
            ("ana", "Thu 10:00", "2k a month."),
            cid="circles",
        ),
        slack(
            "eng",
            ("cy", "09:00", "Can you review the retry config change?"),
            ("di", "09:10", "Quick call? https://meet.google.com/abc-defg-hij"),
            cid="call",
        ),
    )
    return events, sync_escalations(request_threads(events), events)


def test_call_outcomes_one_bar_per_outcome_in_a_fixed_order(calls):
    spec = chart_call_outcomes(calls[1], config=EVERYONE).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["sort"][0] == "should have been a call"
    got = {r["outcome"]: r["requests"] for r in values(spec)}
    assert got["should have been a call"] == 1
    assert got["call not needed"] == 1
    assert "text" not in {k for r in values(spec) for k in r}


def test_call_outcomes_hide_small_groups_and_say_so(calls):
    spec = chart_call_outcomes(calls[1], config=Config(min_group_size=5)).to_dict()
    shown = {r["outcome"] for r in values(spec)}
    assert shown == {"call, written up", "call, not written up"}  # about nobody: 0 requests
    assert spec["title"]["subtitle"][1] == (
        "Hidden for privacy: 2 outcomes about fewer than 5 people"
    )


def test_time_zone_tax_is_a_labelled_heat_map_of_shares():
    team = pl.DataFrame(
        {"author": ["UANA", "URAJ"], "tz": ["Europe/Berlin", "Asia/Kolkata"], "team": ["a", "b"]}
    )
    events = slack_channel(
        "eng",
        ("UANA", "20:00", "<@URAJ> can you check the deploy?"),
        ("URAJ", "Tue 04:00", "<@UANA> checked, it is fine."),
    )
    spec = chart_time_zone_tax(after_hours_pings(events, team), config=EVERYONE).to_dict()
    cells, labels = spec["layer"]
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["color"]["scale"]["domain"] == [0, 1]
    assert labels["encoding"]["text"]["format"] == ".0%"
    got = {(r["sender_team"], r["recipient_team"]): r["after_hours_share"] for r in values(spec)}
    assert got == {("a", "b"): 1.0, ("b", "a"): 1.0}


def test_over_rotation_shows_the_index_and_its_four_parts():
    team = pl.DataFrame({"author": ["ana", "bo"], "tz": "UTC", "team": "platform"})
    events = concat(
        slack(
            "eng",
            ("ana", "Mon 09:00", "Can you review the retry config change?"),
            ("bo", "Mon 10:00", "Done, approved."),
            cid="a",
        ),
        slack(
            "eng",
            ("ana", "2026-07-20 09:00", "Can you review the cache change?"),
            ("bo", "2026-07-20 10:00", "Done, approved."),
            cid="b",
        ),
    )
    weekly = over_rotation_index(request_threads(events, team), events, team, config=EVERYONE)
    spec = chart_over_rotation(weekly, config=EVERYONE).to_dict()
    assert spec["facet"]["row"]["sort"][0] == "Over-rotation index"
    assert spec["spec"]["mark"]["invalid"] == "break-paths-show-domains"
    assert spec["spec"]["encoding"]["y"]["scale"]["domain"] == [0, 1]
    rows = values(spec)
    assert {r["measure"] for r in rows} == {
        "Over-rotation index",
        "Long messages, slow decisions",
        "Decision latency (÷ 5 business days)",
        "Needs-sync threads never escalated",
        "Calls that were not needed",
    }
    # Weeks of 6 and 20 July have requests; the week between is a gap, not a bridge.
    index = sorted(
        (r["period_start"][:10], r["value"]) for r in rows if r["measure"] == "Over-rotation index"
    )
    assert [day for day, _ in index] == ["2026-07-06", "2026-07-13", "2026-07-20"]
    assert index[1][1] is None
