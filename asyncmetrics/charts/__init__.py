"""Charts: pure functions from asyncmetrics' frames to Altair charts (never shown or saved).

Importing this package registers and enables the ``asyncmetrics`` Altair theme. Charts
aggregate first, so they embed small tables, never raw messages.
"""

from asyncmetrics.charts.arrivals import chart_arrivals
from asyncmetrics.charts.calls import chart_call_outcomes
from asyncmetrics.charts.followups import chart_followups
from asyncmetrics.charts.latency import chart_response_times
from asyncmetrics.charts.over_rotation import chart_over_rotation
from asyncmetrics.charts.quality import chart_request_quality
from asyncmetrics.charts.repeats import chart_repeated_questions
from asyncmetrics.charts.round_trips import chart_round_trips
from asyncmetrics.charts.status import chart_status
from asyncmetrics.charts.survival import chart_time_to_decision
from asyncmetrics.charts.theme import PALETTE, THEME
from asyncmetrics.charts.throughput import chart_decisions_per_day
from asyncmetrics.charts.timezones import chart_time_zone_tax

__all__ = [
    "PALETTE",
    "THEME",
    "chart_arrivals",
    "chart_call_outcomes",
    "chart_decisions_per_day",
    "chart_followups",
    "chart_over_rotation",
    "chart_repeated_questions",
    "chart_request_quality",
    "chart_response_times",
    "chart_round_trips",
    "chart_status",
    "chart_time_to_decision",
    "chart_time_zone_tax",
]
