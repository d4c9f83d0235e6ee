"""pipeline.merge: skeleton + catalog -> localized article, and the English mirrors.

Pure: an extracted ``Article`` and a catalog's entries in, text out. Every
byte outside the units comes from the English skeleton; the front matter is
edited value by value (``frontmatter.Editor``) following the per-key policy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from pipeline import humanvalues, locales
from pipeline.adopt import addenda as addenda_mod
from pipeline.adopt.addenda import Addenda
from pipeline.config import Config
from pipeline.coverage import Coverage, coverage
from pipeline.glossary import Glossary
from pipeline.markdown import frontmatter
from pipeline.model import Article, Unit, english
from pipeline.po.model import Entry


@dataclass
class Localized:
    """A merge result: the article text, or why it was not written."""

    text: str | None
    coverage: Coverage
    draft: bool
    values: dict[str, object] = field(default_factory=dict)
    """The localized article's front-matter values, for the English mirrors."""
    notes: list[str] = field(default_factory=list)
    """Things a person should know (a category missing from the glossary…)."""
    withheld: dict[str, str] = field(default_factory=dict)
    """Unit key (``model.text_key``) -> why its translation was not published (the English
    text is used)."""


def localize(
    article: Article,
    entries: Mapping[str, Entry],
    cfg: Config,
    locale: str,
    glossary: Glossary | None = None,
    addenda: Addenda | None = None,
    current: Mapping[str, object] | None = None,
    target: str = "",
    done: Filled | None = None,
) -> Localized:
    """The localized article for ``locale``, with the locale's addenda put back (``import``).

    ``current`` is the localized article's front matter as on disk (read by ``repo``):
    a person's values of ``glossary`` and ``derive`` keys are kept (``humanvalues``).
    ``done`` is ``filled`` for an article with the same units, front-matter fields and
    body (``plan`` passes it for the relocated English, whose front matter alone moved).
    """
    return prepare(article, entries, cfg, locale, glossary, addenda, current, target, done).finish()


def prepare(
    article: Article,
    entries: Mapping[str, Entry],
    cfg: Config,
    locale: str,
    glossary: Glossary | None = None,
    addenda: Addenda | None = None,
    current: Mapping[str, object] | None = None,
    target: str = "",
    done: Filled | None = None,
) -> Prepared:
    """``localize`` up to its front matter's values, the text not yet written out."""
    glossary = glossary or Glossary()
    done = done or filled(article, entries, cfg, locale, addenda)
    translate = _translator(entries, done.blocked)
    draft = not done.coverage.complete or bool(done.blocked)
    disk = _Known(current or {}, entries, done.blocked)
    where = target or f"{article.path} (its {locale} front matter)"
    editor, values, notes = _front_matter(
        article, translate, done.body, cfg, locale, glossary, draft, disk, where
    )
    notes += done.placed
    notes += [
        f"translation withheld, English used instead: {why} ({english(key)[:50]!r})"
        for key, why in sorted(done.blocked.items())
    ]
    written = done.coverage.percent >= cfg.min_coverage
    return Prepared(article, done, editor, values, notes, draft, addenda, written)


@dataclass
class Prepared:
    """A localization whose front matter is edited but not yet written out: ``values``
    are all the English mirrors need, and ``finish`` (which reads the edited front
    matter back to check it) is paid only for a text that is kept (``plan`` drops it
    when the mirrors move the English front matter and makes it again from there)."""

    article: Article
    done: Filled
    editor: object
    """The front matter's editor (``frontmatter.editor``), its edits made."""
    values: dict[str, object]
    notes: list[str]
    draft: bool
    addenda: Addenda | None
    written: bool
    """Coverage reaches ``min_coverage``: the article is written."""

    def finish(self) -> Localized:
        fm = addenda_mod.with_front_matter(self.editor.result(), self.addenda)
        done, a = self.done, self.article
        blocked = dict(done.blocked)
        if not self.written:
            return Localized(None, done.coverage, self.draft, self.values, self.notes, blocked)
        text = a.bom + a.fm_open + fm + a.fm_close + done.body
        return Localized(text, done.coverage, self.draft, self.values, self.notes, blocked)


