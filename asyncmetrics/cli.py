"""The ``asyncmetrics`` command line: thin over the library.

Exit codes: 0 success; 1 anything unexpected; 2 bad usage; 3 bad input data (the message
names file, record and field); 4 bad configuration; 5 the store is busy with another sync;
6 credentials rejected; 7 access denied (scope, channel membership); 8 the service kept
failing; 9 refused for privacy.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.errors import AsyncMetricsError, AuthError, ConfigError
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
    report.add_argument(
        "--images",
        choices=("svg", "png"),
        help="also write each chart as an image for slides, next to the report",
    )
    report.add_argument(
        "--include-text",
        action="store_true",
        help="show the text of the requests that needed a call (off by default)",
    )
    _common(report)
    report.set_defaults(run=_report)

    forget = sub.add_parser(
        "forget",
        help="remove a person's data from a store (raw and derived)",
        description="Remove what a person wrote from a store and scrub their id from the rest; "
        "later syncs leave them out.",
    )
    forget.add_argument("people", nargs="+", help="Slack user id, GitHub login or roster id")
    forget.add_argument("--store", type=Path, default=Path("data/store"), help="(data/store)")
    forget.set_defaults(run=_forget)

    sync = sub.add_parser(
        "sync",
        help="fetch Slack or GitHub history into a store, incrementally",
        description="Fetch what changed since the last sync into a store (see docs/export-*.md).",
    )
    services = sync.add_subparsers(required=True, metavar="service")
    slack = services.add_parser(
        "slack",
        help="channels' messages and threads (token from SLACK_TOKEN)",
        description="Sync Slack channels. The token comes from the SLACK_TOKEN environment "
        "variable; see docs/export-slack.md for the app and its scopes.",
    )
    slack.add_argument(
        "--channel",
        action="append",
        required=True,
        help="channel name or id (repeat for several)",
    )
    slack.add_argument(
        "--rescan-days",
        type=int,
        default=30,
        help="days before the last sync whose threads are re-read for late replies (30)",
    )
    _sync_common(slack, "ASYNCMETRICS_SLACK_API_URL")
    slack.set_defaults(run=_sync_slack)
    github = services.add_parser(
        "github",
        help="pull requests with reviews and comments (token from GITHUB_TOKEN)",
        description="Sync GitHub pull requests. The token comes from the GITHUB_TOKEN "
        "environment variable; see docs/export-github.md for the permissions.",
    )
    github.add_argument("repos", nargs="+", metavar="owner/repo")
    _sync_common(github, "ASYNCMETRICS_GITHUB_API_URL")
    github.set_defaults(run=_sync_github)
    return parser


def _sync_common(parser: argparse.ArgumentParser, url_env: str) -> None:
    parser.add_argument(
        "--since",
        type=date.fromisoformat,
        help="first day to fetch on a new store, YYYY-MM-DD (default: everything)",
    )
    parser.add_argument("--store", type=Path, default=Path("data/store"), help="(data/store)")
    parser.add_argument(
        "--api-url",
        help=f"API base URL for Enterprise/GovSlack servers and tests (or ${url_env})",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")


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


def _token(variable: str) -> str:
    token = os.environ.get(variable, "").strip()
    if not token:
        raise AuthError(f"set {variable} to a token (see docs/export-*.md); none was found")
    return token


def _since(args: argparse.Namespace) -> datetime | None:
    return datetime.combine(args.since, time(), UTC) if args.since else None


def _sync_slack(args: argparse.Namespace) -> int:
    from asyncmetrics.export.slack import sync_slack

    report = sync_slack(
        args.store,
        args.channel,
        since=_since(args),
        token=_token("SLACK_TOKEN"),
        api_url=args.api_url,
        rescan_days=args.rescan_days,
        progress=not args.no_progress and sys.stderr.isatty(),
    )
    print(report.summary())
    return EXIT_OK


def _sync_github(args: argparse.Namespace) -> int:
    from asyncmetrics.export.github import sync_github

    report = sync_github(
        args.store,
        args.repos,
        since=_since(args),
        token=_token("GITHUB_TOKEN"),
        api_url=args.api_url,
        progress=not args.no_progress and sys.stderr.isatty(),
    )
    print(report.summary())
    return EXIT_OK


def _forget(args: argparse.Namespace) -> int:
    from asyncmetrics.export.forget import forget

    print(forget(args.store, args.people).summary())
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    config, _ = _settings(args)
    if args.include_text:
        config = replace(config, include_text=True)
    path = write_report(
        args.data,
        args.out,
        period=args.period,
        people=args.people,
        config=config,
        images=args.images,
    )
    print(f"wrote {path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
