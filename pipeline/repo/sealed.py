"""pipeline.repo.sealed: the tool's own cache files in ``marshal``, sealed by a checksum.

The memo, the settled record and the extracted bodies are read by every run, and
``marshal`` reads them fastest (at 4,300 articles: 5 ms for the record where JSON took
10). But ``marshal`` trusts the sizes it reads: a damaged byte in a length can make it
allocate gigabytes, and hang, where it should fail. So what is sealed here carries a
CRC-32 of its bytes, checked before ``marshal`` reads them (1 ms for 3 MB): a damaged
file is no file. Only the standard library is imported (the settled record is read before
the rest of the tool).
"""

from __future__ import annotations

import marshal
import zlib

_MAGIC = b"pipeline-sealed\n"


def seal(value: object) -> bytes:
    """``value`` as ``unseal`` reads it back (``marshal`` version 2: no back-references,
    so the same value is written as the same bytes whatever objects it shares)."""
    return wrap(marshal.dumps(value, 2))


def unseal(data: bytes) -> object:
    """What ``seal`` wrote; ``ValueError`` for anything else (damaged, truncated, foreign)."""
    try:
        return marshal.loads(unwrap(data))
    except (EOFError, TypeError) as exc:
        raise ValueError(f"damaged: {exc}") from None


def wrap(body: bytes) -> bytes:
    """``body`` (marshal's bytes) with the checksum ``unwrap`` checks."""
    return _MAGIC + zlib.crc32(body).to_bytes(4, "big") + body


def checksum(data: bytes) -> bytes:
    """The checksum ``wrap`` put in ``data`` (not checked here: ``unwrap`` does)."""
    return bytes(data[len(_MAGIC) : len(_MAGIC) + 4])


def unwrap(data: bytes) -> memoryview:
    """The bytes ``wrap`` sealed; ``ValueError`` when they are not what it wrote."""
    head = len(_MAGIC) + 4
    if data[: len(_MAGIC)] != _MAGIC or len(data) < head:
        raise ValueError("not a sealed file")
    body = memoryview(data)[head:]
    if zlib.crc32(body) != int.from_bytes(data[len(_MAGIC) : head], "big"):
        raise ValueError("damaged: its checksum does not match")
    return body
