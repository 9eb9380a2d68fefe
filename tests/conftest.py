"""Shared test setup."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_key_home(tmp_path_factory: pytest.TempPathFactory):
    """Keep the machine's pseudonym key file in a temporary folder, never in the real home."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    patch.delenv("ASYNCMETRICS_PSEUDONYM_KEY", raising=False)
    yield
    patch.undo()
