"""Who follows which site section (a page and everything below it)."""

import swapper
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackSubscription(models.Model):
    """``user`` gets the weekly digest and alert e-mails for ``page``'s subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(swapper.get_model_name("wagtailcore", "Page"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback subscription")
        verbose_name_plural = _("feedback subscriptions")
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="feedback_subscription_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.page_id}"
