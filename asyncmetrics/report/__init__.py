"""The HTML report: one self-contained file that opens anywhere, offline.

Vega, Vega-Lite and vega-embed are inlined once; charts are embedded as Vega-Lite specs of
aggregated data. Everything that came from chat or GitHub is escaped. Message text and
people's names are left out unless the user opts in (``Config(include_text=True)``,
``--real-names``), and the report says which options were used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import polars as pl
import vl_convert
from markdown_it import MarkdownIt

from asyncmetrics import charts
from asyncmetrics.classify import classify
from asyncmetrics.config import Config
from asyncmetrics.metrics import decision_throughput, request_arrivals, request_threads
from asyncmetrics.periods import parse_period
from asyncmetrics.privacy import pseudonym_key
from asyncmetrics.report.findings import Findings, diagnose
from asyncmetrics.roster import unknown_people
from asyncmetrics.sources import load, load_people
from asyncmetrics.summary import SUMMARY_COLUMNS, channel_summary, format_value

_DOCS = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("asyncmetrics", "report"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
IMAGE_FORMATS = ("svg", "png")


@dataclass(frozen=True)
class Report:
    """Everything a report shows, computed once from the data."""

    title: str
    period: str | None
    window: tuple[datetime, datetime]
    events: pl.DataFrame
    threads: pl.DataFrame
    summary: pl.DataFrame
    weekly: pl.DataFrame
    charts: dict[str, alt.TopLevelMixin]
    config: Config
    key_source: str | None
    unknown: int
    findings: Findings = field(default_factory=Findings)
    notes: list[str] = field(default_factory=list)


def build_report(
    data: str | Path,
    *,
    period: str | None = None,
    people: str | Path | pl.DataFrame | None = None,
    config: Config | None = None,
) -> Report:
    """Load ``data`` and compute the report's tables and charts for ``period``.

    ``people`` is a roster file (or frame); by default the one beside the data. Requests made
    in the period count; what happened after the period's end is ignored.
    """
    config = config or Config()
    events = load(data, config=config, people=people)
    roster = load_people(data, config=config, people=people)
    as_of = events["ts"].max()
    start = events["ts"].min()
    if period:
        start, end = parse_period(period)
        as_of = min(end, as_of)
    threads = request_threads(events, roster, config=config, as_of=as_of)
    if period:
        threads = threads.filter(pl.col("requested_at") >= start)
    arrivals = request_arrivals(
        threads, events.filter(pl.col("ts") <= as_of), roster, config=config
    )
    figures: dict[str, alt.TopLevelMixin] = {
        "decisions_per_day": charts.chart_decisions_per_day(threads, by="channel", config=config),
        "response_times": charts.chart_response_times(threads, config=config),
        "time_to_decision": charts.chart_time_to_decision(threads, by="source", config=config),
        "round_trips": charts.chart_round_trips(threads, config=config),
        "followups": charts.chart_followups(threads, by="channel", config=config),
        "arrivals": charts.chart_arrivals(arrivals, config=config),
    }
    if threads.filter("is_request")["team"].drop_nulls().n_unique() > 1:
        figures["decisions_per_team"] = charts.chart_decisions_per_day(
            threads, by="team", config=config
        )
    seen = classify(events.filter(pl.col("ts") <= as_of), config=config, people=roster)
    findings = diagnose(threads, seen, roster, since=start, config=config)
    return Report(
        title="sample team" if str(data) == "sample" else Path(data).name,
        period=period,
        window=(start, as_of),
        events=events,
        threads=threads,
        summary=channel_summary(threads, config=config),
        weekly=decision_throughput(threads, every="1w", config=config),
        charts={**figures, **findings.charts},
        config=config,
        key_source=pseudonym_key(config)[1] if config.pseudonymize else None,
        unknown=unknown_people(events, roster).height,
        findings=findings,
    )


def write_report(
    data: str | Path,
    out: str | Path = "reports",
    *,
    period: str | None = None,
    people: str | Path | pl.DataFrame | None = None,
    config: Config | None = None,
    images: str | None = None,
    now: datetime | None = None,
) -> Path:
    """Write the HTML report of ``data`` into the folder ``out`` and return its path.

    The same data and options give the same bytes, apart from the line saying when it was
    generated. ``images="svg"`` or ``"png"`` also writes each chart as an image for slides,
    into a folder next to the report.

    Examples:
        >>> import tempfile
        >>> from asyncmetrics.report import write_report
        >>> path = write_report("sample", tempfile.mkdtemp(), period="2026Q3")
        >>> path.name
        'asyncmetrics-sample-2026q3.html'
    """
    if images is not None and images not in IMAGE_FORMATS:
        raise ValueError(f"images must be one of {', '.join(IMAGE_FORMATS)}")
    report = build_report(data, period=period, people=people, config=config)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = "asyncmetrics-" + _slug(f"{Path(str(data)).name}-{period or 'all'}")
    target = out / f"{stem}.html"
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(render_html(report, now=now), encoding="utf-8")
    tmp.replace(target)
    if images:
        folder = out / f"{stem}-charts"
        folder.mkdir(exist_ok=True)
        for name, chart in report.charts.items():
            chart.save(str(folder / f"{name}.{images}"))
    return target


def render_html(report: Report, *, now: datetime | None = None) -> str:
    """The report page as a string."""
    now = now or datetime.now(UTC)
    config = report.config
    requests = report.threads.filter("is_request")
    needs_sync = requests.filter("needs_sync").sort(
        ["round_trips", "requested_at"], descending=[True, False]
    )
    return _TEMPLATES.get_template("report.html.j2").render(
        report=report,
        generated=now.strftime("%Y-%m-%d %H:%M UTC"),
        window=[d.strftime("%Y-%m-%d %H:%M UTC") for d in report.window],
        bundle=_bundle(),
        charts=[
            (f"chart-{i}", name, _json_for_script(chart.to_dict()))
            for i, (name, chart) in enumerate(report.charts.items(), start=1)
        ],
        chart_ids={name: f"chart-{i}" for i, name in enumerate(report.charts, start=1)},
        finding_charts=set(report.findings.charts),
        findings=report.findings.items,
        in_short=_in_short(requests, report.weekly, config),
        summary=_rows(report.summary, SUMMARY_COLUMNS),
        needs_sync=_needs_sync_rows(needs_sync, report, config),
        counts=_counts(report),
        options=_options(report),
        definitions=_markdown().render(metric_definitions()),
    )


def metric_definitions() -> str:
    """The text of ``docs/metrics.md``, printed with every report."""
    if _DOCS.is_file():
        return _DOCS.read_text(encoding="utf-8")
    return resources.files("asyncmetrics").joinpath("_docs/metrics.md").read_text(encoding="utf-8")


def _markdown() -> MarkdownIt:
    """Markdown to HTML for the definitions: no raw HTML, and links kept as plain text (the
    report must not point anywhere it cannot reach offline)."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("link_open", lambda *args: "")
    md.add_render_rule("link_close", lambda *args: "")
    return md


