"""The live GitHub export: pull requests with their reviews, comments and timeline, into a store.

``sync_github(store, ["owner/repo"], since=..., token=...)`` writes, per repository::

    <store>/raw/github/<owner>%2F<repo>/<run>-<n>.jsonl.gz   every GraphQL response, append-only
    <store>/github/<owner>/<repo>/pulls.jsonl               REST-shaped PR documents (derived)
    <store>/state.json  {"github": {"owner/repo": {"updated_at": ..., "since": ...}}}

so that ``asyncmetrics.load(store)`` (``read_github``) reads it unchanged.

How GitHub is asked, and why:

- GraphQL, through PyGithub's requester: one request returns 50 PRs *with* their reviews
  (and their inline comments), conversation comments and the timeline events we need.
  REST would need a list call plus four calls per PR (reviews, review comments, issue
  comments, timeline): about 200 requests per 50 PRs instead of one.
- Incremental by ``updatedAt``: REST ``GET /pulls`` has no ``since`` parameter, and the search
  API (which has ``updated:>=``) returns at most 1,000 results per query, so neither can list
  "everything that changed" completely. ``pullRequests(orderBy: UPDATED_AT DESC)`` can: we page
  newest first and stop at the first PR older than the watermark.
- Inner connections (reviews, comments, timeline) come with the PR, first page only; the few
  PRs that have more get follow-up ``node(id:)`` queries, many PRs per request (aliases).
- Rate limits: PyGithub's ``GithubRetry`` waits for ``Retry-After`` / the primary reset on a
  403; we add 429 (GitHub's other primary-limit status), say how long we wait, and watch the
  GraphQL point budget (``rateLimit`` in every query) to pause before running out.
- PyGithub throttles every non-GET request to one per second by default, *including GraphQL
  queries* (they are POSTs). GitHub asks for that spacing between mutations only; we send
  queries one at a time and handle rate-limit answers, so the throttle is off.
- No REST ``Link``-header pagination is followed: PyGithub asserts that a ``Link`` URL has
  exactly ``base_url``'s host and port, which a proxy or a GHES host alias breaks. GraphQL
  cursors are opaque strings sent back in the same POST.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from github import Auth, Github, GithubException, GithubRetry, RateLimitExceededException
from urllib3.exceptions import HTTPError as Urllib3Error

from asyncmetrics.errors import (
    AccessError,
    AuthError,
    InputError,
    ServiceError,
    UsageError,
)
from asyncmetrics.export.progress import announce_wait, progress_bar
from asyncmetrics.export.store import Store, atomic_write

log = logging.getLogger("asyncmetrics")

DEFAULT_API_URL = "https://api.github.com"
API_URL_ENV = "ASYNCMETRICS_GITHUB_API_URL"
SOURCE = "github"

# Page sizes. Nodes per page query: 50 PRs x (50 reviews x 30 comments + 50 reviews
# + 50 comments + 100 timeline items) = 85,050, under GitHub's 500,000-node limit; cost
# about 27 points of the 5,000 an hour (docs/export-github.md has the arithmetic).
PRS_PER_PAGE = 50
REVIEWS_PER_PR = 50
COMMENTS_PER_REVIEW = 30
COMMENTS_PER_PR = 50
TIMELINE_PER_PR = 100
MORE_PER_CONNECTION = 100  # follow-up pages
MORE_PER_REQUEST = 20  # follow-up connections (aliases) per request
LOW_POINTS = 100  # pause for the reset when fewer GraphQL points than this are left
MAX_APP_RETRIES = 5

TIMELINE_ITEM_TYPES = (
    "READY_FOR_REVIEW_EVENT",
    "CONVERT_TO_DRAFT_EVENT",
    "REVIEW_REQUESTED_EVENT",
    "CLOSED_EVENT",
    "REOPENED_EVENT",
    "MERGED_EVENT",
    "PULL_REQUEST_COMMIT",
)

PERMISSION_HINT = (
    "a fine-grained token needs 'Pull requests: Read' and 'Contents: Read' on the "
    "repository; a classic token needs the 'repo' scope for private repositories"
)


# -- errors -------------------------------------------------------------------------------


class GitHubAuthError(AuthError):
    """GitHub rejected the token."""


class GitHubPermissionError(AccessError):
    """The token is valid but may not read what the sync needs."""


class GitHubRepoNotFoundError(InputError):
    """A repository does not exist or the token cannot see it."""


class GitHubUsageError(UsageError):
    """A repository name or a token that cannot be used as given."""


class GitHubApiError(ServiceError):
    """GitHub kept failing (after retries); what was written so far is kept."""


# -- report -------------------------------------------------------------------------------


@dataclass
class RepoReport:
    """What one repository's sync did."""

    repo: str
    fetched: int = 0  # PR versions stored (a PR updated during the run may count twice)
    new: int = 0  # PRs not in the store before
    updated: int = 0  # PRs in the store before, changed since
    unchanged: int = 0  # PRs listed again without a change (the one at the watermark): skipped
    requests: int = 0  # GraphQL requests (urllib3's transport retries not counted)
    points: int = 0  # GraphQL rate-limit points spent, as GitHub reports them
    seconds_waited: float = 0.0
    watermark: str | None = None


