"""pipeline.engines: ways of drafting a translation, one ``Engine`` protocol for all.

``memory`` (reviewed translations of every catalog), ``terms`` (the glossary)
and ``deepl`` (machine translation) are tried in that order.
"""
