"""Pull-request patterns: each function plants one PR with its reviews, comments and events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from asyncmetrics.sample import pr_texts as tx
from asyncmetrics.sample.context import Ctx
from asyncmetrics.sample.model import PrEvent, Pull
from asyncmetrics.sample.team import (
    BY_LOGIN,
    CI_RUNNER,
    DEPENDABOT,
    QUARTER_START,
    REVIEWBOT,
    Person,
)

AUTHORS = {
    "acme/api": ("jbecker", "tnowak", "abose", "hsato", "mruiz", "amehta", "rsen"),
    "acme/web": ("mruiz", "smarin", "cbrooks", "ytanaka", "lhoffmann", "tnowak"),
}
REVIEWERS = {
    "acme/api": ("jbecker", "tnowak", "abose", "hsato", "mruiz"),
    "acme/web": ("lhoffmann", "mruiz", "cbrooks", "smarin", "tnowak"),
}


class PR:
    """A pull request being written, event by event, in time order."""

    def __init__(
        self,
        ctx: Ctx,
        pattern: str,
        i: int,
        n: int,
        *,
        repo: str | None = None,
        author: str | None = None,
        draft: bool = False,
        last: date = date(2026, 9, 25),
    ) -> None:
        self.ctx = ctx
        repo = repo or ctx.choice(["acme/api", "acme/api", "acme/web"])
        login = author or ctx.choice(AUTHORS[repo])
        title = ctx.choice(tx.TITLES).format(c=ctx.choice(tx.COMPONENTS[repo]))
        body = tx.BODY.format(title=title, why=ctx.choice(tx.WHYS), testing=ctx.choice(tx.TESTING))
        if login in BY_LOGIN:
            at = ctx.in_hours_at(BY_LOGIN[login], ctx.day(i, n, last))
        else:
            midnight = datetime.combine(ctx.day(i, n, last), time(0), tzinfo=UTC)
            at = ctx.jitter(midnight + timedelta(hours=5 + ctx.rng.random() * 2))
        self.pull = Pull(repo, pattern, login, title, body, at, opened_as_draft=draft)
        self.last = at
        earliest = max(at - timedelta(hours=2), QUARTER_START + timedelta(minutes=1))
        for k in range(1 + ctx.rng.randrange(3)):  # work pushed before the PR was opened
            message = tx.COMMITS_WORK[0] if k == 0 else ctx.choice(tx.COMMITS_WORK[1:])
            self.commit(message, earliest + (at - earliest) * k / 3)
        self.last = at

    @property
    def author(self) -> str:
        return self.pull.author

    def add(self, kind: str, who: str, at: datetime, **fields: Any) -> PrEvent:
        e = PrEvent(at, kind, who, id=self.ctx.new_id(), **fields)
        self.pull.events.append(e)
        self.last = max(self.last, at)
        return e

    def when(self, who: str, lo: float, hi: float) -> datetime:
        """`lo`..`hi` minutes after the last event, inside `who`'s hours if a person."""
        person: Person | None = BY_LOGIN.get(who)
        if person is None:
            return self.ctx.soon(self.last, lo * 60, hi * 60)
        return self.ctx.reply_at(person, self.last, lo, hi)

    def commit(self, message: str, at: datetime | None = None) -> PrEvent:
        at = at or self.when(self.author, 20, 240)
        return self.add("commit", self.author, at, text=message, sha=self.ctx.sha(), intent="reply")

    def review(
        self, who: str, state: str, body: str, lo: float = 30, hi: float = 360, inline: int = 0
    ) -> PrEvent:
        at = self.when(who, lo, hi)
        review = self.add("review", who, at, state=state, text=body, intent="answer")
        for k in range(inline):
            drafted = at - timedelta(seconds=30 + 90 * (inline - k))
            self.add(
                "review_comment",
                who,
                drafted,
                text=self.ctx.choice(tx.INLINE),
                intent="answer",
                review=review,
                path=self.ctx.choice(tx.FILES[self.pull.repo]),
            )
        return review

    def comment(self, who: str, text: str, intent: str, lo: float = 5, hi: float = 120) -> PrEvent:
        return self.add("comment", who, self.when(who, lo, hi), text=text, intent=intent)

    def event(
        self, kind: str, who: str, lo: float = 0.1, hi: float = 0.6, requested: str = ""
    ) -> PrEvent:
        return self.add(kind, who, self.when(who, lo, hi), requested=requested)

    def reviewer(self, *avoid: str) -> str:
        pool = [r for r in REVIEWERS[self.pull.repo] if r != self.author and r not in avoid]
        return self.ctx.choice(pool)

    def bots(self, ci: bool = True) -> None:
        """reviewbot within a minute or two, and CI a few minutes later."""
        self.add(
            "review",
            REVIEWBOT,
            self.ctx.soon(self.last, 10, 24),
            state="COMMENTED",
            text=self.ctx.choice(tx.REVIEWBOT),
            intent="bot",
        )
        if ci:
            self.ci(passed=True)

    def ci(self, passed: bool) -> PrEvent:
        run = str(self.ctx.rng.randrange(60000, 99000))
        text = (tx.CI_PASSED if passed else tx.CI_FAILED).replace("{n}", run)
        text = text.replace("{m}", str(4 + self.ctx.rng.randrange(9)))
        at = self.ctx.soon(self.last, 180, 600)
        return self.add("comment", CI_RUNNER, at, text=text, intent="bot")

    def merge(self, who: str | None = None, lo: float = 5, hi: float = 120) -> None:
        who = who or self.author
        at = self.when(who, lo, hi)
        self.add("merged", who, at)
        self.add("closed", who, at)