@dataclass
class SyncReport:
    """What :func:`sync_github` did, per repository."""

    repos: list[RepoReport] = field(default_factory=list)
    check_requests: int = 0  # the token and repository check before anything is written
    check_seconds_waited: float = 0.0

    @property
    def requests(self) -> int:
        return self.check_requests + sum(r.requests for r in self.repos)

    @property
    def seconds_waited(self) -> float:
        return self.check_seconds_waited + sum(r.seconds_waited for r in self.repos)

    @property
    def fetched(self) -> int:
        return sum(r.fetched for r in self.repos)

    def summary(self) -> str:
        lines = [
            f"{r.repo}: {r.fetched} pull requests fetched, {r.new} new, {r.updated} updated "
            f"({r.requests} requests)"
            for r in self.repos
        ]
        lines.append(f"{self.requests} requests, {self.seconds_waited:.0f} s waited on GitHub")
        return "\n".join(lines)


# -- client and retries -------------------------------------------------------------------

# Seconds waited in the current sync, and why (set by sync_github, filled by the retry's sleep).
_waits: contextvars.ContextVar[list[tuple[float, str]] | None] = contextvars.ContextVar(
    "asyncmetrics_github_waits", default=None
)


def _note_wait(seconds: float, reason: str) -> None:
    sink = _waits.get()
    if sink is not None:
        sink.append((seconds, reason))
    if seconds >= 1 or "rate limit" in reason:
        announce_wait("GitHub", seconds, reason)
    else:
        log.info("GitHub %s: retrying in %.1f s", reason, seconds)


