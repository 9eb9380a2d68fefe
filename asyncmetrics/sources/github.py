"""GitHub pull requests, stored as REST API JSON, to the event table.

On-disk layout (the live exporter writes exactly this; see ``docs/data-layout.md``)::

    <root>/github/<owner>/<repo>/pulls.jsonl[.gz]

One JSON document per line, one per pull request; a later line for the same PR supersedes an
earlier one, so an incremental export can append. A document holds the REST responses::

    {"repository": "owner/repo",
     "pull": GET /repos/{o}/{r}/pulls/{n},
     "reviews": GET .../pulls/{n}/reviews,
     "review_comments": GET .../pulls/{n}/comments,
     "issue_comments": GET .../issues/{n}/comments,
     "timeline": GET .../issues/{n}/timeline}
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from asyncmetrics.config import Config
from asyncmetrics.errors import InputError
from asyncmetrics.schema import EVENT_COLUMNS, REACTIONS, empty_events, parse_times

log = logging.getLogger("asyncmetrics")

REVIEW_KINDS = {
    "APPROVED": "review_approved",
    "CHANGES_REQUESTED": "review_changes_requested",
    "COMMENTED": "review_commented",
    "DISMISSED": "review_dismissed",
}
TIMELINE_KINDS = {
    "ready_for_review": "ready_for_review",
    "convert_to_draft": "converted_to_draft",
    "review_requested": "review_requested",
    "closed": "closed",
    "reopened": "reopened",
    "merged": "merged",
}


def read_github(path: str | Path, *, config: Config | None = None) -> pl.DataFrame:
    """Read stored pull-request history (``**/pulls.jsonl[.gz]`` under ``path``) into events.

    Args:
        path: a store (``<root>`` holding ``github/``), a repository folder, or one file.
        config: ``config.bots`` names machine accounts that GitHub calls users.

    Returns:
        The event table of every pull request found.

    Raises:
        InputError: no PR files found, a line that is not JSON, or a document missing a field
            an event needs; the message names the file, the line and the field.

    Examples:
        >>> from asyncmetrics import read_github
        >>> from asyncmetrics import sample_path
        >>> events = read_github(sample_path())
        >>> sorted(events["channel"].unique())
        ['acme/api', 'acme/web']
    """
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", file=str(path))
    files = [path] if path.is_file() else sorted(path.rglob("pulls.jsonl*"))
    if not files:
        raise InputError("no pulls.jsonl files found", file=str(path))
    latest: dict[tuple[str, int], tuple[Mapping[str, Any], str, str]] = {}
    for file in files:
        for line_no, doc in _read_lines(file):
            repo, number = _identity(doc, str(file), line_no)
            latest[(repo, number)] = (doc, str(file), line_no)
    frames = [
        _pull_events(doc, config or Config(), file=file, record=line)
        for doc, file, line in latest.values()
    ]
    return _finish(frames)


def read_github_pulls(
    documents: Iterable[Mapping[str, Any]], *, config: Config | None = None
) -> pl.DataFrame:
    """Turn pull-request documents (the layout of :func:`read_github`) into events.

    The building block :func:`read_github` and the live exporter share.

    Examples:
        >>> from asyncmetrics import read_github_pulls
        >>> doc = {"repository": "acme/api",
        ...        "pull": {"number": 7, "title": "Fix retry", "body": "",
        ...                 "user": {"login": "ana", "type": "User"},
        ...                 "created_at": "2026-07-01T09:00:00Z"},
        ...        "reviews": [{"id": 1, "user": {"login": "bo", "type": "User"},
        ...                     "state": "APPROVED", "submitted_at": "2026-07-01T11:00:00Z"}]}
        >>> read_github_pulls([doc])["kind"].to_list()
        ['pr_opened', 'review_approved']
    """
    config = config or Config()
    return _finish(
        [_pull_events(doc, config, file=None, record=i) for i, doc in enumerate(documents)]
    )


def _finish(frames: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [f for f in frames if not f.is_empty()]
    if not frames:
        return empty_events()
    events = pl.concat(frames, how="vertical")
    return events.unique("message_id", keep="last", maintain_order=True).sort("ts", "message_id")


def _read_lines(file: Path) -> Iterable[tuple[str, Mapping[str, Any]]]:
    opener = gzip.open if file.suffix == ".gz" else open
    try:
        with opener(file, "rt", encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"not valid JSON ({exc})", file=str(file), record=f"line {line_no}"
                    ) from exc
                if not isinstance(doc, Mapping):
                    raise InputError(
                        "expected a JSON object", file=str(file), record=f"line {line_no}"
                    )
                yield f"line {line_no}", doc
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read ({exc})", file=str(file)) from exc


def _identity(doc: Mapping[str, Any], file: str | None, record: Any) -> tuple[str, int]:
    pull = doc.get("pull")
    if not isinstance(pull, Mapping):
        raise InputError("missing the pull request object", file=file, record=record, field="pull")
    number = pull.get("number")
    if not isinstance(number, int):
        raise InputError(
            f"expected a PR number, got {number!r}", file=file, record=record, field="pull.number"
        )
    repo = doc.get("repository") or _repo_from_url(pull)
    if not isinstance(repo, str) or "/" not in repo:
        raise InputError(
            "cannot tell the repository (give 'repository': 'owner/repo')",
            file=file,
            record=record,
            field="repository",
        )
    return repo, number


def _repo_from_url(pull: Mapping[str, Any]) -> str | None:
    url = pull.get("html_url") or ""
    parts = url.split("github.com/", 1)[-1].split("/")
    return f"{parts[0]}/{parts[1]}" if len(parts) >= 4 and parts[2] == "pull" else None


def _pull_events(
    doc: Mapping[str, Any], config: Config, *, file: str | None, record: Any
) -> pl.DataFrame:
    repo, number = _identity(doc, file, record)
    check = _Checker(file, record)
    pull = doc["pull"]
    cid = f"{repo}#{number}"
    if check.login(pull, "user", "pull") is None:
        raise InputError("PR has no author", file=file, record=record, field="pull.user.login")
    rows: list[dict[str, Any]] = []
    skipped: Counter[str] = Counter()

    def add(mid: str, kind: str, who: Any, ts: Any, text: Any = None, **extra: Any) -> None:
        if not ts:
            skipped[f"{kind} without a time"] += 1
            return
        login = who if isinstance(who, str) else _login(who)
        rows.append(
            {
                "message_id": f"{cid}:{mid}",
                "kind": kind,
                "author": login or "ghost",
                "author_is_bot": _is_bot(who, config),
                "ts_raw": ts,
                "text": text,
                "mentions": extra.get("mentions", []),
                "subtype": extra.get("subtype"),
                "is_opener": kind == "pr_opened",
            }
        )

    timeline = check.items(doc, "timeline")
    draft_events = [
        e.get("event")
        for e in timeline
        if e.get("event") in ("ready_for_review", "convert_to_draft")
    ]
    opened_as_draft = (draft_events[:1] == ["ready_for_review"]) or (
        bool(pull.get("draft")) and not draft_events
    )
    title = check.text(pull, "title", "pull") or ""
    body = check.text(pull, "body", "pull") or ""
    add(
        "opened",
        "pr_opened",
        pull["user"],
        check.text(pull, "created_at", "pull"),
        f"{title}\n\n{body}".strip(),
        subtype="draft" if opened_as_draft else None,
    )
    if doc.get("reviews") is None:  # older exports keep reviews only as timeline events
        reviews = [e for e in timeline if e.get("event") == "reviewed"]
    else:
        reviews = check.items(doc, "reviews")
    for i, review in enumerate(reviews):
        where = f"reviews[{i}]"
        state = (check.text(review, "state", where) or "").upper()
        if state not in REVIEW_KINDS:
            skipped[f"review state {state or 'missing'}"] += 1
            continue
        add(
            f"review/{check.id(review, where)}",
            REVIEW_KINDS[state],
            check.user(review, "user", where),
            check.text(review, "submitted_at", where),
            check.text(review, "body", where),
        )
    for i, comment in enumerate(check.items(doc, "review_comments")):
        where = f"review_comments[{i}]"
        add(
            f"review_comment/{check.id(comment, where)}",
            "review_comment",
            check.user(comment, "user", where),
            check.text(comment, "created_at", where),
            check.text(comment, "body", where),
        )
    if doc.get("issue_comments") is None:
        comments = [e for e in timeline if e.get("event") == "commented"]
    else:
        comments = check.items(doc, "issue_comments")
    for i, comment in enumerate(comments):
        where = f"issue_comments[{i}]"
        add(
            f"comment/{check.id(comment, where)}",
            "comment",
            check.user(comment, "user", where) or check.user(comment, "actor", where),
            check.text(comment, "created_at", where),
            check.text(comment, "body", where),
        )
    seen = set()
    for i, event in enumerate(timeline):
        where = f"timeline[{i}]"
        name = check.text(event, "event", where)
        seen.add(name)
        if name == "committed":
            # Timeline commits carry git names and e-mails, not GitHub logins; commits pushed to
            # a PR branch are the PR author's turn in the conversation.
            committer = check.mapping(event, "committer", where)
            author = check.mapping(event, "author", where)
            when = check.text(committer, "date", where) or check.text(author, "date", where)
            add(
                f"commit/{check.text(event, 'sha', where)}",
                "commit",
                pull["user"],
                when,
                check.text(event, "message", where),
            )
        elif name in TIMELINE_KINDS:
            mid = "merged" if name == "merged" else f"event/{check.id(event, where)}"
            reviewer = check.mapping(event, "requested_reviewer", where)
            team = check.mapping(event, "requested_team", where)
            mentions = [
                m
                for m in (check.text(reviewer, "login", where), check.text(team, "slug", where))
                if m
            ]
            add(
                mid,
                TIMELINE_KINDS[name],
                check.user(event, "actor", where),
                check.text(event, "created_at", where),
                mentions=mentions,
            )
    merged_at = check.text(pull, "merged_at", "pull")
    closed_at = check.text(pull, "closed_at", "pull")
    if merged_at and "merged" not in seen:
        add("merged", "merged", check.user(pull, "merged_by", "pull") or "unknown", merged_at)
    elif closed_at and not merged_at and "closed" not in seen:
        add("closed", "closed", "unknown", closed_at)
    if skipped:
        log.info("%s: skipped %s", cid, dict(sorted(skipped.items())))
    frame = pl.DataFrame(
        rows,
        schema={
            "message_id": pl.String,
            "kind": pl.String,
            "author": pl.String,
            "author_is_bot": pl.Boolean,
            "ts_raw": pl.String,
            "text": pl.String,
            "mentions": pl.List(pl.String),
            "subtype": pl.String,
            "is_opener": pl.Boolean,
        },
    )
    events = frame.with_columns(
        pl.lit("github").alias("source"),
        pl.lit(repo).alias("channel"),
        pl.lit(cid).alias("conversation_id"),
        parse_times(pl.col("ts_raw")).alias("ts"),
        pl.lit([], dtype=REACTIONS).alias("reactions"),
        pl.lit(None, dtype=pl.String).alias("author_tz"),
        pl.lit(None, dtype=EVENT_COLUMNS["edited_at"].dtype).alias("edited_at"),
        pl.lit(None, dtype=pl.String).alias("attached_by"),
    )
    bad = events.filter(pl.col("ts").is_null()).head(1)
    if not bad.is_empty():
        raise InputError(
            f"cannot parse time {bad['ts_raw'][0]!r} of {bad['message_id'][0]}",
            file=file,
            record=record,
            field="created_at",
        )
    return events.select(list(EVENT_COLUMNS))


class _Checker:
    """Reads a PR document's fields, refusing wrong types with the file, line and field."""

    def __init__(self, file: str | None, record: Any) -> None:
        self.file, self.record = file, record

    def _fail(self, where: str, key: str, expected: str, value: Any) -> InputError:
        return InputError(
            f"expected {expected}, got {type(value).__name__}",
            file=self.file,
            record=self.record,
            field=f"{where}.{key}" if where else key,
        )

    def items(self, doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = doc.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._fail("", key, "a list", value)
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self._fail("", f"{key}[{i}]", "an object", item)
        return value

    def mapping(self, obj: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = obj.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self._fail(where, key, "an object", value)
        return value

    def text(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise self._fail(where, key, "text", value)
        return value

    def id(self, obj: Mapping[str, Any], where: str) -> str:
        value = obj.get("id")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self._fail(where, "id", "a number or text", value)
        return str(value)

    def user(self, obj: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any] | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise self._fail(where, key, "a user object", value)
        self.text(value, "login", f"{where}.{key}")
        self.text(value, "type", f"{where}.{key}")
        return value

    def login(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        return _login(self.user(obj, key, where))


def _login(user: Any) -> str | None:
    if isinstance(user, Mapping):
        return user.get("login")
    return user if isinstance(user, str) else None


def _is_bot(user: Any, config: Config) -> bool:
    login = _login(user) or ""
    kind = user.get("type") if isinstance(user, Mapping) else None
    return (
        kind == "Bot"
        or login in config.bots
        or bool(login and re.search(config.bot_login_pattern, login))
    )


def github_emails(path: str | Path) -> pl.DataFrame:
    """``(author, email)`` for GitHub accounts whose e-mail the stored documents show.

    GitHub shows a user's public e-mail (the exporter keeps it as ``user.email``), and a
    commit's author e-mail next to its login when GitHub could match them.
    """
    pairs: set[tuple[str, str]] = set()
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob("pulls.jsonl*"))
    for file in files:
        for _, doc in _read_lines(file):
            users = [doc.get("pull", {}).get("user")]
            for key in ("reviews", "review_comments", "issue_comments"):
                users += [
                    item.get("user") for item in doc.get(key) or [] if isinstance(item, Mapping)
                ]
            for event in doc.get("timeline") or []:
                if isinstance(event, Mapping):
                    users += [event.get("actor"), event.get("author")]
            pairs |= {
                (u["login"], u["email"])
                for u in users
                if isinstance(u, Mapping) and u.get("login") and u.get("email")
            }
    return pl.DataFrame(
        sorted(pairs), schema={"author": pl.String, "email": pl.String}, orient="row"
    )