@dataclass(frozen=True)
class Filled:
    """What a localization takes from the article's units, front-matter fields and body
    alone, not from where they sit: the relocated English (only its front matter's
    mirror values moved) reuses it instead of judging and filling every unit again."""

    body: str
    """The filled body, addenda in place."""
    placed: list[str]
    """Notes on addenda that found no place."""
    coverage: Coverage
    blocked: dict[str, str]
    """Unit key -> why its translation is withheld (``withheld``, placeables)."""


def filled(
    article: Article,
    entries: Mapping[str, Entry],
    cfg: Config,
    locale: str,
    addenda: Addenda | None = None,
) -> Filled:
    """The body of ``localize``: coverage, the translations withheld, the filled body."""
    cov = coverage(article.units, entries)
    translated = _translated(article.units, entries)
    rewritten = bool(translated) or _fields_rewritten(article, entries)
    judged = withheld(article, entries, cfg, locale) if rewritten else {}
    blocked = {**_placeables_withheld(translated, entries), **judged}
    body, placed = localized_body(article, _translator(entries, blocked), cfg, locale, addenda)
    return Filled(body, placed, cov, blocked)


def _placeables_withheld(translated: list[Unit], entries: Mapping[str, Entry]) -> dict[str, str]:
    """``qa.placeables.withheld`` of the translated units; with none (a catalog that keeps
    every English text), nothing to judge, and the QA package is not even loaded."""
    if not translated:
        return {}
    from pipeline.qa.placeables import withheld as placeables_withheld

    return placeables_withheld(translated, entries)


def _translated(units: list[Unit], entries: Mapping[str, Entry]) -> list[Unit]:
    """The units whose translation is neither missing nor their English text: the only
    ones ``placeables`` can withhold (the same text scans to the same placeables, so
    ``broken(msgid, msgid, ...)`` is always empty). An identity-filled catalog, or a
    locale that keeps most texts as they are, is then not scanned at all."""
    get = entries.get
    out = []
    for u in units:
        e = get(u.msgid if u.context is None else u.key)  # the key, without a property call
        if e is not None and e.msgstr and e.msgstr != u.msgid:
            out.append(u)
    return out


def _fields_rewritten(article: Article, entries: Mapping[str, Entry]) -> bool:
    """Whether a front-matter field has a translation other than its English value.

    ``safety.review`` judges only the fields and holes translated to another text (it
    skips a text translated as itself). Every hole has the unit of its key and English
    (``extract`` makes them together), so with no unit in ``_translated`` only a field
    can still be judged: a field without letters is no unit. With none, review has
    nothing to withhold and is not asked."""
    get = entries.get
    for f in article.fm_fields:
        e = get(f.key)
        if e is not None and e.msgstr and e.msgstr != f.value:
            return True
    return False


def _translator(entries: Mapping[str, Entry], blocked: Mapping[str, str]):
    """A unit key's published text: its translation, or the English when it has none or
    the translation is withheld."""

    def translate(key: str) -> str:
        entry = entries.get(key)
        if entry is None or not entry.msgstr or key in blocked:
            return english(key)
        return entry.msgstr

    return translate


def withheld(
    article: Article, entries: Mapping[str, Entry], cfg: Config, locale: str
) -> dict[str, str]:
    """Translations merge refuses to publish, each with the reason (``pipeline.safety``).

    Every translation, reviewed or fuzzy, is judged in its article: the filled article
    is parsed as the site parses it and must keep the English's blocks, links, images,
    HTML, comments and front-matter safety; only text, emphasis and the localized form
    of links (``localize_links``) may change. The CI gate reports the same reasons as
    errors; refusing here too means a compromised catalog cannot reach the page even
    where no CI runs.
    """

    def translation(key: str) -> str | None:
        entry = entries.get(key)
        return entry.msgstr if entry is not None and entry.msgstr else None

    from pipeline import safety  # here: a merge that judges nothing never loads it

    return safety.review(article, translation, safety.same_page(*_segments(cfg, locale)))


def localized_body(
    article: Article, translate, cfg: Config, locale: str, addenda: Addenda | None = None
) -> tuple[str, list[str]]:
    """The filled body with the addenda in place, and notes on addenda that found no place."""
    body, notes = addenda_mod.fill(article.body, translate, addenda)
    if cfg.localize_links:
        body = localize_links(body, *_segments(cfg, locale))
    return body, notes


