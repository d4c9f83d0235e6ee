"""pipeline.plan: everything an article's files should hold, computed once from its inputs.

Pure: an extracted English ``Article`` and what is on disk for it (catalogs,
addenda, glossaries) in, the outputs out. Two steps, because drafting sits
between them and works across articles:

1. ``catalogs``: the template and each locale's catalog updated to it
   (``extract`` writes this; ``check`` compares the files on disk with it);
2. ``articles``: each localized article, and the English file with its mirror
   values (``merge`` writes this; ``check`` compares). When the mirrors change
   the English front matter, the localized front matter is made again from the new
   one (the body's part, done once, is kept); the relocated article (front matter
   parsed again, body lines moved; the body is never parsed or rebuilt again) is
   made when asked for, and ``refreshed`` gives the template and catalogs that match
   it, so one ``sync`` writes everything once and a second ``sync`` finds nothing to do.

``sync`` runs 1, then drafting, then 2; ``import`` fills the catalogs of step 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from pipeline import locales
from pipeline.adopt.addenda import Addenda
from pipeline.config import Config
from pipeline.glossary import Glossary
from pipeline.markdown import extract
from pipeline.markdown import source as markdown_source
from pipeline.model import Article
from pipeline.po import catalog
from pipeline.po.model import Catalog, Entry

if TYPE_CHECKING:
    from pipeline import merge

# ``merge`` (with the safety and QA modules it needs) is imported by step 2 when it runs:
# ``extract`` never loads it.


@dataclass
class Catalogs:
    """Step 1: the template and every locale's catalog brought in line with it."""

    template: Catalog
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    stats: dict[str, catalog.UpdateStats] = field(default_factory=dict)


def template(article: Article, cfg: Config) -> Catalog:
    """The template extract writes for an article (references and wrap from the config)."""
    return catalog.template(
        article.units, article.path, article.slug, cfg.references, cfg.source_locale, cfg.po_wrap
    )


def catalogs(
    article: Article,
    olds: Mapping[str, Catalog | None],
    cfg: Config,
    old_template: Catalog | None = None,
) -> Catalogs:
    """The template of ``article`` (in the layout of ``old_template``, the one on disk) and
    each locale's catalog (``olds``: as on disk) updated to it."""
    pot = template(article, cfg)
    step = Catalogs(catalog.rebase(pot, old_template))
    for locale, old in olds.items():
        language = locales.resolve(cfg, locale).po_language
        step.catalogs[locale], step.stats[locale] = catalog.update(
            old, pot, language, cfg.fuzzy_threshold, cfg.po_wrap
        )
    return step


@dataclass
class Articles:
    """Step 2: the localized articles and the English file they imply."""

    english: Article
    """The English article as it was read."""
    localized: dict[str, merge.Localized]
    source: str
    """The English file's text, mirror values synced."""
    moved: bool = False
    """The mirrors changed the English front matter (the template's references may move)."""
    options: extract.Options | None = None
    relocated: Article | None = field(default=None, repr=False)
    """The relocated English, once made (``article``)."""
    fields_moved: bool = False
    """The mirrors also changed a translatable front-matter field (a mirror key is one)."""

    @property
    def article(self) -> Article:
        """The English article as it will be on disk: relocated when its mirrors changed
        (front matter parsed again, body lines moved; the body is never parsed again).
        Made when first asked: merge and check need only the texts."""
        if not self.moved:
            return self.english
        if self.relocated is None:
            opts = self.options or extract.Options()
            self.relocated = extract.relocated(self.english, self.source, opts)
        return self.relocated

    @property
    def units_moved(self) -> bool:
        """Whether the relocated article's units differ in more than their lines (then the
        template changes whatever its references). The units are the front-matter fields'
        and the body's: with the same fields and body they are the same."""
        if not self.fields_moved:
            return False
        before, after = self.english.units, self.article.units
        return [(u.msgid, u.kind, u.note) for u in before] != [
            (u.msgid, u.kind, u.note) for u in after
        ]


@dataclass(frozen=True)
class Inputs:
    """What one locale's article is made from, as the repository has it."""

    catalog: Catalog | None
    glossary: Glossary
    addenda: Addenda | None = None
    current: Mapping[str, object] | None = None
    """The localized article's front matter as on disk: the values a person wrote there
    for ``glossary`` and ``derive`` keys are kept (``humanvalues``)."""
    target: str = ""
    """Where the article is written, for messages."""


