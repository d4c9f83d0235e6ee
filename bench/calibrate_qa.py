"""Run the translation checks on the live site's human translations (calibration).

Pairs the blocks of each structurally parallel article pair of the corpus by index
(same block-type sequence after parsing both with markdown-it) and prints, per check,
how many errors and warnings the human translations get. Reads the corpus at run
time; nothing of it is stored here.

    python bench/calibrate_qa.py [CORPUS_DIR] [--show CHECK]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from pipeline.glossary import Glossary, Term
from pipeline.model import Kind
from pipeline.qa import Subject, run_checks

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "periodhub"
_MD = MarkdownIt("commonmark").enable("table")
GLOSSARY = Glossary(
    (
        Term("ibuprofen", "布洛芬"),
        Term("naproxen", "萘普生"),
        Term("acetaminophen", "对乙酰氨基酚"),
        Term("Mirena", "Mirena"),
        Term("Kyleena", "Kyleena"),
        Term("GnRH", "GnRH"),
    )
)
FM_KEYS = ("title", "seo_title", "seo_description", "description", "summary")


def split(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.index("\n---", 4)
        return YAML(typ="safe").load(text[4:end]) or {}, text[end + 4 :]
    return {}, text


def blocks(body: str) -> list[tuple[str, str]]:
    out = []
    parents: list[str] = []
    for tok in _MD.parse(body):
        if tok.nesting == 1:
            parents.append(tok.type if tok.type != "heading_open" else tok.tag)
        elif tok.nesting == -1:
            parents.pop()
        elif tok.type == "inline":
            p = parents[-2:] if parents else ["?"]
            kind = (
                "list item"
                if "list_item_open" in parents
                else "table cell"
                if p[-1] in ("td_open", "th_open")
                else f"heading {p[-1][1]}"
                if p[-1].startswith("h")
                else "paragraph"
            )
            out.append((kind, tok.content))
        elif tok.type in ("fence", "code_block"):
            out.append(("code block", tok.content))
        elif tok.type == "html_block":
            out.append(("html block", tok.content))
    return out


def pairs(corpus: Path):
    for en_path in sorted((corpus / "en").glob("*.md")):
        zh_path = corpus / "zh" / en_path.name
        if not zh_path.is_file():
            continue
        en_fm, en_body = split(en_path.read_text(encoding="utf-8"))
        zh_fm, zh_body = split(zh_path.read_text(encoding="utf-8"))
        a, b = blocks(en_body), blocks(zh_body)
        if [k for k, _ in a] != [k for k, _ in b]:
            continue
        items = [
            (f"front matter: {k}", str(en_fm[k]), str(zh_fm[k]))
            for k in FM_KEYS
            if isinstance(en_fm.get(k), str) and zh_fm.get(k)
        ]
        items += [(k, x, y) for (k, x), (_, y) in zip(a, b, strict=True)]
        yield en_path.stem, items


def main(argv: list[str]) -> int:
    show = argv[argv.index("--show") + 1] if "--show" in argv else ""
    args = [a for a in argv if not a.startswith("--") and a != show]
    corpus = Path(args[0]) if args else CORPUS
    counts: Counter[tuple[str, str]] = Counter()
    articles = units = 0
    for slug, items in pairs(corpus):
        articles += 1
        for kind, en, zh in items:
            units += 1
            for p in run_checks(Subject(en, zh, Kind.parse(kind), GLOSSARY)):
                counts[(p.check, p.severity)] += 1
                if p.check == show:
                    print(f"--- {slug} [{kind}] {p.message}\n  EN {en[:300]!r}\n  ZH {zh[:300]!r}")
    print(f"{articles} parallel articles, {units} aligned units")
    for (check, severity), n in sorted(counts.items()):
        print(f"{check:20} {severity:8} {n:5}")
    caught, any_error, tried = mutation_recall(corpus)
    print(
        f"mutated clean pairs (one number: last digit dropped or +1): {tried}; "
        f"caught by numbers {caught}, by any error {any_error}"
    )
    return 0


_NUMBER_RE = re.compile(r"(?<![\d.A-Za-z])\d+(?:\.\d+)?")


def mutation_recall(corpus: Path) -> tuple[int, int, int]:
    """Change one number of each pair the checks pass; count how often the checks notice."""
    caught = any_error = tried = 0
    for _, items in pairs(corpus):
        for kind, en, zh in items:
            if kind == "code block" or run_checks(Subject(en, zh, Kind.parse(kind))):
                continue
            m = _NUMBER_RE.search(zh)
            if not m or m.group() not in en:
                continue
            num = m.group()
            new = num[:-1] if len(num) > 1 and num[-2] != "." else str(int(num[-1]) + 1)[-1:]
            new = num[:-1] + new if len(num) == 1 or num[-2] == "." else new
            bad = zh[: m.start()] + new + zh[m.end() :]
            tried += 1
            found = run_checks(Subject(en, bad, Kind.parse(kind)))
            caught += any(p.check == "numbers" for p in found)
            any_error += any(p.severity == "error" for p in found)
    return caught, any_error, tried


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
