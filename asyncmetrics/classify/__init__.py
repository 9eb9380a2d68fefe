"""Label what each event does in its conversation, with a reason a person can read.

Rules are explainable and configurable (:class:`asyncmetrics.config.Config`): structure
first (who speaks, reactions, review states, links, code, ``?``), words second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import polars as pl

from asyncmetrics.classify.convergence import (
    event_convergence,
    may_converge,
    reaction_convergence,
)
from asyncmetrics.classify.replies import (
    bot_command,
    decided_by_kind,
    requester_label,
    responder_label,
)
from asyncmetrics.classify.requests import decided_by_structure, follow_on_label, opener_label
from asyncmetrics.classify.rows import (
    KEY,
    Conversations,
    assemble,
    at_positions,
    conversation_start,
    evaluate,
    on_rows,
    previous,
)
from asyncmetrics.classify.text import non_ack_words, phrase, structure, with_clean_text
from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.people import deciders, machine_author, people_table
from asyncmetrics.schema import conform_events, sort_events

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
# Labels and roles are enumerations: 1 byte a row instead of a string, and comparing with a
# name that is not one of them is an error, not a silent "no row". Reasons are categorical
# (a few hundred distinct texts); cast to ``pl.String`` for string operations.
LABEL_TYPE = pl.Enum(LABELS)
ROLES = ("requester", "responder", "bot")
ROLE_TYPE = pl.Enum(ROLES)
REASON_TYPE = pl.Categorical()
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
# A `closed` event this close to the PR's `merged` event is the merge's own.
_MERGE_CLOSE = timedelta(minutes=1)


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
    # The output's order, kept throughout: conversations are laid out apart when needed.
    # Columns named with "_" are internal here and never returned. One chunk per column:
    # polars 2.1 can panic formatting strings over columns chunked differently.
    df = sort_events(df.select(pl.exclude("^_.*$"))).rechunk().with_row_index("_pos")
    conversations = Conversations(df["conversation_id"])
    df = _with_context(df, conversations, roster, config)
    bots = df.get_column("author").filter(df.get_column("author_is_bot"))
    bot_ids = pl.concat([bots, roster.filter("is_bot")["author"]]).unique()
    df = _with_text_and_labels(df, conversations, bot_ids, config)
    # Read by the label rules only: released before convergence adds its columns.
    df = df.drop("_opened_as_draft", "_draft_never_ready", "_before_clock")
    channels = df["channel"].unique().to_list()
    df = _with_convergence(df, conversations, deciders(roster, config, channels), config)
    keep = [c for c in df.columns if not c.startswith("_")]
    df = df.select(keep)
    if backend == "polars":
        conversations.remember(df)
    return to_backend(df, backend)


def _with_context(
    df: pl.DataFrame, conversations: Conversations, roster: pl.DataFrame, config: Config
) -> pl.DataFrame:
    """Conversation-level facts every rule needs: requester, clock start, roles, turns."""
    bots = roster.filter("is_bot").get_column("author")
    is_bot = pl.col("author_is_bot") | pl.col("author").is_in(bots.implode())
    df = df.with_columns((is_bot | machine_author(df, config)).alias("author_is_bot"))
    laid = conversations.lay_out(df.select("ts", "kind", "is_opener", "subtype", "author"))
    toggles = pl.col("kind").filter(
        pl.col("kind").is_in(["ready_for_review", "converted_to_draft"])
    )
    facts = conversations.per_conversation(
        laid,
        pl.col("author").filter("is_opener").first().alias("requester"),
        pl.col("ts").filter(pl.col("kind") == "ready_for_review").min().alias("_ready"),
        (pl.col("is_opener") & (pl.col("subtype") == "draft")).any().alias("_draft_opener"),
        toggles.first().alias("_first_toggle"),
        pl.col("ts").filter("is_opener").first().alias("_opener_ts"),
        pl.col("ts").min().alias("_first_ts"),
        pl.col("ts").filter(pl.col("kind") == "merged").min().alias("_merged_at"),
    )
    ready = pl.col("_ready")
    draft_opened = pl.col("_draft_opener") | (
        pl.col("_first_toggle") == "ready_for_review"
    ).fill_null(False)
    facts = facts.select(
        "requester",
        "_merged_at",
        draft_opened.alias("_opened_as_draft"),
        (draft_opened & ready.is_null()).alias("_draft_never_ready"),
        pl.when(draft_opened & ready.is_not_null())
        .then(ready)
        .otherwise(pl.coalesce("_opener_ts", "_first_ts"))
        .alias("requested_at"),
    )
    df = df.with_columns(conversations.broadcast(facts))
    df = df.with_columns(
        pl.when(pl.col("author_is_bot"))
        .then(pl.lit("bot", dtype=ROLE_TYPE))
        .when(pl.col("author") == pl.col("requester"))
        .then(pl.lit("requester", dtype=ROLE_TYPE))
        .otherwise(pl.lit("responder", dtype=ROLE_TYPE))
        .alias("role"),
    )
    # A merge, or a close by someone known, by anyone but the requester is their answer to the
    # pull request: a decision, or a definite no. GitHub's timeline records a merge as a
    # `merged` and a `closed` event in the same second: that close is the merge, not a no.
    merge_close = (pl.col("ts") - pl.col("_merged_at")).abs() <= _MERGE_CLOSE
    closed_no = (
        (pl.col("kind") == "closed")
        & ~pl.col("author").is_in(["unknown", "ghost"])
        & ~merge_close.fill_null(False)
    )
    decided_by_others = (pl.col("role") == "responder") & ((pl.col("kind") == "merged") | closed_no)
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
    ).drop("_merged_at")


# Rows whose text is cleaned and labelled at a time, in whole conversations: the clean text
# and the rules' text features exist for one group at a time, not for the whole table (at 10M
# messages the clean text alone is 0.9 GiB).
_GROUP_ROWS = 2_000_000


def _with_text_and_labels(
    df: pl.DataFrame, conversations: Conversations, bot_ids: pl.Series, config: Config
) -> pl.DataFrame:
    """``df`` with its text features (:func:`with_clean_text`) and labels, computed for
    groups of whole conversations at a time (every rule reads its own conversation only)."""
    groups = conversations.parts(_GROUP_ROWS)
    if len(groups) == 1:
        labelled = _with_labels(with_clean_text(df), conversations, bot_ids, config)
        return labelled.drop("_clean")
    where, found = [], []
    for positions, group in groups:
        part = df.select(pl.col(_TEXT_AND_LABEL_INPUTS).gather(positions)).with_row_index("_pos")
        part = _with_labels(with_clean_text(part), group, bot_ids, config)
        where.append(positions)
        found.append(part.select(_TEXT_AND_LABEL_OUTPUTS))
        del part
    placed = at_positions(
        df.height, pl.concat(where), *pl.concat(found, rechunk=True).get_columns()
    )
    return df.with_columns(placed)


# The columns the label rules and their text features read.
_LABEL_INPUTS = [
    "kind",
    "text",
    "author_is_bot",
    "channel",
    "mentions",
    "subtype",
    "requester",
    "_opened_as_draft",
    "_draft_never_ready",
    "_clean",
    "words",
    "is_question",
    "_decision",
]
# What the text features and label rules read from the table (the rest they derive), and what
# they add to it.
_TEXT_FEATURES = ("_clean", "words", "is_question", "_decision")
_TEXT_AND_LABEL_INPUTS = [
    "ts",
    "requested_at",
    "is_opener",
    "role",
    "is_turn",
    "_before_clock",
    *(c for c in _LABEL_INPUTS if c not in _TEXT_FEATURES),
]
_TEXT_AND_LABEL_OUTPUTS = [
    "words",
    "is_question",
    "_decision",
    "label",
    "label_reason",
    "actionable",
    "followup",
]
# Which rules label a row, in the order the labels are decided.
_OPENER, _BOT, _BEFORE_CLOCK, _ACTIVITY, _RESPONDER, _REQUESTER = range(6)


def _with_labels(
    df: pl.DataFrame, conversations: Conversations, bot_ids: pl.Series, config: Config
) -> pl.DataFrame:
    """Labels and reasons, each group of rows labelled by its own rules with only the text
    features those rules read."""
    branch = df.select(
        pl.when(pl.col("is_opener"))
        .then(_OPENER)
        .when(pl.col("role") == "bot")
        .then(_BOT)
        .when(pl.col("_before_clock"))
        .then(_BEFORE_CLOCK)
        .when(~pl.col("is_turn"))
        .then(_ACTIVITY)
        .when(pl.col("role") == "responder")
        .then(_RESPONDER)
        .when(pl.col("is_turn") & ~pl.col("is_opener") & (pl.col("role") == "requester"))
        .then(_REQUESTER)
    ).to_series()
    human_turns = branch.is_in([_RESPONDER, _REQUESTER])
    # Kept until convergence is decided, for every row: categorical, 4 bytes a row, not 16.
    (decision,) = on_rows(df, human_turns, phrase(config, "decision").cast(REASON_TYPE))
    df = df.with_columns(decision)
    rows = df.select(_LABEL_INPUTS)
    follow_on = _follow_on_asks(df, rows, conversations, bot_ids, config)
    labellers = {
        _OPENER: lambda part: _opener_labels(part, follow_on, bot_ids, config),
        _BOT: lambda part: _fixed(part, "bot", pl.lit("bot author")),
        _BEFORE_CLOCK: lambda part: _fixed(
            part, "before_clock", pl.lit("before the pull request was ready for review")
        ),
        _ACTIVITY: lambda part: _fixed(part, "activity", pl.format("{} event", pl.col("kind"))),
        _RESPONDER: lambda part: _responder_labels(part, config),
    }
    # The fixed labels read the kind of event only.
    fixed = {_BOT, _BEFORE_CLOCK, _ACTIVITY}
    inputs = {code: rows.select("kind") for code in fixed} | {
        _OPENER: rows.with_columns(conversations.key)
    }
    parts = [
        _labelled(branch == code, inputs.get(code, rows), labeller)
        for code, labeller in labellers.items()
    ]
    # The requester's later turns depend on what came before them: an actionable reply
    # already given (for confirmations) and silence since their own previous turn (nudges).
    requester_rows = (branch == _REQUESTER).fill_null(False)
    if requester_rows.any():
        none = pl.repeat(None, df.height, dtype=pl.Boolean, eager=True)
        flags = [(where, part["label"] == "actionable_reply") for where, part in parts]
        df = df.with_columns(assemble(none, flags, name="_actionable"))
        before = _before_requester_turns(df, conversations)
        placed = at_positions(df.height, before["_pos"], *before.drop("_pos"))
        rows = rows.with_columns(placed)
        parts.append(_labelled(requester_rows, rows, lambda part: _requester_labels(part, config)))
    df = df.drop("_actionable", strict=False).with_columns(_assemble_labels(df.height, parts))
    return df.with_columns(
        (pl.col("label") == "actionable_reply").alias("actionable"),
        pl.col("label").is_in(["clarifying_question", "nudge"]).alias("followup"),
    )


def _fixed(part: pl.DataFrame, label: str, reason: pl.Expr) -> pl.DataFrame:
    return part.with_columns(pl.lit(label).alias("label"), reason.alias("label_reason")).select(
        "label", "label_reason"
    )


# Rows labelled at a time: the rules' text features and reasons are built for this many rows
# at once, which bounds their memory on large tables (about 0.1 GiB per million rows).
_CHUNK_ROWS = 1 << 20
_LABELLED_SCHEMA = {"label": LABEL_TYPE, "label_reason": REASON_TYPE}


def _labelled(
    rows: pl.Series, frame: pl.DataFrame, labeller: Callable[[pl.DataFrame], pl.DataFrame]
) -> tuple[pl.Series, pl.DataFrame]:
    """The positions of ``rows`` and their ``label``, ``label_reason`` by ``labeller``, which
    labels each row from that row's values alone."""
    where = rows.fill_null(False).arg_true()
    parts = [
        labeller(frame[where.slice(start, _CHUNK_ROWS)]).cast(_LABELLED_SCHEMA)  # type: ignore[arg-type]
        for start in range(0, len(where), _CHUNK_ROWS)
    ]
    if not parts:
        return where, pl.DataFrame(schema=_LABELLED_SCHEMA)
    return where, pl.concat(parts, rechunk=True)


