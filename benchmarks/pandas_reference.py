"""The pandas reference of ``benchmarks/scale.py``: asyncmetrics' metrics in plain pandas.

Reference (b) of the scale benchmark: the same classification (``docs/classification.md``),
per-request metrics and weekly decision throughput (``docs/metrics.md``) written the way an
analyst would write them in pandas: ``groupby`` transforms, ``shift`` within conversations,
``str.contains`` with the lexicons, ``explode`` and ``np.select`` over ordered rules. Only the
vocabulary is shared with asyncmetrics (``Config`` and its lexicon regular expressions); no
polars runs here.

    read(path) -> classify(events) -> request_threads(classified) -> weekly_throughput(threads)

Regular expressions run on Arrow strings (``pd.ArrowDtype(pa.string())``), which pandas hands
to pyarrow's RE2 as they are (its default string type sends patterns with ``\\b`` or ``$`` to
Python's ``re`` on non-ASCII text, which reads them differently and is 4x slower here). The
lexicons are written for Rust's ``regex``, whose ``\\w \\s \\d`` are Unicode classes where
RE2's are ASCII: :func:`_re2` spells those out as Unicode classes (and turns the lexicons' ASCII
word boundary ``(?-u:\\b)`` into RE2's ``\\b``, ASCII already). Phrases are tested with
``str.contains``; which phrase matched is not extracted.

``request_threads`` gives, per conversation: the request, the first reply and first actionable
reply, the decision, ``followups``, ``round_trips`` (the requester's turns right after a
responder's, among the turns before the decision), ``messages`` and ``messages_to_convergence``,
``time_to_first_reply``, ``time_to_first_actionable_reply``, ``time_to_decision``,
``time_to_first_actionable_reply_business`` and ``participants``. Business time is counted in the
responder's time zone (the first ``author_tz`` the events give them, else
``Config.default_tz``) and ``Config``'s working hours and days, on the local wall clock: whole
working days between the two local dates (``np.busday_count``) times the working day, plus the
working part of the last day, minus that of the first. ``weekly_throughput`` gives
``requests``, ``decisions``, ``answered``, ``ttfar_median`` and ``ttfar_business_median`` per
week (Monday 00:00 UTC) with ``people`` and small-group suppression as ``decision_throughput``
(a week about fewer than five people is blanked).

On the generated tables (100K rows, seeds 7 and 11; 1M rows, seed 7) every one of these columns
equals asyncmetrics' for every conversation (durations to the microsecond), and every weekly
value equals ``decision_throughput``'s.

What it leaves out, as none of it changes the numbers above on those tables:
``label_reason`` holds the rule's name, not the quoted phrase, and ``converges_reason`` only says
``event`` or ``reaction``; there is no people table (per-person hours, teams, ``is_bot``,
``decides``): only the events' ``author_tz``, ``Config.bots`` and ``Config.deciders``; no
``as_of``, ``needs_sync``, ``observed_for``, p90s or other weekly statistics.

Bots are read on the sources' ids, as documented and as ``am.load`` does before pseudonymising:
flagged by the source, named in ``Config.bots``, or GitHub logins matching
``Config.bot_login_pattern`` (so the generated data's human-typed ``deploy-bot`` is a bot).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from asyncmetrics.config import Config
from asyncmetrics.schema import EVENT_COLUMNS

# Rust's Unicode classes, spelled out for RE2 (whose \w, \s, \d are ASCII).
_UNICODE = {
    "w": r"\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\x{200C}\x{200D}",
    "s": r"\t-\r \x{85}\p{Z}",
    "d": r"\p{Nd}",
}
_SPEECH = [
    "message",
    "pr_opened",
    "comment",
    "review_comment",
    "review_approved",
    "review_changes_requested",
    "review_commented",
    "review_dismissed",
]
_REVIEWS = ["review_approved", "review_changes_requested", "review_commented", "review_dismissed"]
# What asyncmetrics removes from a text before reading its words (asyncmetrics/classify/text.py).
_CLEAN = [
    r"(?s)```.*?```",
    r"`[^`\n]*`",
    r"<(?:https?|mailto):[^>]*>",
    r"https?://\S+",
    r"(?m)^\s*(?:&gt;|>).*$",
    r"<[@#!][^>]*>",
    r"&gt;|&lt;|&amp;",
    r"[(（]\s*[?？]+\s*[)）]",
    r":[a-z0-9_+'\-]+:",
]
_LATIN_WORD = r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{Hangul}0-9_'’-]+"
_CJK_CHAR = r"[\p{Han}\p{Hiragana}\p{Katakana}]"
# A command to a bot at the start of a turn ("/azp run", "bugbot run"): after a bot's name, a
# command word ("bot は…" talks about a bot).
_BOT_COMMAND = r"^\s*(?:/[a-z]|@?[\w-]*bot[ \t]+[a-z])"


def _re2(pattern: str) -> str:
    """A Rust ``regex`` pattern as RE2 reads it the same way: Unicode ``\\w \\s \\d``, and
    groups that do not capture."""
    pattern = pattern.replace(r"(?-u:\b)", r"\b")
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            letter = pattern[i + 1]
            if letter.lower() in _UNICODE:
                body = _UNICODE[letter.lower()]
                if in_class and letter.isupper():
                    raise ValueError(f"cannot translate a negated class in a class: {pattern}")
                negated = "^" if letter.isupper() else ""
                out.append(body if in_class else f"[{negated}{body}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(ch)
        if ch == "[" and not in_class:
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append(r"\]")
                i += 1
        elif ch == "]" and in_class:
            in_class = False
        elif ch == "(" and not in_class and pattern[i + 1 : i + 2] != "?":
            out.append("?:")  # no capture groups: only whether it matches is read
        i += 1
    return "".join(out)


# Text searched as Arrow strings: pandas runs their regular expressions on RE2 itself, where
# its default string type sends some (\b, $) to Python's re, which reads them differently.
_TEXT = pd.ArrowDtype(pa.string())


def _contains(text: pd.Series, pattern: str) -> pd.Series:
    """Whether each text matches ``pattern`` (RE2 syntax), as plain booleans."""
    return text.astype(_TEXT).str.contains(pattern, regex=True).astype(bool)


def _replace(text: pd.Series, pattern: str, by: str = " ") -> pd.Series:
    """``text`` with every match of ``pattern`` (RE2 syntax) replaced by ``by``."""
    return text.astype(_TEXT).str.replace(pattern, by, regex=True)


def read(path: str | Path) -> pd.DataFrame:
    """The event table of a Parquet file, as pandas."""
    return pd.read_parquet(path, columns=list(EVENT_COLUMNS))


def _has(text: pd.Series, config: Config, category: str) -> pd.Series:
    """Whether ``text`` holds a phrase of a lexicon category."""
    pattern = config.pattern(category)
    if not pattern:
        return pd.Series(False, index=text.index)
    if category == "ask" and config.pattern("not_ask"):
        text = _replace(text, _re2(config.pattern("not_ask")))
    return _contains(text, _re2(pattern))


def _words(text: pd.Series) -> pd.Series:
    """Latin-script words, plus CJK characters two to a word."""
    text = text.astype(_TEXT)
    latin = text.str.count(_re2(_LATIN_WORD)).astype(int)
    cjk = text.str.count(_CJK_CHAR).astype(int)
    return latin + cjk // 2


def _exploded(lists: pd.Series, name: str) -> pd.Series:
    """One row per list element, keeping the row's index; empty lists give no row."""
    return lists.explode().dropna().rename(name)


