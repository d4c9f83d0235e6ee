"""PO files as the tools translators use write them, for the differential tests.

Every producer takes the text of a PO file and returns the text that tool saves:
GNU ``msgcat`` (Poedit wraps like ``msgcat -w 79``), polib's ``save()``,
translate-toolkit's PO store (Weblate), plus line-ending and BOM variants. A
producer whose tool is missing returns None, and its tests skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
RICH = DATA / "rich.po"
"""Header fields a tool set, plural and obsolete plural entries, msgctxt, #| and #~|,
escapes, fuzzy, long English and Chinese strings."""

HAS_GETTEXT = shutil.which("msgcat") is not None and shutil.which("msgfmt") is not None


def _msgcat(*options: str) -> Callable[[str], str | None]:
    def produce(text: str) -> str | None:
        if not HAS_GETTEXT:
            return None
        done = subprocess.run(
            ["msgcat", *options, "-"], input=text.encode(), capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")

    return produce


def poedit(text: str) -> str | None:
    """What Poedit saves: GNU wrapping at 79 and its own header fields."""
    wrapped = _msgcat("-w", "79")(text)
    if wrapped is None:
        return None
    if '"X-Generator: ' in wrapped:
        return re.sub(r'"X-Generator: [^"]*"', r'"X-Generator: Poedit 3.5\\n"', wrapped, count=1)
    return wrapped.replace(
        '"Content-Transfer-Encoding: 8bit\\n"\n',
        '"Content-Transfer-Encoding: 8bit\\n"\n"X-Generator: Poedit 3.5\\n"\n',
        1,
    )


def polib_save(text: str) -> str | None:
    try:
        import polib
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.po"
        path.write_text(text, "utf-8")
        polib.pofile(str(path)).save(str(path))
        return path.read_text("utf-8")


def ttk_save(text: str) -> str | None:
    """translate-toolkit's PO store (what Weblate writes), re-serialised as parsed."""
    try:
        from translate.storage import po
    except ImportError:
        return None
    return bytes(po.pofile.parsestring(text.encode("utf-8"))).decode("utf-8")


PRODUCERS: dict[str, Callable[[str], str | None]] = {
    "msgcat -w 79": _msgcat("-w", "79"),
    "msgcat --no-wrap": _msgcat("--no-wrap"),
    "msgcat -s": _msgcat("-s"),
    "poedit": poedit,
    "polib save": polib_save,
    "translate-toolkit": ttk_save,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "cr only": lambda text: text.replace("\n", "\r"),
    "bom": lambda text: "\ufeff" + text,
    "bom crlf": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
}


def gnu_reading(text: str) -> str | None:
    """GNU gettext's own reading of a file, written back canonically (no wrap)."""
    return _msgcat("--no-wrap")(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["msgfmt", "-c", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
