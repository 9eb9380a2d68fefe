"""Patterns planted for the over-rotation diagnostics (``docs/metrics.md``): calls that
happened or should have, self-contained and bare requests, pings outside the recipient's
hours, deadlines with and without a time zone, status updates, repeated questions, answers
that point to documentation, and long threads that take days to decide.

They are planted after everything else, from their own random stream (``Ctx.fork``), so the
older conversations, ids and truth rows stay byte-identical. Their top-level posts keep
``WIDE_GAP`` from every other top-level post of the channel, more than the 30 minutes of the
reader's in-channel reply rule, so none of them can be attached to another conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from asyncmetrics.sample import diag_texts as dt
from asyncmetrics.sample import phrases as ph
from asyncmetrics.sample import pr_texts as tx
from asyncmetrics.sample.context import Ctx
from asyncmetrics.sample.diag_long import ANALYSES, PROPOSALS, Long
from asyncmetrics.sample.github_patterns import PR
from asyncmetrics.sample.model import Msg, Pull, SlackConv
from asyncmetrics.sample.slack_other import STANDUP_WORK
from asyncmetrics.sample.slack_patterns import (
    MEDIUM,
    RESPONDERS,
    VAGUE,
    Thread,
    _loop,
    ctx_last,
    fill,
    lead,
    requester_for,
    responder_for,
    topic_for,
)
from asyncmetrics.sample.team import (
    BY_KEY,
    BY_LOGIN,
    CHANNEL,
    PEOPLE,
    Person,
    at_local,
    in_hours,
    local,
)
from asyncmetrics.sample.topics import DATA, ENG, JA_TOPICS, TOPICS, Topic

WIDE_GAP = timedelta(minutes=35)
SLACKBOT = "USLACKBOT"
TOPIC = {t.thing: t for t in TOPICS}
_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


# --- shared helpers ----------------------------------------------------------------------


def _wide(ctx: Ctx, channel: str, at: datetime) -> datetime:
    while any(abs(t - at) < WIDE_GAP for t in ctx.top.get(channel, [])):
        at += timedelta(minutes=7 + ctx.rng.random() * 10)
    return at


def _thread(
    ctx: Ctx,
    channel: str,
    pattern: str,
    author: Person,
    at: datetime,
    text: str,
    intent: str = "request",
) -> Thread:
    return Thread(ctx, channel, pattern, author, _wide(ctx, channel, at), text, intent)


def _awake(ctx: Ctx, channel: str, at: datetime, *avoid: Person) -> Person:
    """Someone who answers for the channel and is at work for the next 45 minutes."""
    pool = [BY_KEY[k] for k in RESPONDERS[channel] if BY_KEY[k] not in avoid]
    soon = at + timedelta(minutes=45)
    awake = [p for p in pool if in_hours(p, at) and in_hours(p, soon)]
    return ctx.choice(awake) if awake else responder_for(ctx, channel, at, *avoid)


def _fields(ctx: Ctx, topic: Topic) -> dict[str, str]:
    f = fill(ctx, topic)
    fix = f["fix"]
    return f | {
        "steps": dt.STEPS[topic.thing],
        "proposal": dt.PROPOSALS[topic.thing],
        "fix_lc": fix[:1].lower() + fix[1:],
    }


def _elements(template: str, topic: Topic, base: frozenset[str]) -> frozenset[str]:
    """What an opener built from a template holds: its own elements, plus a proposal when the
    topic's ask puts one forward."""
    proposes = "{ask}" in template and topic.thing in dt.ASK_PROPOSES
    return base | {"proposal"} if proposes else base


