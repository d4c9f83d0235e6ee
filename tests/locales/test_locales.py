"""The locale model: one place that knows every locale-specific fact, read from CLDR and data."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel import Locale as BabelLocale
from babel.messages.plurals import get_plural
from babel.units import format_unit
from conftest import write

from pipeline import locales
from pipeline.config import ConfigError, build
from pipeline.locales import numerals, tags

FIVE = ["zh", "zh-Hant", "ja", "fr", "pt-BR"]


def cfg(**values):
    return build(Path("."), values)


@pytest.mark.parametrize(
    "tag,language,target",
    [
        ("zh", "zh", "ZH-HANS"),
        ("zh-Hans", "zh_Hans", "ZH-HANS"),
        ("zh-Hant", "zh_Hant", "ZH-HANT"),
        ("zh-Hant-TW", "zh_Hant_TW", "ZH-HANT"),
        ("zh-TW", "zh_Hant_TW", "ZH-HANT"),
        ("ja", "ja", "JA"),
        ("ko", "ko", "KO"),
        ("fr", "fr", "FR"),
        ("de", "de", "DE"),
        ("es", "es", "ES"),
        ("es-419", "es_419", "ES-419"),
        ("pt-BR", "pt_BR", "PT-BR"),
        ("pt", "pt", "PT-BR"),
        ("en-GB", "en_GB", "EN-GB"),
    ],
)
def test_a_tag_maps_to_its_po_language_plural_forms_and_deepl_target(tag, language, target):
    loc = locales.resolve(cfg(locales=[tag]), tag)
    assert loc.po_language == language
    assert loc.plural_forms == get_plural(str(BabelLocale.parse(tag, sep="-"))).plural_forms
    assert loc.deepl_target() == target


def test_traditional_chinese_never_falls_back_to_simplified_data():
    hant = locales.resolve(cfg(locales=["zh-Hant"]), "zh-Hant")
    assert hant.deepl_target() == "ZH-HANT"
    assert hant.settings.numeral_variants == {"2": "兩"} and "萬" in hant.settings.scales
    assert "zh" not in tags.parse("zh-Hant").keys  # the bare zh table is Simplified's


def test_deepl_without_a_target_is_an_error_naming_the_locale():
    serbian = locales.resolve(cfg(locales=["sr-Latn"]), "sr-Latn")
    with pytest.raises(ConfigError) as err:
        serbian.deepl_target()
    assert "sr-Latn" in err.value.message and "deepl =" in err.value.message
    australian = locales.resolve(cfg(locales=["en-AU"], source_locale="fr"), "en-AU")
    with pytest.raises(ConfigError, match="en-AU"):
        australian.deepl_target()  # no silent EN-US: the user says which variant


def test_deepl_codes_and_source_come_from_configuration_when_set():
    c = cfg(locales=["sr-Latn"], locale={"sr-Latn": {"deepl": "sr"}, "en": {"deepl": "en"}})
    assert locales.resolve(c, "sr-Latn").deepl_target() == "SR"
    assert locales.source(c).deepl_source() == "EN"
    assert locales.source(cfg(source_locale="de", locales=["fr"])).deepl_source() == "DE"


def test_reading_time_labels_are_babel_short_duration_units():
    c = cfg(locales=[*FIVE, "ko", "de"])
    for tag, loc in locales.targets(c).items():
        want = format_unit(
            18, "duration-minute", locale=BabelLocale.parse(tag, sep="-"), length="short"
        )
        assert loc.minutes(18) == want
    got = {t: locales.resolve(c, t).minutes(18) for t in ("zh", "zh-Hant")}
    assert got == {"zh": "18分钟", "zh-Hant": "18 分鐘"}
    custom = cfg(locales=["ja"], locale={"ja": {"minutes": "{0}分"}})
    assert locales.resolve(custom, "ja").minutes(18) == "18分"


def test_a_reading_time_label_is_formatted_once_per_locale_and_number(monkeypatch):
    import babel.units

    calls: list[int] = []
    real = babel.units.format_unit
    monkeypatch.setattr(
        babel.units, "format_unit", lambda n, *a, **k: calls.append(n) or real(n, *a, **k)
    )
    monkeypatch.setattr(locales, "_LABELS", {})  # none formatted yet
    c = cfg(locales=["zh", "zh-Hant"])
    zh, hant = locales.resolve(c, "zh"), locales.resolve(c, "zh-Hant")
    labels = [zh.minutes(7), zh.minutes(7), hant.minutes(7), zh.minutes(8)]
    assert labels == ["7分钟", "7分钟", "7 分鐘", "8分钟"]
    assert calls == [7, 7, 8]


def test_segment_and_mirror_suffix_default_to_the_tag_and_are_configurable():
    c = cfg(locales=["zh", "zh-Hant"], locale={"zh": {"segment": "zh-cn"}})
    zh, hant = locales.resolve(c, "zh"), locales.resolve(c, "zh-Hant")
    assert (zh.segment, zh.suffix) == ("zh-cn", "zh")
    assert (hant.segment, hant.suffix) == ("zh-Hant", "zh_hant")
    known = locales.suffixes(c)
    assert locales.mirror_of("reading_time_zh_hant", known) == ("reading_time", "zh-Hant")
    assert locales.mirror_of("title_zh", known) == ("title", "zh")
    assert locales.mirror_of("title_en", known) == ("title", "en")
    assert locales.mirror_of("zh", known) is None


def test_number_separators_come_from_cldr():
    c = cfg(locales=["fr", "de", "es-419", "pt-BR"])
    seps = {t: (loc.decimal, loc.group) for t, loc in locales.targets(c).items()}
    assert seps == {
        "fr": (",", "\u202f"),
        "de": (",", "."),
        "es-419": (".", ","),
        "pt-BR": (",", "."),
    }


@pytest.mark.parametrize(
    "text,decimal,group,want",
    [
        ("1,5 mg", ",", "\u202f", "1.5 mg"),
        ("10 000 à 20\u202f000", ",", "\u202f", "10000 à 20000"),
        ("1.500,25 mg", ",", ".", "1500.25 mg"),
        ("1,500 mg", ".", ",", "1500 mg"),
        ("1, 2 ou 3", ",", "\u202f", "1, 2 ou 3"),
        ("1.5 mg", ",", ".", "1.5 mg"),
    ],
)
def test_numbers_are_read_with_the_locale_separators(text, decimal, group, want):
    assert numerals.canonical(text, decimal, group) == want


def test_a_new_locale_is_configuration(repo, run):
    write(repo / "content/en/a.md", "---\ntitle: Heat\nreading_time: 3 minutes\n---\n\nHeat.\n")
    toml = (
        'locales = ["eo"]\n[locale.eo]\nwords_per_minute = 150\nlength_ratio = 1.1\n'
        'decimal = ","\ngroup = "."\nrange_words = ["ĝis"]\nminutes = "{0} minutoj"\n'
        'segment = "esperanto"\nmirror_suffix = "eo"\n'
    )
    write(repo / "pipeline.toml", toml)
    c = build(repo, __import__("tomllib").loads(toml))
    eo = locales.resolve(c, "eo")
    assert (eo.decimal, eo.group, eo.minutes(3), eo.segment) == (",", ".", "3 minutoj", "esperanto")
    assert run(repo, "extract").exit_code == 0
    assert "Language: eo" in (repo / "locale/eo/a.po").read_text("utf-8")


@pytest.mark.parametrize(
    "toml,named",
    [
        ('locales = ["zh-Hantt"]\n', "zh-Hantt"),
        ('locales = ["zh"]\n[locale.fr]\nsegment = "fr"\n', "locale.fr"),
        ('locales = ["zh"]\n[locale.zh]\nsegmnt = "x"\n', "unknown key segmnt"),
        ('locales = ["zh"]\n[locale.zh]\nlength_ratio = "long"\n', "locale.zh.length_ratio"),
        ('locales = ["zh", "zh-Hant"]\n[locale.zh-Hant]\nsegment = "zh"\n', "segment"),
        ('locales = ["zh", "en"]\n', "repeat"),
        ("reading_rate_zh = 300\n", "chars_per_minute"),
        ('locales = ["zh"]\n[deepl_langs]\nzh = 3\n', "deepl_langs"),
    ],
)
def test_invalid_locale_settings_are_usage_errors_naming_them(repo, run, toml, named):
    write(repo / "content/en/a.md", "---\ntitle: Heat\n---\n\nHeat.\n")
    write(repo / "pipeline.toml", toml)
    result = run(repo, "extract")
    assert result.exit_code == 2 and named in result.stderr, result.stderr
    assert not (repo / "locale").exists()


def test_legacy_babel_locales_and_deepl_langs_are_still_read():
    c = cfg(locales=["zh"], babel_locales={"zh": "zh_Hant"}, deepl_langs={"zh": "ZH-HANT"})
    zh = locales.resolve(c, "zh")
    assert zh.minutes(18) == "18 分鐘" and zh.deepl_target() == "ZH-HANT"
    with pytest.raises(ConfigError, match="conflicts"):
        cfg(locales=["zh"], deepl_langs={"zh": "ZH-HANT"}, locale={"zh": {"deepl": "ZH-HANS"}})


# -- no language literal outside the tables ---------------------------------------------

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"
ALLOWED = {"config.py"}
"""Files that hold defaults: the default locales, source folder and mirror pattern."""
_LITERAL = re.compile(r"(?<![A-Za-z0-9])(?:zh|ZH|EN|en)(?![A-Za-z0-9])")
_NAME = re.compile(r"(?:^|_)(?:zh|ZH)(?:_|$)")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    out.add(id(stmt.value))
    return out


def test_no_language_literal_in_the_code_outside_the_locale_tables():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in ALLOWED:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docs and _LITERAL.search(text):
                found.append(f"{rel}:{node.lineno}: {text[:60]!r}")
            name = (
                getattr(node, "id", None)
                or getattr(node, "attr", None)
                or getattr(node, "name", None)
                or getattr(node, "arg", None)
            )
            if isinstance(name, str) and _NAME.search(name):
                found.append(f"{rel}:{node.lineno}: name {name}")
    assert not found, "\n".join(found)


def test_the_literal_scan_finds_what_it_forbids(tmp_path):
    """The scan above is not vacuous: it flags the patterns this issue removed."""
    sample = 'x = cfg.deepl_langs.get(locale, "ZH-HANS")\nZH_PER_EN_CHAR = 0.4\ny = "/en/"\n'
    tree = ast.parse(sample)
    strings = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    names = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name)]
    assert all(_LITERAL.search(s) for s in strings)
    assert any(_NAME.search(n) for n in names)
