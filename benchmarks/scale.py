"""Time asyncmetrics on large event tables, stage by stage, next to two references.

    .venv/bin/python benchmarks/scale.py [--sizes 1M,2M,5M,10M] [--pandas-max 10M]

For each size, a generated event table (benchmarks/scale_data.py, cached as Parquet) goes
through load → classify → request_threads → decision_throughput (weekly) in a fresh Python
process, as a user's script would. Printed per stage: wall time, messages per second, seconds
per million messages (flat across sizes when cost grows linearly) and peak resident memory.
Next to them, measured in the same run and on the same file, each in its own fresh process:
(a) scanning the same columns from Parquet with polars and nothing else, (b) the pandas
reference (benchmarks/pandas_reference.py): the same classification, per-request metrics and
weekly throughput written in idiomatic pandas, with its counts checked against asyncmetrics'.

Peak memory: Linux's high-water mark of the process (``VmHWM``), reset through
``/proc/self/clear_refs`` before each stage and read after it, so a stage's peak includes what
the process already held (the previous stage's output) and nothing from earlier stages' temporary
peaks. ``end to end`` is the whole pipeline's peak; ``base`` the interpreter with its imports.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import polars as pl  # noqa: E402
import scale_data  # noqa: E402

KEY = "scale-benchmark"  # a fixed pseudonym key: no key file is written


def _hwm_reset() -> None:
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def _memory() -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` of this process, in bytes."""
    out = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, value = line.split(":")
                out[name] = int(value.split()[0]) * 1024
    return out


class Stages:
    """Wall time and peak memory of consecutive stages of one process."""

    def __init__(self) -> None:
        gc.collect()
        self.base = _memory()["VmRSS"]
        self.rows: list[dict[str, Any]] = []

    def run(self, name: str, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        gc.collect()
        _hwm_reset()
        started = time.perf_counter()
        result = work(*args, **kwargs)
        seconds = time.perf_counter() - started
        memory = _memory()
        self.rows.append(
            {"stage": name, "seconds": seconds, "peak": memory["VmHWM"], "rss": memory["VmRSS"]}
        )
        return result


def child_asyncmetrics(path: Path) -> dict[str, Any]:
    import asyncmetrics as am

    config = am.Config(pseudonym_key=KEY)
    stages = Stages()
    events = stages.run("load", am.load, path, config=config)
    messages = events.height
    classified = stages.run("classify", am.classify, events, config=config)
    del events
    threads = stages.run("request_threads", am.request_threads, classified, config=config)
    del classified
    weekly = stages.run("decision_throughput", am.decision_throughput, threads, config=config)
    return {
        "messages": messages,
        "base": stages.base,
        "stages": stages.rows,
        "counts": _counts(threads, weekly, lambda column: column.is_not_null()),
    }


def child_scan(path: Path) -> dict[str, Any]:
    from asyncmetrics.schema import EVENT_COLUMNS

    stages = Stages()
    scan = pl.scan_parquet(path).select(list(EVENT_COLUMNS))
    frame = stages.run("parquet scan", scan.collect)
    return {"messages": frame.height, "base": stages.base, "stages": stages.rows}


def child_pandas(path: Path) -> dict[str, Any]:
    import pandas_reference as ref

    stages = Stages()
    events = stages.run("pandas read", ref.read, path)
    messages = len(events)
    classified = stages.run("pandas classify", ref.classify, events)
    del events
    threads = stages.run("pandas request_threads", ref.request_threads, classified)
    del classified
    weekly = stages.run("pandas weekly", ref.weekly_throughput, threads)
    return {
        "messages": messages,
        "base": stages.base,
        "stages": stages.rows,
        "counts": _counts(threads, weekly, lambda column: column.notna()),
    }


def _counts(threads: Any, weekly: Any, present: Callable[[Any], Any]) -> dict[str, int]:
    return {
        "requests": int(threads["is_request"].sum()),
        "answered": int(present(threads["first_actionable_reply_at"]).sum()),
        "decided": int(threads["converged"].sum()),
        "weekly_requests": int(weekly["requests"].sum()),
        "weekly_decisions": int(weekly["decisions"].sum()),
        "weekly_answered": int(weekly["answered"].sum()),
    }


CHILDREN = {"asyncmetrics": child_asyncmetrics, "scan": child_scan, "pandas": child_pandas}


def _in_child(kind: str, path: Path) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its last stdout line is the JSON result."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--path", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _size(text: str) -> int:
    text = text.strip().upper().replace("_", "")
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KM")) * scale)


def _gib(n: int) -> str:
    return f"{n / 2**30:.2f}"


def _machine() -> str:
    import numpy
    import pandas

    cpus = os.cpu_count()
    with open("/proc/meminfo") as handle:
        ram = int(handle.readline().split()[1]) * 1024
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"{cpus} CPUs ({model}), {ram / 2**30:.1f} GiB RAM, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, polars {pl.__version__}, "
        f"pandas {pandas.__version__}, numpy {numpy.__version__}; asyncmetrics at {commit}"
    )


