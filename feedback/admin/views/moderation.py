"""Moderation: mark a response handled or spam, erase it, find a comment.

A status change can move a response in or out of the counts (spam is not
counted), so the page is re-aggregated once the change commits. Erasure is
audited with Wagtail's log (who, when, which page; never the text).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Table
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import BaseListingView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page

from feedback.admin.permissions import restrict_to_user
from feedback.admin.views.comments import comment_rows, comments_table, free_text_type_names
from feedback.admin.views.common import (
    PAGE_FEEDBACK_BREADCRUMBS,
    FeedbackPermissionMixin,
    bad_request,
    signed_in_user,
)
from feedback.models import Answer, Response
from feedback.workers.aggregation import local_day
from feedback.workers.jobs import enqueue_aggregation

ERASE_ACTION = "feedback.response.erase"
STATUS_ACTION = "feedback.response.status"


def schedule_reaggregation(response: Response) -> None:
    """Recount the response's page and day after this transaction commits.

    The day is passed because an incremental run only looks at recent days
    and new responses; moderating an old comment must recount its own day.
    """
    enqueue_aggregation(response.source_page_id, [local_day(response.submitted_at).isoformat()])


class ResponseActionMixin(FeedbackPermissionMixin):
    """A view acting on one response with ``action`` on its page's feedback:
    404 when that feedback is hidden from the user, 403 when it is visible
    but the action is not theirs."""

    action = "moderate"
    refusal: Any = _("You may not moderate this page's feedback.")

    @cached_property
    def feedback_response(self) -> Response:
        return get_object_or_404(Response, pk=self.kwargs["response_id"])

    @cached_property
    def page(self) -> Page | None:
        return Page.objects.filter(pk=self.feedback_response.source_page_id).first()

    def check_response_permission(self) -> None:
        if not self.user_has_permission_for_instance(self.action, self.page):
            if not self.user_has_permission_for_instance("view", self.page):
                raise Http404
            raise PermissionDenied(self.refusal)

    def next_url(self) -> str:
        """Where the moderator came from (on this site), or the page's report."""
        report = reverse("feedback_admin:page_report", args=[self.feedback_response.source_page_id])
        return get_valid_next_url_from_request(self.request) or report


@method_decorator(require_POST, name="dispatch")
class SetStatusView(ResponseActionMixin, View):
    def post(self, request: HttpRequest, response_id: int) -> HttpResponse:
        self.check_response_permission()
        response = self.feedback_response
        status = request.POST.get("status", "")
        if status not in Response.Status.values:
            messages.error(request, _("Choose a valid status."))
            return bad_request(request, _("Invalid status"), _("Choose a valid status."))
        if status != response.status:
            with transaction.atomic():
                counted_before = response.status != Response.Status.SPAM
                response.status = status
                response.status_changed_by = signed_in_user(request)
                response.status_changed_at = timezone.now()
                response.save(update_fields=["status", "status_changed_by", "status_changed_at"])
                log(
                    instance=response,
                    action=STATUS_ACTION,
                    user=request.user,
                    data={"page_id": response.source_page_id, "status": status},
                )
                if counted_before != (status != Response.Status.SPAM):
                    schedule_reaggregation(response)
        messages.success(
            request, _("The response is now marked “%(status)s”.") % {"status": response.get_status_display()}
        )
        return redirect(self.next_url())


@method_decorator(require_http_methods(["GET", "POST"]), name="dispatch")
class EraseResponseView(ResponseActionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Delete one response and its answers for an erasure request (confirm first)."""

    action = "erase"
    refusal = _("You may not erase responses.")
    template_name = "feedback/admin/confirm_erase.html"
    page_title = _("Delete a response")
    header_icon = "bin"
    breadcrumbs_items: list[dict[str, Any]] = []  # a confirmation: the page's own header, no way elsewhere

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_response_permission()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(response=self.feedback_response, page=self.page, next=self.next_url())
        return context

    def post(self, request: HttpRequest, response_id: int) -> HttpResponse:
        self.check_response_permission()
        response = self.feedback_response
        next_url = self.next_url()
        with transaction.atomic():
            # Logged before deletion so the entry can point at the object; the
            # data holds what an auditor needs and none of the visitor's text.
            log(
                instance=response,
                action=ERASE_ACTION,
                user=request.user,
                data={
                    "response_id": response.pk,
                    "page_id": response.source_page_id,
                    "page_title": response.page_title,
                    "submitted_at": response.submitted_at.isoformat(),
                },
            )
            schedule_reaggregation(response)
            response.delete()
        messages.success(request, _("The response was deleted."))
        return redirect(next_url)


@method_decorator(require_GET, name="dispatch")
class CommentSearchView(FeedbackPermissionMixin, BaseListingView):
    """Find a comment by its text across every language and page the user may see."""

    template_name = "feedback/admin/comment_search.html"
    page_title = _("Find feedback comments")
    header_icon = "search"
    breadcrumbs_items = PAGE_FEEDBACK_BREADCRUMBS
    paginate_by = 25

    @cached_property
    def query(self) -> str:
        return (self.request.GET.get("q") or "").strip()[:200]

    def get_base_queryset(self) -> QuerySet[Answer]:
        if not self.query:
            return Answer.objects.none()
        answers = Answer.objects.filter(question_type__in=free_text_type_names(), text__icontains=self.query)
        answers = restrict_to_user(answers, self.request.user, field="response__source_page_id")
        return answers.select_related("response").order_by("-response__submitted_at", "-pk")

    def get_table(self, object_list: Any) -> Table:
        pages = Page.objects.in_bulk({a.response.source_page_id for a in object_list})
        rows = comment_rows(object_list, self.request.user, page_of=lambda a: pages.get(a.response.source_page_id))
        return comments_table(rows, in_search=True)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(query=self.query, results=context["page_obj"], rows=context["table"].data)
        return context
