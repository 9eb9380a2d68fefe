"""The live Slack export against a fake Slack over real HTTP (slack_sdk's WebClient, no mocks)."""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from fakes.slack_api import TOKEN, FakeSlack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asyncmetrics import load, read_slack_export
from asyncmetrics.export.slack import (
    API_URL_ENV,
    SlackAuthError,
    SlackChannelError,
    SlackPermissionError,
    SlackUnavailableError,
    slack_client,
    sync_slack,
)
from asyncmetrics.export.store import StoreLockedError

CHANNELS = ("eng", "#eng-platform", "C0003", "design")  # design (C0004) is private


@pytest.fixture
def fake():
    with FakeSlack.generated(4, 600, seed=5, max_page=40) as server:
        yield server


@pytest.fixture
def small_fake():
    with FakeSlack.generated(4, 120, seed=5, days=20, max_page=40) as server:
        yield server


def fast_client(fake: FakeSlack, token: str = TOKEN):
    """The real client and handlers, with short back-offs (Retry-After is still obeyed)."""
    return slack_client(token, fake.url + "/api/", backoff=0.01, jitter=0)


def sync(fake: FakeSlack, store: Path, channels=CHANNELS, **options):
    options.setdefault("client", fast_client(fake))
    return sync_slack(store, channels, since=None, token=TOKEN, progress=False, **options)


def snapshot(root: Path) -> dict[str, bytes] | None:
    if not root.exists():
        return None
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_matches_workspace(store: Path, fake: FakeSlack) -> pl.DataFrame:
    events = load(store)
    expected = fake.content_messages()
    assert events["message_id"].is_unique().all()
    assert set(events["message_id"]) == set(expected)
    for row in events.iter_rows(named=True):
        want = expected[row["message_id"]]
        assert (row["channel"], row["text"]) == (want["channel"], want["text"])
        # In-channel answers may be attached to an earlier conversation by the reader's
        # heuristics; every other message keeps the thread Slack gave it.
        if row["attached_by"] is None:
            assert row["conversation_id"] == want["conversation_id"]
        else:
            assert want["conversation_id"] == row["message_id"]
    return events


def test_full_sync_gives_the_workspace_as_an_export(fake, tmp_path):
    store = tmp_path / "store"
    report = sync_slack(
        store, CHANNELS, since=None, token=TOKEN, api_url=fake.url + "/api/", progress=False
    )

    events = assert_matches_workspace(store, fake)
    assert events.filter(~pl.col("is_opener")).height > 100  # threads came with their replies
    assert read_slack_export(store / "slack").height == events.height
    assert [c.name for c in report.channels] == ["eng", "eng-platform", "data-help", "design"]
    assert sum(c.new for c in report.channels) == sum(len(m) for m in fake.messages.values())
    assert report.requests == len(fake.requests)
    # The export layout: private channels in groups.json, each reply in its own day's file.
    groups = json.loads((store / "slack" / "groups.json").read_text())
    assert [g["name"] for g in groups] == ["design"]
    for day_file in (store / "slack").glob("*/*.json"):
        for message in json.loads(day_file.read_text()):
            day = datetime.fromtimestamp(float(message["ts"]), UTC).strftime("%Y-%m-%d")
            assert day == day_file.stem
    users = {u["id"]: u for u in json.loads((store / "slack" / "users.json").read_text())}
    assert users["U001"]["tz"] == "Asia/Tokyo"
    assert events.filter(pl.col("author") == "U0BOT")["author_is_bot"].all()


def test_the_api_url_can_come_from_the_environment(fake, tmp_path, monkeypatch):
    monkeypatch.setenv(API_URL_ENV, fake.url + "/api/")
    sync_slack(tmp_path / "s", ["eng"], since=None, token=TOKEN, progress=False)
    assert fake.count("conversations.history") > 0


