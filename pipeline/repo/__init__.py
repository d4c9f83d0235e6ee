"""pipeline.repo."""
