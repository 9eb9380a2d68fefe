"""Over-rotation diagnostics: why decisions are slow, in the terms of the async playbook.

Each diagnostic is a function from asyncmetrics' frames to a frame; definitions are in
``docs/metrics.md`` (*Over-rotation diagnostics*).
"""

from asyncmetrics.diagnostics.calls import call_summary, sync_escalations
from asyncmetrics.diagnostics.index import over_rotation_index, per_request_over_rotation
from asyncmetrics.diagnostics.quality import quality_by_score, quality_effect, request_quality
from asyncmetrics.diagnostics.repeats import doc_pointer_share, repeated_questions
from asyncmetrics.diagnostics.status import status_summary, status_updates
from asyncmetrics.diagnostics.timezones import (
    after_hours_pings,
    ambiguous_deadlines,
    time_zone_tax,
)

__all__ = [
    "after_hours_pings",
    "ambiguous_deadlines",
    "call_summary",
    "doc_pointer_share",
    "over_rotation_index",
    "per_request_over_rotation",
    "quality_by_score",
    "quality_effect",
    "repeated_questions",
    "request_quality",
    "status_summary",
    "status_updates",
    "sync_escalations",
    "time_zone_tax",
]
