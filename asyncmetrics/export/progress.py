"""Progress a person can follow: one bar per channel or repository, and why we wait."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

log = logging.getLogger("asyncmetrics")


@contextmanager
def progress_bar(
    description: str, unit: str, total: int | None = None, enabled: bool = True
) -> Iterator[tqdm]:
    """A bar on stderr counting ``unit``s (messages, pull requests), with rate and ETA."""
    bar = tqdm(
        total=total,
        desc=description,
        unit=f" {unit}",
        file=sys.stderr,
        disable=not enabled,
        dynamic_ncols=True,
        leave=True,
    )
    try:
        yield bar
    finally:
        bar.close()


def announce_wait(service: str, seconds: float, reason: str) -> None:
    """Say, above any progress bar, that we are waiting and for how long."""
    message = f"{service} {reason}: waiting {seconds:.0f} s before retrying"
    tqdm.write(message, file=sys.stderr)
    log.info(message)
