"""pipeline: exact Markdown localization through PO catalogs.

Stages, data flowing one way: markdown (source, extract) -> po (catalog) -> drafting
-> merge -> gate; ``plan`` composes them per article, ``repo`` is the edge where files
are read and written, ``cli`` parses and presents.
"""

__version__ = "0.1.0"
