"""A site with five locales: sync, check and import end to end against the fake DeepL."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel import Locale as BabelLocale
from babel.units import format_unit
from conftest import CORPUS, SEED, copy_corpus, needs_corpus, write

from pipeline import locales
from pipeline.config import load
from pipeline.drafting.cleanup import fix_flanking

FIVE = ["zh", "zh-Hant", "ja", "fr", "pt-BR"]
TARGETS = {"zh": "ZH-HANS", "zh-Hant": "ZH-HANT", "ja": "JA", "fr": "FR", "pt-BR": "PT-BR"}
SLUG = SEED.stem


@pytest.fixture
def site(repo, monkeypatch, fake_deepl):
    shutil.copyfile(SEED, repo / "content/en" / SEED.name)
    write(repo / "pipeline.toml", f"locales = {json.dumps(FIVE)}\nlocalize_links = true\n")
    monkeypatch.setenv("DEEPL_AUTH_KEY", "key:fx")
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    return repo


def front_matter(path: Path) -> dict[str, str]:
    text = path.read_text("utf-8").split("---\n")[1]
    return dict(re.findall(r'^(\w+): "?(.*?)"?$', text, re.MULTILINE))


def test_sync_writes_every_locale_with_its_own_codes_headers_and_labels(site, run, fake_deepl):
    result = run(site, "sync")
    assert result.exit_code == 0, result.output
    assert {b["target_lang"] for b in fake_deepl.translate_bodies()} == set(TARGETS.values())
    assert {b["source_lang"] for b in fake_deepl.translate_bodies()} == {"EN"}
    cfg = load(site)
    english = front_matter(site / "content/en" / SEED.name)
    for tag in FIVE:
        loc = locales.resolve(cfg, tag)
        po = polib.pofile(str(site / "locale" / tag / f"{SLUG}.po"))
        assert po.metadata["Language"] == loc.po_language
        assert po.metadata["Plural-Forms"] == loc.plural_forms
        assert all(e.msgstr.startswith(("译:", f"{TARGETS[tag]}:")) for e in po if e.msgid)
        article = front_matter(site / "content" / tag / SEED.name)
        label = format_unit(
            18, "duration-minute", locale=BabelLocale.parse(tag, sep="-"), length="short"
        )
        assert article["reading_time"] == label
        assert english[f"reading_time_{loc.suffix}"] == label
        assert article["canonical_url"] == f"/{tag}/articles/{SLUG}"
        assert article["draft"] == "true"
    assert english["reading_time_zh"] == "18分钟" and english["reading_time_zh_hant"] == "18 分鐘"
    again = run(site, "sync")
    assert again.exit_code == 0 and not re.search(r"^written", again.stdout, re.M), again.stdout


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_every_catalog_passes_msgfmt_check(site, run):
    assert run(site, "sync").exit_code == 0
    for tag in FIVE:
        path = site / "locale" / tag / f"{SLUG}.po"
        done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
        assert done.returncode == 0, done.stderr.decode()


@pytest.mark.slow
def test_check_reports_each_locale_and_import_gives_the_articles_back(site, run):
    assert run(site, "sync").exit_code == 0
    result = run(site, "check", "--format", "json")
    report = json.loads(result.stdout)
    by_locale = {a["locale"]: a for a in report["articles"]}
    assert set(by_locale) == set(FIVE) and result.exit_code == 1  # drafts are not reviewed
    for a in by_locale.values():
        assert a["fuzzy"] == a["units"] and not a["stale"]
        assert {p["check"] for p in a["problems"] if p["severity"] == "error"} == {"coverage"}
    before = {t: (site / "content" / t / SEED.name).read_text("utf-8") for t in FIVE}
    imported = run(site, "import")
    assert imported.exit_code == 0, imported.output
    assert run(site, "sync").exit_code == 0
    after = {t: (site / "content" / t / SEED.name).read_text("utf-8") for t in FIVE}
    assert after == before
    assert all(
        not a["stale"]
        for a in json.loads(run(site, "check", "--format", "json").stdout)["articles"]
    )


def test_content_segments_are_per_locale(site, run):
    write(
        site / "pipeline.toml",
        'locales = ["zh", "zh-Hant"]\nlocalize_links = true\n'
        '[locale.zh]\nsegment = "zh-cn"\n[locale.zh-Hant]\nsegment = "zh-tw"\n',
    )
    assert run(site, "sync").exit_code == 0
    assert (site / "content/zh-cn" / SEED.name).is_file() and (
        site / "locale/zh" / f"{SLUG}.po"
    ).is_file()
    assert (
        front_matter(site / "content/zh-tw" / SEED.name)["canonical_url"]
        == f"/zh-tw/articles/{SLUG}"
    )
    assert not (site / "content/zh").exists() and not (site / "content/zh-Hant").exists()


def test_an_unknown_target_code_is_rejected_by_deepl_and_reported(site, run, fake_deepl):
    write(site / "pipeline.toml", 'locales = ["fr"]\n[locale.fr]\ndeepl = "FR-CA"\n')
    result = run(site, "sync")
    assert result.exit_code == 1
    assert "Value for 'target_lang' not supported" in result.stderr
    assert {r.status for r in fake_deepl.records if r.path == "/v2/translate"} == {400}


def test_a_locale_deepl_cannot_draft_is_an_error_naming_it(site, run, fake_deepl):
    write(site / "pipeline.toml", 'locales = ["sr-Latn"]\n')
    result = run(site, "sync")
    assert result.exit_code == 2 and "sr-Latn" in result.stderr
    assert not fake_deepl.translate_bodies()
    assert run(site, "sync", "--engine", "memory").exit_code == 0  # other engines still work


@needs_corpus
def test_the_corpus_in_traditional_chinese_is_drafted_through_opencc(tmp_path, run, monkeypatch):
    """Acceptance: the imported Simplified corpus, then zh-Hant added and synced."""
    opencc = pytest.importorskip("opencc")
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    slugs = copy_corpus(tmp_path)
    write(tmp_path / "pipeline.toml", 'locales = ["zh"]\nlocalize_links = true\n')
    assert run(tmp_path, "import", "--from", str(CORPUS / "zh")).exit_code == 0
    write(tmp_path / "pipeline.toml", 'locales = ["zh", "zh-Hant"]\nlocalize_links = true\n')
    result = run(tmp_path, "sync")
    assert result.exit_code == 0, result.output
    convert = opencc.OpenCC("s2twp").convert
    cfg = load(tmp_path)
    hant = locales.resolve(cfg, "zh-Hant")
    reviewed: dict[object, set[str]] = {}  # English -> every reviewed Simplified translation
    for slug in slugs:
        for e in polib.pofile(str(tmp_path / "locale/zh" / f"{slug}.po")):
            if e.msgstr and not e.fuzzy and not e.obsolete:
                reviewed.setdefault(e.msgid, set()).add(e.msgstr)
                reviewed.setdefault((e.msgctxt, e.msgid), set()).add(e.msgstr)  # in one role
    drafted = 0
    for slug in slugs:
        for e in polib.pofile(str(tmp_path / "locale/zh-Hant" / f"{slug}.po")):
            if e.obsolete or not e.msgid:
                continue
            sources = reviewed.get((e.msgctxt, e.msgid)) or reviewed.get(e.msgid, set())
            if not sources:
                assert not e.msgstr  # nothing to convert, and no DeepL key
                continue
            assert e.fuzzy and "draft: opencc s2twp" in e.tcomment
            if len(sources) > 1:
                assert "translate this text differently" in e.tcomment
            elif not re.search(r"[`<\]]|https?:", next(iter(sources))):
                assert e.msgstr == fix_flanking(convert(next(iter(sources))))  # draft cleanup
            drafted += 1
        article = tmp_path / "content/zh-Hant" / f"{slug}.md"
        if article.exists():
            values = front_matter(article)
            assert values["draft"] == "true"
            english = front_matter(tmp_path / "content/en" / f"{slug}.md")
            if "reading_time" in values:
                assert english[f"reading_time_{hant.suffix}"] == values["reading_time"]
                assert values["reading_time"].endswith(" 分鐘")
    assert drafted > 1000
    written = list((tmp_path / "content/zh-Hant").glob("*.md"))
    assert len(written) > len(slugs) / 2
    report = json.loads(run(tmp_path, "check", "--format", "json").stdout)
    hant_checks = [a for a in report["articles"] if a["locale"] == "zh-Hant"]
    assert len(hant_checks) == len(slugs) and not report["ok"]
    assert all(a["reviewed"] == 0 and a["fuzzy"] > 0 and not a["stale"] for a in hant_checks)
    assert not re.search(r"^written", run(tmp_path, "sync").stdout, re.MULTILINE)
