"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_deepl import FakeDeepL


@pytest.fixture
def fake_deepl() -> Iterator[FakeDeepL]:
    """A fake DeepL server on 127.0.0.1 (see tests/fake_deepl.py), stopped after the test."""
    with FakeDeepL(lifetime=60.0) as server:
        yield server
