"""Sample `pipeline glossary suggest` candidates from the imported corpus, to judge by hand.

Imports the live site (``../shared/corpus/periodhub``) into a temporary repository (as
bench/memory_loo.py does), mines the reviewed catalogs with the default settings, and
prints a seeded random sample of the candidates (default 30, seed 12). The judgments of
one such sample are in docs/glossary-suggest-eval.md. Nothing of the corpus is stored.

    .venv/bin/python bench/glossary_sample.py [N] [SEED]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from memory_loo import CORPUS, imported  # noqa: E402

from pipeline.cli.glossary import note, reviewed_pairs  # noqa: E402
from pipeline.terms import mine  # noqa: E402


def main(n: int = 30, seed: int = 12) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = imported(Path(tmp))
        pairs = reviewed_pairs(ws, "zh")
    start = time.perf_counter()
    found = mine.mine(pairs)
    took = time.perf_counter() - start
    print(f"{len(pairs)} reviewed entries, {len(found)} candidates, mined in {took:.1f} s")
    for c in random.Random(seed).sample(found, n):
        print(f"{c.english} | {c.translation} | {note(c)}")


if __name__ == "__main__":
    if not (CORPUS / "en").is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    main(*(int(a) for a in sys.argv[1:3]))
