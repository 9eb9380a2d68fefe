"""Opt-in: sync one real channel's last 7 days, then load it.

    SLACK_TOKEN=xoxb-... ASYNCMETRICS_LIVE_SLACK_CHANNEL=eng .venv/bin/python -m pytest \
        tests/test_live_slack.py -q

Uses Slack's real API (or ``ASYNCMETRICS_SLACK_API_URL``); see docs/export-slack.md for the
app and scopes. Skipped unless both variables are set.
"""

from __future__ import annotations

import gzip
import os
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from asyncmetrics import load
from asyncmetrics.export.slack import sync_slack

TOKEN = os.environ.get("SLACK_TOKEN", "")
CHANNEL = os.environ.get("ASYNCMETRICS_LIVE_SLACK_CHANNEL", "")

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not (TOKEN and CHANNEL),
        reason="set SLACK_TOKEN and ASYNCMETRICS_LIVE_SLACK_CHANNEL to sync a real channel",
    ),
]


def test_sync_one_channel_for_a_week_and_load_it(tmp_path):
    store = tmp_path / "store"
    since = datetime.now(UTC) - timedelta(days=7)

    report = sync_slack(store, [CHANNEL], since=since, token=TOKEN, rescan_days=7)

    (channel,) = report.channels
    assert channel.requests >= 1
    assert (store / "state.json").is_file()
    if channel.fetched:
        events = load(store)
        assert events["message_id"].is_unique().all()
        assert (events["ts"] >= since - timedelta(seconds=1)).all()
        assert events["channel"].unique().to_list() == [channel.name]
        assert events.filter(pl.col("message_id").str.starts_with(channel.channel_id)).height
    # A second sync right away fetches no thread that did not change.
    again = sync_slack(store, [CHANNEL], since=since, token=TOKEN, rescan_days=7)
    assert again.channels[0].new <= 5  # only what was posted meanwhile
    for path in store.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if path.name.endswith(".gz") else data
            assert TOKEN.encode() not in data
