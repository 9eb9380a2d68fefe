"""Sync a generated repository from the fake GitHub and print the request cost and speed.

    .venv/bin/python benchmarks/sync_github.py [--prs 1000] [--big 10] [--seed 0]

Real PyGithub over real HTTP against tests/fakes/github_api.py (no internet): a full sync, then
an incremental one after a few PRs changed. "Typical" PRs have at most 50 comments; ``--big``
adds PRs that need nested pagination (75 comments, 55 reviews, > 100 timeline items).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asyncmetrics.export.github import sync_github
from asyncmetrics.sources.github import read_github
from tests.fakes.github_api import TOKEN, FakeGitHub, user

REPO = "bench/repo"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prs", type=int, default=1000, help="typical PRs (at least 500)")
    parser.add_argument("--big", type=int, default=0, help="PRs needing nested pagination")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    fake = FakeGitHub.generated([REPO], args.prs, seed=args.seed, big=args.big)
    n = args.prs + args.big
    with fake, tempfile.TemporaryDirectory() as store:
        started = time.perf_counter()
        report = sync_github(
            Path(store), [REPO], since=None, token=TOKEN, api_url=fake.url, progress=False
        )
        seconds = time.perf_counter() - started
        requests = fake.graphql_requests()
        events = read_github(store).height
        print(
            f"full sync: {n} PRs, {events} events, {requests} GraphQL requests "
            f"({requests / n * 100:.2f} per 100 PRs), {report.repos[0].points} points, "
            f"{seconds:.2f} s ({n / seconds:.0f} PRs/s)"
        )

        later = datetime.fromisoformat(max(p["updatedAt"] for p in fake.repos[REPO].pulls))
        changed = list(range(1, n + 1, max(n // 20, 1)))  # every 20th PR gets a comment
        for k, number in enumerate(changed):
            fake.add_comment(REPO, number, user("ben"), later + timedelta(minutes=k + 1))
        fake.requests.clear()
        started = time.perf_counter()
        report = sync_github(
            Path(store), [REPO], since=None, token=TOKEN, api_url=fake.url, progress=False
        )
        seconds = time.perf_counter() - started
        requests = fake.graphql_requests()
        print(
            f"incremental sync: {len(changed)} changed PRs, {report.repos[0].fetched} "
            f"fetched, {requests} GraphQL requests "
            f"({requests / len(changed) * 100:.2f} per 100 changed PRs), {seconds:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
