"""The site-wide feedback report and the per-page report, read from rollups."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page

from feedback.admin import charts
from feedback.admin.permissions import (
    pages_user_can_view_feedback,
    user_can_erase,
    user_can_export,
    user_can_moderate,
    user_can_view_any_feedback,
)
from feedback.admin.views.common import forbidden, get_page_for_user, percent
from feedback.admin.views.edits import edits_in
from feedback.exporting.admin_spreadsheets import SanitisedSpreadsheetMixin
from feedback.models import Answer, FeedbackForm, PageDayRollup, Response
from feedback.public import impressions
from feedback.question_types import registry
from feedback.reporting.queries import (
    DEFAULT_PERIOD,
    PERIODS,
    Period,
    all_weeks,
    change,
    page_rows,
    summaries_for_pages,
    totals,
    weekly,
)

MAX_RANGE_DAYS = 3 * 366

PERIOD_CHOICES = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("custom", _("Custom range")),
]
VIEW_CHOICES = [("page", _("Each language version")), ("merged", _("Merge language versions"))]


def language_choices() -> list[tuple[str, str]]:
    """The site's content languages, as Wagtail reads them: ``WAGTAIL_CONTENT_LANGUAGES``,
    else the one language of ``LANGUAGE_CODE`` (never Django's list of every language)."""
    return [(code, str(name)) for code, name in get_content_languages().items()]


class DateInput(forms.DateInput):
    """The browser's own date picker (keyboard and screen-reader friendly), ISO values."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """Validates a custom range: both dates, in order, not longer than three years."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("period")
        known = {str(value) for value, _label in getattr(field, "choices", [])}
        if self.is_bound and field is not None and self.data.get("period", "") not in known - {""}:
            # Show the period the report really covers (not the first option), also
            # for an address with an unknown period; equal to the field's initial,
            # so Wagtail shows no filter chip for it.
            data = self.data.copy()
            data["period"] = str(DEFAULT_PERIOD)
            self.data = data

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "period" in self.fields and not data.get("period"):
            # No choice is the default choice (and not an active filter chip).
            data["period"] = str(DEFAULT_PERIOD)
        if data.get("period") == "custom":
            since, until = data.get("since"), data.get("until")
            if not since or not until:
                raise forms.ValidationError(_("Give both a start and an end date for a custom range."))
            if since > until:
                raise forms.ValidationError(_("The start date must be on or before the end date."))
            if (until - since).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Choose a range of at most three years."))
        return data


def period_from(data: dict[str, Any] | None) -> Period:
    """The period chosen in validated filter data; the default when absent or invalid."""
    data = data or {}
    choice = data.get("period") or str(DEFAULT_PERIOD)
    if choice == "custom" and data.get("since") and data.get("until"):
        return Period(data["since"], data["until"])
    days = int(choice) if choice.isdigit() and int(choice) in PERIODS else DEFAULT_PERIOD
    return Period.last(days)


def section_queryset(request: HttpRequest) -> QuerySet[Page]:
    # Site roots and their direct children: the sections editors think in.
    return Page.objects.filter(depth__in=[2, 3]).order_by("path")


def form_queryset(request: HttpRequest) -> QuerySet[FeedbackForm]:
    # One entry per form: the version in the default locale, or any if missing.
    default = Locale.get_default()
    return FeedbackForm.objects.filter(
        Q(locale=default)
        | ~Q(translation_key__in=FeedbackForm.objects.filter(locale=default).values("translation_key"))
    ).order_by("title")


class SectionChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: Page) -> str:
        return "— " * max(obj.depth - 2, 0) + obj.get_admin_display_title()


class SectionFilter(django_filters.ModelChoiceFilter):
    field_class = SectionChoiceField


class SiteReportFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Period"), choices=PERIOD_CHOICES, empty_label=None, method="keep", initial=str(DEFAULT_PERIOD)
    )
    since = django_filters.DateFilter(label=_("From (custom range)"), widget=DateInput, method="keep")
    until = django_filters.DateFilter(label=_("To (custom range)"), widget=DateInput, method="keep")
    section = SectionFilter(label=_("Site section"), queryset=section_queryset, method="filter_section")
    language = django_filters.ChoiceFilter(label=_("Language"), choices=language_choices, method="filter_language")
    # Not "form": a control named "form" shadows HTMLFormElement.form in the
    # admin's filter script ("Failed to construct 'FormData'"), and nothing is sent.
    feedback_form = django_filters.ModelChoiceFilter(label=_("Form"), queryset=form_queryset, method="filter_form")
    view = django_filters.ChoiceFilter(label=_("Language versions"), choices=VIEW_CHOICES, method="keep")

    class Meta:
        model = PageDayRollup
        fields: list[str] = []
        form = PeriodForm

    def keep(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset  # read by the view, not a WHERE clause

    def filter_section(self, queryset: QuerySet, name: str, value: Page) -> QuerySet:
        subtree = Page.objects.descendant_of(value, inclusive=True).values("id")
        return queryset.filter(page_id__in=subtree)

    def filter_language(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(language_code=value)

    def filter_form(self, queryset: QuerySet, name: str, value: FeedbackForm) -> QuerySet:
        return queryset.filter(form_translation_key=value.translation_key)


def restrict_to_user(queryset: QuerySet, user: Any, field: str = "page_id") -> QuerySet:
    pages = pages_user_can_view_feedback(user)
    if pages is None:
        return queryset
    return queryset.filter(**{f"{field}__in": pages.values("id")})


@dataclass
class ReportRow:
    key: Any
    page: Page | None
    page_id: int
    title: str
    responses: int
    yes: int
    no: int
    helpful_share: float | None
    previous: int
    last_submitted_at: datetime.datetime | None
    report_url: str = ""

    @property
    def helpful_display(self) -> str:
        return percent(self.helpful_share)

    @property
    def change(self) -> float | None:
        return change(self.responses, self.previous)

    @property
    def change_display(self) -> str:
        value = self.change
        if value is None:
            return str(_("new")) if self.responses else "–"
        return f"{round(value * 100):+d} %"


class PageRowPaginator(WagtailPaginator):
    """Counts the report's rows as pages ("8 sidor"), not as rollup rows."""

    @cached_property
    def items_count_label(self) -> str:
        return ngettext("%(count)s page", "%(count)s pages", self.count) % {"count": self.count}


class SiteReportView(SanitisedSpreadsheetMixin, ReportView):
    """One row per page with feedback in the period, least helpful first."""

    template_name = "feedback/admin/site_report.html"
    results_template_name = "feedback/admin/site_report_results.html"
    page_title = _("Page feedback")
    header_icon = "feedback-chart"
    filterset_class = SiteReportFilterSet
    index_url_name = "feedback_admin:site_report"
    index_results_url_name = "feedback_admin:site_report_results"
    paginate_by = 50
    paginator_class = PageRowPaginator
    export_filename = "page-feedback"
    list_export = ["title", "page_id", "responses", "yes", "no", "helpful_share", "previous", "last_submitted_at"]
    export_headings = {
        "title": _("Page"),
        "page_id": _("Page id"),
        "responses": _("Responses"),
        "yes": _("Helpful"),
        "no": _("Not helpful"),
        "helpful_share": _("Helpful share"),
        "previous": _("Responses in the previous period"),
        "last_submitted_at": _("Last response"),
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_can_view_any_feedback(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def filter_data(self) -> dict[str, Any]:
        """The valid filters: a bad range (an error above the table) leaves the other choices in force."""
        if self.filters is None:
            return {}
        if self.filters.is_valid():
            return self.filters.form.cleaned_data
        return {k: v for k, v in self.filters.form.cleaned_data.items() if k not in ("period", "since", "until")}

    @property
    def period(self) -> Period:
        return period_from(self.filter_data)

    @property
    def merge(self) -> bool:
        return self.filter_data.get("view") == "merged"

    def get_filtered_queryset(self) -> QuerySet:
        rollups = restrict_to_user(PageDayRollup.objects.all(), self.request.user)
        if self.filters is not None:
            self.filters.is_valid()
            rollups = self.filters.filter_queryset(rollups)  # the filters without errors
        return page_rows(rollups, self.period, merge=self.merge)

    def decorate_paginated_queryset(self, object_list: Any) -> list[ReportRow]:
        rows = list(object_list)
        if self.merge:
            pages = Page.objects.filter(translation_key__in=[r["key"] for r in rows]).order_by("id")
            by_key: dict[Any, Page] = {}
            for page in pages:
                by_key.setdefault(page.translation_key, page)
            page_for = {r["key"]: by_key.get(r["key"]) for r in rows}
        else:
            pages = Page.objects.in_bulk([r["key"] for r in rows])
            page_for = {r["key"]: pages.get(r["key"]) for r in rows}
        result = []
        for r in rows:
            page = page_for[r["key"]]
            url = ""
            if page is not None:
                url = reverse("feedback_admin:page_report", args=[page.pk])
                params = self.request.GET.copy()
                for name in ("p", "export", "section", "_w_filter_fragment"):
                    params.pop(name, None)
                if self.merge:
                    params["merge"] = "1"
                if params:
                    url += "?" + params.urlencode()
            result.append(
                ReportRow(
                    key=r["key"],
                    page=page,
                    page_id=page.pk if page else r["any_page_id"],
                    title=page.get_admin_display_title() if page else str(_("Deleted page")),
                    responses=r["response_count"],
                    yes=r["yes"],
                    no=r["no"],
                    helpful_share=r["helpful_share"],
                    previous=r["previous_count"],
                    last_submitted_at=r["last_submitted_at"],
                    report_url=url,
                )
            )
        return result

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        period = self.period
        context.update(
            period=period,
            merge=self.merge,
            can_export=user_can_export(self.request.user, None),
            export_params=export_params(self.filter_data, period, merge=self.merge),
            trend_query=_query_without(self.request, "p", "export", "_w_filter_fragment"),
        )
        return context


def export_params(data: dict[str, Any], period: Period, *, merge: bool) -> dict[str, str]:
    """Hidden fields of the "Download Excel" form: the report's current filters."""
    params = {"since": period.start.isoformat(), "until": period.end.isoformat()}
    if data.get("feedback_form"):
        params["form"] = str(data["feedback_form"].pk)
    params["include_translations"] = "1" if merge else ""
    return params


class PageReportView:
    """Totals, the helpful share per week, one summary per question and the comments."""

    comments_per_page = 20

    @classmethod
    def as_view(cls) -> Any:
        def view(request: HttpRequest, page_id: int) -> HttpResponse:
            return cls().get(request, page_id)

        return view

    def get(self, request: HttpRequest, page_id: int) -> HttpResponse:
        if not user_can_view_any_feedback(request.user):
            return forbidden(request)
        page = get_page_for_user(request, page_id)
        form = PageReportForm(request.GET or None)
        data: dict[str, Any] = {}
        if form.is_bound and not form.is_valid():
            # A bad range is shown as an error above the filters; the other
            # choices (language, merge, status, search) still apply.
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("period", "since", "until")}
        elif form.is_bound:
            data = form.cleaned_data
        period = period_from(data)
        merge = bool(data.get("merge"))
        language = data.get("language") or ""
        page_ids = report_page_ids(request.user, page, merge)

        rollups = PageDayRollup.objects.filter(page_id__in=page_ids, day__gte=period.start, day__lte=period.end)
        if language:
            rollups = rollups.filter(language_code=language)
        page_totals = totals(rollups)
        previous_totals = totals(
            PageDayRollup.objects.filter(
                page_id__in=page_ids, day__gte=period.previous.start, day__lte=period.previous.end
            ).filter(**({"language_code": language} if language else {}))
        )
        weeks = weekly(rollups)
        shares = [(monday, w.helpful_share if w else None) for monday, w in all_weeks(weeks, period)]
        week_points = [charts.Point(monday.strftime("%d/%m"), share, percent(share)) for monday, share in shares]
        edits, markers, comparison = edits_in(request, page, page_ids, period, shares[0][0] if shares else None)
        form_summaries = summaries_for_pages(
            page_ids, period, language_code=language, preferred_locale_id=page.locale_id
        )
        summary_blocks = []
        for block in form_summaries:
            items = []
            for summary in block.summaries:
                points = [charts.Point(r.label, r.share, f"{r.count} ({percent(r.share)})") for r in summary.rows]
                chart = charts.horizontal_bars(points, str(summary.label), max_value=1) if points else ""
                items.append({"summary": summary, "chart": chart})
            summary_blocks.append({"form": block.form, "items": items})

        comments = comments_queryset(page_ids, period, language, data.get("status") or "", data.get("q") or "")
        paginator = Paginator(comments, self.comments_per_page)
        comments_page = paginator.get_page(request.GET.get("p"))
        labels = question_labels(comments_page.object_list)

        context = {
            "page_title": _("Feedback: %(title)s") % {"title": page.get_admin_display_title()},
            "header_icon": "feedback-chart",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": reverse("feedback_admin:site_report"), "label": _("Page feedback")},
                {"url": "", "label": page.get_admin_display_title()},
            ],
            "page": page,
            "filter_form": form,
            "period": period,
            "merge": merge,
            "totals": page_totals,
            "helpful_display": percent(page_totals.helpful_share),
            "change_display": _change_display(page_totals.responses, previous_totals.responses),
            "response_rate_display": impressions.responses_per_thousand(
                page_totals.responses, impressions.impressions_for(page_ids, period.start, period.end, language)
            ),
            "weeks": [(w, percent(w.helpful_share)) for w in weeks],
            "has_helpful": any(w.helpful_share is not None for w in weeks),
            "weekly_chart": charts.columns(week_points, str(_("Helpful share per week")), max_value=1, markers=markers)
            if week_points
            else "",
            "edits": edits,
            "comparison": comparison,
            "summary_blocks": summary_blocks,
            "comments_page": comments_page,
            "comment_rows": [(a, labels.get(a.question_key, a.question_key)) for a in comments_page.object_list],
            "query_without_page": _query_without(request, "p"),
            "can_export": user_can_export(request.user, page),
            "can_moderate": user_can_moderate(request.user, page),
            "can_erase": user_can_erase(request.user, page),
            "can_edit_page": page.permissions_for_user(request.user).can_edit(),
            "export_params": {
                "since": period.start.isoformat(),
                "until": period.end.isoformat(),
                "include_translations": "1" if merge else "",
            },
            "status_choices": Response.Status.choices,
        }
        return render(request, "feedback/admin/page_report.html", context)


def _change_display(current: int, previous: int) -> str:
    value = change(current, previous)
    if value is None:
        return "–"
    return f"{round(value * 100):+d} %"


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


class PageReportForm(PeriodForm):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False, initial=str(DEFAULT_PERIOD))
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)
    language = forms.ChoiceField(label=_("Language"), required=False)
    merge = forms.BooleanField(label=_("Merge language versions"), required=False)
    status = forms.ChoiceField(label=_("Comment status"), required=False)
    q = forms.CharField(label=_("Search comments"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages")), *language_choices()]
        self.fields["status"].choices = [("", _("Any status")), *Response.Status.choices]


def report_page_ids(user: Any, page: Page, merge: bool) -> list[int]:
    """The page, or with ``merge`` every language version the user may see.

    Translations are found through the rollups too, so a deleted language
    version still counts for users who see all pages.
    """
    if not merge:
        return [page.pk]
    ids = set(
        PageDayRollup.objects.filter(page_translation_key=page.translation_key)
        .values_list("page_id", flat=True)
        .distinct()
        .order_by()
    )
    ids |= set(Page.objects.filter(translation_key=page.translation_key).values_list("id", flat=True))
    allowed = pages_user_can_view_feedback(user)
    if allowed is not None:
        ids &= set(allowed.filter(id__in=ids).values_list("id", flat=True))
    ids.add(page.pk)
    return sorted(ids)


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


def question_labels(answers: Any) -> dict[str, str]:
    """Labels of the questions behind the listed answers (one query)."""
    from feedback.models import Question

    ids = {a.question_id for a in answers if a.question_id}
    return {q.key: q.label for q in Question.objects.filter(id__in=ids)}
