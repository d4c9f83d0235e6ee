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
