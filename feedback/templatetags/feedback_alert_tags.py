"""The open-alerts banner of a page report (``{% feedback_alerts_banner page %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from feedback.alerts import describe
from feedback.models import FeedbackAlert

register = template.Library()


@register.inclusion_tag("feedback/admin/includes/alerts_banner.html")
def feedback_alerts_banner(page: Any) -> dict[str, Any]:
    """Open alerts of ``page`` or, when language versions are judged together, of its translations."""
    alerts = FeedbackAlert.objects.filter(closed_on__isnull=True).filter(
        Q(page_id=page.pk) | Q(page_translation_key=page.translation_key, language_code="")
    )
    return {"alerts": [{"alert": a, "text": describe(a)} for a in alerts.order_by("-opened_on", "-pk")]}
