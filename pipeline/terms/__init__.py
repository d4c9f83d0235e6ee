"""pipeline.terms: the glossary learned from the site's own reviewed translations.

Why: a glossary written from one article contradicts the site (热疗 in the glossary,
热敷 173 times in the articles), and then DeepL drafts and the checks push the
glossary's word against the translators'. ``mine`` finds the term pairs the
reviewed catalogs actually use (co-occurrence, Dice over English n-grams and
translation substrings); ``compare`` reports where the glossary disagrees with
them. Both are pure; ``pipeline glossary suggest|check`` reads the catalogs.
"""