def pr_quick_approve(ctx: Ctx, i: int, n: int) -> Pull:
    pr = PR(ctx, "pr_quick_approve", i, n)
    reviewer = pr.reviewer()
    pr.event("review_requested", pr.author, requested=reviewer)
    pr.bots(ci=ctx.chance(0.6))
    if i % 5 == 0:
        pr.comment(reviewer, ctx.choice(tx.ACKS), "ack", 5, 60)
    body = ctx.choice(tx.APPROVED)
    pr.review(reviewer, "APPROVED", body, 20, 300, inline=1 if "nit" in body else 0)
    pr.merge(reviewer if i % 4 == 0 else None)
    return pr.pull


def pr_dependabot(ctx: Ctx, i: int, n: int) -> Pull:
    """dependabot opens a version bump; a person approves and merges it."""
    repo = "acme/api" if i % 2 else "acme/web"
    pr = PR(ctx, "pr_dependabot", i, n, repo=repo, author=DEPENDABOT)
    dep, old, new = tx.DEPENDENCIES[(i * 3 + (0 if repo == "acme/api" else 4)) % 8]
    pr.pull.title = f"Bump {dep} from {old} to {new}"
    pr.pull.body = (
        f"Bumps [{dep}](https://github.com/advisories?query={dep}) from {old} to {new}.\n\n"
        "Dependabot will resolve any conflicts with this PR as long as you don't alter it "
        "yourself."
    )
    for e in pr.pull.events:
        e.text = pr.pull.title
    reviewer = pr.reviewer()
    pr.event("review_requested", DEPENDABOT, requested=reviewer)
    pr.ci(passed=True)
    pr.review(reviewer, "APPROVED", ctx.choice(["", "", "Changelog is clean."]), 60, 1500)
    pr.merge(reviewer, 1, 30)
    return pr.pull


def _fix_round(ctx: Ctx, pr: PR, reviewer: str, reply: bool) -> None:
    """The author pushes fixes (and maybe says what changed), then asks for another look."""
    for _ in range(1 + ctx.rng.randrange(2)):
        pr.commit(ctx.choice(tx.COMMITS_FIX))
    if reply:
        # right after pushing, even late in the day
        at = ctx.soon(pr.last, 60, 900)
        pr.add("comment", pr.author, at, text=ctx.choice(tx.AUTHOR_REPLIES), intent="reply")
    pr.event("review_requested", pr.author, requested=reviewer)


def pr_changes_requested(ctx: Ctx, i: int, n: int) -> Pull:
    pr = PR(ctx, "pr_changes_requested", i, n)
    reviewer = pr.reviewer()
    pr.event("review_requested", pr.author, requested=reviewer)
    pr.bots(ci=ctx.chance(0.5))
    pr.review(
        reviewer,
        "CHANGES_REQUESTED",
        ctx.choice(tx.CHANGES_REQUESTED),
        30,
        360,
        inline=ctx.rng.randrange(3),
    )
    if i % 10 == 3:  # back to draft while reworking; it was not opened as a draft
        pr.event("to_draft", pr.author, 2, 30)
        pr.commit(ctx.choice(tx.COMMITS_FIX))
        pr.event("ready", pr.author, 10, 120)
    _fix_round(ctx, pr, reviewer, reply=i % 2 == 0)
    pr.review(reviewer, "APPROVED", ctx.choice(tx.APPROVED), 30, 360)
    pr.merge(None if i % 3 else reviewer)
    return pr.pull


def pr_bot_review_only(ctx: Ctx, i: int, n: int) -> Pull:
    """Nobody but reviewbot (and CI) looked at it; still open when the export was taken."""
    pr = PR(ctx, "pr_bot_review_only", i, n)
    pr.bots(ci=ctx.chance(0.7))
    if i % 3 == 0:
        pr.commit(ctx.choice(tx.COMMITS_WORK[1:]))
    return pr.pull


