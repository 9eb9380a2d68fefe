"""A fake GitHub API over real HTTP: generated repositories that real PyGithub can sync.

It serves what the exporter uses, the way GitHub does it:

- ``POST /graphql``: the query text is parsed and executed against the repositories (a small
  GraphQL engine: aliases, variables, arguments, inline fragments on types, unions and the
  ``Actor`` interface, ``__typename``), so a field GitHub does not have fails here too
  (``undefinedField``). Connections take ``first``/``after`` (opaque cursors), answer
  ``totalCount``, ``pageInfo`` and ``nodes``; ``pullRequests`` takes
  ``orderBy: {field: UPDATED_AT|CREATED_AT, direction}``, ``timelineItems`` takes
  ``itemTypes``. ``repository(owner, name)``, ``node(id)``, ``viewer`` and ``rateLimit``
  are the root fields.
- GitHub's query limits: every connection needs ``first`` (1..100), at most 500,000 nodes
  per query (``MAX_NODE_LIMIT_EXCEEDED``); the cost in points is GitHub's formula.
- Errors: 401 ``Bad credentials`` for an unknown token; ``NOT_FOUND`` (HTTP 200, ``data`` with
  ``null``) for a repository that does not exist or that a token without ``repo`` may not
  see (private); ``INSUFFICIENT_SCOPES`` (no ``data``) when the query selects a field whose
  scope the token lacks (``Team.slug`` needs ``read:org``, as on GitHub; ``scope_rules``);
  HTTP 403 ``Resource not accessible by personal access token`` for a token declared
  ``forbidden``; ``FORBIDDEN`` on ``pullRequests`` for a token without ``pulls`` access,
  and on each ``commit`` (``null`` in the data) for one without ``contents`` access.
- Rate-limit headers on every answer (``x-ratelimit-limit/remaining/reset/used/resource``).
- Faults, declared with the inherited ``fail_next`` through helpers: ``secondary_limit``,
  ``primary_limit`` (403 or 429, remaining 0, reset a second or two ahead),
  ``graphql_rate_limited`` (200 with ``RATE_LIMITED``), ``bad_gateway``, ``drop_connection``;
  ``kill_at`` SIGKILLs a client process when the n-th GraphQL request arrives.

Every request is in ``requests``; ``graphql_log`` holds each query's operation name,
variables and node count.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import threading
import time
from base64 import b64decode, b64encode
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .server import FakeServer, Request, Response

TOKEN = "ghp_fakeFAKEfake0000000000000000000000"
START = datetime(2026, 7, 1, tzinfo=UTC)
MAX_NODES = 500_000
CONNECTIONS = {"pullRequests", "reviews", "comments", "timelineItems"}
ITEM_TYPES = {
    "READY_FOR_REVIEW_EVENT": "ReadyForReviewEvent",
    "CONVERT_TO_DRAFT_EVENT": "ConvertToDraftEvent",
    "REVIEW_REQUESTED_EVENT": "ReviewRequestedEvent",
    "CLOSED_EVENT": "ClosedEvent",
    "REOPENED_EVENT": "ReopenedEvent",
    "MERGED_EVENT": "MergedEvent",
    "PULL_REQUEST_COMMIT": "PullRequestCommit",
    "LABELED_EVENT": "LabeledEvent",
}
INTERFACES = {"Actor": {"User", "Bot", "Mannequin", "Organization", "EnterpriseUserAccount"}}
PEOPLE = ["aiko", "ben", "carla", "dev", "emma", "femi", "gus", "hana"]
BOTS = ["dependabot", "renovate"]
TEAMS = ["platform", "web"]


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- a small GraphQL engine --------------------------------------------------------------


class GraphQLError(Exception):
    def __init__(self, type_: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.error = {"type": type_, "message": message, **extra}


@dataclass
class Field:
    name: str
    alias: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    selections: list[Any] | None = None

    @property
    def key(self) -> str:
        return self.alias or self.name


@dataclass
class Fragment:
    on: str
    selections: list[Any]


@dataclass
class Var:
    name: str


@dataclass
class Enum:
    name: str


_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+)|(?P<spread>\.\.\.)'
    r"|(?P<name>[_A-Za-z][_0-9A-Za-z]*)|(?P<var>\$[_A-Za-z][_0-9A-Za-z]*)"
    r"|(?P<punct>[{}()\[\]:!=@]))"
)


class _Parser:
    def __init__(self, text: str) -> None:
        text = re.sub(r"#[^\n]*", "", text).replace(",", " ")
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            match = _TOKEN.match(text, pos)
            if not match:
                raise GraphQLError("parseError", f"Parse error at {text[pos : pos + 20]!r}")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            pos = match.end()
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("eof", "")

    def take(self, value: str | None = None) -> str:
        _, tok = self.peek()
        if value is not None and tok != value:
            raise GraphQLError("parseError", f"Parse error: expected {value!r}, got {tok!r}")
        self.i += 1
        return tok

    def document(self) -> tuple[str | None, list[Any]]:
        name = None
        if self.peek()[1] == "query":
            self.take()
            if self.peek()[0] == "name":
                name = self.take()
            if self.peek()[1] == "(":
                self.take("(")
                while self.peek()[1] != ")":  # variable definitions: $x: Type! (= default)
                    self.take()
                self.take(")")
        selections = self.selection_set()
        if self.peek()[0] != "eof":
            raise GraphQLError("parseError", "Parse error: text after the operation")
        return name, selections

    def selection_set(self) -> list[Any]:
        self.take("{")
        out: list[Any] = []
        while self.peek()[1] != "}":
            if self.peek()[0] == "eof":
                raise GraphQLError("parseError", "Parse error: unclosed selection set")
            if self.peek()[0] == "spread":
                self.take()
                self.take("on")
                on = self.take()
                out.append(Fragment(on, self.selection_set()))
                continue
            name = self.take()
            alias = None
            if self.peek()[1] == ":":
                self.take(":")
                alias, name = name, self.take()
            args = self.arguments() if self.peek()[1] == "(" else {}
            subs = self.selection_set() if self.peek()[1] == "{" else None
            out.append(Field(name, alias, args, subs))
        self.take("}")
        return out

    def arguments(self) -> dict[str, Any]:
        self.take("(")
        args = {}
        while self.peek()[1] != ")":
            key = self.take()
            self.take(":")
            args[key] = self.value()
        self.take(")")
        return args

    def value(self) -> Any:
        kind, tok = self.peek()
        self.take()
        if kind == "var":
            return Var(tok[1:])
        if kind == "num":
            return int(tok)
        if kind == "str":
            return json.loads(tok)
        if tok == "[":
            items = []
            while self.peek()[1] != "]":
                items.append(self.value())
            self.take("]")
            return items
        if tok == "{":
            obj = {}
            while self.peek()[1] != "}":
                key = self.take()
                self.take(":")
                obj[key] = self.value()
            self.take("}")
            return obj
        if tok in ("true", "false"):
            return tok == "true"
        if tok == "null":
            return None
        return Enum(tok)


def _resolve(value: Any, variables: dict[str, Any]) -> Any:
    if isinstance(value, Var):
        return variables.get(value.name)
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, list):
        return [_resolve(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, variables) for k, v in value.items()}
    return value


def _walk(selections: list[Any], on: str | None = None):
    for sel in selections:
        if isinstance(sel, Fragment):
            yield from _walk(sel.selections, sel.on)
        else:
            yield sel, on


def node_count(selections: list[Any], variables: dict[str, Any], parents: int = 1) -> int:
    """GitHub's node count: each connection's ``first`` times its parents' ``first``s."""
    total = 0
    for sel, _ in _walk(selections):
        if sel.selections is None:
            continue
        if sel.name in CONNECTIONS:
            first = _resolve(sel.args.get("first"), variables)
            if not isinstance(first, int):
                raise GraphQLError(
                    "MISSING_PAGINATION_BOUNDARIES",
                    f"You must provide a `first` or `last` value to properly paginate the "
                    f"`{sel.name}` connection.",
                )
            if not 1 <= first <= 100:
                raise GraphQLError(
                    "EXCESSIVE_PAGINATION",
                    f"Requesting {first} records on the `{sel.name}` connection exceeds the "
                    "`first` limit of 100 records.",
                )
            total += parents * first + node_count(sel.selections, variables, parents * first)
        else:
            total += node_count(sel.selections, variables, parents)
    return total


