"""Ground truth of the over-rotation diagnostics (``docs/metrics.md``, *Over-rotation
diagnostics*): ``truth_diagnostics.csv``, one row per conversation.

What a message was planted to do comes from the generator: the escalations and write-ups it
tagged, the elements it wrote into each opener, the shape of each status post. The older
patterns were planted before these tags existed; their escalations are the ``phrases.CALLS``
lines, their standup posts all have the good shape, and their openers' elements are read
from the topic pieces they were built from (``_old_elements``). Structural definitions are
applied as written: mentions against working hours, word counts, links to documentation,
and the word overlap of repeated questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import combinations, pairwise
from typing import TYPE_CHECKING

from asyncmetrics.sample import diag_texts as dt
from asyncmetrics.sample import phrases as ph
from asyncmetrics.sample.model import FOLLOWUPS, RESPONDER_ACTIONABLE, Msg, Pull, SlackConv
from asyncmetrics.sample.team import (
    BY_LOGIN,
    BY_SLACK,
    CHANNEL,
    GITHUB_BOTS,
    Person,
    at_local,
    in_hours,
    local,
)
from asyncmetrics.sample.topics import CHOICES, JA_TOPICS, TOPICS
from asyncmetrics.sample.truth import Turn, _pr_id, _silence_nudges

if TYPE_CHECKING:
    from asyncmetrics.sample import Sample

DIAG_COLUMNS = (
    "conversation_id",
    "pattern",
    "escalated",
    "escalation_id",
    "written_up",
    "should_have_called",
    "needless_escalation",
    "quality_elements",
    "self_contained",
    "after_hours_pings",
    "ambiguous_deadline",
    "deadline_phrase",
    "status_post",
    "good_shape",
    "blocked",
    "repeat_cluster",
    "doc_pointer_reply",
    "long_and_slow",
)
ELEMENTS = ("problem", "steps", "data", "hypothesis", "proposal", "ask")
SELF_CONTAINED = 4
ROUTINE_WORDS = 60
WRITEUP_WORDS = 25
LONG_WORDS = 500
SLOW_BUSINESS_DAYS = 2
SHOULD_HAVE_CALLED_AFTER = timedelta(days=1)
REPEAT_JACCARD = 0.5

# Links to documentation: a wiki, a README or another .md file, a docs site, Notion,
# Confluence, Google Docs.
_DOCS = re.compile(
    r"<https?://(?:wiki\.|docs\.|[^/|>]*notion\.so/|[^/|>]*atlassian\.net/wiki/|"
    r"docs\.google\.com/)[^>]*>|<https?://[^|>]*(?:readme|\.md)\b[^>]*>",
    re.IGNORECASE,
)
_MENTION = re.compile(r"<@(U[A-Z0-9]+)>|<!(here|channel)>")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Literal asks of the older templates (topics.py and slack_patterns.py hold the rest).
_OLD_ASKS = ("Can someone look at", "Could someone take a look", "Need a second pair of eyes")
# Elements of the older Japanese requests, by JA_TOPICS index: how-to questions ask only;
# the slow query also says what is wrong and links the query.
_OLD_JA = [
    frozenset({"ask"}),
    frozenset({"ask"}),
    frozenset({"problem", "data", "ask"}),
    frozenset({"ask"}),
]
# Only to check the planted write-ups against the definition (a summary marker, or 25+ words
# that state a decision): the phrases of the summary and decision lexicons they use.
_MARKER = re.compile(
    r"^\W*(summary|tl;?dr|notes|recap|outcome|decision|result)s?\b|\bwe (decided|agreed)\b|"
    r"\b(call|meeting|sync|huddle) (notes|summary|recap)\b|\bafter (the|our) (call|sync|huddle|"
    r"meeting)\b|\bto summari[sz]e\b|^\W*(まとめ|議事録|決まったこと|結論|サマリ|メモ)",
    re.IGNORECASE,
)
_DECIDES = re.compile(
    r"\blet.?s (go with|do|use|ship|proceed|move forward|keep|stick with|choose|pick)\b|"
    r"\bwe.?(ll| will) (go with|do|use|ship|proceed|keep|stick with)\b|\bwe (have )?decided\b|"
    r"\b(decided|decision)\b.{0,3}[:\-]|\b(agreed|approved|lgtm|consensus)\b|決定|にしましょう",
    re.IGNORECASE,
)
_OLD_DEADLINE = re.compile(r"\b(?:by|before) (?:EOD|end of day|tomorrow|Friday|\d\d:\d\d UTC)\b")


def clean(text: str) -> str:
    """Text without code, links, quoted lines, mention markup and emoji codes (as the
    classifier reads words, ``docs/classification.md``)."""
    text = re.sub(r"(?s)```.*?```", " ", text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"<(?:https?|mailto):[^>]*>", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"(?m)^\s*(?:&gt;|>).*$", " ", text)
    text = re.sub(r"<[@#!][^>]*>", " ", text)
    text = re.sub(r"&gt;|&lt;|&amp;", " ", text)
    return re.sub(r":[a-z0-9_+'\-]+:", " ", text)


def words(text: str) -> int:
    """Words of the text; Japanese, written without spaces, counts two characters a word."""
    text = clean(text)
    latin = re.findall(r"[A-Za-z\u00c0-\u024f0-9_'’-]+", text)
    return len(latin) + len(_CJK.findall(text)) // 2


def tokens(text: str) -> frozenset[str]:
    """Lower-cased word tokens, or character pairs for Japanese."""
    text = clean(text).lower()
    if _CJK.search(text):
        chars = re.sub(r"\s+", "", text)
        return frozenset(chars[k : k + 2] for k in range(len(chars) - 1))
    return frozenset(re.findall(r"\w+", text))


def _old_elements(text: str) -> frozenset[str]:
    """The elements of an older opener, from the topic pieces it was built from."""
    found: set[str] = set()
    for t in TOPICS:
        if t.vague in text:
            found |= {"problem", "ask"}
        if t.symptom in text:
            found.add("problem")
        if t.guess in text:
            found.add("hypothesis")
        if t.log.split("{n}")[0] in text:
            found.add("data")
        if t.ask in text:
            found.add("ask")
            if t.thing in dt.ASK_PROPOSES:
                found.add("proposal")
    if any(phrase in text for phrase in _OLD_ASKS):
        found.add("ask")
    for c in CHOICES:
        if c.question in text:
            found.add("ask")
        if c.context in text:
            found.add("data")
            if c.context.startswith("Timeouts"):  # the CSV export question names a problem
                found.add("problem")
    for k, j in enumerate(JA_TOPICS):
        if text == j.vague:
            found |= {"problem", "ask"}
        elif j.request.split("{n}")[0] in text:
            found |= _OLD_JA[k]
    if not found:
        raise ValueError(f"no known element in an older opener: {text[:60]!r}")
    return frozenset(found)


def _pinged(m: Msg, channel: str, participants: dict[str, set[str]]) -> list[Person]:
    """The people a message pings: its mentions, and for @here/@channel the channel's other
    participants in the data."""
    people: list[Person] = []
    for user, everyone in _MENTION.findall(m.text):
        if everyone:
            people += [BY_SLACK[u] for u in sorted(participants[channel]) if u != m.author]
        elif user in BY_SLACK and user != m.author:
            people.append(BY_SLACK[user])
    return people


def _business_days(person: Person, start: datetime, end: datetime) -> float:
    """Time from `start` to `end` inside the person's working hours, in working days."""
    total = timedelta(0)
    day = local(person, start).date()
    while day <= local(person, end).date():
        if day.weekday() < 5:
            lo = max(start, at_local(person, day, person.start))
            hi = min(end, at_local(person, day, person.end))
            total += max(hi - lo, timedelta(0))
        day += timedelta(days=1)
    return total / timedelta(hours=person.end - person.start)


