"""The HTML report: one self-contained file, no scripts, no requests to any host.

Everything that came from chat or GitHub is escaped. The report holds aggregates only: no
message text and no person's name.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.metrics import decision_throughput, request_threads
from asyncmetrics.periods import parse_period
from asyncmetrics.sources import load, load_people
from asyncmetrics.summary import SUMMARY_COLUMNS, channel_summary, format_value

_DOCS = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"


@dataclass(frozen=True)
class ReportData:
    """What a report shows, computed once."""

    title: str
    period: str | None
    threads: pl.DataFrame
    weekly: pl.DataFrame
    summary: pl.DataFrame
    n_events: int


def report_data(
    data: str | Path,
    *,
    period: str | None = None,
    people: Any | None = None,
    config: Config | None = None,
) -> ReportData:
    """Load ``data`` and compute the report's tables for ``period`` (default: everything).

    ``people`` is a roster file (or frame); by default the one beside the data.
    """
    config = config or Config()
    events = load(data, config=config, people=people)
    people = load_people(data, config=config, people=people)
    as_of = None
    if period:
        start, end = parse_period(period)
        as_of = min(end, events["ts"].max())
    threads = request_threads(events, people, config=config, as_of=as_of)
    if period:
        threads = threads.filter(pl.col("requested_at") >= start)
    title = "sample team" if str(data) == "sample" else Path(data).name
    return ReportData(
        title=title,
        period=period,
        threads=threads,
        weekly=decision_throughput(threads, every="1w", config=config),
        summary=channel_summary(threads, config=config),
        n_events=events.height,
    )


def write_report(
    data: str | Path,
    out: str | Path = "reports",
    *,
    period: str | None = None,
    people: Any | None = None,
    config: Config | None = None,
    now: datetime | None = None,
) -> Path:
    """Build the HTML report of ``data`` into the folder ``out``; return the file's path.

    The same data gives the same bytes, apart from the line saying when it was generated.
    """
    content = render_html(report_data(data, period=period, people=people, config=config), now=now)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    name = "asyncmetrics-" + _slug(f"{Path(str(data)).name}-{period or 'all'}") + ".html"
    target = out / name
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(target)
    return target


def render_html(report: ReportData, *, now: datetime | None = None) -> str:
    """The report page as a string."""
    now = now or datetime.now(UTC)
    requests = report.threads.filter("is_request")
    sync = requests.filter("needs_sync").sort("round_trips", descending=True)
    period = f" — {report.period}" if report.period else ""
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>asyncmetrics — {_e(report.title)}{_e(period)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Decision throughput: {_e(report.title)}{_e(period)}</h1>",
        f'<p class="meta">Generated at {_e(now.strftime("%Y-%m-%d %H:%M UTC"))}.</p>',
        "<h2>In short</h2>",
        _in_short(report.threads),
        "<h2>By channel and repository</h2>",
        _table(report.summary, SUMMARY_COLUMNS),
        "<h2>Week by week</h2>",
        _table(
            report.weekly,
            {
                "period_start": "week of",
                "requests": "requests",
                "decisions": "decisions",
                "decisions_per_day": "decisions per day",
                "ttfar_median": "1st actionable (median)",
                "ttfar_p90": "1st actionable (p90)",
                "ttfar_business_median": "… business hours (median)",
                "needs_sync_share": "needs sync",
                "open_requests": "still open",
            },
        ),
        f"<h2>Threads that should have been a call ({sync.height})</h2>",
        _table(
            sync,
            {
                "channel": "channel",
                "conversation_id": "conversation",
                "round_trips": "round-trips",
                "followups": "follow-ups",
                "converged": "decided",
                "needs_sync_reason": "why",
            },
        )
        if sync.height
        else "<p>None.</p>",
        "<h2>How this was measured</h2>",
        f"<p>{report.n_events} events; {report.threads.height} conversations, "
        f"{requests.height} of them requests"
        + (f", made in {_e(report.period)}" if report.period else "")
        + ". Message text and names of people are not included in this report.</p>",
        f'<pre class="definitions">{_e(metric_definitions())}</pre>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def metric_definitions() -> str:
    """The text of ``docs/metrics.md``, printed with every report."""
    if _DOCS.is_file():
        return _DOCS.read_text(encoding="utf-8")
    return resources.files("asyncmetrics").joinpath("_docs/metrics.md").read_text(encoding="utf-8")


def _in_short(threads: pl.DataFrame) -> str:
    requests = threads.filter("is_request")
    if requests.is_empty():
        return "<p>No requests in this period.</p>"
    answered = requests["first_actionable_reply_at"].is_not_null().mean()
    decided = requests["converged"].mean()
    median = requests["time_to_first_actionable_reply_business"].median()
    answered_text = format_value(answered, share=True)
    decided_text = format_value(decided, share=True)
    items = [
        f"{requests.height} requests; {answered_text} got an actionable reply, "
        f"{decided_text} reached a decision.",
        "Median time to the first actionable reply, in the responder's working hours: "
        f"{format_value(median)}.",
        f"{int(requests['needs_sync'].sum())} requests took 3 or more round-trips "
        "before a decision.",
    ]
    return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _table(frame: pl.DataFrame, columns: dict[str, str]) -> str:
    head = "".join(f"<th>{_e(label)}</th>" for label in columns.values())
    rows = []
    for row in frame.select(list(columns)).iter_rows(named=True):
        cells = []
        for name, value in row.items():
            text = (
                value.strftime("%Y-%m-%d")
                if isinstance(value, datetime)
                else format_value(value, share=name.endswith("_share"))
            )
            cells.append(f"<td>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).strip("-").lower()


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
th,td{padding:.3rem .6rem;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}
.meta{color:#666}.definitions{white-space:pre-wrap;font-size:.85rem;background:#fafafa;padding:1rem}
"""
