"""Question summaries computed from counts grouped in the database.

Reports read rollups (:func:`summaries_from_rollups`); the contract tests and
small ad-hoc views may count answers directly (:func:`summaries_from_answers`).
Either way the question type only receives grouped counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, QuerySet, Sum

from feedback.models import AnswerRollup, Question
from feedback.question_types import UnknownQuestionType
from feedback.question_types.base import Summary, ValueCount


def summaries_from_counts(
    questions: Iterable[Question], counts: dict[str, list[ValueCount]], answered: dict[str, int]
) -> list[Summary]:
    """One summary per question from counts already grouped by question key."""
    result = []
    for question in questions:
        try:
            qtype = question.question_type
        except UnknownQuestionType:
            continue
        result.append(qtype.summarize(counts.get(question.key, []), answered.get(question.key, 0)))
    return result


def summaries_from_rollups(questions: Iterable[Question], rollups: QuerySet[AnswerRollup]) -> list[Summary]:
    """One summary per question from ``AnswerRollup`` rows (already filtered to a scope)."""
    counts: dict[str, list[ValueCount]] = defaultdict(list)
    answered: dict[str, int] = {}
    rows = rollups.values("question_key", "value", "choice", "number").annotate(total=Sum("count")).order_by()
    for row in rows:
        if row["value"] == AnswerRollup.ANSWERED:
            answered[row["question_key"]] = row["total"]
        else:
            counts[row["question_key"]].append(ValueCount(row["choice"], row["number"], row["total"]))
    return summaries_from_counts(questions, counts, answered)


def summaries_from_answers(questions: Iterable[Question], answers: QuerySet) -> list[Summary]:
    """One summary per question counted straight from ``Answer`` rows."""
    counts: dict[str, list[ValueCount]] = defaultdict(list)
    for row in answers.values("question_key", "choice", "number").annotate(total=Count("id")).order_by():
        counts[row["question_key"]].append(ValueCount(row["choice"], row["number"], row["total"]))
    answered = dict(
        answers.values("question_key")
        .annotate(total=Count("response_id", distinct=True))
        .order_by()
        .values_list("question_key", "total")
    )
    return summaries_from_counts(questions, counts, answered)
