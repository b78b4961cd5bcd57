"""What every admin view of the engine shares: the permission check with a real
403, the 400 page, the breadcrumbs and a few display helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from feedback.admin.permissions import feedback_permission_policy, user_can_view_page_feedback
from feedback.reporting.queries import change

if TYPE_CHECKING:
    from django.contrib.auth.models import User


#: The first breadcrumbs of the views under the site report and under the exports.
PAGE_FEEDBACK_BREADCRUMBS = [
    *WagtailAdminTemplateMixin.breadcrumbs_items,
    {"url": reverse_lazy("feedback_admin:site_report"), "label": _("Page feedback")},
]
EXPORTS_BREADCRUMBS = [
    *WagtailAdminTemplateMixin.breadcrumbs_items,
    {"url": reverse_lazy("feedback_admin:export_list"), "label": _("Feedback exports")},
]


def _message_page(request: HttpRequest, template: str, title: Any, message: Any, status: int) -> HttpResponse:
    return TemplateResponse(
        request,
        template,
        {"page_title": title, "header_title": title, "header_icon": "warning", "message": message},
        status=status,
    )


def forbidden(request: HttpRequest, message: Any = None) -> HttpResponse:
    """A real 403 inside the admin (Wagtail would redirect to the dashboard)."""
    message = message or _("You do not have permission to see this feedback.")
    return _message_page(request, "feedback/admin/forbidden.html", _("Access denied"), message, 403)


def bad_request(request: HttpRequest, title: Any, message: Any) -> HttpResponse:
    """A 400: the request itself was wrong (not a matter of permission)."""
    return _message_page(request, "feedback/admin/bad_request.html", title, message, 400)


class FeedbackPermissionMixin(PermissionCheckedMixin):
    """Wagtail's permission check against :data:`feedback_permission_policy`.

    Every view needs ``view`` (the user sees some page's feedback); a view asks
    for more with ``permission_required`` or, for one page, with
    :meth:`check_permission_for`. A refusal (any ``PermissionDenied``, with
    its message) is a real 403 page instead of Wagtail's redirect, so a
    refused request is obvious and changes nothing.
    """

    permission_policy = feedback_permission_policy
    permission_required = "view"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as denied:
            return self.permission_denied(denied)

    def permission_denied(self, denied: PermissionDenied) -> HttpResponse:
        return forbidden(self.request, *denied.args)

    def check_permission_for(self, action: str, page: Page | None, message: Any = None) -> None:
        if not self.user_has_permission_for_instance(action, page):
            raise PermissionDenied(message)


class TemplateColumn(Column):
    """A table column whose cells a template of ours draws: it gets the row as
    ``instance`` (and ``value`` when the column's name or ``accessor`` leads to one)."""

    def __init__(self, name: str, template_name: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name


class FormsColumn(TemplateColumn):
    """A column whose cells hold forms: Wagtail renders each cell with a
    context of its own, without the CSRF token of the page's context."""

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(context["request"])
        return context


def signed_in_user(request: HttpRequest) -> User:
    """The request's user; the Wagtail admin lets no anonymous request reach our views."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def get_page_for_user(request: HttpRequest, page_id: int) -> Page:
    """The page, or 404 when it does not exist or its feedback is hidden from the user.

    A page the user may not see answers 404, not 403, so page ids cannot be probed.
    """
    page = get_object_or_404(Page.objects.select_related("locale"), pk=page_id)
    if not user_can_view_page_feedback(request.user, page):
        raise Http404
    return page


def query_without(request: HttpRequest, *names: str) -> QueryDict:
    """The request's query parameters without ``names`` (e.g. the page number)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def change_display(current: int, previous: int, *, new_label: Any = "–") -> str:
    """The change against the previous period, "+12 %"; ``new_label`` when that
    period had no responses and this one has."""
    value = change(current, previous)
    if value is None:
        return str(new_label) if current else "–"
    return f"{round(value * 100):+d} %"