def test_resync_fetches_late_replies_edits_and_deletions_and_little_else(fake, tmp_path):
    store = tmp_path / "store"
    sync(fake, store)
    eng = fake.messages["C0001"]
    newest = max(eng, key=float)
    parents = sorted(
        (ts for ts, m in eng.items() if "thread_ts" not in m and "subtype" not in m), key=float
    )
    newest_day = datetime.fromtimestamp(float(newest), UTC)
    recent = [p for p in parents if float(p) > float(newest) - 20 * 86_400]
    threads = {m["thread_ts"] for m in eng.values() if "thread_ts" in m}
    lonely = [p for p in recent[1:] if p not in threads]
    threaded = [p for p in recent[1:] if p in threads]
    old_parent, edited, deleted = recent[0], lonely[0], lonely[1]
    shrunk, deleted_parent = threaded[-1], threaded[-2]
    gone_reply = max((ts for ts, m in eng.items() if m.get("thread_ts") == shrunk), key=float)
    kept_reply = max(ts for ts, m in eng.items() if m.get("thread_ts") == deleted_parent)

    late = fake.post(
        "eng",
        "late answer to an old thread",
        thread_ts=old_parent,
        when=newest_day + timedelta(days=2),
    )
    fresh = fake.post("eng", "a new top-level message")
    fake.edit("eng", edited, "edited text")
    fake.delete("eng", deleted)
    fake.delete("eng", gone_reply)
    fake.delete("eng", deleted_parent)  # it has replies: Slack leaves a tombstone
    before = len(fake.requests)

    report = sync(fake, store)

    assert_matches_workspace(store, fake)
    events = load(store).filter(pl.col("channel") == "eng")
    by_id = dict(zip(events["message_id"], events["text"], strict=True))
    assert by_id[f"C0001:{late}"] == "late answer to an old thread"
    assert by_id[f"C0001:{fresh}"] == "a new top-level message"
    assert by_id[f"C0001:{edited}"] == "edited text"
    assert f"C0001:{deleted}" not in by_id
    assert f"C0001:{gone_reply}" not in by_id
    assert f"C0001:{deleted_parent}" not in by_id
    assert f"C0001:{kept_reply}" in by_id
    eng_report = report.channels[0]
    assert (eng_report.new, eng_report.deleted) == (2, 2)
    assert eng_report.changed >= 3  # the edit and the two parents whose threads changed
    # Little is fetched: one history page per channel (the last 30 days fit in 40) and
    # only the two threads that changed.
    new = fake.requests[before:]
    replies = [r.form()["ts"] for r in new if r.path.endswith("conversations.replies")]
    assert sorted(replies) == sorted([old_parent, shrunk])
    assert sum(r.path.endswith("conversations.history") for r in new) <= 2 * len(CHANNELS)
    assert len(new) <= 3 + 2 * len(CHANNELS) + 2
    # and a third sync with nothing new fetches no thread at all
    before = len(fake.requests)
    again = sync(fake, store)
    assert fake.count("conversations.replies") == sum(
        r.path.endswith("conversations.replies") for r in fake.requests[:before]
    )
    assert sum(c.new + c.changed + c.deleted for c in again.channels) == 0


def test_a_resync_with_an_earlier_since_reads_the_older_history(fake, tmp_path):
    store = tmp_path / "store"
    cutoff = datetime(2026, 8, 15, tzinfo=UTC)
    sync_slack(store, ["eng"], since=cutoff, token=TOKEN, progress=False, client=fast_client(fake))
    first = load(store)
    assert first["ts"].min() >= cutoff
    sync_slack(store, ["eng"], since=None, token=TOKEN, progress=False, client=fast_client(fake))
    assert load(store)["ts"].min() < cutoff


def test_rate_limits_server_errors_and_dropped_connections_are_retried(fake, tmp_path, capsys):
    fake.rate_limit_next("conversations.history", retry_after=1)
    fake.server_error_next("conversations.replies", times=3)
    fake.server_error_next("conversations.list", times=1, status=503)
    fake.drop_next("users.list")
    store = tmp_path / "store"

    report = sync(fake, store)

    assert_matches_workspace(store, fake)
    assert report.seconds_waited >= 1.0
    assert report.retries == 1 + 3 + 1 + 1
    assert (
        "Slack rate limit on conversations.history (HTTP 429): waiting" in capsys.readouterr().err
    )