def articles(
    article: Article,
    inputs: Mapping[str, Inputs],
    cfg: Config,
    options: extract.Options | None = None,
) -> Articles:
    """Each locale's localized article from its inputs, and the English text with mirrors.

    A localized article's front matter follows the English one's keys, so when the
    mirrors change the English front matter the articles' front matter is made once
    more from the English's new front matter (in memory). Units and body are the same,
    so their part (judging every translation, filling the body) is done once, and the
    relocated English (``Articles.article``) is made only if asked for.
    """
    from pipeline import merge

    entries = {
        loc: catalog.translations(i.catalog) if i.catalog is not None else {}
        for loc, i in inputs.items()
    }
    filled = {
        loc: merge.filled(article, entries[loc], cfg, loc, i.addenda) for loc, i in inputs.items()
    }
    prepared = _prepare(article, inputs, entries, filled, cfg)
    values = {loc: p.values for loc, p in prepared.items() if p.written}
    source, read = merge.mirrored(article, values, cfg) if values else (article.text, None)
    if source == article.text:
        return Articles(article, {loc: p.finish() for loc, p in prepared.items()}, source)
    opts = options or extract.Options.of(cfg)
    front = _front_moved(article, source, opts, read)
    if front is not None:
        again = _localized(front, inputs, entries, filled, cfg)
        return Articles(article, again, source, moved=True, options=opts)
    moved = extract.relocated(article, source, opts)
    filled = {
        loc: merge.filled(moved, entries[loc], cfg, loc, i.addenda) for loc, i in inputs.items()
    }
    again = _localized(moved, inputs, entries, filled, cfg)
    return Articles(article, again, source, True, opts, moved, fields_moved=True)


def _front_moved(
    article: Article, text: str, options: extract.Options, read: tuple[str, object] | None = None
) -> Article | None:
    """``article`` with the front matter of ``text`` (its mirrors synced) and nothing else
    read again: what the localized front matter is made from once more. Its units and
    body are the English's as read (their lines not moved), which ``merge.filled`` never
    looks at, so it stays here. None when a translatable field changed (a mirror key that
    is also translated): then the article is relocated and filled again. ``read``: the
    front matter as ``merge.mirrored`` read it back, taken when it is this text's."""
    src = markdown_source.split(text, article.path)
    if src.body != article.body_text:
        raise ValueError("the mirrors are front-matter edits only")
    data = read[1] if read is not None and read[0] == src.fm_text else markdown_source.parse(src)
    fields = markdown_source.locate_fields(src, data, set(options.prose_keys))
    if [(f.path, f.value) for f in fields] != [(f.path, f.value) for f in article.fm_fields]:
        return None
    olds = article.fm_fields
    fields = [  # the contexts are the English's (fields are located without one)
        f if f.context == old.context else replace(f, context=old.context)
        for f, old in zip(fields, olds, strict=True)
    ]
    return replace(
        article,
        fm_open=src.fm_open,
        fm_text=src.fm_text,
        fm_close=src.fm_close,
        fm_data=data,
        fm_fields=fields,
        text=text,
    )


def _localized(
    article: Article,
    inputs: Mapping[str, Inputs],
    entries: Mapping[str, Mapping[str, Entry]],
    filled: Mapping[str, merge.Filled],
    cfg: Config,
) -> dict[str, merge.Localized]:
    return {loc: p.finish() for loc, p in _prepare(article, inputs, entries, filled, cfg).items()}


def _prepare(
    article: Article,
    inputs: Mapping[str, Inputs],
    entries: Mapping[str, Mapping[str, Entry]],
    filled: Mapping[str, merge.Filled],
    cfg: Config,
) -> dict[str, merge.Prepared]:
    from pipeline import merge

    return {
        locale: merge.prepare(
            article,
            entries[locale],
            cfg,
            locale,
            i.glossary,
            i.addenda,
            i.current,
            i.target,
            filled[locale],
        )
        for locale, i in inputs.items()
    }


def refreshed(
    article: Article, catalogs_: Mapping[str, Catalog], cfg: Config, old_template: Catalog | None
) -> Catalogs:
    """Step 1 again for a relocated article, from catalogs already in memory (no parsing):
    only references move; every translation, flag and comment is carried."""
    return catalogs(article, catalogs_, cfg, old_template)
