"""Slack conversation patterns: each function plants one conversation of its kind."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from asyncmetrics.sample import phrases as ph
from asyncmetrics.sample.context import Ctx
from asyncmetrics.sample.model import Msg, SlackConv
from asyncmetrics.sample.team import (
    BY_KEY,
    CHANNEL,
    PEOPLE,
    TICKET_BOT_ID,
    TICKET_USER,
    Person,
    at_local,
    in_hours,
    mostly_out_of_hours,
)
from asyncmetrics.sample.topics import (
    CHOICES,
    DATA,
    ENG,
    JA_ACKS,
    JA_NUDGES,
    JA_TOPICS,
    TOPICS,
    Choice,
    Topic,
)

RESPONDERS = {
    ENG: ("jonas", "tomasz", "ananya", "haruto", "marco"),
    DATA: ("lena", "arjun", "rahul", "yui", "casey"),
    "product-decisions": ("dana", "sofia", "jonas", "lena", "marco", "tomasz", "arjun"),
}


class Thread:
    """A conversation being written: the opener, then replies in time order."""

    def __init__(
        self,
        ctx: Ctx,
        channel: str,
        pattern: str,
        author: Person,
        at: datetime,
        text: str,
        intent: str = "request",
        span: timedelta = timedelta(0),
    ) -> None:
        self.ctx = ctx
        at = ctx.place(channel, at, span)
        ctx.take(channel, at)
        self.requester = author
        self.conv = SlackConv(channel, pattern, ctx.msg(channel, at, author.slack_id, text, intent))
        self.last = self.conv.opener.at

    @property
    def opener(self) -> Msg:
        return self.conv.opener

    def say(
        self, who: Person, text: str, intent: str, lo: float = 5, hi: float = 90, **extra: Any
    ) -> Msg:
        """`who` replies in the thread `lo`..`hi` minutes after the last message (in their
        working hours)."""
        at = self.ctx.reply_at(who, self.last, lo, hi)
        m = self.ctx.msg(self.conv.channel, at, who.slack_id, text, intent, **extra)
        self.conv.replies.append(m)
        self.last = m.at
        return m

    def ticket(self) -> Msg:
        """The ticket app answers within seconds."""
        number = self.ctx.rng.randrange(1200, 4800)
        key = "OPS" if self.conv.channel == ENG else "DATA"
        text = (
            f"Created ticket <https://tickets.acme.example/browse/{key}-{number}|{key}-{number}>. "
            "Someone from the team will pick it up."
        )
        at = self.ctx.soon(self.opener.at, 2, 9)
        m = self.ctx.msg(self.conv.channel, at, TICKET_USER, text, "bot", bot_id=TICKET_BOT_ID)
        self.conv.replies.append(m)
        self.last = max(self.last, m.at)
        return m

    def react(self, m: Msg, name: str, *who: Person) -> None:
        m.reactions.append((name, [p.slack_id for p in who]))


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lead(ctx: Ctx, text: str) -> str:
    """An answer, sometimes opened by a few words."""
    first = ctx.choice(ph.ANSWER_LEADS)
    return first + (text[:1].lower() + text[1:] if first.endswith(", ") else text)


def fill(ctx: Ctx, topic: Topic) -> dict[str, str]:
    """The topic's fields, with a run number, for str.format templates."""
    n = str(ctx.rng.randrange(18000, 42000))
    fields = {k: str(v).replace("{n}", n) for k, v in vars(topic).items()}
    return fields | {"Thing": cap(fields["thing"])}


def requester_for(ctx: Ctx, channel: str, avoid: tuple[str, ...] = ()) -> Person:
    members = [k for k in CHANNEL[channel].members if k not in avoid]
    return BY_KEY[ctx.choice(members)]


def responder_for(ctx: Ctx, channel: str, at: datetime, *avoid: Person) -> Person:
    """Mostly someone of the answering team who is at work when the question comes."""
    pool = [BY_KEY[k] for k in RESPONDERS[channel] if BY_KEY[k] not in avoid]
    awake = [p for p in pool if in_hours(p, at)]
    return ctx.choice(awake if awake and ctx.chance(0.8) else pool)


def topic_for(ctx: Ctx, channel: str | None = None) -> Topic:
    channel = channel or ctx.choice([ENG, ENG, DATA])
    return ctx.choice([t for t in TOPICS if t.channel == channel])


