"""Live Slack export: channels' history and threads through the Web API into a store.

``sync_slack`` keeps every API page it receives as a raw record (the source of truth, see
:mod:`asyncmetrics.export.store`) and rebuilds ``<store>/slack/`` from them in the layout of
Slack's own workspace export, so :func:`asyncmetrics.load` reads a synced store the way it
reads an export ZIP. Setup, scopes and the 2025 rate limits: ``docs/export-slack.md``.

Raw records, one per API page::

    raw/slack/_channels/...   {"method": "conversations.list", "params": {...}, "response": {...}}
    raw/slack/_users/...      {"method": "users.list", ...}
    raw/slack/<channel id>/.. {"method": "conversations.history" | "conversations.replies", ...}
                              {"method": "asyncmetrics.deleted", "params": {...},
                               "response": {"ts": [...]}}   messages Slack no longer returns
"""

from __future__ import annotations

import contextlib
import difflib
import http.client
import json
import logging
import os
import random
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from asyncmetrics.errors import (
    AccessError,
    AuthError,
    InputError,
    ServiceError,
)
from asyncmetrics.export.progress import announce_wait, progress_bar
from asyncmetrics.export.store import Store, atomic_write

log = logging.getLogger("asyncmetrics")

DEFAULT_API_URL = "https://slack.com/api/"
API_URL_ENV = "ASYNCMETRICS_SLACK_API_URL"
SOURCE = "slack"
USERS_SCOPE = "_users"
CHANNELS_SCOPE = "_channels"
DELETED = "asyncmetrics.deleted"
PAGE_LIMIT = 200
# Raw pages are written this many at a time (each batch is one atomic file): a killed sync
# loses at most this many pages of work, never data already written.
BATCH_PAGES = 25

_AUTH_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)


class SlackAuthError(AuthError):
    """Slack rejected the token."""


class SlackPermissionError(AccessError):
    """The token works but may not read something: a missing scope, a channel not joined."""


class SlackChannelError(InputError):
    """A channel asked for that the token cannot see."""


class SlackUnavailableError(ServiceError):
    """Slack kept failing (rate limits, server or network errors) after every retry."""


@dataclass
class ChannelReport:
    """What one channel's sync fetched and changed."""

    channel_id: str
    name: str
    fetched: int = 0
    new: int = 0
    changed: int = 0
    deleted: int = 0
    threads_fetched: int = 0
    requests: int = 0


@dataclass
class SyncReport:
    """What a sync did: per channel counts, requests made, time spent waiting on limits."""

    channels: list[ChannelReport] = field(default_factory=list)
    requests: int = 0
    retries: int = 0
    seconds_waited: float = 0.0

    def summary(self) -> str:
        lines = [
            f"#{c.name}: {c.fetched} messages fetched, {c.new} new, {c.changed} changed, "
            f"{c.deleted} deleted ({c.threads_fetched} threads, {c.requests} requests)"
            for c in self.channels
        ]
        lines.append(
            f"{self.requests} requests, {self.retries} retries, "
            f"{self.seconds_waited:.0f} s waited on Slack"
        )
        return "\n".join(lines)


# -- the client --------------------------------------------------------------------------


class _Announcing:
    """Say why and how long we wait before a retry, and keep count."""

    waited: float = 0.0
    retries: int = 0

    def _wait(self, state: RetryState, seconds: float, reason: str) -> None:
        announce_wait("Slack", seconds, reason)
        time.sleep(seconds)
        self.waited += seconds
        self.retries += 1
        state.next_attempt_requested = True
        state.increment_current_attempt()


