from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest

from asyncmetrics import (
    Config,
    InputError,
    load,
    read_events,
    read_github,
    read_slack_export,
    read_slack_messages,
    validate_events,
)

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "slack_export"
GITHUB = FIXTURES / "github"
PARENT = "C0ENG:1782896400.000100"


def by_id(events: pl.DataFrame) -> dict[str, dict]:
    return {row["message_id"]: row for row in events.iter_rows(named=True)}


@pytest.fixture(scope="module")
def export_events() -> pl.DataFrame:
    return read_slack_export(EXPORT)


def test_export_matches_schema(export_events):
    validate_events(export_events)


def test_export_rebuilds_thread_across_day_files(export_events):
    thread = export_events.filter(pl.col("conversation_id") == PARENT)
    assert thread["message_id"].to_list() == [
        PARENT,
        "C0ENG:1782896405.000200",
        "C0ENG:1782968400.000100",
        "C0ENG:1782982800.000400",
    ]
    assert thread["is_opener"].to_list() == [True, False, False, False]


def test_export_drops_system_messages_keeps_content(export_events):
    eng = export_events.filter(pl.col("channel") == "eng")
    assert sorted(eng["message_id"]) == sorted(
        [
            PARENT,
            "C0ENG:1782896405.000200",
            "C0ENG:1782900000.000300",
            "C0ENG:1782968400.000100",
            "C0ENG:1782982800.000400",
        ]
    )


def test_export_flags_bots(export_events):
    bots = export_events.filter("author_is_bot")["author"].sort().to_list()
    assert bots == ["B0DEPLOY", "U0TICKET"]


def test_export_keeps_exact_ts_tz_edit_and_reactions(export_events):
    rows = by_id(export_events)
    opener = rows[PARENT]
    assert opener["ts"].isoformat() == "2026-07-01T09:00:00.000100+00:00"
    assert opener["author_tz"] == "Europe/Berlin"
    assert opener["edited_at"].isoformat() == "2026-07-01T09:01:40+00:00"
    assert opener["reactions"] == [{"name": "white_check_mark", "users": ["U0ANA"]}]
    assert rows["C0ENG:1782968400.000100"]["author_tz"] == "Asia/Kolkata"
    assert rows["C0ENG:1782982800.000400"]["subtype"] == "thread_broadcast"


def test_broadcast_seen_twice_is_one_event():
    messages = json.loads((EXPORT / "eng" / "2026-07-02.json").read_text())
    reply_copy = dict(messages[1], subtype=None)
    events = read_slack_messages([*messages, reply_copy], channel="eng", channel_id="C0ENG")
    assert events["message_id"].to_list() == [
        "C0ENG:1782968400.000100",
        "C0ENG:1782982800.000400",
    ]


def test_slacks_own_file_upload_sentence_is_not_the_persons_words():
    upload = "<@U1|ana> uploaded a file: <https://x.slack.com/files/ana/F1/a.png|a.png>"
    messages = [
        {
            "type": "message",
            "subtype": "file_share",
            "user": "U1",
            "ts": "1.000001",
            "text": upload,
        },
        {
            "type": "message",
            "subtype": "file_share",
            "user": "U1",
            "ts": "2.000001",
            "text": upload + " and commented: does this chart look right to you?",
        },
        {
            "type": "message",
            "subtype": "file_comment",
            "user": "U2",
            "ts": "3.000001",
            "text": "<@U2|bo> commented on U1's file <https://x.slack.com/files/ana/F1|a.png>: yes",
        },
        {"type": "message", "user": "U2", "ts": "4.000001", "text": upload},  # typed by bo
    ]
    events = read_slack_messages(messages, channel="eng", channel_id="C1")
    assert events["text"].to_list() == ["", "does this chart look right to you?", "yes", upload]
    assert events["mentions"].to_list() == [[], [], [], ["U1"]]


def test_in_channel_answer_attached_by_mention(export_events):
    rows = by_id(export_events)
    answer = rows["C0HELP:1782911400.000200"]
    assert answer["conversation_id"] == "C0HELP:1782910800.000100"
    assert answer["attached_by"] == "in-channel reply: mentions the requester"
    assert answer["is_opener"] is False
    assert rows["C0HELP:1782918000.000300"]["conversation_id"] == "C0HELP:1782918000.000300"


