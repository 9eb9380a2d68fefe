"""Shared state of one generation run: the seeded random source, timing and Slack ts."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from asyncmetrics.sample.model import Msg
from asyncmetrics.sample.team import (
    Person,
    at_local,
    hours_left,
    in_hours,
    next_in_hours,
    workdays,
)

T = TypeVar("T")
# Top-level messages of one channel stay this far apart, so that the reader's in-channel
# reply rules (a run of messages minutes apart, a mention within 30 minutes) never join
# conversations that were not planted as one.
TOP_GAP = timedelta(minutes=20)
DAYS = workdays(date(2026, 7, 1), date(2026, 9, 30))


class Ctx:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.top: dict[str, list[datetime]] = {}
        self.ts_used: dict[str, set[str]] = {}
        self.next_id = 1000

    def fork(self, label: str) -> Ctx:
        """A context with its own random stream that shares this one's placements, Slack ts
        and ids: patterns planted with it leave everything planted before byte-identical."""
        other = Ctx(0)
        other.rng = random.Random(label)
        other.top, other.ts_used, other.next_id = self.top, self.ts_used, self.next_id
        return other

    def choice(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def new_id(self) -> int:
        self.next_id += self.rng.randrange(1, 40)
        return self.next_id

    def sha(self) -> str:
        return f"{self.rng.getrandbits(160):040x}"

    def day(self, i: int, n: int, last: date = date(2026, 9, 25)) -> date:
        """A working day in the i-th of n equal slices of the quarter (up to `last`)."""
        days = [d for d in DAYS if d <= last]
        return days[min(len(days) - 1, int((i + self.rng.random()) * len(days) / n))]

    def in_hours_at(self, person: Person, day: date, lo: float = 0.05, hi: float = 0.8) -> datetime:
        """A time on `day` inside the person's hours, `lo`..`hi` of the way through them."""
        span = person.end - person.start
        hour = person.start + span * (lo + self.rng.random() * (hi - lo))
        return self.jitter(at_local(person, day, hour) + timedelta(seconds=self.rng.randrange(60)))

    def reply_at(self, person: Person, after: datetime, lo: float, hi: float) -> datetime:
        """When `person` answers: `lo`..`hi` minutes after `after`, inside their hours."""
        at = after + timedelta(minutes=lo + self.rng.random() * (hi - lo))
        if not in_hours(person, at):
            at = next_in_hours(person, at)
            room = hours_left(person, at).total_seconds() / 60 - 10
            at += timedelta(minutes=self.rng.random() * max(1.0, min(room, 150)))
        return self.jitter(at)

    def soon(self, after: datetime, lo_s: float, hi_s: float) -> datetime:
        """Seconds later: bots and quick follow-ups."""
        return self.jitter(after + timedelta(seconds=lo_s + self.rng.random() * (hi_s - lo_s)))

    def jitter(self, at: datetime) -> datetime:
        return at.replace(microsecond=self.rng.randrange(1, 1_000_000))

    def free(self, channel: str, start: datetime, end: datetime | None = None) -> bool:
        end = end or start
        return all(not (start - TOP_GAP < t < end + TOP_GAP) for t in self.top.get(channel, []))

    def place(self, channel: str, at: datetime, span: timedelta = timedelta(0)) -> datetime:
        """Move a top-level post (or a post and its in-channel answer `span` later) to a slot
        at least TOP_GAP away from every other top-level post of the channel."""
        while not self.free(channel, at, at + span):
            at += timedelta(minutes=7 + self.rng.random() * 10)
        return at

    def take(self, channel: str, *times: datetime) -> None:
        self.top.setdefault(channel, []).extend(times)

    def msg(
        self, channel: str, at: datetime, author: str, text: str, intent: str, **extra: Any
    ) -> Msg:
        """A message with a ts unique in its channel."""
        used = self.ts_used.setdefault(channel, set())
        at = at if at.microsecond else self.jitter(at)
        while (ts := f"{int(at.timestamp()):010d}.{at.microsecond:06d}") in used:
            at += timedelta(microseconds=1)
        used.add(ts)
        return Msg(at=at, author=author, text=text, intent=intent, ts=ts, **extra)


def iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
