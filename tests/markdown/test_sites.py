"""The two fixture sites (tests/sites/hugo, tests/sites/docusaurus), page by page.

Every page survives extraction byte for byte, no shortcode, component or id reaches a
msgid unless the unit's note lists it, and the breakages a translator can make on a
real site (a dropped ``{{< /tabpane >}}``, a translated ``{{% /alert %}}``, a lost
heading id) fail ``check`` and are never published by merge.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline import config, gate, locales, merge
from pipeline.glossary import Glossary
from pipeline.markdown import extract, placeables
from pipeline.model import Article, Role
from pipeline.po import catalog

SITES = Path(__file__).resolve().parents[1] / "sites"
PAGES = sorted(
    p
    for site in ("hugo", "docusaurus")
    for p in (SITES / site).rglob("*")
    if p.suffix in (".md", ".mdx")
)


def site_of(path: Path) -> Path:
    return SITES / path.relative_to(SITES).parts[0]


def load(path: Path) -> tuple[Article, config.Config]:
    root = site_of(path)
    cfg = config.load(root)
    rel = path.relative_to(root).as_posix()
    return extract.article(path.read_text("utf-8"), rel, rel, extract.Options.of(cfg)), cfg


def reviewed(mapping: dict[str, str]) -> dict[str, polib.POEntry]:
    return {k: polib.POEntry(msgid=k, msgstr=v) for k, v in mapping.items()}


def test_the_fixture_sites_have_the_pages_the_issue_asks_for() -> None:
    names = {p.relative_to(SITES).as_posix() for p in PAGES}
    assert "hugo/content/en/_index.md" in names
    assert "hugo/content/en/docs/getting-started/index.md" in names  # a page bundle
    assert "hugo/content/en/includes/prereqs.md" in names  # no front matter
    assert any(n.endswith(".mdx") for n in names)
    assert not (SITES / "hugo/content/zh-cn").exists()
    assert not (SITES / "docusaurus/i18n").exists()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(SITES).as_posix())
def test_every_page_round_trips_through_extract_and_merge(path: Path) -> None:
    text = path.read_text("utf-8")
    article, cfg = load(path)
    body = extract.fill(article.body, lambda m: m)
    assert article.bom + article.fm_open + article.fm_text + article.fm_close + body == text
    locale = cfg.locales[0]
    out = merge.localize(article, reviewed({u.key: u.msgid for u in article.units}), cfg, locale)
    assert out.text == text and not out.draft
    assert merge.source_mirrors(article, {locale: out.values}, cfg) == text


def _documented(unit, syntax: placeables.Syntax) -> bool:
    """Every placeable in the msgid is named in the unit's note."""
    found = placeables.scan(unit.msgid, syntax)
    names = {placeables.describe(unit.msgid, p) for p in found}
    return all(name in unit.note for name in names)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(SITES).as_posix())
def test_no_placeable_reaches_a_msgid_undocumented(path: Path) -> None:
    article, cfg = load(path)
    syntax = extract.Options.of(cfg).syntax(article.path)
    for unit in article.units:
        if unit.kind.is_front_matter or unit.kind.is_code or unit.kind.is_value:
            continue
        assert _documented(unit, syntax), (unit.msgid, unit.note)
        assert not unit.msgid.startswith(("import ", "export ", ":::", "{{< /", "{/*"))
        if unit.kind.role is Role.HEADING:
            assert "{#" not in unit.msgid and "{/*" not in unit.msgid


def test_shortcode_and_component_lines_never_become_units() -> None:
    msgids = [u.msgid for p in PAGES for u in load(p)[0].units]
    assert not [
        m for m in msgids if placeables.scan(m, placeables.Syntax(mdx=True)) and not _prose(m)
    ]
    assert "Linux" in msgids and "Before you begin" in msgids  # tab header, admonition title


def _prose(msgid: str) -> bool:
    found = placeables.scan(msgid, placeables.Syntax(mdx=True))
    rest = msgid
    for p in reversed(found):
        rest = rest[: p.start] + rest[p.end :]
    return any(c.isalpha() for c in rest)


# -- breakages -------------------------------------------------------------------------

GETTING_STARTED = SITES / "hugo/content/en/docs/getting-started/index.md"


def _unit(article: Article, needle: str):
    return next(u for u in article.units if needle in u.msgid)


