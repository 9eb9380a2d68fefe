from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from asyncmetrics import Config, ConfigError, classify, events_from_frame


def opener(text: str) -> pl.DataFrame:
    return events_from_frame(
        pl.DataFrame(
            {
                "source": ["slack"],
                "channel": ["dev"],
                "conversation_id": ["c"],
                "author": ["ana"],
                "ts": ["2026-07-01T09:00:00Z"],
                "text": [text],
            }
        )
    )


def test_from_toml_reads_settings(tmp_path):
    path = tmp_path / "asyncmetrics.toml"
    path.write_text(
        'languages = ["en"]\nbots = ["ci-runner"]\nnudge_after = 90\n'
        '[deciders]\n"acme/api" = ["lead"]\n'
    )
    config = Config.from_toml(path)
    assert config.languages == ("en",)
    assert config.bots == ("ci-runner",)
    assert config.nudge_after == timedelta(minutes=90)
    assert config.deciders_for("acme/api") == ("lead",)


def test_unknown_setting_is_named(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("nudge_afer = 3\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        Config.from_toml(path)


def test_bad_regex_in_extra_patterns_is_named():
    with pytest.raises(ConfigError, match="bad pattern"):
        _ = Config(extra_patterns={"ask": ("(unclosed",)}).lexicon


def test_a_new_language_is_a_data_file(tmp_path):
    german = tmp_path / "de.toml"
    german.write_text(
        "language = \"de\"\n[text]\nask = ['\\bkannst du\\b', '\\bbitte\\b']\n"
        "[reactions]\naccept = []\n"
    )
    text = "Kannst du mir den Zugang zum Staging geben"
    assert classify(opener(text), config=Config(languages=("en",)))["label"].to_list() == [
        "not_request"
    ]
    labelled = classify(opener(text), config=Config(languages=("en", str(german))))
    assert labelled.select("label", "label_reason").row(0) == (
        "request",
        "ask phrase “Kannst du”",
    )


def test_unknown_language_lists_built_ins():
    with pytest.raises(ConfigError, match=r"built in: en, ja"):
        _ = Config(languages=("xx",)).lexicon