def _bool(value: bool | None) -> object:
    return "" if value is None else value


class _Clusters:
    """Repeated questions: requests whose tokens overlap an earlier request's by a Jaccard
    similarity of at least 0.5 are one cluster (connected components)."""

    def __init__(self, requests: list[tuple[datetime, str, str, str]]) -> None:
        # (asked at, conversation id, opener text, planted cluster)
        requests = sorted(requests)
        toks = {cid: tokens(text) for _, cid, text, _ in requests}
        parent = {cid: cid for _, cid, _, _ in requests}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for (_, a, _, _), (_, b, _, _) in combinations(requests, 2):
            ta, tb = toks[a], toks[b]
            if ta and tb and len(ta & tb) / len(ta | tb) >= REPEAT_JACCARD:
                parent[find(b)] = find(a)
        groups: dict[str, list[str]] = {}
        for _, cid, _, _ in requests:  # in time order: the first asker names the group
            groups.setdefault(find(cid), []).append(cid)
        planted: dict[str, set[str]] = {}
        for _, cid, _, name in requests:
            if name:
                planted.setdefault(name, set()).add(cid)
        self.label: dict[str, str] = {}
        recurring = 0
        for members in groups.values():
            if len(members) < 2:
                continue
            names = {name for name, cids in planted.items() if cids & set(members)}
            if names:
                (name,) = names
                if planted[name] != set(members):
                    raise ValueError(f"planted cluster {name} joined other requests")
            else:
                recurring += 1
                name = f"recurring-{recurring:02d}"
            for cid in members:
                self.label[cid] = name
        if set(planted) - set(self.label.values()):
            raise ValueError("a planted repeated question is not similar enough")


