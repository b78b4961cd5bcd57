"""Conditional questions: "show this question when that earlier answer ...".

The engine owns the operators; a question type says which of them make sense
on its answers (``QuestionType.condition_operators``): "is one of" for keys
(yes/no, choices, scale points), "at most" and "at least" for numbers. The
same rules run in the visitor form, in the widget's script (``widget.js``) and
in the form builder's checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from feedback.question_types.base import QuestionType, StoredValue

ONE_OF = "in"
AT_MOST = "lte"
AT_LEAST = "gte"

OPERATOR_CHOICES = [
    (ONE_OF, _("is one of")),
    (AT_MOST, _("is at most")),
    (AT_LEAST, _("is at least")),
]
NUMERIC = {AT_MOST, AT_LEAST}


def parse_values(raw: str) -> list[str]:
    """The wanted values as typed: keys separated by commas, blanks dropped."""
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def holds(operator: str, raw_values: str, qtype: QuestionType, stored: Sequence[StoredValue]) -> bool:
    """Whether an answer, as stored values of ``qtype``, meets the condition."""
    wanted = parse_values(raw_values)
    if not wanted or not stored:
        return False
    if operator in NUMERIC:
        try:
            limit = float(wanted[0])
        except ValueError:
            return False
        numbers = [value.number for value in stored if value.number is not None]
        if operator == AT_MOST:
            return any(number <= limit for number in numbers)
        return any(number >= limit for number in numbers)
    keys = {qtype.value_key(value.choice, value.number) for value in stored}
    return bool(keys & set(wanted))


def errors(operator: str, raw_values: str, qtype: QuestionType) -> list[str]:
    """What is wrong with a condition on an answer of ``qtype`` (translated), or []."""
    if not qtype.condition_operators:
        return [gettext("Questions of this type cannot be used in a condition.")]
    if operator not in qtype.condition_operators:
        names = dict(OPERATOR_CHOICES)
        allowed = _quoted(str(names[op]) for op in qtype.condition_operators if op in names)
        return [gettext("This question’s answers can only be compared with %(operators)s.") % {"operators": allowed}]
    wanted = parse_values(raw_values)
    if not wanted:
        return [gettext("Give the answer that shows this question.")]
    allowed_keys = [key for key, _label in qtype.get_value_labels()]
    if operator in NUMERIC:
        if len(wanted) != 1 or not _is_number(wanted[0]):
            return [gettext("Give one number, e.g. “2”.")]
        return []
    unknown = [value for value in wanted if allowed_keys and value not in allowed_keys]
    if unknown:
        return [gettext("Choose one of: %(values)s.") % {"values": ", ".join(allowed_keys)}]
    return []


def describe(operator: str, raw_values: str, qtype: QuestionType) -> str:
    """The note shown above a conditional question when the widget's script
    cannot hide it (no JavaScript), in the active language."""
    wanted = parse_values(raw_values)
    if not wanted:
        return ""
    if operator == AT_MOST:
        return gettext("Answer this if you answered %(value)s or lower.") % {"value": wanted[0]}
    if operator == AT_LEAST:
        return gettext("Answer this if you answered %(value)s or higher.") % {"value": wanted[0]}
    labels = dict(qtype.get_value_labels())
    answers = [str(labels.get(value, value)) for value in wanted]
    if len(answers) == 1:
        return gettext("Answer this if you chose “%(answer)s”.") % {"answer": answers[0]}
    return gettext("Answer this if you chose one of: %(answers)s.") % {"answers": _quoted(answers)}


def _quoted(values: Iterable[str]) -> str:
    # Quotation marks differ: ”Skatt” (sv), «Skatt» (nb), »Skatt« (da).
    return ", ".join(gettext("“%(value)s”") % {"value": value} for value in values)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
