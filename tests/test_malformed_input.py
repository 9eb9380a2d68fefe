"""Malformed input gives a clear error or a counted skip: never a traceback, never a wrong number.

Hypothesis mutates the hand-made Slack export and PR documents (wrong types, missing fields,
truncated files, unknown subtypes, deleted users, missing time zones, huge threads) and throws
them at the readers. Each either reads into a valid event table, on which the metrics run, or
raises :class:`InputError` naming the file.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

from asyncmetrics import (
    InputError,
    read_github,
    read_github_pulls,
    read_slack_export,
    request_threads,
    validate_events,
)

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "slack_export"
PULLS = [
    json.loads(line)
    for line in (FIXTURES / "github/acme/widgets/pulls.jsonl").read_text().splitlines()
]

WRONG = st.one_of(
    st.none(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
MESSAGE_FIELDS = [
    "user",
    "ts",
    "text",
    "thread_ts",
    "reactions",
    "subtype",
    "edited",
    "bot_id",
    "comment",
]
PR_PATHS = [
    ("pull",),
    ("pull", "number"),
    ("pull", "user"),
    ("pull", "user", "login"),
    ("pull", "created_at"),
    ("pull", "title"),
    ("pull", "merged_at"),
    ("pull", "draft"),
    ("reviews",),
    ("reviews", 0),
    ("reviews", 0, "state"),
    ("reviews", 0, "submitted_at"),
    ("reviews", 0, "user"),
    ("issue_comments",),
    ("timeline",),
    ("timeline", 0),
    ("timeline", 0, "event"),
    ("timeline", 0, "created_at"),
    ("timeline", 0, "requested_reviewer"),
    ("repository",),
]


def reads_or_refuses(read) -> None:
    try:
        events = read()
    except InputError as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal
        assert "\n" not in refusal
        return
    validate_events(events)
    threads = request_threads(events)
    assert threads.height == events["conversation_id"].n_unique()


@st.composite
def broken_exports(draw, root: Path) -> Path:
    folder = Path(tempfile.mkdtemp(dir=root)) / "export"
    shutil.copytree(EXPORT, folder)
    day_files = sorted(folder.glob("*/*.json"))
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(day_files))
        try:
            messages = json.loads(target.read_text())
        except ValueError:  # broken by an earlier mutation
            continue
        action = draw(
            st.sampled_from(
                [
                    "wrong type",
                    "drop field",
                    "unknown subtype",
                    "huge thread",
                    "not a list",
                    "truncate",
                ]
            )
        )
        if action == "truncate":
            raw = target.read_bytes()
            target.write_bytes(raw[: draw(st.integers(0, max(0, len(raw) - 1)))])
            continue
        if action == "not a list":
            target.write_text(json.dumps(draw(WRONG)))
            continue
        if not isinstance(messages, list) or not messages:
            continue
        index = draw(st.integers(0, len(messages) - 1))
        message = messages[index]
        if not isinstance(message, dict):
            continue
        if action == "wrong type":
            message[draw(st.sampled_from(MESSAGE_FIELDS))] = draw(WRONG)
        elif action == "drop field":
            message.pop(draw(st.sampled_from(MESSAGE_FIELDS)), None)
        elif action == "unknown subtype":
            message["subtype"] = draw(st.text(min_size=1, max_size=20))
        elif isinstance(message.get("ts"), str):
            parent = message["ts"]
            message["thread_ts"] = parent
            messages += [
                {
                    "type": "message",
                    "user": "U0BO",
                    "text": f"reply {n}",
                    "ts": f"{int(float(parent)) + n + 1}.000000",
                    "thread_ts": parent,
                }
                for n in range(draw(st.integers(200, 2000)))
            ]
        target.write_text(json.dumps(messages))
    users_file = folder / "users.json"
    users = json.loads(users_file.read_text())
    change = draw(st.sampled_from(["none", "no tz", "deleted", "bad tz", "garbage"]))
    if change == "no tz":
        for user in users:
            user.pop("tz", None)
    elif change == "deleted":
        users = users[1:]
    elif change == "bad tz":
        users[0]["tz"] = draw(st.text(max_size=10))
    elif change == "garbage":
        users = draw(WRONG)
    users_file.write_text(json.dumps(users))
    return folder


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_broken_slack_exports_are_read_or_refused(tmp_path, data):
    folder = data.draw(broken_exports(tmp_path))
    reads_or_refuses(lambda: read_slack_export(folder))


def test_a_truncated_zip_is_refused_with_its_name(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in EXPORT.rglob("*.json"):
            zf.write(path, path.relative_to(EXPORT).as_posix())
    data = archive.read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 10):
        archive.write_bytes(data[:cut])
        reads_or_refuses(lambda: read_slack_export(archive))


@st.composite
def broken_pulls(draw) -> list[dict]:
    docs = copy.deepcopy(PULLS)
    for _ in range(draw(st.integers(1, 4))):
        doc = draw(st.sampled_from(docs))
        path = draw(st.sampled_from(PR_PATHS))
        parent = doc
        for key in path[:-1]:
            in_dict = isinstance(parent, dict) and key in parent
            in_list = isinstance(parent, list) and isinstance(key, int) and len(parent) > key
            if in_dict or in_list:
                parent = parent[key]
            else:
                parent = None
                break
        if isinstance(parent, dict):
            if draw(st.booleans()):
                parent[path[-1]] = draw(WRONG)
            else:
                parent.pop(path[-1], None)
        elif isinstance(parent, list) and parent and isinstance(path[-1], int):
            parent[0] = draw(WRONG)
    return docs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_pulls())
def test_broken_pull_request_documents_are_read_or_refused(docs):
    reads_or_refuses(lambda: read_github_pulls(docs))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=400))
def test_garbage_pulls_files_are_refused_with_their_name(tmp_path, garbage):
    folder = tmp_path / "github" / "o" / "r"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pulls.jsonl").write_bytes(garbage)
    reads_or_refuses(lambda: read_github(tmp_path))
