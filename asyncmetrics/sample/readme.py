"""``data/sample/README.md``, written from the data so its counts are always right."""

from __future__ import annotations

from collections import Counter
from typing import Any

from asyncmetrics.sample.team import (
    CHANNELS,
    DEPLOY_BOT_ID,
    PEOPLE,
    REPOS,
    TICKET_BOT_ID,
    TICKET_USER,
)

PATTERNS = {
    "self_contained": "context, steps, a log link, a hypothesis and an explicit ask → an "
    "actionable answer → the requester confirms (0 round trips)",
    "vague": '"X is broken, help?" → clarifying question(s) → details → a fix → confirmation '
    "(1–2 round trips)",
    "clarification_loop": "3+ round trips of questions and attempts that do not help; never "
    'converges, some end with "let\'s hop on a call"',
    "long_converged": "3+ round trips, then a fix and a confirmation (or, in "
    "product-decisions, the requester's decision)",
    "decided_by_reaction": "converges by a reaction only: ✅ by a decider or the requester on a "
    "reply, 👍 by the requester on a reply, or ✅ by the requester on the request itself",
    "unanswered": "no human reply (sometimes the ticket app's auto-reply, or an 👀 reaction)",
    "ack_then_answer": '"looking 👀" first, the real answer later',
    "bot_first": "the ticket app replies within seconds, a person later",
    "nudge": 'after more than a day of silence the requester bumps ("any update?") or just '
    "adds context (a nudge by the 12-hour rule), then gets an answer",
    "in_channel_reply": "the answer is posted top-level within ~20 minutes, mentioning the "
    "requester; it belongs to the request's conversation and has no row of its own",
    "after_hours_here": "an `<!here>` request late in the evening, outside most members' hours",
    "eod_deadline": 'a request with a deadline and no time zone ("by EOD", "by Friday")',
    "announcement": 'not a request: an announcement (📢, "Heads-up", sometimes `<!channel>`)',
    "fyi": "not a request: an FYI",
    "standup": "not a request: Yesterday/Today/Blockers posts in #standup",
    "chitchat": "not a request: chit-chat in #random",
    "bot_post": "not a request: the deploy bot's posts",
    "pr_quick_approve": "a person approves within hours (sometimes after an acknowledgement), "
    "then it is merged",
    "pr_changes_requested": "changes requested → commits → approved → merged (1 round trip)",
    "pr_bot_review_only": "only reviewbot (and CI) reviewed; still open (censored)",
    "pr_draft_then_ready": "opened as a draft; the clock starts at `ready_for_review` (draft "
    "feedback before it counts for nothing)",
    "pr_draft_never_ready": "a draft never marked ready: not a request",
    "pr_closed_unmerged": "reviewed, then closed without merging: not converged",
    "pr_dependabot": "dependabot opens a bump, a person approves and merges it",
    "pr_ci_comment_first": "`ci-runner` comments first; a person reviews later",
    "pr_long_review": "3+ review round trips; a few never approved",
    # Planted for the over-rotation diagnostics (their own random stream, planted last).
    "loop_escalated_written_up": "3+ round trips, then a call (a huddle in the thread, a "
    'Zoom or Meet link, or "let\'s hop on a call"), then its outcome written in the thread '
    '("Summary:", "Notes from the call:", "Recap", "まとめ:", or 25+ words that decide)',
    "loop_escalated_no_writeup": '3+ round trips, then a call, then only "thanks" or "ok" '
    "(or nothing)",
    "needless_escalation": "a short routine request whose first reply moves it to a call",
    "justified_escalation": "control: an incident report (more than 60 words) moved to a call "
    "at once, then written up: not needless",
    "self_contained_full": "an opener with five or six elements (what is wrong, numbered steps, "
    "a log link, a hypothesis, a proposed fix, an explicit ask), answered within minutes",
    "vague_bare": 'an opener with at most one element ("CI failing on main", "deploy is '
    'broken??", "<@U…> staging 😕") → clarifying questions → a slower answer',
    "after_hours_mention": "a request in the requester's hours that @mentions someone for "
    "whom it is night; they answer the next morning",
    "deadline_with_zone": 'control: a deadline that names its zone ("by 17:00 CET", "by EOD '
    'UTC"): not ambiguous',
    "standup_good_shape": "not a request: shipped, one thing today, blockers: none",
    "standup_bad_shape": "not a request: a section missing, or three things under today",
    "standup_blocked": 'not a request: a good post with "Blockers: waiting on <@U…>…", '
    "unblocked in the thread hours or a day later (once never)",
    "repeated_question": "three questions each asked again weeks apart by someone else in "
    "nearly the same words; later askers get a link to the write-up",
    "doc_pointer_answer": "a question answered with a link to documentation (wiki, README, "
    "Notion, Confluence, Google Docs, docs site)",
    "long_message_slow": "a message of 500+ words (a proposal, or an analysis answering a short "
    "question), decided more than two days later or never",
    "pr_review_request_after_hours": "a review requested from a reviewer in Asia/Kolkata at "
    "about 02:00 their time; approved the next morning",
}
TRUTH_DOC = [
    ("conversation_id", "Slack `<channel id>:<parent ts>`, GitHub `owner/repo#number`"),
    (
        "…_id columns",
        "message ids: Slack `<channel id>:<ts>`; GitHub `acme/api#12:opened`, "
        "`:review/<id>`, `:comment/<id>`, `:review_comment/<id>`, `:commit/<sha>`, "
        "`:event/<timeline id>`, `:merged`",
    ),
    ("pattern", "the planted pattern (above)"),
    ("is_request", "the opener asks something of others"),
    ("requester", "the opener's author (Slack user id, bot id, or GitHub login)"),
    (
        "first_reply_id",
        "first turn by a human other than the requester, at or after the clock "
        "start (acknowledgements included)",
    ),
    (
        "first_actionable_reply_id",
        "first actionable reply (answer, suggestion, code, link, "
        "decision; every human non-author PR review)",
    ),
    ("followups", "clarifying questions and nudges before the decision (all if undecided)"),
    ("round_trips", "times the requester came back after others spoke, before the decision"),
    (
        "converged, convergence_id",
        "the decision and the message that made it (for a reaction: "
        "the reacted message; for a merge: `…:merged`)",
    ),
    ("needs_sync", "a request with 3 or more round trips"),
    (
        "after_hours_ping",
        "the opener pings (`<@U…>`, `<!here>`, `<!channel>`) when most of the "
        "pinged people are outside their working hours",
    ),
    ("ambiguous_deadline", "the opener gives a deadline without a time zone"),
]
DIAG_DOC = [
    ("conversation_id, pattern", "as in `truth.csv`"),
    (
        "escalated, escalation_id",
        "the request moved to a call, and the first message that did it (a `huddle_thread` "
        "message, a Zoom/Meet link, a call phrase)",
    ),
    (
        "written_up",
        "after the escalation, a human message with a summary marker, or of 25+ words that "
        "states a decision (empty when not escalated)",
    ),
    (
        "should_have_called",
        "`needs_sync`, never escalated, not organising a meeting (none here is), and a day or "
        "more from the request to its decision (or to its last turn while undecided)",
    ),
    (
        "needless_escalation",
        "escalated with no round trip and no follow-up before, on an opener of at most 60 "
        "words (empty when not escalated)",
    ),
    (
        "quality_elements, self_contained",
        "how many of the six elements the opener holds, as written (what is wrong, steps to "
        "reproduce, where the data is, a hypothesis, a proposed fix, an explicit ask); 4 or "
        "more is self-contained. Slack requests only",
    ),
    (
        "after_hours_pings",
        "(ping, recipient) pairs landing outside the recipient's hours: mentions, "
        "`@here`/`@channel` (the channel's other participants), review requests",
    ),
    (
        "ambiguous_deadline, deadline_phrase",
        "the opener's deadline as written, and whether it lacks a time zone",
    ),
    (
        "status_post, good_shape, blocked",
        "a post in #standup; it has shipped, exactly one thing today and blockers; it names a "
        "real blocker",
    ),
    (
        "repeat_cluster",
        "Slack requests whose words overlap an earlier request's (Jaccard ≥ 0.5) share a "
        "label: the planted clusters by name, others `recurring-NN`",
    ),
    ("doc_pointer_reply", "an actionable reply of the request links to documentation"),
    (
        "long_and_slow",
        "the conversation holds a message of 500+ words and took 2+ business days (the "
        "requester's hours) to decide, or is still open after 2 business days",
    ),
]


