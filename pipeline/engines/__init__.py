"""pipeline.engines: machine-translation engines implementing ``pipeline.model.Engine``."""
