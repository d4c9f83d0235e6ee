"""Tests of pipeline.review (a package, so its conftest does not shadow tests/conftest)."""
