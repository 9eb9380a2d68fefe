"""asyncmetrics: is a team's asynchronous communication working?

Decision throughput from Slack and GitHub history: read the history into one event table,
label what each message does, and measure time to an actionable reply, round-trips and
time to decision per request.
"""

__version__ = "0.1.0"

from asyncmetrics.classify import classify
from asyncmetrics.config import Config
from asyncmetrics.errors import AsyncMetricsError, ConfigError, InputError
from asyncmetrics.metrics import decision_throughput, request_threads
from asyncmetrics.privacy import PrivacyError, pseudonymize, suppress_small_groups
from asyncmetrics.roster import read_roster
from asyncmetrics.schema import EVENT_COLUMNS, KINDS, events_from_frame, validate_events
from asyncmetrics.sources import (
    attach_channel_replies,
    load,
    load_people,
    read_events,
    read_github,
    read_github_pulls,
    read_slack_export,
    read_slack_messages,
    sample_path,
)

__all__ = [
    "EVENT_COLUMNS",
    "KINDS",
    "AsyncMetricsError",
    "Config",
    "ConfigError",
    "InputError",
    "PrivacyError",
    "attach_channel_replies",
    "classify",
    "decision_throughput",
    "events_from_frame",
    "load",
    "load_people",
    "pseudonymize",
    "read_events",
    "read_github",
    "read_github_pulls",
    "read_roster",
    "read_slack_export",
    "read_slack_messages",
    "request_threads",
    "sample_path",
    "suppress_small_groups",
    "validate_events",
]