def diag_rows(sample: Sample) -> list[dict[str, object]]:
    """One row per conversation, in the order of ``truth.csv``."""
    core = {str(r["conversation_id"]): r for r in sample.truth()}
    participants: dict[str, set[str]] = {}
    for conv in sample.conversations:
        for m in conv.messages():
            if not m.is_bot and m.author in BY_SLACK:
                participants.setdefault(conv.channel, set()).add(m.author)
    ends = [m.at for c in sample.conversations for m in c.messages()]
    ends += [e.at for p in sample.pulls for e in p.events] + [p.opened_at for p in sample.pulls]
    observed_until = max(ends)
    clusters = _Clusters(
        [
            (c.opener.at, _cid(c), c.opener.text, c.cluster)
            for c in sample.conversations
            if core[_cid(c)]["is_request"]
        ]
    )
    by_id: dict[str, dict[str, object]] = {}
    for conv in sample.conversations:
        row = _slack(conv, core[_cid(conv)], participants, observed_until, clusters)
        by_id[_cid(conv)] = row
    for pull in sample.pulls:
        by_id[pull.conversation_id] = _pull(pull, core[pull.conversation_id])
    return [by_id[cid] for cid in core]


def _cid(conv: SlackConv) -> str:
    return f"{CHANNEL[conv.channel].id}:{conv.opener.ts}"


def _slack(
    conv: SlackConv,
    core: dict[str, object],
    participants: dict[str, set[str]],
    observed_until: datetime,
    clusters: _Clusters,
) -> dict[str, object]:
    cid = CHANNEL[conv.channel].id
    msgs = conv.messages()
    is_request = bool(core["is_request"])
    pings = sum(
        not in_hours(p, m.at)
        for m in msgs
        if not m.is_bot
        for p in _pinged(m, conv.channel, participants)
    )
    status = conv.channel == "standup"
    row: dict[str, object] = {
        "conversation_id": core["conversation_id"],
        "pattern": conv.pattern,
        "after_hours_pings": pings,
        "ambiguous_deadline": conv.ambiguous_deadline,
        "deadline_phrase": _deadline_phrase(conv),
        "status_post": status,
        "good_shape": _bool(_good_shape(conv) if status else None),
        "blocked": _bool(_blocked(conv) if status else None),
        "repeat_cluster": clusters.label.get(str(core["conversation_id"]), ""),
    }
    if not is_request:
        return _blank_request() | row
    humans = [m for m in msgs if not m.is_bot]
    requester = conv.opener.author
    turns = [Turn(m.at, f"{cid}:{m.ts}", m.author == requester, m.intent) for m in humans]
    _silence_nudges(turns)
    escalation = next((m for m in msgs if m.role == "escalation" or m.text in ph.CALLS), None)
    written_up = needless = None
    if escalation is not None:
        before = [t for t in turns if t.at < escalation.at]
        trips = sum(1 for a, b in pairwise(before) if b.mine and not a.mine)
        followups = sum(t.intent in FOLLOWUPS for t in before)
        routine = words(conv.opener.text) <= ROUTINE_WORDS
        needless = trips == 0 and followups == 0 and routine
        after = [m for m in humans if m.at > escalation.at]
        written_up = any(m.role == "writeup" for m in after)
        _check_writeups(after)
    elements = conv.elements if conv.elements is not None else _old_elements(conv.opener.text)
    doc = any(
        m.author != requester and m.intent in RESPONDER_ACTIONABLE and _DOCS.search(m.text)
        for m in humans
    )
    decided_at = _decided_at(conv, str(core["convergence_id"]), cid)
    back_and_forth = (decided_at or humans[-1].at) - conv.opener.at
    person = BY_SLACK[requester]
    waited = _business_days(person, conv.opener.at, decided_at or observed_until)
    long = max(words(m.text) for m in humans) >= LONG_WORDS
    # None of the planted requests sets out to organise a meeting (`scheduling`).
    return row | {
        "escalated": escalation is not None,
        "escalation_id": f"{cid}:{escalation.ts}" if escalation else "",
        "written_up": _bool(written_up),
        "should_have_called": bool(core["needs_sync"])
        and escalation is None
        and back_and_forth >= SHOULD_HAVE_CALLED_AFTER,
        "needless_escalation": _bool(needless),
        "quality_elements": len(elements),
        "self_contained": len(elements) >= SELF_CONTAINED,
        "doc_pointer_reply": doc,
        "long_and_slow": long and waited >= SLOW_BUSINESS_DAYS,
    }


