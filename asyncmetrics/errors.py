"""Errors a caller (or a script reading the CLI's exit code) can rely on."""

from __future__ import annotations


class AsyncMetricsError(Exception):
    """Base class of every error asyncmetrics raises on purpose."""

    exit_code = 1


class InputError(AsyncMetricsError, ValueError):
    """Input data that cannot be used: names the file, the record and the field at fault.

    Nothing already stored is touched when this is raised.
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: str | int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.record = record
        self.field = field
        where = []
        if file is not None:
            where.append(str(file))
        if record is not None:
            where.append(record if isinstance(record, str) else f"record {record}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(": ".join([*where, message]) if where else message)


class ConfigError(AsyncMetricsError, ValueError):
    """A configuration file or value that cannot be used."""

    exit_code = 4
