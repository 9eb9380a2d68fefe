"""People, teams and privacy: pseudonyms, identity merging, minimum group size, opt-ins."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from asyncmetrics import (
    Config,
    InputError,
    decision_throughput,
    events_from_frame,
    load,
    load_people,
    pseudonymize,
    read_roster,
    request_threads,
)
from asyncmetrics.metrics import (
    decision_survival,
    followup_distribution,
    request_arrivals,
    round_trip_distribution,
)
from asyncmetrics.privacy import KEY_ENV, PrivacyError, key_file, pseudonyms
from asyncmetrics.summary import channel_summary

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(FIXTURES / "slack_export", target / "slack")
    shutil.copytree(FIXTURES / "github", target / "github")
    return target


def humans(events: pl.DataFrame) -> set[str]:
    return set(events.filter(~pl.col("author_is_bot"))["author"])


def test_pseudonyms_are_stable_for_a_key_and_unlinkable_across_keys(store, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "key-one")
    first, again = load(store), load(store)
    monkeypatch.setenv(KEY_ENV, "key-two")
    other = load(store)
    assert humans(first) == humans(again)
    assert not humans(first) & humans(other)
    assert all(a.startswith("p-") and len(a) == 14 for a in humans(first))
    assert humans(first) == set(
        pseudonyms(["U0ANA", "U0BO", "U0CY", "ana", "bo", "cy"], b"key-one").values()
    )


def test_bots_keep_their_names(store):
    bots = set(load(store).filter("author_is_bot")["author"])
    assert bots == {"B0DEPLOY", "U0TICKET", "lintbot[bot]"}


def test_machine_accounts_in_an_event_table_are_recognised_before_pseudonymising(tmp_path):
    """A saved event table does not go through the GitHub reader's bot rules: load applies
    them on the sources' ids, which pseudonyms would hide from classify."""
    table = events_from_frame(
        pl.DataFrame(
            {
                "source": ["github", "github", "github", "slack"],
                "channel": ["o/r", "o/r", "o/r", "eng"],
                "conversation_id": ["o/r#1", "o/r#1", "o/r#1", "c"],
                "author": ["ana", "deploy-bot", "ci-runner", "bo-bot"],
                "ts": [f"2026-07-01T09:0{i}:00Z" for i in range(4)],
                "text": ["Review please?", "Deployed", "Passed", "hello"],
            }
        )
    )
    table.write_parquet(tmp_path / "events.parquet")
    events = load(tmp_path / "events.parquet", config=Config(bots=("ci-runner",)))
    flagged = events.filter("author_is_bot").select("source", "author").rows()
    assert sorted(flagged) == [("github", "ci-runner"), ("github", "deploy-bot")]
    assert events.filter(~pl.col("author_is_bot"))["author"].str.starts_with("p-").all()
    public = pseudonymize(table, config=Config(pseudonym_key="k", bots=("ci-runner",)))
    assert sorted(public.filter("author_is_bot")["author"]) == ["ci-runner", "deploy-bot"]


def test_real_ids_only_on_opt_in(store):
    events = load(store, config=Config(pseudonymize=False))
    assert humans(events) == {"U0ANA", "U0BO", "U0CY", "ana", "bo", "cy"}


def test_mentions_and_reactions_carry_the_same_pseudonyms(store, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "k")
    events = load(store)
    ids = pseudonyms(["U0ANA", "U0BO", "U0CY"], b"k")
    rows = {r["message_id"]: r for r in events.iter_rows(named=True)}
    assert rows["C0HELP:1782911400.000200"]["mentions"] == [ids["U0CY"]]
    reply = rows["C0ENG:1782968400.000100"]
    assert reply["reactions"] == [{"name": "+1::skin-tone-3", "users": [ids["U0ANA"], ids["U0CY"]]}]


def test_key_file_is_created_once_readable_by_its_owner_only(store):
    path = key_file()
    path.unlink(missing_ok=True)
    first = load(store)
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o600
    assert humans(load(store)) == humans(first)


def test_roster_merges_a_persons_slack_and_github_accounts(store, tmp_path):
    roster = tmp_path / "people.toml"
    roster.write_text(
        """
[[person]]
id = "ana"
slack = ["U0ANA"]
github = ["ana"]
team = "platform"
tz = "Europe/Berlin"

[[person]]
id = "bo"
slack = "U0BO"
github = "bo"
team = "platform"
tz = "Asia/Kolkata"
decides = ["eng", "acme/widgets"]
"""
    )
    config = Config(pseudonymize=False)
    events = load(store, config=config, people=roster)
    assert humans(events) == {"ana", "bo", "U0CY", "cy"}
    people = load_people(store, config=config, people=roster)
    assert people.select("author", "team", "decides").rows() == [
        ("ana", "platform", None),
        ("bo", "platform", "eng;acme/widgets"),
    ]
    threads = request_threads(events, people)
    assert set(threads.filter(pl.col("requester") == "ana")["team"]) == {"platform"}


