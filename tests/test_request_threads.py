"""``request_threads``: every column of docs/metrics.md on hand-built Slack threads and PRs.

Base day: Monday 2026-07-06 (UTC). Default working hours: Mon-Fri 09:00-17:00, UTC.
"""

from __future__ import annotations

from datetime import timedelta

from builders import (
    at,
    by_conversation,
    concat,
    github,
    hours,
    m,
    people,
    pr,
    slack,
    slack_channel,
    slack_ts,
)

from asyncmetrics import Config, request_threads

ASK = "How do I rotate the API key?"
ANSWER = "Run `make rotate-key`."
THANKS = "thanks, that worked"


def row(events, **kw):
    threads = request_threads(events, **kw)
    assert threads.height == 1
    return threads.row(0, named=True)


def pick(r, *columns):
    return {c: r[c] for c in columns}


# --- first reply vs first actionable reply --------------------------------------------------


def test_ack_first_answer_later():
    events = slack(
        "eng",
        ("ana", "09:00", ASK),
        ("bo", "09:05", "looking 👀"),
        ("cy", "09:30", "+1"),
        ("bo", "09:40", ANSWER),
        ("ana", "09:50", THANKS),
    )
    assert row(events) == {
        "conversation_id": "eng",
        "source": "slack",
        "channel": "eng",
        "requester": "ana",
        "requested_at": at("09:00"),
        "is_request": True,
        "request_reason": "asks a question (?)",
        "request_words": 7,
        "first_reply_id": "eng:1",
        "first_reply_at": at("09:05"),
        "first_actionable_reply_id": "eng:3",
        "first_actionable_reply_at": at("09:40"),
        "first_actionable_reply_by": "bo",
        "actionable_reason": "code in the reply",
        "time_to_first_reply": timedelta(minutes=5),
        "time_to_first_actionable_reply": timedelta(minutes=40),
        "time_to_first_actionable_reply_business": timedelta(minutes=40),
        "followups": 0,
        "round_trips": 0,
        "messages": 5,
        "messages_to_convergence": 5,
        "converged": True,
        "convergence_id": "eng:4",
        "converged_at": at("09:50"),
        "convergence_reason": "requester confirms “thanks”",
        "time_to_decision": timedelta(minutes=50),
        "needs_sync": False,
        "needs_sync_reason": None,
        "observed_until": at("09:50"),
        "observed_for": timedelta(minutes=50),
        "participants": ["ana", "bo", "cy"],
        "team": None,  # no people table: nobody's team is known
    }


def test_bot_replying_first_is_not_the_first_reply():
    events = slack(
        "eng",
        ("ana", "09:00", ASK),
        m("helpbot", "09:01", "Maybe this helps: https://wiki.example.com/rotate", bot=True),
        ("bo", "09:30", ANSWER),
    )
    r = row(events)
    assert pick(
        r, "first_reply_id", "time_to_first_reply", "first_actionable_reply_id", "messages"
    ) == {
        "first_reply_id": "eng:2",
        "time_to_first_reply": timedelta(minutes=30),
        "first_actionable_reply_id": "eng:2",
        "messages": 2,
    }


def test_pr_first_reply_is_the_first_human_review_or_comment():
    doc = pr(
        7,
        "ana",
        "09:00",
        "Fix retry",
        ("comment", "codecov[bot]", "09:02", "Coverage 91%"),
        ("review_requested", "ana", "09:03", "bo"),
        ("comment", "bo", "09:30", "looking"),
        ("review", "cy", "10:00", "COMMENTED", "Why not exponential backoff?"),
    )
    r = row(github(doc))
    assert pick(
        r,
        "requested_at",
        "time_to_first_reply",
        "time_to_first_actionable_reply",
        "first_actionable_reply_by",
        "messages",
        "converged",
    ) == {
        "requested_at": at("09:00"),
        "time_to_first_reply": timedelta(minutes=30),
        "time_to_first_actionable_reply": timedelta(hours=1),
        "first_actionable_reply_by": "cy",
        "messages": 4,  # opening, ana's review request, bo's comment, cy's review
        "converged": False,
    }


# --- business time -------------------------------------------------------------------------


