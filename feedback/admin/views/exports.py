"""Big Excel exports from the admin: start, follow, download, retry, list.

The work itself runs on the export queue (``feedback.exporting``); these views
only ask for it and show its progress, read from the ``Export`` row so any web
process can answer. Permission is checked on every request, including the
download, against the export's scope as it is *now*.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin import messages
from wagtail.models import Page

from feedback.admin.permissions import user_can_export, user_can_use_export, user_can_view_any_feedback
from feedback.admin.views.common import forbidden, get_page_for_user
from feedback.exporting.housekeeping import abandon_if_dead
from feedback.exporting.records import request_export, retry_export
from feedback.exporting.storage import export_file_response
from feedback.models import Export, FeedbackForm

RECENT_EXPORTS = 50


class StartExportForm(forms.Form):
    scope = forms.ChoiceField(choices=Export.Scope.choices)
    page = forms.IntegerField(required=False, min_value=1)
    form = forms.IntegerField(required=False, min_value=1)
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)
    include_translations = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        if data.get("scope") == Export.Scope.PAGE and not data.get("page"):
            raise forms.ValidationError(_("Choose a page to export."))
        if data.get("scope") == Export.Scope.FORM and not data.get("form"):
            raise forms.ValidationError(_("Choose a form to export."))
        return data


def _bad_request(request: HttpRequest, form: forms.Form) -> HttpResponse:
    errors = [str(e) for e in form.non_field_errors()] or [
        str(_("%(field)s: %(error)s") % {"field": name, "error": error[0]}) for name, error in form.errors.items()
    ]
    return TemplateResponse(
        request,
        "feedback/admin/forbidden.html",
        {"page_title": _("The export could not start"), "header_icon": "warning", "message": " ".join(errors)},
        status=400,
    )


@require_POST
def start_export(request: HttpRequest) -> HttpResponse:
    if not user_can_view_any_feedback(request.user):
        return forbidden(request)
    form = StartExportForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, form)
    data = form.cleaned_data
    page = None
    feedback_form = None
    scope = data["scope"]
    if scope == Export.Scope.PAGE:
        page = get_page_for_user(request, data["page"])
        if not user_can_export(request.user, page):
            return forbidden(request, _("You may not export this page's feedback."))
    else:
        if not user_can_export(request.user, None):
            return forbidden(request, _("You may not export the feedback of the whole site."))
        if scope == Export.Scope.FORM:
            feedback_form = get_object_or_404(FeedbackForm, pk=data["form"])
    try:
        export = request_export(
            request.user,
            scope=scope,
            page=page,
            form=feedback_form,
            include_translations=data["include_translations"],
            since=data["since"],
            until=data["until"],
            format="xlsx",
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _bad_request(request, form)
    return redirect("feedback_admin:export_status", export.pk)


def get_export_for_user(request: HttpRequest, export_id: int) -> Export:
    """The export, or 404 when it is someone else's or its scope is hidden now."""
    export = get_object_or_404(Export.objects.select_related("page", "requested_by"), pk=export_id)
    if not user_can_use_export(request.user, export):
        raise Http404
    return export


def status_payload(export: Export) -> dict[str, Any]:
    return {
        "id": export.pk,
        "status": export.status,
        "status_display": str(export.get_status_display()),
        "progress": 100 if export.status == Export.Status.DONE else int(export.progress or 0),
        "error": export.error if export.status == Export.Status.FAILED else "",
        "done": export.status == Export.Status.DONE,
        "finished": not export.is_active,
        "download_url": reverse("feedback_admin:export_download", args=[export.pk])
        if export.status == Export.Status.DONE
        else "",
        "file_size": export.file_size,
        "row_count": export.row_count,
    }


@require_GET
def export_status(request: HttpRequest, export_id: int) -> HttpResponse:
    if not user_can_view_any_feedback(request.user):
        return forbidden(request)
    export = get_export_for_user(request, export_id)
    abandon_if_dead(export)  # never "running" for a job that died
    return TemplateResponse(
        request,
        "feedback/admin/export_status.html",
        {
            "page_title": _("Feedback export"),
            "header_icon": "download",
            "breadcrumbs_items": _breadcrumbs(_("Export %(id)s") % {"id": export.pk}),
            "export": export,
            "scope_label": describe_scope(export),
            "state": status_payload(export),
            "status_json_url": reverse("feedback_admin:export_status_json", args=[export.pk]),
        },
    )


@require_GET
def export_status_json(request: HttpRequest, export_id: int) -> HttpResponse:
    if not user_can_view_any_feedback(request.user):
        return JsonResponse({"error": str(_("You do not have permission to see this export."))}, status=403)
    export = get_export_for_user(request, export_id)
    abandon_if_dead(export)
    response = JsonResponse(status_payload(export))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    if not user_can_view_any_feedback(request.user):
        return forbidden(request)
    export = get_export_for_user(request, export_id)
    if export.status != Export.Status.DONE or not export.file_path:
        raise Http404
    if export.expires_at and export.expires_at <= timezone.now():
        raise Http404
    try:
        return export_file_response(export)
    except (FileNotFoundError, OSError):
        raise Http404 from None


@require_POST
def export_retry(request: HttpRequest, export_id: int) -> HttpResponse:
    if not user_can_view_any_feedback(request.user):
        return forbidden(request)
    export = get_export_for_user(request, export_id)
    # A job killed with its worker leaves the export "running": retry at once.
    abandon_if_dead(export)
    if export.status != Export.Status.FAILED:
        messages.error(request, _("Only a failed export can be retried."))
        return redirect("feedback_admin:export_status", export.pk)
    export = retry_export(export) or export
    return redirect("feedback_admin:export_status", export.pk)


@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    if not user_can_view_any_feedback(request.user):
        return forbidden(request)
    exports = Export.objects.select_related("requested_by", "page").order_by("-created_at")
    if not request.user.is_superuser:
        exports = exports.filter(requested_by=request.user)
    rows = [e for e in exports[:RECENT_EXPORTS] if user_can_use_export(request.user, e)]
    now = timezone.now()
    return TemplateResponse(
        request,
        "feedback/admin/export_list.html",
        {
            "page_title": _("Feedback exports"),
            "header_icon": "download",
            "breadcrumbs_items": _breadcrumbs(_("Feedback exports")),
            "rows": [
                (e, status_payload(e), bool(e.expires_at and e.expires_at <= now), describe_scope(e)) for e in rows
            ],
        },
    )


def _breadcrumbs(label: Any) -> list[dict[str, Any]]:
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("feedback_admin:export_list"), "label": _("Feedback exports")},
        {"url": "", "label": label},
    ]


def describe_scope(export: Export) -> str:
    if export.scope == Export.Scope.PAGE:
        page: Page | None = export.page
        return page.get_admin_display_title() if page else str(_("Deleted page"))
    if export.scope == Export.Scope.FORM:
        return str(export.form or _("Deleted form"))
    return str(_("Whole site"))
