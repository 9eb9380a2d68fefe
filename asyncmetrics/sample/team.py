"""The made-up team: people, bots, channels, repositories and their working hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

QUARTER_START = datetime(2026, 7, 1, tzinfo=UTC)
QUARTER_END = datetime(2026, 10, 1, tzinfo=UTC)  # exclusive


@dataclass(frozen=True)
class Person:
    key: str
    slack_id: str
    handle: str
    real_name: str
    login: str
    tz: str
    team: str
    start: int = 9
    end: int = 17
    decides: tuple[str, ...] = ()

    @property
    def first(self) -> str:
        return self.real_name.split()[0]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


# name, GitHub login, zone, team, start of day, what they decide for
_ROWS = [
    ("Jonas Becker", "jbecker", "Europe/Berlin", "platform", 9, "eng-platform;acme/api"),
    ("Lena Hoffmann", "lhoffmann", "Europe/Berlin", "data", 9, "data-help;acme/web"),
    ("Tomasz Nowak", "tnowak", "Europe/Berlin", "platform", 9, ""),
    ("Sofia Marin", "smarin", "Europe/Berlin", "product", 9, ""),
    ("Arjun Mehta", "amehta", "Asia/Kolkata", "data", 9, ""),
    ("Ananya Bose", "abose", "Asia/Kolkata", "platform", 10, ""),
    ("Rahul Sen", "rsen", "Asia/Kolkata", "data", 9, ""),
    ("Haruto Sato", "hsato", "Asia/Tokyo", "platform", 9, ""),
    ("Yui Tanaka", "ytanaka", "Asia/Tokyo", "data", 9, ""),
    ("Dana Whitfield", "dwhitfield", "America/Los_Angeles", "product", 9, "product-decisions"),
    ("Marco Ruiz", "mruiz", "America/Los_Angeles", "platform", 10, ""),
    ("Casey Brooks", "cbrooks", "America/Los_Angeles", "data", 9, ""),
]
PEOPLE: tuple[Person, ...] = tuple(
    Person(
        key=name.split()[0].lower(),
        slack_id=f"U0SAMPLE{i:02d}",
        handle=name.lower().replace(" ", "."),
        real_name=name,
        login=login,
        tz=tz,
        team=team,
        start=start,
        end=start + 8,
        decides=tuple(d for d in decides.split(";") if d),
    )
    for i, (name, login, tz, team, start, decides) in enumerate(_ROWS, start=1)
)
BY_KEY = {p.key: p for p in PEOPLE}
BY_SLACK = {p.slack_id: p for p in PEOPLE}
BY_LOGIN = {p.login: p for p in PEOPLE}

# Slack bots: a deploy integration posting as `bot_message`, and a ticket app (an app user).
DEPLOY_BOT_ID = "B0SAMPLEDPL"
DEPLOY_BOT_NAME = "deploybot"
TICKET_USER = "U0SAMPLETKT"
TICKET_BOT_ID = "B0SAMPLETKT"
# GitHub bots; ci-runner is a machine account GitHub calls a User.
DEPENDABOT = "dependabot[bot]"
REVIEWBOT = "reviewbot[bot]"
CI_RUNNER = "ci-runner"
GITHUB_BOTS = {DEPENDABOT: "Bot", REVIEWBOT: "Bot", CI_RUNNER: "User"}
BOT_IDS = (DEPLOY_BOT_ID, TICKET_USER, CI_RUNNER, REVIEWBOT, DEPENDABOT)


@dataclass(frozen=True)
class Channel:
    name: str
    id: str
    purpose: str
    members: tuple[str, ...]  # person keys
    ticket_app: bool = False


_ALL = tuple(p.key for p in PEOPLE)
CHANNELS: tuple[Channel, ...] = (
    Channel(
        "eng-platform",
        "C0SAMPLE01",
        "Infrastructure, CI/CD, deploys and on-call questions",
        _ALL,
        ticket_app=True,
    ),
    Channel(
        "data-help",
        "C0SAMPLE02",
        "Ask the data team: pipelines, dbt, dashboards",
        _ALL,
        ticket_app=True,
    ),
    Channel(
        "product-decisions",
        "C0SAMPLE03",
        "Product calls that need an owner and a date",
        ("dana", "sofia", "jonas", "lena", "marco", "tomasz", "arjun", "haruto"),
    ),
    Channel("standup", "C0SAMPLE04", "Async standup: yesterday, today, blockers", _ALL),
    Channel("random", "C0SAMPLE05", "Anything that is not work", _ALL),
)
CHANNEL = {c.name: c for c in CHANNELS}
REPOS = ("acme/api", "acme/web")


def local(person: Person, at: datetime) -> datetime:
    return at.astimezone(person.zone)


def in_hours(person: Person, at: datetime) -> bool:
    """Inside the person's Mon–Fri working hours, on their local wall clock."""
    here = local(person, at)
    return here.weekday() < 5 and person.start <= here.hour < person.end


def at_local(person: Person, day: date, hour: float) -> datetime:
    """The UTC instant of `hour` (fractional) on `day` in the person's zone."""
    minutes = round(hour * 60)
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=person.zone)
    return wall.astimezone(UTC)


def next_in_hours(person: Person, at: datetime) -> datetime:
    """`at` if inside working hours, else the start of the person's next working day."""
    if in_hours(person, at):
        return at
    here = local(person, at)
    day = here.date()
    if here.hour >= person.start:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return at_local(person, day, person.start)


def hours_left(person: Person, at: datetime) -> timedelta:
    """Working time left today from `at` (which must be inside working hours)."""
    here = local(person, at)
    end = at_local(person, here.date(), person.end)
    return end - at


def workdays(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def mostly_out_of_hours(people: list[Person], at: datetime) -> bool:
    """More than half of `people` are outside their working hours at `at`."""
    outside = sum(1 for p in people if not in_hours(p, at))
    return bool(people) and outside * 2 > len(people)