def _assemble_labels(n: int, parts: list[tuple[pl.Series, pl.DataFrame]]) -> list[pl.Series]:
    return [
        assemble(
            pl.repeat(None, n, dtype=dtype, eager=True),
            [(where, labelled[column]) for where, labelled in parts],
            name=column,
        )
        for column, dtype in _LABELLED_SCHEMA.items()
    ]


# The phrases the opener's rules on words read.
_OPENER_PHRASES = ("standup", "fyi", "ask", "proposal", "problem")


def _to_bots_only(bot_ids: pl.Series) -> pl.Expr:
    mentioned = pl.col("mentions").list.eval(
        pl.element().filter(~pl.element().str.starts_with("@"))
    )
    to_bots = mentioned.list.eval(pl.element().is_in(bot_ids.implode())).list.all()
    return ((mentioned.list.len() > 0) & to_bots).alias("_to_bots_only")


def _opener_labels(
    openers: pl.DataFrame, follow_on: pl.DataFrame, bot_ids: pl.Series, config: Config
) -> pl.DataFrame:
    """``label``, ``label_reason`` of openers; words are read only where structure (pull
    requests, bots, channels) has not decided. An opener that asks nothing is still a request
    when the requester's next message asks (``follow_on``, per conversation)."""
    openers = openers.with_columns(_to_bots_only(bot_ids))
    by_words = openers.select(~decided_by_structure(config).fill_null(False)).to_series()
    openers = openers.with_columns(
        on_rows(openers, by_words, *(phrase(config, c) for c in _OPENER_PHRASES))
    )
    outcome = opener_label(config).apply(openers)
    asked_next = openers.select(KEY).join(follow_on, on=KEY, how="left", maintain_order="left")
    outcome = outcome.with_columns(
        (by_words & asked_next["_follow_on"].is_not_null()).alias("_asked_next"),
        asked_next["_follow_on"],
    )
    asks_next = ~pl.col("value") & pl.col("_asked_next")
    return outcome.select(
        pl.when(pl.col("value") | asks_next)
        .then(pl.lit("request"))
        .otherwise(pl.lit("not_request"))
        .alias("label"),
        pl.when(asks_next)
        .then(pl.format("{} (in the requester's next message)", pl.col("_follow_on")))
        .otherwise(pl.col("reason"))
        .alias("label_reason"),
    )


