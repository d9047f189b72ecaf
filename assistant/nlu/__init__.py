"""Natural-language understanding: templates, slot lists, strict and fuzzy matching."""