def _huddle(ctx: Ctx, th: Thread, starter: Person, lo: float, hi: float) -> Msg:
    """Slack's huddle message in the thread (posted by Slackbot, no text, a `room`), started
    by `starter` `lo`..`hi` minutes after the last message, in their hours."""
    at = ctx.reply_at(starter, th.last, lo, hi)
    minutes = 8 + ctx.rng.random() * 32
    start = int(at.timestamp())
    cid = CHANNEL[th.conv.channel].id
    uid = f"{ctx.rng.getrandbits(128):032x}"
    room = {
        "id": "R0" + "".join(ctx.choice(_ALNUM) for _ in range(9)),
        "name": "",
        "media_server": "",
        "date_start": start,
        "date_end": start + round(minutes * 60),
        # Real huddles also name their creator and participants (`created_by`,
        # `participant_history`); left out because `asyncmetrics forget` does not scrub them.
        "participants": [],
        "participants_camera_on": [],
        "participants_camera_off": [],
        "participants_screenshare_on": [],
        "participants_screenshare_off": [],
        "canvas_thread_ts": th.opener.ts,
        "thread_root_ts": th.opener.ts,
        "channels": [cid],
        "is_dm_call": False,
        "was_rejected": False,
        "was_missed": False,
        "was_accepted": False,
        "has_ended": True,
        "background_id": "GRADIENT_03",
        "canvas_background": "GRADIENT_03",
        "is_prewarmed": False,
        "is_scheduled": False,
        "attached_file_ids": [],
        "media_backend_type": "free_willy",
        "display_id": "",
        "external_unique_id": f"{uid[:8]}-{uid[8:12]}-{uid[12:16]}-{uid[16:20]}-{uid[20:]}",
        "app_id": "A00",
        "call_family": "huddle",
        "pending_invitees": {},
        "last_invite_status_by_user": {},
    }
    m = ctx.msg(th.conv.channel, at, SLACKBOT, "", "bot", subtype="huddle_thread", room=room)
    th.conv.replies.append(m)
    th.last = at + timedelta(minutes=minutes)  # what follows comes after the call
    return m


def _zoom(ctx: Ctx) -> str:
    return dt.ZOOM.format(n=ctx.rng.randrange(81_000_000_000, 89_999_999_999))


def _meet(ctx: Ctx) -> str:
    letters = "abcdefghijkmnopqrstuvwxyz"
    code = ["".join(ctx.choice(letters) for _ in range(k)) for k in (3, 4, 3)]
    return dt.MEET.format(code="-".join(code))


def _escalation(m: Msg) -> Msg:
    m.role = "escalation"
    return m


# --- calls -------------------------------------------------------------------------------


def _loop_thread(ctx: Ctx, pattern: str, i: int, n: int) -> tuple[Thread, dict[str, str], Person]:
    """A vague request and three round trips that do not converge (as clarification_loop)."""
    topic = topic_for(ctx)
    f = _fields(ctx, topic)
    req = requester_for(ctx, topic.channel)
    day = ctx.day(i, n, ctx_last(18))
    text = ctx.choice(VAGUE + MEDIUM[:1]).format(**f)
    th = _thread(ctx, topic.channel, pattern, req, ctx.in_hours_at(req, day), text)
    resp = responder_for(ctx, topic.channel, th.opener.at, req)
    _loop(ctx, th, f, resp)
    return th, f, resp


def _escalate(ctx: Ctx, th: Thread, resp: Person, kind: int) -> None:
    """Move the thread to a call: a huddle, a call phrase (and the huddle), a Zoom or Meet
    link, or the requester asking for a call after one more attempt."""
    req = th.requester
    if kind == 0:
        _escalation(_huddle(ctx, th, resp, 5, 60))
    elif kind == 1:
        _escalation(th.say(resp, ctx.choice(dt.CALL_PHRASES), "answer", 5, 60))
        _huddle(ctx, th, resp, 1, 10)
    elif kind == 2:
        k = ctx.rng.randrange(len(dt.CALL_LINKS))
        url = _meet(ctx) if k == 1 else _zoom(ctx)
        _escalation(th.say(resp, dt.CALL_LINKS[k].format(url=url), "answer", 5, 60))
    else:
        th.say(resp, ctx.choice(ph.GENERIC_TRIES), "answer", 10, 150)
        _escalation(th.say(req, ctx.choice(dt.REQUESTER_CALLS), "reply", 20, 120))
        _huddle(ctx, th, resp, 3, 30)