class AnnouncingRetry(GithubRetry):
    """PyGithub's retry, which also says how long it waits and why, and waits on a 429.

    ``GithubRetry`` handles 403s: ``Retry-After`` (secondary limit), the primary limit
    (waits until ``x-ratelimit-reset``), otherwise ``secondary_rate_wait``. GitHub also
    answers an exhausted primary limit with 429, which urllib3 would retry without waiting
    for the reset unless it carries ``Retry-After``.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("status_forcelist", [*range(500, 600), 429])
        super().__init__(**kwargs)

    def sleep(self, response: Any = None) -> None:
        if response is None:  # a dropped or refused connection: urllib3's backoff
            _note_wait(self.get_backoff_time(), "connection failed")
            super().sleep(response)
            return
        primary = response.headers.get("x-ratelimit-remaining") == "0"
        retry_after = self.get_retry_after(response)
        if retry_after is not None:  # urllib3 sleeps Retry-After
            seconds = retry_after
            reason = "primary rate limit" if primary else "secondary rate limit"
        elif response.status == 429 and primary:  # GithubRetry computes the reset for 403 only
            seconds = _until_reset(response.headers)
            _note_wait(seconds, "primary rate limit")
            time.sleep(seconds)
            return
        elif response.status in (403, 429):  # GithubRetry's reset or secondary wait
            seconds = self.get_backoff_time()
            reason = "primary rate limit" if primary else "secondary rate limit"
        else:
            seconds, reason = self.get_backoff_time(), f"server error {response.status}"
        _note_wait(seconds, reason)
        super().sleep(response)


def _until_reset(headers: Mapping[str, Any]) -> float:
    reset = str(headers.get("x-ratelimit-reset") or "")
    if not reset.isdigit():
        return 60.0
    # +1: GitHub does not say when within that second the window resets.
    return max(int(reset) - time.time(), 0.0) + 1


def api_url_from(api_url: str | None) -> str:
    """The REST base URL: the argument, else ``$ASYNCMETRICS_GITHUB_API_URL``, else github.com.

    For GitHub Enterprise Server give ``https://HOST/api/v3``; PyGithub derives GraphQL's
    ``https://HOST/api/graphql`` from it.
    """
    url = api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL
    # PyGithub before 2.10 doubled the slash of a trailing "/" into every path.
    return url.rstrip("/")


def make_client(
    token: str,
    api_url: str | None = None,
    *,
    secondary_rate_wait: float = 60,
    backoff_factor: float = 1.0,
    total_retries: int = 10,
    timeout: int = 60,
) -> Github:
    """A PyGithub client set up for a sync (retries that announce their waits, no throttle)."""
    if not token:
        raise GitHubAuthError(
            "no GitHub token: set GITHUB_TOKEN to a personal access token "
            "(see docs/export-github.md)"
        )
    retry = AnnouncingRetry(
        total=total_retries,
        backoff_factor=backoff_factor,
        backoff_max=120,
        secondary_rate_wait=secondary_rate_wait,
    )
    return Github(
        auth=Auth.Token(token),
        base_url=api_url_from(api_url),
        timeout=timeout,
        retry=retry,
        seconds_between_requests=None,
        seconds_between_writes=None,
    )


# -- queries ------------------------------------------------------------------------------

_ACTOR = "{ __typename login }"


def _conn(nodes: str) -> str:
    return f"{{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {nodes} }}"


_REVIEW_COMMENT = f"{{ id fullDatabaseId author {_ACTOR} createdAt body path }}"
_ISSUE_COMMENT = f"{{ id fullDatabaseId author {_ACTOR} createdAt body }}"


def _review(comments: int = COMMENTS_PER_REVIEW) -> str:
    return (
        f"{{ id fullDatabaseId author {_ACTOR} state submittedAt body "
        f"comments(first: {comments}) {_conn(_REVIEW_COMMENT)} }}"
    )


def _timeline_item(teams: bool) -> str:
    # Team fields need the classic `read:org` scope; without it GitHub rejects the whole
    # query (INSUFFICIENT_SCOPES), so a token without it gets review requests sans team.
    team = " ... on Team { slug }" if teams else ""
    simple = f"{{ id actor {_ACTOR} createdAt }}"
    return (
        "{ __typename"
        f" ... on ReadyForReviewEvent {simple}"
        f" ... on ConvertToDraftEvent {simple}"
        f" ... on ClosedEvent {simple}"
        f" ... on ReopenedEvent {simple}"
        f" ... on MergedEvent {{ id actor {_ACTOR} createdAt commit {{ oid }} }}"
        f" ... on ReviewRequestedEvent {{ id actor {_ACTOR} createdAt"
        f" requestedReviewer {{ __typename ... on Actor {{ login }}{team} }} }}"
        # A commit's author e-mail, with the login GitHub matched it to, lets a person's
        # GitHub and Slack accounts be merged by address (docs/people.md).
        " ... on PullRequestCommit { id commit { oid committedDate authoredDate message"
        " author { email user { login } } } }"
        " }"
    )


_ITEM_TYPES = ", ".join(TIMELINE_ITEM_TYPES)
_RATE = "rateLimit { cost remaining resetAt }"


def _pull(teams: bool) -> str:
    return (
        "{ id number title body isDraft state createdAt updatedAt closedAt mergedAt url"
        f" author {_ACTOR} mergedBy {_ACTOR}"
        f" reviews(first: {REVIEWS_PER_PR}) {_conn(_review())}"
        f" comments(first: {COMMENTS_PER_PR}) {_conn(_ISSUE_COMMENT)}"
        f" timelineItems(first: {TIMELINE_PER_PR}, itemTypes: [{_ITEM_TYPES}])"
        f" {_conn(_timeline_item(teams))} }}"
    )


def page_query(teams: bool = True) -> str:
    """The query of one page of PRs, newest update first, with their inner first pages."""
    return (
        "query PullRequests($owner: String!, $name: String!, $cursor: String) {"
        f" {_RATE} repository(owner: $owner, name: $name) {{"
        f" pullRequests(first: {PRS_PER_PAGE}, after: $cursor,"
        " orderBy: {field: UPDATED_AT, direction: DESC})"
        f" {{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {_pull(teams)} }} }} }}"
    )


def check_query(n_repos: int, teams: bool = True) -> str:
    """Token and repositories, before anything is written.

    Selects what the sync will (PRs, a review request's reviewer) so that a missing
    permission or scope shows here: GitHub checks scopes against the query, not the data.
    """
    params = ", ".join(f"$o{i}: String!, $n{i}: String!" for i in range(n_repos))
    probe = (
        "pullRequests(first: 1) { totalCount nodes { timelineItems(first: 1,"
        f" itemTypes: [REVIEW_REQUESTED_EVENT]) {{ nodes {_timeline_item(teams)} }} }} }}"
    )
    repos = " ".join(
        f"r{i}: repository(owner: $o{i}, name: $n{i}) {{ nameWithOwner {probe} }}"
        for i in range(n_repos)
    )
    return f"query Check({params}) {{ viewer {{ login }} {_RATE} {repos} }}"


def more_query(wants: Sequence[tuple[str, str, str | None]], teams: bool = True) -> str:
    """Follow-up pages of inner connections: ``(node id, connection, cursor)`` per alias."""
    params = ", ".join(f"$id{i}: ID!, $after{i}: String" for i in range(len(wants)))
    parts = []
    for i, (_, kind, _) in enumerate(wants):
        page = f"first: {MORE_PER_CONNECTION}, after: $after{i}"
        if kind == "reviews":
            body = f"... on PullRequest {{ reviews({page}) {_conn(_review())} }}"
        elif kind == "comments":
            body = f"... on PullRequest {{ comments({page}) {_conn(_ISSUE_COMMENT)} }}"
        elif kind == "timelineItems":
            body = (
                f"... on PullRequest {{ timelineItems({page}, itemTypes: [{_ITEM_TYPES}])"
                f" {_conn(_timeline_item(teams))} }}"
            )
        else:  # a review's inline comments
            body = f"... on PullRequestReview {{ comments({page}) {_conn(_REVIEW_COMMENT)} }}"
        parts.append(f"m{i}: node(id: $id{i}) {{ __typename id {body} }}")
    return f"query PullRequestsMore({params}) {{ {_RATE} {' '.join(parts)} }}"


# -- talking to GitHub --------------------------------------------------------------------


def _one_line(text: Any, token: str) -> str:
    line = " ".join(str(text or "").split())
    return line.replace(token, "***") if token else line


def _gh_errors(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, Mapping) and isinstance(data.get("errors"), list):
        return [e for e in data["errors"] if isinstance(e, Mapping)]
    return []


def _scopes_wanted(message: str) -> str:
    found = re.search(r"requires one of the following scopes: \[([^\]]*)\]", message)
    return found.group(1).replace("'", "") if found else ""


class _Session:
    """One sync's GraphQL conversation: counts requests, waits on limits, maps errors."""

    def __init__(self, github: Github, token: str) -> None:
        self.github = github
        self.token = token
        self.teams = True
        self.warned_withheld = False
        self.requests = 0
        self.points = 0

    def query(
        self, name: str, text: str, variables: dict[str, Any], *, map_errors: bool = True
    ) -> dict[str, Any]:
        """The response of one query (``{"data": ...}``), after any rate-limit waits.

        With ``map_errors=False`` PyGithub's ``GithubException`` is re-raised as it is (the
        check reads GraphQL's error list); the caller must not let it escape.
        """
        for _attempt in range(MAX_APP_RETRIES):
            self.requests += 1
            try:
                _, response = self.github.requester.graphql_query(text, variables)
            except GithubException as exc:
                errors = _gh_errors(exc.data)
                wait = _rate_limit_wait(exc, errors)
                if wait is not None:  # not retried by the transport, or its retries used up
                    self._wait(*wait)
                    continue
                if _withheld(errors) and isinstance(exc.data, Mapping) and exc.data.get("data"):
                    response = dict(exc.data)
                    if not self.warned_withheld:
                        self.warned_withheld = True
                        log.warning(
                            "GitHub withholds some commits or teams from this token; they are "
                            "left out (fine-grained tokens: grant 'Contents: Read')"
                        )
                elif map_errors:
                    raise self.error(exc, name) from None
                else:
                    raise
            except requests.exceptions.RetryError:
                raise GitHubApiError(
                    f"GitHub kept answering {name} with server errors, retries used up; what "
                    "was fetched so far is stored: run the sync again later to continue"
                ) from None
            except (requests.RequestException, Urllib3Error) as exc:
                raise GitHubApiError(
                    f"no answer from GitHub at {self.github.requester.graphql_url} for {name} "
                    f"({type(exc).__name__}) after retries: check --api-url / {API_URL_ENV} and "
                    "the network; what was fetched so far is stored, run the sync again"
                ) from None
            self._pace(response)
            return response
        raise GitHubApiError(
            f"GitHub kept answering {name} with rate-limit errors; run the sync again later"
        )

    def _wait(self, seconds: float, reason: str) -> None:
        _note_wait(seconds, reason)
        time.sleep(seconds)

    def _pace(self, response: Mapping[str, Any]) -> None:
        rate = (response.get("data") or {}).get("rateLimit") or {}
        self.points += int(rate.get("cost") or 0)
        remaining = rate.get("remaining")
        if isinstance(remaining, int) and remaining < LOW_POINTS and rate.get("resetAt"):
            reset = _parse_time(rate["resetAt"]).timestamp()
            self._wait(max(reset - time.time(), 0) + 1, f"GraphQL points low ({remaining} left)")

    def error(self, exc: GithubException, name: str, repos: Sequence[str] = ()) -> Exception:
        """Our one-line error for PyGithub's exception: status and GitHub's message only."""
        status = exc.status
        data = exc.data if isinstance(exc.data, Mapping) else {}
        message = _one_line(data.get("message") or exc.message or "", self.token)
        errors = _gh_errors(data)
        if status == 401:
            return GitHubAuthError(
                f"GitHub rejected the token (401 {message or 'Bad credentials'}): check "
                "GITHUB_TOKEN; it may be mistyped, expired or revoked"
            )
        scopes = [e for e in errors if e.get("type") == "INSUFFICIENT_SCOPES"]
        if scopes:
            wanted = sorted({_scopes_wanted(str(e.get("message"))) for e in scopes} - {""})
            grant = f"grant it the scope {' or '.join(wanted)}" if wanted else PERMISSION_HINT
            return GitHubPermissionError(
                f"the token lacks a scope GitHub asks for ({name}): {grant} "
                "(classic tokens: https://github.com/settings/tokens)"
            )
        if status == 403 or any(e.get("type") == "FORBIDDEN" for e in errors):
            detail = message or (_one_line(errors[0].get("message"), self.token) if errors else "")
            on = f" on {', '.join(repos)}" if repos else ""
            return GitHubPermissionError(
                f"GitHub refused access{on} (403 {detail or 'Forbidden'}): {PERMISSION_HINT}; "
                "an organization with SAML SSO must also authorize the token"
            )
        if errors:
            first = _one_line(errors[0].get("message"), self.token)
            return GitHubApiError(f"GitHub answered {name} with an error: {first}")
        return GitHubApiError(f"GitHub API error {status} on {name}: {message or 'no message'}")


def _rate_limit_wait(
    exc: GithubException, errors: list[dict[str, Any]]
) -> tuple[float, str] | None:
    """How long to wait for a rate-limit answer that reached us, or None if it is not one."""
    headers = {str(k).lower(): v for k, v in (exc.headers or {}).items()}
    if any(e.get("type") == "RATE_LIMITED" for e in errors):
        # GraphQL's primary limit: HTTP 200 with an error, not a 403.
        return _until_reset(headers), "primary rate limit (GraphQL)"
    if isinstance(exc, RateLimitExceededException) or exc.status in (403, 429):
        message = str((exc.data or {}).get("message") if isinstance(exc.data, Mapping) else "")
        if str(headers.get("retry-after", "")).isdigit():
            return float(headers["retry-after"]), "secondary rate limit"
        if headers.get("x-ratelimit-remaining") == "0":
            return _until_reset(headers), "primary rate limit"
        if isinstance(exc, RateLimitExceededException) or "rate limit" in message.lower():
            return 60.0, "secondary rate limit"  # GitHub: without a hint, wait a minute
    return None


def _withheld(errors: list[dict[str, Any]]) -> bool:
    """Errors that only withhold a requested team or a commit: the rest of the data is good.

    A fine-grained token without organization *Members* or repository *Contents* access gets
    ``FORBIDDEN`` (or ``NOT_FOUND``) for those objects, as ``null`` in otherwise full data.
    """
    return bool(errors) and all(
        e.get("type") in ("FORBIDDEN", "NOT_FOUND")
        and {"requestedReviewer", "commit"} & set(map(str, e.get("path") or []))
        for e in errors
    )


# -- the sync -----------------------------------------------------------------------------


def _parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _split(repo: str) -> tuple[str, str]:
    parts = repo.strip().strip("/").split("/")
    if len(parts) != 2 or not all(re.fullmatch(r"[A-Za-z0-9_.-]+", p) for p in parts):
        raise GitHubUsageError(f"{repo!r} is not a repository: give it as owner/repo")
    return parts[0], parts[1]


def sync_github(
    store: str | Path,
    repos: Sequence[str],
    *,
    since: datetime | None,
    token: str,
    api_url: str | None = None,
    progress: bool = True,
    github: Github | None = None,
) -> SyncReport:
    """Fetch the pull requests of ``repos`` updated since the last sync into ``store``.

    Args:
        store: the store folder (created if missing).
        repos: ``owner/repo`` names.
        since: on a repository's first sync, fetch PRs updated at or after this time (naive
            times are UTC); ``None`` fetches the whole history. Later syncs fetch what changed
            since the last complete one; an earlier ``since`` than before fetches back to it.
        token: a GitHub token (never logged, never stored).
        api_url: REST base URL (GitHub Enterprise Server: ``https://HOST/api/v3``); default
            ``$ASYNCMETRICS_GITHUB_API_URL``, else ``https://api.github.com``.
        progress: show a progress bar per repository on stderr.
        github: a ready client (tests); by default :func:`make_client`.

    Returns:
        Per repository: PRs fetched, new and updated, requests made, seconds waited.

    Raises:
        GitHubAuthError: the token is rejected (exit code 6).
        GitHubPermissionError: the token may not read the PRs (exit code 7).
        GitHubRepoNotFoundError: a repository does not exist or is not visible (exit code 3).
        StoreLockedError: another sync is running on the store (exit code 5).
        GitHubApiError: GitHub kept failing; what was fetched is kept, run again (exit code 1).
        The first three are raised before anything is written.
    """
    names = [_split(r) for r in repos]
    if not names:
        raise GitHubUsageError("no repository given: name at least one as owner/repo")
    client = github or make_client(token, api_url)
    session = _Session(client, token)
    waits: list[tuple[float, str]] = []
    reset = _waits.set(waits)
    try:
        report = SyncReport()
        canonical = _check(session, names)
        report.check_requests = session.requests
        report.check_seconds_waited = round(sum(s for s, _ in waits), 3)
        with Store(Path(store)).locked() as st:
            for repo in canonical:
                before_requests, before_points, before_waits = (
                    session.requests,
                    session.points,
                    len(waits),
                )
                rep = _sync_repo(session, st, repo, since, progress)
                rep.requests = session.requests - before_requests
                rep.points = session.points - before_points
                rep.seconds_waited = round(sum(s for s, _ in waits[before_waits:]), 3)
                report.repos.append(rep)
        return report
    finally:
        _waits.reset(reset)


def _check(session: _Session, names: list[tuple[str, str]]) -> list[str]:
    """The repositories' canonical names; raises before any write if something is wrong."""
    variables: dict[str, Any] = {}
    for i, (owner, name) in enumerate(names):
        variables[f"o{i}"], variables[f"n{i}"] = owner, name
    shown = [f"{o}/{n}" for o, n in names]
    try:
        response = _check_once(session, names, variables)
    except GithubException as exc:
        errors = _gh_errors(exc.data)
        scope_errors = [e for e in errors if e.get("type") == "INSUFFICIENT_SCOPES"]
        if scope_errors and all("read:org" in str(e.get("message")) for e in scope_errors):
            log.warning(
                "the GitHub token lacks the read:org scope: review requests of teams are "
                "stored without the team's name (grant read:org to keep it)"
            )
            session.teams = False
            try:
                response = _check_once(session, names, variables)
            except GithubException as again:
                raise _check_error(session, again, shown) from None
        else:
            raise _check_error(session, exc, shown) from None
    data = response.get("data") or {}
    missing = [shown[i] for i in range(len(names)) if not data.get(f"r{i}")]
    if missing:
        raise _not_found(missing)
    return [data[f"r{i}"]["nameWithOwner"] for i in range(len(names))]


def _check_once(
    session: _Session, names: list[tuple[str, str]], variables: dict[str, Any]
) -> dict[str, Any]:
    text = check_query(len(names), session.teams)
    return session.query("Check", text, variables, map_errors=False)


def _check_error(session: _Session, exc: GithubException, shown: list[str]) -> Exception:
    errors = _gh_errors(exc.data)
    if errors and all(e.get("type") == "NOT_FOUND" for e in errors):
        paths = {str((e.get("path") or [""])[0]) for e in errors}
        missing = [r for i, r in enumerate(shown) if f"r{i}" in paths] or shown
        return _not_found(missing)
    return session.error(exc, "the token check", shown)


def _not_found(missing: list[str]) -> GitHubRepoNotFoundError:
    which = (
        f"repository {missing[0]}" if len(missing) == 1 else "repositories " + ", ".join(missing)
    )
    return GitHubRepoNotFoundError(
        f"{which} not found or not visible to this token: check the name, and that the token "
        "may read it (fine-grained tokens list their repositories; classic tokens need the "
        "'repo' scope for private ones)"
    )


def _cutoff(entry: Mapping[str, Any] | None, since: str | None) -> tuple[str | None, str | None]:
    """Where to stop paging, and the ``since`` the store will then cover."""
    if entry and entry.get("updated_at") and "since" in entry:
        covered = entry["since"]
        if covered is None or (since is not None and since >= covered):
            return entry["updated_at"], covered
    return since, since


def _sync_repo(
    session: _Session, store: Store, repo: str, since: datetime | None, progress: bool
) -> RepoReport:
    owner, name = repo.split("/")
    state = store.read_state()
    entry = (state.get("github") or {}).get(repo)
    # Everything stored so far, from the raw responses (the source of truth, not pulls.jsonl).
    stored = _Assembler()
    for old in store.read_raw(SOURCE, repo):
        stored.add_record(old)
    if entry and not stored.latest:
        entry = None  # the raw responses are gone: the watermark covers nothing, start over
    cutoff, covered = _cutoff(entry, _iso(since) if since else None)
    before = {number: node["updatedAt"] for number, node in stored.latest.items()}
    report = RepoReport(repo=repo)
    newest = entry.get("updated_at") if entry else None
    oldest_seen: str | None = None
    cursor: str | None = None
    with progress_bar(repo, "PRs", enabled=progress) as bar:
        while True:
            variables = {"owner": owner, "name": name, "cursor": cursor}
            response = session.query("PullRequests", page_query(session.teams), variables)
            prs = response["data"]["repository"]["pullRequests"]
            fresh = [n for n in prs["nodes"] if cutoff is None or n["updatedAt"] >= cutoff]
            # A PR whose updatedAt equals the stored version's has not changed (the one at
            # the watermark, or one seen twice across a page boundary): skip it.
            kept = [n for n in fresh if before.get(n["number"]) != n["updatedAt"]]
            report.unchanged += len(fresh) - len(kept)
            record = {
                "query": "PullRequests",
                "variables": variables,
                "keep": [n["number"] for n in kept],
                "response": response,
            }
            records = [record, *_follow_ups(session, kept)]
            # One batch per page, follow-ups included: a batch on disk always holds whole PRs.
            store.append_raw(SOURCE, repo, records)
            for done_record in records:
                stored.add_record(done_record)
            for node in kept:
                report.fetched += 1
                if node["number"] in before:
                    report.updated += 1
                else:
                    report.new += 1
                before[node["number"]] = node["updatedAt"]
            if fresh:  # every PR listed counts, stored now or before (by a run that stopped)
                newest = max([newest or "", *(n["updatedAt"] for n in fresh)])
                oldest_seen = fresh[-1]["updatedAt"]
            bar.update(len(fresh))
            _estimate_total(bar, prs["totalCount"], cutoff, newest, oldest_seen)
            done = len(fresh) < len(prs["nodes"]) or not prs["pageInfo"]["hasNextPage"]
            if done:
                break
            cursor = prs["pageInfo"]["endCursor"]
        bar.total = bar.n
        bar.refresh()
    _write_pulls(store, repo, stored)
    # The watermark moves only now, after the whole range down to the old watermark is stored.
    # Pages come newest first: a run stopped halfway has fetched the newest PRs but not the
    # older ones between the old watermark and where it stopped, so committing the newest
    # `updatedAt` earlier would skip those for good. Comparing with >= (not >) refetches the
    # PR at the watermark: one updated later within that same second is not missed.
    state = store.read_state()
    state.setdefault("github", {})[repo] = {"updated_at": newest, "since": covered}
    store.commit_state(state)
    report.watermark = newest
    return report


def _estimate_total(
    bar: Any, total: int, cutoff: str | None, newest: str | None, oldest: str | None
) -> None:
    """A total for the bar's ETA: exact on a full sync, else by the share of time covered."""
    if cutoff is None:
        bar.total = total
    elif newest and oldest and newest > cutoff:
        span = (_parse_time(newest) - _parse_time(cutoff)).total_seconds()
        done = (_parse_time(newest) - _parse_time(oldest)).total_seconds()
        share = min(max(done / span, 0.01), 1.0) if span > 0 else 1.0
        bar.total = max(bar.n, round(bar.n / share))
    bar.refresh()


def _follow_ups(session: _Session, kept: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Further pages of the inner connections of the PRs in ``kept`` (usually none)."""
    page = _Assembler()
    for pr in kept:
        if _Assembler.wants_more(pr):
            # Merge into a copy: the page's raw record keeps the response as it came.
            page.add_pull(json.loads(json.dumps(pr)))
    records: list[dict[str, Any]] = []
    asked: set[tuple[str, str, str | None]] = set()
    while wants := page.wanting():
        for start in range(0, len(wants), MORE_PER_REQUEST):
            chunk = wants[start : start + MORE_PER_REQUEST]
            if asked & set(chunk):
                raise GitHubApiError(
                    "GitHub returned the same page of a PR's comments twice; run again"
                )
            asked |= set(chunk)
            variables: dict[str, Any] = {}
            for i, (node_id, _, after) in enumerate(chunk):
                variables[f"id{i}"], variables[f"after{i}"] = node_id, after
            response = session.query(
                "PullRequestsMore", more_query(chunk, session.teams), variables
            )
            record = {"query": "PullRequestsMore", "variables": variables, "response": response}
            page.add_more(record)
            records.append(record)
    return records


# -- from raw responses to PR documents -------------------------------------------------


class _Assembler:
    """PR nodes with their follow-up pages merged in, latest fetched version of each PR."""

    def __init__(self) -> None:
        self.latest: dict[int, dict[str, Any]] = {}
        self._pulls: dict[str, dict[str, Any]] = {}
        self._reviews: dict[str, dict[str, Any]] = {}

    def add_record(self, record: Mapping[str, Any]) -> None:
        if record.get("query") == "PullRequests":
            repository = ((record.get("response") or {}).get("data") or {}).get("repository")
            keep = set(record.get("keep") or ())
            for node in ((repository or {}).get("pullRequests") or {}).get("nodes") or []:
                if node["number"] in keep:  # PRs past the watermark or unchanged are not taken
                    self.add_pull(node)
        elif record.get("query") == "PullRequestsMore":
            self.add_more(record)

    def add_pull(self, node: dict[str, Any]) -> None:
        self.latest[node["number"]] = node
        self._pulls[node["id"]] = node
        for review in (node.get("reviews") or {}).get("nodes") or []:
            self._reviews[review["id"]] = review

    def add_more(self, record: Mapping[str, Any]) -> None:
        data = (record.get("response") or {}).get("data") or {}
        for key, part in sorted(data.items()):
            if key == "rateLimit" or not isinstance(part, Mapping):
                continue
            target = (
                self._pulls.get(part.get("id"))
                if part.get("__typename") == "PullRequest"
                else self._reviews.get(part.get("id"))
            )
            if target is None:
                continue
            for conn in ("reviews", "comments", "timelineItems"):
                if conn in part and part[conn] is not None:
                    mine = target.setdefault(conn, {"nodes": []})
                    mine["nodes"] = [*(mine.get("nodes") or []), *part[conn]["nodes"]]
                    mine["pageInfo"] = part[conn]["pageInfo"]
                    if conn == "reviews" and part.get("__typename") == "PullRequest":
                        for review in part[conn]["nodes"]:
                            self._reviews[review["id"]] = review

    @staticmethod
    def wants_more(pr: Mapping[str, Any]) -> bool:
        """Whether a PR node has inner connections with more pages."""
        conns = [pr.get(c) for c in ("reviews", "comments", "timelineItems")]
        conns += [r.get("comments") for r in (pr.get("reviews") or {}).get("nodes") or []]
        return any(((c or {}).get("pageInfo") or {}).get("hasNextPage") for c in conns)

    def wanting(self) -> list[tuple[str, str, str | None]]:
        """Connections with more pages: ``(node id, connection, cursor)``."""
        wants = []
        for pr in self._pulls.values():
            for conn in ("reviews", "comments", "timelineItems"):
                info = (pr.get(conn) or {}).get("pageInfo") or {}
                if info.get("hasNextPage"):
                    wants.append((pr["id"], conn, info.get("endCursor")))
        for review in self._reviews.values():
            info = (review.get("comments") or {}).get("pageInfo") or {}
            if info.get("hasNextPage"):
                wants.append((review["id"], "review_comments", info.get("endCursor")))
        return wants


def pulls_path(root: Path, repo: str) -> Path:
    owner, name = repo.split("/")
    return Path(root) / "github" / owner / name / "pulls.jsonl"


def rebuild_pulls(store: Store, repo: str) -> int:
    """Rewrite ``pulls.jsonl`` of ``repo`` from all its raw responses; return the PR count."""
    assembler = _Assembler()
    for record in store.read_raw(SOURCE, repo):
        assembler.add_record(record)
    return _write_pulls(store, repo, assembler)


def _write_pulls(store: Store, repo: str, assembler: _Assembler) -> int:
    """``pulls.jsonl``: the latest version of each PR, by number, replaced atomically."""
    lines = [
        json.dumps(pull_document(node, repo), sort_keys=True, ensure_ascii=False) + "\n"
        for _, node in sorted(assembler.latest.items())
    ]
    atomic_write(pulls_path(store.root, repo), "".join(lines).encode("utf-8"), durable=False)
    return len(lines)


def _user(actor: Mapping[str, Any] | None) -> dict[str, Any]:
    """A REST ``user``: GraphQL's Bot ``login`` lacks the ``[bot]`` REST adds; deleted → ghost."""
    if not actor:
        return {"login": "ghost", "type": "User"}
    kind = actor.get("__typename") or "User"
    login = actor.get("login") or "ghost"
    if kind == "Bot" and not login.endswith("[bot]"):
        login = f"{login}[bot]"
    return {
        "login": login,
        "type": kind if kind in ("Bot", "Organization", "Mannequin") else "User",
    }


def _nodes(conn: Mapping[str, Any] | None, key: str = "id") -> Iterator[dict[str, Any]]:
    """A connection's nodes once each (a page boundary can repeat one)."""
    seen = set()
    for node in (conn or {}).get("nodes") or []:
        if node is None or node.get(key) in seen:
            continue
        seen.add(node.get(key))
        yield node


def _db_id(node: Mapping[str, Any]) -> int | str:
    # fullDatabaseId (a BigInt, sent as a string) is the REST id; databaseId overflows Int32.
    value = node.get("fullDatabaseId")
    return int(value) if isinstance(value, str) and value.isdigit() else (value or node["id"])


_EVENTS = {
    "ReadyForReviewEvent": "ready_for_review",
    "ConvertToDraftEvent": "convert_to_draft",
    "ReviewRequestedEvent": "review_requested",
    "ClosedEvent": "closed",
    "ReopenedEvent": "reopened",
    "MergedEvent": "merged",
}


def _timeline(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for item in items:
        kind = item.get("__typename")
        if kind == "PullRequestCommit":
            commit = item.get("commit")
            if not commit:  # withheld from this token
                continue
            events.append(
                {
                    "event": "committed",
                    "node_id": item.get("id"),
                    "sha": commit.get("oid"),
                    "message": commit.get("message"),
                    "committer": {"date": commit.get("committedDate")},
                    "author": {
                        "date": commit.get("authoredDate"),
                        "email": (commit.get("author") or {}).get("email"),
                        "login": ((commit.get("author") or {}).get("user") or {}).get("login"),
                    },
                }
            )
        elif kind in _EVENTS:
            # Timeline events have no REST id in GraphQL: the node id stands in for it.
            event: dict[str, Any] = {
                "event": _EVENTS[kind],
                "id": item.get("id"),
                "node_id": item.get("id"),
                "actor": _user(item.get("actor")),
                "created_at": item.get("createdAt"),
            }
            if kind == "ReviewRequestedEvent":
                reviewer = item.get("requestedReviewer") or {}
                if reviewer.get("__typename") == "Team":
                    event["requested_team"] = {"slug": reviewer.get("slug")}
                elif reviewer:
                    event["requested_reviewer"] = _user(reviewer)
            if kind == "MergedEvent":
                event["commit_id"] = (item.get("commit") or {}).get("oid")
            events.append(event)
    return events


def pull_document(node: Mapping[str, Any], repo: str) -> dict[str, Any]:
    """One GraphQL PR node (inner pages merged) as the REST-shaped document of read_github."""
    reviews = list(_nodes(node.get("reviews")))
    return {
        "repository": repo,
        "pull": {
            "number": node["number"],
            "node_id": node["id"],
            "html_url": node.get("url"),
            "title": node.get("title"),
            "body": node.get("body"),
            "state": "open" if node.get("state") == "OPEN" else "closed",
            "draft": bool(node.get("isDraft")),
            "user": _user(node.get("author")),
            "created_at": node.get("createdAt"),
            "updated_at": node.get("updatedAt"),
            "closed_at": node.get("closedAt"),
            "merged_at": node.get("mergedAt"),
            "merged": node.get("mergedAt") is not None,
            "merged_by": _user(node["mergedBy"]) if node.get("mergedBy") else None,
        },
        "reviews": [
            {
                "id": _db_id(r),
                "node_id": r["id"],
                "user": _user(r.get("author")),
                "state": r.get("state"),
                "submitted_at": r.get("submittedAt"),
                "body": r.get("body"),
            }
            for r in reviews
        ],
        "review_comments": [
            {
                "id": _db_id(c),
                "node_id": c["id"],
                "pull_request_review_id": _db_id(r),
                "user": _user(c.get("author")),
                "created_at": c.get("createdAt"),
                "body": c.get("body"),
                "path": c.get("path"),
            }
            for r in reviews
            for c in _nodes(r.get("comments"))
        ],
        "issue_comments": [
            {
                "id": _db_id(c),
                "node_id": c["id"],
                "user": _user(c.get("author")),
                "created_at": c.get("createdAt"),
                "body": c.get("body"),
            }
            for c in _nodes(node.get("comments"))
        ],
        "timeline": _timeline(_nodes(node.get("timelineItems"))),
    }
