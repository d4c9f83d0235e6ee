"""Every translation check with a failing and a passing case, plus the acceptance cases."""

from __future__ import annotations

import pytest

from pipeline import qa
from pipeline.drafting.cleanup import fix_flanking
from pipeline.glossary import Glossary, Term
from pipeline.model import Kind
from pipeline.qa import CHECK_NAMES, CHECKS, Subject, run_checks

GLOSSARY = Glossary(
    (
        Term("ibuprofen", "布洛芬"),
        Term("dysmenorrhea", "痛经"),
        Term("PeriodHub", "PeriodHub"),
        Term("GnRH", "GnRH"),
        Term("Advil", "芬必得", "brand, localized"),
    )
)


def found(msgid: str, msgstr: str, kind: str = "paragraph", **kw) -> dict[str, set[str]]:
    """check name -> severities reported."""
    out: dict[str, set[str]] = {}
    for p in run_checks(Subject(msgid, msgstr, Kind.parse(kind), GLOSSARY, **kw)):
        out.setdefault(p.check, set()).add(p.severity)
    return out


LONG_EN = (
    "Heat therapy relaxes the uterine muscles and improves blood flow, "
    "which many women find helpful during the first days of their period."
)
LONG_ZH = "热敷可以放松子宫肌肉并改善血液循环，许多女性发现在经期的最初几天这很有帮助。"

