"""Big Excel exports from the admin: start, follow, download, retry, list.

The work itself runs on the export queue (``feedback.exporting``); these views
only ask for it and show its progress, read from the ``Export`` row so any web
process can answer. Permission is checked on every request, including the
download, against the export's scope as it is *now*.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import BaseListingView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from feedback.admin.permissions import user_can_use_export
from feedback.admin.views.common import (
    EXPORTS_BREADCRUMBS,
    FeedbackPermissionMixin,
    FormsColumn,
    TemplateColumn,
    bad_request,
    get_page_for_user,
    signed_in_user,
)
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
        super().clean()
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        if data.get("scope") == Export.Scope.PAGE and not data.get("page"):
            raise forms.ValidationError(_("Choose a page to export."))
        if data.get("scope") == Export.Scope.FORM and not data.get("form"):
            raise forms.ValidationError(_("Choose a form to export."))
        return data

    def error_text(self) -> str:
        errors = [str(e) for e in self.non_field_errors()] or [
            str(_("%(field)s: %(error)s") % {"field": name, "error": error[0]}) for name, error in self.errors.items()
        ]
        return " ".join(errors)


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


def describe_scope(export: Export) -> str:
    if export.scope == Export.Scope.PAGE:
        page: Page | None = export.page
        return page.get_admin_display_title() if page else str(_("Deleted page"))
    if export.scope == Export.Scope.FORM:
        return str(export.form or _("Deleted form"))
    return str(_("Whole site"))


@method_decorator(require_POST, name="dispatch")
class StartExportView(FeedbackPermissionMixin, View):
    """Queue an export of what a report shows (or find the same one waiting)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StartExportForm(request.POST)
        if not form.is_valid():
            return self.bad_request(form)
        data = form.cleaned_data
        page = None
        feedback_form = None
        if data["scope"] == Export.Scope.PAGE:
            page = get_page_for_user(request, data["page"])
            self.check_permission_for("export", page, _("You may not export this page's feedback."))
        else:
            self.check_permission_for("export", None, _("You may not export the feedback of the whole site."))
            if data["scope"] == Export.Scope.FORM:
                feedback_form = get_object_or_404(FeedbackForm, pk=data["form"])
        try:
            export = request_export(
                signed_in_user(request),
                scope=data["scope"],
                page=page,
                form=feedback_form,
                include_translations=data["include_translations"],
                since=data["since"],
                until=data["until"],
                format="xlsx",
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.bad_request(form)
        return redirect("feedback_admin:export_status", export.pk)

    def bad_request(self, form: StartExportForm) -> HttpResponse:
        return bad_request(self.request, _("The export could not start"), form.error_text())


class ExportMixin(FeedbackPermissionMixin):
    """A view of one export: 404 when it is someone else's or its scope is hidden now."""

    @cached_property
    def export(self) -> Export:
        export = get_object_or_404(Export.objects.select_related("page", "requested_by"), pk=self.kwargs["export_id"])
        if not user_can_use_export(self.request.user, export):
            raise Http404
        return export

    def live_export(self) -> Export:
        """The export, marked failed first if its job died (so it is never "running" for ever)."""
        abandon_if_dead(self.export)
        return self.export


@method_decorator(require_GET, name="dispatch")
class ExportStatusView(ExportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "feedback/admin/export_status.html"
    page_title = _("Feedback export")
    header_icon = "download"
    breadcrumbs_items = EXPORTS_BREADCRUMBS

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": _("Export %(id)s") % {"id": self.export.pk}}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        export = self.live_export()
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(
            export=export,
            scope_label=describe_scope(export),
            state=status_payload(export),
            status_json_url=reverse("feedback_admin:export_status_json", args=[export.pk]),
        )
        return context


@method_decorator(require_GET, name="dispatch")
class ExportStatusJsonView(ExportMixin, View):
    """The progress for the status page's script (never cached)."""

    def get(self, request: HttpRequest, export_id: int) -> HttpResponse:
        response = JsonResponse(status_payload(self.live_export()))
        response["Cache-Control"] = "no-store"
        return response

    def permission_denied(self, denied: PermissionDenied) -> HttpResponse:
        return JsonResponse({"error": str(_("You do not have permission to see this export."))}, status=403)


@method_decorator(require_GET, name="dispatch")
class ExportDownloadView(ExportMixin, View):
    def get(self, request: HttpRequest, export_id: int) -> HttpResponseBase:
        export = self.export
        if export.status != Export.Status.DONE or not export.file_path:
            raise Http404
        if export.expires_at and export.expires_at <= timezone.now():
            raise Http404
        try:
            return export_file_response(export)
        except (FileNotFoundError, OSError):
            raise Http404 from None


@method_decorator(require_POST, name="dispatch")
class ExportRetryView(ExportMixin, View):
    def post(self, request: HttpRequest, export_id: int) -> HttpResponse:
        # A job killed with its worker leaves the export "running": retry at once.
        export = self.live_export()
        if export.status != Export.Status.FAILED:
            messages.error(request, _("Only a failed export can be retried."))
            return redirect("feedback_admin:export_status", export.pk)
        export = retry_export(export) or export
        return redirect("feedback_admin:export_status", export.pk)


@dataclass
class ExportRow:
    export: Export
    state: dict[str, Any]
    expired: bool
    scope: str

    @property
    def size(self) -> str:
        return filesizeformat(self.export.file_size) if self.export.file_size else "–"

    @property
    def requested_by(self) -> str:
        user = self.export.requested_by
        return user.get_username() if user else "–"

    @property
    def expires(self) -> str:
        expires_at = self.export.expires_at
        return date_format(timezone.localtime(expires_at), "SHORT_DATETIME_FORMAT") if expires_at else "–"


@method_decorator(require_GET, name="dispatch")
class ExportListView(FeedbackPermissionMixin, BaseListingView):
    """The user's recent exports (a superuser's: everyone's) that they may still use."""

    template_name = "feedback/admin/export_list.html"
    page_title = _("Feedback exports")
    header_icon = "download"
    columns = [
        TemplateColumn("scope", "feedback/admin/tables/export_link_cell.html", label=_("Export")),
        TemplateColumn("status", "feedback/admin/tables/export_status_cell.html", label=_("Status")),
        Column("size", label=_("Size")),
        Column("requested_by", label=_("Asked by")),
        DateColumn("created_at", label=_("Asked"), accessor="export.created_at"),
        Column("expires", label=_("Expires")),
        FormsColumn("actions", "feedback/admin/tables/export_actions_cell.html", label=_("Actions")),
    ]

    def get_base_queryset(self) -> list[ExportRow]:
        user = signed_in_user(self.request)
        exports = Export.objects.select_related("requested_by", "page").order_by("-created_at")
        if not user.is_superuser:
            exports = exports.filter(requested_by=user)
        now = timezone.now()
        return [
            ExportRow(e, status_payload(e), bool(e.expires_at and e.expires_at <= now), describe_scope(e))
            for e in exports[:RECENT_EXPORTS]
            if user_can_use_export(user, e)
        ]

    def get_table_kwargs(self) -> dict[str, Any]:
        return {**super().get_table_kwargs(), "caption": _("Recent feedback exports")}
