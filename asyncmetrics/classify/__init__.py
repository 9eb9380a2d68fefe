"""Label what each event does in its conversation, with a reason a person can read.

Rules are explainable and configurable (:class:`asyncmetrics.config.Config`): structure
first (who speaks, reactions, review states, links, code, ``?``), words second.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.classify.convergence import event_convergence, reaction_convergence
from asyncmetrics.classify.replies import requester_label, responder_label
from asyncmetrics.classify.requests import opener_label
from asyncmetrics.classify.text import clean_text, text_features
from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.people import deciders, people_table
from asyncmetrics.schema import conform_events

LABELS = (
    "request",
    "not_request",
    "actionable_reply",
    "acknowledgement",
    "clarifying_question",
    "nudge",
    "confirmation",
    "decision",
    "requester_reply",
    "bot",
    "activity",
    "before_clock",
)
CLASSIFIED_COLUMNS = (
    "requester",
    "requested_at",
    "role",
    "is_turn",
    "label",
    "label_reason",
    "actionable",
    "followup",
    "converges",
    "converges_reason",
    "converges_at",
    "words",
    "is_question",
)
# PR events that are a turn in the conversation when the requester does them; others'
# review requests, merges, closes and draft toggles are activity, not speech.
_SPEECH = (
    "message",
    "pr_opened",
    "comment",
    "review_comment",
    "review_approved",
    "review_changes_requested",
    "review_commented",
    # GitHub reports a review dismissed later with state DISMISSED: it was still a review
    # when submitted; it just no longer approves.
    "review_dismissed",
)
_REQUESTER_SPEECH = ("commit", "review_requested")


def classify(events: Any, *, config: Config | None = None, people: Any | None = None) -> Any:
    """Label every event: request or not, actionable reply, follow-up, convergence.

    Adds the columns in :data:`CLASSIFIED_COLUMNS`: the conversation's ``requester`` and
    ``requested_at`` (its clock start), the event's ``role`` (``requester``, ``responder``,
    ``bot``), whether it ``is_turn`` (a human speaking), its ``label`` (one of
    :data:`LABELS`) with ``label_reason``, and the flags ``actionable``, ``followup`` and
    ``converges`` (with ``converges_reason`` and ``converges_at``, the decision time it
    implies). See ``docs/classification.md``.

    Args:
        events: the event table (pandas or polars).
        config: rules, lexicons and thresholds.
        people: optional people table (bots, deciders): see
            :func:`asyncmetrics.people.people_table`.

    Returns:
        The events with the label columns, of the same kind as given.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import classify, events_from_frame
        >>> events = events_from_frame(pl.DataFrame({
        ...     "source": "slack", "channel": "eng", "conversation_id": "c1",
        ...     "author": ["ana", "bo", "ana"],
        ...     "ts": ["2026-07-01T09:00:00Z", "2026-07-01T09:20:00Z", "2026-07-01T09:30:00Z"],
        ...     "text": ["Which flag disables the cache?", "Use `--no-cache`.",
        ...              "Thanks, that worked!"],
        ... }))
        >>> classify(events).select("label", "label_reason").rows()[1]
        ('actionable_reply', 'code in the reply')
    """
    backend = backend_of(events)
    config = config or Config()
    df = conform_events(to_polars(events))
    roster = people_table(df, people, config)
    df = _with_context(df, roster, config)
    df = df.with_columns(clean_text(pl.col("text")).alias("_clean")).with_columns(
        text_features(config)
    )
    df = _with_labels(df, config)
    channels = df["channel"].unique().to_list()
    df = _with_convergence(df, deciders(roster, config, channels), config)
    keep = [c for c in df.columns if not c.startswith("_")]
    return to_backend(df.select(keep), backend)


def _with_context(df: pl.DataFrame, roster: pl.DataFrame, config: Config) -> pl.DataFrame:
    """Conversation-level facts every rule needs: requester, clock start, roles, turns."""
    bots = roster.filter("is_bot").get_column("author")
    machine = (pl.col("source") == "github") & pl.col("author").str.contains(
        config.bot_login_pattern
    )
    df = df.with_columns(
        (pl.col("author_is_bot") | pl.col("author").is_in(bots.implode()) | machine).alias(
            "author_is_bot"
        )
    )
    df = df.sort("conversation_id", "ts", "message_id").with_columns(
        pl.int_range(pl.len()).over("conversation_id").alias("_ord")
    )
    conv = pl.col("conversation_id")
    ready = pl.col("ts").filter(pl.col("kind") == "ready_for_review").min().over(conv)
    draft_opened = (pl.col("is_opener") & (pl.col("subtype") == "draft")).any().over(conv) | (
        pl.col("kind")
        .filter(pl.col("kind").is_in(["ready_for_review", "converted_to_draft"]))
        .first()
        .over(conv)
        == "ready_for_review"
    ).fill_null(False)
    opener_ts = pl.col("ts").filter("is_opener").first().over(conv)
    bot_ids = pl.concat([df.filter("author_is_bot")["author"], bots]).unique().implode()
    mentioned = pl.col("mentions").list.eval(
        pl.element().filter(~pl.element().str.starts_with("@"))
    )
    df = df.with_columns(
        pl.col("author").filter("is_opener").first().over(conv).alias("requester"),
        draft_opened.alias("_opened_as_draft"),
        (
            (mentioned.list.len() > 0) & mentioned.list.eval(pl.element().is_in(bot_ids)).list.all()
        ).alias("_to_bots_only"),
        (draft_opened & ready.is_null()).alias("_draft_never_ready"),
    ).with_columns(
        pl.when(pl.col("_opened_as_draft") & ready.is_not_null())
        .then(ready)
        .otherwise(pl.coalesce(opener_ts, pl.col("ts").min().over(conv)))
        .alias("requested_at"),
        pl.when(pl.col("author_is_bot"))
        .then(pl.lit("bot"))
        .when(pl.col("author") == pl.col("requester"))
        .then(pl.lit("requester"))
        .otherwise(pl.lit("responder"))
        .alias("role"),
    )
    # A merge, or a close by someone known, by anyone but the requester is their answer to the
    # pull request: a decision, or a definite no.
    decided_by_others = (pl.col("role") == "responder") & (
        (pl.col("kind") == "merged")
        | ((pl.col("kind") == "closed") & ~pl.col("author").is_in(["unknown", "ghost"]))
    )
    speech = (
        pl.col("kind").is_in(_SPEECH)
        | (pl.col("kind").is_in(_REQUESTER_SPEECH) & (pl.col("role") == "requester"))
        | decided_by_others
    )
    return df.with_columns(
        (
            speech
            & (pl.col("role") != "bot")
            & (pl.col("is_opener") | (pl.col("ts") >= pl.col("requested_at")))
        ).alias("is_turn"),
        (~pl.col("is_opener") & (pl.col("ts") < pl.col("requested_at"))).alias("_before_clock"),
    )


def _with_labels(df: pl.DataFrame, config: Config) -> pl.DataFrame:
    is_request, request_reason = opener_label(config)
    responder, responder_reason = responder_label(config)
    df = df.with_columns(
        pl.when(pl.col("is_opener"))
        .then(pl.when(is_request).then(pl.lit("request")).otherwise(pl.lit("not_request")))
        .when(pl.col("role") == "bot")
        .then(pl.lit("bot"))
        .when(pl.col("_before_clock"))
        .then(pl.lit("before_clock"))
        .when(~pl.col("is_turn"))
        .then(pl.lit("activity"))
        .when(pl.col("role") == "responder")
        .then(responder)
        .alias("label"),
        pl.when(pl.col("is_opener"))
        .then(request_reason)
        .when(pl.col("role") == "bot")
        .then(pl.lit("bot author"))
        .when(pl.col("_before_clock"))
        .then(pl.lit("before the pull request was ready for review"))
        .when(~pl.col("is_turn"))
        .then(pl.format("{} event", pl.col("kind")))
        .when(pl.col("role") == "responder")
        .then(responder_reason)
        .alias("label_reason"),
    )
    # The requester's later turns depend on what came before them: an actionable reply
    # already given (for confirmations) and silence since their own previous turn (nudges).
    conv = pl.col("conversation_id")
    turns = df.filter("is_turn").select(
        "message_id",
        # The requester's own turns have no label yet: they count as "not actionable".
        (pl.col("label") == "actionable_reply")
        .fill_null(False)
        .cum_sum()
        .shift(1)
        .over(conv)
        .fill_null(0)
        .gt(0)
        .alias("_actionable_before"),
        pl.when(pl.col("role").shift(1).over(conv) == "requester")
        .then(pl.col("ts") - pl.col("ts").shift(1).over(conv))
        .alias("_silence"),
    )
    requester, requester_reason = requester_label(config)
    df = df.join(turns, on="message_id", how="left").with_columns(
        pl.col("_actionable_before").fill_null(False)
    )
    is_later_requester_turn = (
        pl.col("is_turn") & ~pl.col("is_opener") & (pl.col("role") == "requester")
    )
    return df.with_columns(
        pl.when(is_later_requester_turn).then(requester).otherwise(pl.col("label")).alias("label"),
        pl.when(is_later_requester_turn)
        .then(requester_reason)
        .otherwise(pl.col("label_reason"))
        .alias("label_reason"),
    ).with_columns(
        (pl.col("label") == "actionable_reply").alias("actionable"),
        pl.col("label").is_in(["clarifying_question", "nudge"]).alias("followup"),
    )


def _with_convergence(
    df: pl.DataFrame, decider_pairs: pl.DataFrame, config: Config
) -> pl.DataFrame:
    converges, reason = event_convergence()
    asked_later = (
        pl.col("ts")
        .filter(
            pl.col("is_turn")
            & (pl.col("role") == "requester")
            & pl.col("is_question")
            & ~pl.col("is_opener")
        )
        .max()
        .over("conversation_id")
    )
    df = df.with_columns(
        converges.alias("converges"),
        reason.alias("converges_reason"),
        (asked_later > pl.col("ts")).fill_null(False).alias("_asked_again"),
    )
    by_reaction = reaction_convergence(df, decider_pairs, config).rename(
        {"reason": "_reaction_reason"}
    )
    # Slack does not timestamp reactions. A ✅ on a reply is dated at the reply (a lower
    # bound); a ✅ on the request itself conventionally marks it resolved after the
    # discussion, so it is dated at the conversation's last turn.
    last_turn = pl.col("ts").filter("is_turn").max().over("conversation_id")
    df = df.join(by_reaction, on="message_id", how="left").with_columns(
        (pl.col("converges") | pl.col("_reaction_reason").is_not_null()).alias("converges"),
        pl.coalesce("converges_reason", "_reaction_reason").alias("converges_reason"),
        pl.when(pl.col("converges") & pl.col("converges_reason").is_not_null())
        .then(pl.col("ts"))
        .when(pl.col("_reaction_reason").is_not_null() & pl.col("is_opener"))
        .then(pl.max_horizontal(last_turn, pl.col("ts")))
        .when(pl.col("_reaction_reason").is_not_null())
        .then(pl.col("ts"))
        .alias("converges_at"),
    )
    return df.sort("ts", "message_id")
