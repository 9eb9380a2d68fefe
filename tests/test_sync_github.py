"""The live GitHub export against a fake GitHub over HTTP, with real PyGithub (no internet)."""

from __future__ import annotations

import gzip
import json
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from github import Auth, Github
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asyncmetrics.export import github as gh
from asyncmetrics.export.github import (
    GitHubApiError,
    GitHubAuthError,
    GitHubPermissionError,
    GitHubRepoNotFoundError,
    GitHubUsageError,
    make_client,
    sync_github,
)
from asyncmetrics.export.store import Store, StoreLockedError
from asyncmetrics.sources.github import read_github
from tests.fakes.github_api import TOKEN, FakeGitHub, TokenInfo, iso, user

REPO = "acme/api"


def events(store: Path) -> set[tuple]:
    frame = read_github(store)
    return {
        (
            r["conversation_id"],
            r["message_id"],
            r["kind"],
            r["author"],
            r["author_is_bot"],
            r["ts"].strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        for r in frame.iter_rows(named=True)
    }


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def sync(fake: FakeGitHub, store: Path, repos=(REPO,), **kw):
    kw.setdefault("since", None)
    kw.setdefault("token", TOKEN)
    kw.setdefault("progress", False)
    if "github" not in kw and kw["token"]:
        # quick retries: 0.05 s backoff instead of seconds, secondary wait 1 s
        kw["github"] = make_client(
            kw["token"], fake.url, backoff_factor=0.05, secondary_rate_wait=1
        )
    return sync_github(store, list(repos), api_url=fake.url, **kw)


@pytest.fixture
def fake():
    with FakeGitHub.generated([REPO, "acme/web"], 60, seed=3, big=2) as server:
        yield server


# -- what is stored ---------------------------------------------------------------------


def test_full_sync_stores_every_pr_as_the_fake_has_it(fake, tmp_path):
    report = sync(fake, tmp_path, repos=[REPO, "acme/web"])

    got = events(tmp_path)
    assert got == fake.expected_events(REPO) | fake.expected_events("acme/web")
    kinds = {e[2] for e in got}
    assert {"pr_opened", "review_approved", "review_comment", "comment", "commit", "merged"} <= (
        kinds
    )
    assert any(e[4] and e[3].endswith("[bot]") for e in got)  # bots keep REST's [bot] login
    assert any(e[3] == "ghost" for e in got)  # deleted accounts, as REST shows them
    assert [r.new for r in report.repos] == [62, 62]
    assert report.requests == fake.graphql_requests()
    state = json.loads((tmp_path / "state.json").read_text())
    newest = max(p["updatedAt"] for p in fake.repos[REPO].pulls)
    assert state["github"][REPO] == {"updated_at": newest, "since": None}


def test_documents_are_rest_shaped_and_read_unchanged(fake, tmp_path):
    sync(fake, tmp_path)
    lines = (tmp_path / "github/acme/api/pulls.jsonl").read_text().splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["pull"]["number"] for d in docs] == list(range(1, 63))  # one line each, sorted
    doc = docs[0]
    assert set(doc) == {
        "repository",
        "pull",
        "reviews",
        "review_comments",
        "issue_comments",
        "timeline",
    }
    assert doc["pull"]["state"] in ("open", "closed")
    events_seen = {e["event"] for d in docs for e in d["timeline"]}
    assert {"committed", "review_requested", "merged", "closed"} <= events_seen
    teams = [e for d in docs for e in d["timeline"] if "requested_team" in e]
    assert teams
    assert all(e["requested_team"]["slug"] for e in teams)
    merged = [d for d in docs if d["pull"]["merged_at"]]
    assert merged
    assert all(d["pull"]["merged"] and d["pull"]["merged_by"] for d in merged)
    review_ids = [r["id"] for d in docs for r in d["reviews"]]
    assert all(isinstance(i, int) and i > 2**31 for i in review_ids)  # fullDatabaseId


