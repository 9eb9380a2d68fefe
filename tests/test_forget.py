"""`asyncmetrics forget`: a person's data leaves the store, raw and derived, and stays out."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from fakes.slack_api import FakeSlack

from asyncmetrics import InputError, read_events, sample_path
from asyncmetrics.cli import main
from asyncmetrics.export.forget import forget
from asyncmetrics.export.slack import sync_slack


def every_byte(store: Path) -> str:
    chunks = []
    for path in store.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            chunks.append(gzip.decompress(data).decode() if path.suffix == ".gz" else data.decode())
    return "\n".join(chunks)


def test_forget_a_roster_person_in_the_sample(tmp_path, capsys):
    store = shutil.copytree(sample_path(), tmp_path / "store")
    for extra in ("README.md", "truth.csv"):  # the sample's own notes name people too
        (store / extra).unlink()
    before = read_events(store)
    assert main(["forget", "Jonas Becker", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("forgot 3 account(s): removed ")
    assert "Remove them from the roster too:" in out
    after = read_events(store)
    theirs = before.filter(before["author"].is_in(["U0SAMPLE01", "jbecker"]))
    assert theirs.height > 100
    assert not after["author"].is_in(["U0SAMPLE01", "jbecker"]).any()
    assert after.height < before.height
    (store / "people.csv").unlink()
    text = every_byte(store)
    assert "U0SAMPLE01" not in text
    assert '"jbecker"' not in text
    assert "forgotten.json" in {p.name for p in store.iterdir()}


def test_a_later_sync_does_not_bring_them_back(tmp_path):
    fake = FakeSlack.generated(n_channels=1, n_messages=120, seed=5)
    channel = next(iter(fake.channels.values())).name
    store = tmp_path / "store"
    with fake:

        def sync():
            return sync_slack(
                store,
                [channel],
                since=None,
                token=fake.token,
                api_url=fake.url + "/api/",
                progress=False,
            )

        sync()
        person = read_events(store)["author"].value_counts(sort=True)["author"][0]
        assert main(["forget", person, "--store", str(store)]) == 0
        fake.post(channel, "a new message after being forgotten", user=person)
        sync()
    events = read_events(store)
    assert person not in set(events["author"])
    assert person not in every_byte(store)


def test_forget_needs_a_store_and_a_person(tmp_path):
    with pytest.raises(InputError, match="no such store"):
        forget(tmp_path / "missing", ["U1"])
    with pytest.raises(InputError, match="name at least one person"):
        forget(tmp_path, [])


def test_slack_user_ids_are_scrubbed_wherever_slack_puts_them():
    from collections import Counter

    from asyncmetrics.export.forget import scrub

    huddle = {
        "type": "message",
        "subtype": "huddle_thread",
        "user": "USLACKBOT",
        "ts": "1.000001",
        "text": "A huddle happened",
        "room": {
            "created_by": "U0ANA0001",
            "participant_history": ["U0ANA0001", "U0BO00002"],
            "participants": ["U0BO00002"],
            "attached_file_ids": [],
            "canvas": {"owner": "U0ANA0001", "title": "notes"},
        },
    }
    counts: Counter[str] = Counter()
    out = scrub(huddle, lambda account: account == "U0ANA0001", counts)
    assert out["room"] == {
        "created_by": "forgotten",
        "participant_history": ["U0BO00002"],
        "participants": ["U0BO00002"],
        "attached_file_ids": [],
        "canvas": {"owner": "forgotten", "title": "notes"},
    }
    assert out["user"] == "USLACKBOT"
    assert counts["ids"] == 3
    assert "U0ANA0001" not in str(out)
