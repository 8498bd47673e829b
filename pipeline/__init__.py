"""Merge awesome lists of research papers into one deduplicated catalog."""

__version__ = "0.1.0"
