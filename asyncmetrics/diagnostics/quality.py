"""Self-contained requests: does a request hold what it takes to act on it, and does it pay?

Definitions: ``docs/metrics.md`` (*Over-rotation diagnostics*, 2. Self-contained requests).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from asyncmetrics.classify.text import clean_text
from asyncmetrics.config import Config
from asyncmetrics.diagnostics._common import classified, phrase
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.privacy import suppress_small_groups

ELEMENTS = ("problem", "steps", "data", "hypothesis", "proposal", "ask")
"""The six elements of a self-contained request, one point each (``has_<element>``)."""
SELF_CONTAINED = 4
"""A request scoring at least this many of the six elements is self-contained."""
LOW_SCORES, HIGH_SCORES = (0, 2), (4, 6)
"""The groups :func:`quality_effect` compares (inclusive score ranges)."""
MIN_REQUESTS = 20
"""Fewest requests per group for :func:`quality_effect` to compare the groups at all."""
MEASURES = ("followups_mean", "ttfar_median_hours")

# Where the data is: a link, a fenced code block (a pasted log, query or stack trace), a file.
_LINK = r"https?://"
_FENCED = r"```"
_FILE_SUBTYPES = ("file_share",)
# Columns a caller's event table may carry with a message's files or attachments.
_ATTACHMENT_COLUMNS = ("files", "attachments")

QUALITY_COLUMNS = [
    "conversation_id",
    "source",
    "channel",
    "team",
    "requester",
    "requested_at",
    *(f"has_{e}" for e in ELEMENTS),
    "quality_score",
    "self_contained",
    "followups",
    "time_to_first_actionable_reply",
    "participants",
]


def request_quality(
    threads: Any, events: Any, people: Any | None = None, *, config: Config | None = None
) -> Any:
    """Score every request on the six elements of a self-contained request, from its opener.

    One point each for: **what is wrong** (``problem`` lexicon), **how to reproduce** (numbered
    or bulleted steps, or the ``steps`` lexicon), **where the data is** (a link, a fenced code
    block, a shared file: ``subtype == "file_share"`` or a non-empty ``files``/``attachments``
    column), **a hypothesis** (``hypothesis`` lexicon), **a proposed fix** (``proposal``
    lexicon) and **an explicit ask** (a question or an ``ask`` phrase, the same rule that makes
    an opener a request by asking: ``request_reason`` "asks a question" or "ask phrase").
    Words are matched in the opener's text without code, links, quotes and mentions
    (:func:`asyncmetrics.classify.text.clean_text`); links, code and files are looked for in
    the raw text.

    Args:
        threads: output of :func:`asyncmetrics.request_threads` (pandas or polars).
        events: the event table the threads were computed from (classified or not).
        people: optional people table (bots), used when ``events`` are not yet classified.
        config: lexicons.

    Returns:
        One row per request, of the same kind as ``threads``: ``conversation_id``, ``source``,
        ``channel``, ``team``, ``requester``, ``requested_at``, ``has_problem``,
        ``has_steps``, ``has_data``, ``has_hypothesis``, ``has_proposal``, ``has_ask``,
        ``quality_score`` (0–6), ``self_contained`` (score ≥ 4), and from the threads
        ``followups``, ``time_to_first_actionable_reply`` (null while unanswered) and
        ``participants``. Sorted by ``requested_at``.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import events_from_frame, request_threads
        >>> from asyncmetrics.diagnostics.quality import request_quality
        >>> events = events_from_frame(pl.DataFrame({
        ...     "source": "slack", "channel": "eng", "conversation_id": "c1",
        ...     "author": ["ana", "bo"],
        ...     "ts": ["2026-07-01T09:00:00Z", "2026-07-01T09:20:00Z"],
        ...     "text": ["The deploy fails, I think the token expired. Can you check?",
        ...              "Rotated it, try again."],
        ... }))
        >>> row = request_quality(request_threads(events), events).row(0, named=True)
        >>> row["has_problem"], row["has_hypothesis"], row["has_ask"], row["quality_score"]
        (True, True, True, 3)
    """
    backend = backend_of(threads)
    config = config or Config()
    requests = to_polars(threads).filter(pl.col("is_request"))
    if requests.is_empty():
        return to_backend(_empty_quality(requests), backend)
    openers = (
        classified(events, people, config)
        .filter(pl.col("is_opener"))
        .unique("conversation_id", keep="first", maintain_order=True)
    )
    features = openers.select("conversation_id", *_element_flags(openers, config)).with_columns(
        pl.sum_horizontal(*(pl.col(f"has_{e}").cast(pl.Int8) for e in ELEMENTS))
        .cast(pl.Int8)
        .alias("quality_score")
    )
    out = (
        requests.join(features, on="conversation_id", how="left")
        .with_columns(
            *(pl.col(f"has_{e}").fill_null(False) for e in ELEMENTS),
            pl.col("quality_score").fill_null(0),
        )
        .with_columns((pl.col("quality_score") >= SELF_CONTAINED).alias("self_contained"))
        .select(QUALITY_COLUMNS)
        .sort("requested_at", "conversation_id", nulls_last=True)
    )
    return to_backend(out, backend)


def _element_flags(openers: pl.DataFrame, config: Config) -> list[pl.Expr]:
    raw = pl.col("text").fill_null("")
    clean = clean_text(pl.col("text"))
    not_ask = config.pattern("not_ask")
    ask_text = clean.str.replace_all(not_ask, " ") if not_ask else clean
    attached = [
        _non_empty(openers, column) for column in _ATTACHMENT_COLUMNS if column in openers.columns
    ]
    has_file = pl.col("subtype").fill_null("").is_in(_FILE_SUBTYPES)
    return [
        phrase(clean, config, "problem").is_not_null().alias("has_problem"),
        phrase(clean, config, "steps").is_not_null().alias("has_steps"),
        pl.any_horizontal(
            raw.str.contains(_LINK), raw.str.contains(_FENCED), has_file, *attached
        ).alias("has_data"),
        phrase(clean, config, "hypothesis").is_not_null().alias("has_hypothesis"),
        phrase(clean, config, "proposal").is_not_null().alias("has_proposal"),
        (clean.str.contains(r"[?？]") | phrase(ask_text, config, "ask").is_not_null()).alias(
            "has_ask"
        ),
    ]


def _non_empty(frame: pl.DataFrame, column: str) -> pl.Expr:
    """A caller's files/attachments column holds something (a list, text or a count)."""
    dtype = frame.schema[column]
    col = pl.col(column)
    if isinstance(dtype, pl.List | pl.Array):
        return (col.list.len() > 0).fill_null(False)
    if dtype == pl.String:
        return (col.str.strip_chars().str.len_chars() > 0).fill_null(False)
    if dtype.is_numeric():
        return (col > 0).fill_null(False)
    if dtype == pl.Boolean:
        return col.fill_null(False)
    return col.is_not_null()