def ttfar(events, **kw):
    r = row(events, **kw)
    return r["time_to_first_actionable_reply"], r["time_to_first_actionable_reply_business"]


def test_friday_evening_request_answered_monday():
    events = slack(
        "eng",
        ("ana", "Fri 18:00", "Can someone restart the staging runner?"),
        ("bo", "2026-07-13 10:00", "Restarted, it is back."),
    )
    # wall: Fri 18:00 -> Mon 10:00 = 64 h; business: Mon 09:00-10:00
    assert ttfar(events) == (hours(64), hours(1))


def test_business_time_in_a_half_hour_zone_from_the_people_table():
    events = slack(
        "eng",
        ("ana", "10:00", "How do I get read access to the billing DB?"),
        ("raj", "Tue 05:00", "Request billing-ro in the access portal."),
    )
    # Kolkata is UTC+05:30: Mon 15:30-17:00 IST (1.5 h) + Tue 09:00-10:30 IST (1.5 h)
    roster = people(("raj", "Asia/Kolkata"))
    assert ttfar(events, people=roster) == (hours(19), hours(3))


def test_business_time_in_the_responders_slack_zone():
    events = slack(
        "eng",
        m("ana", "10:00", "How do I get read access to the billing DB?", tz="Asia/Tokyo"),
        m("raj", "Tue 05:00", "Request billing-ro in the access portal.", tz="Asia/Kolkata"),
    )
    # The requester's zone (Tokyo) plays no part: the responder's hours count.
    assert ttfar(events) == (hours(19), hours(3))


def test_people_table_overrides_slack_zone():
    events = slack(
        "eng",
        ("ana", "10:00", "How do I get read access to the billing DB?"),
        m("raj", "Tue 05:00", "Request billing-ro in the access portal.", tz="America/New_York"),
    )
    assert ttfar(events, people=people(("raj", "Asia/Kolkata"))) == (hours(19), hours(3))


def test_business_time_across_the_us_dst_change():
    # 2026-03-08: New York goes from EST (-5) to EDT (-4).
    events = slack(
        "eng",
        ("ana", "2026-03-06 21:00", "Can someone bump the TLS cert?"),  # Fri 16:00 EST
        ("nat", "2026-03-09 14:00", "Bumped, the new cert is live."),  # Mon 10:00 EDT
    )
    roster = people(("nat", "America/New_York"))
    # Fri 16:00-17:00 + Mon 09:00-10:00 local = 2 h; wall 65 h
    assert ttfar(events, people=roster) == (hours(65), hours(2))


def test_business_time_with_own_hours_and_workdays():
    events = slack(
        "eng",
        ("ana", "Fri 10:00", "Can someone rotate the signing key?"),
        ("omar", "Sun 12:00", "Rotated, new key id is k-42."),
    )
    roster = people(("omar", "UTC", "10:00", "18:00", "Sun-Thu"))
    # Friday is no workday for omar; Sunday 10:00-12:00 counts
    assert ttfar(events, people=roster) == (hours(50), hours(2))


def test_business_time_default_zone_and_hours_from_the_config():
    events = slack(
        "eng",
        ("ana", "10:00", "How do I get read access to the billing DB?"),
        ("raj", "Tue 05:00", "Request billing-ro in the access portal."),
    )
    assert ttfar(events, config=Config(default_tz="Asia/Kolkata")) == (hours(19), hours(3))
    # 08:00-18:00 UTC: Mon 10:00-18:00 (8 h); Tue 05:00 is before the day starts
    assert ttfar(events, config=Config(work_start="08:00", work_end="18:00")) == (
        hours(19),
        hours(8),
    )


def test_business_time_pandas_people_table():
    events = slack(
        "eng",
        ("ana", "10:00", "How do I get read access to the billing DB?"),
        ("raj", "Tue 05:00", "Request billing-ro in the access portal."),
    )
    roster = people(("raj", "Asia/Kolkata"), pandas=True)
    assert ttfar(events, people=roster) == (hours(19), hours(3))


# --- followups and round-trips --------------------------------------------------------------


