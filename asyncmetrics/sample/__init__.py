"""The bundled sample: a made-up 12-person team's quarter of Slack and GitHub history.

Seeded and stdlib-only, so the same seed always writes byte-identical files. Every
conversation is planted as one of a few patterns (see ``data/sample/README.md``), and
``truth.csv`` holds what ``docs/metrics.md`` says each one's metrics are;
``truth_diagnostics.csv`` what its over-rotation diagnostics should find. The patterns for
the diagnostics (``diag_patterns.py``) are planted last, from their own random stream, so
that everything planted before them stays byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from asyncmetrics.sample import diag_patterns as dp
from asyncmetrics.sample import github_patterns as gp
from asyncmetrics.sample import slack_other as so
from asyncmetrics.sample import slack_patterns as sp
from asyncmetrics.sample.context import Ctx
from asyncmetrics.sample.diag_truth import DIAG_COLUMNS, diag_rows
from asyncmetrics.sample.model import Msg, Pull, SlackConv
from asyncmetrics.sample.readme import readme
from asyncmetrics.sample.team import CHANNELS, QUARTER_END, REPOS
from asyncmetrics.sample.truth import pr_row, slack_row
from asyncmetrics.sample.writers import (
    PEOPLE_COLUMNS,
    people_rows,
    write_csv,
    write_github,
    write_slack,
    write_text,
    write_truth,
)

__all__ = ["Sample", "build", "generate"]
T = TypeVar("T")

SLACK_PATTERNS: list[tuple[Callable[[Ctx, int, int], SlackConv], int]] = [
    (sp.self_contained, 60),
    (sp.vague, 40),
    (sp.ack_then_answer, 30),
    (sp.bot_first, 24),
    (sp.nudge, 20),
    (sp.unanswered, 24),
    (sp.in_channel_reply, 16),
    (sp.decided_by_reaction, 25),
    (sp.clarification_loop, 16),
    (sp.long_converged, 16),
    (sp.after_hours_here, 12),
    (sp.eod_deadline, 12),
    (so.announcement, 24),
    (so.fyi, 24),
    (so.chitchat, 40),
    (so.bot_post, 40),
]
PR_PATTERNS: list[tuple[Callable[[Ctx, int, int], Pull], int]] = [
    (gp.pr_quick_approve, 40),
    (gp.pr_dependabot, 16),
    (gp.pr_changes_requested, 30),
    (gp.pr_bot_review_only, 12),
    (gp.pr_draft_then_ready, 16),
    (gp.pr_draft_never_ready, 10),
    (gp.pr_closed_unmerged, 12),
    (gp.pr_ci_comment_first, 14),
    (gp.pr_long_review, 12),
]
PR_NUMBER_START = {"acme/api": 301, "acme/web": 118}


@dataclass
class Sample:
    conversations: list[SlackConv]
    system: list[tuple[str, Msg, str]]  # (channel, message, subtype): joins, topic changes
    pulls: list[Pull]

    def truth(self) -> list[dict[str, object]]:
        slack = sorted((slack_row(c) for c in self.conversations), key=_order)
        github = sorted((pr_row(p) for p in self.pulls), key=_order)
        return slack + github

    def diagnostics(self) -> list[dict[str, object]]:
        return diag_rows(self)

    def stats(self) -> dict[str, int]:
        messages = [m for c in self.conversations for m in c.messages()]
        return {
            "japanese": sum(c.lang == "ja" for c in self.conversations),
            "edited": sum(m.edited_at is not None for m in messages),
            "broadcasts": sum(m.broadcast for m in messages),
            "joins": sum(subtype == "channel_join" for _, _, subtype in self.system),
        }


def _order(row: dict[str, object]) -> tuple[str, str]:
    return str(row["channel"]), str(row["conversation_id"])


def build(seed: int = 7) -> Sample:
    """Plant every conversation and pull request, in memory."""
    ctx = Ctx(seed)
    convs = [_plant(ctx, fn, i, n, _slack_ends) for fn, n in SLACK_PATTERNS for i in range(n)]
    convs += so.standups(ctx)
    system = so.system_messages(ctx)
    _edit_some(ctx, convs)
    pulls = [_plant(ctx, fn, i, n, _pull_ends) for fn, n in PR_PATTERNS for i in range(n)]
    _number(pulls)
    # The diagnostics' patterns: their own random stream, after everything else.
    more = ctx.fork(f"over-rotation diagnostics, seed {seed}")
    added = [_plant(more, fn, i, n, _slack_ends) for fn, n in dp.SLACK_PATTERNS for i in range(n)]
    _edit_some(more, added)
    added_pulls = [_plant(more, fn, i, n, _pull_ends) for fn, n in dp.PR_PATTERNS for i in range(n)]
    _number(added_pulls, after=pulls)
    return Sample(convs + added, system, pulls + added_pulls)


def _plant(
    ctx: Ctx, fn: Callable[[Ctx, int, int], T], i: int, n: int, ends: Callable[[T], datetime]
) -> T:
    """Instance i of n of a pattern, drawn again if it would run past the quarter's end."""
    for _ in range(50):
        planted = fn(ctx, i, n)
        if ends(planted) < QUARTER_END:
            return planted
    raise RuntimeError(f"{fn.__name__} {i}: cannot fit inside the quarter")


