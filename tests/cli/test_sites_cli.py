"""The two fixture sites (tests/sites), end to end through the command line, as a user runs
them: ``pipeline --root SITE extract / merge / check / sync`` with the layout preset of
the site's own ``pipeline.toml`` (issue 10, acceptance).

- Every page round-trips byte for byte: a catalog that translates every entry as its
  English gives back each page unchanged at the preset's localized path, ``check`` passes,
  the English files are untouched, and a second ``sync`` writes nothing.
- No shortcode, component, MDX comment, expression or heading id reaches a msgid unless
  the entry's ``#.`` note names it (the documented form: kept verbatim, checked).
- Each placeable breakage a translator can make fails ``check`` (exit 1, the message names
  the placeable) and is never published: merge writes the English text of that unit,
  marks the page ``draft: true`` and leaves the English file as it was. Translations that
  keep every placeable (a translated ``title=``/``text=`` parameter or ``TabItem`` label,
  a translated reference text with its key) are published.
- DeepL (the fake server) receives placeables only as tags, and its drafts keep them.
- ``import`` adopts a translated tree from the preset's folders back, entry for entry.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from pipeline import config
from pipeline.markdown import extract, placeables
from pipeline.repo.layout import Layout

SITES = Path(__file__).resolve().parents[1] / "sites"


def copy_site(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(SITES / name, root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".pipeline-cache" not in p.parts
    }


def layout(root: Path) -> tuple[Layout, config.Config]:
    cfg = config.load(root)
    return Layout(cfg), cfg


def catalogs(root: Path) -> list[Path]:
    lay, cfg = layout(root)
    return [lay.catalog(slug, loc) for slug in lay.slugs() for loc in cfg.locales]


def translate(root: Path, broken: dict[str, str] | None = None) -> None:
    """Every entry translated as its English (reviewed), except those in ``broken`` (every
    entry with that English: a title repeating its H1 has two, one with ``msgctxt``)."""
    broken = dict(broken or {})
    used = set()
    for path in catalogs(root):
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = broken.get(entry.msgid, entry.msgid)
            used.add(entry.msgid)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        po.save()
    assert not set(broken) - used, f"no entry has the msgid {sorted(set(broken) - used)}"


@pytest.fixture(autouse=True)
def _no_deepl(monkeypatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)


# -- the presets lay the sites out as their generators do ---------------------------------


def test_the_presets_put_each_page_where_its_generator_reads_it(tmp_path, run) -> None:
    hugo = copy_site(tmp_path, "hugo")
    lay, _ = layout(hugo)
    assert lay.slugs() == [
        "_index",
        "blog/2024/spring-release",
        "docs/_index",
        "docs/concepts/_index",
        "docs/concepts/schedules",
        "docs/getting-started/index",
        "includes/index",
        "includes/prereqs",
    ]
    assert lay.article("docs/getting-started/index", "zh-cn") == (
        hugo / "content/zh-cn/docs/getting-started/index.md"
    )
    assert lay.catalog("docs/concepts/_index", "zh-cn") == (
        hugo / "locale/zh-cn/docs/concepts/_index.po"
    )
    docs = copy_site(tmp_path, "docusaurus")
    lay, _ = layout(docs)
    assert lay.slugs() == [
        "blog/2024-05-01-launch",
        "docs/guides/_prereqs",
        "docs/guides/install",
        "docs/intro",
        "docs/reference/cli",
    ]
    i18n = docs / "i18n/zh-Hans"
    assert lay.article("docs/guides/install", "zh-Hans") == (
        i18n / "docusaurus-plugin-content-docs/current/guides/install.mdx"
    )
    assert lay.article("blog/2024-05-01-launch", "zh-Hans") == (
        i18n / "docusaurus-plugin-content-blog/2024-05-01-launch.md"
    )


# -- identity round trip ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["hugo", "docusaurus"])
def test_every_page_round_trips_byte_for_byte_through_the_cli(tmp_path, run, name) -> None:
    root = copy_site(tmp_path, name)
    english = snapshot(root)
    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    translate(root)
    result = run(root, "merge")
    assert result.exit_code == 0, result.output
    lay, cfg = layout(root)
    for slug, source in lay.sources().items():
        for loc in cfg.locales:
            out = lay.article(slug, loc)
            assert out.read_bytes() == source.path.read_bytes(), slug
    after = snapshot(root)
    assert {k: after[k] for k in english} == english  # the English site is untouched
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    result = run(root, "status")  # the generators' own front-matter keys have a policy
    assert result.exit_code == 0 and "without a policy" not in result.output, result.output
    stamps = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    result = run(root, "sync")
    assert result.exit_code == 0, result.output
    assert "written" not in result.stdout.replace("0 written", "")
    changed = [p for p in root.rglob("*") if p.is_file() and p.stat().st_mtime_ns != stamps.get(p)]
    assert not [p for p in changed if ".pipeline-cache" not in p.parts]


# -- placeables in msgids ---------------------------------------------------------------


def _syntax(cfg: config.Config, source: str) -> placeables.Syntax:
    return extract.Options.of(cfg).syntax(source)


@pytest.mark.parametrize("name", ["hugo", "docusaurus"])
def test_no_placeable_reaches_a_msgid_unless_its_note_names_it(tmp_path, run, name) -> None:
    root = copy_site(tmp_path, name)
    assert run(root, "extract").exit_code == 0
    lay, cfg = layout(root)
    seen = 0
    for slug, source in lay.sources().items():
        syntax = _syntax(cfg, lay.rel(source.path))
        for entry in polib.pofile(str(lay.template(slug))):
            kinds = entry.comment.splitlines()
            found = placeables.scan(entry.msgid, syntax)
            names = {placeables.describe(entry.msgid, p) for p in found}
            listed = entry.comment.split("placeables: ", 1)[-1] if found else ""
            assert all(n in listed for n in names), (slug, entry.msgid, entry.comment)
            seen += len(found)
            # what stays in the skeleton never reaches a msgid
            assert not entry.msgid.lstrip().startswith(
                ("import ", "export ", ":::", "{{< /", "{{% /", "{/*")
            ), (slug, entry.msgid)
            if any(k.startswith("heading") for k in kinds):
                assert "{#" not in entry.msgid and "{/*" not in entry.msgid, entry.msgid
            rest = entry.msgid
            for p in reversed(found):
                rest = rest[: p.start] + rest[p.end :]
            assert any(c.isalpha() for c in rest), (slug, entry.msgid)  # never placeables only
    assert seen  # the sites do put placeables inside sentences


# -- placeable breakages: check fails, merge withholds ----------------------------------

GETTING_STARTED = "docs/getting-started/index"
TABPANE = (
    "On a single-board computer, use the one-line form:\n"
    '{{< tabpane >}}{{< tab header="Pi" >}}Flash the ready-made image to the card.'
    "{{< /tab >}}{{< /tabpane >}}"
)
BATTERY = (
    '{{% alert title="Battery life" %}}Sensors last about 14&nbsp;months on two AA cells.'
    "{{% /alert %}}\nReplace both cells at the same time."
)
ELECTRICIAN = (
    "Connect each valve to one relay. See the [safety notes][safety] before you touch\n"
    'mains wiring, and ask a {{< glossary_tooltip text="licensed electrician" '
    'term_id="electrician" >}}\nwhen in doubt.[^1]'
)
DOCS_INDEX = (
    "Start with [Getting started](getting-started/), then read about [schedules] and\n"
    "the hub's [wiring diagram][wiring]."
)
CODESTEP = (
    "<CodeStep step={1}>Open a terminal</CodeStep> and run `lumen --version`. It prints\n"
    '<Highlight color="#2e8555">{version}</Highlight> when everything is in place.'
)
UPGRADING = (
    "Upgrading from Lumen 1? {/* TODO: link the migration guide */}Remove the old package\n"
    "first; your notes stay where they are."
)

BREAKAGES = {
    # Hugo
    "dropped closing shortcode": (
        "hugo",
        GETTING_STARTED,
        TABPANE,
        '在单板计算机上，使用单行形式：\n{{< tabpane >}}{{< tab header="Pi" >}}'
        "把现成的镜像写入存储卡。{{< /tab >}}",
        "{{< /tabpane >}}",
    ),
    "translated shortcode name": (
        "hugo",
        GETTING_STARTED,
        BATTERY,
        '{{% alert title="电池寿命" %}}两节 AA 电池约可使用 14&nbsp;个月。{{% /警报 %}}\n'
        "两节电池请同时更换。",
        "{{% /alert %}}",
    ),
    "dropped entity": (
        "hugo",
        GETTING_STARTED,
        BATTERY,
        '{{% alert title="电池寿命" %}}两节 AA 电池约可使用 14 个月。{{% /alert %}}\n'
        "两节电池请同时更换。",
        "&nbsp;",
    ),
    "heading id added": (
        "hugo",
        GETTING_STARTED,
        "Install the hub software",
        "安装集线器软件 {#安装}",
        "{#安装}",
    ),
    "translated reference label": (
        "hugo",
        "docs/_index",
        DOCS_INDEX,
        "先阅读[入门](getting-started/)，再了解[日程]和\n集线器的[接线图][wiring]。",
        ("[schedules]", "concepts/schedules/"),  # the label, or the link it stood for
    ),
    "translated full reference label": (
        "hugo",
        GETTING_STARTED,
        ELECTRICIAN,
        "把每个阀门接到一个继电器上。接触市电线路前请先阅读[安全须知][安全]，拿不准时\n"
        '请咨询{{< glossary_tooltip text="持证电工" term_id="electrician" >}}\n。[^1]',
        ("[safety]", "/docs/concepts/safety/"),
    ),
    "altered shortcode parameter": (
        "hugo",
        GETTING_STARTED,
        ELECTRICIAN,
        "把每个阀门接到一个继电器上。接触市电线路前请先阅读[安全须知][safety]，拿不准时\n"
        '请咨询{{< glossary_tooltip text="持证电工" term_id="电工" >}}\n。[^1]',
        "glossary_tooltip",
    ),
    "dropped footnote reference": (
        "hugo",
        GETTING_STARTED,
        ELECTRICIAN,
        "把每个阀门接到一个继电器上。接触市电线路前请先阅读[安全须知][safety]，拿不准时\n"
        '请咨询{{< glossary_tooltip text="持证电工" term_id="electrician" >}}。',
        "[^1]",
    ),
    "added shortcode": (
        "hugo",
        GETTING_STARTED,
        BATTERY,
        '{{% alert title="电池寿命" %}}两节 AA 电池约可使用 14&nbsp;个月。{{% /alert %}}\n'
        '两节电池请{{< glossary_tooltip text="同时" term_id="x" >}}更换。',
        "glossary_tooltip",
    ),
    # Docusaurus
    "dropped closing component": (
        "docusaurus",
        "docs/guides/install",
        CODESTEP,
        "<CodeStep step={1}>打开终端 并运行 `lumen --version`。一切就绪时它会显示\n"
        '<Highlight color="#2e8555">{version}</Highlight>。',
        "</CodeStep>",
    ),
    "altered component attribute": (
        "docusaurus",
        "docs/guides/install",
        CODESTEP,
        "<CodeStep step={2}>打开终端</CodeStep>并运行 `lumen --version`。一切就绪时它会显示\n"
        '<Highlight color="#2e8555">{version}</Highlight>。',
        "<CodeStep",
    ),
    "components reordered across each other": (
        "docusaurus",
        "docs/guides/install",
        CODESTEP,
        '<CodeStep step={1}>打开终端<Highlight color="#2e8555"></CodeStep>并运行 '
        "`lumen --version`。一切就绪时它会显示\n{version}</Highlight>。",
        "Highlight",
    ),
    "translated expression": (
        "docusaurus",
        "docs/guides/install",
        "Lumen {version} ships as a single package. Pick your platform:",
        "Lumen {版本} 以单个软件包发布。请选择你的平台：",
        "{version}",
    ),
    "altered MDX comment": (
        "docusaurus",
        "docs/guides/install",
        UPGRADING,
        "从 Lumen 1 升级？{/* 待办：链接迁移指南 */}请先卸载旧软件包；\n你的笔记保持原样。",
        "{/* TODO: link the migration guide */}",
    ),
    "dropped MDX comment": (
        "docusaurus",
        "docs/guides/install",
        UPGRADING,
        "从 Lumen 1 升级？请先卸载旧软件包；\n你的笔记保持原样。",
        "{/* TODO: link the migration guide */}",
    ),
}


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_a_broken_placeable_fails_check_and_is_never_published(tmp_path, run, case) -> None:
    name, slug, msgid, broken, named = BREAKAGES[case]
    root = copy_site(tmp_path, name)
    english = snapshot(root)
    assert run(root, "extract").exit_code == 0
    translate(root, {msgid: broken})
    lay, cfg = layout(root)
    po = lay.rel(lay.catalog(slug, cfg.locales[0]))

    result = run(root, "merge")
    assert result.exit_code == 0, result.output
    out = lay.article(slug, cfg.locales[0])
    said = [line for line in result.output.splitlines() if lay.rel(out) in line]
    assert said and "withheld" in said[0], result.output  # merge names the unit and why
    page = out.read_text("utf-8")
    assert broken not in page and msgid in page  # the English text, not the broken one
    assert re.search(r"^draft(: | = )true$", page, re.M), page
    after = snapshot(root)
    assert {k: after[k] for k in english} == english  # the English site is untouched

    result = run(root, "check")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors and all(line.startswith(po + ":") for line in errors), result.output
    names = (named,) if isinstance(named, str) else named
    assert any(
        "placeables" in line and any(n.lower() in line.lower() for n in names) for line in errors
    ), result.output


def test_a_translated_parameter_and_a_kept_heading_id_are_published(tmp_path, run) -> None:
    root = copy_site(tmp_path, "hugo")
    assert run(root, "extract").exit_code == 0
    good = (
        '{{% alert title="电池寿命" %}}两节 AA 电池约可使用 14&nbsp;个月。{{% /alert %}}\n'
        "两节电池请同时更换。"
    )
    translate(root, {BATTERY: good, "Install the hub software": "安装集线器软件"})
    result = run(root, "merge")
    assert result.exit_code == 0 and "withheld" not in result.output, result.output
    page = (root / "content/zh-cn/docs/getting-started/index.md").read_text("utf-8")
    assert good in page and "## 安装集线器软件 {#install}\n" in page
    assert "draft:" not in page
    result = run(root, "check")
    assert result.exit_code == 0, result.output


def test_translations_that_keep_every_placeable_are_published(tmp_path, run) -> None:
    root = copy_site(tmp_path, "hugo")
    assert run(root, "extract").exit_code == 0
    good = (
        "把每个阀门接到一个继电器上。接触市电线路前请先阅读[安全须知][safety]，拿不准时\n"
        '请咨询{{< glossary_tooltip text="持证电工" term_id="electrician" >}}。[^1]'
    )
    translate(root, {ELECTRICIAN: good})
    assert run(root, "merge").exit_code == 0
    page = (root / "content/zh-cn/docs/getting-started/index.md").read_text("utf-8")
    assert good in page and "draft" not in page
    assert run(root, "check").exit_code == 0

    root = copy_site(tmp_path, "docusaurus")
    assert run(root, "extract").exit_code == 0
    good = (
        "<CodeStep step={1}>打开终端</CodeStep>，然后运行 `lumen --version`。一切就绪时它会显示\n"
        '<Highlight color="#2e8555">{version}</Highlight>。'
    )
    translate(
        root,
        {
            CODESTEP: good,
            UPGRADING: "从 Lumen 1 升级？{/* TODO: link the "
            "migration guide */}请先卸载旧软件包；\n你的笔记保持原样。",
            "Install Lumen": "安装 Lumen",
            "Check the installation": "检查安装",
        },
    )
    assert run(root, "merge").exit_code == 0
    page = root / "i18n/zh-Hans/docusaurus-plugin-content-docs/current/guides/install.mdx"
    text = page.read_text("utf-8")
    assert good in text and "{/* TODO: link the migration guide */}请先" in text
    assert "\n# 安装 Lumen {/* #install */}\n" in text and "## 检查安装 {/* #check */}\n" in text
    assert "draft" not in text
    assert run(root, "check").exit_code == 0


@pytest.mark.parametrize("name", ["hugo", "docusaurus"])
def test_deepl_sees_placeables_as_tags_and_its_drafts_keep_them(
    tmp_path, run, monkeypatch, fake_deepl, name
) -> None:
    root = copy_site(tmp_path, name)
    monkeypatch.setenv("DEEPL_AUTH_KEY", "0000-fake:fx")
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    result = run(root, "sync")
    assert result.exit_code == 0, result.output
    sent = fake_deepl.sent_texts()
    assert sent
    for text in sent:  # outside its tags, DeepL gets prose only
        prose = re.sub(r"<[^>]*>", "", text)
        for syntax in ("{{", "}}", "{/*", "{version}", "[^", "&nbsp;", "&amp;", "][safety]"):
            assert syntax not in prose, (syntax, text)
    assert "withheld" not in result.output, result.output
    result = run(root, "check", "--min-coverage", "0")
    problems = [line for line in result.output.splitlines() if ": error: " in line]
    assert not [p for p in problems if "placeables" in p or "withheld" in p], problems


def test_a_component_attribute_the_site_names_is_translated_and_nothing_else(tmp_path, run) -> None:
    """``TabItem label`` (``placeable_params``) is published translated; a translation
    that breaks out of its quotes to add an attribute is withheld and fails check."""
    root = copy_site(tmp_path, "docusaurus")
    assert run(root, "extract").exit_code == 0
    translate(root, {"Linux": "Linux 系统", "Windows": 'Windows" onClick="alert(1)'})
    result = run(root, "merge")
    assert result.exit_code == 0, result.output
    page = root / "i18n/zh-Hans/docusaurus-plugin-content-docs/current/guides/install.mdx"
    text = page.read_text("utf-8")
    assert '<TabItem value="linux" label="Linux 系统" default>' in text
    assert '<TabItem value="windows" label="Windows">' in text and "onClick" not in text
    assert "withheld" in result.output and "onclick" in result.output.lower()
    result = run(root, "check")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "onclick" in errors[0].lower(), errors


def test_a_page_without_front_matter_gets_fences_only_to_be_marked_draft(tmp_path, run) -> None:
    root = copy_site(tmp_path, "hugo")
    assert run(root, "extract").exit_code == 0
    translate(root)
    assert run(root, "merge").exit_code == 0
    include = root / "content/zh-cn/includes/prereqs.md"
    english = (root / "content/en/includes/prereqs.md").read_text("utf-8")
    assert include.read_text("utf-8") == english  # no front matter in, none out
    heading = "Before you begin"
    translate(root, {heading: "开始之前 {{< note >}}"})
    assert run(root, "merge").exit_code == 0
    assert include.read_text("utf-8") == "---\ndraft: true\n---\n" + english
    result = run(root, "check")
    assert result.exit_code == 1 and "{{< note >}}" in result.output, result.output


def _mark(msgid: str) -> str:
    return "\n".join("译" + line if line.strip() else line for line in msgid.split("\n"))


@pytest.mark.parametrize("name", ["hugo", "docusaurus"])
def test_import_adopts_the_translated_tree_back(tmp_path, run, name) -> None:
    """A site translated before it used the pipeline: its localized pages (in the preset's
    folders) are aligned back into the catalogs, and merge then gives the same pages."""
    root = copy_site(tmp_path, name)
    assert run(root, "extract").exit_code == 0
    lay, cfg = layout(root)
    for path in catalogs(root):
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = _mark(entry.msgid)
        po.save()
    assert run(root, "merge").exit_code == 0
    pages = {p: p.read_bytes() for p in (lay.article(s, cfg.locales[0]) for s in lay.slugs())}
    expected = {p: p.read_text("utf-8") for p in catalogs(root)}
    shutil.rmtree(root / "locale" / cfg.locales[0])
    shutil.rmtree(root / ".pipeline-cache")
    assert run(root, "extract").exit_code == 0
    result = run(root, "import")
    assert result.exit_code == 0, result.output
    for path, text in expected.items():
        old = {e.msgid: e.msgstr for e in polib.pofile(text)}
        new = {e.msgid: e.msgstr for e in polib.pofile(str(path)) if not e.fuzzy}
        assert new == old, path
    assert run(root, "merge").exit_code == 0
    assert {p: p.read_bytes() for p in pages} == pages
