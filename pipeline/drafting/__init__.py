"""pipeline.drafting."""
