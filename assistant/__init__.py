"""Offline voice assistant for customer service (English and Korean)."""

__version__ = "0.1.0"

LANGUAGES = ("en", "ko")
"""Languages the core supports."""
