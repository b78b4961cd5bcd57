"""The reports' filters: the period (last 7/30/90 days or a custom range) and
the choices of the site report's filter drawer and the page report's form."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page

from feedback.models import FeedbackForm, PageDayRollup, Response
from feedback.reporting.queries import DEFAULT_PERIOD, PERIODS, Period

MAX_RANGE_DAYS = 3 * 366
RANGE_FIELDS = ("period", "since", "until")

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
            data = QueryDict(mutable=True)
            data.update(self.data)
            data["period"] = str(DEFAULT_PERIOD)
            self.data = data

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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


def valid_choices(form: forms.Form) -> dict[str, Any]:
    """The choices that apply: a bad range (shown as an error above the report)
    leaves the default period and the user's other choices in force."""
    if not form.is_bound:
        return {}
    if form.is_valid():
        return form.cleaned_data
    return {k: v for k, v in form.cleaned_data.items() if k not in RANGE_FIELDS}


def period_from(data: dict[str, Any]) -> Period:
    """The period chosen in validated filter data; the default when absent or invalid."""
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
    """The site report's filter drawer (and its trend export's filters)."""

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


class PageReportForm(PeriodForm):
    """The page report's choices: the period and languages above, the comment filters below."""

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False, initial=str(DEFAULT_PERIOD))
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=lambda: [("", _("All languages")), *language_choices()]
    )
    merge = forms.BooleanField(label=_("Merge language versions"), required=False)
    status = forms.ChoiceField(
        label=_("Comment status"), required=False, choices=[("", _("Any status")), *Response.Status.choices]
    )
    q = forms.CharField(label=_("Search comments"), required=False, max_length=200)


def export_params(period: Period, *, merge: bool, feedback_form: FeedbackForm | None = None) -> dict[str, str]:
    """Hidden fields of a report's "Download Excel" form: what the report shows."""
    params = {"since": period.start.isoformat(), "until": period.end.isoformat()}
    if feedback_form is not None:
        params["form"] = str(feedback_form.pk)
    params["include_translations"] = "1" if merge else ""
    return params
