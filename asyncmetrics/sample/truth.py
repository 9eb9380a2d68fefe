"""The ground truth of every planted conversation, computed from the intents of its turns by
the definitions of ``docs/metrics.md`` (not by asyncmetrics' own code)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from asyncmetrics.sample.model import (
    CONVERGING_TEXT,
    FOLLOWUPS,
    RESPONDER_ACTIONABLE,
    Msg,
    PrEvent,
    Pull,
    SlackConv,
)
from asyncmetrics.sample.team import BY_SLACK, CHANNEL, GITHUB_BOTS, PEOPLE, mostly_out_of_hours

TRUTH_COLUMNS = (
    "conversation_id",
    "source",
    "channel",
    "pattern",
    "is_request",
    "requester",
    "first_reply_id",
    "first_actionable_reply_id",
    "followups",
    "round_trips",
    "converged",
    "convergence_id",
    "needs_sync",
    "after_hours_ping",
    "ambiguous_deadline",
)
DECISION_REACTIONS = frozenset({"white_check_mark", "heavy_check_mark"})
ACCEPT_REACTIONS = frozenset({"+1", "pray"})
NEEDS_SYNC_ROUND_TRIPS = 3
NUDGE_AFTER = timedelta(hours=12)
_MENTION = re.compile(r"<@(U[A-Z0-9]+)>|<!(here|channel)>")


@dataclass
class Turn:
    at: datetime
    id: str
    mine: bool  # said by the requester
    intent: str
    speech: bool = True  # False for a PR author's commits and review requests


def _silence_nudges(turns: list[Turn]) -> None:
    """A requester's message after 12 h of their own silence is a nudge, whatever it says
    (unless it confirms or decides; commits and review requests are never nudges)."""
    for prev, turn in pairwise(turns):
        quiet = turn.at - prev.at >= NUDGE_AFTER
        if turn.mine and prev.mine and quiet and turn.speech and turn.intent == "reply":
            turn.intent = "nudge"


@dataclass
class Decision:
    at: datetime
    order: int  # position of the deciding turn, for ties
    id: str
    turns_before: int  # how many turns precede the decision (round trips, follow-ups)


def _metrics(turns: list[Turn], decisions: list[Decision]) -> dict[str, object]:
    _silence_nudges(turns)
    responder = [t for t in turns if not t.mine]
    actionable = [t for t in responder if t.intent in RESPONDER_ACTIONABLE]
    decision = min(decisions, key=lambda d: (d.at, d.order)) if decisions else None
    before = turns[: decision.turns_before] if decision else turns
    trips = sum(1 for a, b in pairwise(before) if b.mine and not a.mine)
    return {
        "first_reply_id": responder[0].id if responder else "",
        "first_actionable_reply_id": actionable[0].id if actionable else "",
        "followups": sum(1 for t in before if t.intent in FOLLOWUPS),
        "round_trips": trips,
        "converged": decision is not None,
        "convergence_id": decision.id if decision else "",
        "needs_sync": trips >= NEEDS_SYNC_ROUND_TRIPS,
    }


def _blank() -> dict[str, object]:
    return {
        "first_reply_id": "",
        "first_actionable_reply_id": "",
        "followups": 0,
        "round_trips": 0,
        "converged": False,
        "convergence_id": "",
        "needs_sync": False,
    }


def after_hours_ping(conv: SlackConv) -> bool:
    """The opener pings people (a mention, or @here/@channel: the channel's members) at a time
    outside the working hours of most of them."""
    opener = conv.opener
    pinged: set[str] = set()
    for user, everyone in _MENTION.findall(opener.text):
        if everyone:
            pinged |= set(CHANNEL[conv.channel].members)
        elif user in BY_SLACK:
            pinged.add(BY_SLACK[user].key)
    people = [p for p in PEOPLE if p.key in pinged and p.slack_id != opener.author]
    return mostly_out_of_hours(people, opener.at)


def slack_row(conv: SlackConv) -> dict[str, object]:
    cid = CHANNEL[conv.channel].id
    requester = conv.opener.author
    row: dict[str, object] = {
        "conversation_id": f"{cid}:{conv.opener.ts}",
        "source": "slack",
        "channel": conv.channel,
        "pattern": conv.pattern,
        "is_request": conv.is_request,
        "requester": requester,
        "after_hours_ping": after_hours_ping(conv),
        "ambiguous_deadline": conv.ambiguous_deadline,
    }
    if not conv.is_request:
        return row | _blank()
    msgs: list[Msg] = [m for m in conv.messages() if not m.is_bot]
    turns = [Turn(m.at, f"{cid}:{m.ts}", m.author == requester, m.intent) for m in msgs]
    deciders = {p.slack_id for p in PEOPLE if conv.channel in p.decides}
    decisions = []
    for i, (m, t) in enumerate(zip(msgs, turns, strict=True)):
        if i and t.intent in CONVERGING_TEXT:
            decisions.append(Decision(t.at, i, t.id, i))
        for name, users in m.reactions:
            decides = name in DECISION_REACTIONS and any(
                u == requester or u in deciders for u in users
            )
            accepts = name in ACCEPT_REACTIONS and requester in users and not t.mine
            if not (decides or accepts):
                continue
            if i == 0:  # the "resolved" convention: dated at the last turn, covers all
                decisions.append(Decision(turns[-1].at, 0, t.id, len(turns)))
            else:
                decisions.append(Decision(t.at, i, t.id, i + 1))
    return row | _metrics(turns, decisions)


def _pr_id(pull: Pull, e: PrEvent) -> str:
    base = pull.conversation_id
    suffix = {
        "opened": "opened",
        "review": f"review/{e.id}",
        "review_comment": f"review_comment/{e.id}",
        "comment": f"comment/{e.id}",
        "commit": f"commit/{e.sha}",
        "merged": "merged",
    }.get(e.kind, f"event/{e.id}")
    return f"{base}:{suffix}"


def pr_row(pull: Pull) -> dict[str, object]:
    events = pull.sorted_events()
    ready = [e.at for e in events if e.kind == "ready"]
    is_request = not (pull.opened_as_draft and not ready)
    row: dict[str, object] = {
        "conversation_id": pull.conversation_id,
        "source": "github",
        "channel": pull.repo,
        "pattern": pull.pattern,
        "is_request": is_request,
        "requester": pull.author,
        "after_hours_ping": False,
        "ambiguous_deadline": False,
    }
    if not is_request:
        return row | _blank()
    clock = ready[0] if pull.opened_as_draft else pull.opened_at
    opened = PrEvent(pull.opened_at, "opened", pull.author, intent="request")
    turns: list[Turn] = []
    decisions: list[Decision] = []
    for e in [opened, *events]:
        human = e.who not in GITHUB_BOTS
        mine = e.who == pull.author
        if e.kind == "merged" and e.at >= clock:
            decisions.append(Decision(e.at, len(turns), _pr_id(pull, e), len(turns)))
        if not human or (e.kind != "opened" and e.at < clock):
            continue
        speech = e.kind in ("opened", "review", "review_comment", "comment")
        if not (speech or (mine and e.kind in ("commit", "review_requested"))):
            continue
        intent = "answer" if e.kind == "review" else e.intent
        if (e.kind == "review" and e.state == "APPROVED") or intent in CONVERGING_TEXT:
            decisions.append(Decision(e.at, len(turns), _pr_id(pull, e), len(turns)))
        turns.append(Turn(e.at, _pr_id(pull, e), mine, intent, speech))
    return row | _metrics(turns, decisions)
