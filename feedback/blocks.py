"""StreamField block that places a feedback form anywhere in a page body."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class FeedbackBlock(blocks.StructBlock):
    form = SnippetChooserBlock(
        "feedback.FeedbackForm",
        required=False,
        label=_("Form"),
        help_text=_("Leave empty for the site's default “Was this helpful?” form."),
    )

    class Meta:
        icon = "form"
        label = _("Feedback form")
        template = "feedback/blocks/feedback_block.html"

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context)
        context["feedback_form"] = value.get("form")
        return context
