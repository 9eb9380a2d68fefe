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


def readme(rows: list[dict[str, Any]], stats: dict[str, int], seed: int) -> str:
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
    ]
    return "\n".join(out)


def _src(rows: list[dict[str, Any]]) -> list[str]:
    return [str(r["source"]) for r in rows]
