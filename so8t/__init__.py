"""SO8T engine: every pipeline stage as a plain function, no Qt."""

__version__ = "0.1.0"
