"""Runs over a repository: sync reads each file once; status and check count alike."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import copy_corpus, needs_corpus, write

from pipeline.markdown import extract
from pipeline.po import catalog

A = "---\ntitle: Heat\n---\n\nHeat helps.\n\nRest helps too.\n"
B = "---\ntitle: Tea\n---\n\nGinger tea warms.\n\n- Boil water.\n- Add ginger.\n"
C = "---\ntitle: Sleep\n---\n\nSleep on your side.\n"


@pytest.fixture
def site(repo, run):
    for name, text in (("a", A), ("b", B), ("c", C)):
        write(repo / f"content/en/{name}.md", text)
    write(repo / "pipeline.toml", "min_coverage = 0\n")
    assert run(repo, "sync").exit_code == 0
    return repo


def _count(monkeypatch) -> tuple[Counter, Counter]:
    """Count every call of the Markdown extractor and the PO reader, by file."""
    articles: Counter = Counter()
    catalogs: Counter = Counter()
    real_article, real_loads = extract.article, catalog.loads

    def article(text, path, *args, **kw):
        articles[path] += 1
        return real_article(text, path, *args, **kw)

    def loads(text, path, *args, **kw):
        catalogs[path] += 1
        return real_loads(text, path, *args, **kw)

    monkeypatch.setattr(extract, "article", article)
    monkeypatch.setattr(catalog, "loads", loads)
    return articles, catalogs


def test_sync_parses_each_article_and_each_catalog_once(site, run, monkeypatch):
    write(site / "content/en/a.md", A + "\nA new paragraph.\n")
    po = site / "locale/zh/b.po"
    po.write_text(
        po.read_text("utf-8").replace(
            'msgid "Ginger tea warms."\nmsgstr ""', 'msgid "Ginger tea warms."\nmsgstr "姜茶暖身。"'
        ),
        "utf-8",
    )
    (site / ".pipeline-cache").rename(site / ".old-cache")  # every stage runs: nothing memoized
    articles, catalogs = _count(monkeypatch)
    result = run(site, "sync")
    assert result.exit_code == 0, result.output
    assert set(articles) == {"content/en/a.md", "content/en/b.md", "content/en/c.md"}
    assert max(articles.values()) == 1, articles
    assert {"locale/zh/a.po", "locale/zh/b.po", "locale/zh/c.po"} <= set(catalogs)
    assert max(catalogs.values()) == 1, catalogs  # catalogs and templates, once each
    assert "姜茶暖身。" in (site / "content/zh/b.md").read_text("utf-8")


def test_a_second_sync_changes_nothing(site, run):
    before = {
        p: p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and ".pipeline-cache" not in p.parts
    }
    result = run(site, "sync")
    assert result.exit_code == 0
    after = {
        p: p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and ".pipeline-cache" not in p.parts
    }
    assert after == before


def _status(run, root) -> dict[str, tuple]:
    out = run(root, "status").stdout.splitlines()[1:]
    rows = {}
    for line in out:
        parts = line.split()
        if len(parts) >= 8 and parts[1] == "zh":
            slug, _, units, words, reviewed, fuzzy, untr, cover = parts[:8]
            rows[slug] = (int(units), int(words), int(reviewed), int(fuzzy), int(untr), cover)
    return rows


def _check(run, root) -> dict[str, tuple]:
    data = json.loads(run(root, "check", "--format", "json").stdout)
    return {
        a["slug"]: (
            a["units"],
            a["words"],
            a["reviewed"],
            a["fuzzy"],
            a["untranslated"],
            f"{a['coverage']:.0f}%",
        )
        for a in data["articles"]
    }


def _translate_all(po_path, fuzzy=False):
    text = po_path.read_text("utf-8")
    po = catalog.loads(text, str(po_path))
    for e in po:
        if e.msgid and not e.msgstr:
            e.msgstr = "译" + e.msgid
            if fuzzy:
                e.flags.append("fuzzy")
    po_path.write_text(catalog.dumps(po), "utf-8")


@pytest.mark.parametrize(
    "state",
    ["synced", "translated", "fuzzy", "paragraph added", "paragraph removed", "paragraph edited"],
)
def test_status_and_check_count_alike_in_every_state(site, run, state):
    if state in ("translated", "paragraph added", "paragraph removed", "paragraph edited"):
        _translate_all(site / "locale/zh/b.po")
    if state == "fuzzy":
        _translate_all(site / "locale/zh/b.po", fuzzy=True)
    if state == "paragraph added":
        write(site / "content/en/b.md", B + "\nA brand new paragraph with five words.\n")
    if state == "paragraph removed":
        write(site / "content/en/b.md", B.replace("Ginger tea warms.\n\n", ""))
    if state == "paragraph edited":
        write(site / "content/en/b.md", B.replace("Ginger tea warms.", "Ginger tea warms you up."))
    status, check = _status(run, site), _check(run, site)
    assert status == check
    assert set(status) == {"a", "b", "c"}


TITLED = '---\ntitle: "Heat therapy basics"\n---\n\n# Heat therapy basics\n\nHeat helps.\n'
OLD_PO = """msgid ""
msgstr ""
"Project-Id-Version: t\\n"
"Language: zh\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

# checked by Li
#. front matter: title
#. heading 1
#: content/en/t.md
msgid "Heat therapy basics"
msgstr "热疗基础"