FULL = [
    "{Thing} {symptom}. {tried} Log: {log}. {guess} {ask}",
    "Context: {thing} {symptom}.\nWhat I tried: {tried}\nLog: {log}\nHypothesis: {guess}\n{ask}",
    "Hi all, {thing} {symptom} ({log}). {tried} {guess} {ask}",
    "{Thing} {symptom}.\n• Log: {log}\n• {tried}\n• {guess}\n{ask}",
]


def self_contained(ctx: Ctx, i: int, n: int) -> SlackConv:
    if i % 8 == 3:
        return japanese(ctx, "self_contained", i, n)
    if i % 6 == 5:
        return product_self_contained(ctx, i, n)
    topic = topic_for(ctx)
    f = fill(ctx, topic)
    req = requester_for(ctx, topic.channel)
    th = Thread(
        ctx,
        topic.channel,
        "self_contained",
        req,
        ctx.in_hours_at(req, ctx.day(i, n)),
        ctx.choice(FULL).format(**f),
    )
    resp = responder_for(ctx, topic.channel, th.opener.at, req)
    if i % 7 == 1:
        th.opener.text = f"<@{resp.slack_id}> {th.opener.text}"
    elif i % 7 == 4:
        th.opener.text += " I need this before 15:00 UTC for the release."
    elif i % 7 == 6:
        members = [BY_KEY[k] for k in CHANNEL[topic.channel].members if k != req.key]
        if not mostly_out_of_hours(members, th.opener.at):
            th.opener.text = f"<!here> {th.opener.text}"
    th.say(resp, lead(ctx, f["fix"]), "answer", 8, 180)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 60, broadcast=ctx.chance(0.12))
    return th.conv


MEDIUM = [
    "{Thing} {symptom}. {ask}",
    "{Thing} {symptom} ({log}). {ask}",
    "Quick one: {thing} {symptom}. {guess} {ask}",
    "{Thing} {symptom}. {tried} {ask}",
]
VAGUE = ["{vague}", "hey all, {vague}", "{vague} 🙏"]


def _start(
    ctx: Ctx,
    pattern: str,
    i: int,
    n: int,
    templates: list[str],
    channel: str | None = None,
    last_day: int = 25,
) -> tuple[Thread, dict[str, str]]:
    """A request about a random topic, by a member of its channel, on day slice i of n."""
    topic = topic_for(ctx, channel)
    f = fill(ctx, topic)
    req = requester_for(ctx, topic.channel)
    day = ctx.day(i, n, last=ctx_last(last_day))
    th = Thread(
        ctx,
        topic.channel,
        pattern,
        req,
        ctx.in_hours_at(req, day),
        ctx.choice(templates).format(**f),
    )
    return th, f


def ctx_last(day_of_september: int) -> date:
    return date(2026, 9, day_of_september)


def vague(ctx: Ctx, i: int, n: int) -> SlackConv:
    if i % 8 == 3:
        return japanese(ctx, "vague", i, n)
    th, f = _start(ctx, "vague", i, n, VAGUE)
    req = th.requester
    resp = responder_for(ctx, th.conv.channel, th.opener.at, req)
    th.say(resp, f["clarify"], "clarify", 5, 120)
    th.say(req, f["detail"], "reply", 3, 60)
    if ctx.chance(0.45):
        th.say(resp, f["clarify2"], "clarify", 3, 60)
        th.say(req, f["detail2"], "reply", 3, 60)
    th.say(resp, lead(ctx, f["fix"]), "answer", 10, 150)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 90, broadcast=ctx.chance(0.08))
    return th.conv


def ack_then_answer(ctx: Ctx, i: int, n: int) -> SlackConv:
    if i % 8 == 3:
        return japanese(ctx, "ack_then_answer", i, n)
    th, f = _start(ctx, "ack_then_answer", i, n, MEDIUM)
    req = th.requester
    resp = responder_for(ctx, th.conv.channel, th.opener.at, req)
    th.say(resp, ctx.choice(ph.ACKS), "ack", 2, 20)
    th.say(resp, lead(ctx, f["fix"]), "answer", 30, 300)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 90)
    return th.conv


def bot_first(ctx: Ctx, i: int, n: int) -> SlackConv:
    if i % 8 == 3:
        return japanese(ctx, "bot_first", i, n)
    th, f = _start(ctx, "bot_first", i, n, MEDIUM + FULL[:1])
    req = th.requester
    th.ticket()
    resp = responder_for(ctx, th.conv.channel, th.opener.at, req)
    th.say(resp, lead(ctx, f["fix"]), "answer", 20, 240)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 90)
    return th.conv