def clarification_loops(loops, *, decided):
    """Ask; `loops` clarifying question/answer pairs; an answer; and maybe a confirmation."""
    clarify = [
        "Which version are you on?",
        "Which region is the job in?",
        "What error do you see in the logs?",
        "Which branch is it?",
    ]
    facts = ["v2.3", "eu-west-1", "Timeout after 30s", "main"]
    msgs = [("ana", "09:00", "The nightly export fails, can someone help?")]
    t = at("09:00")
    for i in range(loops):
        msgs.append(("bo", t + timedelta(minutes=20 * i + 10), clarify[i]))
        msgs.append(("ana", t + timedelta(minutes=20 * i + 20), facts[i]))
    end = t + timedelta(minutes=20 * loops + 10)
    msgs.append(("bo", end, "Raise the timeout in `export.toml` to 60s."))
    if decided:
        msgs.append(("ana", end + timedelta(minutes=5), "Thanks, that fixed it."))
    return slack("eng", *msgs)


COUNTS = (
    "followups",
    "round_trips",
    "messages",
    "messages_to_convergence",
    "converged",
    "needs_sync",
)


def test_ask_answer_thanks_is_zero_round_trips():
    events = slack("eng", ("ana", "09:00", ASK), ("bo", "09:10", ANSWER), ("ana", "09:20", THANKS))
    assert pick(row(events), *COUNTS) == {
        "followups": 0,
        "round_trips": 0,
        "messages": 3,
        "messages_to_convergence": 3,
        "converged": True,
        "needs_sync": False,
    }


def test_one_clarification_loop_is_one_round_trip():
    assert pick(row(clarification_loops(1, decided=True)), *COUNTS) == {
        "followups": 1,
        "round_trips": 1,
        "messages": 5,
        "messages_to_convergence": 5,
        "converged": True,
        "needs_sync": False,
    }


def test_two_round_trips_do_not_need_a_sync():
    assert pick(row(clarification_loops(2, decided=True)), *COUNTS) == {
        "followups": 2,
        "round_trips": 2,
        "messages": 7,
        "messages_to_convergence": 7,
        "converged": True,
        "needs_sync": False,
    }


def test_three_round_trips_decided_after_them_need_a_sync():
    r = row(clarification_loops(3, decided=True))
    assert pick(r, *COUNTS) == {
        "followups": 3,
        "round_trips": 3,
        "messages": 9,
        "messages_to_convergence": 9,
        "converged": True,
        "needs_sync": True,
    }
    assert r["needs_sync_reason"]


def test_three_round_trips_undecided_need_a_sync():
    # ask, (clarify, fact) x3 without the final answer: still undecided
    events = clarification_loops(3, decided=False).head(7)
    r = row(events)
    assert pick(r, *COUNTS) == {
        "followups": 3,
        "round_trips": 3,
        "messages": 7,
        "messages_to_convergence": 7,
        "converged": False,
        "needs_sync": True,
    }


def test_needs_sync_threshold_comes_from_the_config():
    r = row(clarification_loops(2, decided=True), config=Config(needs_sync_round_trips=2))
    assert (r["round_trips"], r["needs_sync"]) == (2, True)


def test_nudges_are_followups_and_consecutive_turns_merge():
    events = slack(
        "eng",
        ("ana", "09:00", ASK),
        ("ana", "11:00", "any update?"),
        ("ana", "Tue 09:00", "Still failing for me."),  # 22 h of silence: a nudge
        ("bo", "Tue 10:00", ANSWER),
        ("ana", "Tue 10:10", THANKS),
    )
    assert pick(row(events), *COUNTS) == {
        "followups": 2,
        "round_trips": 0,
        "messages": 5,
        "messages_to_convergence": 5,
        "converged": True,
        "needs_sync": False,
    }


def test_followups_after_the_decision_do_not_count():
    events = slack(
        "eng",
        ("ana", "09:00", ASK),
        ("bo", "09:10", ANSWER),
        ("ana", "09:20", THANKS),
        ("cy", "09:30", "Which version was that on?"),
        ("ana", "09:40", "v2.3"),
    )
    assert pick(row(events), *COUNTS) == {
        "followups": 0,
        "round_trips": 0,
        "messages": 5,
        "messages_to_convergence": 3,
        "converged": True,
        "needs_sync": False,
    }