#. paragraph
#: content/en/t.md
#, fuzzy
#| msgid "Heat helped."
msgid "Heat helps."
msgstr "热有帮助。"
"""


def test_a_title_equal_to_the_h1_is_translated_apart_and_lands_in_its_place(repo, run):
    write(repo / "content/en/t.md", TITLED)
    assert run(repo, "extract").exit_code == 0
    po_file = repo / "locale/zh/t.po"
    po = catalog.loads(po_file.read_text("utf-8"), "t.po")
    title = po.find("Heat therapy basics", "front matter: title")
    title.msgstr = "热疗入门：缓解痛经"  # the page title, longer than the H1
    po.find("Heat therapy basics").msgstr = "热疗基础"
    po.find("Heat helps.").msgstr = "热有帮助。"
    po_file.write_text(catalog.dumps(po), "utf-8")
    assert run(repo, "merge").exit_code == 0
    zh = (repo / "content/zh/t.md").read_text("utf-8")
    assert 'title: "热疗入门：缓解痛经"' in zh and "\n# 热疗基础\n" in zh
    checked = run(repo, "check", "--require-reviewed")
    assert checked.exit_code == 0, checked.output


def test_a_catalog_made_before_contexts_migrates_on_sync_keeping_everything(repo, run):
    """The title and the H1 shared one entry: sync gives each its own, both with the
    reviewed translation and the translator's note; the fuzzy entry keeps its previous
    English; nothing is left obsolete; a second sync changes nothing."""
    write(repo / "content/en/t.md", TITLED)
    write(repo / "locale/zh/t.po", OLD_PO)
    assert run(repo, "check").exit_code == 1  # stale: extract not run since contexts
    assert run(repo, "sync").exit_code == 0
    text = (repo / "locale/zh/t.po").read_text("utf-8")
    po = catalog.loads(text, "t.po")
    for ctx in ("front matter: title", None):
        e = po.find("Heat therapy basics", ctx)
        assert (e.msgstr, e.fuzzy, e.tcomment) == ("热疗基础", False, "checked by Li")
    heat = po.find("Heat helps.")
    assert heat.fuzzy and heat.previous_msgid == "Heat helped." and heat.msgstr == "热有帮助。"
    assert not po.obsolete_entries() and len(po.entries) == 3
    assert text.count('msgstr "热疗基础"') == 2
    zh = (repo / "content/zh/t.md").read_text("utf-8")
    assert 'title: "热疗基础"' in zh and "\n# 热疗基础\n" in zh
    files = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and "cache" not in str(p)}
    assert run(repo, "sync").exit_code == 0
    assert {p: p.read_bytes() for p in files} == files


def _before_contexts(po) -> None:
    """The catalog as the tool wrote it before contexts: one entry per English text, its
    ``#.`` lines naming every role, the first entry's translation."""
    first: dict[str, object] = {}
    kept = []
    for e in po.entries:
        if e.obsolete:
            kept.append(e)
            continue
        other = first.get(e.msgid)
        if other is None:
            e.msgctxt = None
            first[e.msgid] = e
            kept.append(e)
        else:
            lines = other.comment.split("\n")
            other.comment = "\n".join(
                [*lines, *(x for x in e.comment.split("\n") if x not in lines)]
            )
    po.entries = kept


@needs_corpus
def test_the_corpus_catalogs_from_before_contexts_migrate_keeping_every_translation(tmp_path, run):
    copy_corpus(tmp_path, ("en", "zh"))
    assert run(tmp_path, "import").exit_code == 0
    before = {}
    for path in sorted((tmp_path / "locale/zh").glob("*.po")):
        po = catalog.loads(path.read_text("utf-8"), path.name)
        _before_contexts(po)
        path.write_text(catalog.dumps(po), "utf-8")
        before[path] = [(e.msgid, e.msgstr, e.flags, e.tcomment) for e in po if e.msgstr]
    assert sum(len(v) for v in before.values()) > 8000
    assert run(tmp_path, "sync").exit_code in (0, 1)
    split = 0
    for path, entries in before.items():
        po = catalog.loads(path.read_text("utf-8"), path.name)
        assert not po.obsolete_entries(), path.name
        for msgid, msgstr, flags, note in entries:
            now = [e for e in po if e.msgid == msgid]
            assert now and all(
                (e.msgstr, e.flags, e.tcomment) == (msgstr, flags, note) for e in now
            )
            split += len(now) - 1
    assert split >= 40  # the titles that repeat their H1, and a few cells
    files = {p: p.read_bytes() for p in (tmp_path / "locale").rglob("*.po")}
    run(tmp_path, "sync")
    assert {p: p.read_bytes() for p in files} == files


def test_reading_time_labels_are_kept_between_runs(repo, run, monkeypatch) -> None:
    """A reading-time label CLDR gave once comes from the memo in a later process: an edit
    of one article does not load babel's units and locale data again (~15 ms a run)."""
    import babel.units

    from pipeline import locales

    text = "---\ntitle: Heat\nreadingTime: 1 min read\n---\n\nHeat helps.\n"
    write(repo / "content/en/a.md", text)
    write(repo / "pipeline.toml", "min_coverage = 0\n")
    assert run(repo, "sync").exit_code == 0
    first = (repo / "content/zh/a.md").read_text("utf-8")
    assert "readingTime:" in first
    monkeypatch.setattr(locales, "_LABELS", {})  # a new process: nothing formatted yet
    formatted = []
    real = babel.units.format_unit

    def format_unit(*args, **kwargs):
        formatted.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(babel.units, "format_unit", format_unit)
    write(repo / "content/en/a.md", text.replace("Heat helps.", "Heat helps a lot."))
    assert run(repo, "sync").exit_code == 0
    assert formatted == []
    label = next(line for line in first.splitlines() if line.startswith("readingTime:"))
    assert label in (repo / "content/zh/a.md").read_text("utf-8").splitlines()