def test_accounts_sharing_an_email_become_one_person(store):
    users = json.loads((store / "slack" / "users.json").read_text())
    users[0]["profile"]["email"] = "Ana@Example.invalid"
    (store / "slack" / "users.json").write_text(json.dumps(users))
    pulls = store / "github" / "acme" / "widgets" / "pulls.jsonl"
    lines = pulls.read_text().splitlines()
    first = json.loads(lines[0])
    first["pull"]["user"]["email"] = "ana@example.invalid"
    pulls.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    events = load(store, config=Config(pseudonymize=False))
    assert "ana" not in humans(events)
    assert "U0ANA" in humans(events)


def test_roster_errors_name_the_record(tmp_path):
    twice = tmp_path / "people.csv"
    twice.write_text("author,person\nU1,ana\nU1,bo\n")
    with pytest.raises(InputError, match="account 'U1' is listed twice"):
        read_roster(twice)
    nobody = tmp_path / "people.toml"
    nobody.write_text('[[person]]\nid = "ana"\nteam = "x"\n')
    with pytest.raises(InputError, match="record 1: field 'author': names no account"):
        read_roster(nobody)


def test_config_deciders_fold_into_the_people_table(store, tmp_path):
    roster = tmp_path / "people.csv"
    roster.write_text("author,person,team\nU0BO,bo,platform\nbo,bo,platform\n")
    config = Config(pseudonymize=False, deciders={"help": ("U0BO",)})
    people = load_people(store, config=config, people=roster)
    assert people.select("author", "decides").rows() == [("bo", "help")]


# -- minimum group size -------------------------------------------------------------------

T0 = datetime(2026, 7, 6, 9, tzinfo=UTC)


def threads_with_people(n: int, channel: str = "eng") -> pl.DataFrame:
    """One request per person in a week: asked by person i, answered by person i+1 (mod n)."""
    rows = []
    for i in range(n):
        asked = T0 + timedelta(hours=i)
        rows += [
            (channel, f"{channel}-{i}", f"p{i}", asked, "Can someone check the backup job?"),
            (
                channel,
                f"{channel}-{i}",
                f"p{(i + 1) % n}",
                asked + timedelta(hours=1),
                "Run `make check`.",
            ),
        ]
    frame = pl.DataFrame(
        rows, schema=["channel", "conversation_id", "author", "ts", "text"], orient="row"
    ).with_columns(pl.lit("slack").alias("source"))
    from asyncmetrics import events_from_frame

    return request_threads(events_from_frame(frame))


@pytest.mark.parametrize(("people", "hidden"), [(4, True), (5, False)])
def test_throughput_hides_a_period_of_fewer_than_five_people(people, hidden):
    weekly = decision_throughput(threads_with_people(people))
    assert weekly.select("people", "suppressed").rows() == [(people, hidden)]
    row = weekly.row(0, named=True)
    if hidden:
        assert row["requests"] is None
        assert row["decisions_per_day"] is None
        assert row["ttfar_median"] is None
    else:
        assert row["requests"] == 5


def test_every_aggregate_marks_small_groups():
    threads = pl.concat([threads_with_people(6, "big"), threads_with_people(3, "small")])
    summary = channel_summary(threads)
    assert dict(zip(summary["channel"], summary["suppressed"], strict=True)) == {
        "big": False,
        "small": True,
        "all": False,
    }
    assert summary.filter(pl.col("channel") == "small")["requests"].to_list() == [None]
    survival = decision_survival(threads, by="channel")
    assert survival.filter("suppressed")["channel"].to_list() == ["small"]
    assert survival.filter(pl.col("channel") == "small")["undecided"].to_list() == [None]
    followups = followup_distribution(threads, by="channel")
    assert followups.filter(pl.col("channel") == "small")["suppressed"].to_list() == [True]
    trips = round_trip_distribution(threads)
    assert trips.select("round_trips", "requests", "suppressed").rows() == [("0", 9, False)]


def test_arrivals_cells_of_few_people_are_hidden():
    from asyncmetrics import events_from_frame

    frame = pl.DataFrame(
        {
            "source": "slack",
            "channel": "eng",
            "conversation_id": ["c", "c"],
            "author": ["ana", "bo"],
            "ts": [T0, T0 + timedelta(hours=1)],
            "text": ["Can someone check?", "Run `make check`."],
        }
    )
    events = events_from_frame(frame)
    arrivals = request_arrivals(request_threads(events), events)
    assert arrivals.select("weekday", "hour", "requests", "people", "suppressed").rows() == [
        ("Mon", 9, None, 2, True)
    ]


def test_grouping_by_a_person_needs_the_opt_in():
    threads = threads_with_people(6)
    with pytest.raises(PrivacyError, match="grouping by requester shows individuals"):
        decision_throughput(threads, by="requester")
    with pytest.raises(PrivacyError):
        decision_survival(threads, by="first_actionable_reply_by")
    allowed = decision_throughput(
        threads, by="requester", config=Config(person_level=True, min_group_size=1)
    )
    assert allowed.height == 6
