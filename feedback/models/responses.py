"""What visitors sent: one Response per submission, one Answer per value."""

from __future__ import annotations

from typing import TYPE_CHECKING

import swapper
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.fields import page_link

if TYPE_CHECKING:
    from feedback.models.forms import Question
    from feedback.question_types.base import StoredValue

swapper.set_app_prefix("wagtailcore", "wagtail")


class Response(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        HANDLED = "handled", _("Handled")
        SPAM = "spam", _("Spam")

    # The page may be deleted later: its id, path, title and translation key
    # are copied so that nothing is lost and language versions still merge.
    page = page_link()
    source_page_id = models.PositiveIntegerField(_("page id"))
    page_path = models.CharField(_("page path"), max_length=255, blank=True)
    page_url = models.CharField(_("page URL"), max_length=500, blank=True)
    page_title = models.CharField(_("page title"), max_length=255, blank=True)
    page_translation_key = models.UUIDField(_("page translation key"))
    language_code = models.CharField(_("language"), max_length=20)
    form = models.ForeignKey(
        "feedback.FeedbackForm", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    form_translation_key = models.UUIDField(_("form translation key"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # Keyed hash with a daily rotating secret; never an IP or user agent.
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")
        indexes = [
            models.Index(fields=["source_page_id", "submitted_at"], name="feedback_resp_page_time"),
            models.Index(fields=["page_translation_key", "submitted_at"], name="feedback_resp_pagekey_time"),
            models.Index(fields=["form_translation_key", "submitted_at"], name="feedback_resp_form_time"),
            models.Index(fields=["submitted_at"], name="feedback_resp_time"),
        ]

    def __str__(self) -> str:
        return f"{self.page_title} ({self.submitted_at:%Y-%m-%d %H:%M})"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # The question may be edited or deleted later: its key and type are copied.
    question = models.ForeignKey(
        "feedback.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question_key = models.SlugField(max_length=50)
    question_type = models.CharField(max_length=50)
    number = models.IntegerField(null=True, blank=True)
    choice = models.CharField(max_length=100, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question_key", "choice", "number"], name="feedback_answer_value")]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.choice or self.number or self.text[:40]}"

    @classmethod
    def from_stored(cls, response: Response, question: Question, value: StoredValue) -> Answer:
        """An unsaved answer row for one stored value of ``question`` (for ``bulk_create``)."""
        return cls(
            response=response,
            question=question,
            question_key=question.key,
            question_type=question.type,
            number=value.number,
            choice=value.choice,
            text=value.text,
        )
