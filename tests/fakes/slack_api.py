"""A fake Slack Web API over real HTTP: a small workspace the real ``WebClient`` can sync.

It serves what the exporter uses, the way Slack does it:

- ``auth.test``, ``conversations.list``, ``conversations.history``, ``conversations.replies``
  and ``users.list``; the token comes in the ``Authorization: Bearer`` header and the
  parameters in a urlencoded POST body (slack_sdk's sync client always POSTs);
- errors as HTTP 200 with ``{"ok": false, "error": ...}`` (``invalid_auth``, ``not_authed``,
  ``token_revoked``, ``missing_scope`` with ``needed``, ``not_in_channel``,
  ``channel_not_found``, ``thread_not_found``, ``not_allowed_token_type``);
- history newest first, filtered by ``oldest``/``latest``/``inclusive``; replies parent
  first; both paginated with opaque cursors (``has_more``, ``response_metadata.next_cursor``)
  and pages never larger than ``max_page`` whatever ``limit`` asks (Slack may return fewer);
- a thread parent carries ``reply_count``, ``reply_users``, ``latest_reply``; a deleted
  parent that still has replies turns into a ``tombstone`` message.

Faults are declared with the inherited ``fail_next`` (see ``rate_limit_next``,
``server_error_next``, ``drop_next``); ``kill_at`` SIGKILLs a client process when the n-th
request arrives; ``hold`` blocks a method until released. Every request is in ``requests``.
"""

from __future__ import annotations

import base64
import contextlib
import os
import random
import re
import signal
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .server import FakeServer, Request, Response

TOKEN = "xoxb-fake-0000-test-token"
ALL_SCOPES = frozenset(
    {"channels:read", "groups:read", "channels:history", "groups:history", "users:read"}
)
START = datetime(2026, 7, 1, tzinfo=UTC)

_CHANNEL_NAMES = ["eng", "eng-platform", "data-help", "design", "ops", "support", "random"]
_PEOPLE = [
    ("U001", "aiko", "Asia/Tokyo"),
    ("U002", "ben", "Europe/Berlin"),
    ("U003", "carla", "America/New_York"),
    ("U004", "dev", "Asia/Kolkata"),
    ("U005", "emma", "Europe/London"),
    ("U006", "femi", "Africa/Lagos"),
    ("U007", "gus", "America/Los_Angeles"),
    ("U008", "hana", "Asia/Tokyo"),
]
_PHRASES = [
    "Can someone review the deploy script?",
    "Let's ship it on Thursday.",
    "Which region should the new cache live in?",
    "I restarted the runner, looks fine now.",
    "Do we still need the legacy endpoint?",
    "Decision: we keep Postgres.",
    "Could you take a look at the flaky test?",
    "Thanks, merged.",
    "ステージングの確認をお願いできますか？",
    "了解です、対応します。",
]


