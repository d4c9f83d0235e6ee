"""check's kept verdicts are never an "ok" that a plain check (``--no-cache``) would not give.

Holes found in review (cachereview): a file saved while the run read it, a cache file
with the right key and a damaged or forged body, the interpreter's Unicode data.
"""

from __future__ import annotations

import json

import polib
from test_checkcache import SLUG, verdicts

from pipeline.config import load
from pipeline.repo import checkcache
from pipeline.repo.checkcache import CheckCache
from pipeline.repo.workspace import Workspace


def _bad_catalog(root) -> tuple:
    """The article's catalog with an error the gate reports, and the good bytes."""
    path = root / "locale/zh" / f"{SLUG}.po"
    good = path.read_bytes()
    po = polib.pofile(str(path), wrapwidth=0)
    entry = [e for e in po if e.msgstr and not e.obsolete][3]
    entry.msgstr += " <script>alert(1)</script> [x](https://evil.example)"
    po.save()
    return path, good, path.read_bytes()


def _errors(found: list[dict]) -> int:
    return sum(p[1] == "error" for r in found for p in r["problems"])


def test_a_file_saved_during_the_run_keeps_no_verdict_for_the_old_bytes(
    site,  # noqa: F811
    monkeypatch,
) -> None:
    """The key hashes the files before the checks read them: when a person saves a file
    in between, the verdict (of the new bytes) must not be kept under the old bytes' key,
    or going back to the old bytes would show the new bytes' verdict."""
    path, good, bad = _bad_catalog(site)
    bad_plain, _ = verdicts(site, cache=False)
    real = CheckCache.article_key

    def saved_meanwhile(self, slug):
        key = real(self, slug)
        path.write_bytes(good)  # the fix lands after the key, before the read
        return key

    monkeypatch.setattr(CheckCache, "article_key", saved_meanwhile)
    verdicts(site, cache=True)
    monkeypatch.setattr(CheckCache, "article_key", real)
    path.write_bytes(bad)  # back to the bytes the key was made of
    kept, _ = verdicts(site, cache=True)
    assert _errors(bad_plain) > 0
    assert kept == bad_plain


def test_a_catalog_saved_during_the_run_keeps_no_consistency_for_the_old_bytes(
    site,  # noqa: F811
    monkeypatch,
) -> None:
    """The same for the consistency part: every catalog of the locale is hashed, then
    read for the conflicts; another article's catalog saved in between must not leave
    this article's consistency findings kept under the old bytes' key."""
    for pattern in ("content/en/{}.md", "content/zh/{}.md", "locale/templates/{}.pot"):
        src = site / pattern.format(SLUG)
        src.with_name(src.name.replace(SLUG, "other")).write_bytes(src.read_bytes())
    other = site / "locale/zh/other.po"
    other.write_bytes((site / "locale/zh" / f"{SLUG}.po").read_bytes())
    same = other.read_bytes()
    po = polib.pofile(str(other), wrapwidth=0)
    entry = [e for e in po if e.msgstr and not e.obsolete and not e.fuzzy][5]
    entry.msgstr = "冷敷完全不同的说法"
    po.save()
    differ = other.read_bytes()
    plain, _ = verdicts(site, cache=False)
    assert any(p[0] == "consistency" for r in plain for p in r["problems"])
    real = CheckCache.consistency_key

    def saved_meanwhile(self, slug, locale):
        key = real(self, slug, locale)
        other.write_bytes(same)  # saved after the hashing, before the conflicts are read
        return key

    monkeypatch.setattr(CheckCache, "consistency_key", saved_meanwhile)
    verdicts(site, cache=True)
    monkeypatch.setattr(CheckCache, "consistency_key", real)
    other.write_bytes(differ)
    cached, _ = verdicts(site, cache=True)
    assert cached == plain


def test_a_kept_verdict_with_the_right_key_but_no_results_is_not_trusted(
    site,  # noqa: F811
) -> None:
    """A damaged or hand-made file whose key matches (the key is public: anyone can
    compute it) must not make an article disappear from the report or pass it."""
    _bad_catalog(site)
    plain, _ = verdicts(site, cache=False)
    verdicts(site, cache=True)
    path = site / ".pipeline-cache/check" / f"{SLUG}.json"
    data = json.loads(path.read_text("utf-8"))
    for forged in ([], [{"slug": SLUG}], "nothing", [None]):
        data["article"]["results"] = forged
        path.write_text(json.dumps(data), "utf-8")
        assert verdicts(site, cache=True)[0] == plain
    data["article"]["results"] = None
    data["article"]["read"] = 5
    data["consistency"] = {"zh": {"key": "x"}}
    path.write_text(json.dumps(data), "utf-8")
    assert verdicts(site, cache=True)[0] == plain


def test_the_interpreter_unicode_data_is_in_the_salt(site, monkeypatch) -> None:  # noqa: F811
    """``unicodedata`` (hidden-text, emoji, ``\\w``) comes with Python, not a package."""
    ws = Workspace(load(site))
    before = CheckCache(ws, "").salt
    monkeypatch.setattr(checkcache.unicodedata, "unidata_version", "0.0.0")
    assert CheckCache(ws, "").salt != before


def test_damaged_kept_entry_findings_are_checked_again(site) -> None:  # noqa: F811
    """An entry's kept findings that are not findings: the entry is checked, no traceback."""
    path, good, bad = _bad_catalog(site)
    plain, _ = verdicts(site, cache=False)
    verdicts(site, cache=True)
    kept = site / ".pipeline-cache/check" / f"{SLUG}.json"
    data = json.loads(kept.read_text("utf-8"))
    data["article"]["key"] = "another"  # the article is checked again, entries looked up
    data["entries"] = {k: [["urls", "nonsense", "x"]] for k in data["entries"]}
    kept.write_text(json.dumps(data), "utf-8")
    assert verdicts(site, cache=True)[0] == plain
