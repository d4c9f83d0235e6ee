"""The tool's own cache files (repo.sealed) read back what was written, and a damaged one
reads as nothing, at once: never a hang or a gigabyte allocation on a damaged length."""

from __future__ import annotations

import marshal

import pytest

from pipeline.repo import sealed


def test_what_is_sealed_reads_back_the_same_and_seals_to_the_same_bytes() -> None:
    value = (2, {"sync a": ["0" * 32, {}], "merge a": ["1" * 32, {"said": ["x", {"s": "y"}]}]})
    data = sealed.seal(value)
    assert sealed.unseal(data) == value
    assert sealed.seal(sealed.unseal(data)) == data


def test_a_damaged_length_is_refused_before_marshal_reads_it() -> None:
    data = bytearray(sealed.seal((1, ["a", "b"])))
    body = len(data) - len(marshal.dumps((1, ["a", "b"]), 2))
    assert data[body] & 0x7F == ord("(")  # the tuple's type, then its length
    data[body + 1 : body + 5] = b"\xff\xff\xff\x7f"  # two billion items: marshal would try
    with pytest.raises(ValueError, match="checksum"):
        sealed.unseal(bytes(data))


@pytest.mark.parametrize(
    "data", [b"", b"pipeline-sealed\n", b"{not sealed}", marshal.dumps((1, {})), b"\0" * 64]
)
def test_anything_else_is_not_a_sealed_file(data: bytes) -> None:
    with pytest.raises(ValueError):
        sealed.unseal(data)


def test_a_damaged_kept_body_is_parsed_again(tmp_path) -> None:
    """The workspace's kept bodies are sealed too: a damaged one is no body (the article
    is parsed again), however the damage falls."""
    from pipeline import config
    from pipeline.repo.workspace import Workspace

    (tmp_path / "content/en").mkdir(parents=True)
    (tmp_path / "content/en/a.md").write_text("---\ntitle: A\n---\n\nOne.\n\n- two\n", "utf-8")
    ws = Workspace(config.load(tmp_path))
    first = ws.article("a")
    kept = next((tmp_path / ".pipeline-cache/bodies").glob("*.body"))
    good = kept.read_bytes()
    for at in range(good.index(b"\n") + 1, len(good), 7):
        damaged = bytearray(good)
        damaged[at] ^= 0xFF
        kept.write_bytes(bytes(damaged))
        again = Workspace(config.load(tmp_path)).article("a")
        assert again.units == first.units