def test_undecided_counts_all_followups():
    events = slack(
        "eng",
        ("ana", "09:00", ASK),
        ("bo", "09:10", "Which version are you on?"),
        ("ana", "09:20", "v2.3"),
        ("ana", "10:00", "any update?"),
    )
    assert pick(row(events), *COUNTS) == {
        "followups": 2,
        "round_trips": 1,
        "messages": 4,
        "messages_to_convergence": 4,
        "converged": False,
        "needs_sync": False,
    }


def test_pr_changes_requested_commit_approved_is_one_round_trip():
    doc = pr(
        7,
        "ana",
        "09:00",
        "Fix retry",
        ("review", "bo", "10:00", "CHANGES_REQUESTED", "Please rename `n` to `retries`."),
        ("commit", "11:00", "Rename n to retries"),
        ("commit", "11:05", "Fix test"),
        ("review", "bo", "12:00", "APPROVED", ""),
        ("merged", "ana", "12:30"),
    )
    r = row(github(doc))
    assert pick(r, *COUNTS, "converged_at", "convergence_id", "time_to_decision") == {
        "followups": 0,
        "round_trips": 1,
        "messages": 5,  # opening, review, 2 commits, approval (the merge is activity)
        "messages_to_convergence": 5,
        "converged": True,
        "needs_sync": False,
        "converged_at": at("12:00"),
        "convergence_id": "acme/api#7:review/7004",
        "time_to_decision": hours(3),
    }


# --- convergence ----------------------------------------------------------------------------

CONVERGENCE = (
    "converged",
    "convergence_id",
    "converged_at",
    "time_to_decision",
    "messages_to_convergence",
)


def test_decision_phrase_by_a_responder():
    events = slack(
        "eng",
        ("ana", "09:00", "Should we use Postgres or MySQL for the audit log?"),
        ("bo", "09:30", "Let's go with Postgres."),
        ("cy", "09:40", "Fine by me."),
    )
    r = row(events)
    assert pick(r, *CONVERGENCE) == {
        "converged": True,
        "convergence_id": "eng:1",
        "converged_at": at("09:30"),
        "time_to_decision": hours(0, 30),
        "messages_to_convergence": 2,
    }
    assert "Let's go with" in r["convergence_reason"]


def test_decision_phrase_by_the_requester():
    events = slack(
        "eng",
        ("ana", "09:00", "Option A or option B for the cache, which one?"),
        ("bo", "09:10", "A is simpler."),
        ("cy", "09:20", "B is faster under load."),
        ("ana", "10:00", "Decided: B."),
    )
    assert pick(row(events), *CONVERGENCE, "round_trips") == {
        "converged": True,
        "convergence_id": "eng:3",
        "converged_at": at("10:00"),
        "time_to_decision": hours(1),
        "messages_to_convergence": 4,
        "round_trips": 0,
    }


def test_check_reaction_by_requester_on_the_request_dates_at_the_last_turn():
    events = slack(
        "eng",
        m("ana", "09:00", ASK, reactions={"white_check_mark": "ana"}),
        ("bo", "09:10", "Use the `--force` flag."),
        ("cy", "09:30", "Also works with `-f`."),
        m("helpbot", "09:45", "Closing the loop.", bot=True),  # not a turn
    )
    r = row(events)
    assert pick(r, *CONVERGENCE) == {
        "converged": True,
        "convergence_id": "eng:0",
        "converged_at": at("09:30"),
        "time_to_decision": hours(0, 30),
        "messages_to_convergence": 3,
    }
    assert "white_check_mark" in r["convergence_reason"]


def test_check_reaction_by_a_decider_from_the_config():
    msgs = [
        ("ana", "09:00", "Which retention should we use for audit logs?"),
        ("bo", "09:10", "90 days is the legal minimum."),
        m("cy", "09:20", "Keep 1 year, storage is cheap.", reactions={"heavy_check_mark": "lead"}),
        ("bo", "09:30", "ok"),
    ]
    expected = {
        "converged": True,
        "convergence_id": "eng:2",
        "converged_at": at("09:20"),
        "time_to_decision": hours(0, 20),
        "messages_to_convergence": 3,
    }
    decided = row(slack("eng", *msgs), config=Config(deciders={"eng": ("lead",)}))
    assert pick(decided, *CONVERGENCE) == expected
    # the same reaction by someone who decides nothing here
    assert row(slack("eng", *msgs))["converged"] is False
    other_channel = row(slack("eng", *msgs), config=Config(deciders={"ops": ("lead",)}))
    assert other_channel["converged"] is False