def test_raw_keeps_each_graphql_response_and_no_token(fake, tmp_path):
    sync(fake, tmp_path)
    records = list(Store(tmp_path).read_raw("github", REPO))
    assert {r["query"] for r in records} == {"PullRequests", "PullRequestsMore"}
    assert all(set(r) >= {"query", "variables", "response"} for r in records)
    assert len(records) == fake.graphql_requests() - 1  # all but the check
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            text = gzip.decompress(data) if path.suffix == ".gz" else data
            assert TOKEN.encode() not in text, path


# -- cost -------------------------------------------------------------------------------


def test_request_budget_for_typical_prs(tmp_path):
    with FakeGitHub.generated([REPO], 200, seed=5) as fake:
        report = sync(fake, tmp_path)
        requests = fake.graphql_requests()
    per_100 = requests / 200 * 100
    assert per_100 <= 5, per_100
    assert requests == 1 + 4  # the check, then 4 pages of 50
    assert report.requests == requests
    assert max(len(p["comments"]) for p in fake.repos[REPO].pulls) <= 50


def test_queries_stay_under_graphql_node_limit(fake, tmp_path):
    sync(fake, tmp_path)
    nodes = {entry["name"]: entry["nodes"] for entry in fake.graphql_log}
    assert nodes["PullRequests"] == 50 * (50 * 30 + 50 + 50 + 100) + 50 == 85_050
    assert max(entry["nodes"] for entry in fake.graphql_log) <= 500_000


def test_nested_pagination_fetches_all_of_big_prs(fake, tmp_path):
    sync(fake, tmp_path)
    docs = {
        d["pull"]["number"]: d
        for d in map(json.loads, (tmp_path / "github/acme/api/pulls.jsonl").open())
    }
    big = [fake.pull(REPO, n) for n in (61, 62)]
    for pr in big:
        doc = docs[pr["number"]]
        assert len(doc["issue_comments"]) == len(pr["comments"]) == 75
        assert len(doc["reviews"]) == len(pr["reviews"]) == 55
        assert len(doc["review_comments"]) == sum(len(r["comments"]) for r in pr["reviews"])
        assert len(doc["timeline"]) > 100
    more = [e for e in fake.graphql_log if e["name"] == "PullRequestsMore"]
    assert 1 <= len(more) <= 2  # one request serves many PRs' follow-ups
    assert {e[1] for e in events(tmp_path)} >= {e[1] for e in fake.expected_events(REPO)}


# -- incremental ------------------------------------------------------------------------


def test_incremental_sync_fetches_only_what_changed(fake, tmp_path):
    sync(fake, tmp_path)
    raw_before = snapshot(tmp_path / "raw")
    later = datetime.fromisoformat(fake.repos[REPO].pulls[-1]["updatedAt"]) + timedelta(days=1)
    open_pr = next(p for p in fake.repos[REPO].pulls if p["state"] == "OPEN")
    fake.add_comment(REPO, 5, user("ben"), later, body="one more thing")
    fake.merge(REPO, open_pr["number"], user("carla"), later + timedelta(hours=1))
    fake.requests.clear()

    report = sync(fake, tmp_path)

    assert fake.graphql_requests() == 2  # the check and one page
    rep = report.repos[0]
    assert (rep.fetched, rep.new, rep.updated) == (2, 0, 2)
    assert rep.unchanged <= 1  # the PR at the old watermark is listed again, and skipped
    got = events(tmp_path)
    assert got == fake.expected_events(REPO)
    assert any(e[0] == f"{REPO}#5" and e[2] == "comment" and e[5] == iso(later) for e in got)
    assert (f"{REPO}#{open_pr['number']}", "merged") in {(e[0], e[2]) for e in got}
    # raw is append-only: earlier batches are untouched, new ones added
    raw_after = snapshot(tmp_path / "raw")
    assert all(raw_after[k] == v for k, v in raw_before.items())
    assert len(raw_after) > len(raw_before)

    fake.requests.clear()
    again = sync(fake, tmp_path).repos[0]
    assert fake.graphql_requests() == 2
    assert (again.fetched, again.new, again.updated, again.unchanged) == (0, 0, 0, 1)


