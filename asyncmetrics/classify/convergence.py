"""Which events decide a conversation: approval, merge, confirmation, decision, ✅."""

from __future__ import annotations

import polars as pl

from asyncmetrics.classify.rules import Rule, Rules, quoted
from asyncmetrics.config import Config


def _human_turn() -> pl.Expr:
    # The opener asks; words in it ("go ahead?", a PR titled "approved…") never decide it.
    return pl.col("is_turn") & ~pl.col("author_is_bot") & ~pl.col("is_opener")


def may_converge() -> pl.Expr:
    """True where :func:`event_convergence` can hold; elsewhere it is false with no reason."""
    return (
        _human_turn() | (pl.col("kind") == "merged") | (pl.col("label") == "confirmation")
    ).fill_null(False)


def event_convergence() -> Rules:
    """Whether an event decides its conversation by itself, at its own time, and why."""
    human_turn = _human_turn()
    rules: list[Rule] = [
        (
            (pl.col("kind") == "review_approved") & (pl.col("role") == "responder") & human_turn,
            True,
            "review APPROVED by a human other than the author",
        ),
        (pl.col("kind") == "merged", True, "pull request merged"),
        (pl.col("label") == "confirmation", True, pl.col("label_reason").cast(pl.String)),
        (
            human_turn & pl.col("_decision").is_not_null() & ~pl.col("is_question"),
            True,
            pl.format("{} by the {}", quoted("decision", "_decision"), pl.col("role")),
        ),
    ]
    return Rules(rules, False, pl.lit(None, dtype=pl.String))


def reaction_convergence(
    events: pl.DataFrame, deciders: pl.DataFrame, config: Config
) -> pl.DataFrame:
    """``(_pos, reason)`` of messages whose reactions decide their conversation.

    A decision emoji (✅...) by the requester or by a decider of the channel decides; an
    acceptance emoji (👍, 🙏...) by the requester on an actionable reply accepts it, even when
    the requester goes on to ask about something else.
    """
    decision = _whole_name(config.reactions("decision"))
    accept = _whole_name(config.reactions("accept"))
    reacted = (
        events.select("_pos", "channel", "requester", "role", "label", "reactions")
        .filter(pl.col("reactions").list.len() > 0)
        .explode("reactions")
        .unnest("reactions")
        .explode("users")
        .rename({"users": "user"})
        .with_columns(pl.col("name").str.replace(r"::skin-tone-\d$", ""))
    )
    # Few names, many reactions: match each name once.
    names = reacted.get_column("name").unique()
    is_decision = pl.col("name").is_in(names.filter(names.str.contains(decision)).implode())
    is_accept = pl.col("name").is_in(names.filter(names.str.contains(accept)).implode())
    by_requester = pl.col("user") == pl.col("requester")
    # Only these can meet a rule below; the others are left out before looking up deciders.
    reacted = reacted.filter(is_decision | (is_accept & by_requester)).join(
        deciders.with_columns(pl.lit(True).alias("is_decider")),
        left_on=["channel", "user"],
        right_on=["channel", "decider"],
        how="left",
        maintain_order="left",
    )
    rules: list[Rule] = [
        (
            is_decision & by_requester,
            True,
            pl.format("reaction :{}: by the requester", pl.col("name")),
        ),
        (
            is_decision & pl.col("is_decider").fill_null(False),
            True,
            pl.format("reaction :{}: by a decider of {}", pl.col("name"), pl.col("channel")),
        ),
        (
            # Accepting a reply: only one that lets the requester act. A question the
            # requester asks later is most often about something else (readers settle the
            # request at the 👍 all the same).
            is_accept & by_requester & (pl.col("label") == "actionable_reply"),
            True,
            pl.format("reaction :{}: by the requester on a reply", pl.col("name")),
        ),
    ]
    outcome = Rules(rules, False, pl.lit(None, dtype=pl.String)).apply(reacted)
    return (
        reacted.with_columns(outcome["value"].alias("hit"), outcome["reason"])
        .filter("hit")
        .group_by("_pos")
        .agg(pl.col("reason").first())
    )


def _whole_name(patterns: tuple[str, ...]) -> str:
    """One regular expression matching a reaction name that is entirely one of ``patterns``."""
    if not patterns:
        return "^$a"  # matches nothing
    return "^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$"