def test_check_reaction_by_a_decider_of_every_channel():
    events = slack(
        "eng",
        ("ana", "09:00", "Which retention should we use for audit logs?"),
        m("cy", "09:20", "Keep 1 year.", reactions={"white_check_mark": "lead"}),
    )
    r = row(events, config=Config(deciders={"*": ("lead",)}))
    assert (r["converged"], r["converged_at"]) == (True, at("09:20"))


def test_check_reaction_by_a_decider_from_the_people_table():
    events = slack(
        "eng",
        ("ana", "09:00", "Which retention should we use for audit logs?"),
        m("cy", "09:20", "Keep 1 year.", reactions={"white_check_mark": "lead"}),
    )
    roster = people({"author": "lead", "tz": "UTC", "decides": "ops;eng"})
    r = row(events, people=roster)
    assert pick(r, "converged", "convergence_id", "converged_at") == {
        "converged": True,
        "convergence_id": "eng:1",
        "converged_at": at("09:20"),
    }


def test_thumbs_up_by_requester_on_a_reply():
    events = slack(
        "eng",
        ("ana", "09:00", ASK),
        ("bo", "09:10", "looking"),
        m("cy", "09:40", "It's in the vault under ops/api.", reactions={"+1": ["bo", "ana"]}),
        ("bo", "09:50", "yep"),
    )
    assert pick(row(events), *CONVERGENCE) == {
        "converged": True,
        "convergence_id": "eng:2",
        "converged_at": at("09:40"),
        "time_to_decision": hours(0, 40),
        "messages_to_convergence": 3,
    }


def test_thumbs_up_on_a_reply_converges_even_if_the_requester_asks_more_later():
    # "Created it!" 🙏, then "can it be made public?": the request was settled at the 🙏.
    events = slack(
        "eng",
        ("ana", "09:00", "Could someone create a project board for us?"),
        m("bo", "09:30", "Done: https://github.com/orgs/acme/x", reactions={"pray": "ana"}),
        ("ana", "09:40", "Thanks! Can it be made public?"),
        ("bo", "09:50", "Only an org owner can do that."),
    )
    assert pick(row(events), *CONVERGENCE) == {
        "converged": True,
        "convergence_id": "eng:1",
        "converged_at": at("09:30"),
        "time_to_decision": hours(0, 30),
        "messages_to_convergence": 2,
    }


def test_thumbs_up_by_someone_else_or_on_the_request_does_not_converge():
    events = slack(
        "eng",
        m("ana", "09:00", ASK, reactions={"+1": ["ana", "bo"]}),
        m("cy", "09:40", "It's in the vault under ops/api.", reactions={"+1": "bo"}),
    )
    r = row(events)
    assert (r["converged"], r["convergence_id"], r["converged_at"]) == (False, None, None)


def test_pr_merge_without_approval_converges_at_the_merge():
    doc = pr(
        7,
        "ana",
        "09:00",
        "Fix typo",
        ("comment", "bo", "09:30", "Have you tried running the linter?"),
        ("merged", "ana", "10:00"),
    )
    r = row(github(doc))
    assert pick(r, "converged", "convergence_id", "converged_at", "time_to_decision") == {
        "converged": True,
        "convergence_id": "acme/api#7:merged",
        "converged_at": at("10:00"),
        "time_to_decision": hours(1),
    }


def test_pr_closed_without_merging_has_not_converged():
    doc = pr(
        7,
        "ana",
        "09:00",
        "Try new parser",
        ("review", "bo", "09:30", "CHANGES_REQUESTED", "We should not do this."),
        ("closed", "ana", "10:00"),
    )
    r = row(github(doc))
    assert pick(
        r,
        "converged",
        "convergence_id",
        "converged_at",
        "time_to_decision",
        "messages",
        "first_actionable_reply_by",
    ) == {
        "converged": False,
        "convergence_id": None,
        "converged_at": None,
        "time_to_decision": None,
        "messages": 2,
        "first_actionable_reply_by": "bo",
    }