def _ja_loop(ctx: Ctx, pattern: str, i: int, n: int, written: bool) -> SlackConv:
    """The loop between the two Tokyo colleagues, a huddle, and a まとめ (or only 了解)."""
    loop = dt.JA_LOOPS[i % len(dt.JA_LOOPS)]
    asker, helper = BY_KEY["yui"], BY_KEY["haruto"]
    if loop.channel == DATA:
        asker, helper = helper, asker
    day = ctx.day(i, n, ctx_last(18))
    th = _thread(ctx, loop.channel, pattern, asker, ctx.in_hours_at(asker, day), loop.opener)
    th.conv.lang = "ja"
    th.conv.elements = loop.elements
    th.say(helper, loop.clarify, "clarify", 5, 90)
    th.say(asker, loop.detail, "reply", 3, 60)
    th.say(helper, loop.attempt, "answer", 10, 120)
    th.say(asker, loop.still, "reply", 20, 120)
    th.say(helper, loop.clarify2, "clarify", 5, 90)
    th.say(asker, loop.detail2, "reply", 3, 60)
    _escalation(th.say(helper, loop.call, "answer", 5, 40))
    _huddle(ctx, th, helper, 1, 8)
    if not written:
        th.say(asker, loop.ok, "confirm", 2, 20)
    elif loop.writeup_by_asker:
        th.say(asker, loop.writeup, "confirm", 5, 40).role = "writeup"
    else:
        th.say(helper, loop.writeup, "answer", 5, 40).role = "writeup"
        th.say(asker, loop.confirm, "confirm", 3, 40)
    return th.conv


def loop_escalated_written_up(ctx: Ctx, i: int, n: int) -> SlackConv:
    """3+ round trips, a call, and the call's outcome written in the thread."""
    if i % 6 == 5:
        return _ja_loop(ctx, "loop_escalated_written_up", i, n, written=True)
    th, f, resp = _loop_thread(ctx, "loop_escalated_written_up", i, n)
    req = th.requester
    kind = i % 4
    _escalate(ctx, th, resp, kind)
    # After the requester's own call request, the responder writes up: a requester's thanks
    # right after their own turn is not read as a confirmation.
    if i % 2 == 0 or kind == 3:
        text, intent = ctx.choice(dt.WRITEUPS_BY_RESPONDER)
        th.say(resp, text.format(**f), intent, 5, 60).role = "writeup"
        th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 60)
    else:
        text, intent = ctx.choice(dt.WRITEUPS_BY_REQUESTER)
        th.say(req, text.format(**f, who=resp.first), intent, 5, 60).role = "writeup"
    return th.conv


def loop_escalated_no_writeup(ctx: Ctx, i: int, n: int) -> SlackConv:
    """3+ round trips, a call, then nothing but "thanks" or "ok" (or nothing at all)."""
    if i % 5 == 4:
        return _ja_loop(ctx, "loop_escalated_no_writeup", i, n, written=False)
    th, _, resp = _loop_thread(ctx, "loop_escalated_no_writeup", i, n)
    req = th.requester
    _escalate(ctx, th, resp, (i + 1) % 4)
    end = i % 5
    if end == 0:
        th.say(req, ctx.choice(dt.AFTER_CALL_THANKS), "confirm", 2, 30)
    elif end == 1:
        th.say(req, ctx.choice(dt.AFTER_CALL_OK), "reply", 2, 30)
    elif end == 2:
        th.say(resp, "ok", "ack", 2, 20)
        th.say(req, ctx.choice(dt.AFTER_CALL_THANKS), "confirm", 2, 30)
    return th.conv


