"""Every tunable of classification and metrics in one object, loadable from TOML.

Lexicons are data: each language is a TOML file of regular expressions per category
(``asyncmetrics/lexicons/<code>.toml``); adding a language means adding a file, or pointing
``languages`` at one of your own.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from asyncmetrics.errors import ConfigError

LEXICON_DIR = Path(__file__).parent / "lexicons"
TEXT_CATEGORIES = (
    "ask",
    "not_ask",
    "fyi",
    "ack",
    "later",
    "clarify",
    "suggestion",
    "decision",
    "confirm",
    "nudge",
    "sync",
    "past_sync",
    "meeting",
    "deadline",
    "standup",
    "summary",
    "problem",
    "steps",
    "hypothesis",
    "proposal",
)
REACTION_CATEGORIES = ("accept", "decision")
_DURATIONS = {"nudge_after", "attach_mention_window", "attach_gap", "follow_on_window"}


@dataclass(frozen=True)
class Config:
    """Rules and thresholds for classification and metrics.

    Examples:
        >>> from asyncmetrics.config import Config
        >>> Config().needs_sync_round_trips
        3
        >>> Config(languages=("en",)).pattern("nudge") != ""
        True
    """

    languages: tuple[str, ...] = ("en", "ja")
    """Built-in language codes, or paths to lexicon TOML files of your own."""
    extra_patterns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """More regular expressions per text category, added to every language's."""
    extra_reactions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """More reaction names per reaction category (``accept``, ``decision``)."""
    bots: tuple[str, ...] = ()
    """Author ids to treat as bots although their account type says human (CI accounts)."""
    bot_login_pattern: str = (
        r"(?i)(\[bot\]|[-_.]bot|cibot|^bot[-_].*|-commenter|assistant|badger|-service\d*)$"
    )
    """GitHub logins of machine accounts that GitHub calls users (a regular expression)."""
    deciders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Channel name or ``owner/repo`` → authors whose ✅ decides a conversation there."""
    standup_channels: str = r"(?i)stand-?up|daily|check-?in|日報|朝会|進捗報告"
    """Channels whose posts are status updates, never requests (a regular expression)."""
    announcement_channels: str = r"(?i)announce|news|intro|welcome|自己紹介|お知らせ|告知|はじめに"
    """Channels of announcements and self-introductions: their posts are not requests."""
    needs_sync_round_trips: int = 3
    """Round-trips before a decision from which a request "should have been a call"."""
    nudge_after: timedelta = timedelta(hours=12)
    """Silence after which the requester's next message counts as a nudge."""
    follow_on_window: timedelta = timedelta(minutes=15)
    """The requester's messages this soon after the opener, before anyone else speaks, are part
    of the request (a post split in two: the ask often comes second)."""
    ack_max_words: int = 8
    """Longest reply that can still be a mere acknowledgement."""
    clarify_max_words: int = 30
    """Longest question back to the requester that counts as a clarifying question."""
    attach_mention_window: timedelta = timedelta(minutes=30)
    """An in-channel message that mentions a recent requester within this window answers them."""
    attach_gap: timedelta = timedelta(minutes=10)
    """Consecutive in-channel messages this close, between the same two people, are one thread."""
    min_group_size: int = 5
    """Aggregates over fewer distinct people are suppressed (and marked as such)."""
    person_level: bool = False
    """Allow groupings by person (by requester, by responder): an explicit opt-in."""
    pseudonymize: bool = True
    """Replace people by keyed pseudonyms at load; ``False`` keeps real ids and roster names."""
    pseudonym_key: str | None = None
    """The pseudonym key (else ``$ASYNCMETRICS_PSEUDONYM_KEY``, else this machine's key file)."""
    include_text: bool = False
    """Put message text in reports (off: reports hold aggregates only)."""
    default_tz: str = "UTC"
    """Time zone of people whose zone no source and no people table gives."""
    work_start: str = "09:00"
    work_end: str = "17:00"
    workdays: str = "Mon-Fri"

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        """Load a config from a TOML file (top-level keys, or an ``[asyncmetrics]`` table).

        Durations are given in minutes (``nudge_after = 720``).
        """
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        return cls.from_dict(data.get("asyncmetrics", data), origin=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "config") -> Config:
        """Build a config from plain values (as in a TOML file)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"{origin}: unknown setting(s) {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in _DURATIONS:
                value = timedelta(minutes=float(value))
            elif key in {"languages", "bots"}:
                value = tuple(value)
            elif key in {"extra_patterns", "extra_reactions", "deciders"}:
                value = {k: tuple(v) for k, v in value.items()}
            values[key] = value
        return replace(cls(), **values)

    @cached_property
    def lexicon(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Patterns and reaction names of every language, merged.

        ``{"text": {category: patterns}, "reactions": {category: names}}``.
        """
        text: dict[str, list[str]] = {c: [] for c in TEXT_CATEGORIES}
        reactions: dict[str, list[str]] = {c: [] for c in REACTION_CATEGORIES}
        for language in self.languages:
            data = _load_language(language)
            for category, patterns in data.get("text", {}).items():
                if category not in text:
                    raise ConfigError(f"lexicon {language}: unknown text category {category!r}")
                text[category].extend(patterns)
            for category, names in data.get("reactions", {}).items():
                if category not in reactions:
                    raise ConfigError(f"lexicon {language}: unknown reaction category {category!r}")
                reactions[category].extend(names)
        for category, patterns in self.extra_patterns.items():
            if category not in text:
                raise ConfigError(f"extra_patterns: unknown text category {category!r}")
            text[category].extend(patterns)
        for category, names in self.extra_reactions.items():
            if category not in reactions:
                raise ConfigError(f"extra_reactions: unknown reaction category {category!r}")
            reactions[category].extend(names)
        for category, patterns in text.items():
            for pattern in patterns:
                try:
                    pl.select(pl.lit("").str.contains(pattern))
                except pl.exceptions.ComputeError as exc:
                    raise ConfigError(
                        f"lexicon {category}: bad pattern {pattern!r}: {exc}"
                    ) from exc
        return {
            "text": {k: tuple(v) for k, v in text.items()},
            "reactions": {k: tuple(v) for k, v in reactions.items()},
        }

    def pattern(self, category: str) -> str:
        """One case-insensitive regular expression matching any pattern of a text category."""
        patterns = self.lexicon["text"][category]
        if not patterns:
            return ""
        # Unicode word boundaries force Rust's regex engine off its fast path on non-ASCII
        # text (200x slower on Japanese chat); ASCII boundaries keep it there, and also let
        # "LGTMです" match \bLGTM\b.
        joined = "|".join(f"(?:{p})" for p in patterns).replace(r"\b", r"(?-u:\b)")
        return f"(?i)(?:{joined})"

    def reactions(self, category: str) -> tuple[str, ...]:
        """Reaction-name patterns of a reaction category, across languages (regular
        expressions matched against the whole name)."""
        return self.lexicon["reactions"][category]

    def deciders_for(self, channel: str) -> tuple[str, ...]:
        """Authors whose ✅ decides in ``channel`` (the ``"*"`` entry applies everywhere)."""
        return self.deciders.get(channel, ()) + self.deciders.get("*", ())


def _load_language(language: str) -> dict[str, Any]:
    path = Path(language) if language.endswith(".toml") else LEXICON_DIR / f"{language}.toml"
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in LEXICON_DIR.glob("*.toml")))
        raise ConfigError(f"no lexicon for language {language!r} (built in: {available})")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
