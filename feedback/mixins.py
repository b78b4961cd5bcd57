"""The page mixin that puts the default feedback form at the end of a page."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from feedback.admin.panels import FeedbackFallbackPanel


class FeedbackPageMixin(models.Model):
    """Add to a page model to show the site's default feedback form at the end
    of its pages (see Settings → Feedback settings), with a per-page switch."""

    show_feedback = models.BooleanField(
        _("show the feedback form"),
        default=True,
        help_text=_(
            "Show the site's default “Was this helpful?” form at the end of this page. "
            "A page that places a feedback form in its body does not get it."
        ),
    )

    feedback_panels = [FieldPanel("show_feedback"), FeedbackFallbackPanel()]

    class Meta:
        abstract = True

    def shows_default_feedback(self, request: HttpRequest | None = None) -> bool:
        return default_feedback_shown(self, request)


def default_feedback_shown(page: Page, request: HttpRequest | None = None) -> bool:
    """Whether ``page`` ends with the site's default form: any page model, the
    mixin only adds the per-page switch."""
    # Page models import this module while the app registry loads; models wait until called.
    from feedback.models.settings import FeedbackSettings
    from feedback.public.placement import places_feedback_block

    if not getattr(page, "show_feedback", True):
        return False
    if places_feedback_block(page):
        return False  # one form per page: the editor placed theirs
    site = page.get_site()
    if site is None:
        return False
    return FeedbackSettings.for_site(site).shows_default_form_on(page)
