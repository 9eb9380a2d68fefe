"""Agreement between asyncmetrics and people who labelled real conversations by reading them.

    .venv/bin/python benchmarks/validate.py [--set NAME] [--show-errors]

NAME is ``tuning`` (``validation/``: the rules were improved on it), ``holdout``, ``holdout2``
to ``holdout8`` (``validation/holdout*/``, each labelled by people who had not seen the rules
and evaluated once before its disagreements were read), ``houston`` (a second workspace, in
English), ``both`` (tuning and holdout) or ``all``. Labels are in each folder's
``labels/*.jsonl`` (see docs/labelling.md); a folder's ``agreement/`` holds a second person's
labels of some of its conversations. Prints accuracy, precision and recall per label next to
the naive baselines other tools use: every opener is a request; the first reply by anyone else
(bots included) is the response; any comment or reply settles it; the last reply is the
decision.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncmetrics as am  # noqa: E402

VALIDATION = ROOT / "validation"
# Each sample's folder under validation/, in the order they were drawn.
SAMPLES = {
    "tuning": ".",
    **{f"holdout{n}": f"holdout{n}" for n in ("", "2", "3", "4", "5", "6", "7", "8")},
    "houston": "houston",
}
WORKSPACES = {"houston": "the Houston Data Vis workspace (English, before threads)"}
CONFIG = am.Config(default_tz="Asia/Tokyo", min_group_size=1)


def slack_events(folder: Path = VALIDATION) -> pl.DataFrame:
    frames = []
    for line in (folder / "slack_threads.jsonl").read_text(encoding="utf-8").splitlines():
        thread = json.loads(line)
        messages = [item["message"] for item in thread["messages"]]
        events = am.read_slack_messages(
            messages, channel=thread["channel"], config=CONFIG, attach_replies=False
        )
        # The conversation as it was chosen: in-channel replies attached when the sample was built.
        frames.append(
            events.with_columns(
                pl.lit(thread["conversation_id"]).alias("conversation_id"),
                (pl.col("message_id") == thread["conversation_id"]).alias("is_opener"),
            )
        )
    return pl.concat(frames)


def pr_events(folder: Path = VALIDATION) -> pl.DataFrame:
    rows = []
    for line in (folder / "pull_requests.jsonl").read_text(encoding="utf-8").splitlines():
        pr = json.loads(line)
        rows += [{**e, "source": "github"} for e in pr["events"]]
    return am.events_from_frame(pl.DataFrame(rows, infer_schema_length=None))


def labels(folder: Path, prefix: str) -> pl.DataFrame:
    rows = []
    for path in sorted(folder.glob(f"{prefix}*.jsonl")):
        rows += [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    return pl.DataFrame(rows, infer_schema_length=None)


def message_key(conversation: str, key: str | None, source: str) -> str | None:
    """A label's message reference as an asyncmetrics message id."""
    if key is None:
        return None
    if source == "slack":
        return f"{conversation.split(':', 1)[0]}:{key}"
    return f"{conversation}:{key}"


@dataclass
class Score:
    name: str
    agree: int
    total: int
    tp: int | None = None
    fp: int | None = None
    fn: int | None = None

    def cells(self) -> list[str]:
        accuracy = f"{self.agree / self.total:.0%}" if self.total else "–"
        if self.tp is None:
            return [accuracy, "", ""]
        precision = f"{self.tp / (self.tp + self.fp):.0%}" if self.tp + self.fp else "–"
        recall = f"{self.tp / (self.tp + self.fn):.0%}" if self.tp + self.fn else "–"
        return [accuracy, precision, recall]


def binary(name: str, truth: list[bool], guess: list[bool]) -> Score:
    pairs = list(zip(truth, guess, strict=True))
    return Score(
        name,
        sum(t == g for t, g in pairs),
        len(pairs),
        tp=sum(t and g for t, g in pairs),
        fp=sum(g and not t for t, g in pairs),
        fn=sum(t and not g for t, g in pairs),
    )


