"""URLs as a browser follows them: two spellings of one address are one, a script is a script."""

from __future__ import annotations

import pytest

from pipeline.safety import urls


@pytest.mark.parametrize(
    "spelled",
    [
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ],
)
def test_script_urls_are_recognized_however_spelled(spelled) -> None:
    assert urls.is_script(spelled)


@pytest.mark.parametrize(
    "a,b",
    [
        ("/en/a%20b", "/en/a b"),
        ("HTTPS://x.org/p", "https://x.org/p"),
        ("/x?a=1&amp;b=2", "/x?a=1&b=2"),
        ("  /x  ", "/x"),
    ],
)
def test_spellings_of_one_address_compare_equal(a, b) -> None:
    assert urls.normalize(a) == urls.normalize(b)


def test_other_hosts_and_relative_forms_stay_different() -> None:
    assert urls.normalize("//evil.example/") != urls.normalize("https://evil.example/")
    assert urls.normalize("/en/a") != urls.normalize("/en/b")
    assert not urls.is_script("/articles/javascript-basics")


def test_localizers() -> None:
    zh = urls.prefix_localizer("en", "zh")
    assert zh("/en/articles/x") == "/zh/articles/x" and zh("/enx/y") == "/enx/y"
    assert zh is urls.prefix_localizer("en", "zh"), "cached: the English side is found again"
    assert urls.any_locale("/en/a") == urls.any_locale("/zh/a") == urls.any_locale("/pt-BR/a")
