"""pipeline.safety: what a translation may change, decided by parsing it in context.

Pure (no IO). The English article and the article filled with translations are
parsed with the extractor's CommonMark parser (pulldown-cmark through pyromark),
raw HTML with a real tokenizer (``html.parser``), and their inventories compared:
blocks, link and image destinations (decoded and normalized), reference
definitions, HTML tags and attributes, comments, hidden characters. A translation
may change text and emphasis, and a link only into the localized form merge
itself writes. One implementation serves merge (``review``), ``pipeline check``
and the drafting QA (``unit_problems``, through ``pipeline.qa``).
"""

from __future__ import annotations

from pipeline.safety.context import reason
from pipeline.safety.finding import Finding
from pipeline.safety.inventory import Inventory, inventory
from pipeline.safety.review import review
from pipeline.safety.units import unit_findings, unit_inventory, unit_problems
from pipeline.safety.urls import any_locale, is_script, prefix_localizer, same_page

__all__ = [
    "Finding",
    "Inventory",
    "any_locale",
    "inventory",
    "is_script",
    "prefix_localizer",
    "same_page",
    "reason",
    "review",
    "unit_findings",
    "unit_inventory",
    "unit_problems",
]
