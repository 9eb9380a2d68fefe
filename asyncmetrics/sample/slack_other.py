"""Slack posts that are not requests (announcements, FYIs, standups, chit-chat, deploy bot)
and housekeeping messages (joins, a topic change)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from asyncmetrics.sample.context import DAYS, Ctx
from asyncmetrics.sample.model import Msg, SlackConv
from asyncmetrics.sample.slack_patterns import Thread, requester_for
from asyncmetrics.sample.team import (
    BY_KEY,
    CHANNEL,
    DEPLOY_BOT_ID,
    PEOPLE,
    QUARTER_END,
    in_hours,
)

ANNOUNCEMENTS = [
    "📢 Heads-up: the staging cluster is down for maintenance on Saturday 10:00–12:00 UTC. "
    "Deploys to staging are paused in that window.",
    ":mega: We've released CLI v{v} with a faster `acme deploy` and a new `--dry-run` flag. "
    "Release notes: <https://github.com/acme/cli/releases|release notes>",
    "Announcement: the on-call rotation moves to the new tool on Monday. Your shifts are already "
    "imported: <https://oncall.acme.example|on-call>",
    "{ping} The data warehouse moves to the new region this weekend. No action needed, "
    "dashboards are read-only from Saturday 08:00 to 14:00 UTC.",
    "Heads-up: `main` of acme/api now requires two approvals for changes under `billing/`.",
    "Reminder: the Q3 planning doc is frozen from Wednesday 12:00 UTC, comments stay open. "
    "<https://docs.acme.example/q3-planning|Q3 planning>",
    "{ping} 📣 The new incident process is live from today: "
    "<https://wiki.acme.example/incidents|incident handbook>.",
]
FYIS = [
    "FYI: the VPN certificate rotates on Friday at 06:00 UTC, reconnecting fixes the TLS error "
    "if you see one.",
    "FYI the `orders` table gets a new `channel` column tonight; existing queries keep working.",
    "Just a heads-up: CI minutes are at 85% of the monthly budget.",
    "fyi, the Grafana alerts for `payments` now go to #payments-alerts.",
    "For everyone's awareness: staging was restored from last night's snapshot, so data created "
    "there today is gone.",
    "FYI: dbt docs are now published on every merge to main: "
    "<https://dbt.acme.example/docs|dbt docs>",
    "FYI, the `reviewbot` rules for acme/web were updated to the new lint config.",
]
CHITCHAT = [
    "Happy Friday everyone! 🎉",
    "The new espresso machine on the 3rd floor is excellent ☕",
    "Photos from the offsite are up: <https://photos.acme.example/offsite|offsite album>",
    "Sunrise over the Rhine this morning 🌅",
    "Monsoon rain in Kolkata today, our street is a river 🌧️",
    "Just finished my first half marathon 🏃",
    "35°C in Tokyo today, working from the café with the best AC",
    "Book club pick for September: Project Hail Mary 📚",
    "The lunch and learn on observability was great, the recording is in the wiki.",
    "The cafeteria has ramen on Thursdays now 🍜",
]
CHAT_REPLIES = ["nice!", "🎉", "haha love it", "congrats!", "same here", "🙌"]
STANDUP_WORK = {
    "platform": [
        "the `payments` keep-alive fix",
        "the terraform provider upgrade",
        "the deploy pipeline cache",
        "on-call handover notes",
        "moving two services to the new ingress",
        "cert-manager DNS-01 rollout",
    ],
    "data": [
        "the `int_refunds` model",
        "the sessions backfill",
        "dbt PR reviews",
        "tests for `fct_revenue`",
        "churn feature cleanup",
        "the WAU dashboard fix",
    ],
    "product": [
        "field-app user interviews",
        "pricing page copy",
        "onboarding test analysis",
        "roadmap review with sales",
        "dark mode audit",
    ],
}
BLOCKERS = [
    "none",
    "none",
    "none",
    "waiting on a review of my acme/api PR",
    "prod access for the backfill, ticket is open",
]
STANDUP_FORMS = [
    "Yesterday: {y}\nToday: {t}\nBlockers: {b}",
    "*Yesterday:* {y}\n*Today:* {t}\n*Blockers:* {b}",
    "Done: {y}\nNext: {t}\nBlocked: {b}",
]


def _post(
    ctx: Ctx,
    pattern: str,
    channel: str,
    i: int,
    n: int,
    text: str,
    utc_window: tuple[float, float] | None = None,
) -> Thread:
    author = requester_for(ctx, channel)
    day = ctx.day(i, n, date(2026, 9, 29))
    at = ctx.in_hours_at(author, day)
    if utc_window:  # a ping: posted when most of the channel is at work, by someone at work
        lo, hi = utc_window
        midnight = datetime.combine(day, time(0), tzinfo=UTC)
        at = ctx.jitter(midnight + timedelta(hours=lo + ctx.rng.random() * (hi - lo)))
        awake = [BY_KEY[k] for k in CHANNEL[channel].members if in_hours(BY_KEY[k], at)]
        author = ctx.choice(awake)
    return Thread(ctx, channel, pattern, author, at, text, intent="not_request")


def _chatter(ctx: Ctx, th: Thread, p: float) -> None:
    for _ in range(3):
        if not ctx.chance(p):
            break
        who = requester_for(ctx, th.conv.channel, avoid=(th.requester.key,))
        reply = th.say(who, ctx.choice(CHAT_REPLIES), "other", 2, 90)
        if reply.at >= QUARTER_END:  # the export ends with the quarter
            th.conv.replies.pop()
            break


def announcement(ctx: Ctx, i: int, n: int) -> SlackConv:
    channel = ctx.choice(["eng-platform", "eng-platform", "data-help", "random"])
    template = ANNOUNCEMENTS[i % len(ANNOUNCEMENTS)]
    ping = ctx.choice(["<!channel>", "<!here>"]) if "{ping}" in template else ""
    text = template.format(ping=ping, v=f"3.{i + 4}.0").strip()
    th = _post(ctx, "announcement", channel, i, n, text, (9.0, 10.5) if ping else None)
    _chatter(ctx, th, 0.4)
    return th.conv


def fyi(ctx: Ctx, i: int, n: int) -> SlackConv:
    channel = ctx.choice(["eng-platform", "data-help", "data-help", "product-decisions"])
    th = _post(ctx, "fyi", channel, i, n, FYIS[i % len(FYIS)])
    _chatter(ctx, th, 0.2)
    return th.conv


def chitchat(ctx: Ctx, i: int, n: int) -> SlackConv:
    th = _post(ctx, "chitchat", "random", i, n, CHITCHAT[i % len(CHITCHAT)])
    _chatter(ctx, th, 0.6)
    return th.conv


def standups(ctx: Ctx) -> list[SlackConv]:
    """One or two async standup posts per working day, early in the author's day."""
    convs = []
    for day in DAYS:
        for _ in range(1 + ctx.rng.randrange(2) * ctx.rng.randrange(2)):
            author = ctx.choice(PEOPLE)
            work = STANDUP_WORK[author.team]
            text = ctx.choice(STANDUP_FORMS).format(
                y=ctx.choice(work), t=ctx.choice(work), b=ctx.choice(BLOCKERS)
            )
            at = ctx.in_hours_at(author, day, 0.0, 0.15)
            th = Thread(ctx, "standup", "standup", author, at, text, intent="not_request")
            _chatter(ctx, th, 0.15)
            convs.append(th.conv)
    return convs


