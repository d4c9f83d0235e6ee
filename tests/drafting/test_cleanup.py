"""fix_flanking: what it repairs, what it leaves alone, and that it is idempotent."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from pipeline.drafting.cleanup import fix_flanking

_MD = MarkdownIt("commonmark")


def strong_count(text: str) -> int:
    return sum(t.type in ("strong_open", "em_open") for t in _MD.parseInline(text)[0].children)


@pytest.mark.parametrize(
    "draft,fixed",
    [
        ("**标签：**内容", "**标签**：内容"),
        ("**标签:**内容", "**标签**:内容"),
        ("*斜体：*文字", "*斜体*：文字"),
        ("__标签：__内容", "__标签__：内容"),
        ("**注意：**先做A。**提示：**再做B", "**注意**：先做A。**提示**：再做B"),
        ("通过**抑制环氧合酶（COX）**来发挥作用", "通过**抑制环氧合酶**（COX）来发挥作用"),
        ("看**（COX）**来", "看（**COX**）来"),
        ('具有**"一劳永逸"**的便利', '具有"**一劳永逸**"的便利'),
        ("说**：重要**吧", "说：**重要**吧"),
    ],
)
def test_repairs(draft, fixed):
    assert strong_count(draft) == 0
    assert fix_flanking(draft) == fixed
    assert strong_count(fixed) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "**标签**：内容",  # already right
        "**标签：** 内容",  # a space after the closer: renders
        "普通文本，没有强调。",
        "`**代码：**x`",  # inside a code span
        "** 开头有空格，**立即",  # not fixable by moving punctuation
        "**45%**的女性",  # % belongs to the number
        "**Label:** content",  # English renders fine
        "a * b * c",
    ],
)
def test_leaves_alone(text):
    assert fix_flanking(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "**标签：**内容",
        "看**（COX）**来",
        "** 开头有空格，**立即",
        "**a：**b**c：**d*e：*f",
        "**标签：**内容\n第二行**注：**x",
    ],
)
def test_idempotent(text):
    once = fix_flanking(text)
    assert fix_flanking(once) == once


def test_never_loses_emphasis_or_changes_letters():
    text = "**一：**甲，**二（B）**乙，*三：*丙"
    fixed = fix_flanking(text)
    assert strong_count(fixed) >= strong_count(text)
    assert sorted(fixed) == sorted(text)


def test_review_draft_cleans_then_checks():
    from pipeline.drafting.cleanup import review_draft

    text, problems = review_draft("**Dose:** 400-600mg", "**剂量：**40-600mg")
    assert text == "**剂量**：40-600mg"
    assert [p.check for p in problems] == ["numbers"]