def _empty_quality(requests: pl.DataFrame) -> pl.DataFrame:
    schema = {c: requests.schema[c] for c in QUALITY_COLUMNS if c in requests.columns} | {
        f"has_{e}": pl.Boolean for e in ELEMENTS
    }
    schema |= {"quality_score": pl.Int8, "self_contained": pl.Boolean}
    return pl.DataFrame(schema={c: schema.get(c, pl.String) for c in QUALITY_COLUMNS})


def quality_by_score(quality: Any, *, config: Config | None = None) -> Any:
    """Follow-ups and time to the first actionable reply per quality score, 0 to 6.

    Returns:
        Seven rows (every score, also those no request has), of the same kind as ``quality``:
        ``quality_score``, ``self_contained``, ``requests``, ``followups_mean``, ``answered``,
        ``ttfar_median_hours`` (over the answered requests), ``people`` (distinct people
        behind the score's requests) and ``suppressed`` (fewer than ``min_group_size``).

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics.diagnostics.quality import quality_by_score
        >>> quality = pl.DataFrame({
        ...     "quality_score": [1, 1, 5], "followups": [2, 0, 0],
        ...     "time_to_first_actionable_reply": [None, None, None],
        ...     "participants": [["a", "b"], ["c", "b"], ["d"]],
        ... }, schema_overrides={"time_to_first_actionable_reply": pl.Duration("us")})
        >>> from asyncmetrics import Config
        >>> rows = quality_by_score(quality, config=Config(min_group_size=1))
        >>> rows.filter(pl.col("quality_score") == 1).select("requests", "followups_mean",
        ...     "people").row(0)
        (2, 1.0, 3)
    """
    backend = backend_of(quality)
    config = config or Config()
    df = to_polars(quality)
    ttfar = _hours(pl.col("time_to_first_actionable_reply"))
    scores = pl.DataFrame(
        {"quality_score": list(range(len(ELEMENTS) + 1))}, schema={"quality_score": pl.Int8}
    )
    per_score = (
        df.with_columns(pl.col("quality_score").cast(pl.Int8))
        .group_by("quality_score")
        .agg(
            pl.len().cast(pl.UInt32).alias("requests"),
            pl.col("followups").mean().alias("followups_mean"),
            ttfar.is_not_null().sum().cast(pl.UInt32).alias("answered"),
            ttfar.median().alias("ttfar_median_hours"),
            _people(df).alias("people"),
        )
    )
    out = (
        scores.join(per_score, on="quality_score", how="left")
        .with_columns(
            (pl.col("quality_score") >= SELF_CONTAINED).alias("self_contained"),
            *(pl.col(c).fill_null(0) for c in ("requests", "answered", "people")),
        )
        .select(
            "quality_score",
            "self_contained",
            "requests",
            "followups_mean",
            "answered",
            "ttfar_median_hours",
            "people",
        )
    )
    out = suppress_small_groups(
        out,
        people="people",
        keep=["quality_score", "self_contained"],
        min_group_size=config.min_group_size,
    )
    return to_backend(out, backend)