def _follow_on_asks(
    df: pl.DataFrame,
    rows: pl.DataFrame,
    conversations: Conversations,
    bot_ids: pl.Series,
    config: Config,
) -> pl.DataFrame:
    """Per conversation (``_conv``), why the first of the requester's messages right after the
    opener that asks something does (``_follow_on``): messages within
    ``Config.follow_on_window`` of the clock start, before anyone else speaks."""
    early = df.select(
        (
            pl.col("is_turn")
            & ~pl.col("is_opener")
            & (pl.col("ts") <= pl.col("requested_at") + config.follow_on_window)
        ).fill_null(False)
    ).to_series()
    none = pl.DataFrame(schema={KEY: pl.UInt32, "_follow_on": pl.String})
    if not early.any():
        return none
    turns = df.select("ts", "role").with_columns(conversations.key).filter(early)
    first_other = pl.col("ts").filter(pl.col("role") == "responder").min().over(KEY)
    mine = turns.select(
        (pl.col("role") == "requester") & (first_other.is_null() | (pl.col("ts") < first_other))
    ).to_series()
    if not mine.any():
        return none
    messages = rows.filter(early).filter(mine).with_columns(_to_bots_only(bot_ids))
    messages = messages.with_columns(
        evaluate(messages, *(phrase(config, c) for c in _OPENER_PHRASES))
    )
    outcome = follow_on_label().apply(messages)
    asks = pl.DataFrame([turns[KEY].filter(mine), outcome["reason"].alias("_follow_on")])
    return asks.filter(outcome["value"]).unique(KEY, keep="first", maintain_order=True)