def classify(events: pd.DataFrame, config: Config | None = None) -> pd.DataFrame:
    """Every event labelled: ``requester``, ``requested_at``, ``role``, ``is_turn``, ``label``,
    ``actionable``, ``followup``, ``converges`` and ``converges_at`` (docs/classification.md)."""
    config = config or Config()
    df = events.sort_values(["ts", "message_id"], kind="stable", ignore_index=True)
    conv = pd.Series(pd.factorize(df["conversation_id"])[0], index=df.index)

    # Bots: as the source says, as configured, or GitHub logins of machine accounts.
    machine = (df["source"] == "github") & _contains(df["author"], _re2(config.bot_login_pattern))
    df["author_is_bot"] = df["author_is_bot"] | df["author"].isin(config.bots) | machine

    # The conversation's requester and clock start: a draft PR's clock starts when it is first
    # marked ready for review.
    by_conv = lambda values: values.groupby(conv)  # noqa: E731
    df["requester"] = by_conv(df["author"].where(df["is_opener"])).transform("first")
    ready = by_conv(df["ts"].where(df["kind"] == "ready_for_review")).transform("min")
    draft_opener = by_conv(df["is_opener"] & (df["subtype"] == "draft")).transform("any")
    toggles = df["kind"].where(df["kind"].isin(["ready_for_review", "converted_to_draft"]))
    first_toggle = by_conv(toggles).transform("first")
    opener_ts = by_conv(df["ts"].where(df["is_opener"])).transform("first")
    first_ts = by_conv(df["ts"]).transform("min")
    opened_as_draft = draft_opener | (first_toggle == "ready_for_review")
    draft_never_ready = opened_as_draft & ready.isna()
    df["requested_at"] = ready.where(opened_as_draft & ready.notna(), opener_ts.fillna(first_ts))
    df["role"] = np.select(
        [df["author_is_bot"], df["author"] == df["requester"]], ["bot", "requester"], "responder"
    )
    responder = df["role"] == "responder"
    requester = df["role"] == "requester"
    kind = df["kind"]
    # A merge, or a close by a known account, by anyone but the requester answers the PR; the
    # close GitHub records with a merge (within a minute of it) is the merge's own.
    merged_at = by_conv(df["ts"].where(kind == "merged")).transform("min")
    merge_close = (df["ts"] - merged_at).abs() <= pd.Timedelta(minutes=1)
    closed_no = (kind == "closed") & ~df["author"].isin(["unknown", "ghost"]) & ~merge_close
    decided_by_others = responder & ((kind == "merged") | closed_no)
    speech = (
        kind.isin(_SPEECH)
        | (kind.isin(["commit", "review_requested"]) & requester)
        | decided_by_others
    )
    after_clock = df["ts"] >= df["requested_at"]
    df["is_turn"] = speech & (df["role"] != "bot") & (df["is_opener"] | after_clock)
    before_clock = ~df["is_opener"] & ~after_clock

    # The writer's own words: no code, links, quotes, mention markup or emoji codes.
    text = df["text"].fillna("").astype(_TEXT)
    clean = text
    for pattern in _CLEAN:
        clean = _replace(clean, _re2(pattern))
    df["words"] = _words(clean)
    df["is_question"] = _contains(clean, "[?？]")

    # Which rules label each row.
    opener = df["is_opener"]
    is_bot_row = ~opener & (df["role"] == "bot")
    is_before = ~opener & ~is_bot_row & before_clock
    is_activity = ~opener & ~is_bot_row & ~is_before & ~df["is_turn"]
    is_responder = ~opener & ~is_bot_row & ~is_before & ~is_activity & responder
    is_requester = ~opener & ~is_bot_row & ~is_before & ~is_activity & requester
    df["label"] = pd.Series(pd.NA, index=df.index, dtype="str")
    df["label_reason"] = pd.Series(pd.NA, index=df.index, dtype="str")
    df.loc[is_bot_row, ["label", "label_reason"]] = ["bot", "bot author"]
    df.loc[is_before, ["label", "label_reason"]] = ["before_clock", "before ready for review"]
    df.loc[is_activity, ["label", "label_reason"]] = ["activity", "activity event"]

    # Decision phrases: read on human turns, by the responder and requester rules and by
    # convergence.
    human = is_responder | is_requester
    decision = pd.Series(False, index=df.index)
    decision[human] = _has(clean[human], config, "decision")

    mentions = _exploded(df["mentions"], "mention")
    others = mentions[~mentions.str.startswith("@")]
    bot_ids = set(df.loc[df["author_is_bot"], "author"]) | set(config.bots)

    # Openers: request or not.
    def rules_on_words(rows: pd.Series) -> tuple[pd.Series, list[tuple[pd.Series, bool, str]]]:
        o = df[rows]
        o_clean, o_text = clean[rows], text[rows]
        o_others = others[others.index.isin(o.index)]
        to_bots = o_others.isin(bot_ids).groupby(level=0).all().reindex(o.index, fill_value=False)
        named = _contains(o_text, r"<@[UW][A-Z0-9]+")
        fyi, ask = _has(o_clean, config, "fyi"), _has(o_clean, config, "ask")
        return to_bots, [
            (_has(o_clean, config, "standup"), False, "status update marker"),
            (o["is_question"], True, "asks a question (?)"),
            (fyi & ask & named & ~to_bots, True, "asks someone by name"),
            (fyi, False, "announcement marker"),
            (ask, True, "ask phrase"),
            (_has(o_clean, config, "proposal"), True, "puts forward a proposal"),
            (_has(o_clean, config, "problem"), True, "reports a problem"),
            (_contains(o_text, _re2(r"^\s*<@[UW][A-Z0-9]+")), True, "addressed"),
        ]

    o = df[opener]
    to_bots_only, on_words = rules_on_words(opener)
    pr = o["kind"] == "pr_opened"
    by_structure = [
        (pr & draft_never_ready[opener], False, "draft pull request never marked ready"),
        (pr & opened_as_draft[opener], True, "pull request (clock starts when ready)"),
        (pr, True, "pull request"),
        (o["author_is_bot"], False, "posted by a bot"),
        (to_bots_only, False, "addressed only to a bot"),
        (_contains(o["channel"], _re2(config.standup_channels)), False, "standup"),
        (_contains(o["channel"], _re2(config.announcement_channels)), False, "news"),
    ]
    rules = by_structure + on_words
    conditions = [c for c, _, _ in rules]
    is_request = np.select(conditions, [v for _, v, _ in rules], False)
    reason = np.select(conditions, [r for _, _, r in rules], "no question or ask")
    # The requester's messages right after the opener, before anyone else speaks, are part of
    # the request: an opener that asks nothing by its words is one when they ask.
    first_other = by_conv(df["ts"].where(df["is_turn"] & responder)).transform("min")
    follow = (
        df["is_turn"]
        & ~opener
        & requester
        & (df["ts"] <= df["requested_at"] + config.follow_on_window)
        & (first_other.isna() | (df["ts"] < first_other))
    )
    if follow.any():
        f_to_bots, f_rules = rules_on_words(follow)
        f_asks = np.select(
            [f_to_bots] + [c for c, _, _ in f_rules], [False] + [v for _, v, _ in f_rules], False
        )
        asking = set(conv[follow][f_asks])
        by_words = ~np.any([c.to_numpy() for c, _, _ in by_structure], axis=0)
        asks_next = ~is_request & by_words & conv[opener].isin(asking).to_numpy()
        is_request = is_request | asks_next
        reason = np.where(asks_next, "asks in the requester's next message", reason)
    df.loc[opener, "label"] = np.where(is_request, "request", "not_request")
    df.loc[opener, "label_reason"] = reason

    # Turns by humans other than the requester.
    r = df[is_responder]
    r_clean, r_text = clean[is_responder], text[is_responder]
    r_others = others[others.index.isin(r.index)].groupby(level=0).size()
    r_mentions = mentions[mentions.index.isin(r.index)]
    mentions_requester = (
        (r_mentions == r["requester"].reindex(r_mentions.index))
        .groupby(level=0)
        .any()
        .reindex(r.index, fill_value=False)
    )
    hands_over = (
        (r_others.reindex(r.index, fill_value=0) > 0)
        & ~mentions_requester
        & _has(r_clean, config, "ask")
    )
    r_question = r["is_question"]
    r_words = r["words"]
    code = _contains(r_text, r"```|`[^`\n]+`")
    fenced = r_text.str.contains("```", regex=False).astype(bool)
    link = _contains(r_text, "https?://")
    ack = _has(r_clean, config, "ack")
    later = _has(r_clean, config, "later")
    suggestion = _has(r_clean, config, "suggestion")
    clarify = _has(r_clean, config, "clarify")
    ack_pattern = config.pattern("ack")
    outside_ack = _replace(r_clean, _re2(ack_pattern)) if ack_pattern else r_clean
    rules = [
        (r["kind"].isin(_REVIEWS), "actionable_reply", "review by a human other than the author"),
        (r["kind"] == "merged", "actionable_reply", "merged by someone other than the author"),
        (r["kind"] == "closed", "actionable_reply", "closed by someone other than the author"),
        (
            _contains(r_clean, _re2(_BOT_COMMAND)),
            "acknowledgement",
            "a command to a bot",
        ),
        (hands_over, "acknowledgement", "hands the request to someone else"),
        (decision[is_responder] & ~r_question, "actionable_reply", "decision"),
        (fenced | (code & ~r_question), "actionable_reply", "code in the reply"),
        (
            ack & later & ~suggestion & ~link & ~r_question,
            "acknowledgement",
            "acknowledgement (promises to act later)",
        ),
        (
            ack & (r_words <= config.ack_max_words) & (_words(outside_ack) <= 2) & ~link,
            "acknowledgement",
            "acknowledgement",
        ),
        (
            (r_words == 0) & ~link & (r["subtype"] != "file_share"),
            "acknowledgement",
            "no words (emoji or empty)",
        ),
        (
            r_question & ~suggestion & ~link & ((r_words <= config.clarify_max_words) | clarify),
            "clarifying_question",
            "question back to the requester",
        ),
        (suggestion, "actionable_reply", "suggestion"),
        (link, "actionable_reply", "a link that answers"),
        (r_words == 0, "actionable_reply", "shares a file"),
    ]
    conditions = [c for c, _, _ in rules]
    df.loc[is_responder, "label"] = np.select(
        conditions, [v for _, v, _ in rules], "actionable_reply"
    )
    df.loc[is_responder, "label_reason"] = np.select(
        conditions, [why for _, _, why in rules], "answer"
    )

    # The requester's later turns, which depend on the turns before them: was an actionable
    # reply given already (labels known so far: the requester's own later turns count as not
    # actionable), and how long since the requester's own previous turn.
    turns = df[df["is_turn"]]
    turn_conv = conv[turns.index]
    actionable = (turns["label"] == "actionable_reply").astype(int)
    actionable_before = actionable.groupby(turn_conv).cumsum() - actionable > 0
    previous_role = turns["role"].groupby(turn_conv).shift()
    previous_ts = turns["ts"].groupby(turn_conv).shift()
    silence = (turns["ts"] - previous_ts).where(previous_role == "requester")
    q = df[is_requester]
    q_clean = clean[is_requester]
    q_question = q["is_question"]
    rules = [
        (q["kind"] == "commit", "requester_reply", "commit by the author"),
        (q["kind"] == "review_requested", "requester_reply", "review requested by the author"),
        (decision[is_requester] & ~q_question, "decision", "decision"),
        (
            _has(q_clean, config, "confirm") & ~q_question & actionable_before[q.index],
            "confirmation",
            "requester confirms",
        ),
        (_has(q_clean, config, "nudge"), "nudge", "nudge"),
        (silence[q.index] >= config.nudge_after, "nudge", "requester writes again after silence"),
    ]
    conditions = [c.fillna(False).astype(bool) for c, _, _ in rules]
    df.loc[is_requester, "label"] = np.select(
        conditions, [v for _, v, _ in rules], "requester_reply"
    )
    df.loc[is_requester, "label_reason"] = np.select(
        conditions, [why for _, _, why in rules], "requester adds to the conversation"
    )
    df["actionable"] = df["label"] == "actionable_reply"
    df["followup"] = df["label"].isin(["clarifying_question", "nudge"])

    # Convergence by the event itself: an approval by another human, a merge, the
    # requester's confirmation, a decision phrase in a human turn.
    human_turn = df["is_turn"] & ~df["author_is_bot"] & ~opener
    by_event = (
        ((kind == "review_approved") & responder & human_turn)
        | (kind == "merged")
        | (df["label"] == "confirmation")
        | (human_turn & decision & ~df["is_question"])
    )

    # Convergence by a reaction: a decision emoji by the requester or a decider of the
    # channel; an acceptance emoji by the requester on an actionable reply.
    last_turn = by_conv(df["ts"].where(df["is_turn"])).transform("max")
    reactions = _exploded(df["reactions"], "reaction")
    reacted = (
        pd.DataFrame(reactions.tolist(), index=reactions.index, columns=["name", "users"])
        .explode("users")
        .dropna()
    )
    name = _replace(reacted["name"], _re2(r"::skin-tone-\d$"), "")
    user = reacted["users"].astype("str")
    is_decision = _contains(name, _whole_name(config.reactions("decision")))
    is_accept = _contains(name, _whole_name(config.reactions("accept")))
    on = df.loc[reacted.index]
    by_requester = user == on["requester"]
    pairs = [(ch, who) for ch, names in config.deciders.items() for who in names]
    deciders = pd.DataFrame(pairs, columns=["channel", "user"], dtype="str")
    everywhere = deciders.loc[deciders["channel"] == "*", "user"]
    is_decider = user.isin(everywhere) | pd.MultiIndex.from_arrays([on["channel"], user]).isin(
        pd.MultiIndex.from_frame(deciders)
    )
    hit = (
        (is_decision & by_requester)
        | (is_decision & is_decider)
        | (is_accept & by_requester & (on["label"] == "actionable_reply"))
    )
    by_reaction = hit.groupby(level=0).any().reindex(df.index, fill_value=False) & ~by_event
    df["converges"] = by_event | by_reaction
    df["converges_reason"] = np.select([by_event, by_reaction], ["event", "reaction"], None)
    # Slack does not date reactions: one on a reply is dated at the reply; one on the request
    # itself marks it resolved after the discussion, at the conversation's last turn.
    df["converges_at"] = df["ts"].where(by_event)
    on_opener = by_reaction & opener
    df.loc[on_opener, "converges_at"] = np.maximum(
        last_turn[on_opener].fillna(df["ts"]), df.loc[on_opener, "ts"]
    )
    df.loc[by_reaction & ~opener, "converges_at"] = df.loc[by_reaction & ~opener, "ts"]
    return df


