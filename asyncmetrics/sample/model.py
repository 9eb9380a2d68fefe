"""What the generator plants: Slack conversations and pull requests, each turn with its intent.

The intent of every turn is what the truth table is computed from (``truth.py``), following
``docs/metrics.md``; the text is written to say exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Intents of a turn. Responder: answer (actionable), decide (a decision phrase, actionable),
# ack, clarify, other (neither: "let's hop on a call"). Requester: request / not_request
# (the opener), reply, nudge, confirm, decision. Bots: bot.
RESPONDER_ACTIONABLE = frozenset({"answer", "decide"})
CONVERGING_TEXT = frozenset({"confirm", "decision", "decide"})
FOLLOWUPS = frozenset({"clarify", "nudge"})


@dataclass
class Msg:
    """A Slack message."""

    at: datetime
    author: str  # Slack user id, or the deploy bot's bot_id
    text: str
    intent: str
    ts: str = ""
    reactions: list[tuple[str, list[str]]] = field(default_factory=list)
    edited_at: datetime | None = None
    broadcast: bool = False
    bot_id: str | None = None
    bot_message: bool = False  # subtype bot_message (no user)
    # A Slack huddle started in the thread: subtype huddle_thread, posted by Slackbot.
    subtype: str = ""
    room: dict[str, Any] | None = None
    # What the message does for the over-rotation diagnostics (``diag_truth.py``):
    # "escalation" (moves the conversation to a call), "writeup" (the call written down).
    role: str = ""

    @property
    def is_bot(self) -> bool:
        return self.intent == "bot"


@dataclass
class SlackConv:
    channel: str
    pattern: str
    opener: Msg
    replies: list[Msg] = field(default_factory=list)
    # Answers posted top-level instead of in the thread, attached to this conversation.
    in_channel: list[Msg] = field(default_factory=list)
    ambiguous_deadline: bool = False
    lang: str = "en"
    # Planted for the over-rotation diagnostics (None / "" when the pattern does not say;
    # ``diag_truth.py`` then reads the older patterns' pieces):
    elements: frozenset[str] | None = None  # the request's self-contained elements
    deadline_phrase: str = ""  # the deadline as written in the opener
    good_shape: bool | None = None  # a status post: shipped, one thing today, blockers
    blocked: bool = False  # a status post with a real blocker
    cluster: str = ""  # a planted repeated question's cluster

    @property
    def is_request(self) -> bool:
        return self.opener.intent == "request"

    def messages(self) -> list[Msg]:
        return sorted([self.opener, *self.replies, *self.in_channel], key=lambda m: m.at)


@dataclass
class PrEvent:
    """One thing that happened on a pull request."""

    at: datetime
    kind: str  # opened review review_comment comment commit review_requested ready to_draft
    #            merged closed reopened
    who: str  # GitHub login
    text: str = ""
    intent: str = ""
    state: str = ""  # review state
    id: int = 0
    sha: str = ""
    review: PrEvent | None = None  # the review a review comment belongs to
    path: str = ""
    requested: str = ""  # review_requested: the reviewer's login


@dataclass
class Pull:
    repo: str
    pattern: str
    author: str
    title: str
    body: str
    opened_at: datetime
    events: list[PrEvent] = field(default_factory=list)  # without the opening
    opened_as_draft: bool = False
    number: int = 0

    @property
    def conversation_id(self) -> str:
        return f"{self.repo}#{self.number}"

    def sorted_events(self) -> list[PrEvent]:
        return sorted(self.events, key=lambda e: e.at)
