from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from asyncmetrics import EVENT_COLUMNS
from asyncmetrics.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(FIXTURES / "slack_export", target / "slack")
    shutil.copytree(FIXTURES / "github", target / "github")
    return target


def test_metrics_prints_a_row_per_channel(store, capsys):
    assert main(["metrics", str(store), "--min-group-size", "1"]) == 0
    out = capsys.readouterr().out
    table = out.split("\n\n")[0].splitlines()[2:]
    lines = {line.split()[1]: line.split() for line in table}
    assert set(lines) == {"eng", "help", "acme/widgets", "all"}
    # acme/widgets: 3 pull requests, all of them requests.
    assert lines["acme/widgets"][2:4] == ["3", "3"]


def test_metrics_hides_groups_of_fewer_than_five_people_by_default(store, capsys):
    assert main(["metrics", str(store)]) == 0
    out = capsys.readouterr().out
    assert "hidden: rows about fewer than 5 people (privacy)" in out
    rows = {line.split()[1]: line.split()[2:] for line in out.split("\n\n")[0].splitlines()[2:-1]}
    # Each channel involves at most 3 accounts; all together there are 6 (3 Slack, 3 GitHub).
    assert {ch: cells for ch, cells in rows.items() if cells == ["hidden"] * 10}.keys() == {
        "eng",
        "help",
        "acme/widgets",
    }
    assert rows["all"][:2] == ["7", "5"]


def test_metrics_writes_parquet_and_csv(store, tmp_path, capsys):
    parquet, csv = tmp_path / "t.parquet", tmp_path / "out" / "t.csv"
    assert main(["metrics", str(store), "--out", str(parquet)]) == 0
    assert main(["metrics", str(store), "--out", str(csv)]) == 0
    threads = pl.read_parquet(parquet)
    assert threads.height == 3 + 4
    as_csv = pl.read_csv(csv)
    assert "time_to_first_reply_s" in as_csv.columns
    assert "time_to_first_reply" not in as_csv.columns
    seconds = dict(zip(as_csv["conversation_id"], as_csv["time_to_first_reply_s"], strict=True))
    # PR 1 opened 08:00, bo's review 12:00 (the bot's review at 08:01 is not a reply).
    assert seconds["acme/widgets#1"] == 4 * 3600


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["metrics", "/no/such/path"], 3, "/no/such/path: no such file or folder"),
        (["metrics", "STORE", "--out", "x.json"], 4, "use a .parquet or .csv"),
        (["metrics", "STORE", "--config", "CONFIG"], 4, "unknown setting(s) colour"),
        (["metrics", "STORE", "--period", "last summer"], 4, "cannot read period"),
    ],
)
def test_errors_have_exit_codes_and_one_line(store, tmp_path, capsys, argv, code, message):
    config = tmp_path / "bad.toml"
    config.write_text('colour = "blue"\n')
    argv = [a.replace("STORE", str(store)).replace("CONFIG", str(config)) for a in argv]
    assert main(argv) == code
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_usage_error_exits_2():
    with pytest.raises(SystemExit) as exit_info:
        main(["metrics"])
    assert exit_info.value.code == 2


def test_console_script_exit_code(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "asyncmetrics.cli", "metrics", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert result.stdout == ""


def test_schema_doc_lists_every_column():
    doc = (ROOT / "docs" / "schema.md").read_text()
    missing = [name for name in EVENT_COLUMNS if f"| `{name}` |" not in doc]
    assert missing == []
