"""Forget a person: remove what they wrote from a store, raw and derived, and keep it out.

What goes: their messages, pull requests, reviews and comments; their user record. What is
scrubbed from others' data: their id in reactions, mentions (``<@U…>`` becomes
``<@forgotten>``), reply lists, channel members and GitHub actors (``ghost``, GitHub's own name
for a deleted account), and their commit e-mail. The store keeps salted hashes of the
forgotten accounts (never the ids), and every raw batch a later sync writes is scrubbed the
same way, so a re-sync cannot bring them back.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asyncmetrics.errors import InputError
from asyncmetrics.export.store import Store, atomic_write
from asyncmetrics.roster import find_roster, read_roster

FORGOTTEN_FILE = "forgotten.json"
GHOST = "ghost"
FORGOTTEN = "forgotten"
_DROP = object()
_ID_KEYS = frozenset({"user", "parent_user_id", "creator", "inviter", "user_id", "created_by"})
_ID_LISTS = frozenset({"users", "reply_users", "members", "participants", "participant_history"})
# Slack puts user ids in more fields than anyone lists (huddle rooms, canvases, workflows):
# a string that is exactly a forgotten Slack user id goes wherever it is.
_SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{6,}")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(\|[^>]*)?>")


@dataclass
class ForgetReport:
    """What :func:`forget` removed and scrubbed, and where."""

    accounts: list[str]
    removed: Counter[str] = field(default_factory=Counter)
    scrubbed: Counter[str] = field(default_factory=Counter)
    files: int = 0
    roster: Path | None = None

    def summary(self) -> str:
        what = ", ".join(f"{n} {k}" for k, n in sorted(self.removed.items())) or "nothing"
        scrub = ", ".join(f"{n} {k}" for k, n in sorted(self.scrubbed.items())) or "nothing"
        lines = [
            f"forgot {len(self.accounts)} account(s): removed {what}; scrubbed {scrub} "
            f"(each stored copy counted); {self.files} file(s) rewritten.",
            "Later syncs will leave them out.",
        ]
        if self.roster:
            lines.append(f"Remove them from the roster too: {self.roster}")
        return "\n".join(lines)


class Forgotten:
    """Salted hashes of forgotten accounts, as kept in a store's ``forgotten.json``."""

    def __init__(self, salt: str, hashes: Iterable[str]) -> None:
        self.salt = salt
        self.hashes = set(hashes)

    @classmethod
    def of(cls, store: Path) -> Forgotten:
        path = Path(store) / FORGOTTEN_FILE
        if not path.is_file():
            return cls(secrets.token_hex(16), ())
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["salt"], data["accounts"])

    def hash(self, account: str) -> str:
        return hashlib.sha256(f"{self.salt}:{account}".encode()).hexdigest()

    def add(self, accounts: Iterable[str]) -> None:
        self.hashes |= {self.hash(a) for a in accounts}

    def __contains__(self, account: object) -> bool:
        return isinstance(account, str) and bool(self.hashes) and self.hash(account) in self.hashes

    def __bool__(self) -> bool:
        return bool(self.hashes)

    def save(self, store: Path) -> None:
        payload = {"salt": self.salt, "accounts": sorted(self.hashes)}
        atomic_write(Path(store) / FORGOTTEN_FILE, json.dumps(payload, indent=1).encode())


def scrub(value: Any, forgotten: Callable[[object], bool], counts: Counter[str]) -> Any:
    """``value`` (any raw or derived JSON: Slack pages, exports, GraphQL, PR documents)
    without what the forgotten accounts wrote and without their ids."""
    if isinstance(value, dict):
        kind = _authored(value, forgotten)
        if kind:
            counts[kind] += 1
            return _DROP
        out = {}
        for key, item in value.items():
            if key in _ID_KEYS and isinstance(item, str) and forgotten(item):
                counts["ids"] += 1
                out[key] = FORGOTTEN
            elif key == "login" and forgotten(item):
                counts["ids"] += 1
                out[key] = GHOST
            elif key == "email" and forgotten(_login_beside(value)):
                out[key] = None
            elif key in _ID_LISTS and isinstance(item, list):
                kept = [x for x in item if not forgotten(x)]
                counts["ids"] += len(item) - len(kept)
                out[key] = scrub(kept, forgotten, counts)
                if "count" in value:
                    out["count"] = len(kept)
            else:
                cleaned = scrub(item, forgotten, counts)
                if cleaned is _DROP:
                    if key == "pull":  # a PR document whose pull request they opened
                        return _DROP
                    cleaned = None
                out[key] = cleaned
        return out
    if isinstance(value, list):
        kept = [
            item
            for item in value
            if not (isinstance(item, str) and _SLACK_USER_ID.fullmatch(item) and forgotten(item))
        ]
        counts["ids"] += len(value) - len(kept)
        cleaned = [scrub(item, forgotten, counts) for item in kept]
        return [item for item in cleaned if item is not _DROP]
    if isinstance(value, str) and _SLACK_USER_ID.fullmatch(value) and forgotten(value):
        counts["ids"] += 1
        return FORGOTTEN
    if isinstance(value, str) and "<@" in value:

        def mention(match: re.Match[str]) -> str:
            if forgotten(match.group(1)):
                counts["mentions"] += 1
                return f"<@{FORGOTTEN}>"
            return match.group(0)

        return _MENTION.sub(mention, value)
    return value


