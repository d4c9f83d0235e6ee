"""`pipeline review` in a real browser: Debian's Chromium driven by Playwright.

The acceptance of issue 13: the index, the article view with each unit's state,
editing with QA and approval (and the PO file and `pipeline check` after it), a
hostile PO file that runs nothing, a concurrent edit refused without loss, and
the static export opened from file://. Writes docs/review.png for the README.
"""

from __future__ import annotations

import re

import pytest

from pipeline.po import catalog
from review.reviewkit import (
    CHANGED,
    EMPTY,
    FLAGGED,
    PO,
    ROOT,
    SLUG,
    TARGET,
    check_json,
    cli_run,
    edit_catalog,
    find,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOT = ROOT / "docs" / "review.png"


def _unit(page, start: str):
    """The row of the unit whose English starts with ``start`` (its block's first row)."""
    block = page.locator("section.block", has=page.locator(".en", has_text=_visible(start)))
    return block.first.locator(".unit").first


def _visible(markdown: str) -> str:
    return markdown.replace("**", "").split("\n")[0][:30]


def _open(page, running, path: str = ""):
    page.page.goto(running.url)
    if path:
        page.page.goto(running.base + path)
    return page.page


def test_index_lists_the_article_with_the_numbers_of_check(seed, serve, page) -> None:
    with serve(seed) as running:
        p = _open(page, running)
        row = p.locator(f'tr[data-slug="{SLUG}"]')
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        report = check_json(seed)["articles"][0]
        expected = [str(report[k]) for k in ("units", "words", "reviewed", "fuzzy", "untranslated")]
        assert cells[2:7] == expected
        assert cells[7] == "1 / 0"  # one unit with a QA error
        p.get_by_role("button", name="Has errors").click()
        assert row.is_visible()
        p.get_by_role("button", name="Stale").click()
        assert not row.is_visible()
        assert p.locator(".bar-reviewed").first.evaluate("e => e.style.width") != ""
    assert page.errors == [] and page.dialogs == []


def test_article_view_shows_states_origins_problems_and_changed_english(seed, serve, page) -> None:
    with serve(seed) as running:
        p = _open(page, running, f"/a/zh/{SLUG}")
        flagged = _unit(p, FLAGGED)
        assert "s-error" in flagged.get_attribute("class")
        assert "numbers" in flagged.inner_text() and "draft: deepl" in flagged.inner_text()
        changed = _unit(p, CHANGED)
        assert "Fuzzy draft · draft: memory 88%" in changed.inner_text()
        assert "supports" in changed.locator(".diff del").all_inner_texts()
        assert "supporting" in " ".join(changed.locator(".diff ins").all_inner_texts())
        assert "Untranslated" in _unit(p, EMPTY).inner_text()
        assert p.locator("table.fm th", has_text="canonical_url").count() == 1
        p.keyboard.press("j")
        focused = p.evaluate("document.activeElement.dataset.unit")
        assert focused, "j moves to the first unit needing review"
        _unit(p, CHANGED).evaluate("e => e.closest('section.block').scrollIntoView()")
        p.evaluate("window.scrollBy(0, -150)")
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shot = p.screenshot()
        if not SCREENSHOT.exists() or SCREENSHOT.read_bytes() != shot:
            SCREENSHOT.write_bytes(shot)
    assert page.errors == [] and page.dialogs == []


def test_edit_see_qa_approve_then_the_po_file_and_check_agree(seed, serve, page) -> None:
    before = (seed / PO).read_text("utf-8")
    with serve(seed, merge=True) as running:
        p = _open(page, running, f"/a/zh/{SLUG}")
        row = _unit(p, TARGET)
        row.focus()
        p.keyboard.press("e")
        area = row.locator("textarea")
        area.fill("**圆韧带**：从子宫角延伸至[腹股沟区](https://evil.example)")
        qa = row.locator(".preview-qa")
        qa.locator("text=markup-injection").wait_for()
        assert "https://evil.example" in qa.inner_text()
        area.fill("**圆韧带**：从子宫角延伸至腹股沟区")
        qa.locator("text=Checks pass.").wait_for()
        assert "腹股沟区" in row.locator(".preview-html").inner_text()
        area.press("Control+Enter")
        p.locator("#status", has_text="approved").wait_for()
        assert "Reviewed" in _unit(p, TARGET).inner_text()
        summary = p.locator("#summary").inner_text()
    after = (seed / PO).read_text("utf-8")
    po = catalog.loads(after, PO)
    done = find(po, TARGET)
    assert done.msgstr == "**圆韧带**：从子宫角延伸至腹股沟区" and not done.fuzzy
    assert done.tcomment == "a translator's own note"
    blocks_before, blocks_after = before.split("\n\n"), after.split("\n\n")
    differ = [i for i, (a, b) in enumerate(zip(blocks_before, blocks_after, strict=True)) if a != b]
    assert len(differ) == 2 and differ[0] == 0  # the header and that one entry
    assert f'msgid "{TARGET}' in blocks_after[differ[1]]
    report = check_json(seed)["articles"][0]
    assert not report["stale"], "merged after the save"
    assert f"{report['fuzzy']} fuzzy" in summary and f"{report['reviewed']} reviewed" in summary
    assert [p["check"] for p in report["problems"] if p["severity"] == "error"] == ["numbers"]
    assert page.errors == [] and page.dialogs == []


HOSTILE = {
    FLAGGED: "<script>window.__pwned = 1; alert(1)</script>",
    CHANGED: '**主韧带**：<img src=x onerror="window.__pwned = 2; alert(2)">',
    TARGET: "[点我](javascript:window.__pwned=3;alert(3)) "
    '<a href="javascript:alert(4)">链接</a><svg onload="alert(5)"></svg>',
}


def _hostile(po) -> None:
    for start, text in HOSTILE.items():
        find(po, start).msgstr = text
    find(po, "Introduction").msgstr = '<details open ontoggle="alert(6)">引言</details>'


def test_a_hostile_po_file_runs_nothing_served_or_exported(seed, serve, page, tmp_path) -> None:
    edit_catalog(seed, SLUG, _hostile)
    with serve(seed) as running:
        p = _open(page, running, f"/a/zh/{SLUG}")
        p.locator(".tr a", has_text="链接").click(timeout=2000)
        row = _unit(p, TARGET)
        row.locator(".act-edit").click()
        row.locator(".preview-qa", has_text="markup-injection").wait_for()
        assert p.evaluate("window.__pwned") is None
        assert "withheld by merge" in _unit(p, FLAGGED).inner_text()
    out = tmp_path / "export"
    assert cli_run(seed, "review", "--export", str(out)).exit_code == 0
    p.goto((out / "zh" / f"{SLUG}.html").as_uri())
    p.wait_for_load_state("load")
    assert p.evaluate("window.__pwned") is None
    assert page.dialogs == [] and page.errors == []


def test_a_concurrent_edit_is_refused_and_nothing_is_lost(seed, serve, page) -> None:
    with serve(seed) as running:
        p = _open(page, running, f"/a/zh/{SLUG}")
        edit_catalog(seed, SLUG, lambda po: setattr(find(po, TARGET), "msgstr", "他们的译文"))
        theirs = (seed / PO).read_bytes()
        row = _unit(p, TARGET)
        row.locator(".act-edit").click()
        row.locator("textarea").fill("我的译文")
        row.locator(".ed-approve").click()
        p.locator("#status", has_text="changed on disk").wait_for()
        assert row.locator("textarea").input_value() == "我的译文"
        assert "他们的译文" in row.locator(".ondisk").inner_text()
        assert (seed / PO).read_bytes() == theirs
    assert page.dialogs == []


def test_the_export_opens_from_file_and_shows_the_same_states(seed, serve, page, tmp_path) -> None:
    out = tmp_path / "export"
    assert cli_run(seed, "review", "--export", str(out)).exit_code == 0
    with serve(seed) as running:
        p = _open(page, running, f"/a/zh/{SLUG}")
        served = p.locator(".block").evaluate_all("els => els.map(e => e.className)")
        served_units = p.locator(".unit .state").all_inner_texts()
    p.goto((out / "index.html").as_uri())
    p.locator(f'tr[data-slug="{SLUG}"] a').click()
    p.wait_for_load_state("load")
    assert p.url.startswith("file://")
    assert p.locator(".block").evaluate_all("els => els.map(e => e.className)") == served
    assert p.locator(".unit .state").all_inner_texts() == served_units
    assert p.locator(".act-edit").count() == 0
    p.keyboard.press("j")
    assert p.evaluate("document.activeElement.dataset.unit")
    assert page.errors == [] and page.dialogs == []


def test_the_imported_corpus_review_and_approve(corpus_copy, serve, page) -> None:
    report = {(a["slug"], a["locale"]): a for a in check_json(corpus_copy)["articles"]}
    slug = next(s for (s, _), a in sorted(report.items()) if a["fuzzy"] and not a["stale"])
    po_path = corpus_copy / f"locale/zh/{slug}.po"
    before = po_path.read_text("utf-8")
    with serve(corpus_copy) as running:
        page.page.set_default_timeout(180_000)  # the first index runs the gate on 43 articles
        p = _open(page, running)
        assert p.locator("tr.article-row").count() == len(report)
        p.get_by_role("button", name="Needs review").click()
        shown = p.locator("tr.article-row:visible").count()
        assert 0 < shown < len(report)
        p.locator(f'tr[data-slug="{slug}"] a').click()
        p.wait_for_load_state("load")
        shown_problems = set(p.locator(".units .problems li").all_inner_texts())
        gate = {
            f"{x['check']} {x['severity']}: {x['message']}"
            for x in report[(slug, "zh")]["problems"]
            if x["file"].endswith(".po") and x["line"] > 1 and not x["check"].startswith("stale")
        }
        assert shown_problems == gate
        assert p.locator(".unit.s-fuzzy .state", has_text="Fuzzy draft · import:").count() > 0
        fuzzy = p.locator(".unit.s-fuzzy, .unit.s-error", has=p.locator(".act-approve")).first
        fuzzy.focus()
        uid = fuzzy.get_attribute("data-unit")
        msgid = p.evaluate(
            f"JSON.parse(document.getElementById('review-units').textContent).{uid}.msgid"
        )
        p.keyboard.press("a")
        p.locator("#status").filter(has_text=re.compile("approved|not saved|fails")).wait_for()
    after = po_path.read_text("utf-8")
    entry = catalog.translations(catalog.loads(after, "x.po"))[msgid]
    approved = not entry.fuzzy
    changed = [a != b for a, b in zip(before.split("\n\n"), after.split("\n\n"), strict=True)]
    if approved:
        assert sum(changed) == 2 and changed[0]
        assert (
            check_json(corpus_copy, slug)["articles"][0]["fuzzy"]
            == report[(slug, "zh")]["fuzzy"] - 1
        )
    else:  # a draft failing a check is not approved by a single key press
        assert after == before
    assert page.dialogs == []