def test_slack_failing_for_good_is_a_one_line_error_and_the_store_stays_usable(fake, tmp_path):
    store = tmp_path / "store"
    sync(fake, store)
    fake.post("eng", "a late reply", thread_ts=newest_thread(fake, "C0001"))
    synced = load(store)
    fake.server_error_next("conversations.replies", times=4)  # the request and 3 retries

    with pytest.raises(SlackUnavailableError) as caught:
        sync(fake, store)

    assert caught.value.exit_code == 8
    assert str(caught.value) == (
        "Slack conversations.replies failed (HTTP 500) after retries; "
        "run again later: what was synced is kept"
    )
    assert load(store).equals(synced)
    sync(fake, store)  # Slack is back
    assert_matches_workspace(store, fake)


def newest_thread(fake: FakeSlack, cid: str) -> str:
    return max((m["thread_ts"] for m in fake.messages[cid].values() if "thread_ts" in m), key=float)


WRONG_TOKEN = "xoxb-wrong-" + "9" * 20


def _wrong_token(fake):
    return {"client": fast_client(fake, token=WRONG_TOKEN)}


def _revoked(fake):
    fake.revoked = True
    return {}


def _no_users_read(fake):
    fake.scopes.discard("users:read")
    return {}


def _no_private_history(fake):
    fake.scopes.discard("groups:history")
    return {}


def _not_member(fake):
    fake.channels["C0002"].is_member = False
    return {}


def _unknown_channel(fake):
    return {"channels": ["eng", "eng-platfrom"]}


@pytest.mark.parametrize(
    ("setup", "error", "code", "says"),
    [
        (_wrong_token, SlackAuthError, 6, "Slack rejected the token (invalid_auth): check SLACK"),
        (_revoked, SlackAuthError, 6, "(token_revoked)"),
        (_no_users_read, SlackPermissionError, 7, "lacks the Slack scope users:read"),
        (_no_private_history, SlackPermissionError, 7, "scope groups:history"),
        (
            _not_member,
            SlackPermissionError,
            7,
            "invite it (/invite @asyncmetrics in #eng-platform)",
        ),
        (_unknown_channel, SlackChannelError, 3, "'eng-platfrom' (closest: #eng-platform"),
    ],
)
def test_refusals_are_one_line_errors_and_leave_the_store_untouched(
    small_fake, tmp_path, setup, error, code, says
):
    fake = small_fake
    store = tmp_path / "store"
    sync(fake, store)  # a store with data already in it
    fake.post("eng", "something new to fetch")
    before = snapshot(store)
    new_store = tmp_path / "never-created"

    options = setup(fake)
    channels = options.pop("channels", CHANNELS)
    for target in (store, new_store):
        with pytest.raises(error) as caught:
            sync(fake, target, channels, **options)
        message = str(caught.value)
        assert caught.value.exit_code == code
        assert says in message
        assert "\n" not in message
        assert TOKEN not in message
        assert WRONG_TOKEN not in message
        assert caught.value.__suppress_context__ or caught.value.__cause__ is None

    assert snapshot(store) == before
    assert not new_store.exists()


def test_a_token_refused_for_threads_is_caught_before_the_first_sync_writes(fake, tmp_path):
    fake.refused_to_this_token.add("conversations.replies")
    store = tmp_path / "store"
    with pytest.raises(SlackPermissionError, match=r"use a user token \(xoxp-\)") as caught:
        sync(fake, store)
    assert caught.value.exit_code == 7
    assert "\n" not in str(caught.value)
    assert not store.exists()
    assert fake.count("conversations.replies") == 1


@pytest.mark.parametrize("token", ["xoxb-abc def-123", "xoxb-abc\u0000def", " \n"])
def test_a_malformed_token_is_refused_without_quoting_it(fake, tmp_path, token):
    with pytest.raises(SlackAuthError) as caught:
        sync_slack(tmp_path / "s", ["eng"], since=None, token=token, api_url=fake.url + "/api/")
    assert "SLACK_TOKEN" in str(caught.value)
    assert "abc" not in str(caught.value)
    assert not (tmp_path / "s").exists()