def _check_and_merge(path: Path, needle: str, broken: str):
    """The catalog translates every unit as itself, except the one holding ``needle``."""
    article, cfg = load(path)
    unit = _unit(article, needle)
    mapping = {u.key: u.msgid for u in article.units}
    mapping[unit.msgid] = broken
    po = catalog.template(article.units, article.path, "x")
    for e in po:
        e.msgstr = mapping[e.msgid]
    pair = (locales.source(cfg), locales.resolve(cfg, cfg.locales[0]))
    problems = gate.translation_problems(po, "x.po", Glossary(), cfg.fm_limits, pair)
    out = merge.localize(article, catalog.translations(po), cfg, cfg.locales[0])
    return unit, problems, out


def test_a_dropped_closing_shortcode_fails_check_and_is_withheld() -> None:
    unit, problems, out = _check_and_merge(
        GETTING_STARTED,
        "{{< /tabpane >}}",
        "在单板计算机上，使用单行形式：\n"
        '{{< tabpane >}}{{< tab header="Pi" >}}把现成的镜像写入存储卡。{{< /tab >}}',
    )
    errors = [p for p in problems if p.severity == "error"]
    assert [p.check for p in errors] == ["placeables"]
    assert "{{< /tabpane >}}" in errors[0].message
    assert out.draft and unit.msgid in out.text and "把现成的镜像" not in out.text
    assert any("withheld" in n and "placeables" in n for n in out.notes)


def test_a_translated_shortcode_name_fails_check_and_is_withheld() -> None:
    unit, problems, out = _check_and_merge(
        GETTING_STARTED,
        "{{% /alert %}}",
        '{{% alert title="电池寿命" %}}两节 AA 电池约可使用 14&nbsp;个月。{{% /警报 %}}\n'
        "两节电池请同时更换。",
    )
    messages = [p.message for p in problems if p.check == "placeables"]
    assert any("{{% /alert %}}" in m for m in messages)
    assert any("{{% /警报 %}}" in m for m in messages)
    assert "{{% /警报 %}}" not in out.text and unit.msgid in out.text


def test_the_translatable_parameter_may_change_and_the_rest_may_not() -> None:
    good = (
        '{{% alert title="电池寿命" %}}两节 AA 电池约可使用 14&nbsp;个月。{{% /alert %}}\n'
        "两节电池请同时更换。"
    )
    _, problems, out = _check_and_merge(GETTING_STARTED, "{{% /alert %}}", good)
    assert not [p for p in problems if p.check == "placeables"] and good in out.text
    bad = good.replace("&nbsp;", " ")
    _, problems, _ = _check_and_merge(GETTING_STARTED, "{{% /alert %}}", bad)
    assert any("&nbsp;" in p.message for p in problems if p.check == "placeables")


def test_a_heading_id_cannot_be_lost_and_cannot_be_duplicated() -> None:
    article, cfg = load(GETTING_STARTED)
    heading = _unit(article, "Install the hub software")
    assert heading.msgid == "Install the hub software"
    mapping = {u.key: u.msgid for u in article.units}
    mapping[heading.msgid] = "安装集线器软件"
    out = merge.localize(article, reviewed(mapping), cfg, "zh-cn")
    assert "## 安装集线器软件 {#install}\n" in out.text
    _, problems, out = _check_and_merge(
        GETTING_STARTED, "Install the hub software", "安装集线器软件 {#安装}"
    )
    assert any("{#安装}" in p.message for p in problems if p.check == "placeables")
    assert "{#安装}" not in out.text


def test_an_mdx_component_and_a_reference_label_are_kept() -> None:
    mdx = SITES / "docusaurus/docs/guides/install.mdx"
    _, problems, out = _check_and_merge(
        mdx,
        "<CodeStep",
        "<CodeStep step={1}>打开终端 并运行 `lumen --version`。一切就绪时它会显示\n"
        '<Highlight color="#2e8555">{version}</Highlight>。',
    )
    assert any("</CodeStep>" in p.message for p in problems if p.check == "placeables")
    docs = SITES / "hugo/content/en/docs/_index.md"
    _, problems, _ = _check_and_merge(
        docs,
        "[schedules]",
        "先阅读[入门](getting-started/)，再了解[日程]和\n集线器的[接线图][wiring]。",
    )
    assert any("[schedules]" in p.message for p in problems if p.check == "placeables")
    _, problems, _ = _check_and_merge(
        docs,
        "[schedules]",
        "先阅读[入门](getting-started/)，再了解[日程][schedules]和\n集线器的[接线图][wiring]。",
    )
    assert not [p for p in problems if p.check == "placeables"]