class SlackError(Exception):
    """What a method answers with ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    created: int = int(START.timestamp()) - 86_400
    is_member: bool = True

    def listing(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.is_private,
            "is_group": False,
            "is_private": self.is_private,
            "is_archived": False,
            "is_member": self.is_member,
            "created": self.created,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": f"all about {self.name}", "creator": "", "last_set": 0},
        }


@dataclass
class Gate:
    """A method held until released: ``reached`` is set when a request waits on it."""

    method: str
    reached: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.opened.set()


class FakeSlack(FakeServer):
    """A Slack workspace: users, channels, messages (by channel id, then ``ts``)."""

    def __init__(self, *, token: str = TOKEN, max_page: int = 200) -> None:
        super().__init__()
        self.token = token
        self.max_page = max_page
        self.scopes: set[str] = set(ALL_SCOPES)
        self.revoked = False
        self.refused_to_this_token: set[str] = set()  # methods answering not_allowed_token_type
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, dict[str, dict[str, Any]]] = {}
        self.gates: list[Gate] = []
        self._data = threading.RLock()
        self._kill: tuple[int, int, float] | None = None
        self._clock = START
        self._version = 0  # bumped by every change, keys the thread index
        self._threads: dict[str, tuple[int, dict[str, list[str]]]] = {}

    # -- building a workspace ------------------------------------------------------------

    def add_user(self, uid: str, name: str, tz: str = "UTC", *, is_bot: bool = False) -> None:
        self.users[uid] = {
            "id": uid,
            "name": name,
            "real_name": name.title(),
            "deleted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "tz": tz,
            "tz_label": tz,
            "tz_offset": 0,
            "profile": {"display_name": name, "real_name": name.title()},
        }

    def add_channel(self, cid: str, name: str, **options: Any) -> Channel:
        channel = Channel(cid, name, **options)
        self.channels[cid] = channel
        self.messages[cid] = {}
        return channel

    @classmethod
    def generated(
        cls,
        n_channels: int = 3,
        n_messages: int = 300,
        seed: int = 0,
        *,
        days: int = 90,
        reply_share: float = 0.5,
        thread_share: float = 0.3,
        **options: Any,
    ) -> FakeSlack:
        """A seeded workspace of ``n_messages`` (parents, replies, a few joins and bots)
        spread over ``n_channels`` channels and ``days`` days from 2026-07-01.

        About ``reply_share`` of the messages are replies, to one of the latest threads; a
        top-level message starts a thread with probability ``thread_share``.
        """
        rng = random.Random(seed)
        fake = cls(**options)
        for uid, name, tz in _PEOPLE:
            fake.add_user(uid, name, tz)
        fake.add_user("U0BOT", "deploybot", "UTC", is_bot=True)
        people = [uid for uid, _, _ in _PEOPLE]
        for i in range(n_channels):
            name = _CHANNEL_NAMES[i] if i < len(_CHANNEL_NAMES) else f"team-{i}"
            fake.add_channel(f"C{i + 1:04d}", name, is_private=(i % 4 == 3))
        span = days * 86_400
        used: set[str] = set()
        per_channel = [
            n_messages // n_channels + (i < n_messages % n_channels) for i in range(n_channels)
        ]
        for cid, count in zip(fake.channels, per_channel, strict=True):
            seconds = sorted(rng.uniform(0, span) for _ in range(count))
            parents: list[str] = []
            for n, offset in enumerate(seconds):
                when = START + timedelta(seconds=offset)
                ts = _unique_ts(when, rng, used)
                user = rng.choice(people)
                text = f"{rng.choice(_PHRASES)} #{n}"
                if rng.random() < 0.15:
                    text += f" <@{rng.choice(people)}>"
                message: dict[str, Any] = {"type": "message", "user": user, "text": text, "ts": ts}
                if n == 0:
                    message |= {"subtype": "channel_join", "text": f"<@{user}> has joined"}
                elif parents and rng.random() < reply_share:
                    message["thread_ts"] = rng.choice(parents[-3:])
                    message["parent_user_id"] = fake.messages[cid][message["thread_ts"]]["user"]
                else:
                    if rng.random() < thread_share:
                        parents.append(ts)
                    elif rng.random() < 0.07:
                        message |= {"subtype": "bot_message", "bot_id": "B0BOT", "user": "U0BOT"}
                if rng.random() < 0.1:
                    message["reactions"] = [
                        {"name": "+1", "users": [rng.choice(people)], "count": 1}
                    ]
                fake.messages[cid][ts] = message
        fake._clock = START + timedelta(seconds=span)
        return fake

    # -- changing it between syncs -------------------------------------------------------

    def channel_id(self, channel: str) -> str:
        for cid, c in self.channels.items():
            if channel in (cid, c.name):
                return cid
        raise KeyError(channel)

    def post(
        self,
        channel: str,
        text: str,
        *,
        user: str = "U001",
        thread_ts: str | None = None,
        when: datetime | None = None,
    ) -> str:
        """Add a message (a reply when ``thread_ts`` is given); returns its ``ts``."""
        cid = self.channel_id(channel)
        with self._data:
            self._version += 1
            self._clock = when or self._clock + timedelta(minutes=7)
            ts = f"{int(self._clock.timestamp())}.{self._clock.microsecond:06d}"
            message: dict[str, Any] = {"type": "message", "user": user, "text": text, "ts": ts}
            if thread_ts:
                message |= {
                    "thread_ts": thread_ts,
                    "parent_user_id": self.messages[cid][thread_ts]["user"],
                }
            self.messages[cid][ts] = message
        return ts

    def edit(self, channel: str, ts: str, text: str) -> None:
        cid = self.channel_id(channel)
        with self._data:
            self._version += 1
            self._clock += timedelta(minutes=1)
            message = self.messages[cid][ts]
            message["text"] = text
            message["edited"] = {"user": message["user"], "ts": f"{self._clock.timestamp():.6f}"}

    def delete(self, channel: str, ts: str) -> None:
        """Delete a message; a parent with replies left becomes a ``tombstone``, as in Slack."""
        cid = self.channel_id(channel)
        with self._data:
            self._version += 1
            if self._replies(cid).get(ts):
                self.messages[cid][ts] = {
                    "type": "message",
                    "subtype": "tombstone",
                    "user": "USLACKBOT",
                    "text": "This message was deleted.",
                    "ts": ts,
                    "thread_ts": ts,
                    "hidden": True,
                }
            else:
                del self.messages[cid][ts]

    def react(self, channel: str, ts: str, name: str, user: str) -> None:
        cid = self.channel_id(channel)
        with self._data:
            self._version += 1
            reactions = self.messages[cid][ts].setdefault("reactions", [])
            reactions.append({"name": name, "users": [user], "count": 1})

    # -- what a complete export must hold ------------------------------------------------

    def content_messages(self) -> dict[str, dict[str, Any]]:
        """Every message a reader keeps, by ``<channel id>:<ts>``: no joins, no tombstones."""
        out = {}
        for cid, messages in self.messages.items():
            for ts, m in messages.items():
                if m.get("subtype") not in {"channel_join", "tombstone"}:
                    out[f"{cid}:{ts}"] = {
                        "channel": self.channels[cid].name,
                        "text": m["text"],
                        "conversation_id": f"{cid}:{m.get('thread_ts', ts)}",
                    }
        return out

    def thread_count(self) -> int:
        return sum(len(self._replies(cid)) for cid in self.channels)

    # -- faults and control --------------------------------------------------------------

    def rate_limit_next(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        body = {"ok": False, "error": "ratelimited"}
        self.fail_next(_path(method), Response(429, body, {"Retry-After": str(retry_after)}), times)

    def server_error_next(self, method: str, times: int = 1, status: int = 500) -> None:
        page = b"<html>\n<body>Bad gateway\n</body>\n</html>"
        self.fail_next(_path(method), Response(status, page, {"Content-Type": "text/html"}), times)

    def drop_next(self, method: str, times: int = 1) -> None:
        self.fail_next(_path(method), Response(drop_connection=True), times)

    def kill_at(self, request_number: int, pid: int, delay: float = 0.0) -> None:
        """SIGKILL ``pid`` ``delay`` seconds after the ``request_number``-th request arrives."""
        self._kill = (request_number, pid, delay)

    def hold(self, method: str) -> Gate:
        gate = Gate(method)
        self.gates.append(gate)
        return gate

    def calls(self, method: str) -> list[dict[str, str]]:
        """The parameters of every request to ``method``, in order."""
        return [r.form() for r in list(self.requests) if r.path == f"/api/{method}"]

    # -- serving -------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        method = request.path.removeprefix("/api/")
        self._maybe_kill()
        for gate in self.gates:
            if gate.method == method and not gate.opened.is_set():
                gate.reached.set()
                gate.opened.wait(timeout=30)
        serve = getattr(self, "_api_" + method.replace(".", "_"), None)
        try:
            self._check_token(request.headers.get("authorization"))
            if serve is None:
                raise SlackError("unknown_method")
            if method in self.refused_to_this_token:
                raise SlackError("not_allowed_token_type")
            with self._data:
                body = serve(request.form())
        except SlackError as exc:
            body = {"ok": False, "error": exc.error, **exc.extra}
        return Response(200, body)

    def _maybe_kill(self) -> None:
        if self._kill and len(self.requests) >= self._kill[0]:
            _, pid, delay = self._kill
            self._kill = None
            threading.Timer(delay, _kill, (pid,)).start()

    def _check_token(self, header: str | None) -> None:
        if not header:
            raise SlackError("not_authed")
        if header != f"Bearer {self.token}":
            raise SlackError("invalid_auth")
        if self.revoked:
            raise SlackError("token_revoked")

    def _need(self, scope: str) -> None:
        if scope not in self.scopes:
            raise SlackError("missing_scope", needed=scope, provided=",".join(sorted(self.scopes)))

    def _channel(self, form: dict[str, str], verb: str) -> str:
        channel = self.channels.get(form.get("channel", ""))
        if channel is None:
            raise SlackError("channel_not_found")
        self._need(f"{'groups' if channel.is_private else 'channels'}:{verb}")
        if not channel.is_member:
            raise SlackError("not_in_channel")
        return channel.id

    def _api_auth_test(self, form: dict[str, str]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.com/",
            "team": "Fake",
            "user": "asyncmetrics",
            "team_id": "T0001",
            "user_id": "U0APP",
            "bot_id": "B0APP",
        }

    def _api_users_list(self, form: dict[str, str]) -> dict[str, Any]:
        self._need("users:read")
        users = [self.users[k] for k in sorted(self.users)]
        page, cursor = _page(
            users, form, key=lambda u: u["id"], prefix="user", max_page=self.max_page
        )
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}

    def _api_conversations_list(self, form: dict[str, str]) -> dict[str, Any]:
        types = set(form.get("types", "public_channel").split(","))
        if "public_channel" in types:
            self._need("channels:read")
        if "private_channel" in types:
            self._need("groups:read")
        wanted = [
            c.listing()
            for _, c in sorted(self.channels.items())
            if ("private_channel" if c.is_private else "public_channel") in types
        ]
        page, cursor = _page(
            wanted, form, key=lambda c: c["id"], prefix="channel", max_page=self.max_page
        )
        return {"ok": True, "channels": page, "response_metadata": {"next_cursor": cursor}}

    def _api_conversations_history(self, form: dict[str, str]) -> dict[str, Any]:
        cid = self._channel(form, "history")
        inclusive = form.get("inclusive") in {"1", "true"}
        oldest, latest = form.get("oldest"), form.get("latest")
        threads = self._replies(cid)
        visible = [
            self._rendered(cid, ts, threads)
            for ts, m in self.messages[cid].items()
            if m.get("thread_ts", ts) == ts or m.get("subtype") == "thread_broadcast"
            if _within(ts, oldest, latest, inclusive)
        ]
        visible.sort(key=lambda m: _ts_key(m["ts"]), reverse=True)
        page, cursor = _page(
            visible,
            form,
            key=lambda m: m["ts"],
            prefix="ts",
            max_page=self.max_page,
            default_limit=100,
            descending=True,
        )
        return {
            "ok": True,
            "messages": page,
            "has_more": bool(cursor),
            "pin_count": 0,
            "response_metadata": {"next_cursor": cursor},
        }

    def _api_conversations_replies(self, form: dict[str, str]) -> dict[str, Any]:
        cid = self._channel(form, "history")
        ts = form.get("ts", "")
        parent = self.messages[cid].get(ts)
        if parent is None or parent.get("thread_ts", ts) != ts:
            raise SlackError("thread_not_found")
        threads = self._replies(cid)
        thread = [self._rendered(cid, ts, threads)]
        thread += [dict(self.messages[cid][r]) for r in threads.get(ts, [])]
        page, cursor = _page(
            thread,
            form,
            key=lambda m: m["ts"],
            prefix="ts",
            max_page=self.max_page,
            default_limit=1000,
        )
        return {
            "ok": True,
            "messages": page,
            "has_more": bool(cursor),
            "response_metadata": {"next_cursor": cursor},
        }

    def _replies(self, cid: str) -> dict[str, list[str]]:
        """Reply ``ts`` by parent ``ts``, oldest first (indexed until the next change)."""
        cached = self._threads.get(cid)
        if cached and cached[0] == self._version:
            return cached[1]
        threads: dict[str, list[str]] = {}
        for ts, m in self.messages[cid].items():
            if m.get("thread_ts", ts) != ts:
                threads.setdefault(m["thread_ts"], []).append(ts)
        index = {p: sorted(r, key=_ts_key) for p, r in threads.items()}
        self._threads[cid] = (self._version, index)
        return index

    def _rendered(self, cid: str, ts: str, threads: dict[str, list[str]]) -> dict[str, Any]:
        """A message as the API shows it: parents carry their thread's summary."""
        message = dict(self.messages[cid][ts])
        replies = threads.get(ts, []) if message.get("thread_ts", ts) == ts else []
        if replies:
            people = list(dict.fromkeys(self.messages[cid][r]["user"] for r in replies))
            message |= {
                "thread_ts": ts,
                "reply_count": len(replies),
                "reply_users_count": len(people),
                "reply_users": people[:5],
                "latest_reply": replies[-1],
            }
        return message


