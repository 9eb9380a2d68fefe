"""What each later message does: an actionable reply, an acknowledgement, a clarifying
question, a nudge, a confirmation..."""

from __future__ import annotations

import polars as pl

from asyncmetrics.classify.rules import Rules, quoted
from asyncmetrics.config import Config

REVIEW_STATES = {
    "review_approved": "APPROVED",
    "review_changes_requested": "CHANGES_REQUESTED",
    "review_commented": "COMMENTED",
    "review_dismissed": "DISMISSED",
}


def responder_label(config: Config) -> Rules:
    """The label of a turn by a human other than the requester, and why."""
    words = pl.col("words")
    others = pl.col("mentions").list.eval(pl.element().filter(~pl.element().str.starts_with("@")))
    hands_over = (
        (others.list.len() > 0)
        & ~pl.col("mentions").list.contains(pl.col("requester"))
        & pl.col("_ask").is_not_null()
    )
    rules: list[tuple[pl.Expr, str, pl.Expr]] = [
        *_kind_rules(),
        (pl.col("_bot_command"), "acknowledgement", pl.lit("a command to a bot")),
        (hands_over, "acknowledgement", pl.lit("hands the request to someone else")),
        (
            pl.col("_decision").is_not_null() & ~pl.col("is_question"),
            "actionable_reply",
            quoted("decision", "_decision"),
        ),
        (
            pl.col("_fenced") | (pl.col("_code") & ~pl.col("is_question")),
            "actionable_reply",
            pl.lit("code in the reply"),
        ),
        (
            pl.col("_ack").is_not_null()
            & pl.col("_clean").str.contains(config.pattern("later") or "$^")
            & pl.col("_suggestion").is_null()
            & ~pl.col("_link")
            & ~pl.col("is_question"),
            "acknowledgement",
            pl.format("{} (promises to act later)", quoted("acknowledgement", "_ack")),
        ),
        (
            pl.col("_ack").is_not_null()
            & (words <= config.ack_max_words)
            & (pl.col("_non_ack_words") <= 2)
            & ~pl.col("_link"),
            "acknowledgement",
            quoted("acknowledgement", "_ack"),
        ),
        (
            (words == 0) & ~pl.col("_link") & (pl.col("subtype").fill_null("") != "file_share"),
            "acknowledgement",
            pl.lit("no words (emoji or empty)"),
        ),
        (
            pl.col("is_question")
            & pl.col("_suggestion").is_null()
            & ~pl.col("_link")
            & ((words <= config.clarify_max_words) | pl.col("_clarify").is_not_null()),
            "clarifying_question",
            pl.when(pl.col("_clarify").is_not_null())
            .then(quoted("question back to the requester", "_clarify"))
            .otherwise(pl.lit("question back to the requester")),
        ),
        (
            pl.col("_suggestion").is_not_null(),
            "actionable_reply",
            quoted("suggestion", "_suggestion"),
        ),
        (pl.col("_link"), "actionable_reply", pl.lit("a link that answers")),
        ((words == 0), "actionable_reply", pl.lit("shares a file")),
    ]
    return Rules(rules, "actionable_reply", pl.format("answer ({} words)", words))


def bot_command() -> pl.Expr:
    """``_bot_command``: the turn starts with a command to a bot (``/azp run``, ``bugbot run``):
    after a bot's name, a command word follows (「bot は…」 talks about a bot).

    Needs a ``/`` or ``bot`` in ``_clean``; false without one.
    """
    return (
        pl.col("_clean")
        .str.contains(r"^\s*(/[a-z][\w-]*|@?[\w-]*bot[ \t]+[a-z])")
        .alias("_bot_command")
    )


def decided_by_kind() -> pl.Expr:
    """True for responder turns whose event kind decides their label: their words are never
    read."""
    return pl.any_horizontal(condition for condition, _, _ in _kind_rules())


def _kind_rules() -> list[tuple[pl.Expr, str, pl.Expr]]:
    review_reason = pl.format(
        "review {} by a human other than the author",
        pl.col("kind").replace_strict(REVIEW_STATES, default="?"),
    )
    return [
        (pl.col("kind").is_in(list(REVIEW_STATES)), "actionable_reply", review_reason),
        (
            pl.col("kind") == "merged",
            "actionable_reply",
            pl.lit("merged by someone other than the author (a decision)"),
        ),
        (
            pl.col("kind") == "closed",
            "actionable_reply",
            pl.lit("closed by someone other than the author (a definite no)"),
        ),
    ]


def requester_label(config: Config) -> Rules:
    """The label of a later turn by the requester, and why.

    Needs ``_actionable_before`` (an actionable reply came earlier) and ``_silence`` (time
    since the previous turn, when that turn was also the requester's).
    """
    rules: list[tuple[pl.Expr, str, pl.Expr]] = [
        (pl.col("kind") == "commit", "requester_reply", pl.lit("commit by the author")),
        (
            pl.col("kind") == "review_requested",
            "requester_reply",
            pl.lit("review requested by the author"),
        ),
        (
            pl.col("_decision").is_not_null() & ~pl.col("is_question"),
            "decision",
            quoted("decision", "_decision"),
        ),
        (
            pl.col("_confirm").is_not_null()
            & ~pl.col("is_question")
            & pl.col("_actionable_before"),
            "confirmation",
            quoted("requester confirms", "_confirm"),
        ),
        (pl.col("_nudge").is_not_null(), "nudge", quoted("nudge", "_nudge")),
        (
            pl.col("_silence") >= config.nudge_after,
            "nudge",
            pl.format("requester writes again after {} of silence", _hours(pl.col("_silence"))),
        ),
    ]
    return Rules(rules, "requester_reply", "requester adds to the conversation")


def _hours(duration: pl.Expr) -> pl.Expr:
    return pl.format("{}h", (duration.dt.total_minutes() / 60).round(1))