def exact(name: str, truth: list[object], guess: list[object]) -> Score:
    pairs = list(zip(truth, guess, strict=True))
    return Score(name, sum(t == g for t, g in pairs), len(pairs))


TOLERANCE = timedelta(minutes=15)


def within(name: str, truth: list[timedelta | None], guess: list[timedelta | None]) -> Score:
    """Durations agreeing within :data:`TOLERANCE`, or both missing."""
    pairs = list(zip(truth, guess, strict=True))
    agree = sum(
        (t is None and g is None) or (t is not None and g is not None and abs(t - g) <= TOLERANCE)
        for t, g in pairs
    )
    return Score(name, agree, len(pairs))


def _since(at: dict, message: str | None, start: datetime | None) -> timedelta | None:
    if message is None or start is None or message not in at:
        return None
    return at[message] - start


def sets(name: str, truth: list[set[str]], guess: list[set[str]]) -> Score:
    tp = sum(len(t & g) for t, g in zip(truth, guess, strict=True))
    fp = sum(len(g - t) for t, g in zip(truth, guess, strict=True))
    fn = sum(len(t - g) for t, g in zip(truth, guess, strict=True))
    agree = sum(t == g for t, g in zip(truth, guess, strict=True))
    return Score(name, agree, len(truth), tp=tp, fp=fp, fn=fn)


@dataclass
class Run:
    """asyncmetrics' output on a sample: its classified events and, by conversation, its
    request_threads row."""

    classified: pl.DataFrame
    by_id: dict[str, dict]


def run(events: pl.DataFrame) -> Run:
    classified = am.classify(events, config=CONFIG)
    threads = am.request_threads(classified, config=CONFIG)
    return Run(classified, {r["conversation_id"]: r for r in threads.iter_rows(named=True)})


def label_key(r: dict, field: str, source: str) -> str | None:
    """The asyncmetrics message id of the message a label row names in ``field``."""
    return message_key(r["conversation_id"], r[field], source)