def _responder_labels(turns: pl.DataFrame, config: Config) -> pl.DataFrame:
    """``label``, ``label_reason`` of turns by others than the requester; each text feature
    is computed on the rows whose rules can read it."""
    by_words = turns.select(~decided_by_kind().fill_null(False)).to_series()
    turns = turns.with_columns(
        on_rows(
            turns,
            by_words,
            *structure(),
            *(phrase(config, c) for c in ("ack", "suggestion")),
        )
    )
    clean = pl.col("_clean")
    may_be_command = clean.str.contains("/", literal=True) | clean.str.contains("bot", literal=True)
    (command,) = on_rows(turns, turns.select(may_be_command).to_series() & by_words, bot_command())
    turns = turns.with_columns(command.fill_null(False))
    others = pl.col("mentions").list.eval(pl.element().filter(~pl.element().str.starts_with("@")))
    # Read by "hands the request to someone else" only.
    may_hand_over = (others.list.len() > 0) & ~pl.col("mentions").list.contains(pl.col("requester"))
    # Read by the acknowledgement rule only.
    short_ack = pl.col("_ack").is_not_null() & (pl.col("words") <= config.ack_max_words)
    # Read by the clarifying-question rule only.
    question = pl.col("is_question")
    masks = turns.select(
        (may_hand_over.fill_null(True) & by_words).alias("ask"),
        (short_ack.fill_null(True) & by_words).alias("ack"),
        (question.fill_null(True) & by_words).alias("clarify"),
    )
    turns = turns.with_columns(
        *on_rows(turns, masks["ask"], phrase(config, "ask")),
        *on_rows(turns, masks["ack"], non_ack_words(config)),
        *on_rows(turns, masks["clarify"], phrase(config, "clarify")),
    )
    return responder_label(config).apply(turns).rename({"value": "label", "reason": "label_reason"})