def _in_short(requests: pl.DataFrame, weekly: pl.DataFrame, config: Config) -> list[str]:
    people = requests["participants"].explode().drop_nulls().n_unique()
    if requests.is_empty():
        return ["No requests in this period."]
    if people < config.min_group_size:
        return [f"Hidden: these requests involve fewer than {config.min_group_size} people."]
    answered = requests["first_actionable_reply_at"].is_not_null().mean()
    shown = weekly.filter(~pl.col("suppressed"))
    per_day = shown["decisions"].sum() / shown["days_observed"].sum() if shown.height else None
    return [
        f"{requests.height} requests from {people} people; {format_value(answered, share=True)} "
        f"got an actionable reply and {format_value(requests['converged'].mean(), share=True)} "
        "reached a decision.",
        f"{per_day:.1f} decisions per day." if per_day is not None else "",
        "Median time to the first actionable reply: "
        f"{format_value(requests['time_to_first_actionable_reply'].median())} on the clock, "
        f"{format_value(requests['time_to_first_actionable_reply_business'].median())} "
        "in the responder's working hours.",
        f"{int(requests['needs_sync'].sum())} requests took "
        f"{config.needs_sync_round_trips} or more round-trips before a decision: they should "
        "have been a call.",
        f"{int((~requests['converged']).sum())} requests are still open at the end of the period.",
    ]