def _slack_ends(conv: SlackConv) -> datetime:
    return max(m.at for m in conv.messages())


def _pull_ends(pull: Pull) -> datetime:
    return max([pull.opened_at, *(e.at for e in pull.events)])


def _edit_some(ctx: Ctx, convs: list[SlackConv]) -> None:
    """A few people fix a typo minutes after posting."""
    for conv in convs:
        for m in conv.messages():
            if not m.is_bot and ctx.chance(0.05):
                edited = m.at + timedelta(minutes=1 + ctx.rng.random() * 20)
                m.edited_at = edited if edited < QUARTER_END else None


def _number(pulls: list[Pull], after: Sequence[Pull] = ()) -> None:
    """Number each repository's pull requests by when they were opened, after the numbers of
    `after` (pull requests planted earlier keep theirs)."""
    for repo in REPOS:
        start = max((p.number + 1 for p in after if p.repo == repo), default=PR_NUMBER_START[repo])
        mine = sorted((p for p in pulls if p.repo == repo), key=lambda p: p.opened_at)
        for offset, pull in enumerate(mine):
            pull.number = start + offset


def generate(outdir: str | Path, seed: int = 7) -> None:
    """Write the sample store to `outdir`: ``slack/``, ``github/``, ``people.csv``,
    ``truth.csv`` and a README. Files this generator wrote before are replaced."""
    out = Path(outdir)
    sample = build(seed)
    _clear(out)
    write_slack(out / "slack", sample.conversations, sample.system)
    write_github(out / "github", sample.pulls)
    write_csv(out / "people.csv", PEOPLE_COLUMNS, people_rows())
    rows = sample.truth()
    write_truth(out / "truth.csv", rows)
    diagnostics = sample.diagnostics()
    write_csv(out / "truth_diagnostics.csv", DIAG_COLUMNS, diagnostics)
    write_text(out / "README.md", readme(rows, diagnostics, sample.stats(), seed))


def _clear(out: Path) -> None:
    """Remove only what an earlier run wrote, so stale day files cannot linger."""
    targets = [out / "slack" / "users.json", out / "slack" / "channels.json"]
    for channel in CHANNELS:
        targets.extend(sorted((out / "slack" / channel.name).glob("????-??-??.json")))
    targets.extend(out / "github" / repo / "pulls.jsonl" for repo in REPOS)
    names = ("people.csv", "truth.csv", "truth_diagnostics.csv", "README.md")
    targets.extend(out / name for name in names)
    for path in targets:
        path.unlink(missing_ok=True)
