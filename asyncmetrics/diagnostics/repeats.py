"""Documentation as async: questions asked again, and answers that point to the docs.

Definitions: ``docs/metrics.md`` (*Over-rotation diagnostics*, 5. Documentation as async).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from asyncmetrics.classify.text import clean_text
from asyncmetrics.config import Config
from asyncmetrics.frames import backend_of, to_backend, to_polars
from asyncmetrics.periods import period_grid
from asyncmetrics.privacy import suppress_small_groups
from asyncmetrics.schema import conform_events

# fmt: off
STOP_WORDS = frozenset({
    "about", "above", "after", "again", "all", "also", "and", "any", "anyone", "are", "aren",
    "because", "been", "before", "being", "below", "between", "both", "but", "can", "cannot",
    "could", "did", "didn", "does", "doesn", "doing", "don", "down", "during", "each", "few",
    "for", "from", "further", "had", "hadn", "has", "hasn", "have", "haven", "having", "hello",
    "her", "here", "hers", "herself", "hey", "him", "himself", "his", "how", "into", "isn",
    "its", "itself", "just", "let", "more", "most", "mustn", "myself", "nor", "not", "now",
    "off", "once", "only", "other", "our", "ours", "ourselves", "out", "over", "own", "please",
    "same", "shan", "she", "should", "shouldn", "some", "somebody", "someone", "such", "than",
    "thank", "thanks", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
    "these", "they", "this", "those", "through", "too", "under", "until", "very", "was", "wasn",
    "were", "weren", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "won", "would", "wouldn", "you", "your", "yours", "yourself", "yourselves",
})
# fmt: on
"""Latin-script words too common to make two questions alike (tokens shorter than 3 letters
are dropped anyway)."""

DOC_LINK = (
    r"(?i)https?://(?:"
    # a documentation host: wiki.…, docs.…, doc.…, confluence.…, notion.so, acme.notion.site
    r"[^\s<>|/?#]*\b(?:wiki|docs?|confluence|notion)\b"
    # or a documentation path: /wiki, /docs/, a README, a Markdown file, Google Docs
    r"|[^\s<>|]*?(?:/wiki\b|/docs?\b|readme|\.md\b|\.markdown\b|docs\.google\.com)"
    r")"
)
"""A link to documentation: a wiki, a README or ``.md`` file, a docs site (``docs.`` host or
``/docs/`` path), Notion, Confluence (``confluence`` hosts, Atlassian ``/wiki``), Google Docs."""

_LATIN_WORD = r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{Hangul}0-9_]+"
_CJK_RUN = r"[\p{Han}\p{Hiragana}\p{Katakana}ー々]+"

MIN_TOKENS = 3
REPEAT_COLUMNS = [
    "cluster",
    "conversation_id",
    "channel",
    "requester",
    "requested_at",
    "cluster_size",
    "first_asked",
    "similarity_to_first",
]


def repeated_questions(
    threads: Any, events: Any, *, config: Config | None = None, threshold: float = 0.5
) -> Any:
    """Chat requests asked again: clusters of openers whose words overlap.

    Two requests by different people are alike when the Jaccard similarity of their openers'
    tokens is at least ``threshold``: lower-cased Latin-script words of 3 or more characters without
    :data:`STOP_WORDS`, and character pairs of Japanese (Chinese, kana) runs, read from the
    text without code, links, quotes and mentions. Alike requests of different conversations
    are linked, and a cluster is a connected group of two or more. Pull requests are left out:
    they are not questions (and bots' version bumps would all look alike).

    Args:
        threads: output of :func:`asyncmetrics.request_threads` (pandas or polars).
        events: the event table the threads were computed from.
        config: unused; for the same signature as the other diagnostics.
        threshold: the least Jaccard similarity that makes two requests alike.

    Returns:
        One row per request in a cluster, of the same kind as ``threads``: ``cluster`` (1, 2…
        in the order the clusters were first asked), ``conversation_id``, ``channel``,
        ``requester``, ``requested_at``, ``cluster_size``, ``first_asked`` (when the
        cluster's first request was made) and ``similarity_to_first`` (Jaccard similarity to
        that first request; 1.0 for the first itself). Sorted by cluster and time.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import events_from_frame, request_threads
        >>> from asyncmetrics.diagnostics.repeats import repeated_questions
        >>> events = events_from_frame(pl.DataFrame({
        ...     "source": "slack", "channel": "eng", "conversation_id": ["a", "b"],
        ...     "author": ["ana", "bo"], "ts": ["2026-07-01T09:00:00Z", "2026-07-08T09:00:00Z"],
        ...     "text": ["How do I rotate the staging API key?",
        ...              "How do I rotate the API key in staging?"],
        ... }))
        >>> repeats = repeated_questions(request_threads(events), events)
        >>> repeats.select("cluster", "conversation_id", "similarity_to_first").rows()
        [(1, 'a', 1.0), (1, 'b', 1.0)]
    """
    del config
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    backend = backend_of(threads)
    requests = _chat_requests(to_polars(threads), events).select(
        "conversation_id", "channel", "requester", "requested_at", "text"
    )
    tokens = _tokens(requests)
    sizes = tokens.group_by("conversation_id").agg(pl.len().alias("_n"))
    # Two or fewer tokens are too few to compare: "uploaded a file: <link>" leaves {uploaded,
    # file}, and every such message would match every other.
    sizes = sizes.filter(pl.col("_n") >= MIN_TOKENS)
    tokens = tokens.join(sizes.select("conversation_id"), on="conversation_id", how="semi")
    overlaps = (
        tokens.join(tokens, on="token", suffix="_b")
        .filter(pl.col("conversation_id") < pl.col("conversation_id_b"))
        .group_by("conversation_id", "conversation_id_b")
        .agg(pl.len().alias("_shared"))
    )
    asker = requests.select("conversation_id", "requester")
    # Asked again means asked by someone else: one person's cross-posts, reminders and
    # recurring announcements are not a question the docs failed to answer.
    pairs = (
        overlaps.join(sizes, on="conversation_id")
        .join(sizes, left_on="conversation_id_b", right_on="conversation_id", suffix="_b")
        .with_columns(_jaccard("_shared", "_n", "_n_b").alias("similarity"))
        .filter(pl.col("similarity") >= threshold)
        .join(asker, on="conversation_id")
        .join(asker, left_on="conversation_id_b", right_on="conversation_id", suffix="_b")
        .filter(pl.col("requester") != pl.col("requester_b"))
    )
    members = _components(pairs["conversation_id"].to_list(), pairs["conversation_id_b"].to_list())
    if members.is_empty():
        return to_backend(_empty_repeats(requests), backend)
    clustered = (
        members.join(requests.drop("text"), on="conversation_id")
        .sort("requested_at", "conversation_id")
        .with_columns(
            pl.len().over("_root").cast(pl.UInt32).alias("cluster_size"),
            pl.col("requested_at").first().over("_root").alias("first_asked"),
            pl.col("conversation_id").first().over("_root").alias("_first"),
        )
    )
    # Clusters first asked at the same instant still get distinct numbers.
    numbers = (
        clustered.select("_root", "first_asked", "_first")
        .unique()
        .sort("first_asked", "_first")
        .with_row_index("cluster", offset=1)
        .select(pl.col("cluster").cast(pl.UInt32), "_root")
    )
    first_tokens = tokens.rename({"conversation_id": "_first"})
    to_first = (
        clustered.select("conversation_id", "_first")
        .join(tokens, on="conversation_id")
        .join(first_tokens, on=["_first", "token"])
        .group_by("conversation_id")
        .agg(pl.len().alias("_shared"))
    )
    first_sizes = sizes.rename({"conversation_id": "_first", "_n": "_n_first"})
    out = (
        clustered.join(numbers, on="_root")
        .join(to_first, on="conversation_id", how="left")
        .join(sizes, on="conversation_id", how="left")
        .join(first_sizes, on="_first", how="left")
        .with_columns(
            _jaccard(pl.col("_shared").fill_null(0), "_n", "_n_first").alias("similarity_to_first")
        )
        .select(REPEAT_COLUMNS)
        .sort("cluster", "requested_at", "conversation_id")
    )
    return to_backend(out, backend)


def _chat_requests(threads: pl.DataFrame, events: Any) -> pl.DataFrame:
    """Requests opened by a chat message (not a pull request), with their opener's text."""
    openers = (
        conform_events(to_polars(events))
        .filter(pl.col("is_opener") & (pl.col("kind") == "message"))
        .unique("conversation_id", keep="first", maintain_order=True)
        .select("conversation_id", "text")
    )
    return threads.filter(pl.col("is_request")).join(openers, on="conversation_id", how="inner")


def _tokens(requests: pl.DataFrame) -> pl.DataFrame:
    """Distinct ``(conversation_id, token)`` pairs: words for Latin script, character pairs
    for Japanese."""
    clean = clean_text(pl.col("text")).str.to_lowercase()
    words = (
        requests.select("conversation_id", clean.str.extract_all(_LATIN_WORD).alias("token"))
        .explode("token")
        .with_columns(pl.col("token").str.strip_chars("_"))
        .filter((pl.col("token").str.len_chars() >= 3) & ~pl.col("token").is_in(sorted(STOP_WORDS)))
    )
    pairs = (
        requests.select("conversation_id", clean.str.extract_all(_CJK_RUN).alias("run"))
        .explode("run")
        .select(
            "conversation_id",
            pl.col("run")
            .str.extract_all(r".")
            .list.eval(pl.concat_str(pl.element(), pl.element().shift(-1)))
            .list.drop_nulls()
            .alias("token"),
        )
        .explode("token")
        .drop_nulls("token")
    )
    return pl.concat([words, pairs]).drop_nulls("token").unique()


def _jaccard(shared: str | pl.Expr, n_a: str, n_b: str) -> pl.Expr:
    shared = pl.col(shared) if isinstance(shared, str) else shared
    return shared / (pl.col(n_a) + pl.col(n_b) - shared)


def _components(left: list[str], right: list[str]) -> pl.DataFrame:
    """Connected components of the matched pairs (union-find over the pairs, not the rows)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left, right, strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    nodes = list(parent)
    return pl.DataFrame(
        {"conversation_id": nodes, "_root": [find(x) for x in nodes]},
        schema={"conversation_id": pl.String, "_root": pl.String},
    )


def _empty_repeats(requests: pl.DataFrame) -> pl.DataFrame:
    utc = requests.schema.get("requested_at", pl.Datetime("us", "UTC"))
    return pl.DataFrame(
        schema={
            "cluster": pl.UInt32,
            "conversation_id": pl.String,
            "channel": pl.String,
            "requester": pl.String,
            "requested_at": utc,
            "cluster_size": pl.UInt32,
            "first_asked": utc,
            "similarity_to_first": pl.Float64,
        }
    )


DOC_SHARE_COLUMNS = [
    "period_start",
    "period_end",
    "answered",
    "doc_pointers",
    "doc_pointer_share",
    "people",
    "suppressed",
]


def doc_pointer_share(
    threads: Any, events: Any, every: str = "1mo", *, config: Config | None = None
) -> Any:
    """How often the answer to a chat request points to documentation, per period (UTC).

    A request's answer points to documentation when its first actionable reply links to a
    wiki, a README or ``.md`` file, a docs site, Notion, Confluence or Google Docs
    (:data:`DOC_LINK`). Requests count in the period they were made; pull requests are left
    out (their first actionable reply is a review).

    Args:
        threads: output of :func:`asyncmetrics.request_threads` (pandas or polars).
        events: the event table the threads were computed from.
        every: period length, a polars duration string (``"1w"``, ``"1mo"``).
        config: ``min_group_size``.

    Returns:
        One row per period from the first chat request to the end of observation, of the same
        kind as ``threads``: ``period_start``, ``period_end``, ``answered`` (chat requests made
        in the period that got an actionable reply), ``doc_pointers`` (of them, answered with a
        link to documentation), ``doc_pointer_share``, ``people`` (distinct people of the
        answered requests: requesters and the humans who took part) and ``suppressed``.

    Examples:
        >>> import polars as pl
        >>> from asyncmetrics import Config, events_from_frame, request_threads
        >>> from asyncmetrics.diagnostics.repeats import doc_pointer_share
        >>> events = events_from_frame(pl.DataFrame({
        ...     "source": "slack", "channel": "eng", "conversation_id": "a",
        ...     "author": ["ana", "bo"], "ts": ["2026-07-01T09:00:00Z", "2026-07-01T09:10:00Z"],
        ...     "text": ["How do I rotate the API key?",
        ...              "See https://wiki.acme.example/keys"],
        ... }))
        >>> share = doc_pointer_share(request_threads(events), events,
        ...                           config=Config(min_group_size=1))
        >>> share.select("answered", "doc_pointers", "doc_pointer_share").row(0)
        (1, 1, 1.0)
    """
    backend = backend_of(threads)
    config = config or Config()
    requests = _chat_requests(to_polars(threads), events)
    if requests.is_empty():
        return to_backend(_empty_share(), backend)
    answers = (
        conform_events(to_polars(events))
        .select(
            pl.col("message_id").alias("first_actionable_reply_id"),
            pl.col("text").fill_null("").str.contains(DOC_LINK).alias("_to_docs"),
        )
        .unique("first_actionable_reply_id", keep="first")
    )
    answered = requests.filter(pl.col("first_actionable_reply_id").is_not_null()).join(
        answers, on="first_actionable_reply_id", how="left"
    )
    per_period = (
        answered.with_columns(pl.col("requested_at").dt.truncate(every).alias("period_start"))
        .group_by("period_start")
        .agg(
            pl.len().cast(pl.UInt32).alias("answered"),
            pl.col("_to_docs").fill_null(False).sum().cast(pl.UInt32).alias("doc_pointers"),
            pl.col("participants")
            .explode()
            .drop_nulls()
            .n_unique()
            .cast(pl.UInt32)
            .alias("people"),
        )
    )
    start = requests["requested_at"].min()
    end = to_polars(threads)["observed_until"].max()
    periods = period_grid(start, end, every)
    out = (
        periods.join(per_period, on="period_start", how="left")
        .with_columns(
            *(pl.col(c).fill_null(0) for c in ("answered", "doc_pointers", "people")),
        )
        .with_columns(
            pl.when(pl.col("answered") > 0)
            .then(pl.col("doc_pointers") / pl.col("answered"))
            .alias("doc_pointer_share")
        )
        .select(DOC_SHARE_COLUMNS[:-1])
    )
    out = suppress_small_groups(
        out,
        people="people",
        keep=["period_start", "period_end"],
        min_group_size=config.min_group_size,
    )
    return to_backend(out.select(DOC_SHARE_COLUMNS).sort("period_start"), backend)


def _empty_share() -> pl.DataFrame:
    utc = pl.Datetime("us", "UTC")
    return pl.DataFrame(
        schema={
            "period_start": utc,
            "period_end": utc,
            "answered": pl.UInt32,
            "doc_pointers": pl.UInt32,
            "doc_pointer_share": pl.Float64,
            "people": pl.UInt32,
            "suppressed": pl.Boolean,
        }
    )
