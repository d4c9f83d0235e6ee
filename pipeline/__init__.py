"""pipeline: exact Markdown localization through PO catalogs.

Stages, each a module with one job: source -> extract -> catalog -> draft -> merge -> check.
"""

__version__ = "0.1.0"