def needless_escalation(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A short routine request whose first reply moves it to a call."""
    if i == len(dt.ROUTINE):
        return _ja_needless(ctx, i, n)
    channel, text, outcome, elements = dt.ROUTINE[i % len(dt.ROUTINE)]
    req = requester_for(ctx, channel)
    th = _thread(
        ctx, channel, "needless_escalation", req, ctx.in_hours_at(req, ctx.day(i, n)), text
    )
    th.conv.elements = elements
    resp = _awake(ctx, channel, th.opener.at, req)
    kind = i % 4
    if kind in (0, 3):
        _escalation(th.say(resp, dt.NEEDLESS_CALLS[i % 3], "answer", 3, 25))
        _huddle(ctx, th, resp, 1, 5)
        if kind == 0:
            th.say(resp, outcome, "answer", 1, 10)
    elif kind == 1:
        _escalation(_huddle(ctx, th, resp, 3, 25))
        th.say(resp, outcome, "answer", 1, 10)
    else:
        _escalation(th.say(resp, dt.NEEDLESS_CALLS[3].format(url=_zoom(ctx)), "answer", 3, 25))
    th.say(req, ctx.choice(dt.AFTER_CALL_THANKS), "confirm", 2, 30)
    return th.conv


def _ja_needless(ctx: Ctx, i: int, n: int) -> SlackConv:
    asker, helper = BY_KEY["yui"], BY_KEY["haruto"]
    question, call, outcome = dt.JA_ROUTINE
    day = ctx.day(i, n)
    th = _thread(ctx, ENG, "needless_escalation", asker, ctx.in_hours_at(asker, day), question)
    th.conv.lang = "ja"
    th.conv.elements = frozenset({"ask"})
    _escalation(th.say(helper, call, "answer", 3, 25))
    _huddle(ctx, th, helper, 1, 5)
    th.say(helper, outcome, "answer", 1, 10)
    th.say(asker, "ありがとうございます！", "confirm", 2, 20)
    return th.conv


def justified_escalation(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A control: an incident (an opener of more than 60 words) moved to a call at once, then
    written up. No round trip before the call, but not a routine request."""
    channel, text, writeup = dt.INCIDENTS[i % len(dt.INCIDENTS)]
    req = requester_for(ctx, channel)
    at = ctx.in_hours_at(req, ctx.day(i, n))
    th = _thread(ctx, channel, "justified_escalation", req, at, text)
    th.conv.elements = dt.INCIDENT_ELEMENTS[i % len(dt.INCIDENTS)]
    resp = _awake(ctx, channel, th.opener.at, req)
    if i % 2 == 0:
        _escalation(th.say(resp, dt.INCIDENT_CALLS[i // 2 % 2], "answer", 2, 12))
        _huddle(ctx, th, resp, 1, 4)
    else:
        _escalation(_huddle(ctx, th, resp, 2, 12))
    th.say(resp, writeup, "answer", 5, 40).role = "writeup"
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 2, 30)
    return th.conv


# --- self-contained and bare requests ----------------------------------------------------


def self_contained_full(ctx: Ctx, i: int, n: int) -> SlackConv:
    """An opener with five or six of the elements, answered quickly, no follow-up."""
    if i % 8 == 7:
        return _ja_full(ctx, i, n)
    topic = topic_for(ctx)
    f = _fields(ctx, topic)
    template, base = dt.FULL_OPENERS[i % len(dt.FULL_OPENERS)]
    req = requester_for(ctx, topic.channel)
    at = ctx.in_hours_at(req, ctx.day(i, n))
    th = _thread(ctx, topic.channel, "self_contained_full", req, at, template.format(**f))
    th.conv.elements = _elements(template, topic, base)
    resp = _awake(ctx, topic.channel, th.opener.at, req)
    th.say(resp, lead(ctx, f["fix"]), "answer", 4, 30)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 60)
    return th.conv


def _ja_full(ctx: Ctx, i: int, n: int) -> SlackConv:
    channel, text, answer, confirm = dt.JA_FULL[i // 8 % len(dt.JA_FULL)]
    asker, helper = BY_KEY["yui"], BY_KEY["haruto"]
    if channel == DATA:
        asker, helper = helper, asker
    text = text.replace("{n}", str(ctx.rng.randrange(18000, 42000)))
    at = ctx.in_hours_at(asker, ctx.day(i, n), 0.05, 0.7)
    th = _thread(ctx, channel, "self_contained_full", asker, at, text)
    th.conv.lang = "ja"
    th.conv.elements = frozenset({"problem", "steps", "data", "hypothesis", "proposal", "ask"})
    th.say(helper, answer, "answer", 4, 30)
    th.say(asker, confirm, "confirm", 3, 60)
    return th.conv


def vague_bare(ctx: Ctx, i: int, n: int) -> SlackConv:
    """An opener with at most one element: clarifying questions, a slow answer."""
    if i % 8 == 7:
        return _ja_bare(ctx, i, n)
    text, thing, elements = dt.BARE[(i - i // 8) % len(dt.BARE)]
    topic = TOPIC[thing]
    f = fill(ctx, topic)
    req = requester_for(ctx, topic.channel)
    at = ctx.in_hours_at(req, ctx.day(i, n, ctx_last(22)))
    resp = responder_for(ctx, topic.channel, at, req)
    th = _thread(ctx, topic.channel, "vague_bare", req, at, text.format(resp=resp.slack_id))
    th.conv.elements = elements
    th.say(resp, f["clarify"], "clarify", 20, 150)
    th.say(req, f["detail"], "reply", 3, 60)
    if i % 2:
        th.say(resp, f["clarify2"], "clarify", 10, 120)
        th.say(req, f["detail2"], "reply", 3, 60)
    th.say(resp, lead(ctx, f["fix"]), "answer", 30, 240)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 90)
    return th.conv


def _ja_bare(ctx: Ctx, i: int, n: int) -> SlackConv:
    text, k = dt.JA_BARE[i // 8 % len(dt.JA_BARE)]
    t = JA_TOPICS[k]
    asker, helper = BY_KEY["yui"], BY_KEY["haruto"]
    if t.channel == DATA:
        asker, helper = helper, asker
    at = ctx.in_hours_at(asker, ctx.day(i, n, ctx_last(22)), 0.05, 0.5)
    th = _thread(ctx, t.channel, "vague_bare", asker, at, text)
    th.conv.lang = "ja"
    th.conv.elements = frozenset({"problem"})
    th.say(helper, t.clarify, "clarify", 20, 120)
    th.say(asker, t.detail, "reply", 3, 60)
    th.say(helper, t.fix, "answer", 30, 180)
    th.say(asker, t.confirm, "confirm", 3, 60)
    return th.conv


# --- time zones --------------------------------------------------------------------------


def _night(person: Person, at: datetime) -> bool:
    hour = local(person, at).hour
    return hour >= 21 or hour < 6


def after_hours_mention(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A request, in the requester's working hours, that @mentions someone for whom it is the
    middle of the night; they answer the next morning."""
    topic = topic_for(ctx)
    f = _fields(ctx, topic)
    day = ctx.day(i, n)
    for _ in range(400):
        target = BY_KEY[ctx.choice(RESPONDERS[topic.channel])]
        req = requester_for(ctx, topic.channel, avoid=(target.key,))
        at = _wide(ctx, topic.channel, ctx.in_hours_at(req, day, 0.0, 0.95))
        if in_hours(req, at) and _night(target, at):
            break
    else:
        raise RuntimeError("after_hours_mention: no night-time slot")
    template, base = dt.MENTION_OPENERS[i % len(dt.MENTION_OPENERS)]
    text = template.format(**f, target=target.slack_id)
    th = _thread(ctx, topic.channel, "after_hours_mention", req, at, text)
    th.conv.elements = _elements(template, topic, base)
    th.say(target, lead(ctx, f["fix"]), "answer", 10, 120)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 120)
    return th.conv


def deadline_with_zone(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A control: a deadline that names its time zone is not ambiguous."""
    topic = topic_for(ctx)
    f = _fields(ctx, topic)
    template, phrase, base = dt.ZONED_DEADLINES[i % len(dt.ZONED_DEADLINES)]
    req = requester_for(ctx, topic.channel)
    at = ctx.in_hours_at(req, ctx.day(i, n))
    th = _thread(ctx, topic.channel, "deadline_with_zone", req, at, template.format(**f))
    th.conv.elements = _elements(template, topic, base)
    th.conv.deadline_phrase = phrase
    resp = responder_for(ctx, topic.channel, th.opener.at, req)
    if i % 2:
        th.say(resp, ctx.choice(ph.ACKS), "ack", 5, 40)
    th.say(resp, lead(ctx, f["fix"]), "answer", 10, 240)
    th.say(req, ctx.choice(ph.CONFIRMS), "confirm", 3, 90)
    return th.conv


# --- status updates ----------------------------------------------------------------------

LAST_STANDUP = date(2026, 9, 29)


def _standup(ctx: Ctx, pattern: str, i: int, n: int, author: Person, text: str) -> Thread:
    at = ctx.in_hours_at(author, ctx.day(i, n, LAST_STANDUP), 0.0, 0.15)
    return _thread(ctx, "standup", pattern, author, at, text, intent="not_request")


def _work(ctx: Ctx, author: Person, k: int) -> list[str]:
    return ctx.rng.sample(STANDUP_WORK[author.team], k)


def standup_good_shape(ctx: Ctx, i: int, n: int) -> SlackConv:
    """Shipped, exactly one thing today, blockers (none)."""
    if i % 5 == 4:
        author = BY_KEY[ctx.choice(["yui", "haruto"])]
        done, one = ctx.rng.sample(dt.JA_WORK, 2)
        th = _standup(
            ctx, "standup_good_shape", i, n, author, dt.JA_GOOD_STANDUP.format(done=done, one=one)
        )
        th.conv.lang = "ja"
    else:
        author = ctx.choice(PEOPLE)
        done, one = _work(ctx, author, 2)
        text = dt.GOOD_STANDUPS[i % len(dt.GOOD_STANDUPS)].format(done=done, one=one)
        th = _standup(ctx, "standup_good_shape", i, n, author, text)
    th.conv.good_shape = True
    return th.conv


def standup_bad_shape(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A section missing, or three things at once."""
    author = ctx.choice(PEOPLE)
    done, one, a, b, c = _work(ctx, author, 5)
    template = dt.BAD_STANDUPS[i % len(dt.BAD_STANDUPS)]
    text = template.format(done=done, one=one, a=a, b=b, c=c)
    th = _standup(ctx, "standup_bad_shape", i, n, author, text)
    th.conv.good_shape = False
    return th.conv


def standup_blocked(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A good post with a real blocker on someone; they unblock it in the thread some hours
    later, or the next day, or (once) never."""
    author = ctx.choice(PEOPLE)
    who = BY_KEY[ctx.choice([k for k in RESPONDERS[ENG] if k != author.key])]
    done, one = _work(ctx, author, 2)
    template = dt.BLOCKED_STANDUPS[i % len(dt.BLOCKED_STANDUPS)]
    text = template.format(done=done, one=one, who=who.slack_id)
    th = _standup(ctx, "standup_blocked", i, n, author, text)
    th.conv.good_shape = True
    th.conv.blocked = True
    if i == 4:  # never unblocked in the thread
        return th.conv
    wait = (26 * 60, 32 * 60) if i % 3 == 1 else (180, 480)
    th.say(who, dt.UNBLOCKS[i % len(dt.UNBLOCKS)], "answer", *wait)
    if i % 2 == 0:
        th.say(author, ctx.choice(dt.UNBLOCKED_THANKS), "confirm", 5, 120)
    return th.conv


# --- repeated questions and doc pointers -------------------------------------------------


def repeated_question(ctx: Ctx, i: int, n: int) -> SlackConv:
    """Three questions, each asked again weeks later by someone else in nearly the same
    words; later askers are pointed to where the answer is written down."""
    cluster, channel, askers, wordings, first, pointers = dt.REPEATED[i % len(dt.REPEATED)]
    k = i // len(dt.REPEATED)
    asker = BY_KEY[askers[k]]
    at = ctx.in_hours_at(asker, ctx.day(i, n))
    th = _thread(ctx, channel, "repeated_question", asker, at, wordings[k])
    th.conv.elements = frozenset({"ask"})
    th.conv.cluster = cluster
    resp = responder_for(ctx, channel, th.opener.at, asker)
    th.say(resp, first if k == 0 else pointers[k - 1], "answer", 10, 180)
    th.say(asker, ctx.choice(ph.PRODUCT_CONFIRMS), "confirm", 3, 90)
    return th.conv


def doc_pointer_answer(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A question answered with a link to documentation (wiki, README, Notion, Confluence,
    Google Docs, the docs site)."""
    if i >= len(dt.DOC_QUESTIONS):
        question, answer, confirm = dt.JA_DOC
        asker, helper = BY_KEY["yui"], BY_KEY["haruto"]
        at = ctx.in_hours_at(asker, ctx.day(i, n))
        th = _thread(ctx, ENG, "doc_pointer_answer", asker, at, question)
        th.conv.lang = "ja"
        th.conv.elements = frozenset({"ask"})
        th.say(helper, answer, "answer", 10, 120)
        th.say(asker, confirm, "confirm", 3, 60)
        return th.conv
    channel, question, answer = dt.DOC_QUESTIONS[i]
    asker = requester_for(ctx, channel)
    th = _thread(
        ctx, channel, "doc_pointer_answer", asker, ctx.in_hours_at(asker, ctx.day(i, n)), question
    )
    th.conv.elements = frozenset({"ask"})
    resp = responder_for(ctx, channel, th.opener.at, asker)
    th.say(resp, answer, "answer", 10, 180)
    th.say(asker, ctx.choice(ph.PRODUCT_CONFIRMS), "confirm", 3, 90)
    return th.conv


# --- long and slow -----------------------------------------------------------------------

# Elements of the long proposals and of the analyses' short questions, in list order.
PROPOSAL_ELEMENTS = frozenset({"problem", "data", "proposal", "ask"})
ANALYSIS_ELEMENTS = [
    frozenset({"problem", "data", "proposal", "ask"}),
    frozenset({"data", "ask"}),
    frozenset({"data", "ask"}),
    frozenset({"problem", "data", "proposal", "ask"}),
]
NEVER_DECIDED = (2, 7)
DAY = 24 * 60


def long_message_slow(ctx: Ctx, i: int, n: int) -> SlackConv:
    """A message of 500+ words (a proposal as the opener, or an analysis answering a short
    question), and a decision more than two days later, or none."""
    long: Long = (PROPOSALS if i % 2 == 0 else ANALYSES)[i // 2]
    channel = long.channel
    req = requester_for(ctx, channel)
    day = ctx.day(i, n, ctx_last(14))
    th = _thread(
        ctx, channel, "long_message_slow", req, ctx.in_hours_at(req, day, 0.05, 0.5), long.opener
    )
    first = responder_for(ctx, channel, th.opener.at, req)
    second = responder_for(ctx, channel, th.opener.at, req, first)
    if long.long_reply:
        th.conv.elements = ANALYSIS_ELEMENTS[i // 2]
        th.say(first, long.long_reply, "answer", 60, 300)
        th.say(second, long.view, "answer", 25 * 60, 30 * 60)
        th.say(req, long.concern, "reply", 30, 300)
        th.say(first, long.view2, "answer", DAY + 60, DAY + 360)
    else:
        th.conv.elements = PROPOSAL_ELEMENTS
        th.say(first, long.view, "answer", DAY + 60, DAY + 360)
        th.say(req, long.concern, "reply", 30, 300)
        th.say(second, long.view2, "answer", DAY + 60, DAY + 360)
    if i in NEVER_DECIDED:
        th.say(req, long.last_word, "reply", 60, 600)
    else:
        th.say(req, long.decision, "decision", 60, 600)
    return th.conv


# --- pull requests -----------------------------------------------------------------------


def pr_review_request_after_hours(ctx: Ctx, i: int, n: int) -> Pull:
    """A review requested from a colleague in Asia/Kolkata at about 02:00 their time (early
    afternoon for the author in Los Angeles); they approve the next morning."""
    repo = "acme/api" if i % 2 == 0 else "acme/web"
    author = "mruiz" if repo == "acme/api" or i % 4 == 1 else "cbrooks"
    reviewer = "abose" if repo == "acme/api" else ("amehta" if i % 4 == 1 else "rsen")
    pr = PR(ctx, "pr_review_request_after_hours", i, n, repo=repo, author=author)
    night = local(BY_LOGIN[author], pr.pull.opened_at).date() + timedelta(days=1)
    asked = ctx.jitter(at_local(BY_LOGIN[reviewer], night, 2.0 + ctx.rng.random() * 0.8))
    opened = asked - timedelta(minutes=5 + ctx.rng.random() * 40)
    shift = opened - pr.pull.opened_at
    pr.pull.opened_at = opened
    for e in pr.pull.events:  # the commits pushed before opening move with it
        e.at += shift
    pr.last = opened
    pr.add("review_requested", author, asked, requested=reviewer)
    pr.bots(ci=ctx.chance(0.6))
    body = ctx.choice(tx.APPROVED)
    pr.review(reviewer, "APPROVED", body, 30, 300, inline=1 if "nit" in body else 0)
    pr.merge(lo=20, hi=240)
    return pr.pull


SLACK_PATTERNS: list[tuple[Callable[[Ctx, int, int], SlackConv], int]] = [
    (loop_escalated_written_up, 12),
    (loop_escalated_no_writeup, 10),
    (needless_escalation, 9),
    (justified_escalation, 4),
    (self_contained_full, 16),
    (vague_bare, 16),
    (after_hours_mention, 10),
    (deadline_with_zone, 8),
    (standup_good_shape, 10),
    (standup_bad_shape, 10),
    (standup_blocked, 9),
    (repeated_question, 9),
    (doc_pointer_answer, 12),
    (long_message_slow, 8),
]
PR_PATTERNS: list[tuple[Callable[[Ctx, int, int], Pull], int]] = [
    (pr_review_request_after_hours, 8),
]
