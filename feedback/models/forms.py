"""Feedback forms and their questions: translatable snippets."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Locale, Orderable, PreviewableMixin, TranslatableMixin
from wagtail.search import index

from feedback import conditions
from feedback.admin.panels import FeedbackFormAdminForm, QuestionOptionsPanel, QuestionsPanel, QuestionTypePanel
from feedback.fields import QuestionOptionsField, translatable_fields
from feedback.question_types import question_type_choices, registry

if TYPE_CHECKING:
    from feedback.question_types import QuestionType


class FeedbackForm(TranslatableMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    title = models.CharField(_("title"), max_length=255, help_text=_("Shown to visitors as the form's heading."))
    intro = models.TextField(_("introduction"), blank=True)
    thank_you_text = models.CharField(
        _("thank-you text"),
        max_length=500,
        default="",
        help_text=_("Shown in place of the form after sending, e.g. “Thank you for your answer!”."),
    )
    privacy_notice = models.CharField(
        _("privacy notice"),
        max_length=500,
        blank=True,
        help_text=_("Shown above the send button, e.g. a reminder not to write personal details."),
    )
    submit_label = models.CharField(_("send button label"), max_length=60, blank=True)
    is_default = models.BooleanField(
        _("default “Was this helpful?” form"),
        default=False,
        help_text=_("Placed at the end of pages that show the default feedback form."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep free text for (days)"),
        null=True,
        blank=True,
        help_text=_("Free-text answers older than this are removed; counts are kept. Empty: the site's default."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        QuestionsPanel("questions", heading=_("Questions"), label=_("Question")),
        FieldPanel("thank_you_text"),
        FieldPanel("privacy_notice"),
        FieldPanel("submit_label"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("is_default"), FieldPanel("retention_days")])], heading=_("Settings")
        ),
    ]

    base_form_class = FeedbackFormAdminForm

    override_translatable_fields = translatable_fields(
        synchronized=["is_default", "retention_days"], translatable=["questions"]
    )

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("feedback form")
        verbose_name_plural = _("feedback forms")
        permissions = [
            ("view_feedback_reports", _("Can view feedback reports")),
            ("export_feedback", _("Can export feedback")),
            ("moderate_feedback", _("Can moderate feedback")),
            ("erase_feedback", _("Can erase feedback responses")),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def get_default(cls, locale: Locale | None = None) -> FeedbackForm | None:
        """The default form in ``locale`` (falling back to any locale)."""
        forms = cls.objects.filter(is_default=True).select_related("locale")
        if locale is not None:
            return forms.filter(locale=locale).first() or forms.first()
        return forms.first()

    def thank_you_message(self) -> str:
        """What the widget says after sending: the editor's text or the default."""
        return self.thank_you_text or str(_("Thank you for your answer!"))

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "feedback/form_preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        return {**super().get_preview_context(request, mode_name), "feedback_form": self}

    def clean(self) -> None:
        super().clean()
        if self.is_default:
            others = FeedbackForm.objects.filter(is_default=True, locale_id=self.locale_id)
            others = others.exclude(translation_key=self.translation_key)
            if self.locale_id and others.exists():
                raise ValidationError({"is_default": _("Another form is already the default form.")})


class Question(TranslatableMixin, Orderable):
    form = ParentalKey(FeedbackForm, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("Stable identifier used in exports and the API. Keep it when the wording changes."),
    )
    type = models.CharField(_("question type"), max_length=50, choices=question_type_choices)
    label = models.CharField(_("question"), max_length=255)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    required = models.BooleanField(_("required"), default=False)
    options = QuestionOptionsField(_("options"), default=dict, blank=True)
    condition_key = models.SlugField(
        _("show only when question"),
        max_length=50,
        blank=True,
        help_text=_("An earlier question whose answer decides whether this one is shown."),
    )
    condition_operator = models.CharField(
        _("answer"), max_length=3, choices=conditions.OPERATOR_CHOICES, default=conditions.ONE_OF
    )
    condition_value = models.CharField(
        _("value"),
        max_length=255,
        blank=True,
        help_text=_("Answer keys separated by commas (e.g. “no”), or a number for “at most” and “at least”."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("key")]),
        QuestionTypePanel("type"),
        QuestionOptionsPanel(),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldRowPanel(
            [FieldPanel("condition_key"), FieldPanel("condition_operator"), FieldPanel("condition_value")],
            heading=_("Condition"),
        ),
    ]

    override_translatable_fields = translatable_fields(
        synchronized=["key", "condition_key", "condition_operator", "condition_value", "required"]
    )

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="feedback_question_unique_key_per_form"),
        ]

    def __str__(self) -> str:
        return self.label

    @cached_property
    def question_type(self) -> QuestionType:
        """The bound plugin; raises UnknownQuestionType if it is gone."""
        return registry.get(self.type)(self)

    @property
    def is_conditional(self) -> bool:
        return bool(self.condition_key)
