"""The HTML report: self-contained, offline, reproducible, escaped, honest about its options."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from asyncmetrics import Config
from asyncmetrics.cli import main
from asyncmetrics.report import metric_definitions, write_report

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]

# The report's charts, in the order it shows them.
REPORT_CHARTS = (
    "decisions_per_day",
    "response_times",
    "time_to_decision",
    "round_trips",
    "followups",
    "arrivals",
    "decisions_per_team",
    "call_outcomes",
    "request_quality",
    "time_zone_tax",
    "status",
    "repeated_questions",
    "over_rotation",
)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report")
    return write_report(
        "sample", out, period="2026Q3", now=datetime(2026, 10, 1, tzinfo=UTC)
    ).read_text()


def chart_specs(html: str) -> list[dict]:
    block = html.rsplit("var charts = [", 1)[1].split("\n  ];", 1)[0]
    return [json.loads(line.strip().rstrip(","))[1] for line in block.splitlines() if line.strip()]


def outside_the_bundle(html: str) -> str:
    """The page without the inlined Vega bundle (whose code mentions <img src= and the like)."""
    head, rest = html.split("<script>", 1)
    return head + rest.split("</script>", 1)[1]


def test_every_chart_is_embedded_once_with_its_div(sample_report):
    specs = chart_specs(sample_report)
    divs = re.findall(
        r'<div class="chart" id="(chart-\d+)" data-chart="(\w+)"></div>', sample_report
    )
    assert [name for _, name in divs] == list(REPORT_CHARTS)
    assert len(specs) == len(divs)
    assert [id for id, _ in divs] == [f"chart-{i}" for i in range(1, len(divs) + 1)]
    assert all(
        spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/") for spec in specs
    )


def test_vega_is_inlined_once_and_nothing_is_fetched(sample_report):
    assert sample_report.count("window.vegaEmbed=") == 1
    page = outside_the_bundle(sample_report)
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=""", page)
    assert "cdn.jsdelivr" not in sample_report
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp
    assert "default-src 'none'" in csp.group(1)
    assert 500_000 < len(sample_report.encode()) < 3_000_000


def test_report_prints_the_definitions_and_the_options(sample_report):
    assert "How asyncmetrics measures" in sample_report
    assert "<h2>Censoring</h2>" in sample_report
    assert "People: pseudonymized (key from" in sample_report
    assert "Minimum group size: 5 people" in sample_report
    assert "Message text: not included." in sample_report
    assert "569 requests from 12 people" in sample_report


def test_definitions_come_from_docs():
    assert metric_definitions() == (ROOT / "docs" / "metrics.md").read_text()


def test_report_is_reproducible_apart_from_the_generated_line(tmp_path):
    first = write_report(
        "sample", tmp_path / "a", period="2026Q3", now=datetime(2026, 10, 1, tzinfo=UTC)
    )
    second = write_report(
        "sample", tmp_path / "b", period="2026Q3", now=datetime(2026, 10, 2, tzinfo=UTC)
    )
    a, b = first.read_text().splitlines(), second.read_text().splitlines()
    differing = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    assert len(a) == len(b)
    assert len(differing) == 1
    assert a[differing[0]].startswith('<p class="meta">Generated at 2026-10-01')


def test_no_text_and_no_names_unless_opted_in(tmp_path):
    store = tmp_path / "store"
    shutil.copytree(ROOT / "data" / "sample", store)
    events_text = "stuck on `ALTER TABLE orders ADD COLUMN`"
    html = write_report(store, tmp_path / "out").read_text()
    assert events_text not in html
    assert "Jonas Becker" not in html
    assert "U0SAMPLE01" not in html
    with_text = write_report(store, tmp_path / "out2", config=Config(include_text=True)).read_text()
    assert "Message text: included (opted in)." in with_text
    assert "<th>request</th>" in with_text


def hostile_store(tmp_path: Path) -> Path:
    """A store whose channel names, messages, names and PR titles try to run script."""
    store = tmp_path / "store"
    shutil.copytree(FIXTURES / "slack_export", store / "slack")
    shutil.copytree(FIXTURES / "github", store / "github")
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"</script>'
    channels = json.loads((store / "slack" / "channels.json").read_text())
    channels[0]["name"] = "eng" + evil
    (store / "slack" / "channels.json").write_text(json.dumps(channels))
    (store / "slack" / "eng").rename(store / "slack" / channels[0]["name"].replace("/", "_"))
    users = json.loads((store / "slack" / "users.json").read_text())
    for user in users:
        user["real_name"] = evil
    (store / "slack" / "users.json").write_text(json.dumps(users))
    pulls = store / "github" / "acme" / "widgets" / "pulls.jsonl"
    docs = [json.loads(line) for line in pulls.read_text().splitlines()]
    for doc in docs:
        doc["pull"]["title"] = evil + " [javascript:alert(3)](javascript:alert(3))"
        doc["pull"]["body"] = evil
    pulls.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    return store


def test_hostile_content_is_escaped_everywhere(tmp_path):
    store = hostile_store(tmp_path)
    html = write_report(
        store, tmp_path / "out", config=Config(min_group_size=1, include_text=True)
    ).read_text()
    page = outside_the_bundle(html)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "onerror=alert(2)>" not in page
    assert "&lt;script&gt;alert(1)" in page  # shown as text in the tables
    # inside the chart specs the same text is JSON with <, > and & escaped
    assert "\\u003cscript\\u003ealert(1)" in html
    assert len(re.findall(r"<script>", html)) == 2  # the Vega bundle and the charts, nothing else


def test_cli_report_with_images(tmp_path, capsys):
    assert (
        main(
            [
                "report",
                "--data",
                "sample",
                "--period",
                "2026Q3",
                "--out",
                str(tmp_path),
                "--images",
                "svg",
            ]
        )
        == 0
    )
    assert (
        capsys.readouterr().out.strip() == f"wrote {tmp_path / 'asyncmetrics-sample-2026q3.html'}"
    )
    images = sorted(p.name for p in (tmp_path / "asyncmetrics-sample-2026q3-charts").iterdir())
    assert images == sorted(f"{n}.svg" for n in REPORT_CHARTS)
    assert all(
        (tmp_path / "asyncmetrics-sample-2026q3-charts" / name).read_text().startswith("<svg")
        for name in images
    )


def test_every_diagnostic_has_a_section_with_its_numbers(sample_report):
    found = re.findall(r'<h3 id="finding-(\w+)">', sample_report)
    assert found[0] == "calls"
    assert found == [
        "calls",
        "quality",
        "time_zones",
        "deadlines",
        "status",
        "documentation",
        "over_rotation",
    ]
    calls = sample_report.split('<h3 id="finding-calls">', 1)[1].split("<h3", 1)[0]
    assert re.search(r"<li>\d+ requests went 3 or more round-trips without converging", calls)


def test_diagnostics_hide_groups_below_the_minimum(tmp_path):
    html = write_report(
        "sample", tmp_path, period="2026Q3", config=Config(min_group_size=1000)
    ).read_text()
    for key in ("calls", "quality", "time_zones", "deadlines", "status", "documentation"):
        section = html.split(f'<h3 id="finding-{key}">', 1)[1].split("<h3", 1)[0]
        assert "<li>Hidden: fewer than 1000 people are involved.</li>" in section
        assert "<td>" not in section
