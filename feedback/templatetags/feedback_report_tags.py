"""Parts of a page report: the open-alerts banner and the follow button."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from feedback.models import FeedbackAlert
from feedback.workers.alerts import describe
from feedback.workers.subscriptions import is_subscribed

register = template.Library()


@register.inclusion_tag("feedback/admin/includes/alerts_banner.html")
def feedback_alerts_banner(page: Any) -> dict[str, Any]:
    """Open alerts of ``page`` or, when language versions are judged together, of its translations."""
    alerts = FeedbackAlert.objects.filter(closed_on__isnull=True).filter(
        Q(page_id=page.pk) | Q(page_translation_key=page.translation_key, language_code="")
    )
    return {"alerts": [{"alert": a, "text": describe(a)} for a in alerts.order_by("-opened_on", "-pk")]}


@register.inclusion_tag("feedback/admin/includes/follow_button.html", takes_context=True)
def feedback_follow_button(context: dict[str, Any], page: Any) -> dict[str, Any]:
    """Follow (or stop following) ``page`` and its subpages in the weekly digest and alert e-mails."""
    request = context["request"]
    return {"page": page, "following": is_subscribed(request.user, page), "request": request}