def evaluate(
    ours: Run, truth: pl.DataFrame, source: str, show_errors: bool
) -> list[tuple[Score, Score | None]]:
    classified, by_id = ours.classified, ours.by_id
    followups = classified.filter("followup").group_by("conversation_id").agg(pl.col("message_id"))
    predicted_followups = dict(
        zip(followups["conversation_id"], followups["message_id"], strict=True)
    )
    ordered = classified.sort("ts", "message_id")
    naive_first = (
        ordered.filter(~pl.col("is_opener") & (pl.col("author") != pl.col("requester")))
        .group_by("conversation_id", maintain_order=True)
        .agg(pl.col("message_id").first(), pl.col("message_id").last().alias("last"))
    )
    naive = {r["conversation_id"]: r for r in naive_first.iter_rows(named=True)}
    rows = truth.to_dicts()
    requests = [r for r in rows if r["is_request"]]
    found = [r for r in requests if by_id[r["conversation_id"]]["is_request"]]

    results = [
        (
            binary(
                "is a request",
                [r["is_request"] for r in rows],
                [by_id[r["conversation_id"]]["is_request"] for r in rows],
            ),
            binary(
                "  baseline: every opener", [r["is_request"] for r in rows], [True for _ in rows]
            ),
        ),
        (
            exact(
                "first actionable reply (same message)",
                [label_key(r, "first_actionable_reply", source) for r in requests],
                [by_id[r["conversation_id"]]["first_actionable_reply_id"] for r in requests],
            ),
            exact(
                "  baseline: first reply by anyone else",
                [label_key(r, "first_actionable_reply", source) for r in requests],
                [naive.get(r["conversation_id"], {}).get("message_id") for r in requests],
            ),
        ),
        (
            exact(
                "  on the requests asyncmetrics also finds",
                [label_key(r, "first_actionable_reply", source) for r in found],
                [by_id[r["conversation_id"]]["first_actionable_reply_id"] for r in found],
            ),
            None,
        ),
        (
            binary(
                "has an actionable reply",
                [r["first_actionable_reply"] is not None for r in requests],
                [
                    by_id[r["conversation_id"]]["first_actionable_reply_id"] is not None
                    for r in requests
                ],
            ),
            binary(
                "  baseline: anyone else replied",
                [r["first_actionable_reply"] is not None for r in requests],
                [r["conversation_id"] in naive for r in requests],
            ),
        ),
        (
            sets(
                "follow-ups (messages)",
                [{label_key({**r, "x": f}, "x", source) for f in r["followups"]} for r in requests],
                [set(predicted_followups.get(r["conversation_id"], [])) for r in requests],
            ),
            None,
        ),
        (
            binary(
                "converged",
                [r["converged"] for r in requests],
                [by_id[r["conversation_id"]]["converged"] for r in requests],
            ),
            binary(
                "  baseline: anyone else replied",
                [r["converged"] for r in requests],
                [r["conversation_id"] in naive for r in requests],
            ),
        ),
        (
            exact(
                "convergence (same message)",
                [label_key(r, "convergence", source) for r in requests],
                [by_id[r["conversation_id"]]["convergence_id"] for r in requests],
            ),
            exact(
                "  baseline: the last reply",
                [label_key(r, "convergence", source) for r in requests],
                [naive.get(r["conversation_id"], {}).get("last") for r in requests],
            ),
        ),
        (
            exact(
                "  on the requests asyncmetrics also finds",
                [label_key(r, "convergence", source) for r in found],
                [by_id[r["conversation_id"]]["convergence_id"] for r in found],
            ),
            None,
        ),
    ]
    # The metrics themselves: a duration agrees when both are within 15 minutes of each other,
    # or both say there is none.
    at = dict(zip(classified["message_id"], classified["ts"], strict=True))
    for name, field, column, baseline, baseline_name in (
        (
            "time to first actionable reply (±15 min)",
            "first_actionable_reply",
            "time_to_first_actionable_reply",
            "message_id",
            "first reply by anyone else",
        ),
        ("time to decision (±15 min)", "convergence", "time_to_decision", "last", "last reply"),
    ):
        start = [by_id[r["conversation_id"]]["requested_at"] for r in requests]
        truth = [
            _since(at, label_key(r, field, source), t) for r, t in zip(requests, start, strict=True)
        ]
        guess = [by_id[r["conversation_id"]][column] for r in requests]
        naive_guess = [
            _since(at, naive.get(r["conversation_id"], {}).get(baseline), t)
            for r, t in zip(requests, start, strict=True)
        ]
        results.append(
            (
                within(name, truth, guess),
                within(f"  baseline: {baseline_name}", truth, naive_guess),
            )
        )
    results.append(
        (
            exact(
                "follow-ups per request (same count)",
                [len(r["followups"]) for r in requests],
                [by_id[r["conversation_id"]]["followups"] for r in requests],
            ),
            exact(
                "  baseline: none ever",
                [len(r["followups"]) for r in requests],
                [0 for _ in requests],
            ),
        )
    )
    if show_errors:
        for r in requests:
            got = by_id[r["conversation_id"]]
            for field, column in (
                ("first_actionable_reply", "first_actionable_reply_id"),
                ("convergence", "convergence_id"),
            ):
                if label_key(r, field, source) != got[column]:
                    note = r.get("note") or ""
                    print(f"  {r['id']} {field}: labelled {r[field]} got {got[column]} {note}")
    return results