def quality_effect(
    quality: Any,
    *,
    config: Config | None = None,
    seed: int = 0,
    resamples: int = 2000,
    sources: Sequence[str] | None = ("slack",),
) -> Any:
    """Do requests that are not self-contained cost more follow-ups and wait longer?

    Compares requests scoring 0–2 ("low") with those scoring 4–6 ("high") on two measures:
    ``followups_mean`` (mean follow-ups per request, all requests of the group) and
    ``ttfar_median_hours`` (median hours to the first actionable reply, over the group's
    answered requests: unanswered ones are censored and left out, so ``low_n``/``high_n``
    count answered requests there). ``difference`` is low − high, with a 95% percentile
    bootstrap interval: for each measure a fresh ``numpy.random.default_rng(seed)`` draws
    ``resamples`` resamples of the low group (indices ``rng.integers(0, n, (resamples, n))``),
    then of the high group, and the interval is the 2.5th and 97.5th percentiles (linear) of
    the resampled differences.

    With fewer than 20 requests in either group no interval is computed and the verdict says
    the data is too thin; an interval that includes 0 says there is no clear difference. A
    group about fewer than ``config.min_group_size`` distinct people (requesters and the
    humans who took part) blanks the row (``suppressed``) and the verdict says so.

    Args:
        quality: output of :func:`request_quality` (pandas or polars).
        config: ``min_group_size``.
        seed: seed of the bootstrap.
        resamples: bootstrap resamples per measure.
        sources: the sources compared (default: chat). A pull request's opener describes a
            change rather than a problem, scores low by design and rarely gets follow-ups:
            mixed in, pull requests would make the comparison about the source, not about
            quality. ``None`` compares every request.

    Returns:
        Two rows, of the same kind as ``quality``: ``measure``, ``low_n``, ``high_n``,
        ``low_value``, ``high_value``, ``difference``, ``ci_low``, ``ci_high``, ``verdict``
        (a sentence), ``people`` (distinct people of the smaller non-empty group) and
        ``suppressed``.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics.diagnostics.quality import quality_effect
        >>> quality = pl.DataFrame({
        ...     "quality_score": [1] * 7 + [5] * 30, "followups": [1] * 37,
        ...     "time_to_first_actionable_reply": [None] * 37,
        ...     "participants": [[f"p{i}", "q"] for i in range(37)],
        ... }, schema_overrides={"time_to_first_actionable_reply": pl.Duration("us")})
        >>> quality_effect(quality)["verdict"][0]
        'Too few requests to tell: 7 score 0–2, 30 score 4–6 (at least 20 each needed).'
    """
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    backend = backend_of(quality)
    config = config or Config()
    df = to_polars(quality)
    if sources is not None and "source" in df.columns:
        df = df.filter(pl.col("source").is_in(list(sources)))
    score = pl.col("quality_score")
    groups = {
        "low": df.filter(score.is_between(*LOW_SCORES)),
        "high": df.filter(score.is_between(*HIGH_SCORES)),
    }
    rows = [_effect_row(measure, groups, config, seed, resamples) for measure in MEASURES]
    out = pl.DataFrame(rows, schema=_EFFECT_SCHEMA, orient="row")
    return to_backend(out, backend)


_EFFECT_SCHEMA = {
    "measure": pl.String,
    "low_n": pl.Int64,
    "high_n": pl.Int64,
    "low_value": pl.Float64,
    "high_value": pl.Float64,
    "difference": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "verdict": pl.String,
    "people": pl.Int64,
    "suppressed": pl.Boolean,
}
_GROUP_NAMES = {"low": "scoring 0–2", "high": "scoring 4–6"}


