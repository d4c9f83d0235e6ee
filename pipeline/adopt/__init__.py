"""pipeline.adopt."""
