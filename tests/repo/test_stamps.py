"""Stamps (repo.stamps): a site's files stamped at once say what one stamp at a time says
(the settled record and the memo compare the two)."""

from __future__ import annotations

from pathlib import Path

from pipeline.repo import stamps


def test_stamping_many_at_once_is_stamping_each(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one", "utf-8")
    (tmp_path / "folder").mkdir()
    paths = [str(tmp_path / "a.md"), str(tmp_path / "missing.po"), str(tmp_path / "folder")]
    assert stamps.lines(paths) == [stamps.line(p) for p in paths]
    assert stamps.lines(paths)[1] == f"{paths[1]}\0missing\n"
    assert stamps.lines([]) == []


def test_packed_stamps_are_the_same_stamps(tmp_path: Path) -> None:
    """The settled record keeps stamps packed: unpacked, each is the stamp a line says."""
    (tmp_path / "a.md").write_text("one", "utf-8")
    paths = [str(tmp_path / "a.md"), str(tmp_path / "missing.po"), str(tmp_path)]
    packed = stamps.packed(paths)
    assert len(packed) == 3 * stamps.PACKED
    assert [stamps.of(p, stamps.unpacked(packed, i)) for i, p in enumerate(paths)] == [
        stamps.line(p) for p in paths
    ]
    assert stamps.unpacked(stamps.packed(paths, missing={0}), 0) is None  # known missing
    (tmp_path / "a.md").write_text("two", "utf-8")
    assert stamps.packed(paths) != packed
