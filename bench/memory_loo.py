"""Leave-one-out on the imported corpus: can the memory be trusted? (issue 12, section 1)

Imports the live site (``../shared/corpus/periodhub``) into a temporary repository,
then for each of the 15 largest articles blanks its catalog and drafts it again from
the memory of the *other* articles (the memory engine only). Every draft is compared
with the human translation it replaced. Reports:

- exact matches saved reviewed, and those among them that differ from the human
  translation of that very article (each listed, to judge by hand); the named
  wrong-in-context cases (table cell "Immediate", "**Duration**") must not be among them;
- whether every memory draft names its source (an entry reference);
- near matches whose English differs only in markup, numbers, punctuation or case, and
  how many of those still do not fit the new English after repair (goal ~0);
- chrF of exact and near drafts against the human translations, and the time taken.

Nothing of the corpus is stored. Run: ``.venv/bin/python bench/memory_loo.py [--show]``.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import config  # noqa: E402
from pipeline.drafting import repair  # noqa: E402
from pipeline.drafting.engines import memory  # noqa: E402
from pipeline.drafting.mtmarkup import text_of, to_xml  # noqa: E402
from pipeline.model import DraftRequest  # noqa: E402
from pipeline.po import catalog  # noqa: E402
from pipeline.repo import adopt  # noqa: E402
from pipeline.repo.workspace import Workspace  # noqa: E402

CORPUS = next(
    (p / "shared/corpus/periodhub" for p in ROOT.parents if (p / "shared/corpus").is_dir()),
    ROOT.parent / "shared/corpus/periodhub",
)
"""``../shared`` beside the repository (or beside the folder of worktrees)."""
NAMED = ("Immediate", "**Duration**")
_REF = re.compile(r"from \S+\.md(?::\d+)?|from \S+ \(obsolete\)")


def imported(dest: Path, corpus: Path = CORPUS) -> Workspace:
    """The corpus imported into ``dest`` (English sources, catalogs filled by import)."""
    (dest / "content/en").mkdir(parents=True)
    for f in sorted((corpus / "en").glob("*.md")):
        shutil.copyfile(f, dest / "content/en" / f.name)
    ws = Workspace(config.load(dest))
    adopt.import_all(ws, ws.layout.slugs(), corpus / "zh")
    return Workspace(config.load(dest))


def chrf(hyp: str, ref: str, n: int = 6, beta: float = 2.0) -> float:
    """Character n-gram F-score (chrF, Popović 2015), spaces removed, 0-100."""
    hyp, ref = "".join(hyp.split()), "".join(ref.split())
    precision = recall = 0.0
    orders = 0
    for k in range(1, n + 1):
        h = Counter(hyp[i : i + k] for i in range(len(hyp) - k + 1))
        r = Counter(ref[i : i + k] for i in range(len(ref) - k + 1))
        if not h or not r:
            continue
        match = sum((h & r).values())
        precision += match / sum(h.values())
        recall += match / sum(r.values())
        orders += 1
    if not orders:
        return 0.0
    p, r = precision / orders, recall / orders
    return 0.0 if p + r == 0 else 100 * (1 + beta**2) * p * r / (beta**2 * p + r)


def _plain(text: str) -> str:
    """The words of a text without markup, numbers, punctuation or case."""
    words = re.sub(r"[\W\d_]+", " ", text_of(to_xml(text)[0])).casefold()
    return " ".join(words.split())


def run(show: bool = False) -> dict:
    out: Counter = Counter()
    for key in (
        "named wrong-in-context cases saved reviewed",
        "drafts without a source",
        "reviewed exact differing from the human translation",
        "  of which still unrepaired",
    ):
        out[key] = 0
    listed: list[str] = []
    scores: dict[str, list[float]] = {"exact": [], "near": []}
    with tempfile.TemporaryDirectory() as tmp:
        ws = imported(Path(tmp))
        slugs = ws.layout.slugs()
        pos = {s: ws.catalog(s, "zh") for s in slugs}
        size = {s: sum(1 for e in po if not e.obsolete) for s, po in pos.items()}
        held = sorted(slugs, key=lambda s: (-size[s], s))[:15]
        cfg = ws.cfg
        start = time.perf_counter()
        for slug in held:
            others = [(s, po) for s, po in pos.items() if s != slug]
            engine = memory.build(
                lambda others=others: others,
                cfg.memory_threshold,
                cfg.memory_exact_reviewed,
                cfg.memory_exact_min_words,
                cfg.memory_exact_fuzzy_kinds,
            )
            human = {e.msgid: e for e in pos[slug] if not e.obsolete}
            requests = [DraftRequest(m, catalog.kind(e)) for m, e in human.items() if m]
            out["units"] += len(requests)
            for msgid, draft in engine.draft(requests):
                _score(slug, msgid, draft, human[msgid], engine, out, listed, scores)
        out["seconds"] = round(time.perf_counter() - start, 2)
    for name, values in scores.items():
        out[f"chrF {name}"] = round(sum(values) / len(values), 1) if values else 0
    _print(out, listed, show)
    return dict(out)


def _score(slug, msgid, draft, entry, engine, out, listed, scores) -> None:
    ref = entry.msgstr if entry.msgstr and not entry.fuzzy else ""
    out[draft.origin + (" reviewed" if draft.reviewed else "")] += 1
    if not _REF.search(draft.note):
        out["drafts without a source"] += 1
        listed.append(f"NO SOURCE {slug}: {msgid[:60]!r} {draft.note[:80]}")
    if draft.origin == memory.EXACT and ref:
        scores["exact"].append(chrf(draft.text, ref))
        if draft.reviewed and draft.text.strip() != ref.strip():
            out["reviewed exact differing from the human translation"] += 1
            listed.append(
                f"DIFFERS {slug}: {msgid[:60]!r} -> {draft.text[:40]!r} (human {ref[:40]!r})"
            )
        if draft.reviewed and msgid in NAMED:
            out["named wrong-in-context cases saved reviewed"] += 1
    if draft.origin == memory.FUZZY:
        if ref:
            scores["near"].append(chrf(draft.text, ref))
        hits = engine.index.near(msgid, engine.threshold)
        old = hits[0][0] if hits else ""
        if old and _plain(old) == _plain(msgid):
            out["near: differs only in markup/numbers/punctuation/case"] += 1
            raw = engine.index.groups[old].best(catalog.kind(entry)).text
            if not repair.fits(msgid, raw):
                out["  of which needed a markup/number repair"] += 1
            if not repair.fits(msgid, draft.text):
                out["  of which still unrepaired"] += 1
                listed.append(f"UNREPAIRED {slug}: {msgid[:60]!r} <- {old[:60]!r}")


def _print(out: Counter, listed: list[str], show: bool) -> None:
    for key in sorted(out, key=str):
        print(f"{key:60} {out[key]}")
    if show:
        print()
        print("\n".join(listed))


if __name__ == "__main__":
    if not (CORPUS / "en").is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    run(show="--show" in sys.argv)
