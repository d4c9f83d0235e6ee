"""A throwaway site for the hostile-translation tests: the seed article with its reviewed
catalog, and a small article of our own that has every construct a unit can sit in
(links, a reference link, inline HTML, an image, a table, a block quote, a prose code
block, an HTML block with a translatable attribute, plain and quoted front matter)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
from conftest import ROOT, write

SEED = "menstrual-pain-back-pain-connection"
RICH = "heat-basics"

RICH_TEXT = """---
title: Heat therapy basics
summary: 'A short guide'
tags: [heat, pain relief]
canonical_url: "/en/articles/heat-basics"
---

# Heat therapy basics

Take 400-600mg of ibuprofen with food. See [the guide](/en/articles/guide) and [ACOG](https://www.acog.org/faq).

NSAIDs such as <abbr title="anti-inflammatory drug">NSAID</abbr> reduce prostaglandins.

![Heat pad on the lower abdomen](/images/heat.png)

| Method | Dose |
| --- | --- |
| Ibuprofen | 400mg every 6 hours |
| Heat pad | 40-45°C for 20 minutes |

> Stop and call a doctor if the pain is severe.

```text
Warm the pad before use.
```

<div class="note">
<p>Keep the pad below 45°C.</p>
<input type="search" placeholder="Search articles">
</div>

Read the [full guide][guide] for details.

[guide]: /en/articles/full-guide
"""


def build(root: Path, run) -> Path:
    """The site, extracted, every unit of both articles translated and reviewed."""
    for name in ("content", "locale"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root)
    write(root / "content/en" / f"{RICH}.md", RICH_TEXT)
    assert run(root, "extract").exit_code == 0
    po = polib.pofile(str(po_path(root, RICH)))
    for e in po:
        e.msgstr = "译：" + e.msgid
    po.save()
    result = run(root, "merge")
    assert result.exit_code == 0, result.output
    return root


def po_path(root: Path, slug: str) -> Path:
    return root / "locale/zh" / f"{slug}.po"


def article(root: Path, slug: str) -> str:
    return (root / "content/zh" / f"{slug}.md").read_text("utf-8")


def entry(po: polib.POFile, prefix: str) -> polib.POEntry:
    """The one entry whose English starts with ``prefix`` (an exact match wins; of a title
    repeated as the H1, the title's own entry, ``msgctxt "front matter: title"``)."""
    exact = [e for e in po if not e.obsolete and e.msgid == prefix]
    if len(exact) > 1:
        exact = [e for e in exact if (e.msgctxt or "").startswith("front matter")]
    found = exact or [e for e in po if not e.obsolete and e.msgid.startswith(prefix)]
    assert len(found) == 1, (prefix, [e.msgid[:40] for e in found])
    return found[0]


def set_msgstr(root: Path, slug: str, prefix: str, msgstr, fuzzy: bool = False) -> str:
    """Set one translation (a string, or a function of the current one); returns its msgid."""
    po = polib.pofile(str(po_path(root, slug)))
    e = entry(po, prefix)
    e.msgstr = msgstr(e.msgstr) if callable(msgstr) else msgstr
    e.flags = ["fuzzy"] if fuzzy else [f for f in e.flags if f != "fuzzy"]
    po.save()
    return e.msgid


def entry_line(root: Path, slug: str, msgid: str) -> int:
    """The line of the entry's ``msgid`` keyword (polib counts from its first comment)."""
    path = po_path(root, slug)
    start = entry(polib.pofile(str(path)), msgid).linenum
    lines = path.read_text("utf-8").splitlines()
    return next(i for i in range(start, len(lines) + 1) if lines[i - 1].startswith("msgid "))


def problems(result) -> list[dict]:
    return [p for a in json.loads(result.stdout)["articles"] for p in a["problems"]]