def agreement(
    ours: Run, first: pl.DataFrame, second: pl.DataFrame, source: str
) -> list[tuple[Score, Score | None]]:
    """How often a second labeller agrees with the first on the conversations both labelled,
    next to how often asyncmetrics agrees with each of them on the same conversations.

    Replies and decisions are compared on the conversations both labellers call requests.
    """
    pairs = first.join(second, on="conversation_id", suffix="_2")
    rows = pairs.to_dicts()
    both = [r for r in rows if r["is_request"] and r["is_request_2"]]

    def machine(r: dict, field: str) -> object:
        return ours.by_id[r["conversation_id"]][field]

    measures: list[tuple[str, str, str, type]] = [
        ("is a request", "is_request", "is_request", bool),
        (
            "first actionable reply (same message)",
            "first_actionable_reply",
            "first_actionable_reply_id",
            str,
        ),
        ("converged", "converged", "converged", bool),
        ("convergence (same message)", "convergence", "convergence_id", str),
    ]
    results: list[tuple[Score, Score | None]] = []
    for name, field, column, kind in measures:
        chosen = rows if field == "is_request" else both
        if kind is bool:
            truth = [r[field] for r in chosen]
            results.append(
                (
                    binary(f"{name}: second labeller", truth, [r[f"{field}_2"] for r in chosen]),
                    binary(
                        "  asyncmetrics vs the first", truth, [machine(r, column) for r in chosen]
                    ),
                )
            )
            results.append(
                (
                    binary(
                        "  asyncmetrics vs the second",
                        [r[f"{field}_2"] for r in chosen],
                        [machine(r, column) for r in chosen],
                    ),
                    None,
                )
            )
        else:
            truth = [label_key(r, field, source) for r in chosen]
            second_key = [label_key(r, f"{field}_2", source) for r in chosen]
            guess = [machine(r, column) for r in chosen]
            results.append(
                (
                    exact(f"{name}: second labeller", truth, second_key),
                    exact("  asyncmetrics vs the first", truth, guess),
                )
            )
            results.append((exact("  asyncmetrics vs the second", second_key, guess), None))
    return results


def table(title: str, results: list[tuple[Score, Score | None]]) -> None:
    print(f"\n{title}")
    print(f"  {'':46}{'n':>5}{'accuracy':>10}{'precision':>11}{'recall':>8}")
    for score, baseline in results:
        for s in (score, baseline):
            if s is None:
                continue
            accuracy, precision, recall = s.cells()
            print(f"  {s.name:46}{s.total:>5}{accuracy:>10}{precision:>11}{recall:>8}")


def pr_sources(folder: Path) -> str:
    with (folder / "pull_requests.jsonl").open(encoding="utf-8") as lines:
        datasets = sorted({json.loads(line)["dataset"] for line in lines})
    return " and ".join(datasets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=(*SAMPLES, "both", "all"),
        default="both",
        help="which labelled sample (see the module's docstring)",
    )
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    sets = {name: VALIDATION / folder for name, folder in SAMPLES.items()}
    chosen = {"both": ["tuning", "holdout"], "all": list(sets)}.get(args.set, [args.set])
    for name, folder in sets.items():
        if name not in chosen or not (folder / "labels").is_dir():
            continue
        slack_truth = labels(folder / "labels", "slack")
        pr_truth = labels(folder / "labels", "prs")
        print(f"\n== {name} set ({folder.relative_to(ROOT)})")
        if not slack_truth.is_empty():
            slack = run(slack_events(folder))
            table(
                f"Slack: {slack_truth.height} conversations of "
                f"{WORKSPACES.get(name, 'the dd2030 team')}",
                evaluate(slack, slack_truth, "slack", args.show_errors),
            )
            second = labels(folder / "agreement", "slack")
            if not second.is_empty():
                table(
                    f"Slack: {second.height} of them labelled again by a second person, "
                    "independently",
                    agreement(slack, slack_truth, second, "slack"),
                )
        if not pr_truth.is_empty():
            prs = run(pr_events(folder))
            table(
                f"Pull requests: {pr_truth.height} ({pr_sources(folder)})",
                evaluate(prs, pr_truth, "github", args.show_errors),
            )
            earlier = labels(folder / "earlier_guide", "prs")
            if not earlier.is_empty():
                table(
                    f"Pull requests: the same {earlier.height}, labelled before the guide said "
                    "that a draft's request is made when it is marked ready for review",
                    evaluate(prs, earlier, "github", show_errors=False),
                )
            second = labels(folder / "agreement", "prs")
            if not second.is_empty():
                table(
                    f"Pull requests: {second.height} of them labelled again by a second person, "
                    "independently",
                    agreement(prs, pr_truth, second, "github"),
                )


if __name__ == "__main__":
    main()