def _rows(frame: pl.DataFrame, columns: dict[str, str]) -> dict[str, Any]:
    rows = []
    for row in frame.iter_rows(named=True):
        hidden = bool(row.get("suppressed"))
        cells = [
            format_value(row[name], share=name.endswith("_share"))
            if not hidden or name in ("source", "channel")
            else "hidden"
            for name in columns
        ]
        rows.append({"cells": cells, "hidden": hidden})
    return {"headers": list(columns.values()), "rows": rows}


def _needs_sync_rows(threads: pl.DataFrame, report: Report, config: Config) -> dict[str, Any]:
    people = threads["participants"].explode().drop_nulls().n_unique()
    if threads.height and people < config.min_group_size:
        return {"hidden": True, "rows": [], "headers": []}
    headers = ["requested", "channel", "conversation", "round-trips", "follow-ups", "decided"]
    texts: dict[str, str] = {}
    if config.include_text:
        headers.append("request")
        openers = report.events.filter(pl.col("is_opener"))
        texts = dict(zip(openers["conversation_id"], openers["text"].fill_null(""), strict=True))
    rows = []
    for row in threads.iter_rows(named=True):
        cells = [
            row["requested_at"].strftime("%Y-%m-%d"),
            row["channel"],
            row["conversation_id"],
            str(row["round_trips"]),
            str(row["followups"]),
            "yes" if row["converged"] else "not yet",
        ]
        if config.include_text:
            cells.append(texts.get(row["conversation_id"], "")[:280])
        rows.append({"cells": cells, "hidden": False})
    return {"hidden": False, "rows": rows, "headers": headers}


def _counts(report: Report) -> list[str]:
    events, threads = report.events, report.threads
    requests = threads.filter("is_request")
    reasons = (
        threads.filter(~pl.col("is_request"))
        .group_by("request_reason")
        .len()
        .sort(["len", "request_reason"], descending=[True, False])
        .head(5)
    )
    not_requests = ", ".join(f"{r} ({n})" for r, n in reasons.iter_rows())
    return [
        f"{events.height} events read ({int(events['author_is_bot'].sum())} from bots, which never "
        "count as replies), from "
        + ", ".join(
            f"{n} {s}" for s, n in events.group_by("source").len().sort("source").iter_rows()
        )
        + ".",
        f"{threads.height} conversations with requests made in the period; "
        f"{requests.height} are requests. Not requests: {not_requests or 'none'}.",
        f"{report.unknown} people are not in the roster and get the default working hours."
        if report.unknown
        else "Everyone is in the roster.",
    ]


def _options(report: Report) -> list[str]:
    config = report.config
    return [
        f"People: pseudonymized (key from {report.key_source})."
        if config.pseudonymize
        else "People: real ids and names (pseudonyms turned off).",
        f"Minimum group size: {config.min_group_size} people; smaller groups are hidden.",
        "Person-level views: allowed." if config.person_level else "Person-level views: off.",
        "Message text: included (opted in)."
        if config.include_text
        else "Message text: not included.",
        f"Round-trips before a thread counts as needing a call: {config.needs_sync_round_trips}.",
        f"Default working hours: {config.workdays} {config.work_start}-{config.work_end}, "
        f"zone {config.default_tz} when unknown.",
    ]


def _json_for_script(value: Any) -> str:
    """JSON that cannot end the ``<script>`` element it sits in, whatever chat text it holds.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their ``\\u`` escapes mean
    the same.
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one script (about 0.9 MB), inlined once per report."""
    bundle = vl_convert.javascript_bundle()
    if "</script" in bundle.lower() or "<!--" in bundle:
        raise RuntimeError("the vl-convert bundle cannot be inlined in a <script> element")
    return bundle


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).strip("-").lower()
