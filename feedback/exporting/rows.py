"""What an export contains, streamed from the database.

:class:`ExportData` knows the scope (page with or without its translations,
form across pages, whole site, optional local date range), the question
columns, the summaries and yields one :class:`ResponseRow` per response. Rows
come from ``.iterator(chunk_size=…)``; the answers of each chunk of responses
are loaded with one query per chunk, never one per row, so memory stays flat
however many responses there are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import cached_property
from uuid import UUID

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from feedback.models import Answer, Export, FeedbackForm, Question, Response
from feedback.public.privacy import localize_masks
from feedback.question_types import QuestionType, UnknownQuestionType
from feedback.question_types.base import CellValue, StoredValue, Summary, ValueCount
from feedback.reporting.revisions import Comparison, comparisons_for
from feedback.reporting.summaries import summaries_from_answers, summaries_from_counts
from feedback.workers.aggregation import counted_responses, day_bounds

CHUNK_SIZE = 2000


#: (id, submitted_at, language_code, page_title, page_url) of one response.
ResponseFields = tuple[int, datetime, str, str, str]


@dataclass
class Column:
    """One question's columns on the Responses sheet."""

    key: str
    question_type: QuestionType
    headings: list[str]

    @property
    def width(self) -> int:
        return len(self.headings)


@dataclass
class Comment:
    question_key: str
    question_label: str
    text: str


@dataclass
class ResponseRow:
    response_id: int
    submitted_at: datetime  # naive, in the site's time zone (spreadsheets have no zones)
    language: str
    page_title: str
    page_url: str
    cells: list[CellValue] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    @property
    def base_cells(self) -> list[CellValue]:
        return [self.submitted_at, self.language, self.page_title, self.page_url]


def base_headings() -> list[str]:
    return [_("Submitted at"), _("Language"), _("Page title"), _("Page URL")]


@dataclass
class ExportScope:
    """The parameters of an export; mirrors the fields of ``Export``."""

    scope: str  # "page", "form" or "site"
    page_id: int | None = None
    page_translation_key: UUID | None = None
    include_translations: bool = True
    form_translation_key: UUID | None = None
    language_code: str = ""
    since: date | None = None
    until: date | None = None
    title: str = ""

    @classmethod
    def from_export(cls, export: Export) -> ExportScope:
        page = export.page
        form = export.form
        return cls(
            scope=export.scope,
            page_id=export.page_id,
            page_translation_key=page.translation_key if page else None,
            include_translations=export.include_translations,
            form_translation_key=form.translation_key if form else None,
            language_code=export.language_code or (page.locale.language_code if page else ""),
            since=export.since,
            until=export.until,
            title=(page.title if page else form.title if form else _("Whole site")),
        )


