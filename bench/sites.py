"""The benchmark sites: the shared corpus repeated to N articles, copies, fills and edits.

Nothing here imports ``pipeline``: the harness drives every tool through its command
line, so it measures any version of ours (``--pipeline``) and survives refactors.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def find_corpus() -> Path:
    """``$PIPELINE_CORPUS``, else ``shared/corpus/periodhub`` beside the repository or beside
    one of its parents (a worktree under ``wt/`` finds the main checkout's ``../shared``)."""
    if os.environ.get("PIPELINE_CORPUS"):
        return Path(os.environ["PIPELINE_CORPUS"])
    for parent in ROOT.parents:
        candidate = parent / "shared" / "corpus" / "periodhub"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "corpus" / "periodhub"


CORPUS = find_corpus() / "en"
SOURCE = Path("content/en")
"""Where every tool finds the English articles inside a site."""


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("*.md")) if corpus.is_dir() else []


def build(dest: Path, articles: int, corpus: Path = CORPUS) -> list[str]:
    """``dest/content/en`` with ``articles`` files: the corpus repeated as ``slug--copyNN``."""
    files = corpus_files(corpus)
    if not files:
        raise FileNotFoundError(f"no corpus at {corpus}")
    en = dest / SOURCE
    en.mkdir(parents=True)
    slugs: list[str] = []
    for i in range(articles):
        f = files[i % len(files)]
        slug = f"{f.stem}--copy{i // len(files):02d}"
        shutil.copyfile(f, en / f"{slug}.md")
        slugs.append(slug)
    return sorted(slugs)


def copy(src: Path, dest: Path) -> Path:
    """A fresh copy; ``copy2`` keeps modification times, as a second run would find them."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, symlinks=True)
    return dest


def catalogs(root: Path, skip: tuple[str, ...] = ("content/en",)) -> list[Path]:
    """Every PO file under ``root`` (templates are .pot and not included), sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = Path(dirpath).relative_to(root).as_posix()
        if any(rel == s or rel.startswith(s + "/") for s in skip):
            continue
        found.extend(Path(dirpath) / f for f in filenames if f.endswith(".po"))
    return sorted(found)


def identity_fill(paths: list[Path]) -> int:
    """Every msgstr := msgid, fuzzy flags removed: a catalog a reviewer signed off unchanged.

    The same fill as the peers measurement (peers-measured.md, section B). Returns the
    number of entries filled.
    """
    filled = 0
    for path in paths:
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgctxt = None
            filled += 1
        po.save(str(path))
    return filled


def edit_one_paragraph(root: Path) -> str:
    """Change one word of the first prose paragraph of the middle article; returns its path.

    Every tool gets the same edit of the same file, so the one-article edit costs compare.
    """
    files = sorted((root / SOURCE).glob("*.md"))
    target = files[len(files) // 2]
    lines = target.read_text("utf-8").split("\n")
    start = _body_start(lines)
    for i in range(start, len(lines)):
        line = lines[i]
        if line[:1].isalpha() and (i == 0 or not lines[i - 1].strip()):
            lines[i] = line.rstrip() + " This sentence was edited for the benchmark."
            target.write_text("\n".join(lines), "utf-8")
            return target.relative_to(root).as_posix()
    raise ValueError(f"no prose paragraph in {target}")


def _body_start(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file outside dot-directories: what a run wrote or touched."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for f in filenames:
            st = os.stat(os.path.join(dirpath, f))
            out[os.path.relpath(os.path.join(dirpath, f), root)] = (st.st_size, st.st_mtime_ns)
    return out


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    """Files added, removed or rewritten between two ``stamps``."""
    keys = before.keys() | after.keys()
    return sum(1 for k in keys if before.get(k) != after.get(k))