def nudge(ctx: Ctx, i: int, n: int) -> SlackConv:
    if i % 5 == 4:
        return product_nudge(ctx, i, n)
    if i % 8 == 3:
        return japanese(ctx, "nudge", i, n)
    th, f = _start(ctx, "nudge", i, n, MEDIUM[:3], last_day=20)
    req = th.requester
    if ctx.chance(0.3):
        th.ticket()
    # A message after a day of one's own silence is a nudge even without bump words.
    more = "More context: " + f["tried"][:1].lower() + f["tried"][1:]
    th.say(req, more if i % 4 == 2 else ctx.choice(ph.NUDGES), "nudge", 26 * 60, 50 * 60)
    resp = responder_for(ctx, th.conv.channel, th.last, req)
    th.say(resp, lead(ctx, f["fix"]), "answer", 10, 180)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 90)
    return th.conv


def unanswered(ctx: Ctx, i: int, n: int) -> SlackConv:
    if i % 4 == 3:
        return product_unanswered(ctx, i, n)
    th, _ = _start(ctx, "unanswered", i, n, MEDIUM + VAGUE)
    if ctx.chance(0.4):
        th.ticket()
    if ctx.chance(0.3):
        watcher = requester_for(ctx, th.conv.channel, avoid=(th.requester.key,))
        th.react(th.opener, "eyes", watcher)
    return th.conv


def in_channel_reply(ctx: Ctx, i: int, n: int) -> SlackConv:
    """The answer is posted in the channel, mentioning the requester, not in the thread."""
    topic = topic_for(ctx)
    f = fill(ctx, topic)
    req = requester_for(ctx, topic.channel)
    pool = [BY_KEY[k] for k in RESPONDERS[topic.channel] if k != req.key]
    day = ctx.day(i, n)
    at = ctx.in_hours_at(req, day)
    for _ in range(20):  # a time when someone who can answer is at work
        awake = [p for p in pool if in_hours(p, at) and in_hours(p, at + timedelta(minutes=25))]
        if awake:
            break
        at = ctx.in_hours_at(req, day)
    resp = ctx.choice(awake or pool)
    gap = timedelta(minutes=4 + ctx.rng.random() * 14)
    th = Thread(
        ctx, topic.channel, "in_channel_reply", req, at, ctx.choice(MEDIUM).format(**f), span=gap
    )
    text = f"<@{req.slack_id}> " + f["fix"][:1].lower() + f["fix"][1:]
    answer = ctx.msg(topic.channel, ctx.jitter(th.opener.at + gap), resp.slack_id, text, "answer")
    ctx.take(topic.channel, answer.at)
    th.conv.in_channel.append(answer)
    if ctx.chance(0.75):
        th.react(answer, "+1", req)
    return th.conv


def decided_by_reaction(ctx: Ctx, i: int, n: int) -> SlackConv:
    """No text confirmation: a ✅ (or the requester's 👍) on a reply, or ✅ on the request."""
    if i % 3 == 2:
        return product_decided_by_reaction(ctx, i, n)
    variant = i % 5
    topic = topic_for(ctx)
    decider = next(p for p in PEOPLE if topic.channel in p.decides)
    f = fill(ctx, topic)
    req = requester_for(ctx, topic.channel, avoid=(decider.key,))
    th = Thread(
        ctx,
        topic.channel,
        "decided_by_reaction",
        req,
        ctx.in_hours_at(req, ctx.day(i, n)),
        ctx.choice(MEDIUM + FULL).format(**f),
    )
    resp = responder_for(ctx, topic.channel, th.opener.at, req, decider)
    if variant == 4:
        th.say(resp, f["clarify"], "clarify", 5, 90)
        th.say(req, f["detail"], "reply", 3, 60)
    answer = th.say(resp, lead(ctx, f["fix"]), "answer", 10, 180)
    if variant in (0, 1):
        th.react(answer, "white_check_mark", decider)
    elif variant == 2:
        th.react(answer, "white_check_mark", req)
    elif variant == 3:
        th.react(answer, "+1", req)
    else:
        th.react(th.opener, "white_check_mark", req)
    return th.conv


def _loop(ctx: Ctx, th: Thread, f: dict[str, str], resp: Person) -> None:
    """Three round trips without an answer that works."""
    req = th.requester
    th.say(resp, f["clarify"], "clarify", 5, 120)
    th.say(req, f["detail"], "reply", 3, 60)
    th.say(resp, f["attempt"], "answer", 10, 150)
    th.say(req, f["still"], "reply", 20, 180)
    th.say(resp, f["clarify2"], "clarify", 5, 120)
    th.say(req, f["detail2"], "reply", 3, 60)