def _whole_name(patterns: tuple[str, ...]) -> str:
    """One pattern matching a reaction name that is entirely one of ``patterns``."""
    if not patterns:
        return "^$a"
    return _re2("^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$")


def request_threads(classified: pd.DataFrame, config: Config | None = None) -> pd.DataFrame:
    """One row per conversation: whether it is a request, its first (actionable) reply, its
    decision, follow-ups, round-trips, turns and durations (docs/metrics.md)."""
    config = config or Config()
    df = classified.sort_values(["ts", "message_id"], kind="stable", ignore_index=True)
    conversation = df["conversation_id"]
    df["order"] = df.groupby("conversation_id", sort=False).cumcount()
    after_clock = df["ts"] >= df["requested_at"]
    responder_turn = df["is_turn"] & (df["role"] == "responder") & after_clock
    first = df.groupby("conversation_id", sort=False).agg(
        source=("source", "first"),
        channel=("channel", "first"),
        requester=("requester", "first"),
        requested_at=("requested_at", "first"),
    )
    first["is_request"] = (df["is_opener"] & (df["label"] == "request")).groupby(conversation).any()
    replies = (
        df[responder_turn]
        .groupby("conversation_id")
        .agg(first_reply_id=("message_id", "first"), first_reply_at=("ts", "first"))
    )
    answers = (
        df[responder_turn & df["actionable"]]
        .groupby("conversation_id")
        .agg(
            first_actionable_reply_id=("message_id", "first"),
            first_actionable_reply_at=("ts", "first"),
            first_actionable_reply_by=("author", "first"),
        )
    )
    # The decision: the earliest converging event at or after the clock start.
    decision = (
        df[df["converges"] & (df["converges_at"] >= df["requested_at"])]
        .sort_values(["converges_at", "order"], kind="stable")
        .drop_duplicates("conversation_id")
        .set_index("conversation_id")
    )
    decisions = decision[["message_id", "converges_at", "converges_reason"]].rename(
        columns={
            "message_id": "convergence_id",
            "converges_at": "converged_at",
            "converges_reason": "convergence_reason",
        }
    )
    threads = first.join(replies).join(answers).join(decisions)
    # Only requests are answered or decided.
    for column in [*replies.columns, *answers.columns, *decisions.columns]:
        threads[column] = threads[column].where(threads["is_request"])
    threads["converged"] = threads["convergence_id"].notna()

    # Turns before the decision count as follow-ups and round-trips, turns up to and including
    # it as the thread's length: a reaction on a reply includes that reply, a reaction on the
    # request itself every turn (undecided: every turn too).
    by_reaction = decision["converges_reason"] == "reaction"
    on_request = by_reaction & decision["is_opener"]
    before = (decision["order"] + by_reaction).astype(float).mask(on_request, np.inf)
    through = (decision["order"] + 1).astype(float).mask(on_request, np.inf)
    before_decision = df["order"] < conversation.map(before).fillna(np.inf)
    through_decision = df["order"] < conversation.map(through).fillna(np.inf)
    spoke = df["is_turn"] & (df["is_opener"] | after_clock)
    followups = df["followup"] & before_decision & (df["is_opener"] | after_clock)
    # A round-trip: the requester speaks again right after someone else did.
    turns = df.loc[spoke & before_decision, ["conversation_id", "role"]]
    came_back = (turns["role"] == "requester") & (
        turns.groupby("conversation_id")["role"].shift() == "responder"
    )
    threads["followups"] = followups.groupby(conversation).sum().where(threads["is_request"], 0)
    threads["round_trips"] = (
        came_back.groupby(turns["conversation_id"])
        .sum()
        .reindex(threads.index, fill_value=0)
        .where(threads["is_request"], 0)
    )
    threads["messages"] = spoke.groupby(conversation).sum()
    threads["messages_to_convergence"] = (spoke & through_decision).groupby(conversation).sum()

    # Durations from the clock start; the business one in the responder's zone and hours.
    start = threads["requested_at"]
    threads["time_to_first_reply"] = threads["first_reply_at"] - start
    threads["time_to_first_actionable_reply"] = threads["first_actionable_reply_at"] - start
    threads["time_to_decision"] = threads["converged_at"] - start
    # Each person's zone: the first one the events give them, else the configured default.
    zones = df.groupby("author")["author_tz"].first().fillna(config.default_tz)
    answered = threads[threads["first_actionable_reply_at"].notna()]
    responder_zone = answered["first_actionable_reply_by"].map(zones)
    threads["time_to_first_actionable_reply_business"] = _business_time(
        answered["requested_at"], answered["first_actionable_reply_at"], responder_zone, config
    )

    # Who spoke: the distinct authors of its turns (weekly_throughput counts people with it).
    speakers = df.loc[spoke, ["conversation_id", "author"]].drop_duplicates()
    threads["participants"] = speakers.groupby("conversation_id")["author"].agg(list)
    threads["observed_until"] = df["ts"].max()
    threads = threads.reset_index().sort_values(
        ["requested_at", "conversation_id"], kind="stable", ignore_index=True
    )
    return threads


