"""Votes on pages behind a view restriction (password, login, groups): only
from a request Wagtail would let see the page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest


def request_may_view(page: Any, request: HttpRequest, restrictions: Iterable[Any] | None = None) -> bool:
    """Exactly Wagtail's test for serving the page: every restriction on the
    page or an ancestor must accept the request (session password, login,
    group membership). ``restrictions``: the page's, when already loaded."""
    if restrictions is None:
        restrictions = page.get_view_restrictions()
    return all(restriction.accept_request(request) for restriction in restrictions)