class _RateLimitHandler(_Announcing, RateLimitErrorRetryHandler):
    """HTTP 429: wait what ``Retry-After`` says (plus up to ``jitter`` s), telling the user."""

    def __init__(self, max_retry_count: int = 10, jitter: float = 1.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.jitter = jitter

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error  # type: ignore[misc]
        header = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
        value = header[0] if isinstance(header, list) else header
        try:
            seconds = max(0.0, float(value)) if value is not None else 1.0
        except ValueError:
            seconds = 1.0
        seconds += random.random() * self.jitter
        self._wait(state, seconds, f"rate limit on {_method_of(request.url)} (HTTP 429)")


class _ServerErrorHandler(_Announcing, ServerErrorRetryHandler):
    """HTTP 500/502/503/504: back off exponentially."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code in {500, 502, 503, 504}

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        seconds = self.interval_calculator.calculate_sleep_duration(state.current_attempt)
        status = response.status_code if response is not None else "?"
        self._wait(state, seconds, f"server error {status} on {_method_of(request.url)}")


class _ConnectionErrorHandler(_Announcing, ConnectionErrorRetryHandler):
    """Resets, drops and timeouts: back off exponentially."""

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        seconds = self.interval_calculator.calculate_sleep_duration(state.current_attempt)
        reason = f"connection error on {_method_of(request.url)} ({type(error).__name__})"
        self._wait(state, seconds, reason)


class _Jitter(Jitter):
    """Up to ``amount`` seconds more (slack_sdk's own jitter always adds up to a second)."""

    def __init__(self, amount: float) -> None:
        self.amount = amount

    def recalculate(self, duration: float) -> float:
        return duration + random.random() * self.amount


def slack_client(
    token: str,
    api_url: str | None = None,
    *,
    backoff: float = 0.5,
    jitter: float = 1.0,
    timeout: int = 30,
) -> WebClient:
    """A ``WebClient`` with retries on rate limits, server errors and connection errors.

    slack_sdk retries only connection errors, once, unless told otherwise; a long export
    needs all three, and the user needs to see why it pauses.

    Args:
        token: a bot (``xoxb-``) or user (``xoxp-``) token.
        api_url: the Web API base URL; default ``$ASYNCMETRICS_SLACK_API_URL`` or Slack's
            (GovSlack: your instance's, e.g. ``https://slack-gov.com/api/``).
        backoff: first back-off in seconds after a server or connection error (doubles).
        jitter: at most this many random seconds added to each wait (``Retry-After``
            included), so that clients do not retry in lockstep.
        timeout: seconds per request.
    """
    token = token.strip()
    if not token or any(c.isspace() or not c.isprintable() for c in token):
        # http.client would refuse it with an error quoting the whole header, token included.
        raise SlackAuthError(
            "SLACK_TOKEN is empty or holds spaces or line breaks: set it to the token alone "
            "(docs/export-slack.md)"
        )
    interval = BackoffRetryIntervalCalculator(backoff_factor=backoff, jitter=_Jitter(jitter))
    return WebClient(
        token=token,
        base_url=api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL,
        timeout=timeout,
        retry_handlers=[
            _ConnectionErrorHandler(
                max_retry_count=3,
                interval_calculator=interval,
                error_types=[URLError, ConnectionError, http.client.HTTPException, TimeoutError],
            ),
            _RateLimitHandler(max_retry_count=10, jitter=jitter),
            _ServerErrorHandler(max_retry_count=3, interval_calculator=interval),
        ],
    )


def _method_of(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0]


class _Api:
    """Calls that count themselves and turn Slack's errors into ours (never with the token)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self.calls = 0
        self.where = client.base_url
        self.app = "your-app"  # the app's bot user, once auth.test has named it

    def call(
        self,
        method: str,
        params: Mapping[str, Any],
        *,
        channel: str | None = None,
        tolerate: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        self.calls += 1
        try:
            response = self.client.api_call(method, params=dict(params))
        except SlackApiError as exc:
            data = exc.response.data if isinstance(exc.response.data, dict) else {}
            error = str(data.get("error") or "")
            if not re.fullmatch(r"[a-z0-9_]+", error):
                # A proxy's or load balancer's page, not a Slack error code.
                error = f"HTTP {exc.response.status_code}"
            if error in tolerate:
                return data
            raise _error_for(method, error, data.get("needed"), channel, self.app) from None
        except ValueError:
            # e.g. http.client refusing a header: its message would quote the token.
            raise SlackAuthError(
                f"Slack {method} could not be sent: check that SLACK_TOKEN holds only the token"
            ) from None
        except (URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or type(exc).__name__
            raise SlackUnavailableError(
                f"cannot reach the Slack API at {self.where} ({reason}) after retries; "
                "check the network (and --api-url), then run again: what was synced is kept"
            ) from None
        return dict(response.data)  # type: ignore[arg-type]

    def pages(
        self, method: str, params: Mapping[str, Any], *, channel: str | None = None, **kw: Any
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(params, response) of every page. Cursors are followed by hand: slack_sdk's own
        page iterator hands out one mutated response object, unsafe to keep."""
        request = dict(params)
        while True:
            response = self.call(method, request, channel=channel, **kw)
            yield request, response
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not response.get("ok") or not cursor:
                return
            request = {**params, "cursor": cursor}


def _error_for(
    method: str, error: str, needed: str | None, channel: str | None, app: str = "your-app"
) -> Exception:
    where = f"#{channel}" if channel else "the channel"
    if error in _AUTH_ERRORS:
        return SlackAuthError(
            f"Slack rejected the token ({error}): check SLACK_TOKEN; it must be the current "
            "xoxb-/xoxp- token of your internal Slack app (docs/export-slack.md)"
        )
    if error == "missing_scope":
        scope = needed or "a scope"
        return SlackPermissionError(
            f"the token lacks the Slack scope {scope} ({method} needs it): add it under "
            "OAuth & Permissions of your app, reinstall the app and use the new token"
        )
    if error == "not_in_channel":
        return SlackPermissionError(
            f"the app is not a member of {where}: invite it (/invite @{app} in {where}) "
            "and run again"
        )
    if error == "not_allowed_token_type":
        return SlackPermissionError(
            f"Slack refuses this kind of token for {method}: use a user token (xoxp-) of your "
            "internal app with the same scopes (docs/export-slack.md, bot or user token)"
        )
    if error == "channel_not_found":
        return SlackChannelError(
            f"Slack does not find {where} ({method}: channel_not_found); check the name, and "
            "for a private channel invite the app first"
        )
    if error == "ratelimited":
        return SlackUnavailableError(
            f"Slack kept rate-limiting {method} after 10 waits; run again later (what was "
            "synced is kept). A distributed non-Marketplace app gets 1 request/minute: use an "
            "internal app (docs/export-slack.md)"
        )
    return SlackUnavailableError(
        f"Slack {method} failed ({error}) after retries; run again later: what was synced is kept"
    )


# -- the sync ----------------------------------------------------------------------------


def sync_slack(
    store: str | Path,
    channels: Sequence[str],
    *,
    since: datetime | None,
    token: str,
    api_url: str | None = None,
    rescan_days: int = 30,
    progress: bool = True,
    client: WebClient | None = None,
) -> SyncReport:
    """Fetch what changed in ``channels`` since the last sync into ``store``.

    Everything that can be refused is checked before the store is touched: the token
    (``auth.test``), the channels (``conversations.list``), the users (``users.list``) and
    read access to each channel (its first page of history). Then, holding the store's
    lock, each channel's pages are appended as raw records, ``<store>/slack/`` is rebuilt
    from all raw records, and the channel's state is committed.

    The first sync reads each channel's history from ``since`` (all of it when ``None``);
    later syncs re-read the last ``rescan_days`` before the newest message seen, fetch the
    threads whose ``latest_reply`` or ``reply_count`` changed, and record messages no longer
    returned in that window (or in a re-fetched thread) as deleted.

    Args:
        store: the store folder (created if missing).
        channels: names (``eng``, ``#eng``) or ids (``C0123``); public or private.
        since: oldest time to fetch (UTC when naive); ``None`` for the whole history.
        token: a Slack token (never written anywhere).
        api_url: Web API base URL; default ``$ASYNCMETRICS_SLACK_API_URL`` or Slack's.
        rescan_days: how far back before the newest message a re-sync looks again.
        progress: show a progress bar per channel on stderr.
        client: a ready ``WebClient`` (tests); ``token`` and ``api_url`` are then unused.

    Returns:
        Counts per channel, requests made and seconds spent waiting on rate limits.

    Raises:
        SlackAuthError: the token is missing, invalid or revoked (exit code 6).
        SlackPermissionError: a scope is missing or the app is not in a channel (7).
        SlackChannelError: a channel is unknown (3).
        StoreLockedError: another sync is running on this store (5).
        SlackUnavailableError: Slack kept failing after every retry (8).
    """
    if not channels:
        raise SlackChannelError("name at least one channel to sync (--channel eng)")
    if rescan_days < 0:
        raise InputError(f"rescan_days must be 0 or more, got {rescan_days}")
    if client is None:
        if not token:
            raise SlackAuthError("no Slack token: set SLACK_TOKEN (see docs/export-slack.md)")
        client = slack_client(token, api_url)
    root = Path(store)
    Store(root).refuse_if_locked()
    api = _Api(client)
    handlers = [h for h in client.retry_handlers if isinstance(h, _Announcing)]
    waited_before = sum(h.waited for h in handlers)
    retries_before = sum(h.retries for h in handlers)
    since_ts = _to_ts(since) if since is not None else None
    window = timedelta(days=rescan_days)

    # Everything Slack may refuse is asked before the store is touched.
    api.app = str(api.call("auth.test", {}).get("user") or api.app)
    listing_pages = list(
        api.pages(
            "conversations.list",
            {
                "types": "public_channel,private_channel",
                "exclude_archived": False,
                "limit": PAGE_LIMIT,
            },
        )
    )
    listed = [c for _, page in listing_pages for c in page.get("channels", [])]
    targets = _resolve(channels, listed, api.app)
    user_pages = list(api.pages("users.list", {"limit": PAGE_LIMIT}))
    committed = Store(root).read_state().get(SOURCE, {}).get("channels", {})
    first_pages = {}
    early_calls: dict[str, int] = {}
    for channel in targets:
        before = api.calls
        params = _history_params(channel["id"], committed.get(channel["id"]), since_ts, window)
        first_pages[channel["id"]] = (params, _first_page(api, channel, params))
        if channel["id"] not in committed:
            _check_threads_readable(api, channel, first_pages[channel["id"]][1])
        early_calls[channel["id"]] = api.calls - before

    report = SyncReport()
    store_ = Store(root)
    with store_.locked():
        store_.append_raw(SOURCE, CHANNELS_SCOPE, _records("conversations.list", listing_pages))
        store_.append_raw(SOURCE, USERS_SCOPE, _records("users.list", user_pages))
        state = store_.read_state()
        channel_states = state.setdefault(SOURCE, {}).setdefault("channels", {})
        _write_directory(store_, {*channel_states, *(c["id"] for c in targets)})
        for channel in targets:
            cid = channel["id"]
            before = api.calls
            params, first = first_pages[cid]
            previous = channel_states.get(cid)
            if _history_params(cid, previous, since_ts, window) != params:
                first = None  # the state moved on while we waited for the lock
                params = _history_params(cid, previous, since_ts, window)
            sync = _ChannelSync(store_, api, channel, previous, since_ts, window, progress)
            new_state, counts = sync.run(params, first)
            # The state is committed only now: the raw pages it covers are on disk.
            channel_states[cid] = new_state
            store_.commit_state(state)
            counts.requests = api.calls - before + early_calls[cid]
            report.channels.append(counts)
    report.requests = api.calls
    report.seconds_waited = sum(h.waited for h in handlers) - waited_before
    report.retries = sum(h.retries for h in handlers) - retries_before
    return report


def _first_page(api: _Api, channel: Mapping[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The first history page, asked early: it is also the check that we may read it."""
    return api.call("conversations.history", params, channel=channel["name"])


def _check_threads_readable(
    api: _Api, channel: Mapping[str, Any], first: Mapping[str, Any]
) -> None:
    """Slack documents conversations.replies as refused to bot tokens in channels, and it
    depends on the workspace: on a channel's first sync, ask for one thread up front."""
    parent = next((m["ts"] for m in first.get("messages", []) if m.get("reply_count")), None)
    if parent:
        params = {"channel": channel["id"], "ts": parent, "limit": 1}
        api.call(
            "conversations.replies",
            params,
            channel=channel["name"],
            tolerate=frozenset({"thread_not_found"}),
        )


def _history_params(
    cid: str, previous: Mapping[str, Any] | None, since_ts: str | None, window: timedelta
) -> dict[str, Any]:
    params: dict[str, Any] = {"channel": cid, "limit": PAGE_LIMIT, "inclusive": True}
    oldest = since_ts
    if _incremental(previous, since_ts):
        assert previous is not None
        rescan_from = _shift(previous["watermark"], -window)
        oldest = max(oldest, rescan_from, key=_ts_key) if oldest else rescan_from
    if oldest is not None:
        params["oldest"] = oldest
    return params


def _incremental(previous: Mapping[str, Any] | None, since_ts: str | None) -> bool:
    """A re-sync can start near the watermark only if the earlier syncs covered ``since``."""
    if not previous or not previous.get("watermark"):
        return False
    covered = previous.get("since")
    if covered is None:
        return True
    return since_ts is not None and _ts_key(since_ts) >= _ts_key(covered)


def _resolve(wanted: Sequence[str], listed: list[dict[str, Any]], app: str) -> list[dict[str, Any]]:
    by_id = {c["id"]: c for c in listed}
    by_name = {c["name"]: c for c in listed}
    by_lower = {c["name"].lower(): c for c in listed}
    found: dict[str, dict[str, Any]] = {}
    unknown = []
    for spec in wanted:
        key = spec.strip().lstrip("#")
        channel = by_id.get(key) or by_name.get(key) or by_lower.get(key.lower())
        if channel is None:
            close = difflib.get_close_matches(key.lower(), list(by_lower), n=3, cutoff=0.5)
            hint = f"closest: {', '.join('#' + c for c in close)}" if close else "no close name"
            unknown.append(f"'{spec}' ({hint})")
        else:
            found[channel["id"]] = channel
    if unknown:
        raise SlackChannelError(
            f"no channel {', '.join(unknown)} visible to this token; check the name, and for "
            f"a private channel invite the app first (/invite @{app})"
        )
    return list(found.values())


def _records(method: str, pages: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[dict]:
    return [{"method": method, "params": p, "response": r} for p, r in pages]


class _ChannelSync:
    """One channel's pass: history, then the threads that changed, then deletions."""

    def __init__(
        self,
        store: Store,
        api: _Api,
        channel: Mapping[str, Any],
        previous: Mapping[str, Any] | None,
        since_ts: str | None,
        window: timedelta,
        progress: bool,
    ) -> None:
        self.store, self.api = store, api
        self.cid, self.name = channel["id"], channel["name"]
        self.created = float(channel.get("created") or 0)
        self.previous = dict(previous or {})
        self.since_ts = since_ts
        self.window = window
        self.progress = progress
        self.buffer: list[dict[str, Any]] = []
        self.fetched: dict[str, dict[str, Any]] = {}
        self.report = ChannelReport(self.cid, self.name)

    def run(
        self, params: dict[str, Any], first: dict[str, Any] | None
    ) -> tuple[dict[str, Any], ChannelReport]:
        known, gone = replay(self.store, self.cid)
        with progress_bar(f"#{self.name}", "msgs", enabled=self.progress) as bar:
            # History comes newest first and its cursor is only valid within one pass, so a
            # pass cannot resume where a killed one stopped: the watermark (newest message
            # fully covered) is committed only after the whole pass, and a killed pass is
            # simply done again; the raw pages it already wrote merge by ts.
            top = self._history(params, first, bar)
            threads = _thread_signatures(top.values())
            old_threads = self.previous.get("threads", {})
            # conversations.history returns thread parents but not their replies; each
            # thread needs its own conversations.replies call, so only threads whose
            # latest_reply or reply_count moved are fetched again. (An edit to a reply
            # moves neither; it is seen when the thread next changes.)
            changed = sorted(
                (
                    ts
                    for ts in {*threads, *old_threads}
                    if ts in top and threads.get(ts) != old_threads.get(ts)
                ),
                key=_ts_key,
            )
            pending = sum(int(top[ts].get("reply_count") or 0) for ts in changed)
            bar.total = bar.n + pending
            for parent in changed:
                self._thread(parent, known, gone, bar)
            self._deleted_from_window(params.get("oldest"), top, known, gone)
        self._flush()
        self._count(known, gone)
        rebuild_channel(self.store, self.cid, self.name, self.previous.get("name"))
        watermark = max([self.previous.get("watermark") or "0.0", *top], key=_ts_key)
        if watermark == "0.0":
            watermark = None
        keep_from = _shift(watermark, -self.window) if watermark else None
        merged = {**{ts: s for ts, s in old_threads.items() if ts not in top}, **threads}
        state = {
            "name": self.name,
            "since": self.previous.get("since")
            if _incremental(self.previous, self.since_ts)
            else self.since_ts,
            "watermark": watermark,
            # Only parents still inside the next re-scan window can be compared next time.
            "threads": {
                ts: s
                for ts, s in sorted(merged.items(), key=lambda i: _ts_key(i[0]))
                if keep_from is None or _ts_key(ts) >= _ts_key(keep_from)
            },
        }
        return state, self.report

    def _history(
        self, params: dict[str, Any], first: dict[str, Any] | None, bar: Any
    ) -> dict[str, dict[str, Any]]:
        top: dict[str, dict[str, Any]] = {}
        now = time.time()
        bottom = float(params.get("oldest") or self.created or 0)
        pages = self._pages_from(params, first)
        for request, page in pages:
            self._keep("conversations.history", request, page)
            messages = page.get("messages", [])
            for message in messages:
                top[message["ts"]] = message
            bar.update(len(messages))
            if messages and page.get("has_more"):
                # No total is known in advance; the time covered so far estimates it.
                reached = float(messages[-1]["ts"])
                share = (now - reached) / max(now - bottom, 1.0)
                bar.total = int(bar.n / min(max(share, 0.01), 1.0))
                bar.refresh()
        return top

    def _pages_from(
        self, params: dict[str, Any], first: dict[str, Any] | None
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        if first is None:
            yield from self.api.pages("conversations.history", params, channel=self.name)
            return
        yield params, first
        cursor = (first.get("response_metadata") or {}).get("next_cursor")
        if cursor:
            yield from self.api.pages(
                "conversations.history", {**params, "cursor": cursor}, channel=self.name
            )

    def _thread(
        self, parent: str, known: dict[str, dict[str, Any]], gone: set[str], bar: Any
    ) -> None:
        params = {"channel": self.cid, "ts": parent, "limit": PAGE_LIMIT}
        seen: set[str] = set()
        for request, page in self.api.pages(
            "conversations.replies",
            params,
            channel=self.name,
            tolerate=frozenset({"thread_not_found"}),
        ):
            if not page.get("ok"):
                break  # the parent went away since the history pass: its replies with it
            self._keep("conversations.replies", request, page)
            replies = [m for m in page.get("messages", []) if m.get("ts") != parent]
            seen.update(m["ts"] for m in page.get("messages", []))
            bar.update(len(replies))
        self.report.threads_fetched += 1
        vanished = [
            ts
            for ts, m in known.items()
            if m.get("thread_ts") == parent and ts != parent and ts not in seen and ts not in gone
        ]
        self._tombstone(vanished, {"thread_ts": parent, "by": "conversations.replies"})

    def _deleted_from_window(
        self,
        oldest: str | None,
        top: Mapping[str, Any],
        known: dict[str, dict[str, Any]],
        gone: set[str],
    ) -> None:
        """Top-level messages stored inside the window just re-read that Slack no longer
        returns were deleted (Slack gives no deletion events outside the Events API)."""
        low = _ts_key(oldest) if oldest else (0, 0)
        vanished = [
            ts
            for ts, m in known.items()
            if m.get("thread_ts", ts) == ts
            and _ts_key(ts) >= low
            and ts not in top
            and ts not in gone
        ]
        self._tombstone(vanished, {"oldest": oldest, "by": "conversations.history"})

    def _tombstone(self, vanished: list[str], why: dict[str, Any]) -> None:
        if vanished:
            self.buffer.append(
                {
                    "method": DELETED,
                    "params": {"channel": self.cid, **why},
                    "response": {"ts": sorted(vanished, key=_ts_key)},
                }
            )
            self.report.deleted += len(vanished)

    def _keep(self, method: str, params: dict[str, Any], response: dict[str, Any]) -> None:
        self.buffer.append({"method": method, "params": params, "response": response})
        for message in response.get("messages", []):
            self.fetched[message["ts"]] = message
        if len(self.buffer) >= BATCH_PAGES:
            self._flush()

    def _flush(self) -> None:
        self.store.append_raw(SOURCE, self.cid, self.buffer)
        self.buffer = []

    def _count(self, known: dict[str, dict[str, Any]], gone: set[str]) -> None:
        self.report.fetched = len(self.fetched)
        for ts, message in self.fetched.items():
            if ts not in known or ts in gone:
                self.report.new += 1
            elif known[ts] != message:
                self.report.changed += 1


def _thread_signatures(messages: Any) -> dict[str, str]:
    """What tells a thread changed: its newest reply and its count (a deletion lowers it).

    Reactions carry no time in the API, so nothing says when one was added; they are
    refreshed only with their message (inside the re-scan window or a re-fetched thread).
    """
    return {
        m["ts"]: f"{m.get('latest_reply') or ''}/{int(m.get('reply_count') or 0)}"
        for m in messages
        if m.get("thread_ts") == m["ts"] and (m.get("reply_count") or m.get("latest_reply"))
    }


# -- derived data ------------------------------------------------------------------------


def replay(store: Store, cid: str) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """A channel's messages from its raw records: the latest copy of each ``ts``, and the
    ``ts`` recorded as deleted."""
    latest: dict[str, dict[str, Any]] = {}
    gone: set[str] = set()
    for record in store.read_raw(SOURCE, cid):
        if record.get("method") == DELETED:
            gone.update(record["response"]["ts"])
            continue
        for message in (record.get("response") or {}).get("messages") or []:
            latest[message["ts"]] = message
    return latest, gone


def rebuild_channel(store: Store, cid: str, name: str, old_name: str | None = None) -> None:
    """Rewrite ``<store>/slack/<name>/<YYYY-MM-DD>.json`` from the channel's raw records.

    A reply goes in the file of its own day, as in Slack's export; deleted messages are left
    out; files whose content is unchanged are not rewritten.
    """
    latest, gone = replay(store, cid)
    days: dict[str, list[dict[str, Any]]] = {}
    for ts in sorted(latest, key=_ts_key):
        if ts in gone:
            continue
        day = datetime.fromtimestamp(int(ts.split(".")[0]), UTC).strftime("%Y-%m-%d")
        days.setdefault(day, []).append(latest[ts])
    folder = store.root / SOURCE / name
    for day, messages in days.items():
        _write_if_changed(folder / f"{day}.json", _dumps(messages))
    for path in folder.glob("*.json") if folder.is_dir() else []:
        if path.stem not in days:
            path.unlink()
    if old_name and old_name != name and (store.root / SOURCE / old_name).is_dir():
        # The channel was renamed: its old folder would read as a second copy.
        for path in (store.root / SOURCE / old_name).glob("*.json"):
            path.unlink()
        with contextlib.suppress(OSError):
            (store.root / SOURCE / old_name).rmdir()


def _write_directory(store: Store, channel_ids: set[str]) -> None:
    """``users.json``, ``channels.json`` and ``groups.json`` (private) from the latest raw
    ``users.list`` and ``conversations.list`` pages; only synced channels are listed."""
    users: dict[str, Any] = {}
    for record in store.read_raw(SOURCE, USERS_SCOPE):
        for member in record["response"].get("members", []):
            users[member["id"]] = member
    listed: dict[str, Any] = {}
    for record in store.read_raw(SOURCE, CHANNELS_SCOPE):
        for channel in record["response"].get("channels", []):
            listed[channel["id"]] = channel
    chosen = [listed[c] for c in sorted(channel_ids) if c in listed]
    base = store.root / SOURCE
    _write_if_changed(base / "users.json", _dumps([users[k] for k in sorted(users)]))
    _write_if_changed(
        base / "channels.json", _dumps([c for c in chosen if not c.get("is_private")])
    )
    _write_if_changed(base / "groups.json", _dumps([c for c in chosen if c.get("is_private")]))


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    atomic_write(path, data, durable=False)


def _dumps(items: list[Any]) -> bytes:
    return json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


# -- Slack timestamps --------------------------------------------------------------------


def _ts_key(ts: str) -> tuple[int, int]:
    """Order of Slack ``ts`` strings, exact (a float would round the microseconds)."""
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros.ljust(6, "0")[:6] or 0)


def _to_ts(when: datetime) -> str:
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return f"{int(when.timestamp())}.{when.microsecond:06d}"


def _shift(ts: str, delta: timedelta) -> str:
    seconds, micros = _ts_key(ts)
    total = seconds * 1_000_000 + micros + int(delta.total_seconds() * 1_000_000)
    return f"{max(total, 0) // 1_000_000}.{max(total, 0) % 1_000_000:06d}"
