"""Write the Markdown inputs of the CommonMark and GFM spec examples as JSON.

Run with clones of commonmark/commonmark-spec and github/cmark-gfm:
``python tests/data/spec/make_examples.py COMMONMARK_SPEC_REPO CMARK_GFM_REPO OUT.json``.
Only the inputs are kept (the tests need no expected HTML); tabs are the spec's ``→``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

FENCE = "`" * 32 + " example"


def examples(text: str) -> list[list[str]]:
    """[section (extension), markdown] of every example, in order."""
    out, section, lines, i = [], "", text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"^#{1,6} ", line):
            section = line.lstrip("# ").strip()
        if line.startswith(FENCE):
            ext = line[len(FENCE) :].strip()
            end = lines.index(".", i + 1)
            markdown = "\n".join(lines[i + 1 : end]).replace("\u2192", "\t") + "\n"
            out.append([section + (f" ({ext})" if ext else ""), markdown])
            i = lines.index("`" * 32, end)
        i += 1
    return out


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", repo, *args], capture_output=True, text=True, check=True
    ).stdout


def spec(repo: str, path: str, origin: str) -> dict:
    text = git(repo, "show", f"HEAD:{path}")
    version = re.search(r"^version: '?([^'\n]+)", text, re.M).group(1)
    commit = git(repo, "rev-parse", "HEAD").strip()
    return {
        "version": version,
        "source": f"{origin}/blob/{commit}/{path}",
        "examples": examples(text),
    }


def main(commonmark: str, gfm: str, out: str) -> None:
    data = {
        "about": "Markdown inputs of the spec examples only (no expected HTML), for "
        "round-trip tests. CommonMark Spec by John MacFarlane; GitHub Flavored Markdown "
        "Spec by GitHub. Both CC BY-SA 4.0 (http://creativecommons.org/licenses/by-sa/4.0/).",
        "commonmark": spec(commonmark, "spec.txt", "https://github.com/commonmark/commonmark-spec"),
        "gfm": spec(gfm, "test/spec.txt", "https://github.com/github/cmark-gfm"),
    }
    text = json.dumps(data, ensure_ascii=False, indent=0)
    Path(out).write_text(text, "utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
