"""Follow a section (a page and its subpages) from its page report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from feedback.admin.views.common import get_page_for_user, signed_in_user
from feedback.models import FeedbackSubscription


@require_POST
def follow_page(request: HttpRequest, page_id: int) -> HttpResponse:
    """(Un)follow for oneself: no more than seeing the page's feedback is needed."""
    page = get_page_for_user(request, page_id).specific_deferred
    title = page.get_admin_display_title()
    user = signed_in_user(request)
    if request.POST.get("follow") == "1":
        FeedbackSubscription.objects.get_or_create(user=user, page=page)
        messages.success(request, _("You follow “%(title)s” and its subpages.") % {"title": title})
    else:
        FeedbackSubscription.objects.filter(user=user, page=page).delete()
        messages.success(request, _("You no longer follow “%(title)s”.") % {"title": title})
    return redirect(reverse("feedback_admin:page_report", args=[page.pk]))
