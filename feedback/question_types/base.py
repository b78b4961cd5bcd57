"""The question-type plugin contract.

A question type owns everything about one kind of question: the editor's
options, the visitor's form field and its template, validation, the
normalised stored value, the summary computed from database counts, the export
columns and how the summary is shown in the admin. The engine talks to
questions only through this class, so a new type never needs an engine change.

Subclass :class:`QuestionType`, give it a stable ``name`` and register it through
the ``register_feedback_question_types`` hook (see docs/question-types.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from feedback.models import Question

#: What an export cell may hold. Strings are always written as text.
CellValue = str | int | float | datetime | None
#: A label: a plain string or a lazily translated one (django-stubs names the
#: lazy kind ``_StrPromise``, which exists only for type checkers).
if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    Text = str | _StrPromise
else:
    from django.utils.functional import Promise

    Text = str | Promise


@dataclass(frozen=True)
class StoredValue:
    """One normalised answer value, stored as one ``Answer`` row.

    Exactly the typed columns a type uses are set: ``number`` for scales,
    ``choice`` for keys of a fixed set, ``text`` for free text. Counting then
    happens in the database with ``GROUP BY choice, number``.
    """

    number: int | None = None
    choice: str = ""
    text: str = ""


@dataclass(frozen=True)
class ValueCount:
    """How many answers had one (choice, number) value, from a ``GROUP BY``."""

    choice: str
    number: int | None
    count: int


@dataclass
class SummaryRow:
    key: str
    label: str
    count: int
    share: float  # 0..1 of the answers to the question


@dataclass
class Metric:
    key: str
    label: Text
    value: float | int | None
    display: str


@dataclass
class Summary:
    """A question's summary, ready for the admin, the export and charts.

    ``rows`` is the chart-ready series (one bar per value, in display order);
    ``metrics`` holds headline numbers such as a mean or an NPS score.
    """

    question_key: str
    label: str
    type_name: str
    answered: int
    rows: list[SummaryRow] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    helpful_share: float | None = None
    template_name: str = "feedback/summaries/bars.html"

    def metric(self, key: str) -> Metric | None:
        return next((m for m in self.metrics if m.key == key), None)


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


class QuestionType:
    """Base class of every question type.

    Class attributes describe the type; an instance is bound to one
    :class:`~feedback.models.Question` and reads its options.
    """

    #: Stable identifier stored in the database. Never change it once used.
    name: ClassVar[str] = ""
    #: Human name shown to editors (translated).
    verbose_name: ClassVar[Text] = ""
    #: Short description shown in the type chooser.
    description: ClassVar[Text] = ""
    #: A Wagtail admin icon name.
    icon: ClassVar[str] = "help"
    #: Template rendering the bound field for visitors; gets ``field``,
    #: ``question`` and ``question_type``.
    template_name: ClassVar[str] = "feedback/question_types/input.html"
    #: Free-text answers go to the Comments sheet, are checked for personal
    #: data, are searchable by moderators and are removed by retention.
    is_free_text: ClassVar[bool] = False
    #: The stored text is personal data on purpose (an e-mail address given
    #: with consent): the PII policy leaves it alone. Every other type's
    #: ``StoredValue.text`` is masked or refused by the policy, whatever its shape.
    stores_personal_data: ClassVar[bool] = False
    #: The operators a later question's condition may use on this one's answer
    #: (see feedback.conditions): "in" (is one of) for keys, "lte"/"gte" (at
    #: most/at least) for numbers. Empty: it cannot be a condition.
    condition_operators: ClassVar[tuple[str, ...]] = ()
    #: (positive, negative) value keys when this question says whether the page
    #: helped; the first such question of a form drives the "helpful share".
    helpful_values: ClassVar[tuple[str, str] | None] = None
    #: Template used to show the summary in the admin.
    summary_template_name: ClassVar[str] = "feedback/summaries/bars.html"

    def __init__(self, question: Question) -> None:
        self.question = question
        self.options: dict[str, Any] = {**self.default_options(), **(question.options or {})}

    # --- editor options -------------------------------------------------
    @classmethod
    def default_options(cls) -> dict[str, Any]:
        """Options a new question of this type starts with."""
        return {}

    @classmethod
    def option_fields(cls) -> dict[str, forms.Field]:
        """Form fields an editor fills in for this type, keyed by option name.

        Values are stored in ``Question.options``. Strings under a key ending in
        ``label`` (and each ``label`` of ``choices``) are translated with the
        form through wagtail-localize.
        """
        return {}

    @classmethod
    def option_initial(cls, options: dict[str, Any]) -> dict[str, Any]:
        """Stored options turned into initial values of :meth:`option_fields`."""
        return dict(options)

    @classmethod
    def clean_options(cls, options: dict[str, Any]) -> dict[str, Any]:
        """Validate and normalise editor options; raise ``ValidationError``."""
        return options

    # --- the visitor's form ----------------------------------------------
    def formfield(self) -> forms.Field:
        """The Django form field that validates a visitor's answer.

        Error messages must be translatable strings. ``required`` is set by
        the engine from the question (and its condition). The field is built
        once per published form and process and may validate many answers, so
        its ``clean()`` must not change the field (as Django's own fields do).
        """
        raise NotImplementedError

    def field_kwargs(self) -> dict[str, Any]:
        q = self.question
        return {"label": q.label, "help_text": q.help_text, "required": q.required}

    # --- examples for the contract test suite -----------------------------------
    @classmethod
    def example_options(cls) -> dict[str, Any]:
        """Valid options for a question used in tests and previews."""
        return cls.default_options()

    def example_data(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(valid, invalid) visitor inputs as form data relative to the field
        name: key ``""`` is the field itself, ``"_0"``/``"_1"`` sub-widgets.
        A value may be a list for multi-valued widgets. Every type provides
        at least one of each; the contract suite feeds them through the form."""
        raise NotImplementedError

    # --- storage ------------------------------------------------------------
    def to_stored(self, value: Any) -> list[StoredValue]:
        """Turn a cleaned, non-empty value into stored values (usually one)."""
        raise NotImplementedError

    def is_empty(self, value: Any) -> bool:
        return value in (None, "", [], ())

    # --- choices known up front (scales and choice lists) -----------------------
    def get_value_labels(self) -> list[tuple[str, str]]:
        """The values a summary shows even when nobody picked them, as
        (key, label) pairs in display order. Key is ``choice`` or ``str(number)``."""
        return []

    # --- aggregation ------------------------------------------------------------
    def value_key(self, choice: str, number: int | None) -> str:
        return choice if choice else ("" if number is None else str(number))

    def summarize(self, counts: Sequence[ValueCount], answered: int) -> Summary:
        """Build the summary from counts grouped in the database.

        ``counts`` comes from a ``GROUP BY choice, number`` over answers or
        rollups; the type must not query answers itself. ``answered`` is the
        number of responses that answered the question (several answer rows
        of one response, as in multiple choice, count once).
        """
        by_key: dict[str, int] = {}
        for c in counts:
            key = self.value_key(c.choice, c.number)
            by_key[key] = by_key.get(key, 0) + c.count
        labels = self.get_value_labels()
        rows = [
            SummaryRow(key, str(label), by_key.get(key, 0), share(by_key.get(key, 0), answered))
            for key, label in labels
        ]
        known = {key for key, _label in labels}
        rows += [
            SummaryRow(key, key, count, share(count, answered))
            for key, count in sorted(by_key.items())
            if key not in known and key
        ]
        return Summary(
            question_key=self.question.key,
            label=self.question.label,
            type_name=self.name,
            answered=answered,
            rows=rows,
            metrics=self.metrics(counts, answered),
            helpful_share=self.helpful_share(by_key),
            template_name=self.summary_template_name,
        )

    def metrics(self, counts: Sequence[ValueCount], answered: int) -> list[Metric]:
        return []

    def helpful_share(self, counts_by_key: Mapping[str, int]) -> float | None:
        """Share of positive answers among positive and negative ones."""
        if not self.helpful_values:
            return None
        yes, no = (counts_by_key.get(key, 0) for key in self.helpful_values)
        return yes / (yes + no) if yes + no else None

    # --- export -------------------------------------------------------------------
    def export_columns(self) -> list[str]:
        """Column headings this question adds to the Responses sheet."""
        return [str(self.question.label)]

    def export_cells(self, values: Sequence[StoredValue]) -> list[CellValue]:
        """Cells for one response, aligned with :meth:`export_columns`.

        ``values`` is empty when the response did not answer the question.
        """
        return [self.display(values)]

    @cached_property
    def value_labels(self) -> list[tuple[str, str]]:
        """:meth:`get_value_labels` as plain strings, computed once. A bound
        question lives for one request or job (one language), and exports ask
        for the labels on every row."""
        return [(key, str(label)) for key, label in self.get_value_labels()]

    def display(self, values: Sequence[StoredValue]) -> str:
        """Human-readable answer, used in the admin and the default export."""
        labels = dict(self.value_labels)
        parts = []
        for v in values:
            if v.text:
                parts.append(v.text)
            else:
                key = self.value_key(v.choice, v.number)
                parts.append(str(labels.get(key, key)))
        return ", ".join(parts)


def choice_labels_field(help_text: Text = "") -> forms.Field:
    """Editor field for a list of choices, one per line (``key|Label`` or ``Label``)."""
    return forms.CharField(
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text or _("One choice per line."),
        required=True,
    )
