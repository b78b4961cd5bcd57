"""Numeric scales: star rating, satisfaction faces and Net Promoter Score."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .base import Metric, QuestionType, StoredValue, ValueCount


class ScaleQuestion(QuestionType):
    """Base for questions answered with a whole number from ``low`` to ``high``."""

    low = 1
    high = 5
    template_name = "feedback/question_types/scale.html"
    condition_operators = ("in", "lte", "gte")

    @classmethod
    def default_options(cls) -> dict[str, Any]:
        return {"low_label": "", "high_label": ""}

    @classmethod
    def option_fields(cls) -> dict[str, forms.Field]:
        return {
            "low_label": forms.CharField(label=_("Label for the lowest value"), required=False, max_length=60),
            "high_label": forms.CharField(label=_("Label for the highest value"), required=False, max_length=60),
        }

    def point_label(self, n: int) -> str:
        return str(n)

    def get_value_labels(self) -> list[tuple[str, str]]:
        return [(str(n), self.point_label(n)) for n in range(self.low, self.high + 1)]

    def formfield(self) -> forms.Field:
        message = _("Choose a value from %(low)s to %(high)s.") % {"low": self.low, "high": self.high}
        return forms.TypedChoiceField(
            choices=self.get_value_labels(),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"required": message, "invalid_choice": message},
            **self.field_kwargs(),
        )

    def example_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return [{"": str(self.low)}, {"": str(self.high)}], [{"": str(self.high + 1)}, {"": "abc"}, {"": ""}]

    def to_stored(self, value: Any) -> list[StoredValue]:
        return [StoredValue(number=int(value))]

    def metrics(self, counts: Sequence[ValueCount], answered: int) -> list[Metric]:
        total = sum((c.number or 0) * c.count for c in counts if c.number is not None)
        mean = total / answered if answered else None
        # "2,67" in Swedish, "2.67" in English: the active language's number format.
        # Rounded first: number_format cuts a float's decimals off (8/3 would read "2,66").
        return [Metric("mean", _("Average"), mean, "–" if mean is None else number_format(round(mean, 2), 2))]

    def export_cells(self, values: Sequence[StoredValue]) -> list[Any]:
        return [values[0].number if values else None]


class RatingQuestion(ScaleQuestion):
    name = "rating"
    verbose_name = _("Rating 1–5 (stars)")
    description = _("A star rating from 1 to 5.")
    icon = "pick"
    template_name = "feedback/question_types/stars.html"

    def point_label(self, n: int) -> str:
        return str(_("%(count)s of 5 stars") % {"count": n})


class SatisfactionQuestion(ScaleQuestion):
    name = "satisfaction"
    verbose_name = _("Satisfaction 1–5 (faces)")
    description = _("From very dissatisfied to very satisfied.")
    icon = "user"
    template_name = "feedback/question_types/faces.html"
    LABELS = (
        _("Very dissatisfied"),
        _("Dissatisfied"),
        _("Neither satisfied nor dissatisfied"),
        _("Satisfied"),
        _("Very satisfied"),
    )

    def point_label(self, n: int) -> str:
        return str(self.LABELS[n - 1])


class NPSQuestion(ScaleQuestion):
    name = "nps"
    verbose_name = _("Net Promoter Score (0–10)")
    description = _("How likely is it that you would recommend us? 0 to 10.")
    icon = "list-ol"
    low = 0
    high = 10

    def metrics(self, counts: Sequence[ValueCount], answered: int) -> list[Metric]:
        promoters = sum(c.count for c in counts if c.number is not None and c.number >= 9)
        detractors = sum(c.count for c in counts if c.number is not None and c.number <= 6)
        score = round(100 * (promoters - detractors) / answered) if answered else None
        return [
            *super().metrics(counts, answered),
            Metric("nps", _("NPS"), score, "–" if score is None else f"{score:+d}"),
            Metric("promoters", _("Promoters"), promoters, str(promoters)),
            Metric("detractors", _("Detractors"), detractors, str(detractors)),
        ]