class ExportData:
    """Everything an exporter writes, read lazily and streamed."""

    def __init__(self, scope: ExportScope, chunk_size: int = CHUNK_SIZE) -> None:
        self.scope = scope
        self.chunk_size = chunk_size
        self.generated_at = timezone.localtime(timezone.now(), timezone.get_default_timezone())
        # Counted while rows() streams, so a summary written after the rows
        # describes exactly the rows exported without scanning answers again.
        self.streamed = False
        self.streamed_count = 0
        self.streamed_languages: Counter[str] = Counter()
        self._value_counts: dict[str, Counter[tuple[str, int | None]]] = defaultdict(Counter)
        self._answered: Counter[str] = Counter()

    # --- the rows in scope ---------------------------------------------------
    def responses(self) -> QuerySet[Response]:
        s = self.scope
        qs = counted_responses()
        if s.scope == "page":
            if s.include_translations and s.page_translation_key:
                qs = qs.filter(page_translation_key=s.page_translation_key)
            else:  # (a deleted page's export: its responses can no longer be found)
                qs = qs.filter(source_page_id=s.page_id) if s.page_id is not None else qs.none()
        elif s.scope == "form":
            key = s.form_translation_key
            qs = qs.filter(form_translation_key=key) if key is not None else qs.none()
        if s.since:
            qs = qs.filter(submitted_at__gte=day_bounds(s.since, s.since)[0])
        if s.until:
            qs = qs.filter(submitted_at__lt=day_bounds(s.until, s.until)[1])
        return qs

    def answers(self) -> QuerySet[Answer]:
        return Answer.objects.filter(response__in=self.responses().values("id"))

    def edit_comparisons(self) -> list[Comparison]:
        """For a page export: each publication of the page in the period,
        feedback before and after it (feedback.reporting.revisions)."""
        s = self.scope
        if s.scope != "page" or s.page_id is None:
            return []
        page = Page.objects.filter(pk=s.page_id).first()
        if page is None:
            return []
        if s.include_translations and s.page_translation_key:
            page_ids = list(Page.objects.filter(translation_key=s.page_translation_key).values_list("pk", flat=True))
        else:
            page_ids = [page.pk]
        return comparisons_for(page, page_ids, s.since, s.until)

    @cached_property
    def response_count(self) -> int:
        return self.responses().count()

    def period(self) -> str:
        s = self.scope
        if s.since and s.until:
            return f"{s.since:%Y-%m-%d} – {s.until:%Y-%m-%d}"
        if s.since:
            return _("from %(date)s") % {"date": f"{s.since:%Y-%m-%d}"}
        if s.until:
            return _("until %(date)s") % {"date": f"{s.until:%Y-%m-%d}"}
        return _("All time")

    def scope_label(self) -> str:
        s = self.scope
        if s.scope == "page":
            suffix = _(" (all languages)") if s.include_translations else ""
            return _("Page: %(title)s") % {"title": s.title} + suffix
        if s.scope == "form":
            return _("Form: %(title)s") % {"title": s.title}
        return _("Whole site")

    def counts_by_language(self) -> list[tuple[str, int]]:
        rows = self.responses().values("language_code").annotate(total=Count("id")).order_by("language_code")
        return [(r["language_code"], r["total"]) for r in rows]

    # --- questions -----------------------------------------------------------
    @cached_property
    def questions(self) -> list[Question]:
        """Questions of the forms used, merged across languages by key; the
        label comes from the requested locale, else the first one found."""
        form_keys = list(self.responses().values_list("form_translation_key", flat=True).distinct().order_by())
        forms = list(
            FeedbackForm.objects.filter(translation_key__in=form_keys)
            .select_related("locale")
            .prefetch_related("questions")
            .order_by("pk")
        )
        wanted = self.scope.language_code
        # The requested language first, then the rest in a stable order.
        forms.sort(key=lambda f: (f.locale.language_code != wanted, form_keys.index(f.translation_key), f.pk))
        by_key: dict[str, Question] = {}
        order: dict[str, tuple[int, int]] = {}
        for form in forms:
            for question in sorted(form.questions.all(), key=lambda q: (q.sort_order or 0, q.pk)):
                if question.key not in by_key:
                    by_key[question.key] = question
                    order[question.key] = (form_keys.index(form.translation_key), question.sort_order or 0)
        return sorted(by_key.values(), key=lambda q: order[q.key])

    @cached_property
    def columns(self) -> list[Column]:
        columns = []
        for question in self.questions:
            try:
                qtype = question.question_type
            except UnknownQuestionType:
                continue  # the plugin is gone; its answers cannot be shown
            columns.append(Column(question.key, qtype, [str(h) for h in qtype.export_columns()]))
        return columns

    def headings(self) -> list[str]:
        return base_headings() + [h for c in self.columns for h in c.headings]

    def summaries(self) -> list[Summary]:
        """Per-question summaries: from what :meth:`rows` counted once it has
        run to the end, otherwise with ``GROUP BY`` queries over the answers."""
        if not self.streamed:
            return summaries_from_answers(self.questions, self.answers())
        counts = {
            key: [ValueCount(choice, number, count) for (choice, number), count in values.items()]
            for key, values in self._value_counts.items()
        }
        return summaries_from_counts(self.questions, counts, dict(self._answered))

    def counts_by_language_streamed(self) -> list[tuple[str, int]]:
        return sorted(self.streamed_languages.items())

    # --- streaming -----------------------------------------------------------
    def rows(self) -> Iterator[ResponseRow]:
        """One row per response, oldest first; answers loaded per chunk."""
        tz = timezone.get_default_timezone()
        columns = self.columns
        free_text = {c.key: str(c.question_type.question.label) for c in columns if c.question_type.is_free_text}
        fields = ("id", "submitted_at", "language_code", "page_title", "page_url")
        # Keyset pages, each query read to the end, instead of one cursor held
        # open for the whole export: on SQLite an open read cursor cannot be
        # followed by a write (the job's progress) once anyone else has written
        # (a vote), and on PostgreSQL it keeps a long snapshot. The export is
        # the data as of its start: later responses have higher ids.
        responses = self.responses()
        last_id = responses.aggregate(last=Max("id"))["last"]
        after: tuple | None = None
        while last_id is not None:
            page = responses.filter(id__lte=last_id)
            if after is not None:
                page = page.filter(Q(submitted_at__gt=after[0]) | Q(submitted_at=after[0], id__gt=after[1]))
            chunk = list(page.order_by("submitted_at", "id").values_list(*fields)[: self.chunk_size])
            if not chunk:
                break
            yield from self._chunk_rows(chunk, columns, free_text, tz)
            if len(chunk) < self.chunk_size:
                break
            after = (chunk[-1][1], chunk[-1][0])
        self.streamed = True

    def _chunk_rows(
        self, chunk: list[ResponseFields], columns: list[Column], free_text: dict[str, str], tz: tzinfo
    ) -> Iterator[ResponseRow]:
        values: dict[int, dict[str, list[StoredValue]]] = defaultdict(lambda: defaultdict(list))
        answers = (
            Answer.objects.filter(response_id__in=[item[0] for item in chunk])
            .order_by("id")
            .values_list("response_id", "question_key", "number", "choice", "text")
        )
        value_counts = self._value_counts
        for response_id, key, number, choice, text in answers:
            # Masks stored in each response's language, shown in the export's.
            text = localize_masks(text) if text else text
            values[response_id][key].append(StoredValue(number=number, choice=choice, text=text))
            value_counts[key][(choice, number)] += 1
        for response_id, submitted_at, language, title, url in chunk:
            answered = values.get(response_id, {})
            self._answered.update(answered.keys())
            self.streamed_count += 1
            self.streamed_languages[language] += 1
            row = ResponseRow(
                response_id=response_id,
                submitted_at=timezone.localtime(submitted_at, tz).replace(tzinfo=None),
                language=language,
                page_title=title,
                page_url=url,
            )
            for column in columns:
                stored = answered.get(column.key, [])
                cells = list(column.question_type.export_cells(stored))
                # A plugin returning too few or too many cells must not shift the columns.
                row.cells += (cells + [None] * column.width)[: column.width]
                if column.key in free_text:
                    row.comments += [Comment(column.key, free_text[column.key], v.text) for v in stored if v.text]
            yield row
