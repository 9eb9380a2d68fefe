"""What a message's text says, as columns: structure first (questions, code, links, length),
then which lexicon phrases it contains."""

from __future__ import annotations

import polars as pl

from asyncmetrics.classify.rows import evaluate, on_rows
from asyncmetrics.config import Config

# Every pattern clean_text removes needs one of these characters, and what it puts in their
# place is a space: text without any of them comes out of clean_text unchanged.
_CLEANED_CHARS = r"[`<>&:]"


def clean_text(text: pl.Expr) -> pl.Expr:
    """Text without code, links, quoted lines, mention markup and emoji codes, for its words.

    A ``?`` inside a URL's query string, a code sample or a quoted question is not the
    writer's own question.
    """
    return (
        text.fill_null("")
        .str.replace_all(r"(?s)```.*?```", " ")
        .str.replace_all(r"`[^`\n]*`", " ")
        .str.replace_all(r"<(?:https?|mailto):[^>]*>", " ")
        .str.replace_all(r"https?://\S+", " ")
        .str.replace_all(r"(?m)^\s*(?:&gt;|>).*$", " ")
        .str.replace_all(r"<[@#!][^>]*>", " ")
        .str.replace_all(r"&gt;|&lt;|&amp;", " ")
        .str.replace_all(r":[a-z0-9_+'\-]+:", " ")
    )


def with_clean_text(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with ``_clean`` (:func:`clean_text` of ``text``), ``words`` and ``is_question``.

    The regular expressions of :func:`clean_text` run only on texts holding a character they
    could remove, and CJK characters are counted only in texts that are not plain ASCII.
    """
    raw = pl.col("text").fill_null("")
    needs_cleaning = evaluate(df, raw.str.contains(_CLEANED_CHARS)).to_series()
    cleaned = evaluate(df, clean_text(pl.col("text")), rows=needs_cleaning).to_series()
    text = df.get_column("text").alias("_clean")
    if text.null_count():
        text = text.fill_null("")
    df = df.with_columns(text.scatter(needs_cleaning.arg_true(), cleaned))
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