def query_cost(selections: list[Any], variables: dict[str, Any], parents: int = 1) -> int:
    """GitHub's cost: requests to fill each connection (parents' firsts), /100, at least 1."""

    def requests(sels: list[Any], parents: int) -> int:
        total = 0
        for sel, _ in _walk(sels):
            if sel.selections is None:
                continue
            if sel.name in CONNECTIONS:
                first = _resolve(sel.args.get("first"), variables) or 1
                total += parents + requests(sel.selections, parents * first)
            else:
                total += requests(sel.selections, parents)
        return total

    return max(1, round(requests(selections, parents) / 100))


class Conn(list):
    """A connection's items (all of them); the executor pages them."""


def _cursor(index: int) -> str:
    return b64encode(f"cursor:v2:{index}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(b64decode(cursor).decode().rsplit(":", 1)[1]) + 1
    except (ValueError, IndexError):
        raise GraphQLError(
            "INVALID_CURSOR_ARGUMENTS", f"`{cursor}` does not appear to be a valid cursor."
        ) from None


def _page(items: list[Any], args: dict[str, Any]) -> dict[str, Any]:
    start = _offset(args.get("after"))
    first = args["first"]
    nodes = items[start : start + first]
    return {
        "__typename": "Connection",
        "totalCount": len(items),
        "nodes": nodes,
        "pageInfo": {
            "__typename": "PageInfo",
            "hasNextPage": start + first < len(items),
            "endCursor": _cursor(start + len(nodes) - 1) if nodes else None,
            "hasPreviousPage": start > 0,
            "startCursor": _cursor(start) if nodes else None,
        },
    }


# -- the data ----------------------------------------------------------------------------


def user(login: str, bot: bool = False) -> dict[str, Any]:
    # GraphQL's Bot login has no "[bot]" suffix; REST's has.
    return {"__typename": "Bot" if bot else "User", "login": login, "id": f"U_{login}"}


@dataclass
class Repo:
    owner: str
    name: str
    private: bool = False
    pulls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclass
class TokenInfo:
    login: str = "octo"
    scopes: tuple[str, ...] = ("repo", "read:org")
    pulls: bool = True  # fine-grained "Pull requests: Read"
    contents: bool = True  # fine-grained "Contents: Read": commits
    forbidden: bool = False  # every request answered 403 (e.g. SAML SSO not authorized)


class FakeGitHub(FakeServer):
    """GitHub's GraphQL API over generated repositories."""

    def __init__(self, tokens: dict[str, TokenInfo] | None = None) -> None:
        super().__init__()
        self.tokens = tokens if tokens is not None else {TOKEN: TokenInfo()}
        self.repos: dict[str, Repo] = {}
        self.objects: dict[str, dict[str, Any]] = {}
        self.scope_rules: dict[str, str] = {"Team.slug": "read:org"}
        self.graphql_log: list[dict[str, Any]] = []
        self.points_remaining = 5000
        self.reset_at = int(time.time()) + 3600
        self._served = 0
        self._kill: tuple[int, int, float] | None = None
        self._scheduled: dict[int, Response] = {}
        self._ids = 0
        self._db_ids = 2_200_000_000  # REST ids beyond Int32, as on github.com
        self.clock = START

    # -- building data ------------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}_kw{self._ids:08d}"

    def _db(self) -> str:
        self._db_ids += 1
        return str(self._db_ids)

    def _register(self, obj: dict[str, Any]) -> dict[str, Any]:
        self.objects[obj["id"]] = obj
        return obj

    def add_repo(self, full_name: str, private: bool = False) -> Repo:
        owner, name = full_name.split("/")
        repo = Repo(owner, name, private)
        self.repos[full_name.lower()] = repo
        return repo

    def add_pull(
        self,
        repo: str,
        *,
        author: dict[str, Any],
        created: datetime,
        title: str = "Change",
        draft: bool = False,
    ) -> dict[str, Any]:
        r = self.repos[repo.lower()]
        number = len(r.pulls) + 1
        pr = self._register(
            {
                "__typename": "PullRequest",
                "id": self._id("PR"),
                "number": number,
                "title": title,
                "body": f"Body of {title}",
                "isDraft": draft,
                "state": "OPEN",
                "createdAt": iso(created),
                "updatedAt": iso(created),
                "closedAt": None,
                "mergedAt": None,
                "url": f"https://github.com/{r.full_name}/pull/{number}",
                "author": author,
                "mergedBy": None,
                "reviews": Conn(),
                "comments": Conn(),
                "timelineItems": Conn(),
            }
        )
        r.pulls.append(pr)
        return pr

    def _touch(self, pr: dict[str, Any], at: datetime) -> None:
        if iso(at) > pr["updatedAt"]:
            pr["updatedAt"] = iso(at)

    def add_review(
        self,
        pr: dict[str, Any],
        who: dict[str, Any] | None,
        state: str,
        at: datetime,
        n_comments: int = 0,
    ) -> dict[str, Any]:
        review = self._register(
            {
                "__typename": "PullRequestReview",
                "id": self._id("PRR"),
                "fullDatabaseId": self._db(),
                "author": who,
                "state": state,
                "submittedAt": None if state == "PENDING" else iso(at),
                "body": f"{state.lower()} review",
                "comments": Conn(),
            }
        )
        for k in range(n_comments):
            review["comments"].append(
                self._register(
                    {
                        "__typename": "PullRequestReviewComment",
                        "id": self._id("PRRC"),
                        "fullDatabaseId": self._db(),
                        "author": who,
                        "createdAt": iso(at + timedelta(seconds=k)),
                        "body": f"inline note {k}",
                        "path": f"src/file{k % 3}.py",
                    }
                )
            )
        pr["reviews"].append(review)
        if state != "PENDING":
            self._touch(pr, at + timedelta(seconds=n_comments))
        return review

    def add_comment(
        self, repo: str, number: int, who: dict[str, Any] | None, at: datetime, body: str = "ok"
    ) -> dict[str, Any]:
        pr = self.pull(repo, number)
        comment = self._register(
            {
                "__typename": "IssueComment",
                "id": self._id("IC"),
                "fullDatabaseId": self._db(),
                "author": who,
                "createdAt": iso(at),
                "body": body,
            }
        )
        pr["comments"].append(comment)
        self._touch(pr, at)
        return comment

    def add_event(self, pr: dict[str, Any], typename: str, actor: Any, at: datetime, **extra: Any):
        event = self._register(
            {
                "__typename": typename,
                "id": self._id(typename[:3].upper()),
                "actor": actor,
                "createdAt": iso(at),
                **extra,
            }
        )
        pr["timelineItems"].append(event)
        self._touch(pr, at)
        return event

    def add_commit(self, pr: dict[str, Any], at: datetime, k: int = 0) -> dict[str, Any]:
        oid = f"{self._ids + 1:07d}{k:033d}"[:40]
        item = self._register(
            {
                "__typename": "PullRequestCommit",
                "id": self._id("PURC"),
                "commit": {
                    "__typename": "Commit",
                    "oid": oid,
                    "committedDate": iso(at),
                    "authoredDate": iso(at - timedelta(minutes=5)),
                    "message": f"commit {k}",
                    "author": {
                        "email": f"{pr['author']['login']}@users.example.invalid",
                        "user": {"login": pr["author"]["login"]},
                    },
                },
            }
        )
        pr["timelineItems"].append(item)
        self._touch(pr, at)
        return item

    def merge(self, repo: str, number: int, by: dict[str, Any], at: datetime) -> None:
        pr = self.pull(repo, number)
        pr.update(state="MERGED", mergedAt=iso(at), closedAt=iso(at), mergedBy=by)
        self.add_event(pr, "MergedEvent", by, at, commit={"__typename": "Commit", "oid": "f" * 40})
        self.add_event(pr, "ClosedEvent", by, at)

    def close(self, repo: str, number: int, by: dict[str, Any], at: datetime) -> None:
        pr = self.pull(repo, number)
        pr.update(state="CLOSED", closedAt=iso(at))
        self.add_event(pr, "ClosedEvent", by, at)

    def pull(self, repo: str, number: int) -> dict[str, Any]:
        return self.repos[repo.lower()].pulls[number - 1]

    @classmethod
    def generated(
        cls,
        repos: list[str],
        n_prs: int,
        seed: int = 0,
        *,
        big: int = 0,
        tokens: dict[str, TokenInfo] | None = None,
    ) -> FakeGitHub:
        """Repositories of ``n_prs`` typical PRs each (≤ 50 comments), plus ``big`` PRs per
        repository that need nested pagination (> 50 reviews or comments, > 30 inline comments
        in a review, > 100 timeline items)."""
        fake = cls(tokens)
        rng = random.Random(seed)
        for name in repos:
            fake.add_repo(name)
            for i in range(n_prs + big):
                fake._generate_pull(rng, name, i, big=i >= n_prs)
        return fake

    def _generate_pull(self, rng: random.Random, repo: str, i: int, big: bool) -> None:
        people = [user(p) for p in PEOPLE]
        bots = [user(b, bot=True) for b in BOTS]
        created = START + timedelta(hours=7 * i + rng.randint(0, 5), minutes=rng.randint(0, 59))
        author = rng.choice(bots) if rng.random() < 0.1 else rng.choice(people)
        draft = rng.random() < 0.15
        pr = self.add_pull(repo, author=author, created=created, title=f"Change {i}", draft=draft)
        t = created
        others = [p for p in people if p is not author]

        def later(lo: int = 5, hi: int = 240) -> datetime:
            nonlocal t
            t = t + timedelta(minutes=rng.randint(lo, hi))
            return t

        for k in range(rng.randint(1, 4) if not big else 120):
            self.add_commit(pr, later(1, 30), k)
        if draft:
            self.add_event(pr, "ReadyForReviewEvent", author, later())
        if rng.random() < 0.1:
            self.add_event(pr, "LabeledEvent", author, later(1, 5))
        for _ in range(rng.randint(0, 2)):
            if rng.random() < 0.3:
                reviewer = {"__typename": "Team", "slug": rng.choice(TEAMS), "id": "T_1"}
            else:
                reviewer = rng.choice(others)
            self.add_event(pr, "ReviewRequestedEvent", author, later(), requestedReviewer=reviewer)
        n_comments = rng.randint(0, 8) if not big else 75
        for k in range(n_comments):
            who = None if rng.random() < 0.03 else rng.choice([*others, author, *bots[:1]])
            self.add_comment(repo, pr["number"], who, later(), body=f"comment {k}")
        n_reviews = rng.randint(0, 3) if not big else 55
        for k in range(n_reviews):
            state = rng.choice(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "COMMENTED"])
            if rng.random() < 0.05:
                state = "PENDING"
            inline = rng.randint(0, 4) if not (big and k == 0) else 35
            self.add_review(pr, rng.choice(others), state, later(), n_comments=inline)
        fate = rng.random()
        if fate < 0.6:
            self.merge(repo, pr["number"], rng.choice(others), later())
        elif fate < 0.75:
            self.close(repo, pr["number"], author, later())
            if rng.random() < 0.3:
                pr["state"] = "OPEN"
                pr["closedAt"] = None
                self.add_event(pr, "ReopenedEvent", author, later())

    # -- what a reader should see -------------------------------------------------------

    def expected_events(self, repo: str) -> set[tuple[Any, ...]]:
        """``(conversation_id, message_id, kind, author, author_is_bot, ts)`` per event, from
        the fake's own data and the documented reader rules (docs/data-layout.md)."""

        def who(actor: Any) -> tuple[str, bool]:
            if not actor:
                return "ghost", False
            bot = actor["__typename"] == "Bot"
            return (actor["login"] + "[bot]" if bot else actor["login"]), bot

        kinds = {
            "ReadyForReviewEvent": "ready_for_review",
            "ConvertToDraftEvent": "converted_to_draft",
            "ReviewRequestedEvent": "review_requested",
            "ClosedEvent": "closed",
            "ReopenedEvent": "reopened",
        }
        r = self.repos[repo.lower()]
        out = set()
        for pr in r.pulls:
            cid = f"{r.full_name}#{pr['number']}"
            out.add((cid, f"{cid}:opened", "pr_opened", *who(pr["author"]), pr["createdAt"]))
            for review in pr["reviews"]:
                if review["state"] != "PENDING":
                    kind = f"review_{review['state'].lower()}"
                    mid = f"{cid}:review/{review['fullDatabaseId']}"
                    out.add((cid, mid, kind, *who(review["author"]), review["submittedAt"]))
                for c in review["comments"]:
                    mid = f"{cid}:review_comment/{c['fullDatabaseId']}"
                    out.add((cid, mid, "review_comment", *who(c["author"]), c["createdAt"]))
            for c in pr["comments"]:
                mid = f"{cid}:comment/{c['fullDatabaseId']}"
                out.add((cid, mid, "comment", *who(c["author"]), c["createdAt"]))
            for e in pr["timelineItems"]:
                name = e["__typename"]
                if name == "PullRequestCommit":
                    mid = f"{cid}:commit/{e['commit']['oid']}"
                    out.add((cid, mid, "commit", *who(pr["author"]), e["commit"]["committedDate"]))
                elif name == "MergedEvent":
                    out.add((cid, f"{cid}:merged", "merged", *who(e["actor"]), e["createdAt"]))
                elif name in kinds:
                    mid = f"{cid}:event/{e['id']}"
                    out.add((cid, mid, kinds[name], *who(e["actor"]), e["createdAt"]))
        return out

    # -- faults -------------------------------------------------------------------------

    def _fault(self, response: Response, times: int, at: int | None) -> None:
        """Answer the next ``times`` GraphQL requests with ``response`` (``fail_next``), or,
        with ``at``, the ``at``-th request from now and the ``times - 1`` after it."""
        if at is None:
            self.fail_next("^/graphql$", response, times)
            return
        with self._lock:
            for k in range(times):
                self._scheduled[self._served + at + k] = response

    def secondary_limit(self, times: int = 1, retry_after: int = 1, at: int | None = None) -> None:
        body = {
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes "
            "before you try again.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits",
        }
        headers = {**self._rate_headers(), "Retry-After": str(retry_after)}
        self._fault(Response(403, body, headers), times, at)

    def primary_limit(self, status: int = 403, reset_in: int = 1, at: int | None = None) -> None:
        body = {
            "message": "API rate limit exceeded for user ID 1.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits",
        }
        headers = {
            **self._rate_headers(),
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": str(int(time.time()) + reset_in),
        }
        self._fault(Response(status, body, headers), 1, at)

    def graphql_rate_limited(self, reset_in: int = 1, at: int | None = None) -> None:
        body = {
            "errors": [
                {"type": "RATE_LIMITED", "message": "API rate limit exceeded for user ID 1."}
            ]
        }
        headers = {
            **self._rate_headers(),
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": str(int(time.time()) + reset_in),
        }
        self._fault(Response(200, body, headers), 1, at)

    def bad_gateway(self, times: int = 3, at: int | None = None) -> None:
        body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        self._fault(Response(502, body, {"Content-Type": "text/html"}), times, at)

    def drop_connection(self, times: int = 1, at: int | None = None) -> None:
        self._fault(Response(drop_connection=True), times, at)

    def kill_at(self, n: int, pid: int, delay: float = 0.0) -> None:
        """SIGKILL ``pid`` when the ``n``-th GraphQL request from now arrives (after ``delay``
        seconds, while the request is answered: the client may be anywhere by then)."""
        with self._lock:
            self._kill = (self._served + n, pid, delay)

    # -- serving ------------------------------------------------------------------------

    def _rate_headers(self) -> dict[str, str]:
        return {
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": str(self.points_remaining),
            "x-ratelimit-used": str(5000 - self.points_remaining),
            "x-ratelimit-reset": str(self.reset_at),
            "x-ratelimit-resource": "graphql",
        }

    def graphql_requests(self) -> int:
        return self.count("^/graphql$")

    def handle(self, request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        token = auth.split(" ", 1)[1] if " " in auth else ""
        info = self.tokens.get(token)
        if info is None:
            return Response(
                401,
                {
                    "message": "Bad credentials",
                    "documentation_url": "https://docs.github.com/rest",
                    "status": "401",
                },
            )
        if info.forbidden:
            body = {"message": "Resource not accessible by personal access token"}
            return Response(403, body, self._rate_headers())
        if request.method == "POST" and request.path == "/graphql":
            with self._lock:
                self._served += 1
                kill = self._kill
                if kill and self._served == kill[0]:
                    self._kill = None
                    self._arm_kill(kill[1], kill[2])
                fault = self._scheduled.pop(self._served, None)
            if fault is not None:
                return fault
            return Response(200, self._graphql(request.json(), info), self._rate_headers())
        return Response(404, {"message": "Not Found"})

    def _arm_kill(self, pid: int, delay: float) -> None:
        def kill() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

        if delay <= 0:
            kill()
        else:
            threading.Timer(delay, kill).start()

    def _graphql(self, payload: dict[str, Any], info: TokenInfo) -> dict[str, Any]:
        variables = payload.get("variables") or {}
        try:
            name, selections = _Parser(payload["query"]).document()
            nodes = node_count(selections, variables)
            if nodes > MAX_NODES:
                raise GraphQLError(
                    "MAX_NODE_LIMIT_EXCEEDED",
                    f"This query requests up to {nodes:,} possible nodes which exceeds the "
                    f"maximum limit of {MAX_NODES:,}.",
                )
            scope_errors = self._scope_errors(selections, info)
            if scope_errors:
                return {"errors": scope_errors}
        except GraphQLError as exc:
            return {"errors": [exc.error]}
        cost = query_cost(selections, variables)
        with self._lock:
            if time.time() >= self.reset_at:  # a new hour: the budget is full again
                self.points_remaining = 5000
                self.reset_at = int(time.time()) + 3600
            self.points_remaining = max(self.points_remaining - cost, 0)
            self.graphql_log.append({"name": name, "variables": variables, "nodes": nodes})
        errors: list[dict[str, Any]] = []
        ctx = {"info": info, "variables": variables, "errors": errors, "cost": cost}
        root = {
            "__typename": "Query",
            "viewer": user(info.login),
            "rateLimit": {
                "__typename": "RateLimit",
                "cost": cost,
                "remaining": self.points_remaining,
                "limit": 5000,
                "resetAt": iso(datetime.fromtimestamp(self.reset_at, UTC)),
                "nodeCount": nodes,
            },
            "repository": self._repository,
            "node": self._node,
        }
        try:
            data = self._execute(selections, root, ctx, [])
        except GraphQLError as exc:
            return {"errors": [exc.error]}
        return {"data": data, "errors": errors} if errors else {"data": data}

    def _scope_errors(self, selections: list[Any], info: TokenInfo) -> list[dict[str, Any]]:
        errors = []

        def visit(sels: list[Any], on: str | None) -> None:
            for sel in sels:
                if isinstance(sel, Fragment):
                    visit(sel.selections, sel.on)
                    continue
                for rule in (f"{on}.{sel.name}", sel.name):
                    scope = self.scope_rules.get(rule)
                    if scope and scope not in info.scopes:
                        errors.append(
                            {
                                "type": "INSUFFICIENT_SCOPES",
                                "locations": [{"line": 1, "column": 1}],
                                "message": "Your token has not been granted the required "
                                f"scopes to execute this query. The '{sel.name}' field "
                                f"requires one of the following scopes: ['{scope}'], but "
                                f"your token has only been granted the: {list(info.scopes)} "
                                "scopes. Please modify your token's scopes at: "
                                "https://github.com/settings/tokens.",
                            }
                        )
                if sel.selections:
                    visit(sel.selections, None)

        visit(selections, None)
        return errors

    def _repository(self, ctx: dict[str, Any], path: list[Any], owner: str, name: str):
        repo = self.repos.get(f"{owner}/{name}".lower())
        if repo is None or (repo.private and "repo" not in ctx["info"].scopes):
            ctx["errors"].append(
                {
                    "type": "NOT_FOUND",
                    "path": path,
                    "locations": [{"line": 1, "column": 1}],
                    "message": f"Could not resolve to a Repository with the name '{owner}/{name}'.",
                }
            )
            return None

        def pull_requests(ctx: dict[str, Any], path: list[Any], **args: Any):
            if not ctx["info"].pulls:
                ctx["errors"].append(
                    {
                        "type": "FORBIDDEN",
                        "path": path,
                        "message": "Resource not accessible by personal access token",
                    }
                )
                return None
            order = args.get("orderBy") or {"field": "CREATED_AT", "direction": "ASC"}
            key = "updatedAt" if order["field"] == "UPDATED_AT" else "createdAt"
            items = sorted(
                repo.pulls,
                key=lambda p: (p[key], p["number"]),
                reverse=order["direction"] == "DESC",
            )
            return _page(items, args)

        return {
            "__typename": "Repository",
            "id": f"R_{repo.full_name}",
            "nameWithOwner": repo.full_name,
            "isPrivate": repo.private,
            "pullRequests": pull_requests,
        }

    def _node(self, ctx: dict[str, Any], path: list[Any], id: str):
        obj = self.objects.get(id)
        if obj is None:
            ctx["errors"].append(
                {
                    "type": "NOT_FOUND",
                    "path": path,
                    "message": f"Could not resolve to a node with the global id of '{id}'",
                }
            )
        return obj

    def _execute(
        self, selections: list[Any], obj: dict[str, Any], ctx: dict[str, Any], path: list[Any]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        typename = obj.get("__typename")
        for sel in selections:
            if isinstance(sel, Fragment):
                if sel.on == typename or typename in INTERFACES.get(sel.on, ()):
                    out.update(self._execute(sel.selections, obj, ctx, path))
                continue
            if sel.name == "__typename":
                out[sel.key] = typename
                continue
            if sel.name not in obj:
                raise GraphQLError(
                    "undefinedField",
                    f"Field '{sel.name}' doesn't exist on type '{typename}'",
                    path=[*path, sel.key],
                )
            value = obj[sel.name]
            if sel.name == "commit" and not ctx["info"].contents:
                ctx["errors"].append(
                    {
                        "type": "FORBIDDEN",
                        "path": [*path, sel.key],
                        "message": "Resource not accessible by personal access token",
                    }
                )
                out[sel.key] = None
                continue
            args = _resolve(sel.args, ctx["variables"])
            if callable(value):
                value = value(ctx, [*path, sel.key], **args)
            elif isinstance(value, Conn):
                value = _page(self._filter(value, args), args)
            out[sel.key] = self._complete(value, sel, ctx, [*path, sel.key])
        return out

    def _filter(self, items: Conn, args: dict[str, Any]) -> list[Any]:
        types = args.get("itemTypes")
        if types is None:
            return list(items)
        unknown = [t for t in types if t not in ITEM_TYPES]
        if unknown:
            raise GraphQLError("argumentLiteralsIncompatible", f"unknown itemTypes {unknown}")
        wanted = {ITEM_TYPES[t] for t in types}
        return [i for i in items if i["__typename"] in wanted]

    def _complete(self, value: Any, sel: Field, ctx: dict[str, Any], path: list[Any]) -> Any:
        if value is None:
            return None
        if isinstance(value, list):
            return [self._complete(v, sel, ctx, [*path, i]) for i, v in enumerate(value)]
        if isinstance(value, dict):
            if sel.selections is None:
                raise GraphQLError("selectionMismatch", f"Field '{sel.name}' needs selections")
            return self._execute(sel.selections, value, ctx, path)
        if sel.selections is not None:
            raise GraphQLError("selectionMismatch", f"Field '{sel.name}' is a scalar")
        return value