_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _weekmask(workdays: str) -> str:
    """numpy's week mask for working days written like ``Mon-Fri``, ``Sun-Thu`` or
    ``Mon,Wed,Fri``."""
    days = set()
    for part in workdays.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        i, j = _DAYS.index(first[:3].title()), _DAYS.index((last or first)[:3].title())
        days.update(_DAYS[(i + k) % 7] for k in range((j - i) % 7 + 1))
    return " ".join(day for day in _DAYS if day in days)


def _business_time(start: pd.Series, end: pd.Series, zone: pd.Series, config: Config) -> pd.Series:
    """Working time between two UTC instants, counted on the wall clock of each row's zone in
    the configured working hours and days (docs/metrics.md, *Business hours*)."""

    def local(times: pd.Series) -> pd.Series:
        # Per time zone: the UTC instant as the clock on the wall shows it there.
        return pd.concat(
            [t.dt.tz_convert(z).dt.tz_localize(None) for z, t in times.groupby(zone)]
        ).reindex(times.index)

    opens = pd.to_timedelta(config.work_start + ":00")
    closes = pd.to_timedelta(config.work_end + ":00")
    weekmask = _weekmask(config.workdays)

    def worked_that_day(times: pd.Series) -> pd.Series:
        day = times.dt.floor("D")
        worked = (times - day).clip(opens, closes) - opens
        working_day = np.is_busday(day.to_numpy().astype("datetime64[D]"), weekmask=weekmask)
        return worked.where(working_day, pd.Timedelta(0))

    start, end = local(start), local(end)
    whole_days = np.busday_count(
        start.dt.floor("D").to_numpy().astype("datetime64[D]"),
        end.dt.floor("D").to_numpy().astype("datetime64[D]"),
        weekmask=weekmask,
    )
    return whole_days * (closes - opens) + worked_that_day(end) - worked_that_day(start)


