"""What a message's text says, as columns: structure first (questions, code, links, length),
then which lexicon phrases it contains."""

from __future__ import annotations

import polars as pl

from asyncmetrics.config import Config

# Categories whose matched phrase is kept (as ``_<category>``) to explain labels.
PHRASE_CATEGORIES = (
    "ask",
    "fyi",
    "ack",
    "clarify",
    "suggestion",
    "decision",
    "confirm",
    "nudge",
    "standup",
    "proposal",
    "problem",
)


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


def text_features(config: Config) -> list[pl.Expr]:
    """Expressions adding the text columns classification reads (``_`` prefix: internal)."""
    raw = pl.col("text").fill_null("")
    clean = pl.col("_clean")
    ask_text = (
        clean.str.replace_all(config.pattern("not_ask"), " ")
        if config.pattern("not_ask")
        else clean
    )
    phrases = [
        _phrase(ask_text if category == "ask" else clean, config.pattern(category)).alias(
            f"_{category}"
        )
        for category in PHRASE_CATEGORIES
    ]
    ack = config.pattern("ack")
    rest = clean.str.replace_all(ack, " ") if ack else clean
    return [
        _word_count(rest).alias("_non_ack_words"),
        _word_count(clean).alias("words"),
        clean.str.contains(r"[?？]").alias("is_question"),
        raw.str.contains(r"```|`[^`\n]+`").alias("_code"),
        raw.str.contains(r"```").alias("_fenced"),
        raw.str.contains(r"https?://").alias("_link"),
        *phrases,
    ]


def _word_count(text: pl.Expr) -> pl.Expr:
    """Words of Latin-script text; CJK text, written without spaces, counts 2 characters a word."""
    return text.str.count_matches(r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{Hangul}0-9_'’-]+") + (
        text.str.count_matches(r"[\p{Han}\p{Hiragana}\p{Katakana}]") // 2
    )


def _phrase(text: pl.Expr, pattern: str) -> pl.Expr:
    if not pattern:
        return pl.lit(None, dtype=pl.String)
    return text.str.extract(pattern, 0).str.strip_chars()
