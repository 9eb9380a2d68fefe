"""Metrics: each defined once, as a function from frames to a frame.

Definitions (clock start, exclusions, business hours, censoring) are in ``docs/metrics.md``.
"""

from asyncmetrics.metrics.arrivals import request_arrivals
from asyncmetrics.metrics.distributions import followup_distribution, round_trip_distribution
from asyncmetrics.metrics.survival import decision_survival
from asyncmetrics.metrics.threads import THREAD_COLUMNS, request_threads
from asyncmetrics.metrics.throughput import decision_throughput

__all__ = [
    "THREAD_COLUMNS",
    "decision_survival",
    "decision_throughput",
    "followup_distribution",
    "request_arrivals",
    "request_threads",
    "round_trip_distribution",
]
