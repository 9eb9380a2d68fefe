"""The ``asyncmetrics`` command line: thin over the library.

Exit codes: 0 success; 2 bad usage; 3 bad input data (the message names file, record and
field); 4 bad configuration; 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.errors import AsyncMetricsError, ConfigError
from asyncmetrics.metrics import request_threads
from asyncmetrics.periods import parse_period
from asyncmetrics.report import write_report
from asyncmetrics.roster import unknown_people
from asyncmetrics.sources import load, load_people
from asyncmetrics.summary import channel_summary, format_table

EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(message)s",
    )
    try:
        return args.run(args)
    except AsyncMetricsError as exc:
        print(f"asyncmetrics: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.verbose:
            raise
        print(
            f"asyncmetrics: unexpected error: {type(exc).__name__}: {exc} (rerun with -v)",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asyncmetrics",
        description="Decision-throughput metrics from Slack and GitHub history.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is skipped and why")
    sub = parser.add_subparsers(required=True, metavar="command")

    metrics = sub.add_parser(
        "metrics",
        help="per-request metrics and a per-channel summary",
        description="Compute per-request metrics and print a per-channel summary.",
    )
    metrics.add_argument("data", help="Slack export .zip or folder, a store folder, or 'sample'")
    metrics.add_argument(
        "--out", type=Path, help="write one row per conversation (.parquet or .csv)"
    )
    metrics.add_argument("--period", help="only requests made in 2026Q3, 2026-07, 2026, or a..b")
    _common(metrics)
    metrics.set_defaults(run=_metrics)

    report = sub.add_parser(
        "report",
        help="write the HTML report",
        description="Write a self-contained HTML report into a folder.",
    )
    report.add_argument("--data", default="sample", help="as for 'metrics' (default: sample)")
    report.add_argument("--period", help="2026Q3, 2026-07, 2026, or 2026-07-01..2026-09-30")
    report.add_argument(
        "--out", type=Path, default=Path("reports"), help="folder (default: reports/)"
    )
    _common(report)
    report.set_defaults(run=_report)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--people", type=Path, help="roster (CSV or TOML): who is who, tz, team")
    parser.add_argument("--config", type=Path, help="TOML file with classification settings")
    parser.add_argument(
        "--min-group-size",
        type=int,
        metavar="N",
        help="hide aggregates about fewer than N people (default 5)",
    )
    parser.add_argument(
        "--real-names",
        action="store_true",
        help="keep people's real ids and roster names instead of pseudonyms",
    )


def _settings(args: argparse.Namespace) -> tuple[Config, pl.DataFrame | None]:
    config = Config.from_toml(args.config) if args.config else Config()
    if args.min_group_size is not None:
        if args.min_group_size < 1:
            raise ConfigError("--min-group-size must be at least 1")
        config = replace(config, min_group_size=args.min_group_size)
    if args.real_names:
        config = replace(config, pseudonymize=False)
    if args.people and not args.people.is_file():
        raise ConfigError(f"{args.people}: no such people file")
    people = load_people(args.data, config=config, people=args.people)
    return config, people


def _metrics(args: argparse.Namespace) -> int:
    config, people = _settings(args)
    events = load(args.data, config=config, people=args.people)
    as_of: datetime | None = None
    if args.period:
        start, end = parse_period(args.period)
        as_of = min(end, events["ts"].max())
    threads = request_threads(events, people, config=config, as_of=as_of)
    if args.period:
        threads = threads.filter(pl.col("requested_at") >= start)
    print(format_table(channel_summary(threads, config=config), config.min_group_size))
    print(
        "\nDefinitions: docs/metrics.md. Durations are medians over requests; '–' means none yet."
    )
    unknown = unknown_people(events, people)
    if unknown.height:
        shown = ", ".join(unknown["author"].head(5).to_list())
        more = f" and {unknown.height - 5} more" if unknown.height > 5 else ""
        print(
            f"{unknown.height} people are not in the roster: default hours "
            f"({config.workdays} {config.work_start}-{config.work_end}) in their Slack time "
            f"zone, else {config.default_tz}: {shown}{more} (see docs/people.md)"
        )
    if args.out:
        _write_threads(threads, args.out)
        print(f"wrote {threads.height} conversations to {args.out}")
    return EXIT_OK


def _write_threads(threads: pl.DataFrame, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    if out.suffix == ".parquet":
        threads.write_parquet(tmp)
    elif out.suffix == ".csv":
        # CSV has no duration or list types: durations are written as seconds, in `<name>_s`
        # columns, and lists joined with ";".
        durations = [c for c, t in threads.schema.items() if isinstance(t, pl.Duration)]
        lists = [c for c, t in threads.schema.items() if isinstance(t, pl.List)]
        threads.with_columns(
            [(pl.col(c).dt.total_microseconds() / 1e6).alias(f"{c}_s") for c in durations]
            + [pl.col(c).list.join(";") for c in lists]
        ).drop(durations).write_csv(tmp)
    else:
        raise ConfigError(f"--out {out}: use a .parquet or .csv file name")
    tmp.replace(out)


def _report(args: argparse.Namespace) -> int:
    config, _ = _settings(args)
    path = write_report(args.data, args.out, period=args.period, people=args.people, config=config)
    print(f"wrote {path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
