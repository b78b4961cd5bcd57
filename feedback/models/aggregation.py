"""Where the aggregate job stopped, per page: the watermark of the rollups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AggregationState(models.Model):
    """The highest Response id already counted into a page's rollups.

    The aggregate job locks this row while it recomputes the page's days, so
    two jobs for the same page never interleave. ``page_id`` 0 holds the
    watermark of the scheduled catch-up across all pages.
    """

    page_id = models.PositiveIntegerField(unique=True)
    last_response_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aggregation state")

    def __str__(self) -> str:
        return f"page {self.page_id}: up to response {self.last_response_id}"
