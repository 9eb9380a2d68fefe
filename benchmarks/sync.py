"""Sync a generated workspace and repository from the local fake APIs; print what it costs.

    .venv/bin/python benchmarks/sync.py

Runs benchmarks/sync_slack.py (requests per 1,000 Slack messages, messages per second) and
benchmarks/sync_github.py (requests per 100 pull requests, pull requests per second) with
their defaults: real slack_sdk and PyGithub clients over HTTP, no internet.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for script in ("sync_slack.py", "sync_github.py"):
        print(f"== {script}", flush=True)
        sys.argv = [script]
        runpy.run_path(str(HERE / script), run_name="__main__")
        print(flush=True)
