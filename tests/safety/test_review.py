"""safety.review as merge uses it: the hostile cases in process, and how the review decides.

The same table as the CLI corpus (``hostile_cases``), run through ``merge.localize`` on
articles held in memory, so the edit loop sees every case in a second.
"""

from __future__ import annotations

import importlib

import polib
import pytest
import yaml
from conftest import ROOT
from hostile_cases import CASES, DOSE, MANY
from hostile_repo import RICH, RICH_TEXT, SEED

from pipeline import config, merge, safety
from pipeline.markdown import extract
from pipeline.model import english, text_key
from pipeline.safety import context

review_mod = importlib.import_module("pipeline.safety.review")

CFG = config.load(ROOT)  # this repository's configuration: localize_links is on
ARTICLES = {
    SEED: extract.article(
        (ROOT / "content/en" / f"{SEED}.md").read_text("utf-8"), f"content/en/{SEED}.md", SEED
    ),
    RICH: extract.article(RICH_TEXT, f"content/en/{RICH}.md", RICH),
}


def translations(slug: str) -> dict[str, polib.POEntry]:
    if slug == SEED:
        po = polib.pofile(str(ROOT / "locale/zh" / f"{SEED}.po"))
        return {text_key(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    return {
        u.key: polib.POEntry(msgid=u.msgid, msgstr="译：" + u.msgid) for u in ARTICLES[RICH].units
    }


def with_msgstr(slug: str, prefix: str, msgstr) -> tuple[str, dict[str, polib.POEntry]]:
    """One translation changed; returns its key (of a title repeated as the H1: the
    title's own entry, ``msgctxt "front matter: title"``) and the entries."""
    entries = translations(slug)
    exact = [m for m in entries if english(m) == prefix]
    if len(exact) > 1:
        exact = [m for m in exact if m.startswith("front matter")]
    (key,) = exact or [m for m in entries if m.startswith(prefix)]
    old = entries[key].msgstr
    text = msgstr(old) if callable(msgstr) else msgstr
    entries[key] = polib.POEntry(msgid=english(key), msgstr=text)
    return key, entries


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("slug", [SEED, RICH])
def test_complete_reviewed_articles_publish_everything(slug) -> None:
    result = merge.localize(ARTICLES[slug], translations(slug), CFG, "zh")
    assert result.withheld == {} and not result.draft


@pytest.mark.parametrize(
    "slug,prefix,msgstr,marker", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_merge_withholds_each_hostile_translation(slug, prefix, msgstr, marker) -> None:
    msgid, entries = with_msgstr(slug, prefix, msgstr)
    result = merge.localize(ARTICLES[slug], entries, CFG, "zh")
    assert list(result.withheld) == [msgid]
    assert marker not in result.text
    assert merge.localize_links(english(msgid), "en", "zh").split("\n")[0] in result.text
    assert front(result.text)["draft"] is True
    assert any("withheld" in note and result.withheld[msgid] in note for note in result.notes)


def test_the_bad_unit_is_found_among_many_changed_ones() -> None:
    """Every unit translated differently, one of them hostile: only that one is withheld."""
    entries = translations(SEED)
    for e in entries.values():
        e.msgstr = e.msgstr + "。"
    bad = next(m for m in entries if m.startswith(MANY))
    entries[bad].msgstr += "[x](javascript:alert(1))"
    result = merge.localize(ARTICLES[SEED], entries, CFG, "zh")
    assert list(result.withheld) == [bad]
    assert "script or data URL javascript:alert(1)" in result.withheld[bad]


def test_units_harmful_only_together_are_both_withheld() -> None:
    """One opens an element, another closes it: each alone adds a tag, so neither passes."""
    msgid, entries = with_msgstr(RICH, DOSE, lambda s: s + "<span hidden>")
    entries["Stop and call a doctor if the pain is severe."].msgstr = "</span>请就医。"
    result = merge.localize(ARTICLES[RICH], entries, CFG, "zh")
    assert set(result.withheld) == {msgid, "Stop and call a doctor if the pain is severe."}


def test_localized_links_pass_and_other_locales_do_not() -> None:
    _, entries = with_msgstr(RICH, DOSE, lambda s: s.replace("/en/articles", "/zh/articles"))
    assert merge.localize(ARTICLES[RICH], entries, CFG, "zh").withheld == {}
    _, entries = with_msgstr(RICH, DOSE, lambda s: s.replace("/en/articles", "/fr/articles"))
    assert merge.localize(ARTICLES[RICH], entries, CFG, "zh").withheld != {}


def test_without_localize_links_a_translator_may_link_the_localized_page_only() -> None:
    """The live site's translators point /en/ links at the /zh/ page by hand: the same page
    in the reader's language. Any other change of the target is still refused."""
    plain = config.Config()
    assert not plain.localize_links
    _, entries = with_msgstr(RICH, DOSE, lambda s: s.replace("/en/articles", "/zh/articles"))
    assert merge.localize(ARTICLES[RICH], entries, plain, "zh").withheld == {}
    _, entries = with_msgstr(RICH, DOSE, lambda s: s.replace("/en/articles", "/zh/other"))
    assert merge.localize(ARTICLES[RICH], entries, plain, "zh").withheld != {}
    _, entries = with_msgstr(RICH, DOSE, lambda s: s.replace("/en/articles", "/fr/articles"))
    assert merge.localize(ARTICLES[RICH], entries, plain, "zh").withheld != {}


def test_reordered_links_and_swapped_emphasis_are_text() -> None:
    _, entries = with_msgstr(
        RICH,
        DOSE,
        "见[ACOG](https://www.acog.org/faq)和[指南](/en/articles/guide)；*随餐*服用**400-600mg**。",
    )
    assert merge.localize(ARTICLES[RICH], entries, CFG, "zh").withheld == {}


def test_interaction_only_classes_and_dropped_handlers_are_allowed() -> None:
    _, entries = with_msgstr(
        RICH, "NSAIDs such as", lambda s: s.replace("<abbr ", '<abbr class="hover:underline" ')
    )
    assert merge.localize(ARTICLES[RICH], entries, CFG, "zh").withheld == {}


def test_the_english_side_is_parsed_once_per_article() -> None:
    context._cached.cache_clear()
    entries = translations(SEED)
    translate = lambda m: entries[m].msgstr if m in entries else None  # noqa: E731
    for _ in range(3):
        review_mod._in_context.cache_clear()  # the verdict is kept too: judge it again
        assert safety.review(ARTICLES[SEED], translate, safety.prefix_localizer("en", "zh")) == {}
    info = context._cached.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_a_component_attribute_the_article_translates_may_change_and_only_that() -> None:
    text = (
        '---\ntitle: "T"\n---\n\n<Tabs>\n  <TabItem value="mac" label="macOS" hidden="no">\n'
        "    Use Homebrew.\n  </TabItem>\n</Tabs>\n"
    )
    article = extract.article(
        text, "a.mdx", "a", extract.Options(placeable_params=(("TabItem", ("label",)),))
    )
    assert [str(u.kind) for u in article.units][1:] == ["html: label attribute", "html text"]
    good = {"macOS": "macOS 系统"}
    assert safety.review(article, good.get) == {}
    assert set(safety.review(article, {"macOS": 'macOS" onclick="x'}.get)) == {"macOS"}
    assert set(safety.review(article, {"macOS": 'macOS" hidden="yes'}.get)) == {"macOS"}
    styled = extract.article(
        text.replace('hidden="no"', 'style="color: red"'),
        "a.mdx",
        "a",
        extract.Options(placeable_params=(("TabItem", ("label", "style")),)),
    )
    assert set(safety.review(styled, {"color: red": "display: none"}.get)) == {"color: red"}
    # the same attribute of an article that does not translate it is compared exactly
    plain = extract.article(text, "a.mdx", "a", extract.Options(placeable_params=()))
    assert [str(u.kind) for u in plain.units][1:] == ["html text"]