def _print_size(
    result: dict[str, Any], scan: dict[str, Any], pandas: dict[str, Any] | None
) -> None:
    n = result["messages"]
    print(f"{'stage':<26} {'wall s':>8} {'msg/s':>12} {'s per 1M':>9} {'peak RSS GiB':>13}")

    def line(name: str, seconds: float, peak: int | None) -> None:
        peak_text = _gib(peak) if peak is not None else "–"
        print(
            f"{name:<26} {seconds:>8.2f} {n / seconds:>12,.0f} {seconds / n * 1e6:>9.2f} "
            f"{peak_text:>13}"
        )

    for row in result["stages"]:
        line(row["stage"], row["seconds"], row["peak"])
    total = sum(r["seconds"] for r in result["stages"])
    line("end to end", total, max(r["peak"] for r in result["stages"]))
    print(f"{'(base: interpreter + imports)':<57} {_gib(result['base']):>13}")
    if "error" in scan:
        print(f"ref (a) parquet scan failed: {scan['error']}")
    else:
        row = scan["stages"][0]
        line("ref (a) parquet scan", row["seconds"], row["peak"])
    if pandas is None:
        print("ref (b) pandas: not run at this size (--pandas-max)")
        return
    if "error" in pandas:
        print(f"ref (b) pandas failed: {pandas['error']}")
        return
    for row in pandas["stages"]:
        line(f"ref (b) {row['stage']}", row["seconds"], row["peak"])
    pandas_total = sum(r["seconds"] for r in pandas["stages"])
    line("ref (b) pandas end to end", pandas_total, max(r["peak"] for r in pandas["stages"]))
    print(f"asyncmetrics is {pandas_total / total:.1f}x faster than the pandas reference")
    ours, theirs = result["counts"], pandas["counts"]
    agree = all(ours[k] == theirs[k] for k in ours)
    print(
        "counts asyncmetrics / pandas: "
        + ", ".join(f"{k} {ours[k]:,} / {theirs[k]:,}" for k in ours)
        + (" (agree)" if agree else " (DISAGREE)")
    )


def _print_linearity(results: dict[int, dict[str, Any]]) -> None:
    sizes = sorted(results)
    stages = [r["stage"] for r in results[sizes[0]]["stages"]]
    head = "".join(f"{n / 1e6:>9.0f}M" for n in sizes)
    print(f"seconds per million messages{head}")
    for i, stage in enumerate([*stages, "end to end"]):
        cells = ""
        for n in sizes:
            rows = results[n]["stages"]
            seconds = (
                rows[i]["seconds"] if stage != "end to end" else sum(r["seconds"] for r in rows)
            )
            cells += f"{seconds / results[n]['messages'] * 1e6:>10.2f}"
        print(f"{stage:<28}{cells}")
    peaks = [max(r["peak"] for r in results[n]["stages"]) / results[n]["messages"] for n in sizes]
    cells = "".join(f"{peak * 1e6 / 2**20:>10.0f}" for peak in peaks)
    print(f"{'peak MiB per million':<28}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,2M,5M,10M", help="messages, e.g. 1M,2M,5M,10M")
    parser.add_argument("--pandas-max", default="10M", help="largest size to run pandas on")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=scale_data.CACHE)
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args.path)))
        return
    print(" ".join(["benchmarks/scale.py", *sys.argv[1:]]))
    print(_machine())
    results: dict[int, dict[str, Any]] = {}
    for n in [_size(s) for s in args.sizes.split(",")]:
        started = time.perf_counter()
        path = scale_data.cached(n, args.seed, args.cache)
        made = time.perf_counter() - started
        print(
            f"\n== {n:,} messages: {path} ({path.stat().st_size / 1e6:.0f} MB, "
            f"ready in {made:.0f} s)"
        )
        result = _in_child("asyncmetrics", path)
        if "error" in result:
            print(f"asyncmetrics failed: {result['error']}")
            continue
        scan = _in_child("scan", path)
        pandas = _in_child("pandas", path) if n <= _size(args.pandas_max) else None
        _print_size(result, scan, pandas)
        results[n] = result
    if len(results) > 1:
        print()
        _print_linearity(results)


if __name__ == "__main__":
    main()