def test_a_second_sync_on_the_same_store_is_refused_at_once(fake, tmp_path):
    store = tmp_path / "store"
    sync(fake, store)
    fake.post("eng", "a late reply", thread_ts=newest_thread(fake, "C0001"))
    # The first sync's only thread fetch happens under the lock.
    gate = fake.hold("conversations.replies")
    outcome: dict[str, object] = {}
    first = threading.Thread(target=lambda: outcome.setdefault("report", sync(fake, store)))
    first.start()
    try:
        assert gate.reached.wait(10)
        requests = len(fake.requests)
        started = time.monotonic()
        with pytest.raises(StoreLockedError, match="another sync is running"):
            sync(fake, store)
        assert time.monotonic() - started < 1
        assert len(fake.requests) == requests  # refused before asking Slack anything
    finally:
        gate.release()
        first.join(30)
    assert "report" in outcome
    assert_matches_workspace(store, fake)


def test_the_token_is_written_nowhere(fake, tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    fake.rate_limit_next("conversations.history", retry_after=0)
    fake.drop_next("conversations.replies")
    store = tmp_path / "store"
    sync_slack(store, CHANNELS, since=None, token=TOKEN, client=fast_client(fake))
    fake.post("eng", "more")
    sync_slack(store, CHANNELS, since=None, token=TOKEN, client=fast_client(fake))

    secret = TOKEN.encode()
    files = [p for p in store.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".jsonl.gz") for p in files)
    for path in files:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        assert secret not in data, path
    captured = capsys.readouterr()
    assert TOKEN not in caplog.text + captured.out + captured.err
    assert "Authorization" in caplog.text or "conversations" in caplog.text  # logs were on


def test_ten_thousand_messages(tmp_path):
    with FakeSlack.generated(5, 10_000, seed=3, days=45) as fake:
        started = time.monotonic()
        report = sync(
            fake, tmp_path / "store", channels=["eng", "eng-platform", "data-help", "design", "ops"]
        )
        elapsed = time.monotonic() - started
        assert_matches_workspace(tmp_path / "store", fake)
    assert sum(c.new for c in report.channels) == 10_000
    # one request per thread (Slack has no bulk replies call) plus the history pages
    assert report.requests <= fake.thread_count() + 10_000 // 200 + 5 + 3
    assert elapsed < 60


# -- killed at any moment, then run again ------------------------------------------------

_CHILD = """
import os, sys
from asyncmetrics.export.slack import sync_slack
sync_slack(sys.argv[1], sys.argv[2].split(","), since=None, token=os.environ["SLACK_TOKEN"],
           api_url=sys.argv[3], rescan_days=7, progress=False)
"""
_KILL_CHANNELS = ["eng", "eng-platform", "data-help"]


@pytest.fixture(scope="module")
def kill_world(tmp_path_factory):
    with FakeSlack.generated(3, 450, seed=11, days=30, max_page=15) as fake:
        reference = tmp_path_factory.mktemp("reference") / "store"
        before = len(fake.requests)
        sync_slack(
            reference,
            _KILL_CHANNELS,
            since=None,
            token=TOKEN,
            api_url=fake.url + "/api/",
            rescan_days=7,
            progress=False,
        )
        yield fake, reference, len(fake.requests) - before


def _derived(store: Path):
    events = load(store).sort("message_id")
    state = json.loads((store / "state.json").read_text())
    return events, state, snapshot(store / "slack")


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    share=st.floats(0.0, 1.0),
    delay=st.sampled_from([0.0, 0.001, 0.005, 0.02]),
)
def test_killed_at_any_moment_then_resumed_equals_an_uninterrupted_run(kill_world, share, delay):
    fake, reference, total = kill_world
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        env = {
            **os.environ,
            "SLACK_TOKEN": TOKEN,
            "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        }
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _CHILD,
                str(store),
                ",".join(_KILL_CHANNELS),
                fake.url + "/api/",
            ],
            env=env,
            stderr=subprocess.PIPE,
        )
        fake.kill_at(len(fake.requests) + 1 + int(share * (total - 1)), child.pid, delay)
        _, err = child.communicate(timeout=60)
        assert child.returncode in (0, -9), err.decode()

        sync_slack(
            store,
            _KILL_CHANNELS,
            since=None,
            token=TOKEN,
            api_url=fake.url + "/api/",
            rescan_days=7,
            progress=False,
        )

        events, state, files = _derived(store)
        want_events, want_state, want_files = _derived(reference)
        assert events["message_id"].is_unique().all()
        assert events.equals(want_events)
        assert state == want_state
        assert files == want_files
        assert not list(store.rglob(".*.tmp"))
