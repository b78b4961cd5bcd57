"""Comments (free-text answers) as the page report and the comment search list
them: the query, the rows with what the user may do to each, and the table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, Table
from wagtail.models import Page

from feedback.admin.permissions import user_can_erase, user_can_moderate
from feedback.admin.views.common import FormsColumn, TemplateColumn
from feedback.models import Answer, Question, Response
from feedback.question_types import registry
from feedback.reporting.languages import language_name
from feedback.reporting.queries import Period


def free_text_type_names() -> list[str]:
    return [t.name for t in registry if t.is_free_text]


def comments_queryset(page_ids: list[int], period: Period, language: str, status: str, query: str) -> QuerySet[Answer]:
    """Free-text answers of the pages, newest first (reads ``Answer`` rows, paginated)."""
    answers = Answer.objects.filter(
        response__source_page_id__in=page_ids,
        question_type__in=free_text_type_names(),
        response__submitted_at__date__gte=period.start,
        response__submitted_at__date__lte=period.end,
    ).exclude(text="")
    if language:
        answers = answers.filter(response__language_code=language)
    if status:
        answers = answers.filter(response__status=status)
    if query:
        answers = answers.filter(text__icontains=query)
    return answers.select_related("response", "response__status_changed_by").order_by("-response__submitted_at", "-pk")


def question_labels(answers: Iterable[Answer]) -> dict[str, str]:
    """Labels of the questions behind the listed answers (one query)."""
    ids = {a.question_id for a in answers if a.question_id}
    return {q.key: q.label for q in Question.objects.filter(id__in=ids)}


@dataclass
class CommentRow:
    answer: Answer
    label: str  # the question's
    page: Page | None
    can_moderate: bool
    can_erase: bool


def comment_rows(answers: Sequence[Answer], user: Any, page_of: Callable[[Answer], Page | None]) -> list[CommentRow]:
    """One row per answer; what the user may do is asked once per page."""
    labels = question_labels(answers)
    rights: dict[int | None, tuple[bool, bool]] = {}
    rows = []
    for answer in answers:
        page = page_of(answer)
        key = page.pk if page else None
        if key not in rights:
            rights[key] = (user_can_moderate(user, page), user_can_erase(user, page))
        rows.append(CommentRow(answer, labels.get(answer.question_key, answer.question_key), page, *rights[key]))
    return rows


class CommentColumn(TemplateColumn):
    """The text (in its own direction), with the question under it if asked."""

    def __init__(self, *, with_question: bool = False) -> None:
        super().__init__(
            "comment", "feedback/admin/tables/comment_cell.html", label=_("Comment"), accessor="answer.text"
        )
        self.with_question = with_question


class ModerationColumn(FormsColumn):
    """The status buttons and the erasure link the user may use."""

    def __init__(self) -> None:
        super().__init__("actions", "feedback/admin/tables/moderation_cell.html", label=_("Actions"))

    def get_cell_context_data(self, instance: CommentRow, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["status_choices"] = Response.Status.choices
        return context


def comments_table(rows: list[CommentRow], *, in_search: bool = False, actions: bool = True) -> Table:
    """The page report's comments (with their question), or the search's (with their page)."""
    columns: list[Column] = [
        CommentColumn(with_question=in_search),
        TemplateColumn("page", "feedback/admin/tables/comment_page_cell.html", label=_("Page"))
        if in_search
        else Column("question", label=_("Question"), accessor="label"),
        Column("language", label=_("Language"), accessor=lambda row: language_name(row.answer.response.language_code)),
        DateColumn("sent", label=_("Sent"), accessor="answer.response.submitted_at"),
        Column("status", label=_("Status"), accessor="answer.response.get_status_display"),
    ]
    if actions:
        columns.append(ModerationColumn())
    return Table(columns, rows, classname="listing feedback-comments")
