"""The checks on the live site's human translations (skipped when shared/ is absent).

Pairs the blocks of structurally parallel articles by index and asserts that human
work gets no markup-injection error, rare numbers errors, and that fix_flanking
never makes a human paragraph render worse.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS
from markdown_it import MarkdownIt

from pipeline.drafting.cleanup import fix_flanking
from pipeline.qa import Subject, run_checks

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CORPUS / "en").is_dir(), reason="shared corpus absent"),
]
_MD = MarkdownIt("commonmark").enable("table")


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text[text.index("\n---", 4) + 4 :]
    return text


def _inlines(body: str) -> list[str]:
    return [t.content for t in _MD.parse(body) if t.type == "inline"]


def _blocks(body: str) -> list[str]:
    return [t.type for t in _MD.parse(body)]


@pytest.fixture(scope="module")
def aligned() -> list[tuple[str, str]]:
    pairs = []
    for en in sorted((CORPUS / "en").glob("*.md")):
        zh = CORPUS / "zh" / en.name
        if not zh.is_file():
            continue
        a, b = _body(en), _body(zh)
        if _blocks(a) == _blocks(b):
            pairs += list(zip(_inlines(a), _inlines(b), strict=True))
    return pairs


@pytest.fixture(scope="module")
def errors(aligned) -> Counter[str]:
    return Counter(
        p.check for en, zh in aligned for p in run_checks(Subject(en, zh)) if p.severity == "error"
    )


def test_corpus_has_parallel_pairs(aligned):
    assert len(aligned) > 1000


def test_no_markup_injection_on_human_translations(errors):
    assert errors["markup-injection"] == 0


def test_numbers_errors_are_rare_on_human_translations(aligned, errors):
    assert errors["numbers"] <= len(aligned) // 500


def test_a_changed_dose_is_caught_in_real_sentences(aligned):
    """Mutating a dose of a real pair (400-600mg -> 40-600mg) is always an error."""
    import re

    dose = re.compile(r"(\d)(\d)(\s?-\s?\d+\s?mg)")
    mutated = [(en, dose.sub(r"\1\3", zh, count=1)) for en, zh in aligned if dose.search(zh)]
    assert len(mutated) >= 20
    for en, zh in mutated:
        assert any(p.check == "numbers" for p in run_checks(Subject(en, zh))), (en, zh)


def test_fix_flanking_never_makes_human_text_render_worse(aligned):
    def emphasis(text: str) -> int:
        return sum(t.type in ("strong_open", "em_open") for t in _MD.parseInline(text)[0].children)

    for _, zh in aligned:
        fixed = fix_flanking(zh)
        assert emphasis(fixed) >= emphasis(zh)
        assert fix_flanking(fixed) == fixed
