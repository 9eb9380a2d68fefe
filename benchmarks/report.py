"""Time the HTML report of the bundled sample quarter, step by step.

    .venv/bin/python benchmarks/report.py [--repeat 3]

Prints the wall time of loading, metrics, charts and rendering, and the file size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asyncmetrics.report import build_report, render_html, write_report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for run in range(1, args.repeat + 1):
        started = time.perf_counter()
        report = build_report("sample", period="2026Q3")
        built = time.perf_counter()
        html = render_html(report)
        rendered = time.perf_counter()
        with tempfile.TemporaryDirectory() as out:
            path = write_report("sample", out, period="2026Q3")
            size = path.stat().st_size
        total = time.perf_counter()
        print(
            f"run {run}: load + metrics + charts {built - started:.2f} s, render "
            f"{rendered - built:.2f} s ({len(html) / 1e6:.2f} MB); whole write_report "
            f"{total - rendered:.2f} s, {size / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
