"""Follow a section (a page and its subpages) from its page report."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import Page

from feedback.admin.permissions import user_can_view_page_feedback
from feedback.models import FeedbackSubscription


@require_POST
def follow_page(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific_deferred
    if not user_can_view_page_feedback(request.user, page):
        raise Http404
    title = page.get_admin_display_title()
    if request.POST.get("follow") == "1":
        FeedbackSubscription.objects.get_or_create(user=request.user, page=page)
        messages.success(request, _("You follow “%(title)s” and its subpages.") % {"title": title})
    else:
        FeedbackSubscription.objects.filter(user=request.user, page=page).delete()
        messages.success(request, _("You no longer follow “%(title)s”.") % {"title": title})
    return redirect(reverse("feedback_admin:page_report", args=[page.pk]))
