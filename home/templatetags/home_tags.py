"""Template tags of the demo site: main navigation and language switcher."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    language_code: str
    name: str
    url: str
    full_url: str
    is_current: bool


def _locale_order() -> dict[str, int]:
    return {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}


def _current_locale(context: dict[str, Any]) -> Locale | None:
    page = context.get("page")
    if isinstance(page, Page):
        return page.locale
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def _localized_home(context: dict[str, Any]) -> Page | None:
    """The site's root page in the current locale (or the root page itself)."""
    request = context.get("request")
    if request is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    locale = _current_locale(context)
    if locale is not None and root.locale_id != locale.pk:
        root = root.get_translation_or_none(locale) or root
    return root


@register.inclusion_tag("home/includes/navigation.html", takes_context=True)
def site_navigation(context: dict[str, Any]) -> dict[str, Any]:
    """The home page's live menu children in the current locale."""
    home = _localized_home(context)
    current = context.get("page")
    items = []
    if home is not None:
        for child in home.get_children().live().in_menu().specific():
            if isinstance(current, Page) and current.pk == child.pk:
                state = "page"
            elif isinstance(current, Page) and current.path.startswith(child.path):
                state = "true"  # a descendant of this item is shown
            else:
                state = ""
            items.append({"page": child, "aria_current": state})
    return {
        "request": context.get("request"),
        "home": home,
        "items": items,
        "home_is_current": isinstance(current, Page) and home is not None and current.pk == home.pk,
    }


def language_links(context: dict[str, Any]) -> list[LanguageLink]:
    """Links from the current page to each of its live translations, in the order of ``LANGUAGES``."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        # Not a Wagtail page (e.g. a 404): offer the home page in each language.
        page = _localized_home(context)
        current_code = translation.get_language()
    else:
        current_code = page.locale.language_code
    if page is None:
        return []
    order = _locale_order()
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    links = []
    for other in translations:
        url = other.get_url(request)
        if not url:
            continue
        code = other.locale.language_code
        links.append(
            LanguageLink(
                language_code=code,
                name=other.locale.language_name_local or code,
                url=url,
                full_url=other.get_full_url(request) or url,
                is_current=code == current_code,
            )
        )
    links.sort(key=lambda link: order.get(link.language_code, len(order)))
    return links


@register.inclusion_tag("home/includes/language_switcher.html", takes_context=True)
def language_switcher(context: dict[str, Any]) -> dict[str, Any]:
    return {"links": language_links(context)}


@register.inclusion_tag("home/includes/alternate_links.html", takes_context=True)
def alternate_language_links(context: dict[str, Any]) -> dict[str, Any]:
    """``<link rel="alternate" hreflang>`` tags for search engines."""
    page = context.get("page")
    return {"links": language_links(context) if isinstance(page, Page) else []}


@register.simple_tag(takes_context=True)
def localized_home(context: dict[str, Any]) -> Page | None:
    """``{% localized_home as home %}``: the site's home page in the current locale."""
    return _localized_home(context)
