"""Checks on a request before anything is read from a database or Redis:
where it comes from (no CSRF token: the page HTML stays cacheable) and
whether a bot filled in the hidden field."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site

from feedback.public.submission import HONEYPOT_FIELD


def _host_name(host: str) -> str:
    """``example.com:8000`` → ``example.com``; ``[::1]:80`` → ``::1``."""
    return (urlsplit(f"//{host}").hostname or "").lower()


def allowed_origin_hosts(request: HttpRequest) -> set[str]:
    """Host names a submission may come from: the request's own host, every
    Wagtail Site and the concrete names in ``ALLOWED_HOSTS``."""
    hosts = {_host_name(request.get_host())}
    # Cached by Wagtail in the default cache: no query on the hot path.
    for root in Site.get_site_root_paths():
        host = urlsplit(root.root_url).hostname if root.root_url else None
        if host:
            hosts.add(host.lower())
    for entry in settings.ALLOWED_HOSTS:
        if entry and entry != "*" and not entry.startswith("."):
            hosts.add(_host_name(entry))
    return hosts


def origin_is_allowed(request: HttpRequest) -> bool:
    """``Origin`` names one of :func:`allowed_origin_hosts`; without it, Fetch
    metadata says same-origin; with neither, not a cross-site browser request."""
    origin = request.headers.get("Origin")
    if origin is not None:
        try:
            host = urlsplit(origin).hostname
        except ValueError:
            return False
        if not host:
            return False
        # The usual case first: the page's own host (no need to list every site).
        return host == _host_name(request.get_host()) or host in allowed_origin_hosts(request)
    # Browsers that send no Origin on a POST send Fetch metadata instead.
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    # Neither header: not a cross-site browser request (e.g. curl, a server).
    return True


def honeypot_filled(source: Any) -> bool:
    """Anything at all in the hidden field: ``0``, ``false``, ``[]`` and ``{}``
    count as filled (only a bot sends them); a missing field or ``""`` does not."""
    if HONEYPOT_FIELD not in source:
        return False
    value = source.get(HONEYPOT_FIELD)
    return value is not None and value != ""
