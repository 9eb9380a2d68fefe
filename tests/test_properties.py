"""Properties of ``request_threads`` over generated conversations (hypothesis)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from builders import at, github, pr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asyncmetrics import events_from_frame, request_threads

START = at("2026-07-06 08:00")
AUTHORS = ["ana", "bo", "cy", "helpbot"]  # helpbot is a bot
TEXTS = [
    "How do I rotate the API key?",
    "Can someone review the migration plan",
    "FYI: we deployed v2.3 to production.",
    "The staging deploy finished.",
    "looking 👀",
    "+1",
    "Which version are you on?",
    "Run `make rotate-key`.",
    "Have you tried restarting the runner?",
    "https://wiki.example.com/rotate",
    "thanks, that worked",
    "thanks, but how do I run it on prod?",
    "any update?",
    "Let's go with B.",
    "v2.3",
    "",
]
REACTIONS = ["white_check_mark", "+1", "eyes"]
# request_threads takes ~0.1 s, so each property test checks many invariants per example.
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

message = st.fixed_dictionaries(
    {
        "author": st.sampled_from(AUTHORS),
        # minutes after the conversation starts: within hours, across nights and weekends
        "offset": st.one_of(
            st.integers(min_value=0, max_value=3),  # ties and near-ties
            st.integers(min_value=0, max_value=5 * 24 * 60),
        ),
        "text": st.sampled_from(TEXTS),
        "reactions": st.lists(
            st.tuples(st.sampled_from(REACTIONS), st.sampled_from(AUTHORS[:3])),
            max_size=2,
            unique=True,
        ),
    }
)
conversation = st.tuples(
    st.integers(min_value=0, max_value=14 * 24 * 60),  # start, minutes after START
    st.sampled_from(["eng", "ops", "daily-standup"]),
    st.lists(message, min_size=1, max_size=7),
)
ZONES = ["UTC", "Asia/Kolkata", "America/New_York", "Europe/Berlin"]
pr_event = st.tuples(
    st.sampled_from(
        [
            "review",
            "comment",
            "review_comment",
            "commit",
            "ready",
            "to_draft",
            "review_requested",
            "merged",
            "closed",
        ]
    ),
    st.sampled_from(["ana", "bo", "cy", "ci-bot[bot]"]),
    st.integers(min_value=0, max_value=5 * 24 * 60),
    st.sampled_from(["APPROVED", "CHANGES_REQUESTED", "COMMENTED"]),
    st.sampled_from(TEXTS),
)
pull_request = st.tuples(
    st.integers(min_value=0, max_value=14 * 24 * 60),
    st.sampled_from(["ana", "bo"]),
    st.booleans(),  # opened as a draft
    st.lists(pr_event, max_size=6),
)
conversations = st.lists(conversation, min_size=1, max_size=6)


def raw_frame(convs) -> pl.DataFrame:
    rows = []
    for i, (start, channel, messages) in enumerate(convs):
        for msg in messages:
            rows.append(
                {
                    "source": "slack",
                    "channel": channel,
                    "conversation_id": f"c{i}",
                    "author": msg["author"],
                    "author_is_bot": msg["author"] == "helpbot",
                    "ts": START + timedelta(minutes=start + msg["offset"]),
                    "text": msg["text"],
                    "reactions": [{"name": n, "users": [u]} for n, u in msg["reactions"]],
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "source": pl.String,
            "channel": pl.String,
            "conversation_id": pl.String,
            "author": pl.String,
            "author_is_bot": pl.Boolean,
            "ts": pl.Datetime("us", "UTC"),
            "text": pl.String,
            "reactions": pl.List(pl.Struct({"name": pl.String, "users": pl.List(pl.String)})),
        },
    )


def pr_events(pulls) -> pl.DataFrame:
    docs = []
    for number, (start, author, draft, events) in enumerate(pulls, start=1):
        t0 = START + timedelta(minutes=start)
        built = []
        for kind, who, offset, state, text in events:
            when = t0 + timedelta(minutes=offset)
            if kind == "review":
                built.append((kind, who, when, state, text))
            elif kind in ("comment", "review_comment"):
                built.append((kind, who, when, text))
            elif kind == "commit":
                built.append((kind, when, text))
            elif kind in ("ready", "to_draft"):
                built.append((kind, when))
            elif kind == "review_requested":
                built.append((kind, author, when, who))
            else:
                built.append((kind, who, when))
        docs.append(pr(number, author, t0, "Fix retry", *built, draft=draft))
    return github(*docs)


def threads_of(convs, **kw) -> pl.DataFrame:
    return request_threads(events_from_frame(raw_frame(convs)), **kw)


DURATIONS = [
    "time_to_first_reply",
    "time_to_first_actionable_reply",
    "time_to_first_actionable_reply_business",
    "time_to_decision",
    "observed_for",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations, st.lists(pull_request, max_size=2), st.randoms(use_true_random=False))
def test_input_row_order_does_not_matter(convs, pulls, rnd):
    raw = raw_frame(convs)
    order = list(range(raw.height))
    rnd.shuffle(order)
    a = request_threads(events_from_frame(raw)).sort("conversation_id")
    b = request_threads(events_from_frame(raw[order])).sort("conversation_id")
    assert a.to_dicts() == b.to_dicts()
    # nor does the order of the event table's own rows (Slack and pull requests)
    events = events_from_frame(raw)
    if pulls:
        events = pl.concat([events, pr_events(pulls)], how="vertical")
    mixed = list(range(events.height))
    rnd.shuffle(mixed)
    c = request_threads(events).sort("conversation_id")
    d = request_threads(events[mixed]).sort("conversation_id")
    assert c.to_dicts() == d.to_dicts()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations, st.integers(min_value=0, max_value=3 * 24 * 60))
def test_censored_requests_are_never_dropped(convs, extra):
    as_of = raw_frame(convs)["ts"].max() + timedelta(minutes=extra)
    threads = threads_of(convs, as_of=as_of)
    assert sorted(threads["conversation_id"]) == sorted(f"c{i}" for i in range(len(convs)))
    for r in threads.iter_rows(named=True):
        assert r["observed_until"] == as_of
        assert r["observed_for"] == as_of - r["requested_at"]
        if r["is_request"] and not r["converged"]:
            assert r["time_to_decision"] is None


def check_durations_never_negative(r):
    for column in DURATIONS:
        assert r[column] is None or r[column] >= timedelta(0), column


def check_counts(r):
    assert 0 <= r["followups"] <= r["messages"]
    assert 0 <= r["messages_to_convergence"] <= r["messages"]
    assert 0 <= r["round_trips"] < max(r["messages"], 1)
    assert r["needs_sync"] == (r["is_request"] and r["round_trips"] >= 3)


def check_non_request_is_empty(r):
    if r["is_request"]:
        return
    empty = (
        "first_reply_at",
        "first_actionable_reply_at",
        "first_actionable_reply_by",
        "convergence_id",
        "converged_at",
        *DURATIONS[:-1],
    )
    assert {c: r[c] for c in empty} == dict.fromkeys(empty)
    assert (r["followups"], r["round_trips"], r["converged"], r["needs_sync"]) == (
        0,
        0,
        False,
        False,
    )


def check_converged_iff_convergence_id(r):
    assert r["converged"] == (r["convergence_id"] is not None)
    assert r["converged"] == (r["converged_at"] is not None)
    assert r["converged"] == (r["time_to_decision"] is not None)


def check_first_reply_before_first_actionable_reply(r):
    if r["time_to_first_actionable_reply"] is not None:
        assert r["time_to_first_reply"] is not None
        assert r["time_to_first_reply"] <= r["time_to_first_actionable_reply"]


def check_business_time_within_wall_time(r):
    wall = r["time_to_first_actionable_reply"]
    business = r["time_to_first_actionable_reply_business"]
    assert (wall is None) == (business is None)
    if wall is not None:
        assert business <= wall


def check_responders_are_other_humans(r, by_id):
    for column in ("first_reply_id", "first_actionable_reply_id", "convergence_id"):
        if r[column] is not None:
            assert by_id[r[column]]["conversation_id"] == r["conversation_id"]
    for column in ("first_reply_id", "first_actionable_reply_id"):
        if r[column] is not None:
            replier = by_id[r[column]]
            assert replier["author"] != r["requester"]
            assert replier["author_is_bot"] is False
            assert replier["ts"] >= r["requested_at"]


@SETTINGS
@given(
    conversations,
    st.lists(pull_request, max_size=3),
    st.fixed_dictionaries({a: st.sampled_from(ZONES) for a in AUTHORS[:3]}),
)
def test_per_conversation_invariants(convs, pulls, zones):
    raw = raw_frame(convs).with_columns(
        pl.col("author")
        .replace_strict(zones, default=None, return_dtype=pl.String)
        .alias("author_tz")
    )
    slack_events = events_from_frame(raw)
    events = slack_events
    if pulls:
        events = pl.concat([slack_events, pr_events(pulls)], how="vertical")
    by_id = {r["message_id"]: r for r in events.iter_rows(named=True)}
    threads = request_threads(events)
    # every conversation of the input exactly once
    expected = [f"c{i}" for i in range(len(convs))]
    expected += [f"acme/api#{n}" for n in range(1, len(pulls) + 1)]
    assert sorted(threads["conversation_id"]) == sorted(expected)
    for r in threads.iter_rows(named=True):
        check_durations_never_negative(r)
        check_counts(r)
        check_non_request_is_empty(r)
        check_converged_iff_convergence_id(r)
        check_first_reply_before_first_actionable_reply(r)
        check_business_time_within_wall_time(r)
        check_responders_are_other_humans(r, by_id)
