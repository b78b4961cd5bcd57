"""Wagtail admin integration: question types, form snippets, permissions,
the admin's reports, exports and moderation (views in ``feedback/admin/``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Permission
from django.db.models import QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import NoReverseMatch, URLPattern, URLResolver, include, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.widgets.button import Button
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from feedback.admin import urls as admin_urls
from feedback.admin.components import LeastHelpfulPagesPanel
from feedback.admin.permissions import user_can_view_any_feedback, user_can_view_page_feedback
from feedback.exporting import register_builtin_exporters
from feedback.models import FeedbackForm
from feedback.question_types.builtins import register_builtin_types

User = AbstractBaseUser | AnonymousUser

# Built-in types take the same road as any third-party plugin.
hooks.register("register_feedback_question_types", register_builtin_types)
hooks.register("register_feedback_exporters", register_builtin_exporters)


class FeedbackFormViewSet(SnippetViewSet):
    model = FeedbackForm
    icon = "form"
    menu_label = _("Feedback forms")
    menu_name = "feedback-forms"
    add_to_admin_menu = True
    menu_order = 210
    # A yes/no icon with a translated label, not Python's "True".
    list_display = ["title", BooleanColumn("is_default", label=_("Default form")), "locale"]
    list_filter = ["is_default", "locale"]
    search_fields = ["title"]


register_snippet(FeedbackFormViewSet)


@hooks.register("insert_global_admin_css")
def feedback_admin_css() -> SafeString:
    return format_html('<link rel="stylesheet" href="{}">', static("feedback/admin/admin.css"))


@hooks.register("insert_global_admin_js")
def feedback_admin_js() -> SafeString:
    return format_html('<script src="{}" defer></script>', static("feedback/admin/question-options.js"))


@hooks.register("register_permissions")
def feedback_permissions() -> QuerySet[Permission]:
    return Permission.objects.filter(
        content_type__app_label="feedback",
        codename__in=["view_feedback_reports", "export_feedback", "moderate_feedback", "erase_feedback"],
    )


# --- Reports, exports and moderation: mounted under /admin/feedback/ -------------


@hooks.register("register_admin_urls")
def feedback_admin_urls() -> list[URLPattern | URLResolver]:
    return [path("feedback/", include((admin_urls, "feedback_admin"), namespace="feedback_admin"))]


class FeedbackReportsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return user_can_view_any_feedback(request.user)


@hooks.register("register_reports_menu_item")
def feedback_report_menu_item() -> MenuItem:
    return FeedbackReportsMenuItem(
        _("Page feedback"), reverse("feedback_admin:site_report"), icon_name="feedback-chart", order=50
    )


@hooks.register("register_reports_menu_item")
def feedback_exports_menu_item() -> MenuItem:
    return FeedbackReportsMenuItem(
        _("Feedback exports"), reverse("feedback_admin:export_list"), icon_name="download", order=51
    )


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(self.url and request.user.is_superuser)


@hooks.register("register_reports_menu_item")
def feedback_queues_menu_item() -> MenuItem:
    """The job queues (django-rq's dashboard: queues, workers, failed jobs), for superusers."""
    try:
        url = reverse("admin:django_rq_home")
    except NoReverseMatch:  # django-rq's admin integration is not installed on this site: hidden
        url = ""
    return SuperuserMenuItem(_("Feedback job queues"), url, icon_name="cogs", order=52)


def _page_report_button(page: Page, user: User, priority: int) -> Iterator[Button]:
    if page.depth > 1 and user_can_view_page_feedback(user, page):
        yield Button(
            _("Feedback report"),
            url=reverse("feedback_admin:page_report", args=[page.pk]),
            icon_name="feedback-chart",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def feedback_page_header_button(
    page: Page, user: User, view_name: str, next_url: str | None = None
) -> Iterator[Button]:
    yield from _page_report_button(page, user, priority=66)


@hooks.register("register_page_listing_more_buttons")
def feedback_page_listing_button(page: Page, user: User, next_url: str | None = None) -> Iterator[Button]:
    yield from _page_report_button(page, user, priority=66)


@hooks.register("construct_homepage_panels")
def feedback_dashboard_panel(request: HttpRequest, panels: list[Any]) -> None:
    if user_can_view_any_feedback(request.user):
        panels.append(LeastHelpfulPagesPanel(request.user))


@hooks.register("register_icons")
def feedback_icons(icons: list[str]) -> list[str]:
    return [*icons, "feedback/admin/icons/feedback-chart.svg"]


@hooks.register("register_log_actions")
def feedback_log_actions(actions: Any) -> None:
    actions.register_action(
        "feedback.response.erase", _("Erase feedback response"), _("Feedback response erased on request")
    )
    actions.register_action(
        "feedback.response.status", _("Change feedback status"), _("Feedback response status changed")
    )
