"""The checks read each text with its locale's profile: numbers, punctuation, length, links."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import locales
from pipeline.config import build
from pipeline.model import Kind
from pipeline.qa import Subject, run_checks

CFG = build(Path("."), {"locales": ["zh", "zh-Hant", "ja", "ko", "fr", "de", "es", "pt-BR"]})


def problems(msgid: str, msgstr: str, tag: str, kind: str = "paragraph") -> dict[str, list[str]]:
    subject = Subject(
        msgid,
        msgstr,
        Kind.parse(kind),
        locale=locales.resolve(CFG, tag),
        source=locales.source(CFG),
    )
    out: dict[str, list[str]] = {}
    for p in run_checks(subject):
        out.setdefault(p.check, []).append(p.message)
    return out


@pytest.mark.parametrize(
    "tag,msgid,same,changed",
    [
        ("fr", "Take 1.5 mg at night.", "Prenez 1,5 mg le soir.", "Prenez 2,5 mg le soir."),
        (
            "fr",
            "Up to 10,000 IU daily.",
            "Jusqu'à 10\u202f000 UI par jour.",
            "Jusqu'à 1\u202f000 UI.",
        ),
        ("fr", "Take 400-600 mg.", "Prenez de 400 à 600 mg.", "Prenez de 400 à 800 mg."),
        ("de", "Up to 1,500 mg per day.", "Bis zu 1.500 mg pro Tag.", "Bis zu 1.5 mg pro Tag."),
        ("de", "Take 2.5 mg.", "Nehmen Sie 2,5 mg.", "Nehmen Sie 25 mg."),
        ("pt-BR", "Take 0.5 mg.", "Tome 0,5 mg.", "Tome 5 mg."),
        ("es", "About 30 million women.", "Unos 30 millones de mujeres.", "Unos 3 millones."),
        ("zh", "About 30 million women.", "约3000万女性。", "约300万女性。"),
        ("zh-Hant", "About 30 million women.", "約3000萬女性。", "約300萬女性。"),
        ("zh-Hant", "Rest for 2 weeks.", "休息兩週。", "休息三週。"),
        ("ja", "Apply heat for 15-20 minutes.", "15〜20分間温めます。", "15〜25分間温めます。"),
        ("ko", "About 30 million women.", "약 3000만 명의 여성.", "약 300만 명의 여성."),
    ],
)
def test_numbers_accept_the_locale_format_and_never_a_changed_value(tag, msgid, same, changed):
    assert "numbers" not in problems(msgid, same, tag)
    assert "numbers" in problems(msgid, changed, tag)


def test_an_english_grouping_copied_into_french_reads_as_a_decimal_and_fails():
    """``1,500`` in a French text means one and a half: a French reader would take 1.5 mg."""
    assert "numbers" in problems("Up to 1,500 mg.", "Jusqu'à 1,500 mg.", "fr")


def test_punctuation_follows_the_profile():
    assert "punctuation" in problems("Tools (with timer)", "工具(带定时)", "zh", "list item")
    assert "punctuation" in problems("Tools (with timer)", "工具(帶定時)", "zh-Hant", "list item")
    assert "punctuation" in problems("Rest, then walk.", "休んで,歩きます。", "ja")
    assert "punctuation" not in problems("Rest, then walk.", "休んで、歩きます。", "ja")
    assert "punctuation" not in problems("Rest, then walk.", "쉬고, 걸으세요.", "ko")
    french = problems("Why? Rest: then walk.", "Pourquoi? Repos : puis marche.", "fr")
    assert any("'?'" in m for m in french["punctuation"])
    assert any("':'" in m for m in french["punctuation"])
    good = "Pourquoi\u202f? Repos\u202f: puis marche à 10:30."
    assert "punctuation" not in problems("Why? Rest: then walk at 10:30.", good, "fr")
    quoted = problems('He said "rest".', 'Il a dit "repos".', "fr")
    assert any("«" in m for m in quoted["punctuation"])
    assert "punctuation" not in problems(
        "Why? Rest: then walk.", "¿Por qué? Descanse: camine.", "es"
    )


LONG_EN = (
    "Heat therapy relaxes the uterine muscles and improves blood flow, "
    "which many women find helpful during the first days of their period."
)


def test_length_ratio_counts_words_for_spaced_languages_and_characters_for_cjk():
    fr = (
        "La thermothérapie détend les muscles de l'utérus et améliore la circulation, "
        "ce que beaucoup de femmes trouvent utile pendant les premiers jours des règles."
    )
    assert "length-ratio" not in problems(LONG_EN, fr, "fr")
    assert "length-ratio" in problems(LONG_EN, "La chaleur aide.", "fr")
    assert "length-ratio" in problems(LONG_EN, " ".join([fr] * 3), "fr")
    hant = "熱敷可以放鬆子宮肌肉並改善血液循環，許多女性發現在經期的最初幾天這很有幫助。"
    assert "length-ratio" not in problems(LONG_EN, hant, "zh-Hant")
    assert "length-ratio" in problems(LONG_EN, "熱敷有幫助。", "zh-Hant")


def test_site_links_may_switch_to_the_locale_segment_only():
    cfg = build(Path("."), {"locales": ["zh"], "locale": {"zh": {"segment": "zh-cn"}}})
    subject = Subject(
        "See [guide](/en/articles/x).",
        "见[指南](/zh-cn/articles/x)。",
        locale=locales.resolve(cfg, "zh"),
        source=locales.source(cfg),
    )
    assert not [p for p in run_checks(subject) if p.check in ("urls", "markup-injection")]
    moved = Subject(
        "See [guide](/en/articles/x).",
        "见[指南](/fr/articles/x)。",
        locale=locales.resolve(cfg, "zh"),
        source=locales.source(cfg),
    )
    assert "urls" in {p.check for p in run_checks(moved)}


def test_fm_length_is_display_width_for_every_script():
    title = "Crampes menstruelles : causes, remèdes et quand consulter un médecin rapidement"
    found = problems("Menstrual cramps", title, "fr", "front matter: seo_title")
    assert found["fm-length"] == [
        f"seo_title is {len(title) / 2:g} full-width characters wide, the limit is 30"
    ]
    assert "fm-length" not in problems(
        "Menstrual cramps", "Crampes menstruelles", "fr", "front matter: seo_title"
    )