def test_deleted_raw_responses_are_fetched_again(fake, tmp_path):
    sync(fake, tmp_path)
    shutil.rmtree(tmp_path / "raw")
    fake.requests.clear()
    report = sync(fake, tmp_path)
    assert report.repos[0].fetched == 62
    assert events(tmp_path) == fake.expected_events(REPO)


def test_since_limits_the_first_sync_and_an_earlier_since_backfills(fake, tmp_path):
    pulls = sorted(fake.repos[REPO].pulls, key=lambda p: p["updatedAt"])
    since = datetime.fromisoformat(pulls[40]["updatedAt"])
    report = sync(fake, tmp_path, since=since)
    wanted = {p["number"] for p in pulls if p["updatedAt"] >= iso(since)}
    stored = {int(e[0].split("#")[1]) for e in events(tmp_path)}
    assert stored == wanted
    assert report.repos[0].new == len(wanted) < 62

    report = sync(fake, tmp_path, since=since - timedelta(days=3650))
    assert {int(e[0].split("#")[1]) for e in events(tmp_path)} == set(range(1, 63))
    assert report.repos[0].new == 62 - len(wanted)
    state = json.loads((tmp_path / "state.json").read_text())["github"][REPO]
    assert state["since"] == iso(since - timedelta(days=3650))


# -- rate limits and faults -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "waits"),
    [
        (lambda f: f.secondary_limit(at=2), True),
        (lambda f: f.primary_limit(status=403, at=3), True),
        (lambda f: f.primary_limit(status=429, at=2), True),
        (lambda f: f.graphql_rate_limited(at=2), True),
        (lambda f: f.bad_gateway(times=3, at=2), False),
        (lambda f: f.drop_connection(at=3), False),
    ],
    ids=["secondary", "primary-403", "primary-429", "graphql-rate-limited", "502s", "dropped"],
)
def test_rate_limits_and_server_faults_are_recovered(tmp_path, capsys, fault, waits):
    with FakeGitHub.generated([REPO], 60, seed=9, big=1) as fake:
        fault(fake)
        report = sync(fake, tmp_path)
        assert events(tmp_path) == fake.expected_events(REPO)
        assert fake.graphql_requests() > 1 + 2 + 1  # the fault was answered, then retried
    err = capsys.readouterr().err
    if waits:
        assert "rate limit" in err
        assert "waiting" in err
        assert "before retrying" in err
        assert report.seconds_waited >= 0.9
    assert TOKEN not in err


def test_rate_limit_reaching_us_waits_for_the_reset(tmp_path, capsys):
    with FakeGitHub.generated([REPO], 10, seed=2) as fake:
        fake.primary_limit(status=429, at=2)
        # a client without transport retries: PyGithub raises the 429 to us
        client = Github(
            auth=Auth.Token(TOKEN),
            base_url=fake.url,
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
        )
        report = sync(fake, tmp_path, github=client)
        assert events(tmp_path) == fake.expected_events(REPO)
    assert "GitHub primary rate limit" in capsys.readouterr().err
    assert report.seconds_waited >= 0.9
    assert fake.graphql_requests() == 3


def test_github_that_keeps_failing_gives_a_clear_error_and_keeps_the_store(tmp_path):
    with FakeGitHub.generated([REPO], 120, seed=9) as fake:
        fake.bad_gateway(times=5, at=3)  # the check and one page pass, then only 502s
        client = make_client(TOKEN, fake.url, backoff_factor=0, total_retries=3)
        with pytest.raises(GitHubApiError) as info:
            sync(fake, tmp_path, github=client)
        message = str(info.value)
        assert "\n" not in message
        assert "server errors" in message
        assert "run the sync again" in message
        assert len(list(Store(tmp_path).read_raw("github", REPO))) == 1  # the page before
        assert not (tmp_path / "state.json").exists()  # no watermark: the next run refetches

        sync(fake, tmp_path)  # GitHub is back
        assert events(tmp_path) == fake.expected_events(REPO)


# -- credentials and input --------------------------------------------------------------


@pytest.fixture
def synced(fake, tmp_path):
    sync(fake, tmp_path)
    return tmp_path