def _authored(item: dict[str, Any], forgotten: Callable[[object], bool]) -> str | None:
    """What kind of thing the forgotten person wrote, if ``item`` is one."""
    if "ts" in item and forgotten(item.get("user")):
        return "messages"
    if forgotten(item.get("id")) and ("profile" in item or "real_name" in item):
        return "user records"
    author = item.get("author") if isinstance(item.get("author"), dict) else item.get("user")
    if isinstance(author, dict) and forgotten(author.get("login")):
        if "number" in item:
            return "pull requests"
        if "state" in item:
            return "reviews"
        if "body" in item:
            return "comments"
    return None


def _login_beside(item: dict[str, Any]) -> object:
    user = item.get("user")
    return user.get("login") if isinstance(user, dict) else item.get("login")


def forget(store: str | Path, people: Iterable[str]) -> ForgetReport:
    """Remove ``people`` (Slack ids, GitHub logins, or roster person ids) from ``store``.

    Rewrites every raw batch and every derived file that mentions them (each atomically), and
    records them, hashed, so later syncs leave them out.

    Examples:
        >>> import shutil, tempfile
        >>> from asyncmetrics import sample_path
        >>> from asyncmetrics.export.forget import forget
        >>> store = shutil.copytree(sample_path(), tempfile.mkdtemp() + "/store")
        >>> report = forget(store, ["U0SAMPLE01"])
        >>> report.removed["messages"] > 0
        True
    """
    root = Path(store)
    if not root.is_dir():
        raise InputError("no such store", file=str(root))
    accounts = _accounts(root, list(people))
    report = ForgetReport(accounts=accounts, roster=find_roster(root))
    with Store(root).locked():
        marks = Forgotten.of(root)
        marks.add(accounts)
        wanted = set(accounts)

        def is_forgotten(value: object) -> bool:
            return isinstance(value, str) and value in wanted

        for path in sorted(root.rglob("*")):
            if path.is_file() and _rewrite(path, is_forgotten, report):
                report.files += 1
        marks.save(root)
    return report


def _accounts(root: Path, people: list[str]) -> list[str]:
    if not people:
        raise InputError("name at least one person (a Slack id, GitHub login or roster id)")
    accounts = set(people)
    roster_file = find_roster(root)
    if roster_file:
        roster = read_roster(roster_file)
        rows = roster.filter(roster["person"].is_in(people) | roster["author"].is_in(people))
        accounts |= set(rows["author"]) | set(
            roster.filter(roster["person"].is_in(rows["person"].implode()))["author"]
        )
    return sorted(accounts)


def _rewrite(path: Path, forgotten: Callable[[object], bool], report: ForgetReport) -> bool:
    name = path.name
    if name.startswith(".") or name == FORGOTTEN_FILE or name == "state.json":
        return False
    counts: Counter[str] = Counter()
    if name.endswith(".jsonl.gz") or name.endswith(".jsonl"):
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            lines = [json.loads(line) for line in handle if line.strip()]
        cleaned = [scrub(item, forgotten, counts) for item in lines]
        kept = [item for item in cleaned if item is not _DROP]
        if not counts:
            return False
        text = "".join(json.dumps(item, sort_keys=True, ensure_ascii=False) + "\n" for item in kept)
        data = (
            gzip.compress(text.encode("utf-8"), mtime=0) if name.endswith(".gz") else text.encode()
        )
    elif name.endswith(".json"):
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return False
        cleaned = scrub(content, forgotten, counts)
        if not counts:
            return False
        data = json.dumps(
            [] if cleaned is _DROP else cleaned, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
    else:
        return False
    atomic_write(path, data)
    for kind, n in counts.items():
        (report.scrubbed if kind in {"ids", "mentions"} else report.removed)[kind] += n
    return True
