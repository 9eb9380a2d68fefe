"""`asyncmetrics sync` end to end: the command line, real clients, the local fake APIs."""

from __future__ import annotations

import gzip

import pytest
from fakes.github_api import TOKEN as GITHUB_TOKEN
from fakes.github_api import FakeGitHub
from fakes.slack_api import FakeSlack

from asyncmetrics import load, read_events
from asyncmetrics.cli import main


def test_sync_slack_then_metrics_from_the_store(tmp_path, monkeypatch, capsys):
    fake = FakeSlack.generated(n_channels=2, n_messages=300, seed=3)
    with fake:
        monkeypatch.setenv("SLACK_TOKEN", fake.token)
        store = tmp_path / "store"
        names = sorted(channel.name for channel in fake.channels.values())
        argv = ["sync", "slack", "--store", str(store), "--api-url", fake.url + "/api/"]
        for name in names:
            argv += ["--channel", name]
        assert main(argv) == 0
    out = capsys.readouterr().out
    assert all(f"#{name}:" in out for name in names)
    events = read_events(store)
    assert events.height == len(fake.content_messages())
    assert main(["metrics", str(store), "--min-group-size", "1"]) == 0


def test_sync_github_then_load(tmp_path, monkeypatch, capsys):
    fake = FakeGitHub.generated(["acme/api"], 30, seed=1)
    with fake:
        monkeypatch.setenv("GITHUB_TOKEN", GITHUB_TOKEN)
        store = tmp_path / "store"
        code = main(["sync", "github", "acme/api", "--store", str(store), "--api-url", fake.url])
        assert code == 0
    assert "acme/api: 30 pull requests fetched, 30 new" in capsys.readouterr().out
    assert load(store)["conversation_id"].n_unique() == 30


@pytest.mark.parametrize(
    ("service", "variable"), [("slack", "SLACK_TOKEN"), ("github", "GITHUB_TOKEN")]
)
def test_missing_token_is_exit_6_and_touches_nothing(
    tmp_path, monkeypatch, capsys, service, variable
):
    monkeypatch.delenv(variable, raising=False)
    target = ["--channel", "eng"] if service == "slack" else ["acme/api"]
    store = tmp_path / "store"
    assert main(["sync", service, *target, "--store", str(store)]) == 6
    assert f"set {variable}" in capsys.readouterr().err
    assert not store.exists()


def test_wrong_token_is_one_line_without_the_token(tmp_path, monkeypatch, capsys):
    fake = FakeSlack.generated(n_channels=1, n_messages=20, seed=1)
    with fake:
        monkeypatch.setenv("SLACK_TOKEN", "xoxb-not-the-right-one")
        code = main(
            [
                "sync",
                "slack",
                "--channel",
                "x",
                "--store",
                str(tmp_path / "s"),
                "--api-url",
                fake.url + "/api/",
            ]
        )
    err = capsys.readouterr().err
    assert code == 6
    assert err.count("\n") == 1
    assert "xoxb-not-the-right-one" not in err


def test_no_token_anywhere_a_sync_and_a_report_wrote(tmp_path, monkeypatch, capsys, caplog):
    slack = FakeSlack.generated(n_channels=2, n_messages=200, seed=9)
    github = FakeGitHub.generated(["acme/api"], 20, seed=9)
    store, reports = tmp_path / "store", tmp_path / "reports"
    caplog.set_level("DEBUG")
    with slack, github:
        monkeypatch.setenv("SLACK_TOKEN", slack.token)
        monkeypatch.setenv("GITHUB_TOKEN", GITHUB_TOKEN)
        channels = [arg for c in slack.channels.values() for arg in ("--channel", c.name)]
        url = ["--api-url", slack.url + "/api/"]
        assert main(["-v", "sync", "slack", *channels, "--store", str(store), *url]) == 0
        assert (
            main(
                ["-v", "sync", "github", "acme/api", "--store", str(store), "--api-url", github.url]
            )
            == 0
        )
    assert main(["report", "--data", str(store), "--out", str(reports), "--images", "svg"]) == 0
    written = [p for folder in (store, reports) for p in folder.rglob("*") if p.is_file()]
    assert len(written) > 10
    captured = capsys.readouterr()
    for token in (slack.token, GITHUB_TOKEN):
        assert token not in captured.out + captured.err + caplog.text
        for path in written:
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            assert token.encode() not in data, path
