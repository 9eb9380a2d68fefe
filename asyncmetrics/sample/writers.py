"""Write the planted data in the formats asyncmetrics reads (``docs/data-layout.md``)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asyncmetrics.sample.context import iso
from asyncmetrics.sample.model import Msg, Pull, SlackConv
from asyncmetrics.sample.team import (
    BOT_IDS,
    BY_KEY,
    BY_LOGIN,
    CHANNELS,
    DEPLOY_BOT_ID,
    DEPLOY_BOT_NAME,
    GITHUB_BOTS,
    PEOPLE,
    TICKET_USER,
)
from asyncmetrics.sample.truth import TRUTH_COLUMNS

_TZ_LABELS = {
    "America/Los_Angeles": ("Pacific Daylight Time", -25200),
    "Europe/Berlin": ("Central European Summer Time", 7200),
    "Asia/Kolkata": ("India Standard Time", 19800),
    "Asia/Tokyo": ("Japan Standard Time", 32400),
}
CHANNELS_CREATED = int(datetime(2025, 3, 3, 9, tzinfo=UTC).timestamp())


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_json_lines_array(path: Path, items: Iterable[Mapping[str, Any]]) -> None:
    """A JSON array with one element per line: valid JSON, readable diffs."""
    write_text(path, "[\n" + ",\n".join(dumps(i) for i in items) + "\n]\n")


def users() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for p in PEOPLE:
        label, offset = _TZ_LABELS[p.tz]
        rows.append(
            {
                "id": p.slack_id,
                "name": p.handle,
                "real_name": p.real_name,
                "tz": p.tz,
                "tz_label": label,
                "tz_offset": offset,
                "is_bot": False,
                "is_app_user": False,
                "deleted": False,
                "profile": {"real_name": p.real_name, "display_name": p.first},
            }
        )
    rows.append(
        {
            "id": TICKET_USER,
            "name": "tickets",
            "real_name": "Ticket App",
            "tz": "UTC",
            "tz_label": "Coordinated Universal Time",
            "tz_offset": 0,
            "is_bot": False,
            "is_app_user": True,
            "deleted": False,
            "profile": {"real_name": "Ticket App", "display_name": "tickets"},
        }
    )
    return rows


def channels() -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "name": c.name,
            "created": CHANNELS_CREATED,
            "creator": BY_KEY["jonas"].slack_id,
            "members": [BY_KEY[k].slack_id for k in c.members]
            + ([TICKET_USER] if c.ticket_app else []),
            "topic": {"value": ""},
            "purpose": {"value": c.purpose},
        }
        for c in CHANNELS
    ]


def slack_ts(at: datetime) -> str:
    return f"{int(at.timestamp()):010d}.{at.microsecond:06d}"


def message(m: Msg) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "message", "text": m.text, "ts": m.ts}
    if m.bot_message:
        out |= {"subtype": "bot_message", "bot_id": m.bot_id, "username": DEPLOY_BOT_NAME}
    else:
        out["user"] = m.author
        if m.bot_id:
            out["bot_id"] = m.bot_id
    if m.subtype:
        out["subtype"] = m.subtype
    if m.room is not None:
        out["room"] = m.room
    if m.edited_at:
        out["edited"] = {"user": m.author, "ts": f"{int(m.edited_at.timestamp())}.000000"}
    if m.reactions:
        out["reactions"] = [
            {"name": name, "users": list(who), "count": len(who)} for name, who in m.reactions
        ]
    return out


def conversation_messages(conv: SlackConv) -> list[dict[str, Any]]:
    parent = message(conv.opener)
    out = [parent]
    replies = sorted(conv.replies, key=lambda r: r.at)
    if replies:
        reply_users: list[str] = []
        for r in replies:
            if r.author not in reply_users:
                reply_users.append(r.author)
        parent |= {
            "thread_ts": conv.opener.ts,
            "reply_count": len(replies),
            "reply_users": reply_users,
            "reply_users_count": len(reply_users),
            "latest_reply": replies[-1].ts,
        }
    for r in replies:
        item = message(r) | {"thread_ts": conv.opener.ts}
        if r.broadcast:
            item |= {
                "subtype": "thread_broadcast",
                "root": {"ts": conv.opener.ts, "user": conv.opener.author},
            }
        else:
            item["parent_user_id"] = conv.opener.author
        out.append(item)
    out.extend(message(m) for m in conv.in_channel)
    return out


def write_slack(root: Path, convs: list[SlackConv], system: list[tuple[str, Msg, str]]) -> None:
    """`system`: (channel, message, subtype) of joins and topic changes."""
    write_json_lines_array(root / "users.json", users())
    write_json_lines_array(root / "channels.json", channels())
    by_day: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for conv in convs:
        for item in conversation_messages(conv):
            day = datetime.fromtimestamp(float(item["ts"]), UTC).date().isoformat()
            by_day.setdefault((conv.channel, day), []).append(item)
    for channel, m, subtype in system:
        item = {"type": "message", "subtype": subtype, "user": m.author, "text": m.text, "ts": m.ts}
        if subtype == "channel_topic":
            item["topic"] = m.text.split(": ", 1)[-1]
        day = m.at.astimezone(UTC).date().isoformat()
        by_day.setdefault((channel, day), []).append(item)
    for (channel, day), items in sorted(by_day.items()):
        items.sort(key=lambda i: i["ts"])
        write_json_lines_array(root / channel / f"{day}.json", items)


def write_csv(path: Path, header: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


PEOPLE_COLUMNS = (
    "author",
    "person",
    "team",
    "tz",
    "work_start",
    "work_end",
    "workdays",
    "is_bot",
    "decides",
)


def people_rows() -> list[dict[str, Any]]:
    rows = []
    for p in PEOPLE:
        for author in (p.slack_id, p.login):
            rows.append(
                {
                    "author": author,
                    "person": p.real_name,
                    "team": p.team,
                    "tz": p.tz,
                    "work_start": f"{p.start:02d}:00",
                    "work_end": f"{p.end:02d}:00",
                    "workdays": "Mon-Fri",
                    "is_bot": False,
                    "decides": ";".join(p.decides),
                }
            )
    names = {DEPLOY_BOT_ID: "deploybot (Slack)", TICKET_USER: "Ticket App (Slack)"}
    for bot in BOT_IDS:
        rows.append(
            {
                "author": bot,
                "person": names.get(bot, bot),
                "team": "",
                "tz": "UTC",
                "work_start": "09:00",
                "work_end": "17:00",
                "workdays": "Mon-Fri",
                "is_bot": True,
                "decides": "",
            }
        )
    return rows


def write_truth(path: Path, rows: list[dict[str, Any]]) -> None:
    write_csv(path, TRUTH_COLUMNS, rows)


def _gh_user(login: str) -> dict[str, str]:
    return {"login": login, "type": GITHUB_BOTS.get(login, "User")}


def _git_person(login: str, at: datetime) -> dict[str, str]:
    person = BY_LOGIN.get(login)
    name = person.real_name if person else login
    return {"name": name, "email": f"{login}@users.noreply.example", "date": iso(at)}


def pull_document(pull: Pull) -> dict[str, Any]:
    """The REST responses of one PR, as the exporter stores them."""
    events = pull.sorted_events()
    draft = pull.opened_as_draft
    state, closed_at, merged = "open", None, None
    for e in events:
        if e.kind == "ready":
            draft = False
        elif e.kind == "to_draft":
            draft = True
        elif e.kind in ("closed", "merged"):
            state, closed_at = "closed", e.at
            merged = e if e.kind == "merged" else merged
        elif e.kind == "reopened":
            state, closed_at = "open", None
    head = ""
    reviews, review_comments, comments, timeline = [], [], [], []
    for e in events:
        if e.kind == "commit":
            head = e.sha
            timeline.append(
                {
                    "sha": e.sha,
                    "event": "committed",
                    "author": _git_person(e.who, e.at),
                    "committer": _git_person(e.who, e.at),
                    "message": e.text,
                }
            )
        elif e.kind == "review":
            reviews.append(
                {
                    "id": e.id,
                    "user": _gh_user(e.who),
                    "state": e.state,
                    "submitted_at": iso(e.at),
                    "body": e.text,
                    "commit_id": head,
                }
            )
        elif e.kind == "review_comment":
            assert e.review is not None
            review_comments.append(
                {
                    "id": e.id,
                    "user": _gh_user(e.who),
                    "created_at": iso(e.at),
                    "body": e.text,
                    "pull_request_review_id": e.review.id,
                    "path": e.path,
                }
            )
        elif e.kind == "comment":
            comments.append(
                {"id": e.id, "user": _gh_user(e.who), "created_at": iso(e.at), "body": e.text}
            )
        else:
            item: dict[str, Any] = {
                "id": e.id,
                "event": _TIMELINE[e.kind],
                "actor": _gh_user(e.who),
                "created_at": iso(e.at),
            }
            if e.requested:
                item["requested_reviewer"] = _gh_user(e.requested)
            timeline.append(item)
    url = f"https://github.com/{pull.repo}/pull/{pull.number}"
    doc_pull = {
        "number": pull.number,
        "title": pull.title,
        "body": pull.body,
        "state": state,
        "draft": draft,
        "user": _gh_user(pull.author),
        "created_at": iso(pull.opened_at),
        "updated_at": iso(events[-1].at if events else pull.opened_at),
        "closed_at": iso(closed_at) if closed_at else None,
        "merged_at": iso(merged.at) if merged else None,
        "merged_by": _gh_user(merged.who) if merged else None,
        "html_url": url,
    }
    return {
        "repository": pull.repo,
        "pull": doc_pull,
        "reviews": reviews,
        "review_comments": review_comments,
        "issue_comments": comments,
        "timeline": timeline,
    }


_TIMELINE = {
    "ready": "ready_for_review",
    "to_draft": "convert_to_draft",
    "review_requested": "review_requested",
    "closed": "closed",
    "reopened": "reopened",
    "merged": "merged",
}


def write_github(root: Path, pulls: list[Pull]) -> None:
    by_repo: dict[str, list[Pull]] = {}
    for pull in pulls:
        by_repo.setdefault(pull.repo, []).append(pull)
    for repo, items in sorted(by_repo.items()):
        items.sort(key=lambda p: p.number)
        lines = "".join(dumps(pull_document(p)) + "\n" for p in items)
        write_text(root / repo / "pulls.jsonl", lines)
