"""Site settings: where the default "Was this helpful?" form appears."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page


@register_setting(icon="help")
class FeedbackSettings(BaseSiteSetting):
    show_default_form = models.BooleanField(
        _("show the default feedback form"),
        default=True,
        help_text=_("Place the default “Was this helpful?” form at the end of pages of the types below."),
    )
    page_types = models.ManyToManyField(
        ContentType,
        blank=True,
        related_name="+",
        verbose_name=_("page types"),
        help_text=_("Empty: every page type that supports feedback."),
    )

    panels = [FieldPanel("show_default_form"), FieldPanel("page_types")]

    class Meta:
        verbose_name = _("feedback settings")

    def shows_default_form_on(self, page: Page) -> bool:
        if not self.show_default_form:
            return False
        if not self.pk:
            return True
        allowed = {ct.pk for ct in self.page_types.all()}
        return not allowed or page.content_type_id in allowed
