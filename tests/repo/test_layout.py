"""Where articles are: nested trees, Hugo and Docusaurus layouts, include/exclude globs."""

from __future__ import annotations

import re

import pytest
from conftest import write

from pipeline.config import build
from pipeline.repo.layout import Layout

PAGE = "---\ntitle: {t}\n---\n\nSome words about {t}.\n"


def layout(root, **settings) -> Layout:
    return Layout(build(root, settings, "pipeline.toml"))


def test_a_nested_tree_gives_path_slugs_and_mirrors_them(tmp_path):
    for rel in ("docs/concepts/overview.md", "docs/_index.md", "blog/post/index.md", "top.md"):
        write(tmp_path / "content/en" / rel, PAGE.format(t=rel))
    lay = layout(tmp_path)
    assert lay.slugs() == ["blog/post/index", "docs/_index", "docs/concepts/overview", "top"]
    assert lay.rel(lay.catalog("docs/concepts/overview", "zh")) == (
        "locale/zh/docs/concepts/overview.po"
    )
    assert lay.rel(lay.article("blog/post/index", "zh")) == "content/zh/blog/post/index.md"


def test_hugo_preset_keeps_each_page_s_suffix(tmp_path):
    write(tmp_path / "content/en/docs/setup.mdx", PAGE.format(t="setup"))
    lay = layout(tmp_path, preset="hugo")
    assert lay.rel(lay.article("docs/setup", "zh")) == "content/zh/docs/setup.mdx"


def test_docusaurus_preset_maps_docs_blog_and_pages_to_i18n(tmp_path):
    write(tmp_path / "docs/intro.mdx", PAGE.format(t="intro"))
    write(tmp_path / "docs/guides/install.md", PAGE.format(t="install"))
    write(tmp_path / "blog/2024-05-01-hello.md", PAGE.format(t="hello"))
    write(tmp_path / "src/pages/about.md", PAGE.format(t="about"))
    lay = layout(tmp_path, preset="docusaurus", locales=["zh-Hans"])
    assert lay.slugs() == [
        "blog/2024-05-01-hello",
        "docs/guides/install",
        "docs/intro",
        "pages/about",
    ]
    i18n = "i18n/zh-Hans/docusaurus-plugin-content"
    assert lay.rel(lay.article("docs/intro", "zh-Hans")) == f"{i18n}-docs/current/intro.mdx"
    assert lay.rel(lay.article("blog/2024-05-01-hello", "zh-Hans")) == (
        f"{i18n}-blog/2024-05-01-hello.md"
    )
    assert lay.rel(lay.article("pages/about", "zh-Hans")) == f"{i18n}-pages/about.md"
    assert lay.rel(lay.catalog("docs/intro", "zh-Hans")) == "locale/zh-Hans/docs/intro.po"


def test_include_and_exclude_globs(tmp_path):
    for rel in ("a.md", "drafts/b.md", "c.mdx", "notes.txt"):
        write(tmp_path / "content/en" / rel, PAGE.format(t=rel))
    lay = layout(tmp_path, include=["**/*.md"], exclude=["drafts/**"])
    assert lay.slugs() == ["a"]


def test_a_file_knows_its_article(tmp_path):
    write(tmp_path / "docs/intro.mdx", PAGE.format(t="intro"))
    lay = layout(tmp_path, preset="docusaurus")
    i18n = tmp_path / "i18n/zh/docusaurus-plugin-content-docs/current/intro.mdx"
    assert lay.owner(tmp_path / "docs/intro.mdx") == ("docs/intro", False)
    assert lay.owner(i18n) == ("docs/intro", False)
    assert lay.owner(tmp_path / "locale/zh/docs/intro.po") == ("docs/intro", False)
    assert lay.owner(tmp_path / "locale/zh/docs/intro.addenda.md") == ("docs/intro", False)
    assert lay.owner(tmp_path / "locale/zh/glossary.csv") == (None, True)
    assert lay.owner(tmp_path / "README.md") == (None, False)


