"""How often a page's widget was seen: the denominator of the response rate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageDayImpressions(models.Model):
    """Widget impressions of one page on one day (counted in Redis, flushed here by the worker)."""

    page_id = models.PositiveIntegerField()
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily widget impressions")
        verbose_name_plural = _("daily widget impressions")
        constraints = [models.UniqueConstraint(fields=["page_id", "day"], name="feedback_impressions_unique")]