def _assert_one_line_error(info, cls, exit_code, *words):
    message = str(info.value)
    assert isinstance(info.value, cls)
    assert info.value.exit_code == exit_code
    assert "\n" not in message
    assert TOKEN not in message
    for word in words:
        assert word in message
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_bad_token_is_rejected_before_anything_is_written(fake, synced):
    before = snapshot(synced)
    with pytest.raises(GitHubAuthError) as info:
        sync(fake, synced, token="ghp_revoked0000000000000000000000000000")
    _assert_one_line_error(info, GitHubAuthError, 6, "401", "GITHUB_TOKEN")
    assert "ghp_revoked" not in str(info.value)
    assert snapshot(synced) == before


def test_empty_token_says_how_to_set_it(fake, tmp_path):
    with pytest.raises(GitHubAuthError, match="GITHUB_TOKEN"):
        sync(fake, tmp_path / "new", token="")
    assert not (tmp_path / "new").exists()


def test_unknown_repository_is_named_and_nothing_is_written(fake, synced):
    before = snapshot(synced)
    with pytest.raises(GitHubRepoNotFoundError) as info:
        sync(fake, synced, repos=[REPO, "acme/nope"])
    _assert_one_line_error(info, GitHubRepoNotFoundError, 3, "acme/nope", "not found")
    assert REPO not in str(info.value)
    assert snapshot(synced) == before


def test_private_repository_without_repo_scope_looks_missing(tmp_path):
    tokens = {TOKEN: TokenInfo(scopes=("read:org",))}
    with FakeGitHub.generated([REPO], 3, tokens=tokens) as fake:
        fake.repos[REPO].private = True
        with pytest.raises(GitHubRepoNotFoundError, match="'repo' scope"):
            sync(fake, tmp_path / "s")
    assert not (tmp_path / "s").exists()


def test_missing_scope_names_the_scope_to_grant(fake, synced):
    fake.scope_rules["pullRequests"] = "repo"
    fake.tokens[TOKEN] = TokenInfo(scopes=("read:org",))
    before = snapshot(synced)
    with pytest.raises(GitHubPermissionError) as info:
        sync(fake, synced)
    _assert_one_line_error(info, GitHubPermissionError, 7, "grant it the scope repo")
    assert snapshot(synced) == before


def test_token_without_pull_request_access_is_told_which_permission(fake, synced):
    fake.tokens[TOKEN] = TokenInfo(pulls=False)
    before = snapshot(synced)
    with pytest.raises(GitHubPermissionError) as info:
        sync(fake, synced)
    _assert_one_line_error(info, GitHubPermissionError, 7, "Pull requests: Read", REPO)
    assert snapshot(synced) == before


def test_forbidden_token_is_a_permission_error(fake, synced):
    fake.tokens[TOKEN] = TokenInfo(forbidden=True)
    before = snapshot(synced)
    with pytest.raises(GitHubPermissionError) as info:
        sync(fake, synced)
    _assert_one_line_error(info, GitHubPermissionError, 7, "403", "SAML")
    assert snapshot(synced) == before


def test_without_read_org_team_requests_are_kept_without_the_team(fake, tmp_path, caplog):
    fake.tokens[TOKEN] = TokenInfo(scopes=("repo",))
    with caplog.at_level(logging.WARNING, logger="asyncmetrics"):
        sync(fake, tmp_path)
    assert "read:org" in caplog.text
    docs = [json.loads(x) for x in (tmp_path / "github/acme/api/pulls.jsonl").open()]
    requests = [e for d in docs for e in d["timeline"] if e["event"] == "review_requested"]
    assert requests
    assert not any(e.get("requested_team", {}).get("slug") for e in requests)
    assert events(tmp_path) == fake.expected_events(REPO)  # every event is still there


def test_commits_withheld_from_the_token_are_left_out(fake, tmp_path, caplog):
    fake.tokens[TOKEN] = TokenInfo(contents=False)
    with caplog.at_level(logging.WARNING, logger="asyncmetrics"):
        sync(fake, tmp_path)
    assert "Contents: Read" in caplog.text
    expected = {e for e in fake.expected_events(REPO) if e[2] != "commit"}
    assert events(tmp_path) == expected


