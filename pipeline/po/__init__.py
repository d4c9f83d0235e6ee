"""pipeline.po: PO catalogs, our own way.

``model`` (Entry, Catalog, Layout) is the typed model every stage uses; ``pofile`` is
the one reader (``poparse`` its strict line parser), ``writer`` the layout-keeping
writer (``strings``: escapes and gettext-style wrapping); ``catalog`` builds templates
and updates catalogs (``keep`` gives the result the old file's order and text,
``headers`` decides which header fields are ours).
"""
