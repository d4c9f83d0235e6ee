"""The inventory: what a document holds besides its words."""

from __future__ import annotations

from pipeline.safety import inventory


def test_text_and_emphasis_are_not_in_the_inventory() -> None:
    assert inventory("Some **bold** and *italic* text.\n") == inventory(
        "一些*粗体*和**斜体**文字。\n"
    )


def test_links_images_and_definitions_are() -> None:
    inv = inventory("See [a](/x) and ![b](/i.png) and [c][r].\n\n[r]: https://r.org\n")
    (para, _doc) = inv.blocks
    assert set(para.facts) == {("link", "/x"), ("image", "/i.png"), ("link", "https://r.org")}
    assert inv.definitions == (("r", "https://r.org"),)
    assert inv.links == ("/x", "https://r.org") and inv.images == ("/i.png",)


def test_block_structure_and_nesting() -> None:
    kinds = [(b.depth, b.kind[0]) for b in inventory("# T\n\n- a\n- b\n\n> q\n").blocks]
    assert kinds == [
        (0, "Heading"),
        (1, "Item"),
        (1, "Item"),
        (0, "List"),
        (1, "Paragraph"),
        (0, "BlockQuote"),
        (0, "Document"),
    ]


def test_hidden_text_and_bare_urls_are_facts_of_their_block() -> None:
    (para, _) = inventory("约5\u200b0% see https://x.org/a now\n").blocks
    assert ("url", "https://x.org/a") in para.facts
    assert any(f[0] == "hidden" for f in para.facts)


def test_link_text_is_not_autolinked() -> None:
    (para, _) = inventory("[https://x.org](https://x.org)\n").blocks
    assert para.facts == (("link", "https://x.org"),)


def test_localize_maps_english_destinations() -> None:
    inv = inventory("[a](/en/x)\n", lambda u: u.replace("/en/", "/zh/"))
    assert inv.blocks[0].facts == (("link", "/zh/x"),) and inv.links == ("/en/x",)


def test_what_sits_in_alt_text_is_text() -> None:
    """pulldown-cmark renders an image's content as its alt attribute: no nested image,
    link or tag reaches the page."""
    (para, _) = inventory("![![a](/a) [b](/b) <b>x</b>](/i.png)\n").blocks
    assert para.facts == (("image", "/i.png"),)