def readme(
    rows: list[dict[str, Any]], diagnostics: list[dict[str, Any]], stats: dict[str, int], seed: int
) -> str:
    by_pattern = Counter(str(r["pattern"]) for r in rows)
    sources = {str(r["pattern"]): str(r["source"]) for r in rows}
    flags = Counter()
    for r in rows:
        for col in (
            "is_request",
            "converged",
            "needs_sync",
            "after_hours_ping",
            "ambiguous_deadline",
        ):
            flags[col] += bool(r[col])
    out = [
        "# Sample data: a made-up team's quarter",
        "",
        "**Synthetic.** Every person, message, pull request and link here is invented, written "
        f"by `asyncmetrics/sample/` (seed {seed}): `python -m asyncmetrics.sample data/sample` "
        "(or `make sample`) rewrites it byte for byte. The quarter is 2026-07-01 to 2026-09-30 "
        "(UTC).",
        "",
        "## The team",
        "",
        "| person | Slack id | GitHub | team | time zone | hours (Mon–Fri) | decides for |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in PEOPLE:
        out.append(
            f"| {p.real_name} | `{p.slack_id}` | `{p.login}` | {p.team} | {p.tz} | "
            f"{p.start:02d}:00–{p.end:02d}:00 | {', '.join(p.decides) or ''} |"
        )
    out += [
        "",
        f"Bots: the Slack deploy integration (`bot_message`, `bot_id` `{DEPLOY_BOT_ID}`), the "
        f"ticket app (app user `{TICKET_USER}`, `bot_id` `{TICKET_BOT_ID}`), and on GitHub "
        "`dependabot[bot]` and `reviewbot[bot]` (type Bot) and `ci-runner` (type User: it is a "
        "bot only because `people.csv` says so).",
        "",
        "Channels: "
        + ", ".join(f"`#{c.name}` (`{c.id}`)" for c in CHANNELS)
        + ". Repositories: "
        + ", ".join(f"`{r}`" for r in REPOS)
        + ".",
        "",
        "## Files",
        "",
        "- `slack/`: a Slack workspace export: `users.json`, `channels.json`, and "
        "`<channel>/<YYYY-MM-DD>.json` (UTC day of each message; replies sit in their own day's "
        "file).",
        "- `github/acme/<repo>/pulls.jsonl`: one GitHub REST document per pull request "
        "(`pull`, `reviews`, `review_comments`, `issue_comments`, `timeline`).",
        "- `people.csv`: one row per author id (Slack ids and GitHub logins are separate rows of "
        "the same person): zone, hours, bot flag and what each person decides for.",
        "- `truth.csv`: one row per conversation, with the metrics `docs/metrics.md` defines, "
        "computed from what each planted message was written to do (not by asyncmetrics).",
        "- `truth_diagnostics.csv`: one row per conversation, with what the over-rotation "
        "diagnostics of `docs/metrics.md` should find.",
        "",
        "## Planted patterns",
        "",
        "| pattern | source | conversations | what happens |",
        "|---|---|---|---|",
    ]
    for name, text in PATTERNS.items():
        out.append(f"| `{name}` | {sources.get(name, '')} | {by_pattern[name]} | {text} |")
    out += [
        "",
        f"In all: {len(rows)} conversations ({sum(s == 'slack' for s in _src(rows))} Slack, "
        f"{sum(s == 'github' for s in _src(rows))} pull requests), {flags['is_request']} "
        f"requests, {flags['converged']} converged, {flags['needs_sync']} needing a call, "
        f"{flags['after_hours_ping']} after-hours pings and {flags['ambiguous_deadline']} "
        "deadlines without a time zone.",
        "",
        f"Also planted: {stats['japanese']} conversations in Japanese (between the two Tokyo "
        f"colleagues), {stats['edited']} edited messages, {stats['broadcasts']} thread replies "
        f"also sent to the channel (`thread_broadcast`), {stats['joins']} `channel_join` "
        "messages and one `channel_topic` change (housekeeping the reader drops). Top-level "
        "posts of a channel are at least 20 minutes apart, so the only in-channel replies are "
        "the planted ones.",
        "",
        "## truth.csv",
        "",
        "| column | meaning |",
        "|---|---|",
        *[f"| `{col}` | {text} |" for col, text in TRUTH_DOC],
        "",
        "Non-requests have empty ids, zero counts and `false` for the metric columns "
        "(`after_hours_ping` and `ambiguous_deadline` describe any opener). "
        "Pull requests opened by dependabot are requests (every pull request is, except a "
        "draft never marked ready; see `docs/classification.md`), with `dependabot[bot]` as "
        "the requester.",
        "",
        *_diag_section(diagnostics),
    ]
    return "\n".join(out)


def _diag_section(rows: list[dict[str, Any]]) -> list[str]:
    def count(col: str) -> int:
        return sum(r[col] is True for r in rows)

    scored = [r for r in rows if r["quality_elements"] != ""]
    clusters = Counter(str(r["repeat_cluster"]) for r in rows if r["repeat_cluster"])
    planted = sorted(c for c in clusters if not c.startswith("recurring-"))
    return [
        "## truth_diagnostics.csv",
        "",
        "| column | meaning |",
        "|---|---|",
        *[f"| `{col}` | {text} |" for col, text in DIAG_DOC],
        "",
        f"In all: {count('escalated')} escalated requests ({count('written_up')} written up, "
        f"{count('needless_escalation')} needless), {count('should_have_called')} that should "
        f"have been a call, {sum(r['self_contained'] is True for r in scored)} of "
        f"{len(scored)} Slack requests self-contained, "
        f"{sum(int(r['after_hours_pings']) for r in rows)} after-hours pings in "
        f"{sum(int(r['after_hours_pings']) > 0 for r in rows)} conversations, "
        f"{count('ambiguous_deadline')} ambiguous deadlines, {count('status_post')} status "
        f"posts ({count('good_shape')} in good shape, {count('blocked')} blocked), "
        f"{count('doc_pointer_reply')} requests answered with a doc pointer and "
        f"{count('long_and_slow')} long and slow.",
        "",
        f"Repeated questions: the planted clusters ({', '.join(f'`{c}`' for c in planted)}) "
        f"and {len(clusters) - len(planted)} more: the older patterns reuse a dozen topics in "
        f"templated words, so the same problem report recurs "
        f"({sum(clusters[c] for c in clusters if c.startswith('recurring-'))} requests), which "
        "the definition counts as questions asked again. Pull requests are left out of "
        "`repeat_cluster` and of `quality_elements` (templated descriptions, not questions).",
        "",
        "Reading conventions: an opener's elements are the pieces it was written with "
        '("what I tried" is not steps to reproduce, bullet points that are not steps are '
        'not steps, a choice between options is not a proposed fix, "??" is not an explicit '
        "ask); a call invitation as a reply counts as an actionable reply (classification "
        "rule 10); the older standups (Yesterday/Done, Today/Next, Blockers with one item) are "
        "all in good shape. A PR's review request is a ping even when dependabot makes it. "
        "The huddle messages' `room` leaves out the user ids real ones carry (`created_by`, "
        "`participant_history`). The pull requests planted for the diagnostics are numbered "
        "after the older ones of their repository, so the older numbers stay.",
        "",
    ]


def _src(rows: list[dict[str, Any]]) -> list[str]:
    return [str(r["source"]) for r in rows]