def _effect_row(
    measure: str,
    groups: dict[str, pl.DataFrame],
    config: Config,
    seed: int,
    resamples: int,
) -> tuple[Any, ...]:
    """One row of :func:`quality_effect` (a loop over the two measures, not over rows)."""
    values: dict[str, np.ndarray] = {}
    people: dict[str, int] = {}
    for name, frame in groups.items():
        if measure == "followups_mean":
            used = frame
            column = used["followups"].cast(pl.Float64)
        else:
            used = frame.filter(pl.col("time_to_first_actionable_reply").is_not_null())
            column = used.select(_hours(pl.col("time_to_first_actionable_reply")))[:, 0]
        values[name] = column.to_numpy()
        people[name] = int(used.select(_people(used))[0, 0]) if used.height else 0
    stat = np.mean if measure == "followups_mean" else np.median
    low_n, high_n = values["low"].size, values["high"].size
    small = [name for name, count in people.items() if 0 < count < config.min_group_size]
    nonzero = [count for count in people.values() if count > 0]
    smaller = min(nonzero) if nonzero else 0
    if small:
        who = " and those ".join(_GROUP_NAMES[name] for name in small)
        verdict = (
            f"Hidden for privacy: the requests {who} involve fewer than "
            f"{config.min_group_size} people."
        )
        return (measure, None, None, None, None, None, None, None, verdict, smaller, True)
    low = float(stat(values["low"])) if low_n else None
    high = float(stat(values["high"])) if high_n else None
    difference = low - high if low is not None and high is not None else None
    answered = "answered requests" if measure == "ttfar_median_hours" else "requests"
    if low_n < MIN_REQUESTS or high_n < MIN_REQUESTS:
        verdict = (
            f"Too few {answered} to tell: {low_n} score 0–2, {high_n} score 4–6 "
            f"(at least {MIN_REQUESTS} each needed)."
        )
        return (measure, low_n, high_n, low, high, difference, None, None, verdict, smaller, False)
    ci_low, ci_high = bootstrap_difference(
        values["low"], values["high"], stat, seed=seed, resamples=resamples
    )
    if ci_low <= 0 <= ci_high:
        verdict = "No clear difference: the interval includes 0."
    else:
        verdict = _difference_sentence(measure, difference, ci_low, ci_high)
    return (measure, low_n, high_n, low, high, difference, ci_low, ci_high, verdict, smaller, False)


def bootstrap_difference(
    low: np.ndarray, high: np.ndarray, stat: Any, *, seed: int, resamples: int
) -> tuple[float, float]:
    """95% percentile bootstrap interval of ``stat(low) − stat(high)``, resampling each group.

    A fresh ``numpy.random.default_rng(seed)`` draws the low group's resamples first, then the
    high group's, as ``rng.integers(0, n, size=(resamples, n))``.
    """
    rng = np.random.default_rng(seed)
    low_draws = low[rng.integers(0, low.size, size=(resamples, low.size))]
    high_draws = high[rng.integers(0, high.size, size=(resamples, high.size))]
    differences = stat(low_draws, axis=1) - stat(high_draws, axis=1)
    ci_low, ci_high = np.percentile(differences, [2.5, 97.5])
    return float(ci_low), float(ci_high)


def _difference_sentence(measure: str, difference: float, ci_low: float, ci_high: float) -> str:
    size = _number(abs(difference))
    interval = f"(95% CI {_number(ci_low)} to {_number(ci_high)})"
    if measure == "followups_mean":
        more = "more" if difference > 0 else "fewer"
        return (
            f"Requests scoring 0–2 get {size} {more} follow-ups than those scoring 4–6 {interval}."
        )
    longer = "longer" if difference > 0 else "less"
    return (
        f"Requests scoring 0–2 wait {size} hours {longer} (median) for a first actionable "
        f"reply than those scoring 4–6 {interval}."
    )


def _number(value: float) -> str:
    """One decimal; two significant digits for a small non-zero value that would read 0.0."""
    text = f"{value:.1f}"
    if text in ("0.0", "-0.0"):
        text = "0" if value == 0 else f"{value:.2g}"
    return text


def _hours(duration: pl.Expr) -> pl.Expr:
    return duration.dt.total_microseconds() / 3_600_000_000


def _people(frame: pl.DataFrame) -> pl.Expr:
    """Distinct people behind requests: participants (the requester and the humans who took
    part), else the requesters."""
    if "participants" in frame.columns:
        return pl.col("participants").explode().drop_nulls().n_unique().cast(pl.UInt32)
    return pl.col("requester").drop_nulls().n_unique().cast(pl.UInt32)
