"""Free text: a short line, a comment box, and an optional reply address."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from feedback.conf import get_setting
from feedback.public.text_cleaning import clean_visitor_text

from .base import Metric, QuestionType, StoredValue, ValueCount


class VisitorTextField(forms.CharField):
    """A CharField that cleans control characters and checks the length."""

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        # The browser enforces ``maxlength``; the server accepts a little more
        # (line endings, pasted text) and refuses with a clear message beyond.
        self.visible_max_length = max_length
        super().__init__(
            max_length=max_length + max_length // 10 + 10,
            error_messages={
                "required": kwargs.pop("required_message", _("Write your answer.")),
                "max_length": _("Write at most %(limit)s characters.") % {"limit": max_length},
            },
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        return clean_visitor_text(super().to_python(value) or "")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["maxlength"] = str(self.visible_max_length)
        return attrs


class ShortTextQuestion(QuestionType):
    name = "short_text"
    verbose_name = _("Short text")
    description = _("A single line of text.")
    icon = "pilcrow"
    is_free_text = True
    # Text has no value series: the admin lists the comments.
    summary_template_name = "feedback/summaries/text.html"

    def max_length(self) -> int:
        return 200

    def formfield(self) -> forms.Field:
        return VisitorTextField(max_length=self.max_length(), **self.field_kwargs())

    def example_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return [{"": "Bra sida"}, {"": "=1+1 \x0b tack"}], [{"": "x" * (self.max_length() * 2)}, {"": "   "}]

    def to_stored(self, value: Any) -> list[StoredValue]:
        return [StoredValue(text=value)]

    def metrics(self, counts: Sequence[ValueCount], answered: int) -> list[Metric]:
        return [Metric("answered", _("Answers"), answered, str(answered))]

    def export_cells(self, values: Sequence[StoredValue]) -> list[Any]:
        return [values[0].text if values else None]


class LongTextQuestion(ShortTextQuestion):
    name = "long_text"
    verbose_name = _("Long text (comment)")
    description = _("A comment box, e.g. “What was missing?”.")
    icon = "comment"
    template_name = "feedback/question_types/textarea.html"

    def max_length(self) -> int:
        return int(get_setting("MAX_TEXT_LENGTH"))

    def formfield(self) -> forms.Field:
        return VisitorTextField(
            max_length=self.max_length(),
            widget=forms.Textarea(attrs={"rows": 4}),
            required_message=_("You must write your feedback before sending."),
            **self.field_kwargs(),
        )


class EmailQuestion(QuestionType):
    """An optional reply address, stored only with the visitor's explicit consent."""

    name = "email"
    verbose_name = _("E-mail for a reply")
    description = _("An optional e-mail address with explicit consent to be contacted.")
    icon = "mail"
    template_name = "feedback/question_types/email.html"
    is_free_text = False
    stores_personal_data = True
    summary_template_name = "feedback/summaries/text.html"

    def formfield(self) -> forms.Field:
        return EmailWithConsentField(**self.field_kwargs())

    def example_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return (
            [{"_0": "anna@example.se", "_1": "on"}],
            [{"_0": "not-an-address", "_1": "on"}, {"_0": "anna@example.se"}, {"_0": ""}],
        )

    def to_stored(self, value: Any) -> list[StoredValue]:
        return [StoredValue(text=value)]

    def metrics(self, counts: Sequence[ValueCount], answered: int) -> list[Metric]:
        return [Metric("answered", _("Addresses left"), answered, str(answered))]

    def export_cells(self, values: Sequence[StoredValue]) -> list[Any]:
        return [values[0].text if values else None]


class EmailWithConsentWidget(forms.MultiWidget):
    template_name = "feedback/widgets/email_consent.html"

    def __init__(self) -> None:
        super().__init__([forms.EmailInput(attrs={"autocomplete": "email", "maxlength": "254"}), forms.CheckboxInput()])

    def decompress(self, value: Any) -> list[Any]:
        return [value, bool(value)]


class EmailWithConsentField(forms.MultiValueField):
    widget = EmailWithConsentWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.EmailField(max_length=254, error_messages={"invalid": _("Enter a valid e-mail address.")}),
            forms.BooleanField(required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> str:
        if not data_list:
            return ""
        email, consent = data_list[0] or "", bool(data_list[1])
        if email and not consent:
            raise ValidationError(_("Tick the box to let us contact you, or leave the address empty."), code="consent")
        return email
