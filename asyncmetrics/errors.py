"""Errors a caller (or a script reading the CLI's exit code) can rely on.

Exit codes: 1 unexpected, 2 bad usage, 3 bad input data, 4 bad configuration, 5 store busy
(another sync holds it), 6 credentials rejected, 7 access denied (scope, membership), 8 the
remote service kept failing, 9 refused for privacy.
"""

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


class UsageError(AsyncMetricsError):
    """Arguments that cannot be used as given (a malformed repository name...)."""

    exit_code = 2


class AuthError(AsyncMetricsError):
    """The service rejected the credentials (invalid, revoked or expired token)."""

    exit_code = 6


class AccessError(AsyncMetricsError):
    """The credentials work but may not read something: a scope, a channel not joined."""

    exit_code = 7


class ServiceError(AsyncMetricsError):
    """The remote service kept failing after every retry; what was stored so far is kept."""

    exit_code = 8
