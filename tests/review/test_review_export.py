"""`pipeline review --export DIR`: static pages with relative links, written once."""

from __future__ import annotations

import re

from review.reviewkit import SLUG, cli_run


def test_export_writes_the_index_the_articles_and_the_assets(seed, tmp_path) -> None:
    out = tmp_path / "export"
    result = cli_run(seed, "review", "--export", str(out))
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text("utf-8")
    article = (out / "zh" / f"{SLUG}.html").read_text("utf-8")
    assert f'href="zh/{SLUG}.html"' in index and 'src="static/review.js"' in index
    assert 'src="../static/review.js"' in article and 'href="../index.html"' in article
    assert (out / "static" / "review.css").is_file()
    for html in (index, article):
        assert not re.search(r"""(href|src)="/""", html)  # nothing absolute: opens from file://
        assert "Content-Security-Policy" in html and "review-token" not in html
    assert "act-edit" not in article and "s-error" in article and "s-fuzzy" in article
    again = cli_run(seed, "review", "--export", str(out))
    assert again.output.startswith("0 files written")


def test_an_unknown_slug_is_a_usage_error(seed, tmp_path) -> None:
    result = cli_run(seed, "review", "--export", str(tmp_path / "x"), "no-such-article")
    assert result.exit_code == 2 and "unknown article" in result.output