def pr_draft_then_ready(ctx: Ctx, i: int, n: int) -> Pull:
    """Opened as a draft; the clock starts when it is marked ready for review."""
    pr = PR(ctx, "pr_draft_then_ready", i, n, draft=True, last=date(2026, 9, 15))
    for _ in range(1 + ctx.rng.randrange(3)):
        pr.commit(ctx.choice(tx.COMMITS_WORK[1:]))
    reviewer = pr.reviewer()
    if i % 3 == 0:  # feedback on the draft counts for nothing
        pr.comment(reviewer, ctx.choice(tx.EARLY), "answer", 60, 600)
        pr.commit(ctx.choice(tx.COMMITS_WORK[1:]))
    pr.event("ready", pr.author, 60, 1500)
    pr.event("review_requested", pr.author, requested=reviewer)
    pr.bots(ci=ctx.chance(0.5))
    if i % 2:
        pr.review(
            reviewer, "CHANGES_REQUESTED", ctx.choice(tx.CHANGES_REQUESTED), 30, 360, inline=1
        )
        _fix_round(ctx, pr, reviewer, reply=False)
    pr.review(reviewer, "APPROVED", ctx.choice(tx.APPROVED), 30, 360)
    pr.merge()
    return pr.pull


def pr_draft_never_ready(ctx: Ctx, i: int, n: int) -> Pull:
    """A draft nobody was asked to review: not a request."""
    pr = PR(ctx, "pr_draft_never_ready", i, n, draft=True)
    pr.pull.title = "WIP: " + pr.pull.title
    for _ in range(ctx.rng.randrange(3)):
        pr.commit(ctx.choice(tx.COMMITS_WORK[1:]))
    if i % 3 == 1:
        pr.comment(pr.reviewer(), ctx.choice(tx.EARLY), "answer", 60, 900)
    if i % 4 == 2:
        pr.event("closed", pr.author, 600, 6000)
    return pr.pull


def pr_closed_unmerged(ctx: Ctx, i: int, n: int) -> Pull:
    """Reviewed, then closed without merging: no decision by the definitions."""
    pr = PR(ctx, "pr_closed_unmerged", i, n)
    reviewer = pr.reviewer()
    pr.event("review_requested", pr.author, requested=reviewer)
    pr.bots(ci=ctx.chance(0.5))
    state = "CHANGES_REQUESTED" if i % 3 else "COMMENTED"
    texts = tx.CHANGES_REQUESTED if state == "CHANGES_REQUESTED" else tx.COMMENTED
    pr.review(reviewer, state, ctx.choice(texts), 30, 600, inline=i % 2)
    if i % 4 == 1:
        pr.commit(ctx.choice(tx.COMMITS_FIX))
    closer = reviewer if i % 5 == 2 else pr.author
    pr.event("closed", closer, 60, 3000)
    if i % 6 == 5:  # reopened for a moment, then closed for good
        pr.event("reopened", pr.author, 60, 1500)
        pr.event("closed", pr.author, 30, 600)
    return pr.pull


def pr_ci_comment_first(ctx: Ctx, i: int, n: int) -> Pull:
    """ci-runner (a machine account GitHub calls a User) speaks first; a person reviews later."""
    pr = PR(ctx, "pr_ci_comment_first", i, n)
    reviewer = pr.reviewer()
    pr.event("review_requested", pr.author, requested=reviewer)
    if i % 2:
        pr.ci(passed=False)
        pr.commit("Fix failing export tests")
    pr.ci(passed=True)
    if i % 3 == 2:  # a non-blocking review, then the author merges
        pr.review(reviewer, "COMMENTED", ctx.choice(tx.COMMENTED), 60, 900, inline=1)
        if i % 2:
            pr.commit(ctx.choice(tx.COMMITS_FIX))
        pr.merge(lo=30, hi=600)
    else:
        pr.review(reviewer, "APPROVED", ctx.choice(tx.APPROVED), 60, 900)
        pr.merge()
    return pr.pull


def pr_long_review(ctx: Ctx, i: int, n: int) -> Pull:
    """Three or four review rounds; a few are still not approved at the end."""
    pr = PR(ctx, "pr_long_review", i, n, last=date(2026, 9, 4))
    first = pr.reviewer()
    second = pr.reviewer(first)
    pr.event("review_requested", pr.author, requested=first)
    pr.bots(ci=True)
    rounds = 3 + i % 2
    for r in range(rounds):
        who = first if r % 2 == 0 else second
        if r == 1 and i % 3 == 0:  # a question in the conversation, answered by the author
            pr.comment(who, ctx.choice(tx.REVIEWER_QUESTIONS), "clarify", 60, 600)
            pr.comment(pr.author, ctx.choice(tx.AUTHOR_ANSWERS), "reply", 20, 300)
            who = first
        state = "COMMENTED" if r == 2 and i % 2 else "CHANGES_REQUESTED"
        texts = tx.COMMENTED if state == "COMMENTED" else tx.CHANGES_REQUESTED
        pr.review(who, state, ctx.choice(texts), 60, 900, inline=1 + ctx.rng.randrange(2))
        _fix_round(ctx, pr, who, reply=r % 2 == 1)
    if i % 4 != 3:
        pr.review(first, "APPROVED", ctx.choice(tx.APPROVED), 60, 900)
        pr.merge()
    return pr.pull
