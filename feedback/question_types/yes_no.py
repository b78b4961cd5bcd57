from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import QuestionType, StoredValue


class YesNoQuestion(QuestionType):
    """ "Was this helpful?" — the answer that drives the helpful share."""

    name = "yes_no"
    verbose_name = _("Yes / no")
    description = _("A yes or no question, such as “Was this page helpful?”.")
    icon = "tick"
    template_name = "feedback/question_types/radios.html"
    condition_operators = ("in",)
    helpful_values = ("yes", "no")

    @classmethod
    def default_options(cls) -> dict[str, Any]:
        return {"yes_label": "", "no_label": ""}

    @classmethod
    def option_fields(cls) -> dict[str, forms.Field]:
        return {
            "yes_label": forms.CharField(
                label=_("Label for “yes”"), required=False, max_length=60, help_text=_("Leave empty for “Yes”.")
            ),
            "no_label": forms.CharField(
                label=_("Label for “no”"), required=False, max_length=60, help_text=_("Leave empty for “No”.")
            ),
        }

    def get_value_labels(self) -> list[tuple[str, str]]:
        return [
            ("yes", self.options.get("yes_label") or str(_("Yes"))),
            ("no", self.options.get("no_label") or str(_("No"))),
        ]

    def formfield(self) -> forms.Field:
        return forms.ChoiceField(
            choices=self.get_value_labels(),
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose yes or no."),
                "invalid_choice": _("Choose yes or no."),
            },
            **self.field_kwargs(),
        )

    def example_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return [{"": "yes"}, {"": "no"}], [{"": "maybe"}, {"": ""}]

    def to_stored(self, value: Any) -> list[StoredValue]:
        return [StoredValue(choice=value)]
