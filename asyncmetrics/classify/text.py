"""What a message's text says, as columns: structure first (questions, code, links, length),
then which lexicon phrases it contains."""

from __future__ import annotations

import polars as pl

from asyncmetrics.classify.rows import assemble, evaluate, on_rows
from asyncmetrics.config import Config

# What clean_text removes, in order, each with the text any match contains. What it puts in
# place of a match is a space, which none of them contains: a text without a pattern's
# literals is left as it is by that pattern, before and after the others.
_CLEANING = (
    (r"(?s)```.*?```", ("```",)),
    (r"`[^`\n]*`", ("`",)),
    (r"<(?:https?|mailto):[^>]*>", ("<",)),
    (r"https?://\S+", ("://",)),
    (r"(?m)^\s*(?:&gt;|>).*$", ("&gt;", ">")),
    (r"<[@#!][^>]*>", ("<",)),
    (r"&gt;|&lt;|&amp;", ("&",)),
    # "(?)" marks the writer's own uncertainty, not a question to anyone.
    (r"[(（]\s*[?？]+\s*[)）]", ("?", "？")),
    (r":[a-z0-9_+'\-]+:", (":",)),
)


def clean_text(text: pl.Expr) -> pl.Expr:
    """Text without code, links, quoted lines, mention markup and emoji codes, for its words.

    A ``?`` inside a URL's query string, a code sample or a quoted question is not the
    writer's own question.
    """
    return _clean(text.fill_null(""), _CLEANING)


def _clean(text: pl.Expr, cleaning: tuple[tuple[str, tuple[str, ...]], ...]) -> pl.Expr:
    for pattern, _ in cleaning:
        text = text.str.replace_all(pattern, " ")
    return text


def with_clean_text(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with ``_clean`` (:func:`clean_text` of ``text``), ``words`` and ``is_question``.

    The regular expressions of :func:`clean_text` run only on texts holding a character they
    could remove, and CJK characters are counted only in texts that are not plain ASCII.
    """
    df = df.with_columns(_cleaned(df))
    clean = pl.col("_clean")
    not_ascii = df.select(clean.str.len_bytes() != clean.str.len_chars()).to_series()
    (cjk,) = on_rows(df, not_ascii, _cjk_count(clean).alias("_cjk"))
    return df.with_columns(
        evaluate(
            df,
            (_latin_words(clean) + pl.lit(cjk).fill_null(0) // 2).alias("words"),
            clean.str.contains(r"[?？]").alias("is_question"),
        )
    )


def _cleaned(df: pl.DataFrame) -> pl.Series:
    """:func:`clean_text` of ``text``: each text goes only through the patterns whose literals
    it holds, texts holding the same literals together."""
    literals = sorted({literal for _, found in _CLEANING for literal in found})
    text = pl.col("text")
    holds = evaluate(
        df,
        *(text.str.contains(lit, literal=True).fill_null(False).alias(lit) for lit in literals),
    )
    needed = [
        pl.any_horizontal(pl.col(lit) for lit in found).alias(str(i))
        for i, (_, found) in enumerate(_CLEANING)
    ]
    passes = holds.select(needed)
    signature = passes.select(
        pl.sum_horizontal(pl.col(str(i)).cast(pl.UInt32) * (1 << i) for i in range(len(_CLEANING)))
    ).to_series()
    parts = []
    for value in signature.unique().sort():
        if not value:
            continue
        rows = signature == value
        steps = tuple(step for i, step in enumerate(_CLEANING) if value & (1 << i))
        cleaned = evaluate(df, _clean(text, steps), rows=rows).to_series()
        parts.append((rows.arg_true(), cleaned))
    # Texts without a literal are their own clean text; no text is "".
    raw = df.get_column("text")
    empty = raw.is_null().arg_true()
    parts.append((empty, pl.repeat("", len(empty), dtype=pl.String, eager=True)))
    return assemble(raw, parts, name="_clean")


def phrase(config: Config, category: str) -> pl.Expr:
    """``_<category>``: the lexicon phrase of ``category`` found in ``_clean``, if any.

    Asks are looked for after removing the polite formulas and invitations that are not asks
    (``not_ask``).
    """
    text = pl.col("_clean")
    if category == "ask" and config.pattern("not_ask"):
        text = text.str.replace_all(config.pattern("not_ask"), " ")
    return _phrase(text, config.pattern(category)).alias(f"_{category}")


def structure() -> list[pl.Expr]:
    """Code, fenced code and links in the raw text."""
    raw = pl.col("text").fill_null("")
    return [
        raw.str.contains(r"```|`[^`\n]+`").alias("_code"),
        raw.str.contains(r"```").alias("_fenced"),
        raw.str.contains(r"https?://").alias("_link"),
    ]


def non_ack_words(config: Config) -> pl.Expr:
    """``_non_ack_words``: words of ``_clean`` outside acknowledgement phrases."""
    ack = config.pattern("ack")
    rest = pl.col("_clean").str.replace_all(ack, " ") if ack else pl.col("_clean")
    return word_count(rest).alias("_non_ack_words")


def word_count(text: pl.Expr) -> pl.Expr:
    """Words of Latin-script text; CJK text, written without spaces, counts 2 characters a word."""
    return _latin_words(text) + _cjk_count(text) // 2


def _latin_words(text: pl.Expr) -> pl.Expr:
    return text.str.count_matches(r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{Hangul}0-9_'’-]+")


def _cjk_count(text: pl.Expr) -> pl.Expr:
    return text.str.count_matches(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


def _phrase(text: pl.Expr, pattern: str) -> pl.Expr:
    if not pattern:
        return pl.lit(None, dtype=pl.String)
    return text.str.extract(pattern, 0).str.strip_chars()
