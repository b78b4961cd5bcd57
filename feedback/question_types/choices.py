"""Single and multiple choice from a list the editor writes."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .base import CellValue, QuestionType, StoredValue, choice_labels_field

MAX_CHOICES = 30


def parse_choices(raw: Any) -> list[dict[str, str]]:
    """Accept the editor's text ("key|Label" or "Label" per line) or a stored list."""
    if isinstance(raw, list):
        lines = [f"{c.get('key', '')}|{c.get('label', '')}" for c in raw if isinstance(c, dict)]
    else:
        lines = str(raw or "").splitlines()
    result: list[dict[str, str]] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        key, sep, label = line.partition("|")
        if not sep:
            key, label = "", key
        label = label.strip()
        key = slugify(key.strip() or label)[:50] or f"choice-{len(result) + 1}"
        if not label:
            raise ValidationError(_("Every choice needs a label."))
        if any(c["key"] == key for c in result):
            raise ValidationError(_("Two choices have the same key “%(key)s”.") % {"key": key})
        result.append({"key": key, "label": label})
    if len(result) < 2:
        raise ValidationError(_("Give at least two choices."))
    if len(result) > MAX_CHOICES:
        raise ValidationError(_("Give at most %(max)s choices.") % {"max": MAX_CHOICES})
    return result


class SingleChoiceQuestion(QuestionType):
    name = "single_choice"
    verbose_name = _("Single choice")
    description = _("Pick one of a list.")
    icon = "radio-full"
    template_name = "feedback/question_types/radios.html"
    condition_operators = ("in",)

    @classmethod
    def default_options(cls) -> dict[str, Any]:
        return {"choices": []}

    @classmethod
    def option_fields(cls) -> dict[str, forms.Field]:
        return {"choices": choice_labels_field(_("One choice per line. Optionally “key|Label” to fix the stored key."))}

    @classmethod
    def option_initial(cls, options: dict[str, Any]) -> dict[str, Any]:
        choices = options.get("choices") or []
        text = "\n".join(f"{c['key']}|{c['label']}" for c in choices if isinstance(c, dict))
        return {**options, "choices": text}

    @classmethod
    def clean_options(cls, options: dict[str, Any]) -> dict[str, Any]:
        return {**options, "choices": parse_choices(options.get("choices"))}

    @classmethod
    def example_options(cls) -> dict[str, Any]:
        return {
            "choices": [
                {"key": "web", "label": "Webben"},
                {"key": "phone", "label": "Telefon"},
                {"key": "office", "label": "Kontoret"},
            ]
        }

    def example_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return [{"": "web"}, {"": "office"}], [{"": "fax"}, {"": ""}]

    def get_value_labels(self) -> list[tuple[str, str]]:
        return [(c["key"], c["label"]) for c in self.options.get("choices") or []]

    def formfield(self) -> forms.Field:
        return forms.ChoiceField(
            choices=self.get_value_labels(),
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose one of the options."),
                "invalid_choice": _("Choose one of the options shown."),
            },
            **self.field_kwargs(),
        )

    def to_stored(self, value: Any) -> list[StoredValue]:
        return [StoredValue(choice=value)]


class MultipleChoiceQuestion(SingleChoiceQuestion):
    """Stores one answer row per ticked choice, so counting stays a GROUP BY."""

    name = "multiple_choice"
    verbose_name = _("Multiple choice")
    description = _("Tick any number from a list.")
    icon = "tasks"
    template_name = "feedback/question_types/checkboxes.html"

    def formfield(self) -> forms.Field:
        return forms.MultipleChoiceField(
            choices=self.get_value_labels(),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Tick at least one option."),
                "invalid_choice": _("Choose only options that are shown."),
                "invalid_list": _("Choose only options that are shown."),
            },
            **self.field_kwargs(),
        )

    def example_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return [{"": ["web", "phone"]}, {"": ["office"]}], [{"": ["web", "fax"]}, {"": []}]

    def to_stored(self, value: Any) -> list[StoredValue]:
        return [StoredValue(choice=key) for key in dict.fromkeys(value)]

    def export_columns(self) -> list[str]:
        return [f"{self.question.label}: {label}" for _key, label in self.value_labels]

    def export_cells(self, values: Sequence[StoredValue]) -> list[CellValue]:
        chosen = {v.choice for v in values}
        if not values:
            return [None for _ in self.value_labels]
        return [1 if key in chosen else 0 for key, _label in self.value_labels]
