"""egov: a provincial e-government platform."""

__version__ = "0.1.0"
