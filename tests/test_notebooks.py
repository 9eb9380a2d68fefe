"""The example notebooks: stored clean, and run with parameters the way a user runs them.

`make test` also executes every notebook with nbval (see notebooks/README.md). Here two of
them go through papermill with non-default parameters: the retro for one team on data that
holds a previous quarter, and the connection notebook syncing from the local fake APIs.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import nbformat
import polars as pl
import pytest

import asyncmetrics as am
from asyncmetrics.periods import parse_period

papermill = pytest.importorskip("papermill")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ("quarterly_retro.ipynb", "adhoc_analysis.ipynb", "connect_your_data.ipynb")


def run(name: str, out: Path, **parameters) -> nbformat.NotebookNode:
    papermill.execute_notebook(
        str(NOTEBOOKS / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(out.parent),
    )
    return nbformat.read(out, as_version=4)


def printed(notebook: nbformat.NotebookNode, cell_id: str | None = None) -> str:
    """What the cells (or one cell) printed or displayed, as text."""
    parts = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or cell_id not in (None, cell.get("id")):
            continue
        for output in cell.outputs:
            if output.output_type == "stream":
                parts.append(output.text)
            elif "data" in output:
                parts.append(output.data.get("text/plain", ""))
    return "\n".join(parts)


def injected(notebook: nbformat.NotebookNode) -> dict:
    cells = [c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    values: dict = {}
    exec(cells[0].source, values)
    return values


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs_so_diffs_stay_clean(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    first = notebook.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")
    assert notebook.metadata.kernelspec.name == "python3"
    assert "papermill" not in notebook.metadata
    for cell in notebook.cells:
        assert not {"execution", "papermill"} & set(cell.metadata), cell.id
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name} cell {cell.id} has outputs: clear them"
            assert cell.execution_count is None, f"{name} cell {cell.id} has an execution count"


@pytest.mark.parametrize(
    ("name", "parameters"),
    [
        ("quarterly_retro.ipynb", {"data", "people", "quarter", "teams", "compare_to"}),
        ("connect_your_data.ipynb", {"slack_channels", "github_repos", "since", "store"}),
    ],
)
def test_parameters_cell(name, parameters):
    assert set(papermill.inspect_notebook(str(NOTEBOOKS / name))) == parameters


@pytest.fixture(scope="module")
def two_quarters(tmp_path_factory) -> Path:
    """The sample's 2026Q3 plus the same conversations 13 weeks earlier (2026Q2), as a
    Parquet event table with the roster beside it."""
    folder = tmp_path_factory.mktemp("two-quarters")
    q3 = am.read_events(am.sample_path())
    shift = timedelta(weeks=13)
    q2 = q3.with_columns(
        pl.col("ts") - shift,
        pl.col("edited_at") - shift,
        pl.col("conversation_id") + "~q2",
        pl.col("message_id") + "~q2",
    ).filter(pl.col("ts") < parse_period("2026Q3")[0])
    pl.concat([q2, q3]).write_parquet(folder / "events.parquet")
    shutil.copy(am.sample_path() / "people.csv", folder / "people.csv")
    return folder / "events.parquet"


def test_quarterly_retro_for_one_team_against_the_previous_quarter(two_quarters, tmp_path):
    notebook = run(
        "quarterly_retro.ipynb",
        tmp_path / "retro.ipynb",
        data=str(two_quarters),
        quarter="2026Q3",
        teams=["data"],
    )
    assert injected(notebook)["teams"] == ["data"]
    sample = am.request_threads(am.load("sample"), am.load_people("sample"))
    data_requests = sample.filter(pl.col("is_request"), pl.col("team") == "data").height
    text = printed(notebook)
    assert "Quarter 2026Q3: requests made 2026-07-01 to 2026-09-30" in text
    assert "Teams: data\n" in text
    assert f"\n{data_requests} requests in " in text
    per_team = printed(notebook, "retro-07")
    assert "data" in per_team
    assert "platform" not in per_team
    assert "no team" not in per_team
    assert "Comparing 2026Q3 with 2026Q2." in text
    assert "change 2026Q2 → 2026Q3" in printed(notebook, "retro-22")


def test_quarterly_retro_says_when_there_is_no_previous_quarter(tmp_path):
    notebook = run("quarterly_retro.ipynb", tmp_path / "retro.ipynb", compare_to="2025Q4")
    text = printed(notebook, "retro-22")
    assert "No requests in 2025Q4 in this data" in text
    assert "Comparing the months of 2026Q3 instead." in text
    assert "change 2026-07 → 2026-09" in text


def test_connect_your_data_syncs_live_when_tokens_are_set(tmp_path, monkeypatch):
    from fakes.github_api import TOKEN as GITHUB_TOKEN
    from fakes.github_api import FakeGitHub
    from fakes.slack_api import FakeSlack

    slack = FakeSlack.generated(n_channels=2, n_messages=120, seed=5)
    github = FakeGitHub.generated(["acme/api"], 8, seed=2)
    channels = sorted(channel.name for channel in slack.channels.values())
    store = tmp_path / "store"
    with slack, github:
        monkeypatch.setenv("SLACK_TOKEN", slack.token)
        monkeypatch.setenv("ASYNCMETRICS_SLACK_API_URL", slack.url + "/api/")
        monkeypatch.setenv("GITHUB_TOKEN", GITHUB_TOKEN)
        monkeypatch.setenv("ASYNCMETRICS_GITHUB_API_URL", github.url)
        out = tmp_path / "connect.ipynb"
        notebook = run(
            "connect_your_data.ipynb",
            out,
            slack_channels=channels,
            github_repos=["acme/api"],
            store=str(store),
        )
    text = printed(notebook)
    assert all(f"#{name}: " in text for name in channels)
    assert "acme/api: 8 pull requests fetched, 8 new" in text
    assert f"{store}: " in text
    assert "skipped" not in text
    assert (store / "slack").is_dir()
    assert (store / "github").is_dir()
    saved = out.read_text(encoding="utf-8")
    assert slack.token not in saved
    assert GITHUB_TOKEN not in saved


def test_connect_your_data_skips_the_live_parts_without_tokens(tmp_path, monkeypatch):
    monkeypatch.delenv("SLACK_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    notebook = run("connect_your_data.ipynb", tmp_path / "connect.ipynb", slack_channels=["eng"])
    assert printed(notebook, "connect-11").startswith("skipped: set SLACK_TOKEN")
    assert printed(notebook, "connect-12").startswith("skipped: set GITHUB_TOKEN")
    assert printed(notebook, "connect-14").startswith("skipped: nothing synced")