def test_pr_approval_by_the_author_alone_does_not_converge():
    doc = pr(7, "ana", "09:00", "Fix retry", ("comment", "ana", "09:30", "Self-check done"))
    assert row(github(doc))["converged"] is False


def test_question_with_a_decision_word_does_not_decide_itself():
    # the opener asks; "go ahead" in its own question is no decision
    events = slack("eng", ("ana", "09:00", "Can we go ahead with the migration tonight?"))
    r = row(events)
    assert (r["is_request"], r["converged"], r["time_to_decision"]) == (True, False, None)


def test_pr_title_with_a_decision_word_does_not_decide_itself():
    r = row(github(pr(7, "ana", "09:00", "Implement the approved retention design")))
    assert (r["is_request"], r["converged"]) == (True, False)


# --- clock start for draft PRs --------------------------------------------------------------


def test_draft_pr_clock_starts_when_marked_ready():
    doc = pr(
        7,
        "ana",
        "09:00",
        "New parser",
        ("comment", "bo", "09:30", "Have you tried the existing tokenizer?"),
        ("review", "cy", "09:40", "APPROVED", ""),  # before the clock: counts for nothing
        ("ready", "Tue 09:00"),
        ("comment", "bo", "Tue 10:00", "looking"),
        ("review", "cy", "Tue 11:00", "APPROVED", ""),
        draft=True,
    )
    r = row(github(doc))
    assert pick(
        r,
        "requested_at",
        "time_to_first_reply",
        "time_to_first_actionable_reply",
        "converged_at",
        "time_to_decision",
        "messages",
    ) == {
        "requested_at": at("Tue 09:00"),
        "time_to_first_reply": hours(1),
        "time_to_first_actionable_reply": hours(2),
        "converged_at": at("Tue 11:00"),
        "time_to_decision": hours(2),
        "messages": 3,  # opening, bo's comment, cy's approval after the clock
    }


def test_draft_pr_clock_starts_at_the_first_ready_for_review():
    doc = pr(
        7,
        "ana",
        "09:00",
        "New parser",
        ("ready", "Tue 09:00"),
        ("to_draft", "Tue 10:00"),
        ("ready", "Wed 09:00"),
        ("review", "bo", "Wed 10:00", "APPROVED", ""),
        draft=True,
    )
    r = row(github(doc))
    assert (r["requested_at"], r["time_to_first_reply"], r["time_to_decision"]) == (
        at("Tue 09:00"),
        hours(25),
        hours(25),
    )


def test_pr_opened_ready_then_converted_to_draft_starts_at_opening():
    doc = pr(
        7,
        "ana",
        "09:00",
        "New parser",
        ("to_draft", "10:00"),
        ("ready", "Tue 09:00"),
        ("review", "bo", "Tue 10:00", "APPROVED", ""),
    )
    r = row(github(doc))
    assert (r["requested_at"], r["time_to_decision"]) == (at("09:00"), hours(25))


# --- in-channel replies ---------------------------------------------------------------------

QUESTION = ("U1", "09:00", "How do I rotate the API key for billing?")
Q_ID = f"C1:{slack_ts('09:00')}"


def attached(events):
    return {
        r["message_id"]: (r["conversation_id"], r["attached_by"])
        for r in events.iter_rows(named=True)
        if not r["is_opener"]
    }


def test_in_channel_reply_mentioning_the_requester():
    events = slack_channel("eng", QUESTION, ("U2", "09:25", "<@U1> run `make rotate-key`."))
    reply_id = f"C1:{slack_ts('09:25')}"
    assert attached(events) == {reply_id: (Q_ID, "in-channel reply: mentions the requester")}
    r = row(events)
    assert pick(
        r, "conversation_id", "first_actionable_reply_id", "time_to_first_actionable_reply"
    ) == {
        "conversation_id": Q_ID,
        "first_actionable_reply_id": reply_id,  # the reply keeps its own id
        "time_to_first_actionable_reply": hours(0, 25),
    }


