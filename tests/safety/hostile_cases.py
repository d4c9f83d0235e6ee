"""The hostile translations of issue 15 and their variants, as data.

Each case: an id, the article (the seed article or ``hostile_repo.RICH``), the English
prefix of the unit, the msgstr (a string, or a change of the current translation) and
a piece of text that must not reach the published article.
"""

from __future__ import annotations

from hostile_repo import RICH, SEED


def add(payload: str):
    return lambda current: current + payload


def replace(old: str, new: str):
    def change(current: str) -> str:
        assert old in current, (old, current)
        return current.replace(old, new)

    return change


MANY = "Many women experience"
DATA = "About 60-70% of dysmenorrhea"
INTRO = "Introduction"
DOSE = "Take 400-600mg"
ABBR = "NSAIDs such as"
ALT = "Heat pad on the lower abdomen"
CELL = "Ibuprofen"
QUOTE = "Stop and call a doctor"
CODE = "Warm the pad"
HTML_TEXT = "Keep the pad below"
PLACEHOLDER = "Search articles"
REF = "Read the [full guide]"
TITLE = "Heat therapy basics"
SUMMARY = "A short guide"
TAG = "pain relief"

# (id, article, English prefix of the unit, msgstr or change, text that must not be published)
CASES = [
    # -- published with `check` exiting 0 before (issue 15) ---------------------------
    (
        "ref-def-in-container",
        SEED,
        MANY,
        "许多女性5[点击][x]\n> [x]: javascript:alert(1)",
        "javascript",
    ),
    (
        "handler-behind-quoted-gt",
        RICH,
        ABBR,
        replace(
            '<abbr title="anti-inflammatory drug">',
            '<abbr title=">" onmouseover="alert(1)">',
        ),
        "onmouseover",
    ),
    (
        "link-swapped-english-url-in-comment",
        RICH,
        DOSE,
        "服用400-600mg布洛芬。见[链接\\]](//evil.example/)<!-- /en/articles/guide -->和[ACOG](https://www.acog.org/faq)。",
        "evil.example",
    ),
    ("unclosed-comment", SEED, MANY, "<!-- 许多女性5", "<!--"),
    ("dose-in-comment", SEED, DATA, "约<!--60-70%-->一部分痛经患者同时伴有背痛", "<!--"),
    ("adds-blocks", SEED, MANY, add("\n\n# 注入标题\n\n---\ntitle: x\n---"), "注入标题"),
    (
        "code-block-closes-fence",
        RICH,
        CODE,
        "使用前加热。\n```\n\n**停止服用所有止痛药**\n\n```text",
        "停止服用",
    ),
    ("fm-cr-injects-keys", RICH, TITLE, "纯标题\rdraft:\r  false\raliases:\r  [/evil]", "纯标题"),
    ("fm-nel-injects-keys", RICH, TITLE, "纯标题\x85draft: false", "纯标题"),
    ("fm-bel-breaks-yaml", RICH, TITLE, "纯标题\x07", "纯标题"),
    # -- published, only check stopped them before --------------------------------------
    ("entity-javascript", SEED, MANY, add("[更多](&#106;avascript:alert(1))"), "avascript:"),
    ("colon-entity-javascript", SEED, MANY, add("[更多](javascript&colon;alert(1))"), "&colon;"),
    ("img-alt-gt-onerror", SEED, MANY, add('<img alt="a>b" onerror=alert(1) src=x>'), "onerror"),
    ("escaped-bracket-link-text", SEED, MANY, add("[点击\\]](javascript:alert(1))"), "javascript"),
    ("nested-brackets", SEED, MANY, add("[[点击]](javascript:alert(1))"), "javascript"),
    ("code-span-link-text", SEED, MANY, add("[`点击`](javascript:alert(1))"), "javascript"),
    (
        "protocol-relative-href",
        SEED,
        MANY,
        add('<a href="//evil.example">更多</a>'),
        "evil.example",
    ),
    ("new-div-block", SEED, MANY, add("\n\n<div>广告</div>"), "广告"),
    # -- variants --------------------------------------------------------------------------
    ("mixed-case-scheme", SEED, MANY, add("[x](JaVaScRiPt:alert(1))"), "aScRiPt"),
    ("tab-entity-in-scheme", SEED, MANY, add("[x](java&#9;script:alert(1))"), "&#9;"),
    ("angle-dest-leading-space", SEED, MANY, add("[x](< javascript:alert(1)>)"), "javascript"),
    ("percent-encoded-scheme", SEED, MANY, add("[x](%6Aavascript:alert(1))"), "%6A"),
    ("vbscript", SEED, MANY, add("[x](vbscript:msgbox(1))"), "vbscript"),
    ("data-image", SEED, MANY, add("![x](data:image/svg+xml;base64,PHN2Zz4=)"), "data:image"),
    ("autolink-javascript", SEED, MANY, add("<javascript:alert(1)>"), "javascript"),
    ("svg-onload", SEED, MANY, add("<svg onload=alert(1)>"), "onload"),
    ("iframe", SEED, MANY, add('<iframe src="https://evil.example"></iframe>'), "iframe"),
    ("unquoted-onclick", SEED, MANY, add("<a href=/x onclick=alert(1)>x</a>"), "onclick"),
    ("new-external-link", SEED, MANY, add("[更多](https://evil.example/)"), "evil.example"),
    ("tracking-pixel", SEED, MANY, add("![](https://evil.example/pixel.gif)"), "pixel.gif"),
    ("bare-url", SEED, MANY, add(" https://evil.example/phish"), "evil.example"),
    ("processing-instruction", SEED, MANY, add("<?php echo 1 ?>"), "<?php"),
    ("empty-comment", SEED, MANY, add("<!---->"), "<!---->"),
    ("cr-starts-heading", SEED, MANY, "许多女性\r# 注入", "注入"),
    ("setext-heading", SEED, MANY, add("\n==="), "\n==="),
    ("thematic-break", SEED, MANY, add("\n\n* * *"), "* * *"),
    ("list-injection", SEED, MANY, add("\n- 停止服药"), "停止服药"),
    ("bidi-override-in-dose", SEED, DATA, "约\u202e07-06\u202c%的痛经患者同时伴有背痛", "\u202e"),
    ("zero-width-in-dose", SEED, DATA, "约6\u200b0-70%的痛经患者同时伴有背痛", "\u200b"),
    ("strikethrough-dose", SEED, DATA, "约 ~~60-70%~~ 的痛经患者同时伴有背痛", "~~"),
    ("heading-link", SEED, INTRO, "[引言](https://evil.example)", "evil.example"),
    (
        "style-hides-text",
        RICH,
        ABBR,
        replace("<abbr title=", '<abbr style="display:none" title='),
        "display:none",
    ),
    (
        "changed-citation-host",
        RICH,
        DOSE,
        replace("www.acog.org/faq", "www.acog.org.evil.example/faq"),
        "org.evil",
    ),
    ("hijack-reference", RICH, DOSE, add("\n\n[guide]: https://evil.example/"), "evil.example"),
    (
        "hijack-reference-in-quote",
        RICH,
        QUOTE,
        add("\n\n[guide]: https://evil.example/"),
        "evil.example",
    ),
    ("quote-gains-paragraph", RICH, QUOTE, add("\n\n停止服用所有药物"), "停止服用所有药物"),
    ("table-pipe-shifts-cells", RICH, CELL, "布洛芬 | 0mg", "布洛芬 |"),
    ("alt-breakout", RICH, ALT, "热敷垫](https://evil.example/x.png) ![x", "evil.example"),
    ("attribute-breakout", RICH, PLACEHOLDER, '搜索" onfocus="alert(1)" autofocus="', "onfocus"),
    ("attribute-closes-tag", RICH, PLACEHOLDER, '搜索"><script>alert(1)</script>', "<script>"),
    ("html-text-script", RICH, HTML_TEXT, add("<script>alert(1)</script>"), "<script>"),
    ("html-text-closes-container", RICH, HTML_TEXT, add("</div>"), "以下。</div>"),
    ("html-text-blank-line", RICH, HTML_TEXT, add("\n\n[点击](javascript:alert(1))"), "javascript"),
    (
        "reference-link-retargeted",
        RICH,
        REF,
        "阅读[完整指南](https://evil.example/guide)了解详情。",
        "evil.example",
    ),
    ("fm-u2028", RICH, TITLE, "纯标题\u2028draft: false", "纯标题"),
    ("fm-newline", RICH, TITLE, "纯标题\ndraft: false", "纯标题"),
    ("fm-summary-nel", RICH, SUMMARY, "简介\x85draft: false", "简介"),
    ("fm-tag-cr", RICH, TAG, "疼痛\r缓解", "疼痛"),
    ("fm-title-script", RICH, TITLE, "纯标题<script>alert(1)</script>", "<script>"),
    (
        "class-hides-text",
        RICH,
        ABBR,
        replace("<abbr title=", '<abbr class="hidden" title='),
        "hidden",
    ),
    (
        "responsive-class",
        RICH,
        ABBR,
        replace("<abbr title=", '<abbr class="md:hidden" title='),
        "md:",
    ),
    (
        "html-text-script-link",
        RICH,
        HTML_TEXT,
        add('<a href="javascript:alert(1)">更多</a>'),
        "javascript",
    ),
]
