"""pipeline.drafting.deeplglossary: the site's glossary on DeepL, named so sites never collide.

Why: DeepL glossaries live in the account, and one account (one key) may serve several
sites and several branches of one site. Each glossary this site creates is named
``<prefix> <SRC>-<TGT> <version>`` (the prefix is ``deepl_glossary_prefix``, by default
the repository's folder name; the version is the glossary file's content version), so
the run finds the one it needs by name, reuses it, and only ever deletes its *own* old
versions, keeping the newest few for other branches. A glossary another site or tool
created is never touched, whatever its name looks like.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.glossary import Glossary

KEEP = 5
"""Old versions of this site's glossary kept (other branches may still use them)."""


@dataclass(frozen=True)
class Named:
    prefix: str
    source: str
    target: str
    """The glossary's target language as DeepL's glossaries take it (``ZH``)."""
    version: str
    code: str = ""
    """The full target code the drafts use (``ZH-HANT``): in the name, so the glossaries of
    two variants of one language never count as each other's old versions."""

    @property
    def name(self) -> str:
        return f"{self.prefix} {self.source}-{self.code or self.target} {self.version}"

    def ours(self, name: str) -> bool:
        """A glossary this site created (any version), by the exact shape of its name."""
        tail = re.escape(f"{self.source}-{self.code or self.target}")
        return re.fullmatch(rf"{re.escape(self.prefix)} {tail} [0-9a-f]{{8}}", name) is not None


def named(prefix: str, source: str, code: str, glossary: Glossary) -> Named:
    """The name of this site's glossary for ``source`` -> ``code`` (a DeepL target code)."""
    clean = " ".join(prefix.split()) or "pipeline"
    return Named(clean, source, code.split("-")[0], glossary.digest[:8], code)


def describe(glossary: Glossary, name: Named) -> str:
    """The translator-facing words for a glossary: its file, size and version."""
    where = f" {glossary.path}" if glossary.path else ""
    return f"glossary{where} ({len(glossary.terms)} terms, version {name.version})"


def ensure(
    client: Any,
    glossary: Glossary,
    name: Named,
    call: Callable[[Callable[[], Any]], Any],
    keep: int = KEEP,
) -> str:
    """The id of this glossary version on DeepL, created when missing; old own versions
    beyond the newest ``keep`` are deleted. ``call`` wraps each request (retries)."""
    infos: Sequence[Any] = call(client.list_glossaries)
    found = next((i for i in infos if i.name == name.name), None)
    if found is None:
        found = call(
            lambda: client.create_glossary(name.name, name.source, name.target, glossary.entries)
        )
    old = [i for i in infos if name.ours(i.name) and i.glossary_id != found.glossary_id]
    old.sort(key=lambda i: str(getattr(i, "creation_time", "")), reverse=True)
    for info in old[keep:]:
        call(lambda info=info: client.delete_glossary(info))
    return found.glossary_id
