"""The live GitHub export against the real API: opt-in, never in CI by default.

Runs only with ``GITHUB_TOKEN`` and ``ASYNCMETRICS_LIVE_GITHUB_REPO=owner/repo`` (a small public
repository with some pull requests) set; ``ASYNCMETRICS_GITHUB_API_URL`` points it at GitHub
Enterprise Server.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta

import pytest

import asyncmetrics as am
from asyncmetrics.export.github import sync_github

TOKEN = os.environ.get("GITHUB_TOKEN", "")
REPO = os.environ.get("ASYNCMETRICS_LIVE_GITHUB_REPO", "")

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not (TOKEN and REPO),
        reason="set GITHUB_TOKEN and ASYNCMETRICS_LIVE_GITHUB_REPO to run against GitHub",
    ),
]


def test_sync_last_30_days_of_a_real_repository_and_load_it(tmp_path):
    since = datetime.now(UTC) - timedelta(days=30)
    report = sync_github(tmp_path, [REPO], since=since, token=TOKEN, progress=False)

    rep = report.repos[0]
    pulls = tmp_path / "github" / rep.repo / "pulls.jsonl"
    docs = [json.loads(line) for line in pulls.read_text().splitlines()]
    assert len(docs) == rep.fetched == rep.new
    assert all(d["pull"]["updated_at"] >= since.strftime("%Y-%m-%dT%H:%M:%SZ") for d in docs)
    assert report.requests <= 1 + len(docs) // 50 + 1 + 3  # check, pages, a few follow-ups
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["github"][rep.repo]["updated_at"] == rep.watermark
    for text in (pulls.read_text(), repr(report)):
        assert TOKEN not in text

    if docs:
        events = am.load(tmp_path)
        assert set(events["channel"].unique()) == {rep.repo}
        assert events["conversation_id"].n_unique() == len(docs)

    again = sync_github(tmp_path, [REPO], since=since, token=TOKEN, progress=False)
    assert again.requests == 2  # the check and one page: only what changed since
    assert again.repos[0].new + again.repos[0].updated <= 3  # unless someone is busy right now
