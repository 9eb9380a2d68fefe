"""Is the opener a request: does it ask something of others?"""

from __future__ import annotations

import polars as pl

from asyncmetrics.classify.rules import Rules, quoted
from asyncmetrics.config import Config


def opener_label(config: Config) -> Rules:
    """Is the opener a request, and why: rules in order of precedence.

    Reads the context and text columns added by :func:`asyncmetrics.classify.classify`.
    """
    return Rules([*_structure_rules(config), *_text_rules()], False, "no question or ask")


def follow_on_label() -> Rules:
    """Does a message the requester adds right after the opener, before anyone else speaks,
    ask something: the opener's rules on words, without those of structure.

    Reads the same columns as :func:`opener_label`.
    """
    rules = [(pl.col("_to_bots_only"), False, "addressed only to a bot"), *_text_rules()]
    return Rules(rules, False, "no question or ask")


def decided_by_structure(config: Config) -> pl.Expr:
    """True for openers a rule decides before any text rule: their words are never read."""
    return pl.any_horizontal(condition for condition, _, _ in _structure_rules(config))


def _structure_rules(config: Config) -> list[tuple[pl.Expr, bool, pl.Expr | str]]:
    pr = pl.col("kind") == "pr_opened"
    return [
        (
            pr & pl.col("_draft_never_ready"),
            False,
            "draft pull request never marked ready for review",
        ),
        (
            pr & pl.col("_opened_as_draft"),
            True,
            "pull request (clock starts when marked ready for review)",
        ),
        (pr, True, "pull request"),
        (pl.col("author_is_bot"), False, "posted by a bot"),
        (pl.col("_to_bots_only"), False, "addressed only to a bot"),
        (
            pl.col("channel").str.contains(config.standup_channels),
            False,
            "status update in a standup channel",
        ),
        (
            pl.col("channel").str.contains(config.announcement_channels),
            False,
            "post in an announcements or introductions channel",
        ),
    ]


def _text_rules() -> list[tuple[pl.Expr, bool, pl.Expr | str]]:
    return [
        (pl.col("_standup").is_not_null(), False, quoted("status update marker", "_standup")),
        (pl.col("is_question"), True, "asks a question (?)"),
        # "Sharing this; <@ana>, could you tell me what you think": the ask to a named person
        # outweighs the sharing.
        (
            pl.col("_fyi").is_not_null()
            & pl.col("_ask").is_not_null()
            & pl.col("text").fill_null("").str.contains(r"<@[UW][A-Z0-9]+")
            & ~pl.col("_to_bots_only"),
            True,
            quoted("asks someone by name", "_ask"),
        ),
        (pl.col("_fyi").is_not_null(), False, quoted("announcement marker", "_fyi")),
        (pl.col("_ask").is_not_null(), True, quoted("ask phrase", "_ask")),
        (pl.col("_proposal").is_not_null(), True, quoted("puts forward a proposal", "_proposal")),
        (pl.col("_problem").is_not_null(), True, quoted("reports a problem", "_problem")),
        (
            pl.col("text").fill_null("").str.contains(r"^\s*<@[UW][A-Z0-9]+"),
            True,
            "addressed to someone by name",
        ),
    ]
