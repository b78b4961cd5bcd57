"""Moderation: mark a response handled or spam, erase it, find a comment.

A status change can move a response in or out of the counts (spam is not
counted), so the page is re-aggregated once the change commits. Erasure is
audited with Wagtail's log (who, when, which page; never the text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail.models import Page

from feedback.admin.permissions import (
    can_view_all_pages,
    user_can_erase,
    user_can_moderate,
    user_can_view_any_feedback,
    user_can_view_page_feedback,
)
from feedback.admin.views.common import forbidden
from feedback.admin.views.reports import free_text_type_names, question_labels, restrict_to_user
from feedback.models import Answer, Response

ERASE_ACTION = "feedback.response.erase"
STATUS_ACTION = "feedback.response.status"


def _page_of(response: Response) -> Page | None:
    return Page.objects.filter(pk=response.source_page_id).first()


class NotAllowed(Exception):
    """The user sees the page's feedback but may not moderate it (403, not 404)."""


def get_response_for_moderator(
    request: HttpRequest, response_id: int, allowed: Callable[[Any, Page | None], bool] = user_can_moderate
) -> tuple[Response, Page | None]:
    """The response and its page; 404 when its page's feedback is hidden from
    the user, :class:`NotAllowed` when it is visible but ``allowed`` says no."""
    response = get_object_or_404(Response, pk=response_id)
    page = _page_of(response)
    if not allowed(request.user, page):
        visible = can_view_all_pages(request.user) if page is None else user_can_view_page_feedback(request.user, page)
        if visible:
            raise NotAllowed
        raise Http404
    return response, page


def schedule_reaggregation(response: Response) -> None:
    """Recount the response's page and day after this transaction commits.

    The day is passed because an incremental run only looks at recent days
    and new responses; moderating an old comment must recount its own day.
    """
    from feedback.workers.aggregation import local_day
    from feedback.workers.jobs import enqueue_aggregation

    enqueue_aggregation(response.source_page_id, [local_day(response.submitted_at).isoformat()])


def _next_url(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return fallback


def _report_url(response: Response) -> str:
    return reverse("feedback_admin:page_report", args=[response.source_page_id])


@require_POST
def set_status(request: HttpRequest, response_id: int) -> HttpResponse:
    if not user_can_view_any_feedback(request.user):
        return forbidden(request)
    try:
        response, _page = get_response_for_moderator(request, response_id)
    except NotAllowed:
        return forbidden(request, _("You may not moderate this page's feedback."))
    status = request.POST.get("status", "")
    if status not in Response.Status.values:
        messages.error(request, _("Choose a valid status."))
        return TemplateResponse(
            request,
            "feedback/admin/forbidden.html",
            {"page_title": _("Invalid status"), "header_icon": "warning", "message": _("Choose a valid status.")},
            status=400,
        )
    if status != response.status:
        with transaction.atomic():
            counted_before = response.status != Response.Status.SPAM
            response.status = status
            response.status_changed_by = request.user
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
    messages.success(request, _("The response is now marked “%(status)s”.") % {"status": response.get_status_display()})
    return redirect(_next_url(request, _report_url(response)))


@require_http_methods(["GET", "POST"])
def erase_response(request: HttpRequest, response_id: int) -> HttpResponse:
    """Delete one response and its answers for an erasure request (confirm first)."""
    if not user_can_view_any_feedback(request.user):
        return forbidden(request)
    try:
        response, page = get_response_for_moderator(request, response_id, user_can_erase)
    except NotAllowed:
        return forbidden(request, _("You may not erase responses."))
    fallback = _report_url(response)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "feedback/admin/confirm_erase.html",
            {
                "page_title": _("Delete a response"),
                "header_icon": "bin",
                "response": response,
                "page": page,
                "next": _next_url(request, fallback),
            },
        )
    page_id = response.source_page_id
    with transaction.atomic():
        # Logged before deletion so the entry can point at the object; the
        # data holds what an auditor needs and none of the visitor's text.
        log(
            instance=response,
            action=ERASE_ACTION,
            user=request.user,
            data={
                "response_id": response.pk,
                "page_id": page_id,
                "page_title": response.page_title,
                "submitted_at": response.submitted_at.isoformat(),
            },
        )
        schedule_reaggregation(response)
        response.delete()
    messages.success(request, _("The response was deleted."))
    return redirect(_next_url(request, fallback))


@require_GET
def comment_search(request: HttpRequest) -> HttpResponse:
    """Find a comment by its text across every language and page the user may see."""
    if not user_can_view_any_feedback(request.user):
        return forbidden(request)
    query = (request.GET.get("q") or "").strip()[:200]
    answers = Answer.objects.none()
    if query:
        answers = restrict_to_user(
            Answer.objects.filter(question_type__in=free_text_type_names(), text__icontains=query),
            request.user,
            field="response__source_page_id",
        ).select_related("response")
        answers = answers.order_by("-response__submitted_at", "-pk")
    paginator = Paginator(answers, 25)
    results = paginator.get_page(request.GET.get("p"))
    labels = question_labels(results.object_list)
    pages = Page.objects.in_bulk({a.response.source_page_id for a in results.object_list})
    rows: list[dict[str, Any]] = []
    for answer in results.object_list:
        page = pages.get(answer.response.source_page_id)
        rows.append(
            {
                "answer": answer,
                "label": labels.get(answer.question_key, answer.question_key),
                "page": page,
                "can_moderate": user_can_moderate(request.user, page),
                "can_erase": user_can_erase(request.user, page),
            }
        )
    return TemplateResponse(
        request,
        "feedback/admin/comment_search.html",
        {
            "page_title": _("Find feedback comments"),
            "header_icon": "search",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": reverse("feedback_admin:site_report"), "label": _("Page feedback")},
                {"url": "", "label": _("Find feedback comments")},
            ],
            "query": query,
            "results": results,
            "rows": rows,
            "status_choices": Response.Status.choices,
        },
    )
