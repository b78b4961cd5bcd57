"""Wagtail admin integration: question types, form snippets, permissions."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from feedback.exporting import register_builtin_exporters
from feedback.models import FeedbackForm
from feedback.question_types.builtins import register_builtin_types

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
def feedback_admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("feedback/admin/admin.css"))


@hooks.register("insert_global_admin_js")
def feedback_admin_js() -> str:
    return format_html('<script src="{}" defer></script>', static("feedback/admin/question-options.js"))


@hooks.register("register_permissions")
def feedback_permissions():  # type: ignore[no-untyped-def]
    return Permission.objects.filter(
        content_type__app_label="feedback",
        codename__in=["view_feedback_reports", "export_feedback", "moderate_feedback", "erase_feedback"],
    )


# --- Reports, exports and moderation ---------------------------------------------
# Admin views live in feedback/admin/views/ and are mounted under /admin/feedback/.
from django.urls import include, path, reverse  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402
from wagtail.admin.widgets.button import Button  # noqa: E402

from feedback.admin.permissions import user_can_view_any_feedback, user_can_view_page_feedback  # noqa: E402


@hooks.register("register_admin_urls")
def feedback_admin_urls():  # type: ignore[no-untyped-def]
    from feedback.admin import urls as admin_urls

    return [path("feedback/", include((admin_urls, "feedback_admin"), namespace="feedback_admin"))]


class FeedbackReportsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
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
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
        return bool(self.url and request.user.is_superuser)


@hooks.register("register_reports_menu_item")
def feedback_queues_menu_item() -> MenuItem:
    """The job queues (django-rq's dashboard: queues, workers, failed jobs), for superusers."""
    from django.urls import NoReverseMatch

    try:
        url = reverse("admin:django_rq_home")
    except NoReverseMatch:  # django-rq's admin integration is not installed on this site: hidden
        url = ""
    return SuperuserMenuItem(_("Feedback job queues"), url, icon_name="cogs", order=52)


def _page_report_button(page, user, priority: int):  # type: ignore[no-untyped-def]
    if page.depth > 1 and user_can_view_page_feedback(user, page):
        yield Button(
            _("Feedback report"),
            url=reverse("feedback_admin:page_report", args=[page.pk]),
            icon_name="feedback-chart",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def feedback_page_header_button(page, user, view_name, next_url=None):  # type: ignore[no-untyped-def]
    yield from _page_report_button(page, user, priority=66)


@hooks.register("register_page_listing_more_buttons")
def feedback_page_listing_button(page, user, next_url=None):  # type: ignore[no-untyped-def]
    yield from _page_report_button(page, user, priority=66)


@hooks.register("construct_homepage_panels")
def feedback_dashboard_panel(request, panels) -> None:  # type: ignore[no-untyped-def]
    if user_can_view_any_feedback(request.user):
        from feedback.admin.components import LeastHelpfulPagesPanel

        panels.append(LeastHelpfulPagesPanel(request.user))


@hooks.register("register_icons")
def feedback_icons(icons):  # type: ignore[no-untyped-def]
    return [*icons, "feedback/admin/icons/feedback-chart.svg"]


@hooks.register("register_log_actions")
def feedback_log_actions(actions) -> None:  # type: ignore[no-untyped-def]
    actions.register_action(
        "feedback.response.erase", _("Erase feedback response"), _("Feedback response erased on request")
    )
    actions.register_action(
        "feedback.response.status", _("Change feedback status"), _("Feedback response status changed")
    )