# (check, severity, msgid, failing msgstr, passing msgstr, kind)
CASES = [
    (
        "numbers",
        "error",
        "Take 400-600mg daily.",
        "每日服用40-600mg。",
        "每日服用400-600mg。",
        "paragraph",
    ),
    (
        "numbers",
        "error",
        "Take 400 - 600 mg daily.",
        "每日服用400-60mg。",
        "每日服用400-600mg。",
        "paragraph",
    ),
    ("numbers", "error", "Apply heat at 40-45°C.", "在40-50℃热敷。", "在40-45℃热敷。", "paragraph"),
    ("numbers", "error", "Use 3g of ginger.", "使用3mg生姜。", "使用3克生姜。", "paragraph"),
    (
        "numbers",
        "error",
        "Up to 200-400mg/day.",
        "最多200-400g/日。",
        "最多200-400mg/日。",
        "list item",
    ),
    (
        "numbers",
        "error",
        "Effective in 80-92% of cases.",
        "对80-90%的病例有效。",
        "对80%-92%的病例有效。",
        "paragraph",
    ),
    (
        "numbers",
        "error",
        "Pain radiating from L4-S1.",
        "疼痛从L4-L5放射。",
        "疼痛从L4-S1放射。",
        "paragraph",
    ),
    ("numbers", "error", "Nerves at T10-L2.", "T10-L1神经。", "T10-L2神经。", "paragraph"),
    (
        "numbers",
        "error",
        "Costs $15,060 a year.",
        "每年花费$1506。",
        "每年花费$15060。",
        "paragraph",
    ),
    ("numbers", "error", "Part 3: Diet", "第四部分：饮食", "第三部分：饮食", "heading 2"),
    ("numbers", "error", "About 30 million people.", "约300万人。", "约3000万人。", "paragraph"),
    (
        "numbers",
        "error",
        "Evening (7:00-9:00 PM)",
        "晚间（18:00-21:00）",
        "晚间（19:00-21:00）",
        "paragraph",
    ),
    ("numbers", "error", "Take 2 to 3 times a day.", "每天1到3次。", "每天2到3次。", "paragraph"),
    (
        "numbers",
        "error",
        "Inhale 4 seconds, hold 4 seconds.",
        "吸气4秒，屏息5秒。",
        "吸气4秒，屏息4秒。",
        "paragraph",
    ),
    (
        "fahrenheit-dropped",
        "warning",
        "Fever above 100.4°F.",
        "发热时。",
        "发热超过38°C时。",
        "list item",
    ),
    (
        "localization-spot",
        "info",
        "Take Advil or Tylenol.",
        "服用止痛药。",
        "服用芬必得或Tylenol。",
        "paragraph",
    ),
    (
        "localization-spot",
        "info",
        "Call 911 now.",
        "立即拨打120。",
        "立即拨打911。",
        "paragraph",
    ),
    (
        "urls",
        "error",
        "See [ACOG](https://www.acog.org/faq).",
        "见[ACOG](https://www.acog.org/x)。",
        "见[美国妇产科医师学会](https://www.acog.org/faq)。",
        "paragraph",
    ),
    (
        "urls",
        "error",
        "[A](https://a.org) and [B](https://b.org)",
        "[乙](https://b.org)和[甲](https://a.org)",
        "[甲](https://a.org)和[乙](https://b.org)",
        "paragraph",
    ),
    (
        "urls",
        "error",
        "Read [the guide](/en/articles/guide).",
        "阅读[指南](/en/articles/other)。",
        "阅读[指南](/zh/articles/guide)。",
        "paragraph",
    ),
    (
        "urls",
        "error",
        "Source: https://www.nhs.uk/conditions/period-pain/",
        "来源：https://www.nhs.uk/conditions/",
        "来源：https://www.nhs.uk/conditions/period-pain/",
        "paragraph",
    ),
    (
        "images",
        "error",
        "![Chart](/images/chart.png)",
        "![图表](/images/other.png)",
        "![图表](/images/chart.png)",
        "paragraph",
    ),
    (
        "inline-code",
        "error",
        "Run `make check` first.",
        "先运行`make test`。",
        "先运行`make check`。",
        "paragraph",
    ),
    (
        "markup-balance",
        "error",
        "Run `make` now",
        "现在运行 `make",
        "现在运行 `make`",
        "paragraph",
    ),
    (
        "emphasis",
        "warning",
        "*Note*: rest here",
        "注意：其余内容",
        "*注意*：其余内容",
        "paragraph",
    ),
    (
        "markup-balance",
        "error",
        "Line one<sup>1</sup>",
        "第一行1",
        "第一行<sup>1</sup>",
        "paragraph",
    ),
    (
        "markup-injection",
        "error",
        "Read more.",
        "阅读更多<script>alert(1)</script>。",
        "阅读更多。",
        "paragraph",
    ),
    (
        "markup-injection",
        "error",
        "Read more.",
        "阅读[x](javascript:alert(1))。",
        "阅读更多。",
        "paragraph",
    ),
    (
        "markup-injection",
        "error",
        "Read more.",
        "阅读<img src=x onerror=alert(1)>。",
        "阅读更多。",
        "paragraph",
    ),
    (
        "markup-injection",
        "error",
        "Read more.",
        "阅读<javascript:alert(1)>。",
        "阅读更多。",
        "paragraph",
    ),
    (
        "markup-injection",
        "error",
        "Read more.",
        "阅读[更多](https://evil.example)。",
        "阅读更多。",
        "paragraph",
    ),
    (
        "markup-injection",
        "error",
        "Read more.",
        "阅读![x](data:image/png;base64,AAAA)。",
        "阅读更多。",
        "paragraph",
    ),
    (
        "markup-injection",
        "error",
        '<a href="/en/a">More</a>',
        '<a href="/zh/a" onclick="x()">更多</a>',
        '<a href="/zh/a">更多</a>',
        "paragraph",
    ),
    (
        "markup-injection",
        "error",
        '<img src="/i.png" alt="Chart">',
        '<img src="/i.png" alt="图表" style="position:fixed">',
        '<img src="/i.png" alt="图表">',
        "html block",
    ),
    (
        "markup-injection",
        "error",
        "Search articles",
        '搜索" onfocus="alert(1)',
        "搜索文章",
        "html: placeholder attribute",
    ),
    (
        "hidden-text",
        "error",
        "About 60-70% of patients.",
        "约<!--60-70%-->一部分患者。",
        "约60-70%的患者。",
        "paragraph",
    ),
    (
        "hidden-text",
        "error",
        "Take 400mg.",
        "服用4\u200b00mg。",
        "服用400mg。",
        "list item",
    ),
    (
        "hidden-text",
        "error",
        "Heat therapy",
        "热敷\rdraft: false",
        "热敷疗法",
        "front matter: title",
    ),
    (
        "render-parity",
        "error",
        "**Label:** content",
        "**标签：**内容",
        "**标签**：内容",
        "list item",
    ),
    (
        "render-parity",
        "error",
        "*Based on ACOG guidance*",
        "*基于ACOG指南：*内容",
        "*基于ACOG指南*",
        "paragraph",
    ),
    ("render-parity", "error", "Use `a` here", "在此使用` a", "在此使用`a`", "paragraph"),
    (
        "placeables",
        "error",
        "Run it.{{% /tab %}}{{< /tabpane >}}",
        "运行它。{{% /标签 %}}{{< /tabpane >}}",
        "运行它。{{% /tab %}}{{< /tabpane >}}",
        "paragraph",
    ),
    (
        "glossary",
        "info",
        "Ibuprofen eases dysmenorrhea.",
        "布洛芬缓解经期疼痛。",
        "布洛芬缓解痛经。",
        "paragraph",
    ),
    (
        "do-not-translate",
        "error",
        "Welcome to PeriodHub.",
        "欢迎来到经期中心。",
        "欢迎来到PeriodHub。",
        "paragraph",
    ),
    (
        "do-not-translate",
        "error",
        "GnRH agonists",
        "促性腺激素释放激素激动剂",
        "GnRH激动剂",
        "list item",
    ),
    ("emoji", "warning", "Doctor 👩‍⚕️ says", "医生👩⚕️说", "医生👩‍⚕说", "paragraph"),
    ("emoji", "warning", "Tip 💡", "提示", "提示 💡", "paragraph"),
    (
        "citations",
        "error",
        "Studies show¹² it works [16].",
        "研究表明它有效。",
        "研究表明¹²它有效[16]。",
        "paragraph",
    ),
    ("length-ratio", "warning", LONG_EN, "热敷有帮助。", LONG_ZH, "paragraph"),
    ("length-ratio", "warning", LONG_EN, LONG_ZH * 3, LONG_ZH, "paragraph"),
    (
        "untranslated",
        "warning",
        "Drink warm water slowly.",
        "Drink warm water slowly.",
        "慢慢喝温水。",
        "list item",
    ),
    ("whitespace", "warning", "Hello world\n", "你好世界", "你好世界\n", "paragraph"),
    (
        "whitespace",
        "warning",
        "line one  \nline two",
        "第一行\n第二行",
        "第一行  \n第二行",
        "paragraph",
    ),
    (
        "punctuation",
        "warning",
        "Heat, rest and tea.",
        "热敷,休息和茶。",
        "热敷，休息和茶。",
        "paragraph",
    ),
    ("punctuation", "warning", "Tools (with timer)", "工具(带定时)", "工具（带定时）", "list item"),
    (
        "fm-length",
        "warning",
        "Complete IUD Guide",
        "宫内节育器完整指南：类型对比、适用人群、放置流程与常见问题权威医学指导大全",
        "IUD完整指南：类型对比、适用人群",
        "front matter: seo_title",
    ),
]