def test_attachment_can_be_turned_off():
    messages = json.loads((EXPORT / "help" / "2026-07-01.json").read_text())
    events = read_slack_messages(messages, channel="help", attach_replies=False)
    assert events["conversation_id"].n_unique() == 3
    assert events["attached_by"].null_count() == 3


def test_quick_back_and_forth_between_two_people_is_one_conversation():
    msgs = [
        {"user": "U1", "text": "is prod slow for anyone?", "ts": "1782896400.000001"},
        {"user": "U2", "text": "yes, since 9", "ts": "1782896500.000001"},
        {"user": "U1", "text": "ok thanks", "ts": "1782896600.000001"},
        {"user": "U2", "text": "later", "ts": "1782899999.000001"},
    ]
    events = read_slack_messages(msgs, channel="c")
    conv = dict(zip(events["message_id"], events["conversation_id"], strict=True))
    assert conv["c:1782896500.000001"] == "c:1782896400.000001"
    assert conv["c:1782896600.000001"] == "c:1782896400.000001"
    # A message after a long gap starts its own conversation.
    assert conv["c:1782899999.000001"] == "c:1782899999.000001"


def test_a_run_with_a_third_person_attaches_nothing():
    msgs = [
        {"user": "U1", "text": "is prod slow for anyone?", "ts": "1782896400.000001"},
        {"user": "U3", "text": "lunch?", "ts": "1782896460.000001"},
        {"user": "U2", "text": "yes, since 9", "ts": "1782896700.000001"},
    ]
    events = read_slack_messages(msgs, channel="c")
    assert events["conversation_id"].n_unique() == 3


def test_permalink_reply_attaches_to_linked_message():
    msgs = [
        {"user": "U1", "text": "Which region is the backup in?", "ts": "1782896400.000001"},
        {"user": "U3", "text": "unrelated chatter", "ts": "1782897400.000001"},
        {
            "user": "U2",
            "text": "re <https://x.slack.com/archives/C9/p1782896400000001|this>: eu-west-1",
            "ts": "1782900000.000001",
        },
    ]
    events = read_slack_messages(msgs, channel="c", channel_id="C9")
    row = by_id(events)["C9:1782900000.000001"]
    assert row["conversation_id"] == "C9:1782896400.000001"
    assert row["attached_by"] == "in-channel reply: links or quotes"


def test_zip_equals_folder(tmp_path, export_events):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in EXPORT.rglob("*.json"):
            zf.write(path, path.relative_to(EXPORT).as_posix())
    assert read_slack_export(archive).equals(export_events)


def test_zip_with_top_folder_equals_folder(tmp_path, export_events):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in EXPORT.rglob("*.json"):
            zf.write(path, "Acme Slack export/" + path.relative_to(EXPORT).as_posix())
    assert read_slack_export(archive).equals(export_events)


def test_invalid_json_names_the_file(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXPORT, folder)
    (folder / "eng" / "2026-07-02.json").write_text('[{"ts": "1.0", ')
    with pytest.raises(InputError, match=r"eng/2026-07-02\.json: not valid JSON"):
        read_slack_export(folder)


