"""pipeline.store: the only module that writes files.

Writes are atomic (a temporary file in the same folder, then ``os.replace``)
and skipped when the bytes would not change, so a second ``make sync`` touches
nothing and a crash never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.markdown.source import decode


def read_text(path: Path, display: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError("file not found", display) from None
    except OSError as exc:
        raise PipelineError(f"cannot read: {exc.strerror}", display) from None
    return decode(data, display)


def write_text(path: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds it; True when written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
