"""A question type that lives only in the tests: thumbs up/down with a reason.

It uses nothing but the public plugin contract, exactly as a third-party
package would, to prove that adding a type never needs an engine change.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from feedback.question_types.base import CellValue, QuestionType, StoredValue


class ThumbsWidget(forms.MultiWidget):
    template_name = "testapp/thumbs_widget.html"

    def __init__(self) -> None:
        super().__init__([forms.RadioSelect(choices=[("up", "👍"), ("down", "👎")]), forms.TextInput()])

    def decompress(self, value: Any) -> list[Any]:
        return list(value) if value else [None, None]


class ThumbsField(forms.MultiValueField):
    widget = ThumbsWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.ChoiceField(
                choices=[("up", "up"), ("down", "down")],
                error_messages={"invalid_choice": _("Choose thumbs up or thumbs down.")},
            ),
            forms.CharField(max_length=200, required=False),
        )
        super().__init__(
            fields,
            require_all_fields=False,
            error_messages={
                "required": _("Choose thumbs up or thumbs down."),
                "incomplete": _("Choose thumbs up or thumbs down."),
            },
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> tuple[str, str] | None:
        if not data_list or not data_list[0]:
            return None
        thumb, reason = data_list[0], (data_list[1] or "").strip()
        if thumb == "down" and not reason:
            raise ValidationError(_("Tell us why you gave a thumbs down."), code="reason")
        return thumb, reason


class ThumbsQuestion(QuestionType):
    name = "thumbs"
    verbose_name = _("Thumbs up/down with a reason")
    description = _("Thumbs up or down; a reason is required for thumbs down.")
    icon = "pick"
    template_name = "testapp/thumbs.html"
    condition_operators = ("in",)
    helpful_values = ("up", "down")

    def formfield(self) -> forms.Field:
        return ThumbsField(**self.field_kwargs())

    def example_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return (
            [{"_0": "up", "_1": ""}, {"_0": "down", "_1": "Saknar telefonnummer"}],
            [{"_0": "down", "_1": ""}, {"_0": "sideways", "_1": "x"}, {"_0": "", "_1": ""}],
        )

    def get_value_labels(self) -> list[tuple[str, str]]:
        return [("up", str(_("Thumbs up"))), ("down", str(_("Thumbs down")))]

    def to_stored(self, value: Any) -> list[StoredValue]:
        thumb, reason = value
        return [StoredValue(choice=thumb, text=reason)]

    def export_columns(self) -> list[str]:
        return [str(self.question.label), f"{self.question.label}: {_('reason')}"]

    def export_cells(self, values: Sequence[StoredValue]) -> list[CellValue]:
        if not values:
            return [None, None]
        return [values[0].choice, values[0].text]