def test_bad_ts_names_file_record_and_field(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(EXPORT, folder)
    (folder / "help" / "2026-07-01.json").write_text('[{"user": "U1", "text": "hi", "ts": 17.5}]')
    with pytest.raises(InputError, match=r"help: record 0: field 'ts': expected a Slack ts"):
        read_slack_export(folder)


def test_truncated_zip_is_a_clear_error(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(EXPORT / "users.json", "users.json")
    archive.write_bytes(archive.read_bytes()[:40])
    with pytest.raises(InputError, match="not a readable ZIP file"):
        read_slack_export(archive)


def test_config_bots_are_flagged():
    msgs = [{"user": "U9", "text": "build passed", "ts": "1782896400.000001"}]
    events = read_slack_messages(msgs, channel="c", config=Config(bots=("U9",)))
    assert events["author_is_bot"].to_list() == [True]


@pytest.fixture(scope="module")
def pr_events() -> pl.DataFrame:
    return read_github(GITHUB)


def test_github_matches_schema(pr_events):
    validate_events(pr_events)


def test_github_events_of_a_reviewed_merged_pr(pr_events):
    pr = pr_events.filter(pl.col("conversation_id") == "acme/widgets#1")
    got = [
        (r["message_id"].split(":", 1)[1], r["kind"], r["author"]) for r in pr.iter_rows(named=True)
    ]
    assert got == [
        ("opened", "pr_opened", "ana"),
        ("event/41", "review_requested", "ana"),
        ("review/11", "review_commented", "lintbot[bot]"),
        ("comment/31", "comment", "ana"),
        ("review/12", "review_changes_requested", "bo"),
        ("review_comment/21", "review_comment", "bo"),
        ("commit/abc123", "commit", "ana"),
        ("review/13", "review_approved", "bo"),
        ("event/43", "closed", "bo"),
        ("merged", "merged", "bo"),
    ]
    assert pr.filter(pl.col("kind") == "review_requested")["mentions"].to_list() == [["bo"]]
    assert pr.filter("author_is_bot")["author"].to_list() == ["lintbot[bot]"]


def test_github_draft_and_superseding_line(pr_events):
    opened = pr_events.filter(pl.col("kind") == "pr_opened")
    assert dict(zip(opened["conversation_id"], opened["subtype"], strict=True)) == {
        "acme/widgets#1": None,
        "acme/widgets#2": "draft",
        "acme/widgets#3": None,
    }
    third = pr_events.filter(pl.col("conversation_id") == "acme/widgets#3")
    assert third["kind"].to_list() == ["pr_opened", "review_changes_requested", "closed"]


def test_github_bad_line_names_file_and_line(tmp_path):
    repo = tmp_path / "github" / "o" / "r"
    repo.mkdir(parents=True)
    good = (GITHUB / "acme" / "widgets" / "pulls.jsonl").read_text().splitlines()[0]
    (repo / "pulls.jsonl").write_text(good + "\n" + '{"pull": {"number": "x"}}\n')
    with pytest.raises(InputError, match=r"pulls\.jsonl: line 2: field 'pull\.number'"):
        read_github(tmp_path)


def test_load_recognises_each_input(tmp_path, export_events, pr_events):
    store = tmp_path / "store"
    shutil.copytree(EXPORT, store / "slack")
    shutil.copytree(GITHUB, store / "github")
    both = read_events(store)
    assert both.height == export_events.height + pr_events.height
    assert read_events(EXPORT).equals(export_events)
    parquet = tmp_path / "events.parquet"
    pr_events.write_parquet(parquet)
    assert read_events(parquet).equals(pr_events)
    assert load(store).height == both.height
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="found neither"):
        load(empty)


def test_a_run_opened_by_several_messages_of_one_person_answers_the_last():
    msgs = [
        {"user": "U1", "text": "that would be cool", "ts": "1782896400.000001"},
        {"user": "U1", "text": "has anyone used ShareLaTeX?", "ts": "1782896580.000001"},
        {"user": "U2", "text": "yes, it works well for papers", "ts": "1782896760.000001"},
    ]
    events = read_slack_messages(msgs, channel="c")
    conv = dict(zip(events["message_id"], events["conversation_id"], strict=True))
    assert conv == {
        "c:1782896400.000001": "c:1782896400.000001",
        "c:1782896580.000001": "c:1782896580.000001",
        "c:1782896760.000001": "c:1782896580.000001",
    }


def test_answer_to_an_attached_message_joins_the_same_conversation():
    msgs = [
        {"user": "U1", "text": "Where is the staging config?", "ts": "1782900000.000100"},
        {"user": "U2", "text": "<@U1> in the ops repo.", "ts": "1782900120.000100"},
        {"user": "U3", "text": "<@U2> which branch?", "ts": "1782900180.000100"},
    ]
    events = read_slack_messages(msgs, channel="eng", channel_id="C1")
    assert events["conversation_id"].unique().to_list() == ["C1:1782900000.000100"]
    assert events.filter("is_opener")["message_id"].to_list() == ["C1:1782900000.000100"]


def test_legacy_file_comment_keeps_its_author():
    msgs = [
        {
            "type": "message",
            "subtype": "file_comment",
            "comment": {"user": "U9", "comment": "nice chart"},
            "text": "<@U9> commented on a file: nice chart",
            "ts": "1452745415.000012",
        }
    ]
    assert read_slack_messages(msgs, channel="c")["author"].to_list() == ["U9"]
