"""Which events decide a conversation: approval, merge, confirmation, decision, ✅."""

from __future__ import annotations

import polars as pl

from asyncmetrics.classify.rules import Rule, first_rule, quoted
from asyncmetrics.config import Config


def event_convergence() -> tuple[pl.Expr, pl.Expr]:
    """``(converges, reason)`` for events that decide by themselves, at their own time."""
    # The opener asks; words in it ("go ahead?", a PR titled "approved…") never decide it.
    human_turn = pl.col("is_turn") & ~pl.col("author_is_bot") & ~pl.col("is_opener")
    rules: list[Rule] = [
        (
            (pl.col("kind") == "review_approved") & (pl.col("role") == "responder") & human_turn,
            True,
            "review APPROVED by a human other than the author",
        ),
        (pl.col("kind") == "merged", True, "pull request merged"),
        (pl.col("label") == "confirmation", True, pl.col("label_reason")),
        (
            human_turn & pl.col("_decision").is_not_null() & ~pl.col("is_question"),
            True,
            pl.format("{} by the {}", quoted("decision", "_decision"), pl.col("role")),
        ),
    ]
    converges, reason = first_rule(rules, False, pl.lit(None, dtype=pl.String))
    return converges, reason


def reaction_convergence(
    events: pl.DataFrame, deciders: pl.DataFrame, config: Config
) -> pl.DataFrame:
    """``(message_id, reason)`` of messages whose reactions decide their conversation.

    A decision emoji (✅...) by the requester or by a decider of the channel decides; an
    acceptance emoji (👍, 🙏...) by the requester on an actionable reply accepts it, unless
    the requester asks again later in the conversation.
    """
    decision = _whole_name(config.reactions("decision"))
    accept = _whole_name(config.reactions("accept"))
    reacted = (
        events.filter(pl.col("reactions").list.len() > 0)
        .select("message_id", "channel", "requester", "role", "label", "_asked_again", "reactions")
        .explode("reactions")
        .unnest("reactions")
        .explode("users")
        .rename({"users": "user"})
        .with_columns(pl.col("name").str.replace(r"::skin-tone-\d$", ""))
        .join(
            deciders.with_columns(pl.lit(True).alias("is_decider")),
            left_on=["channel", "user"],
            right_on=["channel", "decider"],
            how="left",
        )
    )
    by_requester = pl.col("user") == pl.col("requester")
    rules: list[Rule] = [
        (
            pl.col("name").str.contains(decision) & by_requester,
            True,
            pl.format("reaction :{}: by the requester", pl.col("name")),
        ),
        (
            pl.col("name").str.contains(decision) & pl.col("is_decider").fill_null(False),
            True,
            pl.format("reaction :{}: by a decider of {}", pl.col("name"), pl.col("channel")),
        ),
        (
            # Accepting a reply: only one that lets the requester act, and only if they do
            # not go on to ask again (a 👍 then "but what about…?" has not settled it).
            pl.col("name").str.contains(accept)
            & by_requester
            & (pl.col("label") == "actionable_reply")
            & ~pl.col("_asked_again"),
            True,
            pl.format("reaction :{}: by the requester on a reply", pl.col("name")),
        ),
    ]
    converges, reason = first_rule(rules, False, pl.lit(None, dtype=pl.String))
    return (
        reacted.with_columns(converges.alias("hit"), reason.alias("reason"))
        .filter("hit")
        .group_by("message_id")
        .agg(pl.col("reason").first())
    )


def _whole_name(patterns: tuple[str, ...]) -> str:
    """One regular expression matching a reaction name that is entirely one of ``patterns``."""
    if not patterns:
        return "^$a"  # matches nothing
    return "^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$"
