"""Votes on pages behind a view restriction (password, login, groups): only
from a request Wagtail would let see the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def request_may_view(page: Any, request: HttpRequest) -> bool:
    """Exactly Wagtail's test for serving the page: every restriction on the
    page or an ancestor must accept the request (session password, login,
    group membership)."""
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())