def _segments(cfg: Config, locale: str) -> tuple[str, str]:
    """The URL segments of the source locale and of ``locale`` (``en``, ``zh-cn``)."""
    return locales.source(cfg).segment, locales.resolve(cfg, locale).segment


_LINK_TARGET = r"(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?|\b(?:href|src)\s*=\s*[\"']?)"


def localize_links(text: str, source_segment: str, segment: str) -> str:
    """Site-relative link targets ``/<source>/…`` -> ``/<segment>/…``; absolute URLs never
    change. The segments are the locales' (``locale.<tag>.segment``), not their tags."""
    pattern = re.compile(_LINK_TARGET + re.escape(f"/{source_segment}/"), re.MULTILINE)
    return pattern.sub(lambda m: m.group(1) + f"/{segment}/", text)


def localize_path(value: str, source_segment: str, segment: str) -> str:
    """A front-matter path with the source's segment, ``/<source>/articles/x`` ->
    ``/<segment>/articles/x``."""
    return re.sub(
        rf"(^|/){re.escape(source_segment)}(/|$)",
        lambda m: f"{m.group(1)}{segment}{m.group(2)}",
        value,
        count=1,
    )


@dataclass(frozen=True)
class _Known:
    """What the repository already says about the localized front matter."""

    current: Mapping[str, object]
    """The localized article's values as on disk (empty when there is none)."""
    entries: Mapping[str, Entry]
    blocked: Mapping[str, str]

    def reviewed(self, text: str) -> str | None:
        """The reviewed catalog translation of an English text, unless withheld (looked
        up when a glossary key asks, not gathered for every entry)."""
        e = self.entries.get(text)
        if e is None or not e.msgstr or e.fuzzy or text in self.blocked:
            return None
        return e.msgstr


def _front_matter(
    article: Article,
    translate,
    body: str,
    cfg: Config,
    locale: str,
    glossary: Glossary,
    draft: bool,
    disk: _Known,
    where: str,
):
    """The front matter's editor with every edit made, the localized values, notes."""
    data = article.fm_data.values
    editor = frontmatter.editor(article.fm_text, article.fm_data, path=where)
    english = {k: frontmatter.value_text(v) for k, v in data.items()}
    values: dict[str, object] = dict(english)
    notes: list[str] = []
    translated: dict[str, list[str]] = {}
    for f in article.fm_fields:
        new = translate(f.key)
        editor.set_scalar_at(f.start, f.end, f.style, f.value, new)
        translated.setdefault(str(f.path[0]), []).append(new)
    for key, items in translated.items():
        values[key] = items if isinstance(data[key], list) else items[0]
    mirrors = _mirror_bases(cfg, data)
    for key, value in data.items():
        if mirrors[key]:
            continue
        policy = cfg.frontmatter.get(key, "copy")
        if policy == "localize" and isinstance(value, str):
            values[key] = localize_path(value, *_segments(cfg, locale))
        elif policy == "derive":
            values[key] = _derived(key, value, body, cfg, locale, disk, data)
        elif policy == "glossary" and isinstance(value, str):
            human = _human(key, value, cfg, locale, disk, data)
            values[key], note = humanvalues.glossary_value(
                key, value, glossary, human, disk.reviewed(value)
            )
            notes += [note] if note else []
        if values[key] != english[key] and key not in translated:
            editor.set(key, values[key])
    for key, base in mirrors.items():
        if base is None or base[0] not in data:
            continue
        name, loc = base
        mirrored = (
            english[name] if loc == cfg.source_locale else values[name] if loc == locale else None
        )
        if mirrored is not None:
            values[key] = mirrored
            editor.set(key, mirrored)
    if draft:
        editor.set("draft", True)
        values["draft"] = True
    return editor, values, notes


def _human(key: str, value: object, cfg: Config, locale: str, disk: _Known, data, same=None):
    return humanvalues.found(
        key, value, disk.current, data, cfg.source_locale, locale, same_english=same
    )


def _derived(key: str, value: object, body: str, cfg: Config, locale: str, disk: _Known, data):
    """The derived value, or a person's value that says the same (``25 分钟``)."""
    derived = reading_time(value, body, cfg, locale)
    human = _human(key, value, cfg, locale, disk, data, humanvalues.same_minutes)
    return humanvalues.derived_value(derived, human, cfg.reading_time == "carry")