def _requester_labels(turns: pl.DataFrame, config: Config) -> pl.DataFrame:
    """``label``, ``label_reason`` of the requester's later turns."""
    turns = turns.with_columns(evaluate(turns, phrase(config, "confirm"), phrase(config, "nudge")))
    return requester_label(config).apply(turns).rename({"value": "label", "reason": "label_reason"})


def _before_requester_turns(df: pl.DataFrame, conversations: Conversations) -> pl.DataFrame:
    """Per turn: ``_actionable_before`` (an actionable reply came earlier in the conversation)
    and ``_silence`` (time since the previous turn, when that turn was the requester's).

    Labels are those known so far (``_actionable``: the label is ``actionable_reply``): the
    requester's later turns have none yet and count as "not actionable".
    """
    requester = (pl.col("role") == "requester").alias("_by_requester")
    turns = conversations.lay_out(
        df.select("_pos", "is_turn", "_actionable", requester, "ts")
    ).filter("is_turn")
    counted = pl.col("_actionable").fill_null(False).cast(pl.UInt32)
    running = counted.cum_sum()
    before_conversation = pl.when(conversation_start()).then(running - counted).forward_fill()
    within = running - before_conversation
    return turns.select(
        "_pos",
        previous(within).fill_null(0).gt(0).alias("_actionable_before"),
        pl.when(previous(pl.col("_by_requester")))
        .then(pl.col("ts") - previous(pl.col("ts")))
        .alias("_silence"),
    )


def _with_convergence(
    df: pl.DataFrame, conversations: Conversations, decider_pairs: pl.DataFrame, config: Config
) -> pl.DataFrame:
    converging = df.select(may_converge()).to_series()
    outcome = event_convergence().apply(df, rows=converging)
    # Reasons are placed as categoricals: a string column of ten million mostly-null rows
    # still costs 16 bytes a row.
    event, why = at_positions(
        df.height, converging.arg_true(), outcome["value"], outcome["reason"].cast(REASON_TYPE)
    )
    laid = conversations.lay_out(df.select("ts", "is_turn"))
    facts = conversations.per_conversation(
        laid, pl.col("ts").filter("is_turn").max().alias("_last_turn")
    )
    df = df.with_columns(conversations.broadcast(facts)).with_columns(
        event.fill_null(False).alias("converges"),
        why.alias("converges_reason"),
    )
    by_reaction = reaction_convergence(df, decider_pairs, config)
    (reacted,) = at_positions(
        df.height, by_reaction["_pos"], by_reaction["reason"].cast(REASON_TYPE)
    )
    # Slack does not timestamp reactions. A ✅ on a reply is dated at the reply (a lower
    # bound); a ✅ on the request itself conventionally marks it resolved after the
    # discussion, so it is dated at the conversation's last turn.
    df = df.with_columns(reacted.alias("_reaction_reason"))
    return df.with_columns(
        (pl.col("converges") | pl.col("_reaction_reason").is_not_null()).alias("converges"),
        pl.coalesce("converges_reason", "_reaction_reason").alias("converges_reason"),
        pl.when(pl.col("converges") & pl.col("converges_reason").is_not_null())
        .then(pl.col("ts"))
        .when(pl.col("_reaction_reason").is_not_null() & pl.col("is_opener"))
        .then(pl.max_horizontal("_last_turn", "ts"))
        .when(pl.col("_reaction_reason").is_not_null())
        .then(pl.col("ts"))
        .alias("converges_at"),
    )
