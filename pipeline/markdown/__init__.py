"""pipeline.markdown."""