def weekly_throughput(threads: pd.DataFrame, min_group_size: int = 5) -> pd.DataFrame:
    """Requests made, requests answered and decisions reached per week (Monday 00:00 UTC), and
    the median time to first actionable reply (wall clock and business) of the week's answered
    requests.

    Like asyncmetrics, a week about fewer than ``min_group_size`` people (those who spoke in
    the requests made or decided that week) has its numbers blanked and is marked
    ``suppressed``.
    """
    requests = threads[threads["is_request"]]
    decided = requests[requests["converged"]]

    def week(times: pd.Series) -> pd.Series:
        day = times.dt.tz_convert("UTC").dt.floor("D")
        return (day - pd.to_timedelta(day.dt.weekday, unit="D")).rename("period_start")

    made = requests.groupby(week(requests["requested_at"])).agg(
        requests=("is_request", "size"),
        answered=("first_actionable_reply_at", "count"),
    )
    decisions = decided.groupby(week(decided["converged_at"])).size().rename("decisions")
    weeks = made.join(decisions, how="outer").fillna(0).astype(int)
    if len(weeks):
        # Every week from the first request to the end of observation, quiet ones included
        # (but not one that starts at the very end of observation, with nothing in it).
        end = requests["observed_until"].max()
        last = week(pd.Series([end])).iloc[0]
        grid = pd.date_range(weeks.index.min(), last, freq="7D", name="period_start")
        weeks = weeks.reindex(grid, fill_value=0)
        if last == end and not weeks.loc[last].any():
            weeks = weeks.drop(last)
    made_in = requests.groupby(week(requests["requested_at"]))
    weeks["ttfar_median"] = made_in["time_to_first_actionable_reply"].median()
    weeks["ttfar_business_median"] = made_in["time_to_first_actionable_reply_business"].median()
    # The distinct people behind each week: in the requests made and in those decided then.
    people = pd.concat(
        [
            requests[["participants"]].assign(period_start=week(requests["requested_at"])),
            decided[["participants"]].assign(period_start=week(decided["converged_at"])),
        ]
    ).explode("participants")
    weeks["people"] = (
        people.groupby("period_start")["participants"].nunique().reindex(weeks.index).fillna(0)
    ).astype(int)
    weeks["suppressed"] = (weeks["people"] > 0) & (weeks["people"] < min_group_size)
    counts = ["requests", "decisions", "answered"]
    medians = ["ttfar_median", "ttfar_business_median"]
    weeks[counts] = weeks[counts].astype("Int64").mask(weeks["suppressed"])
    weeks[medians] = weeks[medians].mask(weeks["suppressed"])
    return weeks.reset_index()[["period_start", *counts, *medians, "people", "suppressed"]]
