"""Helpers shared by the admin views."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from feedback.admin.permissions import user_can_view_page_feedback


def forbidden(request: HttpRequest, message: Any = None) -> HttpResponse:
    """A real 403 inside the admin (Wagtail would redirect to the dashboard)."""
    return TemplateResponse(
        request,
        "feedback/admin/forbidden.html",
        {
            "page_title": _("Access denied"),
            "header_icon": "warning",
            "message": message or _("You do not have permission to see this feedback."),
        },
        status=403,
    )


def get_page_for_user(request: HttpRequest, page_id: int) -> Page:
    """The page, or 404 when it does not exist or its feedback is hidden from the user.

    A page the user may not see answers 404, not 403, so page ids cannot be probed.
    """
    page = get_object_or_404(Page.objects.select_related("locale"), pk=page_id)
    if not user_can_view_page_feedback(request.user, page):
        raise Http404
    return page


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"
