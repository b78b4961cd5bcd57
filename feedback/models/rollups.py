"""Daily counts, written only by the aggregate job and read by reports.

Each row is recomputed from the source rows for one page and day and
replaced as a whole, so repeating a job never double-counts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageDayRollup(models.Model):
    """Responses per page, language, form and day, with the helpful counts."""

    page_id = models.PositiveIntegerField()
    page_translation_key = models.UUIDField()
    language_code = models.CharField(max_length=20)
    form_translation_key = models.UUIDField()
    day = models.DateField()
    responses = models.PositiveIntegerField(default=0)
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_no = models.PositiveIntegerField(default=0)
    last_submitted_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("daily page rollup")
        verbose_name_plural = _("daily page rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["page_id", "language_code", "form_translation_key", "day"], name="feedback_pageday_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["day", "page_id"], name="feedback_pageday_day"),
            models.Index(fields=["page_translation_key", "day"], name="feedback_pageday_key_day"),
        ]


class AnswerRollup(models.Model):
    """Answers per page, language, form, day, question and value.

    ``value`` is the choice key or the number as text; the row with value
    ``"*"`` counts the responses that answered the question at all (several
    answer rows of one response, as in multiple choice, count once).
    """

    ANSWERED = "*"

    page_id = models.PositiveIntegerField()
    language_code = models.CharField(max_length=20)
    form_translation_key = models.UUIDField()
    day = models.DateField()
    question_key = models.SlugField(max_length=50)
    value = models.CharField(max_length=100)
    choice = models.CharField(max_length=100, blank=True)
    number = models.IntegerField(null=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily answer rollup")
        verbose_name_plural = _("daily answer rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["page_id", "language_code", "form_translation_key", "day", "question_key", "value"],
                name="feedback_answerday_unique",
            ),
        ]
        indexes = [models.Index(fields=["page_id", "day"], name="feedback_answerday_page_day")]