@pytest.mark.parametrize(
    "check,severity,msgid,bad,good,kind", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_check_fails_and_passes(check, severity, msgid, bad, good, kind):
    assert severity in found(msgid, bad, kind).get(check, set()), run_checks(
        Subject(msgid, bad, Kind.parse(kind), GLOSSARY)
    )
    assert check not in found(msgid, good, kind), run_checks(
        Subject(msgid, good, Kind.parse(kind), GLOSSARY)
    )


def test_every_check_name_has_a_case():
    assert {c[0] for c in CASES} == set(CHECK_NAMES)


@pytest.mark.parametrize(
    "msgid,msgstr",
    [
        ("Take 400-600mg of ibuprofen.", "服用布洛芬400-600mg。"),
        ("Take 400 - 600 mg of ibuprofen.", "服用布洛芬400-600mg。"),
        ("Apply at 40-45°C.", "在40-45℃热敷。"),
        ("Apply at 40-45℃.", "在40-45°C热敷。"),
        ("Take 10-15mg/kg.", "服用10-15mg/kg。"),
        ("1000-2000IU/day", "每日1000-2000IU"),
        ("Up to 1,000 women", "多达1000名女性"),
        ("January 1, 2025", "2025年1月1日"),
        ("Case 1: Sarah", "案例一：Sarah"),
        ("2 weeks later", "两周后"),
        ("from 5 to 10 minutes", "5至10分钟"),
        ("Blood pressure <90mmHg", "血压<90mmHg"),
        ("Pain score 7-10", "疼痛评分7~10分"),
        ("COX-1/COX-2 inhibitors", "COX-1/COX-2抑制剂"),
    ],
)
def test_numbers_written_differently_pass(msgid, msgstr):
    assert "numbers" not in found(msgid, msgstr)


def test_acceptance_dose_changed_is_an_error_naming_the_number():
    problems = run_checks(Subject("Take 400-600mg daily.", "每日服用40-600mg。"))
    assert [(p.check, p.severity) for p in problems] == [("numbers", "error")]
    assert "400-600mg" in problems[0].message


def test_acceptance_script_and_javascript_link_are_errors():
    for bad in ("说明<script>alert(1)</script>", "说明[x](javascript:alert(1))"):
        errors = [p for p in run_checks(Subject("Notes", bad)) if p.severity == "error"]
        assert any(p.check == "markup-injection" for p in errors)


def test_acceptance_flanking_pitfall_is_reported_and_fixed():
    msgid, draft = "**Label:** content", "**标签：**内容"
    assert "render-parity" in found(msgid, draft)
    fixed = fix_flanking(draft)
    assert fixed == "**标签**：内容"
    assert "render-parity" not in found(msgid, fixed)


def test_acceptance_fahrenheit_dropped_is_only_a_warning():
    problems = run_checks(Subject("Fever (104°F) needs care.", "发热需要注意。"))
    assert [(p.check, p.severity) for p in problems] == [("fahrenheit-dropped", "warning")]


def test_fahrenheit_turned_into_celsius_is_an_error():
    assert found("Keep it below 104°F.", "保持在104°C以下。")["numbers"] == {"error"}


def test_known_dangerous_html_in_english_is_not_injection():
    msgid = 'See <a href="https://x.org" title="X">X</a>'
    assert "markup-injection" not in found(msgid, '见<a href="https://x.org" title="某">X</a>')


def test_emergency_number_is_a_localization_spot_not_a_number_error():
    got = found("Call 911 or local emergency services.", "拨打120急救电话。")
    assert got == {"localization-spot": {"info"}}


def test_localized_brand_in_glossary_is_accepted():
    assert found("Take Advil.", "服用芬必得。") == {}


def test_untranslated_skips_codes_numbers_urls_and_kept_terms():
    for text in (
        "PeriodHub",
        "L4-S1",
        "25-30min",
        "NSAIDs",
        "https://www.acog.org",
        "`make check`",
        "400-600mg",
    ):
        assert "untranslated" not in found(text, text), text


def test_length_ratio_ignores_short_units():
    assert "length-ratio" not in found("Drink warm water.", "喝水。")


def test_fm_length_limits_are_configurable():
    s = Subject(
        "Guide", "指南" * 10, Kind.parse("front matter: seo_title"), fm_limits={"seo_title": 10}
    )
    assert [p.check for p in run_checks(s)] == ["fm-length"]
    assert run_checks(Subject("Guide", "指南" * 10, Kind.parse("front matter: title"))) == []


def test_code_blocks_skip_markdown_checks():
    code = "x = **a:**b\n"
    assert "render-parity" not in found(code, code, "code block")


def test_empty_translation_is_not_checked():
    assert run_checks(Subject("Take 400mg.", "")) == []


def test_problems_are_sorted_errors_first_and_deterministic():
    s = Subject("Take 400mg, see [A](https://a.org).", "服用40mg,见[甲](https://b.org)。")
    first, second = run_checks(s), run_checks(Subject(s.msgid, s.msgstr))
    assert first == second
    severities = [p.severity for p in first]
    assert severities == sorted(severities, key=lambda v: v != "error")
    assert all(p.file == "" and p.line == 0 for p in first)


def test_registry_names_are_functions_of_subjects():
    assert all(callable(c) and c.__name__.isidentifier() for c in CHECKS)
    assert len(set(CHECKS)) == len(CHECKS)
    assert qa.numbers.numbers in CHECKS  # the package's name is the module, the check in it


def test_emoji_clusters_keep_zwj_and_ignore_variation_selector():
    assert qa.emoji_clusters("a👩‍⚕️b❤️c🇨🇳1️⃣") == ["👩‍⚕", "❤", "🇨🇳", "1⃣"]
    assert "emoji" not in found("Love ❤️", "爱 ❤")


@pytest.mark.parametrize(
    "msgstr,kind,active",
    [
        ("文本<script>alert(1)</script>", "html text", True),
        ("[文本](javascript:alert(1))", "paragraph", True),
        ('<img src=x onerror="alert(1)">', "html text", True),
        ('<a href="/zh/x" class="hover:bg-white">文本</a>', "html text", False),
        ("文本", "html text", False),
        # Inside an HTML block, Markdown is not parsed: this is literal text, not a link.
        ("[文本](javascript:alert(1))", "html text", False),
    ],
)
def test_active_content_is_what_could_run(msgstr, kind, active) -> None:
    msgid = '<a href="/en/x">Text</a>' if "class=" in msgstr else "Text"
    assert bool(qa.active_content(Subject(msgid, msgstr, Kind.parse(kind)))) is active