def clarification_loop(ctx: Ctx, i: int, n: int) -> SlackConv:
    if i % 4 == 3:
        return product_loop(ctx, i, n)
    th, f = _start(ctx, "clarification_loop", i, n, VAGUE + MEDIUM[:1], last_day=18)
    req = th.requester
    resp = responder_for(ctx, th.conv.channel, th.opener.at, req)
    _loop(ctx, th, f, resp)
    if i % 3:
        th.say(resp, ctx.choice(ph.GENERIC_TRIES), "answer", 10, 150)
        th.say(req, ctx.choice(ph.NO_LUCK), "reply", 20, 180)
    if i % 4 == 1:  # the responder goes quiet; the requester bumps the next day
        th.say(req, ctx.choice(ph.NUDGES), "nudge", 26 * 60, 40 * 60)
    if i % 2 == 0:
        th.say(resp, ctx.choice(ph.CALLS), "other", 5, 60)
    return th.conv


def long_converged(ctx: Ctx, i: int, n: int) -> SlackConv:
    if i % 4 == 3:
        return product_long(ctx, i, n)
    th, f = _start(ctx, "long_converged", i, n, VAGUE + MEDIUM, last_day=18)
    req = th.requester
    resp = responder_for(ctx, th.conv.channel, th.opener.at, req)
    _loop(ctx, th, f, resp)
    if i % 3 == 2:
        th.say(resp, ctx.choice(ph.GENERIC_TRIES), "answer", 10, 150)
        th.say(req, ctx.choice(ph.NO_LUCK), "reply", 20, 180)
    th.say(resp, lead(ctx, f["fix"]), "answer", 10, 180)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 90, broadcast=ctx.chance(0.15))
    return th.conv


PRODUCT = "product-decisions"
PRODUCT_OPENERS = [
    "{question} {context}",
    "Need input: {question} {context}",
    "{context} {question}",
    "Looking for input from eng and data. {question} {context}",
]


def _product(
    ctx: Ctx, pattern: str, i: int, n: int, last_day: int = 25, avoid: tuple[str, ...] = ()
) -> tuple[Thread, Choice, list[Person]]:
    """A product question; returns two responders besides the requester."""
    c = ctx.choice(CHOICES)
    req = requester_for(ctx, PRODUCT, avoid)
    at = ctx.in_hours_at(req, ctx.day(i, n, ctx_last(last_day)))
    th = Thread(ctx, PRODUCT, pattern, req, at, ctx.choice(PRODUCT_OPENERS).format(**vars(c)))
    first = responder_for(ctx, PRODUCT, at, req, *[BY_KEY[k] for k in avoid])
    second = responder_for(ctx, PRODUCT, at, req, first, *[BY_KEY[k] for k in avoid])
    return th, c, [first, second]


def product_self_contained(ctx: Ctx, i: int, n: int) -> SlackConv:
    th, c, (resp, _) = _product(ctx, "self_contained", i, n)
    th.say(resp, c.answer, "answer", 20, 240)
    th.say(th.requester, ctx.choice(ph.PRODUCT_CONFIRMS), "confirm", 5, 120)
    return th.conv


def product_decided_by_reaction(ctx: Ctx, i: int, n: int) -> SlackConv:
    th, c, (resp, other) = _product(ctx, "decided_by_reaction", i, n, avoid=("dana",))
    answer = th.say(resp, c.answer, "answer", 20, 240)
    if i % 2:
        th.say(other, c.answer2, "answer", 20, 240)
    th.react(answer, "white_check_mark", BY_KEY["dana"])
    return th.conv


def _product_rounds(ctx: Ctx, th: Thread, c: Choice, first: Person, second: Person) -> None:
    """Four round trips of questions, recommendations and concerns."""
    req = th.requester
    th.say(first, c.clarify, "clarify", 20, 240)
    th.say(req, c.detail, "reply", 5, 120)
    th.say(first, c.answer, "answer", 20, 240)
    th.say(req, c.pushback, "reply", 10, 180)
    th.say(second, c.clarify2, "clarify", 20, 240)
    th.say(req, c.detail2, "reply", 5, 120)
    th.say(second, c.answer2, "answer", 20, 240)


def product_loop(ctx: Ctx, i: int, n: int) -> SlackConv:
    th, c, (first, second) = _product(ctx, "clarification_loop", i, n, last_day=18)
    _product_rounds(ctx, th, c, first, second)
    th.say(th.requester, c.pushback2, "reply", 10, 180)
    th.say(first, ctx.choice(ph.CALLS[:2]), "other", 10, 120)
    return th.conv


