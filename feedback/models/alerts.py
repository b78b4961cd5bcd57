"""Alerts: a page that got worse, stored with the numbers that raised it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FeedbackAlert(models.Model):
    """One episode of a signal on one page (or one page's language versions).

    Raised once when the signal appears (``opened_on``), refreshed while it
    lasts (``last_seen_on``, ``numbers``) and closed when it ends
    (``closed_on``); at most one open alert per page and kind.
    """

    class Kind(models.TextChoices):
        HELPFULNESS_DROP = "helpfulness_drop", _("Helpfulness dropped")
        COMMENT_SPIKE = "comment_spike", _("More comments than usual")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    page_id = models.PositiveIntegerField(_("page id"))
    page_translation_key = models.UUIDField(_("page translation key"), null=True, blank=True)
    # Empty when the page's language versions are counted together.
    language_code = models.CharField(_("language"), max_length=20, blank=True)
    opened_on = models.DateField(_("opened on"))
    last_seen_on = models.DateField(_("last seen on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # before/after rates and counts, the test statistic: what a reader needs to judge it.
    numbers = models.JSONField(_("numbers"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback alert")
        verbose_name_plural = _("feedback alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "page_id", "language_code"],
                condition=Q(closed_on__isnull=True),
                name="feedback_alert_one_open",
            )
        ]
        indexes = [models.Index(fields=["page_id", "closed_on"], name="feedback_alert_page")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.page_id} ({self.opened_on})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