def test_in_channel_mention_after_thirty_minutes_is_its_own_conversation():
    events = slack_channel("eng", QUESTION, ("U2", "09:31", "<@U1> run `make rotate-key`."))
    threads = by_conversation(request_threads(events))
    assert len(threads) == 2
    assert threads[Q_ID]["first_reply_at"] is None


def test_in_channel_reply_quoting_the_request_within_a_day():
    events = slack_channel(
        "eng",
        QUESTION,
        ("U3", "15:25", "&gt; rotate the API key for billing\nrun `make rotate-key`."),
    )
    assert attached(events) == {
        f"C1:{slack_ts('15:25')}": (Q_ID, "in-channel reply: links or quotes")
    }


def test_in_channel_reply_linking_the_request():
    link = f"https://acme.slack.com/archives/C1/p{slack_ts('09:00').replace('.', '')}"
    events = slack_channel("eng", QUESTION, ("U3", "16:00", f"See {link}: it is in the vault."))
    assert attached(events) == {
        f"C1:{slack_ts('16:00')}": (Q_ID, "in-channel reply: links or quotes")
    }


def test_quick_back_and_forth_between_two_people():
    events = slack_channel(
        "eng",
        QUESTION,
        ("U2", "09:05", "Run `make rotate-key`."),
        ("U1", "09:14", "thanks, that worked"),
    )
    assert {cid for cid, _ in attached(events).values()} == {Q_ID}
    assert pick(row(events), "messages", "round_trips", "converged_at") == {
        "messages": 3,
        "round_trips": 0,
        "converged_at": at("09:14"),
    }


def test_run_opening_with_several_messages_by_one_person_is_answered_on_the_last():
    events = slack_channel(
        "eng",
        ("U1", "08:58", "Morning all"),
        QUESTION,
        ("U2", "09:05", "Run `make rotate-key`."),
    )
    assert attached(events) == {
        f"C1:{slack_ts('09:05')}": (
            Q_ID,
            "in-channel reply: quick back-and-forth between the same two people",
        )
    }


def test_back_and_forth_broken_by_an_eleven_minute_gap():
    events = slack_channel("eng", QUESTION, ("U2", "09:11", "Run `make rotate-key`."))
    assert attached(events) == {}


def test_back_and_forth_broken_by_a_third_persons_thread():
    events = slack_channel(
        "eng",
        QUESTION,
        ("U3", "09:03", "Anyone seen the flaky deploy test?"),
        m("U4", "09:04", "yes, known issue", thread="09:03"),
        ("U2", "09:05", "Run `make rotate-key`."),
    )
    assert attached(events) == {f"C1:{slack_ts('09:04')}": (f"C1:{slack_ts('09:03')}", None)}


def test_run_by_three_people_attaches_nothing():
    events = slack_channel(
        "eng", QUESTION, ("U3", "09:01", "Lunch anyone?"), ("U2", "09:05", "Run `make x`.")
    )
    assert attached(events) == {}


# --- censoring and non-requests -------------------------------------------------------------


def test_unanswered_request_is_kept_with_null_durations():
    events = slack("eng", ("ana", "09:00", ASK))
    r = row(events, as_of=at("Wed 09:00"))
    assert pick(
        r,
        "is_request",
        "first_reply_at",
        "time_to_first_reply",
        "time_to_first_actionable_reply",
        "time_to_first_actionable_reply_business",
        "converged",
        "time_to_decision",
        "observed_until",
        "observed_for",
    ) == {
        "is_request": True,
        "first_reply_at": None,
        "time_to_first_reply": None,
        "time_to_first_actionable_reply": None,
        "time_to_first_actionable_reply_business": None,
        "converged": False,
        "time_to_decision": None,
        "observed_until": at("Wed 09:00"),
        "observed_for": hours(48),
    }


def test_answered_but_undecided_request_is_censored_on_the_decision():
    events = slack("eng", ("ana", "09:00", ASK), ("bo", "10:00", ANSWER))
    r = row(events, as_of=at("Tue 09:00"))
    assert pick(
        r, "time_to_first_actionable_reply", "converged", "time_to_decision", "observed_for"
    ) == {
        "time_to_first_actionable_reply": hours(1),
        "converged": False,
        "time_to_decision": None,
        "observed_for": hours(24),
    }