def reading_time(value: object, body: str, cfg: Config, locale: str) -> str:
    """The localized reading time: the source's minutes carried over, or computed from the
    localized text at the locale's reading speed; the label is the locale's (babel)."""
    loc = locales.resolve(cfg, locale)
    minutes = frontmatter.minutes_in(value) if cfg.reading_time == "carry" else None
    if minutes is None:
        minutes = loc.reading_minutes(body)
    return loc.minutes(minutes)


def source_mirrors(
    article: Article, localized: Mapping[str, Mapping[str, object]], cfg: Config
) -> str:
    """The English front matter with each ``<key>_<locale>`` mirror taken from that locale.

    Only mirror values change; configured mirrors (``reading_time_{suffix}``: one per
    locale) are added when absent. Returns the full English file text.
    """
    return mirrored(article, localized, cfg)[0]


def mirrored(
    article: Article, localized: Mapping[str, Mapping[str, object]], cfg: Config
) -> tuple[str, tuple[str, object] | None]:
    """``source_mirrors``, and the new front matter as its check read it back (its text
    and the parsed front matter; None when nothing changed or it is not YAML), so the
    English after its mirrors need not be parsed again."""
    data = article.fm_data.values
    editor = frontmatter.editor(article.fm_text, article.fm_data, path=article.path)
    for key, base in _mirror_bases(cfg, data, localized).items():
        if base is None:
            continue
        name, loc = base
        value = localized[loc].get(name)
        if value is not None:
            editor.set(key, value)
    for key, base in _mirror_bases(cfg, _site(cfg).added, localized).items():
        if key in data or base is None:
            continue
        name, loc = base
        if name in data and localized[loc].get(name) is not None:
            editor.set(key, localized[loc][name])
    fm = editor.result()
    text = article.bom + article.fm_open + fm + article.fm_close + article.body_text
    return text, getattr(editor, "read_back", None)


def _mirror_bases(
    cfg: Config, keys: Iterable[object], tags: Collection[str] | None = None
) -> Mapping[object, tuple[str, str] | None]:
    """``locales.mirror_of`` each key (as a mirror of one of ``tags``, when given), worked
    out once per configuration and set of keys: merge asks for every article's keys (twice
    when the mirrors move the English), and a site's articles share theirs. About 1% of
    a 430-article merge. Shared: not to be changed."""
    known = _site(cfg).suffixes
    if tags is not None:
        known = {s: t for s, t in known.items() if t in tags}
    return _bases(tuple(known.items()), tuple(keys))


@functools.lru_cache(maxsize=256)
def _bases(known: tuple[tuple[str, str], ...], keys: tuple) -> dict[object, tuple[str, str] | None]:
    suffixes = dict(known)
    return {key: locales.mirror_of(str(key), suffixes) for key in keys}


@dataclass(frozen=True)
class _Site:
    """What merge asks of the configuration for every article (``_site``)."""

    suffixes: dict[str, str]
    """``locales.suffixes``."""
    added: tuple[str, ...]
    """``added_mirrors``."""


_SITES: dict[int, tuple[Config, _Site]] = {}
"""``_Site`` by configuration object (kept alive with it, so ids are not reused)."""


def _site(cfg: Config) -> _Site:
    hit = _SITES.get(id(cfg))
    if hit is None or hit[0] is not cfg:
        if len(_SITES) > 64:
            _SITES.clear()
        hit = _SITES[id(cfg)] = (cfg, _Site(locales.suffixes(cfg), tuple(added_mirrors(cfg))))
    return hit[1]


def added_mirrors(cfg: Config) -> list[str]:
    """``mirrors_added`` with ``{suffix}`` expanded for every target locale, in order."""
    out: list[str] = []
    for pattern in cfg.mirrors_added:
        if "{suffix}" not in pattern:
            out.append(pattern)
            continue
        out += [pattern.replace("{suffix}", loc.suffix) for loc in locales.targets(cfg).values()]
    return list(dict.fromkeys(out))


def keys_without_policy(cfg: Config, article: Article) -> list[str]:
    """Front-matter keys with no policy: copied as they are, and worth a look."""
    known = locales.suffixes(cfg)
    return [
        k
        for k in article.fm_data.values
        if k not in cfg.frontmatter and not locales.mirror_of(str(k), known)
    ]
