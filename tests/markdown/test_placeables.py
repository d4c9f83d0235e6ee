"""The placeable scanner and what extraction does with placeables."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.markdown import extract, placeables, segments
from pipeline.markdown.placeables import Syntax, scan
from pipeline.qa.placeables import nesting

SITE = Syntax(
    {"alert": frozenset({"title"}), "tab": frozenset({"0"}), "TabItem": frozenset({"label"})},
    mdx=True,
)


def found(text: str, syntax: Syntax = SITE) -> list[tuple[str, str, str]]:
    return [(p.kind, text[p.start : p.end], p.role) for p in scan(text, syntax)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('{{< alert title="a >}} b" >}}', [("shortcode", '{{< alert title="a >}} b" >}}', "open")]),
        ("{{% /alert %}}", [("shortcode", "{{% /alert %}}", "close")]),
        ("{{< figure src=x />}}", [("shortcode", "{{< figure src=x />}}", "single")]),
        ("{{</* note */>}}", [("shortcode", "{{</* note */>}}", "single")]),
        ("{{<note>}}", [("shortcode", "{{<note>}}", "open")]),
        ("`{{< x >}}`", [("shortcode", "{{< x >}}", "open")]),  # Hugo expands it in code too
        ("<CodeStep step={1}>", [("component", "<CodeStep step={1}>", "open")]),
        ("<Foo bar={{a: '}'}} />", [("component", "<Foo bar={{a: '}'}} />", "single")]),
        ("</TabItem>", [("component", "</TabItem>", "close")]),
        ("{props.x}", [("expression", "{props.x}", "single")]),
        ("{/* note */}", [("comment", "{/* note */}", "single")]),
        ("Title {#install}", [("attributes", "{#install}", "single")]),
        (
            "a &nbsp; b &#x41; &notanentity;",
            [("entity", "&nbsp;", "single"), ("entity", "&#x41;", "single")],
        ),
        ("word[^note]", [("footnote", "[^note]", "single")]),
        (":::note[Heads up]", [("admonition", ":::note[Heads up]", "open")]),
        (":::", [("admonition", ":::", "close")]),
        ("a ::: b", []),
        ("`{x}` and `&amp;` and `<Foo>`", []),
        ("\\{not} \\&amp;", []),
    ],
)
def test_the_scanner_finds_each_placeable_whole(text: str, expected) -> None:
    assert found(text) == expected


def test_braces_are_text_outside_mdx_and_labels_only_when_defined() -> None:
    assert found("the set {a, b}", Syntax()) == []
    labels = Syntax(labels=frozenset({"install guide", "docs"}))
    assert found("See [Install  Guide] or [the docs][docs] or [docs][] or [x].", labels) == [
        ("label", "[Install  Guide]", "single"),
        ("label", "[docs]", "single"),
        ("label", "[docs][]", "single"),
    ]
    assert found("[docs](https://e.org)", labels) == []


def test_translatable_parameters_are_located_and_blanked_in_the_signature() -> None:
    text = (
        '{{< alert title="Careful" color="red" >}} {{% tab "Linux" %}} '
        '<TabItem value="a" label="Apple">'
    )
    ps = scan(text, SITE)
    assert [[text[a.start : a.end] for a in p.params] for p in ps] == [
        ["Careful"],
        ["Linux"],
        ["Apple"],
    ]
    assert placeables.signature(text, ps[0]) == '{{< alert title="…" color="red" >}}'


def test_nesting_pairs_only_what_closes_in_the_same_text() -> None:
    text = "{{< a >}}x{{< b >}}y{{< /b >}}{{< /a >}}{{< c >}}"
    tree = nesting(text, scan(text))
    assert tree[1] == ("{{< b >}}", ("{{< a >}}",)) and tree[2] == ("{{< /b >}}", ("{{< a >}}",))
    assert tree[-1] == ("{{< c >}}", ())


def test_the_note_names_placeables_translatable_parameters_and_labels() -> None:
    text = 'Ask a {{< glossary_tooltip text="pro" term_id="x" >}} and see [guide].'
    syntax = Syntax({"glossary_tooltip": frozenset({"text"})}, labels=frozenset({"guide"}))
    note = segments.note(text, scan(text, syntax))
    assert note == (
        "placeables: {{< glossary_tooltip … >}}\ntranslatable: glossary_tooltip text\n"
        "link labels: [guide]"
    )
    assert segments.read_note("paragraph\n" + note) == (
        {"glossary_tooltip": frozenset({"text"})},
        frozenset({"guide"}),
    )


# -- extraction ------------------------------------------------------------------------

OPTS = extract.Options(placeable_params=(("alert", ("title",)), ("TabItem", ("label",))))


def units(body: str, path: str = "a.md") -> list[tuple[str, str]]:
    return [(str(u.kind), u.msgid) for u in extract.article(body, path, "a", OPTS).units]


def roundtrip(body: str, path: str = "a.md") -> None:
    a = extract.article(body, path, "a", OPTS)
    assert a.fm_open + a.fm_text + a.fm_close + extract.fill(a.body, lambda m: m) == body


def test_shortcode_lines_split_a_paragraph_and_stay_in_the_skeleton() -> None:
    body = (
        "{{< tabpane >}}\n{{% tab %}}\nFirst.\n{{% /tab %}}\n"
        "{{% tab %}}\nSecond\nline.\n{{% /tab %}}\n{{< /tabpane >}}\n"
    )
    assert units(body) == [("paragraph", "First."), ("paragraph", "Second\nline.")]
    roundtrip(body)
    a = extract.article(body, "a.md", "a", OPTS)
    out = extract.fill(a.body, lambda m: {"First.": "一", "Second\nline.": "二\n行\n三"}[m])
    assert (
        out == "{{< tabpane >}}\n{{% tab %}}\n一\n{{% /tab %}}\n"
        "{{% tab %}}\n二\n行\n三\n{{% /tab %}}\n{{< /tabpane >}}\n"
    )


def test_a_split_never_cuts_through_emphasis_or_a_link() -> None:
    body = "*Start\n{{< x >}}\nend*\n"
    assert units(body) == [("paragraph", "*Start\n{{< x >}}\nend*")]
    roundtrip(body)


def test_parameters_of_skeleton_placeables_become_their_own_units() -> None:
    body = (
        '{{% alert title="Heads up" color="info" %}}\nText.\n{{% /alert %}}\n\n'
        ":::tip[Quick start]\n\nGo.\n\n:::\n"
    )
    assert units(body) == [
        ("parameter: alert title", "Heads up"),
        ("paragraph", "Text."),
        ("parameter: :::tip title", "Quick start"),
        ("paragraph", "Go."),
    ]
    roundtrip(body)


def test_a_one_line_wrapper_is_skeleton_and_text_after_it_is_not() -> None:
    assert units('{{% alert title="Note" %}}Restart the hub.{{% /alert %}}\n') == [
        ("parameter: alert title", "Note"),
        ("paragraph", "Restart the hub."),
    ]
    body = "{{% alert %}}Restart.{{% /alert %}} Then wait.\n"
    assert units(body) == [("paragraph", "{{% alert %}}Restart.{{% /alert %}} Then wait.")]
    roundtrip(body)


@pytest.mark.parametrize(
    "heading",
    [
        "## Install {#install}\n",
        "## Install {/* #install */}\n",
        "## Install {#install .wide} ##\n",
        "Install {#install}\n---\n",
    ],
)
def test_a_heading_id_stays_in_the_skeleton(heading: str) -> None:
    assert units(heading) == [("heading 2", "Install")]
    a = extract.article(heading, "a.md", "a", OPTS)
    assert "{" in extract.fill(a.body, lambda m: "安装") and "Install" not in extract.fill(
        a.body, lambda m: "安装"
    )


def test_mdx_imports_exports_comments_and_jsx_blocks_are_not_units() -> None:
    body = (
        "import Tabs from '@theme/Tabs';\nimport {A,\n  B} from './x';\n\nexport const v = 1;\n\n"
        "{/* editors only */}\n\n"
        '<Tabs>\n  <TabItem value="a" label="Apple">\n    Eat it.\n  </TabItem>\n</Tabs>\n\n'
        "Version {v} is <Foo x={1}>new</Foo>.\n"
    )
    assert units(body, "docs/a.mdx") == [
        ("html: label attribute", "Apple"),
        ("html text", "Eat it."),
        ("paragraph", "Version {v} is <Foo x={1}>new</Foo>."),
    ]
    roundtrip(body, "docs/a.mdx")
    assert units(body, "docs/a.md")[0][1].startswith("import Tabs")  # plain Markdown: text


def test_a_reference_link_alone_on_a_line_stays_in_its_sentence() -> None:
    body = "See\n[guide]\nfor more.\n\n[guide]: /g\n"
    assert units(body) == [("paragraph", "See\n[guide]\nfor more.")]


# -- property: any mix of Markdown and site syntax round-trips ----------------------------

TOKEN = st.sampled_from(
    [
        "word",
        "two words",
        "**bold**",
        "*em*",
        "`code`",
        "[link](/a)",
        "[ref]",
        "![alt](/i.png 'T')",
        '{{< alert title="Heads up" >}}',
        "{{< /alert >}}",
        "{{% tab %}}",
        "{{% /tab %}}",
        "{{< icon />}}",
        "<Step n={1}>",
        "</Step>",
        "<Foo />",
        "{props.x}",
        "{/* c */}",
        "{#id}",
        ":::note[Title]",
        ":::",
        "&nbsp;",
        "[^1]",
        "import X from 'y';",
        "中文",
        " ",
        "<",
        "{",
        "\\",
    ]
)
START = st.sampled_from(
    ["", "", "# ", "## ", "- ", "1. ", "> ", "> - ", "  ", "| ", "<div>", "[ref]: /r 'T'\n"]
)
EOL = st.sampled_from(["\n", "\n", "\r\n", "\n\n", "  \n"])


@st.composite
def documents(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        body = "".join(draw(st.lists(TOKEN, min_size=0, max_size=5)))
        lines.append(draw(START) + body + draw(EOL))
    return "".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["a.md", "a.mdx"]))
def test_identity_fill_gives_back_any_document_with_site_syntax(body: str, path: str) -> None:
    text = '---\ntitle: "T"\n---\n' + body
    a = extract.article(text, path, "a", OPTS)
    assert a.fm_open + a.fm_text + a.fm_close + extract.fill(a.body, lambda m: m) == text
    for u in a.units:
        assert u.msgid.strip() == u.msgid or u.kind.is_code
