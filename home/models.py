"""Page types of the demo site: a home page and content pages.

They use the feedback engine the way any Wagtail site would: the page mixin
adds the "show the default feedback form" switch and the body offers the
feedback block next to ordinary content blocks.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from feedback.blocks import FeedbackBlock
from feedback.mixins import FeedbackPageMixin
from home.blocks import content_blocks


def body_blocks() -> list:
    """Content blocks plus the engine's block to place a chosen form anywhere."""
    return [*content_blocks(), ("feedback", FeedbackBlock())]


# The feedback switch sits next to the content it ends, not on the promote tab.
CONTENT_PANELS = [
    *Page.content_panels,
    FieldPanel("intro"),
    FieldPanel("body"),
    MultiFieldPanel(FeedbackPageMixin.feedback_panels, heading=_("Feedback")),
]


class HomePage(FeedbackPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), blank=True, verbose_name=_("body"))

    content_panels = CONTENT_PANELS
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    # One home page per language, each directly below the tree root.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class ContentPage(FeedbackPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), blank=True, verbose_name=_("body"))

    content_panels = CONTENT_PANELS
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