def _check_writeups(after: Iterable[Msg]) -> None:
    """A tagged write-up is one by the definition (a summary marker, or 25+ words that state a
    decision), and no other message after the escalation is."""
    for m in after:
        decides = words(m.text) >= WRITEUP_WORDS and bool(_DECIDES.search(m.text))
        is_writeup = bool(_MARKER.search(m.text)) or decides
        if is_writeup != (m.role == "writeup"):
            raise ValueError(f"write-up tag disagrees with the definition: {m.text[:60]!r}")


def _decided_at(conv: SlackConv, convergence_id: str, cid: str) -> datetime | None:
    if not convergence_id:
        return None
    humans = [m for m in conv.messages() if not m.is_bot]
    if convergence_id == f"{cid}:{conv.opener.ts}":  # a reaction on the request itself
        return humans[-1].at
    return next(m.at for m in humans if f"{cid}:{m.ts}" == convergence_id)


def _deadline_phrase(conv: SlackConv) -> str:
    if conv.deadline_phrase or conv.pattern not in ("eod_deadline", "self_contained"):
        return conv.deadline_phrase
    found = _OLD_DEADLINE.search(conv.opener.text)
    return found.group(0) if found else ""


def _good_shape(conv: SlackConv) -> bool:
    # The older standups all hold Yesterday/Done, one Today/Next item and Blockers.
    return True if conv.good_shape is None else conv.good_shape


def _blocked(conv: SlackConv) -> bool:
    if conv.good_shape is None:  # an older standup: its last line is the blocker
        return not conv.opener.text.endswith("none")
    return conv.blocked


def _blank_request() -> dict[str, object]:
    return {
        "escalated": "",
        "escalation_id": "",
        "written_up": "",
        "should_have_called": "",
        "needless_escalation": "",
        "quality_elements": "",
        "self_contained": "",
        "doc_pointer_reply": "",
        "long_and_slow": "",
    }


def _pull(pull: Pull, core: dict[str, object]) -> dict[str, object]:
    pings = sum(
        1
        for e in pull.events
        if e.kind == "review_requested"
        and e.requested in BY_LOGIN
        and not in_hours(BY_LOGIN[e.requested], e.at)
    )
    row: dict[str, object] = {
        "conversation_id": core["conversation_id"],
        "pattern": pull.pattern,
        "after_hours_pings": pings,
        "ambiguous_deadline": False,
        "deadline_phrase": "",
        "status_post": False,
        "good_shape": "",
        "blocked": "",
        "repeat_cluster": "",
    }
    if not core["is_request"]:
        return _blank_request() | row
    # Pull requests hold no calls, no links to documentation and no long messages; their
    # templated descriptions are not scored for self-containedness (see the README).
    events = pull.sorted_events()
    ready = [e.at for e in events if e.kind == "ready"]
    clock = ready[0] if pull.opened_as_draft else pull.opened_at
    decided = [e.at for e in events if _pr_id(pull, e) == core["convergence_id"]]
    turns = [
        e.at
        for e in events
        if e.at >= clock
        and e.who not in GITHUB_BOTS
        and (
            e.kind in ("review", "review_comment", "comment")
            or (e.kind in ("merged", "closed") and e.who != pull.author)
            or (e.who == pull.author and e.kind in ("commit", "review_requested"))
        )
    ]
    back_and_forth = (decided[0] if decided else max([clock, *turns])) - clock
    return (
        row
        | _blank_request()
        | {
            "escalated": False,
            "should_have_called": bool(core["needs_sync"])
            and back_and_forth >= SHOULD_HAVE_CALLED_AFTER,
            "doc_pointer_reply": False,
            "long_and_slow": False,
        }
    )