def test_orphans_are_found_in_every_tree(tmp_path):
    write(tmp_path / "docs/intro.md", PAGE.format(t="intro"))
    write(tmp_path / "i18n/zh/docusaurus-plugin-content-blog/gone.md", "x")
    write(tmp_path / "locale/zh/blog/gone.po", "x")
    write(tmp_path / "locale/zh/docs/intro.po", "x")
    lay = layout(tmp_path, preset="docusaurus")
    orphans = lay.orphans("zh")
    assert list(orphans) == ["blog/gone"] and len(orphans["blog/gone"]) == 2


@pytest.mark.parametrize(
    "settings,named",
    [
        ({"trees": [{"source": "docs"}]}, "trees[0]: missing article"),
        ({"trees": [{"source": "d", "article": "x/{slug}.md", "nope": 1}]}, "unknown key nope"),
        ({"preset": "jekyll"}, "preset"),
    ],
)
def test_tree_settings_are_checked(tmp_path, settings, named):
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match=re.escape(named)):
        build(tmp_path, settings, "pipeline.toml")


def test_a_docusaurus_site_syncs_end_to_end(tmp_path, run):
    write(tmp_path / "docs/intro.mdx", PAGE.format(t="intro"))
    write(tmp_path / "blog/hello.md", PAGE.format(t="hello"))
    write(tmp_path / "pipeline.toml", 'preset = "docusaurus"\nmin_coverage = 0\n')
    result = run(tmp_path, "sync")
    assert result.exit_code == 0, result.output
    out = tmp_path / "i18n/zh/docusaurus-plugin-content-docs/current/intro.mdx"
    assert out.read_text("utf-8").endswith("Some words about intro.\n")
    assert (tmp_path / "locale/zh/blog/hello.po").is_file()
    assert run(tmp_path, "check", "--min-coverage", "0").exit_code == 0


def test_the_docusaurus_preset_reads_md_as_mdx_unless_the_site_says_otherwise(tmp_path):
    assert build(tmp_path, {"preset": "docusaurus"}).mdx_files == ("*.md", "*.mdx")
    detect = build(tmp_path, {"preset": "docusaurus", "mdx_files": ["*.mdx"]})
    assert detect.mdx_files == ("*.mdx",)
    assert build(tmp_path, {"preset": "hugo"}).mdx_files == ("*.mdx",)


def test_hugo_translation_by_file_name_is_configuration(tmp_path, run):
    """``about.zh-cn.md`` beside ``about.md``: the article pattern and one exclude."""
    write(tmp_path / "content/en/about.md", PAGE.format(t="about"))
    write(tmp_path / "content/en/docs/guide.md", PAGE.format(t="guide"))
    write(
        tmp_path / "pipeline.toml",
        'locales = ["zh-cn"]\narticle = "content/en/{path}.{lang}{ext}"\n'
        'exclude = ["**/*.zh-cn.md"]\nmin_coverage = 0\n',
    )
    assert run(tmp_path, "sync").exit_code == 0
    assert (tmp_path / "content/en/docs/guide.zh-cn.md").is_file()
    assert Layout(build(tmp_path, {"exclude": ["**/*.zh-cn.md"]})).slugs() == [
        "about",
        "docs/guide",
    ]
    again = run(tmp_path, "sync")
    assert again.exit_code == 0 and "written" not in again.stdout


def test_an_mdx_page_stays_mdx_in_the_default_layout(tmp_path):
    lay = layout(tmp_path)
    write(tmp_path / "content/en/guide/setup.mdx", PAGE.format(t="setup"))
    write(tmp_path / "content/en/a.md", PAGE.format(t="a"))
    assert lay.article("guide/setup", "zh") == tmp_path / "content/zh/guide/setup.mdx"
    assert lay.article("a", "zh") == tmp_path / "content/zh/a.md"
    assert lay.owner(tmp_path / "content/zh/guide/setup.mdx") == ("guide/setup", False)