def product_long(ctx: Ctx, i: int, n: int) -> SlackConv:
    th, c, (first, second) = _product(ctx, "long_converged", i, n, last_day=18)
    _product_rounds(ctx, th, c, first, second)
    th.say(th.requester, c.decision, "decision", 10, 240)
    return th.conv


def japanese(ctx: Ctx, pattern: str, i: int, n: int) -> SlackConv:
    """The same patterns between the two Tokyo colleagues, in Japanese."""
    t = ctx.choice(JA_TOPICS)
    number = str(ctx.rng.randrange(18000, 42000))
    asker, helper = (BY_KEY["yui"], BY_KEY["haruto"])
    if t.channel == DATA:
        asker, helper = helper, asker
    text = t.vague if pattern == "vague" else t.request.replace("{n}", number)
    last = 20 if pattern == "nudge" else 25
    th = Thread(
        ctx, t.channel, pattern, asker, ctx.in_hours_at(asker, ctx.day(i, n, ctx_last(last))), text
    )
    th.conv.lang = "ja"
    answer = t.answer
    if pattern == "vague":
        th.say(helper, t.clarify, "clarify", 5, 90)
        th.say(asker, t.detail, "reply", 3, 60)
        answer = t.fix
    elif pattern == "ack_then_answer":
        th.say(helper, ctx.choice(JA_ACKS), "ack", 2, 20)
    elif pattern == "bot_first":
        th.ticket()
    elif pattern == "nudge":
        th.say(asker, ctx.choice(JA_NUDGES), "nudge", 26 * 60, 50 * 60)
    th.say(helper, answer, "answer", 10, 180)
    th.say(asker, t.confirm, "confirm", 3, 90)
    return th.conv


LATE = [
    "<!here> {Thing} {symptom}. {ask}",
    "<!here> urgent: {thing} {symptom} ({log}). {ask}",
    "<!here> sorry for the late ping: {thing} {symptom}. {tried} {ask}",
]


def after_hours_here(ctx: Ctx, i: int, n: int) -> SlackConv:
    """An @here request late in the requester's evening, outside most members' hours."""
    topic = topic_for(ctx)
    f = fill(ctx, topic)
    members = [BY_KEY[k] for k in CHANNEL[topic.channel].members]
    for _ in range(200):
        req = requester_for(ctx, topic.channel)
        hour = 19.5 + ctx.rng.random() * 3.5
        at = ctx.jitter(at_local(req, ctx.day(i, n), hour))
        others = [p for p in members if p != req]
        if ctx.free(topic.channel, at) and mostly_out_of_hours(others, at):
            break
    th = Thread(ctx, topic.channel, "after_hours_here", req, at, ctx.choice(LATE).format(**f))
    resp = responder_for(ctx, topic.channel, at, req)
    th.say(resp, lead(ctx, f["fix"]), "answer", 10, 120)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 90)
    return th.conv


EOD = [
    "Can someone look at {thing} by EOD? It {symptom}. Log: {log}",
    "{Thing} {symptom}. Could someone take a look by end of day? I want it fixed before the "
    "release cut.",
    "Need a second pair of eyes by tomorrow: {thing} {symptom}. {ask}",
    "{Thing} {symptom}. {ask} I need this by Friday, that's our freeze.",
]


def eod_deadline(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A request with a deadline that depends on whose day it is."""
    th, f = _start(ctx, "eod_deadline", i, n, EOD)
    th.conv.ambiguous_deadline = True
    resp = responder_for(ctx, th.conv.channel, th.opener.at, th.requester)
    if i % 2:
        th.say(resp, ctx.choice(ph.ACKS), "ack", 5, 40)
    th.say(resp, lead(ctx, f["fix"]), "answer", 10, 240)
    th.say(th.requester, ctx.choice(ph.CONFIRMS), "confirm", 3, 90)
    return th.conv


def product_unanswered(ctx: Ctx, i: int, n: int) -> SlackConv:
    th, _, _ = _product(ctx, "unanswered", i, n)
    return th.conv


def product_nudge(ctx: Ctx, i: int, n: int) -> SlackConv:
    th, c, (resp, _) = _product(ctx, "nudge", i, n, last_day=20)
    th.say(th.requester, ctx.choice(ph.NUDGES), "nudge", 26 * 60, 50 * 60)
    th.say(resp, c.answer, "answer", 20, 240)
    th.say(th.requester, ctx.choice(ph.PRODUCT_CONFIRMS), "confirm", 5, 120)
    return th.conv