def test_sync_pauses_when_graphql_points_run_low(tmp_path, capsys):
    with FakeGitHub.generated([REPO], 10, seed=4) as fake:
        fake.points_remaining = 60
        fake.reset_at = int(time.time()) + 1
        report = sync(fake, tmp_path)
        assert events(tmp_path) == fake.expected_events(REPO)
        assert fake.points_remaining > 4000  # the fake's hour was over: points are back
    assert "GraphQL points low" in capsys.readouterr().err
    assert report.check_requests == 1
    assert report.seconds_waited >= 0.5


@pytest.mark.parametrize("name", ["acme", "acme/api/x", "", "acme/a pi"])
def test_bad_repository_names_are_usage_errors(fake, tmp_path, name):
    with pytest.raises(GitHubUsageError, match="owner/repo") as info:
        sync(fake, tmp_path / "s", repos=[name])
    assert info.value.exit_code == 2
    assert not (tmp_path / "s").exists()
    assert fake.graphql_requests() == 0


def test_api_url_comes_from_the_environment(fake, tmp_path, monkeypatch):
    monkeypatch.setenv(gh.API_URL_ENV, fake.url + "/")
    sync_github(tmp_path, [REPO], since=None, token=TOKEN, progress=False)
    assert events(tmp_path) == fake.expected_events(REPO)
    assert gh.api_url_from("https://ghe.example.com/api/v3/") == "https://ghe.example.com/api/v3"
    client = make_client(TOKEN, "https://ghe.example.com/api/v3")
    assert client.requester.graphql_url == "https://ghe.example.com/api/graphql"


def test_second_sync_on_a_locked_store_refuses(fake, tmp_path):
    with Store(tmp_path).locked(), pytest.raises(StoreLockedError) as info:
        sync(fake, tmp_path)
    assert info.value.exit_code == 5
    assert "another sync" in str(info.value)
    assert not (tmp_path / "state.json").exists()


def test_token_never_in_logs_or_reports(fake, tmp_path, caplog, capsys):
    fake.secondary_limit(at=2)
    with caplog.at_level(logging.DEBUG):  # PyGithub logs requests and headers at DEBUG
        report = sync(fake, tmp_path, progress=True)
        with pytest.raises(GitHubAuthError):
            sync(fake, tmp_path, token="ghp_other1111111111111111111111111111111")
    assert "POST" in caplog.text  # the request log was captured
    out = capsys.readouterr()
    for text in (caplog.text, out.err, out.out, repr(report)):
        assert TOKEN not in text
        assert "ghp_other" not in text


def test_progress_bar_shows_counts_per_repository(fake, tmp_path, capsys):
    sync(fake, tmp_path, repos=[REPO, "acme/web"], progress=True)
    err = capsys.readouterr().err
    assert "acme/api" in err
    assert "acme/web" in err
    assert "62/62" in err
    assert "PRs" in err


# -- killed at any moment ---------------------------------------------------------------

_fork = multiprocessing.get_context("fork")


def _child(store: str, url: str, go) -> None:
    go.wait(10)
    sync_github(store, [REPO], since=None, token=TOKEN, api_url=url, progress=False)


@pytest.fixture(scope="module")
def kill_world():
    with FakeGitHub.generated([REPO], 60, seed=11, big=1) as fake:
        ref = Path(tempfile.mkdtemp())
        sync_github(ref, [REPO], since=None, token=TOKEN, api_url=fake.url, progress=False)
        total = fake.graphql_requests()
        yield fake, ref, total
        shutil.rmtree(ref)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_sigkill_at_any_moment_then_resume_equals_an_uninterrupted_sync(kill_world, data):
    fake, ref, total = kill_world
    n = data.draw(st.integers(1, total), label="killed at request")
    # after the request: the client goes on parsing, writing raw, rebuilding, committing
    delay = data.draw(st.sampled_from([0.0, 0.005, 0.03, 0.1, 0.2, 0.3]), label="delay s")
    store = Path(tempfile.mkdtemp())
    try:
        go = _fork.Event()
        child = _fork.Process(target=_child, args=(str(store), fake.url, go))
        child.start()
        fake.kill_at(n, child.pid, delay)
        go.set()
        child.join(30)
        assert child.exitcode is not None
        fake.kill_at(10**9, 0)  # disarm

        sync_github(store, [REPO], since=None, token=TOKEN, api_url=fake.url, progress=False)

        assert (store / "github/acme/api/pulls.jsonl").read_bytes() == (
            ref / "github/acme/api/pulls.jsonl"
        ).read_bytes()
        assert json.loads((store / "state.json").read_text()) == json.loads(
            (ref / "state.json").read_text()
        )
        frame = read_github(store)
        assert frame["message_id"].n_unique() == frame.height
        assert frame.height == len(fake.expected_events(REPO))
        assert not list(store.rglob(".*.tmp"))
    finally:
        shutil.rmtree(store)