DEPLOYS = ["api", "web", "payments", "billing-worker", "orders-export"]


def bot_post(ctx: Ctx, i: int, n: int) -> SlackConv:
    """The deploy bot announces a production deploy."""
    service = ctx.choice(DEPLOYS)
    version = f"2.{10 + i // 8}.{i % 8}"
    run = ctx.rng.randrange(5000, 9000)
    text = (
        f"Deployed `{service}` {version} to production "
        f"(<https://deploy.acme.example/{service}/{run}|deploy {run}>)"
    )
    deployer = ctx.choice([BY_KEY[k] for k in ("jonas", "tomasz", "ananya", "haruto", "marco")])
    at = ctx.place("eng-platform", ctx.in_hours_at(deployer, ctx.day(i, n, date(2026, 9, 29))))
    ctx.take("eng-platform", at)
    m = ctx.msg(
        "eng-platform", at, DEPLOY_BOT_ID, text, "bot", bot_id=DEPLOY_BOT_ID, bot_message=True
    )
    return SlackConv("eng-platform", "bot_post", m)


def system_messages(ctx: Ctx) -> list[tuple[str, Msg, str]]:
    """A few joins and one topic change: housekeeping the reader drops."""
    out = []
    joins = [
        ("data-help", "ananya", date(2026, 7, 2)),
        ("product-decisions", "arjun", date(2026, 7, 8)),
        ("product-decisions", "haruto", date(2026, 8, 3)),
        ("random", "casey", date(2026, 7, 1)),
    ]
    for channel, key, day in joins:
        person = BY_KEY[key]
        at = ctx.in_hours_at(person, day, 0.0, 0.2)
        text = f"<@{person.slack_id}> has joined the channel"
        out.append((channel, ctx.msg(channel, at, person.slack_id, text, "other"), "channel_join"))
    lead = BY_KEY["jonas"]
    at = ctx.in_hours_at(lead, date(2026, 9, 1), 0.1, 0.3)
    text = "set the channel topic: Deploy freeze Sep 28–30 for the quarter close"
    out.append(
        ("eng-platform", ctx.msg("eng-platform", at, lead.slack_id, text, "other"), "channel_topic")
    )
    return out