@pytest.mark.parametrize("given", [".", "site", "./site", "site/", "ABS"])
def test_rel_is_relpath_whatever_form_the_root_is_given_in(tmp_path, monkeypatch, given):
    """``rel`` finds the paths it made by prefix (absolute root, or the root as given when
    relative): the same answers as ``os.path.relpath`` from the root, for every kind of path."""
    import os
    from pathlib import Path

    site = tmp_path / "site"
    write(site / "content/en/a/b.md", PAGE.format(t="b"))
    monkeypatch.chdir(site if given == "." else tmp_path)
    lay = layout(Path(str(site) if given == "ABS" else given))
    slug = "a/b"
    made = [
        *lay.files(slug, ("zh",), "source template catalog article addenda glossary"),
        lay.catalog(slug, "zh"),
        lay.article(slug, "zh"),
        lay.source(slug),
        lay.cache() / "memo.marshal",
        site / "content" / ".." / "content/en/a/b.md",
        site,
        site.parent / "elsewhere.md",
        Path("elsewhere.md"),
    ]
    root = os.path.abspath(site)
    for path in made:
        full = os.path.abspath(path)
        inside = full == root or full.startswith(root + os.sep)
        want = Path(os.path.relpath(full, root)).as_posix() if inside else Path(path).as_posix()
        assert lay.rel(path) == want, path


@pytest.mark.parametrize("given", [".", "site", "ABS", "site/../site", "odd"])
def test_files_are_the_normalized_joins_whatever_form_the_root_is_given_in(
    tmp_path, monkeypatch, given
):
    """``files`` joins by concatenation when root and name are normal: the same strings as
    ``normpath(join(root, name))``, also for patterns with dot or empty segments."""
    import os
    from pathlib import Path

    site = tmp_path / "site"
    write(site / "content/en/a/b.md", PAGE.format(t="b"))
    monkeypatch.chdir(site if given == "." else tmp_path)
    settings = {}
    if given == "odd":
        given = "site"
        settings = {"catalog": "./locale//{locale}/../{locale}/{slug}.po", "glossary": "g/.x/"}
    lay = layout(Path(str(site) if given == "ABS" else given), **settings)
    root = os.fspath(lay.root)
    names = {
        "catalog": lay.cfg.catalog.format(slug="a/b", path="a/b", locale="zh", lang="zh", ext=""),
        "glossary": lay.cfg.glossary.format(slug="", path="", locale="zh", lang="zh", ext=""),
        "template": lay.cfg.template.format(slug="a/b", path="a/b", locale="", lang="", ext=".md"),
    }
    for which, name in names.items():
        assert lay.files("a/b", ("zh",), which) == [os.path.normpath(os.path.join(root, name))]


def test_a_file_is_in_the_repository_only_where_its_links_lead(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    write(repo / "content/en/a.md", PAGE.format(t="a"))
    write(outside / "secret.md", PAGE.format(t="secret"))
    write(outside / "docs/b.md", PAGE.format(t="b"))
    (repo / "content/en/leak.md").symlink_to(outside / "secret.md")
    (repo / "content/en/alias.md").symlink_to(repo / "content/en/a.md")
    (repo / "content/en/docs").symlink_to(outside / "docs", target_is_directory=True)
    (repo / "content/en/up").symlink_to(repo / "content", target_is_directory=True)
    lay = layout(repo)
    en = repo / "content/en"
    assert lay.contains(en / "a.md") and lay.contains(en / "alias.md")
    assert lay.contains(en / "up/en/a.md")
    assert not lay.contains(en / "leak.md")
    assert not lay.contains(en / "docs/b.md")
    assert not lay.contains(en / "up/../../../outside/secret.md")
    assert lay.contains(repo) and not lay.contains(tmp_path)