def _path(method: str) -> str:
    return "^/api/" + re.escape(method) + "$"


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _unique_ts(when: datetime, rng: random.Random, used: set[str]) -> str:
    while True:
        ts = f"{int(when.timestamp())}.{rng.randrange(1_000_000):06d}"
        if ts not in used:
            used.add(ts)
            return ts


def _ts_key(ts: str) -> tuple[int, int]:
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)


def _within(ts: str, oldest: str | None, latest: str | None, inclusive: bool) -> bool:
    key = _ts_key(ts)
    if oldest is not None:
        low = _ts_key(oldest)
        if key < low or (key == low and not inclusive):
            return False
    if latest is not None:
        high = _ts_key(latest)
        if key > high or (key == high and not inclusive):
            return False
    return True


def _page(
    items: list[dict[str, Any]],
    form: dict[str, str],
    *,
    key: Any,
    prefix: str,
    max_page: int,
    default_limit: int = 100,
    descending: bool = False,
) -> tuple[list[dict[str, Any]], str]:
    """One page of ``items`` from the cursor on, and the cursor of the next page ("" at the end).

    Cursors name the first item of the next page (base64 of ``<prefix>:<key>``, like Slack's),
    so a page boundary stays put when items are added or removed elsewhere.
    """
    start = 0
    if form.get("cursor"):
        try:
            kind, _, first = base64.b64decode(form["cursor"]).decode().partition(":")
        except ValueError:
            raise SlackError("invalid_cursor") from None
        if kind != prefix:
            raise SlackError("invalid_cursor")
        keys = [key(i) for i in items]
        if first in keys:
            start = keys.index(first)
        else:  # the item was removed: continue after where it would have been
            order = _ts_key if prefix == "ts" else str
            start = sum(
                1
                for k in keys
                if (order(k) > order(first) if descending else order(k) < order(first))
            )
    size = min(int(form.get("limit") or default_limit) or default_limit, max_page)
    page = items[start : start + size]
    rest = items[start + size :]
    cursor = base64.b64encode(f"{prefix}:{key(rest[0])}".encode()).decode() if rest else ""
    return [dict(i) for i in page], cursor
