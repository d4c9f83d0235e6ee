"""Header fields: the translator's kept, ``msgfmt -c`` satisfied, no timestamps invented."""

from __future__ import annotations

import pytest
from po_samples import HAS_GETTEXT, msgfmt_check

from pipeline.errors import InputError
from pipeline.model import Kind, Unit
from pipeline.po import catalog, headers, pofile

UNITS = [Unit("Heat helps.", Kind.parse("paragraph"), 3), Unit("Rest.", Kind.parse("heading 2"), 5)]


def pot():
    return catalog.template(UNITS, "content/en/a.md", "a")


@pytest.mark.parametrize("value", ["zh", "zh_CN", "zh-CN", "zh_Hans", "zh-Hans-CN", "zh_SG", ""])
def test_same_locale_as_babel_sees_it(value: str) -> None:
    assert not headers.language_conflict(value, "zh")


@pytest.mark.parametrize("value", ["zh_TW", "zh_Hant", "fr", "en_US", "Chinese"])
def test_a_real_conflict(value: str) -> None:
    assert headers.language_conflict(value, "zh")


def test_territory_matters_only_when_the_catalog_names_one() -> None:
    assert not headers.language_conflict("pt_BR", "pt")
    assert headers.language_conflict("pt_BR", "pt_PT")


def translator_file() -> str:
    po, _ = catalog.update(None, pot(), "zh")
    text = catalog.dumps(po)
    return (
        text.replace('"Language: zh\\n"', '"Language: zh_CN\\n"')
        .replace('"Last-Translator: \\n"', '"Last-Translator: Li <li@example.org>\\n"')
        .replace('"PO-Revision-Date: \\n"', '"PO-Revision-Date: 2026-11-30 10:00+0800\\n"')
        .replace(
            '"Plural-Forms: nplurals=1; plural=0;\\n"',
            '"Plural-Forms: nplurals=1; plural=0;\\n"\n"X-Generator: Poedit 3.5\\n"',
        )
    )


def test_fields_a_translator_or_tool_set_are_kept() -> None:
    text = translator_file()
    po, _ = catalog.update(pofile.loads(text, "a.po"), pot(), "zh")
    assert catalog.dumps(po) == text
    assert po.metadata["Language"] == "zh_CN" and po.metadata["X-Generator"] == "Poedit 3.5"


def test_missing_required_fields_are_added_empty_and_in_gettext_order() -> None:
    bare = (
        'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"X-Generator: vim\\n"\n\n'
        'msgid "Rest."\nmsgstr "休息。"\n'
    )
    po, _ = catalog.update(pofile.loads(bare, "a.po"), pot(), "zh")
    keys = list(po.metadata)
    assert keys[:4] == [
        "Project-Id-Version",
        "Report-Msgid-Bugs-To",
        "PO-Revision-Date",
        "Last-Translator",
    ]
    assert po.metadata["PO-Revision-Date"] == "" and po.metadata["Language"] == "zh_CN"
    assert keys.index("X-Generator") > keys.index("Language")
    again, _ = catalog.update(pofile.loads(catalog.dumps(po), "a.po"), pot(), "zh")
    assert catalog.dumps(again) == catalog.dumps(po)  # deterministic: no date written


def test_another_charset_is_replaced_by_the_one_we_write() -> None:
    latin = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n'
    po, _ = catalog.update(pofile.loads(latin, "a.po"), pot(), "zh")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    lower = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
    po, _ = catalog.update(pofile.loads(lower, "a.po"), pot(), "zh")
    assert po.metadata["Content-Type"] == "text/plain; charset=utf-8"


def test_a_conflicting_language_is_refused_at_the_header_line() -> None:
    text = translator_file().replace("zh_CN", "zh_TW")
    with pytest.raises(InputError) as info:
        catalog.update(pofile.loads(text, "locale/zh/a.po"), pot(), "zh")
    assert info.value.path == "locale/zh/a.po" and info.value.line == 2
    assert "zh_TW" in info.value.message
    with pytest.raises(InputError):
        catalog.loads(text, "locale/zh/a.po", "zh")


@pytest.mark.skipif(not HAS_GETTEXT, reason="GNU gettext not installed")
def test_msgfmt_check_prints_no_warning_on_templates_and_catalogs(tmp_path) -> None:
    po, _ = catalog.update(None, pot(), "zh")
    for name, text in {"a.pot": catalog.dumps(pot()), "a.po": catalog.dumps(po)}.items():
        path = tmp_path / name
        path.write_text(text, "utf-8")
        done = msgfmt_check(path)
        assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