def _child_killed_in(store: str, url: str, target: str, nth: int) -> None:
    """Sync, SIGKILLing ourselves inside the ``nth`` call of ``target`` (after the real call
    for ``append_raw``/``commit_state``, during the write for ``atomic_write``)."""
    calls = {"n": 0}
    if target == "atomic_write":
        real_write = gh.atomic_write

        def write(path, payload, **options):
            calls["n"] += 1
            if calls["n"] == nth:  # half a temporary file, never renamed into place
                tmp = path.with_name(f".{path.name}.dead.tmp")
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(payload[: len(payload) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
            real_write(path, payload, **options)

        gh.atomic_write = write
    else:
        real = getattr(Store, target)

        def wrapped(self, *args, **kwargs):
            result = real(self, *args, **kwargs)
            calls["n"] += 1
            if calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        setattr(Store, target, wrapped)
    sync_github(store, [REPO], since=None, token=TOKEN, api_url=url, progress=False)


@pytest.mark.parametrize(
    ("target", "nth"),
    [("append_raw", 1), ("append_raw", 2), ("atomic_write", 1), ("commit_state", 1)],
)
def test_sigkill_inside_each_write_then_resume_equals_an_uninterrupted_sync(
    kill_world, tmp_path, target, nth
):
    fake, ref, _ = kill_world
    child = _fork.Process(target=_child_killed_in, args=(str(tmp_path), fake.url, target, nth))
    child.start()
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    if target == "commit_state":  # killed after the state was written: nothing left to fetch
        assert (tmp_path / "state.json").exists()
    else:
        assert not (tmp_path / "state.json").exists()

    sync_github(tmp_path, [REPO], since=None, token=TOKEN, api_url=fake.url, progress=False)

    assert (tmp_path / "github/acme/api/pulls.jsonl").read_bytes() == (
        ref / "github/acme/api/pulls.jsonl"
    ).read_bytes()
    assert (tmp_path / "state.json").read_bytes() == (ref / "state.json").read_bytes()
    assert not list(tmp_path.rglob(".*.tmp"))


def test_fake_really_kills_the_client(kill_world):
    fake, _, _ = kill_world
    store = Path(tempfile.mkdtemp())
    try:
        go = _fork.Event()
        child = _fork.Process(target=_child, args=(str(store), fake.url, go))
        child.start()
        fake.kill_at(2, child.pid)
        go.set()
        child.join(30)
        assert child.exitcode == -9
        assert not (store / "state.json").exists()
    finally:
        shutil.rmtree(store)


def test_stored_times_are_utc_strings():
    assert iso(datetime(2026, 7, 1, 9, tzinfo=UTC)) == "2026-07-01T09:00:00Z"
    assert gh._iso(datetime(2026, 7, 1, 9)) == "2026-07-01T09:00:00Z"


def test_commit_author_emails_are_kept_for_identity_merging(tmp_path):
    fake = FakeGitHub.generated([REPO], 10, seed=4)
    with fake:
        sync(fake, tmp_path)
    from asyncmetrics.sources.github import github_emails

    pairs = github_emails(tmp_path)
    assert pairs.height > 0
    assert all(email == f"{login}@users.example.invalid" for login, email in pairs.iter_rows())
