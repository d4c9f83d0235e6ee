"""Precision of ``pipeline check`` on the live site's human translations (issue 12, §2).

Imports the corpus (``../shared/corpus/periodhub``) into a temporary repository with
this site's own configuration (``[tool.pipeline]`` of ``pyproject.toml``) and glossary,
runs the gate exactly as ``pipeline check`` does, and prints per check: the problems
reported, the entries they fall on (one finding is one check on one entry), how many of
those were judged by hand, how many of the judged were right, and the precision.

The hand judgements live in ``bench/qa_labels.json``: ``"<check>:<hash>"`` -> ``[true or
false, "one-line reason"]``, where the hash is of the entry's msgid and msgstr (nothing of
the corpus text is stored). ``--dump FILE`` writes every finding with its texts to FILE
(keep it outside the repository) for judging; ``--unlabelled`` lists only the findings
no label covers. ``tests/qa/test_calibration.py`` pins the figures.

    .venv/bin/python bench/calibrate_qa.py [--dump /tmp/findings.jsonl] [--unlabelled]
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import config, gate  # noqa: E402
from pipeline.po import catalog  # noqa: E402
from pipeline.repo import adopt  # noqa: E402
from pipeline.repo.check import check_all  # noqa: E402
from pipeline.repo.workspace import Workspace  # noqa: E402

CORPUS = next(
    (p / "shared/corpus/periodhub" for p in ROOT.parents if (p / "shared/corpus").is_dir()),
    ROOT.parent / "shared/corpus/periodhub",
)
LABELS = ROOT / "bench" / "qa_labels.json"
THRESHOLDS = {"error": 0.90, "warning": 0.70}
"""The bar of issue 12: error checks 90%, warnings 70% (or demoted to ``info``)."""
STATE = frozenset({"stale-article", "stale-mirrors", "stale-template", "stale-catalog", "coverage"})
"""Checks on the repository's state, not on a translation: right by construction after an
import (merge and sync have not run, some articles are partly translated); not judged."""


def key(check: str, msgid: str, msgstr: str) -> str:
    """The label key of one finding: the check and a hash of the entry's two texts."""
    digest = hashlib.sha256(f"{msgid}\0{msgstr}".encode()).hexdigest()[:16]
    return f"{check}:{digest}"


@dataclass
class Finding:
    """One check on one entry, with every message it gave there."""

    check: str
    severity: str
    slug: str
    msgid: str
    msgstr: str
    kind: str
    messages: list[str] = field(default_factory=list)


def imported(dest: Path, corpus: Path = CORPUS) -> Workspace:
    """The corpus imported into ``dest`` with the site's configuration and glossary."""
    (dest / "content/en").mkdir(parents=True)
    for f in sorted((corpus / "en").glob("*.md")):
        shutil.copyfile(f, dest / "content/en" / f.name)
    shutil.copyfile(ROOT / "pyproject.toml", dest / "pyproject.toml")
    (dest / "locale/zh").mkdir(parents=True)
    shutil.copyfile(ROOT / "locale/zh/glossary.csv", dest / "locale/zh/glossary.csv")
    ws = Workspace(config.load(dest))
    adopt.import_all(ws, ws.layout.slugs(), corpus / "zh")
    return Workspace(config.load(dest))


def findings(ws: Workspace) -> tuple[dict[str, Finding], dict[str, int]]:
    """Entry findings by label key, and the count of every check's problems (all of them,
    including the repository-state checks that fall on no entry)."""
    out: dict[str, Finding] = {}
    counts: dict[str, int] = defaultdict(int)
    for result in check_all(ws, ws.layout.slugs()):
        po = ws.catalog(result.slug, result.locale)
        by_line = {e.linenum: e for e in po or () if not e.obsolete}
        po_rel = ws.layout.rel(ws.layout.catalog(result.slug, result.locale))
        for p in result.problems:
            counts[p.check] += 1
            entry = by_line.get(p.line) if p.file == po_rel else None
            if entry is None or not entry.msgstr:
                continue
            k = key(p.check, entry.msgid, entry.msgstr)
            kind = str(catalog.kind(entry))
            f = out.setdefault(
                k,
                Finding(p.check, str(p.severity), result.slug, entry.msgid, entry.msgstr, kind),
            )
            f.messages.append(p.message)
    return out, dict(counts)


def load_labels(path: Path = LABELS) -> dict[str, tuple[bool, str]]:
    if not path.is_file():
        return {}
    return {k: (bool(v[0]), str(v[1])) for k, v in json.loads(path.read_text()).items()}


@dataclass
class Row:
    check: str
    severity: str
    problems: int
    entries: int
    judged: int
    right: int

    @property
    def precision(self) -> float | None:
        return self.right / self.judged if self.judged else None


def table(found: dict[str, Finding], counts: dict[str, int], labels) -> list[Row]:
    """One row per registered check that reported anything or has labels."""
    rows = []
    for check, severity in gate.CHECKS.items():
        mine = [k for k, f in found.items() if f.check == check]
        judged = [labels[k][0] for k in mine if k in labels]
        if counts.get(check) or mine:
            rows.append(
                Row(check, str(severity), counts.get(check, 0), len(mine), len(judged), sum(judged))
            )
    return rows


MOVED = {"markup-balance": ("emphasis",), "render-parity": ("emphasis",)}
"""Checks whose findings moved to another check: emphasis left markup-balance and
render-parity (issue 12: italic <-> bold is a warning, not an error)."""


def lost(found: dict[str, Finding], labels) -> list[str]:
    """Labelled true findings the checks no longer report, under their check or the one
    it moved to (must stay empty)."""
    gone = []
    for k, (right, _) in labels.items():
        check, digest = k.split(":", 1)
        names = (check, *MOVED.get(check, ()))
        if right and not any(f"{name}:{digest}" in found for name in names):
            gone.append(k)
    return sorted(gone)


def measure(corpus: Path = CORPUS) -> tuple[dict[str, Finding], dict[str, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        return findings(imported(Path(tmp), corpus))


def main(argv: list[str]) -> int:
    found, counts = measure()
    labels = load_labels()
    print(
        f"{'check':20} {'severity':8} {'problems':>8} {'entries':>7} {'judged':>6} "
        f"{'right':>5} {'precision':>9}"
    )
    for r in table(found, counts, labels):
        shown = "-" if r.precision is None else f"{r.precision:.0%}"
        if r.check in STATE:
            shown = "state"
        bar = THRESHOLDS.get(r.severity)
        flag = " <" if bar and r.precision is not None and r.precision < bar else ""
        print(
            f"{r.check:20} {r.severity:8} {r.problems:8} {r.entries:7} {r.judged:6} "
            f"{r.right:5} {shown:>9}{flag}"
        )
    gone = lost(found, labels)
    print(f"labelled true findings no longer reported: {len(gone)}")
    for k in gone:
        print("  ", k, labels[k][1])
    if "--dump" in argv:
        dest = Path(argv[argv.index("--dump") + 1])
        only = "--unlabelled" in argv
        with dest.open("w", encoding="utf-8") as out:
            for k, f in sorted(found.items(), key=lambda kv: (kv[1].check, kv[0])):
                if only and k in labels:
                    continue
                row = {"key": k, **f.__dict__, "label": labels.get(k)}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"findings written to {dest}")
    return 1 if gone else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
