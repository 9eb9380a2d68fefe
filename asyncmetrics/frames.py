"""pandas in, pandas out; polars in, polars out: the conversion happens here and nowhere else."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

import polars as pl

FrameT = TypeVar("FrameT")
Backend = Literal["polars", "pandas"]


def backend_of(frame: Any) -> Backend:
    """Which library a caller's frame comes from."""
    if isinstance(frame, pl.DataFrame | pl.LazyFrame):
        return "polars"
    if type(frame).__module__.split(".")[0] == "pandas":
        return "pandas"
    raise TypeError(f"expected a polars or pandas DataFrame, got {type(frame).__name__}")


def to_polars(frame: Any) -> pl.DataFrame:
    """A polars DataFrame holding the same data as ``frame`` (pandas, polars or lazy)."""
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if isinstance(frame, pl.DataFrame):
        return frame
    backend_of(frame)
    return pl.from_pandas(frame.reset_index(drop=True))


def to_backend(frame: pl.DataFrame, backend: Backend) -> Any:
    """Return ``frame`` as the kind of frame the caller gave us."""
    if backend == "pandas":
        return frame.to_pandas()
    return frame
