"""Language names for the language codes stored with responses."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """The name of the language ``code`` in the active language ("Danska" in a
    Swedish admin), as the site's languages setting names it; the code itself
    when the language is unknown."""
    if not code:
        return ""
    languages = dict(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES)
    name = languages.get(code) or dict(settings.LANGUAGES).get(code)
    if name:
        return str(name)
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
