"""Wagtail admin integration: question types, form snippets, permissions."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from feedback.models import FeedbackForm
from feedback.question_types.builtins import register_builtin_types

# Built-in types take the same road as any third-party plugin.
hooks.register("register_feedback_question_types", register_builtin_types)


class FeedbackFormViewSet(SnippetViewSet):
    model = FeedbackForm
    icon = "form"
    menu_label = _("Feedback forms")
    menu_name = "feedback-forms"
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["title", "is_default", "locale"]
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
        codename__in=["view_feedback_reports", "export_feedback", "moderate_feedback"],
    )
