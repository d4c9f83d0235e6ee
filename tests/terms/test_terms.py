"""Mining term pairs from reviewed translations, and checking the glossary against them."""

from __future__ import annotations

import pytest
from conftest import needs_corpus, write

from pipeline.glossary import parse
from pipeline.terms import compare, mine

PAIRS = [
    ("Apply **heat therapy** to the lower back.", "对下背部进行**热敷**。"),
    ("Heat therapy relaxes the uterus.", "热敷能放松子宫。"),
    ("Use heat therapy for 20 minutes.", "热敷20分钟。"),
    ("Heat therapy is safe for most women.", "热敷对大多数女性是安全的。"),
    ("Combine heat therapy with rest.", "热疗结合休息。"),
    ("Heat therapy eases cramps.", "热疗缓解痉挛。"),
    ("Heat therapy at night.", "夜间热疗。"),
    ("Heat therapy and massage work well.", "热敷和按摩效果很好。"),
    ("A gentle massage of the abdomen helps.", "轻柔按摩腹部有帮助。"),
    ("Massage with warm oil.", "用温油按摩。"),
    ("Take ibuprofen with food.", "随餐服用布洛芬。"),
    ("Ibuprofen reduces prostaglandins.", "布洛芬减少前列腺素。"),
    ("Ibuprofen works within an hour.", "布洛芬在一小时内起效。"),
    ("Do not exceed the ibuprofen dose.", "请勿超过布洛芬剂量。"),
    ("Ibuprofen is an NSAID.", "布洛芬是一种NSAID。"),
    ("Ibuprofen and rest.", "布洛芬和休息。"),
]


def test_mined_pairs_with_counts_and_the_other_spelling():
    found = {c.english: c for c in mine.mine(PAIRS, min_count=3)}
    heat = found["heat therapy"]
    assert heat.translation == "热敷" and heat.both == 5 and heat.english_count == 8
    assert heat.conflicts == (("热疗", 3),)  # used instead of 热敷, not beside it
    assert found["ibuprofen"].translation == "布洛芬" and found["ibuprofen"].dice == 1.0
    assert "heat" not in found  # explained by "heat therapy"
    assert all(" " not in c.translation for c in found.values())


def test_markup_and_repeats_do_not_count_twice():
    pairs = PAIRS + PAIRS  # the same pairs in another article: one vote each
    assert [c.both for c in mine.mine(pairs)] == [c.both for c in mine.mine(PAIRS)]
    assert "**" not in "".join(mine.pieces("对下背部进行**热敷**。"))


def test_pieces_of_unspaced_and_spaced_scripts():
    got = mine.pieces("布洛芬是一种NSAID，见 PubMed。")
    assert {"布洛芬", "洛芬", "NSAID", "PubMed"} <= got and "是一种NSAID" not in got


def test_ngrams_are_term_like():
    grams = mine.ngrams("The quality of life of women, legumes, nuts")
    assert "quality of life" in grams and "women" in grams
    assert "the quality" not in grams and "legumes nuts" not in grams


def test_compare_reports_a_glossary_the_site_does_not_follow():
    gloss = parse("term,translation\nheat therapy,热疗\nibuprofen,布洛芬\n")
    (d,) = compare.compare(gloss, PAIRS, min_count=3)
    assert d.term.term == "heat therapy" and (d.follows, d.segments) == (3, 8)
    assert d.site[0] == ("热敷", 5)
    assert str(d).startswith("heat therapy: the glossary says 热疗 (3 of 8 segments)")


def _site(repo, run):
    body = "".join(f"{en}\n\n" for en, _ in PAIRS)
    write(repo / "content/en/a.md", f"---\ntitle: Heat\n---\n\n{body}")
    write(repo / "locale/zh/glossary.csv", "term,translation\nheat therapy,热疗\n")
    run(repo, "extract")
    import polib

    po = polib.pofile(str(repo / "locale/zh/a.po"))
    tr = dict(PAIRS) | {"Heat": "热敷"}
    for e in po:
        e.msgstr = tr[e.msgid]
    po.save()
    return repo


def test_cli_suggest_writes_a_review_file_in_glossary_format(repo, run):
    site = _site(repo, run)
    result = run(site, "glossary", "suggest")
    assert result.exit_code == 0, result.output
    assert "ibuprofen" in result.stdout and "布洛芬" in result.stdout
    text = (site / "locale/zh/glossary.suggested.csv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    assert lines[0] == "term,translation,note"
    gloss = parse("\n".join(lines))  # the glossary's own format: lines copy over as they are
    assert gloss.lookup("ibuprofen").translation == "布洛芬"
    assert gloss.lookup("heat therapy") is None  # already in the glossary
    again = run(site, "glossary", "suggest")  # deterministic: nothing changes
    assert (site / "locale/zh/glossary.suggested.csv").read_text("utf-8") == text
    assert again.exit_code == 0


def test_cli_check_names_the_glossary_line_and_fails(repo, run):
    site = _site(repo, run)
    result = run(site, "glossary", "check")
    assert result.exit_code == 1
    assert "locale/zh/glossary.csv:2: heat therapy: the glossary says 热疗" in result.stdout
    assert "the site writes 热敷 (5)" in result.stdout


@needs_corpus
@pytest.mark.parametrize(
    ("term", "glossary", "site"),
    [
        ("heat therapy", "热疗", "热敷"),
        ("anterior cingulate cortex", "前扣带皮质", "前扣带皮层"),
        ("progesterone", "孕激素", "孕酮"),
    ],
)
def test_the_corpus_disagreements_the_issue_names_are_found(corpus_pairs, term, glossary, site):
    gloss = parse(f"term,translation\n{term},{glossary}\n")
    (d,) = compare.compare(gloss, corpus_pairs)
    assert d.site[0][0] == site and d.site[0][1] > d.follows


@pytest.fixture(scope="module")
def corpus_pairs(tmp_path_factory):
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[2] / "bench"
    sys.path.insert(0, str(bench))
    from memory_loo import imported

    from pipeline.cli.glossary import reviewed_pairs

    ws = imported(tmp_path_factory.mktemp("site"))
    return reviewed_pairs(ws, "zh")