def test_as_of_ends_observation_before_later_events():
    events = slack("eng", ("ana", "09:00", ASK), ("bo", "10:00", ANSWER), ("ana", "11:00", THANKS))
    r = row(events, as_of=at("10:30"))
    assert pick(
        r,
        "time_to_first_actionable_reply",
        "converged",
        "time_to_decision",
        "observed_until",
        "observed_for",
    ) == {
        "time_to_first_actionable_reply": hours(1),
        "converged": False,
        "time_to_decision": None,
        "observed_until": at("10:30"),
        "observed_for": hours(1, 30),
    }


def test_observation_ends_at_the_last_event_of_the_data():
    events = concat(
        slack("eng", ("ana", "09:00", ASK), cid="q1"),
        slack(
            "eng", ("bo", "12:00", "Which runner runs nightly?"), ("cy", "13:00", "r-7"), cid="q2"
        ),
    )
    threads = by_conversation(request_threads(events))
    assert {k: (v["observed_until"], v["observed_for"]) for k, v in threads.items()} == {
        "q1": (at("13:00"), hours(4)),
        "q2": (at("13:00"), hours(1)),
    }


def test_non_request_is_kept_with_empty_metrics():
    events = concat(
        slack(
            "eng",
            m(
                "ana",
                "09:00",
                "FYI: we deployed v2.3 to production.",
                reactions={"white_check_mark": "ana"},
            ),
            ("bo", "09:10", "Which version of the CLI goes with it?"),
            ("ana", "09:20", "v2.3 too"),
            ("bo", "09:30", "nice, thanks"),
            ("ana", "21:40", "any update on the CLI?"),
            cid="fyi",
        ),
        slack("eng", ("cy", "10:00", ASK), cid="ask"),
    )
    threads = by_conversation(request_threads(events))
    assert set(threads) == {"fyi", "ask"}
    assert pick(
        threads["fyi"],
        "is_request",
        "first_reply_at",
        "first_actionable_reply_at",
        "first_actionable_reply_by",
        "time_to_first_reply",
        "time_to_first_actionable_reply",
        "time_to_first_actionable_reply_business",
        "followups",
        "round_trips",
        "converged",
        "convergence_id",
        "converged_at",
        "time_to_decision",
        "needs_sync",
    ) == {
        "is_request": False,
        "first_reply_at": None,
        "first_actionable_reply_at": None,
        "first_actionable_reply_by": None,
        "time_to_first_reply": None,
        "time_to_first_actionable_reply": None,
        "time_to_first_actionable_reply_business": None,
        "followups": 0,
        "round_trips": 0,
        "converged": False,
        "convergence_id": None,
        "converged_at": None,
        "time_to_decision": None,
        "needs_sync": False,
    }
    assert threads["fyi"]["request_reason"] == "announcement marker “FYI”"
    assert threads["ask"]["is_request"] is True


def test_rows_are_sorted_by_requested_at():
    events = concat(
        slack("eng", ("ana", "11:00", ASK), ("bo", "11:30", ANSWER), cid="late"),
        slack("eng", ("cy", "09:00", "Which runner runs nightly?"), cid="early"),
    )
    assert request_threads(events)["conversation_id"].to_list() == ["early", "late"]


def test_pandas_in_pandas_out():
    events = slack(
        "eng",
        m("ana", "09:00", ASK, reactions={"eyes": "bo"}),
        ("bo", "09:30", ANSWER),
        pandas=True,
    )
    out = request_threads(events)
    assert type(out).__module__.startswith("pandas")
    assert out[["conversation_id", "is_request", "time_to_first_actionable_reply"]].to_dict(
        "records"
    ) == [
        {
            "conversation_id": "eng",
            "is_request": True,
            "time_to_first_actionable_reply": hours(0, 30),
        }
    ]


def test_pandas_event_table_without_any_reaction():
    events = slack("eng", ("ana", "09:00", ASK), ("bo", "09:30", ANSWER), pandas=True)
    out = request_threads(events)
    assert list(out["time_to_first_actionable_reply"]) == [hours(0, 30)]
