"""pipeline.po."""
