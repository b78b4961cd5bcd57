"""A plugin-based feedback survey engine for Wagtail."""

__version__ = "0.1.0"
