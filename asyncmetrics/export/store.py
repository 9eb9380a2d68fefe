"""The store a sync writes: raw API responses (the source of truth), derived data, state.

Layout::

    <store>/
      .lock                                  held by the one sync running on this store
      state.json                             watermarks, committed after the data they cover
      raw/<source>/<scope>/<run>-<n>.jsonl.gz append-only raw responses, one file per batch
      slack/ ...                             derived: Slack export layout (read_slack_export)
      github/<owner>/<repo>/pulls.jsonl      derived: PR documents (read_github)

Every file is written to a temporary name and renamed into place, so a reader (or a sync
killed at any instant) sees each file whole or not at all. Raw batches are never rewritten;
derived data is rebuilt from them, so a killed sync that runs again ends with the same
derived data as one that never stopped.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import json
import os
import secrets
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asyncmetrics.errors import AsyncMetricsError, InputError

STATE_VERSION = 1


class StoreLockedError(AsyncMetricsError):
    """Another sync holds this store."""

    exit_code = 5


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either the old file or the new one.

    ``durable`` also flushes to disk, so the file survives a power cut; derived files, which
    can always be rebuilt from the raw batches, skip it (the rename alone survives a killed
    process).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)
    if durable:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass
class Store:
    """A store folder. Use :meth:`locked` around anything that writes."""

    root: Path
    _run: int | None = None
    _batch_counter: int = 0
    _forgotten: Any = None

    def __post_init__(self) -> None:
        self.root = Path(self.root)

    @contextlib.contextmanager
    def locked(self) -> Iterator[Store]:
        """Hold the store's lock; a second holder gets :class:`StoreLockedError` at once."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / ".lock", "a+")  # noqa: SIM115 - held for the whole block
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreLockedError(
                    f"{self.root}: another sync is running on this store; wait for it to finish"
                ) from exc
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}\n")
            handle.flush()
            self._remove_leftovers()
            yield self
        finally:
            handle.close()

    def _remove_leftovers(self) -> None:
        """Temporary files of a sync that was killed mid-write (never renamed into place)."""
        for tmp in self.root.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)

    def is_locked(self) -> bool:
        """Whether a sync holds the store now (a probe that changes nothing)."""
        lock = self.root / ".lock"
        if not lock.is_file():
            return False
        with open(lock, "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
        return False

    def refuse_if_locked(self) -> None:
        """Raise :class:`StoreLockedError` now if another sync holds the store."""
        if self.is_locked():
            raise StoreLockedError(
                f"{self.root}: another sync is running on this store; wait for it to finish"
            )

    # -- state ---------------------------------------------------------------------------

    def read_state(self) -> dict[str, Any]:
        """The committed sync state (empty on a new store)."""
        path = self.root / "state.json"
        if not path.exists():
            return {"version": STATE_VERSION}
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"corrupt state file ({exc})", file=str(path)) from exc
        return state

    def commit_state(self, state: Mapping[str, Any]) -> None:
        """Replace the state atomically; call only after the raw data it covers is written."""
        payload = json.dumps(dict(state), sort_keys=True, indent=1, ensure_ascii=False)
        atomic_write(self.root / "state.json", payload.encode("utf-8"))

    # -- raw log -------------------------------------------------------------------------

    def append_raw(self, source: str, scope: str, records: list[Mapping[str, Any]]) -> Path | None:
        """Write ``records`` as one new, complete raw batch file; return its path."""
        records = self._without_forgotten(records)
        if not records:
            return None
        self._batch_counter += 1
        folder = self.root / "raw" / source / _safe(scope)
        name = f"{self.run:08d}-{self._batch_counter:06d}.jsonl.gz"
        lines = "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records)
        # mtime=0 keeps the bytes of a batch independent of when it was written.
        data = gzip.compress(lines.encode("utf-8"), mtime=0)
        path = folder / name
        atomic_write(path, data)
        return path

    def _without_forgotten(self, records: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """Records as they may be kept: without what forgotten people wrote (see ``forget``)."""
        from asyncmetrics.export.forget import Forgotten, scrub  # forget builds on the store

        if self._forgotten is None:
            self._forgotten = Forgotten.of(self.root)
        if not self._forgotten:
            return list(records)
        counts: Counter[str] = Counter()
        return scrub(list(records), self._forgotten.__contains__, counts)

    @property
    def run(self) -> int:
        """This sync's number: one more than any run with raw batches in the store.

        Batches sort by run, then by batch, so "the latest copy wins" never depends on clocks.
        """
        if self._run is None:
            runs = [
                int(p.name.split("-", 1)[0])
                for p in (self.root / "raw").glob("*/*/*.jsonl.gz")
                if p.name.split("-", 1)[0].isdigit()
            ]
            self._run = max(runs, default=0) + 1
        return self._run

    def read_raw(self, source: str, scope: str | None = None) -> Iterator[dict[str, Any]]:
        """Every raw record of ``source`` (and ``scope``), oldest batch first."""
        base = self.root / "raw" / source
        folders = (
            [base / _safe(scope)]
            if scope is not None
            else sorted(p for p in base.glob("*") if p.is_dir())
        )
        for folder in folders:
            for path in sorted(folder.glob("*.jsonl.gz")):
                try:
                    with gzip.open(path, "rt", encoding="utf-8") as handle:
                        for line_no, line in enumerate(handle, start=1):
                            try:
                                yield json.loads(line)
                            except json.JSONDecodeError as exc:
                                raise InputError(
                                    f"corrupt raw record ({exc})",
                                    file=str(path),
                                    record=f"line {line_no}",
                                ) from exc
                except (OSError, EOFError) as exc:
                    raise InputError(f"corrupt raw batch ({exc})", file=str(path)) from exc

    def scopes(self, source: str) -> list[str]:
        """The scopes (channels, repositories) with raw data for ``source``."""
        base = self.root / "raw" / source
        return sorted(_unsafe(p.name) for p in base.glob("*") if p.is_dir())


def _safe(scope: str) -> str:
    """A scope (``owner/repo``, a channel id) as one folder name."""
    return scope.replace("%", "%25").replace("/", "%2F")


def _unsafe(name: str) -> str:
    return name.replace("%2F", "/").replace("%25", "%")
